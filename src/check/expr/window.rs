//! Figures over a purpose's years: `sum of total over years`, `min of …`, `max of …`,
//! `count of years where …`, and one year's figure by its year, `total in Y - 1`. They are
//! read in a purpose's `status` rules; what is taken of each year is read as the purpose's
//! test of a year reads it (every figure, `exempt`, `compliant`).

use super::{Scope, YearAccess, error_expr};
use crate::check::Checker;
use crate::check::error::{CheckErrorKind, ScopeReason};
use crate::policy::expr::{CExpr, Op, WindowOp};
use crate::policy::types::{Dim, Ty};
use crate::source::Span;
use crate::syntax::ast::{Expr, WindowAgg};

impl Checker<'_> {
    /// The scope in which a year of the window is read, or `None` (reported) outside a
    /// purpose's statuses.
    fn year_of_window<'s>(
        &mut self,
        what: &str,
        span: Span,
        scope: &Scope<'s>,
    ) -> Option<Scope<'s>> {
        if scope.quantifiers.is_none() || scope.year == YearAccess::None {
            self.error(
                CheckErrorKind::NotInScope {
                    name: what.into(),
                    reason: ScopeReason::WindowOutsideStatus,
                },
                span,
            );
            return None;
        }
        Some(Scope {
            year: YearAccess::Purpose,
            quantifiers: None,
            ..*scope
        })
    }

    /// `sum of x over years` and its kin.
    pub(super) fn window(&mut self, agg: WindowAgg, of: &Expr, span: Span, scope: &Scope) -> CExpr {
        let what = format!("{} of … over years", agg.word());
        let Some(year_scope) = self.year_of_window(&what, span, scope) else {
            return error_expr(span);
        };
        let body = self.expr(of, &year_scope);
        let body = self.present(body);
        let (op, ty, body) = match agg {
            WindowAgg::Count => {
                let body = self.expect(body, &Ty::Bool);
                (WindowOp::Count, Ty::Number(Dim::none()), body)
            }
            _ => {
                let ty = match &body.ty {
                    Ty::Number(_) | Ty::Error => body.ty.clone(),
                    _ => {
                        self.mismatch(&Ty::Number(Dim::none()), &body);
                        Ty::Error
                    }
                };
                let op = match agg {
                    WindowAgg::Min => WindowOp::Min,
                    WindowAgg::Max => WindowOp::Max,
                    _ => WindowOp::Sum,
                };
                (op, ty, body)
            }
        };
        CExpr {
            op: Op::Window {
                op,
                body: Box::new(body),
            },
            span,
            ty,
        }
    }

    /// `total in previous year`: `of` read in the year (or period) judged before the one
    /// being judged, absent for the first of a window (so `otherwise` says what then). It
    /// reads where one year is judged: the year block (every figure of that earlier year,
    /// whatever the line) and a purpose's test of a year.
    pub(super) fn previous(&mut self, of: &Expr, period: bool, span: Span, scope: &Scope) -> CExpr {
        let judging_a_year = match scope.year {
            YearAccess::Block(_) => true,
            YearAccess::Purpose => scope.quantifiers.is_none(),
            YearAccess::None | YearAccess::Range => false,
        };
        let word = if period {
            "… in previous period"
        } else {
            "… in previous year"
        };
        if !judging_a_year {
            self.error(
                CheckErrorKind::NotInScope {
                    name: word.into(),
                    reason: ScopeReason::PreviousOutsideYear,
                },
                span,
            );
            return error_expr(span);
        }
        let earlier = Scope {
            year: YearAccess::Purpose,
            quantifiers: None,
            ..*scope
        };
        let body = self.expr(of, &earlier);
        let body = self.present(body);
        let ty = match &body.ty {
            Ty::Error => Ty::Error,
            t => Ty::Maybe(Box::new(t.clone())),
        };
        CExpr {
            op: Op::Previous(Box::new(body)),
            span,
            ty,
        }
    }

    /// `total in Y - 1`: the figure of one year of the window. `year` is already compiled
    /// (a year); `of` is read as in that year.
    pub(super) fn year_at(&mut self, of: &Expr, year: CExpr, span: Span, scope: &Scope) -> CExpr {
        let Some(year_scope) = self.year_of_window("… in Y", span, scope) else {
            return error_expr(span);
        };
        let body = self.expr(of, &year_scope);
        let ty = body.ty.clone();
        CExpr {
            op: Op::YearAt {
                body: Box::new(body),
                year: Box::new(year),
            },
            span,
            ty,
        }
    }
}
