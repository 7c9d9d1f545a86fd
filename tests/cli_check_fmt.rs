//! `xueshi check` and `xueshi fmt` as a user runs them: the built binary, with stdout, stderr
//! and the exit code snapshotted. Every run passes `--color never --lang en`; files are given
//! as relative paths from the working directory so that no machine path reaches a snapshot.
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What a run printed and returned.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `xueshi --color never --lang en ARGS` in `dir`, feeding `stdin` when given.
fn xueshi(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xueshi"));
    command
        .current_dir(dir)
        .args(["--color", "never", "--lang", "en"])
        .args(args)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the xueshi binary runs");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(text.as_bytes()).expect("stdin is written");
    }
    let output = child.wait_with_output().expect("xueshi finishes");
    Run {
        code: output.status.code().expect("xueshi exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The run as a transcript for a snapshot.
fn transcript(args: &[&str], run: &Run) -> String {
    format!(
        "$ xueshi --color never --lang en {}\nexit code: {}\n---------------------------------------- stdout\n{}---------------------------------------- stderr\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    )
}

/// Runs in the repository and snapshots the transcript; returns the exit code.
fn snapshot_in_repo(name: &str, args: &[&str]) -> i32 {
    let run = xueshi(root(), args, None);
    insta::assert_snapshot!(name, transcript(args, &run));
    run.code
}

/// A fresh directory of its own under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("xueshi-cli-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("the temporary directory is created");
        TempDir(dir)
    }

    /// Copies a file of the repository into the directory; returns its new path.
    fn copy(&self, from_repo: &str) -> PathBuf {
        let from = root().join(from_repo);
        let to = self.0.join(from.file_name().expect("a file name"));
        std::fs::copy(&from, &to).expect("the file is copied");
        to
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SHIPPED: &str = "policies/notice-2022.policy";
const MESSY: &str = "tests/policies/fmt/one-line.policy";

fn formatted(text: &str) -> String {
    let (file, errors) = xueshi::syntax::parse_policy(text);
    assert!(errors.is_empty(), "{errors:?}");
    xueshi::syntax::format_policy(&file, text)
}

// ---------------------------------------------------------------- check

#[test]
fn check_valid_policy() {
    assert_eq!(snapshot_in_repo("check_valid", &["check", SHIPPED]), 0);
}

#[test]
fn check_broken_policy() {
    let args = ["check", "tests/policies/check/several-errors.policy"];
    assert_eq!(snapshot_in_repo("check_broken", &args), 1);
}

#[test]
fn check_missing_file() {
    let args = ["check", "tests/policies/check/no-such-file.policy"];
    assert_eq!(snapshot_in_repo("check_missing_file", &args), 2);
}

#[test]
fn check_warnings_only() {
    let file = "tests/policies/check/unused-unit.policy";
    assert_eq!(snapshot_in_repo("check_warnings", &["check", file]), 0);
    let denied = ["check", "--deny-warnings", file];
    assert_eq!(snapshot_in_repo("check_deny_warnings", &denied), 1);
}

#[test]
fn check_help() {
    assert_eq!(snapshot_in_repo("check_help", &["check", "--help"]), 0);
}

// ---------------------------------------------------------------- fmt

#[test]
fn fmt_check_formatted_file() {
    assert_eq!(
        snapshot_in_repo("fmt_check_formatted", &["fmt", "--check", SHIPPED]),
        0
    );
}

#[test]
fn fmt_check_unformatted_file_changes_nothing() {
    let dir = TempDir::new("fmt-check");
    let path = dir.copy(MESSY);
    let before = std::fs::read(&path).unwrap();
    let args = ["fmt", "--check", "one-line.policy"];
    let run = xueshi(&dir.0, &args, None);
    insta::assert_snapshot!("fmt_check_unformatted", transcript(&args, &run));
    assert_eq!(run.code, 1);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "`fmt --check` changed the file"
    );
}

#[test]
fn fmt_check_file_that_does_not_parse() {
    let args = ["fmt", "--check", "tests/policies/check/parse-syntax.policy"];
    assert_eq!(snapshot_in_repo("fmt_check_parse_error", &args), 1);
}

#[test]
fn fmt_rewrites_in_place() {
    let dir = TempDir::new("fmt-in-place");
    let path = dir.copy(MESSY);
    let before = std::fs::read_to_string(&path).unwrap();
    let args = ["fmt", "one-line.policy"];
    let run = xueshi(&dir.0, &args, None);
    insta::assert_snapshot!("fmt_in_place", transcript(&args, &run));
    assert_eq!(run.code, 0);
    let after = std::fs::read_to_string(&path).unwrap();
    assert_ne!(after, before, "the file was not rewritten");
    assert_eq!(after, formatted(&before));
    // Formatted now: `--check` agrees.
    let again = xueshi(&dir.0, &["fmt", "--check", "one-line.policy"], None);
    assert_eq!((again.code, again.stdout.as_str()), (0, ""));
}

#[test]
fn fmt_reads_stdin() {
    let text = std::fs::read_to_string(root().join(MESSY)).unwrap();
    let args = ["fmt", "-"];
    let run = xueshi(root(), &args, Some(&text));
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, formatted(&text));
    insta::assert_snapshot!("fmt_stdin", transcript(&args, &run));
}

#[test]
fn fmt_help() {
    assert_eq!(snapshot_in_repo("fmt_help", &["fmt", "--help"]), 0);
}
