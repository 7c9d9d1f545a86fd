//! The explanation of a ruling: the purpose's status, the hours to make up, the window of
//! years, each year examined, the activities outside it, and the status rule that decided.

use super::{Explainer, INDENT, short_by};
use crate::eval::Evaluated;
use crate::eval::{ActivityOutcome, YearRuling};
use crate::messages::{Lang, Msg, fill};
use crate::policy::Window;
use crate::render::localized;
use crate::source::SourceFile;
use std::fmt::Write;

impl Explainer<'_> {
    /// A valid record's ruling, from its status to the rule that decided it.
    pub(super) fn explain_ruling(
        &self,
        out: &mut String,
        evaluated: &Evaluated,
        record: Option<&SourceFile>,
    ) {
        let policy = self.policy;
        let ruling = &evaluated.ruling;
        let purpose = policy.purpose_rules(ruling.purpose);
        let status = purpose.status(ruling.status);
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
            let years: Vec<String> = ruling.years.iter().map(YearRuling::label).collect();
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
        // A year is examined when it falls in one of the years (or periods) ruled.
        let examined = |y: i32| {
            ruling
                .years
                .iter()
                .any(|r| (r.year..=r.through).contains(&y))
        };
        let outside: Vec<(usize, &ActivityOutcome)> = ruling
            .activities
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.parts.iter().any(|(y, _)| examined(*y)))
            .collect();
        if !outside.is_empty() {
            let _ = writeln!(out, "\n{}", self.t(Msg::ExplainOutside));
            for (i, a) in outside {
                let kind = policy.kind(a.kind);
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
        let cite = status.origin.cite.as_ref().or(purpose.origin.cite.as_ref());
        self.cite_line(out, cite, INDENT);
        self.reading_line(out, purpose.origin.reading.as_ref(), INDENT);
        if let Window::Range { origin, .. } = &purpose.window {
            self.reading_line(out, origin.reading.as_ref(), INDENT);
        }
        out.push_str(&self.rule_snippet(&status.origin, INDENT));
    }

    /// The first and last years of the ruling's window, as text.
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
                let gap = short_by(o);
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
}
