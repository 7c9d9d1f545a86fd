//! Categories capped per year and activities that count in several categories at once,
//! evaluated on a small inline policy; every figure computed by hand.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Value, json};
use xueshi::policy::Policy;
use xueshi::source::SourceFile;

/// Two capped categories, `a` (10 hours a year) and `b` (6); kind `both` counts in both,
/// `only_a` in `a`, `only_b` in `b`; `other` is uncapped and `both` also counts in it.
const POLICY: &str = r#"
policy "caps" { version "1" effective 2022-01-01 }
unit hour, hours
category a "甲" at most 10 hours each year
  cite "1"
category b "乙" at most 6 hours each year
  cite "2"
category other "其他"
  cite "3"
person { id: text, required }
kind both { cite "4" fields { date: date, required  hours: decimal hours, required }
  counts in year_of(date) counts as a, b, other credit hours }
kind only_a { cite "4" fields { date: date, required  hours: decimal hours, required }
  counts in year_of(date) counts as a credit hours }
kind only_b { cite "4" fields { date: date, required  hours: decimal hours, required }
  counts in year_of(date) counts as b credit hours }
year {
  cite "5"
  total = sum of credits
  in_a = sum of credits in a
  in_b = sum of credits in b
  in_other = sum of credits in other
  require total >= 20 hours
}
purpose annual { cite "5" year Y status ok when compliant status short otherwise }
"#;

mod ruling_support;
use ruling_support::{compile_clean, ruling_json};

fn policy(text: &str) -> Policy {
    compile_clean("caps.policy", text)
}

fn rule(policy: &Policy, record: &Value) -> Value {
    ruling_json(policy, "annual", 2024, record)
}

fn activity(kind: &str, hours: u32) -> Value {
    json!({"kind": kind, "date": "2024-03-01", "hours": hours})
}

#[test]
fn the_category_with_least_room_cuts_and_the_cut_counts_nowhere() {
    let policy = policy(POLICY);
    let record = json!({"id": "p", "activities": [
        activity("only_a", 8),  // a 8
        activity("only_b", 4),  // b 4
        activity("both", 5),    // room a 2, b 2: 2 count (a cuts, first with least room)
        activity("only_b", 3),  // b full: 0 count
        activity("both", 1),    // a and b full: 0 count
    ]});
    let r = rule(&policy, &record);
    assert_eq!(r["total"], json!(14), "{r:#}");
    assert_eq!(r["in_a"], json!(10));
    assert_eq!(r["in_b"], json!(6));
    assert_eq!(r["in_other"], json!(2));
    let credits = r["credits"].as_array().unwrap();
    let hours: Vec<&Value> = credits.iter().map(|c| &c["hours"]).collect();
    assert_eq!(
        hours,
        [&json!(8), &json!(4), &json!(2), &json!(0), &json!(0)]
    );
    assert!(credits[0].get("category_cap").is_none());
    assert_eq!(
        credits[2]["category_cap"],
        json!({"category": "a", "value": 10, "before": 5, "cut": 3, "rule": "10 hours", "clause": "1"})
    );
    assert_eq!(credits[2]["also_counts_in"], json!(["b", "other"]));
    assert_eq!(credits[3]["category_cap"]["category"], json!("b"));
    assert_eq!(credits[3]["category_cap"]["cut"], json!(3));
    assert_eq!(credits[4]["category_cap"]["cut"], json!(1));
    assert!(credits[1].get("also_counts_in").is_none());
}

#[test]
fn under_the_caps_an_activity_counts_in_full_in_each_category_and_once_in_the_total() {
    let policy = policy(POLICY);
    let record = json!({"id": "p", "activities": [activity("both", 4), activity("only_a", 3)]});
    let r = rule(&policy, &record);
    assert_eq!(r["total"], json!(7));
    assert_eq!(r["in_a"], json!(7));
    assert_eq!(r["in_b"], json!(4));
    assert_eq!(r["in_other"], json!(4));
    assert!(r["credits"][0].get("category_cap").is_none());
}

#[test]
fn a_category_named_twice_is_a_located_repeated_value() {
    let text = POLICY.replace("counts as a, b, other", "counts as a, b, a");
    let (_, report) = xueshi::compile_policy(SourceFile::new("caps.policy", &text));
    let found: Vec<(&str, &str)> = report
        .check
        .iter()
        .map(|e| (e.kind.code(), &text[e.span.start..e.span.end]))
        .collect();
    // `other` is no longer used: a warning besides the error.
    assert!(found.contains(&("check::repeated-value", "a")), "{found:?}");
    let at = report
        .check
        .iter()
        .find(|e| e.kind.code() == "check::repeated-value")
        .unwrap();
    assert_eq!(at.span.start, text.find("a, b, a").unwrap() + 6);
}

#[test]
fn an_unknown_further_category_is_located() {
    let text = POLICY.replace("counts as a, b, other", "counts as a, b, othr");
    let (_, report) = xueshi::compile_policy(SourceFile::new("caps.policy", &text));
    let e = report
        .check
        .iter()
        .find(|e| e.kind.code() == "check::unknown-name")
        .expect("unknown name");
    assert_eq!(&text[e.span.start..e.span.end], "othr");
}
