//! `xueshi fmt`: rewrites policy files in the canonical layout, or with `--check` shows
//! what would change.

use super::{Context, FAILURE, FINDINGS, OK, print_error, read_text};
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
}

/// Runs `xueshi fmt`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let mut status = OK;
    for path in &args.policies {
        let text = match read_text(path, context.lang) {
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
        if args.check {
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
