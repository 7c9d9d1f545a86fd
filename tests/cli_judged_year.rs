//! `--year` out of a purpose's reach: a window whose bounds read only `Y` falls outside the
//! years xueshi rules (1 to 9999) for some years; then every record would fail, so it is an
//! argument error (exit 2) naming the purpose's window and the years allowed, before any
//! record is read.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const SHIPPED: &str = "policies/notice-2022.policy";
const CLERK: &str = "tests/fixtures/clerk.toml";

fn run(args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(["--lang", "en"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    out
}

fn eval(policy: &str, purpose: &str, year: &str, records: &str) -> Output {
    run(&[
        "eval",
        "--policy",
        policy,
        "--purpose",
        purpose,
        "--year",
        year,
        "--format",
        "jsonl",
        records,
    ])
}

#[test]
fn a_window_before_year_1_is_an_argument_error_naming_it() {
    for year in ["1", "2"] {
        let out = eval(SHIPPED, "promotion", year, CLERK);
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(out.stdout.is_empty(), "no record is ruled");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            format!(
                "error: `--year {year}` cannot be ruled for purpose `promotion`: its years \
                 `Y - 2 to Y - 1` fall outside the years xueshi rules (1 to 9999); for this \
                 purpose `--year` must be from 3 to 9999\n"
            )
        );
    }
    assert_eq!(
        eval(SHIPPED, "promotion", "3", CLERK).status.code(),
        Some(0)
    );
}

#[test]
fn the_year_is_checked_before_any_record_is_read() {
    let out = eval(SHIPPED, "promotion", "1", "no-such-file.jsonl");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("`--year 1` cannot be ruled"), "{stderr}");
    assert!(!stderr.contains("no-such-file"), "{stderr}");
}

#[test]
fn explain_and_diff_refuse_the_year_too() {
    let explain = run(&[
        "explain",
        "--policy",
        SHIPPED,
        "--purpose",
        "promotion",
        "--year",
        "1",
        CLERK,
    ]);
    assert_eq!(explain.status.code(), Some(2));
    let diff = run(&[
        "diff",
        SHIPPED,
        SHIPPED,
        "--purpose",
        "promotion",
        "--year",
        "1",
        CLERK,
    ]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&diff.stderr).contains("must be from 3 to 9999"));
}

#[test]
fn a_window_after_year_9999_is_an_argument_error_in_chinese_too() {
    let shipped = std::fs::read_to_string(SHIPPED).unwrap();
    let ahead = shipped.replace("years Y - 2 to Y - 1", "years Y - 2 to Y + 1");
    assert_ne!(ahead, shipped);
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("ahead.policy");
    std::fs::write(&policy, ahead).unwrap();
    let policy = policy.to_str().unwrap();
    let out = Command::new(BIN)
        .args([
            "--lang",
            "zh",
            "eval",
            "--policy",
            policy,
            "--purpose",
            "promotion",
        ])
        .args(["--year", "9999", CLERK])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("`Y - 2 to Y + 1`"), "{stderr}");
    assert!(stderr.contains("须在 3 至 9998 之间"), "{stderr}");
    assert_eq!(
        eval(policy, "promotion", "9998", CLERK).status.code(),
        Some(0)
    );
}

#[test]
fn a_window_that_reads_the_person_is_left_to_each_record() {
    // `title_review` starts at a year read from the person: not an argument error.
    let out = eval(SHIPPED, "title_review", "9999", CLERK);
    assert_ne!(out.status.code(), Some(2), "{out:?}");
}
