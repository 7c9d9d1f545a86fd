//! What the checker finds wrong with a policy. Detection only: the text of each message, in
//! each language, lives in `crate::messages`; `super::message` picks a finding's words (so
//! that [`CheckError`]'s `Display` says in English what the diagnostics say), and
//! `crate::diagnostics` renders them with their labels and help.

use crate::messages::Lang;
use crate::source::Span;
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The policy cannot be used.
    Error,
    /// The policy works, but something is likely a mistake.
    Warning,
}

/// A finding of the checker.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckError {
    /// What was found.
    pub kind: CheckErrorKind,
    /// Where.
    pub span: Span,
}

/// A type, described for a message (units by their names in the policy).
#[derive(Debug, Clone, PartialEq)]
pub enum TypeName {
    /// A number; the unit's name, empty for a plain number.
    Number(String),
    /// A number in any unit.
    AnyNumber,
    /// A list of anything.
    AnyList,
    /// `true` or `false`.
    Bool,
    /// A date.
    Date,
    /// A year.
    Year,
    /// Text.
    Text,
    /// One of these values.
    OneOf(Vec<String>),
    /// A list of these.
    List(Box<TypeName>),
    /// A value an optional field may lack.
    Maybe(Box<TypeName>),
    /// A category.
    Category,
}

/// What kind of thing a name names, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A value: a field, a figure.
    Value,
    /// A constant.
    Constant,
    /// A `let` value.
    Local,
    /// A unit.
    Unit,
    /// A type.
    Type,
    /// A category.
    Category,
    /// An activity kind.
    Kind,
    /// A purpose.
    Purpose,
    /// A field of a record.
    Field,
    /// A built-in function.
    Function,
    /// A header entry.
    HeaderEntry,
    /// An evidence name.
    Evidence,
    /// A status of a purpose.
    Status,
    /// A form.
    Form,
}

/// Which rule of a kind appears twice or is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// `credit`
    Credit,
    /// `counts in`
    CountsIn,
    /// `counts as`
    CountsAs,
    /// `spread`
    Spread,
    /// `covers`
    Covers,
    /// `shortfall`
    Shortfall,
    /// `year` / `years` of a purpose
    Window,
    /// `each year passes when`
    Passes,
    /// `fields`
    Fields,
    /// A `person` block.
    Person,
    /// An `exemption` block.
    Exemption,
    /// A `year` block.
    YearBlock,
    /// A policy header.
    Header,
    /// A block's `cite`.
    Cite,
    /// A block's `reading`.
    Reading,
    /// `periods of … years` of a purpose
    Periods,
    /// A person field's `the id` or `the name`.
    Identity(crate::syntax::ast::Identity),
}

impl RuleKind {
    /// The rule as written.
    pub fn keyword(self) -> &'static str {
        match self {
            RuleKind::Credit => "credit",
            RuleKind::CountsIn => "counts in",
            RuleKind::CountsAs => "counts as",
            RuleKind::Spread => "spread",
            RuleKind::Covers => "covers",
            RuleKind::Shortfall => "shortfall",
            RuleKind::Window => "year",
            RuleKind::Passes => "each year passes when",
            RuleKind::Fields => "fields",
            RuleKind::Person => "person",
            RuleKind::Exemption => "exemption",
            RuleKind::YearBlock => "year",
            RuleKind::Header => "policy",
            RuleKind::Cite => "cite",
            RuleKind::Reading => "reading",
            RuleKind::Periods => "periods of",
            RuleKind::Identity(role) => role.written(),
        }
    }
}

/// Every finding of the checker. Each variant's doc shows a policy line that triggers it.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckErrorKind {
    /// `credit 8 hours * dayz` where nothing is called `dayz`.
    UnknownName {
        /// The name.
        name: String,
        /// What it should have named.
        what: NameKind,
        /// A similar name that exists.
        suggestion: Option<String>,
    },
    /// `exempt` in a purpose over several years: the name exists, but not here.
    NotInScope {
        /// The name.
        name: String,
        /// Why it cannot be used here.
        reason: ScopeReason,
    },
    /// `const a = 1` twice.
    DuplicateName {
        /// The name.
        name: String,
        /// What it names.
        what: NameKind,
        /// The first declaration.
        first: Span,
    },
    /// `id: identity` where no type is called `identity`.
    UnknownType {
        /// The name.
        name: String,
        /// A similar type.
        suggestion: Option<String>,
    },
    /// `evidence "培训证"` missing for `requires one of "培训证书"`.
    UnknownEvidence {
        /// The name.
        name: String,
        /// A similar declared name.
        suggestion: Option<String>,
    },
    /// `level == "nation"` where `level` is `one of ["national", …]`.
    UnknownEnumValue {
        /// The value written.
        value: String,
        /// The values allowed.
        allowed: Vec<String>,
        /// A similar allowed value.
        suggestion: Option<String>,
    },
    /// `8 hours + days(start, end)`: hours and days do not add.
    UnitMismatch {
        /// The operation (`+`, `-`, `<`, `min`…).
        op: String,
        /// The left side's unit.
        left: String,
        /// The right side's unit.
        right: String,
        /// The left side's span.
        left_span: Span,
        /// The right side's span.
        right_span: Span,
    },
    /// `credit start`: a date where a number of hours is expected.
    TypeMismatch {
        /// What was expected.
        expected: TypeName,
        /// What was found.
        found: TypeName,
    },
    /// `title_since + 1` where `title_since` is optional.
    OptionalValue {
        /// The optional field (or `total in previous year`).
        name: String,
        /// Whether it is a figure of the year before (`… in previous year`), which the first
        /// year of a window does not have.
        earlier: bool,
    },
    /// `name otherwise "?"` where `name` is required.
    NeedlessOtherwise {
        /// The required field.
        name: String,
    },
    /// `name is given` where `name` is required (or not a field at all): the test never fails.
    AlwaysGiven {
        /// What is tested.
        name: String,
    },
    /// A kind without `credit`, `counts in` or `counts as`; a purpose without years.
    MissingRule {
        /// The rule missing.
        rule: RuleKind,
        /// The block (kind or purpose) that lacks it.
        block: String,
    },
    /// Two `credit` rules in one kind.
    DuplicateRule {
        /// The rule.
        rule: RuleKind,
        /// The first one.
        first: Span,
    },
    /// `match level { "national" => … }` that forgets `"region"`.
    NonExhaustiveMatch {
        /// The values no arm takes.
        missing: Vec<String>,
    },
    /// `else => …` after arms for every value.
    UselessElse,
    /// `one of ["a", "b", "a"]`: a value listed twice.
    RepeatedValue {
        /// The value.
        value: String,
        /// Its first occurrence.
        first: Span,
    },
    /// An arm that can never be taken.
    UnreachableArm {
        /// The value already matched.
        value: String,
        /// The arm that takes it first.
        first: Span,
    },
    /// `cap 0 hours`: the kind can never credit anything (or, `category c at most 0 hours
    /// each year`, the category can never count anything).
    ContradictoryCap {
        /// The cap.
        cap: String,
        /// The category, when it is a category's yearly cap.
        category: Option<String>,
    },
    /// A cap that never applies: the credit never exceeds it, or a smaller cap comes first.
    UnreachableCap {
        /// The cap.
        cap: String,
        /// The bound that makes it unreachable.
        bound: String,
        /// Where that bound is written.
        bound_span: Span,
    },
    /// `spread over 2 years, at most 90 hours each year` with a cap of 200 hours: hours lost.
    SpreadLosesHours {
        /// Years of the spread.
        years: u32,
        /// The yearly limit.
        per_year: String,
        /// What the spread can place.
        placed: String,
        /// The cap (`None` when the kind has none).
        cap: Option<String>,
    },
    /// A spread whose yearly limit is not below the cap: it never splits anything.
    SpreadNeverSplits {
        /// The yearly limit.
        per_year: String,
        /// The cap.
        cap: String,
    },
    /// `spread over years_field years`: the years of a spread must be known without a record.
    NotConstant,
    /// A constant whose value cannot be computed (`1 / 0`).
    ConstantFails {
        /// Why.
        reason: ConstantFailure,
    },
    /// A division whose divisor is zero whatever the record (`hours / 0`, `hours / zero`
    /// where `zero` is a constant 0): every record would fail on it.
    DivisionByZero {
        /// The divisor, as written.
        divisor: String,
        /// Where the divisor is written.
        divisor_span: Span,
    },
    /// A bidirectional control character in the text (in a string or a comment): the text
    /// may show in another order than the one xueshi reads ("Trojan source").
    BidiControl {
        /// `U+202E`.
        code_point: String,
        /// Its Unicode name.
        name: &'static str,
    },
    /// A name read as a unit (it follows a number, or `/` or `per` in a unit) that names
    /// something else: in `90 hours / zero`, `hours/zero` is read as one unit.
    NotAUnit {
        /// The name.
        name: String,
        /// What it names.
        what: NameKind,
    },
    /// `const a = b` and `const b = a`.
    ConstantCycle {
        /// The constant.
        name: String,
    },
    /// `require total` where a comparison is needed.
    RequirementNotComparison,
    /// `require total > 90 hours` when the shortfall is the least credits that make the year
    /// compliant: a strict comparison the added hours change has no least amount meeting it.
    StrictMakeUp {
        /// The `shortfall = least credits in … that make the year compliant` rule.
        make_up: Span,
    },
    /// `require public >= 30 hours` when the shortfall is the least credits in `specialty`
    /// that make the year compliant: added specialty hours never change it (a warning).
    MakeUpUnreachable {
        /// The category the hours are made up in.
        category: String,
        /// The `shortfall = least credits in … that make the year compliant` rule.
        make_up: Span,
    },
    /// `status ok otherwise` followed by more statuses; or no `otherwise` at the end.
    StatusOrder {
        /// What is wrong.
        problem: StatusProblem,
        /// The purpose.
        purpose: String,
    },
    /// `every year passes` in a purpose without `each year passes when`.
    QuantifierWithoutTest,
    /// `year Y` in a purpose of a policy whose year block reads `… in previous year`: the
    /// one year examined has no previous year, so nothing is ever carried.
    NothingCarried {
        /// The purpose.
        purpose: String,
        /// The figure that reads the year before.
        figure: String,
    },
    /// `periods of 2 years` in a purpose that examines one year, or `periods of 0 years`.
    Periods {
        /// What is wrong.
        problem: PeriodProblem,
        /// The length as written.
        years: String,
    },
    /// `at least 10, at most 5`: no value can satisfy both.
    ContradictoryBounds {
        /// The least allowed.
        least: String,
        /// The most allowed.
        most: String,
    },
    /// `nonempty` on a date; `at least` on a text.
    FieldAttribute {
        /// The attribute.
        attribute: &'static str,
        /// The field's type.
        ty: TypeName,
    },
    /// `counts as level` where `level`'s values are not all categories.
    NotACategory {
        /// The field.
        field: String,
        /// Its values that are not categories.
        values: Vec<String>,
    },
    /// `credit 2 subjects` when the other kinds credit hours.
    CreditUnitMismatch {
        /// This kind's unit.
        found: String,
        /// The unit the other kinds use.
        expected: String,
        /// The kind that set the unit.
        first: Span,
    },
    /// A name the language reserves (`Y`, `activities`, a status called `invalid`).
    ReservedName {
        /// The name.
        name: String,
    },
    /// A header entry the language does not know, or lacks.
    Header {
        /// What is wrong.
        problem: HeaderProblem,
    },
    /// A policy without a `year` block or without a purpose.
    MissingItem {
        /// The item.
        item: &'static str,
    },
    /// A function called with the wrong number of arguments.
    Arity {
        /// The function.
        function: &'static str,
        /// How many it takes.
        expected: &'static str,
        /// How many were given.
        found: usize,
    },
    /// A statement the block does not admit (only on a grammar defect).
    Misplaced,
    /// A rule, constant or purpose with no `cite` (a warning).
    MissingCitation {
        /// What lacks the citation.
        what: Cited,
    },
    /// A constant, let, unit, category or evidence name nothing uses (a warning).
    Unused {
        /// The name.
        name: String,
        /// What it names.
        what: NameKind,
    },
}

/// What lacks a citation.
#[derive(Debug, Clone, PartialEq)]
pub enum Cited {
    /// A constant.
    Constant(String),
    /// A purpose.
    Purpose(String),
    /// A rule, by its keyword (`credit`, `cap`, `reject when`…).
    Rule(&'static str),
}

/// Why a name cannot be used where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeReason {
    /// A figure of a year (`exempt`, `total`…) in a purpose that examines several years.
    YearFigureInRange,
    /// A figure of a year outside the year block and purposes.
    YearFigureOutsideYear,
    /// `compliant` inside the year block that defines it.
    CompliantInYearBlock,
    /// `Y` outside a purpose.
    JudgedYearOutsidePurpose,
    /// A record field in a constant.
    FieldInConstant,
    /// `sum of credits` outside the year block and purposes.
    SumOutsideYear,
    /// A quantifier outside a purpose's statuses.
    QuantifierOutsideStatus,
    /// A figure over the purpose's years (`sum of total over years`, `total in Y - 1`)
    /// outside a purpose's `status` rules.
    WindowOutsideStatus,
    /// A figure used before the line that defines it.
    FigureBeforeDefinition,
    /// A `let` in an `invalid when` rule, which is checked before locals are computed.
    LocalInConstraint,
    /// `total in previous year` where no year is being judged (a purpose's statuses, a
    /// kind).
    PreviousOutsideYear,
    /// `previous year` standing on its own, not after `… in`.
    PreviousAlone,
}

/// Why a constant cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstantFailure {
    /// Too large.
    Overflow,
    /// Division by zero.
    DivisionByZero,
    /// A year out of range.
    BadYear,
    /// A year shifted by a fraction (`Y - 0.5`).
    YearFraction,
    /// The years of a spread must be a whole number from 1 to 100.
    SpreadYears(String),
}

/// What is wrong with a purpose's `periods of … years`.
#[derive(Debug, Clone, PartialEq)]
pub enum PeriodProblem {
    /// The purpose examines one year (`year Y`): there is nothing to cut.
    OneYear {
        /// The purpose.
        purpose: String,
    },
    /// Not a whole number of years from 1 to the most a window may examine.
    Length,
}

/// What is wrong with a purpose's statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusProblem {
    /// The purpose has no status at all.
    None,
    /// The last status is not `otherwise`.
    NoOtherwise,
    /// A status after `otherwise` can never be reported.
    AfterOtherwise,
}

/// What is wrong with the header.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderProblem {
    /// No `policy` header at all.
    Missing,
    /// An entry the header needs.
    MissingEntry(&'static str),
    /// An entry the language does not know.
    UnknownEntry {
        /// The key.
        key: String,
        /// A similar known key.
        suggestion: Option<String>,
    },
    /// An entry with a value of the wrong form (`effective "soon"`).
    WrongValue {
        /// The key.
        key: String,
        /// What the value must be.
        expected: TypeName,
    },
}

impl CheckErrorKind {
    /// Whether the finding is an error or a warning.
    pub fn severity(&self) -> Severity {
        match self {
            CheckErrorKind::MissingCitation { .. }
            | CheckErrorKind::Unused { .. }
            | CheckErrorKind::UnreachableCap { .. }
            | CheckErrorKind::SpreadNeverSplits { .. }
            | CheckErrorKind::NeedlessOtherwise { .. }
            | CheckErrorKind::BidiControl { .. }
            | CheckErrorKind::AlwaysGiven { .. }
            | CheckErrorKind::NothingCarried { .. }
            | CheckErrorKind::MakeUpUnreachable { .. } => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The stable code of the finding, as printed and as documented.
    pub fn code(&self) -> &'static str {
        match self {
            CheckErrorKind::UnknownName { .. } => "check::unknown-name",
            CheckErrorKind::NotInScope { .. } => "check::not-in-scope",
            CheckErrorKind::DuplicateName { .. } => "check::duplicate-name",
            CheckErrorKind::UnknownType { .. } => "check::unknown-type",
            CheckErrorKind::UnknownEvidence { .. } => "check::unknown-evidence",
            CheckErrorKind::UnknownEnumValue { .. } => "check::unknown-value",
            CheckErrorKind::UnitMismatch { .. } => "check::unit-mismatch",
            CheckErrorKind::TypeMismatch { .. } => "check::type-mismatch",
            CheckErrorKind::OptionalValue { .. } => "check::optional-value",
            CheckErrorKind::NeedlessOtherwise { .. } => "check::needless-otherwise",
            CheckErrorKind::AlwaysGiven { .. } => "check::always-given",
            CheckErrorKind::MissingRule { .. } => "check::missing-rule",
            CheckErrorKind::DuplicateRule { .. } => "check::duplicate-rule",
            CheckErrorKind::NonExhaustiveMatch { .. } => "check::non-exhaustive-match",
            CheckErrorKind::UnreachableArm { .. } | CheckErrorKind::UselessElse => {
                "check::unreachable-arm"
            }
            CheckErrorKind::RepeatedValue { .. } => "check::repeated-value",
            CheckErrorKind::ContradictoryCap { .. } => "check::contradictory-cap",
            CheckErrorKind::UnreachableCap { .. } => "check::unreachable-cap",
            CheckErrorKind::SpreadLosesHours { .. } => "check::spread-loses-hours",
            CheckErrorKind::SpreadNeverSplits { .. } => "check::spread-never-splits",
            CheckErrorKind::NotConstant => "check::not-constant",
            CheckErrorKind::ConstantFails { .. } => "check::constant-fails",
            CheckErrorKind::ConstantCycle { .. } => "check::constant-cycle",
            CheckErrorKind::DivisionByZero { .. } => "check::division-by-zero",
            CheckErrorKind::NotAUnit { .. } => "check::not-a-unit",
            CheckErrorKind::BidiControl { .. } => "check::bidi-control",
            CheckErrorKind::RequirementNotComparison => "check::requirement-not-comparison",
            CheckErrorKind::StatusOrder { .. } => "check::status-order",
            CheckErrorKind::QuantifierWithoutTest => "check::quantifier-without-test",
            CheckErrorKind::Periods { .. } => "check::periods",
            CheckErrorKind::NothingCarried { .. } => "check::nothing-carried",
            CheckErrorKind::FieldAttribute { .. } => "check::field-attribute",
            CheckErrorKind::ContradictoryBounds { .. } => "check::contradictory-bounds",
            CheckErrorKind::NotACategory { .. } => "check::not-a-category",
            CheckErrorKind::CreditUnitMismatch { .. } => "check::credit-unit-mismatch",
            CheckErrorKind::ReservedName { .. } => "check::reserved-name",
            CheckErrorKind::Header { .. } => "check::header",
            CheckErrorKind::MissingItem { .. } => "check::missing-item",
            CheckErrorKind::Arity { .. } => "check::arity",
            CheckErrorKind::Misplaced => "check::misplaced",
            CheckErrorKind::MissingCitation { .. } => "check::missing-citation",
            CheckErrorKind::Unused { .. } => "check::unused",
            CheckErrorKind::StrictMakeUp { .. } => "check::strict-make-up",
            CheckErrorKind::MakeUpUnreachable { .. } => "check::make-up-unreachable",
        }
    }
}

impl fmt::Display for CheckError {
    /// The English message and the bytes it is about: ``unknown name `dayz` (bytes 40..44)``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{})",
            self.kind.message(Lang::En),
            self.span.start,
            self.span.end
        )
    }
}

impl std::error::Error for CheckError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_english_message_and_the_bytes() {
        let e = CheckError {
            kind: CheckErrorKind::UnknownName {
                name: "dayz".to_string(),
                what: NameKind::Value,
                suggestion: Some("days".to_string()),
            },
            span: Span::new(40, 44),
        };
        assert_eq!(e.to_string(), "unknown name `dayz` (bytes 40..44)");
        let e = CheckError {
            kind: CheckErrorKind::TypeMismatch {
                expected: TypeName::Number("hours".to_string()),
                found: TypeName::Date,
            },
            span: Span::new(7, 12),
        };
        assert_eq!(
            e.to_string(),
            "expected a number of hours, found a date (bytes 7..12)"
        );
    }
}
