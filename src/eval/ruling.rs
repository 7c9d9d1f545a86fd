//! Rulings as data: the status a purpose reaches for a person and a year, and every reason
//! behind it — what each activity credited and under which rule, what was rejected and why,
//! which exemptions applied, each requirement with its values. Text, JSON, CSV and the
//! explanations are renderings of this data (see `crate::render`).

use crate::number::Number;
use crate::policy::expr::Value;
use crate::policy::{CategoryId, EvidenceId, KindId, PurposeId};

/// The ruling of one purpose for one person and one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Ruling {
    /// The purpose.
    pub purpose: PurposeId,
    /// `Y`, the year the ruling is asked for.
    pub judged_year: i32,
    /// The index of the status rule that decided, in the purpose's statuses.
    pub status: usize,
    /// The first and last years of the purpose's window (the last before the first when
    /// the window is empty).
    pub window: (i32, i32),
    /// The years the purpose examined, in order.
    pub years: Vec<YearRuling>,
    /// How each activity of the record fared, in record order.
    pub activities: Vec<ActivityOutcome>,
    /// How each exemption of the record fared, in record order.
    pub exemptions: Vec<ExemptionOutcome>,
}

impl Ruling {
    /// The years whose requirements are not all met but whose shortfall (the policy's own
    /// `shortfall` rule) gives nothing to make up: the policy's shortfall and its
    /// requirements disagree for this record. A clerk would be told the person is short and
    /// has nothing to do.
    pub fn short_with_nothing_to_make_up(&self) -> impl Iterator<Item = i32> + '_ {
        self.years
            .iter()
            .filter(|y| y.status == YearStatus::Shortfall && y.shortfall <= Number::ZERO)
            .map(|y| y.year)
    }
}

/// The hours an activity gives each year: most give one year, a spread a few, so they are
/// held inline, without an allocation per activity.
pub type Parts = smallvec::SmallVec<[(i32, Number); 2]>;

/// How one activity fared (whatever year is judged).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityOutcome {
    /// Its kind.
    pub kind: KindId,
    /// The year it counts in (the first, for a spread).
    pub year: i32,
    /// The kind's `let` values for this activity.
    pub locals: Vec<Value>,
    /// The category its hours count as (the first of `counts as a, b`).
    pub category: CategoryId,
    /// The further categories its hours count in at the same time (`counts as a, b`),
    /// each once and without `category`; empty for most kinds.
    pub also: Vec<CategoryId>,
    /// The credit formula's value, before caps.
    pub formula: Number,
    /// The credit after caps.
    pub capped: Number,
    /// The cap that bound (its index in the kind's caps), if one did.
    pub cap: Option<usize>,
    /// The value of each cap, in order.
    pub cap_values: Vec<Number>,
    /// The hours each year receives: one part, or one per year of a spread.
    pub parts: Parts,
    /// The spread's yearly limit, when the kind spreads.
    pub spread_limit: Option<Number>,
    /// Hours a spread could not place (zero when the policy's caps fit the spread).
    pub unplaced: Number,
    /// Why it credits nothing; empty when it is credited.
    pub rejections: Vec<RejectionReason>,
    /// Whether its credit rules were evaluated. They are not when the activity counts only
    /// in years the ruling does not examine: then `parts` names those years with no hours.
    pub judged: bool,
}

impl ActivityOutcome {
    /// Every category its hours count in: `category`, then `also`.
    pub fn categories(&self) -> impl Iterator<Item = CategoryId> + '_ {
        std::iter::once(self.category).chain(self.also.iter().copied())
    }

    /// Whether the activity credits its hours.
    pub fn credited(&self) -> bool {
        self.rejections.is_empty()
    }

    /// The hours it gives `year` (zero when rejected or not attributed to that year).
    pub fn hours_in(&self, year: i32) -> Option<Number> {
        self.parts.iter().find(|(y, _)| *y == year).map(|(_, h)| *h)
    }

    /// The hours it gives the years of `judged` (a year, or a period of several), `None`
    /// when it gives none of them anything.
    pub fn hours_within(&self, judged: &YearRuling) -> Option<Number> {
        self.parts
            .iter()
            .filter(|(y, _)| (judged.year..=judged.through).contains(y))
            .map(|(_, h)| *h)
            .reduce(|a, b| a.checked_add(b).unwrap_or(a))
    }
}

/// Why an activity credits nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum RejectionReason {
    /// A `requires` rule is not met.
    Evidence {
        /// The rule's index in the kind's evidence rules.
        rule: usize,
        /// The evidence missing (for `one of`, all of the names: any one would do).
        missing: Vec<EvidenceId>,
    },
    /// A `reject when` rule holds.
    Rule {
        /// The rule's index in the kind's rejections.
        rule: usize,
    },
}

/// How one exemption fared.
#[derive(Debug, Clone, PartialEq)]
pub struct ExemptionOutcome {
    /// The years it covers (as the record states them).
    pub years: Vec<i32>,
    /// The `reject when` rule that holds, if any; the exemption applies when none does.
    pub rejected_by: Option<usize>,
}

impl ExemptionOutcome {
    /// Whether the exemption applies.
    pub fn applies(&self) -> bool {
        self.rejected_by.is_none()
    }
}

/// The verdict on one year, whatever the purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    /// An exemption covers the year.
    Exempt,
    /// Every requirement is met.
    Compliant,
    /// Some requirement is not met.
    Shortfall,
}

impl YearStatus {
    /// The status as output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            YearStatus::Exempt => "exempt",
            YearStatus::Compliant => "compliant",
            YearStatus::Shortfall => "shortfall",
        }
    }
}

/// One year examined by a purpose.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRuling {
    /// The year (the first year of a period, when the purpose judges periods).
    pub year: i32,
    /// The last year judged with it: `year` itself, unless the purpose judges periods of
    /// several years (`periods of 2 years`).
    pub through: i32,
    /// Exempt, compliant or short.
    pub status: YearStatus,
    /// The purpose's test of the year (`each year passes when`), when it has one.
    pub passes: Option<bool>,
    /// When the year does not pass the purpose's test, how many hours (or other units) it
    /// lacks to pass, if hours can make it pass.
    pub lacking: Option<Number>,
    /// All credited hours.
    pub total: Number,
    /// Credited hours by category.
    pub by_category: Vec<Number>,
    /// The year block's figures, in order.
    pub figures: Vec<Number>,
    /// Each requirement's two sides and whether it holds.
    pub requirements: Vec<RequirementOutcome>,
    /// Hours to make up (zero when exempt or compliant).
    pub shortfall: Number,
    /// Activities credited in this year, or period (index in the record, hours given this
    /// year, after any cut by their category's yearly cap), each once, in record order.
    pub credits: Vec<(usize, Number)>,
    /// The activities a category's yearly cap cut this year, in record order.
    pub cuts: Vec<CategoryCut>,
    /// Activities rejected that would have counted in this year.
    pub rejected: Vec<usize>,
    /// Exemptions (applied or rejected) that name this year.
    pub exemptions: Vec<usize>,
}

impl YearRuling {
    /// The years it judges as outputs name them: `2023`, or `2021–2022` for a period.
    pub fn label(&self) -> String {
        if self.through == self.year {
            self.year.to_string()
        } else {
            format!("{}–{}", self.year, self.through)
        }
    }
}

/// What a category's yearly cap (`at most 20 hours each year`) cut from one activity in
/// one year. The category counts its activities in record order: the first ones count in
/// full, the one that crosses the cap counts up to it, later ones count nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCut {
    /// The activity (its index in the record).
    pub activity: usize,
    /// The capped category that cut it (of an activity in several capped categories, the
    /// one with the least room left).
    pub category: CategoryId,
    /// The hours it would have given the year without the category's cap.
    pub before: Number,
    /// The hours the cap cut (`before` less what the year counts).
    pub cut: Number,
}

/// A requirement's values.
#[derive(Debug, Clone, PartialEq)]
pub struct RequirementOutcome {
    /// The left side (what the person has).
    pub lhs: Number,
    /// The right side (what the notice asks).
    pub rhs: Number,
    /// Whether the requirement holds.
    pub met: bool,
}
