//! Person records decoded against a policy's schema: the raw trees of `crate::input`
//! become typed [`Person`]s, fields by slot. Every error names the record's field path
//! (`activities[2].end`) and, where the format has them, the line and column.

pub(crate) mod decode;
mod error;
pub(crate) mod resident_id;

pub use error::{Expected, RecordError, RecordErrorKind};
pub use resident_id::IdProblem;

use crate::policy::expr::Value;
use crate::policy::{EvidenceId, KindId};

pub use crate::policy::{ID_FIELD, NAME_FIELD};

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
