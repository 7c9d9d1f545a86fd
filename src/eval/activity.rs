//! One activity's credit (its `let` values, year, categories, formula, caps, spread, evidence
//! and `reject when` rules) and one exemption's years and rejections.

use super::error::EvalError;
use super::interp::Env;
use super::ruling::{ActivityOutcome, ExemptionOutcome, Parts, RejectionReason};
use crate::number::Number;
use crate::policy::expr::{CExpr, EvalErrorKind, Value};
use crate::policy::{CategoryId, CategoryRule, Kind, KindId, Local};

/// A block's `let` values, in order, each seeing those before it (`base` is what a rule of
/// the person sees).
fn compute_locals(rules: &[Local], base: &Env, fields: &[Value]) -> Result<Vec<Value>, EvalError> {
    let mut locals = Vec::with_capacity(rules.len());
    for local in rules {
        let env = base.with_item(fields, &locals);
        let v = local.rule.expr.eval(&env)?;
        locals.push(v);
    }
    Ok(locals)
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
/// rule of the person sees.
pub(crate) fn evaluate_activity_in(
    kind_id: KindId,
    kind: &Kind,
    base: &Env,
    fields: &[Value],
    evidence: &[u16],
    window: Option<(i32, i32)>,
) -> Result<ActivityOutcome, EvalError> {
    if !kind.year_reads_locals {
        let env = base.with_item(fields, &[]);
        let year = kind.year.expr.eval_year(&env)?;
        let span = kind.spread.as_ref().map_or(1, |s| s.years as i32);
        let last = year.saturating_add(span - 1);
        let outside = window.is_none_or(|(from, to)| last < from || year > to);
        if outside {
            let category = category_of(&kind.category, fields).unwrap_or(0);
            return Ok(ActivityOutcome {
                kind: kind_id,
                year,
                locals: Vec::new(),
                category,
                also: further_categories(kind, category, fields),
                formula: Number::ZERO,
                capped: Number::ZERO,
                cap: None,
                cap_values: Vec::new(),
                // Most kinds count in one year: no iterator to collect for them.
                parts: if last == year {
                    smallvec::smallvec![(year, Number::ZERO)]
                } else {
                    (year..=last).map(|y| (y, Number::ZERO)).collect()
                },
                spread_limit: None,
                unplaced: Number::ZERO,
                rejections: Vec::new(),
                judged: false,
            });
        }
    }
    evaluate_activity(kind_id, kind, base, fields, evidence)
}

/// How one activity of kind `kind_id` (whose rules are `kind`) fares.
pub(crate) fn evaluate_activity(
    kind_id: KindId,
    kind: &Kind,
    base: &Env,
    fields: &[Value],
    evidence: &[u16],
) -> Result<ActivityOutcome, EvalError> {
    let locals = compute_locals(&kind.locals, base, fields)?;
    let env = base.with_item(fields, &locals);
    let year = kind.year.expr.eval_year(&env)?;
    let category = category_of(&kind.category, fields).ok_or(EvalError {
        kind: EvalErrorKind::Internal("category field without a value"),
        span: kind.origin.span,
    })?;
    let also = further_categories(kind, category, fields);
    let formula = non_negative(&kind.credit.expr, &env)?;
    let mut capped = formula;
    let mut cap = None;
    let mut cap_values = Vec::with_capacity(kind.caps.len());
    for (i, rule) in kind.caps.iter().enumerate() {
        let limit = non_negative(&rule.expr, &env)?;
        cap_values.push(limit);
        if capped > limit {
            capped = limit;
            cap = Some(i);
        }
    }
    let (parts, spread_limit, unplaced) = match &kind.spread {
        None => (smallvec::smallvec![(year, capped)], None, Number::ZERO),
        Some(spread) => {
            let limit = non_negative(&spread.per_year.expr, &env)?;
            let mut remaining = capped;
            let mut parts = Parts::with_capacity(spread.years as usize);
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
            (parts, Some(limit), remaining)
        }
    };
    let mut rejections = Vec::new();
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
    Ok(ActivityOutcome {
        kind: kind_id,
        year,
        locals,
        category,
        also,
        formula,
        capped,
        cap,
        cap_values,
        parts,
        spread_limit,
        unplaced,
        rejections,
        judged: true,
    })
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

/// The further categories of `counts as a, b, …` for this activity: each once, without the
/// first (`category`), in the order written.
fn further_categories(kind: &Kind, category: CategoryId, fields: &[Value]) -> Vec<CategoryId> {
    let mut also = Vec::new();
    for rule in &kind.also {
        if let Some(c) = category_of(rule, fields)
            && c != category
            && !also.contains(&c)
        {
            also.push(c);
        }
    }
    also
}

/// How one exemption (whose fields are `fields`) fares; `base` is what a rule of the person
/// sees.
pub(crate) fn evaluate_exemption(
    rules: &crate::policy::Exemptions,
    base: &Env,
    fields: &[Value],
) -> Result<ExemptionOutcome, EvalError> {
    let locals = compute_locals(&rules.locals, base, fields)?;
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
