//! Inputs read as streams (issue 16): a JSON array read element by element and an XLSX sheet
//! read row by row give the rulings the same people give in JSONL, with their places; a
//! syntax error in the middle of an array keeps the records before it; a table of more rows
//! than the first block stays aligned.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const POLICY: &str = "policies/notice-2022.policy";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `xueshi eval --format FORMAT` of `records`, annual 2023: its exit status and stdout.
fn eval(format: &str, records: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["--lang", "en", "eval", "--policy", POLICY])
        .args(["--purpose", "annual", "--year", "2023", "--format", format])
        .arg(records)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(code <= 1, "{}", String::from_utf8_lossy(&out.stderr));
    (code, String::from_utf8(out.stdout).unwrap())
}

fn objects(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The people of the fixtures, valid and invalid, `copies` times over (each copy's names
/// numbered), one JSON object per line.
fn people(copies: usize, with_invalid: bool) -> Vec<String> {
    let mut files = vec!["tests/fixtures/people.jsonl"];
    if with_invalid {
        files.push("tests/fixtures/mixed.jsonl");
    }
    let mut lines = Vec::new();
    for k in 0..copies {
        for file in &files {
            for line in std::fs::read_to_string(root().join(file)).unwrap().lines() {
                // Lines that are not JSON would break an array: left out.
                let Ok(mut v) = serde_json::from_str::<Value>(line) else {
                    continue;
                };
                if let Some(Value::String(name)) = v.get_mut("name")
                    && !name.is_empty()
                {
                    name.push_str(&format!(" {k}"));
                }
                lines.push(v.to_string());
            }
        }
    }
    lines
}

/// `value` with every `line` key (the position's and the errors') moved by `by`, and the
/// position's file dropped.
fn shifted(value: Value, by: i64) -> Value {
    moved(value, by, 0)
}

/// `value` with every `line` moved by `lines` and every `column` by `columns`, and the
/// position's file dropped.
fn moved(mut value: Value, lines: i64, columns: i64) -> Value {
    fn walk(v: &mut Value, by: (i64, i64)) {
        match v {
            Value::Object(map) => {
                map.remove("file");
                for (k, v) in map.iter_mut() {
                    match (k.as_str(), v.as_i64()) {
                        ("line", Some(n)) => *v = Value::from(n + by.0),
                        ("column", Some(n)) => *v = Value::from(n + by.1),
                        _ => walk(v, by),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, by)),
            _ => {}
        }
    }
    walk(&mut value, (lines, columns));
    value
}

/// `value` without any place: no `position`, no `line` or `column`.
fn placeless(mut value: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in ["position", "line", "column"] {
                    map.remove(key);
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_json_array_of_one_element_a_line_rules_as_jsonl_with_the_same_places() {
    let dir = tempfile::tempdir().unwrap();
    let lines = people(40, true);
    let jsonl = write(dir.path(), "people.jsonl", &(lines.join("\n") + "\n"));
    // As bench/run.sh makes it: `[`, then each line with a comma, then `]`.
    let array = write(
        dir.path(),
        "people.json",
        &format!("[\n{}\n]\n", lines.join(",\n")),
    );
    // Indented: the same lines two columns further right.
    let indented = write(
        dir.path(),
        "indented.json",
        &format!("[\n  {}\n]\n", lines.join(",\n  ")),
    );
    let (code_l, from_jsonl) = eval("jsonl", &jsonl);
    let (code_a, from_array) = eval("jsonl", &array);
    let (code_i, from_indented) = eval("jsonl", &indented);
    assert_eq!(code_l, code_a);
    assert_eq!(code_l, code_i);
    let from_jsonl = objects(&from_jsonl);
    let from_array = objects(&from_array);
    let from_indented = objects(&from_indented);
    assert_eq!(from_indented.len(), lines.len());
    for (l, i) in from_jsonl.iter().zip(&from_indented) {
        assert_eq!(moved(l.clone(), 1, 2), moved(i.clone(), 0, 0));
    }
    assert_eq!(from_jsonl.len(), lines.len());
    assert!(from_jsonl.iter().any(|o| o["status"] == "invalid"));
    for (i, (l, a)) in from_jsonl.iter().zip(&from_array).enumerate() {
        if let Some(p) = a.get("position") {
            assert_eq!(p["record"], i + 1);
        }
        // Every line one further down (the `[` is line 1), every column the same.
        assert_eq!(
            shifted(l.clone(), 1),
            shifted(a.clone(), 0),
            "record {}",
            i + 1
        );
    }
}

#[test]
fn a_pretty_printed_or_one_line_json_array_rules_as_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let lines = people(5, true);
    let values: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let jsonl = write(dir.path(), "people.jsonl", &(lines.join("\n") + "\n"));
    let pretty = write(
        dir.path(),
        "pretty.json",
        &serde_json::to_string_pretty(&values).unwrap(),
    );
    let one_line = write(
        dir.path(),
        "one-line.json",
        &serde_json::to_string(&values).unwrap(),
    );
    let expected: Vec<Value> = objects(&eval("jsonl", &jsonl).1)
        .into_iter()
        .map(placeless)
        .collect();
    for path in [&pretty, &one_line] {
        let got = objects(&eval("jsonl", path).1);
        assert_eq!(got.len(), expected.len());
        for (i, o) in got.iter().enumerate() {
            if let Some(p) = o.get("position") {
                assert_eq!(p["record"], i + 1);
            }
        }
        let got: Vec<Value> = got.into_iter().map(placeless).collect();
        assert_eq!(got, expected, "{}", path.display());
    }
}

#[test]
fn the_places_of_a_pretty_printed_element_are_its_lines_and_columns_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[\n  {\n    \"id\": \"650102198001011234\",\n    \"name\": \"Ann\",\n    \"title_since\": \"x\",\n    \"extra\": 1\n  }\n]\n";
    let path = write(dir.path(), "one.json", text);
    let (code, out) = eval("jsonl", &path);
    assert_eq!(code, 1);
    let o = &objects(&out)[0];
    assert_eq!(o["position"]["line"], 2);
    let errors = o["errors"].as_array().unwrap();
    let at = |path: &str| {
        let e = errors.iter().find(|e| e["path"] == path).unwrap();
        (e["line"].as_i64().unwrap(), e["column"].as_i64().unwrap())
    };
    assert_eq!(at("title_since"), (5, 20));
    // A key's place is its first character, inside the quotes (as in JSONL).
    assert_eq!(at("extra"), (6, 6));
}

#[test]
fn a_syntax_error_in_the_middle_of_an_array_keeps_the_rulings_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let lines = people(3, false);
    let (before, after) = lines.split_at(10);
    let text = format!(
        "[\n{},\n{{\"id\": \"650102198001011234\", \"name\": }},\n{}\n]\n",
        before.join(",\n"),
        after.join(",\n")
    );
    let path = write(dir.path(), "broken.json", &text);
    let (code, out) = eval("jsonl", &path);
    assert_eq!(code, 1);
    let got = objects(&out);
    // The ten records before it, then the error where it is; reading stops there.
    assert_eq!(got.len(), 11);
    assert!(got[..10].iter().all(|o| o["status"] != "invalid"));
    let bad = &got[10];
    assert_eq!(bad["status"], "invalid");
    assert_eq!(bad["position"]["record"], 11);
    assert_eq!(bad["errors"][0]["code"], "malformed");
    assert_eq!(bad["errors"][0]["line"], 12);
    assert_eq!(bad["errors"][0]["column"], 38);
    // And the same ten rulings as the same people in JSONL.
    let jsonl = write(dir.path(), "ten.jsonl", &before.join("\n"));
    let expected = objects(&eval("jsonl", &jsonl).1);
    for (e, g) in expected.iter().zip(&got) {
        assert_eq!(shifted(e.clone(), 1), shifted(g.clone(), 0));
    }
}

/// CSV rows of JSON people (every column of the shipped policy), as docs/csv-records.md lays
/// them out: one row per activity or exemption, the person's columns repeated.
fn table_rows(people: &[String]) -> Vec<Vec<String>> {
    let policy = xueshi::load_policy(root().join(POLICY)).unwrap();
    let names: Vec<String> = xueshi::input::Columns::of(&policy).names().to_vec();
    let cell = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(";"),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut rows = vec![names.clone()];
    for line in people {
        let person: serde_json::Map<String, Value> = serde_json::from_str(line).unwrap();
        let mut items = Vec::new();
        for (list, word) in [("activities", "activity"), ("exemptions", "exemption")] {
            for item in person
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                items.push((word, item.as_object().unwrap().clone()));
            }
        }
        if items.is_empty() {
            items.push(("", serde_json::Map::new()));
        }
        for (word, item) in items {
            rows.push(
                names
                    .iter()
                    .map(|n| match (n.as_str(), person.get(n), item.get(n)) {
                        ("entry", _, _) => word.to_string(),
                        (_, Some(v), _) if !v.is_array() => cell(v),
                        (_, _, Some(v)) => cell(v),
                        _ => String::new(),
                    })
                    .collect(),
            );
        }
    }
    rows
}

#[test]
fn a_workbook_read_row_by_row_rules_as_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    // Enough people for several hundred rows: the sheet's rows come in batches.
    let lines = people(60, false);
    let jsonl = write(dir.path(), "people.jsonl", &(lines.join("\n") + "\n"));
    let rows = table_rows(&lines);
    assert!(rows.len() > 600, "{}", rows.len());
    let xlsx = dir.path().join("people.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    book.save(&xlsx).unwrap();
    let expected: Vec<Value> = objects(&eval("jsonl", &jsonl).1)
        .into_iter()
        .map(placeless)
        .collect();
    let got = objects(&eval("jsonl", &xlsx).1);
    assert_eq!(got.len(), lines.len());
    // Each person at the sheet row of its first row.
    let policy = xueshi::load_policy(root().join(POLICY)).unwrap();
    let source = xueshi::input::read_records_with(
        xlsx.to_str().unwrap(),
        &xueshi::input::Columns::of(&policy),
    )
    .unwrap();
    let mut row = 2;
    let mut records = 0;
    for (raw, line) in source.into_iter().zip(&lines) {
        records += 1;
        assert_eq!(raw.position.record, records);
        assert_eq!(raw.position.line, Some(row));
        let person: Value = serde_json::from_str(line).unwrap();
        let n = person["activities"].as_array().map_or(0, Vec::len)
            + person["exemptions"].as_array().map_or(0, Vec::len);
        row += n.max(1);
    }
    assert_eq!(records, lines.len());
    let got: Vec<Value> = got.into_iter().map(placeless).collect();
    assert_eq!(got, expected);
}

/// A copy of the workbook `from` whose first sheet writes its rows in the reverse order (as
/// no spreadsheet program does, but the format allows).
fn rows_reversed(from: &Path, to: &Path) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let start = xml.find("<row ").unwrap();
            let end = xml.find("</sheetData>").unwrap();
            let mut rows: Vec<String> = xml[start..end]
                .split("</row>")
                .filter(|r| !r.is_empty())
                .map(|r| format!("{r}</row>"))
                .collect();
            assert!(rows.len() > 2 && rows[0].starts_with("<row r=\"1\""));
            rows.reverse();
            bytes = format!("{}{}{}", &xml[..start], rows.concat(), &xml[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_workbook_whose_rows_are_out_of_order_is_read_in_row_order() {
    let dir = tempfile::tempdir().unwrap();
    let lines = people(4, false);
    let rows = table_rows(&lines);
    let in_order = dir.path().join("in-order.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
    }
    book.save(&in_order).unwrap();
    let reversed = dir.path().join("reversed.xlsx");
    rows_reversed(&in_order, &reversed);
    let (code_a, a) = eval("jsonl", &in_order);
    let (code_b, b) = eval("jsonl", &reversed);
    assert_eq!(code_a, code_b);
    assert_eq!(objects(&a).len(), lines.len());
    let file = |v: Value| shifted(v, 0);
    assert_eq!(
        objects(&a).into_iter().map(file).collect::<Vec<_>>(),
        objects(&b).into_iter().map(file).collect::<Vec<_>>()
    );
}

#[test]
fn a_table_of_more_rows_than_its_first_block_stays_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let lines = people(250, false);
    assert!(lines.len() > 1000);
    let jsonl = write(dir.path(), "people.jsonl", &(lines.join("\n") + "\n"));
    let (_, table) = eval("table", &jsonl);
    let rows: Vec<&str> = table.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 1 + lines.len());
    // Every row's cells start where the header's columns do, the first block's rows and
    // those after it: where a header column starts (after two spaces), each row has a space
    // before it (or the start of a right-aligned number ending under the header's end).
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let header = rows[0];
    let status = width(&header[..header.find("status").unwrap()]);
    for (i, row) in rows.iter().enumerate().skip(1) {
        let at = row
            .char_indices()
            .map(|(b, _)| b)
            .find(|&b| width(&row[..b]) >= status)
            .unwrap_or_else(|| panic!("row {i}: {row}"));
        assert_eq!(width(&row[..at]), status, "row {i}: {row}");
        assert!(row[..at].ends_with("  "), "row {i}: {row}");
        assert!(!row[at..].starts_with(' '), "row {i}: {row}");
    }
}
