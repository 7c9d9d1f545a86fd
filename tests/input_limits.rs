//! Hostile inputs give clear errors, never a crash: deep nesting, long operator chains,
//! huge numbers, long lines, deep records, duplicate keys, non-UTF-8 text.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use xueshi::syntax::{ParseErrorKind, parse_policy};

fn parse_kinds(text: &str) -> Vec<ParseErrorKind> {
    parse_policy(text).1.into_iter().map(|e| e.kind).collect()
}

#[test]
fn deeply_nested_brackets_are_an_error() {
    let text = format!(
        "const a = {}1{}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert_eq!(parse_kinds(&text), [ParseErrorKind::TooDeep]);
}

#[test]
fn long_operator_chains_are_an_error() {
    let plus = format!("const a = {}\n", vec!["1"; 5_000].join(" + "));
    assert_eq!(parse_kinds(&plus), [ParseErrorKind::TooManyOperators]);
    let nots = format!("const a = {}true\n", "not ".repeat(5_000));
    assert_eq!(parse_kinds(&nots), [ParseErrorKind::TooManyOperators]);
}

#[test]
fn operators_within_brackets_within_operators_are_bounded() {
    // Every level is within the limits; together they are too deep. Reported once.
    for (open, op) in [("(not ", ""), ("(x otherwise ", ""), ("(", " + 1")] {
        let mut e = "true".to_string();
        for _ in 0..31 {
            e = if op.is_empty() {
                format!("{open}{}{e})", "not ".repeat(100))
            } else {
                format!("({e}{})", op.repeat(120))
            };
        }
        let kinds = parse_kinds(&format!("const a = {e}\n"));
        assert_eq!(kinds, [ParseErrorKind::TooDeep], "{open}");
    }
}

#[test]
fn a_huge_policy_is_refused_before_parsing() {
    let text = format!("# {}\n", "x".repeat(5 * 1024 * 1024));
    assert_eq!(parse_kinds(&text), [ParseErrorKind::TooLarge]);
}

#[test]
fn huge_numbers_in_a_policy_are_an_error() {
    let text = format!("const a = {}\n", "9".repeat(100));
    assert!(matches!(
        parse_kinds(&text)[..],
        [ParseErrorKind::NumberTooLarge(_)]
    ));
}

fn eval(record: &str) -> Vec<String> {
    let policy = xueshi::load_policy(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/notice-2022.policy"
    ))
    .unwrap();
    let outcome = xueshi::evaluate_json(&policy, "annual", 2023, record).unwrap();
    match outcome.result {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.kind.code().to_string()).collect(),
    }
}

#[test]
fn deep_records_are_an_error() {
    let text = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(eval(&text), ["malformed"]);
}

#[test]
fn duplicate_keys_are_an_error() {
    let r = r#"{"id": "11010519491231002X", "name": "a", "name": "b"}"#;
    assert_eq!(eval(r), ["duplicate-key"]);
    // Whatever the values, and in whichever order: a null is a value given twice too.
    for (first, second) in [("null", r#""x""#), (r#""x""#, "null"), ("null", "null")] {
        let r = format!(
            r#"{{"id": "11010519491231002X", "name": "a", "unit": {first}, "unit": {second}}}"#
        );
        assert_eq!(eval(&r), ["duplicate-key"], "{first}, {second}");
        let r = format!(
            r#"{{"id": "11010519491231002X", "name": "a", "activities": [{{"kind": "exam", "date": "2023-01-01", "subjects": 1, "subjects": {first}, "subjects": {second}}}]}}"#
        );
        assert_eq!(
            eval(&r),
            ["duplicate-key", "duplicate-key"],
            "{first}, {second}"
        );
    }
}

#[test]
fn a_required_field_given_as_null_is_missing() {
    let r = r#"{"id": "11010519491231002X", "name": null}"#;
    assert_eq!(eval(r), ["missing-field"]);
}

#[test]
fn numbers_beyond_the_limits_are_an_error() {
    for hours in [
        "1e300",
        "12345678901234567",
        "0.0000000000001",
        // 1/8192 and 2^-39 terminate, but after more than 12 decimal places.
        "0.0001220703125",
        "0.000000000001818989403545856475830078125",
        &"9".repeat(400),
    ] {
        let r = format!(
            r#"{{"id": "11010519491231002X", "name": "a", "activities": [{{"kind": "online", "date": "2023-01-01", "hours": {hours}, "recognized": true}}]}}"#
        );
        assert_eq!(eval(&r), ["number-too-large"], "{hours}");
    }
    // Twelve places are within the limit.
    let r = r#"{"id": "11010519491231002X", "name": "a", "activities": [{"kind": "online", "date": "2023-01-01", "hours": 0.000000000001, "recognized": true}]}"#;
    assert_eq!(eval(r), Vec::<String>::new());
}

/// Reads `bytes` as a JSONL file: for each record, its line and, when it is malformed, why.
fn jsonl_records(name: &str, bytes: &[u8]) -> Vec<(Option<usize>, Option<String>)> {
    let dir = std::env::temp_dir().join(format!("xueshi-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.jsonl"));
    std::fs::write(&path, bytes).unwrap();
    let records = xueshi::input::read_records(path.to_str().unwrap())
        .unwrap()
        .into_iter()
        .map(|r| {
            let malformed = match &r.content {
                xueshi::input::Content::Malformed(m) => {
                    Some(m.problem.message(xueshi::messages::Lang::En))
                }
                _ => None,
            };
            (r.position.line, malformed)
        })
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    records
}

#[test]
fn non_utf8_and_long_lines_in_jsonl_are_records_in_error() {
    let mut bytes = b"{\"id\": \"\xff\xfe\"}\n".to_vec();
    bytes.extend(std::iter::repeat_n(b' ', xueshi::input::MAX_LINE + 10));
    bytes.extend(b"\n{}\n");
    let malformed: Vec<bool> = jsonl_records("limits", &bytes)
        .into_iter()
        .map(|(_, malformed)| malformed.is_some())
        .collect();
    // The non-UTF-8 line, the overlong line, then a readable record.
    assert_eq!(malformed, [true, true, false]);
}

#[test]
fn lines_after_the_first_are_checked_as_the_first_is() {
    // The first line is read one way, the lines after it (when whole in the reader's
    // buffer) another: both find the same problems and count lines the same.
    let mut bytes = b"{}\r\n\n  \r\n{\"id\": \"\xff\xfe\"}\n".to_vec();
    bytes.extend(std::iter::repeat_n(b' ', xueshi::input::MAX_LINE + 10));
    bytes.extend(b"\n{}\r\n{}");
    let not_utf8 = "the line is not UTF-8 text (byte 8)".to_string();
    let too_long = format!("the line is longer than {} bytes", xueshi::input::MAX_LINE);
    assert_eq!(
        jsonl_records("lines", &bytes),
        [
            (Some(1), None),
            (Some(4), Some(not_utf8)),
            (Some(5), Some(too_long)),
            (Some(6), None),
            (Some(7), None),
        ]
    );
}
