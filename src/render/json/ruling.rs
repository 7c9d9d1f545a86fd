//! A ruling in JSON: the person, the purpose's status and the rule that decided it, and each
//! year's figures, credits, rejections, exemptions and requirements.

use super::writer::{JsonWriter, key};
use crate::eval::{ActivityOutcome, CategoryCut, ExemptionOutcome, YearRuling};
use crate::eval::{Evaluated, Outcome};
use crate::number::Number;
use crate::policy::Window;
use crate::policy::expr::{CmpOp, Value};
use crate::render::formula::Filler;
use crate::render::rejection_texts;

impl<const PRETTY: bool> JsonWriter<'_, '_, '_, PRETTY> {
    /// One outcome as a whole object: the person, then the ruling or the record's errors,
    /// then the policy's identity.
    pub(super) fn ruling(&mut self, outcome: &Outcome) {
        let prepared = self.prepared;
        let r = &prepared.renderer;
        let literals = &prepared.literals;
        let policy = r.policy;
        let evaluated = outcome.result.as_ref().ok();
        self.begin_object();
        self.key(key!("id"));
        self.optional_string(prepared.id(outcome, evaluated).as_deref());
        self.key(key!("name"));
        self.optional_string(prepared.person_text(evaluated, literals.name_slot, &outcome.name));
        self.key(key!("purpose"));
        self.raw(&literals.purpose);
        self.key(key!("year"));
        self.integer(r.year);
        match &outcome.result {
            Err(errors) => self.invalid(outcome, errors),
            Ok(evaluated) => {
                let ruling = &evaluated.ruling;
                let status = literals.status(ruling.status);
                self.key(key!("status"));
                self.raw(&status.label);
                self.key(key!("decided_by"));
                self.begin_object();
                self.fixed(&status.decided_by);
                self.end_object();
                match policy.purpose_rules(r.purpose).window {
                    Window::Single(_) => {
                        if let Some(year) = ruling.years.first() {
                            self.year_fields(evaluated, year);
                        }
                    }
                    Window::Range { .. } => {
                        self.key(key!("years"));
                        self.begin_array();
                        for year in &ruling.years {
                            self.next();
                            self.year(evaluated, year);
                        }
                        self.end_array();
                    }
                }
            }
        }
        self.key(key!("policy"));
        self.begin_object();
        self.fixed(&literals.policy);
        self.end_object();
        self.end_object();
    }

    /// One year of a window.
    fn year(&mut self, evaluated: &Evaluated, year: &YearRuling) {
        self.begin_object();
        self.key(key!("year"));
        self.integer(year.year);
        if year.through != year.year {
            self.key(key!("through"));
            self.integer(year.through);
        }
        self.key(key!("status"));
        self.string(year.status.as_str());
        if let Some(p) = year.passes {
            self.key(key!("passes"));
            self.bool(p);
            if let Some(lacking) = year.lacking {
                self.key(key!("lacking"));
                self.number(lacking);
            }
        }
        self.year_fields(evaluated, year);
        self.end_object();
    }

    /// The figures, credits, rejections, exemptions and requirements of a year.
    fn year_fields(&mut self, evaluated: &Evaluated, year: &YearRuling) {
        let literals = &self.prepared.literals;
        for (key, value) in literals.figures.iter().zip(&year.figures) {
            self.key_literal(key);
            self.number(*value);
        }
        self.key(key!("shortfall"));
        self.number(year.shortfall);
        let activities = &evaluated.ruling.activities;
        self.key(key!("credits"));
        self.begin_array();
        for (i, hours) in &year.credits {
            if let Some(outcome) = activities.get(*i) {
                self.next();
                let cut = year.cuts.iter().find(|c| c.activity == *i);
                self.credit(evaluated, *i, outcome, *hours, cut);
            }
        }
        self.end_array();
        self.key(key!("rejected"));
        self.begin_array();
        for i in &year.rejected {
            if let Some(outcome) = activities.get(*i) {
                self.next();
                self.rejected(
                    *i,
                    outcome,
                    outcome.hours_within(year).unwrap_or(Number::ZERO),
                );
            }
        }
        self.end_array();
        self.key(key!("exemptions"));
        self.begin_array();
        for i in &year.exemptions {
            if let (Some(outcome), Some(exemption)) = (
                evaluated.ruling.exemptions.get(*i),
                evaluated.person.exemptions.get(*i),
            ) {
                self.next();
                self.exemption(*i, outcome, &exemption.fields);
            }
        }
        self.end_array();
        self.key(key!("requirements"));
        self.begin_array();
        let rules = &self.prepared.renderer.policy.year.requirements;
        for ((rule, (text, clause)), outcome) in rules
            .iter()
            .zip(&literals.requirements)
            .zip(&year.requirements)
        {
            self.next();
            self.begin_object();
            self.key(key!("rule"));
            self.raw(text);
            self.key(key!("left"));
            self.number(outcome.lhs);
            self.key(key!("right"));
            self.number(outcome.rhs);
            self.key(key!("met"));
            self.bool(outcome.met);
            if !outcome.met {
                let gap = match rule.op {
                    CmpOp::Ge | CmpOp::Gt => outcome.rhs.checked_sub(outcome.lhs),
                    _ => outcome.lhs.checked_sub(outcome.rhs),
                };
                self.key(key!("short"));
                self.number(gap.unwrap_or(Number::ZERO).max(Number::ZERO));
            }
            self.key(key!("clause"));
            self.raw(clause);
            self.end_object();
        }
        self.end_array();
    }

    /// An activity that credits hours to the year.
    fn credit(
        &mut self,
        evaluated: &Evaluated,
        index: usize,
        o: &ActivityOutcome,
        hours: Number,
        cut: Option<&CategoryCut>,
    ) {
        let r = &self.prepared.renderer;
        let literals = &self.prepared.literals;
        let policy = r.policy;
        let kind = policy.kind(o.kind);
        let kind_literals = literals.kind(o.kind);
        self.begin_object();
        self.key(key!("index"));
        self.integer(index);
        self.key(key!("kind"));
        self.raw(&kind_literals.name);
        self.key_literal(&literals.amount);
        self.number(hours);
        self.key(key!("category"));
        self.raw(
            literals
                .categories
                .get(usize::from(o.category))
                .map_or("null", |c| c),
        );
        if !o.also.is_empty() {
            self.key(key!("also_counts_in"));
            self.begin_array();
            for c in &o.also {
                self.next();
                self.raw(
                    literals
                        .categories
                        .get(usize::from(*c))
                        .map_or("null", |c| c),
                );
            }
            self.end_array();
        }
        self.fixed(&kind_literals.credit);
        if let Some(trace) = evaluated.workings.credit(index) {
            let mut filled = std::mem::take(&mut self.filled);
            Filler {
                policy,
                lang: r.lang,
            }
            .fill_into(&kind.credit.expr, trace, &literals.units, &mut filled);
            self.key(key!("computation"));
            self.out.push(b'"');
            let (values, result) = filled.computation_parts();
            if let Some(values) = values {
                self.string_contents(values);
                self.out.extend_from_slice(b" = ");
            }
            self.string_contents(result);
            self.out.push(b'"');
            self.key(key!("inputs"));
            self.begin_array();
            for (name, value) in filled.inputs_to_list() {
                self.next();
                self.begin_object();
                self.key(key!("name"));
                self.string(name);
                self.key(key!("value"));
                self.string(value);
                self.end_object();
            }
            self.end_array();
            self.filled = filled;
        }
        self.key(key!("computed"));
        self.number(o.formula);
        if let Some(i) = o.cap {
            self.key(key!("cap"));
            self.begin_object();
            self.key(key!("value"));
            self.number(o.capped);
            if let Some(cap) = kind_literals.caps.get(i) {
                self.fixed(cap);
            }
            self.end_object();
        }
        self.key(key!("credited"));
        self.number(o.capped);
        if let Some(cut) = cut
            && let Some(cap) = policy
                .categories
                .get(usize::from(cut.category))
                .and_then(|c| c.cap.as_ref())
        {
            self.key(key!("category_cap"));
            self.begin_object();
            self.key(key!("category"));
            self.raw(
                literals
                    .categories
                    .get(usize::from(cut.category))
                    .map_or("null", |c| c),
            );
            self.key(key!("value"));
            self.number(cap.limit);
            self.key(key!("before"));
            self.number(cut.before);
            self.key(key!("cut"));
            self.number(cut.cut);
            if let Some(Some(entries)) = literals.category_caps.get(usize::from(cut.category)) {
                self.fixed(entries);
            }
            self.end_object();
        }
        if kind.spread.is_some() {
            self.key(key!("spread"));
            self.begin_array();
            for (year, hours) in &o.parts {
                self.next();
                self.begin_object();
                self.key(key!("year"));
                self.integer(*year);
                self.key_literal(&literals.amount);
                self.number(*hours);
                self.end_object();
            }
            self.end_array();
            if !o.unplaced.is_zero() {
                self.key(key!("unplaced"));
                self.number(o.unplaced);
            }
        }
        self.end_object();
    }

    /// An activity that credits nothing, with the reasons.
    fn rejected(&mut self, index: usize, o: &ActivityOutcome, hours: Number) {
        let r = &self.prepared.renderer;
        let kind_literals = self.prepared.literals.kind(o.kind);
        let texts = rejection_texts(r.policy, o, r.lang);
        self.begin_object();
        self.key(key!("index"));
        self.integer(index);
        self.key(key!("kind"));
        self.raw(&kind_literals.name);
        self.key(key!("reason"));
        self.out.push(b'"');
        for (n, t) in texts.iter().enumerate() {
            if n > 0 {
                self.out.extend_from_slice(b"; ");
            }
            self.string_contents(&t.reason);
        }
        self.out.push(b'"');
        self.key(key!("clause"));
        self.optional_string(texts.first().and_then(|t| t.clause.as_deref()));
        let prepared = self.prepared;
        self.key_literal(&prepared.literals.amount_if_accepted);
        self.number(hours);
        self.key(key!("reasons"));
        self.begin_array();
        for (t, raw) in texts.iter().zip(&o.rejections) {
            let rule = match raw {
                crate::eval::RejectionReason::Evidence { rule, .. } => {
                    kind_literals.evidence_rules.get(*rule)
                }
                crate::eval::RejectionReason::Rule { rule } => {
                    kind_literals.rejection_rules.get(*rule)
                }
            };
            self.next();
            self.begin_object();
            self.key(key!("code"));
            self.string(t.code);
            self.key(key!("reason"));
            self.string(&t.reason);
            self.key(key!("rule"));
            self.raw(rule.map_or("\"\"", |r| r));
            self.key(key!("clause"));
            self.optional_string(t.clause.as_deref());
            if !t.missing.is_empty() {
                self.key(key!("missing"));
                self.begin_array();
                for name in &t.missing {
                    self.next();
                    self.string(name);
                }
                self.end_array();
            }
            self.end_object();
        }
        self.end_array();
        self.end_object();
    }

    /// An exemption the year's ruling looked at.
    fn exemption(&mut self, index: usize, outcome: &ExemptionOutcome, fields: &[Value]) {
        let policy = self.prepared.renderer.policy;
        self.begin_object();
        self.key(key!("index"));
        self.integer(index);
        self.key(key!("applies"));
        self.bool(outcome.applies());
        self.key(key!("years"));
        self.begin_array();
        for year in &outcome.years {
            self.next();
            self.integer(*year);
        }
        self.end_array();
        if let (Some(rules), Some(literals)) =
            (&policy.exemption, &self.prepared.literals.exemption)
        {
            self.key(key!("record"));
            self.begin_object();
            for ((field, key), value) in
                rules.schema.fields.iter().zip(&literals.fields).zip(fields)
            {
                if *value != Value::Absent {
                    self.key_literal(key);
                    self.value(value, &field.ty);
                }
            }
            self.end_object();
            match outcome.rejected_by.and_then(|i| literals.rejections.get(i)) {
                Some((reason, clause)) => {
                    self.key(key!("reason"));
                    self.raw(reason);
                    self.key(key!("clause"));
                    self.raw(clause);
                }
                None => {
                    self.key(key!("clause"));
                    self.raw(&literals.clause);
                }
            }
        }
        self.end_object();
    }
}
