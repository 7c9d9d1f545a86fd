//! `--error-format human|json`: how `check`, `test`, `fmt --check` and `eval` report their
//! findings. `json` prints one [`Finding`] per line (the schema is in
//! `docs/error-format.md`) instead of the drawn diagnostics.

use crate::diagnostics::finding::{Finding, RecordPlace};
use crate::eval::Outcome;
use crate::messages::Lang;
use clap::ValueEnum;
use std::io::Write;

/// How findings are reported.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub(crate) enum ErrorFormat {
    /// Drawn for a person, with snippets of the file
    #[default]
    Human,
    /// One JSON object per finding and line, for editors and CI (docs/error-format.md)
    Json,
}

/// The `--error-format` option, flattened into the verbs that report findings.
#[derive(clap::Args, Debug, Clone, Copy)]
pub(crate) struct ErrorFormatArg {
    /// How to report findings: drawn for a person, or one JSON object per line
    #[arg(long, value_enum, default_value_t = ErrorFormat::Human, value_name = "FORMAT")]
    pub(crate) error_format: ErrorFormat,
}

impl ErrorFormatArg {
    /// Whether findings are printed as JSON lines.
    pub(crate) fn json(self) -> bool {
        self.error_format == ErrorFormat::Json
    }
}

/// Writes findings as JSON lines to `out`; an error only when `out` cannot be written.
pub(crate) fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> std::io::Result<()> {
    for f in findings {
        writeln!(out, "{}", f.to_json_line())?;
    }
    out.flush()
}

/// A finding as an output with `--redact` shows it: every run shaped like a resident ID
/// masked in its file, message, help, suggestion and field path
/// ([`crate::render::masked`]; each keeps its length, so the span stays right).
pub(crate) fn redacted(mut f: Finding, redact: bool) -> Finding {
    if redact {
        let mask = |text: &mut String| {
            if let std::borrow::Cow::Owned(masked) = crate::render::masked(text, true) {
                *text = masked;
            }
        };
        mask(&mut f.file);
        mask(&mut f.message);
        for text in [&mut f.help, &mut f.suggestion].into_iter().flatten() {
            mask(text);
        }
        if let Some(place) = &mut f.record {
            mask(&mut place.path);
        }
    }
    f
}

/// The findings of an invalid record (none for a ruling): one per error, with the record's
/// number, the field path, and the line and column in its file.
pub(crate) fn record_findings(
    outcome: &Outcome,
    policy: &crate::policy::Policy,
    lang: Lang,
) -> Vec<Finding> {
    let Err(errors) = &outcome.result else {
        return Vec::new();
    };
    let file = &outcome.position.file;
    let format = crate::render::format_name(file);
    errors
        .iter()
        .map(|e| {
            let name = format!("record::{}", e.kind.code());
            let message = crate::render::record_error_message(e, policy, lang, format);
            let line = e.at.map(|a| a.line).or(outcome.position.line);
            let mut f = Finding::at_line(file, line, e.at.map(|a| a.column), &name, message);
            f.suggestion = record_suggestion(&e.kind);
            f.record = Some(RecordPlace {
                number: outcome.position.record,
                path: e.path.clone(),
            });
            f
        })
        .collect()
}

/// The value a record's error suggests instead of the one written.
fn record_suggestion(kind: &crate::record::RecordErrorKind) -> Option<String> {
    use crate::record::RecordErrorKind as K;
    match kind {
        K::UnknownField { suggestion }
        | K::UnknownKind { suggestion, .. }
        | K::UnknownValue { suggestion, .. } => suggestion.clone(),
        _ => None,
    }
}

/// An encoder that keeps every outcome, so that [`Observe`] sees them.
pub(crate) struct KeepOutcomes<'e, E>(pub(crate) &'e E);

impl<E: crate::eval::Encode> crate::eval::Encode for KeepOutcomes<'_, E> {
    fn encode(&self, outcome: &Outcome, out: &mut Vec<u8>) -> std::io::Result<()> {
        self.0.encode(outcome, out)
    }

    fn keeps_outcomes(&self) -> bool {
        true
    }
}

/// A collector that sees every outcome on its way to `inner` (which wants the outcomes
/// themselves only when `keep`): it writes the errors of invalid records as JSON lines to
/// stderr when `errors`, and counts the rules reached into `coverage` when given.
pub(crate) struct Observe<'s, 'p, C> {
    /// Where the encodings go.
    pub(crate) inner: &'s mut C,
    /// Whether `inner` wants the outcomes themselves.
    pub(crate) keep: bool,
    /// The policy the records were judged by (for the messages).
    pub(crate) policy: &'p crate::policy::Policy,
    /// The language of the messages.
    pub(crate) lang: Lang,
    /// Whether invalid records' errors are written to stderr as JSON lines.
    pub(crate) errors: bool,
    /// Whether those errors have their ID-shaped runs masked ([`redacted`]).
    pub(crate) redact: bool,
    /// The coverage counted, if asked for.
    pub(crate) coverage: Option<&'s mut crate::revise::coverage::Coverage>,
}

impl<C: crate::eval::Collect> crate::eval::Collect for Observe<'_, '_, C> {
    fn push_encoded(&mut self, encoded: &[u8], outcome: Option<Outcome>) -> std::io::Result<()> {
        if let Some(o) = &outcome {
            if self.errors {
                let findings: Vec<Finding> = record_findings(o, self.policy, self.lang)
                    .into_iter()
                    .map(|f| redacted(f, self.redact))
                    .collect();
                if !findings.is_empty() {
                    write_findings(&mut std::io::stderr().lock(), &findings)?;
                }
            }
            if let Some(c) = self.coverage.as_deref_mut() {
                c.record(o);
            }
        }
        self.inner
            .push_encoded(encoded, if self.keep { outcome } else { None })
    }
}
