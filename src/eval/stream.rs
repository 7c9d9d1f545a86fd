//! Evaluation of a stream of records on every core, in input order: one thread reads, the
//! workers decode, evaluate and encode a batch at a time, this thread writes the previous
//! batch meanwhile. How an outcome is encoded and where it goes are the caller's
//! ([`Encode`], [`Collect`]: the renderers implement them), so that evaluation knows no
//! output format.

use super::job::{Job, Outcome};
use super::reuse::Workspace;
use crate::input::RawRecord;

/// Encodes an outcome as the bytes its format writes for it; runs on any thread.
pub trait Encode: Sync {
    /// Appends the outcome's encoding to `out`.
    fn encode(&self, outcome: &Outcome, out: &mut Vec<u8>) -> std::io::Result<()>;
    /// Whether the writer needs the outcomes themselves, not only their encodings.
    fn keeps_outcomes(&self) -> bool;
}

/// Takes the encodings of a stream's outcomes, in input order.
pub trait Collect {
    /// Writes one outcome's encoding; `outcome` is given when [`Encode::keeps_outcomes`].
    fn push_encoded(&mut self, encoded: &[u8], outcome: Option<Outcome>) -> std::io::Result<()>;
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
                if let Some(n) = self.by_status.get_mut(s) {
                    *n += 1;
                }
            }
            None => self.invalid += 1,
        }
    }
}

/// Records a worker ruled one after another: their encodings back to back (record `k`'s
/// ends at `ends[k]`), their statuses (`None` when invalid), the outcomes when the format
/// keeps them, and the error that stopped the run, if one did. One buffer for a run of
/// records, not one for each; and, when the format does not keep the outcomes, one
/// workspace, in which each record is decoded and ruled into the structures of the one
/// before (kept from batch to batch with the run).
#[derive(Default)]
struct Run {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    statuses: Vec<Option<usize>>,
    outcomes: Vec<Outcome>,
    error: Option<std::io::Error>,
    workspace: Workspace,
}

/// Records a worker rules as one run.
const RUN: usize = 64;

/// Records evaluated at a time by the workers.
pub const BATCH: usize = 2048;

/// The most bytes of record text a batch holds ([`RawRecord::weight`]): a batch ends at
/// [`BATCH`] records or at this many bytes, whichever comes first, so that a few batches of
/// large records (lines of 15 MB) stay a few batches' worth of memory. Ordinary records
/// (a kilobyte) fill [`BATCH`] first.
pub const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Evaluates a stream of records on every core and writes the outcomes to `sink` in input
/// order (`encoder` runs on the workers' threads; `sink` takes each encoding in turn). One thread reads (without parsing); the workers parse, decode, evaluate and
/// encode, a batch at a time; this thread writes the previous batch meanwhile. Memory stays
/// bounded by a few batches. `progress` is called after each batch with the tally so far.
pub fn evaluate_stream<E: Encode, C: Collect>(
    job: &Job,
    records: impl Iterator<Item = RawRecord> + Send,
    encoder: &E,
    sink: &mut C,
    progress: &mut dyn FnMut(&Tally),
) -> std::io::Result<Tally> {
    use rayon::prelude::*;
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
                let mut weight = 0usize;
                for record in records.by_ref() {
                    weight = weight.saturating_add(record.weight());
                    batch.push(record);
                    if batch.len() >= BATCH || weight >= BATCH_BYTES {
                        break;
                    }
                }
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
                        // A run's output buffer is not kept larger than a batch's input
                        // after a run of large records.
                        run.bytes.clear();
                        run.bytes.shrink_to(BATCH_BYTES);
                        run.bytes.reserve(raws.len() * 1024);
                        run.ends.clear();
                        run.statuses.clear();
                        run.outcomes.clear();
                        run.error = None;
                        for raw in raws {
                            let outcome = job.run_reusing(raw, &mut run.workspace);
                            if let Err(e) = encoder.encode(outcome, &mut run.bytes) {
                                run.error = Some(e);
                                break;
                            }
                            run.ends.push(run.bytes.len());
                            run.statuses
                                .push(outcome.result.as_ref().ok().map(|e| e.ruling.status));
                            if keep && let Some(outcome) = run.workspace.take() {
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
                    // The ends rise and end within the buffer: each is its length after
                    // a record was written to it.
                    let bytes = run.bytes.get(start..end).unwrap_or_default();
                    sink.push_encoded(bytes, outcome)?;
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
