//! The formatter: snapshots of `tests/policies/fmt/*.policy` formatted, and, for every policy
//! file of the repository that parses, the formatter's promises: formatting twice changes
//! nothing, the formatted text parses to the same file (items and comments), and no comment
//! is lost.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use xueshi::syntax::ast::PolicyFile;
use xueshi::syntax::{format_policy, parse_policy};

fn parse_ok(text: &str, name: &str) -> PolicyFile {
    let (file, errors) = parse_policy(text);
    assert!(errors.is_empty(), "{name} does not parse: {errors:?}");
    file
}

fn fmt(text: &str, name: &str) -> String {
    let file = parse_ok(text, name);
    format_policy(&file, text)
}

#[test]
fn formatted() {
    insta::glob!("policies/fmt/*.policy", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(fmt(&text, &path.display().to_string()));
    });
}

/// Every `.policy` file under `dir`, recursively.
fn policy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            policy_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "policy") {
            out.push(path);
        }
    }
}

fn comment_texts(file: &PolicyFile) -> Vec<String> {
    let mut texts: Vec<String> = file.comments.iter().map(|c| c.text.clone()).collect();
    texts.sort();
    texts
}

#[test]
fn every_policy_file_formats_stably() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["policies", "tests", "examples"] {
        policy_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let (original, errors) = parse_policy(&text);
        if !errors.is_empty() {
            continue;
        }
        checked += 1;
        let once = format_policy(&original, &text);
        let (reparsed, errors) = parse_policy(&once);
        if !errors.is_empty() {
            failures.push(format!(
                "{name}: the formatted text does not parse: {errors:?}"
            ));
            continue;
        }
        if comment_texts(&reparsed) != comment_texts(&original) {
            failures.push(format!("{name}: comments differ after formatting"));
        }
        if reparsed != original {
            failures.push(format!("{name}: parse(fmt(p)) != parse(p)"));
        }
        let twice = format_policy(&reparsed, &once);
        if twice != once {
            failures.push(format!(
                "{name}: fmt(fmt(p)) != fmt(p)\n--- once\n{once}\n--- twice\n{twice}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The shipped policy, the corpus and the formatter's inputs: the walk must find them.
    assert!(checked >= 80, "only {checked} policy files were checked");
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("policies/notice-2022.policy")),
        "the shipped policy was not found"
    );
}

#[test]
fn the_shipped_policy_is_formatted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/notice-2022.policy");
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(fmt(&text, "notice-2022.policy"), text);
}

/// Expressions as a policy author might write them: every operator, prefix and postfix,
/// quantities with rates, calls, `if`, and parentheses anywhere (redundant or not).
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("2".to_string()),
        Just("2/3".to_string()),
        Just("8 hours".to_string()),
        Just("8 hours/day".to_string()),
        Just("1 credit per 3 hours".to_string()),
        Just("true".to_string()),
        Just("\"x\"".to_string()),
        Just("sum of credits".to_string()),
        Just("days(a, b)".to_string()),
        Just("sum of credits in x over years".to_string()),
        Just("min of a over years".to_string()),
        Just("count of years where (a or b)".to_string()),
    ];
    leaf.prop_recursive(5, 40, 3, |inner| {
        let op = prop_oneof![
            Just("or"),
            Just("and"),
            Just("=="),
            Just("!="),
            Just("<"),
            Just(">="),
            Just("in"),
            Just("not in"),
            Just("otherwise"),
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
        ];
        prop_oneof![
            // Operands in parentheses half the time, so that nested operators are often
            // grouped against their precedence.
            (inner.clone(), op, inner.clone(), any::<(bool, bool)>()).prop_map(
                |(a, op, b, (pa, pb))| {
                    let wrap = |s: String, p: bool| if p { format!("({s})") } else { s };
                    format!("{} {op} {}", wrap(a, pa), wrap(b, pb))
                }
            ),
            inner.clone().prop_map(|a| format!("({a})")),
            inner.clone().prop_map(|a| format!("not {a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            inner.clone().prop_map(|a| format!("{a} is given")),
            inner.clone().prop_map(|a| format!("{a} is not given")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(c, t, e)| format!("if {c} then {t} else {e}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the author wrote, the formatted text parses to the same tree and formats
    /// to itself.
    #[test]
    fn generated_expressions_format_to_the_same_tree(e in expression()) {
        let text = format!("const x = {e}\n");
        let (original, errors) = parse_policy(&text);
        prop_assume!(errors.is_empty());
        let once = format_policy(&original, &text);
        let (reparsed, errors) = parse_policy(&once);
        prop_assert!(errors.is_empty(), "{once} does not parse: {errors:?}");
        prop_assert_eq!(&reparsed, &original, "{} became {}", text, once);
        prop_assert_eq!(format_policy(&reparsed, &once), once);
    }
}
