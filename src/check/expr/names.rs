//! Names in expressions: each resolved to a local, a field, a figure, a word of the year or
//! a constant, in the order a scope sees them; a name the scope cannot see is reported with
//! the reason, an unknown one with the closest visible name.

use super::{COMPLIANT, EXEMPT, JUDGED_YEAR, SHORTFALL, Scope, YearAccess, error_expr};
use crate::check::Checker;
use crate::check::error::{CheckErrorKind, NameKind, ScopeReason};
use crate::policy::expr::{CExpr, FieldScope, Op};
use crate::policy::types::Ty;
use crate::source::Span;

impl Checker<'_> {
    /// A name: a local, an item or person field, a figure, a word of the year, `Y` or a
    /// constant, as far as `scope` lets it be seen.
    pub(super) fn name(&mut self, name: &str, span: Span, scope: &Scope) -> CExpr {
        if let Some(item) = scope.item {
            if let Some((i, local)) = item.locals.iter().enumerate().find(|(_, l)| l.name == name) {
                if !scope.locals {
                    return self.out_of_scope(name, ScopeReason::LocalInConstraint, span);
                }
                local.used.set(true);
                return CExpr {
                    op: Op::Local(i as u16),
                    span,
                    ty: local.ty.clone(),
                };
            }
            if let Some(&slot) = item.schema.slots.get(name) {
                return CExpr {
                    op: Op::Field {
                        scope: FieldScope::Item,
                        slot,
                    },
                    span,
                    ty: item.field_ty(slot),
                };
            }
        }
        if let Some(i) = self.figure_names.iter().position(|f| f == name) {
            match scope.year {
                YearAccess::Block(n) if i >= n => {
                    return self.out_of_scope(name, ScopeReason::FigureBeforeDefinition, span);
                }
                YearAccess::Block(_) | YearAccess::Purpose => {
                    return CExpr {
                        op: Op::Figure(i as u16),
                        span,
                        ty: self.figure_tys.get(i).cloned().unwrap_or(Ty::Error),
                    };
                }
                YearAccess::Range => {
                    return self.out_of_scope(name, ScopeReason::YearFigureInRange, span);
                }
                YearAccess::None => {
                    return self.out_of_scope(name, ScopeReason::YearFigureOutsideYear, span);
                }
            }
        }
        if name == SHORTFALL && scope.year == YearAccess::Purpose {
            return CExpr {
                op: Op::Shortfall,
                span,
                ty: self.credit_ty(),
            };
        }
        if name == EXEMPT || name == COMPLIANT {
            let op = if name == EXEMPT {
                Op::Exempt
            } else {
                Op::Compliant
            };
            return match scope.year {
                YearAccess::Purpose => CExpr {
                    op,
                    span,
                    ty: Ty::Bool,
                },
                YearAccess::Block(_) => {
                    self.out_of_scope(name, ScopeReason::CompliantInYearBlock, span)
                }
                YearAccess::Range => self.out_of_scope(name, ScopeReason::YearFigureInRange, span),
                YearAccess::None => {
                    self.out_of_scope(name, ScopeReason::YearFigureOutsideYear, span)
                }
            };
        }
        if name == JUDGED_YEAR {
            if scope.judged_year {
                return CExpr {
                    op: Op::JudgedYear,
                    span,
                    ty: Ty::Year,
                };
            }
            return self.out_of_scope(name, ScopeReason::JudgedYearOutsidePurpose, span);
        }
        if let Some(&slot) = self.person.schema.slots.get(name) {
            if scope.person {
                return CExpr {
                    op: Op::Field {
                        scope: FieldScope::Person,
                        slot,
                    },
                    span,
                    ty: self.person.field_ty(slot),
                };
            }
            return self.out_of_scope(name, ScopeReason::FieldInConstant, span);
        }
        if let Some(&id) = self.const_ids.get(name) {
            return match self.constant(id) {
                Some((value, ty)) => CExpr {
                    op: Op::Constant { id, value },
                    span,
                    ty,
                },
                None => error_expr(span),
            };
        }
        let suggestion = {
            let mut visible: Vec<&str> = Vec::new();
            if let Some(item) = scope.item {
                visible.extend(item.locals.iter().map(|l| l.name.as_str()));
                visible.extend(item.schema.fields.iter().map(|f| f.name.as_str()));
            }
            if scope.person {
                visible.extend(self.person.schema.fields.iter().map(|f| f.name.as_str()));
            }
            match scope.year {
                YearAccess::Block(n) => {
                    visible.extend(self.figure_names.iter().take(n).map(String::as_str))
                }
                YearAccess::Purpose => {
                    visible.extend(self.figure_names.iter().map(String::as_str));
                    visible.extend([EXEMPT, COMPLIANT, SHORTFALL]);
                }
                _ => {}
            }
            visible.extend(self.const_ids.keys().map(String::as_str));
            crate::suggest::closest(name, visible)
        };
        self.error(
            CheckErrorKind::UnknownName {
                name: name.to_string(),
                what: NameKind::Value,
                suggestion,
            },
            span,
        );
        error_expr(span)
    }

    /// Reports a name that exists but cannot be used here.
    fn out_of_scope(&mut self, name: &str, reason: ScopeReason, span: Span) -> CExpr {
        self.error(
            CheckErrorKind::NotInScope {
                name: name.to_string(),
                reason,
            },
            span,
        );
        error_expr(span)
    }
}
