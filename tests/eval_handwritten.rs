//! xueshi and the project's own hand-written evaluator (`examples/common/handwritten.rs`)
//! agree: on generated records (with invalid ones) and on hand-written corner cases, for the
//! annual purpose of the shipped policy in 2022–2025, record by record: invalid or not, status,
//! total, specialty, public, shortfall, and which activities are credited (with their hours) or
//! rejected (with the hours they would have given).
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../examples/common/mod.rs"]
mod common;

use common::generator::Generator;
use common::handwritten::{self, Item, units_text};
use xueshi::eval::{Job, Ruling, decode_record, evaluate};
use xueshi::input::{Content, Locator, Position, RawRecord};
use xueshi::policy::Policy;

const YEARS: [i32; 4] = [2022, 2023, 2024, 2025];
/// Generated records.
const GENERATED: usize = 3000;

/// What both sides must agree on for one record and one year.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Summary {
    Invalid {
        id: Option<String>,
        name: Option<String>,
    },
    Ruled {
        id: String,
        name: String,
        status: String,
        /// total, specialty, public, shortfall, as exact decimal text.
        figures: [String; 4],
        /// (index, hours) of the credited activities.
        credits: Vec<(usize, String)>,
        /// (index, hours it would have given) of the rejected ones.
        rejected: Vec<(usize, String)>,
    },
}

/// The summary of one xueshi ruling (or of an invalid record).
fn summarize(
    policy: &Policy,
    id: Option<String>,
    name: Option<String>,
    ruling: Option<&Ruling>,
) -> Summary {
    let Some(ruling) = ruling else {
        return Summary::Invalid { id, name };
    };
    let (_, purpose) = policy.purpose("annual").expect("annual purpose");
    let y = &ruling.years[0];
    let figure = |name: &str| {
        let i = policy
            .year
            .figures
            .iter()
            .position(|f| f.name == name)
            .unwrap_or_else(|| panic!("no figure `{name}`"));
        y.figures[i].to_string()
    };
    Summary::Ruled {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        status: purpose.statuses[ruling.status].label.clone(),
        figures: [
            figure("total"),
            figure("specialty"),
            figure("public"),
            y.shortfall.to_string(),
        ],
        credits: y.credits.iter().map(|(i, h)| (*i, h.to_string())).collect(),
        rejected: y
            .rejected
            .iter()
            .map(|i| {
                let hours = ruling.activities[*i].hours_in(y.year).unwrap_or_default();
                (*i, hours.to_string())
            })
            .collect(),
    }
}

/// `line` as the first line of the JSONL file `file`, as `xueshi eval` reads it.
fn jsonl_line(file: &str, line: &str) -> RawRecord {
    RawRecord {
        position: Position {
            file: file.into(),
            record: 1,
            line: Some(1),
        },
        content: Content::JsonLine,
        locator: Locator::Line {
            line: 1,
            text: line.into(),
        },
    }
}

/// xueshi's summaries of one line for every year of [`YEARS`]. The record is decoded once,
/// the way `Job::run` decodes a JSONL line (`decode_record`: straight from the text when it
/// is clean, else through its tree, which finds every error), then evaluated for each year.
/// [`corner_cases_agree`] checks that `Job::run` itself gives the same.
fn xueshi_summaries(policy: &Policy, line: &str) -> Vec<Summary> {
    let (purpose_id, _) = policy.purpose("annual").expect("annual purpose");
    let record = decode_record(policy, jsonl_line("handwritten.jsonl", line));
    let person = record.person.ok();
    YEARS
        .iter()
        .map(|&year| {
            let ruling = person
                .as_ref()
                .and_then(|p| evaluate(policy, p, purpose_id, year).ok());
            summarize(
                policy,
                record.id.clone(),
                record.name.clone(),
                ruling.as_ref(),
            )
        })
        .collect()
}

/// xueshi's summary of one line for one year through `batch::Job::run`, as `xueshi eval`
/// rules a line of JSONL.
fn xueshi_job_summary(policy: &Policy, line: &str, year: i32) -> Summary {
    let (purpose, _) = policy.purpose("annual").expect("annual purpose");
    let job = Job::new(policy, purpose, year);
    let outcome = job.run(jsonl_line("corner.jsonl", line));
    let ruling = outcome.result.as_ref().ok().map(|e| &e.ruling);
    summarize(policy, outcome.id.clone(), outcome.name.clone(), ruling)
}

/// The hand-written evaluator's summaries of one line for every year of [`YEARS`].
fn handwritten_summaries(line: &str) -> Vec<Summary> {
    let (id, name, record) = handwritten::read_line(line);
    let id = id.map(|s| s.into_owned());
    let name = name.map(|s| s.into_owned());
    let Ok(record) = record else {
        return vec![Summary::Invalid { id, name }; YEARS.len()];
    };
    YEARS
        .iter()
        .map(|&year| {
            let r = handwritten::rule(&record, year, true);
            let items = |credited: bool| -> Vec<(usize, String)> {
                r.items
                    .iter()
                    .filter(|i: &&Item| i.rejection.is_none() == credited)
                    .map(|i| (i.index as usize, units_text(i.hours)))
                    .collect()
            };
            Summary::Ruled {
                id: id.clone().unwrap_or_default(),
                name: name.clone().unwrap_or_default(),
                status: r.status.name().to_string(),
                figures: [r.total, r.specialty, r.public, r.shortfall].map(units_text),
                credits: items(true),
                rejected: items(false),
            }
        })
        .collect()
}

/// Checks every line for every year, on two threads; panics with the first
/// disagreements. Returns (records, invalid records).
fn check(policy: &Policy, lines: &[String]) -> (usize, usize) {
    let half = lines.len().div_ceil(2).max(1);
    let results: Vec<(Vec<String>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = lines
            .chunks(half)
            .enumerate()
            .map(|(chunk, lines)| {
                scope.spawn(move || {
                    let mut problems = Vec::new();
                    let mut invalid = 0;
                    for (n, line) in lines.iter().enumerate() {
                        let xs = xueshi_summaries(policy, line);
                        let bs = handwritten_summaries(line);
                        invalid += usize::from(matches!(xs[0], Summary::Invalid { .. }));
                        for ((x, b), year) in xs.iter().zip(&bs).zip(YEARS) {
                            if x != b {
                                problems.push(format!(
                                    "record {} for {year}:\n  {line}\n  xueshi:   {x:?}\n  handwritten: {b:?}",
                                    chunk * half + n + 1
                                ));
                            }
                        }
                    }
                    (problems, invalid)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let problems: Vec<&String> = results.iter().flat_map(|(p, _)| p).collect();
    assert!(
        problems.is_empty(),
        "{} disagreements; the first:\n{}",
        problems.len(),
        problems
            .iter()
            .take(5)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    (lines.len(), results.iter().map(|(_, i)| i).sum())
}

fn policy() -> Policy {
    xueshi::load_policy(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/notice-2022.policy"
    ))
    .expect("the shipped policy loads")
}

#[test]
fn generated_records_agree() {
    let mut generator = Generator::new(2024);
    // More invalid records than the generator's usual 0.5%, to reach every cause.
    generator.invalid_per_100k = 4000;
    let mut lines = Vec::with_capacity(GENERATED);
    let mut line = String::new();
    for _ in 0..GENERATED {
        line.clear();
        generator.record(&mut line);
        lines.push(line.trim_end().to_string());
    }
    let (records, invalid) = check(&policy(), &lines);
    assert_eq!(records, GENERATED);
    assert!(
        (60..300).contains(&invalid),
        "{invalid} invalid of {records}: the generator should make about 4% invalid"
    );
}

const ID: &str = "11010519491231002X";

fn person(extra: &str) -> String {
    format!(r#"{{"id": "{ID}", "name": "张三"{extra}}}"#)
}

fn with_activities(activities: &[&str]) -> String {
    person(&format!(r#", "activities": [{}]"#, activities.join(", ")))
}

#[test]
fn corner_cases_agree() {
    let online = |hours: &str| {
        format!(
            r#"{{"kind": "online", "date": "2023-03-01", "hours": {hours}, "recognized": true}}"#
        )
    };
    let lines = vec![
        // A key given twice, the first time as null: invalid.
        format!(r#"{{"id": "{ID}", "name": "a", "unit": null, "unit": "x"}}"#),
        with_activities(&[
            r#"{"kind": "online", "date": "2023-01-01", "hours": 5, "recognized": true, "hours": null}"#,
        ]),
        // More than 12 decimal places, whatever the denominator: invalid.
        with_activities(&[&online("0.0001220703125")]),
        with_activities(&[&online("1e-13")]),
        // 12 places, trailing zeros beyond 12, exponents: valid, exact.
        with_activities(&[
            &online("0.000000000001"),
            &online("1.5000000000000"),
            &online("1e2"),
            &online("0.1"),
            &online("0.2"),
        ]),
        // Zeros written around the value do not count: 1 and 0, however many.
        with_activities(&[
            &online("1.0000000000000000000000000000000"),
            &online("0.00000000000000000000000000000000000000000"),
        ]),
        // The largest number, and one more.
        with_activities(&[&online("1000000000000000")]),
        with_activities(&[&online("1000000000000001")]),
        with_activities(&[&online("-0.5")]),
        // Study: spread over the year of its end and the next, capped at 180.
        with_activities(&[
            r#"{"kind": "study", "months": 3.5, "end": "2023-03-01", "evidence": ["结业证"]}"#,
            r#"{"kind": "study", "months": 1.5, "end": "2023-03-01", "evidence": ["结业证"]}"#,
            r#"{"kind": "study", "months": 100, "end": "2022-03-01", "evidence": ["结业证"]}"#,
            r#"{"kind": "study", "months": 2.5, "end": "2022-03-01"}"#,
            r#"{"kind": "study", "months": 0, "end": "2024-03-01", "evidence": ["结业证"]}"#,
        ]),
        // Rejections: not recognised, half the teaching evidence, evidence null.
        with_activities(&[
            r#"{"kind": "online", "date": "2023-01-01", "hours": 12.5, "recognized": false}"#,
            r#"{"kind": "teaching", "date": "2023-01-01", "hours": 3.5, "evidence": ["授课证明"]}"#,
            r#"{"kind": "teaching", "date": "2023-01-01", "hours": 3.5, "evidence": ["授课证明", "备课记录"]}"#,
            r#"{"kind": "training", "start": "2023-05-10", "end": "2023-05-12", "evidence": null}"#,
        ]),
        // Across a year end, and a whole year capped at 90.
        with_activities(&[
            r#"{"kind": "training", "start": "2023-12-30", "end": "2024-01-02", "evidence": ["合格证"]}"#,
            r#"{"kind": "seminar", "start": "2023-01-01", "end": "2023-12-31", "evidence": ["合格证"]}"#,
            r#"{"kind": "conference", "level": "prefecture", "start": "2025-02-27", "end": "2025-03-01", "evidence": ["参会证明"]}"#,
        ]),
        // Certificates: a public finance certificate is invalid, an education one is public.
        with_activities(&[
            r#"{"kind": "certificate", "year": 2023, "hours": 30, "category": "specialty", "issuer": "finance"}"#,
            r#"{"kind": "certificate", "year": 2023.0, "hours": 30, "category": "public", "issuer": "education"}"#,
        ]),
        with_activities(&[
            r#"{"kind": "certificate", "year": 2023, "hours": 30, "category": "public", "issuer": "health"}"#,
        ]),
        // A field of another kind, even null, is unknown.
        with_activities(&[
            r#"{"kind": "training", "start": "2023-05-10", "end": "2023-05-12", "level": null, "evidence": ["合格证"]}"#,
        ]),
        with_activities(&[r#"{"kind": "exam", "date": "2023-05-10", "subjects": 1.5}"#]),
        with_activities(&[r#"{"kind": "exam", "date": "2023-05-10", "subjects": 2.0}"#]),
        with_activities(&[
            r#"{"kind": "online", "date": "2023-02-29", "hours": 5, "recognized": true}"#,
        ]),
        with_activities(&[
            r#"{"kind": "conference", "level": "region", "start": "2023\u002d05-10", "end": "2023-05-12", "evidence": ["参会证明"]}"#,
        ]),
        // Exemptions: listed and approved, unlisted, unapproved.
        person(
            r#", "activities": [{"kind": "online", "date": "2023-01-01", "hours": 95, "recognized": true}], "exemptions": [{"reason": "第一书记", "years": [2023], "approved": true}, {"reason": "病假", "years": [2024], "approved": true}, {"reason": "驻村管寺", "years": [2025], "approved": false}]"#,
        ),
        person(r#", "exemptions": [{"reason": "第一书记", "years": [2023]}]"#),
        // The person: a blank name, a bad check character, years, unknown fields, types.
        format!(r#"{{"id": "{ID}", "name": "  "}}"#),
        r#"{"id": "11010519491231002x", "name": "a"}"#.to_string(),
        person(r#", "title_since": 2023.5"#),
        person(r#", "title_since": 10000"#),
        person(r#", "email": "x""#),
        format!(r#"{{"id": "{ID}", "name": "a \"b\", c", "title": null, "activities": null}}"#),
        format!(r#"{{"id": "{ID}", "name": "a", "title": 5}}"#),
        r#"{"id": "#.to_string(),
        "[1, 2]".to_string(),
    ];
    let policy = policy();
    // `xueshi eval`'s way (`Job::run` on a JSONL line) and the library's facade
    // (`evaluate_json`) give what the decode-once way of `check` gives.
    for line in &lines {
        let once = xueshi_summaries(&policy, line);
        for (year, expected) in YEARS.iter().zip(&once) {
            assert_eq!(
                &xueshi_job_summary(&policy, line, *year),
                expected,
                "{line}"
            );
            let outcome = xueshi::evaluate_json(&policy, "annual", *year, line).unwrap();
            let ruling = outcome.result.as_ref().ok().map(|e| &e.ruling);
            let facade = summarize(&policy, outcome.id.clone(), outcome.name.clone(), ruling);
            assert_eq!(&facade, expected, "{line}");
        }
    }
    let (records, invalid) = check(&policy, &lines);
    assert_eq!(records, lines.len());
    assert_eq!(invalid, 19, "invalid corner cases");
}
