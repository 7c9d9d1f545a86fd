//! Record text: decoding and evaluating against the shipped policy never panic, and every
//! record gives exactly one outcome, rendered as JSON and explained; and the fast decoding
//! of a JSON line never accepts what the full decoding rejects, nor decodes it differently.
//!
//! The first byte chooses the format of the rest: `c` CSV, `x` an XLSX workbook, anything
//! else JSON (the whole input, first byte included, as before). CSV and XLSX records are read
//! with the shipped policy's columns, within small limits, and each is evaluated.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use xueshi::input::{Content, Locator, Position, RawRecord};
use xueshi::messages::Lang;
use xueshi::policy::Policy;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    xueshi::load_policy(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../policies/notice-2022.policy"
    ))
    .expect("the shipped policy checks")
});

static COLUMNS: LazyLock<xueshi::input::Columns> =
    LazyLock::new(|| xueshi::input::Columns::of(&POLICY));

/// Evaluates every record of a table for one purpose, and renders each outcome.
fn tables(records: impl Iterator<Item = RawRecord>) {
    let (id, _) = POLICY.purpose("annual").expect("purpose");
    let job = xueshi::eval::Job::new(&POLICY, id, 2023);
    let renderer = xueshi::render::JsonRenderer {
        policy: &POLICY,
        purpose: id,
        year: 2023,
        lang: Lang::Zh,
        redact: true,
    };
    let mut last = 0;
    for raw in records {
        // Records are numbered in order, one outcome each.
        assert_eq!(raw.position.record, last + 1);
        last = raw.position.record;
        let outcome = job.run(raw);
        let mut out = Vec::new();
        renderer.write(&outcome, &mut out).expect("json");
    }
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((b'c', rest)) => {
            if let Ok(records) = xueshi::input::csv_records(
                "fuzz.csv",
                std::io::Cursor::new(rest.to_vec()),
                &COLUMNS,
            ) {
                tables(records);
            }
            return;
        }
        Some((b'x', rest)) => {
            let limits = xueshi::input::Limits {
                max_document: 1 << 20,
            };
            if let Ok(records) =
                xueshi::input::xlsx_records("fuzz.xlsx", rest.to_vec(), &COLUMNS, &limits)
            {
                tables(records);
            }
            return;
        }
        _ => {}
    }
    let text = String::from_utf8_lossy(data);
    // As a line of JSONL (the fast way when the record is clean) and as a JSON document
    // (always the full way, through the record's tree).
    let line = xueshi::eval::decode_record(
        &POLICY,
        RawRecord {
            position: Position {
                file: "fuzz.jsonl".into(),
                record: 1,
                line: Some(1),
            },
            content: Content::JsonLine,
            locator: Locator::Line {
                line: 1,
                text: text.as_ref().into(),
            },
        },
    );
    if let Ok(fast) = line.person {
        let full = xueshi::eval::decode_record(&POLICY, RawRecord::from_json(&text));
        assert_eq!(Ok(fast), full.person, "the two ways of decoding differ");
    }
    for (purpose, year) in [
        ("annual", 2023),
        ("title_review", 2024),
        ("promotion", 2024),
    ] {
        let outcome = xueshi::evaluate_json(&POLICY, purpose, year, &text).expect("purpose");
        let (id, _) = POLICY.purpose(purpose).expect("purpose");
        let renderer = xueshi::render::JsonRenderer {
            policy: &POLICY,
            purpose: id,
            year,
            lang: Lang::Zh,
            redact: true,
        };
        let mut out = Vec::new();
        renderer.write(&outcome, &mut out).expect("json");
        let explainer = xueshi::render::Explainer {
            policy: &POLICY,
            purpose: id,
            year,
            lang: Lang::En,
            redact: false,
            snippets: None,
        };
        let _ = explainer.explain(&outcome, None);
    }
});
