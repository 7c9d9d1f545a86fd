//! `Job::run_reusing`, which decodes and rules each record into the structures of the one
//! before (a `Workspace`), gives the outcome `Job::run` gives, record after record: on the
//! shipped policy and the example policies, every purpose, with and without workings and
//! arms, over the fixtures' records and generated ones (valid and invalid records mixed, so
//! that a record follows one with more or fewer activities, years, errors).
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../examples/common/mod.rs"]
mod common;

use common::generator::Generator;
use std::path::Path;
use xueshi::eval::{Detail, Job, Traces, Workspace};
use xueshi::input::{Content, Locator, Position, RawRecord};

/// Generated records.
const GENERATED: usize = 1500;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The line `line` (1-based) of a JSONL file, as `xueshi eval` reads it.
fn jsonl_line(line: usize, text: &str) -> RawRecord {
    RawRecord {
        position: Position {
            file: "records.jsonl".into(),
            record: line,
            line: Some(line),
        },
        content: Content::JsonLine,
        locator: Locator::Line {
            line,
            text: text.into(),
        },
    }
}

/// The lines of the fixtures and of the generator, in a fixed order.
fn lines() -> Vec<String> {
    let mut lines = Vec::new();
    for file in [
        "examples/people.jsonl",
        "tests/fixtures/mixed.jsonl",
        "tests/fixtures/people.jsonl",
        "tests/fixtures/cme-credits.jsonl",
        "tests/fixtures/make-up-bent.jsonl",
        "tests/fixtures/make-up-capped.jsonl",
        "tests/fixtures/zero-hours.jsonl",
    ] {
        let Ok(text) = std::fs::read_to_string(root().join(file)) else {
            continue;
        };
        if file.ends_with(".jsonl") {
            lines.extend(text.lines().map(str::to_string));
        }
    }
    let mut generator = Generator::new(11);
    generator.invalid_per_100k = 5_000;
    let mut out = String::new();
    for _ in 0..GENERATED {
        generator.record(&mut out);
    }
    lines.extend(out.lines().map(str::to_string));
    // A record that is not JSON, one that is not an object, an empty one.
    lines.push("{\"id\": ".to_string());
    lines.push("[1, 2]".to_string());
    lines.push("{}".to_string());
    lines
}

#[test]
fn reusing_a_workspace_gives_the_outcomes_of_run() {
    let lines = lines();
    let mut policies = vec![root().join("policies/notice-2022.policy")];
    let mut examples: Vec<_> = std::fs::read_dir(root().join("policies/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    examples.sort();
    policies.extend(examples);
    let details = [
        Detail::default(),
        Detail {
            traces: Traces::Credits,
            form: None,
            arms: false,
        },
        Detail {
            traces: Traces::All,
            form: Some(0),
            arms: true,
        },
    ];
    let mut compared = 0;
    for path in &policies {
        let policy = xueshi::load_policy(path).unwrap();
        for purpose in 0..policy.purposes.len() {
            let purpose = u16::try_from(purpose).unwrap();
            for (year, detail) in [2023, 2024, 2024].into_iter().zip(details) {
                let job = Job {
                    detail,
                    ..Job::new(&policy, purpose, year)
                };
                let mut workspace = Workspace::new();
                for (i, line) in lines.iter().enumerate() {
                    let fresh = job.run(jsonl_line(i + 1, line));
                    let reused = job.run_reusing(jsonl_line(i + 1, line), &mut workspace);
                    assert_eq!(
                        format!("{reused:?}"),
                        format!("{fresh:?}"),
                        "{} purpose {purpose} {year}: line {} differs: {line}",
                        path.display(),
                        i + 1
                    );
                    compared += 1;
                }
                // The outcome can be taken out, and the next record allocates its own.
                assert!(workspace.take().is_some());
                assert!(workspace.take().is_none());
            }
        }
    }
    assert!(compared > 10_000, "only {compared} outcomes compared");
}
