//! The hot stages of `xueshi eval` one by one, on one core: 10,000 generated records
//! (`examples/common/gen.rs`, seed 1, about 0.5% invalid), the annual purpose of the shipped
//! policy for 2024, so that a regression in one stage shows in its own numbers.
//!
//! - `decode`: each JSONL line decoded against the policy's schema (`eval::decode_record`:
//!   the fast path for clean lines, the full decoder for the rest);
//! - `evaluate`: each decoded person ruled (`eval::evaluate`), no workings;
//! - `render_csv`: each outcome encoded as its `--format csv` row;
//! - `render_jsonl`: each outcome, with the workings `--format jsonl` shows (every credit's
//!   computation), encoded as its JSONL line;
//! - `run` and `run_reusing`: each record decoded and ruled, by `Job::run` (new structures
//!   for each record) and by `Job::run_reusing` (one `Workspace`, each record written into
//!   the structures of the one before, as `xueshi eval` does).
//!
//! ```text
//! cargo bench --bench stages
//! ```
//!
//! `benches/throughput.rs` measures the stages together; `bench/run.sh` the whole program on
//! every core against the reference.
// A benchmark may unwrap and index: it measures, it serves no one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../examples/common/mod.rs"]
mod common;
mod corpus;

use corpus::{RECORDS, YEAR, bytes, policy, raw_records};
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use std::sync::OnceLock;
use xueshi::eval::{Detail, Job, Outcome, Traces, Workspace, decode_record, evaluate};
use xueshi::messages::Lang;
use xueshi::record::Person;
use xueshi::render::{Encoder, Format, Settings};

fn main() {
    divan::main();
}

fn job(detail: Detail) -> Job<'static> {
    let policy = policy();
    let (purpose, _) = policy.purpose("annual").expect("annual purpose");
    Job {
        detail,
        ..Job::new(policy, purpose, YEAR)
    }
}

/// The persons of the valid records, decoded once.
fn persons() -> &'static [Person] {
    static PERSONS: OnceLock<Vec<Person>> = OnceLock::new();
    PERSONS.get_or_init(|| {
        raw_records()
            .into_iter()
            .filter_map(|raw| decode_record(policy(), raw).person.ok())
            .collect()
    })
}

/// The outcomes of every record, with the workings `detail` asks for.
fn outcomes(detail: Detail) -> Vec<Outcome> {
    let job = job(detail);
    raw_records().into_iter().map(|raw| job.run(raw)).collect()
}

fn encoder(format: Format) -> Encoder<'static> {
    let job = job(Detail::default());
    Encoder::new(
        Settings {
            policy: job.policy,
            purpose: job.purpose,
            year: YEAR,
            lang: Lang::En,
            redact: false,
        },
        format,
    )
}

#[divan::bench(sample_count = 10)]
fn decode(bencher: Bencher) {
    let policy = policy();
    bencher
        .counter(ItemsCount::new(RECORDS))
        .counter(BytesCount::new(bytes()))
        .with_inputs(raw_records)
        .bench_local_values(|records| {
            for raw in records {
                black_box(decode_record(policy, raw));
            }
        });
}

#[divan::bench(sample_count = 10)]
fn evaluate_persons(bencher: Bencher) {
    let job = job(Detail::default());
    let persons = persons();
    bencher
        .counter(ItemsCount::new(persons.len()))
        .bench_local(|| {
            for person in persons {
                let _ = black_box(evaluate(job.policy, person, job.purpose, job.year));
            }
        });
}

#[divan::bench(sample_count = 10)]
fn run(bencher: Bencher) {
    let job = job(Detail::default());
    bencher
        .counter(ItemsCount::new(RECORDS))
        .with_inputs(raw_records)
        .bench_local_values(|records| {
            for raw in records {
                black_box(job.run(raw));
            }
        });
}

#[divan::bench(sample_count = 10)]
fn run_reusing(bencher: Bencher) {
    let job = job(Detail::default());
    let mut workspace = Workspace::new();
    bencher
        .counter(ItemsCount::new(RECORDS))
        .with_inputs(raw_records)
        .bench_local_values(|records| {
            for raw in records {
                black_box(job.run_reusing(raw, &mut workspace));
            }
        });
}

/// Encodes every outcome in `format` into one buffer.
fn render(bencher: Bencher, format: Format, detail: Detail) {
    let outcomes = outcomes(detail);
    let encoder = encoder(format);
    bencher
        .counter(ItemsCount::new(outcomes.len()))
        .bench_local(|| {
            let mut out = Vec::with_capacity(outcomes.len() * 256);
            for outcome in &outcomes {
                encoder.encode(outcome, &mut out).unwrap();
            }
            black_box(out)
        });
}

#[divan::bench(sample_count = 10)]
fn render_csv(bencher: Bencher) {
    render(bencher, Format::Csv, Detail::default());
}

#[divan::bench(sample_count = 10)]
fn render_jsonl(bencher: Bencher) {
    render(
        bencher,
        Format::Jsonl,
        Detail {
            traces: Traces::Credits,
            form: None,
            arms: false,
        },
    );
}
