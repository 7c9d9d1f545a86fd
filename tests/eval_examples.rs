//! xueshi's rulings of `examples/people.jsonl` against the rulings computed by hand in
//! `tests/expected/people.toml`: the annual ruling of 2023 (status and every figure), the
//! status of title_review and promotion for 2024, and, for invalid records, the field paths
//! their errors name. The built binary runs as a user would run it (`--format jsonl`); the
//! numbers are compared as the exact decimal text xueshi prints, never as floats.
//!
//! Every disagreement is listed before the test fails. When one shows up, re-check the hand
//! computation against notice-reading.md; do not edit an expectation to match xueshi.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde::Deserialize;
use serde_json::value::RawValue;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const POLICY: &str = "policies/notice-2022.policy";
const PEOPLE: &str = "examples/people.jsonl";
const EXPECTED: &str = "tests/expected/people.toml";

#[derive(Deserialize)]
struct Expected {
    person: Vec<Person>,
}

#[derive(Deserialize)]
struct Person {
    line: usize,
    id: String,
    name: String,
    annual_2023: Annual,
    title_review_2024: String,
    promotion_2024: String,
    #[serde(default)]
    errors: Vec<String>,
}

#[derive(Deserialize)]
struct Annual {
    status: String,
    total: Option<String>,
    specialty: Option<String>,
    public: Option<String>,
    shortfall: Option<String>,
}

/// One line of `eval --format jsonl`, numbers kept as their text.
#[derive(Deserialize)]
struct Ruling {
    id: Option<String>,
    name: Option<String>,
    status: String,
    total: Option<Box<RawValue>>,
    specialty: Option<Box<RawValue>>,
    public: Option<Box<RawValue>>,
    shortfall: Option<Box<RawValue>>,
    #[serde(default)]
    errors: Vec<RecordError>,
}

#[derive(Deserialize)]
struct RecordError {
    path: String,
}

fn expected() -> Vec<Person> {
    let path = format!("{}/{EXPECTED}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the expectations are readable");
    let expected: Expected = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    expected.person
}

/// xueshi's rulings of people.jsonl for `purpose` and `year`, one per record, in order.
fn rulings(purpose: &str, year: &str) -> Vec<Ruling> {
    let out = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["--color", "never", "--lang", "en", "eval", "--quiet"])
        .args(["--policy", POLICY, "--purpose", purpose, "--year", year])
        .args(["--format", "jsonl", PEOPLE])
        .output()
        .expect("xueshi runs");
    // Exit 1: some records are invalid, on purpose.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{purpose} {year}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{purpose} {year}: {e}: {line}"))
        })
        .collect()
}

/// A decimal's text without a redundant sign, trailing zeros or point: "12.50" → "12.5".
fn normal(decimal: &str) -> String {
    let mut text = decimal.trim().trim_start_matches('+').to_string();
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    match text.as_str() {
        "" | "-0" => "0".to_string(),
        _ => text,
    }
}

/// Records in `problems` every way `got` differs from `want` for one person.
fn compare(
    purpose: &str,
    want: &Person,
    want_status: &str,
    got: &Ruling,
    problems: &mut Vec<String>,
) {
    let who = format!("line {} {} ({})", want.line, want.name, want.id);
    let mut differ = |field: &str, want: &str, got: &str| {
        if want != got {
            problems.push(format!(
                "{who}: {purpose} {field}: expected {want}, xueshi says {got}"
            ));
        }
    };
    differ("id", &want.id, got.id.as_deref().unwrap_or("(none)"));
    differ("name", &want.name, got.name.as_deref().unwrap_or("(none)"));
    differ("status", want_status, &got.status);
    if want_status == "invalid" {
        let mut want_paths = want.errors.clone();
        let mut got_paths: Vec<String> = got.errors.iter().map(|e| e.path.clone()).collect();
        want_paths.sort();
        got_paths.sort();
        differ("error paths", &want_paths.join(", "), &got_paths.join(", "));
    }
}

#[test]
fn xueshi_agrees_with_the_hand_computed_rulings() {
    let people = expected();
    for (i, person) in people.iter().enumerate() {
        assert_eq!(
            person.line,
            i + 1,
            "{EXPECTED}: people are listed line by line"
        );
    }
    let mut problems = Vec::new();

    let annual = rulings("annual", "2023");
    let title_review = rulings("title_review", "2024");
    let promotion = rulings("promotion", "2024");
    for (purpose, got) in [
        ("annual 2023", &annual),
        ("title_review 2024", &title_review),
        ("promotion 2024", &promotion),
    ] {
        if got.len() != people.len() {
            problems.push(format!(
                "{purpose}: {} rulings for {} expected people",
                got.len(),
                people.len()
            ));
        }
    }

    for (i, want) in people.iter().enumerate() {
        if let Some(got) = annual.get(i) {
            compare(
                "annual 2023",
                want,
                &want.annual_2023.status,
                got,
                &mut problems,
            );
            let figures = [
                ("total", &want.annual_2023.total, &got.total),
                ("specialty", &want.annual_2023.specialty, &got.specialty),
                ("public", &want.annual_2023.public, &got.public),
                ("shortfall", &want.annual_2023.shortfall, &got.shortfall),
            ];
            for (field, w, g) in figures {
                let w = w.as_deref().map_or("(none)".to_string(), normal);
                let g = g
                    .as_deref()
                    .map_or("(none)".to_string(), |r| normal(r.get()));
                if w != g {
                    problems.push(format!(
                        "line {} {} ({}): annual 2023 {field}: expected {w}, xueshi says {g}",
                        want.line, want.name, want.id
                    ));
                }
            }
        }
        if let Some(got) = title_review.get(i) {
            compare(
                "title_review 2024",
                want,
                &want.title_review_2024,
                got,
                &mut problems,
            );
        }
        if let Some(got) = promotion.get(i) {
            compare(
                "promotion 2024",
                want,
                &want.promotion_2024,
                got,
                &mut problems,
            );
        }
    }

    assert!(
        problems.is_empty(),
        "{} disagreement(s) between xueshi and {EXPECTED}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn decimals_are_normalised_exactly() {
    assert_eq!(normal("12.50"), "12.5");
    assert_eq!(normal("90.0"), "90");
    assert_eq!(normal("90"), "90");
    assert_eq!(normal("0.10"), "0.1");
    assert_eq!(normal("-0"), "0");
    assert_eq!(normal("100"), "100");
}
