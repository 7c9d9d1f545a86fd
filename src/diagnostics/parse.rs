//! Syntax errors as diagnostics: the message the error words itself in, a stable code, a
//! help line where one helps, and the place pointed at.

use super::{diag, primary};
use crate::check::error::Severity;
use crate::messages::{Lang, Msg, text};
use crate::source::Span;
use crate::syntax::{ParseError, ParseErrorKind};
use miette::MietteDiagnostic;

/// A syntax error as a diagnostic.
pub fn parse_diagnostic(e: &ParseError, lang: Lang) -> MietteDiagnostic {
    let (code, help) = match &e.kind {
        ParseErrorKind::Syntax { .. } => ("parse::syntax", None),
        ParseErrorKind::InvalidDate(_) => (
            "parse::invalid-date",
            Some(text(lang, Msg::ParseInvalidDateHelp).to_string()),
        ),
        ParseErrorKind::NumberTooLarge(_) => (
            "parse::number-too-large",
            Some(text(lang, Msg::ParseNumberTooLargeHelp).to_string()),
        ),
        ParseErrorKind::NumberOutOfRange(_) => (
            "parse::number-out-of-range",
            Some(text(lang, Msg::ParseNumberOutOfRangeHelp).to_string()),
        ),
        ParseErrorKind::ZeroRateCount(_) => (
            "parse::zero-rate-count",
            Some(text(lang, Msg::ParseZeroRateCountHelp).to_string()),
        ),
        ParseErrorKind::InvalidEscape(_) => ("parse::invalid-escape", None),
        ParseErrorKind::TooDeep => ("parse::too-deep", None),
        ParseErrorKind::TooManyOperators => (
            "parse::too-many-operators",
            Some(text(lang, Msg::HelpTooManyOperators).to_string()),
        ),
        ParseErrorKind::TooLarge => ("parse::too-large", None),
    };
    let span = if e.span.is_empty() {
        Span::new(e.span.start, e.span.start)
    } else {
        e.span
    };
    diag(
        code,
        Severity::Error,
        e.kind.message(lang),
        vec![primary(span, Some(text(lang, Msg::Here).to_string()))],
        help,
    )
}
