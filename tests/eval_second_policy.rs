//! A second policy, unlike the notice in kinds, units (points, modules), caps (a conditional
//! one), requirements (by grade, three of them) and purposes (renewal, fellowship), runs
//! without any change to xueshi. Rulings computed by hand from the policy's text.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Value, json};
use std::sync::LazyLock;
use xueshi::policy::Policy;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    xueshi::load_policy(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/policies/second/cpd-points.policy"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});

mod ruling_support;

fn rule(purpose: &str, year: i32, record: &Value) -> Value {
    ruling_support::ruling_json(&POLICY, purpose, year, record)
}

fn member() -> Value {
    json!({"id": "M-0042", "name": "Ada Chan", "grade": "member", "joined": 2020, "activities": [
        // 10 hours of core tuition: 10 points.
        {"kind": "course", "date": "2024-03-01", "hours": 10, "subject": "core", "evidence": ["certificate"]},
        // 20 hours of ethics: 20 points, capped at 15 (§3.4).
        {"kind": "course", "date": "2024-04-01", "hours": 20, "subject": "ethics", "evidence": ["attendance record"]},
        // International, 3 days × 6 = 18, capped at 15; core.
        {"kind": "conference", "level": "international", "start": "2024-05-01", "end": "2024-05-03", "evidence": ["attendance record"]},
        // 3 modules × 2 = 6, but fewer than 4 modules: at most 5; elective.
        {"kind": "elearning", "date": "2024-06-01", "modules": 3, "accredited": true},
        // Slides without the supervisor's statement: rejected.
        {"kind": "teaching", "date": "2024-07-01", "hours": 2, "topic": "core", "evidence": ["slides"]},
        // 40 points spread: 25 in 2024, 15 in 2025; core.
        {"kind": "degree", "completed": "2024-06-30"}
    ]})
}

#[test]
fn the_member_is_compliant_in_2024() {
    // core 10 + 15 + 25 = 50, ethics 15, elective 5: total 70 ≥ 30, core ≥ 15, ethics ≥ 6.
    let r = rule("annual", 2024, &member());
    assert_eq!(r["status"], "compliant");
    assert_eq!(r["total"], 70);
    assert_eq!(r["core"], 50);
    assert_eq!(r["ethics"], 15);
    assert_eq!(r["elective"], 5);
    assert_eq!(r["required"], 30);
    let rejected: Vec<u64> = r["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["index"].as_u64())
        .collect();
    assert_eq!(rejected, [4]);
    let capped: Vec<(u64, Value)> = r["credits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("cap").is_some())
        .map(|c| (c["index"].as_u64().unwrap(), c["cap"]["value"].clone()))
        .collect();
    assert_eq!(capped, [(1, json!(15)), (2, json!(15)), (3, json!(5))]);
}

#[test]
fn the_spread_degree_carries_into_the_next_year() {
    // 2025: only the degree's remaining 15 points, core. 15 < 30, ethics 0 < 6:
    // shortfall = max(30 − 15, 15 − 15, 6 − 0) = 15.
    let r = rule("annual", 2025, &member());
    assert_eq!(r["status"], "short");
    assert_eq!(r["total"], 15);
    assert_eq!(r["shortfall"], 15);
}

#[test]
fn an_associate_needs_20_points_and_the_shortfall_is_the_largest_gap() {
    // Associate: required 20. Core 8, elective 10 (5 modules × 2 = 10 = its cap), ethics 0.
    // Gaps: total 20 − 18 = 2, core 10 − 8 = 2, ethics 6 − 0 = 6 → 6.
    let r = rule(
        "annual",
        2024,
        &json!({"id": "A-7", "name": "Bo Lee", "grade": "associate", "activities": [
            {"kind": "course", "date": "2024-02-02", "hours": 8, "subject": "core", "evidence": ["certificate"]},
            {"kind": "elearning", "date": "2024-03-03", "modules": 5, "accredited": true}
        ]}),
    );
    assert_eq!(r["status"], "short");
    assert_eq!(r["required"], 20);
    assert_eq!(r["total"], 18);
    assert_eq!(r["shortfall"], 6);
}

#[test]
fn renewal_examines_the_three_years_before() {
    // Y = 2027, joined 2020: years 2024–2026. 2024 compliant, 2025 short, 2026 nothing.
    let r = rule("renewal", 2027, &member());
    assert_eq!(r["status"], "lapsed");
    let years: Vec<(i64, bool)> = r["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["passes"].as_bool().unwrap()))
        .collect();
    assert_eq!(years, [(2024, true), (2025, false), (2026, false)]);
    // Y = 2025: only 2024 (none before the scheme's first year): renewed.
    assert_eq!(rule("renewal", 2025, &member())["status"], "renewed");
}

#[test]
fn fellowship_needs_ethics_points_in_one_of_two_years() {
    // Y = 2026: 2024 has 15 ethics points.
    assert_eq!(rule("fellowship", 2026, &member())["status"], "eligible");
    // Y = 2027: 2025 and 2026 have none.
    assert_eq!(rule("fellowship", 2027, &member())["status"], "ineligible");
}

#[test]
fn an_exemption_with_an_allowed_reason_applies() {
    let r = rule(
        "annual",
        2024,
        &json!({"id": "F-1", "name": "Cy Wu", "grade": "fellow",
                "exemptions": [{"reason": "parental leave", "years": [2024], "approved": true}]}),
    );
    assert_eq!(r["status"], "exempt");
}

#[test]
fn the_policys_own_schema_decides_what_is_invalid() {
    // `grade` must be one of the three; `webinar` is not a kind of this policy; a conference
    // that ends before it starts is invalid (its message is the policy's).
    let r = rule(
        "annual",
        2024,
        &json!({"id": "X", "name": "Di", "grade": "student", "activities": [
            {"kind": "webinar"},
            {"kind": "conference", "level": "national", "start": "2024-05-03", "end": "2024-05-01"}
        ]}),
    );
    assert_eq!(r["status"], "invalid");
    let codes: Vec<(&str, &str)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            ("activities[0].kind", "unknown-kind"),
            ("activities[1].end", "constraint"),
            ("grade", "unknown-value")
        ]
    );
    assert!(
        r["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("the conference ends before it starts")
    );
}
