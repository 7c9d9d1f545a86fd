//! Rendering findings about a policy as diagnostics: the message in the chosen language, a
//! stable code, labelled spans and a help line, drawn by miette with a snippet of the file.
//! Detection happens elsewhere (`syntax`, `check`); this folder only words and draws:
//! `parse` the syntax errors (which word their own message, so that they can be displayed
//! alone), `check` the checker's findings, and this module the report, its summary and the
//! drawing.

mod check;
pub mod finding;
mod parse;

pub use check::check_diagnostic;
pub use parse::parse_diagnostic;

// The checker's findings, which a `PolicyReport` holds.
pub use crate::check::error::{
    CheckError, CheckErrorKind, Cited, ConstantFailure, HeaderProblem, NameKind, PeriodProblem,
    RuleKind, ScopeReason, Severity, StatusProblem, TypeName,
};
use crate::messages::{Lang, Msg, fill};
use crate::source::{SourceFile, Span};
use crate::syntax::ParseError;
use miette::{LabeledSpan, MietteDiagnostic};
use std::sync::Arc;

/// Everything found about one policy file: parse errors, then the checker's findings.
#[derive(Debug)]
pub struct PolicyReport {
    /// The file.
    pub source: Arc<SourceFile>,
    /// Syntax errors (when there are any, the file was not checked).
    pub parse: Vec<ParseError>,
    /// Errors and warnings of the checker.
    pub check: Vec<CheckError>,
}

impl PolicyReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.parse.len()
            + self
                .check
                .iter()
                .filter(|c| c.kind.severity() == Severity::Error)
                .count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.check
            .iter()
            .filter(|c| c.kind.severity() == Severity::Warning)
            .count()
    }

    /// Every finding as a diagnostic, in source order.
    pub fn diagnostics(&self, lang: Lang) -> Vec<MietteDiagnostic> {
        let mut spans: Vec<(Span, MietteDiagnostic)> = self
            .parse
            .iter()
            .map(|p| (p.span, parse_diagnostic(p, lang)))
            .chain(
                self.check
                    .iter()
                    .map(|c| (c.span, check_diagnostic(c, lang))),
            )
            .collect();
        spans.sort_by_key(|(s, _)| (s.start, s.end));
        spans.into_iter().map(|(_, d)| d).collect()
    }

    /// The closing line: `file has 2 errors and 1 warning`, or that it is valid.
    pub fn summary(&self, lang: Lang) -> String {
        let file = self.source.name();
        let (errors, warnings) = (self.errors(), self.warnings());
        let errors_text = count(lang, errors, Msg::CountErrorOne, Msg::CountErrorMany);
        let warnings_text = count(lang, warnings, Msg::CountWarningOne, Msg::CountWarningMany);
        if errors > 0 && warnings == 0 {
            fill(
                lang,
                Msg::SummaryCheckErrors,
                &[("file", &file), ("errors", &errors_text)],
            )
        } else if errors > 0 {
            fill(
                lang,
                Msg::SummaryCheckFailed,
                &[
                    ("file", &file),
                    ("errors", &errors_text),
                    ("warnings", &warnings_text),
                ],
            )
        } else if warnings > 0 {
            fill(
                lang,
                Msg::SummaryCheckWarnings,
                &[("file", &file), ("warnings", &warnings_text)],
            )
        } else {
            fill(lang, Msg::SummaryCheckClean, &[("file", &file)])
        }
    }
}

/// `1 error`, `3 warnings`.
pub(crate) fn count(lang: Lang, n: usize, one: Msg, many: Msg) -> String {
    fill(lang, if n == 1 { one } else { many }, &[("n", &n)])
}

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colours (only on a terminal).
    pub color: bool,
    /// Unicode box drawing (else ASCII).
    pub unicode: bool,
    /// Width to wrap at.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// The most diagnostics of one file drawn in full; the rest are counted. (Drawing one costs
/// time in proportion to the file, so ten thousand of them would take minutes.)
pub const MAX_DRAWN: usize = 200;

/// Draws the diagnostics of a report on `source`: the first [`MAX_DRAWN`], then a line
/// counting those left out.
pub fn render_report(
    report: &PolicyReport,
    source: &SourceFile,
    style: Style,
    lang: Lang,
) -> String {
    let diagnostics = report.diagnostics(lang);
    let total = diagnostics.len();
    let mut out = String::new();
    for diagnostic in diagnostics.into_iter().take(MAX_DRAWN) {
        out.push_str(&render(diagnostic, source, style));
    }
    if total > MAX_DRAWN {
        out.push_str(&fill(
            lang,
            Msg::DiagnosticsNotDrawn,
            &[("n", &(total - MAX_DRAWN))],
        ));
        out.push('\n');
    }
    out
}

/// Draws a diagnostic with a snippet of `source`.
pub fn render(diagnostic: MietteDiagnostic, source: &SourceFile, style: Style) -> String {
    let theme = match (style.unicode, style.color) {
        (true, true) => miette::GraphicalTheme::unicode(),
        (true, false) => miette::GraphicalTheme::unicode_nocolor(),
        (false, _) => miette::GraphicalTheme::none(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut diagnostic = diagnostic;
    // A window of a long line, its control characters escaped (SourceFile::excerpt).
    let labels = diagnostic.labels.take().unwrap_or_default();
    let spans: Vec<Span> = labels
        .iter()
        .map(|l| Span::new(l.offset(), l.offset() + l.len()))
        .collect();
    let (code, moved) = source.excerpt(&spans);
    let labels: Vec<LabeledSpan> = labels
        .into_iter()
        .zip(moved)
        .filter_map(|(l, span)| {
            let span = span?;
            let text = l.label().map(str::to_string);
            Some(if l.primary() {
                LabeledSpan::new_primary_with_span(text, miette::SourceSpan::from(span))
            } else {
                LabeledSpan::new(text, span.start, span.len())
            })
        })
        .collect();
    if !labels.is_empty() {
        diagnostic.labels = Some(labels);
    }
    let report = miette::Report::new(diagnostic).with_source_code(code);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{report:?}");
    }
    out
}

/// A secondary label on `span`.
fn label(span: Span, text: Option<String>) -> LabeledSpan {
    LabeledSpan::new(text, span.start, span.len())
}

/// The label on the place a diagnostic is about.
fn primary(span: Span, text: Option<String>) -> LabeledSpan {
    LabeledSpan::new_primary_with_span(text, miette::SourceSpan::from(span))
}

/// A diagnostic of `severity` with its code, message, labels and help line.
fn diag(
    code: &str,
    severity: Severity,
    message: String,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
) -> MietteDiagnostic {
    let mut d = MietteDiagnostic::new(message)
        .with_code(code)
        .with_severity(match severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d
}
