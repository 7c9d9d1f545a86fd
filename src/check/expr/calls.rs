//! Calls of the built-in functions (`days`, `year_of`, `anniversary_year`, `count`, `min`,
//! `max`): the function
//! known, the number of arguments, and their types.

use super::{Scope, error_expr};
use crate::check::Checker;
use crate::check::error::{CheckErrorKind, NameKind, TypeName};
use crate::policy::expr::{Builtin, CExpr, Op};
use crate::policy::types::{DAY, Dim, Ty};
use crate::source::Span;
use crate::syntax::ast::{Expr, Spanned};

impl Checker<'_> {
    /// A call of a built-in function: its arity, and its arguments' types.
    pub(super) fn call(
        &mut self,
        func: &Spanned<String>,
        args: &[Expr],
        span: Span,
        scope: &Scope,
    ) -> CExpr {
        let Some(builtin) = Builtin::ALL.iter().copied().find(|b| b.name() == func.node) else {
            let suggestion =
                crate::suggest::closest(&func.node, Builtin::ALL.iter().map(|b| b.name()));
            self.error(
                CheckErrorKind::UnknownName {
                    name: func.node.clone(),
                    what: NameKind::Function,
                    suggestion,
                },
                func.span,
            );
            return error_expr(span);
        };
        let compiled: Vec<CExpr> = args
            .iter()
            .map(|a| {
                let c = self.expr(a, scope);
                self.present(c)
            })
            .collect();
        let (arity_ok, expected) = match builtin {
            Builtin::Days | Builtin::AnniversaryYear => (compiled.len() == 2, "2"),
            Builtin::YearOf | Builtin::Count => (compiled.len() == 1, "1"),
            Builtin::Min | Builtin::Max => (compiled.len() >= 2, "2 or more"),
        };
        if !arity_ok {
            self.error(
                CheckErrorKind::Arity {
                    function: builtin.name(),
                    expected,
                    found: compiled.len(),
                },
                span,
            );
            return error_expr(span);
        }
        let (args, ty) = match builtin {
            Builtin::Days => {
                let args: Vec<CExpr> = compiled
                    .into_iter()
                    .map(|a| self.expect(a, &Ty::Date))
                    .collect();
                (args, Ty::Number(Dim::unit(DAY)))
            }
            Builtin::YearOf | Builtin::AnniversaryYear => {
                let args: Vec<CExpr> = compiled
                    .into_iter()
                    .map(|a| self.expect(a, &Ty::Date))
                    .collect();
                (args, Ty::Year)
            }
            Builtin::Count => {
                let args = compiled;
                if let Some(a) = args.first()
                    && !matches!(a.ty, Ty::List(_) | Ty::Error)
                {
                    let kind = CheckErrorKind::TypeMismatch {
                        expected: TypeName::AnyList,
                        found: self.type_name(&a.ty),
                    };
                    self.error(kind, a.span);
                }
                (args, Ty::Number(Dim::none()))
            }
            Builtin::Min | Builtin::Max => {
                let mut iter = compiled.into_iter();
                let mut out = Vec::new();
                let mut ty = Ty::Error;
                if let Some(first) = iter.next() {
                    ty = first.ty.clone();
                    out.push(first);
                }
                for next in iter {
                    let prev = out.pop().unwrap_or_else(|| error_expr(span));
                    let (a, b, t) = self.unify(prev, next, builtin.name());
                    // Earlier arguments may need the same coercion (plain whole numbers to
                    // years when a later argument is a year).
                    if t == Ty::Year {
                        out = out.into_iter().map(|o| self.expect(o, &Ty::Year)).collect();
                    }
                    out.push(a);
                    out.push(b);
                    ty = t;
                }
                // An argument already in error makes the result an error too: its type is
                // unknown, so what the others are (a literal `0`) says nothing of it.
                if out.iter().any(|o| o.ty.is_error()) {
                    ty = Ty::Error;
                }
                if !matches!(ty, Ty::Number(_) | Ty::Year | Ty::Date | Ty::Error) {
                    if let Some(a) = out.first() {
                        self.mismatch(&Ty::Number(Dim::none()), &a.clone());
                    }
                    ty = Ty::Error;
                }
                (out, ty)
            }
        };
        CExpr {
            op: Op::Call(builtin, args),
            span,
            ty,
        }
    }
}
