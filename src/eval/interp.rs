//! The interpreter of compiled expressions: a [`CExpr`] evaluated in an [`Env`] (the
//! person's and the current item's fields, the block's locals, the year being judged) gives
//! a [`Value`], with exact, checked arithmetic.
//!
//! Names were resolved by the checker, so nothing here looks a name up or checks a type: a
//! value of the wrong type is a defect of xueshi, reported as [`EvalErrorKind::Internal`],
//! never a panic. This module depends on the compiled policy only; the checker uses it to
//! fold constants, the evaluator to rule records. The rules that want a number, a
//! condition or a year are evaluated the typed way (`super::typed`), which gives what this
//! walk gives without a `Value` at every node.

use super::arms::ArmsTaken;
use super::error::EvalError;
use super::typed::boxed;
use crate::number::Number;
use crate::policy::expr::{
    ArithOp, Arm, Builtin, CExpr, CmpOp, EvalErrorKind, FieldScope, Op, Value, WindowOp, YEAR_RANGE,
};
use crate::source::Span;
use chrono::Datelike;
use std::cmp::Ordering;

/// What is known about the year (or period) being judged, for expressions of the year and
/// purposes.
#[derive(Debug, Clone, Default)]
pub(crate) struct YearFacts {
    /// The first year it covers.
    pub(crate) first: i32,
    /// The last year it covers (`first` unless the purpose judges periods).
    pub(crate) last: i32,
    /// Credited hours by category.
    pub(crate) by_category: Vec<Number>,
    /// All credited hours.
    pub(crate) total: Number,
    /// The figures computed so far, in declaration order.
    pub(crate) figures: Vec<Value>,
    /// Whether an exemption covers the year.
    pub(crate) exempt: bool,
    /// Whether every requirement is met.
    pub(crate) compliant: bool,
    /// The hours to make up (zero when exempt or compliant).
    pub(crate) shortfall: Number,
}

/// What an expression can see while it is evaluated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Env<'a> {
    /// The person's fields, by slot.
    pub(crate) person: &'a [Value],
    /// The current activity's or exemption's fields, by slot.
    pub(crate) item: &'a [Value],
    /// The current block's locals computed so far.
    pub(crate) locals: &'a [Value],
    /// The year being judged, for the year block and purposes.
    pub(crate) year: Option<&'a YearFacts>,
    /// The years (or periods) of the window judged before `year`, in order, for
    /// `… in previous year`.
    pub(crate) earlier: &'a [YearFacts],
    /// `Y`.
    pub(crate) judged_year: i32,
    /// For each year of a purpose's window, whether it passes.
    pub(crate) window: &'a [bool],
    /// What is known of each year (or period) of a purpose's window, in order (for figures
    /// over the years).
    pub(crate) facts: &'a [YearFacts],
    /// Where the `match` arms taken are recorded, when the job asks for them (coverage);
    /// `None` records nothing.
    pub(crate) arms: Option<&'a ArmsTaken>,
}

impl Env<'static> {
    /// The environment of constants: nothing but literals and constants can be read.
    pub(crate) fn constant() -> Env<'static> {
        Env::of_person(&[], 0)
    }
}

impl<'a> Env<'a> {
    /// What a rule of the person or a purpose's window sees: the person's fields and `Y`.
    pub(crate) fn of_person(person: &'a [Value], judged_year: i32) -> Env<'a> {
        Env {
            person,
            item: &[],
            locals: &[],
            year: None,
            earlier: &[],
            judged_year,
            window: &[],
            facts: &[],
            arms: None,
        }
    }

    /// The same environment, recording the `match` arms taken in `arms` when given.
    pub(crate) fn taking(self, arms: Option<&'a ArmsTaken>) -> Env<'a> {
        Env { arms, ..self }
    }

    /// What a rule of a kind or of exemptions sees, from what a rule of the person sees:
    /// the item's fields and the block's locals computed so far added.
    pub(crate) fn with_item<'b>(&self, item: &'b [Value], locals: &'b [Value]) -> Env<'b>
    where
        'a: 'b,
    {
        Env {
            item,
            locals,
            ..*self
        }
    }

    /// What a rule of the year block sees, from what a rule of the person sees: what is
    /// known of the year added.
    pub(crate) fn with_year<'b>(&self, year: &'b YearFacts) -> Env<'b>
    where
        'a: 'b,
    {
        Env {
            year: Some(year),
            ..*self
        }
    }

    /// The same environment with `earlier`, the years (or periods) judged before the one
    /// being judged.
    pub(crate) fn after<'b>(&self, earlier: &'b [YearFacts]) -> Env<'b>
    where
        'a: 'b,
    {
        Env { earlier, ..*self }
    }

    /// What a rule of a kind or of exemptions sees: the person's and the item's fields, and
    /// the block's locals computed so far.
    pub(crate) fn of_item(
        person: &'a [Value],
        item: &'a [Value],
        locals: &'a [Value],
        judged_year: i32,
    ) -> Env<'a> {
        Env {
            item,
            locals,
            ..Env::of_person(person, judged_year)
        }
    }

    /// What a rule of the year block or a purpose's test of a year sees: the person's
    /// fields and what is known of the year.
    pub(crate) fn of_year(person: &'a [Value], year: &'a YearFacts, judged_year: i32) -> Env<'a> {
        Env {
            year: Some(year),
            ..Env::of_person(person, judged_year)
        }
    }
}

/// The arm of a `match` the enumeration value `value` takes (by the match's `table`),
/// recorded in `env`'s arms when the job asks for them.
pub(super) fn take_arm<'e>(
    table: &[u16],
    arms: &'e [Arm],
    value: u16,
    env: &Env,
    span: Span,
) -> Result<&'e Arm, EvalError> {
    let arm = table
        .get(usize::from(value))
        .and_then(|a| arms.get(usize::from(*a)))
        .ok_or_else(|| internal("match without an arm", span))?;
    if let Some(taken) = env.arms {
        taken.push(arm.pattern.start);
    }
    Ok(arm)
}

pub(super) fn internal(what: &'static str, span: Span) -> EvalError {
    EvalError {
        kind: EvalErrorKind::Internal(what),
        span,
    }
}

impl CExpr {
    /// Evaluates the expression.
    pub(crate) fn eval(&self, env: &Env) -> Result<Value, EvalError> {
        // The span is read only on the way to an error: it lies beyond the operation, in
        // another cache line of the node.
        Ok(match &self.op {
            Op::Value(v) | Op::Constant { value: v, .. } => v.clone(),
            Op::Field { scope, slot } => {
                let fields = match scope {
                    FieldScope::Person => env.person,
                    FieldScope::Item => env.item,
                };
                fields
                    .get(usize::from(*slot))
                    .cloned()
                    .unwrap_or(Value::Absent)
            }
            Op::Local(i) => env
                .locals
                .get(usize::from(*i))
                .cloned()
                .ok_or_else(|| internal("local read before it is computed", self.span))?,
            Op::Figure(i) => env
                .year
                .and_then(|y| y.figures.get(usize::from(*i)))
                .cloned()
                .ok_or_else(|| internal("figure read outside a year", self.span))?,
            Op::Sum(category) => {
                let year = env
                    .year
                    .ok_or_else(|| internal("sum read outside a year", self.span))?;
                Value::Number(match category {
                    None => year.total,
                    Some(c) => year
                        .by_category
                        .get(usize::from(*c))
                        .copied()
                        .unwrap_or(Number::ZERO),
                })
            }
            Op::Exempt => Value::Bool(env.year.is_some_and(|y| y.exempt)),
            Op::Compliant => Value::Bool(env.year.is_some_and(|y| y.compliant)),
            Op::Shortfall => Value::Number(env.year.map_or(Number::ZERO, |y| y.shortfall)),
            Op::JudgedYear => Value::Year(env.judged_year),
            Op::Quantifier(every) => Value::Bool(if *every {
                env.window.iter().all(|p| *p)
            } else {
                env.window.iter().any(|p| *p)
            }),
            Op::Not(a) => Value::Bool(!a.eval_bool(env)?),
            // Numbers are computed unboxed, conditions without a `Value` on the way
            // (`super::typed`).
            Op::Arith(..) => match self.quick(env) {
                Some(n) => Value::Number(n),
                None => boxed(self.number(env)?),
            },
            Op::Neg(_) => boxed(self.number(env)?),
            Op::Compare(..) | Op::In { .. } | Op::Given { .. } => Value::Bool(self.eval_bool(env)?),
            Op::And(a, b) => Value::Bool(a.eval_bool(env)? && b.eval_bool(env)?),
            Op::Or(a, b) => Value::Bool(a.eval_bool(env)? || b.eval_bool(env)?),
            Op::Window { op, body } => {
                // One pass over the years: linear in the window's length.
                let mut acc: Option<Number> = None;
                for (i, fact) in env.facts.iter().enumerate() {
                    let year_env = Env {
                        year: Some(fact),
                        earlier: env.facts.get(..i).unwrap_or_default(),
                        ..*env
                    };
                    let n = match (op, body.eval(&year_env)?) {
                        (WindowOp::Count, Value::Bool(b)) => Number::from_int(i64::from(b)),
                        (_, Value::Number(n)) => n,
                        _ => {
                            return Err(internal("a figure over years of a non-number", self.span));
                        }
                    };
                    acc = Some(match (op, acc) {
                        (_, None) => n,
                        (WindowOp::Sum | WindowOp::Count, Some(a)) => {
                            a.checked_add(n).map_err(|e| (e, self.span))?
                        }
                        (WindowOp::Min, Some(a)) => a.min(n),
                        (WindowOp::Max, Some(a)) => a.max(n),
                    });
                }
                Value::Number(acc.unwrap_or(Number::ZERO))
            }
            Op::YearAt { body, year } => {
                let y = year.eval_year(env)?;
                // The years (or periods) are in order: the one that ends first at or after
                // `y` holds it, if it begins by then.
                let i = env.facts.partition_point(|f| f.last < y);
                let fact = env.facts.get(i).filter(|f| f.first <= y).ok_or(EvalError {
                    kind: EvalErrorKind::YearOutsideWindow { year: y },
                    span: self.span,
                })?;
                body.eval(&Env {
                    year: Some(fact),
                    earlier: env.facts.get(..i).unwrap_or_default(),
                    ..*env
                })?
            }
            Op::Previous(body) => match env.earlier.split_last() {
                None => Value::Absent,
                Some((last, before)) => body.eval(&Env {
                    year: Some(last),
                    earlier: before,
                    ..*env
                })?,
            },
            Op::Otherwise(a, b) => match a.eval(env)? {
                Value::Absent => b.eval(env)?,
                v => v,
            },
            Op::If(c, t, e) => {
                if c.eval_bool(env)? {
                    t.eval(env)?
                } else {
                    e.eval(env)?
                }
            }
            Op::Match {
                scrutinee,
                table,
                arms,
            } => {
                let Value::Enum(v) = scrutinee.eval(env)? else {
                    return Err(internal("match on a non-enumeration", self.span));
                };
                take_arm(table, arms, v, env, self.span)?.value.eval(env)?
            }
            Op::Call(f, args) => call(*f, args, env, &self.span)?,
            Op::List(items) => Value::List(
                items
                    .iter()
                    .map(|i| i.eval(env))
                    .collect::<Result<Vec<_>, _>>()?
                    .into(),
            ),
        })
    }

    /// The value of a field, a literal or a constant, where it lies (`None` for any other
    /// expression, and for a field the record does not have: those are evaluated).
    pub(super) fn value_in_place<'e>(&'e self, env: &'e Env) -> Option<&'e Value> {
        match &self.op {
            Op::Value(v) | Op::Constant { value: v, .. } => Some(v),
            Op::Field { scope, slot } => match scope {
                FieldScope::Person => env.person,
                FieldScope::Item => env.item,
            }
            .get(usize::from(*slot)),
            _ => None,
        }
    }

    /// The value of an operand: a field, literal or constant read in place (without a call
    /// of [`CExpr::eval`]), anything else evaluated.
    fn operand(&self, env: &Env) -> Result<Value, EvalError> {
        match self.value_in_place(env) {
            Some(v) => Ok(v.clone()),
            None => self.eval(env),
        }
    }

    /// For a condition that does not hold, how much its numbers lack for it to hold:
    /// `b − a` for `a >= b`, the year's shortfall for `compliant`, the least of the
    /// alternatives of an `or`, the greatest of the failing parts of an `and`. `None` when
    /// no number can make it hold (`exempt`, a test of text) or when it holds.
    pub(crate) fn deficit(&self, env: &Env) -> Result<Option<Number>, EvalError> {
        if self.eval_bool(env)? {
            return Ok(None);
        }
        let span = self.span;
        Ok(match &self.op {
            Op::Compare(op @ (CmpOp::Ge | CmpOp::Gt | CmpOp::Le | CmpOp::Lt), a, b) => {
                match (a.eval(env)?.as_number(), b.eval(env)?.as_number()) {
                    (Some(a), Some(b)) => {
                        let gap = if matches!(op, CmpOp::Ge | CmpOp::Gt) {
                            b.checked_sub(a)
                        } else {
                            a.checked_sub(b)
                        };
                        Some(
                            gap.map_err(|e| EvalError::from((e, span)))?
                                .max(Number::ZERO),
                        )
                    }
                    _ => None,
                }
            }
            Op::Compliant => env.year.map(|y| y.shortfall),
            Op::Or(a, b) => match (a.deficit(env)?, b.deficit(env)?) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            },
            Op::And(a, b) => match (a.deficit(env)?, b.deficit(env)?) {
                (Some(x), Some(y)) => Some(x.max(y)),
                // One part holds: what the other lacks; neither can be made to hold: none.
                (x, None) if b.eval_bool(env)? => x,
                (None, y) if a.eval_bool(env)? => y,
                _ => None,
            },
            _ => None,
        })
    }
}

/// Orders two values of the same type; `None` for values of different types.
pub(crate) fn compare(x: &Value, y: &Value) -> Option<Ordering> {
    Some(match (x, y) {
        (Value::Number(a), Value::Number(b)) => a.cmp(b),
        (Value::Year(a), Value::Year(b)) => a.cmp(b),
        (Value::Date(a), Value::Date(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Enum(a), Value::Enum(b)) => a.cmp(b),
        (Value::Text(a), Value::Text(b)) => a.cmp(b),
        (Value::Absent, Value::Absent) => Ordering::Equal,
        (Value::List(a), Value::List(b)) if a == b => Ordering::Equal,
        (Value::List(_), Value::List(_)) => Ordering::Less,
        _ => return None,
    })
}

pub(super) fn arith(op: ArithOp, x: Value, y: Value, span: &Span) -> Result<Value, EvalError> {
    let bad_year = || EvalError {
        kind: EvalErrorKind::BadYear,
        span: *span,
    };
    let shift = |year: i32, by: Number, sign: i64| -> Result<Value, EvalError> {
        if !by.is_integer() {
            return Err(EvalError {
                kind: EvalErrorKind::YearFraction,
                span: *span,
            });
        }
        let by = by.to_i64().ok_or_else(bad_year)?;
        // Checked: a shift by a number near `i64::MAX` is a bad year, not a wrap-around.
        sign.checked_mul(by)
            .and_then(|by| i64::from(year).checked_add(by))
            .and_then(|y| i32::try_from(y).ok())
            .filter(|y| YEAR_RANGE.contains(y))
            .map(Value::Year)
            .ok_or_else(bad_year)
    };
    match (op, x, y) {
        (ArithOp::Add, Value::Number(a), Value::Number(b)) => {
            Ok(Value::Number(a.checked_add(b).map_err(|e| (e, *span))?))
        }
        (ArithOp::Sub, Value::Number(a), Value::Number(b)) => {
            Ok(Value::Number(a.checked_sub(b).map_err(|e| (e, *span))?))
        }
        (ArithOp::Mul, Value::Number(a), Value::Number(b)) => {
            Ok(Value::Number(a.checked_mul(b).map_err(|e| (e, *span))?))
        }
        (ArithOp::Div, Value::Number(a), Value::Number(b)) => {
            Ok(Value::Number(a.checked_div(b).map_err(|e| (e, *span))?))
        }
        (ArithOp::Add, Value::Year(y), Value::Number(n))
        | (ArithOp::Add, Value::Number(n), Value::Year(y)) => shift(y, n, 1),
        (ArithOp::Sub, Value::Year(y), Value::Number(n)) => shift(y, n, -1),
        (ArithOp::Sub, Value::Year(a), Value::Year(b)) => {
            Ok(Value::Number(Number::from_int(i64::from(a) - i64::from(b))))
        }
        _ => Err(internal("arithmetic on unlike values", *span)),
    }
}

pub(super) fn call(f: Builtin, args: &[CExpr], env: &Env, span: &Span) -> Result<Value, EvalError> {
    let arg = |i: usize| -> Result<Value, EvalError> {
        args.get(i)
            .ok_or_else(|| internal("missing argument", *span))?
            .operand(env)
    };
    Ok(match f {
        Builtin::Days => match (arg(0)?, arg(1)?) {
            (Value::Date(start), Value::Date(end)) => {
                if end < start {
                    return Err(EvalError {
                        kind: EvalErrorKind::EndBeforeStart { start, end },
                        span: *span,
                    });
                }
                Value::Number(Number::from_int((end - start).num_days() + 1))
            }
            _ => return Err(internal("days() of non-dates", *span)),
        },
        Builtin::YearOf => match arg(0)? {
            Value::Date(d) => Value::Year(d.year()),
            _ => return Err(internal("year_of() of a non-date", *span)),
        },
        Builtin::AnniversaryYear => match (arg(0)?, arg(1)?) {
            // Before the anniversary of `start` in its calendar year, a date belongs to the
            // year that began at the anniversary a calendar year earlier. A start on 29
            // February has its anniversary on 1 March in other years.
            (Value::Date(d), Value::Date(start)) => {
                let before = (d.month(), d.day()) < (start.month(), start.day());
                Value::Year(d.year() - i32::from(before))
            }
            _ => return Err(internal("anniversary_year() of non-dates", *span)),
        },
        Builtin::Min | Builtin::Max => {
            let mut best: Option<Value> = None;
            for a in args {
                let v = a.eval(env)?;
                best = Some(match best {
                    None => v,
                    Some(b) => {
                        let ord = compare(&v, &b)
                            .ok_or_else(|| internal("min/max of unlike values", *span))?;
                        let take = if f == Builtin::Min {
                            ord == Ordering::Less
                        } else {
                            ord == Ordering::Greater
                        };
                        if take { v } else { b }
                    }
                });
            }
            best.ok_or_else(|| internal("min/max of nothing", *span))?
        }
        Builtin::Count => match arg(0)? {
            Value::List(items) => Value::Number(Number::from_int(items.len() as i64)),
            _ => return Err(internal("count() of a non-list", *span)),
        },
    })
}

#[cfg(test)]
mod tests;
