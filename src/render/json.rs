//! The output contract (notice-reading.md §4) in JSON: one object per input record, with
//! the ruling's figures, the credits and rejections behind them, the requirements with their
//! values, and the policy's identity; or, for an invalid record, its errors and position.
//! Numbers are written as exact decimal text.
//!
//! The text is written directly, compact or indented as serde_json writes it (two spaces),
//! and the policy's texts that every object repeats (names, rules, formulas, clauses, the
//! policy's identity) are escaped once per stream ([`PreparedJson`]), not once per object.

use super::formula::{FilledBuffer, Filler, UnitNames};
use super::{localized, record_error_code, record_error_message, rejection_texts};
use crate::eval::ruling::{ActivityOutcome, ExemptionOutcome, YearRuling};
use crate::eval::{Evaluated, Outcome};
use crate::messages::Lang;
use crate::number::Number;
use crate::policy::expr::{CmpOp, Value};
use crate::policy::{Cite, FieldType, Policy, PurposeId, Window};
use crate::record::resident_id;
use crate::record::{ID_FIELD, NAME_FIELD};
use std::borrow::Cow;

/// Renders outcomes as JSON objects.
#[derive(Debug, Clone, Copy)]
pub struct JsonRenderer<'a> {
    /// The policy the rulings come from.
    pub policy: &'a Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// `Y`.
    pub year: i32,
    /// Language of the texts (reasons, messages).
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
}

impl JsonRenderer<'_> {
    /// Appends one outcome as a JSON object (no line break) to `out`. For many outcomes,
    /// [`PreparedJson`] escapes the policy's texts once instead of once per outcome.
    pub fn write(&self, outcome: &Outcome, out: &mut Vec<u8>) -> serde_json::Result<()> {
        PreparedJson::new(*self).write(outcome, out);
        Ok(())
    }

    /// Appends one outcome as an indented JSON object to `out`.
    pub fn write_pretty(&self, outcome: &Outcome, out: &mut Vec<u8>) -> serde_json::Result<()> {
        PreparedJson::new(*self).write_pretty(outcome, out);
        Ok(())
    }
}

/// A [`JsonRenderer`] with the policy's texts that its objects repeat escaped once, as JSON
/// string literals: made once for a stream of outcomes, then used for each of them (from any
/// thread).
#[derive(Debug)]
pub struct PreparedJson<'a> {
    renderer: JsonRenderer<'a>,
    literals: Literals,
}

/// JSON string literals (quoted and escaped, or `null` for a text the policy does not give).
type Literal = Box<str>;

/// The literal of an optional text.
fn optional_literal(text: Option<&str>) -> Literal {
    text.map_or_else(|| "null".into(), string_literal)
}

/// The literal of a text.
fn string_literal(text: &str) -> Literal {
    let mut out = Vec::with_capacity(text.len() + 2);
    write_string(&mut out, text);
    // Escaping keeps UTF-8 valid.
    String::from_utf8(out).unwrap_or_default().into_boxed_str()
}

/// The clause a citation gives, as a literal.
fn clause_literal(cite: Option<&Cite>) -> Literal {
    optional_literal(cite.map(|c| c.clause.as_str()))
}

/// An object's key known when compiling, in the forms [`JsonWriter`] writes: quoted, with the
/// colon, and for compact text with the comma before it or not.
#[derive(Debug, Clone, Copy)]
struct Key {
    /// `"key":`, the first in an object.
    first: &'static str,
    /// `,"key":`, after another.
    rest: &'static str,
    /// `"key": `, indented.
    pretty: &'static str,
}

/// The [`Key`] named by a literal.
macro_rules! key {
    ($name:literal) => {
        Key {
            first: concat!("\"", $name, "\":"),
            rest: concat!(",\"", $name, "\":"),
            pretty: concat!("\"", $name, "\": "),
        }
    };
}

/// Entries of an object whose keys and values are all known from the policy: written one
/// by one when indented, in one piece made once when compact.
#[derive(Debug)]
struct FixedEntries {
    /// The keys and values.
    entries: Vec<(Key, Literal)>,
    /// The compact text of all of them: `"key":value,"key":value`.
    compact: Box<str>,
}

impl FixedEntries {
    fn new(entries: Vec<(Key, Literal)>) -> Self {
        let compact = entries
            .iter()
            .map(|(key, value)| format!("{}{value}", key.first))
            .collect::<Vec<_>>()
            .join(",");
        FixedEntries {
            entries,
            compact: compact.into_boxed_str(),
        }
    }
}

/// The literals of a purpose's status.
#[derive(Debug)]
struct StatusLiterals {
    /// Its label.
    label: Literal,
    /// The entries of `decided_by`: the rule and its clause.
    decided_by: FixedEntries,
}

/// The literals of an activity kind.
#[derive(Debug)]
struct KindLiterals {
    /// Its name.
    name: Literal,
    /// The credit's clause, rule and formula.
    credit: FixedEntries,
    /// Each cap's rule and clause.
    caps: Vec<FixedEntries>,
    /// The text of each evidence rule.
    evidence_rules: Vec<Literal>,
    /// The text of each rejection rule.
    rejection_rules: Vec<Literal>,
}

/// The literals of the exemption rules.
#[derive(Debug)]
struct ExemptionLiterals {
    /// The names of an exemption's fields, as keys.
    fields: Vec<Literal>,
    /// For each rejection, its reason (in the renderer's language) and clause.
    rejections: Vec<(Literal, Literal)>,
    /// The clause of the exemption rules.
    clause: Literal,
}

/// Everything [`PreparedJson`] prepares from the policy.
#[derive(Debug)]
struct Literals {
    /// The purpose's name.
    purpose: Literal,
    /// The purpose's statuses.
    statuses: Vec<StatusLiterals>,
    /// The names of the year's figures, as keys.
    figures: Vec<Literal>,
    /// The activity kinds.
    kinds: Vec<KindLiterals>,
    /// The names of the categories.
    categories: Vec<Literal>,
    /// Each requirement's rule, and its clause.
    requirements: Vec<(Literal, Literal)>,
    /// The exemption rules, when the policy has them.
    exemption: Option<ExemptionLiterals>,
    /// The entries of `policy`: name, version, digest.
    policy: FixedEntries,
    /// The slot of the person's `id`, when the policy has one.
    id_slot: Option<usize>,
    /// Whether the `id` is a resident ID.
    id_is_resident: bool,
    /// The slot of the person's `name`, when the policy has one.
    name_slot: Option<usize>,
    /// The names of the units the credit formulas show.
    units: UnitNames,
}

impl Literals {
    fn new(renderer: &JsonRenderer) -> Self {
        let policy = renderer.policy;
        let slice = |span| policy.source.slice(span);
        let purpose = &policy.purposes[usize::from(renderer.purpose)];
        let statuses = purpose
            .statuses
            .iter()
            .map(|status| StatusLiterals {
                label: string_literal(&status.label),
                decided_by: FixedEntries::new(vec![
                    (key!("rule"), string_literal(slice(status.origin.span))),
                    (
                        key!("clause"),
                        clause_literal(
                            status.origin.cite.as_ref().or(purpose.origin.cite.as_ref()),
                        ),
                    ),
                ]),
            })
            .collect();
        let kinds = policy
            .kinds
            .iter()
            .map(|kind| KindLiterals {
                name: string_literal(&kind.name),
                credit: FixedEntries::new(vec![
                    (
                        key!("clause"),
                        clause_literal(kind.credit.origin.cite.as_ref()),
                    ),
                    (key!("rule"), string_literal(slice(kind.credit.origin.span))),
                    (
                        key!("formula"),
                        string_literal(slice(kind.credit.expr.span)),
                    ),
                ]),
                caps: kind
                    .caps
                    .iter()
                    .map(|cap| {
                        FixedEntries::new(vec![
                            (key!("rule"), string_literal(slice(cap.expr.span))),
                            (key!("clause"), clause_literal(cap.origin.cite.as_ref())),
                        ])
                    })
                    .collect(),
                evidence_rules: kind
                    .evidence
                    .iter()
                    .map(|rule| string_literal(slice(rule.origin.span)))
                    .collect(),
                rejection_rules: kind
                    .rejections
                    .iter()
                    .map(|rejection| string_literal(slice(rejection.rule.origin.span)))
                    .collect(),
            })
            .collect();
        let requirements = policy
            .year
            .requirements
            .iter()
            .map(|rule| {
                (
                    string_literal(slice(rule.origin.span).trim_start_matches("require").trim()),
                    clause_literal(rule.origin.cite.as_ref()),
                )
            })
            .collect();
        let exemption = policy.exemption.as_ref().map(|rules| ExemptionLiterals {
            fields: rules
                .schema
                .fields
                .iter()
                .map(|field| string_literal(&field.name))
                .collect(),
            rejections: rules
                .rejections
                .iter()
                .map(|rejection| {
                    (
                        string_literal(localized(&rejection.reason, renderer.lang)),
                        clause_literal(rejection.rule.origin.cite.as_ref()),
                    )
                })
                .collect(),
            clause: clause_literal(rules.origin.cite.as_ref()),
        });
        let person = &policy.person;
        let id_slot = person.slots.get(ID_FIELD).map(|s| usize::from(*s));
        Literals {
            purpose: string_literal(&purpose.name),
            statuses,
            figures: policy
                .year
                .figures
                .iter()
                .map(|figure| string_literal(&figure.name))
                .collect(),
            kinds,
            categories: policy
                .categories
                .iter()
                .map(|category| string_literal(&category.name))
                .collect(),
            requirements,
            exemption,
            policy: FixedEntries::new(vec![
                (key!("name"), string_literal(&policy.info.name)),
                (key!("version"), string_literal(&policy.info.version)),
                (key!("sha256"), string_literal(&policy.info.sha256)),
            ]),
            id_slot,
            id_is_resident: id_slot.is_some_and(|s| person.fields[s].ty == FieldType::ResidentId),
            name_slot: person.slots.get(NAME_FIELD).map(|s| usize::from(*s)),
            units: UnitNames::of_credits(&Filler {
                policy,
                lang: renderer.lang,
            }),
        }
    }
}

impl<'a> PreparedJson<'a> {
    /// Prepares `renderer`'s literals.
    pub fn new(renderer: JsonRenderer<'a>) -> Self {
        PreparedJson {
            literals: Literals::new(&renderer),
            renderer,
        }
    }

    /// Appends one outcome as a JSON object (no line break) to `out`.
    pub fn write(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        JsonWriter::<false>::new(self, out).ruling(outcome);
    }

    /// Appends one outcome as an indented JSON object to `out`.
    pub fn write_pretty(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        JsonWriter::<true>::new(self, out).ruling(outcome);
    }

    /// The person's text field in `slot`, else the one read from the raw record.
    fn person_text<'x>(
        &self,
        evaluated: Option<&'x Evaluated>,
        slot: Option<usize>,
        raw: &'x Option<String>,
    ) -> Option<&'x str> {
        let from_record = evaluated.and_then(|e| match e.person.fields.get(slot?)? {
            Value::Text(t) => Some(&**t),
            _ => None,
        });
        from_record.or(raw.as_deref())
    }

    /// The person's ID, masked when asked.
    fn id<'x>(
        &self,
        outcome: &'x Outcome,
        evaluated: Option<&'x Evaluated>,
    ) -> Option<Cow<'x, str>> {
        let id = self.person_text(evaluated, self.literals.id_slot, &outcome.id)?;
        Some(
            if self.renderer.redact && (self.literals.id_is_resident || evaluated.is_none()) {
                Cow::Owned(resident_id::redact(id))
            } else {
                Cow::Borrowed(id)
            },
        )
    }
}

/// Writes one JSON object into a buffer: compact, or (`PRETTY`) indented by two spaces per
/// level, byte for byte as serde_json's compact and pretty printers write.
struct JsonWriter<'p, 'a, 'o, const PRETTY: bool> {
    prepared: &'p PreparedJson<'a>,
    out: &'o mut Vec<u8>,
    /// How many objects and arrays are open.
    depth: usize,
    /// Whether the innermost open object or array has nothing in it yet.
    first: bool,
    /// A filled-in formula, reused from one credit to the next.
    filled: FilledBuffer<'a>,
}

impl<'p, 'a, 'o, const PRETTY: bool> JsonWriter<'p, 'a, 'o, PRETTY> {
    fn new(prepared: &'p PreparedJson<'a>, out: &'o mut Vec<u8>) -> Self {
        JsonWriter {
            prepared,
            out,
            depth: 0,
            first: true,
            filled: FilledBuffer::default(),
        }
    }

    fn begin_object(&mut self) {
        self.open(b'{');
    }

    fn end_object(&mut self) {
        self.close(b'}');
    }

    fn begin_array(&mut self) {
        self.open(b'[');
    }

    fn end_array(&mut self) {
        self.close(b']');
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if PRETTY && !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Begins an entry of an object or an item of an array.
    fn next(&mut self) {
        if PRETTY {
            if !self.first {
                self.out.push(b',');
            }
            self.newline();
        } else if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    /// Begins an entry whose key is known when compiling.
    fn key(&mut self, key: Key) {
        if PRETTY {
            self.next();
            self.raw(key.pretty);
        } else {
            self.raw(if self.first { key.first } else { key.rest });
            self.first = false;
        }
    }

    /// Begins an entry whose key is `quoted`: a JSON string literal.
    fn key_literal(&mut self, quoted: &str) {
        self.next();
        self.raw(quoted);
        self.raw(if PRETTY { ": " } else { ":" });
    }

    /// Writes entries known from the policy.
    fn fixed(&mut self, entries: &FixedEntries) {
        if PRETTY {
            for (key, value) in &entries.entries {
                self.key(*key);
                self.raw(value);
            }
        } else {
            self.next();
            self.out.extend_from_slice(entries.compact.as_bytes());
        }
    }

    /// Writes JSON text as it is.
    fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    fn string(&mut self, s: &str) {
        write_string(self.out, s);
    }

    fn optional_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    fn bool(&mut self, b: bool) {
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    fn integer<I: itoa::Integer>(&mut self, i: I) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
    }

    fn optional_integer<I: itoa::Integer>(&mut self, i: Option<I>) {
        match i {
            Some(i) => self.integer(i),
            None => self.null(),
        }
    }

    /// An exact number, as its decimal text.
    fn number(&mut self, n: Number) {
        let out = &mut *self.out;
        if !super::write_decimal(n, |part| out.extend_from_slice(part.as_bytes())) {
            use std::io::Write;
            let _ = write!(out, "{n}");
        }
    }

    fn ruling(&mut self, outcome: &Outcome) {
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
            Err(errors) => {
                self.key(key!("status"));
                self.raw("\"invalid\"");
                let position = &outcome.position;
                self.key(key!("position"));
                self.begin_object();
                self.key(key!("file"));
                self.string(&position.file);
                self.key(key!("record"));
                self.integer(position.record);
                self.key(key!("line"));
                self.optional_integer(position.line);
                self.end_object();
                let format = super::format_name(&position.file);
                self.key(key!("errors"));
                self.begin_array();
                for e in errors {
                    self.next();
                    self.begin_object();
                    self.key(key!("path"));
                    self.string(&e.path);
                    self.key(key!("code"));
                    self.string(record_error_code(&e.kind));
                    self.key(key!("message"));
                    self.string(&record_error_message(e, policy, r.lang, format));
                    self.key(key!("line"));
                    self.optional_integer(e.at.map(|a| a.line));
                    self.key(key!("column"));
                    self.optional_integer(e.at.map(|a| a.column));
                    self.end_object();
                }
                self.end_array();
            }
            Ok(evaluated) => {
                let ruling = &evaluated.ruling;
                let status = &literals.statuses[ruling.status];
                self.key(key!("status"));
                self.raw(&status.label);
                self.key(key!("decided_by"));
                self.begin_object();
                self.fixed(&status.decided_by);
                self.end_object();
                match policy.purposes[usize::from(r.purpose)].window {
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
                self.credit(evaluated, *i, outcome, *hours);
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
                    outcome.hours_in(year.year).unwrap_or(Number::ZERO),
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
    fn credit(&mut self, evaluated: &Evaluated, index: usize, o: &ActivityOutcome, hours: Number) {
        let r = &self.prepared.renderer;
        let literals = &self.prepared.literals;
        let policy = r.policy;
        let kind = &policy.kinds[usize::from(o.kind)];
        let kind_literals = &literals.kinds[usize::from(o.kind)];
        self.begin_object();
        self.key(key!("index"));
        self.integer(index);
        self.key(key!("kind"));
        self.raw(&kind_literals.name);
        self.key(key!("hours"));
        self.number(hours);
        self.key(key!("category"));
        self.raw(
            literals
                .categories
                .get(usize::from(o.category))
                .map_or("null", |c| c),
        );
        self.fixed(&kind_literals.credit);
        if let Some(trace) = evaluated
            .workings
            .activities
            .get(index)
            .and_then(|w| w.credit.as_ref())
        {
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
                write_string_contents(self.out, values);
                self.out.extend_from_slice(b" = ");
            }
            write_string_contents(self.out, result);
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
            self.fixed(&kind_literals.caps[i]);
            self.end_object();
        }
        self.key(key!("credited"));
        self.number(o.capped);
        if kind.spread.is_some() {
            self.key(key!("spread"));
            self.begin_array();
            for (year, hours) in &o.parts {
                self.next();
                self.begin_object();
                self.key(key!("year"));
                self.integer(*year);
                self.key(key!("hours"));
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
        let kind_literals = &self.prepared.literals.kinds[usize::from(o.kind)];
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
            write_string_contents(self.out, &t.reason);
        }
        self.out.push(b'"');
        self.key(key!("clause"));
        self.optional_string(texts.first().and_then(|t| t.clause.as_deref()));
        self.key(key!("hours_if_accepted"));
        self.number(hours);
        self.key(key!("reasons"));
        self.begin_array();
        for (t, raw) in texts.iter().zip(&o.rejections) {
            let rule = match raw {
                crate::eval::ruling::RejectionReason::Evidence { rule, .. } => {
                    kind_literals.evidence_rules.get(*rule)
                }
                crate::eval::ruling::RejectionReason::Rule { rule } => {
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

    /// A record value.
    fn value(&mut self, value: &Value, ty: &FieldType) {
        match (value, ty) {
            (Value::Absent, _) => self.null(),
            (Value::Bool(b), _) => self.bool(*b),
            (Value::Number(n), _) => self.number(*n),
            (Value::Date(d), _) => {
                use std::io::Write;
                let _ = write!(self.out, "\"{}\"", d.format("%Y-%m-%d"));
            }
            (Value::Year(y), _) => self.integer(*y),
            (Value::Text(t), _) => self.string(t),
            (Value::Enum(i), FieldType::Enum(e)) => {
                let policy = self.prepared.renderer.policy;
                self.string(
                    policy
                        .enums
                        .get(usize::from(*e))
                        .and_then(|e| e.values.get(usize::from(*i)))
                        .map_or("", String::as_str),
                );
            }
            (Value::Enum(i), _) => self.integer(*i),
            (Value::List(items), ty) => {
                let inner = match ty {
                    FieldType::List(t) => t.as_ref(),
                    t => t,
                };
                self.begin_array();
                for item in items.iter() {
                    self.next();
                    self.value(item, inner);
                }
                self.end_array();
            }
        }
    }
}

/// Appends `s` as a JSON string literal.
fn write_string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    write_string_contents(out, s);
    out.push(b'"');
}

/// What a byte becomes inside a JSON string: `0` for itself, `u` for `\u00XX`, else the
/// letter after the backslash (serde_json's escapes).
static ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// Whether any of eight bytes is a control character, a quote or a backslash.
fn any_to_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (n ≤ 128) sets its high bit in `(word - n) & !word`.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGH != 0
}

/// Appends `s` escaped as the inside of a JSON string, as serde_json escapes it.
fn write_string_contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Bytes from `start` are still to be copied.
    let mut start = 0;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if any_to_escape(word) {
            for (i, &b) in chunk.iter().enumerate() {
                if ESCAPES[usize::from(b)] != 0 {
                    out.extend_from_slice(&bytes[start..at + i]);
                    write_escape(out, b);
                    start = at + i + 1;
                }
            }
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if ESCAPES[usize::from(b)] != 0 {
            out.extend_from_slice(&bytes[start..at + i]);
            write_escape(out, b);
            start = at + i + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

fn write_escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match ESCAPES[usize::from(b)] {
        b'u' => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xF)],
        ]),
        letter => out.extend_from_slice(&[b'\\', letter]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        write_string(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_character_is_escaped_as_serde_json_escapes_it() {
        for c in (0u32..0x800).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("abcdefg{c}"),
                format!("abcdefgh{c}xyz"),
                format!("{c}abcdefghijklmno{c}{c}"),
            ] {
                assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(s in ".*") {
            proptest::prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn control_heavy_strings_are_escaped_as_serde_json_escapes_them(
            s in "[\\x00-\\x1f\"\\\\a-z\u{80}-\u{10ffff}]{0,40}"
        ) {
            proptest::prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
