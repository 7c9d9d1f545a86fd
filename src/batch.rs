//! One record through the pipeline: raw record → decoded person → ruling, as an
//! [`Outcome`] that renderers turn into output. Pure per record, so batches can run in
//! parallel and keep input order.

use crate::eval::evaluate;
use crate::input::{Position, RawRecord};
use crate::policy::{Policy, PurposeId};
use crate::record::decode::decode_person;
use crate::record::tree::{Node, NodeValue};
use crate::record::{Person, RecordError, RecordErrorKind};
use crate::ruling::Ruling;

/// The person field the output contract reports as `id`.
pub const ID_FIELD: &str = "id";
/// The person field the output contract reports as `name`.
pub const NAME_FIELD: &str = "name";

/// What to evaluate: a policy, a purpose, a year.
#[derive(Debug, Clone, Copy)]
pub struct Job<'p> {
    /// The compiled policy.
    pub policy: &'p Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// `Y`.
    pub year: i32,
}

/// The result for one input record.
#[derive(Debug)]
pub struct Outcome {
    /// Where the record is.
    pub position: Position,
    /// The record's `id`, if it has a text one (even when invalid).
    pub id: Option<String>,
    /// The record's `name`, if it has a text one (even when invalid).
    pub name: Option<String>,
    /// The ruling, or every error that makes the record invalid.
    pub result: Result<Evaluated, Vec<RecordError>>,
}

/// A valid record and its ruling.
#[derive(Debug)]
pub struct Evaluated {
    /// The decoded record.
    pub person: Person,
    /// The ruling.
    pub ruling: Ruling,
}

impl Job<'_> {
    /// Decodes and evaluates one record.
    pub fn run(&self, raw: RawRecord) -> Outcome {
        let RawRecord {
            position,
            content,
            locator,
        } = raw;
        let node = match content {
            Ok(node) => node,
            Err(m) => {
                return Outcome {
                    position,
                    id: None,
                    name: None,
                    result: Err(vec![RecordError {
                        path: String::new(),
                        kind: RecordErrorKind::Malformed { message: m.message },
                        at: m.at,
                    }]),
                };
            }
        };
        let id = text_key(&node, ID_FIELD);
        let name = text_key(&node, NAME_FIELD);
        let locate = |offset| locator.locate(offset);
        let result = decode_person(self.policy, &node, &locate).and_then(|person| {
            let ruling = evaluate(self.policy, &person, self.purpose, self.year)?;
            Ok(Evaluated { person, ruling })
        });
        Outcome {
            position,
            id,
            name,
            result,
        }
    }
}

fn text_key(node: &Node, key: &str) -> Option<String> {
    match &node.value {
        NodeValue::Object(entries) => entries.iter().find_map(|e| match &e.value.value {
            NodeValue::Text(t) if &*e.key == key => Some(t.to_string()),
            _ => None,
        }),
        _ => None,
    }
}
