//! Records in CSV and XLSX, rulings out as XLSX: person grouping, list and typed cells,
//! errors with their lines, unknown columns, the same rulings as JSONL, and workbooks read
//! back with calamine.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::{Path, PathBuf};
use std::process::Command;
use xueshi::eval::{Job, Outcome};
use xueshi::input::Columns;
use xueshi::input::{read_records, read_records_with};
use xueshi::messages::Lang;
use xueshi::policy::Policy;
use xueshi::record::RecordError;
use xueshi::render::JsonRenderer;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const POLICY: &str = "policies/notice-2022.policy";
/// The header of the shipped policy's records.
const HEADER: &str = "id,name,unit,title,title_since,entry,kind,level,start,end,year,hours,category,issuer,months,date,subjects,recognized,evidence,reason,years,approved";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn policy() -> Policy {
    xueshi::load_policy(root().join(POLICY)).expect("the shipped policy compiles")
}

/// A file in a fresh temporary folder (kept alive by the returned guard).
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn outcomes(policy: &Policy, path: &Path, purpose: &str, year: i32) -> Vec<Outcome> {
    let (purpose, _) = policy.purpose(purpose).unwrap();
    let job = Job {
        detail: xueshi::eval::Detail {
            traces: xueshi::eval::Traces::Credits,
            form: None,
            arms: false,
        },
        ..Job::new(policy, purpose, year)
    };
    let source = read_records_with(path.to_str().unwrap(), &Columns::of(policy))
        .unwrap_or_else(|e| panic!("{}: {}", e.file, e.message(xueshi::messages::Lang::En)));
    source.into_iter().map(|raw| job.run(raw)).collect()
}

fn csv_outcomes(policy: &Policy, rows: &str) -> Vec<Outcome> {
    let (_dir, path) = temp_file("people.csv", format!("{HEADER}\n{rows}").as_bytes());
    outcomes(policy, &path, "annual", 2023)
}

/// The JSON ruling of each outcome.
fn rulings(policy: &Policy, purpose: &str, year: i32, outcomes: &[Outcome]) -> Vec<String> {
    let renderer = JsonRenderer {
        policy,
        purpose: policy.purpose(purpose).unwrap().0,
        year,
        lang: Lang::En,
        redact: false,
    };
    outcomes
        .iter()
        .map(|o| {
            let mut out = Vec::new();
            renderer.write(o, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        })
        .collect()
}

fn errors(o: &Outcome) -> &[RecordError] {
    match &o.result {
        Err(e) => e,
        Ok(_) => panic!("the record is valid: {:?}", o.position),
    }
}

/// `(path, code, line, column)` of each error.
fn places(o: &Outcome) -> Vec<(String, &'static str, Option<usize>, Option<usize>)> {
    errors(o)
        .iter()
        .map(|e| {
            (
                e.path.clone(),
                e.kind.code(),
                e.at.map(|a| a.line),
                e.at.map(|a| a.column),
            )
        })
        .collect()
}

fn total(o: &Outcome) -> String {
    let evaluated = o.result.as_ref().expect("a ruling");
    evaluated.ruling.years[0].total.to_string()
}

// ---------------------------------------------------------------- CSV in

#[test]
fn consecutive_rows_of_one_person_are_one_record() {
    let policy = policy();
    let rows = "\
11010519491231002X,甲,,,,activity,exam,,,,,,,,,2023-06-01,1,,,,,
11010519491231002X,甲,,,,activity,exam,,,,,,,,,2023-07-01,1,,,,,
11010519491231002X,乙,,,,activity,exam,,,,,,,,,2023-06-01,2,,,,,
11010519491231002X,乙,某单位,,,activity,exam,,,,,,,,,2023-06-01,1,,,,,
11010519491231002X,甲,,,,,,,,,,,,,,,,,,,,
";
    let out = csv_outcomes(&policy, rows);
    // 甲 twice, 乙, 乙 of another unit (a person column changed), 甲 again without activities.
    assert_eq!(out.len(), 4);
    assert_eq!(
        out.iter()
            .map(|o| o.name.clone().unwrap())
            .collect::<Vec<_>>(),
        ["甲", "乙", "乙", "甲"]
    );
    assert_eq!(total(&out[0]), "60");
    assert_eq!(total(&out[1]), "60");
    assert_eq!(total(&out[2]), "30");
    assert_eq!(total(&out[3]), "0");
    let evaluated = out[0].result.as_ref().unwrap();
    assert_eq!(evaluated.person.activities.len(), 2);
    assert!(out[3].result.as_ref().unwrap().person.activities.is_empty());
    // Records are numbered by person; each starts on its first row's line.
    let positions: Vec<(usize, Option<usize>)> = out
        .iter()
        .map(|o| (o.position.record, o.position.line))
        .collect();
    assert_eq!(
        positions,
        [(1, Some(2)), (2, Some(4)), (3, Some(5)), (4, Some(6))]
    );
}

#[test]
fn list_cells_are_split_on_semicolons() {
    let policy = policy();
    let rows = "\
11010519491231002X,甲,,,,activity,teaching,,,,,6,,,,2023-09-10,,,授课证明 ; 备课记录;,,,
11010519491231002X,甲,,,,exemption,,,,,,,,,,,,,,访惠聚驻村,2022;2023,TRUE
";
    let out = csv_outcomes(&policy, rows);
    assert_eq!(out.len(), 1);
    let evaluated = out[0].result.as_ref().expect("valid");
    let evidence: Vec<&str> = evaluated.person.activities[0]
        .evidence
        .iter()
        .map(|e| e.text(&policy))
        .collect();
    assert_eq!(evidence, ["授课证明", "备课记录"]);
    assert_eq!(evaluated.ruling.exemptions[0].years, [2022, 2023]);
    // Both evidence names given: the teaching is credited (2 × 6 hours), and the year is
    // exempt.
    assert_eq!(evaluated.ruling.years[0].credits, [(0, 12.into_number())]);
    assert_eq!(
        policy.purposes[usize::from(evaluated.ruling.purpose)].statuses[evaluated.ruling.status]
            .label,
        "exempt"
    );
}

trait IntoNumber {
    fn into_number(self) -> xueshi::number::Number;
}

impl IntoNumber for i64 {
    fn into_number(self) -> xueshi::number::Number {
        xueshi::number::Number::from_int(self)
    }
}

#[test]
fn cells_are_typed_by_the_schema() {
    let policy = policy();
    // A decimal, a bool in capitals, a date and a year with spaces around them.
    let rows = "\
11010519491231002X,甲,,,2021,activity,online,,,,,12.5,,,,2023-08-20,,TRUE,,,,
11010519491231002X,甲,,,2021,activity,certificate,,,, 2023 , 0.1 ,public,hrss,,,,,,,,
";
    let out = csv_outcomes(&policy, rows);
    assert_eq!(total(&out[0]), "12.6");
    // Text fields keep what the cell says; a typed field gets the schema's value.
    let rows = "\
11010519491231002X,甲,2023,,,activity,online,,,,,abc,,,,2023-02-30,,yes,,,,
11010519491231002X,甲,2023,,,activity,exam,,,,,,,,,2023-06-01,1.5,,,,,
11010519491231002X,甲,2023,,,activity,certificate,,,,99999,1,public,moe,,,,,,,,
";
    let out = csv_outcomes(&policy, rows);
    assert_eq!(out.len(), 1);
    assert_eq!(
        places(&out[0]),
        [
            (
                "activities[0].hours".into(),
                "not-a-number",
                Some(2),
                Some(12)
            ),
            ("activities[0].date".into(), "bad-date", Some(2), Some(16)),
            (
                "activities[0].recognized".into(),
                "not-a-bool",
                Some(2),
                Some(18)
            ),
            (
                "activities[1].subjects".into(),
                "not-whole",
                Some(3),
                Some(17)
            ),
            ("activities[2].year".into(), "bad-year", Some(4), Some(11)),
            (
                "activities[2].issuer".into(),
                "unknown-value",
                Some(4),
                Some(14)
            ),
        ]
    );
}

#[test]
fn errors_name_the_record_the_path_and_the_line() {
    let policy = policy();
    // A quoted cell over two lines: the lines after it are counted right.
    let rows = "\
11010519491231002X,甲,\"第一\n第二\",,,activity,exam,,,,,,,,,2023-06-01,1,,,,,
110105194912310021,乙,,,,activity,conference,nation,2023-05-12,2023-05-10,,,,,,,,,,,,
110105194912310021,乙,,,,activity,training,,2023-05-12,,,,,,,,,,,,,
11010519491231002X,,,,,,,,,,,,,,,,,,,,,
";
    let out = csv_outcomes(&policy, rows);
    assert_eq!(out.len(), 3);
    assert!(out[0].result.is_ok());
    // An empty required cell is missing at its column.
    assert_eq!(
        places(&out[2]),
        [("name".into(), "missing-field", Some(6), Some(2))]
    );
    assert_eq!(out[1].position.record, 2);
    assert_eq!(out[1].position.line, Some(4));
    assert_eq!(
        places(&out[1]),
        [
            ("id".into(), "bad-resident-id", Some(4), Some(1)),
            (
                "activities[0].level".into(),
                "unknown-value",
                Some(4),
                Some(8)
            ),
            ("activities[0].start".into(), "constraint", Some(4), Some(9)),
            // A missing field is placed at its row.
            (
                "activities[1].end".into(),
                "missing-field",
                Some(5),
                Some(6)
            ),
        ]
    );
    // The table shows them with their lines.
    let renderer = xueshi::render::TableRenderer {
        policy: &policy,
        purpose: policy.purpose("annual").unwrap().0,
        lang: Lang::En,
        redact: false,
    };
    let table = renderer.render(&out);
    assert!(table.contains(", line 4\n"), "{table}");
    assert!(
        table.contains("activities[1].end: required field is missing [5:6]"),
        "{table}"
    );
}

#[test]
fn unknown_columns_are_errors_naming_the_column() {
    let (_dir, path) = temp_file("p.csv", "id,name,entry,kind,hourz\n".as_bytes());
    let e = read_records_with(path.to_str().unwrap(), &Columns::of(&policy()))
        .err()
        .expect("an unknown column is an error");
    assert!(
        e.message(xueshi::messages::Lang::En)
            .starts_with("unknown column `hourz` (column 5): did you mean `hours`?"),
        "{}",
        e.message(xueshi::messages::Lang::En)
    );
    // A file whose first row is data, not a header.
    let (_dir, path) = temp_file("p.csv", "11010519491231002X,甲\n".as_bytes());
    let e = read_records_with(path.to_str().unwrap(), &Columns::of(&policy()))
        .err()
        .unwrap();
    assert!(
        e.message(xueshi::messages::Lang::En)
            .contains("the first row must name the columns"),
        "{}",
        e.message(xueshi::messages::Lang::En)
    );
    // A column named twice.
    let (_dir, path) = temp_file("p.csv", "id,name,id\n".as_bytes());
    let e = read_records_with(path.to_str().unwrap(), &Columns::of(&policy()))
        .err()
        .unwrap();
    assert_eq!(
        e.message(xueshi::messages::Lang::En),
        "column `id` is named twice (column 1 and column 3)"
    );
    // No header at all.
    let (_dir, path) = temp_file("p.csv", b"");
    let e = read_records_with(path.to_str().unwrap(), &Columns::of(&policy()))
        .err()
        .unwrap();
    assert!(
        e.message(xueshi::messages::Lang::En).contains("header row"),
        "{}",
        e.message(xueshi::messages::Lang::En)
    );
    // Without the policy's columns, a table cannot be read.
    assert!(read_records(path.to_str().unwrap()).is_err());
}

#[test]
fn columns_come_from_the_policy_in_order() {
    // Person fields, `entry`, `kind`, the kinds' fields as they first appear, `evidence`,
    // the exemption's fields.
    assert_eq!(
        Columns::of(&policy()).names().join(","),
        "id,name,unit,title,title_since,entry,kind,start,end,year,level,months,date,hours,subjects,recognized,category,issuer,evidence,reason,years,approved"
    );
    let mut ours: Vec<&str> = HEADER.split(',').collect();
    ours.sort_unstable();
    let policy = policy();
    let columns = Columns::of(&policy);
    let mut theirs: Vec<&str> = columns.names().iter().map(String::as_str).collect();
    theirs.sort_unstable();
    assert_eq!(ours, theirs);
}

#[test]
fn columns_may_be_left_out_and_come_in_any_order() {
    let policy = policy();
    let text = "\u{feff}kind,name,id,subjects,date\n\
                exam,甲,11010519491231002X,3,2023-06-01\n\
                \n\
                ,乙,11010519491231002X,,\n";
    let (_dir, path) = temp_file("p.csv", text.as_bytes());
    let out = outcomes(&policy, &path, "annual", 2023);
    assert_eq!(out.len(), 2);
    assert_eq!(total(&out[0]), "90");
    assert_eq!(total(&out[1]), "0");
    assert_eq!(out[1].position.line, Some(4));
}

#[test]
fn unreadable_rows_make_their_person_invalid() {
    let policy = policy();
    let mut text = format!("{HEADER}\n").into_bytes();
    // Too few cells; then a cell that is not UTF-8; then a word `entry` does not know.
    text.extend_from_slice("11010519491231002X,甲,,\n".as_bytes());
    text.extend_from_slice("11010519491231002X,乙,".as_bytes());
    text.extend_from_slice(b"\xff,,,,,,,,,,,,,,,,,,,\n");
    text.extend_from_slice(
        "11010519491231002X,丙,,,,activty,exam,,,,,,,,,2023-06-01,1,,,,,\n".as_bytes(),
    );
    text.extend_from_slice(
        "11010519491231002X,丁,,,,activity,exam,,,,,,,,,2023-06-01,1,,,,,\n".as_bytes(),
    );
    let (_dir, path) = temp_file("p.csv", &text);
    let out = outcomes(&policy, &path, "annual", 2023);
    assert_eq!(out.len(), 4);
    let message = |o: &Outcome| match &errors(o)[0].kind {
        xueshi::record::RecordErrorKind::Malformed { problem } => {
            problem.message(xueshi::messages::Lang::En)
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        message(&out[0]),
        "line 2: the row has 4 cells, the header 22"
    );
    assert!(
        message(&out[1]).starts_with("line 3, column 3: the cell is not UTF-8 text"),
        "{}",
        message(&out[1])
    );
    assert_eq!(
        message(&out[2]),
        "line 4, column 6: `activty` in column `entry` is neither `activity` nor `exemption`"
    );
    assert_eq!(
        errors(&out[2])[0].at.map(|a| (a.line, a.column)),
        Some((4, 6))
    );
    assert_eq!(total(&out[3]), "30");
}

#[test]
fn a_row_without_entry_is_an_activity_or_an_exemption_by_its_cells() {
    let policy = policy();
    let rows = "\
11010519491231002X,甲,,,,,exam,,,,,,,,,2023-06-01,3,,,,,
11010519491231002X,甲,,,,,,,,,,,,,,,,,,访惠聚驻村,2023,true
";
    let out = csv_outcomes(&policy, rows);
    let evaluated = out[0].result.as_ref().unwrap();
    assert_eq!(evaluated.person.activities.len(), 1);
    assert_eq!(evaluated.person.exemptions.len(), 1);
}

#[test]
fn a_csv_and_the_same_records_in_jsonl_give_the_same_rulings() {
    let policy = policy();
    for (purpose, year) in [
        ("annual", 2023),
        ("title_review", 2024),
        ("promotion", 2024),
    ] {
        let csv = outcomes(&policy, &root().join("examples/people.csv"), purpose, year);
        let jsonl = outcomes(
            &policy,
            &root().join("tests/fixtures/people.jsonl"),
            purpose,
            year,
        );
        assert_eq!(csv.len(), 6);
        assert!(csv.iter().all(|o| o.result.is_ok()));
        assert_eq!(
            rulings(&policy, purpose, year, &csv),
            rulings(&policy, purpose, year, &jsonl),
            "{purpose}"
        );
    }
}

/// CSV rows of JSON records, for the columns `names`: built from nothing but the names, as
/// a person would from the layout in docs/csv-records.md.
fn csv_of(records: &[serde_json::Value], names: &[String]) -> String {
    use serde_json::Value;
    let cell = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";"),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(names).unwrap();
    for record in records {
        let person = record.as_object().unwrap();
        let mut items: Vec<(&str, &serde_json::Map<String, Value>)> = Vec::new();
        for (list, word) in [("activities", "activity"), ("exemptions", "exemption")] {
            for item in person
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                items.push((word, item.as_object().unwrap()));
            }
        }
        let empty = serde_json::Map::new();
        let rows = if items.is_empty() {
            vec![("", &empty)]
        } else {
            items
        };
        for (word, item) in rows {
            let row: Vec<String> = names
                .iter()
                .map(|n| match (n.as_str(), person.get(n), item.get(n)) {
                    ("entry", _, _) => word.to_string(),
                    (_, Some(v), _) if !v.is_array() => cell(v),
                    (_, _, Some(v)) => cell(v),
                    _ => String::new(),
                })
                .collect();
            w.write_record(&row).unwrap();
        }
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn any_policy_s_records_read_the_same_from_csv() {
    use serde_json::json;
    let second = xueshi::load_policy(root().join("tests/policies/second/cpd-points.policy"))
        .unwrap_or_else(|e| panic!("{e}"));
    let records = [
        json!({"id": "M-0042", "name": "Ada Chan", "grade": "member", "joined": 2020, "activities": [
            {"kind": "course", "date": "2024-03-01", "hours": 10, "subject": "core", "evidence": ["certificate"]},
            {"kind": "course", "date": "2024-04-01", "hours": 20.5, "subject": "ethics", "evidence": ["attendance record", "certificate"]},
            {"kind": "conference", "level": "international", "start": "2024-05-01", "end": "2024-05-03", "evidence": ["attendance record"]},
            {"kind": "elearning", "date": "2024-06-01", "modules": 3, "accredited": true},
            {"kind": "teaching", "date": "2024-07-01", "hours": 2, "topic": "core", "evidence": ["slides"]},
            {"kind": "degree", "completed": "2024-06-30"}
        ]}),
        json!({"id": "M-0043", "name": "Bo Li", "grade": "fellow", "exemptions": [
            {"reason": "parental leave", "years": [2023, 2024], "approved": true}
        ]}),
        json!({"id": "M-0044", "name": "Cy Wu", "grade": "associate"}),
    ];
    let columns = Columns::of(&second);
    assert_eq!(
        columns.names().join(","),
        "id,name,grade,joined,entry,kind,date,hours,subject,level,start,end,modules,accredited,topic,completed,evidence,reason,years,approved"
    );
    let (_dir, path) = temp_file("members.csv", csv_of(&records, columns.names()).as_bytes());
    for (purpose, year) in [("annual", 2024), ("renewal", 2025), ("fellowship", 2025)] {
        let from_csv = outcomes(&second, &path, purpose, year);
        let from_json: Vec<Outcome> = records
            .iter()
            .map(|r| xueshi::evaluate_json(&second, purpose, year, &r.to_string()).unwrap())
            .collect();
        assert!(from_json.iter().all(|o| o.result.is_ok()));
        assert_eq!(
            rulings(&second, purpose, year, &from_csv),
            rulings(&second, purpose, year, &from_json),
            "{purpose}"
        );
    }
    // And the shipped policy's records, the same way.
    let policy = policy();
    let people: Vec<serde_json::Value> =
        std::fs::read_to_string(root().join("tests/fixtures/people.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let columns = Columns::of(&policy);
    let (_dir, path) = temp_file("people.csv", csv_of(&people, columns.names()).as_bytes());
    assert_eq!(
        rulings(
            &policy,
            "annual",
            2023,
            &outcomes(&policy, &path, "annual", 2023)
        ),
        rulings(
            &policy,
            "annual",
            2023,
            &outcomes(&policy, &root().join("examples/people.csv"), "annual", 2023)
        )
    );
}

// ---------------------------------------------------------------- XLSX in

#[test]
fn the_example_workbook_gives_the_rulings_of_the_example_csv() {
    let policy = policy();
    for (purpose, year) in [("annual", 2023), ("title_review", 2024)] {
        let csv = outcomes(&policy, &root().join("examples/people.csv"), purpose, year);
        let xlsx = outcomes(&policy, &root().join("examples/people.xlsx"), purpose, year);
        assert_eq!(
            rulings(&policy, purpose, year, &csv),
            rulings(&policy, purpose, year, &xlsx)
        );
    }
}

/// A workbook whose first sheet holds `rows`, from the cell `top_left` (row, column).
fn workbook(rows: &[Vec<Cell>], top_left: (u32, u16)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名单").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (top_left.0 + r as u32, top_left.1 + c as u16);
            match cell {
                Cell::T(s) => {
                    sheet.write_string(r, c, *s).unwrap();
                }
                Cell::N(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::B(b) => {
                    sheet.write_boolean(r, c, *b).unwrap();
                }
                Cell::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                Cell::E => {}
            }
        }
    }
    // A second sheet is not read.
    book.add_worksheet()
        .write_string(0, 0, "not records")
        .unwrap();
    book.save(&path).unwrap();
    (dir, path)
}

enum Cell {
    T(&'static str),
    N(f64),
    B(bool),
    D(u16, u8, u8),
    E,
}

#[test]
fn workbook_cells_of_every_type_are_read() {
    use Cell::*;
    let header: Vec<Cell> = [
        "id",
        "name",
        "kind",
        "level",
        "start",
        "end",
        "hours",
        "date",
        "recognized",
        "evidence",
    ]
    .into_iter()
    .map(T)
    .collect();
    let rows = vec![
        header,
        vec![
            T("11010519491231002X"),
            T("甲"),
            T("conference"),
            T("national"),
            D(2023, 5, 10),
            T("2023-05-12"),
            E,
            E,
            E,
            T("参会证明"),
        ],
        vec![
            T("11010519491231002X"),
            T("甲"),
            T("online"),
            E,
            E,
            E,
            N(12.1),
            D(2023, 8, 1),
            B(true),
            E,
        ],
    ];
    // The table starts at C3: rows and columns are those of the sheet.
    let (_dir, path) = workbook(&rows, (2, 2));
    let policy = policy();
    let out = outcomes(&policy, &path, "annual", 2023);
    assert_eq!(out.len(), 1);
    assert_eq!(total(&out[0]), "48.1");
    assert_eq!(out[0].position.line, Some(4));

    let mut bad = rows;
    bad[2][6] = T("十二");
    bad[2][8] = N(1.0);
    let (_dir, path) = workbook(&bad, (2, 2));
    let out = outcomes(&policy, &path, "annual", 2023);
    // Sheet row 5, sheet columns I (hours) and K (recognized).
    assert_eq!(
        places(&out[0]),
        [
            (
                "activities[1].hours".into(),
                "not-a-number",
                Some(5),
                Some(9)
            ),
            (
                "activities[1].recognized".into(),
                "not-a-bool",
                Some(5),
                Some(11)
            ),
        ]
    );
}

#[test]
fn a_resident_id_stored_as_a_number_is_not_trusted() {
    use Cell::*;
    let rows = vec![
        vec![T("id"), T("name")],
        vec![N(110105194912310021.0), T("甲")],
    ];
    let (_dir, path) = workbook(&rows, (0, 0));
    let out = outcomes(&policy(), &path, "annual", 2023);
    match &errors(&out[0])[0].kind {
        xueshi::record::RecordErrorKind::Malformed { problem } => {
            let message = problem.message(xueshi::messages::Lang::En);
            assert!(
                message.starts_with("名单!row 2, column A: the number")
                    && message.contains("store it as text"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_workbook_column_names_its_letter() {
    use Cell::*;
    let rows = vec![vec![T("id"), T("name"), T("科目")]];
    let (_dir, path) = workbook(&rows, (0, 1));
    let e = read_records_with(path.to_str().unwrap(), &Columns::of(&policy()))
        .err()
        .unwrap();
    assert!(
        e.message(xueshi::messages::Lang::En)
            .starts_with("unknown column `科目` (column D)"),
        "{}",
        e.message(xueshi::messages::Lang::En)
    );
}

// ---------------------------------------------------------------- XLSX out

/// Every sheet of a workbook: its name and its cells as text (numbers marked `#`).
fn read_workbook(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|c| match c {
                            Data::Float(f) => format!("#{f}"),
                            Data::Int(i) => format!("#{i}"),
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

fn xueshi(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("LANG", "en_US.UTF-8")
        .args(args)
        .output()
        .unwrap()
}

fn eval_xlsx(extra: &[&str], purpose: &str, year: &str, records: &[&str]) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = dir.join("rulings.xlsx");
    let mut args = vec![
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        purpose,
        "--year",
        year,
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    args.extend(records);
    let run = xueshi(&args);
    assert!(
        run.status.code() == Some(0) || run.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

#[test]
fn a_workbook_of_rulings_reads_back() {
    let path = eval_xlsx(
        &[],
        "annual",
        "2023",
        &["examples/people.csv", "tests/fixtures/mixed.jsonl"],
    );
    let sheets = read_workbook(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    // Chinese, although LANG is English: no --lang was given.
    assert_eq!(names, ["裁定", "学时认定", "无效记录"]);
    let (_, rulings) = &sheets[0];
    assert_eq!(
        rulings[0],
        [
            "身份证号",
            "姓名",
            "状态",
            "总学时",
            "专业科目学时",
            "公需科目学时",
            "需补学时",
            "错误"
        ]
    );
    // 6 people of the CSV, 6 records of the JSONL.
    assert_eq!(rulings.len(), 1 + 12);
    assert_eq!(
        rulings[4],
        [
            "650203199008081127",
            "赵六",
            "需补学",
            "#72.5",
            "#72.5",
            "#0",
            "#17.5",
            ""
        ]
    );
    let invalid = &rulings[9];
    assert_eq!(invalid[..3], ["110105194912310021", "", "无效"]);
    assert!(invalid[7].contains("activities[0].level"), "{invalid:?}");

    let (_, activities) = &sheets[1];
    assert_eq!(
        activities[0],
        [
            "身份证号",
            "姓名",
            "年度",
            "活动序号",
            "活动类型",
            "类别",
            "规则",
            "条款",
            "封顶前学时",
            "认定学时",
            "结果",
            "原因"
        ]
    );
    // 赵六's study: 150 hours before caps, spread 90 in 2022 and 60 in 2023.
    let study = activities
        .iter()
        .find(|r| r[1] == "赵六" && r[4] == "study")
        .unwrap();
    assert_eq!(study[2..4], ["#2023", "#0"]);
    assert_eq!(study[7..11], ["附件3 第5条", "#150", "#60", "认定"]);
    // 李四's training without its evidence.
    let training = activities
        .iter()
        .find(|r| r[1] == "李四" && r[4] == "training")
        .unwrap();
    assert_eq!(training[9..11], ["#0", "不予认定"]);
    assert!(training[11].contains("培训证"), "{training:?}");

    let (_, errors) = &sheets[2];
    assert_eq!(
        errors[0],
        [
            "身份证号",
            "姓名",
            "文件",
            "记录序号",
            "行",
            "列",
            "字段",
            "代码",
            "说明"
        ]
    );
    let level = errors
        .iter()
        .find(|r| r[6] == "activities[0].level")
        .unwrap();
    assert_eq!(
        level[2..6],
        ["tests/fixtures/mixed.jsonl", "#3", "#4", "#81"]
    );
    assert_eq!(level[7], "unknown-value");
    // The broken line of the JSONL: an error without a path.
    assert!(errors.iter().any(|r| r[7] == "malformed" && r[4] == "#7"));
}

#[test]
fn a_workbook_in_english_for_another_purpose_with_ids_masked() {
    let path = eval_xlsx(
        &["--lang", "en", "--redact"],
        "title_review",
        "2024",
        &["examples/people.xlsx"],
    );
    let sheets = read_workbook(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["rulings", "activities", "invalid records"]);
    let (_, rulings) = &sheets[0];
    assert_eq!(
        rulings[0],
        ["id", "name", "status", "years", "failing years", "errors"]
    );
    assert_eq!(
        rulings[4],
        [
            "650203********1127",
            "赵六",
            "ineligible",
            "2022–2023",
            "2023 (short 17.5)",
            ""
        ]
    );
    let (_, activities) = &sheets[1];
    assert!(activities.len() > 1);
    for (_, rows) in &sheets {
        for row in rows.iter().skip(1) {
            assert!(row[0].contains("********"), "{row:?}");
        }
    }
    // Rows for every year examined: 赵六's study counts 90 in 2022 and 60 in 2023.
    let study: Vec<&Vec<String>> = activities
        .iter()
        .filter(|r| r[1] == "赵六" && r[4] == "study")
        .collect();
    assert_eq!(study.len(), 2);
    assert_eq!(study[0][2], "#2022");
    assert_eq!(study[0][9], "#90");
    assert_eq!(study[1][9], "#60");
    assert_eq!(study[0][10], "credited");
}

#[test]
fn an_empty_batch_gives_the_headers() {
    let (_dir, path) = temp_file("none.jsonl", b"");
    let out = eval_xlsx(&[], "annual", "2023", &[path.to_str().unwrap()]);
    let sheets = read_workbook(&out);
    assert!(sheets.iter().all(|(_, rows)| rows.len() == 1));
}

#[test]
fn a_workbook_needs_an_output_file() {
    let base = [
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "xlsx",
    ];
    let run = xueshi(&[&base[..], &["examples/people.csv"]].concat());
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("--output FILE"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty());
    let run = xueshi(&[&base[..], &["-o", "/dev/null", "examples/people.csv"]].concat());
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not a regular file"));
}

// ---------------------------------------------------------------- any table

mod any_table {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static POLICY: LazyLock<Policy> = LazyLock::new(policy);

    /// Cells likely to matter: good and bad values of every type, quotes, separators,
    /// line breaks, spaces.
    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("11010519491231002X".to_string()),
            Just("甲".to_string()),
            Just("activity".to_string()),
            Just("exemption".to_string()),
            Just("exam".to_string()),
            Just("conference".to_string()),
            Just("national".to_string()),
            Just("2023-06-01".to_string()),
            Just("2023;2024".to_string()),
            Just("TRUE".to_string()),
            Just("12.5".to_string()),
            Just("1e400".to_string()),
            Just("\"a,\"\"b\"\"\n;c\"".to_string()),
            Just("\r\n".to_string()),
            "[ -~甲乙;]{0,6}",
        ]
    }

    fn table() -> impl Strategy<Value = String> {
        let header = proptest::sample::subsequence(Columns::of(&POLICY).names().to_vec(), 1..8)
            .prop_shuffle();
        (
            header,
            proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..12),
        )
            .prop_map(|(header, rows)| {
                let mut text = header.join(",");
                text.push('\n');
                for row in rows {
                    text.push_str(&row.join(","));
                    text.push('\n');
                }
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_table_gives_one_outcome_per_person_and_never_panics(text in table()) {
            let policy = &*POLICY;
            let columns = Columns::of(policy);
            let records: Vec<_> =
                xueshi::input::csv_records("t.csv", std::io::Cursor::new(text.into_bytes()), &columns)
                    .expect("the header is the policy's")
                    .collect();
            let (purpose, _) = policy.purpose("annual").unwrap();
            let job = Job::new(policy, purpose, 2023);
            let sheets = xueshi::render::XlsxRows { policy, purpose, lang: Lang::Zh, redact: true };
            for (i, raw) in records.into_iter().enumerate() {
                let outcome = job.run(raw);
                prop_assert_eq!(outcome.position.record, i + 1);
                let _ = rulings(policy, "annual", 2023, std::slice::from_ref(&outcome));
                let _ = sheets.sheets(&outcome);
            }
        }
    }
}
