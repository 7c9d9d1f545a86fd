//! A purpose's ruling: the window of years it examines, each year judged, the status rules
//! decided in order.

use super::activity::{evaluate_activity_in, evaluate_exemption, no_outcome};
use super::arms::ArmsTaken;
use super::error::EvalError;
use super::interp::{Env, YearFacts};
use super::ruling::{ActivityOutcome, Ruling, YearRuling};
use super::year::{Judged, YearScratch, judge_year_into, no_year};
use crate::input::keys::{ACTIVITIES, EXEMPTIONS};
use crate::policy::{Policy, PurposeId, Window};
use crate::record::{Person, RecordError, RecordErrorKind};
use crate::recycle::Refill;

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
    let mut ruling = no_ruling(purpose, judged_year);
    let asked = (purpose, judged_year, arms);
    evaluate_into(policy, person, asked, &mut ruling, &mut Scratch::default())?;
    Ok(ruling)
}

/// A ruling to fill (see [`evaluate_into`]).
pub(crate) fn no_ruling(purpose: PurposeId, judged_year: i32) -> Ruling {
    Ruling {
        purpose,
        judged_year,
        status: 0,
        window: (judged_year, judged_year),
        years: Vec::new(),
        activities: Vec::new(),
        exemptions: Vec::new(),
    }
}

/// What a thread keeps from one ruling to the next besides the ruling itself: what is
/// known of each year judged, the window's tests, the activity outcomes and years a
/// ruling with fewer of them did not need, a period's working vectors.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// What is known of each year (or period) judged; the first ones are this ruling's.
    facts: Vec<YearFacts>,
    /// Whether each year passes the purpose's test.
    window: Vec<bool>,
    /// Activity outcomes set aside.
    activities: Vec<ActivityOutcome>,
    /// Year rulings set aside.
    years: Vec<YearRuling>,
    /// A period's working vectors.
    year: YearScratch,
}

/// [`evaluate_taking`] (the purpose, the year and the arms to record are `asked`) written
/// into `ruling`, a ruling made before (for another record) whose vectors, and those of
/// its activities and years, are filled again, with the help of `scratch`: a thread that
/// rules one record after another allocates them once. Every field of the ruling is
/// overwritten; when it gives errors, the ruling holds part of this record's, to be
/// overwritten or dropped.
pub(crate) fn evaluate_into(
    policy: &Policy,
    person: &Person,
    asked: (PurposeId, i32, Option<&ArmsTaken>),
    ruling: &mut Ruling,
    scratch: &mut Scratch,
) -> Result<(), Vec<RecordError>> {
    let (purpose, judged_year, arms) = asked;
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
    ruling.activities.reserve(person.activities.len());
    let mut activities = Refill::new(&mut ruling.activities, &mut scratch.activities);
    for (i, activity) in person.activities.iter().enumerate() {
        let kind = policy.kind(activity.kind);
        let window = (from <= to).then_some((from, to));
        let evaluated = activities.push_with(no_outcome, |out| {
            evaluate_activity_in(
                activity.kind,
                kind,
                &env,
                &activity.fields,
                &activity.evidence_ids,
                window,
                out,
            )
        });
        if let Err(e) = evaluated {
            errors.push(eval_error(format!("{ACTIVITIES}[{i}]"), e));
        }
    }
    drop(activities);
    let exemptions = &mut ruling.exemptions;
    exemptions.clear();
    if let Some(rules) = &policy.exemption {
        exemptions.reserve(person.exemptions.len());
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
    let mut years = Refill::new(&mut ruling.years, &mut scratch.years);
    let facts = &mut scratch.facts;
    let mut judged = 0;
    let mut first = from;
    while first <= to {
        let last = first.saturating_add(step - 1).min(to);
        if facts.len() <= judged {
            facts.push(YearFacts::default());
        }
        let (earlier, rest) = facts.split_at_mut(judged);
        // There is one more: it was pushed if there was not.
        let Some(fact) = rest.first_mut() else {
            break;
        };
        let on = Judged {
            activities: &ruling.activities,
            exemptions: &ruling.exemptions,
            earlier,
        };
        years
            .push_with(no_year, |out| {
                judge_year_into(
                    policy,
                    Some(purpose_rules),
                    &env,
                    &on,
                    first..=last,
                    (out, fact),
                    &mut scratch.year,
                )
            })
            .map_err(whole)?;
        judged += 1;
        first = match last.checked_add(1) {
            Some(next) => next,
            None => break,
        };
    }
    drop(years);
    let facts = facts.get(..judged).unwrap_or_default();
    scratch.window.clear();
    scratch
        .window
        .extend(ruling.years.iter().map(|y| y.passes.unwrap_or(false)));
    let single = matches!(purpose_rules.window, Window::Single(_));
    let env = Env {
        year: if single { facts.first() } else { None },
        window: &scratch.window,
        facts,
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
    ruling.purpose = purpose;
    ruling.judged_year = judged_year;
    ruling.status = status;
    ruling.window = (from, to);
    Ok(())
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
