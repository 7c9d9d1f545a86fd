//! One record through the pipeline: raw record → decoded person → ruling, as an
//! [`Outcome`] that renderers turn into output. Pure per record, so batches can run in
//! parallel and keep input order.

use super::arms::ArmsTaken;
use super::purpose::evaluate_taking;
use super::ruling::Ruling;
use super::trace::{Detail, Traces, Workings};
use super::validate::{any_constraint_holds, decode_valid};
use crate::input::tree::{Node, NodeValue};
use crate::input::{Content, Locator, Position, RawRecord};
use crate::policy::{Policy, PurposeId};
use crate::record::decode::decode_json_fast_into;
use crate::record::{Activity, Person, RecordError, RecordErrorKind};

/// What to evaluate: a policy, a purpose, a year.
#[derive(Debug, Clone, Copy)]
pub struct Job<'p> {
    /// The compiled policy.
    pub policy: &'p Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// `Y`.
    pub year: i32,
    /// What to work out beyond the ruling (nothing by default).
    pub detail: Detail,
}

impl<'p> Job<'p> {
    /// A job that works out the rulings only.
    pub fn new(policy: &'p Policy, purpose: PurposeId, year: i32) -> Self {
        Job {
            policy,
            purpose,
            year,
            detail: Detail::default(),
        }
    }
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
    /// The `match` arms the evaluation took, when the job's [`Detail`] asked for them
    /// (empty otherwise): the start of each arm's pattern in the policy, each once, in the
    /// policy's order. The `invalid when` rules' arms are among them.
    pub arms_taken: Vec<usize>,
}

/// A valid record and its ruling.
#[derive(Debug)]
pub struct Evaluated {
    /// The decoded record.
    pub person: Person,
    /// The ruling.
    pub ruling: Ruling,
    /// What the job's [`Detail`] asked for (empty when it asked for nothing).
    pub(crate) workings: Workings,
}

/// A record decoded against a policy, before any ruling.
#[derive(Debug)]
pub struct DecodedRecord {
    /// Where the record is.
    pub position: Position,
    /// The record's `id`, if it has a text one (even when invalid).
    pub id: Option<String>,
    /// The record's `name`, if it has a text one (even when invalid).
    pub name: Option<String>,
    /// The person, or every error that makes the record invalid (the policy's `invalid
    /// when` rules applied), in the order of their places in the record.
    pub person: Result<Person, Vec<RecordError>>,
}

/// Decodes one record against `policy` and applies its `invalid when` rules, as
/// [`Job::run`] does before it rules: for a record to be ruled for several purposes or
/// years (with [`crate::eval::evaluate`]) without decoding it again.
#[inline]
pub fn decode_record(policy: &Policy, raw: RawRecord) -> DecodedRecord {
    decode_record_taking(policy, raw, None)
}

/// [`decode_record`], recording in `arms` (when given) the `match` arms the `invalid when`
/// rules take.
#[inline]
fn decode_record_taking(
    policy: &Policy,
    raw: RawRecord,
    arms: Option<&ArmsTaken>,
) -> DecodedRecord {
    let mut person = no_person();
    if decode_fast(policy, &raw, arms, &mut person, &mut Vec::new()) {
        let schema = &policy.person;
        let id = person.text(schema, schema.id_key()).map(str::to_string);
        let name = person.text(schema, schema.name_key()).map(str::to_string);
        return DecodedRecord {
            position: raw.position,
            id,
            name,
            person: Ok(person),
        };
    }
    decode_tree(policy, raw, arms)
}

/// A person to decode into.
pub(super) fn no_person() -> Person {
    Person {
        fields: Vec::new(),
        activities: Vec::new(),
        exemptions: Vec::new(),
    }
}

/// Decodes `raw` into `person` (its vectors filled again, with the activities of `spare`
/// when it has too few) when it is a line of JSON that is a clean record and no `invalid
/// when` rule holds for it; false otherwise, with `person` holding part of it.
#[inline]
pub(super) fn decode_fast(
    policy: &Policy,
    raw: &RawRecord,
    arms: Option<&ArmsTaken>,
    person: &mut Person,
    spare: &mut Vec<Activity>,
) -> bool {
    // A line of JSON that is a clean record decodes straight from its text; anything
    // else (and any error) takes the way through the record's tree.
    matches!(
        (&raw.content, &raw.locator),
        (Content::JsonLine, Locator::Line { text, .. })
            if decode_json_fast_into(policy, text, &raw.locator, person, spare).is_some()
                && !any_constraint_holds(policy, person, arms)
    )
}

/// Decodes `raw` through its tree, which finds and reports every error.
pub(super) fn decode_tree(
    policy: &Policy,
    raw: RawRecord,
    arms: Option<&ArmsTaken>,
) -> DecodedRecord {
    raw.with_tree(|position, tree, locator| {
        let node = match tree {
            Ok(node) => node,
            Err(m) => {
                return DecodedRecord {
                    position,
                    id: None,
                    name: None,
                    person: Err(vec![RecordError {
                        path: String::new(),
                        kind: RecordErrorKind::Malformed { problem: m.problem },
                        at: m.at,
                    }]),
                };
            }
        };
        DecodedRecord {
            position,
            id: text_key(node, policy.person.id_key()),
            name: text_key(node, policy.person.name_key()),
            person: decode_valid(policy, node, locator, arms),
        }
    })
}

impl Job<'_> {
    /// Decodes and evaluates one record.
    pub fn run(&self, raw: RawRecord) -> Outcome {
        // The arms taken are recorded only when asked for: a summary records nothing.
        let arms = self.detail.arms.then(ArmsTaken::default);
        let record = decode_record_taking(self.policy, raw, arms.as_ref());
        let result = record.person.and_then(|person| {
            let ruling =
                evaluate_taking(self.policy, &person, self.purpose, self.year, arms.as_ref())?;
            Ok(self.evaluated(person, ruling))
        });
        Outcome {
            position: record.position,
            id: record.id,
            name: record.name,
            result,
            arms_taken: arms.map(ArmsTaken::into_taken).unwrap_or_default(),
        }
    }
}

impl Job<'_> {
    /// A person and its ruling, with the workings the job asks for.
    fn evaluated(&self, person: Person, ruling: Ruling) -> Evaluated {
        Evaluated {
            workings: self.workings(&person, &ruling, Workings::default()),
            person,
            ruling,
        }
    }

    /// The workings the job asks for of a person's ruling, written into `workings` (made
    /// before, for another record) when it asks for some.
    pub(super) fn workings(
        &self,
        person: &Person,
        ruling: &Ruling,
        workings: Workings,
    ) -> Workings {
        if self.detail.traces == Traces::None && self.detail.form.is_none() {
            Workings::default()
        } else {
            let mut workings = workings;
            workings.refill(self.policy, person, ruling, self.detail);
            workings
        }
    }
}

fn text_key(node: &Node, key: &str) -> Option<String> {
    match &node.value {
        NodeValue::Object(entries) => entries.iter().find_map(|e| match &e.value.value {
            NodeValue::Text(t) | NodeValue::Cell(t) if &*e.key == key => Some(t.to_string()),
            _ => None,
        }),
        _ => None,
    }
}
