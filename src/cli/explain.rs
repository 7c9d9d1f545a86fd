//! `xueshi explain`: for each person (or the one with `--id`), why the ruling is what it is:
//! as a report (text), as data (JSON), or as the policy's form filled in.

use super::{Context, FAILURE, FINDINGS, OK, RulingArgs, print_error, read_sources};
use crate::eval::Job;
use crate::input::Locator;
use crate::messages::{Msg, fill, join, text};
use crate::policy::Policy;
use crate::render::Explainer;
use crate::render::JsonRenderer;
use clap::ValueEnum;
use std::io::Write;

/// Formats of `explain`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ExplainFormat {
    /// A report that reads top-down, with snippets of the policy and the record
    Text,
    /// The ruling and every reason behind it, as indented JSON
    Json,
    /// The policy's form (the notice's registration form) filled in
    Form,
}

/// Arguments of `xueshi explain`.
#[derive(clap::Args, Debug)]
// `explain` says its purpose in fewer words than `eval` (each argument keeps its place).
#[command(mut_args(|arg| match arg.get_id().as_str() {
    "purpose" => arg.help("The purpose of the ruling (e.g. annual, title_review, promotion)"),
    _ => arg,
}))]
pub(crate) struct Args {
    /// The policy, the purpose and the year.
    #[command(flatten)]
    pub(crate) ruling: RulingArgs,

    /// Explain only the person with this id
    #[arg(long, value_name = "ID")]
    pub(crate) id: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub(crate) format: ExplainFormat,

    /// With --format form: the form to fill in [default: the policy's first]
    #[arg(long, value_name = "NAME")]
    pub(crate) form: Option<String>,

    /// Leave out the snippets of the policy and the record
    #[arg(long)]
    pub(crate) no_snippets: bool,

    /// Mask resident IDs (650102********1234)
    #[arg(long)]
    pub(crate) redact: bool,

    /// How record files are read.
    #[command(flatten)]
    pub(crate) input: super::InputArgs,

    /// Record files (.json, .jsonl, .toml, .csv, .xlsx; `-` for JSONL on stdin)
    #[arg(required = true, value_name = "RECORDS")]
    pub(crate) records: Vec<String>,
}

/// Runs `xueshi explain`.
pub(crate) fn run(args: Args, context: &Context) -> u8 {
    let Some((policy, purpose)) = args.ruling.load(context) else {
        return FAILURE;
    };
    let form = match args.format {
        ExplainFormat::Form => match form_index(&policy, args.form.as_deref(), context) {
            Some(i) => Some(i),
            None => return FAILURE,
        },
        _ => None,
    };
    let columns = crate::input::table::Columns::of(&policy);
    let Some(sources) = read_sources(&args.records, &columns, &args.input.limits(), true, context)
    else {
        return FAILURE;
    };
    let job = Job {
        detail: crate::eval::Detail {
            traces: crate::eval::Traces::All,
            form,
            arms: false,
        },
        ..Job::new(&policy, purpose, args.ruling.year)
    };
    let explainer = Explainer {
        policy: &policy,
        purpose,
        year: args.ruling.year,
        lang: context.lang,
        redact: args.redact,
        snippets: (!args.no_snippets).then_some(context.stdout_style),
    };
    let json = JsonRenderer {
        policy: &policy,
        purpose,
        year: args.ruling.year,
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
                    let record_id = outcome
                        .result
                        .as_ref()
                        .ok()
                        .and_then(|e| e.person.text(&policy.person, policy.person.id_key()));
                    if record_id.or(outcome.id.as_deref()) != Some(id) {
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
                        let Some(form) = form.and_then(|i| policy.forms.get(i)) else {
                            continue;
                        };
                        match &outcome.result {
                            Ok(evaluated) => {
                                let rendered = crate::render::form::render_form(
                                    &policy,
                                    form,
                                    &outcome,
                                    evaluated,
                                    context.lang,
                                    args.redact,
                                );
                                // The form quotes the record's texts: escaped.
                                out.write_all(
                                    crate::printable::printable_lines(&rendered.text).as_bytes(),
                                )?;
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
        // The ID asked for is masked as the records' are.
        let id = if args.redact {
            crate::record::resident_id::redact(id)
        } else {
            id.clone()
        };
        print_error(
            context,
            &fill(context.lang, Msg::ExplainNoRecordFound, &[("id", &id)]),
        );
        return FINDINGS;
    }
    if invalid { FINDINGS } else { OK }
}

/// The index in the policy's forms of the form called `name` (the first when no name is
/// given); `None`, the error printed, when there is no such form.
fn form_index(policy: &Policy, name: Option<&str>, context: &Context) -> Option<usize> {
    let found = match name {
        Some(name) => policy.forms.iter().position(|f| f.name == name),
        None => (!policy.forms.is_empty()).then_some(0),
    };
    if found.is_none() {
        let message = match name {
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
                        ("name", &name),
                        ("forms", &join(context.lang, &forms, Msg::And)),
                    ],
                )
            }
        };
        print_error(context, &message);
    }
    found
}
