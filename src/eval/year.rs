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
    let mut ruling = no_year();
    let mut facts = YearFacts::default();
    let judged = Judged {
        activities,
        exemptions,
        earlier,
    };
    judge_year_into(
        policy,
        purpose,
        base,
        &judged,
        years,
        (&mut ruling, &mut facts),
        &mut YearScratch::default(),
    )?;
    Ok((ruling, facts))
}

/// What a year is judged on: the outcomes of the record's activities and exemptions, and
/// what is known of the years (or periods) of the window judged before it.
pub(crate) struct Judged<'a> {
    /// The record's activities' outcomes.
    pub(crate) activities: &'a [ActivityOutcome],
    /// The record's exemptions' outcomes.
    pub(crate) exemptions: &'a [ExemptionOutcome],
    /// The years (or periods) judged before.
    pub(crate) earlier: &'a [YearFacts],
}

/// The working vectors of a period's judgement, kept from one to the next.
#[derive(Debug, Default)]
pub(crate) struct YearScratch {
    in_year: Vec<Number>,
    listed: Vec<Option<usize>>,
}

/// A year ruling to fill (see [`judge_year_into`]).
pub(crate) fn no_year() -> YearRuling {
    YearRuling {
        year: 0,
        through: 0,
        status: YearStatus::Shortfall,
        passes: None,
        lacking: None,
        total: Number::ZERO,
        by_category: Vec::new(),
        figures: Vec::new(),
        requirements: Vec::new(),
        shortfall: Number::ZERO,
        credits: Vec::new(),
        cuts: Vec::new(),
        rejected: Vec::new(),
        exemptions: Vec::new(),
    }
}

/// [`judge_year`] written into `out`, a year ruling and its facts judged before (for
/// another year or record) whose vectors are filled again: every field of both is
/// overwritten.
pub(crate) fn judge_year_into(
    policy: &Policy,
    purpose: Option<&crate::policy::Purpose>,
    base: &Env,
    judged: &Judged,
    years: RangeInclusive<i32>,
    out: (&mut YearRuling, &mut YearFacts),
    scratch: &mut YearScratch,
) -> Result<(), EvalError> {
    let (ruling, facts) = out;
    let Judged {
        activities,
        exemptions,
        earlier,
    } = *judged;
    let (first, last) = (*years.start(), *years.end());
    let base = &base.after(earlier);
    let by_category = &mut ruling.by_category;
    by_category.clear();
    by_category.resize(policy.categories.len(), Number::ZERO);
    let mut total = Number::ZERO;
    let credits = &mut ruling.credits;
    let rejected = &mut ruling.rejected;
    let cuts = &mut ruling.cuts;
    credits.clear();
    rejected.clear();
    cuts.clear();
    // In a period, what each category has counted in the calendar year at hand (a cap counts
    // per calendar year, also inside a period), and where each activity's credit or
    // rejection already stands, so that an activity of two of its years is listed once. One
    // year needs neither: its categories' sums are the year's, and it lists each once.
    let period = first != last;
    let in_year = &mut scratch.in_year;
    let listed = &mut scratch.listed;
    in_year.clear();
    listed.clear();
    if period {
        in_year.resize(policy.categories.len(), Number::ZERO);
        listed.resize(activities.len(), None);
    }
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
                let so_far = if period { &*in_year } else { &*by_category }
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
    let named = &mut ruling.exemptions;
    named.clear();
    for (i, e) in exemptions.iter().enumerate() {
        if e.years.iter().any(|y| (first..=last).contains(y)) {
            named.push(i);
            exempt |= e.applies();
        }
    }
    facts.first = first;
    facts.last = last;
    facts.by_category.clear();
    facts.by_category.extend_from_slice(&ruling.by_category);
    facts.total = total;
    facts.exempt = exempt;
    facts.compliant = false;
    facts.shortfall = Number::ZERO;
    figures_and_requirements_into(
        policy,
        base,
        facts,
        &mut ruling.figures,
        &mut ruling.requirements,
    )?;
    let requirements = &ruling.requirements;
    let compliant = requirements.iter().all(|r| r.met);
    facts.compliant = compliant;
    let shortfall = if exempt || compliant {
        Number::ZERO
    } else if let Some(make_up) = &policy.year.make_up {
        super::make_up::solve(policy, base, facts, make_up)?
    } else {
        match &policy.year.shortfall {
            Some(rule) => {
                let env = base.with_year(facts);
                rule.expr.eval_number(&env)?.max(Number::ZERO)
            }
            None => {
                let mut most = Number::ZERO;
                for (r, o) in policy.year.requirements.iter().zip(requirements) {
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
            let env = base.with_year(facts);
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
    ruling.year = first;
    ruling.through = last;
    ruling.status = status;
    ruling.passes = passes;
    ruling.lacking = lacking;
    ruling.total = total;
    ruling.shortfall = shortfall;
    Ok(())
}

/// The year block's figures, in order, and its requirements, for a year whose credits are
/// `facts` (whose `figures` are filled in as they are computed).
pub(super) fn figures_and_requirements(
    policy: &Policy,
    base: &Env,
    facts: &mut YearFacts,
) -> Result<(Vec<Number>, Vec<RequirementOutcome>), EvalError> {
    let (mut figures, mut requirements) = (Vec::new(), Vec::new());
    figures_and_requirements_into(policy, base, facts, &mut figures, &mut requirements)?;
    Ok((figures, requirements))
}

/// [`figures_and_requirements`] written into `figures` and `requirements` (what they held
/// is dropped); `facts.figures` is filled again from empty.
fn figures_and_requirements_into(
    policy: &Policy,
    base: &Env,
    facts: &mut YearFacts,
    figures: &mut Vec<Number>,
    requirements: &mut Vec<RequirementOutcome>,
) -> Result<(), EvalError> {
    figures.clear();
    figures.reserve(policy.year.figures.len());
    facts.figures.clear();
    facts.figures.reserve(policy.year.figures.len());
    for figure in &policy.year.figures {
        let env = base.with_year(facts);
        let v = figure.rule.expr.eval_number(&env)?;
        figures.push(v);
        facts.figures.push(Value::Number(v));
    }
    requirements.clear();
    requirements.reserve(policy.year.requirements.len());
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
    Ok(())
}
