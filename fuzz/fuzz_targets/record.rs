//! Record text: decoding and evaluating against the shipped policy never panic, and every
//! record gives exactly one outcome, rendered as JSON and explained; and the fast decoding
//! of a JSON line never accepts what the full decoding rejects, nor decodes it differently.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use xueshi::input::{Content, Locator, Position, RawRecord};
use xueshi::messages::Lang;
use xueshi::policy::Policy;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    xueshi::load_policy(concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/notice-2022.policy"))
        .expect("the shipped policy checks")
});

fuzz_target!(|data: &[u8]| {
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
    for (purpose, year) in [("annual", 2023), ("title_review", 2024), ("promotion", 2024)] {
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
