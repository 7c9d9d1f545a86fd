//! Lowering: pest's pairs → the spanned AST. `item` lowers the top-level items, `stmt`
//! the statements inside blocks, `expr` the expressions (with the Pratt parser); this
//! module holds the lowerer, its errors, and the names, strings and dates they all read.

mod expr;
mod item;
mod stmt;

use super::ast::*;
use super::error::{ParseError, ParseErrorKind};
use super::grammar::{Rule, span_of};
use crate::source::Span;
use chrono::NaiveDate;
use pest::iterators::Pair;
use std::cell::{Cell, RefCell};

/// Lowers pest pairs into AST nodes, collecting the errors that the grammar cannot see
/// (dates that do not exist, numbers too large). `base` is the byte offset of the text the
/// pairs were parsed from.
pub(super) struct Lower {
    errors: RefCell<Vec<ParseError>>,
    /// Where the item being lowered starts.
    item_start: Cell<usize>,
}

impl Lower {
    /// A lowerer that has found no error yet.
    pub(super) fn new() -> Self {
        Lower {
            errors: RefCell::new(Vec::new()),
            item_start: Cell::new(0),
        }
    }

    /// Notes that the item about to be lowered starts at `offset`.
    pub(super) fn start_item(&self, offset: usize) {
        self.item_start.set(offset);
    }

    /// Records an error found outside the lowering (a syntax error).
    pub(super) fn push(&self, error: ParseError) {
        self.errors.borrow_mut().push(error);
    }

    /// Every error recorded, in the order found.
    pub(super) fn into_errors(self) -> Vec<ParseError> {
        self.errors.into_inner()
    }

    /// Records a limit error, once per item: the levels around a too-deep expression would
    /// each report it again.
    fn limit(&self, kind: ParseErrorKind, span: Span) {
        let mut errors = self.errors.borrow_mut();
        let repeated = errors.last().is_some_and(|e| {
            matches!(
                e.kind,
                ParseErrorKind::TooDeep | ParseErrorKind::TooManyOperators
            ) && e.span.start >= self.item_start.get()
        });
        if !repeated {
            errors.push(ParseError { kind, span });
        }
    }

    /// A name as written.
    fn ident(&self, pair: &Pair<Rule>, base: usize) -> Ident {
        Spanned::new(pair.as_str().to_string(), span_of(pair, base))
    }

    /// A string literal, its escapes resolved; an escape that names no character is an
    /// error.
    fn string(&self, pair: &Pair<Rule>, base: usize) -> Str {
        let span = span_of(pair, base);
        let raw = pair.as_str();
        let body = raw
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(raw);
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => self.errors.borrow_mut().push(ParseError {
                            kind: ParseErrorKind::InvalidEscape(format!("\\u{{{hex}}}")),
                            span,
                        }),
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        Spanned::new(out, span)
    }

    /// A date; one that does not exist is an error (and reads as the earliest date).
    fn date(&self, pair: &Pair<Rule>, base: usize) -> NaiveDate {
        NaiveDate::parse_from_str(pair.as_str(), "%Y-%m-%d").unwrap_or_else(|_| {
            self.errors.borrow_mut().push(ParseError {
                kind: ParseErrorKind::InvalidDate(pair.as_str().to_string()),
                span: span_of(pair, base),
            });
            NaiveDate::MIN
        })
    }
}

/// The children of a pair that carry meaning: comments and keywords are left out.
fn parts(pair: Pair<'_, Rule>) -> Vec<Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| p.as_rule() != Rule::COMMENT && !is_token(p.as_rule()))
        .collect()
}

/// Whether a rule is a keyword or punctuation: a token that carries no value of its own.
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::arrow
            | Rule::colon
            | Rule::comma
            | Rule::equals
            | Rule::k_policy
            | Rule::k_unit
            | Rule::k_const
            | Rule::k_category
            | Rule::k_evidence
            | Rule::k_person
            | Rule::k_kind
            | Rule::k_exemption
            | Rule::k_year
            | Rule::k_years
            | Rule::k_count
            | Rule::k_where
            | Rule::k_min
            | Rule::k_max
            | Rule::k_is
            | Rule::k_given
            | Rule::k_purpose
            | Rule::k_periods
            | Rule::k_period
            | Rule::k_previous
            | Rule::k_form
            | Rule::k_field
            | Rule::k_cite
            | Rule::k_reading
            | Rule::k_en
            | Rule::k_fields
            | Rule::k_required
            | Rule::k_nonempty
            | Rule::k_at
            | Rule::k_least
            | Rule::k_most
            | Rule::k_list
            | Rule::k_of
            | Rule::k_one
            | Rule::k_all
            | Rule::k_let
            | Rule::k_counts
            | Rule::k_as
            | Rule::k_credit
            | Rule::k_credits
            | Rule::k_cap
            | Rule::k_spread
            | Rule::k_over
            | Rule::k_each
            | Rule::k_requires
            | Rule::k_reject
            | Rule::k_invalid
            | Rule::k_when
            | Rule::k_covers
            | Rule::k_require
            | Rule::k_shortfall
            | Rule::k_that
            | Rule::k_make
            | Rule::k_the
            | Rule::k_compliant
            | Rule::k_to
            | Rule::k_passes
            | Rule::k_status
            | Rule::k_otherwise
            | Rule::k_not
            | Rule::k_in
            | Rule::k_or
            | Rule::k_and
            | Rule::k_if
            | Rule::k_then
            | Rule::k_else
            | Rule::k_match
            | Rule::k_sum
            | Rule::k_every
            | Rule::k_some
            | Rule::k_per
            | Rule::k_true
            | Rule::k_false
    )
}
