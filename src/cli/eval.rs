//! `xueshi eval`: rulings for every record, in input order, as a table, JSON, JSONL, CSV or
//! an Excel workbook.

use super::{Context, FAILURE, FINDINGS, OK, RulingArgs, print_error, read_sources};
use crate::eval::{Job, Tally, evaluate_stream};
use crate::input::RecordSource;
use crate::render::{Format, Settings, Sink};
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum OutputFormat {
    /// Aligned columns for people, with a summary (the default on a terminal)
    Table,
    /// One JSON array of rulings
    Json,
    /// One JSON ruling per line (the default when not on a terminal)
    Jsonl,
    /// Comma-separated values, the table's columns
    Csv,
    /// An Excel workbook (needs --output): the rulings (the columns of csv), the credits and
    /// rejections of each activity, the errors of invalid records; in Chinese unless
    /// `--lang en` is given
    Xlsx,
}

/// Arguments of `xueshi eval`.
#[derive(clap::Args, Debug)]
pub(crate) struct Args {
    /// The policy, the purpose and the year.
    #[command(flatten)]
    pub(crate) ruling: RulingArgs,

    /// Output format [default: table on a terminal, jsonl otherwise]
    #[arg(long, value_enum)]
    pub(crate) format: Option<OutputFormat>,

    /// Mask resident IDs in the output (650102********1234)
    #[arg(long)]
    pub(crate) redact: bool,

    /// How record files are read.
    #[command(flatten)]
    pub(crate) input: super::InputArgs,

    /// Write to FILE (atomically: a temporary file renamed into place when done)
    #[arg(long, short, value_name = "FILE")]
    pub(crate) output: Option<String>,

    /// No progress bar and no summary on stderr
    #[arg(long, short)]
    pub(crate) quiet: bool,

    /// How invalid records' errors are also reported on stderr (json: one line per error).
    #[command(flatten)]
    pub(crate) errors: super::error_format::ErrorFormatArg,

    /// Coverage of the policy's rules by the records (reported on stderr).
    #[command(flatten)]
    pub(crate) coverage: super::coverage::CoverageArgs,

    /// Record files: .json (one person or an array), .jsonl, .toml (one person or
    /// [[person]]), .csv or .xlsx (a row per activity or exemption, see
    /// docs/csv-records.md); `-` reads JSONL from stdin
    #[arg(required = true, value_name = "RECORDS")]
    pub(crate) records: Vec<String>,
}

/// Runs `xueshi eval`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let Some((policy, purpose)) = args.ruling.load(context) else {
        return FAILURE;
    };
    if args.format == Some(OutputFormat::Xlsx) {
        let message = match &args.output {
            None => Some(
                crate::messages::text(context.lang, crate::messages::Msg::ErrorXlsxNeedsOutput)
                    .to_string(),
            ),
            // Not a terminal, a pipe or a device: the workbook is renamed into place.
            Some(path) if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) => {
                Some(crate::messages::fill(
                    context.lang,
                    crate::messages::Msg::ErrorXlsxNotAFile,
                    &[("file", path)],
                ))
            }
            Some(_) => None,
        };
        if let Some(message) = message {
            print_error(context, &message);
            return FAILURE;
        }
    }
    if let Some(output) = &args.output {
        let mut inputs: Vec<&str> = args.records.iter().map(String::as_str).collect();
        inputs.push(&args.ruling.policy);
        if !super::output_is_not_an_input(output, &inputs, context) {
            return FAILURE;
        }
    }
    let columns = crate::input::table::Columns::of(&policy);
    let Some(sources) = read_sources(
        &args.records,
        &columns,
        &args.input.limits(),
        false,
        context,
    ) else {
        return FAILURE;
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = match args.format.unwrap_or(if to_terminal {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    }) {
        OutputFormat::Table => Format::Table,
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Csv => Format::Csv,
        OutputFormat::Xlsx => Format::Xlsx,
    };
    // A workbook is for the clerks of the notice: Chinese unless English is asked for.
    let lang = match format {
        Format::Xlsx => context.explicit_lang.unwrap_or(crate::messages::Lang::Zh),
        _ => context.lang,
    };
    let job = Job {
        detail: crate::eval::Detail {
            // The JSON formats show how each credit was computed.
            traces: if matches!(format, Format::Json | Format::Jsonl) {
                crate::eval::Traces::Credits
            } else {
                crate::eval::Traces::None
            },
            form: None,
            // Recorded only for --coverage: a summary records nothing.
            arms: args.coverage.wanted(),
        },
        ..Job::new(&policy, purpose, args.ruling.year)
    };
    let settings = Settings {
        policy: &policy,
        purpose,
        year: args.ruling.year,
        lang,
        redact: args.redact,
    };
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let progress = show_progress.then(|| Progress::new(&sources));
    let started = Instant::now();
    let mut coverage = args
        .coverage
        .wanted()
        .then(|| crate::revise::coverage::Coverage::new(&policy, Some(purpose)));
    let observe = Observed {
        errors: args.errors.json(),
        coverage: coverage.as_mut(),
    };
    let result = match &args.output {
        Some(path) => write_atomically(path, |out| {
            run_to(
                &job,
                settings,
                format,
                sources,
                out,
                progress.as_ref(),
                observe,
            )
        }),
        None => {
            let stdout = std::io::stdout();
            run_to(
                &job,
                settings,
                format,
                sources,
                &mut std::io::BufWriter::new(stdout.lock()),
                progress.as_ref(),
                observe,
            )
        }
    };
    if let Some(p) = &progress {
        p.bar.finish_and_clear();
    }
    let tally = match result {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return OK,
        Err(e) => {
            print_error(context, &e.to_string());
            return FAILURE;
        }
    };
    if show_progress {
        super::to_stderr(format_args!(
            "{}\n",
            crate::render::summary::run_summary(
                &policy,
                purpose,
                &tally,
                started.elapsed(),
                context.lang
            )
        ));
    }
    let covered = match &coverage {
        Some(c) => {
            eprint!("{}", super::coverage::report(c, &policy, context));
            args.coverage.met(c, context)
        }
        None => true,
    };
    if tally.invalid > 0 || !covered {
        FINDINGS
    } else {
        OK
    }
}

/// What is observed of the outcomes besides writing them: errors as JSON lines, coverage.
struct Observed<'c> {
    errors: bool,
    coverage: Option<&'c mut crate::revise::coverage::Coverage>,
}

/// Evaluates every source into `out`.
fn run_to(
    job: &Job,
    settings: Settings,
    format: Format,
    sources: Vec<RecordSource>,
    out: &mut dyn Write,
    progress: Option<&Progress>,
    mut observed: Observed,
) -> std::io::Result<Tally> {
    let mut sink = Sink::new(settings, format, out);
    let mut total = Tally::default();
    for source in sources {
        let bytes = source.bytes_read.clone();
        let before = total.clone();
        let mut report = |t: &Tally| {
            if let Some(p) = progress {
                p.update(before.records + t.records, bytes.load(Ordering::Relaxed));
            }
        };
        let encoder = sink.encoder();
        let tally = if observed.errors || observed.coverage.is_some() {
            let keep = crate::eval::Encode::keeps_outcomes(&encoder);
            let mut reporting = super::error_format::Observe {
                inner: &mut sink,
                keep,
                policy: settings.policy,
                lang: settings.lang,
                errors: observed.errors,
                redact: settings.redact,
                coverage: observed.coverage.as_deref_mut(),
            };
            let encoder = super::error_format::KeepOutcomes(&encoder);
            evaluate_stream(job, source.records, &encoder, &mut reporting, &mut report)?
        } else {
            evaluate_stream(job, source.records, &encoder, &mut sink, &mut report)?
        };
        if let Some(p) = progress {
            p.finish_source(bytes.load(Ordering::Relaxed));
        }
        total.records += tally.records;
        total.invalid += tally.invalid;
        if total.by_status.len() < tally.by_status.len() {
            total.by_status.resize(tally.by_status.len(), 0);
        }
        for (t, n) in total.by_status.iter_mut().zip(&tally.by_status) {
            *t += n;
        }
    }
    sink.finish()?;
    Ok(total)
}

/// Writes to a temporary file beside `path` and renames it into place when `write`
/// succeeds, so that an interrupted run never leaves a half-written result.
pub(crate) fn write_atomically<T>(
    path: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> std::io::Result<T> {
    // Every error names the file asked for (not the temporary file beside it).
    write_atomically_at(path, write)
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot write `{path}`: {}", plain(&e))))
}

/// An I/O error's words without the temporary path some of them carry.
fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn write_atomically_at<T>(
    path: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let given = std::path::Path::new(path);
    let existing = std::fs::metadata(given).ok();
    if let Some(meta) = existing.as_ref().filter(|m| !m.is_file()) {
        if meta.is_dir() {
            return Err(std::io::Error::other("it is a folder"));
        }
        // A device or a pipe (`/dev/stdout`, a FIFO) is written to as it is: there is
        // nothing to rename, and replacing it would be wrong.
        let file = std::fs::OpenOptions::new().write(true).open(given)?;
        let mut out = std::io::BufWriter::new(file);
        let value = write(&mut out)?;
        out.flush()?;
        return Ok(value);
    }
    // A symbolic link is followed: the file it names is replaced, the link stays.
    let target = match existing {
        Some(_) => std::fs::canonicalize(given)?,
        None => given.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    // The new file gets the permissions of the one it replaces, or those of any new file
    // (0666 less the umask), not the temporary file's private 0600.
    let permissions = match &existing {
        Some(meta) => Some(meta.permissions()),
        None => new_file_permissions(),
    };
    if let Some(p) = &permissions {
        builder.permissions(p.clone());
    }
    // Removed on SIGINT, SIGTERM or SIGHUP, as it is on an error (by its drop).
    let (temp, _registered) = super::interrupt::create_registered(
        || builder.tempfile_in(&dir),
        tempfile::NamedTempFile::path,
    )?;
    let mut out = std::io::BufWriter::new(temp);
    let value = write(&mut out)?;
    let temp = out.into_inner().map_err(|e| e.into_error())?;
    if let (Some(_), Some(p)) = (&existing, permissions) {
        // Exactly the old file's permissions, whatever the umask.
        std::fs::set_permissions(temp.path(), p)?;
    }
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(value)
}

/// The permissions a new file is created with (the umask then applies); `None` where the
/// system has no such modes.
fn new_file_permissions() -> Option<std::fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The progress bar of a long run: bytes read of the input when its size is known.
struct Progress {
    bar: indicatif::ProgressBar,
    done_bytes: std::cell::Cell<u64>,
}

impl Progress {
    fn new(sources: &[RecordSource]) -> Progress {
        let total: Option<u64> = sources.iter().map(|s| s.total_bytes).sum();
        let bar = match total {
            Some(t) => indicatif::ProgressBar::new(t),
            None => indicatif::ProgressBar::new_spinner(),
        };
        let template = if total.is_some() {
            "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} · ETA {eta}"
        } else {
            "{spinner} {msg}"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress {
            bar,
            done_bytes: std::cell::Cell::new(0),
        }
    }

    fn update(&self, records: usize, bytes: u64) {
        let seconds = self.bar.elapsed().as_secs_f64().max(0.001);
        self.bar.set_message(format!(
            "{records} records · {:.0}/s",
            records as f64 / seconds
        ));
        self.bar.set_position(self.done_bytes.get() + bytes);
    }

    fn finish_source(&self, bytes: u64) {
        self.done_bytes.set(self.done_bytes.get() + bytes);
    }
}
