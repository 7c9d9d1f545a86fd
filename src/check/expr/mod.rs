//! Checking and compiling expressions: names to slots, types and units checked, enum
//! literals to indices.
//!
//! This module holds what an expression can see ([`Scope`]) and the dispatch over the kinds
//! of expression; the work is done by job: `names` (names to slots and scopes),
//! `operators` (unary and binary operators and their units), `calls` (built-in functions),
//! `match_expr` (`match` and its arms), `types` (type names for messages, expectations and
//! unification of operands) and `coerce` (literals converted to years and enumeration
//! values).

mod calls;
mod coerce;
mod match_expr;
mod names;
mod operators;
mod types;
mod window;

use super::error::{CheckErrorKind, ScopeReason};
use super::{Checker, ItemScope};
use crate::policy::expr::{CExpr, Op, Value};
use crate::policy::types::{Dim, Ty};
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind};

/// What the figures of a year are visible as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearAccess {
    /// Not at all.
    None,
    /// Inside the year block: the first `n` figures (those defined above).
    Block(usize),
    /// In a purpose that judges one year: every figure, `exempt` and `compliant`.
    Purpose,
    /// In the statuses of a purpose over several years: named, but not usable.
    Range,
}

/// What an expression can see.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'s> {
    /// The kind or exemption being checked.
    pub item: Option<&'s ItemScope>,
    /// Whether person fields are visible.
    pub person: bool,
    /// Access to the figures of a year.
    pub year: YearAccess,
    /// Whether `Y` is visible.
    pub judged_year: bool,
    /// Whether `every year passes` is allowed, and whether the purpose has a test.
    pub quantifiers: Option<bool>,
    /// Whether the item's `let` values are visible (not in `invalid when`, which is checked
    /// before they are computed).
    pub locals: bool,
}

impl Scope<'_> {
    /// The scope of a purpose's rules (and of forms): the person and `Y`, with the figures
    /// of a year as `year` says.
    pub fn purpose(year: YearAccess) -> Scope<'static> {
        Scope {
            item: None,
            person: true,
            year,
            judged_year: true,
            quantifiers: None,
            locals: false,
        }
    }

    /// Whether this is the scope of constants (which see nothing but other constants).
    pub fn is_constant(&self) -> bool {
        self.item.is_none() && !self.person && !self.judged_year
    }

    /// The scope of constants: other constants only.
    pub fn constant() -> Scope<'static> {
        Scope {
            item: None,
            person: false,
            year: YearAccess::None,
            judged_year: false,
            quantifiers: None,
            locals: false,
        }
    }
}

/// The words a year exposes to purposes.
const EXEMPT: &str = "exempt";
const COMPLIANT: &str = "compliant";
/// The hours a year must make up, once the year block has computed them.
const SHORTFALL: &str = "shortfall";
/// The year being judged.
pub(crate) const JUDGED_YEAR: &str = "Y";

fn error_expr(span: Span) -> CExpr {
    CExpr::value(Value::Bool(false), span, Ty::Error)
}

impl Checker<'_> {
    /// Compiles an expression in a scope.
    pub(crate) fn expr(&mut self, e: &Expr, scope: &Scope) -> CExpr {
        let span = e.span;
        match &e.node {
            ExprKind::Number { value, unit, .. } => {
                let dim = match unit {
                    None => Dim::none(),
                    Some(u) => match self.unit_dim(u, scope) {
                        Some(d) => d,
                        None => return error_expr(span),
                    },
                };
                CExpr::value(Value::Number(*value), span, Ty::Number(dim))
            }
            ExprKind::Date(d) => CExpr::value(Value::Date(*d), span, Ty::Date),
            ExprKind::Text(s) => CExpr::value(Value::Text(s.as_str().into()), span, Ty::Text),
            ExprKind::Bool(b) => CExpr::value(Value::Bool(*b), span, Ty::Bool),
            ExprKind::List(items) => self.list(items, span, scope),
            ExprKind::Name(name) => self.name(name, span, scope),
            ExprKind::Call { func, args } => self.call(func, args, span, scope),
            ExprKind::Unary { op, operand } => self.unary(*op, operand, span, scope),
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, span, scope),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.expr(cond, scope);
                let c = self.present(c);
                let c = self.expect(c, &Ty::Bool);
                let t = self.expr(then, scope);
                let t = self.present(t);
                let o = self.expr(otherwise, scope);
                let o = self.present(o);
                let (t, o, ty) = self.unify(t, o, "if");
                CExpr {
                    op: Op::If(Box::new(c), Box::new(t), Box::new(o)),
                    span,
                    ty,
                }
            }
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms, span, scope),
            ExprKind::SumCredits { category } => {
                match scope.year {
                    YearAccess::Block(_) | YearAccess::Purpose => {}
                    YearAccess::None | YearAccess::Range => {
                        self.error(
                            CheckErrorKind::NotInScope {
                                name: "sum of credits".into(),
                                reason: if scope.year == YearAccess::Range {
                                    ScopeReason::YearFigureInRange
                                } else {
                                    ScopeReason::SumOutsideYear
                                },
                            },
                            span,
                        );
                        return error_expr(span);
                    }
                }
                let id = match category {
                    None => None,
                    Some(c) => match self.category_id(c) {
                        Some(id) => Some(id),
                        None => return error_expr(span),
                    },
                };
                // Without a valid credit formula the unit of credits is unknown; the error is
                // reported at the formula, not again at every sum.
                CExpr {
                    op: Op::Sum(id),
                    span,
                    ty: self.credit_ty(),
                }
            }
            ExprKind::Window { agg, of } => self.window(*agg, of, span, scope),
            ExprKind::Previous { period } => {
                let word = if *period {
                    "previous period"
                } else {
                    "previous year"
                };
                self.error(
                    CheckErrorKind::NotInScope {
                        name: word.into(),
                        reason: ScopeReason::PreviousAlone,
                    },
                    span,
                );
                error_expr(span)
            }
            ExprKind::Quantifier { every } => match scope.quantifiers {
                None => {
                    let word = if *every {
                        "every year passes"
                    } else {
                        "some year passes"
                    };
                    self.error(
                        CheckErrorKind::NotInScope {
                            name: word.into(),
                            reason: ScopeReason::QuantifierOutsideStatus,
                        },
                        span,
                    );
                    error_expr(span)
                }
                Some(has_test) => {
                    if !has_test {
                        self.error(CheckErrorKind::QuantifierWithoutTest, span);
                    }
                    CExpr {
                        op: Op::Quantifier(*every),
                        span,
                        ty: Ty::Bool,
                    }
                }
            },
        }
    }

    fn list(&mut self, items: &[Expr], span: Span, scope: &Scope) -> CExpr {
        let mut compiled: Vec<CExpr> = items
            .iter()
            .map(|i| {
                let c = self.expr(i, scope);
                self.present(c)
            })
            .collect();
        // Years win over plain whole numbers: `[2022, Y]` is a list of years.
        let elem = if compiled.iter().any(|c| c.ty == Ty::Year) {
            Ty::Year
        } else {
            compiled.first().map(|c| c.ty.clone()).unwrap_or(Ty::Error)
        };
        compiled = compiled
            .into_iter()
            .map(|c| self.expect(c, &elem))
            .collect();
        let ty = Ty::List(Box::new(elem));
        if compiled.iter().all(|c| c.constant_value().is_some()) {
            let values: Vec<Value> = compiled
                .iter()
                .filter_map(|c| c.constant_value().cloned())
                .collect();
            return CExpr::value(Value::List(values.into()), span, ty);
        }
        CExpr {
            op: Op::List(compiled),
            span,
            ty,
        }
    }
}
