//! The main verbs as a user runs them: the built binary, its stdout, stderr and exit code,
//! snapshotted. Fixtures are in `tests/fixtures/`.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const POLICY: &str = "policies/notice-2022.policy";

/// Runs xueshi in the crate's folder, without colour, in `lang`; returns a transcript.
fn run(lang: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["--color", "never", "--lang", lang])
        .args(args)
        .output()
        .expect("xueshi runs");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn eval(format: &str, purpose: &str, year: &str, files: &[&str]) -> String {
    let mut args = vec![
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        purpose,
        "--year",
        year,
        "--format",
        format,
    ];
    args.extend(files);
    run("en", &args)
}

#[test]
fn eval_table_csv_and_jsonl() {
    let files = ["tests/fixtures/mixed.jsonl", "tests/fixtures/clerk.toml"];
    insta::assert_snapshot!("eval_table", eval("table", "annual", "2023", &files));
    insta::assert_snapshot!("eval_csv", eval("csv", "annual", "2023", &files));
    insta::assert_snapshot!("eval_jsonl", eval("jsonl", "annual", "2023", &files));
    insta::assert_snapshot!(
        "eval_csv_title_review",
        eval("csv", "title_review", "2024", &files)
    );
    insta::assert_snapshot!(
        "eval_table_promotion",
        eval("table", "promotion", "2024", &files)
    );
}

#[test]
fn eval_in_chinese() {
    let out = run(
        "zh",
        &[
            "eval",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--format",
            "table",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    insta::assert_snapshot!("eval_table_zh", out);
}

#[test]
fn eval_errors_of_usage() {
    let unknown_purpose = run(
        "en",
        &[
            "eval",
            "--policy",
            POLICY,
            "--purpose",
            "anual",
            "--year",
            "2023",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    insta::assert_snapshot!("eval_unknown_purpose", unknown_purpose);
    let missing_file = run(
        "en",
        &[
            "eval",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/none.jsonl",
        ],
    );
    assert!(missing_file.starts_with("exit: 2"), "{missing_file}");
    let bad_policy = run(
        "en",
        &[
            "eval",
            "--policy",
            "tests/policies/check/unit-mismatch.policy",
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    assert!(bad_policy.starts_with("exit: 2"), "{bad_policy}");
    let bad_year = run(
        "en",
        &[
            "eval",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "0",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    assert!(bad_year.starts_with("exit: 2"), "{bad_year}");
}

#[test]
fn eval_output_is_written_atomically_and_redacted() {
    let dir = std::env::temp_dir().join(format!("xueshi-cli-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("out.csv");
    let out = run(
        "en",
        &[
            "eval",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--format",
            "csv",
            "--redact",
            "-o",
            target.to_str().unwrap(),
            "tests/fixtures/mixed.jsonl",
        ],
    );
    assert!(out.starts_with("exit: 1"), "{out}");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("110105********002X"), "{written}");
    assert!(!written.contains("11010519491231002X"), "{written}");
    // Nothing but the target is left behind.
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explain_in_both_languages() {
    for lang in ["en", "zh"] {
        let out = run(
            lang,
            &[
                "explain",
                "--policy",
                POLICY,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "tests/fixtures/clerk.toml",
            ],
        );
        insta::assert_snapshot!(format!("explain_clerk_{lang}"), out);
    }
}

#[test]
fn explain_rejections_by_boolean_rules() {
    // Each `reject when` rule of the policy is a boolean: its trace shows every operand with
    // its value, in the order written; an operand not evaluated says so.
    for lang in ["en", "zh"] {
        let out = run(
            lang,
            &[
                "explain",
                "--policy",
                "tests/policies/traces/booleans.policy",
                "--purpose",
                "annual",
                "--year",
                "2023",
                "tests/fixtures/booleans.toml",
            ],
        );
        insta::assert_snapshot!(format!("explain_booleans_{lang}"), out);
    }
}

#[test]
fn explain_a_category_capped_per_year() {
    // `self_study` counts at most 20 hours a year: in record order 12 + 6 count in full,
    // the third counts 2 (10 cut) and the fourth nothing (4 cut); the 2022 activity is
    // not in the year. The figures and the JSON credits agree with the cut.
    let args = |format: &'static str| {
        [
            "explain",
            "--format",
            format,
            "--policy",
            "tests/policies/traces/category-cap.policy",
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/category-cap.toml",
        ]
    };
    for lang in ["en", "zh"] {
        let out = run(lang, &args("text"));
        insta::assert_snapshot!(format!("explain_category_cap_{lang}"), out);
    }
    let json = run("en", &args("json"));
    insta::assert_snapshot!("explain_category_cap_json", json);
}

#[test]
fn explain_the_hours_to_make_up_solved_from_the_requirements() {
    // notice-own-total.policy: specialty ≥ ⅔ of the person's own total. 80 public and 70
    // specialty hours: 70 + x ≥ ⅔ (150 + x) gives x = 90 (not the 30 the share lacks), and
    // the explanation shows both requirements met with 90 more specialty hours.
    let args = |format: &'static str| {
        [
            "explain",
            "--format",
            format,
            "--policy",
            "policies/examples/notice-own-total.policy",
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/make-up.toml",
        ]
    };
    for lang in ["en", "zh"] {
        let out = run(lang, &args("text"));
        assert!(out.contains("160"), "{out}");
        insta::assert_snapshot!(format!("explain_make_up_{lang}"), out);
    }
    let json = run("en", &args("json"));
    assert!(json.contains(r#""shortfall": 90,"#), "{json}");
}

#[test]
fn explain_multi_year_purposes_and_invalid_records() {
    let out = run(
        "en",
        &[
            "explain",
            "--no-snippets",
            "--policy",
            POLICY,
            "--purpose",
            "title_review",
            "--year",
            "2024",
            "--id",
            "11010519491231002X",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    insta::assert_snapshot!("explain_title_review", out);
    let invalid = run(
        "en",
        &[
            "explain",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--id",
            "110105194912310021",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    insta::assert_snapshot!("explain_invalid", invalid);
    let nobody = run(
        "en",
        &[
            "explain",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--id",
            "nobody",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    assert!(nobody.starts_with("exit: 1"), "{nobody}");
}

#[test]
fn explain_as_json_and_as_the_form() {
    let json = run(
        "en",
        &[
            "explain",
            "--format",
            "json",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/clerk.toml",
        ],
    );
    insta::assert_snapshot!("explain_json", json);
    let form = run(
        "zh",
        &[
            "explain",
            "--format",
            "form",
            "--policy",
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/clerk.toml",
        ],
    );
    insta::assert_snapshot!("explain_form", form);
}

#[test]
fn policy_tests_pass_and_fail_as_they_should() {
    let shipped = run("en", &["test", "policies/tests/"]);
    assert!(shipped.starts_with("exit: 0"), "{shipped}");
    assert!(shipped.contains(" 0 failed"), "{shipped}");
    let failing = run("en", &["test", "tests/fixtures/failing-cases.toml"]);
    insta::assert_snapshot!("test_failing", failing);
}

#[test]
fn diff_of_two_revisions() {
    let out = run(
        "en",
        &[
            "diff",
            POLICY,
            "tests/policies/revisions/notice-2024.policy",
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/mixed.jsonl",
            "tests/fixtures/clerk.toml",
        ],
    );
    insta::assert_snapshot!("diff_revisions", out);
    let same = run(
        "en",
        &[
            "diff",
            POLICY,
            POLICY,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "tests/fixtures/mixed.jsonl",
        ],
    );
    assert!(same.starts_with("exit: 0"), "{same}");
}

#[test]
fn revision_folders_choose_the_policy_in_force() {
    let dir = std::env::temp_dir().join(format!("xueshi-cli-revisions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(format!("{root}/{POLICY}"), dir.join("a.policy")).unwrap();
    std::fs::copy(
        format!("{root}/tests/policies/revisions/notice-2024.policy"),
        dir.join("b.policy"),
    )
    .unwrap();
    let folder = dir.to_str().unwrap();
    let at = |date: &str| {
        run(
            "en",
            &[
                "eval",
                "--policy",
                folder,
                "--as-of",
                date,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "--format",
                "csv",
                "tests/fixtures/mixed.jsonl",
            ],
        )
    };
    assert!(at("2023-06-01").contains("(") && at("2023-06-01").contains("1.0.0"));
    assert!(at("2024-06-01").contains("2.0.0"));
    assert!(at("2020-01-01").starts_with("exit: 2"));
    std::fs::copy(dir.join("b.policy"), dir.join("c.policy")).unwrap();
    let both = at("2024-06-01");
    assert!(
        both.starts_with("exit: 2") && both.contains("two revisions"),
        "{both}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
