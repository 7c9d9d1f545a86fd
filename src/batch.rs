//! One record through the pipeline: raw record → decoded person → ruling, as an
//! [`Outcome`] that renderers turn into output. Pure per record, so batches can run in
//! parallel and keep input order.

use crate::eval::evaluate;
use crate::input::{Content, Locator, Position, RawRecord};
use crate::policy::{Policy, PurposeId};
use crate::record::decode::{decode_json_fast, decode_person};
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
        // A line of JSON that is a clean record decodes straight from its text; anything
        // else (and any error) takes the way through the record's tree.
        if let (Content::JsonLine, Locator::Line { text, .. }) = (&raw.content, &raw.locator)
            && let Some(person) = decode_json_fast(self.policy, text, &raw.locator)
        {
            let schema = &self.policy.person;
            let id = person.text(schema, ID_FIELD).map(str::to_string);
            let name = person.text(schema, NAME_FIELD).map(str::to_string);
            let result = evaluate(self.policy, &person, self.purpose, self.year)
                .map(|ruling| Evaluated { person, ruling });
            return Outcome {
                position: raw.position,
                id,
                name,
                result,
            };
        }
        raw.with_tree(|position, tree, locator| {
            let node = match tree {
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
            let id = text_key(node, ID_FIELD);
            let name = text_key(node, NAME_FIELD);
            let result = decode_person(self.policy, node, locator).and_then(|person| {
                let ruling = evaluate(self.policy, &person, self.purpose, self.year)?;
                Ok(Evaluated { person, ruling })
            });
            Outcome {
                position,
                id,
                name,
                result,
            }
        })
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

/// How many records of each kind a stream gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Records evaluated.
    pub records: usize,
    /// Rulings by status rule index of the purpose.
    pub by_status: Vec<usize>,
    /// Invalid records.
    pub invalid: usize,
}

impl Tally {
    fn add(&mut self, status: Option<usize>) {
        self.records += 1;
        match status {
            Some(s) => {
                if self.by_status.len() <= s {
                    self.by_status.resize(s + 1, 0);
                }
                self.by_status[s] += 1;
            }
            None => self.invalid += 1,
        }
    }
}

/// Records a worker ruled one after another: their encodings back to back (record `k`'s
/// ends at `ends[k]`), their statuses (`None` when invalid), the outcomes when the format
/// keeps them, and the error that stopped the run, if one did. One buffer for a run of
/// records, not one for each.
#[derive(Default)]
struct Run {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    statuses: Vec<Option<usize>>,
    outcomes: Vec<Outcome>,
    error: Option<std::io::Error>,
}

/// Records a worker rules as one run.
const RUN: usize = 64;

/// Records evaluated at a time by the workers.
pub const BATCH: usize = 2048;

/// Evaluates a stream of records on every core and writes the outcomes to `sink` in input
/// order. One thread reads (without parsing); the workers parse, decode, evaluate and
/// encode, a batch at a time; this thread writes the previous batch meanwhile. Memory stays
/// bounded by a few batches. `progress` is called after each batch with the tally so far.
pub fn evaluate_stream<W: std::io::Write>(
    job: &Job,
    records: impl Iterator<Item = RawRecord> + Send,
    sink: &mut crate::render::sink::Sink<W>,
    progress: &mut dyn FnMut(&Tally),
) -> std::io::Result<Tally> {
    use rayon::prelude::*;
    let encoder = sink.encoder();
    let keep = encoder.keeps_outcomes();
    let mut tally = Tally::default();
    std::thread::scope(|scope| {
        // Batches and their results go round in a ring: a vector emptied downstream comes
        // back to be filled again, so the big buffers are allocated once, not per batch
        // (fresh pages, which the kernel must zero, cost more than the work on them).
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<RawRecord>>(2);
        let (free_tx, free_rx) = std::sync::mpsc::channel::<Vec<RawRecord>>();
        scope.spawn(move || {
            let mut records = records;
            loop {
                let mut batch = free_rx
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BATCH));
                batch.extend(records.by_ref().take(BATCH));
                if batch.is_empty() || tx.send(batch).is_err() {
                    break;
                }
            }
        });
        // The workers rule batch k + 1 while this thread writes batch k. The runs come back
        // with their buffers, which the next batch fills again.
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Vec<Run>>(2);
        let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Vec<Run>>();
        scope.spawn(move || {
            for mut batch in rx {
                let mut done = spent_rx.try_recv().unwrap_or_default();
                done.resize_with(batch.len().div_ceil(RUN), Run::default);
                done.par_iter_mut()
                    .zip(batch.par_drain(..).chunks(RUN))
                    .for_each(|(run, raws)| {
                        run.bytes.clear();
                        run.bytes.reserve(raws.len() * 1024);
                        run.ends.clear();
                        run.statuses.clear();
                        run.outcomes.clear();
                        run.error = None;
                        for raw in raws {
                            let outcome = job.run(raw);
                            if let Err(e) = encoder.encode(&outcome, &mut run.bytes) {
                                run.error = Some(e);
                                break;
                            }
                            run.ends.push(run.bytes.len());
                            run.statuses
                                .push(outcome.result.as_ref().ok().map(|e| e.ruling.status));
                            if keep {
                                run.outcomes.push(outcome);
                            }
                        }
                    });
                // The reader may have ended; then the batch is not needed again.
                let _ = free_tx.send(batch);
                if done_tx.send(done).is_err() {
                    break;
                }
            }
        });
        for mut done in done_rx {
            for run in &mut done {
                let mut outcomes = run.outcomes.drain(..);
                let mut start = 0;
                for (&end, &status) in run.ends.iter().zip(&run.statuses) {
                    tally.add(status);
                    let outcome = if keep { outcomes.next() } else { None };
                    sink.push_encoded(&run.bytes[start..end], outcome)?;
                    start = end;
                }
                drop(outcomes);
                if let Some(e) = run.error.take() {
                    return Err(e);
                }
            }
            // The workers may have ended; then the runs are not needed again.
            let _ = spent_tx.send(done);
            progress(&tally);
        }
        Ok(tally)
    })
}
