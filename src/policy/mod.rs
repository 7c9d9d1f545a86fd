//! The compiled policy: what the checker produces from a policy file, and what records are
//! evaluated against. Every name is resolved to an index; every rule keeps the span it was
//! written at and the clause it cites, so that a ruling can explain itself.

pub mod expr;
pub(crate) mod names;
pub mod types;

pub use names::NameMap;

use crate::source::{SourceFile, Span};
use chrono::NaiveDate;
use expr::CExpr;
use std::sync::Arc;
use types::{Dim, EnumId, Ty, UnitInfo};

/// Index of a kind in [`Policy::kinds`].
pub type KindId = u16;
/// Index of a category in [`Policy::categories`].
pub type CategoryId = u16;
/// Index of an evidence name in [`Policy::evidence`].
pub type EvidenceId = u16;
/// Index of a purpose in [`Policy::purposes`].
pub type PurposeId = u16;

/// A checked, compiled policy.
#[derive(Debug)]
pub struct Policy {
    /// Name, version, dates, digest.
    pub info: PolicyInfo,
    /// The policy's text, for snippets that point at rules.
    pub source: Arc<SourceFile>,
    /// Units: [`types::DAY`] and [`types::YEAR`] first, then the declared ones.
    pub units: Vec<UnitInfo>,
    /// Named constants, with their values.
    pub constants: Vec<Constant>,
    /// Categories of hours.
    pub categories: Vec<Category>,
    /// Declared evidence names.
    pub evidence: Vec<String>,
    /// Evidence id by name.
    pub evidence_ids: NameMap<EvidenceId>,
    /// Enumeration types (`one of [...]`).
    pub enums: Vec<EnumType>,
    /// The person record's fields.
    pub person: Schema,
    /// Activity kinds.
    pub kinds: Vec<Kind>,
    /// Kind id by name.
    pub kind_ids: NameMap<KindId>,
    /// Exemption rules, if the policy has any.
    pub exemption: Option<Exemptions>,
    /// What a year's ruling adds up and requires.
    pub year: YearRules,
    /// Purposes a ruling can be asked for.
    pub purposes: Vec<Purpose>,
    /// Forms a ruling fills in.
    pub forms: Vec<Form>,
    /// The unit every credit is counted in.
    pub credit_dim: Dim,
}

/// The policy's header and identity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PolicyInfo {
    /// Name from the header.
    pub name: String,
    /// Title, if given.
    pub title: Option<String>,
    /// Version string.
    pub version: String,
    /// The date the policy takes effect.
    pub effective: NaiveDate,
    /// The document the policy encodes, if given.
    pub source: Option<String>,
    /// SHA-256 of the policy file's bytes, in hex.
    pub sha256: String,
}

/// A citation of the notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Cite {
    /// Clause reference: `§ 3.1`.
    pub clause: String,
    /// The sentence quoted.
    pub quote: Option<String>,
    /// Where the policy writes the citation.
    pub span: Span,
}

/// A text in the policy's language, with an optional English variant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    /// As the policy writes it.
    pub text: String,
    /// English, if given.
    pub en: Option<String>,
    /// Where the policy writes it (the text and its English version).
    pub span: Span,
}

/// Where a rule comes from: its span, the clause it cites and the reading it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// The rule's span in the policy.
    pub span: Span,
    /// Its citation, or the enclosing block's.
    pub cite: Option<Cite>,
    /// The reading it takes, if it says.
    pub reading: Option<Text>,
}

/// A rule: a compiled expression and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The expression.
    pub expr: CExpr,
    /// Span, citation, reading.
    pub origin: Origin,
}

/// A named constant.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    /// Its name.
    pub name: String,
    /// Its value and where it is declared.
    pub rule: Rule,
}

/// A category of hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Its name.
    pub name: String,
    /// Its label.
    pub label: Option<Text>,
    /// Where it is declared (its name), and the clause it cites and the reading it takes.
    pub origin: Origin,
    /// The most its credits count in one year (`at most 20 hours each year`), if capped.
    pub cap: Option<CategoryCap>,
}

/// A category's yearly cap: in each year the category's credits count up to `limit`; the
/// activities beyond it, in record order, are cut.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCap {
    /// The limit's value (a constant, in the credit's unit, above zero).
    pub limit: crate::number::Number,
    /// The limit as written, and the clause (`at most … each year`) with the category's
    /// citation and reading.
    pub rule: Rule,
}

/// An enumeration: the values a field may take.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumType {
    /// The values, in declaration order.
    pub values: Vec<String>,
    /// Index by value.
    pub index: NameMap<u16>,
}

/// The person field a ruling reports as its `id` when no field is marked `the id`.
pub const ID_FIELD: &str = "id";
/// The person field a ruling reports as its `name` when no field is marked `the name`.
pub const NAME_FIELD: &str = "name";

/// The fields of a record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// Fields in declaration order; a field's slot is its index.
    pub fields: Vec<Field>,
    /// Slot by key.
    pub slots: NameMap<u16>,
    /// The field marked `the id`, if one is.
    pub id_field: Option<String>,
    /// The field marked `the name`, if one is.
    pub name_field: Option<String>,
}

impl Schema {
    /// The key of the field a ruling's `id` comes from (and `explain --id` looks for): the
    /// one marked `the id`, or [`ID_FIELD`].
    pub fn id_key(&self) -> &str {
        self.id_field.as_deref().unwrap_or(ID_FIELD)
    }

    /// The key of the field a ruling's `name` comes from: the one marked `the name`, or
    /// [`NAME_FIELD`].
    pub fn name_key(&self) -> &str {
        self.name_field.as_deref().unwrap_or(NAME_FIELD)
    }
}

/// A declared field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key records use.
    pub name: String,
    /// Its type.
    pub ty: FieldType,
    /// Whether a record must give it.
    pub required: bool,
    /// Whether a text must not be blank (a list not empty).
    pub nonempty: bool,
    /// Smallest value allowed.
    pub at_least: Option<crate::number::Number>,
    /// Largest value allowed.
    pub at_most: Option<crate::number::Number>,
    /// Where the policy declares it.
    pub span: Span,
}

/// The type of a record field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// Text.
    Text,
    /// An 18-character resident ID with a valid GB 11643 check character.
    ResidentId,
    /// `true` or `false`.
    Bool,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A calendar year.
    Year,
    /// A number in a unit; `integer` when it must be whole.
    Number {
        /// Whole numbers only.
        integer: bool,
        /// Its unit.
        dim: Dim,
    },
    /// One of an enumeration's values.
    Enum(EnumId),
    /// A list.
    List(Box<FieldType>),
}

impl FieldType {
    /// The type a value of this field has in expressions.
    pub fn ty(&self) -> Ty {
        match self {
            FieldType::Text | FieldType::ResidentId => Ty::Text,
            FieldType::Bool => Ty::Bool,
            FieldType::Date => Ty::Date,
            FieldType::Year => Ty::Year,
            FieldType::Number { dim, .. } => Ty::Number(dim.clone()),
            FieldType::Enum(e) => Ty::Enum(*e),
            FieldType::List(inner) => Ty::List(Box::new(inner.ty())),
        }
    }
}

/// An activity kind and its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    /// The name records use in `kind`.
    pub name: String,
    /// Display label.
    pub label: Option<Text>,
    /// Span of the whole kind, citation and reading of the block.
    pub origin: Origin,
    /// Its fields.
    pub schema: Schema,
    /// `let` values, computed in order before the other rules.
    pub locals: Vec<Local>,
    /// Records that cannot be right (`invalid when`).
    pub constraints: Vec<Constraint>,
    /// The year the activity counts in.
    pub year: Rule,
    /// Whether that year depends on the kind's `let` values (then they are computed first).
    pub year_reads_locals: bool,
    /// The category its hours count as.
    pub category: CategoryRule,
    /// The further categories its hours count in at the same time (`counts as level,
    /// class_i`), in the order written; `sum of credits` counts the hours once.
    pub also: Vec<CategoryRule>,
    /// The credit formula.
    pub credit: Rule,
    /// Caps, applied in order.
    pub caps: Vec<Rule>,
    /// A spread of the credit over consecutive years.
    pub spread: Option<Spread>,
    /// Evidence the activity needs.
    pub evidence: Vec<EvidenceRule>,
    /// Conditions under which it credits nothing.
    pub rejections: Vec<Rejection>,
}

/// A `let`.
#[derive(Debug, Clone, PartialEq)]
pub struct Local {
    /// Its name.
    pub name: String,
    /// Its value.
    pub rule: Rule,
}

/// `invalid when …`: the record is invalid when the condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The condition.
    pub rule: Rule,
    /// The error message.
    pub message: Text,
    /// The field the error is reported at.
    pub at: Option<u16>,
}

/// The category of an activity's hours.
#[derive(Debug, Clone, PartialEq)]
pub enum CategoryRule {
    /// Always this category.
    Fixed(CategoryId, Origin),
    /// The category named by an enumeration field: `by_value[v]` for value `v`.
    FromField {
        /// The field's slot.
        slot: u16,
        /// The category of each value of the field's enumeration.
        by_value: Vec<CategoryId>,
        /// Where the rule is written.
        origin: Origin,
    },
}

/// `spread over N years, at most L each year`.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    /// How many consecutive years, from the year the activity counts in.
    pub years: u32,
    /// The most one year receives.
    pub per_year: Rule,
    /// Where the rule is written.
    pub origin: Origin,
}

/// `requires one of …` / `requires all of …`.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRule {
    /// Whether all of the names are needed (else one of them).
    pub all: bool,
    /// The names.
    pub names: Vec<EvidenceId>,
    /// Where the rule is written.
    pub origin: Origin,
}

/// `reject when …`: the activity (or exemption) counts for nothing when the condition holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The condition.
    pub rule: Rule,
    /// The reason reported.
    pub reason: Text,
}

/// The exemption rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Exemptions {
    /// Display label.
    pub label: Option<Text>,
    /// The block's span, citation and reading.
    pub origin: Origin,
    /// The fields of an exemption.
    pub schema: Schema,
    /// `let` values.
    pub locals: Vec<Local>,
    /// Records that cannot be right.
    pub constraints: Vec<Constraint>,
    /// Conditions under which the exemption does not apply.
    pub rejections: Vec<Rejection>,
    /// The years it covers (a list of years).
    pub covers: Rule,
}

/// What a year's ruling adds up and requires.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRules {
    /// The block's span, citation and reading.
    pub origin: Origin,
    /// Named figures, in order (`total`, `specialty`, `public`).
    pub figures: Vec<Figure>,
    /// Requirements; the year is compliant when all hold.
    pub requirements: Vec<Requirement>,
    /// The hours to make up when the year falls short; `None` for the largest deficit of
    /// the failing requirements (or for `make_up`).
    pub shortfall: Option<Rule>,
    /// `shortfall = least credits in C that make the year compliant`: the hours to make up
    /// solved from the requirements (never given together with `shortfall`).
    pub make_up: Option<MakeUp>,
    /// Whether a figure reads what an earlier year (or period) carries into this one
    /// (`… in previous year`), found once by the checker: explanations then show how every
    /// figure was worked out.
    pub carries_over: bool,
}

/// `shortfall = least credits in specialty that make the year compliant`: the least hours
/// that, added to the year in one category, make every requirement hold
/// (`crate::eval` solves it).
#[derive(Debug, Clone, PartialEq)]
pub struct MakeUp {
    /// The category the added hours count in (and in the total).
    pub category: CategoryId,
    /// Where the rule is written, its citation and reading.
    pub origin: Origin,
}

/// A named figure of a year's ruling.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Its name (an output field).
    pub name: String,
    /// Its display label.
    pub label: Option<Text>,
    /// Its value.
    pub rule: Rule,
}

/// `require lhs op rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Left side (what the person has).
    pub lhs: CExpr,
    /// The comparison.
    pub op: expr::CmpOp,
    /// Right side (what the notice asks).
    pub rhs: CExpr,
    /// The figure the left side names, if it is one (for "short of specialty").
    pub figure: Option<u16>,
    /// Where it is written.
    pub origin: Origin,
}

/// A purpose a ruling can be asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Purpose {
    /// Its name (`--purpose`).
    pub name: String,
    /// Display label.
    pub label: Option<Text>,
    /// The block's span, citation and reading.
    pub origin: Origin,
    /// The years it examines.
    pub window: Window,
    /// `periods of N years`: the window's years judged N at a time, counted from its first
    /// year (the last period may be shorter, the window's end cutting it); `None` judges
    /// each year on its own.
    pub periods: Option<Periods>,
    /// The test of one year, for `every year passes` / `some year passes`.
    pub passes: Option<Rule>,
    /// Status rules, in order; the last is `otherwise`.
    pub statuses: Vec<StatusRule>,
}

/// `periods of N years` of a purpose.
#[derive(Debug, Clone, PartialEq)]
pub struct Periods {
    /// The length of a period, in years (1 to the most a window examines).
    pub years: u16,
    /// Where it is written.
    pub origin: Origin,
}

/// The years a purpose examines.
#[derive(Debug, Clone, PartialEq)]
pub enum Window {
    /// One year.
    Single(Rule),
    /// The years `from` to `to`, both included (none when `to < from`).
    Range {
        /// First year.
        from: CExpr,
        /// Last year.
        to: CExpr,
        /// Where it is written.
        origin: Origin,
    },
}

/// `status label when …` / `status label otherwise`.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRule {
    /// The status reported.
    pub label: String,
    /// Its display label.
    pub display: Option<Text>,
    /// The condition; `None` for `otherwise`.
    pub when: Option<CExpr>,
    /// Where it is written.
    pub origin: Origin,
}

/// A form a ruling fills in: labelled fields whose values come from the person and from
/// the figures of the year judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// Its name.
    pub name: String,
    /// Its title.
    pub label: Option<Text>,
    /// The block's span, citation and reading.
    pub origin: Origin,
    /// Its fields, in order.
    pub fields: Vec<FormField>,
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// The field's label.
    pub label: String,
    /// Its value: texts and values, in order.
    pub parts: Vec<FormPart>,
    /// Where it is written.
    pub origin: Origin,
}

/// A piece of a form field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum FormPart {
    /// Text as written.
    Text(String),
    /// A value (an absent optional field shows as nothing).
    Value(CExpr),
}

// The ids below are made by the checker as indices into the policy's own tables, and a
// compiled policy is never changed: the tables are indexed in these accessors only.
/// Keys the objects that carry a credited amount already have (a credit, its spread, a
/// rejection, a test case's activity): a credit unit named like one of them is shown under
/// [`Policy::credit_key`]'s neutral name instead.
const AMOUNT_KEY_TAKEN: &[&str] = &[
    "index",
    "kind",
    "category",
    "clause",
    "rule",
    "formula",
    "computation",
    "inputs",
    "computed",
    "cap",
    "credited",
    "spread",
    "unplaced",
    "year",
    "reason",
    "reasons",
    "rejected",
];

impl Policy {
    /// The unit every credit is counted in, when it is one declared unit (`hours`,
    /// `credits`); `None` for a plain number or a compound unit.
    pub fn credit_unit(&self) -> Option<&UnitInfo> {
        match self.credit_dim.powers() {
            [(unit, 1)] => self.units.get(usize::from(*unit)),
            _ => None,
        }
    }

    /// The name outputs give an activity's credited amount: the credit unit's plural
    /// (`hours` for a policy that credits hours, `credits` for one that credits credits), or
    /// `amount` when the credit is not one unit or its plural is taken by another key of the
    /// objects that show it.
    pub fn credit_key(&self) -> &str {
        match self.credit_unit() {
            Some(unit) if !AMOUNT_KEY_TAKEN.contains(&unit.plural.as_str()) => &unit.plural,
            _ => "amount",
        }
    }

    /// The kind with id `id`.
    #[inline]
    #[allow(clippy::indexing_slicing)] // ids are made by the checker for this table
    pub fn kind(&self, id: KindId) -> &Kind {
        &self.kinds[usize::from(id)]
    }

    /// The purpose with id `id`.
    #[inline]
    #[allow(clippy::indexing_slicing)] // ids are made by the checker for this table
    pub fn purpose_rules(&self, id: PurposeId) -> &Purpose {
        &self.purposes[usize::from(id)]
    }

    /// The purpose called `name`.
    pub fn purpose(&self, name: &str) -> Option<(PurposeId, &Purpose)> {
        self.purposes
            .iter()
            .enumerate()
            .find(|(_, p)| p.name == name)
            .map(|(i, p)| (i as PurposeId, p))
    }

    /// The display name of a dimension: `hours`, `hours/day`.
    pub fn dim_name(&self, dim: &Dim) -> String {
        types::DimName {
            dim,
            units: &self.units,
            labels: false,
        }
        .to_string()
    }
}

impl Purpose {
    /// The status rule with index `index` (a ruling's `status`).
    #[inline]
    #[allow(clippy::indexing_slicing)] // status indices are made by the evaluator for this table
    pub fn status(&self, index: usize) -> &StatusRule {
        &self.statuses[index]
    }
}
