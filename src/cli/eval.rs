//! `xueshi eval`: rulings for every record, in input order, as a table, JSON, JSONL or CSV.

use super::{Context, FAILURE, FINDINGS, OK, load_revision, print_error, resolve_purpose};
use clap::ValueEnum;
use std::io::IsTerminal;
use xueshi::batch::Job;
use xueshi::render::sink::{Format, Settings, Sink};

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// Aligned columns for people, with a summary (the default on a terminal)
    Table,
    /// One JSON array of rulings
    Json,
    /// One JSON ruling per line (the default when not on a terminal)
    Jsonl,
    /// Comma-separated values, the table's columns
    Csv,
}

/// Arguments of `xueshi eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy file, or a folder of its revisions (see --as-of)
    #[arg(long, value_name = "FILE|DIR")]
    pub policy: String,

    /// With a folder of revisions: the date whose revision in force is used [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<chrono::NaiveDate>,

    /// The purpose of the ruling, as the policy names it (e.g. annual, title_review, promotion)
    #[arg(long, value_name = "NAME")]
    pub purpose: String,

    /// The year the ruling is for (`Y`)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub year: i32,

    /// Output format [default: table on a terminal, jsonl otherwise]
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Mask resident IDs in the output (650102********1234)
    #[arg(long)]
    pub redact: bool,

    /// Record files: .json (one person or an array), .jsonl, .toml (one person or
    /// [[person]]); `-` reads JSONL from stdin
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<String>,
}

/// Runs `xueshi eval`.
pub fn run(args: Args, context: &Context) -> u8 {
    let Some(policy) = load_revision(&args.policy, args.as_of, context) else {
        return FAILURE;
    };
    let Some(purpose) = resolve_purpose(&policy, &args.purpose, context) else {
        return FAILURE;
    };
    let mut sources = Vec::new();
    for path in &args.records {
        match xueshi::input::read_records(path) {
            Ok(records) => sources.push(records),
            Err(e) => {
                print_error(context, &format!("`{}`: {}", e.file, e.reason));
                return FAILURE;
            }
        }
    }
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    });
    let job = Job {
        policy: &policy,
        purpose,
        year: args.year,
    };
    let settings = Settings {
        policy: &policy,
        purpose,
        year: args.year,
        lang: context.lang,
        redact: args.redact,
    };
    let format = match format {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Csv => Format::Csv,
    };
    let stdout = std::io::stdout();
    let mut sink = Sink::new(settings, format, std::io::BufWriter::new(stdout.lock()));
    let mut invalid = false;
    let result: std::io::Result<()> = (|| {
        for source in sources {
            for raw in source {
                let outcome = job.run(raw);
                invalid |= outcome.result.is_err();
                sink.push(outcome)?;
            }
        }
        sink.finish().map(|_| ())
    })();
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return OK,
        Err(e) => {
            print_error(context, &e.to_string());
            return FAILURE;
        }
    }
    if invalid { FINDINGS } else { OK }
}
