//! The example regimes of `policies/examples/`: other regimes written in the policy language
//! alone, each with its own policy tests of at least ten cases computed by hand. This runs
//! `xueshi test` (the built binary) on every test file of `policies/examples/tests/`, as a
//! policy author would, and requires every case to pass.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every policy test file of the example regimes.
fn regime_tests() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/examples/tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_regime_passes_its_own_tests() {
    let files = regime_tests();
    assert!(!files.is_empty(), "no example regime was found");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let cases = text.lines().filter(|l| l.trim() == "[[case]]").count();
        assert!(
            cases >= 10,
            "{}: {cases} cases, at least 10 are needed",
            file.display()
        );
        let out = Command::new(env!("CARGO_BIN_EXE_xueshi"))
            .args(["--lang", "en", "test"])
            .arg(file)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}:\n{stdout}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains(&format!("{cases} passed, 0 failed")),
            "{}: not every case ran and passed:\n{stdout}",
            file.display()
        );
    }
}

#[test]
fn every_example_policy_checks_without_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/examples");
    let mut policies: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    policies.sort();
    assert!(!policies.is_empty());
    for policy in &policies {
        let out = Command::new(env!("CARGO_BIN_EXE_xueshi"))
            .args(["--lang", "en", "check"])
            .arg(policy)
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{}:\n{all}", policy.display());
        assert!(
            all.trim_end().ends_with("is valid"),
            "{} has findings:\n{all}",
            policy.display()
        );
    }
}

/// Every key of a JSON value, at any depth.
fn keys(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// `xueshi ARGS…` run in the repository's root.
fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xueshi"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

/// `xueshi ARGS…` in the repository's root: its standard output.
fn xueshi(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const CME: [&str; 6] = [
    "--policy",
    "policies/examples/cme-credits.policy",
    "--purpose",
    "annual",
    "--year",
    "2025",
];

#[test]
fn a_policy_that_credits_credits_names_its_amounts_credits_in_every_output() {
    let jsonl = xueshi(
        &[
            &["eval"][..],
            &CME,
            &["--format", "jsonl", "tests/fixtures/cme-credits.jsonl"],
        ]
        .concat(),
    );
    let rulings: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rulings.len(), 2);
    assert_eq!(rulings[0]["credits"][0]["credits"], serde_json::json!(10));
    // A rate whose decimals never end reads as written, not rounded.
    assert_eq!(
        rulings[0]["credits"][0]["computation"],
        "30 hours × (1 credit per 3 hours) = 10 credits"
    );
    assert_eq!(
        rulings[1]["rejected"][0]["credits_if_accepted"],
        serde_json::json!(10)
    );
    let mut all = Vec::new();
    rulings.iter().for_each(|r| keys(r, &mut all));
    assert!(
        !all.iter().any(|k| k.contains("hours")),
        "a key speaks of hours: {all:?}"
    );

    // CSV's headers are the JSON keys; the table's are words.
    let table = xueshi(
        &[
            &["--lang", "zh", "eval"][..],
            &CME,
            &["--format", "table", "tests/fixtures/cme-credits.jsonl"],
        ]
        .concat(),
    );
    let header = table.lines().next().unwrap();
    assert!(header.contains("需补学分"), "{header}");
    assert!(!header.contains("学时"), "{header}");

    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("cme.xlsx");
    let book_path = book.to_str().unwrap();
    xueshi(
        &[
            &["--lang", "zh", "eval"][..],
            &CME,
            &["--format", "xlsx", "-o", book_path],
            &["tests/fixtures/cme-credits.jsonl"],
        ]
        .concat(),
    );
    use calamine::Reader as _;
    let mut workbook = calamine::open_workbook_auto(&book).unwrap();
    let names = workbook.sheet_names();
    assert_eq!(names[1], "学分认定", "{names:?}");
    let sheet = workbook.worksheet_range(&names[1]).unwrap();
    let headers: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(headers.contains(&"封顶前学分".to_string()), "{headers:?}");
    assert!(headers.contains(&"认定学分".to_string()), "{headers:?}");
}

#[test]
fn a_test_case_of_a_credit_policy_expects_credits_not_hours() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("policies/examples/tests/cme-credits.toml"))
        .unwrap()
        .replace(
            "policy = \"../cme-credits.policy\"",
            &format!(
                "policy = {:?}",
                root.join("policies/examples/cme-credits.policy")
            ),
        )
        .replacen("\ncredits = 10\n", "\nhours = 10\n", 1);
    let line = text
        .lines()
        .position(|l| l == "hours = 10")
        .map(|i| i + 1)
        .unwrap();
    let file = dir.path().join("cme.toml");
    std::fs::write(&file, text).unwrap();
    let out = run(&["--lang", "en", "test", file.to_str().unwrap()]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{all}");
    assert!(
        all.contains(&format!(
            "cme.toml:{line}: unknown expectation `hours` for an activity: it takes `index`, `rejected`, `reason` and `credits`"
        )),
        "{all}"
    );
}

#[test]
fn test_warns_when_a_year_in_shortfall_has_nothing_to_make_up() {
    // The notice under its other reading with its shortfall left as the first reading wrote
    // it: 150 hours of which 70 specialty fail `specialty >= ⅔ × total` (70 < 100), but
    // `max(90 − 150, 60 − 70)` is −10: nothing to make up.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy = std::fs::read_to_string(root.join("policies/examples/notice-own-total.policy"))
        .unwrap()
        .replace(
            "shortfall = least credits in specialty that make the year compliant",
            "shortfall = max(annual_minimum - total, 60 hours - specialty)",
        );
    assert!(policy.contains("60 hours - specialty"));
    std::fs::write(dir.path().join("own-total.policy"), policy).unwrap();
    let cases = r#"policy = "own-total.policy"

[[case]]
name = "150 hours, 70 specialty"
purpose = "annual"
year = 2023
[case.record]
id = "650102198001011234"
name = "甲"
[[case.record.activities]]
kind = "certificate"
year = 2023
hours = 70
category = "specialty"
issuer = "hrss"
[[case.record.activities]]
kind = "certificate"
year = 2023
hours = 80
category = "public"
issuer = "hrss"
[case.expect]
status = "shortfall"
"#;
    let file = dir.path().join("cases.toml");
    std::fs::write(&file, cases).unwrap();
    let file = file.to_str().unwrap();
    let test = |format: &[&str]| {
        let out = run(&[&["--lang", "en", "test"][..], format, &[file]].concat());
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let human = test(&[]);
    assert!(
        human.contains("warning")
            && human.contains("2023 is in shortfall (a requirement is not met), but the policy's shortfall gives nothing to make up"),
        "{human}"
    );
    assert!(human.contains("1 passed, 0 failed"), "{human}");
    let json = test(&["--error-format", "json"]);
    let finding: serde_json::Value = json
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|f| f["name"] == "test::nothing-to-make-up")
        .unwrap_or_else(|| panic!("no finding in {json}"));
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["code"], "X0405");
    assert_eq!(finding["line"], 3);
}

#[test]
fn diff_of_a_credit_policy_speaks_of_credits() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let old = root.join("policies/examples/cme-credits.policy");
    let text = std::fs::read_to_string(&old).unwrap();
    let new_text = text.replace(
        "credit hours * (1 credit per 3 hours)",
        "credit hours * (1 credit per 2 hours)",
    );
    assert_ne!(text, new_text);
    let new = dir.path().join("cme-2.policy");
    std::fs::write(&new, new_text).unwrap();
    let records = root.join("tests/fixtures/cme-credits.jsonl");
    let (old, new, records) = (
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        records.to_str().unwrap(),
    );
    let diff = |format: &str| {
        let args = ["--lang", "en", "diff", old, new, "--purpose", "annual"];
        let out = run(&[&args[..], &["--year", "2025", "--format", format, records]].concat());
        String::from_utf8(out.stdout).unwrap()
    };
    let table = diff("table");
    assert!(table.contains("credits credited: +"), "{table}");
    assert!(!table.contains("hours credited"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&diff("json")).unwrap();
    assert!(json["summary"]["credits_gained"].is_string(), "{json}");
    assert!(json["summary"].get("hours_gained").is_none(), "{json}");
}

/// A person of the engineering licence, whose renewal period 2021–2022 holds an activity of
/// each of its years.
const LICENCE_PERSON: &str = r#"{"id":"E1","name":"W","licensed_on":"2021-07-01","activities":[{"kind":"course","date":"2021-09-01","hours":20,"subject":"technical","certificate":"c"},{"kind":"course","date":"2022-09-01","hours":10,"subject":"ethics","certificate":"c"}]}"#;

#[test]
fn an_activity_in_a_later_year_of_a_period_is_examined_and_counts_in_its_own_year() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("licence.jsonl");
    std::fs::write(&records, format!("{LICENCE_PERSON}\n")).unwrap();
    let records = records.to_str().unwrap();
    let ruling = [
        "--policy",
        "policies/examples/engineering-licence.policy",
        "--purpose",
        "renewal",
        "--year",
        "2022",
    ];
    let explained = xueshi(
        &[
            &["--lang", "en", "explain", "--no-snippets"][..],
            &ruling,
            &[records],
        ]
        .concat(),
    );
    assert!(
        explained.contains("[1] course (course) — 10 hours"),
        "{explained}"
    );
    // Both activities are credited in the period 2021–2022: none is outside it.
    assert!(
        !explained.contains("not in the years examined"),
        "{explained}"
    );

    // The credits sheet gives the year each activity's hours count in.
    let book = dir.path().join("licence.xlsx");
    xueshi(
        &[
            &["--lang", "en", "eval"][..],
            &ruling,
            &["--format", "xlsx", "-o", book.to_str().unwrap(), records],
        ]
        .concat(),
    );
    use calamine::Reader as _;
    let mut workbook = calamine::open_workbook_auto(&book).unwrap();
    let names = workbook.sheet_names();
    let sheet = workbook.worksheet_range(&names[1]).unwrap();
    let years: Vec<(String, String)> = sheet
        .rows()
        .skip(1)
        .map(|r| (r[2].to_string(), r[3].to_string()))
        .collect();
    assert_eq!(
        years,
        [
            ("2021".to_string(), "0".to_string()),
            ("2022".to_string(), "1".to_string())
        ]
    );
}

#[test]
fn a_person_field_marked_the_id_identifies_rulings_in_every_output() {
    // The documentation's CPD policy keys members by `member_no`, marked `the id`.
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("members.jsonl");
    std::fs::write(
        &records,
        "{\"member_no\":\"M-001\",\"name\":\"Zhou\",\"grade\":\"member\"}\n\
         {\"member_no\":\"M-002\",\"name\":\"Qian\",\"grade\":\"fellow\"}\n",
    )
    .unwrap();
    let records = records.to_str().unwrap();
    let ruling = [
        "--policy",
        "docs/examples/cpd-points.policy",
        "--purpose",
        "annual",
        "--year",
        "2024",
    ];
    let jsonl = xueshi(&[&["eval"][..], &ruling, &["--format", "jsonl", records]].concat());
    let ids: Vec<String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"M-001\"", "\"M-002\""]);
    let csv = xueshi(&[&["eval"][..], &ruling, &["--format", "csv", records]].concat());
    assert!(
        csv.lines().nth(2).unwrap().starts_with("M-002,Qian,"),
        "{csv}"
    );
    let explained = xueshi(
        &[
            &["--lang", "en", "explain"][..],
            &ruling,
            &["--id", "M-002", records],
        ]
        .concat(),
    );
    assert!(explained.starts_with("Qian (M-002)"), "{explained}");
    assert!(!explained.contains("Zhou"), "{explained}");
}
