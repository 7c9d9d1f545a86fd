//! Snapshots of xueshi over the example corpus, so that an edit of a policy shows up as a
//! reviewable snapshot diff: what changed, for whom.
//!
//! - every policy of `policies/*.policy` × every purpose it declares (read from the policy,
//!   not listed here) × the years 2022–2024, over `examples/people.jsonl`, as CSV; and, for the
//!   `annual` purpose of 2023, as JSONL (every credit, rejection and requirement);
//! - `explain` of every example TOML (`examples/*.toml`) in English and in Chinese;
//! - `diff` of the shipped policy and its fictional 2024 revision over people.jsonl, and of
//!   the shipped policy and its other reading (`policies/examples/notice-own-total.policy`)
//!   over every example (table in English and Chinese, JSON, and a multi-year purpose);
//! - the table (English, Chinese) and the explanation of every person of people.jsonl for
//!   each purpose of the shipped policy.
//!
//! One snapshot per command, named after it. The built binary runs without colour; the
//! commands run in parallel, and the snapshots are checked one by one afterwards.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const PEOPLE: &str = "examples/people.jsonl";
const SHIPPED: &str = "policies/notice-2022.policy";
const REVISION: &str = "tests/policies/revisions/notice-2024.policy";
const YEARS: [&str; 3] = ["2022", "2023", "2024"];

/// A command: the name of its snapshot and its arguments (after `--color never --lang`).
struct Run {
    snapshot: String,
    lang: &'static str,
    args: Vec<String>,
}

/// Runs xueshi in the crate's folder, without colour; returns a transcript.
fn transcript(run: &Run) -> String {
    let out = Command::new(BIN)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .args(["--color", "never", "--lang", run.lang])
        .args(&run.args)
        .output()
        .expect("xueshi runs");
    let text = format!(
        "$ xueshi --lang {} {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        run.lang,
        run.args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    without_hashes(&text)
}

/// The text with every policy hash (64 hex digits in JSON, compact or indented, or the 12
/// shown after `sha256 `) replaced by `[sha256]`: any edit changes the hash, and the snapshots should show what the
/// edit changed in the rulings, not the hash on every line. The version is still shown.
fn without_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, marker)) = ["\"sha256\":\"", "\"sha256\": \"", "sha256 "]
        .iter()
        .filter_map(|m| rest.find(m).map(|at| (at, *m)))
        .min()
    {
        let start = at + marker.len();
        out.push_str(&rest[..start]);
        let hex = rest[start..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        if hex == 64 || hex == 12 {
            out.push_str("[sha256]");
            rest = &rest[start + hex..];
        } else {
            rest = &rest[start..];
        }
    }
    out.push_str(rest);
    out
}

/// Runs every command in parallel, then checks each snapshot in order.
fn check_all(runs: Vec<Run>) {
    let transcripts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(|| transcript(run)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(true);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (run, text) in runs.iter().zip(transcripts) {
            insta::assert_snapshot!(run.snapshot.clone(), text);
        }
    });
}

/// The files of `dir` (relative to the crate) whose name ends with `.ext`, sorted, as
/// paths relative to the crate.
fn files(dir: &str, ext: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(Path::new(ROOT).join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == ext))
        .map(|path| format!("{dir}/{}", file_name(&path)))
        .collect();
    found.sort();
    found
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn stem(path: &str) -> String {
    PathBuf::from(path)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The purposes a policy declares, in its order.
fn purposes(policy: &str) -> Vec<String> {
    let compiled =
        xueshi::load_policy(Path::new(ROOT).join(policy)).unwrap_or_else(|e| panic!("{e}"));
    compiled.purposes.iter().map(|p| p.name.clone()).collect()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn hashes_are_left_out() {
    let sha = "5af168b762f896478f44eeb0e02023c36486a0eb2217a97198cd0e48509cf09e";
    assert_eq!(
        without_hashes(&format!("{{\"sha256\":\"{sha}\"}} (sha256 {})", &sha[..12])),
        "{\"sha256\":\"[sha256]\"} (sha256 [sha256])"
    );
    assert_eq!(without_hashes("sha256 abc"), "sha256 abc");
}

#[test]
fn eval_of_people_under_every_policy_purpose_and_year() {
    let policies = files("policies", "policy");
    assert!(!policies.is_empty(), "no policy in policies/");
    let mut runs = Vec::new();
    for policy in &policies {
        let purposes = purposes(policy);
        assert!(!purposes.is_empty(), "{policy} declares no purpose");
        for purpose in &purposes {
            for year in YEARS {
                runs.push(Run {
                    snapshot: format!("eval_{}_{purpose}_{year}_csv", stem(policy)),
                    lang: "en",
                    args: args(&[
                        "eval",
                        "--policy",
                        policy,
                        "--purpose",
                        purpose,
                        "--year",
                        year,
                        "--format",
                        "csv",
                        PEOPLE,
                    ]),
                });
            }
        }
        if purposes.iter().any(|p| p == "annual") {
            runs.push(Run {
                snapshot: format!("eval_{}_annual_2023_jsonl", stem(policy)),
                lang: "en",
                args: args(&[
                    "eval",
                    "--policy",
                    policy,
                    "--purpose",
                    "annual",
                    "--year",
                    "2023",
                    "--format",
                    "jsonl",
                    PEOPLE,
                ]),
            });
        }
    }
    check_all(runs);
}

#[test]
fn explain_of_every_example_in_english_and_chinese() {
    let examples = files("examples", "toml");
    assert!(!examples.is_empty(), "no TOML example in examples/");
    let mut runs = Vec::new();
    for example in &examples {
        for lang in ["en", "zh"] {
            runs.push(Run {
                snapshot: format!("explain_{}_annual_2023_{lang}", stem(example)),
                lang,
                args: args(&[
                    "explain",
                    "--policy",
                    SHIPPED,
                    "--purpose",
                    "annual",
                    "--year",
                    "2023",
                    example,
                ]),
            });
        }
    }
    check_all(runs);
}

#[test]
fn diff_of_the_shipped_policy_and_its_revision_over_people() {
    check_all(vec![Run {
        snapshot: "diff_notice-2022_notice-2024_annual_2023".to_string(),
        lang: "en",
        args: args(&[
            "diff",
            SHIPPED,
            REVISION,
            "--purpose",
            "annual",
            "--year",
            "2023",
            PEOPLE,
        ]),
    }]);
}

/// The shipped policy under the other reading of 一、1 (a one-line edit of a `require`, its
/// shortfall and the promotion test).
const OWN_TOTAL: &str = "policies/examples/notice-own-total.policy";

#[test]
fn diff_of_the_shipped_policy_and_its_other_reading_over_the_examples() {
    // Most rulings whose requirement 2 changes keep their status, figures and credits: they
    // are counted apart (requirements only), not as changed rulings.
    let mut records = vec![PEOPLE.to_string()];
    records.extend(files("examples", "toml"));
    let diff = |purpose: &str, year: &str, format: &str| {
        let mut a = args(&[
            "diff",
            SHIPPED,
            OWN_TOTAL,
            "--purpose",
            purpose,
            "--year",
            year,
            "--format",
            format,
        ]);
        a.extend(records.iter().cloned());
        a
    };
    check_all(vec![
        Run {
            snapshot: "diff_notice-2022_own-total_annual_2023_en".to_string(),
            lang: "en",
            args: diff("annual", "2023", "table"),
        },
        Run {
            snapshot: "diff_notice-2022_own-total_annual_2023_zh".to_string(),
            lang: "zh",
            args: diff("annual", "2023", "table"),
        },
        Run {
            snapshot: "diff_notice-2022_own-total_annual_2023_json".to_string(),
            lang: "en",
            args: diff("annual", "2023", "json"),
        },
        Run {
            snapshot: "diff_notice-2022_own-total_promotion_2024_en".to_string(),
            lang: "en",
            args: diff("promotion", "2024", "table"),
        },
    ]);
}

#[test]
fn table_and_explanations_of_every_person_of_the_corpus() {
    // The table in both languages, and the explanation of every person of people.jsonl
    // (every kind, every rejection cause, caps, spreads, exemptions, invalid records) for
    // each purpose: without snippets, so that the snapshots read as a clerk's report.
    let mut runs = Vec::new();
    for lang in ["en", "zh"] {
        runs.push(Run {
            snapshot: format!("eval_table_annual_2023_{lang}"),
            lang,
            args: args(&[
                "eval",
                "--policy",
                SHIPPED,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "--format",
                "table",
                PEOPLE,
            ]),
        });
        runs.push(Run {
            snapshot: format!("explain_people_annual_2023_{lang}"),
            lang,
            args: args(&[
                "explain",
                "--policy",
                SHIPPED,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "--no-snippets",
                PEOPLE,
            ]),
        });
    }
    for purpose in ["title_review", "promotion"] {
        runs.push(Run {
            snapshot: format!("explain_people_{purpose}_2024_en"),
            lang: "en",
            args: args(&[
                "explain",
                "--policy",
                SHIPPED,
                "--purpose",
                purpose,
                "--year",
                "2024",
                "--no-snippets",
                PEOPLE,
            ]),
        });
    }
    check_all(runs);
}
