//! The hours to make up solved from the requirements:
//! `shortfall = least credits in specialty that make the year compliant` is the least `x ≥ 0`
//! such that, with `x` more credited hours in the category — counted in it and in
//! `sum of credits`, as an activity of that category alone would count, and under the
//! category's yearly cap no more than the room the cap leaves — every `require` of the year
//! block holds.
//!
//! The machine treats the year block as a black box: for an amount `x` it re-evaluates every
//! figure and requirement exactly ([`with_added`]) and reads each requirement as a *gap* that
//! must be at least zero (`lhs - rhs` for `>=`, `rhs - lhs` for `<=`, both for `==`).
//! [`least`] then searches:
//! 1. at `x = 0` the year is not compliant (else 0 is the answer);
//! 2. *march*: from the last point, a secant step — the line through the last two points of
//!    each failing gap, extended to zero; the largest of those roots is the next point (the
//!    first step probes `x = ` the largest gap). For gaps linear in `x` the step lands
//!    exactly on the answer; where `min`, `max` or `if` bend a gap it lands on the next
//!    piece, and the march goes on. A failing gap that does not grow is probed at doubling
//!    distances, then reported as never met ([`Found::Unreachable`]), as is a gap still
//!    failing when the cap's room is used up;
//! 3. *refine*: between the last failing point and the first compliant one, secant steps
//!    (from the two last points on one side, else the chord of the bracket) or halvings,
//!    until the chord of the failing gaps meets zero exactly at the compliant point and the
//!    midpoint lies on a line that stays below zero before it — the chord itself, or the line
//!    of the failing points before it when `if` steps up at the answer. Then no smaller
//!    amount in the bracket is compliant, and the point is the least.
//!
//! Every candidate is verified by evaluating the year, never assumed. The search takes at
//! most [`STEPS`] evaluations; when they run out (a strict `>` met only above a boundary, gaps
//! far from linear) it says so ([`Found::NoLeast`]), it never loops. The least amount is
//! exact for gaps that never shrink as hours are added and are piecewise linear in them (sums,
//! constants' multiples, `min`, `max`, `if`); a gap that first holds and then fails as hours
//! grow is verified too, so the answer always makes the year compliant.

use super::error::EvalError;
use super::interp::{Env, YearFacts};
use super::ruling::RequirementOutcome;
use crate::number::{ArithmeticError, Number};
use crate::policy::expr::{CmpOp, EvalErrorKind};
use crate::policy::{MakeUp, Policy};

/// The most evaluations of the year one search takes.
pub(crate) const STEPS: u32 = 100;

/// How many times the march doubles its probe for a failing gap that does not grow.
const FLAT_PROBES: u32 = 16;

/// One condition of compliance at a point: `value` must be at least zero (above zero when
/// `strict`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Gap {
    /// The requirement it comes from (its index in the year block).
    pub(crate) requirement: usize,
    /// How far the requirement is from its boundary: negative when it fails.
    pub(crate) value: Number,
    /// Whether the boundary itself fails (`>`, `<`).
    pub(crate) strict: bool,
}

impl Gap {
    fn holds(&self) -> bool {
        if self.strict {
            self.value > Number::ZERO
        } else {
            self.value >= Number::ZERO
        }
    }
}

/// What the search found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Found {
    /// The least amount that makes every gap hold.
    Least(Number),
    /// The requirement (its index) holds for no amount: added hours do not make it grow, or
    /// the category's cap leaves no more room.
    Unreachable(usize),
    /// No least amount within [`STEPS`] evaluations.
    NoLeast,
}

/// A point evaluated: the amount and its gaps.
#[derive(Debug, Clone)]
struct Point {
    x: Number,
    gaps: Vec<Gap>,
}

impl Point {
    fn compliant(&self) -> bool {
        self.gaps.iter().all(Gap::holds)
    }

    fn failing(&self) -> impl Iterator<Item = (usize, &Gap)> {
        self.gaps.iter().enumerate().filter(|(_, g)| !g.holds())
    }
}

/// Where the root of the line through `(x0, v0)` and `(x1, v1)` lies; `None` when the line
/// does not rise.
fn root(x0: Number, v0: Number, x1: Number, v1: Number) -> Result<Option<Number>, ArithmeticError> {
    let dv = v1.checked_sub(v0)?;
    let dx = x1.checked_sub(x0)?;
    if dx.is_zero() || (dv > Number::ZERO) != (dx > Number::ZERO) || dv.is_zero() {
        return Ok(None);
    }
    // x1 - v1 · dx / dv
    Ok(Some(x1.checked_sub(v1.checked_mul(dx)?.checked_div(dv)?)?))
}

/// The largest root, over the gaps failing at `at`, of the lines through `from` and `to`;
/// `Err(gap)` names a failing gap whose line does not rise.
fn secant(from: &Point, to: &Point, at: &Point) -> Result<Result<Number, usize>, ArithmeticError> {
    let mut best: Option<Number> = None;
    for (i, _) in at.failing() {
        let (Some(a), Some(b)) = (from.gaps.get(i), to.gaps.get(i)) else {
            return Ok(Err(i));
        };
        match root(from.x, a.value, to.x, b.value)? {
            Some(r) => best = Some(best.map_or(r, |b| b.max(r))),
            None => return Ok(Err(i)),
        }
    }
    Ok(best.ok_or(0))
}

/// The search's evaluations, counted.
struct Search<F> {
    gaps_at: F,
    steps: u32,
}

impl<F, E> Search<F>
where
    F: FnMut(Number) -> Result<Vec<Gap>, E>,
{
    /// The point `x`; `None` when the evaluations have run out.
    fn at(&mut self, x: Number) -> Result<Option<Point>, E> {
        if self.steps >= STEPS {
            return Ok(None);
        }
        self.steps += 1;
        Ok(Some(Point {
            x,
            gaps: (self.gaps_at)(x)?,
        }))
    }
}

/// The least `x ≥ 0` (at most `limit`, beyond which nothing changes) at which every gap
/// `gaps_at(x)` gives holds; see the module's comment. An error of `gaps_at` ends the search.
pub(crate) fn least<F, E>(limit: Option<Number>, gaps_at: F) -> Result<Found, E>
where
    F: FnMut(Number) -> Result<Vec<Gap>, E>,
{
    let mut search = Search { gaps_at, steps: 0 };
    let Some(start) = search.at(Number::ZERO)? else {
        return Ok(Found::NoLeast);
    };
    if start.compliant() {
        return Ok(Found::Least(Number::ZERO));
    }
    match march(&mut search, start, limit)? {
        Ok(Marched::Bracket(lo, hi, prev)) => {
            Ok(refine(&mut search, lo, hi, prev)?.unwrap_or(Found::NoLeast))
        }
        Ok(Marched::Done(found)) => Ok(found),
        Err(ArithmeticError::Overflow | ArithmeticError::DivisionByZero) => Ok(Found::NoLeast),
    }
}

/// Where the march ended.
enum Marched {
    /// A failing point, a compliant one after it, and the failing point before the first.
    Bracket(Point, Point, Option<Point>),
    /// An answer without a bracket.
    Done(Found),
}

/// Step 2 of the module's comment: from the failing `start`, secant steps to the right until
/// a compliant point.
fn march<F, E>(
    search: &mut Search<F>,
    start: Point,
    limit: Option<Number>,
) -> Result<Result<Marched, ArithmeticError>, E>
where
    F: FnMut(Number) -> Result<Vec<Gap>, E>,
{
    let largest = start
        .failing()
        .map(|(_, g)| g.value.checked_neg().unwrap_or(Number::ZERO))
        .max()
        .unwrap_or(Number::ZERO);
    let mut probe = largest.max(Number::ONE);
    let mut flat = 0;
    let mut lo = start;
    let mut prev: Option<Point> = None;
    loop {
        let step = match &prev {
            None => Err(0),
            Some(p) => match secant(p, &lo, &lo) {
                Ok(s) => s,
                Err(e) => return Ok(Err(e)),
            },
        };
        let next = match step {
            Ok(x) if x > lo.x => x,
            Ok(_) | Err(_) => {
                if prev.is_some() {
                    flat += 1;
                    if flat > FLAT_PROBES {
                        let gap = match step {
                            Err(i) => i,
                            Ok(_) => lo.failing().map(|(i, _)| i).next().unwrap_or(0),
                        };
                        return Ok(Ok(Marched::Done(unreachable(&lo, gap))));
                    }
                    probe = match probe.checked_add(probe) {
                        Ok(p) => p,
                        Err(e) => return Ok(Err(e)),
                    };
                }
                match lo.x.checked_add(probe) {
                    Ok(x) => x,
                    Err(e) => return Ok(Err(e)),
                }
            }
        };
        let next = match limit {
            Some(l) if next > l => {
                if lo.x >= l {
                    let gap = lo.failing().map(|(i, _)| i).next().unwrap_or(0);
                    return Ok(Ok(Marched::Done(unreachable(&lo, gap))));
                }
                l
            }
            _ => next,
        };
        let Some(p) = search.at(next)? else {
            return Ok(Ok(Marched::Done(Found::NoLeast)));
        };
        if p.compliant() {
            return Ok(Ok(Marched::Bracket(lo, p, prev)));
        }
        prev = Some(std::mem::replace(&mut lo, p));
    }
}

/// The requirement of the gap `gap` at `p`, as never met.
fn unreachable(p: &Point, gap: usize) -> Found {
    Found::Unreachable(p.gaps.get(gap).map_or(0, |g| g.requirement))
}

/// Step 3 of the module's comment: the least compliant amount between the failing `lo` and
/// the compliant `hi` (`prev_lo` the failing point before `lo`); `None` when the evaluations
/// or the arithmetic run out. Each round either proves `hi` the least, or tries the secant
/// of the two last points of one side (exact once both lie on the piece of the answer), or
/// halves the bracket.
fn refine<F, E>(
    search: &mut Search<F>,
    mut lo: Point,
    mut hi: Point,
    mut prev_lo: Option<Point>,
) -> Result<Option<Found>, E>
where
    F: FnMut(Number) -> Result<Vec<Gap>, E>,
{
    let mut prev_hi: Option<Point> = None;
    loop {
        let Ok(Ok(chord)) = secant(&lo, &hi, &lo) else {
            return Ok(None);
        };
        let Ok(half) =
            lo.x.checked_add(hi.x)
                .and_then(|s| s.checked_div(Number::from_int(2)))
        else {
            return Ok(None);
        };
        let side = [&prev_lo, &prev_hi]
            .into_iter()
            .zip([&lo, &hi])
            .filter_map(|(p, q)| p.as_ref().map(|p| (p, q)))
            .find_map(|(p, q)| match secant(p, q, &lo) {
                Ok(Ok(x)) if x > lo.x && x < hi.x => Some(x),
                _ => None,
            });
        let x = match side {
            Some(x) if chord != hi.x => x,
            _ => half,
        };
        let Some(next) = search.at(x)? else {
            return Ok(None);
        };
        // The failing gaps' chord meets zero at `hi`: `hi` is the least unless a gap bends
        // inside the bracket to reach its boundary sooner, which the midpoint shows.
        if chord >= hi.x
            && x == half
            && !next.compliant()
            && least_at_hi(prev_lo.as_ref(), &lo, &next, &hi)
        {
            return Ok(Some(Found::Least(hi.x)));
        }
        if next.compliant() {
            prev_hi = Some(std::mem::replace(&mut hi, next));
        } else {
            prev_lo = Some(std::mem::replace(&mut lo, next));
        }
    }
}

/// Whether no amount between `lo` and the midpoint `mid`'s right is compliant before `hi`, as
/// far as three points on a line show: for every gap failing at `lo` and exactly at its
/// boundary at `hi` (the gaps that bind there), the line through its values at `lo` and `mid`
/// stays below zero before `hi`, and a third point lies on it — `hi` itself (one piece from
/// `lo` to `hi`) or `prev` (one piece from `prev` past `mid`, then a bend or a step up to the
/// boundary at `hi`, as `if` makes).
fn least_at_hi(prev: Option<&Point>, lo: &Point, mid: &Point, hi: &Point) -> bool {
    lo.failing().all(|(i, a)| {
        let (Some(m), Some(b)) = (mid.gaps.get(i), hi.gaps.get(i)) else {
            return false;
        };
        if !b.value.is_zero() {
            return true;
        }
        // The line through (lo, a) and (mid, m), at x.
        let line = |x: Number| -> Result<Number, ArithmeticError> {
            let slope = m
                .value
                .checked_sub(a.value)?
                .checked_div(mid.x.checked_sub(lo.x)?)?;
            a.value
                .checked_add(slope.checked_mul(x.checked_sub(lo.x)?)?)
        };
        match line(hi.x) {
            Ok(v) if v == b.value => true,
            Ok(v) if v < Number::ZERO => prev.is_some_and(
                |p| matches!((p.gaps.get(i), line(p.x)), (Some(g), Ok(v)) if g.value == v),
            ),
            _ => false,
        }
    })
}

/// The gaps of the year block's requirements, from their values.
pub(crate) fn gaps(
    policy: &Policy,
    outcomes: &[RequirementOutcome],
) -> Result<Vec<Gap>, EvalError> {
    let mut out = Vec::with_capacity(outcomes.len());
    for (requirement, (r, o)) in policy.year.requirements.iter().zip(outcomes).enumerate() {
        let span = r.origin.span;
        let up = o.lhs.checked_sub(o.rhs).map_err(|e| (e, span))?;
        let down = o.rhs.checked_sub(o.lhs).map_err(|e| (e, span))?;
        let gap = |value, strict| Gap {
            requirement,
            value,
            strict,
        };
        match r.op {
            CmpOp::Ge => out.push(gap(up, false)),
            CmpOp::Gt => out.push(gap(up, true)),
            CmpOp::Le => out.push(gap(down, false)),
            CmpOp::Lt => out.push(gap(down, true)),
            CmpOp::Eq => {
                out.push(gap(up, false));
                out.push(gap(down, false));
            }
            // Not a requirement the checker lets through; a gap that never grows.
            CmpOp::Ne => out.push(gap(
                if o.met {
                    Number::ZERO
                } else {
                    Number::from_int(-1)
                },
                false,
            )),
        }
    }
    Ok(out)
}

/// The year's figures and requirements with `added` more credits in the make-up's category
/// (counted in it and in the total, within the room the category's yearly cap leaves).
/// `facts` are the year's own; `base` what a rule of the person sees.
pub(crate) fn with_added(
    policy: &Policy,
    base: &Env,
    facts: &YearFacts,
    make_up: &MakeUp,
    added: Number,
) -> Result<(Vec<Number>, Vec<RequirementOutcome>), EvalError> {
    let span = make_up.origin.span;
    let counted = added.min(room(policy, facts, make_up)?.unwrap_or(added));
    let mut facts = YearFacts {
        figures: Vec::with_capacity(policy.year.figures.len()),
        ..facts.clone()
    };
    if let Some(c) = facts.by_category.get_mut(usize::from(make_up.category)) {
        *c = c.checked_add(counted).map_err(|e| (e, span))?;
    }
    facts.total = facts.total.checked_add(counted).map_err(|e| (e, span))?;
    // What a probe evaluates is not what the record takes: no coverage is recorded.
    let base = Env {
        arms: None,
        ..*base
    };
    super::year::figures_and_requirements(policy, &base, &mut facts)
}

/// How much more the make-up's category can count this year under its yearly cap; `None`
/// when it has none. In a period of several years, the room of all its years (the cap of
/// each, less what the period counts already: no year counts more than its cap).
fn room(policy: &Policy, facts: &YearFacts, make_up: &MakeUp) -> Result<Option<Number>, EvalError> {
    let Some(cap) = policy
        .categories
        .get(usize::from(make_up.category))
        .and_then(|c| c.cap.as_ref())
    else {
        return Ok(None);
    };
    let so_far = facts
        .by_category
        .get(usize::from(make_up.category))
        .copied()
        .unwrap_or(Number::ZERO);
    let years = Number::from_int(i64::from(facts.last) - i64::from(facts.first) + 1);
    let room = cap
        .limit
        .checked_mul(years)
        .and_then(|limit| limit.checked_sub(so_far))
        .map_err(|e| (e, cap.rule.origin.span))?;
    Ok(Some(room.max(Number::ZERO)))
}

/// The hours to make up of a year that is not compliant: the least credits in the make-up's
/// category that make it so. A requirement no amount meets is an error at that requirement;
/// a search that finds no least amount, an error at the `shortfall` rule.
pub(crate) fn solve(
    policy: &Policy,
    base: &Env,
    facts: &YearFacts,
    make_up: &MakeUp,
) -> Result<Number, EvalError> {
    let limit = room(policy, facts, make_up)?;
    let found = match least(limit, |x| {
        let (_, outcomes) = with_added(policy, base, facts, make_up, x)?;
        gaps(policy, &outcomes)
    }) {
        Ok(found) => found,
        // The year's own figures were computed: an amount the search tries that is too
        // large (or too finely divided) to hold ends the search, not the ruling.
        Err(e) if e.kind == EvalErrorKind::Overflow => Found::NoLeast,
        Err(e) => return Err(e),
    };
    match found {
        Found::Least(x) => Ok(x),
        Found::Unreachable(r) => Err(EvalError {
            kind: EvalErrorKind::NoMakeUp {
                category: policy
                    .categories
                    .get(usize::from(make_up.category))
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
            },
            span: policy
                .year
                .requirements
                .get(r)
                .map_or(make_up.origin.span, |r| r.origin.span),
        }),
        Found::NoLeast => Err(EvalError {
            kind: EvalErrorKind::MakeUpNotFound { steps: STEPS },
            span: make_up.origin.span,
        }),
    }
}

#[cfg(test)]
#[path = "make_up_tests.rs"]
mod tests;
