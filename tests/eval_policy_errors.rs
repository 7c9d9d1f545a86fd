//! Policy errors at run time: a formula of a valid policy that has no value for a record (a
//! divisor that depends on the record and is zero) is the policy's fault, not the record's.
//! It is coded `policy-error`, names the policy's place (file:line:column of the expression)
//! and is placed at no line of the record (never `1:1`). The built binary, as a user runs it.
//! The same holds for hours to make up solved from the requirements
//! (`least credits in C that make the year compliant`) that no amount in `C` reaches.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const POLICY: &str = "tests/policies/runtime/divides-by-a-record-value.policy";
/// Where the policy writes the divisor's division `hours / hours`.
const PLACE: &str = "tests/policies/runtime/divides-by-a-record-value.policy:27:22";

/// Runs `xueshi --lang en eval` on a file of records; stdout and exit code.
fn eval(path: &str, format: &str) -> (String, i32) {
    let out = Command::new(BIN)
        .args(["--lang", "en", "eval", "--policy", POLICY])
        .args(["--purpose", "annual", "--year", "2023", "--format", format])
        .arg(path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Two records: the first gives 0 hours (the divisor is zero), the second 3.
const ZERO_HOURS: &str = "tests/fixtures/zero-hours.jsonl";

#[test]
fn the_policy_checks_clean_because_the_divisor_depends_on_the_record() {
    let out = Command::new(BIN)
        .args(["--lang", "en", "check", POLICY])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_runtime_division_by_zero_is_a_policy_error_at_the_policy_span() {
    let (stdout, code) = eval(ZERO_HOURS, "jsonl");
    assert_eq!(code, 1);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one output per record");
    let first = &lines[0];
    assert_eq!(first["status"], "invalid");
    let errors = first["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e["code"], "policy-error");
    assert_eq!(e["path"], "activities[0]");
    assert!(e["line"].is_null() && e["column"].is_null(), "{e}");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("policy error at {PLACE}: ")),
        "{message}"
    );
    assert!(message.ends_with("it divides by zero"), "{message}");
    // The other record is ruled as usual.
    assert_eq!(lines[1]["status"], "compliant");
}

#[test]
fn table_and_csv_name_the_policy_place_and_no_record_position() {
    let (table, _) = eval(ZERO_HOURS, "table");
    insta::assert_snapshot!("table", table);
    assert!(!table.contains("[1:1]"), "{table}");
    let (csv, _) = eval(ZERO_HOURS, "csv");
    assert!(
        csv.contains(&format!("activities[0]: policy error at {PLACE}: ")),
        "{csv}"
    );
}

#[test]
fn hours_to_make_up_beyond_a_category_cap_are_a_policy_error_at_the_requirement() {
    // `shortfall = least credits in general …` with `general` capped at 50 hours a year and
    // `require total >= 60 hours`: 30 general + 15 other lack 15, and the cap leaves 20, so 15;
    // 30 general + 5 other lack 25, more than the 20 the cap leaves: no amount of general
    // hours makes the year compliant.
    let out = Command::new(BIN)
        .args(["--lang", "en", "eval", "--policy"])
        .arg("tests/policies/runtime/make-up-capped.policy")
        .args(["--purpose", "annual", "--year", "2023", "--format", "jsonl"])
        .arg("tests/fixtures/make-up-capped.jsonl")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], "shortfall");
    assert_eq!(lines[0]["shortfall"], serde_json::json!(15));
    assert_eq!(lines[1]["status"], "invalid");
    let e = &lines[1]["errors"][0];
    assert_eq!(e["code"], "policy-error");
    assert_eq!(
        e["message"],
        "policy error at tests/policies/runtime/make-up-capped.policy:38:3: the policy cannot \
         compute `require total >= 60 hours` for this record: no credits added in `general` make \
         this requirement hold"
    );
}

#[test]
fn hours_to_make_up_through_min_and_if_are_the_least_by_hand() {
    // counted = min(general, 40) + other + (5 if general ≥ 20), required ≥ 60, made up in
    // general. a: 10 general + 30 other: at x = 15, 25 + 30 + 5 = 60; below 10, 40 + x < 50;
    // from 10 to 15, 45 + x < 60: 15. b: 10 + 10: at most 40 + 10 + 5 = 55: never.
    // c: 24 other: at x = 31, 31 + 24 + 5 = 60; below 20, x + 24 < 44; from 20, x + 29: 31.
    let out = Command::new(BIN)
        .args(["--lang", "en", "eval", "--policy"])
        .arg("tests/policies/runtime/make-up-bent.policy")
        .args(["--purpose", "annual", "--year", "2023", "--format", "jsonl"])
        .arg("tests/fixtures/make-up-bent.jsonl")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["shortfall"], serde_json::json!(15));
    assert_eq!(lines[1]["status"], "invalid");
    assert!(
        lines[1]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("`require counted >= 60 hours` for this record: no credits added in `general` make this requirement hold"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["shortfall"], serde_json::json!(31));
}
