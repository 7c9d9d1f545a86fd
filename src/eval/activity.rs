//! One activity's credit (its `let` values, year, categories, formula, caps, spread, evidence
//! and `reject when` rules) and one exemption's years and rejections.

use super::error::EvalError;
use super::interp::Env;
use super::ruling::{ActivityOutcome, ExemptionOutcome, Parts, RejectionReason};
use crate::number::Number;
use crate::policy::expr::{CExpr, EvalErrorKind, Value};
use crate::policy::{CategoryId, CategoryRule, Kind, KindId, Local};

/// A block's `let` values, in order, each seeing those before it (`base` is what a rule of
/// the person sees), written into `locals` (what it held before is dropped).
fn compute_locals(
    rules: &[Local],
    base: &Env,
    fields: &[Value],
    locals: &mut Vec<Value>,
) -> Result<(), EvalError> {
    locals.clear();
    locals.reserve(rules.len());
    for local in rules {
        let env = base.with_item(fields, locals);
        let v = local.rule.expr.eval(&env)?;
        locals.push(v);
    }
    Ok(())
}

fn non_negative(expr: &CExpr, env: &Env) -> Result<Number, EvalError> {
    let n = expr.eval_number(env)?;
    if n.is_negative() {
        return Err(EvalError {
            kind: EvalErrorKind::Negative,
            span: expr.span,
        });
    }
    Ok(n)
}

/// How one activity fares when only the years of `window` (first and last) are examined:
/// an activity that can count in none of them is attributed to its years but its credit
/// rules are not evaluated (`judged` is false). `None` examines every year. `base` is what a
/// rule of the person sees. Written into `out`, an outcome of an earlier activity (or
/// record) whose buffers are filled again: every field of it is overwritten.
pub(crate) fn evaluate_activity_in(
    kind_id: KindId,
    kind: &Kind,
    base: &Env,
    fields: &[Value],
    evidence: &[u16],
    window: Option<(i32, i32)>,
    out: &mut ActivityOutcome,
) -> Result<(), EvalError> {
    if !kind.year_reads_locals {
        let env = base.with_item(fields, &[]);
        let year = kind.year.expr.eval_year(&env)?;
        let span = kind.spread.as_ref().map_or(1, |s| s.years as i32);
        let last = year.saturating_add(span - 1);
        let outside = window.is_none_or(|(from, to)| last < from || year > to);
        if outside {
            let category = category_of(&kind.category, fields).unwrap_or(0);
            out.kind = kind_id;
            out.year = year;
            out.locals.clear();
            out.category = category;
            further_categories(kind, category, fields, &mut out.also);
            out.formula = Number::ZERO;
            out.capped = Number::ZERO;
            out.cap = None;
            out.cap_values.clear();
            // Most kinds count in one year: no iterator to go through for them.
            out.parts.clear();
            if last == year {
                out.parts.push((year, Number::ZERO));
            } else {
                out.parts.extend((year..=last).map(|y| (y, Number::ZERO)));
            }
            out.spread_limit = None;
            out.unplaced = Number::ZERO;
            out.rejections.clear();
            out.judged = false;
            return Ok(());
        }
    }
    evaluate_activity(kind_id, kind, base, fields, evidence, out)
}

/// An activity outcome to fill (see [`evaluate_activity_in`]).
pub(crate) fn no_outcome() -> ActivityOutcome {
    ActivityOutcome {
        kind: 0,
        year: 0,
        locals: Vec::new(),
        category: 0,
        also: Vec::new(),
        formula: Number::ZERO,
        capped: Number::ZERO,
        cap: None,
        cap_values: Vec::new(),
        parts: Parts::new(),
        spread_limit: None,
        unplaced: Number::ZERO,
        rejections: Vec::new(),
        judged: false,
    }
}

/// How one activity of kind `kind_id` (whose rules are `kind`) fares, written into `out`
/// (every field of it overwritten).
pub(crate) fn evaluate_activity(
    kind_id: KindId,
    kind: &Kind,
    base: &Env,
    fields: &[Value],
    evidence: &[u16],
    out: &mut ActivityOutcome,
) -> Result<(), EvalError> {
    compute_locals(&kind.locals, base, fields, &mut out.locals)?;
    let env = base.with_item(fields, &out.locals);
    let year = kind.year.expr.eval_year(&env)?;
    let category = category_of(&kind.category, fields).ok_or(EvalError {
        kind: EvalErrorKind::Internal("category field without a value"),
        span: kind.origin.span,
    })?;
    further_categories(kind, category, fields, &mut out.also);
    let formula = non_negative(&kind.credit.expr, &env)?;
    let mut capped = formula;
    let mut cap = None;
    out.cap_values.clear();
    out.cap_values.reserve(kind.caps.len());
    for (i, rule) in kind.caps.iter().enumerate() {
        let limit = non_negative(&rule.expr, &env)?;
        out.cap_values.push(limit);
        if capped > limit {
            capped = limit;
            cap = Some(i);
        }
    }
    let parts = &mut out.parts;
    parts.clear();
    let (spread_limit, unplaced) = match &kind.spread {
        None => {
            parts.push((year, capped));
            (None, Number::ZERO)
        }
        Some(spread) => {
            let limit = non_negative(&spread.per_year.expr, &env)?;
            let mut remaining = capped;
            parts.reserve(spread.years as usize);
            for k in 0..spread.years {
                let part = remaining.min(limit);
                let y = year.checked_add(k as i32).ok_or(EvalError {
                    kind: EvalErrorKind::BadYear,
                    span: spread.origin.span,
                })?;
                if k == 0 || !part.is_zero() {
                    parts.push((y, part));
                }
                remaining = remaining
                    .checked_sub(part)
                    .map_err(|e| (e, spread.origin.span))?;
            }
            (Some(limit), remaining)
        }
    };
    let rejections = &mut out.rejections;
    rejections.clear();
    for (i, rule) in kind.evidence.iter().enumerate() {
        let have = |id: &u16| evidence.binary_search(id).is_ok();
        let missing: Vec<u16> = if rule.all {
            rule.names.iter().filter(|n| !have(n)).copied().collect()
        } else if rule.names.iter().any(have) {
            Vec::new()
        } else {
            rule.names.clone()
        };
        if !missing.is_empty() {
            rejections.push(RejectionReason::Evidence { rule: i, missing });
        }
    }
    for (i, rule) in kind.rejections.iter().enumerate() {
        if rule.rule.expr.eval_bool(&env)? {
            rejections.push(RejectionReason::Rule { rule: i });
        }
    }
    out.kind = kind_id;
    out.year = year;
    out.category = category;
    out.formula = formula;
    out.capped = capped;
    out.cap = cap;
    out.spread_limit = spread_limit;
    out.unplaced = unplaced;
    out.judged = true;
    Ok(())
}

/// The category a `counts as` rule gives an activity whose fields are `fields`; `None` when
/// the field that names it has no value (the checker requires it).
fn category_of(rule: &CategoryRule, fields: &[Value]) -> Option<CategoryId> {
    match rule {
        CategoryRule::Fixed(c, _) => Some(*c),
        CategoryRule::FromField { slot, by_value, .. } => match fields.get(usize::from(*slot)) {
            Some(Value::Enum(v)) => Some(by_value.get(usize::from(*v)).copied().unwrap_or(0)),
            _ => None,
        },
    }
}

/// The further categories of `counts as a, b, …` for this activity, written into `also`:
/// each once, without the first (`category`), in the order written.
fn further_categories(
    kind: &Kind,
    category: CategoryId,
    fields: &[Value],
    also: &mut Vec<CategoryId>,
) {
    also.clear();
    for rule in &kind.also {
        if let Some(c) = category_of(rule, fields)
            && c != category
            && !also.contains(&c)
        {
            also.push(c);
        }
    }
}

/// How one exemption (whose fields are `fields`) fares; `base` is what a rule of the person
/// sees.
pub(crate) fn evaluate_exemption(
    rules: &crate::policy::Exemptions,
    base: &Env,
    fields: &[Value],
) -> Result<ExemptionOutcome, EvalError> {
    let mut locals = Vec::new();
    compute_locals(&rules.locals, base, fields, &mut locals)?;
    let env = base.with_item(fields, &locals);
    let years = match rules.covers.expr.eval(&env)? {
        Value::List(items) => items.iter().filter_map(Value::as_year).collect(),
        _ => Vec::new(),
    };
    let mut rejected_by = None;
    for (i, r) in rules.rejections.iter().enumerate() {
        if r.rule.expr.eval_bool(&env)? {
            rejected_by = Some(i);
            break;
        }
    }
    Ok(ExemptionOutcome { years, rejected_by })
}
