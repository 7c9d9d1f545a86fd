//! The errors of parsing: what is wrong with a policy's text, and where. They are worded
//! here, in either language, so that [`ParseError`]'s `Display` says in English what the
//! diagnostics say.

use super::limits::{MAX_NESTING, MAX_OPERATORS, MAX_POLICY_BYTES};
use crate::messages::{Lang, Msg, fill, join, text};
use crate::source::Span;
use std::fmt;

/// A mistake found while parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What is wrong.
    pub kind: ParseErrorKind,
    /// Where.
    pub span: Span,
}

/// Something a syntax error says would have been accepted, named without a language: it
/// is worded only when the message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A keyword, a symbol or a phrase of code, shown in backticks: `when`, `(`, `one of`.
    Code(&'static str),
    /// A construct of the grammar named in words: a statement, a value.
    Construct(Construct),
    /// Any operator; all of them are named as one.
    Operator,
}

/// A construct of the grammar, named by the message key of its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Construct(pub(crate) Msg);

impl Expected {
    /// How it is named in `lang`: `` `when` ``, "a statement", "一条语句".
    pub fn words(self, lang: Lang) -> String {
        match self {
            Expected::Code(code) => format!("`{code}`"),
            Expected::Construct(Construct(msg)) => text(lang, msg).to_string(),
            Expected::Operator => text(lang, Msg::ExpectOperator).to_string(),
        }
    }
}

/// What is wrong with the text.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseErrorKind {
    /// The text does not follow the grammar.
    Syntax {
        /// What would have been accepted here (`` `when` ``, an expression), worded when the
        /// message is shown.
        expected: Vec<Expected>,
        /// What was found instead; `None` at the end of the file.
        found: Option<String>,
    },
    /// A date that does not exist, such as `2022-02-30`.
    InvalidDate(String),
    /// A number xueshi cannot hold exactly.
    NumberTooLarge(String),
    /// A number written with an exponent beyond what xueshi holds: `1e400`, `1e-40`.
    NumberOutOfRange(String),
    /// A rate in words whose count is zero: `1 credit per 0 hours`.
    ZeroRateCount(String),
    /// An escape such as `\u{110000}` that names no character.
    InvalidEscape(String),
    /// Brackets nested deeper than [`MAX_NESTING`](super::MAX_NESTING).
    TooDeep,
    /// One expression with more than [`MAX_OPERATORS`](super::MAX_OPERATORS) operators.
    TooManyOperators,
    /// A policy file larger than [`MAX_POLICY_BYTES`](super::MAX_POLICY_BYTES).
    TooLarge,
}

impl ParseErrorKind {
    /// The message that says what is wrong, in `lang`: `` expected `when`, found `x` ``.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ParseErrorKind::Syntax { expected, found } => {
                let words: Vec<String> = expected.iter().map(|e| e.words(lang)).collect();
                let expected = join(lang, &words, Msg::Or);
                match found {
                    Some(f) if expected.is_empty() => {
                        fill(lang, Msg::ParseUnexpected, &[("found", f)])
                    }
                    None if expected.is_empty() => text(lang, Msg::ParseUnexpectedEnd).to_string(),
                    Some(f) => fill(
                        lang,
                        Msg::ParseExpected,
                        &[("expected", &expected), ("found", f)],
                    ),
                    None => fill(lang, Msg::ParseExpectedAtEnd, &[("expected", &expected)]),
                }
            }
            ParseErrorKind::InvalidDate(d) => fill(lang, Msg::ParseInvalidDate, &[("date", d)]),
            ParseErrorKind::NumberTooLarge(n) => {
                fill(lang, Msg::ParseNumberTooLarge, &[("number", n)])
            }
            ParseErrorKind::NumberOutOfRange(n) => {
                fill(lang, Msg::ParseNumberOutOfRange, &[("number", n)])
            }
            ParseErrorKind::ZeroRateCount(r) => fill(lang, Msg::ParseZeroRateCount, &[("rate", r)]),
            ParseErrorKind::InvalidEscape(x) => {
                fill(lang, Msg::ParseInvalidEscape, &[("escape", x)])
            }
            ParseErrorKind::TooDeep => fill(lang, Msg::ParseTooDeep, &[("max", &MAX_NESTING)]),
            ParseErrorKind::TooManyOperators => {
                fill(lang, Msg::ParseTooManyOperators, &[("max", &MAX_OPERATORS)])
            }
            ParseErrorKind::TooLarge => {
                fill(lang, Msg::ParseTooLarge, &[("max", &MAX_POLICY_BYTES)])
            }
        }
    }
}

impl fmt::Display for ParseError {
    /// The English message and the bytes it is about: `` `2022-02-30` is not a date (bytes
    /// 23..33) ``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{})",
            self.kind.message(Lang::En),
            self.span.start,
            self.span.end
        )
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_english_message_and_the_bytes() {
        let e = ParseError {
            kind: ParseErrorKind::Syntax {
                expected: vec![Expected::Code("when"), Expected::Operator],
                found: Some("x".to_string()),
            },
            span: Span::new(4, 5),
        };
        assert_eq!(
            e.to_string(),
            "expected `when` or an operator, found `x` (bytes 4..5)"
        );
        let e = ParseError {
            kind: ParseErrorKind::InvalidDate("2022-02-30".to_string()),
            span: Span::new(23, 33),
        };
        assert_eq!(e.to_string(), "`2022-02-30` is not a date (bytes 23..33)");
    }

    #[test]
    fn names_what_is_expected_in_the_language_of_the_message() {
        let kind = ParseErrorKind::Syntax {
            expected: vec![
                Expected::Construct(Construct(Msg::ExpectStatement)),
                Expected::Code("("),
                Expected::Operator,
            ],
            found: Some("x".to_string()),
        };
        assert_eq!(
            kind.message(Lang::En),
            "expected a statement, `(` or an operator, found `x`"
        );
        assert_eq!(
            kind.message(Lang::Zh),
            "此处应为一条语句、`(`或运算符，实为 `x`"
        );
        let nothing = ParseErrorKind::Syntax {
            expected: vec![],
            found: None,
        };
        assert_eq!(nothing.message(Lang::En), "unexpected end of the file");
    }
}
