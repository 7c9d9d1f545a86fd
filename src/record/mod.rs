//! Person records: reading them from files, and decoding them against a policy's schema
//! into typed records. Every error names the record's field path (`activities[2].end`) and,
//! where the format has them, the line and column.

pub mod decode;
pub mod json;
pub mod resident_id;
pub mod toml;
pub mod tree;

use crate::number::Number;
use crate::policy::expr::{EvalErrorKind, Value};
use crate::policy::{Cite, EvidenceId, KindId, Text};
use crate::source::{LineCol, Span};
use resident_id::IdProblem;
use tree::TypeWord;

/// A person record, decoded against a policy: fields by slot, activities, exemptions.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The person's fields, by slot ([`Value::Absent`] when not given).
    pub fields: Vec<Value>,
    /// Activities, in record order.
    pub activities: Vec<Activity>,
    /// Exemptions, in record order.
    pub exemptions: Vec<Exemption>,
}

impl Person {
    /// The text of the person's field called `name` in `schema`, if it has a text value.
    pub fn text(&self, schema: &crate::policy::Schema, name: &str) -> Option<&str> {
        match self.fields.get(usize::from(*schema.slots.get(name)?))? {
            crate::policy::expr::Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// The evidence names an activity gives: a few at most, held inline.
pub type EvidenceNames = smallvec::SmallVec<[EvidenceName; 2]>;

/// An evidence name as a record gives it: one the policy declares (by id, without a copy of
/// the text), or another, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceName {
    /// A name the policy declares.
    Declared(EvidenceId),
    /// A name the policy does not declare.
    Other(Box<str>),
}

impl EvidenceName {
    /// The name `text` as `policy` knows it.
    pub fn of(policy: &crate::policy::Policy, text: &str) -> EvidenceName {
        match policy.evidence_ids.get(text) {
            Some(&id) => EvidenceName::Declared(id),
            None => EvidenceName::Other(text.into()),
        }
    }

    /// The name as written.
    pub fn text<'a>(&'a self, policy: &'a crate::policy::Policy) -> &'a str {
        match self {
            EvidenceName::Declared(id) => policy
                .evidence
                .get(usize::from(*id))
                .map_or("", String::as_str),
            EvidenceName::Other(text) => text,
        }
    }
}

/// The declared evidence an activity gives, by id: held inline.
pub type EvidenceIds = smallvec::SmallVec<[EvidenceId; 4]>;

/// An activity of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Its kind.
    pub kind: KindId,
    /// Its fields, by slot of the kind's schema.
    pub fields: Vec<Value>,
    /// Evidence names as the record gives them.
    pub evidence: EvidenceNames,
    /// The declared evidence among them, sorted.
    pub evidence_ids: EvidenceIds,
    /// The line the activity starts on, when the format has lines.
    pub line: Option<usize>,
}

/// An exemption claimed by a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Exemption {
    /// Its fields, by slot of the exemption schema.
    pub fields: Vec<Value>,
    /// The line it starts on, when the format has lines.
    pub line: Option<usize>,
}

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
        /// The reader's message.
        message: String,
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
    /// A formula cannot be computed for this record (too large a result, …).
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
