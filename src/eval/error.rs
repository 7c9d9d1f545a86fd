//! The errors of evaluation: an expression that has no value for a record.

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

impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} at {}..{}",
            self.kind, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for EvalError {}
