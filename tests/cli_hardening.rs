//! The output side of issue 14, against the built binary: an `--output` that is an input is
//! refused, a signal during `eval -o` leaves no temporary file, a closed stdout or stderr
//! never makes a verb panic, `--redact` reaches every output, control and bidi characters
//! from records are escaped in human output, and formulas from records are neutralised in
//! CSV. (Rows of `docs/hardening.md`.)
#![cfg(unix)]
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_xueshi");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const POLICY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/policies/notice-2022.policy");
const PEOPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/people.jsonl");

fn xueshi(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn eval_args<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "eval",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
    ];
    args.extend_from_slice(rest);
    args
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ------------------------------------------------------------------ 1. output is an input

#[test]
fn an_output_that_is_an_input_is_refused_also_through_links() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("people.jsonl");
    std::fs::copy(PEOPLE, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let symlink = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&input, &symlink).unwrap();
    let hard = dir.path().join("hard.jsonl");
    std::fs::hard_link(&input, &hard).unwrap();
    let input_text = input.to_str().unwrap();
    for output in [&input, &symlink, &hard] {
        let out = xueshi(&eval_args(&[
            "-q",
            "-o",
            output.to_str().unwrap(),
            input_text,
        ]));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("is the input"),
            "{}: {}",
            output.display(),
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(&input).unwrap(),
            before,
            "the input is untouched"
        );
    }
    // The policy is an input too.
    let policy = dir.path().join("copy.policy");
    std::fs::copy(POLICY, &policy).unwrap();
    let policy_text = policy.to_str().unwrap();
    let out = xueshi(&[
        "eval",
        "--policy",
        policy_text,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "-q",
        "-o",
        policy_text,
        input_text,
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&policy).unwrap(),
        std::fs::read(POLICY).unwrap()
    );
    // Another file is written as before.
    let other = dir.path().join("rulings.jsonl");
    let out = xueshi(&eval_args(&[
        "-q",
        "-o",
        other.to_str().unwrap(),
        input_text,
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&other)
            .unwrap()
            .contains("\"status\"")
    );
}

// ------------------------------------------------------------ 7. closed stdout and stderr

/// A policy with many errors: more diagnostics than a pipe holds (64 KiB), so that writing
/// them fails once the reader is gone.
fn broken_policy(dir: &Path) -> String {
    let mut text = std::fs::read_to_string(POLICY).unwrap();
    for i in 0..400 {
        text.push_str(&format!("const broken{i} = no_such_name{i}\n"));
    }
    let path = dir.join("broken.policy");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Runs xueshi with stdout and stderr both going to a pipe whose reader is gone, as
/// `2>&1 | head -1` leaves them.
fn closed_outputs(args: &[&str]) -> Option<i32> {
    let mut child = Command::new(BIN)
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

#[test]
fn no_verb_panics_on_a_closed_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let broken = broken_policy(dir.path());
    let tests = dir.path().join("t.toml");
    std::fs::write(
        &tests,
        format!("policy = \"{broken}\"\n[[case]]\nname = \"x\"\nrecord = {{}}\n"),
    )
    .unwrap();
    let ruling = ["--purpose", "annual", "--year", "2023", PEOPLE];
    let runs: Vec<(Vec<&str>, i32)> = vec![
        (vec!["check", &broken], 1),
        (vec!["fmt", "--check", &broken], 0),
        ([&["eval", "--policy", &broken][..], &ruling].concat(), 2),
        ([&["explain", "--policy", &broken][..], &ruling].concat(), 2),
        ([&["diff", &broken, POLICY][..], &ruling].concat(), 2),
        (vec!["test", tests.to_str().unwrap()], 2),
    ];
    for (args, code) in runs {
        let got = closed_outputs(&args);
        // 101 is a panic; the verb ends with its usual status instead.
        assert_ne!(got, Some(101), "{args:?} panicked");
        if args[0] != "fmt" {
            assert_eq!(got, Some(code), "{args:?}");
        }
    }
}

#[test]
fn no_verb_panics_on_a_closed_stdout() {
    let dir = tempfile::tempdir().unwrap();
    // Output larger than a pipe holds.
    let many = dir.path().join("many.jsonl");
    let line = std::fs::read_to_string(PEOPLE).unwrap();
    std::fs::write(&many, line.repeat(40)).unwrap();
    let many = many.to_str().unwrap();
    let ruling = ["--purpose", "annual", "--year", "2023"];
    for format in ["table", "jsonl", "csv"] {
        let args = [
            &["eval", "--policy", POLICY][..],
            &ruling,
            &["--format", format, many],
        ]
        .concat();
        let got = closed_outputs(&args);
        assert_eq!(got, Some(0), "{args:?}");
    }
    let args = [&["explain", "--policy", POLICY][..], &ruling, &[many]].concat();
    assert_eq!(closed_outputs(&args), Some(0));
    let args = [&["diff", POLICY, POLICY][..], &ruling, &[many]].concat();
    assert_ne!(closed_outputs(&args), Some(101));
}

// ------------------------------------------------------------- 2. signals during eval -o

/// The hidden temporary files in `dir`.
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".tmp"))
        .collect()
}

#[test]
fn a_signal_during_eval_output_keeps_the_old_file_and_removes_the_temporary_one() {
    use std::io::Write;
    let line = std::fs::read_to_string(PEOPLE).unwrap();
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("rulings.jsonl");
        std::fs::write(&output, "the old rulings\n").unwrap();
        let mut child = Command::new(BIN)
            .args(eval_args(&["-q", "-o", output.to_str().unwrap(), "-"]))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // An endless input: the run is still writing when the signal comes.
        let mut stdin = child.stdin.take().unwrap();
        let lines = line.clone();
        let feeder = std::thread::spawn(move || while stdin.write_all(lines.as_bytes()).is_ok() {});
        while temporary_files(dir.path()).is_empty() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        feeder.join().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(
            temporary_files(dir.path()),
            Vec::<String>::new(),
            "SIG{signal}"
        );
        assert_eq!(
            std::fs::read_to_string(&output).unwrap(),
            "the old rulings\n",
            "SIG{signal}"
        );
    }
}

// ------------------------------------------------- 5. control and bidi characters escaped

const REVISION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/policies/revisions/notice-2024.policy"
);

/// A person whose name draws a fake row over its own, with an unknown field whose name
/// sets the terminal's title, and a person whose name reverses the text after it.
fn hostile_records(dir: &Path) -> String {
    let first = std::fs::read_to_string(PEOPLE).unwrap();
    let first = first.lines().next().unwrap();
    let forged = first.replacen(
        "\"name\":\"张三\"",
        r#""name":"Mallory\u001b[2K\r650102198001011234  张三  compliant  120","x\u001b]0;owned\u0007":1"#,
        1,
    );
    let bidi = first.replacen("\"name\":\"张三\"", r#""name":"evil\u202egnp.exe""#, 1);
    let path = dir.join("hostile.jsonl");
    std::fs::write(&path, format!("{forged}\n{bidi}\n{first}\n")).unwrap();
    path.to_str().unwrap().to_string()
}

fn assert_escaped(what: &str, text: &str) {
    for c in ['\u{1b}', '\r', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(c), "{what}: {c:?} in\n{text}");
    }
}

#[test]
fn control_and_bidi_characters_are_escaped_in_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let records = hostile_records(dir.path());
    let table = xueshi(&eval_args(&["--format", "table", &records]));
    let text = stdout(&table);
    assert_escaped("table", &text);
    assert!(text.contains("Mallory<U+001B>[2K<U+000D>650102"), "{text}");
    assert!(text.contains("evil<U+202E>gnp.exe"), "{text}");
    // The unknown field's name in the list of errors.
    assert!(
        text.contains("x<U+001B>]0;owned<U+0007>: unknown field"),
        "{text}"
    );

    let explain = xueshi(&[
        "explain",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        &records,
    ]);
    assert_escaped("explain", &stdout(&explain));
    assert!(stdout(&explain).contains("<U+001B>"));

    let diff = xueshi(&[
        "diff",
        POLICY,
        REVISION,
        "--purpose",
        "annual",
        "--year",
        "2023",
        &records,
    ]);
    assert_escaped("diff", &stdout(&diff));

    // JSON escapes them by itself.
    let json = xueshi(&eval_args(&["--format", "jsonl", &records]));
    assert!(
        stdout(&json).contains(r"Mallory\u001b[2K\r"),
        "{}",
        stdout(&json)
    );
}

#[test]
fn a_test_report_escapes_names_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("t.toml");
    std::fs::write(
        &tests,
        format!(
            "policy = \"{POLICY}\"\n\n[[case]]\nname = \"fake\\u001b[2K ok\"\npurpose = \"annual\"\nyear = 2023\n\
             record = {{ id = \"650102198001011234\", name = \"Mallory\\u001b[2K\", activities = [] }}\n\
             [case.expect]\nstatus = \"compliant\"\n"
        ),
    )
    .unwrap();
    let run = xueshi(&["test", "--redact", tests.to_str().unwrap()]);
    let text = stdout(&run);
    assert_eq!(run.status.code(), Some(1), "{text}{}", stderr(&run));
    assert_escaped("test", &text);
    assert!(text.contains("fake<U+001B>[2K ok"), "{text}");
    assert!(!text.contains("650102198001011234"), "{text}");
}

// --------------------------------------------------------------- 4. redaction everywhere

#[test]
fn redact_masks_ids_in_explain_snippets_errors_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let first = std::fs::read_to_string(PEOPLE).unwrap();
    let first = first.lines().next().unwrap().to_string();
    // The same person with an error, so that the record's line is shown.
    let invalid = first.replacen("\"unit\"", "\"unknown_field\":1,\"unit\"", 1);
    let records = dir.path().join("r.jsonl");
    std::fs::write(&records, format!("{first}\n{invalid}\n")).unwrap();
    let records = records.to_str().unwrap();
    let id = "650102198001011234";
    let explain = xueshi(&[
        "explain",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        "--redact",
        records,
    ]);
    let text = stdout(&explain);
    assert!(text.contains("unknown_field"), "{text}");
    assert!(text.contains("650102********1234"), "{text}");
    assert!(!text.contains(id), "explain leaks the ID:\n{text}");
    // Without --redact the snippet shows the line as it is.
    let plain = xueshi(&[
        "explain",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        records,
    ]);
    assert!(stdout(&plain).contains(id));

    for format in ["table", "jsonl", "csv"] {
        let out = xueshi(&eval_args(&["--redact", "--format", format, records]));
        assert!(!stdout(&out).contains(id), "{format}:\n{}", stdout(&out));
    }
    for format in ["table", "json"] {
        let diff = xueshi(&[
            "diff",
            POLICY,
            REVISION,
            "--purpose",
            "annual",
            "--year",
            "2023",
            "--redact",
            "--format",
            format,
            PEOPLE,
        ]);
        assert!(stdout(&diff).contains("********"), "{}", stdout(&diff));
        assert!(
            !stdout(&diff).contains(id),
            "diff {format}:\n{}",
            stdout(&diff)
        );
    }
}

// ------------------------------------------------------------- 4. windows of long lines

#[test]
fn snippets_of_long_lines_show_a_window() {
    let dir = tempfile::tempdir().unwrap();
    // A 3 MB policy on one line (under the 4 MiB limit), with an error at its end.
    let shipped = std::fs::read_to_string(POLICY).unwrap();
    let policy = format!(
        "{shipped}\n{}const broken = 2 * no_such_name  # and a long comment {}\n",
        " ".repeat(3_000_000),
        "x".repeat(500_000)
    );
    let path = dir.path().join("long.policy");
    std::fs::write(&path, &policy).unwrap();
    let check = xueshi(&["check", path.to_str().unwrap()]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(1));
    assert!(err.len() < 20_000, "{} bytes of diagnostics", err.len());
    assert!(err.contains("no_such_name"), "{err}");
    assert!(err.contains('…'), "{err}");
    // The place is the real line and column.
    assert!(err.contains(":3000020]"), "{err}");

    // A record error at the end of a 1 MB line.
    let first = std::fs::read_to_string(PEOPLE).unwrap();
    let first = first.lines().next().unwrap();
    let long = first.replacen(
        "\"unit\":\"某市第一人民医院\"",
        &format!("\"unit\":\"{}\",\"late_field\":1", "长".repeat(350_000)),
        1,
    );
    let records = dir.path().join("long.jsonl");
    std::fs::write(&records, format!("{long}\n")).unwrap();
    let explain = xueshi(&[
        "explain",
        "--policy",
        POLICY,
        "--purpose",
        "annual",
        "--year",
        "2023",
        records.to_str().unwrap(),
    ]);
    let text = stdout(&explain);
    assert!(
        text.contains("late_field"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(text.len() < 20_000, "{} bytes of explanation", text.len());
}

// ------------------------------------------------------- 6. formulas in CSV and XLSX

#[test]
fn formulas_from_records_are_neutralised_in_csv_and_text_in_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let first = std::fs::read_to_string(PEOPLE).unwrap();
    let first = first.lines().next().unwrap();
    let formula = r#"=HYPERLINK(""http://evil.example"",""click"")"#;
    let record = first.replacen(
        "\"name\":\"张三\"",
        r#""name":"=HYPERLINK(\"http://evil.example\",\"click\")""#,
        1,
    );
    let plus = first.replacen("\"name\":\"张三\"", r#""name":"+1+cmd|' /C calc'!A0""#, 1);
    let records = dir.path().join("f.jsonl");
    std::fs::write(&records, format!("{record}\n{plus}\n")).unwrap();
    let records = records.to_str().unwrap();
    let csv = stdout(&xueshi(&eval_args(&["--format", "csv", records])));
    assert!(csv.contains(&format!("\"'{formula}\"")), "{csv}");
    assert!(csv.contains(",'+1+cmd|"), "{csv}");
    // The computed figures are untouched.
    assert!(csv.contains(",compliant,"), "{csv}");

    let book = dir.path().join("f.xlsx");
    let out = xueshi(&eval_args(&[
        "--format",
        "xlsx",
        "-o",
        book.to_str().unwrap(),
        records,
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&sheet).unwrap();
    let name = range.get((1, 1)).unwrap();
    // A string cell, exactly the name: Excel shows it as text and runs nothing.
    assert_eq!(
        name,
        &calamine::Data::String("=HYPERLINK(\"http://evil.example\",\"click\")".to_string())
    );
    let formulas = workbook.worksheet_formula(&sheet).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the workbook"
    );
}

// ------------------------------------------- policies read within their limit, outputs

/// Runs xueshi with `stdin` as its standard input.
fn xueshi_with_stdin(args: &[&str], stdin: std::fs::File) -> Output {
    Command::new(BIN)
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .current_dir(ROOT)
        .stdin(stdin)
        .output()
        .unwrap()
}

#[test]
fn an_endless_policy_is_read_only_up_to_its_limit() {
    // `/dev/zero` never ends: a verb that read it whole would never stop (and grow without
    // bound); it reads one byte past the 4 MiB limit and refuses it.
    let ruling = ["--purpose", "annual", "--year", "2023", PEOPLE];
    let runs: Vec<(Vec<&str>, i32)> = vec![
        (vec!["check", "/dev/zero"], 1),
        (
            [&["eval", "--policy", "/dev/zero"][..], &ruling].concat(),
            2,
        ),
    ];
    for (args, code) in runs {
        let out = xueshi(&args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("parse::too-large"),
            "{}",
            stderr(&out)
        );
    }
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = xueshi_with_stdin(&["fmt", "-"], zero);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("parse::too-large"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn doc_and_eval_from_stdin_refuse_an_output_that_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.policy");
    std::fs::copy(POLICY, &policy).unwrap();
    let notice = dir.path().join("p.notice.md");
    std::fs::write(&notice, "# notice\n").unwrap();
    let policy_text = policy.to_str().unwrap();
    for output in [&policy, &notice] {
        let out = xueshi(&["doc", policy_text, "-o", output.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("is the input"), "{}", stderr(&out));
    }
    assert_eq!(
        std::fs::read(&policy).unwrap(),
        std::fs::read(POLICY).unwrap()
    );
    assert_eq!(std::fs::read_to_string(&notice).unwrap(), "# notice\n");
    // A record file given on stdin is an input too, by its name or as /dev/stdin.
    let input = dir.path().join("people.jsonl");
    std::fs::copy(PEOPLE, &input).unwrap();
    for output in [input.to_str().unwrap(), "/dev/stdin"] {
        let stdin = std::fs::File::open(&input).unwrap();
        let out = xueshi_with_stdin(&eval_args(&["-q", "-o", output, "-"]), stdin);
        assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is the input `-`"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(&input).unwrap(),
            std::fs::read(PEOPLE).unwrap()
        );
    }
    // And the same from a pipe is no clash.
    let other = dir.path().join("rulings.jsonl");
    let stdin = std::fs::File::open(&input).unwrap();
    let out = xueshi_with_stdin(
        &eval_args(&["-q", "-o", other.to_str().unwrap(), "-"]),
        stdin,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_output_that_cannot_be_written_is_a_failure_and_a_gone_reader_is_not() {
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/policies/check/unknown-name-field.policy"
    );
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        vec!["man"],
        vec!["completions", "bash"],
        vec!["explain-error", "--list"],
        vec!["check", "--error-format", "json", broken],
    ] {
        let out = Command::new(BIN)
            .args(["--lang", "en"])
            .args(&args)
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("No space left"), "{}", stderr(&out));
    }
    // A reader gone before `check` writes its findings does not make a broken policy pass.
    let mut child = Command::new(BIN)
        .args(["check", "--error-format", "json", broken])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    // `diff --format json | head -c 10` stops quietly.
    let mut child = Command::new(BIN)
        .args(["--lang", "en", "diff", "--format", "json", POLICY, POLICY])
        .args(["--purpose", "annual", "--year", "2023", PEOPLE])
        .current_dir(ROOT)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
}
