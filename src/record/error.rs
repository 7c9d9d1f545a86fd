//! Why a record is invalid: every error names the field path and, where the format has
//! them, the line and column.

use super::resident_id::IdProblem;
use crate::input::tree::TypeWord;
use crate::number::Number;
use crate::policy::expr::EvalErrorKind;
use crate::policy::{Cite, Text};
use crate::source::{LineCol, Span};

/// Something wrong with a record.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordError {
    /// Field path: `id`, `activities[2].end`, `exemptions[0].years[1]`; empty for the record.
    pub path: String,
    /// What is wrong.
    pub kind: RecordErrorKind,
    /// Line and column, when the format has them.
    pub at: Option<LineCol>,
}

/// What a record's value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A string.
    Text,
    /// A number.
    Number,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A year.
    Year,
    /// A list.
    Array,
    /// A table / object.
    Object,
}

/// Everything that makes a record invalid.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordErrorKind {
    /// The text is not valid JSON, TOML or CSV.
    Malformed {
        /// Why.
        problem: crate::input::ReadProblem,
    },
    /// A key the schema does not declare.
    UnknownField {
        /// A similar declared key.
        suggestion: Option<String>,
    },
    /// A required field is absent.
    MissingField,
    /// A key given twice in one object.
    DuplicateKey,
    /// A value of the wrong type.
    WrongType {
        /// What the schema asks for.
        expected: Expected,
        /// What the record holds.
        found: TypeWord,
    },
    /// An activity kind the policy does not know.
    UnknownKind {
        /// The kind written.
        kind: String,
        /// A similar known kind.
        suggestion: Option<String>,
    },
    /// A value outside a `one of` list.
    UnknownValue {
        /// The value written.
        value: String,
        /// The values allowed.
        allowed: Vec<String>,
        /// A similar allowed value.
        suggestion: Option<String>,
    },
    /// A fraction where a whole number is required.
    NotWhole {
        /// The number written.
        value: String,
    },
    /// A number too large (or too precise) to be a plausible amount.
    NumberTooLarge {
        /// The number written.
        value: String,
    },
    /// Text that is not a number.
    NotANumber {
        /// The text written.
        value: String,
    },
    /// Text that is not `true` or `false` (a cell of a table).
    NotABool {
        /// The text written.
        value: String,
    },
    /// Not a date `YYYY-MM-DD` that exists.
    BadDate {
        /// The text written.
        value: String,
    },
    /// A year outside 1–9999.
    BadYear {
        /// The number written.
        value: String,
    },
    /// A resident ID that is malformed or fails its checksum.
    BadResidentId(IdProblem),
    /// A blank text or an empty list where the schema says `nonempty`.
    Empty,
    /// Below the field's `at least`.
    BelowMinimum {
        /// The value.
        value: Number,
        /// The least allowed.
        min: Number,
    },
    /// Above the field's `at most`.
    AboveMaximum {
        /// The value.
        value: Number,
        /// The most allowed.
        max: Number,
    },
    /// An `invalid when` rule of the policy holds.
    Constraint {
        /// The rule's message.
        message: Text,
        /// The rule's citation.
        cite: Option<Cite>,
        /// The rule in the policy.
        span: Span,
    },
    /// A formula of the policy cannot be computed for this record (it divides by zero, the
    /// result is too large, …): a policy error, coded `policy-error`, not the record's fault.
    Evaluation {
        /// What went wrong.
        error: EvalErrorKind,
        /// The expression in the policy.
        span: Span,
    },
    /// The record lists exemptions but the policy has no exemption rules.
    NoExemptions,
    /// A purpose's window spans too many years for this record.
    WindowTooLarge {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
    },
}

impl RecordErrorKind {
    /// The error's stable code in JSON output and policy tests: `unknown-field`, `bad-date`.
    pub fn code(&self) -> &'static str {
        match self {
            RecordErrorKind::Malformed { .. } => "malformed",
            RecordErrorKind::UnknownField { .. } => "unknown-field",
            RecordErrorKind::MissingField => "missing-field",
            RecordErrorKind::DuplicateKey => "duplicate-key",
            RecordErrorKind::WrongType { .. } => "wrong-type",
            RecordErrorKind::UnknownKind { .. } => "unknown-kind",
            RecordErrorKind::UnknownValue { .. } => "unknown-value",
            RecordErrorKind::NotWhole { .. } => "not-whole",
            RecordErrorKind::NumberTooLarge { .. } => "number-too-large",
            RecordErrorKind::NotANumber { .. } => "not-a-number",
            RecordErrorKind::NotABool { .. } => "not-a-bool",
            RecordErrorKind::BadDate { .. } => "bad-date",
            RecordErrorKind::BadYear { .. } => "bad-year",
            RecordErrorKind::BadResidentId(_) => "bad-resident-id",
            RecordErrorKind::Empty => "empty",
            RecordErrorKind::BelowMinimum { .. } => "below-minimum",
            RecordErrorKind::AboveMaximum { .. } => "above-maximum",
            RecordErrorKind::Constraint { .. } => "constraint",
            RecordErrorKind::Evaluation { .. } => "policy-error",
            RecordErrorKind::NoExemptions => "no-exemptions",
            RecordErrorKind::WindowTooLarge { .. } => "window-too-large",
        }
    }
}
