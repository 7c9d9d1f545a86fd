//! The fast way of decoding a JSON line (straight from the text) and the full way (through
//! the record's tree) agree: whenever the fast way gives a person, the full way gives the
//! same person; and clean records do take the fast way.

use super::decode_json_fast;
use crate::eval::validate::{any_constraint_holds, decode_valid};
use crate::input::Locator;
use crate::input::json::read_document;
use proptest::prelude::*;
use std::path::Path;

fn policy() -> &'static crate::policy::Policy {
    static POLICY: std::sync::OnceLock<crate::policy::Policy> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| {
        crate::load_policy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/notice-2022.policy"),
        )
        .unwrap()
    })
}

fn locator(text: &str) -> Locator {
    Locator::Line {
        line: 1,
        text: text.into(),
    }
}

/// `Some(true)` when the fast way decoded the line (and agreed), `Some(false)` when it gave
/// up, `None` when the line is not JSON.
fn compare(policy: &crate::policy::Policy, line: &str) -> Option<bool> {
    let locator = locator(line);
    let fast =
        decode_json_fast(policy, line, &locator).filter(|p| !any_constraint_holds(policy, p, None));
    let full = read_document(line)
        .ok()
        .map(|node| decode_valid(policy, &node, &locator, None));
    match (fast, full) {
        (Some(fast), Some(Ok(full))) => {
            assert_eq!(fast, full, "the two ways differ on {line}");
            Some(true)
        }
        (Some(_), Some(Err(errors))) => {
            panic!("the fast way accepts a record the full way rejects ({errors:?}): {line}")
        }
        (Some(_), None) => panic!("the fast way accepts text that is not JSON: {line}"),
        (None, full) => full.map(|_| false),
    }
}

#[test]
fn the_example_corpus_decodes_the_same_both_ways() {
    let policy = policy();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut fast = 0;
    let mut lines = 0;
    for file in [
        "examples/people.jsonl",
        "tests/fixtures/mixed.jsonl",
        "tests/fixtures/people.jsonl",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            lines += 1;
            if compare(policy, line) == Some(true) {
                fast += 1;
            }
        }
    }
    // Most example records are clean and take the fast way.
    assert!(
        fast * 4 >= lines * 3,
        "only {fast} of {lines} lines took the fast way"
    );
}

#[test]
fn records_the_fast_way_gives_up_on() {
    let policy = policy();
    let id = "11010519491231002X";
    for line in [
        // kind not first, a null, a repeated key, an error, an unknown field
        format!(
            r#"{{"id": "{id}", "name": "a", "activities": [{{"date": "2023-01-01", "kind": "exam", "subjects": 1}}]}}"#
        ),
        format!(r#"{{"id": "{id}", "name": "a", "unit": null}}"#),
        format!(r#"{{"id": "{id}", "name": "a", "name": "b"}}"#),
        format!(
            r#"{{"id": "{id}", "name": "a", "activities": [{{"kind": "exam", "date": "2023-01-01", "subjects": -1}}]}}"#
        ),
        format!(r#"{{"id": "{id}", "name": "a", "x": 1}}"#),
        format!(
            r#"{{"id": "{id}", "name": "a", "activities": [{{"kind": "training", "start": "2023-02-01", "end": "2023-01-01"}}]}}"#
        ),
        format!(r#"{{"id": "{id}", "name": "a"}} x"#),
    ] {
        assert_ne!(compare(policy, &line), Some(true), "{line}");
    }
    // The first of them decodes the full way, to the same ruling as with `kind` first.
    let clean = format!(
        r#"{{"id": "{id}", "name": "a", "activities": [{{"kind": "exam", "date": "2023-01-01", "subjects": 1}}]}}"#
    );
    assert_eq!(compare(policy, &clean), Some(true));
    // Escaped keys and texts are read as what they stand for, the same both ways.
    let escaped = format!(r#"{{"id": "{id}", "na\u006de": "\u90ed"}}"#);
    assert_eq!(compare(policy, &escaped), Some(true));
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("-1".to_string()),
        Just("12.5".to_string()),
        Just("1e2".to_string()),
        Just("2023".to_string()),
        Just(r#""2023-05-10""#.to_string()),
        Just(r#""national""#.to_string()),
        Just(r#""参会证明""#.to_string()),
        Just(r#"["参会证明"]"#.to_string()),
        Just("[2023]".to_string()),
        Just("{}".to_string()),
    ]
}

fn activity() -> impl Strategy<Value = String> {
    let kinds = prop::sample::select(vec![
        "training",
        "degree",
        "seminar",
        "conference",
        "study",
        "teaching",
        "exam",
        "online",
        "certificate",
        "Training",
    ]);
    let keys = prop::sample::select(vec![
        "start",
        "end",
        "year",
        "level",
        "months",
        "date",
        "hours",
        "subjects",
        "recognized",
        "category",
        "issuer",
        "evidence",
        "kind",
    ]);
    (kinds, prop::collection::vec((keys, value()), 0..6)).prop_map(|(kind, fields)| {
        let mut s = format!(r#"{{"kind": "{kind}""#);
        for (k, v) in fields {
            s.push_str(&format!(r#", "{k}": {v}"#));
        }
        s.push('}');
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn any_record_decodes_the_same_both_ways(
        activities in prop::collection::vec(activity(), 0..4),
        unit in value(),
    ) {
        let line = format!(
            r#"{{"id": "11010519491231002X", "name": "张三", "unit": {unit}, "activities": [{}]}}"#,
            activities.join(", ")
        );
        compare(policy(), &line);
    }
}

/// A clean line, its text changed at one place by one of the characters JSON's syntax turns
/// on: whatever the fast way reads of it, the full way reads the same (the fast way's
/// scanner is no more lenient than the tree's reader).
fn mutated() -> impl Strategy<Value = String> {
    let lines = prop::sample::select(vec![
        r#"{"id": "11010519491231002X", "name": "张三", "unit": "某县", "title_since": 2018, "activities": [{"kind": "online", "date": "2024-05-14", "hours": 11.5, "recognized": true}, {"kind": "training", "start": "2024-03-10", "end": "2024-03-13", "evidence": ["结业证"]}]}"#,
        r#"{"id":"11010519491231002X","name":"a\u0062","activities":[{"kind":"certificate","year":2022,"hours":30,"category":"public","issuer":"hrss"},{"kind":"exam","date":"2021-09-25","subjects":1}]}"#,
    ]);
    let bytes = prop::sample::select(vec![
        "", " ", "\"", "\\", ",", ":", "{", "}", "[", "]", "0", "1", "-", ".", "e", "+", "\u{1}",
        "\t", "\n", "n", "u", "é", "\\u", "\\ud83d", "true", "null",
    ]);
    (lines, any::<prop::sample::Index>(), 0..3usize, bytes).prop_map(|(line, at, how, text)| {
        let mut at = at.index(line.len());
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        let mut out = line.to_string();
        match how {
            0 => out.insert_str(at, text),
            _ => {
                let end = line[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                out.replace_range(at..end, if how == 1 { text } else { "" });
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn a_changed_line_decodes_the_same_both_ways(line in mutated()) {
        compare(policy(), &line);
    }
}
