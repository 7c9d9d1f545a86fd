//! Explanations a clerk can check by hand: the ruling first, then each year examined with
//! each activity's credit (formula filled in from the record, caps and spreads applied, the
//! clause quoted) or the reason it credits nothing, the exemptions, each requirement with its
//! values, and the status rule that decided. Snippets point at the policy's rules and, for
//! JSON and TOML records, at the record's lines.

mod activity;
mod errors;
mod ruling;
mod snippets;
mod year;

use super::formula::Filler;
use super::localized;
use crate::diagnostics::Style;
use crate::eval::RequirementOutcome;
use crate::eval::{Evaluated, Outcome};
use crate::messages::{Lang, Msg, fill, text};
use crate::number::Number;
use crate::policy::expr::Value;
use crate::policy::types::Ty;
use crate::policy::{Cite, Origin, Policy, PurposeId, Text};
use crate::record::resident_id;
use crate::source::SourceFile;
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

/// How far a requirement's left side falls short of its right side; zero when it does not.
fn short_by(o: &RequirementOutcome) -> Number {
    o.rhs
        .checked_sub(o.lhs)
        .unwrap_or(Number::ZERO)
        .max(Number::ZERO)
}

impl Explainer<'_> {
    /// A message's text in the reader's language.
    fn t(&self, m: Msg) -> &'static str {
        text(self.lang, m)
    }

    /// The writer of formulas and amounts in the reader's language.
    fn filler(&self) -> Filler<'_> {
        Filler {
            policy: self.policy,
            lang: self.lang,
        }
    }

    /// The type of a credit: a number in the policy's credit unit.
    fn credit_ty(&self) -> Ty {
        Ty::Number(self.policy.credit_dim.clone())
    }

    /// An amount of credit, with its unit.
    fn hours(&self, n: Number) -> String {
        self.filler().amount(n, &self.credit_ty())
    }

    /// `附件3 第4条 「每天按12学时予以认定」`
    fn cite(&self, cite: Option<&Cite>) -> Option<String> {
        cite.map(|c| match &c.quote {
            Some(q) => format!("{} 「{}」", c.clause, q),
            None => c.clause.clone(),
        })
    }

    /// The line quoting `cite`, at `indent`, when there is one.
    fn cite_line(&self, out: &mut String, cite: Option<&Cite>, indent: &str) {
        if let Some(c) = self.cite(cite) {
            let _ = writeln!(out, "{indent}{c}");
        }
    }

    /// The line giving the reading a rule takes, at `indent`, when it says.
    fn reading_line(&self, out: &mut String, reading: Option<&Text>, indent: &str) {
        if let Some(r) = reading {
            let _ = writeln!(
                out,
                "{indent}{}",
                fill(
                    self.lang,
                    Msg::ExplainReading,
                    &[("text", &localized(r, self.lang))]
                )
            );
        }
    }

    /// The lines quoting the clause a rule cites and giving the reading it takes, in that
    /// order, at `indent`: each when the rule has one.
    fn cite_and_reading(&self, out: &mut String, origin: &Origin, indent: &str) {
        self.cite_line(out, origin.cite.as_ref(), indent);
        self.reading_line(out, origin.reading.as_ref(), indent);
    }

    /// An activity kind's name, with its label in the reader's language when it has one.
    fn kind_name(&self, kind: &crate::policy::Kind) -> String {
        match (&kind.label, self.lang) {
            (Some(l), Lang::Zh) => format!("{} ({})", l.text, kind.name),
            (Some(l), Lang::En) => format!("{} ({})", kind.name, localized(l, Lang::En)),
            (None, _) => kind.name.clone(),
        }
    }

    /// A category's name in the reader's language: its label when it has one.
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

    /// The person's text field `key`, else the one read from the raw record; empty if neither.
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
    /// the record can be drawn (JSON and TOML files). With `redact`, the ID is masked and so
    /// is every run shaped like one in the whole text.
    pub fn explain(&self, outcome: &Outcome, record: Option<&SourceFile>) -> String {
        let mut out = String::new();
        let evaluated = outcome.result.as_ref().ok();
        let mut id = self.person_text(evaluated, self.policy.person.id_key(), &outcome.id);
        if self.redact && !id.is_empty() {
            id = resident_id::redact(&id);
        }
        let name = self.person_text(evaluated, self.policy.person.name_key(), &outcome.name);
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
        // With --redact, no ID-shaped run anywhere: the record's texts are quoted all
        // through an explanation (names, values, evidence, paths, messages).
        let out = super::redacted(out, self.redact);
        // Names, values and field names from the record, escaped (its snippets, drawn
        // without colour, have nothing else to escape).
        match crate::printable::printable_lines(&out) {
            std::borrow::Cow::Borrowed(_) => out,
            std::borrow::Cow::Owned(escaped) => escaped,
        }
    }
}
