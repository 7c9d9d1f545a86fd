//! A purpose's ruling: the window of years it examines, each year judged, the status rules
//! decided in order.

use super::activity::{evaluate_activity_in, evaluate_exemption};
use super::arms::ArmsTaken;
use super::error::EvalError;
use super::interp::Env;
use super::ruling::Ruling;
use super::year::judge_year;
use crate::input::keys::{ACTIVITIES, EXEMPTIONS};
use crate::policy::{Policy, PurposeId, Window};
use crate::record::{Person, RecordError, RecordErrorKind};

/// The most years a purpose may examine for one record.
pub const MAX_WINDOW: i64 = 200;

/// Evaluates a person for a purpose and a year.
pub fn evaluate(
    policy: &Policy,
    person: &Person,
    purpose: PurposeId,
    judged_year: i32,
) -> Result<Ruling, Vec<RecordError>> {
    evaluate_taking(policy, person, purpose, judged_year, None)
}

/// Evaluates a person for a purpose and a year, recording in `arms` (when given) the
/// `match` arms the evaluation takes.
pub(crate) fn evaluate_taking(
    policy: &Policy,
    person: &Person,
    purpose: PurposeId,
    judged_year: i32,
    arms: Option<&ArmsTaken>,
) -> Result<Ruling, Vec<RecordError>> {
    let purpose_rules = policy.purpose_rules(purpose);
    let whole = |e: EvalError| vec![eval_error(String::new(), e)];
    let env = Env::of_person(&person.fields, judged_year).taking(arms);
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
        let kind = policy.kind(activity.kind);
        let window = (from <= to).then_some((from, to));
        match evaluate_activity_in(
            activity.kind,
            kind,
            &env,
            &activity.fields,
            &activity.evidence_ids,
            window,
        ) {
            Ok(outcome) => activities.push(outcome),
            Err(e) => errors.push(eval_error(format!("{ACTIVITIES}[{i}]"), e)),
        }
    }
    let mut exemptions = Vec::with_capacity(person.exemptions.len());
    if let Some(rules) = &policy.exemption {
        for (i, exemption) in person.exemptions.iter().enumerate() {
            match evaluate_exemption(rules, &env, &exemption.fields) {
                Ok(outcome) => exemptions.push(outcome),
                Err(e) => errors.push(eval_error(format!("{EXEMPTIONS}[{i}]"), e)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Each year, or each period of `periods of N years` counted from the window's first
    // year (the window's end cuts the last one short), judged in order, each seeing what
    // is known of those before it: one pass, linear in the window's length.
    let step = purpose_rules
        .periods
        .as_ref()
        .map_or(1, |p| i32::from(p.years));
    let mut years = Vec::new();
    let mut facts = Vec::new();
    let mut first = from;
    while first <= to {
        let last = first.saturating_add(step - 1).min(to);
        let (ruling, fact) = judge_year(
            policy,
            Some(purpose_rules),
            &env,
            &activities,
            &exemptions,
            first..=last,
            &facts,
        )
        .map_err(whole)?;
        years.push(ruling);
        facts.push(fact);
        first = match last.checked_add(1) {
            Some(next) => next,
            None => break,
        };
    }
    let window: Vec<bool> = years.iter().map(|y| y.passes.unwrap_or(false)).collect();
    let single = matches!(purpose_rules.window, Window::Single(_));
    let env = Env {
        year: if single { facts.first() } else { None },
        window: &window,
        facts: &facts,
        ..env
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
        window: (from, to),
        years,
        activities,
        exemptions,
    })
}

/// A formula of the policy that has no value for this record (it divides by zero, …): a
/// policy error, placed at the policy's expression (in the error's kind) and not at the
/// record, whose data is not at fault.
fn eval_error(path: String, e: EvalError) -> RecordError {
    RecordError {
        path,
        kind: RecordErrorKind::Evaluation {
            error: e.kind,
            span: e.span,
        },
        at: None,
    }
}
