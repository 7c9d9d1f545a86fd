//! Snippets of the policy's rules and of the record's lines, drawn as miette draws a
//! diagnostic, indented into the explanation.

use super::Explainer;
use crate::eval::Evaluated;
use crate::messages::{Msg, fill};
use crate::policy::Origin;
use crate::source::{LineCol, SourceFile, Span};

/// A record's line with its resident IDs masked.
fn mask_ids(line: &str) -> std::borrow::Cow<'_, str> {
    crate::record::resident_id::mask_in(line, None)
}

impl Explainer<'_> {
    /// A snippet of `source` with `span` labelled, indented; empty when snippets are off.
    pub(super) fn snippet(
        &self,
        source: &SourceFile,
        span: Span,
        label: String,
        indent: &str,
        of_record: bool,
    ) -> String {
        let Some(style) = self.snippets else {
            return String::new();
        };
        // A window of a long line, its control characters escaped (SourceFile::excerpt);
        // with --redact, a record's line shows no resident ID.
        let (code, moved) = if of_record && self.redact {
            source.excerpt_masked(&[span], &mask_ids)
        } else {
            source.excerpt(&[span])
        };
        let span = moved.first().copied().flatten().unwrap_or(span);
        let diagnostic = miette::MietteDiagnostic::new(label)
            .with_severity(miette::Severity::Advice)
            .with_label(miette::LabeledSpan::new_primary_with_span(
                None,
                miette::SourceSpan::from(span),
            ));
        // Without colours: the explanation is escaped as a whole (Explainer::explain), which
        // leaves no escape sequence of its own standing.
        let theme = miette::GraphicalTheme::unicode_nocolor();
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_context_lines(0)
            .with_links(false);
        let report = miette::Report::new(diagnostic).with_source_code(code);
        let mut out = String::new();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            return String::new();
        }
        out.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{indent}{l}\n"))
            .collect()
    }

    /// A snippet of the rule `origin` points at; empty when snippets are off.
    pub(super) fn rule_snippet(&self, origin: &Origin, indent: &str) -> String {
        let label = self.t(Msg::ExplainRuleAt).to_string();
        self.snippet(&self.policy.source, origin.span, label, indent, false)
    }

    /// A snippet of the record's line `at`, labelled; empty when snippets are off or the
    /// record has no lines to show.
    pub(super) fn record_snippet(
        &self,
        record: Option<&SourceFile>,
        at: Option<LineCol>,
        label: String,
        indent: &str,
    ) -> String {
        match (record, at) {
            (Some(source), Some(at)) => {
                // The whole line the value starts on.
                let start = source.offset_of(LineCol {
                    line: at.line,
                    column: 1,
                });
                let rest = &source.text()[start..];
                let end = start + rest.find('\n').unwrap_or(rest.len());
                let line = &source.text()[start..end];
                let lead = line.len() - line.trim_start().len();
                let trail = line.trim_end().len();
                self.snippet(
                    source,
                    Span::new(start + lead, start + trail.max(lead)),
                    label,
                    indent,
                    true,
                )
            }
            _ => String::new(),
        }
    }

    /// A snippet of the record's line where activity `index` starts; empty when snippets are
    /// off or the record has no lines to show.
    pub(super) fn activity_snippet(
        &self,
        evaluated: &Evaluated,
        index: usize,
        record: Option<&SourceFile>,
        indent: &str,
    ) -> String {
        let at = evaluated
            .person
            .activities
            .get(index)
            .and_then(|x| x.line)
            .map(|line| LineCol { line, column: 1 });
        let label = fill(self.lang, Msg::ExplainActivityAt, &[("index", &index)]);
        self.record_snippet(record, at, label, indent)
    }
}
