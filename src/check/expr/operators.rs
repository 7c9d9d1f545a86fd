//! Operators: `not` and `-`, `and`/`or`, `in`, arithmetic with its units, comparisons, and
//! `otherwise` on optional values.

use super::{Scope, error_expr};
use crate::check::Checker;
use crate::check::error::{CheckErrorKind, ConstantFailure, TypeName};
use crate::eval::interp::Env;
use crate::policy::expr::{ArithOp, CExpr, CmpOp, Op};
use crate::policy::types::{Dim, Ty, YEAR};
use crate::source::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, UnaryOp};

impl Checker<'_> {
    /// `not a`, `-a`.
    pub(super) fn unary(
        &mut self,
        op: UnaryOp,
        operand: &Expr,
        span: Span,
        scope: &Scope,
    ) -> CExpr {
        let a = self.expr(operand, scope);
        if let UnaryOp::IsGiven | UnaryOp::IsNotGiven = op {
            // The operand may be absent: that is what is tested.
            let inner = match &a.ty {
                Ty::Maybe(t) => (**t).clone(),
                Ty::Error => Ty::Error,
                t => {
                    let t = t.clone();
                    let name = self.source.slice(a.span).to_string();
                    self.error(CheckErrorKind::AlwaysGiven { name }, a.span);
                    t
                }
            };
            return CExpr {
                op: Op::Given {
                    operand: Box::new(CExpr { ty: inner, ..a }),
                    negate: op == UnaryOp::IsNotGiven,
                },
                span,
                ty: Ty::Bool,
            };
        }
        let a = self.present(a);
        match op {
            UnaryOp::Not => {
                let a = self.expect(a, &Ty::Bool);
                CExpr {
                    op: Op::Not(Box::new(a)),
                    span,
                    ty: Ty::Bool,
                }
            }
            UnaryOp::Neg | UnaryOp::IsGiven | UnaryOp::IsNotGiven => {
                let ty = match &a.ty {
                    Ty::Number(_) | Ty::Error => a.ty.clone(),
                    _ => {
                        self.mismatch(&Ty::Number(Dim::none()), &a);
                        Ty::Error
                    }
                };
                CExpr {
                    op: Op::Neg(Box::new(a)),
                    span,
                    ty,
                }
            }
        }
    }

    /// `a + b`, `a and b`, `a in b`, `a otherwise b`, comparisons.
    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
        span: Span,
        scope: &Scope,
    ) -> CExpr {
        // `total in previous year`: the figure of the year judged before this one.
        if op == BinaryOp::In
            && let ExprKind::Previous { period } = rhs.node
        {
            return self.previous(lhs, period, span, scope);
        }
        // `total in Y - 1` in a purpose's statuses: one year's figure, not a list's member.
        let (a, b) = if op == BinaryOp::In && scope.quantifiers.is_some() {
            let b = self.expr(rhs, scope);
            if b.ty == Ty::Year {
                return self.year_at(lhs, b, span, scope);
            }
            (self.expr(lhs, scope), b)
        } else {
            (self.expr(lhs, scope), self.expr(rhs, scope))
        };
        if op == BinaryOp::Otherwise {
            let inner = match &a.ty {
                Ty::Maybe(t) => (**t).clone(),
                Ty::Error => Ty::Error,
                t => {
                    let t = t.clone();
                    let name = self.source.slice(a.span).to_string();
                    self.error(CheckErrorKind::NeedlessOtherwise { name }, a.span);
                    t
                }
            };
            let b = self.present(b);
            let a = CExpr { ty: inner, ..a };
            let (a, b, ty) = self.unify(a, b, "otherwise");
            return CExpr {
                op: Op::Otherwise(Box::new(a), Box::new(b)),
                span,
                ty,
            };
        }
        let a = self.present(a);
        let b = self.present(b);
        let cmp = |op: CmpOp| Some(op);
        let compare = match op {
            BinaryOp::Eq => cmp(CmpOp::Eq),
            BinaryOp::Ne => cmp(CmpOp::Ne),
            BinaryOp::Lt => cmp(CmpOp::Lt),
            BinaryOp::Le => cmp(CmpOp::Le),
            BinaryOp::Gt => cmp(CmpOp::Gt),
            BinaryOp::Ge => cmp(CmpOp::Ge),
            _ => None,
        };
        if let Some(c) = compare {
            return self.comparison(c, a, b, span);
        }
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let a = self.expect(a, &Ty::Bool);
                let b = self.expect(b, &Ty::Bool);
                let (a, b) = (Box::new(a), Box::new(b));
                CExpr {
                    op: if op == BinaryOp::And {
                        Op::And(a, b)
                    } else {
                        Op::Or(a, b)
                    },
                    span,
                    ty: Ty::Bool,
                }
            }
            BinaryOp::In | BinaryOp::NotIn => self.membership(a, b, op == BinaryOp::NotIn, span),
            BinaryOp::Add | BinaryOp::Sub => {
                let arith = if op == BinaryOp::Add {
                    ArithOp::Add
                } else {
                    ArithOp::Sub
                };
                self.additive(arith, a, b, span)
            }
            BinaryOp::Mul | BinaryOp::Div => {
                let arith = if op == BinaryOp::Mul {
                    ArithOp::Mul
                } else {
                    ArithOp::Div
                };
                if arith == ArithOp::Div && !scope.is_constant() && self.always_zero(&b) {
                    // In a constant the value itself fails (`check::constant-fails`).
                    let divisor = self.source.slice(b.span).to_string();
                    self.error(
                        CheckErrorKind::DivisionByZero {
                            divisor,
                            divisor_span: b.span,
                        },
                        span,
                    );
                    return error_expr(span);
                }
                self.multiplicative(arith, a, b, span)
            }
            _ => error_expr(span),
        }
    }

    /// Whether `e` reads nothing from a record or a year and is zero: a divisor that makes
    /// every record fail.
    fn always_zero(&self, e: &CExpr) -> bool {
        matches!(e.ty, Ty::Number(_))
            && e.is_constant()
            && e.eval(&Env::constant())
                .ok()
                .and_then(|v| v.as_number())
                .is_some_and(|n| n.is_zero())
    }

    /// `a in b`, `a not in b`: `b` a list of `a`'s type.
    fn membership(&mut self, a: CExpr, b: CExpr, negate: bool, span: Span) -> CExpr {
        // A constant needle takes the list's element type: `2024 in years`,
        // `"public" in categories`.
        let a = match &b.ty {
            Ty::List(inner)
                if matches!(**inner, Ty::Year | Ty::Enum(_))
                    && a.constant_value().is_some()
                    && a.ty != **inner =>
            {
                let want = (**inner).clone();
                self.expect(a, &want)
            }
            _ => a,
        };
        let b = match (&a.ty, &b.ty) {
            (Ty::Enum(e), Ty::List(inner)) if **inner == Ty::Text || inner.is_error() => {
                let e = *e;
                self.text_to_enum(b, e)
            }
            (Ty::Year, Ty::List(inner)) if matches!(**inner, Ty::Number(ref d) if d.is_none()) => {
                self.expect(b, &Ty::List(Box::new(Ty::Year)))
            }
            (_, Ty::List(inner)) if inner.is_error() => b,
            (t, Ty::List(_)) => {
                let want = Ty::List(Box::new(t.clone()));
                self.expect(b, &want)
            }
            (t, _) => {
                let want = Ty::List(Box::new(t.clone()));
                self.mismatch(&want, &b);
                b
            }
        };
        CExpr {
            op: Op::In {
                needle: Box::new(a),
                haystack: Box::new(b),
                negate,
            },
            span,
            ty: Ty::Bool,
        }
    }

    /// `a + b`, `a - b`: numbers in one unit, or a year moved by whole years, or the years
    /// between two years.
    fn additive(&mut self, arith: ArithOp, a: CExpr, b: CExpr, span: Span) -> CExpr {
        let year_shift =
            |t: &Ty| matches!(t, Ty::Number(d) if d.is_none() || *d == Dim::unit(YEAR));
        // A year moves by whole years: a constant shift must be whole.
        let fractional = |e: &CExpr| {
            e.is_constant()
                && e.eval(&Env::constant())
                    .ok()
                    .and_then(|v| v.as_number())
                    .is_some_and(|n| !n.is_integer())
        };
        if (a.ty == Ty::Year && fractional(&b)) || (b.ty == Ty::Year && fractional(&a)) {
            let at = if a.ty == Ty::Year { b.span } else { a.span };
            self.error(
                CheckErrorKind::ConstantFails {
                    reason: ConstantFailure::YearFraction,
                },
                at,
            );
            return error_expr(span);
        }
        let ty = match (&a.ty, &b.ty) {
            (Ty::Error, _) | (_, Ty::Error) => Ty::Error,
            (Ty::Year, t) if year_shift(t) => Ty::Year,
            (Ty::Year, Ty::Number(_)) => {
                let kind = CheckErrorKind::TypeMismatch {
                    expected: TypeName::Number(String::new()),
                    found: self.type_name(&b.ty),
                };
                self.error(kind, b.span);
                Ty::Error
            }
            (t, Ty::Year) if arith == ArithOp::Add && year_shift(t) => Ty::Year,
            (Ty::Year, Ty::Year) if arith == ArithOp::Sub => Ty::Number(Dim::unit(YEAR)),
            (Ty::Number(_), Ty::Number(_)) => {
                let (a, b, ty) = self.unify(a, b, arith.symbol());
                return arithmetic(arith, a, b, span, ty);
            }
            (Ty::Number(_), _) => {
                self.mismatch(&a.ty.clone(), &b);
                Ty::Error
            }
            _ => {
                self.mismatch(&Ty::Number(Dim::none()), &a);
                Ty::Error
            }
        };
        arithmetic(arith, a, b, span, ty)
    }

    /// `a * b`, `a / b`: numbers, the units multiplied or divided.
    fn multiplicative(&mut self, arith: ArithOp, a: CExpr, b: CExpr, span: Span) -> CExpr {
        let ty = match (&a.ty, &b.ty) {
            (Ty::Number(x), Ty::Number(y)) => Ty::Number(if arith == ArithOp::Mul {
                x.mul(y)
            } else {
                x.div(y)
            }),
            (Ty::Error, _) | (_, Ty::Error) => Ty::Error,
            (Ty::Number(_), _) => {
                self.mismatch(&Ty::Number(Dim::none()), &b);
                Ty::Error
            }
            _ => {
                self.mismatch(&Ty::Number(Dim::none()), &a);
                Ty::Error
            }
        };
        arithmetic(arith, a, b, span, ty)
    }

    /// `a < b` and the other comparisons: both sides of one type, ordered unless `==`/`!=`.
    fn comparison(&mut self, op: CmpOp, a: CExpr, b: CExpr, span: Span) -> CExpr {
        let (a, b, ty) = self.unify(a, b, op.symbol());
        let ordered = matches!(ty, Ty::Number(_) | Ty::Year | Ty::Date | Ty::Error);
        if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.mismatch(&Ty::Number(Dim::none()), &a);
        }
        CExpr {
            op: Op::Compare(op, Box::new(a), Box::new(b)),
            span,
            ty: Ty::Bool,
        }
    }
}

/// The arithmetic `a arith b`, of type `ty`.
fn arithmetic(arith: ArithOp, a: CExpr, b: CExpr, span: Span, ty: Ty) -> CExpr {
    CExpr {
        op: Op::Arith(arith, Box::new(a), Box::new(b)),
        span,
        ty,
    }
}
