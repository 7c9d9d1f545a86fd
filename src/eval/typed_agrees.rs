//! The typed ways of evaluation (`super::typed`) agree with the generic way: on random
//! expressions, well typed or not, over random fields, locals and figures, every one of
//! `eval`, `eval_number`, `eval_bool` and `eval_year` gives the value or the error (kind
//! and place) and records the `match` arms that a plain walk of the tree gives, the walk
//! written here as the interpreter walked before the typed ways (each node's value built,
//! then tested).

use super::arms::ArmsTaken;
use super::error::EvalError;
use super::interp::{Env, YearFacts, arith, compare};
use crate::number::Number;
use crate::policy::expr::{
    ArithOp, Arm, Builtin, CExpr, CmpOp, EvalErrorKind, FieldScope, Op, Value,
};
use crate::policy::types::Ty;
use crate::source::Span;
use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

fn internal(what: &'static str, span: Span) -> EvalError {
    EvalError {
        kind: EvalErrorKind::Internal(what),
        span,
    }
}

/// The plain walk: every node's value built from its operands' values.
fn plain(e: &CExpr, env: &Env) -> Result<Value, EvalError> {
    let span = e.span;
    Ok(match &e.op {
        Op::Value(v) | Op::Constant { value: v, .. } => v.clone(),
        Op::Field { scope, slot } => match scope {
            FieldScope::Person => env.person,
            FieldScope::Item => env.item,
        }
        .get(usize::from(*slot))
        .cloned()
        .unwrap_or(Value::Absent),
        Op::Local(i) => env
            .locals
            .get(usize::from(*i))
            .cloned()
            .ok_or_else(|| internal("local read before it is computed", span))?,
        Op::Figure(i) => env
            .year
            .and_then(|y| y.figures.get(usize::from(*i)))
            .cloned()
            .ok_or_else(|| internal("figure read outside a year", span))?,
        Op::Sum(c) => {
            let y = env
                .year
                .ok_or_else(|| internal("sum read outside a year", span))?;
            Value::Number(match c {
                None => y.total,
                Some(c) => y
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
        Op::Not(a) => Value::Bool(!plain_bool(a, env)?),
        Op::Neg(a) => match plain(a, env)? {
            Value::Number(n) => Value::Number(n.checked_neg().map_err(|x| (x, span))?),
            _ => return Err(internal("negation of a non-number", span)),
        },
        Op::And(a, b) => Value::Bool(plain_bool(a, env)? && plain_bool(b, env)?),
        Op::Or(a, b) => Value::Bool(plain_bool(a, env)? || plain_bool(b, env)?),
        Op::Compare(op, a, b) => {
            let ord = compare(&plain(a, env)?, &plain(b, env)?)
                .ok_or_else(|| internal("comparison of unlike values", span))?;
            Value::Bool(op.holds(ord))
        }
        Op::In {
            needle,
            haystack,
            negate,
        } => {
            let x = plain(needle, env)?;
            match plain(haystack, env)? {
                Value::List(items) => Value::Bool(items.contains(&x) != *negate),
                _ => return Err(internal("`in` without a list", span)),
            }
        }
        Op::Given { operand, negate } => {
            Value::Bool(!matches!(plain(operand, env)?, Value::Absent) != *negate)
        }
        Op::Otherwise(a, b) => match plain(a, env)? {
            Value::Absent => plain(b, env)?,
            v => v,
        },
        Op::Arith(op, a, b) => arith(*op, plain(a, env)?, plain(b, env)?, &span)?,
        Op::If(c, t, f) => {
            if plain_bool(c, env)? {
                plain(t, env)?
            } else {
                plain(f, env)?
            }
        }
        Op::Match {
            scrutinee,
            table,
            arms,
        } => {
            let Value::Enum(v) = plain(scrutinee, env)? else {
                return Err(internal("match on a non-enumeration", span));
            };
            let arm = table
                .get(usize::from(v))
                .and_then(|a| arms.get(usize::from(*a)))
                .ok_or_else(|| internal("match without an arm", span))?;
            if let Some(taken) = env.arms {
                taken.push(arm.pattern.start);
            }
            plain(&arm.value, env)?
        }
        Op::Call(Builtin::Days, args) => {
            let a = plain(&args[0], env)?;
            match (a, plain(&args[1], env)?) {
                (Value::Date(start), Value::Date(end)) => {
                    if end < start {
                        return Err(EvalError {
                            kind: EvalErrorKind::EndBeforeStart { start, end },
                            span,
                        });
                    }
                    Value::Number(Number::from_int((end - start).num_days() + 1))
                }
                _ => return Err(internal("days() of non-dates", span)),
            }
        }
        Op::Call(Builtin::YearOf, args) => match plain(&args[0], env)? {
            Value::Date(d) => Value::Year(d.year()),
            _ => return Err(internal("year_of() of a non-date", span)),
        },
        Op::Call(f @ (Builtin::Min | Builtin::Max), args) => {
            let mut best: Option<Value> = None;
            for a in args {
                let v = plain(a, env)?;
                best = Some(match best {
                    None => v,
                    Some(b) => {
                        let ord = compare(&v, &b)
                            .ok_or_else(|| internal("min/max of unlike values", span))?;
                        let take = if *f == Builtin::Min {
                            ord.is_lt()
                        } else {
                            ord.is_gt()
                        };
                        if take { v } else { b }
                    }
                });
            }
            best.ok_or_else(|| internal("min/max of nothing", span))?
        }
        _ => unreachable!("not generated"),
    })
}

fn plain_bool(e: &CExpr, env: &Env) -> Result<bool, EvalError> {
    plain(e, env)?
        .as_bool()
        .ok_or_else(|| internal("condition is not a boolean", e.span))
}

fn num(n: i64, d: i64) -> Value {
    Value::Number(Number::ratio(i128::from(n), i128::from(d)).unwrap())
}

fn value() -> impl Strategy<Value = Value> {
    // Numbers and dates most often: the typed ways' shapes are made of them.
    let scalar = prop_oneof![
        1 => Just(Value::Absent),
        1 => any::<bool>().prop_map(Value::Bool),
        6 => (-40i64..200, prop::sample::select(vec![1i64, 2, 3, 4, 10]))
            .prop_map(|(n, d)| num(n, d)),
        1 => Just(num(i64::MAX, 1)),
        4 => (0i64..1500).prop_map(|d| Value::Date(
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Duration::days(d)
        )),
        1 => (2019i32..2026).prop_map(Value::Year),
        2 => (0u16..4).prop_map(Value::Enum),
        1 => prop::sample::select(vec!["a", "b"]).prop_map(|t| Value::Text(t.into())),
    ];
    prop_oneof![
        4 => scalar.clone(),
        1 => prop::collection::vec(scalar, 0..4).prop_map(|v| Value::List(v.into())),
    ]
}

fn leaf() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => value().prop_map(Op::Value),
        4 => (any::<bool>(), 0u16..7).prop_map(|(person, slot)| Op::Field {
            scope: if person { FieldScope::Person } else { FieldScope::Item },
            slot,
        }),
        1 => (0u16..3).prop_map(Op::Local),
        1 => (0u16..3).prop_map(Op::Figure),
        1 => prop::option::of(0u16..3).prop_map(Op::Sum),
        1 => prop::sample::select(vec![Op::Shortfall, Op::JudgedYear, Op::Exempt, Op::Compliant]),
    ]
}

/// A date: a literal, or the item's field 1 or 2 (dates in most items).
fn date_leaf() -> impl Strategy<Value = CExpr> {
    prop_oneof![
        (0i64..800).prop_map(|d| Op::Value(Value::Date(
            NaiveDate::from_ymd_opt(2022, 6, 1).unwrap() + chrono::Duration::days(d)
        ))),
        (1u16..3).prop_map(|slot| Op::Field {
            scope: FieldScope::Item,
            slot
        }),
    ]
    .prop_map(node)
}

fn node(op: Op) -> CExpr {
    CExpr {
        op,
        span: Span::default(),
        ty: Ty::Error,
    }
}

fn expr() -> impl Strategy<Value = CExpr> {
    leaf().prop_map(node).prop_recursive(5, 48, 3, |inner| {
        let boxed = inner.clone();
        let b = move || boxed.clone().prop_map(Box::new);
        let arith = prop::sample::select(vec![ArithOp::Add, ArithOp::Sub, ArithOp::Mul, ArithOp::Div]);
        let cmp = prop::sample::select(vec![
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Gt,
            CmpOp::Ge,
        ]);
        prop_oneof![
            4 => (arith, b(), b()).prop_map(|(o, x, y)| Op::Arith(o, x, y)),
            3 => (cmp, b(), b()).prop_map(|(o, x, y)| Op::Compare(o, x, y)),
            1 => b().prop_map(Op::Not),
            1 => b().prop_map(Op::Neg),
            1 => (b(), b()).prop_map(|(x, y)| Op::And(x, y)),
            1 => (b(), b()).prop_map(|(x, y)| Op::Or(x, y)),
            1 => (b(), b(), any::<bool>()).prop_map(|(needle, haystack, negate)| Op::In {
                needle,
                haystack,
                negate,
            }),
            1 => (b(), any::<bool>()).prop_map(|(operand, negate)| Op::Given { operand, negate }),
            1 => (b(), b()).prop_map(|(x, y)| Op::Otherwise(x, y)),
            1 => (b(), b(), b()).prop_map(|(c, t, f)| Op::If(c, t, f)),
            2 => (b(), prop::collection::vec(0u16..3, 0..5), prop::collection::vec(inner.clone(), 1..4))
                .prop_map(|(scrutinee, table, arms)| Op::Match {
                    scrutinee,
                    table,
                    arms: arms
                        .into_iter()
                        .map(|value| Arm { value, pattern: Span::default() })
                        .collect(),
                }),
            2 => (inner.clone(), inner.clone()).prop_map(|(x, y)| Op::Call(Builtin::Days, vec![x, y])),
            // The common shape: `days(start, end)` of two dates, fields or literals.
            2 => (date_leaf(), date_leaf()).prop_map(|(x, y)| Op::Call(Builtin::Days, vec![x, y])),
            1 => inner.clone().prop_map(|x| Op::Call(Builtin::YearOf, vec![x])),
            2 => (any::<bool>(), prop::collection::vec(inner.clone(), 1..4)).prop_map(|(min, args)| {
                Op::Call(if min { Builtin::Min } else { Builtin::Max }, args)
            }),
        ]
        .prop_map(node)
    })
}

/// Gives every node of `e` its own place (its order in a walk), so that errors are
/// compared with their places, and every arm its own pattern's place.
fn placed(e: &mut CExpr, next: &mut usize) {
    e.span = Span {
        start: *next,
        end: *next + 1,
    };
    *next += 1;
    if let Op::Match { arms, .. } = &mut e.op {
        for arm in arms.iter_mut() {
            arm.pattern = Span {
                start: *next,
                end: *next,
            };
            *next += 1;
        }
    }
    match &mut e.op {
        Op::Not(a) | Op::Neg(a) | Op::Given { operand: a, .. } => placed(a, next),
        Op::And(a, b)
        | Op::Or(a, b)
        | Op::Compare(_, a, b)
        | Op::Otherwise(a, b)
        | Op::Arith(_, a, b)
        | Op::In {
            needle: a,
            haystack: b,
            ..
        } => {
            placed(a, next);
            placed(b, next);
        }
        Op::If(a, b, c) => {
            placed(a, next);
            placed(b, next);
            placed(c, next);
        }
        Op::Match {
            scrutinee, arms, ..
        } => {
            placed(scrutinee, next);
            arms.iter_mut().for_each(|a| placed(&mut a.value, next));
        }
        Op::Call(_, args) => args.iter_mut().for_each(|a| placed(a, next)),
        _ => {}
    }
}

/// A result and the arms it took, evaluated with a recorder when `record`.
fn run<T>(
    record: bool,
    env: &Env,
    f: impl FnOnce(&Env) -> Result<T, EvalError>,
) -> (Result<T, EvalError>, Vec<usize>) {
    let arms = ArmsTaken::default();
    let env = env.taking(record.then_some(&arms));
    let out = f(&env);
    (out, arms.into_taken())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn typed_ways_agree_with_the_plain_walk(
        mut e in expr(),
        person in prop::collection::vec(value(), 0..6),
        typed_item in any::<bool>(),
        days in (0i64..800, 0i64..800),
        item in prop::collection::vec(value(), 0..6),
        locals in prop::collection::vec(value(), 0..3),
        figures in prop::collection::vec(value(), 0..3),
        sums in prop::collection::vec((-40i64..200, 1i64..5), 0..3),
        in_year in any::<bool>(),
        flags in any::<(bool, bool, bool)>(),
    ) {
        placed(&mut e, &mut 0);
        let n = |(a, b): (i64, i64)| Number::ratio(i128::from(a), i128::from(b)).unwrap();
        let facts = YearFacts {
            first: 2023,
            last: 2023,
            by_category: sums.iter().copied().map(n).collect(),
            total: n((17, 2)),
            figures,
            exempt: flags.0,
            compliant: flags.1,
            shortfall: n((9, 4)),
        };
        // Most items are of the shapes kinds declare: a number, two dates, an enum.
        let mut item = item;
        if typed_item {
            let day = |d: i64| Value::Date(NaiveDate::from_ymd_opt(2022, 6, 1).unwrap() + chrono::Duration::days(d));
            let head = [num(15, 2), day(days.0), day(days.1), Value::Enum(1)];
            item.splice(0..item.len().min(4), head);
        }
        let base = Env::of_item(&person, &item, &locals, 2023);
        let env = if in_year { base.with_year(&facts) } else { base };
        let record = flags.2;
        let want = run(record, &env, |env| plain(&e, env));
        prop_assert_eq!(&run(record, &env, |env| e.eval(env)), &want);
        let number = |v: Value| v.as_number().ok_or_else(|| internal("amount is not a number", e.span));
        prop_assert_eq!(
            run(record, &env, |env| e.eval_number(env)),
            (want.0.clone().and_then(number), want.1.clone())
        );
        let boolean = |v: Value| v.as_bool().ok_or_else(|| internal("condition is not a boolean", e.span));
        prop_assert_eq!(
            run(record, &env, |env| e.eval_bool(env)),
            (want.0.clone().and_then(boolean), want.1.clone())
        );
        let year = |v: Value| v.as_year().ok_or_else(|| internal("value is not a year", e.span));
        prop_assert_eq!(
            run(record, &env, |env| e.eval_year(env)),
            (want.0.clone().and_then(year), want.1.clone())
        );
    }
}
