//! Findings as data for tools: one [`Finding`] per diagnostic, with its file, line, column,
//! byte span, stable code (`X0201`) and name (`check::unknown-name`), severity, message in
//! the chosen language, help and suggested replacement. `--error-format json` prints them one
//! per line; the language server turns them into its diagnostics and code actions.
//!
//! The stable codes and their explanations are the entries of `docs/errors.md`, embedded
//! here: the documentation is the table, so the two cannot disagree.

use super::{CheckError, CheckErrorKind, HeaderProblem, Severity, check_diagnostic};
use crate::messages::Lang;
use crate::source::{SourceFile, Span};
use crate::syntax::ParseError;
use miette::MietteDiagnostic;

/// The text of `docs/errors.md`: every stable code with its explanation.
const ERRORS_MD: &str = include_str!("../../docs/errors.md");

/// One entry of the table of stable codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    /// The stable code, `X0201`.
    pub code: &'static str,
    /// Its name, `check::unknown-name`.
    pub name: &'static str,
    /// The explanation, in Markdown (the entry's paragraphs).
    pub explanation: &'static str,
}

/// Every stable code, in the order of `docs/errors.md`.
pub fn error_codes() -> Vec<ErrorCode> {
    let mut out = Vec::new();
    let mut rest = ERRORS_MD;
    while let Some(at) = rest.find("\n### ") {
        rest = rest.get(at + 5..).unwrap_or_default();
        let (heading, body) = rest.split_once('\n').unwrap_or((rest, ""));
        let end = [body.find("\n### "), body.find("\n## ")]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(body.len());
        let mut words = heading.split_whitespace();
        let code = words.next().unwrap_or_default();
        let name = words.next().unwrap_or_default().trim_matches('`');
        out.push(ErrorCode {
            code,
            name,
            explanation: body.get(..end).unwrap_or_default().trim(),
        });
    }
    out
}

/// The entry for `query`: a stable code in any case (`x0201`), a name
/// (`check::unknown-name`), or a name without its stage when only one stage has it
/// (`constant-cycle`).
pub fn find_error_code(query: &str) -> Option<ErrorCode> {
    let codes = error_codes();
    let query = query.trim();
    if let Some(c) = codes
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(query) || c.name == query)
    {
        return Some(c.clone());
    }
    let mut short = codes
        .iter()
        .filter(|c| c.name.split_once("::").is_some_and(|(_, n)| n == query));
    match (short.next(), short.next()) {
        (Some(c), None) => Some(c.clone()),
        _ => None,
    }
}

/// The stable code of a finding's name (`check::unknown-name` → `X0201`).
pub fn stable_code(name: &str) -> Option<&'static str> {
    error_codes()
        .into_iter()
        .find(|c| c.name == name)
        .map(|c| c.code)
}

/// A finding as a tool reads it (the schema of `--error-format json`, documented in
/// `docs/error-format.md`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The file, as it was named.
    pub file: String,
    /// 1-based line, when the finding has a place.
    pub line: Option<usize>,
    /// 1-based column in characters, when the finding has a place.
    pub column: Option<usize>,
    /// Byte offsets of the text the finding is about, when it has them.
    pub span: Option<ByteSpan>,
    /// The stable code (`X0201`), `null` for a name missing from `docs/errors.md`.
    pub code: Option<&'static str>,
    /// The code's name (`check::unknown-name`).
    pub name: String,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The message, in the chosen language.
    pub message: String,
    /// The help line, if any.
    pub help: Option<String>,
    /// Text that would fix the finding if it replaced `span` ("did you mean").
    pub suggestion: Option<String>,
    /// For a record's error: the record's number in its file and the field path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordPlace>,
}

/// Byte offsets, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ByteSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<Span> for ByteSpan {
    fn from(span: Span) -> Self {
        ByteSpan {
            start: span.start,
            end: span.end,
        }
    }
}

/// Which record and field a record's error is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordPlace {
    /// 1-based number of the record in its file.
    pub number: usize,
    /// The field path (`activities[2].end`), empty for the whole record.
    pub path: String,
}

impl Finding {
    /// A finding of `severity` named `name` (its stable code looked up), placed at `span`
    /// of `source` when given.
    pub fn new(
        source: &SourceFile,
        span: Option<Span>,
        name: &str,
        severity: Severity,
        message: String,
    ) -> Finding {
        let at = span.map(|s| source.line_col(s.start));
        Finding {
            file: source.name().to_string(),
            line: at.map(|a| a.line),
            column: at.map(|a| a.column),
            span: span.map(ByteSpan::from),
            code: stable_code(name),
            name: name.to_string(),
            severity: severity_word(severity),
            message,
            help: None,
            suggestion: None,
            record: None,
        }
    }

    /// A finding at a line of a file whose text is not at hand (a test file's line, a
    /// record's line and column).
    pub fn at_line(
        file: &str,
        line: Option<usize>,
        column: Option<usize>,
        name: &str,
        message: String,
    ) -> Finding {
        Finding {
            file: file.to_string(),
            line,
            column,
            span: None,
            code: stable_code(name),
            name: name.to_string(),
            severity: severity_word(Severity::Error),
            message,
            help: None,
            suggestion: None,
            record: None,
        }
    }

    /// A syntax error of `source`.
    pub fn from_parse(e: &ParseError, source: &SourceFile, lang: Lang) -> Finding {
        let d = super::parse_diagnostic(e, lang);
        Finding::from_diagnostic(&d, e.span, Severity::Error, source, None)
    }

    /// A finding of the checker about `source`.
    pub fn from_check(e: &CheckError, source: &SourceFile, lang: Lang) -> Finding {
        let d = check_diagnostic(e, lang);
        Finding::from_diagnostic(
            &d,
            e.span,
            e.kind.severity(),
            source,
            suggestion(&e.kind).map(str::to_string),
        )
    }

    fn from_diagnostic(
        d: &MietteDiagnostic,
        span: Span,
        severity: Severity,
        source: &SourceFile,
        suggestion: Option<String>,
    ) -> Finding {
        let name = d.code.clone().unwrap_or_default();
        Finding {
            help: d.help.clone(),
            suggestion,
            ..Finding::new(source, Some(span), &name, severity, d.message.clone())
        }
    }

    /// The finding as one line of JSON (no newline).
    pub fn to_json_line(&self) -> String {
        // A struct of strings and numbers always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// `error` or `warning`.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Every finding of a policy file, in source order.
pub fn report_findings(report: &super::PolicyReport, lang: Lang) -> Vec<Finding> {
    let source = &report.source;
    let mut out: Vec<(Span, Finding)> = report
        .parse
        .iter()
        .map(|e| (e.span, Finding::from_parse(e, source, lang)))
        .chain(
            report
                .check
                .iter()
                .map(|e| (e.span, Finding::from_check(e, source, lang))),
        )
        .collect();
    out.sort_by_key(|(s, _)| (s.start, s.end));
    out.into_iter().map(|(_, f)| f).collect()
}

/// The name a finding suggests in place of the text it is about ("did you mean").
pub fn suggestion(kind: &CheckErrorKind) -> Option<&str> {
    use CheckErrorKind as K;
    match kind {
        K::UnknownName { suggestion, .. }
        | K::UnknownType { suggestion, .. }
        | K::UnknownEvidence { suggestion, .. }
        | K::UnknownEnumValue { suggestion, .. } => suggestion.as_deref(),
        K::Header {
            problem: HeaderProblem::UnknownEntry { suggestion, .. },
        } => suggestion.as_deref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_in_the_table_is_unique_and_explained() {
        let codes = error_codes();
        assert!(codes.len() > 60, "{} codes", codes.len());
        let mut seen = std::collections::HashSet::new();
        for c in &codes {
            assert!(
                c.code.len() == 5 && c.code.starts_with('X'),
                "bad code {c:?}"
            );
            assert!(c.name.contains("::"), "bad name {c:?}");
            assert!(!c.explanation.is_empty(), "{} is not explained", c.code);
            assert!(seen.insert(c.code), "{} twice", c.code);
            assert!(seen.insert(c.name), "{} twice", c.name);
        }
    }

    #[test]
    fn codes_are_found_by_code_name_or_short_name() {
        assert_eq!(stable_code("check::unknown-name"), Some("X0201"));
        let by_code = find_error_code("x0222").map(|c| c.name);
        assert_eq!(by_code, Some("check::constant-cycle"));
        let by_short = find_error_code("constant-cycle").map(|c| c.code);
        assert_eq!(by_short, Some("X0222"));
        // `unknown-value` is a checker's and a record's name: ambiguous without its stage.
        assert_eq!(find_error_code("unknown-value"), None);
        assert_eq!(find_error_code("X9999"), None);
    }
}
