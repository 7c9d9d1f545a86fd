//! The example regimes of `policies/examples/`: other regimes written in the policy language
//! alone, each with its own policy tests of at least ten cases computed by hand. This runs
//! `xueshi test` (the built binary) on every test file of `policies/examples/tests/`, as a
//! policy author would, and requires every case to pass.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every policy test file of the example regimes.
fn regime_tests() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/examples/tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_regime_passes_its_own_tests() {
    let files = regime_tests();
    assert!(!files.is_empty(), "no example regime was found");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let cases = text.lines().filter(|l| l.trim() == "[[case]]").count();
        assert!(
            cases >= 10,
            "{}: {cases} cases, at least 10 are needed",
            file.display()
        );
        let out = Command::new(env!("CARGO_BIN_EXE_xueshi"))
            .args(["--lang", "en", "test"])
            .arg(file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}:\n{stdout}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains(&format!("{cases} passed, 0 failed")),
            "{}: not every case ran and passed:\n{stdout}",
            file.display()
        );
    }
}

#[test]
fn every_example_policy_checks_without_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/examples");
    let mut policies: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    policies.sort();
    assert!(!policies.is_empty());
    for policy in &policies {
        let out = Command::new(env!("CARGO_BIN_EXE_xueshi"))
            .args(["--lang", "en", "check"])
            .arg(policy)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{}:\n{all}", policy.display());
        assert!(
            all.trim_end().ends_with("is valid"),
            "{} has findings:\n{all}",
            policy.display()
        );
    }
}
