//! The tools for policy editors as a user runs them: `--error-format json`, `explain-error`,
//! completions and the man page, `test --update`, coverage and `doc`. The built binary, with
//! stdout, stderr and the exit code snapshotted; every run passes `--color never`.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What a run printed and returned.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `xueshi --color never ARGS` in `dir` (the language is among `args`).
fn xueshi_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_xueshi"))
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the xueshi binary runs");
    Run {
        code: output.status.code().expect("xueshi exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn xueshi(args: &[&str]) -> Run {
    xueshi_in(root(), args)
}

/// The run as a transcript for a snapshot.
fn transcript(args: &[&str], run: &Run) -> String {
    format!(
        "$ xueshi --color never {}\nexit code: {}\n---------------------------------------- stdout\n{}---------------------------------------- stderr\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    )
}

/// Runs in the repository and snapshots the transcript; returns the run.
fn snapshot(name: &str, args: &[&str]) -> Run {
    let run = xueshi(args);
    insta::assert_snapshot!(name, transcript(args, &run));
    run
}

/// Every line of `text` parsed as a JSON object.
fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// A fresh directory of its own under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("xueshi-tools-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary directory is created");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SHIPPED: &str = "policies/notice-2022.policy";

// ---------------------------------------------------------------- --error-format json

#[test]
fn check_findings_as_json_lines() {
    let args = [
        "--lang",
        "en",
        "check",
        "--error-format",
        "json",
        "tests/policies/check/several-errors.policy",
    ];
    let run = snapshot("check_json", &args);
    assert_eq!(run.code, 1);
    let findings = json_lines(&run.stdout);
    assert!(findings.len() > 1);
    for f in &findings {
        // Every finding has its place, a stable code and a message.
        assert!(f["line"].as_u64().unwrap() >= 1);
        assert!(f["span"]["end"].as_u64() >= f["span"]["start"].as_u64());
        assert!(f["code"].as_str().unwrap().starts_with("X02"));
        assert!(!f["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn check_json_carries_the_suggestion_in_the_chosen_language() {
    let path = "tests/policies/check/unknown-name-function.policy";
    assert!(root().join(path).exists());
    let en = json_lines(&xueshi(&["--lang", "en", "check", "--error-format", "json", path]).stdout);
    let zh = json_lines(&xueshi(&["--lang", "zh", "check", "--error-format", "json", path]).stdout);
    let en = &en[0];
    let zh = &zh[0];
    assert_eq!(en["suggestion"], zh["suggestion"]);
    assert!(en["suggestion"].is_string(), "{en}");
    assert_ne!(en["message"], zh["message"]);
    assert_eq!(en["code"], zh["code"]);
}

#[test]
fn a_valid_policy_has_no_json_finding() {
    let run = xueshi(&["--lang", "en", "check", "--error-format", "json", SHIPPED]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn test_failures_as_json_lines() {
    let args = [
        "--lang",
        "en",
        "test",
        "--error-format",
        "json",
        "tests/fixtures/failing-cases.toml",
    ];
    let run = snapshot("test_json", &args);
    assert_eq!(run.code, 1);
    for f in json_lines(&run.stdout) {
        assert_eq!(f["name"], "test::mismatch");
    }
}

#[test]
fn fmt_check_as_json_lines() {
    let args = [
        "--lang",
        "en",
        "fmt",
        "--check",
        "--error-format",
        "json",
        "tests/policies/fmt/one-line.policy",
    ];
    let run = snapshot("fmt_check_json", &args);
    assert_eq!(run.code, 1);
    let f = &json_lines(&run.stdout)[0];
    assert_eq!(f["code"], "X0501");
}

#[test]
fn eval_record_errors_as_json_lines_on_stderr() {
    let args = [
        "--lang",
        "en",
        "eval",
        "--policy",
        SHIPPED,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "jsonl",
        "--error-format",
        "json",
        "tests/fixtures/mixed.jsonl",
    ];
    let run = xueshi(&args);
    assert_eq!(run.code, 1);
    // The rulings are unchanged on stdout; the errors are on stderr, one per line.
    let plain: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != "--error-format" && *a != "json")
        .collect();
    assert_eq!(run.stdout, xueshi(&plain).stdout);
    insta::assert_snapshot!("eval_errors_json", run.stderr);
    let findings = json_lines(&run.stderr);
    assert_eq!(findings.len(), 6);
    assert_eq!(findings[2]["record"]["path"], "activities[0].level");
    assert_eq!(findings[2]["suggestion"], "national");
}

// ---------------------------------------------------------------- explain-error

#[test]
fn explain_error_by_code_and_by_name() {
    let by_code = xueshi(&["explain-error", "X0201"]);
    let by_name = xueshi(&["explain-error", "check::unknown-name"]);
    assert_eq!(by_code.code, 0);
    assert_eq!(by_code.stdout, by_name.stdout);
    insta::assert_snapshot!("explain_error", by_code.stdout);
    let unknown = xueshi(&["--lang", "en", "explain-error", "X9999"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("X9999"), "{}", unknown.stderr);
}

/// Every code the program can print is in `docs/errors.md`, and so in `explain-error`.
#[test]
fn every_code_in_the_source_is_explained() {
    let listed = xueshi(&["explain-error", "--list"]).stdout;
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let mut missing = Vec::new();
    for (file, stage) in [
        ("src/diagnostics/parse.rs", "parse::"),
        ("src/check/error.rs", "check::"),
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        for piece in text.split('"').skip(1).step_by(2) {
            if piece.starts_with(stage) && !names.contains(&piece) {
                missing.push(piece.to_string());
            }
        }
    }
    // Record codes are written without their stage in `RecordErrorKind::code`.
    let record = std::fs::read_to_string(root().join("src/record/error.rs")).unwrap();
    let code_fn = record.split("pub fn code").nth(1).unwrap();
    let code_fn = code_fn.split("\n    }\n").next().unwrap();
    for piece in code_fn.split('"').skip(1).step_by(2) {
        let name = format!("record::{piece}");
        if !names.contains(&name.as_str()) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "not in docs/errors.md: {missing:?}");
    assert!(names.len() > 60);
}

// ---------------------------------------------------------------- completions and man pages

#[test]
fn completions_know_every_verb_and_option() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = xueshi(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["explain-error", "error-format", "deny-warnings", "purpose"] {
            assert!(run.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    let run = xueshi(&["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}

#[test]
fn man_pages_from_the_command_definitions() {
    let run = xueshi(&["man"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(".TH xueshi 1"), "{}", run.stdout);
    assert!(run.stdout.contains("explain\\-error"), "{}", run.stdout);
    let dir = TempDir::new("man");
    let pages = dir.0.join("man1");
    let run = xueshi(&["man", "--dir", pages.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = std::fs::read_to_string(pages.join("xueshi-check.1")).unwrap();
    assert!(check.contains("deny\\-warnings"), "{check}");
    assert!(pages.join("xueshi.1").exists() && pages.join("xueshi-test.1").exists());
}

// ---------------------------------------------------------------- test --update and --review

/// `tests/fixtures/failing-cases.toml` in a directory of its own, naming the shipped policy by
/// its absolute path; returns the directory and the file's text.
fn failing_cases_copy(test: &str) -> (TempDir, String) {
    let dir = TempDir::new(test);
    let text = std::fs::read_to_string(root().join("tests/fixtures/failing-cases.toml"))
        .unwrap()
        .replace(
            "\"../../policies/notice-2022.policy\"",
            &format!("{:?}", root().join(SHIPPED).display().to_string()),
        );
    std::fs::write(dir.0.join("cases.toml"), &text).unwrap();
    (dir, text)
}

#[test]
fn update_rewrites_failing_expectations_and_keeps_the_rest() {
    let (dir, before) = failing_cases_copy("update");
    let run = xueshi_in(&dir.0, &["--lang", "en", "test", "--update", "cases.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stdout = run.stdout.replace(&root().display().to_string(), "<repo>");
    insta::assert_snapshot!(
        "test_update",
        format!("{stdout}---- stderr\n{}", run.stderr)
    );
    let after = std::fs::read_to_string(dir.0.join("cases.toml")).unwrap();
    // Exactly the two failing values change; comments and order stay.
    let expected =
        before
            .replacen("total = 36", "total = 30", 1)
            .replacen("hours = 36", "hours = 30", 1);
    assert_eq!(after, expected);
    let again = xueshi_in(&dir.0, &["--lang", "en", "test", "cases.toml"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    // Nothing left to update: the file is not touched.
    let run = xueshi_in(&dir.0, &["--lang", "en", "test", "--update", "cases.toml"]);
    assert_eq!(run.code, 0);
    assert!(!run.stderr.contains("updated"), "{}", run.stderr);
}

#[test]
fn review_refuses_without_a_terminal() {
    let (dir, before) = failing_cases_copy("review");
    let run = xueshi_in(&dir.0, &["--lang", "en", "test", "--review", "cases.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("terminal"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.0.join("cases.toml")).unwrap(),
        before
    );
}

// ---------------------------------------------------------------- coverage

#[test]
fn test_coverage_of_the_shipped_policy() {
    let args = ["--lang", "en", "test", "--coverage", "policies/tests/"];
    let run = xueshi(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = &run.stdout[run.stdout.find("coverage of").unwrap()..];
    insta::assert_snapshot!("test_coverage", report);
    // The gaps README lists are exactly those the report finds.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for line in report.lines().filter(|l| l.contains("never reached")) {
        let rule = line.split_whitespace().skip(1).take_while(|w| *w != "0");
        let rule = rule.collect::<Vec<_>>().join(" ");
        assert!(
            readme.contains(&format!("`{rule}`")),
            "README lacks the gap `{rule}`"
        );
    }
}

#[test]
fn test_coverage_counts_each_match_arm() {
    // Arms of a `match` in a `let` (one holding another `match`), an `invalid when`, a
    // `reject when` and a status: some taken, some never.
    let args = [
        "--lang",
        "en",
        "test",
        "--coverage",
        "tests/policies/coverage/arms.toml",
    ];
    let run = xueshi(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = &run.stdout[run.stdout.find("coverage of").unwrap()..];
    insta::assert_snapshot!("test_coverage_arms", report);
    // The arms count towards --min-coverage: 11 of 16 is 68.75%.
    let at = |min: &str| {
        let mut args = args.to_vec();
        args.retain(|a| *a != "--coverage");
        args.splice(3..3, ["--min-coverage", min]);
        xueshi(&args).code
    };
    assert_eq!(at("68"), 0);
    assert_eq!(at("69"), 1);
}

#[test]
fn min_coverage_fails_below_the_threshold() {
    let below = xueshi(&[
        "--lang",
        "en",
        "test",
        "--min-coverage",
        "100",
        "policies/tests/",
    ]);
    assert_eq!(below.code, 1);
    assert!(
        below.stderr.contains("is below --min-coverage 100%"),
        "{}",
        below.stderr
    );
    let above = xueshi(&[
        "--lang",
        "en",
        "test",
        "--min-coverage",
        "50",
        "policies/tests/",
    ]);
    assert_eq!(above.code, 0, "{}", above.stderr);
}

#[test]
fn eval_coverage_counts_the_purpose_asked_for() {
    let args = [
        "--lang",
        "en",
        "eval",
        "--policy",
        SHIPPED,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "jsonl",
        "--coverage",
        "examples/people.jsonl",
    ];
    let run = xueshi(&args);
    // The example batch holds invalid records on purpose.
    assert_eq!(run.code, 1);
    let report = &run.stderr[run.stderr.find("coverage of").unwrap()..];
    assert!(!report.contains("title_review"), "{report}");
    assert!(report.contains("annual: status shortfall"), "{report}");
    // The rulings on stdout are those of a run without --coverage.
    let plain: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != "--coverage")
        .collect();
    assert_eq!(run.stdout, xueshi(&plain).stdout);
}

// ---------------------------------------------------------------- doc

#[test]
fn doc_markdown_of_the_shipped_policy() {
    let run = xueshi(&["--lang", "en", "doc", "--format", "md", SHIPPED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("doc_md", run.stdout);
    // Every paragraph of the notice's text is on the page.
    let notice = std::fs::read_to_string(root().join("policies/notice-2022.notice.md")).unwrap();
    for paragraph in notice
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let first = paragraph.lines().next().unwrap();
        assert!(run.stdout.contains(first), "missing: {first}");
    }
}

#[test]
fn doc_html_is_one_self_contained_page() {
    let dir = TempDir::new("doc");
    let out = dir.0.join("policy.html");
    let run = xueshi(&["--lang", "zh", "doc", SHIPPED, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    assert!(html.contains("未编码"));
    // Each rule links to its line, and every line of the policy is there to link to.
    let lines = std::fs::read_to_string(root().join(SHIPPED))
        .unwrap()
        .lines()
        .count();
    assert!(html.contains(&format!("id=\"L{lines}\"")));
    assert!(html.contains("<a href=\"#L20\">L20</a>"));
    // Markup in the policy's text is escaped.
    assert!(html.contains("require total &gt;= annual_minimum"));
}

#[test]
fn doc_without_a_notice_text_says_where_to_put_it() {
    let policy = "tests/policies/second/cpd-points.policy";
    let run = xueshi(&["--lang", "en", "doc", policy]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cpd-points.notice.md"),
        "{}",
        run.stderr
    );
    // With a notice text given, the same policy runs unchanged.
    let dir = TempDir::new("doc-second");
    let notice = dir.0.join("regs.md");
    std::fs::write(
        &notice,
        "A member shall obtain at least 30 CPD points in each calendar year.\n\nUnrelated.\n",
    )
    .unwrap();
    let run = xueshi(&[
        "--lang",
        "en",
        "doc",
        "--format",
        "md",
        "--notice",
        notice.to_str().unwrap(),
        policy,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("**§2.1**"), "{}", run.stdout);
    assert!(
        run.stdout.contains("> Unrelated.\n\n*not encoded*"),
        "{}",
        run.stdout
    );
}
