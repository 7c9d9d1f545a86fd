//! The broken-policy corpus: `tests/policies/check/*.policy`, one mistake per file.
//!
//! Each file starts with a comment header:
//!
//! ```text
//! # expect: check::unknown-name      (one line per code the file produces)
//! # lang: zh                         (optional: also render in Chinese)
//! # The credit formula names `ends`, a misspelling of the field `end`.
//! ```
//!
//! For every file, the test renders each finding as `xueshi check` draws it (no colour,
//! Unicode, 100 columns) with the summary line, and snapshots it. Above the drawings the
//! snapshot lists each finding's code and the text its labels underline, so a review (and a
//! diff) shows what is pointed at rather than byte offsets. The set of codes produced must
//! equal the `# expect:` lines exactly. `every_code_is_covered` fails when no corpus file
//! expects a code the crate can produce.
//!
//! To add a case, copy a small file of the corpus, break it in one place, write the header,
//! then run `INSTA_UPDATE=always cargo test --test check_diagnostics` (or
//! `cargo insta test --accept`) and read the new `.snap` before committing it.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::Path;
use xueshi::diagnostics::{
    CheckErrorKind, Cited, ConstantFailure, HeaderProblem, NameKind, PeriodProblem, RuleKind,
    ScopeReason, StatusProblem, TypeName,
};
use xueshi::diagnostics::{Style, parse_diagnostic, render};
use xueshi::messages::Lang;
use xueshi::source::{SourceFile, Span};
use xueshi::syntax::{ParseError, ParseErrorKind};

const STYLE: Style = Style {
    color: false,
    unicode: true,
    width: 100,
};

/// Every code the crate has, by hand: the codes of `CheckErrorKind::code()` in
/// `src/check/error.rs` and the parse codes of `src/report.rs`.
const ALL_CODES: &[&str] = &[
    "parse::syntax",
    "parse::invalid-date",
    "parse::number-too-large",
    "parse::number-out-of-range",
    "parse::invalid-escape",
    "parse::zero-rate-count",
    "parse::too-deep",
    "parse::too-many-operators",
    "parse::too-large",
    "check::unknown-name",
    "check::not-in-scope",
    "check::duplicate-name",
    "check::unknown-type",
    "check::unknown-evidence",
    "check::unknown-value",
    "check::unit-mismatch",
    "check::type-mismatch",
    "check::optional-value",
    "check::needless-otherwise",
    "check::always-given",
    "check::missing-rule",
    "check::duplicate-rule",
    "check::non-exhaustive-match",
    "check::unreachable-arm",
    "check::repeated-value",
    "check::contradictory-bounds",
    "check::contradictory-cap",
    "check::unreachable-cap",
    "check::spread-loses-hours",
    "check::spread-never-splits",
    "check::not-constant",
    "check::constant-fails",
    "check::constant-cycle",
    "check::division-by-zero",
    "check::not-a-unit",
    "check::bidi-control",
    "check::requirement-not-comparison",
    "check::status-order",
    "check::quantifier-without-test",
    "check::periods",
    "check::nothing-carried",
    "check::field-attribute",
    "check::not-a-category",
    "check::credit-unit-mismatch",
    "check::reserved-name",
    "check::header",
    "check::missing-item",
    "check::arity",
    "check::misplaced",
    "check::missing-citation",
    "check::unused",
    "check::strict-make-up",
    "check::make-up-unreachable",
];

/// Codes no policy text can produce, so no corpus file can expect them.
///
/// `check::misplaced` is reported for a statement in a block that does not admit it, but the
/// grammar (`kind_stmt`, `exemption_stmt`, `year_stmt`, `purpose_stmt`) already rejects every
/// such statement as a syntax error; the checker's arm only guards against a grammar defect.
const UNREACHABLE_FROM_TEXT: &[&str] = &[
    "check::misplaced",
    // A policy over 4 MiB: too big to keep in the corpus; `tests/input_limits.rs` covers it.
    "parse::too-large",
];

/// What a corpus file's header says.
struct Header {
    expect: BTreeSet<String>,
    chinese: bool,
}

fn header(text: &str) -> Header {
    let mut expect = BTreeSet::new();
    let mut chinese = false;
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(code) = line.strip_prefix("# expect:") {
            expect.insert(code.trim().to_string());
        } else if let Some(lang) = line.strip_prefix("# lang:") {
            assert_eq!(lang.trim(), "zh", "unknown `# lang:` {lang}");
            chinese = true;
        }
    }
    Header { expect, chinese }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every finding of `text`, drawn, after a list of codes and underlined texts; and the set of
/// codes.
fn render_findings(name: &str, text: &str, lang: Lang) -> (String, BTreeSet<String>) {
    let source = SourceFile::new(name, text);
    let (policy, report) = xueshi::compile_policy(source.clone());
    assert_eq!(
        policy.is_some(),
        report.errors() == 0,
        "{name}: a policy is compiled exactly when there is no error"
    );
    let diagnostics = report.diagnostics(lang);
    let mut codes = BTreeSet::new();
    let mut index = String::new();
    let mut drawings = String::new();
    for d in diagnostics {
        let code = d.code.clone().unwrap_or_default();
        codes.insert(code.clone());
        let underlined: Vec<String> = d
            .labels
            .iter()
            .flatten()
            .map(|l| {
                let span = Span::new(l.offset(), l.offset() + l.len());
                format!("`{}`", source.slice(span))
            })
            .collect();
        index.push_str(&format!("{code}: {}\n", underlined.join(", ")));
        drawings.push_str(&render(d, &source, STYLE));
    }
    let out = format!("{index}\n{drawings}{}\n", report.summary(lang));
    (out, codes)
}

#[test]
fn diagnostics() {
    insta::glob!("policies/check/*.policy", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = file_name(path);
        let header = header(&text);
        assert!(
            !header.expect.is_empty(),
            "{name}: no `# expect:` line; every corpus file shows a mistake"
        );
        let (mut out, codes) = render_findings(&name, &text, Lang::En);
        assert_eq!(
            codes, header.expect,
            "{name}: the codes produced differ from the `# expect:` header"
        );
        if header.chinese {
            let (zh, zh_codes) = render_findings(&name, &text, Lang::Zh);
            assert_eq!(
                zh_codes, codes,
                "{name}: Chinese and English findings differ"
            );
            out.push_str("\n---------------------------------------- zh\n\n");
            out.push_str(&zh);
        }
        insta::assert_snapshot!(out);
    });
}

fn corpus_headers() -> Vec<(String, Header)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policies/check");
    let mut headers: Vec<(String, Header)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (file_name(&p), header(&text))
        })
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    headers
}

#[test]
fn every_code_is_covered() {
    let headers = corpus_headers();
    let expected: BTreeSet<&str> = headers
        .iter()
        .flat_map(|(_, h)| h.expect.iter().map(String::as_str))
        .collect();
    let missing: Vec<&str> = ALL_CODES
        .iter()
        .copied()
        .filter(|c| !UNREACHABLE_FROM_TEXT.contains(c) && !expected.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "no corpus file in tests/policies/check expects {missing:?}"
    );
    for (name, h) in &headers {
        for code in &h.expect {
            assert!(
                ALL_CODES.contains(&code.as_str()),
                "{name} expects `{code}`, which is not a code of the crate"
            );
        }
    }
}

#[test]
fn several_errors_are_counted_in_one_run() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policies/check/several-errors.policy");
    let text = std::fs::read_to_string(path).unwrap();
    let (_, report) = xueshi::compile_policy(SourceFile::new("several-errors.policy", text));
    assert_eq!((report.errors(), report.warnings()), (3, 1));
    assert_eq!(
        report.summary(Lang::En),
        "`several-errors.policy` has 3 errors and 1 warning"
    );
}

#[test]
fn chinese_syntax_errors_say_what_is_expected_in_chinese() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/policies/check/parse-syntax-chinese.policy");
    let text = std::fs::read_to_string(path).unwrap();
    let (_, report) = xueshi::compile_policy(SourceFile::new("parse-syntax-chinese.policy", text));
    let messages: Vec<String> = report
        .diagnostics(Lang::Zh)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(messages.len(), 2);
    for message in &messages {
        // Outside backticks (code, written as in the policy), not one Latin letter.
        let words: String = message.split('`').step_by(2).collect();
        assert!(
            !words.chars().any(|c| c.is_ascii_alphabetic()),
            "English in `{message}`"
        );
    }
    assert!(messages[0].starts_with("此处应为一个名称、"));
    assert!(messages[0].contains("`}`或运算符，"));
    assert!(messages[1].starts_with("此处应为带引号的文本、"));
}

// ---------------------------------------------------------------- the hand list is complete

/// The code of each variant, written out by hand. The match is exhaustive: a new variant of
/// `CheckErrorKind` does not compile until it is listed here, in `ALL_CODES` and in
/// `one_of_each`, and a corpus file expects it.
fn listed_code(kind: &CheckErrorKind) -> &'static str {
    use CheckErrorKind as K;
    match kind {
        K::UnknownName { .. } => "check::unknown-name",
        K::NotInScope { .. } => "check::not-in-scope",
        K::DuplicateName { .. } => "check::duplicate-name",
        K::UnknownType { .. } => "check::unknown-type",
        K::UnknownEvidence { .. } => "check::unknown-evidence",
        K::UnknownEnumValue { .. } => "check::unknown-value",
        K::UnitMismatch { .. } => "check::unit-mismatch",
        K::TypeMismatch { .. } => "check::type-mismatch",
        K::OptionalValue { .. } => "check::optional-value",
        K::NeedlessOtherwise { .. } => "check::needless-otherwise",
        K::AlwaysGiven { .. } => "check::always-given",
        K::MissingRule { .. } => "check::missing-rule",
        K::DuplicateRule { .. } => "check::duplicate-rule",
        K::NonExhaustiveMatch { .. } => "check::non-exhaustive-match",
        K::UnreachableArm { .. } | K::UselessElse => "check::unreachable-arm",
        K::RepeatedValue { .. } => "check::repeated-value",
        K::ContradictoryBounds { .. } => "check::contradictory-bounds",
        K::ContradictoryCap { .. } => "check::contradictory-cap",
        K::UnreachableCap { .. } => "check::unreachable-cap",
        K::SpreadLosesHours { .. } => "check::spread-loses-hours",
        K::SpreadNeverSplits { .. } => "check::spread-never-splits",
        K::NotConstant => "check::not-constant",
        K::ConstantFails { .. } => "check::constant-fails",
        K::ConstantCycle { .. } => "check::constant-cycle",
        K::DivisionByZero { .. } => "check::division-by-zero",
        K::NotAUnit { .. } => "check::not-a-unit",
        K::BidiControl { .. } => "check::bidi-control",
        K::RequirementNotComparison => "check::requirement-not-comparison",
        K::StatusOrder { .. } => "check::status-order",
        K::QuantifierWithoutTest => "check::quantifier-without-test",
        K::Periods { .. } => "check::periods",
        K::NothingCarried { .. } => "check::nothing-carried",
        K::FieldAttribute { .. } => "check::field-attribute",
        K::NotACategory { .. } => "check::not-a-category",
        K::CreditUnitMismatch { .. } => "check::credit-unit-mismatch",
        K::ReservedName { .. } => "check::reserved-name",
        K::Header { .. } => "check::header",
        K::MissingItem { .. } => "check::missing-item",
        K::Arity { .. } => "check::arity",
        K::Misplaced => "check::misplaced",
        K::MissingCitation { .. } => "check::missing-citation",
        K::Unused { .. } => "check::unused",
        K::StrictMakeUp { .. } => "check::strict-make-up",
        K::MakeUpUnreachable { .. } => "check::make-up-unreachable",
    }
}

/// One value of each `CheckErrorKind` variant.
fn one_of_each() -> Vec<CheckErrorKind> {
    use CheckErrorKind as K;
    let s = || String::from("x");
    let span = Span::default();
    vec![
        K::UnknownName {
            name: s(),
            what: NameKind::Value,
            suggestion: None,
        },
        K::NotInScope {
            name: s(),
            reason: ScopeReason::SumOutsideYear,
        },
        K::DuplicateName {
            name: s(),
            what: NameKind::Value,
            first: span,
        },
        K::UnknownType {
            name: s(),
            suggestion: None,
        },
        K::UnknownEvidence {
            name: s(),
            suggestion: None,
        },
        K::UnknownEnumValue {
            value: s(),
            allowed: vec![],
            suggestion: None,
        },
        K::UnitMismatch {
            op: s(),
            left: s(),
            right: s(),
            left_span: span,
            right_span: span,
        },
        K::TypeMismatch {
            expected: TypeName::Bool,
            found: TypeName::Date,
        },
        K::OptionalValue {
            name: s(),
            earlier: false,
        },
        K::OptionalValue {
            name: s(),
            earlier: true,
        },
        K::NeedlessOtherwise { name: s() },
        K::AlwaysGiven { name: s() },
        K::MissingRule {
            rule: RuleKind::Credit,
            block: s(),
        },
        K::DuplicateRule {
            rule: RuleKind::Credit,
            first: span,
        },
        K::NonExhaustiveMatch { missing: vec![] },
        K::UnreachableArm {
            value: s(),
            first: span,
        },
        K::ContradictoryCap {
            cap: s(),
            category: None,
        },
        K::UnreachableCap {
            cap: s(),
            bound: s(),
            bound_span: span,
        },
        K::SpreadLosesHours {
            years: 2,
            per_year: s(),
            placed: s(),
            cap: None,
        },
        K::SpreadNeverSplits {
            per_year: s(),
            cap: s(),
        },
        K::NotConstant,
        K::ConstantFails {
            reason: ConstantFailure::DivisionByZero,
        },
        K::ConstantCycle { name: s() },
        K::DivisionByZero {
            divisor: s(),
            divisor_span: span,
        },
        K::NotAUnit {
            name: s(),
            what: NameKind::Constant,
        },
        K::BidiControl {
            code_point: s(),
            name: "RIGHT-TO-LEFT OVERRIDE",
        },
        K::RequirementNotComparison,
        K::StrictMakeUp { make_up: span },
        K::MakeUpUnreachable {
            category: s(),
            make_up: span,
        },
        K::StatusOrder {
            problem: StatusProblem::None,
            purpose: s(),
        },
        K::QuantifierWithoutTest,
        K::Periods {
            problem: PeriodProblem::OneYear { purpose: s() },
            years: s(),
        },
        K::Periods {
            problem: PeriodProblem::Length,
            years: s(),
        },
        K::NothingCarried {
            purpose: s(),
            figure: s(),
        },
        K::FieldAttribute {
            attribute: "nonempty",
            ty: TypeName::Date,
        },
        K::NotACategory {
            field: s(),
            values: vec![],
        },
        K::CreditUnitMismatch {
            found: s(),
            expected: s(),
            first: span,
        },
        K::ReservedName { name: s() },
        K::Header {
            problem: HeaderProblem::Missing,
        },
        K::MissingItem { item: "year" },
        K::Arity {
            function: "days",
            expected: "2",
            found: 1,
        },
        K::Misplaced,
        K::MissingCitation {
            what: Cited::Rule("credit"),
        },
        K::UselessElse,
        K::RepeatedValue {
            value: s(),
            first: span,
        },
        K::ContradictoryBounds {
            least: s(),
            most: s(),
        },
        K::Unused {
            name: s(),
            what: NameKind::Value,
        },
    ]
}

/// The parse code of each variant, exhaustively (see `listed_code`).
fn parse_sample(kind: ParseErrorKind) -> (&'static str, ParseError) {
    let listed = match &kind {
        ParseErrorKind::Syntax { .. } => "parse::syntax",
        ParseErrorKind::InvalidDate(_) => "parse::invalid-date",
        ParseErrorKind::NumberTooLarge(_) => "parse::number-too-large",
        ParseErrorKind::NumberOutOfRange(_) => "parse::number-out-of-range",
        ParseErrorKind::InvalidEscape(_) => "parse::invalid-escape",
        ParseErrorKind::ZeroRateCount(_) => "parse::zero-rate-count",
        ParseErrorKind::TooDeep => "parse::too-deep",
        ParseErrorKind::TooManyOperators => "parse::too-many-operators",
        ParseErrorKind::TooLarge => "parse::too-large",
    };
    (
        listed,
        ParseError {
            kind,
            span: Span::default(),
        },
    )
}

#[test]
fn the_hand_list_is_the_crates_list() {
    let mut crate_codes = BTreeSet::new();
    for kind in one_of_each() {
        assert_eq!(listed_code(&kind), kind.code(), "{kind:?}");
        crate_codes.insert(kind.code().to_string());
    }
    for kind in [
        ParseErrorKind::Syntax {
            expected: vec![],
            found: None,
        },
        ParseErrorKind::InvalidDate(String::new()),
        ParseErrorKind::NumberTooLarge(String::new()),
        ParseErrorKind::NumberOutOfRange(String::new()),
        ParseErrorKind::InvalidEscape(String::new()),
        ParseErrorKind::ZeroRateCount(String::new()),
        ParseErrorKind::TooDeep,
        ParseErrorKind::TooManyOperators,
        ParseErrorKind::TooLarge,
    ] {
        let (listed, error) = parse_sample(kind);
        let code = parse_diagnostic(&error, Lang::En).code.unwrap_or_default();
        assert_eq!(listed, code);
        crate_codes.insert(code);
    }
    let hand: BTreeSet<String> = ALL_CODES.iter().map(|c| c.to_string()).collect();
    assert_eq!(hand.len(), ALL_CODES.len(), "ALL_CODES lists a code twice");
    assert_eq!(hand, crate_codes);
}
