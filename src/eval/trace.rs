//! Workings: the values behind a ruling's formulas, for the outputs that show them (the
//! explanation, the JSON of each credit, the policy's forms).
//!
//! A [`Trace`] holds, for one formula evaluated for a record, the value of each part an
//! explanation shows — the names it reads (fields, constants, `let` values, figures), the
//! calls, and anything else that is not an operator — in the order written, and the
//! formula's value. Renderers walk the formula and its trace together to write
//! `12 hours/day × 3 days = 36 hours`; they never evaluate anything themselves.
//!
//! Workings cost time that a summary does not need, so a [`crate::eval::Job`] works them
//! out only when asked ([`Detail`]).

use super::interp::{Env, YearFacts};
use super::ruling::{ActivityOutcome, RejectionReason, Ruling, YearRuling, YearStatus};
use crate::policy::expr::{Builtin, CExpr, Op, Value};
use crate::policy::{Form, FormPart, Policy};
use crate::record::Person;

/// What a job works out beyond the ruling, for the outputs that show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// The traces of the formulas behind each credit, rejection and shortfall.
    pub workings: bool,
    /// The form (its index in the policy's forms) to fill in for the year judged.
    pub form: Option<usize>,
}

/// Whether an explanation shows the value of this part of a formula rather than walking
/// into it: every operation but literals, operators and `min`/`max`, whose arguments are
/// shown one by one.
pub fn shows_value(op: &Op) -> bool {
    !matches!(
        op,
        Op::Value(_)
            | Op::Neg(_)
            | Op::Not(_)
            | Op::And(..)
            | Op::Or(..)
            | Op::Compare(..)
            | Op::In { .. }
            | Op::Arith(..)
            | Op::Call(Builtin::Min | Builtin::Max, _)
    )
}

/// The values an explanation shows of one formula evaluated for a record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// The value of each part [`shows_value`] holds for, in the order written (walking into
    /// the other parts); `None` for a part that has no value.
    pub parts: Vec<Option<Value>>,
    /// The formula's value, `None` when it has none.
    pub result: Option<Value>,
}

impl Trace {
    /// The trace of `e` evaluated in `env`.
    pub fn of(e: &CExpr, env: &Env) -> Trace {
        let mut parts = Vec::new();
        walk(e, env, &mut parts);
        let result = if shows_value(&e.op) {
            parts.first().cloned().flatten()
        } else {
            e.eval(env).ok()
        };
        Trace { parts, result }
    }
}

fn walk(e: &CExpr, env: &Env, parts: &mut Vec<Option<Value>>) {
    match &e.op {
        op if shows_value(op) => parts.push(e.eval(env).ok()),
        Op::Value(_) => {}
        Op::Neg(a) | Op::Not(a) => walk(a, env, parts),
        Op::And(a, b) | Op::Or(a, b) | Op::Compare(_, a, b) | Op::Arith(_, a, b) => {
            walk(a, env, parts);
            walk(b, env, parts);
        }
        Op::In {
            needle, haystack, ..
        } => {
            walk(needle, env, parts);
            walk(haystack, env, parts);
        }
        Op::Call(_, args) => args.iter().for_each(|a| walk(a, env, parts)),
        // Every other operation shows its value (the first arm).
        _ => parts.push(e.eval(env).ok()),
    }
}

/// The workings of one activity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityWorkings {
    /// The credit formula's trace, when the activity's rules were evaluated.
    pub credit: Option<Trace>,
    /// For each of the activity's rejections, in order, the trace of its `reject when`
    /// rule (`None` for a rejection for want of evidence).
    pub rejections: Vec<Option<Trace>>,
}

/// A field of a form filled in: its label and its parts, texts and values.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledField {
    /// The field's label.
    pub label: String,
    /// The field's parts in order.
    pub parts: Vec<FilledPart>,
}

/// A part of a form's field.
#[derive(Debug, Clone, PartialEq)]
pub enum FilledPart {
    /// Text as the policy writes it.
    Text(String),
    /// The value of the part's expression (its index in the field's parts gives its type),
    /// `None` when it has none.
    Value(Option<Value>),
}

/// The workings of a ruling, when its job asked for them ([`Detail`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workings {
    /// For each activity of the record, in order.
    pub activities: Vec<ActivityWorkings>,
    /// For each year examined, in order, the trace of the year block's `shortfall` rule.
    pub shortfalls: Vec<Option<Trace>>,
    /// The form asked for, filled in for the year judged; `None` when none was asked for
    /// or a value of it cannot be computed.
    pub form: Option<Vec<FilledField>>,
}

impl Workings {
    /// Works out what `detail` asks for of a person's ruling.
    pub fn of(policy: &Policy, person: &Person, ruling: &Ruling, detail: Detail) -> Workings {
        let mut workings = Workings::default();
        if detail.workings {
            for (a, activity) in ruling.activities.iter().zip(&person.activities) {
                let env = Env::of_item(
                    &person.fields,
                    &activity.fields,
                    &a.locals,
                    ruling.judged_year,
                );
                workings.activities.push(activity_workings(policy, a, &env));
            }
            if let Some(rule) = &policy.year.shortfall {
                for year in &ruling.years {
                    let facts = year_facts(year);
                    let env = Env::of_year(&person.fields, &facts, ruling.judged_year);
                    workings.shortfalls.push(Some(Trace::of(&rule.expr, &env)));
                }
            }
        }
        if let Some(form) = detail.form.and_then(|i| policy.forms.get(i)) {
            workings.form = fill_form(policy, form, person, ruling);
        }
        workings
    }
}

/// What the year block's rules saw of a year judged.
fn year_facts(year: &YearRuling) -> YearFacts {
    YearFacts {
        by_category: year.by_category.clone(),
        total: year.total,
        figures: year.figures.iter().map(|n| Value::Number(*n)).collect(),
        exempt: year.status == YearStatus::Exempt,
        compliant: year.status == YearStatus::Compliant,
        shortfall: year.shortfall,
    }
}

fn activity_workings(policy: &Policy, a: &ActivityOutcome, env: &Env) -> ActivityWorkings {
    if !a.judged {
        return ActivityWorkings::default();
    }
    let kind = &policy.kinds[usize::from(a.kind)];
    ActivityWorkings {
        credit: Some(Trace::of(&kind.credit.expr, env)),
        rejections: a
            .rejections
            .iter()
            .map(|r| match r {
                RejectionReason::Rule { rule } => kind
                    .rejections
                    .get(*rule)
                    .map(|r| Trace::of(&r.rule.expr, env)),
                RejectionReason::Evidence { .. } => None,
            })
            .collect(),
    }
}

/// The fields of `form` filled in for the person and the year judged (whatever years the
/// purpose examines): `None` when the year cannot be judged.
fn fill_form(
    policy: &Policy,
    form: &Form,
    person: &Person,
    ruling: &Ruling,
) -> Option<Vec<FilledField>> {
    let year = ruling.judged_year;
    let (_, facts) = super::year::judge_year(
        policy,
        None,
        person,
        &ruling.activities,
        &ruling.exemptions,
        year,
        year,
    )
    .ok()?;
    let env = Env::of_year(&person.fields, &facts, year);
    Some(
        form.fields
            .iter()
            .map(|field| FilledField {
                label: field.label.clone(),
                parts: field
                    .parts
                    .iter()
                    .map(|part| match part {
                        FormPart::Text(t) => FilledPart::Text(t.clone()),
                        FormPart::Value(e) => FilledPart::Value(e.eval(&env).ok()),
                    })
                    .collect(),
            })
            .collect(),
    )
}
