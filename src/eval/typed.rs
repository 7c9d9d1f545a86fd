//! Typed evaluation: the interpreter's ways to a number, a condition and a year
//! ([`CExpr::eval_number`], [`CExpr::eval_bool`], [`CExpr::eval_year`]) for the rules that
//! want one, without building and matching a [`Value`] at every node.
//!
//! Each is the generic [`CExpr::eval`] followed by the type's test, computed more directly
//! for the shapes rules are made of: fields, literals and constants read where they lie
//! (never cloned), numbers kept unboxed through arithmetic, `min`/`max`, `match` and `if`,
//! comparisons made on numbers, `days(start, end)` and `year_of(date)` of fields read in
//! place. Every shorter way gives the value, the error (kind and place) and the `match`
//! arms recorded that the generic way gives, in the same order: any value it does not
//! expect goes the generic way (with the functions the generic way uses), and nothing is
//! evaluated twice. The compiled tree stays the one form of an expression: traces and
//! explanations walk it as before.

use super::error::EvalError;
use super::interp::{Env, arith, call, compare, internal, take_arm};
use crate::number::{ArithmeticError, Number};
use crate::policy::expr::{ArithOp, Builtin, CExpr, EvalErrorKind, Op, Value};
use chrono::Datelike;
use std::cmp::Ordering;

/// A value with a number kept apart: `Ok` a number, `Err` any other value.
pub(super) type Num = Result<Number, Value>;

/// The value of a [`Num`].
pub(super) fn boxed(v: Num) -> Value {
    match v {
        Ok(n) => Value::Number(n),
        Err(v) => v,
    }
}

fn unboxed(v: Value) -> Num {
    match v {
        Value::Number(n) => Ok(n),
        v => Err(v),
    }
}

fn read(v: &Value) -> Num {
    match v {
        Value::Number(n) => Ok(*n),
        v => Err(v.clone()),
    }
}

/// Arithmetic on two numbers, as `interp::arith` makes it.
fn number_arith(op: ArithOp, x: Number, y: Number) -> Result<Number, ArithmeticError> {
    match op {
        ArithOp::Add => x.checked_add(y),
        ArithOp::Sub => x.checked_sub(y),
        ArithOp::Mul => x.checked_mul(y),
        ArithOp::Div => x.checked_div(y),
    }
}

impl CExpr {
    /// Evaluates a numeric expression.
    pub(crate) fn eval_number(&self, env: &Env) -> Result<Number, EvalError> {
        if let Some(n) = self.quick(env) {
            return Ok(n);
        }
        self.number(env)?
            .map_err(|_| internal("amount is not a number", self.span))
    }

    /// The number the expression comes to, when every step of the way is a number of
    /// the common shapes and nothing fails or is recorded; `None` otherwise, and then
    /// [`CExpr::number`] evaluates it again and finds the value or error. An evaluation has
    /// no effect but the `match` arms it records, which this one never takes when they are
    /// recorded: evaluating twice is evaluating once.
    pub(super) fn quick(&self, env: &Env) -> Option<Number> {
        let number = |v: &Value| match v {
            Value::Number(n) => Some(*n),
            _ => None,
        };
        match &self.op {
            Op::Value(v) | Op::Constant { value: v, .. } => number(v),
            Op::Field { .. } => number(self.value_in_place(env)?),
            Op::Local(i) => number(env.locals.get(usize::from(*i))?),
            Op::Figure(i) => number(env.year?.figures.get(usize::from(*i))?),
            Op::Sum(category) => {
                let year = env.year?;
                Some(match category {
                    None => year.total,
                    Some(c) => year
                        .by_category
                        .get(usize::from(*c))
                        .copied()
                        .unwrap_or(Number::ZERO),
                })
            }
            Op::Arith(op, a, b) => number_arith(*op, a.quick(env)?, b.quick(env)?).ok(),
            Op::Match {
                scrutinee,
                table,
                arms,
            } if env.arms.is_none() => {
                let Value::Enum(v) = scrutinee.value_in_place(env)? else {
                    return None;
                };
                let arm = arms.get(usize::from(*table.get(usize::from(*v))?))?;
                arm.value.quick(env)
            }
            Op::Call(Builtin::Days, args) => {
                match (
                    args.first()?.value_in_place(env)?,
                    args.get(1)?.value_in_place(env)?,
                ) {
                    (Value::Date(start), Value::Date(end)) if start <= end => {
                        Some(Number::from_int((*end - *start).num_days() + 1))
                    }
                    _ => None,
                }
            }
            Op::Call(f @ (Builtin::Min | Builtin::Max), args) => {
                let mut best: Option<Number> = None;
                for a in args {
                    let v = a.quick(env)?;
                    best = Some(match best {
                        None => v,
                        Some(b)
                            if (*f == Builtin::Min && v < b) || (*f == Builtin::Max && v > b) =>
                        {
                            v
                        }
                        Some(b) => b,
                    });
                }
                best
            }
            _ => None,
        }
    }

    /// Evaluates the expression, a number unboxed: `unboxed(self.eval(env))`, computed
    /// without a [`Value`] for the numbers on the way.
    pub(super) fn number(&self, env: &Env) -> Result<Num, EvalError> {
        Ok(match &self.op {
            Op::Value(v) | Op::Constant { value: v, .. } => read(v),
            Op::Field { .. } => self.value_in_place(env).map_or(Err(Value::Absent), read),
            Op::Local(i) => read(
                env.locals
                    .get(usize::from(*i))
                    .ok_or_else(|| internal("local read before it is computed", self.span))?,
            ),
            Op::Figure(i) => read(
                env.year
                    .and_then(|y| y.figures.get(usize::from(*i)))
                    .ok_or_else(|| internal("figure read outside a year", self.span))?,
            ),
            Op::Sum(category) => {
                let year = env
                    .year
                    .ok_or_else(|| internal("sum read outside a year", self.span))?;
                Ok(match category {
                    None => year.total,
                    Some(c) => year
                        .by_category
                        .get(usize::from(*c))
                        .copied()
                        .unwrap_or(Number::ZERO),
                })
            }
            Op::Shortfall => Ok(env.year.map_or(Number::ZERO, |y| y.shortfall)),
            Op::Neg(a) => match a.number(env)? {
                Ok(n) => Ok(n.checked_neg().map_err(|e| (e, self.span))?),
                Err(_) => return Err(internal("negation of a non-number", self.span)),
            },
            Op::Arith(op, a, b) => {
                let x = a.number(env)?;
                let y = b.number(env)?;
                match (x, y) {
                    (Ok(x), Ok(y)) => Ok(number_arith(*op, x, y).map_err(|e| (e, self.span))?),
                    (x, y) => unboxed(arith(*op, boxed(x), boxed(y), &self.span)?),
                }
            }
            Op::Otherwise(a, b) => match a.number(env)? {
                Err(Value::Absent) => b.number(env)?,
                v => v,
            },
            Op::If(c, t, e) => {
                if c.eval_bool(env)? {
                    t.number(env)?
                } else {
                    e.number(env)?
                }
            }
            Op::Match {
                scrutinee,
                table,
                arms,
            } => {
                let v = match scrutinee.value_in_place(env) {
                    Some(Value::Enum(v)) => *v,
                    _ => match scrutinee.eval(env)? {
                        Value::Enum(v) => v,
                        _ => return Err(internal("match on a non-enumeration", self.span)),
                    },
                };
                take_arm(table, arms, v, env, self.span)?
                    .value
                    .number(env)?
            }
            Op::Call(Builtin::Days, args) => {
                let at = |i: usize| args.get(i).and_then(|a| a.value_in_place(env));
                match (at(0), at(1)) {
                    (Some(Value::Date(start)), Some(Value::Date(end))) => {
                        if end < start {
                            return Err(EvalError {
                                kind: EvalErrorKind::EndBeforeStart {
                                    start: *start,
                                    end: *end,
                                },
                                span: self.span,
                            });
                        }
                        Ok(Number::from_int((*end - *start).num_days() + 1))
                    }
                    _ => unboxed(call(Builtin::Days, args, env, &self.span)?),
                }
            }
            Op::Call(f @ (Builtin::Min | Builtin::Max), args) => {
                let min = *f == Builtin::Min;
                let mut best: Option<Num> = None;
                for a in args {
                    let v = a.number(env)?;
                    best = Some(match best {
                        None => v,
                        Some(b) => match (v, b) {
                            (Ok(v), Ok(b)) => Ok(if (min && v < b) || (!min && v > b) {
                                v
                            } else {
                                b
                            }),
                            (v, b) => {
                                let (v, b) = (boxed(v), boxed(b));
                                let ord = compare(&v, &b).ok_or_else(|| {
                                    internal("min/max of unlike values", self.span)
                                })?;
                                let take = if min {
                                    ord == Ordering::Less
                                } else {
                                    ord == Ordering::Greater
                                };
                                unboxed(if take { v } else { b })
                            }
                        },
                    });
                }
                best.ok_or_else(|| internal("min/max of nothing", self.span))?
            }
            _ => unboxed(self.eval(env)?),
        })
    }

    /// Evaluates a boolean expression.
    pub(crate) fn eval_bool(&self, env: &Env) -> Result<bool, EvalError> {
        match &self.op {
            Op::Not(a) => Ok(!a.eval_bool(env)?),
            Op::And(a, b) => Ok(a.eval_bool(env)? && b.eval_bool(env)?),
            Op::Or(a, b) => Ok(a.eval_bool(env)? || b.eval_bool(env)?),
            Op::Compare(op, a, b) => Ok(op.holds(self.ordering(a, b, env)?)),
            Op::In {
                needle,
                haystack,
                negate,
            } => {
                let owned;
                let x = match needle.value_in_place(env) {
                    Some(v) => v,
                    None => {
                        owned = needle.eval(env)?;
                        &owned
                    }
                };
                // A list written in the policy is searched where it is, not cloned: a clone
                // would count a reference to it, from every thread, on one cache line.
                let found = match &haystack.op {
                    Op::Value(Value::List(items))
                    | Op::Constant {
                        value: Value::List(items),
                        ..
                    } => items.contains(x),
                    _ => match haystack.eval(env)? {
                        Value::List(items) => items.contains(x),
                        _ => return Err(internal("`in` without a list", self.span)),
                    },
                };
                Ok(found != *negate)
            }
            Op::Given { operand, negate } => {
                let given = match operand.value_in_place(env) {
                    Some(v) => !matches!(v, Value::Absent),
                    None => !matches!(operand.eval(env)?, Value::Absent),
                };
                Ok(given != *negate)
            }
            Op::Field { .. } | Op::Value(_) | Op::Constant { .. } => {
                match self.value_in_place(env) {
                    Some(Value::Bool(b)) => Ok(*b),
                    _ => self.bool_of_value(env),
                }
            }
            Op::Exempt => Ok(env.year.is_some_and(|y| y.exempt)),
            Op::Compliant => Ok(env.year.is_some_and(|y| y.compliant)),
            _ => self.bool_of_value(env),
        }
    }

    /// [`CExpr::eval_bool`] the generic way: the value, then its test.
    fn bool_of_value(&self, env: &Env) -> Result<bool, EvalError> {
        self.eval(env)?
            .as_bool()
            .ok_or_else(|| internal("condition is not a boolean", self.span))
    }

    /// How `a` and `b`, the sides of this comparison, are ordered.
    pub(super) fn ordering(&self, a: &CExpr, b: &CExpr, env: &Env) -> Result<Ordering, EvalError> {
        // Fields and literals are compared where they are, without a copy of each; other
        // numbers unboxed.
        match (a.value_in_place(env), b.value_in_place(env)) {
            (Some(x), Some(y)) => compare(x, y),
            _ => match (a.quick(env), b.quick(env)) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => match (a.number(env)?, b.number(env)?) {
                    (Ok(x), Ok(y)) => Some(x.cmp(&y)),
                    (x, y) => compare(&boxed(x), &boxed(y)),
                },
            },
        }
        .ok_or_else(|| internal("comparison of unlike values", self.span))
    }

    /// Evaluates an expression of type year.
    pub(crate) fn eval_year(&self, env: &Env) -> Result<i32, EvalError> {
        match &self.op {
            Op::JudgedYear => return Ok(env.judged_year),
            Op::Field { .. } => {
                if let Some(Value::Year(y)) = self.value_in_place(env) {
                    return Ok(*y);
                }
            }
            Op::Call(Builtin::YearOf, args) => {
                if let Some(Value::Date(d)) = args.first().and_then(|a| a.value_in_place(env)) {
                    return Ok(d.year());
                }
            }
            _ => {}
        }
        self.eval(env)?
            .as_year()
            .ok_or_else(|| internal("value is not a year", self.span))
    }
}
