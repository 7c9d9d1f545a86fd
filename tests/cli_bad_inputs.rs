//! Bad inputs against the built binary, one test per row of `docs/hardening.md` that
//! `tests/input_limits.rs` does not already cover. Each test asserts the exit status, that nothing
//! panicked, and the key part of the message. Large inputs are built here, on the fly.
//!
//! Most tests use `SMALL`, a small policy written below (the shipped policy takes longer to
//! load in a debug build, and these tests run the binary often).
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");

/// A small policy with a resident ID, an optional year, one kind and exemptions.
const SMALL: &str = r#"policy "small" {
  version "1"
  effective 2022-01-01
}

unit hour, hours "学时"

category general "一般科目"

person {
  id: resident_id, required
  name: text, required, nonempty
  title_since: year
}

kind online "网络培训" {
  cite "第1条"
  fields {
    date: date, required
    hours: decimal hours, required, at least 0
    recognized: bool, required
  }
  counts in year_of(date)
  counts as general
  credit hours
  reject when not recognized "未认定" en "not recognised"
}

exemption "免学" {
  cite "第3条"
  fields {
    reason: text, required
    years: list of year, required
    approved: bool, required
  }
  reject when not approved "未批准" en "not approved"
  covers years
}

year {
  cite "第2条"
  total = sum of credits
  require total >= 90 hours
}

purpose annual "年度" {
  cite "第2条"
  year Y
  status exempt when exempt
  status compliant when compliant
  status shortfall otherwise
}
"#;

const ID: &str = "11010519491231002X";

/// A record of `SMALL` with one online course of `hours` (the JSON text of a value).
fn course(hours: &str) -> String {
    format!(
        r#"{{"id":"{ID}","name":"a","activities":[{{"kind":"online","date":"2023-01-01","hours":{hours},"recognized":true}}]}}"#
    )
}

/// A folder of its own under the system's temporary folder, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(test: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("xueshi-bad-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let d = Dir(dir);
        d.write("small.policy", SMALL);
        d
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        std::fs::write(self.0.join(name), bytes).unwrap();
        self.path(name)
    }

    fn policy(&self) -> String {
        self.path("small.policy")
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSON objects of the JSONL output.
    fn objects(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }
}

/// Runs xueshi in English without colour and checks that it did not panic.
fn xueshi(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .env("NO_COLOR", "1")
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xueshi runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || pipe.write_all(&input).ok());
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "xueshi panicked on {args:?}:\n{}",
        run.stderr
    );
    run
}

/// `eval --format jsonl` of `SMALL` for 2023 on `records`.
fn eval(dir: &Dir, records: &[&str]) -> Run {
    let policy = dir.policy();
    let mut args = vec![
        "eval",
        "--policy",
        &policy,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--format",
        "jsonl",
    ];
    args.extend(records);
    xueshi(&args, None)
}

/// The `(path, code)` of each error of an output object.
fn errors(o: &Value) -> Vec<(String, String)> {
    o["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    (
                        e["path"].as_str().unwrap().to_string(),
                        e["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pair(path: &str, code: &str) -> (String, String) {
    (path.to_string(), code.to_string())
}

/// The first error message of an output object.
fn message(o: &Value) -> &str {
    o["errors"][0]["message"].as_str().unwrap_or("")
}

#[test]
fn empty_files() {
    let dir = Dir::new("empty");
    let jsonl = dir.write("e.jsonl", "");
    let run = eval(&dir, &[&jsonl]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));

    let json = dir.write("e.json", "");
    let run = eval(&dir, &[&json]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(errors(&o[0]), [pair("", "malformed")]);
    assert!(message(&o[0]).contains("EOF while parsing a value"));

    let toml = dir.write("e.toml", "");
    let run = eval(&dir, &[&toml]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(
        errors(&o[0]),
        [pair("id", "missing-field"), pair("name", "missing-field")]
    );

    let policy = dir.write("e.policy", "");
    let run = xueshi(&["check", &policy], None);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("check::header"), "{}", run.stderr);
    assert!(run.stderr.contains("has 3 errors"), "{}", run.stderr);
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &policy,
            "--purpose",
            "annual",
            "--year",
            "2023",
            &jsonl,
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the policy has no header"),
        "{}",
        run.stderr
    );
    let run = xueshi(&["fmt", "--check", &policy], None);
    assert_eq!(run.code, 0);
}

#[test]
fn a_policy_that_is_not_utf8_cannot_be_read() {
    let dir = Dir::new("latin1-policy");
    let mut bytes = SMALL.as_bytes().to_vec();
    bytes.extend(b"# caf\xe9\n");
    let policy = dir.write("latin1.policy", &bytes);
    for args in [
        vec!["check", &policy],
        vec!["fmt", "--check", &policy],
        vec![
            "eval",
            "--policy",
            &policy,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "-",
        ],
    ] {
        let run = xueshi(&args, Some(b""));
        assert_eq!(run.code, 2, "{args:?}");
        let expected = format!("not UTF-8 text (byte {})", SMALL.len() + 5);
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
    }
}

#[test]
fn records_that_are_not_utf8_are_invalid_records() {
    let dir = Dir::new("latin1-records");
    let mut bytes = br#"{"id":"caf"#.to_vec();
    bytes.extend(b"\xe9\"}\n");
    bytes.extend(course("90").as_bytes());
    bytes.push(b'\n');
    // JSONL: the line is an invalid record, the next one is judged.
    let jsonl = dir.write("r.jsonl", &bytes);
    let run = eval(&dir, &[&jsonl]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(o.len(), 2);
    assert!(message(&o[0]).contains("the line is not UTF-8 text (byte 10)"));
    assert_eq!(o[1]["status"], "compliant");
    // JSON and TOML are read whole: the file is one invalid record.
    for name in ["r.json", "r.toml"] {
        let file = dir.write(name, &bytes);
        let run = eval(&dir, &[&file]);
        assert_eq!(run.code, 1);
        let o = run.objects();
        assert_eq!(o.len(), 1);
        assert!(message(&o[0]).contains("the file is not UTF-8 text (byte 10)"));
        assert_eq!(o[0]["errors"][0]["line"], 1);
    }
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let dir = Dir::new("bom");
    let policy = dir.write("bom.policy", format!("\u{FEFF}{SMALL}"));
    let run = xueshi(&["check", &policy], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let record = course("90");
    let files = [
        dir.write("bom.jsonl", format!("\u{FEFF}{record}\n{record}\n")),
        dir.write("bom.json", format!("\u{FEFF}[{record}]\n")),
        dir.write("bom.toml", format!("\u{FEFF}id = \"{ID}\"\nname = \"a\"\n")),
    ];
    let run = eval(&dir, &[&files[0], &files[1], &files[2]]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let statuses: Vec<Value> = run.objects().iter().map(|o| o["status"].clone()).collect();
    assert_eq!(
        statuses,
        ["compliant", "compliant", "compliant", "shortfall"]
    );
}

#[test]
fn crlf_line_ends_are_read() {
    let dir = Dir::new("crlf");
    let policy = dir.write("crlf.policy", SMALL.replace('\n', "\r\n"));
    let run = xueshi(&["check", &policy], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // fmt writes line feeds: every line would change.
    let run = xueshi(&["fmt", "--check", &policy], None);
    assert_eq!(run.code, 1);
    let record = course("90");
    let jsonl = dir.write("crlf.jsonl", format!("{record}\r\n\r\n{record}\r\n"));
    let json = dir.write("crlf.json", format!("[{record},\r\n{record}]\r\n"));
    let toml = dir.write("crlf.toml", format!("id = \"{ID}\"\r\nname = \"a\"\r\n"));
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &policy,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--format",
            "jsonl",
            &jsonl,
            &json,
            &toml,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let o = run.objects();
    assert_eq!(o.len(), 5);
    assert_eq!(o[1]["status"], "compliant");
    assert_eq!(o[4]["name"], "a");
}

#[test]
fn a_ten_megabyte_line_is_one_record() {
    let dir = Dir::new("long-line");
    let note = "x".repeat(10 * 1024 * 1024);
    let jsonl = dir.write(
        "long.jsonl",
        format!("{{\"id\":\"{ID}\",\"name\":\"a\",\"note\":\"{note}\"}}\n"),
    );
    let run = eval(&dir, &[&jsonl]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(o.len(), 1);
    assert_eq!(errors(&o[0]), [pair("note", "unknown-field")]);
}

#[test]
fn a_long_single_line_json_file_is_read_in_linear_time() {
    // Activities on one line: the line of each activity used to be found by counting the
    // columns before it, in quadratic time (a 9 MB line took a minute).
    let dir = Dir::new("one-line-json");
    let activity = r#"{"kind":"online","date":"2023-01-01","hours":0.02,"recognized":true}"#;
    let activities = vec![activity; 5_000].join(",");
    let json = dir.write(
        "one.json",
        format!("{{\"id\":\"{ID}\",\"name\":\"a\",\"activities\":[{activities}]}}"),
    );
    let policy = dir.policy();
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &policy,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--format",
            "csv",
            &json,
        ],
        None,
    );
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(",compliant,100,0,"), "{}", run.stdout);
}

#[test]
fn deep_nesting_in_toml_is_malformed() {
    // JSON nesting is covered by tests/input_limits.rs.
    let dir = Dir::new("deep-toml");
    let toml = dir.write(
        "deep.toml",
        format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let run = eval(&dir, &[&toml]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(errors(&o[0]), [pair("", "malformed")]);
    assert!(message(&o[0]).contains("recursion"), "{}", message(&o[0]));
}

#[test]
fn huge_numbers_are_too_large() {
    let dir = Dir::new("huge");
    let lines = [
        course("1e400"),
        course(&"9".repeat(30)),
        format!(r#"{{"id":"{ID}","name":"a","title_since":1e400}}"#),
        format!(r#"{{"id":"{ID}","name":"a","title_since":99999}}"#),
        course("1000000000000000"),
    ];
    let jsonl = dir.write("huge.jsonl", lines.join("\n"));
    let run = eval(&dir, &[&jsonl]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(
        errors(&o[0]),
        [pair("activities[0].hours", "number-too-large")]
    );
    assert!(message(&o[0]).contains("`1e400` is too large or too precise"));
    assert_eq!(
        errors(&o[1]),
        [pair("activities[0].hours", "number-too-large")]
    );
    assert_eq!(errors(&o[2]), [pair("title_since", "bad-year")]);
    assert!(message(&o[2]).contains("is not a year from 1 to 9999"));
    assert_eq!(errors(&o[3]), [pair("title_since", "bad-year")]);
    // 10^15 is the largest amount a record may give.
    assert_eq!(o[4]["total"], 1_000_000_000_000_000u64);
}

#[test]
fn at_most_twelve_decimals() {
    let dir = Dir::new("decimals");
    let lines = [course("0.123456789012"), course("0.1234567890123")];
    let jsonl = dir.write("decimals.jsonl", lines.join("\n"));
    let run = eval(&dir, &[&jsonl]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(o[0]["total"].to_string(), "0.123456789012");
    assert_eq!(
        errors(&o[1]),
        [pair("activities[0].hours", "number-too-large")]
    );
    assert!(message(&o[1]).contains("with at most 12 decimals"));
}

#[test]
fn duplicate_keys_with_null_are_duplicates() {
    let dir = Dir::new("duplicates");
    let exemption = r#""exemptions":[{"reason":"x","reason":null,"years":[2023],"approved":true}]"#;
    let activity = r#""activities":[{"kind":"online","date":null,"date":"2023-01-01","hours":1,"recognized":true}]"#;
    let lines = [
        format!(r#"{{"id":"{ID}","name":null,"name":"b"}}"#),
        format!(r#"{{"id":"{ID}","name":"a","name":null}}"#),
        format!(r#"{{"id":"{ID}","name":"a","title_since":null,"title_since":null}}"#),
        format!(r#"{{"id":"{ID}","name":"a",{activity}}}"#),
        format!(r#"{{"id":"{ID}","name":"a",{exemption}}}"#),
    ];
    let jsonl = dir.write("dup.jsonl", lines.join("\n"));
    let run = eval(&dir, &[&jsonl]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(errors(&o[0]), [pair("name", "duplicate-key")]);
    assert_eq!(errors(&o[1]), [pair("name", "duplicate-key")]);
    assert_eq!(errors(&o[2]), [pair("title_since", "duplicate-key")]);
    assert_eq!(errors(&o[3]), [pair("activities[0].date", "duplicate-key")]);
    assert_eq!(
        errors(&o[4]),
        [pair("exemptions[0].reason", "duplicate-key")]
    );
    assert_eq!(message(&o[0]), "this key is given twice");
    assert_eq!(o[0]["errors"][0]["column"], 41);
}

#[test]
fn truncated_json_keeps_the_records_before() {
    let dir = Dir::new("truncated");
    let good = course("90");
    let cut = format!(r#"{{"id":"{ID}","name":"a","activities":[{{"kind":"online""#);
    let jsonl = dir.write("t.jsonl", format!("{good}\n{cut}"));
    let json = dir.write("t.json", format!("[{good},\n{good},\n{cut}"));
    let run = eval(&dir, &[&jsonl, &json]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    let statuses: Vec<&str> = o.iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        ["compliant", "invalid", "compliant", "compliant", "invalid"]
    );
    assert!(message(&o[1]).contains("EOF while parsing an object"));
    assert_eq!(o[4]["position"]["record"], 3);
    assert_eq!(o[4]["position"]["line"], 3);
}

#[test]
fn arrays_and_lines() {
    let dir = Dir::new("arrays");
    let good = course("90");
    // A JSON array: one output per element; an element that is not an object is invalid.
    let array = dir.write("a.json", format!("[{good}, 42, \"x\", null, {good}]"));
    let run = eval(&dir, &[&array]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(o.len(), 5);
    assert_eq!(errors(&o[1]), [pair("", "wrong-type")]);
    assert!(message(&o[1]).contains("expected an object, found a number"));
    assert_eq!(o[4]["status"], "compliant");
    // An array written over two lines of JSONL: each line is malformed.
    let jsonl = dir.write("a.jsonl", format!("[{good},\n{good}]\n"));
    let run = eval(&dir, &[&jsonl]);
    let o = run.objects();
    assert_eq!(o.len(), 2);
    assert!(message(&o[1]).contains("trailing characters"));
    // JSONL in a .json file: one malformed record.
    let lines = dir.write("l.json", format!("{good}\n{good}\n"));
    let run = eval(&dir, &[&lines]);
    let o = run.objects();
    assert_eq!(o.len(), 1);
    assert!(message(&o[0]).contains("trailing characters"));
    assert_eq!(o[0]["errors"][0]["line"], 2);
    // An empty array: no record.
    let empty = dir.write("e.json", "[]");
    let run = eval(&dir, &[&empty]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn toml_with_wrong_types() {
    let dir = Dir::new("toml-types");
    let toml = dir.write(
        "wrong.toml",
        "id = 11010519491231002\nname = [\"a\"]\ntitle_since = \"2020\"\n\n\
         [[activities]]\nkind = \"online\"\ndate = 2023-06-01T10:00:00\nhours = \"6\"\n\
         recognized = \"yes\"\n\n\
         [[exemptions]]\nreason = 1\nyears = 2023\napproved = 1\n",
    );
    let run = eval(&dir, &[&toml]);
    assert_eq!(run.code, 1);
    let o = run.objects();
    assert_eq!(
        errors(&o[0]),
        [
            pair("id", "wrong-type"),
            pair("name", "wrong-type"),
            pair("title_since", "wrong-type"),
            pair("activities[0].date", "bad-date"),
            pair("activities[0].hours", "wrong-type"),
            pair("activities[0].recognized", "wrong-type"),
            pair("exemptions[0].reason", "wrong-type"),
            pair("exemptions[0].years", "wrong-type"),
            pair("exemptions[0].approved", "wrong-type"),
        ]
    );
    assert_eq!(
        o[0]["errors"][1]["message"],
        "expected a string, found a list"
    );
    assert_eq!(o[0]["errors"][7]["line"], 13);
}

#[test]
fn missing_files() {
    let dir = Dir::new("missing");
    let records = dir.path("none.jsonl");
    let run = eval(&dir, &[&records]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("none.jsonl`: No such file or directory"),
        "{}",
        run.stderr
    );
    let policy = dir.path("none.policy");
    let run = xueshi(&["check", &policy], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &policy,
            "--purpose",
            "annual",
            "--year",
            "2023",
            &records,
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("No such file or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn directories_as_files() {
    let dir = Dir::new("directories");
    std::fs::create_dir_all(dir.0.join("d.json")).unwrap();
    std::fs::create_dir_all(dir.0.join("d.policy")).unwrap();
    let run = eval(&dir, &[&dir.path("d.json")]);
    assert_eq!(run.code, 2);
    // Every record format says the same (`tests/input_bounds.rs`).
    assert!(
        run.stderr.contains("it is a folder, not a record file"),
        "{}",
        run.stderr
    );
    let folder = dir.path("d.policy");
    let run = xueshi(&["check", &folder], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Is a directory"), "{}", run.stderr);
    // eval reads a folder as a folder of revisions.
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &folder,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "-",
        ],
        Some(b""),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("holds no `.policy` file"),
        "{}",
        run.stderr
    );
}

/// Bytes that look random, the same every run.
fn garbage(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_garbage() {
    let dir = Dir::new("garbage");
    let bytes = garbage(8192);
    let lines = bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    let jsonl = dir.write("g.jsonl", &bytes);
    let run = eval(&dir, &[&jsonl]);
    assert_eq!(run.code, 1);
    // One invalid record per line that is not blank.
    let o = run.objects();
    assert_eq!(o.len(), lines);
    assert!(o.iter().all(|o| errors(o) == [pair("", "malformed")]));
    let policy = dir.write("g.policy", &bytes);
    let run = xueshi(&["check", &policy], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not UTF-8 text"), "{}", run.stderr);
}

#[test]
fn many_errors_in_a_policy_are_all_reported() {
    // 10 000 take minutes (the rendering of each finding scans the file): 100 here.
    let dir = Dir::new("many-errors");
    let mut text = SMALL.to_string();
    for i in 0..100 {
        text.push_str(&format!("const e{i} = nosuch{i}\n  cite \"x\"\n"));
    }
    let policy = dir.write("errors.policy", text);
    let run = xueshi(&["check", &policy], None);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.matches("check::unknown-name").count(), 100);
    assert!(
        run.stderr.contains("has 100 errors"),
        "{}",
        run.stderr.lines().last().unwrap_or("")
    );
}

#[test]
fn unknown_purpose() {
    let dir = Dir::new("purpose");
    let policy = dir.policy();
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &policy,
            "--purpose",
            "anual",
            "--year",
            "2023",
            "-",
        ],
        Some(b""),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "the policy has no purpose `anual`; it declares `annual`; did you mean `annual`?"
        ),
        "{}",
        run.stderr
    );
    let run = xueshi(
        &[
            "explain",
            "--policy",
            &policy,
            "--purpose",
            "zzz",
            "--year",
            "2023",
            "-",
        ],
        Some(b""),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no purpose `zzz`"), "{}", run.stderr);
}

#[test]
fn bad_years() {
    let dir = Dir::new("years");
    let policy = dir.policy();
    for (year, says) in [
        ("abc", "invalid digit"),
        ("0", "0 is not in 1..=9999"),
        ("10000", "10000 is not in 1..=9999"),
        ("2023.5", "invalid digit"),
        ("", "empty string"),
    ] {
        let run = xueshi(
            &[
                "eval",
                "--policy",
                &policy,
                "--purpose",
                "annual",
                "--year",
                year,
                "-",
            ],
            Some(b""),
        );
        assert_eq!(run.code, 2, "{year}");
        assert!(run.stderr.contains(says), "{year}: {}", run.stderr);
    }
}

#[test]
fn bad_as_of_dates() {
    let dir = Dir::new("as-of");
    let policy = dir.policy();
    for date in ["2023-02-30", "2023/01/01", "yesterday"] {
        let run = xueshi(
            &[
                "eval",
                "--policy",
                &policy,
                "--as-of",
                date,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "-",
            ],
            Some(b""),
        );
        assert_eq!(run.code, 2, "{date}");
        assert!(
            run.stderr.contains("is not a date written YYYY-MM-DD"),
            "{}",
            run.stderr
        );
    }
    // A folder of revisions with none in force on the date.
    std::fs::create_dir_all(dir.0.join("revisions")).unwrap();
    dir.write("revisions/small.policy", SMALL);
    let folder = dir.path("revisions");
    let run = xueshi(
        &[
            "eval",
            "--policy",
            &folder,
            "--as-of",
            "2000-01-01",
            "--purpose",
            "annual",
            "--year",
            "2023",
            "-",
        ],
        Some(b""),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no revision is in force on 2000-01-01"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_that_cannot_be_written() {
    let dir = Dir::new("output");
    let records = dir.write("r.jsonl", course("1"));
    let policy = dir.policy();
    for target in [
        dir.path("no-such-folder/out.jsonl"),
        dir.0.to_str().unwrap().to_string(),
    ] {
        let run = xueshi(
            &[
                "eval",
                "--policy",
                &policy,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "-o",
                &target,
                &records,
            ],
            None,
        );
        assert_eq!(run.code, 2, "{target}");
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    }
    assert!(!Path::new(&dir.path("no-such-folder")).exists());
}

#[test]
fn an_unknown_record_format() {
    let dir = Dir::new("format");
    let xml = dir.write("r.xml", "<person/>\n");
    let run = eval(&dir, &[&xml]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown format: use a .json, .jsonl, .toml, .csv or .xlsx file"),
        "{}",
        run.stderr
    );
}

/// Runs xueshi with a reader that goes away after the first bytes, as `| head -1` does.
fn closed_early(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(BIN)
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    std::thread::spawn(move || pipe.write_all(&input).ok());
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).ok();
    // The read end is closed here.
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_reader_that_goes_away_stops_eval_and_explain_quietly() {
    let dir = Dir::new("sigpipe");
    let policy = dir.policy();
    // More output than a pipe holds (64 KiB), so that writing fails.
    let records = format!("{}\n", course("1")).repeat(300);
    for format in ["jsonl", "json"] {
        let run = closed_early(
            &[
                "eval",
                "--policy",
                &policy,
                "--purpose",
                "annual",
                "--year",
                "2023",
                "--format",
                format,
                "-",
            ],
            records.as_bytes(),
        );
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{format}");
    }
    let run = closed_early(
        &[
            "explain",
            "--policy",
            &policy,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "-",
        ],
        records.as_bytes(),
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn a_reader_that_goes_away_stops_fmt_quietly() {
    let mut text = SMALL.to_string();
    for i in 0..5000 {
        text.push_str(&format!("const c{i} = {i} hours\n  cite \"x\"\n"));
    }
    let run = closed_early(&["fmt", "-"], text.as_bytes());
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, 0);
}

#[test]
fn a_reader_that_goes_away_stops_test_quietly() {
    let tests = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/policies/tests/notice-2022.toml"
    );
    let run = closed_early(&["test", tests], b"");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_policy_file_asked_for_before_it_takes_effect() {
    let policy = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/notice-2022.policy");
    let record = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/clerk.toml");
    let args = [
        "eval",
        "--policy",
        policy,
        "--purpose",
        "annual",
        "--year",
        "2023",
    ];
    let before = [&args[..], &["--as-of", "2000-01-01", record]].concat();
    let run = xueshi(&before, None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("takes effect on 2022-07-01"),
        "{}",
        run.stderr
    );
    let after = [&args[..], &["--as-of", "2022-07-01", record]].concat();
    assert_eq!(xueshi(&after, None).code, 0);
}
