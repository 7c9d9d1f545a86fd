//! Record text: decoding and evaluating against the shipped policy never panic, and every
//! record gives exactly one outcome, rendered as JSON and explained.
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
