//! `xueshi diff`: what a policy revision does to the rulings of a corpus of records, and
//! which rules changed.

use super::{
    Context, FAILURE, FINDINGS, OK, judged_year_in_reach, load_policy, print_error, read_sources,
};
use crate::eval::Job;
use crate::render::diff::{DiffReport, write_json, write_table};
use crate::revise::diff::{Comparison, policy_changes};
use clap::ValueEnum;
use std::io::Write;

/// Formats of `diff`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum DiffFormat {
    /// A report for people
    Table,
    /// One JSON object
    Json,
}

/// Arguments of `xueshi diff`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The policy as it is
    #[arg(value_name = "OLD")]
    pub(crate) old: String,

    /// The policy as it would be
    #[arg(value_name = "NEW")]
    pub(crate) new: String,

    /// The purpose of the rulings compared
    #[arg(long, value_name = "NAME")]
    pub(crate) purpose: String,

    /// The year of the rulings compared (`Y`)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub(crate) year: i32,

    /// How record files are read.
    #[command(flatten)]
    pub(crate) input: super::InputArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub(crate) format: DiffFormat,

    /// Mask resident IDs in the output (650102********1234)
    #[arg(long)]
    pub(crate) redact: bool,

    /// Record files (.json, .jsonl, .toml, .csv, .xlsx; `-` for JSONL on stdin)
    #[arg(required = true, value_name = "RECORDS")]
    pub(crate) records: Vec<String>,
}

/// Runs `xueshi diff`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let (Some(old), Some(new)) = (
        load_policy(&args.old, context),
        load_policy(&args.new, context),
    ) else {
        return FAILURE;
    };
    let (Some((p_old, _)), Some((p_new, _))) =
        (old.purpose(&args.purpose), new.purpose(&args.purpose))
    else {
        let which = if old.purpose(&args.purpose).is_none() {
            &args.old
        } else {
            &args.new
        };
        print_error(
            context,
            &format!("`{which}` has no purpose `{}`", args.purpose),
        );
        return FAILURE;
    };
    if judged_year_in_reach(&old, p_old, args.year, context).is_none()
        || judged_year_in_reach(&new, p_new, args.year, context).is_none()
    {
        return FAILURE;
    }
    let columns = crate::input::table::Columns::of_all(&[&old, &new]);
    let Some(sources) = read_sources(
        &args.records,
        &columns,
        &args.input.limits(),
        false,
        context,
    ) else {
        return FAILURE;
    };
    let job_old = Job::new(&old, p_old, args.year);
    let job_new = Job::new(&new, p_new, args.year);
    let mut comparison = Comparison::default();
    for source in sources {
        for raw in source {
            comparison.add(&job_old, &job_new, raw);
        }
    }
    // A ruling that changed only in which requirements are met is a difference too.
    let changed_any = !comparison.changed.is_empty() || !comparison.requirements_only.is_empty();
    let report = DiffReport {
        old: &old,
        new: &new,
        old_file: &args.old,
        new_file: &args.new,
        purpose: &args.purpose,
        year: args.year,
        structure: policy_changes(&old, &new),
        comparison,
        redact: args.redact,
        lang: context.lang,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        DiffFormat::Table => {
            // Names and values from the records, escaped (crate::printable).
            let mut table = Vec::new();
            write_table(&mut table, &report).and_then(|_| {
                let table = String::from_utf8_lossy(&table);
                out.write_all(crate::printable::printable_lines(&table).as_bytes())
            })
        }
        DiffFormat::Json => write_json(&mut out, &report),
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(context, &e.to_string());
            return FAILURE;
        }
    }
    if changed_any { FINDINGS } else { OK }
}
