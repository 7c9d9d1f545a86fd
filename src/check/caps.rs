//! Caps and spreads of a kind: a cap typed as the credit, a spread's years and yearly limit,
//! and what their constant values say together (a cap that forbids any credit or never
//! applies, a spread that drops hours or never splits).

use super::Checker;
use super::error::{CheckErrorKind, ConstantFailure, TypeName};
use super::item::ItemScope;
use crate::eval::interp::Env;
use crate::number::Number;
use crate::policy::expr::CExpr;
use crate::policy::types::{Dim, Ty, YEAR};
use crate::policy::{Origin, Rule, Spread};
use crate::source::Span;
use crate::syntax::ast;

impl Checker<'_> {
    /// A `cap`: a limit of the credit's type.
    pub(super) fn cap(
        &mut self,
        item: &ItemScope,
        limit: &ast::Expr,
        credit_ty: &Ty,
        origin: Origin,
    ) -> Rule {
        let c = self.item_expr(item, limit);
        let c = self.present(c);
        let c = self.expect(c, credit_ty);
        self.cited(&origin, "cap");
        Rule { expr: c, origin }
    }

    /// A `spread over … years, at most … each year`; `None` when its years are wrong
    /// (reported).
    pub(super) fn spread(
        &mut self,
        item: &ItemScope,
        over: &ast::Expr,
        per_year: &ast::Expr,
        credit_ty: &Ty,
        origin: Origin,
    ) -> Option<Spread> {
        let years = self.spread_years(item, over);
        let limit = self.item_expr(item, per_year);
        let limit = self.present(limit);
        let limit = self.expect(limit, credit_ty);
        self.cited(&origin, "spread");
        Some(Spread {
            years: years?,
            per_year: Rule {
                expr: limit,
                origin: origin.clone(),
            },
            origin,
        })
    }

    /// The years of a spread: a constant whole number from 1 to 100 (plain or in years).
    fn spread_years(&mut self, item: &ItemScope, over: &ast::Expr) -> Option<u32> {
        let years = self.item_expr(item, over);
        let years = self.present(years);
        match &years.ty {
            Ty::Number(d) if d.is_none() || *d == Dim::unit(YEAR) => {}
            Ty::Error => return None,
            _ => {
                let kind = CheckErrorKind::TypeMismatch {
                    expected: TypeName::Number(self.dim_name(&Dim::unit(YEAR))),
                    found: self.type_name(&years.ty),
                };
                self.error(kind, years.span);
                return None;
            }
        }
        if !years.is_constant() {
            self.error(CheckErrorKind::NotConstant, years.span);
            return None;
        }
        let value = years
            .eval(&Env::constant())
            .ok()
            .and_then(|v| v.as_number());
        match value
            .and_then(|n| n.to_i64())
            .filter(|n| (1..=100).contains(n))
        {
            Some(n) => Some(n as u32),
            None => {
                self.error(
                    CheckErrorKind::ConstantFails {
                        reason: ConstantFailure::SpreadYears(
                            value.map(|v| v.to_string()).unwrap_or_default(),
                        ),
                    },
                    years.span,
                );
                None
            }
        }
    }

    /// Caps that cannot apply, caps that forbid any credit, spreads that drop hours.
    pub(super) fn cap_analysis(&mut self, credit: &Rule, caps: &[Rule], spread: Option<&Spread>) {
        let constant = |e: &CExpr| -> Option<Number> {
            if e.is_constant() && !e.ty.is_error() {
                e.eval(&Env::constant()).ok().and_then(|v| v.as_number())
            } else {
                None
            }
        };
        let shown = |n: Number, this: &Self| -> String {
            format!(
                "{n} {}",
                this.dim_name(match &credit.expr.ty {
                    Ty::Number(d) => d,
                    _ => return n.to_string(),
                })
            )
        };
        let mut smallest: Option<(Number, Span)> = None;
        for cap in caps {
            let Some(value) = constant(&cap.expr) else {
                continue;
            };
            if value <= Number::ZERO {
                let cap_text = shown(value, self);
                self.error(
                    CheckErrorKind::ContradictoryCap {
                        cap: cap_text,
                        category: None,
                    },
                    cap.origin.span,
                );
                continue;
            }
            if smallest.is_none_or(|(s, _)| value < s) {
                smallest = Some((value, cap.origin.span));
            }
        }
        let credit_value = constant(&credit.expr);
        for cap in caps {
            let Some(value) = constant(&cap.expr) else {
                continue;
            };
            if value <= Number::ZERO {
                continue;
            }
            if let Some((s, s_span)) = smallest
                && value > s
            {
                let (cap_text, bound) = (shown(value, self), shown(s, self));
                self.error(
                    CheckErrorKind::UnreachableCap {
                        cap: cap_text,
                        bound,
                        bound_span: s_span,
                    },
                    cap.origin.span,
                );
                continue;
            }
            if let Some(c) = credit_value
                && c <= value
            {
                let (cap_text, bound) = (shown(value, self), shown(c, self));
                self.error(
                    CheckErrorKind::UnreachableCap {
                        cap: cap_text,
                        bound,
                        bound_span: credit.origin.span,
                    },
                    cap.origin.span,
                );
            }
        }
        let Some(spread) = spread else { return };
        let Some(limit) = constant(&spread.per_year.expr) else {
            return;
        };
        if limit <= Number::ZERO {
            let cap_text = shown(limit, self);
            self.error(
                CheckErrorKind::ContradictoryCap {
                    cap: cap_text,
                    category: None,
                },
                spread.origin.span,
            );
            return;
        }
        let Ok(placed) = limit.checked_mul(Number::from_int(i64::from(spread.years))) else {
            return;
        };
        // Caps that depend on the record cannot be compared: say nothing rather than
        // something wrong.
        if caps.iter().any(|c| constant(&c.expr).is_none()) && smallest.is_none() {
            return;
        }
        let most = match (smallest, credit_value) {
            (Some((s, _)), Some(c)) => Some(s.min(c)),
            (Some((s, _)), None) => Some(s),
            (None, c) => c,
        };
        match most {
            Some(m) if m > placed => {
                let kind = CheckErrorKind::SpreadLosesHours {
                    years: spread.years,
                    per_year: shown(limit, self),
                    placed: shown(placed, self),
                    cap: Some(shown(m, self)),
                };
                self.error(kind, spread.origin.span);
            }
            None => {
                let kind = CheckErrorKind::SpreadLosesHours {
                    years: spread.years,
                    per_year: shown(limit, self),
                    placed: shown(placed, self),
                    cap: None,
                };
                self.error(kind, spread.origin.span);
            }
            Some(m) if m <= limit => {
                let kind = CheckErrorKind::SpreadNeverSplits {
                    per_year: shown(limit, self),
                    cap: shown(m, self),
                };
                self.error(kind, spread.origin.span);
            }
            Some(_) => {}
        }
    }
}
