//! `xueshi explain`: for each person (or the one with `--id`), why the ruling is what it is:
//! as a report (text), as data (JSON), or as the policy's form filled in.

use super::{Context, FAILURE, FINDINGS, OK, load_revision, print_error, resolve_purpose};
use clap::ValueEnum;
use std::io::Write;
use xueshi::eval::Job;
use xueshi::input::Locator;
use xueshi::messages::{Msg, fill, join, text};
use xueshi::record::ID_FIELD;
use xueshi::render::explain::Explainer;
use xueshi::render::json::JsonRenderer;

/// Formats of `explain`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    /// A report that reads top-down, with snippets of the policy and the record
    Text,
    /// The ruling and every reason behind it, as indented JSON
    Json,
    /// The policy's form (the notice's registration form) filled in
    Form,
}

/// Arguments of `xueshi explain`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy file, or a folder of its revisions (see --as-of)
    #[arg(long, value_name = "FILE|DIR")]
    pub policy: String,

    /// With a folder of revisions: the date whose revision in force is used [default: today]
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<chrono::NaiveDate>,

    /// The purpose of the ruling (e.g. annual, title_review, promotion)
    #[arg(long, value_name = "NAME")]
    pub purpose: String,

    /// The year the ruling is for (`Y`)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub year: i32,

    /// Explain only the person with this id
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,

    /// With --format form: the form to fill in [default: the policy's first]
    #[arg(long, value_name = "NAME")]
    pub form: Option<String>,

    /// Leave out the snippets of the policy and the record
    #[arg(long)]
    pub no_snippets: bool,

    /// Mask resident IDs (650102********1234)
    #[arg(long)]
    pub redact: bool,

    /// Record files (.json, .jsonl, .toml, .csv, .xlsx; `-` for JSONL on stdin)
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<String>,
}

/// Runs `xueshi explain`.
pub fn run(args: Args, context: &Context) -> u8 {
    let Some(policy) = load_revision(&args.policy, args.as_of, context) else {
        return FAILURE;
    };
    let Some(purpose) = resolve_purpose(&policy, &args.purpose, context) else {
        return FAILURE;
    };
    let form = if args.format == ExplainFormat::Form {
        let found = match &args.form {
            Some(name) => policy.forms.iter().find(|f| &f.name == name),
            None => policy.forms.first(),
        };
        match found {
            Some(f) => Some(f),
            None => {
                let message = match &args.form {
                    None => text(context.lang, Msg::ExplainNoForm).to_string(),
                    Some(name) => {
                        let forms: Vec<String> = policy
                            .forms
                            .iter()
                            .map(|f| format!("`{}`", f.name))
                            .collect();
                        fill(
                            context.lang,
                            Msg::ExplainUnknownForm,
                            &[
                                ("name", name),
                                ("forms", &join(context.lang, &forms, Msg::And)),
                            ],
                        )
                    }
                };
                print_error(context, &message);
                return FAILURE;
            }
        }
    } else {
        None
    };
    let columns = xueshi::input::table::Columns::of(&policy);
    let mut sources = Vec::new();
    for path in &args.records {
        match xueshi::input::read_records_with(path, &columns) {
            Ok(records) => sources.push(records),
            Err(e) => {
                print_error(context, &format!("`{}`: {}", e.file, e.reason));
                return FAILURE;
            }
        }
    }
    let job = Job {
        detail: xueshi::eval::Detail {
            workings: true,
            form: form.and_then(|f| policy.forms.iter().position(|g| std::ptr::eq(f, g))),
        },
        ..Job::new(&policy, purpose, args.year)
    };
    let explainer = Explainer {
        policy: &policy,
        purpose,
        year: args.year,
        lang: context.lang,
        redact: args.redact,
        snippets: (!args.no_snippets).then_some(context.stdout_style),
    };
    let json = JsonRenderer {
        policy: &policy,
        purpose,
        year: args.year,
        lang: context.lang,
        redact: args.redact,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut shown = 0usize;
    let mut invalid = false;
    let result: std::io::Result<()> = (|| {
        for source in sources {
            for raw in source {
                // Snippets of the record need its whole text: JSON and TOML files have it.
                let record_text = match &raw.locator {
                    Locator::File(s) => Some(s.clone()),
                    _ => None,
                };
                let outcome = job.run(raw);
                if let Some(id) = &args.id {
                    let record_id = outcome.result.as_ref().ok().and_then(|e| {
                        let slot = *policy.person.slots.get(ID_FIELD)?;
                        match e.person.fields.get(usize::from(slot))? {
                            xueshi::policy::expr::Value::Text(t) => Some(t.to_string()),
                            _ => None,
                        }
                    });
                    if record_id.as_ref().or(outcome.id.as_ref()) != Some(id) {
                        continue;
                    }
                }
                if shown > 0 && args.format != ExplainFormat::Json {
                    writeln!(out, "\n{}\n", "─".repeat(60))?;
                }
                invalid |= outcome.result.is_err();
                match args.format {
                    ExplainFormat::Text => out.write_all(
                        explainer
                            .explain(&outcome, record_text.as_deref())
                            .as_bytes(),
                    )?,
                    ExplainFormat::Json => {
                        let mut buf = Vec::new();
                        json.write_pretty(&outcome, &mut buf)
                            .map_err(std::io::Error::other)?;
                        out.write_all(&buf)?;
                        out.write_all(b"\n")?;
                    }
                    ExplainFormat::Form => {
                        let Some(form) = form else { continue };
                        match &outcome.result {
                            Ok(evaluated) => {
                                let rendered = xueshi::render::form::render_form(
                                    &policy,
                                    form,
                                    &outcome,
                                    evaluated,
                                    context.lang,
                                    args.redact,
                                );
                                out.write_all(rendered.text.as_bytes())?;
                                invalid |= !rendered.filled;
                            }
                            Err(_) => out.write_all(
                                explainer
                                    .explain(&outcome, record_text.as_deref())
                                    .as_bytes(),
                            )?,
                        }
                    }
                }
                shown += 1;
            }
        }
        out.flush()
    })();
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return OK,
        Err(e) => {
            print_error(context, &e.to_string());
            return FAILURE;
        }
    }
    if shown == 0
        && let Some(id) = &args.id
    {
        print_error(
            context,
            &fill(context.lang, Msg::ExplainNoRecordFound, &[("id", id)]),
        );
        return FINDINGS;
    }
    if invalid { FINDINGS } else { OK }
}
