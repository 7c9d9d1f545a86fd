//! `xueshi test`: runs policy test files and reports each failure with its place, what was
//! expected and what the ruling says, and the explanation of the failing ruling.

use super::{Context, FAILURE, FINDINGS, OK, print_error, read_text};

/// `println!` that ends the run quietly when the reader of stdout went away (`| head`)
/// instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        if std::io::Write::write_fmt(&mut std::io::stdout(), format_args!("{}\n", format_args!($($arg)*))).is_err() {
            return FAILURE;
        }
    };
}
use crate::policy::Policy;
use crate::render::Explainer;
use crate::revise::cases::{compare, read_test_file, run_case_within};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Arguments of `xueshi test`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The policy to test, or a folder of its revisions [default: the one each test file
    /// names with `policy = "…"`]
    #[arg(long, value_name = "FILE|DIR")]
    pub(crate) policy: Option<String>,

    /// With a folder of revisions: the date whose revision in force is tested [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub(crate) as_of: Option<chrono::NaiveDate>,

    /// How record files named by cases are read.
    #[command(flatten)]
    pub(crate) input: super::InputArgs,

    /// Test files (TOML), or folders of them
    #[arg(required = true, value_name = "TESTS")]
    pub(crate) tests: Vec<String>,
}

fn paint(context: &Context, text: &str, code: &str) -> String {
    if context.stdout_style.color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Test files named on the command line: files as given, folders' `.toml` files sorted.
fn test_files(args: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        let path = PathBuf::from(a);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(path);
        }
    }
    out
}

/// Runs `xueshi test`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let mut passed = 0usize;
    let mut failed = 0usize;
    let mut broken = false;
    let mut policies: HashMap<PathBuf, Option<Policy>> = HashMap::new();
    for path in test_files(&args.tests) {
        let display = path.display().to_string();
        let text = match read_text(&display, context.lang) {
            Ok(t) => t,
            Err(message) => {
                print_error(context, &message);
                broken = true;
                continue;
            }
        };
        let file = match read_test_file(&path, text) {
            Ok(f) => f,
            Err(errors) => {
                for e in errors {
                    print_error(context, &format!("{display}:{}: {}", e.line, e.message));
                }
                broken = true;
                continue;
            }
        };
        let policy_path = match (&args.policy, &file.policy) {
            (Some(p), _) => PathBuf::from(p),
            (None, Some(p)) => p.clone(),
            (None, None) => {
                print_error(
                    context,
                    &format!(
                        "{display}: no policy to test: write `policy = \"…\"` in the file or pass --policy"
                    ),
                );
                broken = true;
                continue;
            }
        };
        let policy = policies.entry(policy_path.clone()).or_insert_with(|| {
            super::load_revision(&policy_path.display().to_string(), args.as_of, context)
        });
        let Some(policy) = policy.as_ref() else {
            broken = true;
            continue;
        };
        say!(
            "{display} — {} {} ({})",
            policy.info.name,
            policy.info.version,
            relative(&policy_path)
        );
        for case in &file.cases {
            let place = format!("{display}:{}", case.line);
            let outcome = match run_case_within(policy, &file, case, &args.input.limits()) {
                Ok(o) => o,
                Err(message) => {
                    say!(
                        "  {}  {}  [{place}]",
                        paint(context, "ERROR", "1;31"),
                        case.name
                    );
                    say!("        {message}");
                    failed += 1;
                    continue;
                }
            };
            let mismatches = compare(policy, case, &outcome);
            if mismatches.is_empty() {
                say!("  {}     {}", paint(context, "ok", "32"), case.name);
                passed += 1;
                continue;
            }
            failed += 1;
            say!(
                "  {}   {}  [{place}]",
                paint(context, "FAIL", "1;31"),
                case.name
            );
            for m in &mismatches {
                say!("        {}: expected {}, got {}", m.what, m.expected, m.got);
            }
            if let Some((purpose, _)) = policy.purpose(&case.purpose) {
                let explainer = Explainer {
                    policy,
                    purpose,
                    year: case.year,
                    lang: context.lang,
                    redact: false,
                    snippets: None,
                };
                for line in explainer.explain(&outcome, None).lines() {
                    say!("        │ {line}");
                }
            }
        }
    }
    let summary = format!("{passed} passed, {failed} failed");
    say!(
        "\n{}",
        if failed > 0 {
            paint(context, &summary, "1;31")
        } else {
            paint(context, &summary, "32")
        }
    );
    if broken {
        FAILURE
    } else if failed > 0 {
        FINDINGS
    } else {
        OK
    }
}

/// The path with `.` and `name/..` removed, as people write it.
fn relative(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.iter().collect::<PathBuf>().display().to_string()
}
