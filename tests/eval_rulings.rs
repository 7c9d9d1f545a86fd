//! Rulings of the shipped policy, computed by hand from notice-reading.md: one test per row
//! of the kind table and per reading, the purposes over multi-year windows, exemptions, and
//! every cause of an invalid record. Each test states its arithmetic.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{Value, json};
use std::sync::LazyLock;
use xueshi::messages::Lang;
use xueshi::policy::Policy;
use xueshi::render::JsonRenderer;

static POLICY: LazyLock<Policy> = LazyLock::new(|| {
    xueshi::load_policy(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/notice-2022.policy"
    ))
    .unwrap_or_else(|e| panic!("{e}"))
});

/// A valid resident ID (GB 11643 worked example).
const ID: &str = "11010519491231002X";

/// The JSON ruling of `record` (a JSON object as text) for `purpose` and `year`.
fn rule(purpose: &str, year: i32, record: &Value) -> Value {
    let outcome = xueshi::evaluate_json(&POLICY, purpose, year, &record.to_string())
        .expect("the purpose exists");
    let (purpose_id, _) = POLICY.purpose(purpose).expect("purpose");
    let renderer = JsonRenderer {
        policy: &POLICY,
        purpose: purpose_id,
        year,
        lang: Lang::En,
        redact: false,
    };
    let mut out = Vec::new();
    renderer.write(&outcome, &mut out).expect("json");
    serde_json::from_slice(&out).expect("valid json")
}

/// A person with these activities (and nothing else).
fn person(activities: Value) -> Value {
    json!({"id": ID, "name": "张三", "activities": activities})
}

fn annual(year: i32, activities: Value) -> Value {
    rule("annual", year, &person(activities))
}

/// The figures of an annual ruling: (status, total, specialty, public, shortfall).
fn figures(r: &Value) -> (String, String, String, String, String) {
    let s = |k: &str| match &r[k] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("{k}: {other} in {r}"),
    };
    (
        s("status"),
        s("total"),
        s("specialty"),
        s("public"),
        s("shortfall"),
    )
}

fn f(
    status: &str,
    total: &str,
    specialty: &str,
    public: &str,
    shortfall: &str,
) -> (String, String, String, String, String) {
    (
        status.into(),
        total.into(),
        specialty.into(),
        public.into(),
        shortfall.into(),
    )
}

/// Hours credited to activity `index` in the ruling (`None` if it has no credit there).
fn credit_of(r: &Value, index: u64) -> Option<String> {
    r["credits"]
        .as_array()?
        .iter()
        .find(|c| c["index"] == index)
        .map(|c| c["hours"].to_string())
}

fn rejected_indices(r: &Value) -> Vec<u64> {
    r["rejected"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["index"].as_u64()).collect())
        .unwrap_or_default()
}

fn error_codes(r: &Value) -> Vec<(String, String)> {
    assert_eq!(r["status"], "invalid", "{r}");
    r["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or_default().to_string(),
                e["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- 附件3 第1条: training

#[test]
fn training_is_8_hours_per_calendar_day_both_ends_included() {
    // 2023-03-01 to 2023-03-05 is 5 days: 5 × 8 = 40 hours of specialty.
    let r = annual(
        2023,
        json!([{"kind": "training", "start": "2023-03-01", "end": "2023-03-05", "evidence": ["培训证"]}]),
    );
    assert_eq!(figures(&r), f("shortfall", "40", "40", "0", "50"));
    assert_eq!(r["credits"][0]["clause"], "附件3 第1条");
    assert_eq!(r["credits"][0]["computed"], 40);
}

#[test]
fn training_is_capped_at_one_years_hours() {
    // 20 days × 8 = 160 hours, capped at 90 (one year's hours): compliant.
    let r = annual(
        2023,
        json!([{"kind": "training", "start": "2023-03-01", "end": "2023-03-20", "evidence": ["合格证"]}]),
    );
    assert_eq!(figures(&r), f("compliant", "90", "90", "0", "0"));
    assert_eq!(r["credits"][0]["computed"], 160);
    assert_eq!(r["credits"][0]["cap"]["value"], 90);
    assert_eq!(r["credits"][0]["cap"]["clause"], "附件3 第1条");
}

#[test]
fn an_activity_counts_in_the_year_it_ends() {
    // 2022-12-30 to 2023-01-02 is 4 days = 32 hours, attributed to 2023 (the year of `end`).
    let activity = json!([{"kind": "training", "start": "2022-12-30", "end": "2023-01-02", "evidence": ["结业证"]}]);
    assert_eq!(figures(&annual(2023, activity.clone())).1, "32");
    let r2022 = annual(2022, activity);
    assert_eq!(figures(&r2022).1, "0");
    assert!(r2022["credits"].as_array().unwrap().is_empty());
    assert!(r2022["rejected"].as_array().unwrap().is_empty());
}

#[test]
fn training_without_its_evidence_is_rejected_with_the_clause() {
    // None of 培训证, 结业证, 合格证: credits nothing, reported as rejected.
    let r = annual(
        2023,
        json!([{"kind": "training", "start": "2023-03-01", "end": "2023-03-05", "evidence": ["参会证明"]}]),
    );
    assert_eq!(figures(&r), f("shortfall", "0", "0", "0", "90"));
    assert_eq!(rejected_indices(&r), [0]);
    assert_eq!(r["rejected"][0]["clause"], "附件3 第1条");
    assert_eq!(
        r["rejected"][0]["reasons"][0]["missing"],
        json!(["培训证", "结业证", "合格证"])
    );
    assert_eq!(r["rejected"][0]["hours_if_accepted"], 40);
}

// ---------------------------------------------------------------- 附件3 第2条: degree

#[test]
fn a_degree_credits_60_hours_in_its_year() {
    let r = annual(
        2023,
        json!([{"kind": "degree", "year": 2023, "evidence": ["成绩单"]}]),
    );
    assert_eq!(figures(&r), f("shortfall", "60", "60", "0", "30"));
    let other_year = annual(
        2024,
        json!([{"kind": "degree", "year": 2023, "evidence": ["成绩单"]}]),
    );
    assert_eq!(figures(&other_year).1, "0");
}

#[test]
fn a_degree_needs_its_transcript() {
    let r = annual(2023, json!([{"kind": "degree", "year": 2023}]));
    assert_eq!(rejected_indices(&r), [0]);
    assert_eq!(r["rejected"][0]["clause"], "附件3 第2条");
}

// ---------------------------------------------------------------- 附件3 第3条: seminar

#[test]
fn a_seminar_is_12_hours_per_day_capped_at_90() {
    // 3 days × 12 = 36; 10 days × 12 = 120 → 90.
    let r = annual(
        2023,
        json!([
            {"kind": "seminar", "start": "2023-04-10", "end": "2023-04-12", "evidence": ["结业证"]},
            {"kind": "seminar", "start": "2023-06-01", "end": "2023-06-10", "evidence": ["合格证"]}
        ]),
    );
    assert_eq!(credit_of(&r, 0).as_deref(), Some("36"));
    assert_eq!(credit_of(&r, 1).as_deref(), Some("90"));
    assert_eq!(figures(&r), f("compliant", "126", "126", "0", "0"));
}

// ---------------------------------------------------------------- 附件3 第4条: conference

#[test]
fn conference_rates_follow_the_level() {
    // 2 days each: international 24, national 24, region 20, prefecture 16.
    let levels = ["international", "national", "region", "prefecture"];
    let activities: Vec<Value> = levels
        .iter()
        .map(|l| json!({"kind": "conference", "level": l, "start": "2023-05-10", "end": "2023-05-11", "evidence": ["参会证明"]}))
        .collect();
    let r = annual(2023, Value::Array(activities));
    let got: Vec<String> = (0..4).filter_map(|i| credit_of(&r, i)).collect();
    assert_eq!(got, ["24", "24", "20", "16"]);
    assert_eq!(figures(&r), f("shortfall", "84", "84", "0", "6"));
}

#[test]
fn a_long_conference_is_capped_and_one_without_proof_rejected() {
    // national, 10 days: 120 → 90. Without 参会证明: rejected.
    let r = annual(
        2023,
        json!([
            {"kind": "conference", "level": "national", "start": "2023-05-01", "end": "2023-05-10", "evidence": ["参会证明"]},
            {"kind": "conference", "level": "region", "start": "2023-09-01", "end": "2023-09-03"}
        ]),
    );
    assert_eq!(credit_of(&r, 0).as_deref(), Some("90"));
    assert_eq!(rejected_indices(&r), [1]);
    assert_eq!(r["rejected"][0]["hours_if_accepted"], 30);
    assert_eq!(figures(&r), f("compliant", "90", "90", "0", "0"));
}

// ---------------------------------------------------------------- 附件3 第5条: study

#[test]
fn study_spreads_over_the_year_of_end_and_the_next() {
    // 2.5 months × 60 = 150: 90 in 2023, 60 in 2024.
    let a = json!([{"kind": "study", "months": 2.5, "end": "2023-11-30", "evidence": ["结业证"]}]);
    let r2023 = annual(2023, a.clone());
    let r2024 = annual(2024, a.clone());
    assert_eq!(figures(&r2023), f("compliant", "90", "90", "0", "0"));
    assert_eq!(figures(&r2024), f("shortfall", "60", "60", "0", "30"));
    assert_eq!(
        r2023["credits"][0]["spread"],
        json!([{"year": 2023, "hours": 90}, {"year": 2024, "hours": 60}])
    );
    assert_eq!(figures(&annual(2025, a)).1, "0");
}

#[test]
fn study_is_capped_at_two_years_hours() {
    // 4 months × 60 = 240, capped at 180: 90 + 90.
    let a = json!([{"kind": "study", "months": 4, "end": "2023-06-30", "evidence": ["培训证"]}]);
    let r = annual(2023, a.clone());
    assert_eq!(r["credits"][0]["computed"], 240);
    assert_eq!(r["credits"][0]["credited"], 180);
    assert_eq!(figures(&r).1, "90");
    assert_eq!(figures(&annual(2024, a)).1, "90");
}

#[test]
fn short_study_stays_in_its_year() {
    // 1.5 months × 60 = 90: all in 2023, nothing in 2024.
    let a = json!([{"kind": "study", "months": 1.5, "end": "2023-06-30", "evidence": ["合格证"]}]);
    assert_eq!(figures(&annual(2023, a.clone())).1, "90");
    let r2024 = annual(2024, a);
    assert_eq!(figures(&r2024).1, "0");
    assert!(r2024["credits"].as_array().unwrap().is_empty());
}

#[test]
fn rejected_study_is_reported_in_each_year_it_would_have_counted() {
    let a = json!([{"kind": "study", "months": 2.5, "end": "2023-11-30"}]);
    assert_eq!(rejected_indices(&annual(2023, a.clone())), [0]);
    let r2024 = annual(2024, a);
    assert_eq!(rejected_indices(&r2024), [0]);
    assert_eq!(r2024["rejected"][0]["hours_if_accepted"], 60);
}

// ---------------------------------------------------------------- 附件3 第6条: teaching

#[test]
fn teaching_credits_twice_the_hours_taught_with_both_proofs() {
    // 6 hours taught → 12 hours; with only 授课证明, rejected for want of 备课记录.
    let r = annual(
        2023,
        json!([
            {"kind": "teaching", "date": "2023-03-15", "hours": 6, "evidence": ["授课证明", "备课记录"]},
            {"kind": "teaching", "date": "2023-04-15", "hours": 4, "evidence": ["授课证明"]}
        ]),
    );
    assert_eq!(credit_of(&r, 0).as_deref(), Some("12"));
    assert_eq!(rejected_indices(&r), [1]);
    assert_eq!(
        r["rejected"][0]["reasons"][0]["missing"],
        json!(["备课记录"])
    );
}

// ---------------------------------------------------------------- 附件3 第7条: exam

#[test]
fn an_exam_credits_30_hours_per_subject_without_evidence() {
    let r = annual(
        2023,
        json!([{"kind": "exam", "date": "2023-10-20", "subjects": 3}]),
    );
    assert_eq!(figures(&r), f("compliant", "90", "90", "0", "0"));
}

// ---------------------------------------------------------------- 附件3 第8条: online

#[test]
fn online_hours_count_only_when_recognised() {
    let r = annual(
        2023,
        json!([
            {"kind": "online", "date": "2023-02-01", "hours": 12.5, "recognized": true},
            {"kind": "online", "date": "2023-02-02", "hours": 20, "recognized": false}
        ]),
    );
    assert_eq!(credit_of(&r, 0).as_deref(), Some("12.5"));
    assert_eq!(rejected_indices(&r), [1]);
    assert_eq!(r["rejected"][0]["clause"], "附件3 第8条");
    assert_eq!(r["rejected"][0]["reasons"][0]["code"], "rule");
}

#[test]
fn decimals_add_exactly() {
    // 12.5 + 0.1 = 12.6, not 12.600000000000001.
    let r = annual(
        2023,
        json!([
            {"kind": "online", "date": "2023-02-01", "hours": 12.5, "recognized": true},
            {"kind": "online", "date": "2023-02-02", "hours": 0.1, "recognized": true}
        ]),
    );
    assert_eq!(figures(&r).1, "12.6");
    assert_eq!(figures(&r).4, "77.4");
}

// ---------------------------------------------------------------- 二、1: certificates

#[test]
fn certificates_count_in_their_category() {
    // public 30 (hrss) + specialty 40 (education) + specialty 25 (finance) = 95;
    // specialty 65 ≥ 60: compliant.
    let r = annual(
        2023,
        json!([
            {"kind": "certificate", "year": 2023, "hours": 30, "category": "public", "issuer": "hrss"},
            {"kind": "certificate", "year": 2023, "hours": 40, "category": "specialty", "issuer": "education"},
            {"kind": "certificate", "year": 2023, "hours": 25, "category": "specialty", "issuer": "finance"}
        ]),
    );
    assert_eq!(figures(&r), f("compliant", "95", "65", "30", "0"));
}

#[test]
fn short_of_specialty_only() {
    // 50 public + 45 specialty = 95 ≥ 90, but specialty 45 < 60: short by 60 − 45 = 15.
    let r = annual(
        2023,
        json!([
            {"kind": "certificate", "year": 2023, "hours": 50, "category": "public", "issuer": "hrss"},
            {"kind": "exam", "date": "2023-05-05", "subjects": 1},
            {"kind": "online", "date": "2023-05-06", "hours": 15, "recognized": true}
        ]),
    );
    assert_eq!(figures(&r), f("shortfall", "95", "45", "50", "15"));
    let failing: Vec<&Value> = r["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["met"] == false)
        .collect();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0]["rule"], "specialty >= specialty_minimum");
}

#[test]
fn the_shortfall_is_the_larger_of_the_two_gaps() {
    // total 70, specialty 70: max(90 − 70, 60 − 70) = 20.
    let r = annual(
        2023,
        json!([{"kind": "online", "date": "2023-05-06", "hours": 70, "recognized": true}]),
    );
    assert_eq!(figures(&r), f("shortfall", "70", "70", "0", "20"));
    // total 80 with 30 specialty: max(10, 30) = 30.
    let r = annual(
        2023,
        json!([
            {"kind": "certificate", "year": 2023, "hours": 50, "category": "public", "issuer": "hrss"},
            {"kind": "online", "date": "2023-05-06", "hours": 30, "recognized": true}
        ]),
    );
    assert_eq!(figures(&r), f("shortfall", "80", "30", "50", "30"));
}

// ---------------------------------------------------------------- 二、3 and 附件2: exemptions

fn with_exemptions(exemptions: Value) -> Value {
    json!({"id": ID, "name": "李四", "exemptions": exemptions,
           "activities": [{"kind": "online", "date": "2023-05-06", "hours": 10, "recognized": true}]})
}

#[test]
fn a_listed_approved_exemption_makes_the_year_exempt() {
    let r = rule(
        "annual",
        2023,
        &with_exemptions(json!([{"reason": "访惠聚驻村", "years": [2023], "approved": true}])),
    );
    assert_eq!(figures(&r), f("exempt", "10", "10", "0", "0"));
    assert_eq!(r["exemptions"][0]["applies"], true);
    // A year it does not list is judged as usual.
    let r2024 = rule(
        "annual",
        2024,
        &with_exemptions(json!([{"reason": "访惠聚驻村", "years": [2023], "approved": true}])),
    );
    assert_eq!(figures(&r2024).0, "shortfall");
}

#[test]
fn an_unlisted_reason_is_rejected_citing_the_closed_list() {
    let r = rule(
        "annual",
        2023,
        &with_exemptions(json!([{"reason": "工作繁忙", "years": [2023], "approved": true}])),
    );
    assert_eq!(figures(&r), f("shortfall", "10", "10", "0", "80"));
    assert_eq!(r["exemptions"][0]["applies"], false);
    assert_eq!(r["exemptions"][0]["clause"], "附件2 注3");
}

#[test]
fn an_unapproved_exemption_is_rejected() {
    let r = rule(
        "annual",
        2023,
        &with_exemptions(json!([{"reason": "第一书记", "years": [2023], "approved": false}])),
    );
    assert_eq!(figures(&r).0, "shortfall");
    assert_eq!(r["exemptions"][0]["applies"], false);
    assert_eq!(r["exemptions"][0]["clause"], "二、3");
}

#[test]
fn every_listed_reason_exempts() {
    for reason in [
        "少数民族科技骨干特殊培养",
        "访惠聚驻村",
        "驻村管寺",
        "南疆学前教育支教",
        "内地服务管理",
        "第一书记",
        "村党组织书记",
    ] {
        let r = rule(
            "annual",
            2023,
            &with_exemptions(json!([{"reason": reason, "years": [2022, 2023], "approved": true}])),
        );
        assert_eq!(r["status"], "exempt", "{reason}");
    }
}

// ---------------------------------------------------------------- 一、2: title review

fn history(title_since: Option<i32>) -> Value {
    // 2021: 90 specialty (compliant); 2022: 60 (short 30); 2023: exempt; 2024: nothing.
    let mut p = json!({"id": ID, "name": "王五", "activities": [
        {"kind": "exam", "date": "2021-06-01", "subjects": 3},
        {"kind": "exam", "date": "2022-06-01", "subjects": 2}
    ], "exemptions": [{"reason": "驻村管寺", "years": [2023], "approved": true}]});
    if let Some(y) = title_since {
        p["title_since"] = json!(y);
    }
    p
}

fn years_of(r: &Value) -> Vec<(i64, String, Option<bool>)> {
    r["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                y["status"].as_str().unwrap().to_string(),
                y["passes"].as_bool(),
            )
        })
        .collect()
}

#[test]
fn title_review_examines_every_year_from_2021_to_the_year_before() {
    // No title_since: 2021–2023. 2022 is short (60 of 90): ineligible.
    let r = rule("title_review", 2024, &history(None));
    assert_eq!(r["status"], "ineligible");
    assert_eq!(
        years_of(&r),
        [
            (2021, "compliant".into(), Some(true)),
            (2022, "shortfall".into(), Some(false)),
            (2023, "exempt".into(), Some(true)),
        ]
    );
    assert_eq!(r["years"][1]["shortfall"], 30);
}

#[test]
fn title_review_starts_at_the_title_year_when_later() {
    // title_since 2023: only 2023, which is exempt: eligible.
    let r = rule("title_review", 2024, &history(Some(2023)));
    assert_eq!(r["status"], "eligible");
    assert_eq!(years_of(&r).len(), 1);
    // title_since 2018: from 2021 all the same.
    let r = rule("title_review", 2024, &history(Some(2018)));
    assert_eq!(years_of(&r).first().map(|y| y.0), Some(2021));
}

#[test]
fn an_empty_title_review_window_is_eligible() {
    // title_since 2024, Y = 2024: no year from 2024 to 2023.
    let r = rule("title_review", 2024, &history(Some(2024)));
    assert_eq!(r["status"], "eligible");
    assert!(years_of(&r).is_empty());
}

// ---------------------------------------------------------------- 一、3: promotion

#[test]
fn promotion_needs_one_of_the_two_previous_years() {
    // Y = 2023: 2021 (specialty 90) passes.
    assert_eq!(
        rule("promotion", 2023, &history(None))["status"],
        "eligible"
    );
    // Y = 2024: 2022 has specialty 60 (≥ 60, passes although short in total), 2023 exempt.
    let r = rule("promotion", 2024, &history(None));
    assert_eq!(r["status"], "eligible");
    assert_eq!(
        years_of(&r),
        [
            (2022, "shortfall".into(), Some(true)),
            (2023, "exempt".into(), Some(true)),
        ]
    );
    // Y = 2026: 2024 and 2025 have nothing: ineligible.
    assert_eq!(
        rule("promotion", 2026, &history(None))["status"],
        "ineligible"
    );
}

#[test]
fn a_failing_year_says_what_it_lacks_for_the_purposes_test() {
    // Promotion asks for 60 specialty hours: 2022's 36 lack 24 (not the annual 54).
    let record = json!({"id": ID, "name": "王五", "activities": [
        {"kind": "conference", "level": "national", "start": "2022-05-10", "end": "2022-05-12",
         "evidence": ["参会证明"]}
    ]});
    let r = rule("promotion", 2024, &record);
    assert_eq!(r["status"], "ineligible");
    assert_eq!(r["years"][0]["year"], 2022);
    assert_eq!(r["years"][0]["shortfall"].to_string(), "54");
    assert_eq!(r["years"][0]["lacking"].to_string(), "24");
    assert_eq!(r["years"][1]["lacking"].to_string(), "60");
    // Title review asks for a compliant year: what it lacks is the annual shortfall.
    let r = rule("title_review", 2023, &record);
    assert_eq!(r["years"][1]["lacking"].to_string(), "54");
    // A year that passes lacks nothing.
    let r = rule("title_review", 2024, &history(None));
    assert!(r["years"][0].get("lacking").is_none());
    assert_eq!(r["years"][1]["lacking"].to_string(), "30");
}

// ---------------------------------------------------------------- invalid records

fn invalid(record: Value) -> Vec<(String, String)> {
    error_codes(&rule("annual", 2023, &record))
}

#[test]
fn a_bad_checksum_is_invalid() {
    let codes = invalid(json!({"id": "110105194912310021", "name": "赵六"}));
    assert_eq!(codes, [("id".into(), "bad-resident-id".into())]);
}

#[test]
fn missing_and_mistyped_fields_are_invalid() {
    let codes = invalid(json!({"id": ID, "title_since": "2020"}));
    assert!(
        codes.contains(&("name".into(), "missing-field".into())),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("title_since".into(), "wrong-type".into())),
        "{codes:?}"
    );
}

#[test]
fn an_unknown_kind_or_level_is_invalid() {
    let codes = invalid(person(json!([
        {"kind": "webinar", "date": "2023-01-01"},
        {"kind": "conference", "level": "county", "start": "2023-01-01", "end": "2023-01-02"}
    ])));
    assert_eq!(
        codes,
        [
            ("activities[0].kind".into(), "unknown-kind".into()),
            ("activities[1].level".into(), "unknown-value".into())
        ]
    );
}

#[test]
fn start_after_end_is_invalid() {
    let codes = invalid(person(json!([
        {"kind": "training", "start": "2023-03-05", "end": "2023-03-01", "evidence": ["培训证"]}
    ])));
    assert_eq!(codes, [("activities[0].start".into(), "constraint".into())]);
}

#[test]
fn negative_numbers_are_invalid() {
    let codes = invalid(person(json!([
        {"kind": "online", "date": "2023-01-01", "hours": -1, "recognized": true},
        {"kind": "study", "months": -0.5, "end": "2023-01-01"}
    ])));
    assert_eq!(
        codes,
        [
            ("activities[0].hours".into(), "below-minimum".into()),
            ("activities[1].months".into(), "below-minimum".into())
        ]
    );
}

#[test]
fn bad_dates_are_invalid() {
    let codes = invalid(person(json!([
        {"kind": "exam", "date": "2023-02-30", "subjects": 1},
        {"kind": "exam", "date": "2023/03/01", "subjects": 1}
    ])));
    assert_eq!(
        codes,
        [
            ("activities[0].date".into(), "bad-date".into()),
            ("activities[1].date".into(), "bad-date".into())
        ]
    );
}

#[test]
fn unknown_fields_are_invalid_anywhere() {
    let codes = invalid(json!({"id": ID, "name": "x", "age": 40,
        "activities": [{"kind": "exam", "date": "2023-01-01", "subjects": 1, "score": 99}],
        "exemptions": [{"reason": "第一书记", "years": [2023], "approved": true, "by": "x"}]}));
    // Errors come in the order of the text; `json!` writes keys alphabetically.
    let mut codes = codes;
    codes.sort();
    assert_eq!(
        codes,
        [
            ("activities[0].score".into(), "unknown-field".into()),
            ("age".into(), "unknown-field".into()),
            ("exemptions[0].by".into(), "unknown-field".into())
        ]
    );
}

#[test]
fn a_public_health_or_finance_certificate_is_invalid() {
    for issuer in ["health", "finance"] {
        let codes = invalid(person(json!([
            {"kind": "certificate", "year": 2023, "hours": 10, "category": "public", "issuer": issuer}
        ])));
        assert_eq!(
            codes,
            [("activities[0].category".into(), "constraint".into())]
        );
    }
}

#[test]
fn fractional_subjects_are_invalid() {
    let codes = invalid(person(
        json!([{"kind": "exam", "date": "2023-01-01", "subjects": 1.5}]),
    ));
    assert_eq!(
        codes,
        [("activities[0].subjects".into(), "not-whole".into())]
    );
}

#[test]
fn every_error_of_a_record_is_reported_at_once() {
    let codes = invalid(json!({"id": "123", "name": "",
        "activities": [{"kind": "exam", "date": "2023-13-01", "subjects": "two"}]}));
    assert_eq!(codes.len(), 4, "{codes:?}");
}

#[test]
fn huge_numbers_are_errors_not_crashes() {
    let codes = invalid(person(json!([
        {"kind": "online", "date": "2023-01-01", "hours": 1e300, "recognized": true}
    ])));
    assert_eq!(
        codes,
        [("activities[0].hours".into(), "number-too-large".into())]
    );
}

#[test]
fn invalid_records_keep_their_id_and_position() {
    let r = rule(
        "annual",
        2023,
        &json!({"id": ID, "name": "x", "activities": 3}),
    );
    assert_eq!(r["id"], ID);
    assert_eq!(r["position"]["record"], 1);
    assert_eq!(r["errors"][0]["line"], 1);
}

#[test]
fn the_policy_is_named_in_every_ruling() {
    let r = annual(2023, json!([]));
    assert_eq!(r["policy"]["name"], "notice-2022");
    assert_eq!(r["policy"]["sha256"].as_str().map(str::len), Some(64));
}
