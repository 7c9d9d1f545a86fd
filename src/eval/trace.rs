//! Workings: the values behind a ruling's formulas, for the outputs that show them (the
//! explanation, the JSON of each credit, the policy's forms).
//!
//! A [`Trace`] holds, for one formula evaluated for a record, the value of each part an
//! explanation shows — the names it reads (fields, constants, `let` values, figures), the
//! calls, and anything else that is not an operator — in the order written, and the
//! formula's value. Renderers walk the formula and its trace together to write
//! `12 hours/day × 3 days = 36 hours`; they never evaluate anything themselves.
//!
//! A formula whose value is a boolean (a `reject when` rule) is traced in its own layout
//! ([`is_boolean`]): besides the names it reads, each operator's value (comparisons, `in`,
//! `is given`, `not`, `and`, `or`, `otherwise`, and the arithmetic it compares), after its
//! operands' values; an operand that the evaluator does not evaluate (the right of an `and`
//! whose left is false, of an `or` whose left is true, of an `otherwise` whose left is given:
//! [`right_evaluated`]) has nothing in the trace, so that it is shown as not evaluated, never
//! with an invented value. Arithmetic formulas keep the layout above.
//!
//! Workings cost time that a summary does not need, so a [`crate::eval::Job`] works them
//! out only when asked ([`Detail`]).

use super::interp::{Env, YearFacts};
use super::ruling::{RejectionReason, RequirementOutcome, Ruling, YearRuling, YearStatus};
use crate::policy::expr::{Builtin, CExpr, Op, Value};
use crate::policy::types::Ty;
use crate::policy::{Form, FormPart, Policy};
use crate::record::Person;

/// Which formulas a job traces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Traces {
    /// None: the ruling's figures are all that is shown.
    #[default]
    None,
    /// The credit formula of each activity that credits hours (what the JSON of a credit
    /// shows).
    Credits,
    /// Every formula an explanation shows: credits, `reject when` rules that rejected, and
    /// the shortfall of each year.
    All,
}

/// What a job works out beyond the ruling, for the outputs that show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Detail {
    /// The formulas traced.
    pub traces: Traces,
    /// The form (its index in the policy's forms) to fill in for the year judged.
    pub form: Option<usize>,
    /// Whether the evaluation records the `match` arms it takes (for coverage: see
    /// [`crate::eval::Outcome::arms_taken`]). Unlike the rest, recorded while the ruling is
    /// made, not worked out after it.
    pub arms: bool,
}

/// Whether an explanation shows the value of this part of a formula rather than walking
/// into it: every operation but literals, operators and `min`/`max`, whose arguments are
/// shown one by one.
pub(crate) fn shows_value(op: &Op) -> bool {
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

/// Whether a formula is traced and shown as a boolean (see the module's comment): its value is
/// `true` or `false`.
pub(crate) fn is_boolean(e: &CExpr) -> bool {
    e.ty == Ty::Bool
}

/// Whether the right operand of `op` (an `and`, `or` or `otherwise`) is evaluated when its
/// left operand has the value `left` (`None`: none, the evaluation failed), as the evaluator
/// does: `and` goes on after `true`, `or` after `false`, `otherwise` after an absent value.
/// The boolean trace and its renderer both follow it.
pub(crate) fn right_evaluated(op: &Op, left: Option<&Value>) -> bool {
    match op {
        Op::And(..) => left == Some(&Value::Bool(true)),
        Op::Or(..) => left == Some(&Value::Bool(false)),
        Op::Otherwise(..) => left == Some(&Value::Absent),
        _ => true,
    }
}

/// The values an explanation shows of one formula evaluated for a record: the value of
/// each part [`shows_value`] holds for, in the order written (walking into the other parts;
/// `None` for a part that has no value), and the formula's value. A boolean formula's parts
/// are laid out otherwise ([`is_boolean`], the module's comment).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Trace<'w> {
    /// The parts' values, in order.
    pub(crate) parts: &'w [Option<Value>],
    /// The formula's value, `None` when it has none.
    pub(crate) result: Option<&'w Value>,
}

/// Where a trace's values lie in [`Workings`]: `parts` values from `start`, then the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TraceAt {
    start: u32,
    parts: u32,
}

/// Appends the trace of `e` evaluated in `env` to `values`: its parts, then its result.
fn trace_into(e: &CExpr, env: &Env, values: &mut Vec<Option<Value>>) -> TraceAt {
    let start = values.len();
    if is_boolean(e) {
        walk_bool(e, env, values);
    } else {
        walk(e, env, values);
    }
    let parts = values.len() - start;
    let result = if is_boolean(e) {
        // The last value is the formula's own, unless it is a literal (nothing traced).
        match &e.op {
            Op::Value(v) => Some(v.clone()),
            _ => values.last().cloned().flatten(),
        }
    } else if shows_value(&e.op) {
        values.get(start).cloned().flatten()
    } else {
        e.eval(env).ok()
    };
    values.push(result);
    TraceAt {
        start: u32::try_from(start).unwrap_or(u32::MAX),
        parts: u32::try_from(parts).unwrap_or(u32::MAX),
    }
}

/// A trace held on its own, for one formula (for tests of the renderers).
#[cfg(test)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedTrace {
    values: Vec<Option<Value>>,
}

#[cfg(test)]
impl OwnedTrace {
    /// The trace of `e` evaluated in `env`.
    pub fn of(e: &CExpr, env: &Env) -> OwnedTrace {
        let mut values = Vec::new();
        trace_into(e, env, &mut values);
        OwnedTrace { values }
    }

    /// The trace.
    pub fn trace(&self) -> Trace<'_> {
        let (result, parts) = self
            .values
            .split_last()
            .map_or((None, &[][..]), |(r, p)| (r.as_ref(), p));
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

/// Appends the boolean layout's values of `e` (see the module's comment) and returns its
/// value: nothing for a literal (its value is in the formula); for an operator, its operands'
/// values (only those evaluated), then its own; for arithmetic, the parts [`walk`] appends,
/// then its value; for anything else, its value.
fn walk_bool(e: &CExpr, env: &Env, parts: &mut Vec<Option<Value>>) -> Option<Value> {
    match &e.op {
        Op::Value(v) => return Some(v.clone()),
        Op::Not(a) | Op::Given { operand: a, .. } => {
            walk_bool(a, env, parts);
        }
        Op::And(a, b) | Op::Or(a, b) | Op::Otherwise(a, b) => {
            let left = walk_bool(a, env, parts);
            if right_evaluated(&e.op, left.as_ref()) {
                walk_bool(b, env, parts);
            }
        }
        Op::Compare(_, a, b) => {
            walk_bool(a, env, parts);
            walk_bool(b, env, parts);
        }
        Op::In {
            needle, haystack, ..
        } => {
            walk_bool(needle, env, parts);
            walk_bool(haystack, env, parts);
        }
        op if is_arithmetic(op) => walk(e, env, parts),
        _ => {}
    }
    let value = e.eval(env).ok();
    parts.push(value.clone());
    value
}

/// Whether an operation is arithmetic that an explanation writes out
/// (`12 hours/day × 3 days`): a negation, an arithmetic operator, `min` or `max`.
pub(crate) fn is_arithmetic(op: &Op) -> bool {
    matches!(
        op,
        Op::Neg(_) | Op::Arith(..) | Op::Call(Builtin::Min | Builtin::Max, _)
    )
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
    /// The values of every trace, back to back.
    values: Vec<Option<Value>>,
    /// For each activity of the record that credits hours, in order: its index and its
    /// credit formula's trace.
    credits: Vec<(u32, TraceAt)>,
    /// For each rejection by a `reject when` rule: the activity's index, the rejection's
    /// index among the activity's rejections, and the rule's trace.
    rejections: Vec<(u32, u32, TraceAt)>,
    /// For each year examined, in order, the trace of the year block's `shortfall` rule.
    shortfalls: Vec<TraceAt>,
    /// When the year block carries figures over from year to year: for each year examined,
    /// in order, the trace of each figure, in order.
    figures: Vec<Vec<TraceAt>>,
    /// For each year examined, in order, when the hours to make up are solved from the
    /// requirements (`least credits in C …`) and the year has some: the requirements' values
    /// with those hours added; empty otherwise.
    made_up: Vec<Vec<RequirementOutcome>>,
    /// The form asked for, filled in for the year judged; `None` when none was asked for
    /// or the year cannot be judged.
    pub form: Option<Vec<FilledField>>,
}

impl Workings {
    /// Works out what `detail` asks for of a person's ruling, into these workings (made
    /// before, for another record, or empty) whose vectors are filled again from empty.
    pub(crate) fn refill(
        &mut self,
        policy: &Policy,
        person: &Person,
        ruling: &Ruling,
        detail: Detail,
    ) {
        let w = self;
        w.values.clear();
        w.credits.clear();
        w.rejections.clear();
        w.shortfalls.clear();
        w.figures.clear();
        w.made_up.clear();
        w.form = None;
        if detail.traces != Traces::None {
            w.values.reserve(4 * ruling.activities.len());
            for (i, (a, activity)) in ruling.activities.iter().zip(&person.activities).enumerate() {
                if !a.judged {
                    continue;
                }
                let index = u32::try_from(i).unwrap_or(u32::MAX);
                let env = Env::of_item(
                    &person.fields,
                    &activity.fields,
                    &a.locals,
                    ruling.judged_year,
                );
                let kind = policy.kind(a.kind);
                if a.credited() {
                    let at = trace_into(&kind.credit.expr, &env, &mut w.values);
                    w.credits.push((index, at));
                } else if detail.traces == Traces::All {
                    for (n, r) in a.rejections.iter().enumerate() {
                        if let RejectionReason::Rule { rule } = r
                            && let Some(rule) = kind.rejections.get(*rule)
                        {
                            let at = trace_into(&rule.rule.expr, &env, &mut w.values);
                            w.rejections
                                .push((index, u32::try_from(n).unwrap_or(u32::MAX), at));
                        }
                    }
                }
            }
            let shortfall = policy.year.shortfall.as_ref();
            let carries = policy.year.carries_over;
            if detail.traces == Traces::All && (shortfall.is_some() || carries) {
                let facts: Vec<YearFacts> = ruling.years.iter().map(year_facts).collect();
                for (i, year) in facts.iter().enumerate() {
                    let env = Env::of_year(&person.fields, year, ruling.judged_year)
                        .after(facts.get(..i).unwrap_or_default());
                    if let Some(rule) = shortfall {
                        let at = trace_into(&rule.expr, &env, &mut w.values);
                        w.shortfalls.push(at);
                    }
                    if carries {
                        let figures = policy.year.figures.iter();
                        let traced = figures.map(|f| trace_into(&f.rule.expr, &env, &mut w.values));
                        w.figures.push(traced.collect());
                    }
                }
            }
            if detail.traces == Traces::All
                && let Some(make_up) = &policy.year.make_up
            {
                let facts: Vec<YearFacts> = ruling.years.iter().map(year_facts).collect();
                for (i, year) in ruling.years.iter().enumerate() {
                    let base = Env::of_person(&person.fields, ruling.judged_year)
                        .after(facts.get(..i).unwrap_or_default());
                    let with = (!year.shortfall.is_zero())
                        .then(|| facts.get(i))
                        .flatten()
                        .map(|facts| {
                            super::make_up::with_added(
                                policy,
                                &base,
                                facts,
                                make_up,
                                year.shortfall,
                            )
                        })
                        .and_then(Result::ok)
                        .map(|(_, outcomes)| outcomes)
                        .unwrap_or_default();
                    w.made_up.push(with);
                }
            }
        }
        if let Some(form) = detail.form.and_then(|i| policy.forms.get(i)) {
            w.form = fill_form(policy, form, person, ruling);
        }
    }

    fn trace(&self, at: TraceAt) -> Option<Trace<'_>> {
        let start = at.start as usize;
        let end = start.checked_add(at.parts as usize)?;
        Some(Trace {
            parts: self.values.get(start..end)?,
            result: self.values.get(end)?.as_ref(),
        })
    }

    /// The trace of the credit formula of the record's activity `activity`, when it credits
    /// hours and traces were asked for.
    pub fn credit(&self, activity: usize) -> Option<Trace<'_>> {
        let i = self
            .credits
            .binary_search_by_key(&activity, |(a, _)| *a as usize)
            .ok()?;
        self.trace(self.credits.get(i)?.1)
    }

    /// The trace of the `reject when` rule behind the `n`th rejection of the record's
    /// activity `activity`, when all traces were asked for.
    pub fn rejection(&self, activity: usize, n: usize) -> Option<Trace<'_>> {
        let (.., at) = self
            .rejections
            .iter()
            .find(|(a, k, _)| *a as usize == activity && *k as usize == n)?;
        self.trace(*at)
    }

    /// The trace of the year block's `figure`th figure for the `year`th year examined, when
    /// all traces were asked for and the year block carries figures over
    /// ([`crate::policy::YearRules::carries_over`]).
    pub fn figure(&self, year: usize, figure: usize) -> Option<Trace<'_>> {
        self.trace(*self.figures.get(year)?.get(figure)?)
    }

    /// The requirements' values for the `year`th year examined with its hours to make up
    /// added, when they are solved from the requirements and all traces were asked for.
    pub fn made_up(&self, year: usize) -> Option<&[RequirementOutcome]> {
        self.made_up
            .get(year)
            .map(Vec::as_slice)
            .filter(|r| !r.is_empty())
    }

    /// The trace of the year block's `shortfall` rule for the `year`th year examined, when
    /// all traces were asked for.
    pub fn shortfall(&self, year: usize) -> Option<Trace<'_>> {
        self.trace(*self.shortfalls.get(year)?)
    }
}

/// What the year block's rules saw of a year judged.
fn year_facts(year: &YearRuling) -> YearFacts {
    YearFacts {
        first: year.year,
        last: year.through,
        by_category: year.by_category.clone(),
        total: year.total,
        figures: year.figures.iter().map(|n| Value::Number(*n)).collect(),
        exempt: year.status == YearStatus::Exempt,
        compliant: year.status == YearStatus::Compliant,
        shortfall: year.shortfall,
    }
}

/// The fields of `form` filled in for the person and the year judged: as the purpose
/// judged it when its window holds that year (in a period, after the years before it),
/// else that year judged on its own; `None` when the year cannot be judged.
fn fill_form(
    policy: &Policy,
    form: &Form,
    person: &Person,
    ruling: &Ruling,
) -> Option<Vec<FilledField>> {
    let year = ruling.judged_year;
    let judged: Vec<YearFacts> = ruling.years.iter().map(year_facts).collect();
    let at = judged
        .iter()
        .position(|f| f.first <= year && year <= f.last);
    let alone;
    let (facts, earlier) = match at {
        Some(i) => (judged.get(i)?, judged.get(..i).unwrap_or_default()),
        None => {
            alone = super::year::judge_year(
                policy,
                None,
                &Env::of_person(&person.fields, year),
                &ruling.activities,
                &ruling.exemptions,
                year..=year,
                &[],
            )
            .ok()?
            .1;
            (&alone, &[][..])
        }
    };
    let env = Env::of_year(&person.fields, facts, year).after(earlier);
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
