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
