//! Purposes judged in periods of several years (`periods of 2 years`) and figures carried
//! from the year judged before (`… in previous year`), evaluated on a small inline policy;
//! every figure computed by hand.
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

/// 20 hours a year (or period); what lies above 20 carries into the next, at most 5, and
/// `carried` counts `back`, the carry of the year before the previous, to show two steps back.
/// `study` spreads over two years, at most 12 hours a year (24 at most in all). `renewal` judges periods of two
/// years from 2021; `yearly` judges each year of the same window.
const POLICY: &str = r#"
policy "periods" { version "1" effective 2020-01-01 }
unit hour, hours
category main "主"
  cite "1"
person { id: text, required }
kind course { cite "2" fields { date: date, required  hours: decimal hours, required }
  counts in year_of(date) counts as main credit hours }
kind study { cite "3" fields { date: date, required  hours: decimal hours, required }
  counts in year_of(date) counts as main credit hours cap 24 hours
  spread over 2 years, at most 12 hours each year }
exemption { cite "4" fields { years: list of year, required } covers years }
year {
  cite "5"
  earned = sum of credits
  carried = min(max(((available in previous year) otherwise 0 hours) - 20 hours, 0 hours), 5 hours)
  back = (((carried in previous year) otherwise 0 hours) in previous year) otherwise 0 hours
  available = earned + carried
  require available >= 20 hours
}
purpose renewal { cite "6" years 2021 to Y periods of 2 years
  each year passes when exempt or compliant
  status renewed when every year passes and sum of earned over years >= 40 hours and count of years where compliant >= 2
  status not_renewed otherwise }
purpose yearly { cite "6" years 2021 to Y
  each year passes when compliant or ((compliant in previous year) otherwise false)
  status ok when every year passes
  status short otherwise }
"#;

mod ruling_support;
use ruling_support::{compile_clean, ruling_json as rule};

fn policy() -> Policy {
    compile_clean("periods.policy", POLICY)
}

fn course(date: &str, hours: u32) -> Value {
    json!({"kind": "course", "date": date, "hours": hours})
}

/// The figures of each year (or period) of a ruling: (year, through, earned, carried,
/// available, status).
fn years(ruling: &Value) -> Vec<(i64, i64, i64, i64, i64, String)> {
    ruling["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            let year = y["year"].as_i64().unwrap();
            (
                year,
                y.get("through").map_or(year, |t| t.as_i64().unwrap()),
                y["earned"].as_i64().unwrap(),
                y["carried"].as_i64().unwrap(),
                y["available"].as_i64().unwrap(),
                y["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn periods_gather_their_years_and_carry_what_lies_above_the_minimum() {
    let policy = policy();
    // 2021–2022: 15 + 13 = 28, 8 above 20, 5 carried; 2023–2024: 16 + 5 = 21, 1 carried;
    // 2025 (cut short by Y): 19 + 1 = 20.
    let record = json!({"id": "p", "activities": [
        course("2021-03-01", 15), course("2022-03-01", 13),
        course("2023-03-01", 16), course("2025-03-01", 19),
    ]});
    let ruling = rule(&policy, "renewal", 2025, &record);
    assert_eq!(
        years(&ruling),
        vec![
            (2021, 2022, 28, 0, 28, "compliant".into()),
            (2023, 2024, 16, 5, 21, "compliant".into()),
            (2025, 2025, 19, 1, 20, "compliant".into()),
        ]
    );
    // A period of one year (the last, cut short) has no `through`.
    assert!(ruling["years"][2].get("through").is_none());
    // Every period passes, 63 hours earned, three compliant periods.
    assert_eq!(ruling["status"], "renewed");
}

#[test]
fn a_spread_over_two_years_of_one_period_is_one_credit() {
    let policy = policy();
    // 30 hours of study in 2021: 12 in 2021, 12 in 2022 (the spread's limit), one credit of
    // 24 in the period 2021–2022.
    let record = json!({"id": "p", "activities": [
        {"kind": "study", "date": "2021-06-01", "hours": 24},
    ]});
    let ruling = rule(&policy, "renewal", 2022, &record);
    let period = &ruling["years"][0];
    assert_eq!(period["credits"].as_array().unwrap().len(), 1);
    assert_eq!(period["credits"][0]["hours"], 24);
    assert_eq!(period["earned"], 24);
}

#[test]
fn an_exemption_of_one_year_exempts_its_period() {
    let policy = policy();
    let record = json!({"id": "p", "activities": [course("2021-03-01", 40)],
        "exemptions": [{"years": [2024]}]});
    let ruling = rule(&policy, "renewal", 2024, &record);
    let statuses: Vec<&str> = ruling["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["compliant", "exempt"]);
    // Both periods pass, but only one is compliant: not renewed.
    assert_eq!(ruling["status"], "not_renewed");
}

#[test]
fn the_chain_of_carried_hours_runs_year_by_year() {
    let policy = policy();
    // 2021: 30 → 5 carried into 2022; 2022: 18 + 5 = 23 → 3 into 2023; 2023: 0 + 3 = 3,
    // short; 2024: 25 + 0 = 25.
    let record = json!({"id": "p", "activities": [
        course("2021-03-01", 30), course("2022-03-01", 18), course("2024-03-01", 25),
    ]});
    let ruling = rule(&policy, "yearly", 2024, &record);
    assert_eq!(
        years(&ruling),
        vec![
            (2021, 2021, 30, 0, 30, "compliant".into()),
            (2022, 2022, 18, 5, 23, "compliant".into()),
            (2023, 2023, 0, 3, 3, "shortfall".into()),
            (2024, 2024, 25, 0, 25, "compliant".into()),
        ]
    );
    // Two years back: 2023 reads what 2021 carried (0), 2024 what 2022 carried (5).
    let back: Vec<i64> = ruling["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["back"].as_i64().unwrap())
        .collect();
    assert_eq!(back, [0, 0, 0, 5]);
    // 2023 fails but passes the test, its previous year being compliant.
    let passes: Vec<bool> = ruling["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["passes"].as_bool().unwrap())
        .collect();
    assert_eq!(passes, [true, true, true, true]);
    assert_eq!(ruling["status"], "ok");
}

#[test]
fn a_purpose_of_one_year_has_no_previous_year() {
    let (policy, report) = xueshi::compile_policy(SourceFile::new(
        "one.policy",
        POLICY.replace("years 2021 to Y\n  each", "year Y\n  each"),
    ));
    // The checker warns of it: nothing is ever carried into the one year examined.
    let codes: Vec<&str> = report.check.iter().map(|e| e.kind.code()).collect();
    assert_eq!(codes, ["check::nothing-carried"]);
    let policy = policy.unwrap();
    let record = json!({"id": "p", "activities": [
        course("2023-03-01", 30), course("2024-03-01", 18),
    ]});
    let ruling = rule(&policy, "yearly", 2024, &record);
    // The 10 hours above 20 of 2023 are not carried: 2023 is not among the years examined.
    assert_eq!(ruling["carried"], 0);
    assert_eq!(ruling["status"], "short");
}
