//! The search of the least hours to make up, on gaps written out by hand: linear, bent by
//! `max` and `min`, strict, never met, capped, and already met.

use super::{Found, Gap, least};
use crate::number::{ArithmeticError, Number};

fn n(v: i64) -> Number {
    Number::from_int(v)
}

fn q(a: i128, b: i128) -> Number {
    Number::ratio(a, b).unwrap_or(Number::ZERO)
}

/// A non-strict gap of requirement `r`.
fn ge(r: usize, value: Number) -> Gap {
    Gap {
        requirement: r,
        value,
        strict: false,
    }
}

type Gaps = Result<Vec<Gap>, ArithmeticError>;

/// The notice under its other reading: total ≥ 90 and specialty ≥ ⅔ × total, for a year of
/// `total` hours of which `specialty` are specialty, with `x` specialty hours added.
fn own_total(total: i64, specialty: i64) -> impl FnMut(Number) -> Gaps {
    move |x| {
        let t = n(total).checked_add(x)?;
        let s = n(specialty).checked_add(x)?;
        Ok(vec![
            ge(0, t.checked_sub(n(90))?),
            ge(1, s.checked_sub(q(2, 3).checked_mul(t)?)?),
        ])
    }
}

#[test]
fn a_linear_requirement_is_solved_exactly() {
    // 70 + x ≥ ⅔ (150 + x)  ⇔  x ≥ 90
    assert_eq!(least(None, own_total(150, 70)), Ok(Found::Least(n(90))));
    // 30 + x ≥ 90 binds; the share holds whatever x
    assert_eq!(least(None, own_total(30, 30)), Ok(Found::Least(n(60))));
    // 40 + x ≥ 90 and 10 + x ≥ ⅔ (40 + x) (x ≥ 50): both bind at 50
    assert_eq!(least(None, own_total(40, 10)), Ok(Found::Least(n(50))));
    // a root that is not whole: 1 + x ≥ ⅔ (92 + x)  ⇔  x ≥ 181
    assert_eq!(least(None, own_total(92, 1)), Ok(Found::Least(n(181))));
    // 100 + x ≥ 90; 0 + x ≥ ⅔ (100 + x) ⇔ x ≥ 200
    assert_eq!(least(None, own_total(100, 0)), Ok(Found::Least(n(200))));
}

#[test]
fn a_fraction_of_an_hour_is_exact() {
    // x ≥ 10/3
    let gaps = |x: Number| -> Gaps { Ok(vec![ge(0, n(3).checked_mul(x)?.checked_sub(n(10))?)]) };
    assert_eq!(least(None, gaps), Ok(Found::Least(q(10, 3))));
}

#[test]
fn a_year_already_compliant_makes_up_nothing() {
    assert_eq!(
        least(None, own_total(120, 90)),
        Ok(Found::Least(Number::ZERO))
    );
}

#[test]
fn max_bends_a_requirement_past_the_first_secant() {
    // max(x/4 - 10, 2x - 60) ≥ 0: the shallow piece's root (40) overshoots; the least is 30,
    // on the steep piece (the bend is at 200/7)
    let gaps = |x: Number| -> Gaps {
        let a = x.checked_div(n(4))?.checked_sub(n(10))?;
        let b = n(2).checked_mul(x)?.checked_sub(n(60))?;
        Ok(vec![ge(0, a.max(b))])
    };
    assert_eq!(least(None, gaps), Ok(Found::Least(n(30))));
}

#[test]
fn min_bends_a_requirement_before_its_root() {
    // min(2x - 10, x/2 - 5) ≥ 0: the first piece's root (5) is not enough; the least is 10
    let gaps = |x: Number| -> Gaps {
        let a = n(2).checked_mul(x)?.checked_sub(n(10))?;
        let b = x.checked_div(n(2))?.checked_sub(n(5))?;
        Ok(vec![ge(0, a.min(b))])
    };
    assert_eq!(least(None, gaps), Ok(Found::Least(n(10))));
    // a floor then a rise: max(0, x - 50) ≥ 20 is flat until 50, met from 70
    let flat = |x: Number| -> Gaps {
        let v = Number::ZERO.max(x.checked_sub(n(50))?);
        Ok(vec![ge(0, v.checked_sub(n(20))?)])
    };
    assert_eq!(least(None, flat), Ok(Found::Least(n(70))));
}

#[test]
fn if_steps_a_requirement_up_at_its_answer() {
    // a bonus of 10 from 10 added hours on: 70 + x + (if x ≥ 10 then 10 else 0) ≥ 90 holds
    // from 10 on and for nothing below (80 + x < 90 there)
    let gaps = |x: Number| -> Gaps {
        let bonus = if x >= n(10) { n(10) } else { n(0) };
        Ok(vec![ge(
            0,
            n(70)
                .checked_add(x)?
                .checked_add(bonus)?
                .checked_sub(n(90))?,
        )])
    };
    assert_eq!(least(None, gaps), Ok(Found::Least(n(10))));
    // the step lands inside: 70 + x + (if x ≥ 5 then 10 else 0) ≥ 90 from 10 on
    let inside = |x: Number| -> Gaps {
        let bonus = if x >= n(5) { n(10) } else { n(0) };
        Ok(vec![ge(
            0,
            n(70)
                .checked_add(x)?
                .checked_add(bonus)?
                .checked_sub(n(90))?,
        )])
    };
    assert_eq!(least(None, inside), Ok(Found::Least(n(10))));
}

#[test]
fn a_strict_requirement_has_no_least_amount() {
    // x > 10: every amount above 10 meets it, none is the least
    let gaps = |x: Number| -> Gaps {
        Ok(vec![Gap {
            requirement: 0,
            value: x.checked_sub(n(10))?,
            strict: true,
        }])
    };
    assert_eq!(least(None, gaps), Ok(Found::NoLeast));
    // a strict requirement the added hours leave met is no obstacle
    let met = |x: Number| -> Gaps {
        Ok(vec![
            Gap {
                requirement: 0,
                value: n(5),
                strict: true,
            },
            ge(1, x.checked_sub(n(10))?),
        ])
    };
    assert_eq!(least(None, met), Ok(Found::Least(n(10))));
}

#[test]
fn a_requirement_added_hours_never_meet_is_named() {
    // public ≥ 30 with 10 public hours: specialty hours never change it
    let gaps = |x: Number| -> Gaps {
        Ok(vec![
            ge(0, x.checked_sub(n(20))?),
            ge(1, n(10).checked_sub(n(30))?),
        ])
    };
    assert_eq!(least(None, gaps), Ok(Found::Unreachable(1)));
    // public ≥ ⅓ × total: it shrinks as specialty hours are added
    let shrinking = |x: Number| -> Gaps {
        let total = n(90).checked_add(x)?;
        Ok(vec![ge(0, n(20).checked_sub(total.checked_div(n(3))?)?)])
    };
    assert_eq!(least(None, shrinking), Ok(Found::Unreachable(0)));
}

#[test]
fn a_cap_limits_what_can_be_made_up() {
    // x ≥ 15 under a cap that leaves 20: met at 15
    let gaps = |x: Number| -> Gaps { Ok(vec![ge(0, x.min(n(20)).checked_sub(n(15))?)]) };
    assert_eq!(least(Some(n(20)), gaps), Ok(Found::Least(n(15))));
    // x ≥ 25 under a cap that leaves 20: never
    let beyond = |x: Number| -> Gaps { Ok(vec![ge(0, x.min(n(20)).checked_sub(n(25))?)]) };
    assert_eq!(least(Some(n(20)), beyond), Ok(Found::Unreachable(0)));
    // a cap already reached
    let full = |x: Number| -> Gaps { Ok(vec![ge(0, x.min(n(0)).checked_sub(n(1))?)]) };
    assert_eq!(least(Some(n(0)), full), Ok(Found::Unreachable(0)));
}

#[test]
fn an_equality_is_met_at_its_point() {
    // specialty == 60 with 45: x = 15 exactly (two gaps, both ways)
    let gaps = |x: Number| -> Gaps {
        let s = n(45).checked_add(x)?;
        Ok(vec![
            ge(0, s.checked_sub(n(60))?),
            ge(0, n(60).checked_sub(s)?),
        ])
    };
    assert_eq!(least(None, gaps), Ok(Found::Least(n(15))));
}

#[test]
fn an_evaluation_error_ends_the_search() {
    let gaps = |_: Number| -> Gaps { Err(ArithmeticError::DivisionByZero) };
    assert_eq!(least(None, gaps), Err(ArithmeticError::DivisionByZero));
}

#[test]
fn a_linear_year_takes_few_evaluations_and_none_takes_more_than_the_steps() {
    let mut count = 0;
    let mut inner = own_total(150, 70);
    let counted = |x: Number| -> Gaps {
        count += 1;
        inner(x)
    };
    assert_eq!(least(None, counted), Ok(Found::Least(n(90))));
    // 0, the probe, the secant's root, the midpoint that proves it the least
    assert_eq!(count, 4);
    let mut strict = 0;
    let gaps = |x: Number| -> Gaps {
        strict += 1;
        Ok(vec![Gap {
            requirement: 0,
            value: x.checked_sub(n(10))?,
            strict: true,
        }])
    };
    assert_eq!(least(None, gaps), Ok(Found::NoLeast));
    assert!(strict <= super::STEPS, "{strict}");
}
