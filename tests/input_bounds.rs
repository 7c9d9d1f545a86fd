//! The edges of the record formats, against the built binary: a quoting error never merges
//! rows, whole documents and workbooks are bounded (an endless stream fails fast), a folder
//! is refused the same way whatever its extension. Attack files are built here, small.
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

/// A policy whose people have an ID and a name, and nothing else is needed.
const POLICY: &str = r#"policy "bounds" {
  version "1"
  effective 2022-01-01
}

unit hour, hours "学时"

category general "一般科目"

person {
  id: resident_id, required
  name: text, required, nonempty
}

kind online "网络培训" {
  cite "第1条"
  fields {
    date: date, required
    hours: decimal hours, required, at least 0
  }
  counts in year_of(date)
  counts as general
  credit hours
}

year {
  cite "第2条"
  total = sum of credits
  require total >= 90 hours
}

purpose annual "年度" {
  cite "第2条"
  year Y
  status compliant when compliant
  status shortfall otherwise
}
"#;

const ID: &str = "11010519491231002X";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

fn dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("bounds.policy");
    std::fs::write(&policy, POLICY).unwrap();
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn eval(dir: &Path, extra: &[&str], records: &Path) -> Run {
    let out = Command::new(BIN)
        .args(["--lang", "en", "eval", "--policy"])
        .arg(dir.join("bounds.policy"))
        .args(["--purpose", "annual", "--year", "2023", "--format", "jsonl"])
        .args(extra)
        .arg(records)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr,
    }
}

/// Rows `id,name` of people `p1` … `pN`, some rows replaced.
fn people_csv(n: usize, replace: &[(usize, &str)]) -> String {
    let mut text = String::from("id,name\n");
    for i in 1..=n {
        match replace.iter().find(|(k, _)| *k == i) {
            Some((_, row)) => text.push_str(row),
            None => text.push_str(&format!("{ID},p{i}")),
        }
        text.push('\n');
    }
    text
}

/// The records' statuses, and the names of the valid ones, in order.
fn statuses(run: &Run) -> Vec<(String, String)> {
    run.lines()
        .iter()
        .map(|v| {
            (
                v["status"].as_str().unwrap().to_string(),
                v["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn an_unterminated_quote_in_csv_is_one_invalid_row_and_the_rows_after_it_are_read() {
    let (_keep, dir) = dir();
    let path = dir.join("people.csv");
    // Person 11 (line 12) opens a quote it never closes; on main the 990 rows after it were
    // one person's name.
    let bob = format!("{ID},\"Bob");
    std::fs::write(&path, people_csv(1000, &[(11, &bob)])).unwrap();
    let run = eval(&dir, &[], &path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let got = statuses(&run);
    assert_eq!(got.len(), 1000);
    for (i, (status, name)) in got.iter().enumerate() {
        if i == 10 {
            assert_eq!(status, "invalid");
        } else {
            assert_eq!(
                (status.as_str(), name.as_str()),
                ("shortfall", &*format!("p{}", i + 1))
            );
        }
    }
    let bad = &run.lines()[10];
    assert_eq!(bad["position"]["line"], 12);
    let error = &bad["errors"][0];
    assert_eq!(error["code"], "malformed");
    assert_eq!(error["line"], 12);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(
            "line 12: a quote opens a cell on this line that does not close within 100 lines"
        ),
        "{message}"
    );

    // Fewer lines after it: the quote runs to the end of the file.
    std::fs::write(&path, people_csv(30, &[(11, &bob)])).unwrap();
    let run = eval(&dir, &[], &path);
    let got = statuses(&run);
    assert_eq!(got.len(), 30);
    assert_eq!(got.iter().filter(|(s, _)| s == "invalid").count(), 1);
    let message = run.lines()[10]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("does not close before the end of the file"),
        "{message}"
    );
}

#[test]
fn an_unterminated_quote_closed_by_a_later_cell_s_quote_merges_nothing() {
    let (_keep, dir) = dir();
    let path = dir.join("people.csv");
    let bob = format!("{ID},\"Bob");
    let smith = format!("{ID},\"Smith, J\"");
    // A cell spanning lines on purpose is still one cell.
    let two_lines = format!("{ID},\"two\nlines\"");
    let text = people_csv(30, &[(5, &two_lines), (11, &bob), (15, &smith)]);
    std::fs::write(&path, text).unwrap();
    let run = eval(&dir, &[], &path);
    let got = statuses(&run);
    assert_eq!(got.len(), 30, "{}", run.stdout);
    assert_eq!(got[4].1, "two\nlines");
    assert_eq!(got[10].0, "invalid");
    assert_eq!(got[14].1, "Smith, J");
    assert_eq!(got.iter().filter(|(s, _)| s == "invalid").count(), 1);
    // The rows after the two-line cell are on the lines they are on.
    assert_eq!(run.lines()[10]["position"]["line"], 13);
    assert_eq!(got[11].1, "p12");
}

#[test]
fn a_quoted_cell_spanning_too_many_lines_is_left_open() {
    let (_keep, dir) = dir();
    let path = dir.join("people.csv");
    // The quote is closed, but 200 lines later: more than a cell may span.
    let open = format!("{ID},\"Bob");
    let close = "x\",y".to_string();
    std::fs::write(&path, people_csv(300, &[(11, &open), (211, &close)])).unwrap();
    let run = eval(&dir, &[], &path);
    let got = statuses(&run);
    assert_eq!(got.len(), 300);
    assert_eq!(got[10].0, "invalid");
    let message = run.lines()[10]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("100 lines"), "{message}");
    // Row 211 is wrong on its own (three cells) and is its own record.
    assert_eq!(got[210].0, "invalid");
    assert_eq!(got.iter().filter(|(s, _)| s == "invalid").count(), 2);
}

#[test]
fn a_person_of_more_rows_than_the_limit_is_one_invalid_record_and_the_next_is_read() {
    // 200 rows of one person, each with a 100 KB cell (under the cell and row limits): 20 MB
    // of cells, more than the 16 MiB one person may hold; then another person.
    let (_keep, dir) = dir();
    let path = dir.join("people.csv");
    let mut text = String::from("id,name,entry,kind,date,hours,unit\n");
    let unit = "u".repeat(100_000);
    for _ in 0..200 {
        text.push_str(&format!("{ID},big,activity,online,2023-05-01,1,{unit}\n"));
    }
    text.push_str(&format!("{ID},next,activity,online,2023-05-01,90,\n"));
    std::fs::write(&path, text).unwrap();
    let policy = POLICY.replace(
        "  name: text, required, nonempty\n",
        "  name: text, required, nonempty\n  unit: text\n",
    );
    std::fs::write(dir.join("bounds.policy"), policy).unwrap();
    let run = eval(&dir, &[], &path);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], "invalid");
    assert_eq!(lines[0]["position"]["line"], 2);
    let message = lines[0]["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("the person's 200 rows hold more than 16777216 bytes"),
        "{message}"
    );
    assert_eq!(lines[1]["name"], "next");
    assert_eq!(lines[1]["status"], "compliant");
    assert!(run.stdout.len() < 10_000, "the rows are not echoed");
}

#[test]
fn a_csv_row_longer_than_the_limit_is_invalid_and_reading_goes_on() {
    let (_keep, dir) = dir();
    let path = dir.join("people.csv");
    let long = format!("{ID},{}", "x".repeat(2 * 1024 * 1024));
    std::fs::write(&path, people_csv(3, &[(2, &long)])).unwrap();
    let run = eval(&dir, &[], &path);
    let got = statuses(&run);
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].0, "invalid");
    assert_eq!(got[2].1, "p3");
    let message = run.lines()[1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("longer than 1048576 bytes"), "{message}");
    assert!(run.stdout.len() < 10_000, "the row is not echoed");
}

#[test]
fn an_endless_stream_fails_fast_in_every_format() {
    let (_keep, dir) = dir();
    for ext in ["json", "toml", "csv", "xlsx"] {
        let path = dir.join(format!("zero.{ext}"));
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let run = eval(&dir, &["--max-document-size", "1MiB"], &path);
        assert_eq!(run.code, 2, "{ext}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{ext}");
        let expected = match ext {
            "json" | "toml" => "the document is larger than 1048576 bytes",
            "csv" => "line 1 (the header): the row is longer than 1048576 bytes",
            _ => "cannot read the file as an XLSX workbook",
        };
        assert!(run.stderr.contains(expected), "{ext}: {}", run.stderr);
    }
}

#[test]
fn a_document_over_the_size_limit_is_refused_and_the_flag_raises_it() {
    let (_keep, dir) = dir();
    let path = dir.join("people.json");
    let record = format!(r#"{{"id":"{ID}","name":"{}"}}"#, "x".repeat(2000));
    std::fs::write(&path, &record).unwrap();
    let run = eval(&dir, &["--max-document-size", "1KiB"], &path);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the document is larger than 1024 bytes, the most read whole (--max-document-size raises it"),
        "{}",
        run.stderr
    );
    let run = eval(&dir, &["--max-document-size", "4096"], &path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = eval(&dir, &["--max-document-size", "lots"], &path);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`lots` is not a size"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_given_as_records_is_refused_the_same_way_in_every_format() {
    let (_keep, dir) = dir();
    for name in ["x.jsonl", "x.csv", "x.json", "x.toml", "x.xlsx", "x"] {
        let path = dir.join(name);
        std::fs::create_dir(&path).unwrap();
        let run = eval(&dir, &[], &path);
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stdout.is_empty(), "{name}");
        let expected = format!("`{}`: it is a folder, not a record file", path.display());
        assert!(run.stderr.contains(&expected), "{name}: {}", run.stderr);
    }
}

#[test]
fn a_workbook_with_one_cell_at_the_last_place_is_read_in_no_time() {
    let (_keep, dir) = dir();
    // On main this 1.5 kB file grew to 24 GB: the sheet was read as a grid from A1.
    let path = dir.join("corner.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(1_048_575, 16_383, "id")
        .unwrap();
    book.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let run = eval(&dir, &[], &path);
    // The header names a column `id` alone (at XFD): the file has no records.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());

    // With a table at A1 as well, the cells span every column: refused, naming both ends.
    let path = dir.join("stray.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "name").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&path).unwrap();
    let run = eval(&dir, &[], &path);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("span 16384 columns, from A1 to XFD1048576; at most 1024 are read"),
        "{}",
        run.stderr
    );
}

/// A workbook of people `id`, `name`, the second person's name `name` (which may be longer
/// than a spreadsheet program would write: it is put in the shared strings afterwards).
fn workbook(path: &Path, name: &str) {
    use std::io::{Read, Write};
    const MARK: &str = "THE-NAME";
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["id", "name"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=3u32 {
        sheet.write_string(r, 0, ID).unwrap();
        let n = format!("p{r}");
        sheet
            .write_string(r, 1, if r == 2 { MARK } else { &n })
            .unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        out.start_file(entry.name(), options).unwrap();
        out.write_all(text.replace(MARK, name).as_bytes()).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_cell_longer_than_the_limit_is_invalid_and_never_printed() {
    let (_keep, dir) = dir();
    let path = dir.join("long.xlsx");
    // Excel holds at most 32,767 characters in a cell; this one has 200,000 bytes.
    workbook(&path, &"長".repeat(66_666));
    let run = eval(&dir, &[], &path);
    let got = statuses(&run);
    assert_eq!(got.len(), 3, "{}", run.stderr);
    assert_eq!(got[1].0, "invalid");
    assert_eq!(got[2].1, "p3");
    let message = run.lines()[1]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("the cell has 199998 bytes; a cell holds at most 131072"),
        "{message}"
    );
    assert!(run.stdout.len() < 10_000, "the cell is not echoed");
}

#[test]
fn a_workbook_is_bounded_by_its_decompressed_size() {
    let (_keep, dir) = dir();
    // 300 kB of text that compresses to almost nothing: over a limit of 64 KiB once
    // decompressed, although the file is small.
    let path = dir.join("deflated.xlsx");
    workbook(&path, &"a".repeat(100_000));
    assert!(std::fs::metadata(&path).unwrap().len() < 64 * 1024);
    let run = eval(&dir, &["--max-document-size", "64KiB"], &path);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the workbook is larger than 65536 bytes (its entries counted decompressed)"),
        "{}",
        run.stderr
    );
    let run = eval(&dir, &[], &path);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(statuses(&run).len(), 3);
}

/// Sets the uncompressed size that the zip's central directory declares for `entry`.
fn declare_size(zip: &mut [u8], entry: &str, size: u32) {
    let mut at = 0;
    while let Some(i) = zip[at..].windows(4).position(|w| w == b"PK\x01\x02") {
        let h = at + i;
        let name_len = u16::from_le_bytes([zip[h + 28], zip[h + 29]]) as usize;
        if &zip[h + 46..h + 46 + name_len] == entry.as_bytes() {
            zip[h + 24..h + 28].copy_from_slice(&size.to_le_bytes());
            return;
        }
        at = h + 4;
    }
    panic!("no entry {entry}");
}

#[test]
fn a_workbook_declaring_a_gigabyte_cell_is_refused_before_it_is_read() {
    let (_keep, dir) = dir();
    let path = dir.join("gigabyte.xlsx");
    workbook(&path, "p2");
    let mut bytes = std::fs::read(&path).unwrap();
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 1 << 30);
    std::fs::write(&path, bytes).unwrap();
    let run = eval(&dir, &[], &path);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the workbook is larger than 268435456 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_record_s_reading_errors_in_chinese_embed_no_english_parser_text() {
    let (_keep, dir) = dir();
    let files = [
        (
            "cut.jsonl",
            "{\"id\": \"11010519491231002X\", \"name\": \"张\n".to_string(),
        ),
        ("cut.json", "[{\"id\": 1,}]".to_string()),
        ("twice.toml", "id = \"a\"\nid = \"b\"\n".to_string()),
        ("unclosed.toml", "id = \"a\nname = \"b\"\n".to_string()),
        ("quote.csv", people_csv(3, &[(2, &format!("{ID},\"Bob"))])),
        ("cells.csv", people_csv(3, &[(2, &format!("{ID},b,c"))])),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = Command::new(BIN)
            .args(["--lang", "zh", "eval", "--policy"])
            .arg(dir.join("bounds.policy"))
            .args(["--purpose", "annual", "--year", "2023", "--format", "jsonl"])
            .arg(&path)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let messages: Vec<String> = stdout
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .flat_map(|v| {
                v["errors"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|e| e["code"] == "malformed")
                    .map(|e| e["message"].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(messages.len(), 1, "{name}: {stdout}");
        let message = &messages[0];
        // Format names (JSON, TOML) and quoted code aside, no word of English.
        let unquoted: String = message.split('`').step_by(2).collect();
        let english = unquoted
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| w.len() > 1 && w.chars().any(|c| c.is_ascii_lowercase()));
        assert_eq!(english, None, "{name}: {message}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_told_in_chinese_too() {
    let (_keep, dir) = dir();
    std::fs::create_dir(dir.join("x.csv")).unwrap();
    std::fs::write(dir.join("cols.csv"), "id,nmae\n").unwrap();
    // One person read whole (an array is streamed, without the limit).
    std::fs::write(
        dir.join("big.json"),
        format!(r#"{{"name": "{}"}}"#, "x".repeat(2000)),
    )
    .unwrap();
    for (name, extra, expected) in [
        ("x.csv", &[][..], "这是文件夹，不是记录文件"),
        (
            "cols.csv",
            &[][..],
            "未知列 `nmae`（第 2 列）：是否应为 `name`？",
        ),
        ("missing.json", &[][..], "没有该文件或目录（系统错误 2）"),
        (
            "big.json",
            &["--max-document-size", "1KiB"][..],
            "文档超过 1024 字节",
        ),
    ] {
        let out = Command::new(BIN)
            .args(["--lang", "zh", "eval", "--policy"])
            .arg(dir.join("bounds.policy"))
            .args(["--purpose", "annual", "--year", "2023"])
            .args(extra)
            .arg(dir.join(name))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
}

#[test]
fn the_test_command_reads_a_case_s_record_file_within_the_limit() {
    let (_keep, dir) = dir();
    let record = format!(r#"{{"id":"{ID}","name":"{}"}}"#, "x".repeat(2000));
    std::fs::write(dir.join("person.json"), record).unwrap();
    std::fs::write(
        dir.join("cases.toml"),
        "policy = \"bounds.policy\"\n\n[[case]]\nname = \"a file\"\npurpose = \"annual\"\nyear = 2023\nrecord_file = \"person.json\"\n[case.expect]\nstatus = \"shortfall\"\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        Command::new(BIN)
            .args(["--lang", "en", "test"])
            .args(extra)
            .arg(dir.join("cases.toml"))
            .output()
            .unwrap()
    };
    assert!(run(&[]).status.success());
    let out = run(&["--max-document-size", "1KiB"]);
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("the document is larger than 1024 bytes"),
        "{all}"
    );
}
