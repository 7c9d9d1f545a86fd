//! Explanations a clerk can check by hand: the ruling first, then each year examined with
//! each activity's credit (formula filled in from the record, caps and spreads applied, the
//! clause quoted) or the reason it credits nothing, the exemptions, each requirement with its
//! values, and the status rule that decided. Snippets point at the policy's rules and, for
//! JSON and TOML records, at the record's lines.

use super::formula::Filler;
use super::{localized, record_error_message, rejection_texts};
use crate::diagnostics::Style;
use crate::eval::ruling::{ActivityOutcome, YearRuling, YearStatus};
use crate::eval::{Evaluated, Outcome};
use crate::messages::{Lang, Msg, fill, join, text};
use crate::number::Number;
use crate::policy::expr::Value;
use crate::policy::types::Ty;
use crate::policy::{Cite, Origin, Policy, PurposeId, Window};
use crate::record::resident_id;
use crate::record::{ID_FIELD, NAME_FIELD};
use crate::source::{LineCol, SourceFile, Span};
use std::fmt::Write;

/// Writes explanations.
#[derive(Clone, Copy)]
pub struct Explainer<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// `Y`.
    pub year: i32,
    /// The reader's language.
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
    /// How snippets are drawn; `None` for no snippets.
    pub snippets: Option<Style>,
}

const INDENT: &str = "    ";

impl Explainer<'_> {
    fn t(&self, m: Msg) -> &'static str {
        text(self.lang, m)
    }

    fn filler(&self) -> Filler<'_> {
        Filler {
            policy: self.policy,
            lang: self.lang,
        }
    }

    fn credit_ty(&self) -> Ty {
        Ty::Number(self.policy.credit_dim.clone())
    }

    fn hours(&self, n: Number) -> String {
        self.filler().amount(n, &self.credit_ty())
    }

    /// `附件3 第4条 「每天按12学时予以认定」`
    fn cite(&self, cite: &Option<Cite>) -> Option<String> {
        cite.as_ref().map(|c| match &c.quote {
            Some(q) => format!("{} 「{}」", c.clause, q),
            None => c.clause.clone(),
        })
    }

    fn kind_name(&self, kind: &crate::policy::Kind) -> String {
        match (&kind.label, self.lang) {
            (Some(l), Lang::Zh) => format!("{} ({})", l.text, kind.name),
            (Some(l), Lang::En) => format!("{} ({})", kind.name, localized(l, Lang::En)),
            (None, _) => kind.name.clone(),
        }
    }

    fn category_name(&self, id: u16) -> String {
        match self.policy.categories.get(usize::from(id)) {
            Some(c) => match (&c.label, self.lang) {
                (Some(l), Lang::Zh) => l.text.clone(),
                (Some(l), Lang::En) if l.en.is_some() => localized(l, Lang::En).to_string(),
                _ => c.name.clone(),
            },
            None => String::new(),
        }
    }

    fn year_status(&self, s: YearStatus) -> &'static str {
        self.t(match s {
            YearStatus::Exempt => Msg::YearExempt,
            YearStatus::Compliant => Msg::YearCompliant,
            YearStatus::Shortfall => Msg::YearShortfall,
        })
    }

    /// A snippet of `source` with `span` labelled, indented; empty when snippets are off.
    fn snippet(&self, source: &SourceFile, span: Span, label: String, indent: &str) -> String {
        let Some(style) = self.snippets else {
            return String::new();
        };
        let diagnostic = miette::MietteDiagnostic::new(label)
            .with_severity(miette::Severity::Advice)
            .with_label(miette::LabeledSpan::new_primary_with_span(
                None,
                miette::SourceSpan::from(span),
            ));
        let theme = if style.color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_width(style.width)
            .with_context_lines(0)
            .with_links(false);
        let report = miette::Report::new(diagnostic).with_source_code(source.named_source());
        let mut out = String::new();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            return String::new();
        }
        out.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{indent}{l}\n"))
            .collect()
    }

    fn rule_snippet(&self, origin: &Origin, indent: &str) -> String {
        let label = self.t(Msg::ExplainRuleAt).to_string();
        self.snippet(&self.policy.source, origin.span, label, indent)
    }

    fn record_snippet(
        &self,
        record: Option<&SourceFile>,
        at: Option<LineCol>,
        label: String,
        indent: &str,
    ) -> String {
        match (record, at) {
            (Some(source), Some(at)) => {
                // The whole line the value starts on.
                let start = source.offset_of(LineCol {
                    line: at.line,
                    column: 1,
                });
                let rest = &source.text()[start..];
                let end = start + rest.find('\n').unwrap_or(rest.len());
                let line = &source.text()[start..end];
                let lead = line.len() - line.trim_start().len();
                let trail = line.trim_end().len();
                self.snippet(
                    source,
                    Span::new(start + lead, start + trail.max(lead)),
                    label,
                    indent,
                )
            }
            _ => String::new(),
        }
    }

    fn person_text(
        &self,
        evaluated: Option<&Evaluated>,
        key: &str,
        raw: &Option<String>,
    ) -> String {
        let from_record = evaluated.and_then(|e| {
            let slot = *self.policy.person.slots.get(key)?;
            match e.person.fields.get(usize::from(slot))? {
                Value::Text(t) => Some(t.to_string()),
                _ => None,
            }
        });
        from_record.or_else(|| raw.clone()).unwrap_or_default()
    }

    /// The explanation of one outcome. `record` is the record file's text when snippets of
    /// the record can be drawn (JSON and TOML files).
    pub fn explain(&self, outcome: &Outcome, record: Option<&SourceFile>) -> String {
        let mut out = String::new();
        let evaluated = outcome.result.as_ref().ok();
        let mut id = self.person_text(evaluated, ID_FIELD, &outcome.id);
        if self.redact && !id.is_empty() {
            id = resident_id::redact(&id);
        }
        let name = self.person_text(evaluated, NAME_FIELD, &outcome.name);
        let _ = writeln!(
            out,
            "{}",
            fill(
                self.lang,
                Msg::ExplainPerson,
                &[("name", &name), ("id", &id)]
            )
        );
        match &outcome.result {
            Err(errors) => self.explain_invalid(&mut out, outcome, errors, record),
            Ok(evaluated) => self.explain_ruling(&mut out, evaluated, record),
        }
        out
    }

    fn explain_invalid(
        &self,
        out: &mut String,
        outcome: &Outcome,
        errors: &[crate::record::RecordError],
        record: Option<&SourceFile>,
    ) {
        let format = super::format_name(&outcome.position.file);
        let count = crate::diagnostics::count(
            self.lang,
            errors.len(),
            Msg::CountErrorOne,
            Msg::CountErrorMany,
        );
        let _ = writeln!(
            out,
            "{}",
            fill(self.lang, Msg::ExplainInvalid, &[("errors", &count)])
        );
        for e in errors {
            let message = record_error_message(e, self.policy, self.lang, format);
            let at = e.at.map(|a| format!(" [{a}]")).unwrap_or_default();
            if e.path.is_empty() {
                let _ = writeln!(out, "{INDENT}{message}{at}");
            } else {
                let _ = writeln!(out, "{INDENT}{}: {message}{at}", e.path);
            }
            let label = fill(
                self.lang,
                Msg::ExplainErrorAt,
                &[("path", &e.path), ("message", &message)],
            );
            out.push_str(&self.record_snippet(record, e.at, label, INDENT));
            if let crate::record::RecordErrorKind::Constraint { span, .. } = &e.kind {
                out.push_str(&self.snippet(
                    &self.policy.source,
                    *span,
                    self.t(Msg::ExplainRuleAt).to_string(),
                    INDENT,
                ));
            }
        }
    }

    fn explain_ruling(&self, out: &mut String, evaluated: &Evaluated, record: Option<&SourceFile>) {
        let policy = self.policy;
        let ruling = &evaluated.ruling;
        let purpose = &policy.purposes[usize::from(ruling.purpose)];
        let status = &purpose.statuses[ruling.status];
        let purpose_name = match (&purpose.label, self.lang) {
            (Some(l), Lang::Zh) => format!("{} ({})", l.text, purpose.name),
            _ => purpose.name.clone(),
        };
        let _ = writeln!(
            out,
            "{}",
            fill(
                self.lang,
                Msg::ExplainRuling,
                &[
                    ("purpose", &purpose_name),
                    ("year", &ruling.judged_year),
                    ("status", &self.status_name(status))
                ]
            )
        );
        // For a purpose over one year: the hours to make up and where they are short.
        let single = matches!(purpose.window, Window::Single(_));
        if single
            && let Some(year) = ruling.years.first()
            && !year.shortfall.is_zero()
        {
            let _ = writeln!(
                out,
                "{INDENT}{}",
                fill(
                    self.lang,
                    Msg::ExplainMakeUp,
                    &[("hours", &self.hours(year.shortfall))]
                )
            );
            for line in self.short_lines(year) {
                let _ = writeln!(out, "{INDENT}{INDENT}{line}");
            }
        }
        if !single {
            let years: Vec<String> = ruling.years.iter().map(|y| y.year.to_string()).collect();
            if years.is_empty() {
                let (from, to) = self.window_bounds(evaluated);
                let _ = writeln!(
                    out,
                    "{INDENT}{}",
                    fill(
                        self.lang,
                        Msg::ExplainNoYears,
                        &[("from", &from), ("to", &to)]
                    )
                );
            } else {
                let _ = writeln!(
                    out,
                    "{INDENT}{}",
                    fill(
                        self.lang,
                        Msg::ExplainWindow,
                        &[("years", &years.join(", "))]
                    )
                );
            }
        }
        let _ = writeln!(
            out,
            "{INDENT}{}",
            fill(
                self.lang,
                Msg::ExplainPolicy,
                &[
                    ("name", &policy.info.name),
                    ("version", &policy.info.version),
                    ("sha", &policy.info.sha256.get(..12).unwrap_or_default()),
                ]
            )
        );
        for year in &ruling.years {
            out.push('\n');
            self.explain_year(out, evaluated, year, record, !single);
        }
        let examined: Vec<i32> = ruling.years.iter().map(|y| y.year).collect();
        let outside: Vec<(usize, &ActivityOutcome)> = ruling
            .activities
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.parts.iter().any(|(y, _)| examined.contains(y)))
            .collect();
        if !outside.is_empty() {
            let _ = writeln!(out, "\n{}", self.t(Msg::ExplainOutside));
            for (i, a) in outside {
                let kind = &policy.kinds[usize::from(a.kind)];
                let years: Vec<String> = a.parts.iter().map(|(y, _)| y.to_string()).collect();
                let _ = writeln!(
                    out,
                    "{INDENT}[{i}] {} — {}",
                    self.kind_name(kind),
                    fill(
                        self.lang,
                        Msg::ExplainCountsIn,
                        &[("year", &years.join(", "))]
                    )
                );
            }
        }
        // The status rule that decided.
        out.push('\n');
        let rule = policy.source.slice(status.origin.span);
        let _ = writeln!(
            out,
            "{}: {} — {}",
            purpose.name,
            self.status_name(status),
            fill(self.lang, Msg::ExplainDecidedBy, &[("rule", &rule)])
        );
        if let Some(c) = self
            .cite(&status.origin.cite)
            .or_else(|| self.cite(&purpose.origin.cite))
        {
            let _ = writeln!(out, "{INDENT}{c}");
        }
        if let Some(r) = &purpose.origin.reading {
            let _ = writeln!(
                out,
                "{INDENT}{}",
                fill(
                    self.lang,
                    Msg::ExplainReading,
                    &[("text", &localized(r, self.lang))]
                )
            );
        }
        if let Window::Range { origin, .. } = &purpose.window
            && let Some(r) = &origin.reading
        {
            let _ = writeln!(
                out,
                "{INDENT}{}",
                fill(
                    self.lang,
                    Msg::ExplainReading,
                    &[("text", &localized(r, self.lang))]
                )
            );
        }
        out.push_str(&self.rule_snippet(&status.origin, INDENT));
    }

    fn window_bounds(&self, evaluated: &Evaluated) -> (String, String) {
        let (from, to) = evaluated.ruling.window;
        (from.to_string(), to.to_string())
    }

    /// `specialty 18 hours short` for each requirement not met.
    fn short_lines(&self, year: &YearRuling) -> Vec<String> {
        let policy = self.policy;
        policy
            .year
            .requirements
            .iter()
            .zip(&year.requirements)
            .filter(|(_, o)| !o.met)
            .map(|(r, o)| {
                let gap = o
                    .rhs
                    .checked_sub(o.lhs)
                    .unwrap_or(Number::ZERO)
                    .max(Number::ZERO);
                let figure = r
                    .figure
                    .and_then(|f| policy.year.figures.get(usize::from(f)))
                    .map_or_else(
                        || policy.source.slice(r.lhs.span).to_string(),
                        |f| self.figure_name(&f.name),
                    );
                fill(
                    self.lang,
                    Msg::ExplainShortIn,
                    &[("figure", &figure), ("hours", &self.hours(gap))],
                )
            })
            .collect()
    }

    /// A figure's name in the reader's language: its label in Chinese when it has one.
    fn figure_name(&self, name: &str) -> String {
        let figure = self.policy.year.figures.iter().find(|f| f.name == name);
        match (figure.and_then(|f| f.label.as_ref()), self.lang) {
            (Some(l), Lang::Zh) => l.text.clone(),
            (Some(l), Lang::En) if l.en.is_some() => localized(l, Lang::En).to_string(),
            _ => name.to_string(),
        }
    }

    /// A status in the reader's language: `需补学 (shortfall)` in Chinese when labelled.
    fn status_name(&self, status: &crate::policy::StatusRule) -> String {
        match (&status.display, self.lang) {
            (Some(l), Lang::Zh) => format!("{} ({})", l.text, status.label),
            _ => status.label.clone(),
        }
    }

    fn explain_year(
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
                ("year", &year.year),
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
            if let Some(a) = ruling.activities.get(*i) {
                self.explain_credit(out, evaluated, *i, a, *hours, record);
            }
        }
        if !year.rejected.is_empty() {
            let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainRejected));
            for i in &year.rejected {
                if let Some(a) = ruling.activities.get(*i) {
                    self.explain_rejection(out, evaluated, *i, a, year.year, record);
                }
            }
        }
        if !year.exemptions.is_empty() {
            let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainExemptions));
            for i in &year.exemptions {
                self.explain_exemption(out, evaluated, *i, record);
            }
        }
        let _ = writeln!(out, "{INDENT}{}", self.t(Msg::ExplainRequirements));
        for (r, o) in policy.year.requirements.iter().zip(&year.requirements) {
            let lhs_ty = &r.lhs.ty;
            let verdict = if o.met {
                self.t(Msg::ExplainMet).to_string()
            } else {
                let gap = o
                    .rhs
                    .checked_sub(o.lhs)
                    .unwrap_or(Number::ZERO)
                    .max(Number::ZERO);
                fill(
                    self.lang,
                    Msg::ExplainNotMet,
                    &[("gap", &self.filler().amount(gap, lhs_ty))],
                )
            };
            let _ = writeln!(
                out,
                "{INDENT}{INDENT}{} {} {}: {} {} {} — {verdict}",
                policy.source.slice(r.lhs.span),
                r.op.math_symbol(),
                policy.source.slice(r.rhs.span),
                self.filler().amount(o.lhs, lhs_ty),
                r.op.math_symbol(),
                self.filler().amount(o.rhs, &r.rhs.ty),
            );
            if let Some(c) = self.cite(&r.origin.cite) {
                let _ = writeln!(out, "{INDENT}{INDENT}{INDENT}{c}");
            }
            if let Some(reading) = &r.origin.reading {
                let _ = writeln!(
                    out,
                    "{INDENT}{INDENT}{INDENT}{}",
                    fill(
                        self.lang,
                        Msg::ExplainReading,
                        &[("text", &localized(reading, self.lang))]
                    )
                );
            }
        }
        if !year.shortfall.is_zero() {
            let position = evaluated
                .ruling
                .years
                .iter()
                .position(|y| y.year == year.year);
            let trace = position
                .and_then(|p| evaluated.workings.shortfalls.get(p))
                .and_then(Option::as_ref);
            match (&policy.year.shortfall, trace) {
                (Some(rule), Some(trace)) => {
                    let filled = self.filler().fill(&rule.expr, trace);
                    let _ = writeln!(
                        out,
                        "{INDENT}{}: {} = {}",
                        self.t(Msg::ExplainShortfall),
                        filled.formula,
                        filled.computation()
                    );
                    if let Some(c) = self.cite(&rule.origin.cite) {
                        let _ = writeln!(out, "{INDENT}{INDENT}{c}");
                    }
                    if let Some(reading) = &rule.origin.reading {
                        let _ = writeln!(
                            out,
                            "{INDENT}{INDENT}{}",
                            fill(
                                self.lang,
                                Msg::ExplainReading,
                                &[("text", &localized(reading, self.lang))]
                            )
                        );
                    }
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

    /// The activity's workings, when its job asked for them.
    fn activity_workings<'e>(
        &self,
        evaluated: &'e Evaluated,
        index: usize,
    ) -> Option<&'e crate::eval::trace::ActivityWorkings> {
        evaluated.workings.activities.get(index)
    }

    fn explain_credit(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        index: usize,
        a: &ActivityOutcome,
        hours: Number,
        record: Option<&SourceFile>,
    ) {
        let policy = self.policy;
        let kind = &policy.kinds[usize::from(a.kind)];
        let deep = format!("{INDENT}{INDENT}{INDENT}");
        let credit_line = fill(
            self.lang,
            Msg::ExplainCreditOf,
            &[
                ("hours", &self.hours(hours)),
                ("category", &self.category_name(a.category)),
            ],
        );
        let _ = writeln!(
            out,
            "{INDENT}{INDENT}[{index}] {} — {credit_line}",
            self.kind_name(kind)
        );
        if let Some(trace) = self
            .activity_workings(evaluated, index)
            .and_then(|w| w.credit.as_ref())
        {
            let filled = self.filler().fill(&kind.credit.expr, trace);
            let _ = writeln!(out, "{deep}{} = {}", filled.formula, filled.computation());
            for input in filled.inputs_to_list() {
                let _ = writeln!(out, "{deep}{INDENT}{} = {}", input.name, input.value);
            }
        }
        if let Some(c) = self.cite(&kind.credit.origin.cite) {
            let _ = writeln!(out, "{deep}{c}");
        }
        // The `let` values the formula reads, with their own citations (a rate by level).
        for i in kind.credit.expr.locals_read() {
            if let Some(local) = kind.locals.get(usize::from(i))
                && local.rule.origin.cite != kind.credit.origin.cite
                && let Some(c) = self.cite(&local.rule.origin.cite)
            {
                let _ = writeln!(out, "{deep}{}: {c}", local.name);
            }
        }
        if let Some(r) = &kind.credit.origin.reading {
            let _ = writeln!(
                out,
                "{deep}{}",
                fill(
                    self.lang,
                    Msg::ExplainReading,
                    &[("text", &localized(r, self.lang))]
                )
            );
        }
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
            if let Some(c) = self.cite(&cap.origin.cite) {
                let _ = writeln!(out, "{deep}{INDENT}{c}");
            }
            if let Some(r) = &cap.origin.reading {
                let _ = writeln!(
                    out,
                    "{deep}{INDENT}{}",
                    fill(
                        self.lang,
                        Msg::ExplainReading,
                        &[("text", &localized(r, self.lang))]
                    )
                );
            }
        }
        if let (Some(spread), Some(limit)) = (&kind.spread, a.spread_limit) {
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
            if let Some(c) = self.cite(&spread.origin.cite) {
                let _ = writeln!(out, "{deep}{INDENT}{c}");
            }
            if let Some(r) = &spread.origin.reading {
                let _ = writeln!(
                    out,
                    "{deep}{INDENT}{}",
                    fill(
                        self.lang,
                        Msg::ExplainReading,
                        &[("text", &localized(r, self.lang))]
                    )
                );
            }
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
        out.push_str(&self.rule_snippet(&kind.credit.origin, &deep));
        let at = evaluated
            .person
            .activities
            .get(index)
            .and_then(|x| x.line)
            .map(|line| LineCol { line, column: 1 });
        let label = fill(self.lang, Msg::ExplainActivityAt, &[("index", &index)]);
        out.push_str(&self.record_snippet(record, at, label, &deep));
    }

    fn explain_rejection(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        index: usize,
        a: &ActivityOutcome,
        year: i32,
        record: Option<&SourceFile>,
    ) {
        let policy = self.policy;
        let kind = &policy.kinds[usize::from(a.kind)];
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
                crate::eval::ruling::RejectionReason::Evidence { rule, .. } => {
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
                crate::eval::ruling::RejectionReason::Rule { rule } => {
                    let rule = kind.rejections.get(*rule);
                    let trace = self
                        .activity_workings(evaluated, index)
                        .and_then(|w| w.rejections.get(n))
                        .and_then(Option::as_ref);
                    if let (Some(r), Some(trace)) = (rule, trace) {
                        let filled = self.filler().fill(&r.rule.expr, trace);
                        let _ = writeln!(
                            out,
                            "{deep}{INDENT}{} = {}",
                            filled.formula,
                            filled.computation()
                        );
                    }
                    rule.map(|r| &r.rule.origin)
                }
            };
            if let Some(origin) = origin {
                if let Some(c) = self.cite(&origin.cite) {
                    let _ = writeln!(out, "{deep}{INDENT}{c}");
                }
                out.push_str(&self.rule_snippet(origin, &deep));
            }
        }
        if let Some(h) = a.hours_in(year) {
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
        let at = evaluated
            .person
            .activities
            .get(index)
            .and_then(|x| x.line)
            .map(|line| LineCol { line, column: 1 });
        let label = fill(self.lang, Msg::ExplainActivityAt, &[("index", &index)]);
        out.push_str(&self.record_snippet(record, at, label, &deep));
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
        if let Some(c) = self.cite(&origin.cite) {
            let _ = writeln!(out, "{deep}{c}");
        }
        if outcome.rejected_by.is_some() {
            out.push_str(&self.rule_snippet(origin, &deep));
        }
        if let Some(r) = rules
            .covers
            .origin
            .reading
            .as_ref()
            .filter(|_| outcome.applies())
        {
            let _ = writeln!(
                out,
                "{deep}{}",
                fill(
                    self.lang,
                    Msg::ExplainReading,
                    &[("text", &localized(r, self.lang))]
                )
            );
        }
        let label = format!("exemptions[{index}]");
        let at = exemption.line.map(|line| LineCol { line, column: 1 });
        out.push_str(&self.record_snippet(record, at, label, &deep));
    }
}
