//! `xueshi diff`: what a policy revision does to the rulings of a corpus of records, and
//! which rules changed.

use super::{Context, FAILURE, FINDINGS, OK, load_policy, print_error, read_sources};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::io::Write;
use xueshi::eval::Job;
use xueshi::number::Number;
use xueshi::render::diff::{ChangedRuling, DiffReport, write_json, write_table};
use xueshi::revise::diff::{hours_delta, policy_changes, ruling_changes, status_of};

/// Formats of `diff`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// A report for people
    Table,
    /// One JSON object
    Json,
}

/// Arguments of `xueshi diff`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy as it is
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The policy as it would be
    #[arg(value_name = "NEW")]
    pub new: String,

    /// The purpose of the rulings compared
    #[arg(long, value_name = "NAME")]
    pub purpose: String,

    /// The year of the rulings compared (`Y`)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub year: i32,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Record files (.json, .jsonl, .toml, .csv, .xlsx; `-` for JSONL on stdin)
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<String>,
}

/// Runs `xueshi diff`.
pub fn run(args: Args, context: &Context) -> u8 {
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
    let columns = xueshi::input::table::Columns::of_all(&[&old, &new]);
    let Some(sources) = read_sources(&args.records, &columns, context) else {
        return FAILURE;
    };
    let job_old = Job::new(&old, p_old, args.year);
    let job_new = Job::new(&new, p_new, args.year);
    let mut total = 0usize;
    let mut changed: Vec<ChangedRuling> = Vec::new();
    let mut transitions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut added, mut lost) = (Number::ZERO, Number::ZERO);
    for source in sources {
        for raw in source {
            total += 1;
            let outcome_old = job_old.run(raw.clone());
            let outcome_new = job_new.run(raw);
            let changes = ruling_changes(&old, &new, &outcome_old, &outcome_new);
            let delta = hours_delta(&outcome_old, &outcome_new);
            if delta.is_negative() {
                lost = lost.checked_sub(delta).unwrap_or(lost);
            } else {
                added = added.checked_add(delta).unwrap_or(added);
            }
            if changes.is_empty() {
                continue;
            }
            let (a, b) = (status_of(&old, &outcome_old), status_of(&new, &outcome_new));
            if a != b {
                *transitions.entry((a, b)).or_default() += 1;
            }
            changed.push(ChangedRuling {
                outcome_new,
                changes,
            });
        }
    }
    let changed_any = !changed.is_empty();
    let report = DiffReport {
        old: &old,
        new: &new,
        old_file: &args.old,
        new_file: &args.new,
        purpose: &args.purpose,
        year: args.year,
        structure: policy_changes(&old, &new),
        total,
        changed,
        transitions,
        added,
        lost,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        DiffFormat::Table => write_table(&mut out, &report),
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
