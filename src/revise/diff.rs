//! What a policy revision changes: the rules that differ between two policies (constants,
//! kinds and their rules, requirements, purposes…, see [`super::structure`]), and, for a
//! corpus of records, the rulings that differ, with the credits and requirements behind each
//! difference.
//!
//! A ruling **changed** when its status, a figure of a year it examines (the total, the hours
//! of each category, the named figures, the shortfall, what a year lacks to pass), the status
//! or test of a year of a multi-year purpose, or what an activity credits (or whether it is
//! rejected) differs. A ruling whose only difference is which requirements are met (same
//! status, figures and credits) is counted apart, as a change of **requirements only**: the
//! explanation differs, the ruling does not.

use crate::eval::YearRuling;
use crate::eval::{Evaluated, Job, Outcome};
use crate::input::RawRecord;
use crate::number::Number;
use crate::policy::{Kind, Policy, Window};
use crate::source::Span;
use std::collections::BTreeMap;

use super::structure::collapse;
pub use super::structure::{PolicyChange, policy_changes};

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
    /// The status of one year of a multi-year purpose changed (`exempt`, `compliant`,
    /// `shortfall`).
    YearStatus {
        /// The year.
        year: i32,
        /// Old status of the year.
        old: String,
        /// New status of the year.
        new: String,
    },
    /// Whether one year passes the purpose's test (`each year passes when`) changed.
    Passes {
        /// The year.
        year: i32,
        /// Whether it passed (`None`: the old purpose has no test of a year, or did not
        /// examine the year).
        old: Option<bool>,
        /// Whether it passes.
        new: Option<bool>,
    },
    /// What an activity credits in a year changed, or whether it is rejected.
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
        /// Whether the old policy rejected it (in that year).
        old_rejected: bool,
        /// Whether the new policy rejects it.
        new_rejected: bool,
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

impl RulingChange {
    /// Whether the change is one of the ruling itself (its status, a figure, a year's status
    /// or test, a credit), rather than only of which requirements are met.
    pub fn changes_ruling(&self) -> bool {
        !matches!(self, RulingChange::Requirement { .. })
    }
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

/// The figures of a year by name: the year block's figures, the shortfall, and, under
/// names no figure takes, the total (`total`), the hours of each category (its name) and
/// what the year lacks to pass the purpose's test (`lacking`).
fn figures(policy: &Policy, year: &YearRuling) -> BTreeMap<String, Number> {
    let mut out: BTreeMap<String, Number> = policy
        .year
        .figures
        .iter()
        .zip(&year.figures)
        .map(|(f, n)| (f.name.clone(), *n))
        .collect();
    out.insert("shortfall".into(), year.shortfall);
    out.entry("total".into()).or_insert(year.total);
    for (c, n) in policy.categories.iter().zip(&year.by_category) {
        out.entry(c.name.clone()).or_insert(*n);
    }
    if let Some(n) = year.lacking {
        out.entry("lacking".into()).or_insert(n);
    }
    out
}

/// Whether a purpose examines a range of years (then each year's status and test count).
fn multi_year(policy: &Policy, e: &Evaluated) -> bool {
    matches!(
        policy.purpose_rules(e.ruling.purpose).window,
        Window::Range { .. }
    )
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
    let multi = multi_year(old_policy, a) || multi_year(new_policy, b);
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
        if multi {
            let sa = ya.map_or("—", |y| y.status.as_str());
            let sb = yb.map_or("—", |y| y.status.as_str());
            if sa != sb {
                out.push(RulingChange::YearStatus {
                    year,
                    old: sa.to_string(),
                    new: sb.to_string(),
                });
            }
            let (pa, pb) = (ya.and_then(|y| y.passes), yb.and_then(|y| y.passes));
            if pa != pb {
                out.push(RulingChange::Passes {
                    year,
                    old: pa,
                    new: pb,
                });
            }
        }
        let ca = ya.map(credits).unwrap_or_default();
        let cb = yb.map(credits).unwrap_or_default();
        let rejected =
            |y: Option<&YearRuling>, index: usize| y.is_some_and(|y| y.rejected.contains(&index));
        let count = a.person.activities.len().max(b.person.activities.len());
        for index in 0..count {
            let (x, y) = (ca.get(&index).copied(), cb.get(&index).copied());
            let (rx, ry) = (rejected(ya, index), rejected(yb, index));
            if x == y && rx == ry {
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
                old_rejected: rx,
                new_rejected: ry,
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
    /// The records whose ruling changed (status, a figure, a year's status or test, a
    /// credit), in input order.
    pub changed: Vec<ChangedRuling>,
    /// The records whose ruling is the same but for which requirements are met, in input
    /// order.
    pub requirements_only: Vec<ChangedRuling>,
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
    /// What changed, in the order [`ruling_changes`] gives (for a changed ruling, its
    /// requirements that changed too).
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
        if !changes.iter().any(RulingChange::changes_ruling) {
            self.requirements_only.push(ChangedRuling {
                outcome_new,
                changes,
            });
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::input::Format;
    use crate::source::SourceFile;

    /// The shipped policy, with `edits` (old text, new text) made to it.
    pub(in crate::revise) fn policy(edits: &[(&str, &str)]) -> Policy {
        let mut text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/notice-2022.policy"
        ))
        .unwrap();
        for (a, b) in edits {
            assert!(text.contains(a), "{a}");
            text = text.replacen(a, b, 1);
        }
        crate::compile_policy(SourceFile::new("p", text)).0.unwrap()
    }

    /// The comparison of two policies' `annual` rulings for 2023 over JSONL records.
    fn compare(old: &Policy, new: &Policy, jsonl: &str) -> Comparison {
        let columns = crate::input::table::Columns::of_all(&[old, new]);
        let records = crate::input::read_records_from_bytes(
            "t.jsonl",
            Format::Jsonl,
            jsonl.as_bytes().to_vec(),
            &columns,
        )
        .unwrap();
        let (job_old, job_new) = (
            Job::new(old, old.purpose("annual").unwrap().0, 2023),
            Job::new(new, new.purpose("annual").unwrap().0, 2023),
        );
        let mut c = Comparison::default();
        for raw in records {
            c.add(&job_old, &job_new, raw);
        }
        c
    }

    const ONE_SUBJECT: &str = r#"{"id":"650102198001011234","name":"张三","activities":[{"kind":"exam","date":"2023-03-01","subjects":1}]}"#;
    const NINETY: &str = r#"{"id":"650102198001011234","name":"李四","activities":[{"kind":"exam","date":"2023-03-01","subjects":3}]}"#;

    #[test]
    fn a_change_of_the_failing_requirement_only_is_counted_apart() {
        // 30 specialty hours of 30: short of 60 under the old reading, two thirds of the
        // person's own total under the new; the shortfall rule is the same, so the status
        // (shortfall), the figures and the credits are too.
        let old = policy(&[]);
        let new = policy(&[(
            "require specialty >= specialty_minimum",
            "require specialty >= specialty_share * total",
        )]);
        let c = compare(&old, &new, &format!("{ONE_SUBJECT}\n{NINETY}\n"));
        assert_eq!(c.total, 2);
        assert!(c.changed.is_empty(), "{:?}", c.changed);
        assert!(c.transitions.is_empty());
        assert_eq!(c.requirements_only.len(), 1);
        let only = &c.requirements_only[0];
        assert_eq!(only.outcome_new.name.as_deref(), Some("张三"));
        assert_eq!(
            only.changes,
            vec![RulingChange::Requirement {
                year: 2023,
                rule: "require specialty >= specialty_share * total".into(),
                old: false,
                new: true,
            }]
        );
    }

    #[test]
    fn a_changed_figure_makes_a_changed_ruling_listed_with_its_requirements() {
        let old = policy(&[]);
        let new = policy(&[
            (
                "require specialty >= specialty_minimum",
                "require specialty >= specialty_share * total",
            ),
            (
                "shortfall = max(annual_minimum - total, specialty_minimum - specialty)",
                "shortfall = max(annual_minimum - total, specialty_minimum - specialty) + 1 hours",
            ),
        ]);
        let c = compare(&old, &new, &format!("{ONE_SUBJECT}\n"));
        assert!(c.requirements_only.is_empty());
        assert_eq!(c.changed.len(), 1);
        let changes = &c.changed[0].changes;
        assert!(
            changes.contains(&RulingChange::Figure {
                year: 2023,
                name: "shortfall".into(),
                old: Some(Number::from_int(60)),
                new: Some(Number::from_int(61)),
            }),
            "{changes:?}"
        );
        assert!(
            changes
                .iter()
                .any(|ch| matches!(ch, RulingChange::Requirement { new: true, .. })),
            "{changes:?}"
        );
    }

    #[test]
    fn an_activity_rejected_under_one_policy_only_is_a_credit_change() {
        let old = policy(&[]);
        let new = policy(&[(
            "reject when not recognized",
            "reject when not recognized and hours > 100 hours",
        )]);
        let online = r#"{"id":"650102198001011234","name":"张三","activities":[{"kind":"online","date":"2023-03-01","hours":10,"recognized":false}]}"#;
        let c = compare(&old, &new, &format!("{online}\n"));
        assert_eq!(c.changed.len(), 1);
        let credit = c.changed[0]
            .changes
            .iter()
            .find(|ch| matches!(ch, RulingChange::Credit { .. }));
        assert!(
            matches!(
                credit,
                Some(RulingChange::Credit {
                    index: 0,
                    old: None,
                    old_rejected: true,
                    new_rejected: false,
                    ..
                })
            ),
            "{credit:?}"
        );
        // The same policy changes nothing.
        let same = compare(&old, &old, &format!("{online}\n{ONE_SUBJECT}\n"));
        assert!(same.changed.is_empty() && same.requirements_only.is_empty());
    }
}
