//! What the tests of rulings on inline or corpus policies share: a policy compiled with no
//! finding at all, and one record's ruling as the JSON `xueshi eval` writes.
// A test may unwrap and index: a failure is a test failure.
#![allow(clippy::expect_used, clippy::panic, dead_code)]

use serde_json::Value;
use xueshi::messages::Lang;
use xueshi::policy::Policy;
use xueshi::render::JsonRenderer;
use xueshi::source::SourceFile;

/// `text` compiled as the policy file `name`; any syntax error or finding of the checker
/// (a warning too) fails the test.
pub fn compile_clean(name: &str, text: &str) -> Policy {
    let (policy, report) = xueshi::compile_policy(SourceFile::new(name, text));
    assert!(
        report.parse.is_empty() && report.check.is_empty(),
        "{:?} {:?}",
        report.parse,
        report.check
    );
    policy.expect("a policy without findings compiles")
}

/// The ruling of `record` for `purpose` and `year`, as the JSON `xueshi eval --format json`
/// writes for it, in English.
pub fn ruling_json(policy: &Policy, purpose: &str, year: i32, record: &Value) -> Value {
    let outcome =
        xueshi::evaluate_json(policy, purpose, year, &record.to_string()).expect("purpose");
    let (id, _) = policy.purpose(purpose).expect("purpose");
    let renderer = JsonRenderer {
        policy,
        purpose: id,
        year,
        lang: Lang::En,
        redact: false,
    };
    let mut out = Vec::new();
    renderer.write(&outcome, &mut out).expect("json");
    serde_json::from_slice(&out).expect("json")
}
