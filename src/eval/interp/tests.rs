//! Unit tests of the interpreter: each operation, built-in and error on small trees.
use super::*;
use crate::policy::types::{Dim, Ty};
use chrono::NaiveDate;

fn lit(v: Value) -> Box<CExpr> {
    Box::new(CExpr::value(v, Span::default(), Ty::Number(Dim::none())))
}

fn num(s: &str) -> Value {
    Value::Number(Number::parse_decimal(s).unwrap())
}

fn date(s: &str) -> Value {
    Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn eval(op: Op) -> Result<Value, EvalError> {
    CExpr {
        op,
        span: Span::default(),
        ty: Ty::Error,
    }
    .eval(&Env::constant())
}

#[test]
fn days_counts_both_ends() {
    let v = eval(Op::Call(
        Builtin::Days,
        vec![*lit(date("2023-05-10")), *lit(date("2023-05-12"))],
    ));
    assert_eq!(v, Ok(num("3")));
    let across_leap_day = eval(Op::Call(
        Builtin::Days,
        vec![*lit(date("2024-02-28")), *lit(date("2024-03-01"))],
    ));
    assert_eq!(across_leap_day, Ok(num("3")));
}

#[test]
fn anniversary_year_counts_from_the_start_date() {
    let year = |d: &str, start: &str| {
        eval(Op::Call(
            Builtin::AnniversaryYear,
            vec![*lit(date(d)), *lit(date(start))],
        ))
    };
    assert_eq!(year("2024-06-30", "2021-07-01"), Ok(Value::Year(2023)));
    assert_eq!(year("2024-07-01", "2021-07-01"), Ok(Value::Year(2024)));
    assert_eq!(year("2024-12-31", "2021-07-01"), Ok(Value::Year(2024)));
    assert_eq!(year("2023-01-01", "2021-01-01"), Ok(Value::Year(2023)));
    // A start on 29 February: the year turns on 1 March in other years.
    assert_eq!(year("2023-02-28", "2020-02-29"), Ok(Value::Year(2022)));
    assert_eq!(year("2023-03-01", "2020-02-29"), Ok(Value::Year(2023)));
    assert_eq!(year("2024-02-29", "2020-02-29"), Ok(Value::Year(2024)));
}

#[test]
fn days_with_end_before_start_is_an_error() {
    let v = eval(Op::Call(
        Builtin::Days,
        vec![*lit(date("2023-05-12")), *lit(date("2023-05-10"))],
    ));
    assert!(matches!(
        v,
        Err(EvalError {
            kind: EvalErrorKind::EndBeforeStart { .. },
            ..
        })
    ));
}

#[test]
fn years_shift_by_whole_numbers_only() {
    assert_eq!(
        eval(Op::Arith(
            ArithOp::Sub,
            lit(Value::Year(2023)),
            lit(num("2"))
        )),
        Ok(Value::Year(2021))
    );
    assert!(
        eval(Op::Arith(
            ArithOp::Add,
            lit(Value::Year(2023)),
            lit(num("0.5"))
        ))
        .is_err()
    );
    assert!(
        eval(Op::Arith(
            ArithOp::Add,
            lit(Value::Year(9999)),
            lit(num("1"))
        ))
        .is_err()
    );
}

#[test]
fn overflow_is_an_error() {
    let big = num("999999999999999999999999999999");
    assert!(matches!(
        eval(Op::Arith(ArithOp::Mul, lit(big.clone()), lit(big))),
        Err(EvalError {
            kind: EvalErrorKind::Overflow,
            ..
        })
    ));
}

#[test]
fn otherwise_replaces_absent_only() {
    assert_eq!(
        eval(Op::Otherwise(lit(Value::Absent), lit(Value::Year(2021)))),
        Ok(Value::Year(2021))
    );
    assert_eq!(
        eval(Op::Otherwise(
            lit(Value::Year(2020)),
            lit(Value::Year(2021))
        )),
        Ok(Value::Year(2020))
    );
}

#[test]
fn figures_over_the_window_and_of_one_year() {
    let year = |y: i32, total: &str, compliant: bool| YearFacts {
        first: y,
        last: y,
        figures: vec![num(total)],
        compliant,
        ..YearFacts::default()
    };
    let facts = [
        year(2021, "12", true),
        year(2022, "3.5", false),
        year(2023, "10", true),
    ];
    let env = Env {
        facts: &facts,
        ..Env::constant()
    };
    let figure = || {
        Box::new(CExpr {
            op: Op::Figure(0),
            span: Span::default(),
            ty: Ty::Number(Dim::none()),
        })
    };
    let run = |op: Op| {
        CExpr {
            op,
            span: Span::default(),
            ty: Ty::Error,
        }
        .eval(&env)
    };
    let window = |op: WindowOp| Op::Window { op, body: figure() };
    assert_eq!(run(window(WindowOp::Sum)), Ok(num("25.5")));
    assert_eq!(run(window(WindowOp::Min)), Ok(num("3.5")));
    assert_eq!(run(window(WindowOp::Max)), Ok(num("12")));
    let compliant = Box::new(CExpr {
        op: Op::Compliant,
        span: Span::default(),
        ty: Ty::Bool,
    });
    assert_eq!(
        run(Op::Window {
            op: WindowOp::Count,
            body: compliant
        }),
        Ok(num("2"))
    );
    let at = |y: i32| Op::YearAt {
        body: figure(),
        year: lit(Value::Year(y)),
    };
    assert_eq!(run(at(2022)), Ok(num("3.5")));
    assert!(matches!(
        run(at(2020)),
        Err(EvalError {
            kind: EvalErrorKind::YearOutsideWindow { year: 2020 },
            ..
        })
    ));
    // The figure of the year before the one judged; none before the first.
    let previous = CExpr {
        op: Op::Previous(figure()),
        span: Span::default(),
        ty: Ty::Error,
    };
    let after = |n: usize| Env {
        year: facts.get(n),
        earlier: facts.get(..n).unwrap_or_default(),
        ..Env::constant()
    };
    assert_eq!(previous.eval(&after(2)), Ok(num("3.5")));
    assert_eq!(previous.eval(&after(0)), Ok(Value::Absent));
    let twice = CExpr {
        op: Op::Previous(Box::new(previous.clone())),
        span: Span::default(),
        ty: Ty::Error,
    };
    assert_eq!(twice.eval(&after(2)), Ok(num("12")));
    // In periods, a year is read in the period that holds it.
    let periods = [
        YearFacts {
            last: 2022,
            ..year(2021, "20", true)
        },
        YearFacts {
            last: 2024,
            ..year(2023, "4", false)
        },
    ];
    let in_periods = Env {
        facts: &periods,
        ..Env::constant()
    };
    let at_year = |y: i32| CExpr {
        op: at(y),
        span: Span::default(),
        ty: Ty::Error,
    };
    assert_eq!(at_year(2022).eval(&in_periods), Ok(num("20")));
    assert_eq!(at_year(2023).eval(&in_periods), Ok(num("4")));
    assert_eq!(at_year(2024).eval(&in_periods), Ok(num("4")));
    assert!(at_year(2025).eval(&in_periods).is_err());
    // Over no years every figure is zero.
    let empty = Env::constant();
    let sum = CExpr {
        op: window(WindowOp::Min),
        span: Span::default(),
        ty: Ty::Error,
    };
    assert_eq!(sum.eval(&empty), Ok(num("0")));
}

#[test]
fn given_tests_presence() {
    let given = |v: Value, negate: bool| {
        eval(Op::Given {
            operand: lit(v),
            negate,
        })
    };
    assert_eq!(given(Value::Absent, false), Ok(Value::Bool(false)));
    assert_eq!(given(Value::Bool(false), false), Ok(Value::Bool(true)));
    assert_eq!(given(Value::Absent, true), Ok(Value::Bool(true)));
    assert_eq!(given(Value::Year(2020), true), Ok(Value::Bool(false)));
}

#[test]
fn max_picks_the_largest() {
    assert_eq!(
        eval(Op::Call(
            Builtin::Max,
            vec![*lit(num("-3")), *lit(num("7.5")), *lit(num("2"))]
        )),
        Ok(num("7.5"))
    );
}
