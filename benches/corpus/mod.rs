//! The records and policy both benchmarks run on: 10,000 records of the project's generator
//! (`examples/common/gen.rs`, seed 1), the shipped policy, the year 2024.

use super::common::generator::Generator;
use std::sync::{Arc, OnceLock};
use xueshi::input::{Content, Locator, Position, RawRecord};
use xueshi::policy::Policy;

/// How many records.
pub const RECORDS: usize = 10_000;
/// The year ruled.
pub const YEAR: i32 = 2024;

/// The generated records, one line each (without the line break).
pub fn lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let mut generator = Generator::new(1);
        let mut line = String::new();
        (0..RECORDS)
            .map(|_| {
                line.clear();
                generator.record(&mut line);
                line.trim_end().to_string()
            })
            .collect()
    })
}

/// The shipped policy, loaded once.
pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        xueshi::load_policy(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/notice-2022.policy"
        ))
        .expect("the shipped policy loads")
    })
}

/// The bytes of the records as a JSONL file.
pub fn bytes() -> usize {
    lines().iter().map(|l| l.len() + 1).sum()
}

/// The raw records of the lines, as the JSONL reader makes them.
pub fn raw_records() -> Vec<RawRecord> {
    let file: Arc<str> = Arc::from("bench.jsonl");
    lines()
        .iter()
        .enumerate()
        .map(|(i, line)| RawRecord {
            position: Position {
                file: file.clone(),
                record: i + 1,
                line: Some(i + 1),
            },
            content: Content::JsonLine,
            locator: Locator::Line {
                line: i + 1,
                text: line.as_str().into(),
            },
        })
        .collect()
}
