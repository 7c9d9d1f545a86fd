//! The explanation of one activity: its credit (the formula filled in, caps and spreads
//! applied, what its category's yearly cap cut, the clause quoted), or each reason it
//! credits nothing.

use super::{Explainer, INDENT};
use crate::eval::Evaluated;
use crate::eval::{ActivityOutcome, CategoryCut, YearRuling};
use crate::messages::{Msg, fill, join};
use crate::number::Number;
use crate::policy::Spread;
use crate::render::rejection_texts;
use crate::source::SourceFile;
use std::fmt::Write;

impl Explainer<'_> {
    /// The activity `index` of the record, which credits `hours` to the year, after `cut`
    /// when its category's yearly cap cut it.
    pub(super) fn explain_credit(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        index: usize,
        hours: Number,
        cut: Option<&CategoryCut>,
        record: Option<&SourceFile>,
    ) {
        let Some(a) = evaluated.ruling.activities.get(index) else {
            return;
        };
        let policy = self.policy;
        let kind = policy.kind(a.kind);
        let deep = format!("{INDENT}{INDENT}{INDENT}");
        let credit_line = fill(
            self.lang,
            Msg::ExplainCreditOf,
            &[
                ("hours", &self.hours(hours)),
                (
                    "category",
                    &join(
                        self.lang,
                        &a.categories()
                            .map(|c| self.category_name(c))
                            .collect::<Vec<_>>(),
                        Msg::And,
                    ),
                ),
            ],
        );
        let _ = writeln!(
            out,
            "{INDENT}{INDENT}[{index}] {} — {credit_line}",
            self.kind_name(kind)
        );
        if let Some(trace) = evaluated.workings.credit(index) {
            let filled = self.filler().fill(&kind.credit.expr, trace);
            let _ = writeln!(out, "{deep}{}", filled.line());
            for input in filled.inputs_to_list() {
                let _ = writeln!(out, "{deep}{INDENT}{} = {}", input.name, input.value);
            }
        }
        self.cite_line(out, kind.credit.origin.cite.as_ref(), &deep);
        // The `let` values the formula reads, with their own citations (a rate by level).
        for i in kind.credit.expr.locals_read() {
            if let Some(local) = kind.locals.get(usize::from(i))
                && local.rule.origin.cite != kind.credit.origin.cite
                && let Some(c) = self.cite(local.rule.origin.cite.as_ref())
            {
                let _ = writeln!(out, "{deep}{}: {c}", local.name);
            }
        }
        self.reading_line(out, kind.credit.origin.reading.as_ref(), &deep);
        if let Some(cap) = a.cap.and_then(|i| kind.caps.get(i)) {
            let line = fill(
                self.lang,
                Msg::ExplainCapped,
                &[
                    ("before", &self.hours(a.formula)),
                    ("cap", &self.hours(a.capped)),
                ],
            );
            let _ = writeln!(
                out,
                "{deep}{line} — cap {}",
                policy.source.slice(cap.expr.span)
            );
            self.cite_and_reading(out, &cap.origin, &format!("{deep}{INDENT}"));
        }
        if let (Some(spread), Some(limit)) = (&kind.spread, a.spread_limit) {
            self.explain_spread(out, a, spread, limit, &deep);
        }
        if let Some(cut) = cut
            && let Some(cap) = policy
                .categories
                .get(usize::from(cut.category))
                .and_then(|c| c.cap.as_ref())
        {
            let line = fill(
                self.lang,
                Msg::ExplainCategoryCut,
                &[
                    ("before", &self.hours(cut.before)),
                    ("cut", &self.hours(cut.cut)),
                    ("category", &self.category_name(cut.category)),
                    ("limit", &self.hours(cap.limit)),
                ],
            );
            let rule = policy.source.slice(cap.rule.origin.span);
            let _ = writeln!(out, "{deep}{line} — {rule}");
            self.cite_and_reading(out, &cap.rule.origin, &format!("{deep}{INDENT}"));
        }
        out.push_str(&self.rule_snippet(&kind.credit.origin, &deep));
        out.push_str(&self.activity_snippet(evaluated, index, record, &deep));
    }

    /// How a spread placed the activity's credit over the years, and its rule.
    fn explain_spread(
        &self,
        out: &mut String,
        a: &ActivityOutcome,
        spread: &Spread,
        limit: Number,
        deep: &str,
    ) {
        let parts: Vec<String> = a
            .parts
            .iter()
            .map(|(y, h)| {
                fill(
                    self.lang,
                    Msg::ExplainSpreadPart,
                    &[("hours", &self.hours(*h)), ("year", y)],
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{deep}{}",
            fill(
                self.lang,
                Msg::ExplainSpread,
                &[
                    ("total", &self.hours(a.capped)),
                    ("parts", &parts.join(", "))
                ]
            )
        );
        let _ = writeln!(
            out,
            "{deep}{INDENT}{}",
            fill(
                self.lang,
                Msg::ExplainSpreadRule,
                &[("years", &spread.years), ("limit", &self.hours(limit))]
            )
        );
        self.cite_and_reading(out, &spread.origin, &format!("{deep}{INDENT}"));
        if !a.unplaced.is_zero() {
            let _ = writeln!(
                out,
                "{deep}{INDENT}{}",
                fill(
                    self.lang,
                    Msg::ExplainUnplaced,
                    &[("hours", &self.hours(a.unplaced))]
                )
            );
        }
    }

    /// An activity that credits nothing to `year`, with each reason.
    pub(super) fn explain_rejection(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        index: usize,
        a: &ActivityOutcome,
        year: &YearRuling,
        record: Option<&SourceFile>,
    ) {
        let policy = self.policy;
        let kind = policy.kind(a.kind);
        let deep = format!("{INDENT}{INDENT}{INDENT}");
        let reasons = rejection_texts(policy, a, self.lang);
        let first = reasons
            .first()
            .map(|r| r.reason.clone())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{INDENT}{INDENT}[{index}] {} — {first}",
            self.kind_name(kind)
        );
        for (n, (reason, raw)) in reasons.iter().zip(&a.rejections).enumerate() {
            if n > 0 {
                let _ = writeln!(out, "{deep}{}", reason.reason);
            }
            let origin = match raw {
                crate::eval::RejectionReason::Evidence { rule, .. } => {
                    if let Some(activity) = evaluated.person.activities.get(index) {
                        let given = if activity.evidence.is_empty() {
                            self.t(Msg::ExplainNoEvidence).to_string()
                        } else {
                            let names: Vec<String> = activity
                                .evidence
                                .iter()
                                .map(|e| e.text(policy).to_string())
                                .collect();
                            fill(
                                self.lang,
                                Msg::ExplainEvidenceGiven,
                                &[("names", &join(self.lang, &names, Msg::And))],
                            )
                        };
                        let _ = writeln!(out, "{deep}{INDENT}{given}");
                    }
                    kind.evidence.get(*rule).map(|r| &r.origin)
                }
                crate::eval::RejectionReason::Rule { rule } => {
                    let rule = kind.rejections.get(*rule);
                    let trace = evaluated.workings.rejection(index, n);
                    if let (Some(r), Some(trace)) = (rule, trace) {
                        let filled = self.filler().fill(&r.rule.expr, trace);
                        let _ = writeln!(out, "{deep}{INDENT}{}", filled.line());
                    }
                    rule.map(|r| &r.rule.origin)
                }
            };
            if let Some(origin) = origin {
                self.cite_line(out, origin.cite.as_ref(), &format!("{deep}{INDENT}"));
                out.push_str(&self.rule_snippet(origin, &deep));
            }
        }
        if let Some(h) = a.hours_within(year) {
            let _ = writeln!(
                out,
                "{deep}{}",
                fill(
                    self.lang,
                    Msg::ExplainWouldHave,
                    &[("hours", &self.hours(h))]
                )
            );
        }
        out.push_str(&self.activity_snippet(evaluated, index, record, &deep));
    }
}
