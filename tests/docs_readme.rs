//! The README and the docs tell the truth: their policy examples check without a warning,
//! the README's policy is the file it names, and its main command runs as it says.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn xueshi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xueshi"))
        .args(args)
        .current_dir(ROOT)
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .output()
        .unwrap()
}

#[test]
fn the_readme_policy_is_the_checked_example_file() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let file = std::fs::read_to_string(Path::new(ROOT).join("docs/examples/brief.policy")).unwrap();
    // The file starts with a comment line and a blank line that the README leaves out.
    let body = file.splitn(3, '\n').nth(2).unwrap();
    assert!(
        readme.contains(&format!("```text\n{body}```")),
        "README.md's policy block differs from docs/examples/brief.policy"
    );
}

#[test]
fn every_policy_of_the_docs_checks_without_warnings_and_is_formatted() {
    let mut policies: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("docs/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    policies.sort();
    assert!(!policies.is_empty());
    let mut args = vec!["check", "--deny-warnings"];
    args.extend(policies.iter().map(String::as_str));
    let out = xueshi(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut args = vec!["fmt", "--check"];
    args.extend(policies.iter().map(String::as_str));
    let out = xueshi(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Every `console` block of the README that runs `xueshi` shows what it prints today.
#[test]
fn the_readmes_console_examples_are_current() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let Some((command, shown)) = block.split_once('\n') else {
            continue;
        };
        let Some(args) = command.strip_prefix("$ xueshi ") else {
            continue;
        };
        let args: Vec<&str> = args.split_whitespace().collect();
        let out = xueshi(&args);
        let printed = if out.stdout.is_empty() {
            out.stderr
        } else {
            out.stdout
        };
        assert_eq!(
            String::from_utf8_lossy(&printed),
            shown,
            "README example `{command}` is out of date"
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} README examples found");
}
