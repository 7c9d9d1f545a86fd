//! Coverage of a policy's rules by a set of rulings (`test --coverage`, `eval --coverage`):
//! for each rule that decides something — a kind's `credit`, each `cap`, `requires`,
//! `reject when` and `invalid when`, the exemption (applied, each of its `reject when` and
//! `invalid when`), each status of each purpose, and each arm of each `match` the
//! evaluation can take — how many records reached it.
//!
//! Counting reads only what the evaluation returned: the ruling's activities (their
//! rejections and the cap that bound), its exemptions, its status, the `invalid when`
//! errors of invalid records, and the `match` arms the evaluation recorded as taken
//! ([`Outcome::arms_taken`], recorded when the job asks for them). Nothing is evaluated
//! again.

use crate::eval::Outcome;
use crate::policy::expr::{Arm, CExpr, Op};
use crate::policy::{Policy, PurposeId, Window};
use crate::record::RecordErrorKind;
use crate::source::Span;

/// What a covered rule is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleWhat {
    /// A kind's `credit` (reached by an activity of the kind that credits).
    Credit {
        /// The kind.
        kind: String,
    },
    /// A kind's `cap`, reached when it is the one that binds.
    Cap {
        /// The kind.
        kind: String,
    },
    /// A kind's `requires`, reached when it rejects an activity.
    Requires {
        /// The kind.
        kind: String,
    },
    /// A kind's `reject when`, reached when it holds.
    Reject {
        /// The kind.
        kind: String,
    },
    /// A kind's `invalid when`, reached when it makes a record invalid.
    Invalid {
        /// The kind.
        kind: String,
    },
    /// The exemption, reached when it applies.
    ExemptionApplies,
    /// The exemption's `reject when`, reached when it refuses an exemption.
    ExemptionReject,
    /// The exemption's `invalid when`.
    ExemptionInvalid,
    /// A status of a purpose, reached when a ruling has it.
    Status {
        /// The purpose.
        purpose: String,
        /// The status's label.
        status: String,
    },
    /// An arm of a `match`, reached when an evaluation took it.
    Arm {
        /// The rule the `match` is in, in words: `conference: let rate`, `year: shortfall`.
        within: String,
        /// The arm's pattern as the policy writes it: `"region"`, `else`.
        pattern: String,
    },
}

/// One rule and how many records reached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    /// What the rule is.
    pub what: RuleWhat,
    /// Where it is in the policy.
    pub span: Span,
    /// Records that reached it.
    pub hits: usize,
}

/// The rules of a policy and how often the rulings seen so far reached each.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Every rule counted, in the policy's order.
    pub rules: Vec<Covered>,
    /// Rulings and invalid records seen.
    pub records: usize,
    /// Per kind: the slots of its credit, caps, evidence rules, rejections, constraints.
    kinds: Vec<KindSlots>,
    /// Slots of the exemption's `applies`, rejections and constraints.
    exemption: Option<KindSlots>,
    /// Per purpose: the slot of its first status.
    purposes: Vec<usize>,
    /// Per `match` arm: where its pattern starts in the policy and its slot, by start.
    arms: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
struct KindSlots {
    credit: usize,
    caps: Vec<usize>,
    evidence: Vec<usize>,
    rejections: Vec<usize>,
    constraints: Vec<(Span, usize)>,
}

impl Coverage {
    /// Every rule of `policy`, none reached yet; of the purposes, only `only`'s statuses
    /// when given (a run of `eval` rules for one purpose).
    pub fn new(policy: &Policy, only: Option<PurposeId>) -> Coverage {
        let mut rules = Vec::new();
        let mut add = |what: RuleWhat, span: Span| {
            rules.push(Covered {
                what,
                span,
                hits: 0,
            });
            rules.len() - 1
        };
        let mut kinds = Vec::new();
        for k in &policy.kinds {
            let name = || k.name.clone();
            let mut slots = KindSlots {
                credit: add(RuleWhat::Credit { kind: name() }, k.credit.origin.span),
                ..KindSlots::default()
            };
            for c in &k.constraints {
                let slot = add(RuleWhat::Invalid { kind: name() }, c.rule.origin.span);
                slots.constraints.push((c.rule.origin.span, slot));
            }
            for c in &k.caps {
                slots
                    .caps
                    .push(add(RuleWhat::Cap { kind: name() }, c.origin.span));
            }
            for e in &k.evidence {
                slots
                    .evidence
                    .push(add(RuleWhat::Requires { kind: name() }, e.origin.span));
            }
            for r in &k.rejections {
                slots
                    .rejections
                    .push(add(RuleWhat::Reject { kind: name() }, r.rule.origin.span));
            }
            kinds.push(slots);
        }
        let exemption = policy.exemption.as_ref().map(|x| {
            let mut slots = KindSlots {
                credit: add(RuleWhat::ExemptionApplies, x.covers.origin.span),
                ..KindSlots::default()
            };
            for c in &x.constraints {
                let slot = add(RuleWhat::ExemptionInvalid, c.rule.origin.span);
                slots.constraints.push((c.rule.origin.span, slot));
            }
            for r in &x.rejections {
                slots
                    .rejections
                    .push(add(RuleWhat::ExemptionReject, r.rule.origin.span));
            }
            slots
        });
        let mut purposes = Vec::new();
        for (i, p) in policy.purposes.iter().enumerate() {
            if only.is_some_and(|o| usize::from(o) != i) {
                // No slot: its statuses are not counted.
                purposes.push(usize::MAX);
                continue;
            }
            purposes.push(rules.len());
            for s in &p.statuses {
                rules.push(Covered {
                    what: RuleWhat::Status {
                        purpose: p.name.clone(),
                        status: s.label.clone(),
                    },
                    span: s.origin.span,
                    hits: 0,
                });
            }
        }
        let mut arms = Vec::new();
        for (within, expr) in rule_expressions(policy, only) {
            for_each_arm(expr, &mut |arm| {
                if arms.iter().any(|(start, _)| *start == arm.pattern.start) {
                    // The same arm reached by two ways (an expression compiled twice).
                    return;
                }
                let pattern = policy
                    .source
                    .text()
                    .get(arm.pattern.start..arm.pattern.end)
                    .unwrap_or_default()
                    .to_string();
                rules.push(Covered {
                    what: RuleWhat::Arm {
                        within: within.clone(),
                        pattern,
                    },
                    span: arm.pattern,
                    hits: 0,
                });
                arms.push((arm.pattern.start, rules.len() - 1));
            });
        }
        arms.sort_unstable();
        Coverage {
            rules,
            records: 0,
            kinds,
            exemption,
            purposes,
            arms,
        }
    }

    /// Counts the rules one outcome reached (each at most once per record).
    pub fn record(&mut self, outcome: &Outcome) {
        self.records += 1;
        let mut reached = Vec::new();
        match &outcome.result {
            Err(errors) => {
                for e in errors {
                    if let RecordErrorKind::Constraint { span, .. } = &e.kind {
                        let all = self.kinds.iter().chain(self.exemption.as_ref());
                        for slots in all {
                            reached.extend(
                                slots
                                    .constraints
                                    .iter()
                                    .filter(|(s, _)| s == span)
                                    .map(|(_, slot)| *slot),
                            );
                        }
                    }
                }
            }
            Ok(evaluated) => {
                let ruling = &evaluated.ruling;
                for a in &ruling.activities {
                    let Some(slots) = self.kinds.get(usize::from(a.kind)) else {
                        continue;
                    };
                    if a.rejections.is_empty() {
                        reached.push(slots.credit);
                    }
                    if let Some(slot) = a.cap.and_then(|c| slots.caps.get(c)) {
                        reached.push(*slot);
                    }
                    for r in &a.rejections {
                        let slot = match r {
                            crate::eval::RejectionReason::Evidence { rule, .. } => {
                                slots.evidence.get(*rule)
                            }
                            crate::eval::RejectionReason::Rule { rule } => {
                                slots.rejections.get(*rule)
                            }
                        };
                        reached.extend(slot.copied());
                    }
                }
                if let Some(slots) = &self.exemption {
                    for x in &ruling.exemptions {
                        match x.rejected_by {
                            None => reached.push(slots.credit),
                            Some(r) => reached.extend(slots.rejections.get(r).copied()),
                        }
                    }
                }
                if let Some(first) = self.purposes.get(usize::from(ruling.purpose)) {
                    reached.push(first.saturating_add(ruling.status));
                }
            }
        }
        for start in &outcome.arms_taken {
            if let Ok(i) = self.arms.binary_search_by_key(start, |(s, _)| *s) {
                reached.extend(self.arms.get(i).map(|(_, slot)| *slot));
            }
        }
        reached.sort_unstable();
        reached.dedup();
        for slot in reached {
            if let Some(rule) = self.rules.get_mut(slot) {
                rule.hits += 1;
            }
        }
    }

    /// Rules reached at least once.
    pub fn reached(&self) -> usize {
        self.rules.iter().filter(|r| r.hits > 0).count()
    }

    /// Whether at least `percent` of the rules were reached (exactly: no rounding).
    pub fn at_least(&self, percent: u32) -> bool {
        self.reached() * 100 >= usize::try_from(percent).unwrap_or(usize::MAX) * self.rules.len()
    }

    /// Rules reached, in tenths of a percent, rounded down (1000 for a policy without rules).
    pub fn per_mille(&self) -> usize {
        (self.reached() * 1000)
            .checked_div(self.rules.len())
            .unwrap_or(1000)
    }

    /// Adds another count of the same policy's rules (one per test file).
    pub fn merge(&mut self, other: &Coverage) {
        self.records += other.records;
        for (a, b) in self.rules.iter_mut().zip(&other.rules) {
            a.hits += b.hits;
        }
    }
}

/// Every expression an evaluation may evaluate, with the rule it belongs to in words: each
/// kind's and the exemption's rules, the year block's, and the purposes' (only `only`'s
/// when given). Constants are not among them (their values are worked out once, by the
/// checker), nor forms (filled in for an explanation, not for a ruling).
fn rule_expressions(policy: &Policy, only: Option<PurposeId>) -> Vec<(String, &CExpr)> {
    let mut out: Vec<(String, &CExpr)> = Vec::new();
    for k in &policy.kinds {
        let name = &k.name;
        for l in &k.locals {
            out.push((format!("{name}: let {}", l.name), &l.rule.expr));
        }
        for c in &k.constraints {
            out.push((format!("{name}: invalid when"), &c.rule.expr));
        }
        out.push((format!("{name}: counts in"), &k.year.expr));
        out.push((format!("{name}: credit"), &k.credit.expr));
        for c in &k.caps {
            out.push((format!("{name}: cap"), &c.expr));
        }
        if let Some(s) = &k.spread {
            out.push((format!("{name}: spread"), &s.per_year.expr));
        }
        for r in &k.rejections {
            out.push((format!("{name}: reject when"), &r.rule.expr));
        }
    }
    if let Some(x) = &policy.exemption {
        for l in &x.locals {
            out.push((format!("exemption: let {}", l.name), &l.rule.expr));
        }
        for c in &x.constraints {
            out.push(("exemption: invalid when".to_string(), &c.rule.expr));
        }
        out.push(("exemption: covers".to_string(), &x.covers.expr));
        for r in &x.rejections {
            out.push(("exemption: reject when".to_string(), &r.rule.expr));
        }
    }
    for f in &policy.year.figures {
        out.push((format!("year: {}", f.name), &f.rule.expr));
    }
    for r in &policy.year.requirements {
        out.push(("year: require".to_string(), &r.lhs));
        out.push(("year: require".to_string(), &r.rhs));
    }
    if let Some(s) = &policy.year.shortfall {
        out.push(("year: shortfall".to_string(), &s.expr));
    }
    for (i, p) in policy.purposes.iter().enumerate() {
        if only.is_some_and(|o| usize::from(o) != i) {
            continue;
        }
        let name = &p.name;
        match &p.window {
            Window::Single(rule) => out.push((format!("{name}: year"), &rule.expr)),
            Window::Range { from, to, .. } => {
                out.push((format!("{name}: years"), from));
                out.push((format!("{name}: years"), to));
            }
        }
        if let Some(r) = &p.passes {
            out.push((format!("{name}: each year passes"), &r.expr));
        }
        for s in &p.statuses {
            if let Some(when) = &s.when {
                out.push((format!("{name}: status {}", s.label), when));
            }
        }
    }
    out
}

/// Calls `f` on each arm of each `match` in `e`, outer before inner, in the order written.
fn for_each_arm(e: &CExpr, f: &mut dyn FnMut(&Arm)) {
    if let Op::Match { arms, .. } = &e.op {
        for arm in arms {
            f(arm);
        }
    }
    e.for_each_child(&mut |child| for_each_arm(child, f));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{Detail, Job};
    use crate::input::RawRecord;

    /// A senior's national course online: the `let`'s inner `"online"`, the `invalid
    /// when`'s `"online"`, the `reject when`'s `else`, the status's `"senior"`.
    const RECORD: &str = r#"{"id": "11010519491231002X", "name": "张三", "grade": "senior",
        "activities": [{"kind": "course", "date": "2023-05-10", "hours": 4,
        "level": "national", "mode": "online"}]}"#;

    #[test]
    fn arms_are_recorded_only_when_asked_for_and_counted() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/policies/coverage/arms.policy"
        );
        let policy = crate::load_policy(path).unwrap();
        let (purpose, _) = policy.purpose("annual").unwrap();
        let plain = Job::new(&policy, purpose, 2023).run(RawRecord::from_json(RECORD));
        assert!(plain.arms_taken.is_empty());
        let job = Job {
            detail: Detail {
                arms: true,
                ..Detail::default()
            },
            ..Job::new(&policy, purpose, 2023)
        };
        let outcome = job.run(RawRecord::from_json(RECORD));
        // Recording the arms changes nothing of the ruling.
        let ruling = |o: &Outcome| format!("{:?}", o.result.as_ref().map(|e| &e.ruling));
        assert_eq!(ruling(&plain), ruling(&outcome));
        let mut coverage = Coverage::new(&policy, Some(purpose));
        coverage.record(&outcome);
        coverage.record(&outcome);
        let mut arms: Vec<_> = coverage
            .rules
            .iter()
            .filter_map(|r| match &r.what {
                RuleWhat::Arm { within, pattern } => {
                    Some((r.span.start, format!("{within}, match {pattern}"), r.hits))
                }
                _ => None,
            })
            .collect();
        arms.sort();
        let arms: Vec<_> = arms.into_iter().map(|(_, a, hits)| (a, hits)).collect();
        let expected = [
            ("course: invalid when, match \"online\"", 2),
            ("course: invalid when, match else", 0),
            ("course: let factor, match \"national\"", 2),
            ("course: let factor, match \"onsite\"", 0),
            ("course: let factor, match \"online\"", 2),
            ("course: let factor, match else", 0),
            ("course: reject when, match \"local\"", 0),
            ("course: reject when, match else", 2),
            ("annual: status short_senior, match \"senior\"", 2),
            ("annual: status short_senior, match \"junior\"", 0),
        ];
        let expected: Vec<_> = expected.iter().map(|(a, n)| (a.to_string(), *n)).collect();
        assert_eq!(arms, expected);
    }
}
