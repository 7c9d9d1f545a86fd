//! The errors of evaluation: an expression that has no value for a record.

use crate::messages::{Lang, Msg, fill, text};
use crate::number::ArithmeticError;
use crate::policy::expr::EvalErrorKind;
use crate::source::Span;

/// Why an expression has no value for a record.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    /// What went wrong.
    pub kind: EvalErrorKind,
    /// The expression, in the policy.
    pub span: Span,
}

impl From<(ArithmeticError, Span)> for EvalError {
    fn from((e, span): (ArithmeticError, Span)) -> Self {
        EvalError {
            kind: match e {
                ArithmeticError::Overflow => EvalErrorKind::Overflow,
                ArithmeticError::DivisionByZero => EvalErrorKind::DivisionByZero,
            },
            span,
        }
    }
}

impl EvalErrorKind {
    /// Why the expression has no value, in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EvalErrorKind::Overflow => text(lang, Msg::ReasonOverflow).to_string(),
            EvalErrorKind::DivisionByZero => text(lang, Msg::ReasonDivisionByZero).to_string(),
            EvalErrorKind::EndBeforeStart { start, end } => fill(
                lang,
                Msg::ReasonEndBeforeStart,
                &[("start", start), ("end", end)],
            ),
            EvalErrorKind::BadYear => text(lang, Msg::ReasonBadYear).to_string(),
            EvalErrorKind::YearFraction => text(lang, Msg::ReasonYearFraction).to_string(),
            EvalErrorKind::Negative => text(lang, Msg::ReasonNegative).to_string(),
            EvalErrorKind::YearOutsideWindow { year } => {
                fill(lang, Msg::ReasonYearOutsideWindow, &[("year", year)])
            }
            EvalErrorKind::Internal(what) => fill(lang, Msg::ReasonInternal, &[("what", what)]),
            EvalErrorKind::NoMakeUp { category } => {
                fill(lang, Msg::ReasonNoMakeUp, &[("category", category)])
            }
            EvalErrorKind::MakeUpNotFound { steps } => {
                fill(lang, Msg::ReasonMakeUpNotFound, &[("steps", steps)])
            }
        }
    }
}

/// The reason in English and the expression's byte range in the policy.
impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (the policy's expression at bytes {}..{})",
            self.kind.message(Lang::En),
            self.span.start,
            self.span.end
        )
    }
}

impl std::error::Error for EvalError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_evaluation_error_reads_as_its_reason_and_place() {
        let e = EvalError::from((ArithmeticError::DivisionByZero, Span::new(10, 15)));
        let shown = e.to_string();
        assert!(
            shown.ends_with("(the policy's expression at bytes 10..15)"),
            "{shown}"
        );
        assert!(!shown.contains("DivisionByZero"), "{shown}");
    }
}
