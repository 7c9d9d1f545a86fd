//! `match` over an enumeration value: each value to the arm that takes it, arms that can
//! never be taken, values no arm takes, and the arms' values brought to one type.

use super::{Scope, error_expr};
use crate::check::Checker;
use crate::check::error::{CheckErrorKind, TypeName};
use crate::policy::expr::{Arm, CExpr, Op};
use crate::policy::types::Ty;
use crate::source::Span;
use crate::syntax::ast::{Expr, MatchArm, Spanned};

impl Checker<'_> {
    /// `match e { "a" => …, else => … }`: the scrutinee an enumeration value, every value
    /// taken by exactly one arm, the arms' values of one type.
    pub(super) fn match_expr(
        &mut self,
        scrutinee: &Expr,
        arms: &[Spanned<MatchArm>],
        span: Span,
        scope: &Scope,
    ) -> CExpr {
        let s = self.expr(scrutinee, scope);
        let s = self.present(s);
        let enum_id = match s.ty {
            Ty::Enum(e) => e,
            Ty::Error => return error_expr(span),
            _ => {
                let kind = CheckErrorKind::TypeMismatch {
                    expected: TypeName::OneOf(Vec::new()),
                    found: self.type_name(&s.ty),
                };
                self.error(kind, s.span);
                return error_expr(span);
            }
        };
        let values = self
            .enums
            .get(usize::from(enum_id))
            .map(|t| t.values.clone())
            .unwrap_or_default();
        let mut table: Vec<Option<(u16, Span)>> = vec![None; values.len()];
        let mut compiled: Vec<CExpr> = Vec::new();
        let mut patterns: Vec<Span> = Vec::with_capacity(arms.len());
        let mut has_else = false;
        for arm in arms {
            let index = compiled.len() as u16;
            patterns.push(pattern_span(arm));
            match &arm.patterns {
                Some(patterns) => {
                    for p in patterns {
                        let entry = values
                            .iter()
                            .zip(table.iter_mut())
                            .find(|(v, _)| **v == p.node)
                            .map(|(_, entry)| entry);
                        match entry {
                            Some(entry) => match *entry {
                                Some((_, first)) => self.error(
                                    CheckErrorKind::UnreachableArm {
                                        value: p.node.clone(),
                                        first,
                                    },
                                    p.span,
                                ),
                                None => *entry = Some((index, p.span)),
                            },
                            None => {
                                let suggestion = crate::suggest::closest(
                                    &p.node,
                                    values.iter().map(String::as_str),
                                );
                                self.error(
                                    CheckErrorKind::UnknownEnumValue {
                                        value: p.node.clone(),
                                        allowed: values.clone(),
                                        suggestion,
                                    },
                                    p.span,
                                );
                            }
                        }
                    }
                }
                None => {
                    if table.iter().all(Option::is_some) || has_else {
                        self.error(CheckErrorKind::UselessElse, arm.span);
                    }
                    for entry in table.iter_mut().filter(|t| t.is_none()) {
                        *entry = Some((index, arm.span));
                    }
                    has_else = true;
                }
            }
            let value = self.expr(&arm.value, scope);
            let value = self.present(value);
            compiled.push(value);
        }
        // The arms' values are brought to one type, as for `min` and `if`.
        let mut ty = Ty::Error;
        let mut unified: Vec<CExpr> = Vec::with_capacity(compiled.len());
        for arm in compiled {
            match unified.pop() {
                None => {
                    ty = arm.ty.clone();
                    unified.push(arm);
                }
                Some(prev) => {
                    let (a, b, t) = self.unify(prev, arm, "match");
                    if t == Ty::Year || matches!(t, Ty::Number(_)) {
                        unified = unified.into_iter().map(|o| self.expect(o, &t)).collect();
                    }
                    unified.push(a);
                    unified.push(b);
                    ty = t;
                }
            }
        }
        let compiled = unified;
        let missing: Vec<String> = values
            .iter()
            .zip(&table)
            .filter(|(_, t)| t.is_none())
            .map(|(v, _)| v.clone())
            .collect();
        if !missing.is_empty() {
            self.error(CheckErrorKind::NonExhaustiveMatch { missing }, s.span);
        }
        CExpr {
            op: Op::Match {
                scrutinee: Box::new(s),
                table: table.iter().map(|t| t.map_or(0, |(i, _)| i)).collect(),
                arms: compiled
                    .into_iter()
                    .zip(patterns)
                    .map(|(value, pattern)| Arm { value, pattern })
                    .collect(),
            },
            span,
            ty,
        }
    }
}

/// Where an arm's pattern is written: from its first value to its last, or the word `else`
/// that begins an `else` arm.
fn pattern_span(arm: &Spanned<MatchArm>) -> Span {
    match arm.patterns.as_deref() {
        Some([first, .., last]) => Span::new(first.span.start, last.span.end),
        Some([only]) => only.span,
        _ => Span::new(arm.span.start, arm.span.start.saturating_add("else".len())),
    }
}
