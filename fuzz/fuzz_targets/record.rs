//! Record text: decoding and evaluating against the shipped policy never panic, and every
//! record gives exactly one outcome, rendered as JSON and explained; and the fast decoding
//! of a JSON line never accepts what the full decoding rejects, nor decodes it differently.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use xueshi::messages::Lang;
use xueshi::policy::Policy;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    xueshi::load_policy(concat!(env!("CARGO_MANIFEST_DIR"), "/../policies/notice-2022.policy"))
        .expect("the shipped policy checks")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let locator = xueshi::input::Locator::Line {
        line: 1,
        text: text.as_ref().into(),
    };
    if let Some(fast) = xueshi::record::decode::decode_json_fast(&POLICY, &text, &locator) {
        let node = xueshi::input::json::read_document(&text).expect("the fast way read JSON");
        let full = xueshi::record::decode::decode_person(&POLICY, &node, &locator);
        assert_eq!(Ok(fast), full, "the two ways of decoding differ");
    }
    for (purpose, year) in [("annual", 2023), ("title_review", 2024), ("promotion", 2024)] {
        let outcome = xueshi::evaluate_json(&POLICY, purpose, year, &text).expect("purpose");
        let (id, _) = POLICY.purpose(purpose).expect("purpose");
        let renderer = xueshi::render::json::JsonRenderer {
            policy: &POLICY,
            purpose: id,
            year,
            lang: Lang::Zh,
            redact: true,
        };
        let mut out = Vec::new();
        renderer.write(&outcome, &mut out).expect("json");
        let explainer = xueshi::render::explain::Explainer {
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
