//! `xueshi fmt`: rewrites policy files in the canonical layout, or with `--check` shows
//! what would change.

use super::{Context, FAILURE, FINDINGS, OK, print_error, read_policy};
use crate::source::SourceFile;

/// Arguments of `xueshi fmt`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Policy files to format (`-`: read stdin, write stdout)
    #[arg(required = true, value_name = "POLICY")]
    pub(crate) policies: Vec<String>,

    /// Change nothing; show what would change and exit 1 if anything would
    #[arg(long)]
    pub(crate) check: bool,

    /// How findings are reported (with --check: one per file that would change).
    #[command(flatten)]
    pub(crate) format: super::error_format::ErrorFormatArg,
}

/// Runs `xueshi fmt`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let mut status = OK;
    for path in &args.policies {
        let text = match read_policy(path, context.lang) {
            Ok(t) => t,
            Err(message) => {
                print_error(context, &message);
                status = status.max(FAILURE);
                continue;
            }
        };
        let (file, errors) = crate::syntax::parse_policy(&text);
        if !errors.is_empty() {
            let source = SourceFile::new(path.clone(), text);
            if args.format.json() {
                let findings: Vec<_> = errors
                    .iter()
                    .map(|e| {
                        crate::diagnostics::finding::Finding::from_parse(e, &source, context.lang)
                    })
                    .collect();
                if super::error_format::write_findings(&mut std::io::stdout(), &findings).is_err() {
                    return FINDINGS;
                }
                status = status.max(FINDINGS);
                continue;
            }
            for e in &errors {
                let d = crate::diagnostics::parse_diagnostic(e, context.lang);
                super::to_stderr(crate::diagnostics::render(d, &source, context.stderr_style));
            }
            status = status.max(FINDINGS);
            continue;
        }
        let formatted = crate::syntax::format_policy(&file, &text);
        if path == "-" {
            if let Err(e) = std::io::Write::write_all(&mut std::io::stdout(), formatted.as_bytes())
            {
                // A reader that went away (`| head`) ends the run quietly.
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return status;
                }
                print_error(context, &e.to_string());
                return FAILURE;
            }
            continue;
        }
        if formatted == text {
            continue;
        }
        if args.check && args.format.json() {
            let finding = would_change(path, &text, &formatted, context);
            if super::error_format::write_findings(&mut std::io::stdout(), &[finding]).is_err() {
                return FINDINGS;
            }
            status = status.max(FINDINGS);
        } else if args.check {
            let diff = unified_diff(path, &text, &formatted);
            if std::io::Write::write_all(&mut std::io::stdout(), diff.as_bytes()).is_err() {
                return FINDINGS;
            }
            status = status.max(FINDINGS);
        } else if let Err(e) = std::fs::write(path, &formatted) {
            print_error(context, &format!("`{path}`: {e}"));
            status = status.max(FAILURE);
        }
    }
    status
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(path, &format!("{path} (formatted)"))
        .to_string()
}

/// The finding of `fmt --check --error-format json` for a file that would change: at the
/// first line that differs.
fn would_change(
    path: &str,
    old: &str,
    new: &str,
    context: &Context,
) -> crate::diagnostics::finding::Finding {
    let line = old
        .lines()
        .zip(new.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| old.lines().count().min(new.lines().count()))
        + 1;
    let message = crate::messages::fill(
        context.lang,
        crate::messages::Msg::ToolsFmtWouldChange,
        &[("file", &path)],
    );
    crate::diagnostics::finding::Finding::at_line(
        path,
        Some(line),
        Some(1),
        "fmt::would-change",
        message,
    )
}
