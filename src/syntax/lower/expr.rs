//! Lowering expressions: the Pratt parser arranges operators by precedence, and the
//! bounds on operators and depth are enforced as each expression is lowered.

use super::{Lower, parts};
use crate::number::{Number, NumberSyntaxError};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::error::{ParseError, ParseErrorKind};
use crate::syntax::grammar::{Rule, span_of};
use crate::syntax::limits::{MAX_DEPTH, MAX_OPERATORS, deeper_than};
use crate::syntax::recover::{RuleName, rule_name};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_not_in, Assoc::Left))
        .op(Op::postfix(Rule::op_is_given) | Op::postfix(Rule::op_is_not_given))
        .op(Op::infix(Rule::op_otherwise, Assoc::Right))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

impl Lower {
    /// An expression: operators arranged by precedence (the Pratt parser), bounded in
    /// operators and depth.
    pub(super) fn expr(&self, pair: Pair<Rule>, base: usize) -> Expr {
        if pair.as_rule() != Rule::expr {
            return self.primary(pair, base);
        }
        let span = span_of(&pair, base);
        let pairs: Vec<Pair<Rule>> = pair
            .into_inner()
            .filter(|p| p.as_rule() != Rule::COMMENT)
            .collect();
        // Operators nest: too many in one expression would exhaust the stack downstream.
        let operators = pairs
            .iter()
            .filter(|p| {
                !matches!(
                    rule_name(p.as_rule()),
                    RuleName::Code(_) | RuleName::Words(_) | RuleName::Hidden
                )
            })
            .count();
        if operators > MAX_OPERATORS {
            self.limit(
                ParseErrorKind::TooManyOperators,
                Span::new(span.start, span.start + 1),
            );
            return Spanned::new(ExprKind::Bool(false), span);
        }
        // Each operand carries the extent it is written over, brackets included, so that an
        // operation's span covers `(a - b)` whole: `x / (a - b)`, not `x / (a - b`.
        let (expr, _) = PRATT
            .map_primary(|p| {
                let written = span_of(&p, base);
                (self.primary(p, base), written)
            })
            .map_prefix(|op, (operand, written)| {
                let op_span = span_of(&op, base);
                let op = match op.as_rule() {
                    Rule::op_not => UnaryOp::Not,
                    _ => UnaryOp::Neg,
                };
                let span = op_span.join(written);
                (
                    Spanned::new(
                        ExprKind::Unary {
                            op,
                            operand: Box::new(operand),
                        },
                        span,
                    ),
                    span,
                )
            })
            .map_postfix(|(operand, written), op| {
                let op_span = span_of(&op, base);
                let op = match op.as_rule() {
                    Rule::op_is_not_given => UnaryOp::IsNotGiven,
                    _ => UnaryOp::IsGiven,
                };
                let span = written.join(op_span);
                (
                    Spanned::new(
                        ExprKind::Unary {
                            op,
                            operand: Box::new(operand),
                        },
                        span,
                    ),
                    span,
                )
            })
            .map_infix(|(lhs, lhs_written), op, (rhs, rhs_written)| {
                let op = match op.as_rule() {
                    Rule::op_or => BinaryOp::Or,
                    Rule::op_and => BinaryOp::And,
                    Rule::op_eq => BinaryOp::Eq,
                    Rule::op_ne => BinaryOp::Ne,
                    Rule::op_lt => BinaryOp::Lt,
                    Rule::op_le => BinaryOp::Le,
                    Rule::op_gt => BinaryOp::Gt,
                    Rule::op_ge => BinaryOp::Ge,
                    Rule::op_in => BinaryOp::In,
                    Rule::op_not_in => BinaryOp::NotIn,
                    Rule::op_otherwise => BinaryOp::Otherwise,
                    Rule::op_add => BinaryOp::Add,
                    Rule::op_sub => BinaryOp::Sub,
                    Rule::op_mul => BinaryOp::Mul,
                    _ => BinaryOp::Div,
                };
                let span = lhs_written.join(rhs_written);
                (
                    Spanned::new(
                        ExprKind::Binary {
                            op,
                            lhs: Box::new(lhs),
                            rhs: Box::new(rhs),
                        },
                        span,
                    ),
                    span,
                )
            })
            .parse(pairs.into_iter());
        // Inner expressions were bounded as they were lowered, so this tree is at most one
        // level of operators deeper than the bound.
        if deeper_than(&expr, MAX_DEPTH) {
            self.limit(
                ParseErrorKind::TooDeep,
                Span::new(span.start, span.start + 1),
            );
            return Spanned::new(ExprKind::Bool(false), span);
        }
        expr
    }

    fn primary(&self, pair: Pair<Rule>, base: usize) -> Expr {
        let span = span_of(&pair, base);
        let rule = pair.as_rule();
        let text = pair.as_str();
        let kind = match rule {
            Rule::paren => match parts(pair).into_iter().next() {
                Some(inner) => return self.expr(inner, base),
                None => ExprKind::Bool(false),
            },
            Rule::if_expr => {
                let mut p = parts(pair)
                    .into_iter()
                    .map(|e| Box::new(self.expr(e, base)));
                match (p.next(), p.next(), p.next()) {
                    (Some(cond), Some(then), Some(otherwise)) => ExprKind::If {
                        cond,
                        then,
                        otherwise,
                    },
                    _ => ExprKind::Bool(false),
                }
            }
            Rule::match_expr => {
                let mut p = parts(pair).into_iter();
                let scrutinee = match p.next() {
                    Some(s) => Box::new(self.expr(s, base)),
                    None => Box::new(Spanned::new(ExprKind::Bool(false), span)),
                };
                let arms = p.map(|arm| self.match_arm(arm, base)).collect();
                ExprKind::Match { scrutinee, arms }
            }
            Rule::sum_expr => ExprKind::SumCredits {
                category: parts(pair).first().map(|c| self.ident(c, base)),
            },
            Rule::window_agg => {
                let mut agg = WindowAgg::Sum;
                let mut of = Spanned::new(ExprKind::Bool(false), span);
                for q in parts(pair) {
                    match q.as_rule() {
                        Rule::window_fn => {
                            agg = match q.as_str().trim() {
                                "min" => WindowAgg::Min,
                                "max" => WindowAgg::Max,
                                _ => WindowAgg::Sum,
                            }
                        }
                        Rule::window_credits => {
                            let s = span_of(&q, base);
                            of = Spanned::new(
                                ExprKind::SumCredits {
                                    category: parts(q).first().map(|c| self.ident(c, base)),
                                },
                                s,
                            );
                        }
                        _ => of = self.primary(q, base),
                    }
                }
                ExprKind::Window {
                    agg,
                    of: Box::new(of),
                }
            }
            Rule::window_count => match parts(pair).into_iter().next() {
                Some(q) => ExprKind::Window {
                    agg: WindowAgg::Count,
                    of: Box::new(self.primary(q, base)),
                },
                None => ExprKind::Bool(false),
            },
            Rule::quantifier => ExprKind::Quantifier {
                every: text.trim_start().starts_with("every"),
            },
            Rule::previous => ExprKind::Previous {
                period: text.trim_end().ends_with("period"),
            },
            Rule::call => {
                let mut p = parts(pair).into_iter();
                match p.next() {
                    Some(func) => ExprKind::Call {
                        func: self.ident(&func, base),
                        args: p.map(|a| self.expr(a, base)).collect(),
                    },
                    None => ExprKind::Bool(false),
                }
            }
            Rule::date => ExprKind::Date(self.date(&pair, base)),
            Rule::quantity => {
                let mut p = parts(pair).into_iter();
                let number = p.next();
                let digits = number.as_ref().map_or("0", |n| n.as_str()).to_string();
                let value = match Number::parse_decimal(&digits) {
                    Ok(v) => v,
                    Err(NumberSyntaxError::TooLarge | NumberSyntaxError::Malformed) => {
                        // An exponent out of range is placed on the number alone; too many
                        // digits, on the quantity (as it always was).
                        let (kind, at) = if digits.contains(['e', 'E']) {
                            let number_span = number.as_ref().map_or(span, |n| span_of(n, base));
                            (
                                ParseErrorKind::NumberOutOfRange(digits.clone()),
                                number_span,
                            )
                        } else {
                            (ParseErrorKind::NumberTooLarge(digits.clone()), span)
                        };
                        self.errors.borrow_mut().push(ParseError { kind, span: at });
                        Number::ZERO
                    }
                };
                let unit = p.next().map(|u| self.unit(u, base));
                // `1 credit per 3 hours`: the value is the number divided by the count.
                let value = match unit.as_ref().and_then(|u| u.node.per_count.as_ref()) {
                    Some(count) => match value.checked_div(count.node.value) {
                        Ok(v) => v,
                        Err(_) => {
                            self.errors.borrow_mut().push(ParseError {
                                kind: ParseErrorKind::ZeroRateCount(text.trim().to_string()),
                                span,
                            });
                            Number::ZERO
                        }
                    },
                    None => value,
                };
                ExprKind::Number {
                    value,
                    text: digits,
                    unit,
                }
            }
            Rule::string => ExprKind::Text(self.string(&pair, base).node),
            Rule::list => ExprKind::List(
                parts(pair)
                    .into_iter()
                    .map(|e| self.expr(e, base))
                    .collect(),
            ),
            Rule::boolean => ExprKind::Bool(text.trim() == "true"),
            Rule::name => ExprKind::Name(text.trim().to_string()),
            Rule::expr => return self.expr(pair, base),
            _ => ExprKind::Name(text.to_string()),
        };
        Spanned::new(kind, span)
    }

    fn match_arm(&self, pair: Pair<Rule>, base: usize) -> Spanned<MatchArm> {
        let span = span_of(&pair, base);
        let mut patterns = None;
        let mut value = Spanned::new(ExprKind::Bool(false), span);
        for q in parts(pair) {
            match q.as_rule() {
                Rule::match_pattern => {
                    patterns = Some(parts(q).iter().map(|s| self.string(s, base)).collect())
                }
                Rule::match_else => {}
                _ => value = self.expr(q, base),
            }
        }
        Spanned::new(MatchArm { patterns, value }, span)
    }

    fn unit(&self, pair: Pair<Rule>, base: usize) -> Spanned<UnitExpr> {
        let span = span_of(&pair, base);
        let name = |u: &Pair<Rule>| Spanned::new(u.as_str().trim().to_string(), span_of(u, base));
        let mut numer = None;
        let mut denoms = Vec::new();
        let mut per_count = None;
        for part in parts(pair) {
            match part.as_rule() {
                // `per 3 hours`: the count, then the first denominator.
                Rule::rate_per => {
                    for q in parts(part) {
                        if q.as_rule() == Rule::number {
                            let digits = q.as_str().to_string();
                            let value = match Number::parse_decimal(&digits) {
                                Ok(v) => v,
                                Err(_) => {
                                    self.errors.borrow_mut().push(ParseError {
                                        kind: ParseErrorKind::NumberTooLarge(digits.clone()),
                                        span: span_of(&q, base),
                                    });
                                    Number::ONE
                                }
                            };
                            per_count = Some(Spanned::new(
                                RateCount {
                                    value,
                                    text: digits,
                                },
                                span_of(&q, base),
                            ));
                        } else {
                            denoms.push(name(&q));
                        }
                    }
                }
                _ if numer.is_none() => numer = Some(name(&part)),
                _ => denoms.push(name(&part)),
            }
        }
        let numer = numer.unwrap_or_else(|| Spanned::new(String::new(), span));
        Spanned::new(
            UnitExpr {
                numer,
                denoms,
                per_count,
            },
            span,
        )
    }
}
