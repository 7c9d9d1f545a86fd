//! Properties that must hold for any input: no panic on arbitrary policy text or records,
//! exactly one output per input record, the same output for the same input, `fmt` round
//! trips, and adding a credited activity never lowers a year's total.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::LazyLock;
use xueshi::messages::Lang;
use xueshi::policy::Policy;
use xueshi::render::JsonRenderer;
use xueshi::source::SourceFile;

const POLICY_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/notice-2022.policy");

static POLICY_TEXT: LazyLock<String> =
    LazyLock::new(|| std::fs::read_to_string(POLICY_PATH).expect("shipped policy"));
static POLICY: LazyLock<Policy> =
    LazyLock::new(|| xueshi::load_policy(POLICY_PATH).unwrap_or_else(|e| panic!("{e}")));

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The shipped policy with a few random edits: cut a range, insert text, repeat a line.
fn mutated_policy() -> impl Strategy<Value = String> {
    let len = POLICY_TEXT.len();
    let edit = prop_oneof![
        (0..len, 0..40usize).prop_map(|(at, n)| (at, n, String::new())),
        (0..len, "[a-z0-9 (){}\\[\\]\"=*+/<>,.#\n:学时-]{1,12}").prop_map(|(at, s)| (at, 0, s)),
    ];
    proptest::collection::vec(edit, 1..4).prop_map(|edits| {
        let mut text = POLICY_TEXT.clone();
        for (at, cut, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(at..end, &insert);
        }
        text
    })
}

proptest! {
    // Each case parses, checks and formats the whole shipped policy: few cases suffice
    // (the fuzz target explores further; see fuzz/README.md).
    #![proptest_config(config(16))]

    #[test]
    fn arbitrary_text_never_panics_the_checker(text in ".{0,300}") {
        let _ = xueshi::compile_policy(SourceFile::new("p", text));
    }

    #[test]
    fn edited_policies_never_panic_and_format_round_trips(text in mutated_policy()) {
        let (policy, report) = xueshi::compile_policy(SourceFile::new("p", text.clone()));
        // Diagnostics render without panicking either.
        for d in report.diagnostics(Lang::Zh) {
            let _ = xueshi::diagnostics::render(d, &report.source, Default::default());
        }
        let (file, errors) = xueshi::syntax::parse_policy(&text);
        if errors.is_empty() {
            let once = xueshi::syntax::format_policy(&file, &text);
            let (again, errors) = xueshi::syntax::parse_policy(&once);
            prop_assert!(errors.is_empty(), "formatted text does not parse: {errors:?}");
            prop_assert_eq!(&again, &file);
            prop_assert_eq!(xueshi::syntax::format_policy(&again, &once), once);
        }
        let _ = policy;
    }
}

/// JSON values built from the record vocabulary, so that generated records reach the
/// decoder's and evaluator's paths, not only "unknown field".
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id"),
        Just("name"),
        Just("unit"),
        Just("title"),
        Just("title_since"),
        Just("activities"),
        Just("exemptions"),
        Just("kind"),
        Just("evidence"),
        Just("level"),
        Just("start"),
        Just("end"),
        Just("date"),
        Just("hours"),
        Just("months"),
        Just("subjects"),
        Just("recognized"),
        Just("year"),
        Just("category"),
        Just("issuer"),
        Just("reason"),
        Just("years"),
        Just("approved"),
        Just("other"),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..200).prop_map(|n| json!(n)),
        prop_oneof![Just(12.5), Just(0.1), Just(-1.5), Just(1e30)].prop_map(|f| json!(f)),
        prop_oneof![
            Just("11010519491231002X"),
            Just("110105194912310021"),
            Just("2023-05-10"),
            Just("2023-02-30"),
            Just("conference"),
            Just("study"),
            Just("online"),
            Just("certificate"),
            Just("national"),
            Just("public"),
            Just("health"),
            Just("参会证明"),
            Just("培训证"),
            Just("访惠聚驻村"),
            Just(""),
            Just("x"),
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6).prop_map(|entries| {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

fn render(record: &str, purpose: &str, year: i32) -> Option<Vec<u8>> {
    let outcome = xueshi::evaluate_json(&POLICY, purpose, year, record)?;
    let (id, _) = POLICY.purpose(purpose)?;
    let renderer = JsonRenderer {
        policy: &POLICY,
        purpose: id,
        year,
        lang: Lang::En,
        redact: false,
    };
    let mut out = Vec::new();
    renderer.write(&outcome, &mut out).ok()?;
    Some(out)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_records_give_one_output_deterministically(
        value in json_value(),
        purpose in prop_oneof![Just("annual"), Just("title_review"), Just("promotion")],
        year in 2020..2027i32,
    ) {
        let text = value.to_string();
        let first = render(&text, purpose, year);
        prop_assert!(first.is_some());
        prop_assert_eq!(first, render(&text, purpose, year));
    }

    #[test]
    fn arbitrary_bytes_are_records_in_error_not_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(render(&text, "annual", 2023).is_some());
    }
}

/// A valid activity of 2023 with its evidence (credited).
fn credited_activity() -> impl Strategy<Value = Value> {
    prop_oneof![
        (1u32..29).prop_map(|d| json!({"kind": "training",
            "start": "2023-03-01", "end": format!("2023-03-{d:02}"), "evidence": ["培训证"]})),
        (0usize..4, 1u32..10).prop_map(|(l, n)| {
            let level = ["international", "national", "region", "prefecture"][l];
            json!({"kind": "conference", "level": level, "start": "2023-05-01",
                   "end": format!("2023-05-{n:02}"), "evidence": ["参会证明"]})
        }),
        (1u32..48).prop_map(
            |half| json!({"kind": "study", "months": f64::from(half) / 2.0,
            "end": "2023-06-30", "evidence": ["结业证"]})
        ),
        (0u32..400).prop_map(|h| json!({"kind": "online", "date": "2023-07-01",
            "hours": f64::from(h) / 4.0, "recognized": true})),
        (0u32..4).prop_map(|n| json!({"kind": "exam", "date": "2023-09-01", "subjects": n})),
        (0u32..100, any::<bool>()).prop_map(|(h, p)| json!({"kind": "certificate", "year": 2023,
            "hours": h, "category": if p { "public" } else { "specialty" }, "issuer": "hrss"})),
    ]
}

fn total_2023(activities: &[Value]) -> Option<xueshi::number::Number> {
    let record = json!({"id": "11010519491231002X", "name": "甲", "activities": activities});
    let outcome = xueshi::evaluate_json(&POLICY, "annual", 2023, &record.to_string())?;
    Some(outcome.result.ok()?.ruling.years.first()?.total)
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn adding_a_credited_activity_never_lowers_the_total(
        activities in proptest::collection::vec(credited_activity(), 0..6),
        extra in credited_activity(),
    ) {
        let before = total_2023(&activities);
        let mut more = activities.clone();
        more.push(extra);
        let after = total_2023(&more);
        if let (Some(b), Some(a)) = (before, after) {
            prop_assert!(a >= b, "total went from {b} to {a}");
        }
    }
}

/// The shipped policy's annual purpose and the settings of its rulings for 2023.
fn annual_2023() -> (xueshi::policy::PurposeId, xueshi::render::Settings<'static>) {
    let (purpose, _) = POLICY.purpose("annual").unwrap();
    let settings = xueshi::render::Settings {
        policy: &POLICY,
        purpose,
        year: 2023,
        lang: Lang::En,
        redact: false,
    };
    (purpose, settings)
}

#[test]
fn a_stream_gives_exactly_one_output_per_record_in_order() {
    use xueshi::eval::{Job, evaluate_stream};
    use xueshi::render::{Format, Sink};
    let dir = std::env::temp_dir().join(format!("xueshi-props-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mixed.jsonl");
    let mut lines = Vec::new();
    for i in 0..2000 {
        lines.push(match i % 5 {
            0 => format!(r#"{{"id": "11010519491231002X", "name": "n{i}"}}"#),
            1 => "{not json".to_string(),
            2 => format!(r#"{{"id": "bad", "name": "n{i}"}}"#),
            3 => "[1, 2]".to_string(),
            _ => format!(
                r#"{{"id": "11010519491231002X", "name": "n{i}", "activities": [{{"kind": "exam", "date": "2023-01-01", "subjects": 1}}]}}"#
            ),
        });
        if i % 97 == 0 {
            lines.push(String::new());
        }
    }
    std::fs::write(&path, lines.join("\n")).unwrap();
    let (purpose, settings) = annual_2023();
    let job = Job {
        detail: xueshi::eval::Detail {
            traces: xueshi::eval::Traces::Credits,
            form: None,
            arms: false,
        },
        ..Job::new(&POLICY, purpose, 2023)
    };
    let mut outputs = Vec::new();
    for _ in 0..2 {
        let source = xueshi::input::read_records(path.to_str().unwrap()).unwrap();
        let mut sink = Sink::new(settings, Format::Jsonl, Vec::new());
        let encoder = sink.encoder();
        let tally =
            evaluate_stream(&job, source.records, &encoder, &mut sink, &mut |_| {}).unwrap();
        assert_eq!(tally.records, 2000);
        outputs.push(sink.finish().unwrap());
    }
    assert_eq!(
        outputs[0], outputs[1],
        "the same input gives the same bytes"
    );
    let out = String::from_utf8(outputs.remove(0)).unwrap();
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2000);
    for (i, r) in records.iter().enumerate() {
        let expected_invalid = matches!(i % 5, 1..=3);
        assert_eq!(
            r["status"] == "invalid",
            expected_invalid,
            "record {i}: {r}"
        );
        if i % 5 == 0 || i % 5 == 4 {
            assert_eq!(r["name"], format!("n{i}"), "order at record {i}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_batch_holds_at_most_its_bytes_of_large_records() {
    use xueshi::eval::{BATCH_BYTES, Job, evaluate_stream};
    use xueshi::render::{Format, Sink};
    // Twelve records of 3 MiB (a long name): a batch of 2,048 would hold 36 MiB of them;
    // one of BATCH_BYTES (8 MiB) holds three, so the stream is ruled in four batches
    // (`progress` is called after each), every record once, in order.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.jsonl");
    let name = "x".repeat(3 * 1024 * 1024);
    let lines: Vec<String> = (0..12)
        .map(|i| format!(r#"{{"id": "11010519491231002X", "name": "{i}{name}"}}"#))
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let (purpose, settings) = annual_2023();
    let job = Job::new(&POLICY, purpose, 2023);
    let source = xueshi::input::read_records(path.to_str().unwrap()).unwrap();
    let mut sink = Sink::new(settings, Format::Csv, Vec::new());
    let encoder = sink.encoder();
    let mut batches = Vec::new();
    let tally = evaluate_stream(&job, source.records, &encoder, &mut sink, &mut |t| {
        batches.push(t.records)
    })
    .unwrap();
    assert_eq!(tally.records, 12);
    let per_batch = BATCH_BYTES.div_ceil(3 * 1024 * 1024);
    assert_eq!(
        batches,
        [3, 6, 9, 12],
        "records after each batch of {per_batch}"
    );
    let out = String::from_utf8(sink.finish().unwrap()).unwrap();
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().get(..2).unwrap())
        .collect();
    let expected: Vec<String> = (0..12)
        .map(|i| format!("{i}{name}").get(..2).unwrap().to_string())
        .collect();
    assert_eq!(names, expected);
}
