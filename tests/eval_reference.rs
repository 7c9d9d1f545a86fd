//! xueshi and the reference agree: the notice written by hand in Rust
//! (`../shared/reference/baseline`, not part of the project) and `xueshi eval` rule the same
//! 20,000 records of the reference's generator (`gen.py 20000 16`, about 1% invalid records of
//! 13 kinds) alike, record by record, for annual, title_review and promotion: id, status, and
//! every figure (total, specialty, public, shortfall), of every year for the multi-year
//! purposes. So that speed work cannot change a result.
//!
//! The test builds the reference (`cargo build --release` of its manifest into
//! `target/reference`) and runs the built `xueshi` binary. The reference is looked for in
//! `$XUESHI_REFERENCE`, then `../shared/reference` and `../../shared/reference` from the
//! crate; when none holds it the test says so on stderr and passes without comparing. Once it
//! is found, a failure to build or run it, or a missing `python3`, fails the test.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::value::RawValue;

/// Records generated, and the generator's seed.
const RECORDS: usize = 20_000;
const SEED: u32 = 16;
const YEAR: &str = "2023";
const PURPOSES: [&str; 3] = ["annual", "title_review", "promotion"];

/// The reference's folder (holding `baseline/` and `gen.py`), if it is there.
fn reference_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = std::env::var_os("XUESHI_REFERENCE")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            root.join("../shared/reference"),
            root.join("../../shared/reference"),
        ]);
    candidates
        .into_iter()
        .find(|dir| dir.join("baseline/Cargo.toml").is_file() && dir.join("gen.py").is_file())
}

/// Builds the reference into `target/reference` and returns its binary.
fn build_reference(dir: &Path) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("reference");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(dir.join("baseline/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("running cargo to build the reference");
    assert!(status.success(), "building the reference failed: {status}");
    target.join("release/baseline")
}

/// One year's figures, as the output's number texts (trailing decimal zeros dropped).
#[derive(Debug, PartialEq, Eq)]
struct Figures {
    year: Option<String>,
    status: String,
    total: Option<String>,
    specialty: Option<String>,
    public: Option<String>,
    shortfall: Option<String>,
}

/// What both programs must agree on for one record.
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    id: Option<String>,
    figures: Figures,
    years: Vec<Figures>,
}

#[derive(Deserialize)]
struct YearLine<'a> {
    #[serde(borrow)]
    year: Option<&'a RawValue>,
    status: String,
    #[serde(borrow)]
    total: Option<&'a RawValue>,
    #[serde(borrow)]
    specialty: Option<&'a RawValue>,
    #[serde(borrow)]
    public: Option<&'a RawValue>,
    #[serde(borrow)]
    shortfall: Option<&'a RawValue>,
}

/// A line of either output: the record's own figures, and its years' (multi-year purposes).
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    year: Option<&'a RawValue>,
    status: String,
    #[serde(borrow)]
    total: Option<&'a RawValue>,
    #[serde(borrow)]
    specialty: Option<&'a RawValue>,
    #[serde(borrow)]
    public: Option<&'a RawValue>,
    #[serde(borrow)]
    shortfall: Option<&'a RawValue>,
    #[serde(default, borrow)]
    years: Vec<YearLine<'a>>,
}

/// A JSON scalar's text, numbers without trailing decimal zeros (`12.50` is `12.5`).
fn text(raw: Option<&RawValue>) -> Option<String> {
    let raw = raw?.get();
    if raw == "null" {
        return None;
    }
    if raw.contains('.') && !raw.starts_with('"') {
        return Some(raw.trim_end_matches('0').trim_end_matches('.').to_string());
    }
    Some(raw.to_string())
}

fn figures(line: &YearLine) -> Figures {
    Figures {
        year: text(line.year),
        status: line.status.clone(),
        total: text(line.total),
        specialty: text(line.specialty),
        public: text(line.public),
        shortfall: text(line.shortfall),
    }
}

/// The summaries of a JSONL output, one a line.
fn summaries(jsonl: &str) -> Vec<Summary> {
    jsonl
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let l: Line = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("output line {}: {e}: {line}", i + 1));
            // An invalid record has no figures (the programs word its errors differently).
            let valid = l.status != "invalid";
            let figure = |raw| if valid { text(raw) } else { None };
            Summary {
                id: text(l.id),
                figures: Figures {
                    year: text(l.year),
                    total: figure(l.total),
                    specialty: figure(l.specialty),
                    public: figure(l.public),
                    shortfall: figure(l.shortfall),
                    status: l.status,
                },
                years: l.years.iter().map(figures).collect(),
            }
        })
        .collect()
}

/// Runs a program to its end and returns its stdout; exit 0 or 1 (some records invalid).
fn run(command: &mut Command) -> String {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running {command:?}: {e}"));
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{command:?} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn xueshi_and_the_reference_agree_on_every_ruling() {
    let Some(dir) = reference_dir() else {
        eprintln!(
            "eval_reference: skipped: the reference (shared/reference with baseline/ and \
             gen.py) is not beside the crate; set XUESHI_REFERENCE to its folder"
        );
        return;
    };
    let reference = build_reference(&dir);
    let scratch = tempfile::tempdir().unwrap();
    let records = scratch.path().join("people.jsonl");
    let generated = Command::new("python3")
        .arg(dir.join("gen.py"))
        .args([RECORDS.to_string(), SEED.to_string()])
        .stdout(std::fs::File::create(&records).unwrap())
        .status()
        .expect("python3 runs gen.py (CI has python3)");
    assert!(generated.success(), "gen.py failed: {generated}");

    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/notice-2022.policy");
    for purpose in PURPOSES {
        let theirs = summaries(&run(Command::new(&reference)
            .args(["--purpose", purpose, "--year", YEAR])
            .arg(&records)));
        let ours = summaries(&run(Command::new(env!("CARGO_BIN_EXE_xueshi"))
            .args(["eval", "--policy"])
            .arg(&policy)
            .args([
                "--purpose",
                purpose,
                "--year",
                YEAR,
                "--format",
                "jsonl",
                "-q",
            ])
            .arg(&records)));
        assert_eq!(ours.len(), RECORDS, "{purpose}: one ruling per record");
        assert_eq!(theirs.len(), RECORDS, "{purpose}: the reference's rulings");
        let disagreements: Vec<String> = ours
            .iter()
            .zip(&theirs)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| format!("record {}:\n  xueshi    {a:?}\n  reference {b:?}", i + 1))
            .collect();
        assert!(
            disagreements.is_empty(),
            "{purpose}: {} of {RECORDS} rulings differ; the first:\n{}",
            disagreements.len(),
            disagreements[..disagreements.len().min(5)].join("\n")
        );
        // The comparison saw every kind of outcome, not only one.
        let statuses: std::collections::BTreeSet<&str> =
            ours.iter().map(|s| s.figures.status.as_str()).collect();
        assert!(
            statuses.len() >= 3 && statuses.contains("invalid"),
            "{purpose}: too few kinds of ruling to compare: {statuses:?}"
        );
        if purpose != "annual" {
            assert!(
                ours.iter().filter(|s| s.years.len() >= 2).count() > RECORDS / 2,
                "{purpose}: the years of a multi-year ruling were not compared"
            );
        }
    }
}
