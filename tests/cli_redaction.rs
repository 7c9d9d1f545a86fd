//! `--redact` against the built binary and the server: no resident ID, nor any run shaped
//! like one (15 to 18 digits, the last may be `X`), is left in any output of any verb, in
//! whatever field of the record it was typed: the path of an unknown field, a name, a unit,
//! a title, an evidence name, an exemption's reason, the name of the record file. Each
//! output is also run without `--redact`, which shows every one of them as it is: the
//! records reach what is checked.

// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod serve_support;

use serve_support::{Server, post};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const POLICY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/notice-2022.policy");
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The first record's ID, also the name of a field it gives (an unknown field).
const PATH_ID: &str = "650102198001011234";
/// The second record's ID.
const ID: &str = "11010519491231002X";
/// IDs typed into the second record's other texts.
const NAME_ID: &str = "310101198001011231";
const UNIT_ID: &str = "11010119900307001X";
const TITLE_ID: &str = "440305198501010011";
const EVIDENCE_ID: &str = "320102197501011230";
const REASON_ID: &str = "510102197001011230";
/// The record file is named after a person.
const FILE_ID: &str = "420102196001011236";

const ALL: [&str; 8] = [
    PATH_ID,
    ID,
    NAME_ID,
    UNIT_ID,
    TITLE_ID,
    EVIDENCE_ID,
    REASON_ID,
    FILE_ID,
];

/// An invalid record whose unknown field is named by an ID, and a valid one with IDs in its
/// name, unit, title, an activity's evidence and an exemption's reason.
fn records() -> String {
    format!(
        "{{\"id\":\"{PATH_ID}\",\"name\":\"x\",\"{PATH_ID}\":1}}\n\
         {{\"id\":\"{ID}\",\"name\":\"张三 {NAME_ID}\",\"unit\":\"{UNIT_ID}\",\
         \"title\":\"ID {TITLE_ID}\",\"title_since\":2020,\"activities\":[\
         {{\"kind\":\"conference\",\"level\":\"national\",\"start\":\"2023-05-10\",\
         \"end\":\"2023-05-12\",\"evidence\":[\"{EVIDENCE_ID}\"]}},\
         {{\"kind\":\"online\",\"hours\":30,\"date\":\"2023-08-20\",\"recognized\":true}}],\
         \"exemptions\":[{{\"reason\":\"免 {REASON_ID}\",\"years\":[2023],\"approved\":true}}]}}\n"
    )
}

/// `650102********1234`.
fn masked(id: &str) -> String {
    format!(
        "{}{}{}",
        &id[..6],
        "*".repeat(id.len() - 10),
        &id[id.len() - 4..]
    )
}

/// Checks an output made with and without `--redact`: the plain one shows each of `shown`
/// as it is (so the check is not vacuous), the redacted one shows each masked and no ID of
/// the records at all.
fn check(what: &str, plain: &str, redacted: &str, shown: &[&str]) {
    for id in shown {
        assert!(
            plain.contains(id),
            "{what} without --redact lacks {id}:\n{plain}"
        );
        assert!(
            redacted.contains(&masked(id)),
            "{what} with --redact lacks {}:\n{redacted}",
            masked(id)
        );
    }
    for id in ALL {
        assert!(
            !redacted.contains(id),
            "{what} with --redact leaks {id}:\n{redacted}"
        );
    }
}

/// A folder holding the records, in a file named after a person.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{FILE_ID}.jsonl"));
    std::fs::write(&file, records()).unwrap();
    (dir, file)
}

/// Runs the binary in English; its stdout and stderr together.
fn run(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `run` without and with `--redact`.
fn both(args: &[&str]) -> (String, String) {
    let mut redacted = args.to_vec();
    redacted.insert(1, "--redact");
    (run(args), run(&redacted))
}

/// Every cell of every sheet of a workbook, as text, one a line.
fn workbook_text(bytes: &[u8]) -> String {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            text.push_str(&cell.2.to_string());
            text.push('\n');
        }
    }
    text
}

fn eval_args<'a>(file: &'a str, format: &'a str) -> Vec<&'a str> {
    vec![
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "-q",
        "--format",
        format,
        file,
    ]
}

#[test]
fn eval_masks_ids_in_paths_messages_names_and_echoed_values_in_every_format() {
    let (_dir, file) = corpus();
    let file = file.to_str().unwrap();
    let people = [PATH_ID, ID, NAME_ID];
    let (plain, redacted) = both(&eval_args(file, "table"));
    check(
        "eval table",
        &plain,
        &redacted,
        &[&people[..], &[FILE_ID]].concat(),
    );
    assert!(
        redacted.contains(&format!("{}: unknown field", masked(PATH_ID))),
        "{redacted}"
    );
    let (plain, redacted) = both(&eval_args(file, "csv"));
    check("eval csv", &plain, &redacted, &people);
    for format in ["json", "jsonl"] {
        let (plain, redacted) = both(&eval_args(file, format));
        let shown = [&people[..], &[REASON_ID, FILE_ID]].concat();
        check(&format!("eval {format}"), &plain, &redacted, &shown);
        assert!(
            redacted.contains(&format!("\"path\":\"{}\"", masked(PATH_ID))),
            "{redacted}"
        );
        assert!(
            redacted.contains(&format!("\"reason\":\"免 {}\"", masked(REASON_ID))),
            "{redacted}"
        );
    }
    // The errors of invalid records as findings on stderr.
    let mut args = eval_args(file, "jsonl");
    args.splice(1..1, ["--error-format", "json"]);
    let (plain, redacted) = both(&args);
    check("eval --error-format json", &plain, &redacted, &people);
    assert!(
        redacted.contains(&format!("\"path\":\"{}\"", masked(PATH_ID))),
        "{redacted}"
    );
    let dir = tempfile::tempdir().unwrap();
    let books: Vec<String> = [false, true]
        .into_iter()
        .map(|redact| {
            let book = dir.path().join(format!("{redact}.xlsx"));
            let mut args = eval_args(file, "xlsx");
            let book_arg = book.to_str().unwrap().to_string();
            args.extend(["-o", &book_arg]);
            if redact {
                args.insert(1, "--redact");
            }
            run(&args);
            workbook_text(&std::fs::read(&book).unwrap())
        })
        .collect();
    check(
        "eval xlsx",
        &books[0],
        &books[1],
        &[&people[..], &[FILE_ID]].concat(),
    );
}

fn explain_args<'a>(file: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "explain",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
    ];
    args.extend_from_slice(rest);
    args.push(file);
    args
}

#[test]
fn explain_masks_ids_in_its_text_its_data_and_its_form() {
    let (_dir, file) = corpus();
    let file = file.to_str().unwrap();
    let texts = [PATH_ID, ID, NAME_ID, EVIDENCE_ID, REASON_ID];
    for rest in [&["--no-snippets"][..], &[]] {
        let (plain, redacted) = both(&explain_args(file, rest));
        check(&format!("explain {rest:?}"), &plain, &redacted, &texts);
        assert!(
            redacted.contains(&format!("the record gives {}", masked(EVIDENCE_ID))),
            "{redacted}"
        );
    }
    let (plain, redacted) = both(&explain_args(file, &["--format", "json"]));
    check(
        "explain json",
        &plain,
        &redacted,
        &[PATH_ID, ID, NAME_ID, REASON_ID, FILE_ID],
    );
    let (plain, redacted) = both(&explain_args(file, &["--format", "form"]));
    check(
        "explain form",
        &plain,
        &redacted,
        &[PATH_ID, ID, NAME_ID, UNIT_ID, TITLE_ID],
    );
    assert!(
        redacted.contains(&format!("ID {}", masked(TITLE_ID))),
        "{redacted}"
    );
    // An ID asked for and not found is not echoed either.
    let missing = "370102199912311234";
    let out = |redact: bool| {
        let mut args = vec!["explain", "--policy", POLICY, "--purpose", "annual"];
        if redact {
            args.push("--redact");
        }
        args.extend(["--year", "2023", "--id", missing, file]);
        Command::new(BIN)
            .args(["--lang", "en"])
            .args(&args)
            .output()
            .unwrap()
    };
    assert!(String::from_utf8_lossy(&out(false).stderr).contains(missing));
    let redacted = out(true);
    let err = String::from_utf8_lossy(&redacted.stderr);
    assert!(err.contains(&masked(missing)), "{err}");
    assert!(!err.contains(missing), "{err}");
}

/// A test file of two failing cases: the second person of [`records`] (the case named
/// after the person, with an ID), and the first (invalid) one.
fn test_file(dir: &Path) -> PathBuf {
    let lines: Vec<String> = records().lines().map(String::from).collect();
    let case = |name: &str, record: &str| {
        // A JSON object of strings, numbers and arrays reads as a TOML inline table once
        // its keys are quoted and its colons are `=`.
        let value: serde_json::Value = serde_json::from_str(record).unwrap();
        format!(
            "[[case]]\nname = \"{name}\"\npurpose = \"annual\"\nyear = 2023\nrecord = {}\n\
             [case.expect]\nstatus = \"compliant\"\n\n",
            inline(&value)
        )
    };
    let text = format!(
        "policy = \"{POLICY}\"\n\n{}{}",
        case(&format!("张三 {NAME_ID}"), &lines[1]),
        case("an invalid record", &lines[0])
    );
    let path = dir.join("cases.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A JSON value as a TOML inline value.
fn inline(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{} = {}", serde_json::Value::from(k.as_str()), inline(v)))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

#[test]
fn test_masks_ids_in_failures_explanations_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let cases = test_file(dir.path());
    let cases = cases.to_str().unwrap();
    let (plain, redacted) = both(&["test", cases]);
    check(
        "test",
        &plain,
        &redacted,
        &[PATH_ID, NAME_ID, EVIDENCE_ID, REASON_ID],
    );
    assert!(
        redacted.contains(&format!("the record gives {}", masked(EVIDENCE_ID))),
        "{redacted}"
    );
    let (plain, redacted) = both(&["test", "--error-format", "json", cases]);
    // The findings quote the case's name.
    check("test --error-format json", &plain, &redacted, &[NAME_ID]);
}

#[test]
fn serve_masks_ids_in_every_answer() {
    let (_dir, file) = corpus();
    let body = std::fs::read(&file).unwrap();
    for server_flag in [false, true] {
        let s = if server_flag {
            Server::start(&["--policy", POLICY, "--redact"])
        } else {
            Server::start(&["--policy", POLICY])
        };
        let ask = |endpoint: &str, accept: &str, redact: bool| {
            let query = format!(
                "/v1/{endpoint}?purpose=annual&year=2023&lang=en&name={FILE_ID}.jsonl{}",
                if redact { "&redact=true" } else { "" }
            );
            let a = post(
                &s.url(&query),
                "application/x-ndjson",
                &[("Accept", accept)],
                &body,
            );
            assert_eq!(a.status, 200, "{endpoint} {accept}: {}", a.text());
            if accept == XLSX {
                workbook_text(&a.body)
            } else {
                a.text()
            }
        };
        for (endpoint, accept, shown) in [
            (
                "eval",
                "application/json",
                &[PATH_ID, ID, NAME_ID, REASON_ID][..],
            ),
            ("eval", "text/csv", &[PATH_ID, ID, NAME_ID]),
            ("eval", XLSX, &[PATH_ID, ID, NAME_ID, FILE_ID]),
            (
                "explain",
                "application/json",
                &[
                    PATH_ID,
                    ID,
                    NAME_ID,
                    UNIT_ID,
                    TITLE_ID,
                    EVIDENCE_ID,
                    REASON_ID,
                ],
            ),
        ] {
            let what = format!("serve {endpoint} {accept} (server --redact: {server_flag})");
            let redacted = ask(endpoint, accept, true);
            if server_flag {
                // Redacting for all, the server redacts also when not asked.
                check(&what, &redacted, &ask(endpoint, accept, false), &[]);
            } else {
                check(&what, &ask(endpoint, accept, false), &redacted, shown);
            }
        }
    }
    // An ID asked for and not found is not echoed either.
    let s = Server::start(&["--policy", POLICY]);
    let missing = "370102199912311234";
    for redact in [false, true] {
        let query = format!(
            "/v1/explain?purpose=annual&year=2023&lang=en&id={missing}{}",
            if redact { "&redact=true" } else { "" }
        );
        let a = post(&s.url(&query), "application/x-ndjson", &[], &body);
        assert_eq!(a.status, 404, "{}", a.text());
        assert_eq!(a.text().contains(missing), !redact, "{}", a.text());
    }
    // Nor is a column named by an ID in a body that cannot be read.
    let csv = format!("id,name,{PATH_ID}\n{ID},x,1\n");
    for redact in [false, true] {
        let query = format!(
            "/v1/eval?purpose=annual&year=2023&lang=en{}",
            if redact { "&redact=true" } else { "" }
        );
        let a = post(&s.url(&query), "text/csv", &[], csv.as_bytes());
        assert_eq!(a.status, 400, "{}", a.text());
        assert_eq!(a.text().contains(PATH_ID), !redact, "{}", a.text());
    }
}

#[test]
fn diff_masks_ids_in_names_and_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let people = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/people.jsonl"
    ))
    .unwrap();
    let people = people.replace("\"name\":\"张三\"", &format!("\"name\":\"张三 {NAME_ID}\""));
    let file = dir.path().join(format!("{FILE_ID}.jsonl"));
    std::fs::write(&file, people).unwrap();
    let revision = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/policies/revisions/notice-2024.policy"
    );
    for format in ["table", "json"] {
        let (plain, redacted) = both(&[
            "diff",
            POLICY,
            revision,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--format",
            format,
            file.to_str().unwrap(),
        ]);
        check(
            &format!("diff {format}"),
            &plain,
            &redacted,
            &[PATH_ID, NAME_ID, FILE_ID],
        );
    }
}

#[test]
fn errors_on_stderr_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    // A column named by an ID, and a file named after a person that is not there.
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, format!("id,name,{PATH_ID}\n{ID},x,1\n")).unwrap();
    let missing = dir.path().join(format!("{FILE_ID}.jsonl"));
    for file in [&csv, &missing] {
        let stderr = |redact: bool| {
            let mut args = eval_args(file.to_str().unwrap(), "csv");
            if redact {
                args.insert(1, "--redact");
            }
            let out = Command::new(BIN)
                .args(["--lang", "en"])
                .args(&args)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        let shown = if file == &csv { PATH_ID } else { FILE_ID };
        check(
            "an error on stderr",
            &stderr(false),
            &stderr(true),
            &[shown],
        );
    }
}
