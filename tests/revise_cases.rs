//! Policy test files that are themselves wrong: `xueshi test` refuses them (exit 2) with
//! every error located at its line in the TOML, rather than passing a case that cannot fail.
//! The built binary, as a user runs it.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");

/// Runs `xueshi --lang en test FILE`: exit code and stderr.
fn test_file(path: &str) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["--lang", "en", "--color", "never", "test", path])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap(), stderr)
}

#[test]
fn a_case_without_expectations_is_an_error_of_the_file() {
    let (code, stderr) = test_file("tests/fixtures/bad-cases/no-expectations.toml");
    assert_eq!(code, 2);
    insta::assert_snapshot!("no_expectations", stderr);
    assert_eq!(stderr.matches("a case must expect something").count(), 2);
}

#[test]
fn unknown_expectation_keys_are_errors_with_a_suggestion() {
    let (code, stderr) = test_file("tests/fixtures/bad-cases/unknown-keys.toml");
    assert_eq!(code, 2);
    insta::assert_snapshot!("unknown_keys", stderr);
    assert!(stderr.contains("`statsu`") && stderr.contains("(did you mean `status`?)"));
    assert!(!stderr.contains("`statsu` must be a number"), "{stderr}");
}

#[test]
fn the_shipped_cases_still_run() {
    let out = Command::new(BIN)
        .args(["--lang", "en", "test", "tests/fixtures/failing-cases.toml"])
        .output()
        .unwrap();
    // Some cases fail on purpose (exit 1); the file itself is fine (not 2).
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn the_errors_follow_the_language() {
    let out = Command::new(BIN)
        .args(["--lang", "zh", "--color", "never", "test"])
        .args(["tests/fixtures/bad-cases/no-expectations.toml"])
        .args(["tests/fixtures/bad-cases/unknown-keys.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no-expectations.toml:5: 用例必须有预期"),
        "{stderr}"
    );
    assert!(stderr.contains("（是否应为 `status`？）"), "{stderr}");
}

#[test]
fn a_status_or_purpose_that_does_not_exist_is_an_error_with_a_suggestion() {
    let out = Command::new(BIN)
        .args(["--lang", "en", "--color", "never", "test"])
        .arg("tests/fixtures/bad-cases/unknown-status.toml")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "purpose `annual` has no status `shortfal`; its statuses are exempt, compliant, shortfall, invalid (did you mean `shortfall`?)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("the policy has no purpose `anual`; it declares"),
        "{stdout}"
    );
    assert!(stdout.contains("(did you mean `annual`?)"), "{stdout}");
    // `invalid` is a status of every purpose: that case passes.
    assert!(
        stdout.contains("ok     invalid is a status of every purpose"),
        "{stdout}"
    );
    assert_ne!(out.status.code(), Some(0));
}
