//! Coverage of a policy's rules by a set of rulings (`test --coverage`, `eval --coverage`):
//! for each rule that decides something — a kind's `credit`, each `cap`, `requires`,
//! `reject when` and `invalid when`, the exemption (applied, each of its `reject when` and
//! `invalid when`), and each status of each purpose — how many records reached it.
//!
//! Counting reads only what the evaluation returned: the ruling's activities (their
//! rejections and the cap that bound), its exemptions, its status, and the `invalid when`
//! errors of invalid records. Nothing is evaluated again.

use crate::eval::Outcome;
use crate::policy::Policy;
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
    pub fn new(policy: &Policy, only: Option<crate::policy::PurposeId>) -> Coverage {
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
        Coverage {
            rules,
            records: 0,
            kinds,
            exemption,
            purposes,
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
