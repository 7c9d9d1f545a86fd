//! One year (or period of years) judged: the credits it receives (a capped category's cut
//! in record order, per calendar year), the year block's figures and requirements, the
//! exemption that covers it, the hours to make up (solved by `super::make_up` when the
//! policy derives them from the requirements), and the purpose's test of the year.

use super::error::EvalError;
use super::interp::{Env, YearFacts};
use super::ruling::{
    ActivityOutcome, CategoryCut, ExemptionOutcome, RequirementOutcome, YearRuling, YearStatus,
};
use crate::number::Number;
use crate::policy::Policy;
use crate::policy::expr::{CmpOp, Value};
use std::ops::RangeInclusive;

/// Judges one year, or one period of several years (`years`, both ends included): credits,
/// figures, requirements, exemption, shortfall, and the purpose's test of the year when a
/// purpose is given. `base` is what a rule of the person sees; `earlier` is what is known
/// of the years (or periods) of the window judged before this one, for `… in previous
/// year`.
pub(crate) fn judge_year(
    policy: &Policy,
    purpose: Option<&crate::policy::Purpose>,
    base: &Env,
    activities: &[ActivityOutcome],
    exemptions: &[ExemptionOutcome],
    years: RangeInclusive<i32>,
    earlier: &[YearFacts],
) -> Result<(YearRuling, YearFacts), EvalError> {
    let (first, last) = (*years.start(), *years.end());
    let base = &base.after(earlier);
    let mut by_category = vec![Number::ZERO; policy.categories.len()];
    let mut total = Number::ZERO;
    let mut credits: Vec<(usize, Number)> = Vec::new();
    let mut rejected = Vec::new();
    let mut cuts = Vec::new();
    // In a period, what each category has counted in the calendar year at hand (a cap counts
    // per calendar year, also inside a period), and where each activity's credit or
    // rejection already stands, so that an activity of two of its years is listed once. One
    // year needs neither: its categories' sums are the year's, and it lists each once.
    let period = first != last;
    let mut in_year = vec![Number::ZERO; if period { policy.categories.len() } else { 0 }];
    let mut listed: Vec<Option<usize>> = vec![None; if period { activities.len() } else { 0 }];
    for year in years {
        in_year.fill(Number::ZERO);
        for (i, a) in activities.iter().enumerate() {
            let Some(hours) = a.hours_in(year).filter(|_| a.judged) else {
                continue;
            };
            if !a.credited() {
                match listed.get_mut(i) {
                    Some(Some(_)) => {}
                    Some(at) => {
                        *at = Some(rejected.len());
                        rejected.push(i);
                    }
                    None => rejected.push(i),
                }
                continue;
            }
            let span = policy.kind(a.kind).credit.origin.span;
            // A capped category counts its activities in record order until the cap is
            // reached; what lies beyond it is cut from the activity that crosses it and from
            // every later one. An activity in several capped categories is cut by the one
            // with the least room; what it counts then counts in each of its categories and
            // once in the total.
            let mut counted = hours;
            let mut binding = None;
            for id in a.categories() {
                let Some(cap) = policy
                    .categories
                    .get(usize::from(id))
                    .and_then(|cat| cat.cap.as_ref())
                else {
                    continue;
                };
                let so_far = if period { &in_year } else { &by_category }
                    .get(usize::from(id))
                    .copied()
                    .unwrap_or(Number::ZERO);
                let room = cap
                    .limit
                    .checked_sub(so_far)
                    .map_err(|e| (e, cap.rule.origin.span))?
                    .max(Number::ZERO);
                if room < counted {
                    counted = room;
                    binding = Some((id, cap.rule.origin.span));
                }
            }
            if let Some((category, cap_span)) = binding {
                let cut = hours.checked_sub(counted).map_err(|e| (e, cap_span))?;
                cuts.push(CategoryCut {
                    activity: i,
                    category,
                    before: hours,
                    cut,
                });
            }
            for id in a.categories() {
                let at = usize::from(id);
                if let Some(c) = in_year.get_mut(at) {
                    *c = c.checked_add(counted).map_err(|e| (e, span))?;
                }
                if let Some(c) = by_category.get_mut(at) {
                    *c = c.checked_add(counted).map_err(|e| (e, span))?;
                }
            }
            total = total.checked_add(counted).map_err(|e| (e, span))?;
            // An activity spread over two years of one period is credited once, with both.
            match listed.get_mut(i) {
                Some(Some(at)) => {
                    if let Some((_, h)) = credits.get_mut(*at) {
                        *h = h.checked_add(counted).map_err(|e| (e, span))?;
                    }
                }
                Some(at) => {
                    *at = Some(credits.len());
                    credits.push((i, counted));
                }
                None => credits.push((i, counted)),
            }
        }
    }
    if period {
        credits.sort_by_key(|(i, _)| *i);
        rejected.sort_unstable();
    }
    let mut exempt = false;
    let mut named = Vec::new();
    for (i, e) in exemptions.iter().enumerate() {
        if e.years.iter().any(|y| (first..=last).contains(y)) {
            named.push(i);
            exempt |= e.applies();
        }
    }
    let mut facts = YearFacts {
        first,
        last,
        by_category: by_category.clone(),
        total,
        figures: Vec::with_capacity(policy.year.figures.len()),
        exempt,
        compliant: false,
        shortfall: Number::ZERO,
    };
    let (figures, requirements) = figures_and_requirements(policy, base, &mut facts)?;
    let compliant = requirements.iter().all(|r| r.met);
    facts.compliant = compliant;
    let shortfall = if exempt || compliant {
        Number::ZERO
    } else if let Some(make_up) = &policy.year.make_up {
        super::make_up::solve(policy, base, &facts, make_up)?
    } else {
        match &policy.year.shortfall {
            Some(rule) => {
                let env = base.with_year(&facts);
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
            let env = base.with_year(&facts);
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
            year: first,
            through: last,
            status,
            passes,
            lacking,
            total,
            by_category,
            figures,
            requirements,
            shortfall,
            credits,
            cuts,
            rejected,
            exemptions: named,
        },
        facts,
    ))
}

/// The year block's figures, in order, and its requirements, for a year whose credits are
/// `facts` (whose `figures` are filled in as they are computed).
pub(super) fn figures_and_requirements(
    policy: &Policy,
    base: &Env,
    facts: &mut YearFacts,
) -> Result<(Vec<Number>, Vec<RequirementOutcome>), EvalError> {
    let mut figures = Vec::with_capacity(policy.year.figures.len());
    for figure in &policy.year.figures {
        let env = base.with_year(facts);
        let v = figure.rule.expr.eval_number(&env)?;
        figures.push(v);
        facts.figures.push(Value::Number(v));
    }
    let mut requirements = Vec::with_capacity(policy.year.requirements.len());
    for r in &policy.year.requirements {
        let env = base.with_year(facts);
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
        requirements.push(RequirementOutcome { lhs, rhs, met });
    }
    Ok((figures, requirements))
}
