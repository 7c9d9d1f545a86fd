//! `xueshi check`: every error and warning of each policy file, then a summary per file.

use super::{Context, FAILURE, FINDINGS, OK, print_error, print_report, read_policy};
use crate::source::SourceFile;

/// Arguments of `xueshi check`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// Policy files to check
    #[arg(required = true, value_name = "POLICY")]
    pub(crate) policies: Vec<String>,

    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub(crate) deny_warnings: bool,

    /// How findings are reported.
    #[command(flatten)]
    pub(crate) format: super::error_format::ErrorFormatArg,
}

/// Runs `xueshi check`.
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
        let source = SourceFile::new(path.clone(), text);
        let (_, report) = crate::compile_policy(source.clone());
        if report.errors() > 0 || (args.deny_warnings && report.warnings() > 0) {
            status = status.max(FINDINGS);
        }
        if args.format.json() {
            let findings = crate::diagnostics::finding::report_findings(&report, context.lang);
            let written = super::error_format::write_findings(&mut std::io::stdout(), &findings);
            if written.is_err() {
                // Findings that cannot be written are not a pass: a broken pipe ends the
                // run with the status so far, any other failure with FAILURE.
                return super::output_status(written, status, context);
            }
            super::to_stderr(format_args!("{}\n", report.summary(context.lang)));
        } else {
            print_report(&report, &source, context);
        }
    }
    status
}
