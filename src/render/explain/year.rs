//! The explanation of one year: the activities it credits and rejects, the exemptions, each
//! requirement with its values, and the shortfall.

use super::{Explainer, INDENT, short_by};
use crate::eval::Evaluated;
use crate::eval::{RequirementOutcome, YearRuling, YearStatus};
use crate::messages::{Msg, fill};
use crate::number::Number;
use crate::policy::expr::Value;
use crate::policy::{MakeUp, Requirement};
use crate::render::localized;
use crate::source::{LineCol, SourceFile};
use std::fmt::Write;

impl Explainer<'_> {
    /// A year's status in the reader's language.
    fn year_status(&self, s: YearStatus) -> &'static str {
        self.t(match s {
            YearStatus::Exempt => Msg::YearExempt,
            YearStatus::Compliant => Msg::YearCompliant,
            YearStatus::Shortfall => Msg::YearShortfall,
        })
    }

    /// One year examined: its heading, credits, rejections, exemptions, requirements and
    /// shortfall. `several` when the purpose looks at a window of years.
    pub(super) fn explain_year(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        year: &YearRuling,
        record: Option<&SourceFile>,
        several: bool,
    ) {
        let policy = self.policy;
        let ruling = &evaluated.ruling;
        let mut heading = fill(
            self.lang,
            Msg::ExplainYear,
            &[
                ("year", &year.label()),
                ("status", &self.year_status(year.status)),
            ],
        );
        if several && let Some(p) = year.passes {
            heading.push_str(" — ");
            heading.push_str(self.t(if p {
                Msg::ExplainYearPasses
            } else {
                Msg::ExplainYearFails
            }));
            if let Some(lacking) = year.lacking.filter(|l| !l.is_zero()) {
                heading.push_str(&fill(
                    self.lang,
                    Msg::ExplainYearLacking,
                    &[("amount", &self.hours(lacking))],
                ));
            }
        }
        let _ = writeln!(out, "{heading}");

        let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainCredited));
        if year.credits.is_empty() {
            let _ = writeln!(out, "{INDENT}{INDENT}{}", self.t(Msg::ExplainNothing));
        }
        for (i, hours) in &year.credits {
            let cut = year.cuts.iter().find(|c| c.activity == *i);
            self.explain_credit(out, evaluated, *i, *hours, cut, record);
        }
        if !year.rejected.is_empty() {
            let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainRejected));
            for i in &year.rejected {
                if let Some(a) = ruling.activities.get(*i) {
                    self.explain_rejection(out, evaluated, *i, a, year, record);
                }
            }
        }
        if !year.exemptions.is_empty() {
            let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainExemptions));
            for i in &year.exemptions {
                self.explain_exemption(out, evaluated, *i, record);
            }
        }
        let position = evaluated
            .ruling
            .years
            .iter()
            .position(|y| y.year == year.year);
        if policy.year.carries_over {
            self.explain_figures(out, evaluated, year, position);
        }
        let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainRequirements));
        for (r, o) in policy.year.requirements.iter().zip(&year.requirements) {
            self.requirement_line(out, r, o, &format!("{INDENT}{INDENT}"));
            self.cite_and_reading(out, &r.origin, &format!("{INDENT}{INDENT}{INDENT}"));
        }
        if !year.shortfall.is_zero() {
            let trace = position.and_then(|p| evaluated.workings.shortfall(p));
            match (&policy.year.shortfall, trace) {
                (None, _) if let Some(make_up) = &policy.year.make_up => {
                    let made_up = position.and_then(|p| evaluated.workings.made_up(p));
                    self.explain_make_up(out, make_up, year.shortfall, made_up);
                }
                (Some(rule), Some(trace)) => {
                    let filled = self.filler().fill(&rule.expr, trace);
                    let _ = writeln!(
                        out,
                        "{INDENT}{}: {} = {}",
                        self.t(Msg::ExplainShortfall),
                        filled.formula,
                        filled.computation()
                    );
                    self.cite_and_reading(out, &rule.origin, &format!("{INDENT}{INDENT}"));
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "{INDENT}{}: {}",
                        self.t(Msg::ExplainShortfall),
                        self.hours(year.shortfall)
                    );
                }
            }
        }
    }
    /// A requirement and its values: `total ≥ annual_minimum: 150 hours ≥ 90 hours — met`.
    fn requirement_line(
        &self,
        out: &mut String,
        r: &Requirement,
        o: &RequirementOutcome,
        indent: &str,
    ) {
        let policy = self.policy;
        let lhs_ty = &r.lhs.ty;
        let verdict = if o.met {
            self.t(Msg::ExplainMet).to_string()
        } else {
            let gap = short_by(o);
            fill(
                self.lang,
                Msg::ExplainNotMet,
                &[("gap", &self.filler().amount(gap, lhs_ty))],
            )
        };
        let _ = writeln!(
            out,
            "{indent}{} {} {}: {} {} {} — {verdict}",
            policy.source.slice(r.lhs.span),
            r.op.math_symbol(),
            policy.source.slice(r.rhs.span),
            self.filler().amount(o.lhs, lhs_ty),
            r.op.math_symbol(),
            self.filler().amount(o.rhs, &r.rhs.ty),
        );
    }

    /// The hours to make up solved from the requirements: the amount, what it is, and each
    /// requirement with the amount added (`made_up`, when it was worked out), then the
    /// rule's clause and reading.
    fn explain_make_up(
        &self,
        out: &mut String,
        make_up: &MakeUp,
        hours: Number,
        made_up: Option<&[RequirementOutcome]>,
    ) {
        let amount = self.hours(hours);
        let category = self.category_name(make_up.category);
        let what = fill(
            self.lang,
            Msg::ExplainLeastMakeUp,
            &[("amount", &amount), ("category", &category)],
        );
        let _ = writeln!(out, "{INDENT}{}: {what}", self.t(Msg::ExplainShortfall));
        if let Some(made_up) = made_up {
            let with = fill(
                self.lang,
                Msg::ExplainMakeUpWith,
                &[("amount", &amount), ("category", &category)],
            );
            let _ = writeln!(out, "{INDENT}{INDENT}{with}");
            for (r, o) in self.policy.year.requirements.iter().zip(made_up) {
                self.requirement_line(out, r, o, &format!("{INDENT}{INDENT}{INDENT}"));
            }
        }
        self.cite_and_reading(out, &make_up.origin, &format!("{INDENT}{INDENT}"));
    }

    /// An exemption the year's ruling looked at: its fields, whether it applies, the clause.
    /// The year block's figures with their workings, for a block that carries figures over
    /// from the year (or period) before: how much was carried, and from what. A figure's
    /// clause is shown when it has its own, not the block's.
    fn explain_figures(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        year: &YearRuling,
        position: Option<usize>,
    ) {
        let policy = self.policy;
        let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainFigures));
        let figures = policy.year.figures.iter().zip(&year.figures);
        for (i, (figure, value)) in figures.enumerate() {
            let trace = position.and_then(|p| evaluated.workings.figure(p, i));
            let shown = match trace {
                Some(trace) => {
                    let filled = self.filler().fill(&figure.rule.expr, trace);
                    format!("{} = {}", filled.formula, filled.computation())
                }
                None => self.filler().amount(*value, &figure.rule.expr.ty),
            };
            let _ = writeln!(out, "{INDENT}{INDENT}{} = {shown}", figure.name);
            let own = crate::policy::Origin {
                cite: figure
                    .rule
                    .origin
                    .cite
                    .clone()
                    .filter(|c| Some(c) != policy.year.origin.cite.as_ref()),
                ..figure.rule.origin.clone()
            };
            self.cite_and_reading(out, &own, &format!("{INDENT}{INDENT}{INDENT}"));
        }
    }

    fn explain_exemption(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        index: usize,
        record: Option<&SourceFile>,
    ) {
        let policy = self.policy;
        let Some(rules) = &policy.exemption else {
            return;
        };
        let (Some(outcome), Some(exemption)) = (
            evaluated.ruling.exemptions.get(index),
            evaluated.person.exemptions.get(index),
        ) else {
            return;
        };
        let deep = format!("{INDENT}{INDENT}{INDENT}");
        let fields: Vec<String> = rules
            .schema
            .fields
            .iter()
            .zip(&exemption.fields)
            .filter(|(_, v)| **v != Value::Absent)
            .map(|(f, v)| format!("{} = {}", f.name, self.filler().field_value(v, &f.ty)))
            .collect();
        let years: Vec<String> = outcome.years.iter().map(|y| y.to_string()).collect();
        let verdict = match outcome.rejected_by.and_then(|i| rules.rejections.get(i)) {
            None => fill(
                self.lang,
                Msg::ExplainExemptionApplies,
                &[("years", &years.join(", "))],
            ),
            Some(r) => fill(
                self.lang,
                Msg::ExplainExemptionRejected,
                &[("reason", &localized(&r.reason, self.lang))],
            ),
        };
        let _ = writeln!(
            out,
            "{INDENT}{INDENT}[{index}] {} — {verdict}",
            fields.join(", ")
        );
        let origin = match outcome.rejected_by.and_then(|i| rules.rejections.get(i)) {
            Some(r) => &r.rule.origin,
            None => &rules.origin,
        };
        self.cite_line(out, origin.cite.as_ref(), &deep);
        if outcome.rejected_by.is_some() {
            out.push_str(&self.rule_snippet(origin, &deep));
        }
        let reading = rules.covers.origin.reading.as_ref();
        self.reading_line(out, reading.filter(|_| outcome.applies()), &deep);
        let label = format!("exemptions[{index}]");
        let at = exemption.line.map(|line| LineCol { line, column: 1 });
        out.push_str(&self.record_snippet(record, at, label, &deep));
    }
}
