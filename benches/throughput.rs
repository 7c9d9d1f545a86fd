//! Throughput on one core: 10,000 generated records (`examples/common/gen.rs`, seed 1,
//! about 0.5% invalid), the annual purpose of the shipped policy for 2024.
//!
//! - `xueshi_evaluate`: each JSONL line parsed, decoded and evaluated (`eval::Job`,
//!   what the workers of `xueshi eval` do), no output;
//! - `xueshi_evaluate_json`: the same, and the ruling rendered in the output contract's JSON;
//! - `handwritten_figures`: the project's own hand-written evaluator (`examples/common/handwritten.rs`), the figures only (what its CSV needs);
//! - `handwritten_jsonl`: the hand-written evaluator with its credited and rejected activities, rendered as
//!   its JSONL.
//!
//! ```text
//! cargo bench --bench throughput
//! ```
//!
//! End-to-end runs of both programs, on every core, are `bench/run.sh`.
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

use common::handwritten;
use corpus::{RECORDS, YEAR, bytes, lines, policy, raw_records};
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use xueshi::eval::Job;
use xueshi::messages::Lang;
use xueshi::render::{JsonRenderer, PreparedJson};

fn main() {
    divan::main();
}

fn job() -> Job<'static> {
    let policy = policy();
    let (purpose, _) = policy.purpose("annual").expect("annual purpose");
    Job::new(policy, purpose, YEAR)
}

#[divan::bench(sample_count = 10)]
fn xueshi_evaluate(bencher: Bencher) {
    let job = job();
    bencher
        .counter(ItemsCount::new(RECORDS))
        .counter(BytesCount::new(bytes()))
        .with_inputs(raw_records)
        .bench_local_values(|records| {
            for raw in records {
                black_box(job.run(raw));
            }
        });
}

#[divan::bench(sample_count = 10)]
fn xueshi_evaluate_json(bencher: Bencher) {
    // The JSON shows how each credit was computed, as `xueshi eval --format jsonl` does.
    let job = Job {
        detail: xueshi::eval::Detail {
            traces: xueshi::eval::Traces::Credits,
            form: None,
            arms: false,
        },
        ..job()
    };
    // Prepared once, as `xueshi eval` prepares it once per stream.
    let renderer = PreparedJson::new(JsonRenderer {
        policy: job.policy,
        purpose: job.purpose,
        year: YEAR,
        lang: Lang::En,
        redact: false,
    });
    bencher
        .counter(ItemsCount::new(RECORDS))
        .counter(BytesCount::new(bytes()))
        .with_inputs(raw_records)
        .bench_local_values(|records| {
            let mut out = Vec::with_capacity(RECORDS * 2048);
            for raw in records {
                let outcome = job.run(raw);
                renderer.write(&outcome, &mut out);
                out.push(b'\n');
            }
            black_box(out)
        });
}

#[divan::bench(sample_count = 10)]
fn handwritten_figures(bencher: Bencher) {
    let lines = lines();
    bencher
        .counter(ItemsCount::new(RECORDS))
        .counter(BytesCount::new(bytes()))
        .bench_local(|| {
            for line in lines {
                black_box(handwritten::rule_line(line, YEAR, false));
            }
        });
}

#[divan::bench(sample_count = 10)]
fn handwritten_jsonl(bencher: Bencher) {
    let lines = lines();
    bencher
        .counter(ItemsCount::new(RECORDS))
        .counter(BytesCount::new(bytes()))
        .bench_local(|| {
            let mut out = Vec::with_capacity(RECORDS * 1024);
            for (i, line) in lines.iter().enumerate() {
                let outcome = handwritten::rule_line(line, YEAR, true);
                handwritten::write_jsonl(&mut out, &outcome, YEAR, i + 1);
            }
            black_box(out)
        });
}
