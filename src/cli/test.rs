//! `xueshi test`: runs policy test files and reports each failure with its place, what was
//! expected and what the ruling says, and the explanation of the failing ruling.

use super::{Context, FAILURE, FINDINGS, OK, print_error, read_text};

/// `println!` on [`Out`] that ends the run quietly when the reader of stdout went away
/// (`| head`) instead of panicking.
/// With `--error-format json` nothing but findings is printed: `say!` then says nothing.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        if $out.say(format_args!($($arg)*)).is_err() {
            return FAILURE;
        }
    };
}

/// Prints one finding as a JSON line on [`Out`] (only with `--error-format json`).
macro_rules! finding {
    ($out:expr, $finding:expr) => {
        if $out.finding($finding).is_err() {
            return FAILURE;
        }
    };
}

use crate::policy::Policy;
use crate::render::Explainer;
use crate::revise::cases::{compare, read_test_file, run_case_within};
use crate::revise::expectations::check_expectations;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the report goes on stdout: lines for people, or (`json`) findings only. With
/// `redact`, each line and finding has its ID-shaped runs masked ([`crate::render::masked`]),
/// here and nowhere else: failures, explanations, messages (errors on stderr are masked by
/// [`print_error`]).
#[derive(Clone, Copy)]
struct Out {
    json: bool,
    redact: bool,
}

impl Out {
    /// Prints a line for people (nothing with `--error-format json`).
    fn say(self, line: std::fmt::Arguments) -> std::io::Result<()> {
        use std::io::Write;
        if self.json {
            return Ok(());
        }
        if self.redact {
            let line = line.to_string();
            writeln!(std::io::stdout(), "{}", crate::render::masked(&line, true))
        } else {
            writeln!(std::io::stdout(), "{line}")
        }
    }

    /// Prints a finding as a JSON line (only with `--error-format json`).
    fn finding(self, f: crate::diagnostics::finding::Finding) -> std::io::Result<()> {
        if !self.json {
            return Ok(());
        }
        let f = super::error_format::redacted(f, self.redact);
        super::error_format::write_findings(&mut std::io::stdout(), &[f])
    }
}

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

    /// Mask resident IDs in the output (650102********1234)
    #[arg(long)]
    pub(crate) redact: bool,

    /// How record files named by cases are read.
    #[command(flatten)]
    pub(crate) input: super::InputArgs,

    /// Test files (TOML), or folders of them
    #[arg(required = true, value_name = "TESTS")]
    pub(crate) tests: Vec<String>,

    /// How findings are reported (json: one per failing comparison, test-file error or case
    /// that cannot run, and nothing else on stdout).
    #[command(flatten)]
    pub(crate) format: super::error_format::ErrorFormatArg,

    /// Rewrite the expectations of failing cases to what the policy now rules (keeping the
    /// files' comments and order), printing each change
    #[arg(long)]
    pub(crate) update: bool,

    /// Like --update, but ask case by case on the terminal (y/n/q)
    #[arg(long)]
    pub(crate) review: bool,

    /// Coverage of the policy's rules by the cases.
    #[command(flatten)]
    pub(crate) coverage: super::coverage::CoverageArgs,
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
    use crate::diagnostics::finding::Finding;
    use crate::messages::{Msg, fill};
    let json = args.format.json();
    let out = Out {
        json,
        redact: args.redact,
    };
    let updating = args.update || args.review;
    if args.review && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        print_error(
            context,
            crate::messages::text(context.lang, Msg::ToolsReviewNeedsTerminal),
        );
        return FAILURE;
    }
    let mut updated = 0usize;
    let mut coverages: Vec<(PathBuf, crate::revise::coverage::Coverage)> = Vec::new();
    let mut quit = false;
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
                    if json {
                        let f =
                            Finding::at_line(&display, Some(e.line), None, "test::file", e.message);
                        finding!(out, f);
                    } else {
                        print_error(context, &format!("{display}:{}: {}", e.line, e.message));
                    }
                }
                broken = true;
                continue;
            }
        };
        let policy_path = match (&args.policy, &file.policy) {
            (Some(p), _) => PathBuf::from(p),
            (None, Some(p)) => p.clone(),
            (None, None) => {
                let message = crate::messages::text(context.lang, Msg::ToolsTestNoPolicy);
                if json {
                    let f = Finding::at_line(
                        &display,
                        None,
                        None,
                        "test::no-policy",
                        message.to_string(),
                    );
                    finding!(out, f);
                } else {
                    print_error(context, &format!("{display}: {message}"));
                }
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
        let problems = check_expectations(policy, &file, context.lang);
        if !problems.is_empty() {
            for e in problems {
                print_error(context, &format!("{display}:{}: {}", e.line, e.message));
            }
            broken = true;
            continue;
        }
        say!(
            out,
            "{display} — {} {} ({})",
            shown(&policy.info.name),
            shown(&policy.info.version),
            relative(&policy_path)
        );
        let mut updates = Vec::new();
        for (index, case) in file.cases.iter().enumerate() {
            let place = format!("{display}:{}", case.line);
            let outcome = match run_case_within(
                policy,
                &file,
                case,
                &args.input.limits(),
                args.coverage.wanted(),
            ) {
                Ok(o) => o,
                Err(message) => {
                    let f = Finding::at_line(
                        &display,
                        Some(case.line),
                        None,
                        "test::case-error",
                        fill(
                            context.lang,
                            Msg::ToolsTestCaseError,
                            &[("case", &case.name), ("message", &message)],
                        ),
                    );
                    finding!(out, f);
                    say!(
                        out,
                        "  {}  {}  [{place}]",
                        paint(context, "ERROR", "1;31"),
                        shown(&case.name)
                    );
                    say!(out, "        {}", shown(&message));
                    failed += 1;
                    continue;
                }
            };
            if args.coverage.wanted() {
                match coverages.iter_mut().find(|(p, _)| *p == policy_path) {
                    Some((_, c)) => c.record(&outcome),
                    None => {
                        let mut c = crate::revise::coverage::Coverage::new(policy, None);
                        c.record(&outcome);
                        coverages.push((policy_path.clone(), c));
                    }
                }
            }
            if let Ok(evaluated) = &outcome.result {
                for year in evaluated.ruling.short_with_nothing_to_make_up() {
                    let message = fill(
                        context.lang,
                        Msg::ToolsTestNothingToMakeUp,
                        &[("case", &case.name), ("year", &year)],
                    );
                    let f = Finding {
                        severity: "warning",
                        ..Finding::at_line(
                            &display,
                            Some(case.line),
                            None,
                            "test::nothing-to-make-up",
                            message.clone(),
                        )
                    };
                    finding!(out, f);
                    say!(
                        out,
                        "  {}   {}  [{place}]",
                        paint(context, "warning", "1;33"),
                        shown(&message)
                    );
                }
            }
            let mismatches = compare(policy, case, &outcome);
            if mismatches.is_empty() {
                say!(
                    out,
                    "  {}     {}",
                    paint(context, "ok", "32"),
                    shown(&case.name)
                );
                passed += 1;
                continue;
            }
            if updating {
                say!(
                    out,
                    "  {} {}  [{place}]",
                    paint(context, "UPDATE", "1;33"),
                    shown(&case.name)
                );
                for m in &mismatches {
                    say!(
                        out,
                        "        {}: {} → {}",
                        shown(&m.what),
                        shown(&m.expected.to_string()),
                        shown(&m.got.to_string())
                    );
                }
                let accepted = !quit
                    && (!args.review
                        || match ask(context) {
                            Answer::Yes => true,
                            Answer::No => false,
                            Answer::Quit => {
                                quit = true;
                                false
                            }
                        });
                if accepted {
                    updates.push(crate::revise::update::CaseUpdate {
                        case: index,
                        mismatches,
                    });
                } else {
                    failed += 1;
                }
                continue;
            }
            failed += 1;
            say!(
                out,
                "  {}   {}  [{place}]",
                paint(context, "FAIL", "1;31"),
                shown(&case.name)
            );
            for m in &mismatches {
                let f = Finding::at_line(
                    &display,
                    Some(case.line),
                    None,
                    "test::mismatch",
                    fill(
                        context.lang,
                        Msg::ToolsTestMismatch,
                        &[
                            ("case", &case.name),
                            ("what", &m.what),
                            ("expected", &m.expected),
                            ("got", &m.got),
                        ],
                    ),
                );
                finding!(out, f);
                say!(
                    out,
                    "        {}: expected {}, got {}",
                    shown(&m.what),
                    shown(&m.expected.to_string()),
                    shown(&m.got.to_string())
                );
            }
            if let Some((purpose, _)) = policy.purpose(&case.purpose).filter(|_| !json) {
                let explainer = Explainer {
                    policy,
                    purpose,
                    year: case.year,
                    lang: context.lang,
                    redact: args.redact,
                    snippets: None,
                };
                for line in explainer.explain(&outcome, None).lines() {
                    say!(out, "        │ {line}");
                }
            }
        }
        if !updates.is_empty() {
            match write_updates(&path, &file, &updates, context) {
                Some(left) => {
                    updated += updates.len() - left;
                    failed += left;
                }
                None => {
                    failed += updates.len();
                    broken = true;
                }
            }
        }
    }
    let mut summary = format!("{passed} passed, {failed} failed");
    if updating {
        summary.push_str(&format!(", {updated} updated"));
    }
    if json {
        eprintln!("{summary}");
    }
    say!(
        out,
        "\n{}",
        if failed > 0 {
            paint(context, &summary, "1;31")
        } else {
            paint(context, &summary, "32")
        }
    );
    let mut covered = true;
    for (path, coverage) in &coverages {
        let Some(Some(policy)) = policies.get(path) else {
            continue;
        };
        let report = super::coverage::report(coverage, policy, context);
        if json {
            eprint!("{report}");
        } else {
            say!(out, "\n{}", report.trim_end());
        }
        covered &= args.coverage.met(coverage, context);
    }
    if broken {
        FAILURE
    } else if failed > 0 || !covered {
        FINDINGS
    } else {
        OK
    }
}

/// A text from a test file, a policy or a record, escaped for the terminal.
fn shown(text: &str) -> String {
    crate::printable::printable(text).into_owned()
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

/// An answer to `--review`'s question.
enum Answer {
    Yes,
    No,
    Quit,
}

/// Asks on the terminal whether to update the case just shown; end of input is `quit`.
fn ask(context: &Context) -> Answer {
    loop {
        eprint!(
            "{}",
            crate::messages::text(context.lang, crate::messages::Msg::ToolsReviewPrompt)
        );
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => return Answer::Quit,
            Ok(_) => {}
        }
        match line.trim().to_lowercase().as_str() {
            "y" | "yes" => return Answer::Yes,
            "n" | "no" => return Answer::No,
            "q" | "quit" => return Answer::Quit,
            _ => {}
        }
    }
}

/// Rewrites the test file at `path` with `updates` (atomically), printing what could not be
/// rewritten; the number of cases left failing, or `None` when the file cannot be rewritten.
fn write_updates(
    path: &Path,
    file: &crate::revise::cases::TestFile,
    updates: &[crate::revise::update::CaseUpdate],
    context: &Context,
) -> Option<usize> {
    use crate::messages::{Msg, fill};
    let display = path.display().to_string();
    let updated = match crate::revise::update::apply(file.source.text(), updates) {
        Ok(u) => u,
        Err(e) => {
            print_error(
                context,
                &format!("`{display}`: {}", e.message(context.lang)),
            );
            return None;
        }
    };
    for (case, m) in &updated.left {
        let name = file.cases.get(*case).map_or("", |c| c.name.as_str());
        print_error(
            context,
            &fill(
                context.lang,
                Msg::ToolsUpdateLeft,
                &[
                    ("what", &m.what),
                    ("case", &name),
                    ("expected", &m.expected),
                    ("got", &m.got),
                ],
            ),
        );
    }
    let mut left: Vec<usize> = updated.left.iter().map(|(c, _)| *c).collect();
    left.dedup();
    if let Err(e) = super::eval::write_atomically(&display, |out| {
        std::io::Write::write_all(out, updated.text.as_bytes())
    }) {
        print_error(context, &e.to_string());
        return None;
    }
    let written = fill(
        context.lang,
        Msg::ToolsUpdateWritten,
        &[("n", &(updates.len() - left.len())), ("file", &display)],
    );
    eprintln!("{}", crate::render::masked(&written, context.redact));
    Some(left.len())
}
