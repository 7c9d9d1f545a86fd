//! What a policy revision changes: the rules that differ between two policies (constants,
//! kinds and their rules, requirements, purposes…), and, for a corpus of records, the rulings
//! that differ, with the credits and requirements behind each difference.

use crate::eval::YearRuling;
use crate::eval::{Evaluated, Job, Outcome};
use crate::input::RawRecord;
use crate::number::Number;
use crate::policy::{Kind, Policy, Window};
use crate::source::Span;
use std::collections::BTreeMap;

/// How a named part of the policy changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PolicyChange {
    /// What part: `header`, `constant`, `kind`, `category`, `evidence`, `unit`, `year`,
    /// `exemption`, `purpose`, `form`.
    pub part: &'static str,
    /// Its name (`conference`, `annual_minimum`), and for a rule of a kind, the rule
    /// (`conference: credit`).
    pub name: String,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The old text (as written in the old policy), when there is one.
    pub old: Option<String>,
    /// The new text.
    pub new: Option<String>,
    /// The line of the old text in the old policy.
    pub old_line: Option<usize>,
    /// The line of the new text in the new policy.
    pub new_line: Option<usize>,
}

/// One line of each rule of a policy, keyed by part and name: what the structural diff
/// compares. Texts are the rules as written, with whitespace collapsed.
fn rules(policy: &Policy) -> BTreeMap<(&'static str, String), (String, Option<usize>)> {
    let text = |span: Span| {
        (
            collapse(policy.source.slice(span)),
            Some(policy.source.line_col(span.start).line),
        )
    };
    let mut out = BTreeMap::new();
    out.insert(
        ("header", "version".to_string()),
        (policy.info.version.clone(), None),
    );
    out.insert(
        ("header", "effective".to_string()),
        (policy.info.effective.format("%Y-%m-%d").to_string(), None),
    );
    for c in &policy.constants {
        out.insert(("constant", c.name.clone()), text(c.rule.origin.span));
    }
    for c in &policy.categories {
        out.insert(("category", c.name.clone()), (c.name.clone(), None));
    }
    for e in &policy.evidence {
        out.insert(("evidence", e.clone()), (e.clone(), None));
    }
    for u in policy.units.iter().skip(2) {
        out.insert(("unit", u.singular.clone()), (u.singular.clone(), None));
    }
    for k in &policy.kinds {
        for (rule, t) in kind_rules(policy, k) {
            out.insert(("kind", format!("{}: {rule}", k.name)), t);
        }
    }
    for f in &policy.year.figures {
        out.insert(("year", f.name.clone()), text(f.rule.origin.span));
    }
    for (i, r) in policy.year.requirements.iter().enumerate() {
        out.insert(("year", format!("require #{}", i + 1)), text(r.origin.span));
    }
    if let Some(s) = &policy.year.shortfall {
        out.insert(("year", "shortfall".into()), text(s.origin.span));
    }
    if let Some(e) = &policy.exemption {
        for f in &e.schema.fields {
            out.insert(("exemption", format!("field {}", f.name)), text(f.span));
        }
        for (i, r) in e.rejections.iter().enumerate() {
            out.insert(
                ("exemption", format!("reject #{}", i + 1)),
                text(r.rule.origin.span),
            );
        }
        out.insert(("exemption", "covers".into()), text(e.covers.origin.span));
    }
    for p in &policy.purposes {
        let window = match &p.window {
            Window::Single(r) => text(r.origin.span),
            Window::Range { origin, .. } => text(origin.span),
        };
        out.insert(("purpose", format!("{}: window", p.name)), window);
        if let Some(r) = &p.passes {
            out.insert(
                ("purpose", format!("{}: each year", p.name)),
                text(r.origin.span),
            );
        }
        for (i, s) in p.statuses.iter().enumerate() {
            out.insert(
                ("purpose", format!("{}: status #{}", p.name, i + 1)),
                text(s.origin.span),
            );
        }
    }
    for f in &policy.forms {
        for field in &f.fields {
            out.insert(
                ("form", format!("{}: {}", f.name, field.label)),
                text(field.origin.span),
            );
        }
    }
    out
}

fn kind_rules(policy: &Policy, k: &Kind) -> Vec<(String, (String, Option<usize>))> {
    let text = |span: Span| {
        (
            collapse(policy.source.slice(span)),
            Some(policy.source.line_col(span.start).line),
        )
    };
    let mut out = vec![
        ("counts in".to_string(), text(k.year.origin.span)),
        ("credit".to_string(), text(k.credit.origin.span)),
    ];
    let category = match &k.category {
        crate::policy::CategoryRule::Fixed(_, o)
        | crate::policy::CategoryRule::FromField { origin: o, .. } => o,
    };
    out.push(("counts as".into(), text(category.span)));
    for f in &k.schema.fields {
        out.push((format!("field {}", f.name), text(f.span)));
    }
    for l in &k.locals {
        out.push((format!("let {}", l.name), text(l.rule.origin.span)));
    }
    for (i, c) in k.caps.iter().enumerate() {
        out.push((format!("cap #{}", i + 1), text(c.origin.span)));
    }
    if let Some(s) = &k.spread {
        out.push(("spread".into(), text(s.origin.span)));
    }
    for (i, e) in k.evidence.iter().enumerate() {
        out.push((format!("requires #{}", i + 1), text(e.origin.span)));
    }
    for (i, r) in k.rejections.iter().enumerate() {
        out.push((format!("reject #{}", i + 1), text(r.rule.origin.span)));
    }
    for (i, c) in k.constraints.iter().enumerate() {
        out.push((format!("invalid #{}", i + 1), text(c.rule.origin.span)));
    }
    out
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parts of the policy that differ, in a stable order.
pub fn policy_changes(old: &Policy, new: &Policy) -> Vec<PolicyChange> {
    let a = rules(old);
    let b = rules(new);
    let mut out = Vec::new();
    let mut keys: Vec<&(&'static str, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    // A kind added or removed whole is one change, not one per rule.
    let kinds_a: Vec<&str> = old.kinds.iter().map(|k| k.name.as_str()).collect();
    let kinds_b: Vec<&str> = new.kinds.iter().map(|k| k.name.as_str()).collect();
    for k in &kinds_b {
        if !kinds_a.contains(k) {
            let span = new.kind_ids.get(k).map(|&i| new.kind(i).origin.span);
            out.push(PolicyChange {
                part: "kind",
                name: k.to_string(),
                change: "added",
                old: None,
                // The head of the kind: `kind mentoring "…" {`.
                new: span.map(|s| {
                    let text = new.source.slice(s);
                    collapse(text.split('{').next().unwrap_or(text))
                }),
                old_line: None,
                new_line: span.map(|s| new.source.line_col(s.start).line),
            });
        }
    }
    for k in &kinds_a {
        if !kinds_b.contains(k) {
            let span = old.kind_ids.get(k).map(|&i| old.kind(i).origin.span);
            out.push(PolicyChange {
                part: "kind",
                name: k.to_string(),
                change: "removed",
                old: None,
                new: None,
                old_line: span.map(|s| old.source.line_col(s.start).line),
                new_line: None,
            });
        }
    }
    for key in keys {
        let (part, name) = key;
        if *part == "kind" {
            let kind = name.split(':').next().unwrap_or_default();
            if !kinds_a.contains(&kind) || !kinds_b.contains(&kind) {
                continue;
            }
        }
        let (x, y) = (a.get(key), b.get(key));
        let change = match (x, y) {
            (Some(x), Some(y)) if x.0 == y.0 => continue,
            (Some(_), Some(_)) => "changed",
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (None, None) => continue,
        };
        out.push(PolicyChange {
            part,
            name: name.clone(),
            change,
            old: x.map(|x| x.0.clone()),
            new: y.map(|y| y.0.clone()),
            old_line: x.and_then(|x| x.1),
            new_line: y.and_then(|y| y.1),
        });
    }
    out
}

/// A difference in one record's ruling.
#[derive(Debug, Clone, PartialEq)]
pub enum RulingChange {
    /// The status changed (`invalid` for an invalid record).
    Status {
        /// Old status.
        old: String,
        /// New status.
        new: String,
    },
    /// A figure of a year changed (`shortfall` included).
    Figure {
        /// The year.
        year: i32,
        /// The figure's name.
        name: String,
        /// Old value (`None` when the old policy has no such figure).
        old: Option<Number>,
        /// New value.
        new: Option<Number>,
    },
    /// What an activity credits in a year changed.
    Credit {
        /// The year.
        year: i32,
        /// The activity's index in the record.
        index: usize,
        /// Its kind.
        kind: String,
        /// Old hours (`None`: rejected or not counted then).
        old: Option<Number>,
        /// New hours.
        new: Option<Number>,
        /// The old policy's credit rule, when the activity was of a kind it knows.
        old_rule: Option<Span>,
        /// The new policy's credit rule.
        new_rule: Option<Span>,
    },
    /// Whether a requirement holds changed.
    Requirement {
        /// The year.
        year: i32,
        /// The requirement as the new policy writes it.
        rule: String,
        /// Whether it held.
        old: bool,
        /// Whether it holds.
        new: bool,
    },
}

/// The status of an outcome under a policy (`invalid` for an invalid record).
pub(crate) fn status_of(policy: &Policy, o: &Outcome) -> String {
    match &o.result {
        Ok(e) => policy
            .purpose_rules(e.ruling.purpose)
            .status(e.ruling.status)
            .label
            .clone(),
        Err(_) => "invalid".to_string(),
    }
}

fn figures(policy: &Policy, year: &YearRuling) -> BTreeMap<String, Number> {
    let mut out: BTreeMap<String, Number> = policy
        .year
        .figures
        .iter()
        .zip(&year.figures)
        .map(|(f, n)| (f.name.clone(), *n))
        .collect();
    out.insert("shortfall".into(), year.shortfall);
    out
}

fn credits(year: &YearRuling) -> BTreeMap<usize, Number> {
    year.credits.iter().map(|(i, h)| (*i, *h)).collect()
}

/// The differences between one record's rulings under two policies.
pub fn ruling_changes(
    old_policy: &Policy,
    new_policy: &Policy,
    old: &Outcome,
    new: &Outcome,
) -> Vec<RulingChange> {
    let mut out = Vec::new();
    let (s_old, s_new) = (status_of(old_policy, old), status_of(new_policy, new));
    if s_old != s_new {
        out.push(RulingChange::Status {
            old: s_old,
            new: s_new,
        });
    }
    let (Ok(a), Ok(b)) = (&old.result, &new.result) else {
        return out;
    };
    let years: Vec<i32> = {
        let mut y: Vec<i32> = a
            .ruling
            .years
            .iter()
            .chain(&b.ruling.years)
            .map(|y| y.year)
            .collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    for year in years {
        let ya = a.ruling.years.iter().find(|y| y.year == year);
        let yb = b.ruling.years.iter().find(|y| y.year == year);
        let fa = ya.map(|y| figures(old_policy, y)).unwrap_or_default();
        let fb = yb.map(|y| figures(new_policy, y)).unwrap_or_default();
        let mut names: Vec<&String> = fa.keys().chain(fb.keys()).collect();
        names.sort();
        names.dedup();
        for name in names {
            let (x, y) = (fa.get(name).copied(), fb.get(name).copied());
            if x != y {
                out.push(RulingChange::Figure {
                    year,
                    name: name.clone(),
                    old: x,
                    new: y,
                });
            }
        }
        let ca = ya.map(credits).unwrap_or_default();
        let cb = yb.map(credits).unwrap_or_default();
        let count = a.person.activities.len().max(b.person.activities.len());
        for index in 0..count {
            let (x, y) = (ca.get(&index).copied(), cb.get(&index).copied());
            if x == y {
                continue;
            }
            fn kind_of<'p>(p: &'p Policy, e: &Evaluated, index: usize) -> Option<&'p Kind> {
                e.person.activities.get(index).map(|act| p.kind(act.kind))
            }
            let (ka, kb) = (kind_of(old_policy, a, index), kind_of(new_policy, b, index));
            out.push(RulingChange::Credit {
                year,
                index,
                kind: kb.or(ka).map(|k| k.name.clone()).unwrap_or_default(),
                old: x,
                new: y,
                old_rule: ka.map(|k| k.credit.origin.span),
                new_rule: kb.map(|k| k.credit.origin.span),
            });
        }
        if let (Some(ya), Some(yb)) = (ya, yb) {
            for (i, (ra, rb)) in ya.requirements.iter().zip(&yb.requirements).enumerate() {
                if ra.met != rb.met {
                    let rule = new_policy
                        .year
                        .requirements
                        .get(i)
                        .map(|r| collapse(new_policy.source.slice(r.origin.span)))
                        .unwrap_or_default();
                    out.push(RulingChange::Requirement {
                        year,
                        rule,
                        old: ra.met,
                        new: rb.met,
                    });
                }
            }
        }
    }
    out
}

/// Hours gained and lost over a corpus: the change in each year's total credited hours.
pub(crate) fn hours_delta(old: &Outcome, new: &Outcome) -> Number {
    let total = |o: &Outcome| -> Number {
        match &o.result {
            Ok(e) => e.ruling.years.iter().fold(Number::ZERO, |acc, y| {
                acc.checked_add(y.total).unwrap_or(acc)
            }),
            Err(_) => Number::ZERO,
        }
    };
    total(new).checked_sub(total(old)).unwrap_or(Number::ZERO)
}

/// What comparing the rulings of two policies over a stream of records found.
#[derive(Debug, Default)]
pub struct Comparison {
    /// How many records were compared.
    pub total: usize,
    /// The records whose ruling changed, in input order.
    pub changed: Vec<ChangedRuling>,
    /// How many rulings went from one status (under the old policy) to another (under the
    /// new), for each pair of different statuses.
    pub transitions: BTreeMap<(String, String), usize>,
    /// The hours credited under the new policy and not under the old, over all records.
    pub added: Number,
    /// The hours credited under the old policy and not under the new, over all records.
    pub lost: Number,
}

/// A record whose ruling changed.
#[derive(Debug)]
pub struct ChangedRuling {
    /// Its outcome under the new policy (it names the person and the record).
    pub outcome_new: Outcome,
    /// What changed, in the order [`ruling_changes`] gives.
    pub changes: Vec<RulingChange>,
}

impl Comparison {
    /// Rules one record under both jobs and adds what changed.
    pub fn add(&mut self, old: &Job, new: &Job, raw: RawRecord) {
        self.total += 1;
        let outcome_old = old.run(raw.clone());
        let outcome_new = new.run(raw);
        let changes = ruling_changes(old.policy, new.policy, &outcome_old, &outcome_new);
        let delta = hours_delta(&outcome_old, &outcome_new);
        if delta.is_negative() {
            self.lost = self.lost.checked_sub(delta).unwrap_or(self.lost);
        } else {
            self.added = self.added.checked_add(delta).unwrap_or(self.added);
        }
        if changes.is_empty() {
            return;
        }
        let (a, b) = (
            status_of(old.policy, &outcome_old),
            status_of(new.policy, &outcome_new),
        );
        if a != b {
            *self.transitions.entry((a, b)).or_default() += 1;
        }
        self.changed.push(ChangedRuling {
            outcome_new,
            changes,
        });
    }
}
