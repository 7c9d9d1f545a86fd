//! One record after another on one thread without allocating each one's structures anew:
//! a [`Workspace`] keeps the last record's outcome, and [`Job::run_reusing`] decodes and
//! rules the next record into its person, ruling and workings, their vectors (fields,
//! activities, activity outcomes with their locals and parts, years with their credits,
//! figures and requirements, the outcome's `id` and `name`) filled again. The outcome is
//! the one [`Job::run`] gives, to the byte of every rendering.

use super::arms::ArmsTaken;
use super::job::{Evaluated, Job, Outcome, decode_fast, decode_tree, no_person};
use super::purpose::{Scratch, evaluate_into, no_ruling};
use super::ruling::Ruling;
use super::trace::Workings;
use crate::input::RawRecord;
use crate::policy::Schema;
use crate::record::{Activity, Person};

/// What a thread keeps from one record to the next for [`Job::run_reusing`]: the last
/// outcome, and the buffers of the records before that it does not hold (a person and a
/// ruling when the last record was invalid, activities a record with fewer of them did not
/// need, the evaluation's working vectors).
#[derive(Debug, Default)]
pub struct Workspace {
    outcome: Option<Outcome>,
    person: Option<Person>,
    ruling: Option<Ruling>,
    workings: Workings,
    id: String,
    name: String,
    activities: Vec<Activity>,
    scratch: Scratch,
}

impl Workspace {
    /// An empty workspace: the first record run in it allocates as [`Job::run`] does.
    pub fn new() -> Self {
        Workspace::default()
    }

    /// The outcome of the record run last, taken out of the workspace (whose next record
    /// then allocates its own).
    pub fn take(&mut self) -> Option<Outcome> {
        self.outcome.take()
    }

    /// Moves the buffers of the last outcome back into the workspace.
    fn recover(&mut self) {
        let Some(outcome) = self.outcome.take() else {
            return;
        };
        if let Ok(evaluated) = outcome.result {
            self.person = Some(evaluated.person);
            self.ruling = Some(evaluated.ruling);
            self.workings = evaluated.workings;
        }
        if let Some(id) = outcome.id {
            self.id = id;
        }
        if let Some(name) = outcome.name {
            self.name = name;
        }
    }
}

/// The text of the person's field `key`, written into `buffer`'s allocation.
fn text_into(person: &Person, schema: &Schema, key: &str, buffer: &mut String) -> Option<String> {
    let text = person.text(schema, key)?;
    let mut out = std::mem::take(buffer);
    out.clear();
    out.push_str(text);
    Some(out)
}

impl Job<'_> {
    /// Decodes and evaluates one record as [`Job::run`] does, with the same outcome, but
    /// into the structures of the record `workspace` ran before, filled again: a thread
    /// ruling a stream of records allocates almost nothing for each. The outcome stays in
    /// the workspace until the next record ([`Workspace::take`] takes it out).
    pub fn run_reusing<'w>(&self, raw: RawRecord, workspace: &'w mut Workspace) -> &'w Outcome {
        let ws = workspace;
        ws.recover();
        let policy = self.policy;
        let arms = self.detail.arms.then(ArmsTaken::default);
        let mut person = ws.person.take().unwrap_or_else(no_person);
        let (position, id, name, decoded) =
            if decode_fast(policy, &raw, arms.as_ref(), &mut person, &mut ws.activities) {
                let schema = &policy.person;
                let id = text_into(&person, schema, schema.id_key(), &mut ws.id);
                let name = text_into(&person, schema, schema.name_key(), &mut ws.name);
                (raw.position, id, name, Ok(person))
            } else {
                ws.person = Some(person);
                let record = decode_tree(policy, raw, arms.as_ref());
                (record.position, record.id, record.name, record.person)
            };
        let result = decoded.and_then(|person| {
            let mut ruling = ws
                .ruling
                .take()
                .unwrap_or_else(|| no_ruling(self.purpose, self.year));
            let asked = (self.purpose, self.year, arms.as_ref());
            match evaluate_into(policy, &person, asked, &mut ruling, &mut ws.scratch) {
                Ok(()) => Ok(Evaluated {
                    workings: self.workings(&person, &ruling, std::mem::take(&mut ws.workings)),
                    person,
                    ruling,
                }),
                Err(errors) => {
                    ws.person = Some(person);
                    ws.ruling = Some(ruling);
                    Err(errors)
                }
            }
        });
        ws.outcome.insert(Outcome {
            position,
            id,
            name,
            result,
            arms_taken: arms.map(ArmsTaken::into_taken).unwrap_or_default(),
        })
    }
}
