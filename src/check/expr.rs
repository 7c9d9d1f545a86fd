//! Checking and compiling expressions: names to slots, types and units checked, enum
//! literals to indices.

use super::error::{CheckErrorKind, NameKind, ScopeReason, TypeName};
use super::{Checker, ItemScope};
use crate::eval::interp::Env;
use crate::number::Number;
use crate::policy::expr::{ArithOp, Builtin, CExpr, CmpOp, FieldScope, Op, Value, YEAR_RANGE};
use crate::policy::types::{DAY, Dim, Ty, YEAR};
use crate::source::Span;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, MatchArm, Spanned, UnaryOp, UnitExpr};

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

    fn mismatch(&mut self, expected: &Ty, found: &CExpr) {
        if expected.is_error() || found.ty.is_error() {
            return;
        }
        let kind = CheckErrorKind::TypeMismatch {
            expected: self.type_name(expected),
            found: self.type_name(&found.ty),
        };
        self.error(kind, found.span);
    }

    /// Compiles an expression in a scope.
    pub(crate) fn expr(&mut self, e: &Expr, scope: &Scope) -> CExpr {
        let span = e.span;
        match &e.node {
            ExprKind::Number { value, unit, .. } => {
                let dim = match unit {
                    None => Dim::none(),
                    Some(u) => match self.unit_dim(u) {
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
            ExprKind::Unary { op, operand } => {
                let a = self.expr(operand, scope);
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
                    UnaryOp::Neg => {
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
                let ty = match &self.credit_dim {
                    Some((d, _)) => Ty::Number(d.clone()),
                    None => Ty::Error,
                };
                CExpr {
                    op: Op::Sum(id),
                    span,
                    ty,
                }
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

    /// Resolves a unit written after a number.
    pub(crate) fn unit_dim(&mut self, unit: &Spanned<UnitExpr>) -> Option<Dim> {
        let mut dim = self.unit_id(&unit.numer).map(Dim::unit)?;
        for d in &unit.denoms {
            dim = dim.div(&Dim::unit(self.unit_id(d)?));
        }
        Some(dim)
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

    fn name(&mut self, name: &str, span: Span, scope: &Scope) -> CExpr {
        if let Some(item) = scope.item {
            if let Some(i) = item.locals.iter().position(|l| l.name == name) {
                if !scope.locals {
                    return self.out_of_scope(name, ScopeReason::LocalInConstraint, span);
                }
                item.locals[i].used.set(true);
                return CExpr {
                    op: Op::Local(i as u16),
                    span,
                    ty: item.locals[i].ty.clone(),
                };
            }
            if let Some(&slot) = item.schema.slots.get(name) {
                return CExpr {
                    op: Op::Field {
                        scope: FieldScope::Item,
                        slot,
                    },
                    span,
                    ty: item.field_tys[usize::from(slot)].clone(),
                };
            }
        }
        if let Some(i) = self.figure_names.iter().position(|f| f == name) {
            match scope.year {
                YearAccess::Block(n) if i < n => {
                    return CExpr {
                        op: Op::Figure(i as u16),
                        span,
                        ty: self.figure_tys.get(i).cloned().unwrap_or(Ty::Error),
                    };
                }
                YearAccess::Purpose => {
                    return CExpr {
                        op: Op::Figure(i as u16),
                        span,
                        ty: self.figure_tys.get(i).cloned().unwrap_or(Ty::Error),
                    };
                }
                YearAccess::Block(_) => {
                    return self.out_of_scope(name, ScopeReason::FigureBeforeDefinition, span);
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
            let ty = match &self.credit_dim {
                Some((d, _)) => Ty::Number(d.clone()),
                None => Ty::Error,
            };
            return CExpr {
                op: Op::Shortfall,
                span,
                ty,
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
                    ty: self.person.field_tys[usize::from(slot)].clone(),
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

    fn call(&mut self, func: &Spanned<String>, args: &[Expr], span: Span, scope: &Scope) -> CExpr {
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
            Builtin::Days => (compiled.len() == 2, "2"),
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
            Builtin::YearOf => {
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

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, span: Span, scope: &Scope) -> CExpr {
        let a = self.expr(lhs, scope);
        let b = self.expr(rhs, scope);
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
            BinaryOp::In | BinaryOp::NotIn => {
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
                        negate: op == BinaryOp::NotIn,
                    },
                    span,
                    ty: Ty::Bool,
                }
            }
            BinaryOp::Add | BinaryOp::Sub => {
                let arith = if op == BinaryOp::Add {
                    ArithOp::Add
                } else {
                    ArithOp::Sub
                };
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
                            reason: super::error::ConstantFailure::YearFraction,
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
                        return CExpr {
                            op: Op::Arith(arith, Box::new(a), Box::new(b)),
                            span,
                            ty,
                        };
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
                CExpr {
                    op: Op::Arith(arith, Box::new(a), Box::new(b)),
                    span,
                    ty,
                }
            }
            BinaryOp::Mul | BinaryOp::Div => {
                let arith = if op == BinaryOp::Mul {
                    ArithOp::Mul
                } else {
                    ArithOp::Div
                };
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
                CExpr {
                    op: Op::Arith(arith, Box::new(a), Box::new(b)),
                    span,
                    ty,
                }
            }
            _ => error_expr(span),
        }
    }

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

    fn match_expr(
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
        let mut has_else = false;
        for arm in arms {
            let index = compiled.len() as u16;
            match &arm.patterns {
                Some(patterns) => {
                    for p in patterns {
                        match values.iter().position(|v| *v == p.node) {
                            Some(v) => match table[v] {
                                Some((_, first)) => self.error(
                                    CheckErrorKind::UnreachableArm {
                                        value: p.node.clone(),
                                        first,
                                    },
                                    p.span,
                                ),
                                None => table[v] = Some((index, p.span)),
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
                    let open: Vec<usize> =
                        (0..values.len()).filter(|v| table[*v].is_none()).collect();
                    if open.is_empty() || has_else {
                        self.error(CheckErrorKind::UselessElse, arm.span);
                    }
                    for v in open {
                        table[v] = Some((index, arm.span));
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
                arms: compiled,
            },
            span,
            ty,
        }
    }

    /// Reports the use of an optional field where a value is needed, and goes on with the
    /// value's type.
    pub(crate) fn present(&mut self, e: CExpr) -> CExpr {
        match e.ty {
            Ty::Maybe(inner) => {
                let name = self.source.slice(e.span).to_string();
                self.error(CheckErrorKind::OptionalValue { name }, e.span);
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

    /// A plain number where a year is expected: a whole constant becomes a year; in an
    /// `if` or a `match`, each branch does.
    fn coerce_year(&mut self, e: CExpr) -> CExpr {
        let CExpr { op, span, ty } = e;
        match op {
            Op::If(c, t, o) => {
                let t = self.coerce_year(*t);
                let o = self.coerce_year(*o);
                CExpr {
                    op: Op::If(c, Box::new(t), Box::new(o)),
                    span,
                    ty: Ty::Year,
                }
            }
            Op::Match {
                scrutinee,
                table,
                arms,
            } => {
                let arms = arms.into_iter().map(|a| self.coerce_year(a)).collect();
                CExpr {
                    op: Op::Match {
                        scrutinee,
                        table,
                        arms,
                    },
                    span,
                    ty: Ty::Year,
                }
            }
            op => self.number_to_year(CExpr { op, span, ty }),
        }
    }

    fn number_to_year(&mut self, e: CExpr) -> CExpr {
        let year = if e.is_constant() {
            e.eval(&Env::constant())
                .ok()
                .and_then(|v| v.as_number())
                .and_then(|n| n.to_i64())
                .and_then(|n| i32::try_from(n).ok())
                .filter(|y| YEAR_RANGE.contains(y))
        } else {
            None
        };
        match year {
            Some(y) => {
                let op = match e.op {
                    Op::Constant { id, .. } => Op::Constant {
                        id,
                        value: Value::Year(y),
                    },
                    _ => Op::Value(Value::Year(y)),
                };
                CExpr {
                    op,
                    span: e.span,
                    ty: Ty::Year,
                }
            }
            None => {
                self.mismatch(&Ty::Year, &e);
                CExpr { ty: Ty::Error, ..e }
            }
        }
    }

    fn list_to_years(&mut self, e: CExpr) -> CExpr {
        match &e.op {
            Op::List(items) => {
                let items = items
                    .iter()
                    .cloned()
                    .map(|i| self.number_to_year(i))
                    .collect();
                CExpr {
                    op: Op::List(items),
                    span: e.span,
                    ty: Ty::List(Box::new(Ty::Year)),
                }
            }
            _ => match e.constant_value() {
                Some(Value::List(values)) => {
                    let years: Option<Vec<Value>> = values
                        .iter()
                        .map(|v| {
                            v.as_number()
                                .and_then(|n| n.to_i64())
                                .and_then(|n| i32::try_from(n).ok())
                                .filter(|y| YEAR_RANGE.contains(y))
                                .map(Value::Year)
                        })
                        .collect();
                    match years {
                        Some(y) => CExpr::value(
                            Value::List(y.into()),
                            e.span,
                            Ty::List(Box::new(Ty::Year)),
                        ),
                        None => {
                            self.mismatch(&Ty::List(Box::new(Ty::Year)), &e);
                            CExpr { ty: Ty::Error, ..e }
                        }
                    }
                }
                _ => {
                    self.mismatch(&Ty::List(Box::new(Ty::Year)), &e);
                    CExpr { ty: Ty::Error, ..e }
                }
            },
        }
    }

    /// Turns text literals (or a constant list of them) into values of enumeration `id`.
    fn text_to_enum(&mut self, e: CExpr, id: u16) -> CExpr {
        let values = self
            .enums
            .get(usize::from(id))
            .map(|t| t.values.clone())
            .unwrap_or_default();
        let convert = |this: &mut Self, text: &str, span: Span| -> Option<Value> {
            match values.iter().position(|v| v == text) {
                Some(i) => Some(Value::Enum(i as u16)),
                None => {
                    let suggestion =
                        crate::suggest::closest(text, values.iter().map(String::as_str));
                    this.error(
                        CheckErrorKind::UnknownEnumValue {
                            value: text.to_string(),
                            allowed: values.clone(),
                            suggestion,
                        },
                        span,
                    );
                    None
                }
            }
        };
        match e.constant_value() {
            Some(Value::Text(t)) => {
                let t = t.clone();
                match convert(self, &t, e.span) {
                    Some(v) => CExpr::value(v, e.span, Ty::Enum(id)),
                    None => CExpr { ty: Ty::Error, ..e },
                }
            }
            Some(Value::List(items)) => {
                let items = items.clone();
                // Point each unknown value at its own literal when the list is written inline.
                let spans: Vec<Span> = match &e.op {
                    Op::Value(_) => self.list_item_spans(e.span, items.len()),
                    _ => vec![e.span; items.len()],
                };
                let mut out = Vec::new();
                let mut ok = true;
                for (item, span) in items.iter().zip(spans) {
                    match item {
                        Value::Text(t) => match convert(self, t, span) {
                            Some(v) => out.push(v),
                            None => ok = false,
                        },
                        _ => ok = false,
                    }
                }
                if ok {
                    CExpr::value(
                        Value::List(out.into()),
                        e.span,
                        Ty::List(Box::new(Ty::Enum(id))),
                    )
                } else {
                    CExpr { ty: Ty::Error, ..e }
                }
            }
            _ => {
                self.mismatch(&Ty::Enum(id), &e);
                CExpr { ty: Ty::Error, ..e }
            }
        }
    }

    /// Spans of the string literals of a list written inline (`["a", "b"]`), best effort.
    fn list_item_spans(&self, list: Span, n: usize) -> Vec<Span> {
        let text = self.source.slice(list);
        let mut spans = Vec::new();
        let mut in_string = false;
        let mut start = 0;
        let mut escaped = false;
        for (i, c) in text.char_indices() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                    spans.push(Span::new(list.start + start, list.start + i + 1));
                }
            } else if c == '"' {
                in_string = true;
                start = i;
            }
        }
        if spans.len() == n {
            spans
        } else {
            vec![list; n]
        }
    }
}

fn is_zero_literal(e: &CExpr) -> bool {
    matches!(&e.op, Op::Value(Value::Number(n)) if *n == Number::ZERO)
}
