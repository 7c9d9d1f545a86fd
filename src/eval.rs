//! Evaluation: a decoded person and a compiled policy give a [`Ruling`].
//!
//! The machine, in order:
//! 1. each activity: its `let` values, the year it counts in, its category, the credit
//!    formula, the caps (applied in order, the smallest binding), the spread over years, and
//!    the evidence and `reject when` rules that make it credit nothing;
//! 2. each exemption: the years it covers, and the first `reject when` rule that holds;
//! 3. the purpose's window of years; for each year, the credited hours by category, the
//!    year block's figures, its requirements, whether it is exempt or compliant, the hours to
//!    make up, and the purpose's test of the year;
//! 4. the purpose's status rules, first match wins.
//!
//! Nothing here looks a name up: every rule is a compiled expression over slots.

use crate::number::Number;
use crate::policy::expr::{CExpr, CmpOp, Env, EvalError, EvalErrorKind, Value, YearFacts};
use crate::policy::{CategoryRule, Kind, KindId, Policy, PurposeId, Window};
use crate::record::decode::{ACTIVITIES, EXEMPTIONS};
use crate::record::{Person, RecordError, RecordErrorKind};
use crate::ruling::*;

/// The most years a purpose may examine for one record.
pub const MAX_WINDOW: i64 = 200;

/// Evaluates a person for a purpose and a year.
pub fn evaluate(
    policy: &Policy,
    person: &Person,
    purpose: PurposeId,
    judged_year: i32,
) -> Result<Ruling, Vec<RecordError>> {
    let purpose_rules = &policy.purposes[usize::from(purpose)];
    let whole = |e: EvalError| vec![eval_error(String::new(), e, None)];
    let env = Env {
        person: &person.fields,
        item: &[],
        locals: &[],
        year: None,
        judged_year,
        window: &[],
    };
    let (from, to) = match &purpose_rules.window {
        Window::Single(rule) => {
            let y = rule.expr.eval_year(&env).map_err(whole)?;
            (y, y)
        }
        Window::Range { from, to, .. } => (
            from.eval_year(&env).map_err(whole)?,
            to.eval_year(&env).map_err(whole)?,
        ),
    };
    if i64::from(to) - i64::from(from) >= MAX_WINDOW {
        return Err(vec![RecordError {
            path: String::new(),
            kind: RecordErrorKind::WindowTooLarge { from, to },
            at: None,
        }]);
    }
    let mut errors = Vec::new();
    let mut activities = Vec::with_capacity(person.activities.len());
    for (i, activity) in person.activities.iter().enumerate() {
        let kind = &policy.kinds[usize::from(activity.kind)];
        let window = (from <= to).then_some((from, to));
        match evaluate_activity_in(
            activity.kind,
            kind,
            person,
            &activity.fields,
            &activity.evidence_ids,
            judged_year,
            window,
        ) {
            Ok(outcome) => activities.push(outcome),
            Err(e) => errors.push(eval_error(format!("{ACTIVITIES}[{i}]"), e, activity.line)),
        }
    }
    let mut exemptions = Vec::with_capacity(person.exemptions.len());
    if let Some(rules) = &policy.exemption {
        for (i, exemption) in person.exemptions.iter().enumerate() {
            match evaluate_exemption(rules, person, &exemption.fields, judged_year) {
                Ok(outcome) => exemptions.push(outcome),
                Err(e) => errors.push(eval_error(format!("{EXEMPTIONS}[{i}]"), e, exemption.line)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut years = Vec::new();
    let mut facts = Vec::new();
    for year in from..=to {
        let (ruling, fact) = judge_year(
            policy,
            Some(purpose_rules),
            person,
            &activities,
            &exemptions,
            year,
            judged_year,
        )
        .map_err(whole)?;
        years.push(ruling);
        facts.push(fact);
    }
    let window: Vec<bool> = years.iter().map(|y| y.passes.unwrap_or(false)).collect();
    let single = matches!(purpose_rules.window, Window::Single(_));
    let env = Env {
        person: &person.fields,
        item: &[],
        locals: &[],
        year: if single { facts.first() } else { None },
        judged_year,
        window: &window,
    };
    let mut status = purpose_rules.statuses.len().saturating_sub(1);
    for (i, rule) in purpose_rules.statuses.iter().enumerate() {
        let holds = match &rule.when {
            Some(when) => when.eval_bool(&env).map_err(whole)?,
            None => true,
        };
        if holds {
            status = i;
            break;
        }
    }
    Ok(Ruling {
        purpose,
        judged_year,
        status,
        years,
        activities,
        exemptions,
    })
}

fn eval_error(path: String, e: EvalError, line: Option<usize>) -> RecordError {
    RecordError {
        path,
        kind: RecordErrorKind::Evaluation {
            error: e.kind,
            span: e.span,
        },
        at: line.map(|line| crate::source::LineCol { line, column: 1 }),
    }
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
/// rules are not evaluated (`judged` is false). `None` examines every year.
pub fn evaluate_activity_in(
    kind_id: KindId,
    kind: &Kind,
    person: &Person,
    fields: &[Value],
    evidence: &[u16],
    judged_year: i32,
    window: Option<(i32, i32)>,
) -> Result<ActivityOutcome, EvalError> {
    if !kind.year_reads_locals {
        let env = Env {
            person: &person.fields,
            item: fields,
            locals: &[],
            year: None,
            judged_year,
            window: &[],
        };
        let year = kind.year.expr.eval_year(&env)?;
        let span = kind.spread.as_ref().map_or(1, |s| s.years as i32);
        let last = year.saturating_add(span - 1);
        let outside = window.is_none_or(|(from, to)| last < from || year > to);
        if outside {
            let category = match &kind.category {
                CategoryRule::Fixed(c, _) => *c,
                CategoryRule::FromField { slot, by_value, .. } => {
                    match fields.get(usize::from(*slot)) {
                        Some(Value::Enum(v)) => by_value.get(usize::from(*v)).copied().unwrap_or(0),
                        _ => 0,
                    }
                }
            };
            return Ok(ActivityOutcome {
                kind: kind_id,
                year,
                locals: Vec::new(),
                category,
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
    evaluate_activity(kind_id, kind, person, fields, evidence, judged_year)
}

/// How one activity of kind `kind_id` (whose rules are `kind`) fares.
pub fn evaluate_activity(
    kind_id: KindId,
    kind: &Kind,
    person: &Person,
    fields: &[Value],
    evidence: &[u16],
    judged_year: i32,
) -> Result<ActivityOutcome, EvalError> {
    let mut locals = Vec::with_capacity(kind.locals.len());
    for local in &kind.locals {
        let env = Env {
            person: &person.fields,
            item: fields,
            locals: &locals,
            year: None,
            judged_year,
            window: &[],
        };
        let v = local.rule.expr.eval(&env)?;
        locals.push(v);
    }
    let env = Env {
        person: &person.fields,
        item: fields,
        locals: &locals,
        year: None,
        judged_year,
        window: &[],
    };
    let year = kind.year.expr.eval_year(&env)?;
    let category = match &kind.category {
        CategoryRule::Fixed(c, _) => *c,
        CategoryRule::FromField { slot, by_value, .. } => match fields.get(usize::from(*slot)) {
            Some(Value::Enum(v)) => by_value.get(usize::from(*v)).copied().unwrap_or(0),
            _ => {
                return Err(EvalError {
                    kind: EvalErrorKind::Internal("category field without a value"),
                    span: kind.origin.span,
                });
            }
        },
    };
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

fn evaluate_exemption(
    rules: &crate::policy::Exemptions,
    person: &Person,
    fields: &[Value],
    judged_year: i32,
) -> Result<ExemptionOutcome, EvalError> {
    let mut locals = Vec::with_capacity(rules.locals.len());
    for local in &rules.locals {
        let env = Env {
            person: &person.fields,
            item: fields,
            locals: &locals,
            year: None,
            judged_year,
            window: &[],
        };
        let v = local.rule.expr.eval(&env)?;
        locals.push(v);
    }
    let env = Env {
        person: &person.fields,
        item: fields,
        locals: &locals,
        year: None,
        judged_year,
        window: &[],
    };
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

/// Judges one year: credits, figures, requirements, exemption, shortfall, and the
/// purpose's test of the year when a purpose is given.
pub fn judge_year(
    policy: &Policy,
    purpose: Option<&crate::policy::Purpose>,
    person: &Person,
    activities: &[ActivityOutcome],
    exemptions: &[ExemptionOutcome],
    year: i32,
    judged_year: i32,
) -> Result<(YearRuling, YearFacts), EvalError> {
    let mut by_category = vec![Number::ZERO; policy.categories.len()];
    let mut total = Number::ZERO;
    let mut credits = Vec::new();
    let mut rejected = Vec::new();
    for (i, a) in activities.iter().enumerate() {
        let Some(hours) = a.hours_in(year).filter(|_| a.judged) else {
            continue;
        };
        if !a.credited() {
            rejected.push(i);
            continue;
        }
        let span = policy.kinds[usize::from(a.kind)].credit.origin.span;
        total = total.checked_add(hours).map_err(|e| (e, span))?;
        if let Some(c) = by_category.get_mut(usize::from(a.category)) {
            *c = c.checked_add(hours).map_err(|e| (e, span))?;
        }
        credits.push((i, hours));
    }
    let mut exempt = false;
    let mut named = Vec::new();
    for (i, e) in exemptions.iter().enumerate() {
        if e.years.contains(&year) {
            named.push(i);
            exempt |= e.applies();
        }
    }
    let mut facts = YearFacts {
        by_category: by_category.clone(),
        total,
        figures: Vec::with_capacity(policy.year.figures.len()),
        exempt,
        compliant: false,
        shortfall: Number::ZERO,
    };
    let mut figures = Vec::with_capacity(policy.year.figures.len());
    for figure in &policy.year.figures {
        let env = year_env(person, &facts, judged_year);
        let v = figure.rule.expr.eval_number(&env)?;
        figures.push(v);
        facts.figures.push(Value::Number(v));
    }
    let mut requirements = Vec::with_capacity(policy.year.requirements.len());
    let mut compliant = true;
    for r in &policy.year.requirements {
        let env = year_env(person, &facts, judged_year);
        let lhs = r.lhs.eval_number(&env)?;
        let rhs = r.rhs.eval_number(&env)?;
        let met = match r.op {
            CmpOp::Eq => lhs == rhs,
            CmpOp::Ne => lhs != rhs,
            CmpOp::Lt => lhs < rhs,
            CmpOp::Le => lhs <= rhs,
            CmpOp::Gt => lhs > rhs,
            CmpOp::Ge => lhs >= rhs,
        };
        compliant &= met;
        requirements.push(RequirementOutcome { lhs, rhs, met });
    }
    facts.compliant = compliant;
    let shortfall = if exempt || compliant {
        Number::ZERO
    } else {
        match &policy.year.shortfall {
            Some(rule) => {
                let env = year_env(person, &facts, judged_year);
                rule.expr.eval_number(&env)?.max(Number::ZERO)
            }
            None => {
                let mut most = Number::ZERO;
                for (r, o) in policy.year.requirements.iter().zip(&requirements) {
                    if o.met {
                        continue;
                    }
                    let gap = match r.op {
                        CmpOp::Ge | CmpOp::Gt => o.rhs.checked_sub(o.lhs),
                        _ => o.lhs.checked_sub(o.rhs),
                    }
                    .map_err(|e| (e, r.origin.span))?;
                    most = most.max(gap);
                }
                most
            }
        }
    };
    facts.shortfall = shortfall;
    let (passes, lacking) = match purpose.and_then(|p| p.passes.as_ref()) {
        Some(rule) => {
            let env = year_env(person, &facts, judged_year);
            let passes = rule.expr.eval_bool(&env)?;
            let lacking = if passes {
                None
            } else {
                rule.expr.deficit(&env)?
            };
            (Some(passes), lacking)
        }
        None => (None, None),
    };
    let status = if exempt {
        YearStatus::Exempt
    } else if compliant {
        YearStatus::Compliant
    } else {
        YearStatus::Shortfall
    };
    Ok((
        YearRuling {
            year,
            status,
            passes,
            lacking,
            total,
            by_category,
            figures,
            requirements,
            shortfall,
            credits,
            rejected,
            exemptions: named,
        },
        facts,
    ))
}

fn year_env<'a>(person: &'a Person, facts: &'a YearFacts, judged_year: i32) -> Env<'a> {
    Env {
        person: &person.fields,
        item: &[],
        locals: &[],
        year: Some(facts),
        judged_year,
        window: &[],
    }
}
