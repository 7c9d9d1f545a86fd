//! `--output` writes atomically without surprises: a new file gets the usual permissions, a
//! replaced file keeps its own, a symbolic link stays a link to the file it names, a device
//! is written to rather than replaced, and a folder is refused.
#![cfg(unix)]
// A test may unwrap and index: a failure is a test failure.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn eval_to(output: &Path) -> std::process::Output {
    let root = env!("CARGO_MANIFEST_DIR");
    Command::new(env!("CARGO_BIN_EXE_xueshi"))
        .args([
            "eval",
            "--policy",
            "policies/notice-2022.policy",
            "--purpose",
            "annual",
        ])
        .args(["--year", "2023", "--format", "csv", "-q", "-o"])
        .arg(output)
        .arg("tests/fixtures/people.jsonl")
        .current_dir(root)
        .output()
        .unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn output_files_keep_sensible_permissions_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.csv");
    assert!(eval_to(&new).status.success());
    // Not the temporary file's 0600: what the umask leaves of 0666 (at least readable by
    // the group when the umask allows it).
    assert_ne!(mode(&new), 0o600);
    assert!(
        std::fs::read_to_string(&new)
            .unwrap()
            .starts_with("id,name,status")
    );

    std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(eval_to(&new).status.success());
    assert_eq!(mode(&new), 0o640);

    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&new, &link).unwrap();
    std::fs::write(&new, "old").unwrap();
    assert!(eval_to(&link).status.success());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&new)
            .unwrap()
            .starts_with("id,name,status")
    );

    assert!(eval_to(Path::new("/dev/null")).status.success());
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());

    let out = eval_to(dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}
