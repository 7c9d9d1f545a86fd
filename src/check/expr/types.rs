//! Types of expressions: their names in messages, mismatches, optional values used as
//! present, the conversion an expected type allows, and two operands brought to one type.

use crate::check::Checker;
use crate::check::error::{CheckErrorKind, TypeName};
use crate::number::Number;
use crate::policy::expr::{CExpr, Op, Value};
use crate::policy::types::{Dim, Ty};

impl Checker<'_> {
    /// A type as messages describe it.
    pub(crate) fn type_name(&self, ty: &Ty) -> TypeName {
        match ty {
            Ty::Error => TypeName::Text,
            Ty::Bool => TypeName::Bool,
            Ty::Number(d) => TypeName::Number(if d.is_none() {
                String::new()
            } else {
                self.dim_name(d)
            }),
            Ty::Date => TypeName::Date,
            Ty::Year => TypeName::Year,
            Ty::Text => TypeName::Text,
            Ty::Enum(e) => TypeName::OneOf(
                self.enums
                    .get(usize::from(*e))
                    .map(|t| t.values.clone())
                    .unwrap_or_default(),
            ),
            Ty::List(t) => TypeName::List(Box::new(self.type_name(t))),
            Ty::Maybe(t) => TypeName::Maybe(Box::new(self.type_name(t))),
            Ty::Category => TypeName::Category,
        }
    }

    /// A unit's name for messages: empty for a plain number (messages then say "a plain
    /// number").
    pub(crate) fn dim_name(&self, dim: &Dim) -> String {
        if dim.is_none() {
            return String::new();
        }
        crate::policy::types::DimName {
            dim,
            units: &self.units,
            labels: false,
        }
        .to_string()
    }

    /// Reports `found` where a value of type `expected` is needed (unless either is already
    /// an error).
    pub(super) fn mismatch(&mut self, expected: &Ty, found: &CExpr) {
        if expected.is_error() || found.ty.is_error() {
            return;
        }
        let kind = CheckErrorKind::TypeMismatch {
            expected: self.type_name(expected),
            found: self.type_name(&found.ty),
        };
        self.error(kind, found.span);
    }

    /// Reports `c` where a number, in any unit, is needed.
    pub(crate) fn mismatch_number(&mut self, c: &CExpr) {
        let kind = CheckErrorKind::TypeMismatch {
            expected: TypeName::AnyNumber,
            found: self.type_name(&c.ty),
        };
        self.error(kind, c.span);
    }

    /// Reports the use of an optional field where a value is needed, and goes on with the
    /// value's type.
    pub(crate) fn present(&mut self, e: CExpr) -> CExpr {
        match e.ty {
            Ty::Maybe(inner) => {
                let name = self.source.slice(e.span).to_string();
                let earlier = matches!(e.op, Op::Previous(_));
                self.error(CheckErrorKind::OptionalValue { name, earlier }, e.span);
                CExpr { ty: *inner, ..e }
            }
            _ => e,
        }
    }

    /// Converts `e` to the type `want` where the language allows (a whole constant to a
    /// year, a literal zero to any unit, text literals to enumeration values), or reports a
    /// mismatch.
    pub(crate) fn expect(&mut self, e: CExpr, want: &Ty) -> CExpr {
        if e.ty == *want || e.ty.is_error() || want.is_error() {
            return e;
        }
        match (want, &e.ty) {
            (Ty::Year, Ty::Number(d)) if d.is_none() => self.coerce_year(e),
            (Ty::Number(_), Ty::Number(d)) if d.is_none() && is_zero_literal(&e) => CExpr {
                ty: want.clone(),
                ..e
            },
            (Ty::Number(_), Ty::Number(_)) => {
                self.mismatch(want, &e);
                CExpr { ty: Ty::Error, ..e }
            }
            (Ty::Enum(id), Ty::Text) => self.text_to_enum(e, *id),
            (Ty::List(w), Ty::List(inner)) => match (&**w, &**inner) {
                (Ty::Enum(id), Ty::Text) => self.text_to_enum(e, *id),
                (Ty::Year, Ty::Number(d)) if d.is_none() => self.list_to_years(e),
                _ => {
                    self.mismatch(want, &e);
                    CExpr { ty: Ty::Error, ..e }
                }
            },
            _ => {
                self.mismatch(want, &e);
                CExpr { ty: Ty::Error, ..e }
            }
        }
    }

    /// Brings two operands to one type for `op`.
    pub(crate) fn unify(&mut self, a: CExpr, b: CExpr, op: &str) -> (CExpr, CExpr, Ty) {
        if a.ty.is_error() || b.ty.is_error() {
            let ty = if a.ty.is_error() {
                b.ty.clone()
            } else {
                a.ty.clone()
            };
            let ty = if ty.is_error() { Ty::Error } else { ty };
            return (a, b, ty);
        }
        if a.ty == b.ty {
            let ty = a.ty.clone();
            return (a, b, ty);
        }
        match (&a.ty, &b.ty) {
            (Ty::Number(x), Ty::Number(y)) => {
                if x.is_none() && is_zero_literal(&a) {
                    let ty = b.ty.clone();
                    return (
                        CExpr {
                            ty: ty.clone(),
                            ..a
                        },
                        b,
                        ty,
                    );
                }
                if y.is_none() && is_zero_literal(&b) {
                    let ty = a.ty.clone();
                    return (
                        a,
                        CExpr {
                            ty: ty.clone(),
                            ..b
                        },
                        ty,
                    );
                }
                let kind = CheckErrorKind::UnitMismatch {
                    op: op.to_string(),
                    left: self.dim_name(x),
                    right: self.dim_name(y),
                    left_span: a.span,
                    right_span: b.span,
                };
                let span = a.span.join(b.span);
                self.error(kind, span);
                (a, b, Ty::Error)
            }
            (Ty::Year, _) | (Ty::Enum(_), _) | (Ty::List(_), _) => {
                let want = a.ty.clone();
                let b = self.expect(b, &want);
                let ty = if b.ty.is_error() { Ty::Error } else { want };
                (a, b, ty)
            }
            (_, Ty::Year) | (_, Ty::Enum(_)) | (_, Ty::List(_)) => {
                let want = b.ty.clone();
                let a = self.expect(a, &want);
                let ty = if a.ty.is_error() { Ty::Error } else { want };
                (a, b, ty)
            }
            _ => {
                let want = a.ty.clone();
                self.mismatch(&want, &b);
                (a, b, Ty::Error)
            }
        }
    }
}

/// Whether `e` is the literal `0`, which takes any unit.
fn is_zero_literal(e: &CExpr) -> bool {
    matches!(&e.op, Op::Value(Value::Number(n)) if *n == Number::ZERO)
}
