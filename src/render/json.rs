//! The output contract (notice-reading.md §4) in JSON: one object per input record, with
//! the ruling's figures, the credits and rejections behind them, the requirements with their
//! values, and the policy's identity; or, for an invalid record, its errors and position.
//! Numbers are written as exact decimal text.

use super::formula::Filler;
use super::{localized, record_error_code, record_error_message, rejection_texts};
use crate::batch::{Evaluated, ID_FIELD, NAME_FIELD, Outcome};
use crate::messages::Lang;
use crate::number::Number;
use crate::policy::expr::{Env, Value};
use crate::policy::{FieldType, Policy, PurposeId, Schema, Window};
use crate::record::resident_id;
use crate::ruling::{ActivityOutcome, ExemptionOutcome, YearRuling};
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

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
    /// Appends one outcome as a JSON object (no line break) to `out`.
    pub fn write(&self, outcome: &Outcome, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::new(out);
        RulingView { r: self, outcome }.serialize(&mut ser)
    }

    /// Appends one outcome as an indented JSON object to `out`.
    pub fn write_pretty(&self, outcome: &Outcome, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut ser = serde_json::Serializer::pretty(out);
        RulingView { r: self, outcome }.serialize(&mut ser)
    }
}

/// An exact number, written as its decimal text.
struct Num(Number);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Whole numbers (most hours) are written directly; others as exact decimal text.
        if let Some(n) = self.0.to_i64() {
            return s.serialize_i64(n);
        }
        RawValue::from_string(self.0.to_string())
            .map_err(S::Error::custom)?
            .serialize(s)
    }
}

/// A record value, as JSON.
struct ValueView<'a> {
    value: &'a Value,
    ty: &'a FieldType,
    policy: &'a Policy,
}

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.value, self.ty) {
            (Value::Absent, _) => s.serialize_none(),
            (Value::Bool(b), _) => s.serialize_bool(*b),
            (Value::Number(n), _) => Num(*n).serialize(s),
            (Value::Date(d), _) => s.collect_str(&d.format("%Y-%m-%d")),
            (Value::Year(y), _) => s.serialize_i32(*y),
            (Value::Text(t), _) => s.serialize_str(t),
            (Value::Enum(i), FieldType::Enum(e)) => s.serialize_str(
                self.policy
                    .enums
                    .get(usize::from(*e))
                    .and_then(|e| e.values.get(usize::from(*i)))
                    .map_or("", String::as_str),
            ),
            (Value::Enum(i), _) => s.serialize_u16(*i),
            (Value::List(items), ty) => {
                let inner = match ty {
                    FieldType::List(t) => t.as_ref(),
                    t => t,
                };
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(&ValueView {
                        value: item,
                        ty: inner,
                        policy: self.policy,
                    })?;
                }
                seq.end()
            }
        }
    }
}

/// The fields of an item (an exemption), as a JSON object.
struct FieldsView<'a> {
    fields: &'a [Value],
    schema: &'a Schema,
    policy: &'a Policy,
}

impl Serialize for FieldsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (field, value) in self.schema.fields.iter().zip(self.fields) {
            if *value != Value::Absent {
                m.serialize_entry(
                    &field.name,
                    &ValueView {
                        value,
                        ty: &field.ty,
                        policy: self.policy,
                    },
                )?;
            }
        }
        m.end()
    }
}

struct RulingView<'a> {
    r: &'a JsonRenderer<'a>,
    outcome: &'a Outcome,
}

impl RulingView<'_> {
    fn person_text(
        &self,
        evaluated: Option<&Evaluated>,
        key: &str,
        raw: &Option<String>,
    ) -> Option<String> {
        let policy = self.r.policy;
        let from_record = evaluated.and_then(|e| {
            let slot = *policy.person.slots.get(key)?;
            match e.person.fields.get(usize::from(slot))? {
                Value::Text(t) => Some(t.to_string()),
                _ => None,
            }
        });
        from_record.or_else(|| raw.clone())
    }

    fn id(&self, evaluated: Option<&Evaluated>) -> Option<String> {
        let id = self.person_text(evaluated, ID_FIELD, &self.outcome.id)?;
        let is_resident_id = self.r.policy.person.slots.get(ID_FIELD).is_some_and(|s| {
            self.r.policy.person.fields[usize::from(*s)].ty == FieldType::ResidentId
        });
        Some(
            if self.r.redact && (is_resident_id || evaluated.is_none()) {
                resident_id::redact(&id)
            } else {
                id
            },
        )
    }
}

impl Serialize for RulingView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.r;
        let policy = r.policy;
        let purpose = &policy.purposes[usize::from(r.purpose)];
        let evaluated = self.outcome.result.as_ref().ok();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id(evaluated))?;
        m.serialize_entry(
            "name",
            &self.person_text(evaluated, NAME_FIELD, &self.outcome.name),
        )?;
        m.serialize_entry("purpose", &purpose.name)?;
        m.serialize_entry("year", &r.year)?;
        match &self.outcome.result {
            Err(errors) => {
                m.serialize_entry("status", "invalid")?;
                let position = &self.outcome.position;
                m.serialize_entry(
                    "position",
                    &PositionView {
                        file: &position.file,
                        record: position.record,
                        line: position.line,
                    },
                )?;
                let format = super::format_name(&position.file);
                let errors: Vec<ErrorView> = errors
                    .iter()
                    .map(|e| ErrorView {
                        path: &e.path,
                        code: record_error_code(&e.kind),
                        message: record_error_message(e, policy, r.lang, format),
                        line: e.at.map(|a| a.line),
                        column: e.at.map(|a| a.column),
                    })
                    .collect();
                m.serialize_entry("errors", &errors)?;
            }
            Ok(evaluated) => {
                let ruling = &evaluated.ruling;
                let status = &purpose.statuses[ruling.status];
                m.serialize_entry("status", &status.label)?;
                m.serialize_entry(
                    "decided_by",
                    &DecidedView {
                        rule: policy.source.slice(status.origin.span),
                        clause: status
                            .origin
                            .cite
                            .as_ref()
                            .or(purpose.origin.cite.as_ref())
                            .map(|c| c.clause.as_str()),
                    },
                )?;
                match purpose.window {
                    Window::Single(_) => {
                        if let Some(year) = ruling.years.first() {
                            year_fields(&mut m, r, evaluated, year, false)?;
                        }
                    }
                    Window::Range { .. } => {
                        let years: Vec<YearView> = ruling
                            .years
                            .iter()
                            .map(|year| YearView { r, evaluated, year })
                            .collect();
                        m.serialize_entry("years", &years)?;
                    }
                }
            }
        }
        m.serialize_entry(
            "policy",
            &PolicyView {
                name: &policy.info.name,
                version: &policy.info.version,
                sha256: &policy.info.sha256,
            },
        )?;
        m.end()
    }
}

#[derive(Serialize)]
struct DecidedView<'a> {
    rule: &'a str,
    clause: Option<&'a str>,
}

#[derive(Serialize)]
struct PositionView<'a> {
    file: &'a str,
    record: usize,
    line: Option<usize>,
}

#[derive(Serialize)]
struct ErrorView<'a> {
    path: &'a str,
    code: &'static str,
    message: String,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct PolicyView<'a> {
    name: &'a str,
    version: &'a str,
    sha256: &'a str,
}

struct YearView<'a> {
    r: &'a JsonRenderer<'a>,
    evaluated: &'a Evaluated,
    year: &'a YearRuling,
}

impl Serialize for YearView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("year", &self.year.year)?;
        m.serialize_entry("status", self.year.status.as_str())?;
        if let Some(p) = self.year.passes {
            m.serialize_entry("passes", &p)?;
            if let Some(lacking) = &self.year.lacking {
                m.serialize_entry("lacking", &Num(*lacking))?;
            }
        }
        year_fields(&mut m, self.r, self.evaluated, self.year, true)?;
        m.end()
    }
}

fn year_fields<M: SerializeMap>(
    m: &mut M,
    r: &JsonRenderer,
    evaluated: &Evaluated,
    year: &YearRuling,
    _nested: bool,
) -> Result<(), M::Error> {
    let policy = r.policy;
    for (figure, value) in policy.year.figures.iter().zip(&year.figures) {
        m.serialize_entry(&figure.name, &Num(*value))?;
    }
    m.serialize_entry("shortfall", &Num(year.shortfall))?;
    let activities = &evaluated.ruling.activities;
    let credits: Vec<CreditView> = year
        .credits
        .iter()
        .filter_map(|(i, hours)| {
            Some(CreditView {
                r,
                evaluated,
                index: *i,
                outcome: activities.get(*i)?,
                hours: *hours,
            })
        })
        .collect();
    m.serialize_entry("credits", &credits)?;
    let rejected: Vec<RejectedView> = year
        .rejected
        .iter()
        .filter_map(|i| {
            let outcome = activities.get(*i)?;
            Some(RejectedView {
                r,
                index: *i,
                outcome,
                hours: outcome.hours_in(year.year).unwrap_or(Number::ZERO),
            })
        })
        .collect();
    m.serialize_entry("rejected", &rejected)?;
    let exemptions: Vec<ExemptionView> = year
        .exemptions
        .iter()
        .filter_map(|i| {
            Some(ExemptionView {
                r,
                index: *i,
                outcome: evaluated.ruling.exemptions.get(*i)?,
                fields: &evaluated.person.exemptions.get(*i)?.fields,
            })
        })
        .collect();
    m.serialize_entry("exemptions", &exemptions)?;
    let requirements: Vec<RequirementView> = policy
        .year
        .requirements
        .iter()
        .zip(&year.requirements)
        .map(|(rule, outcome)| RequirementView {
            rule: policy
                .source
                .slice(rule.origin.span)
                .trim_start_matches("require")
                .trim(),
            left: Num(outcome.lhs),
            right: Num(outcome.rhs),
            met: outcome.met,
            short: (!outcome.met).then(|| {
                let gap = match rule.op {
                    crate::policy::expr::CmpOp::Ge | crate::policy::expr::CmpOp::Gt => {
                        outcome.rhs.checked_sub(outcome.lhs)
                    }
                    _ => outcome.lhs.checked_sub(outcome.rhs),
                };
                Num(gap.unwrap_or(Number::ZERO).max(Number::ZERO))
            }),
            clause: rule.origin.cite.as_ref().map(|c| c.clause.as_str()),
        })
        .collect();
    m.serialize_entry("requirements", &requirements)
}

struct CreditView<'a> {
    r: &'a JsonRenderer<'a>,
    evaluated: &'a Evaluated,
    index: usize,
    outcome: &'a ActivityOutcome,
    hours: Number,
}

impl Serialize for CreditView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let policy = self.r.policy;
        let o = self.outcome;
        let kind = &policy.kinds[usize::from(o.kind)];
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("index", &self.index)?;
        m.serialize_entry("kind", &kind.name)?;
        m.serialize_entry("hours", &Num(self.hours))?;
        m.serialize_entry(
            "category",
            &policy
                .categories
                .get(usize::from(o.category))
                .map(|c| &c.name),
        )?;
        m.serialize_entry(
            "clause",
            &kind.credit.origin.cite.as_ref().map(|c| &c.clause),
        )?;
        m.serialize_entry("rule", policy.source.slice(kind.credit.origin.span))?;
        m.serialize_entry("formula", policy.source.slice(kind.credit.expr.span))?;
        if let Some(activity) = self.evaluated.person.activities.get(self.index) {
            let env = Env {
                person: &self.evaluated.person.fields,
                item: &activity.fields,
                locals: &o.locals,
                year: None,
                judged_year: self.r.year,
                window: &[],
            };
            let filled = Filler {
                policy,
                lang: self.r.lang,
            }
            .fill(&kind.credit.expr, &env);
            m.serialize_entry("computation", &filled.computation())?;
            m.serialize_entry("inputs", filled.inputs_to_list())?;
        }
        m.serialize_entry("computed", &Num(o.formula))?;
        if let Some(i) = o.cap {
            let cap = &kind.caps[i];
            m.serialize_entry(
                "cap",
                &CapView {
                    value: Num(o.capped),
                    rule: policy.source.slice(cap.expr.span),
                    clause: cap.origin.cite.as_ref().map(|c| c.clause.as_str()),
                },
            )?;
        }
        m.serialize_entry("credited", &Num(o.capped))?;
        if kind.spread.is_some() {
            let parts: Vec<PartView> = o
                .parts
                .iter()
                .map(|(year, hours)| PartView {
                    year: *year,
                    hours: Num(*hours),
                })
                .collect();
            m.serialize_entry("spread", &parts)?;
            if !o.unplaced.is_zero() {
                m.serialize_entry("unplaced", &Num(o.unplaced))?;
            }
        }
        m.end()
    }
}

#[derive(Serialize)]
struct CapView<'a> {
    value: Num,
    rule: &'a str,
    clause: Option<&'a str>,
}

#[derive(Serialize)]
struct PartView {
    year: i32,
    hours: Num,
}

struct RejectedView<'a> {
    r: &'a JsonRenderer<'a>,
    index: usize,
    outcome: &'a ActivityOutcome,
    hours: Number,
}

#[derive(Serialize)]
struct ReasonView {
    code: &'static str,
    reason: String,
    rule: String,
    clause: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    missing: Vec<String>,
}

impl Serialize for RejectedView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let policy = self.r.policy;
        let kind = &policy.kinds[usize::from(self.outcome.kind)];
        let reasons: Vec<ReasonView> = rejection_texts(policy, self.outcome, self.r.lang)
            .into_iter()
            .zip(&self.outcome.rejections)
            .map(|(t, raw)| {
                let span = match raw {
                    crate::ruling::RejectionReason::Evidence { rule, .. } => {
                        kind.evidence.get(*rule).map(|r| r.origin.span)
                    }
                    crate::ruling::RejectionReason::Rule { rule } => {
                        kind.rejections.get(*rule).map(|r| r.rule.origin.span)
                    }
                };
                ReasonView {
                    code: t.code,
                    reason: t.reason,
                    rule: span
                        .map(|s| policy.source.slice(s).to_string())
                        .unwrap_or_default(),
                    clause: t.clause,
                    missing: t.missing,
                }
            })
            .collect();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("index", &self.index)?;
        m.serialize_entry("kind", &kind.name)?;
        let joined: Vec<&str> = reasons.iter().map(|r| r.reason.as_str()).collect();
        m.serialize_entry("reason", &joined.join("; "))?;
        m.serialize_entry("clause", &reasons.first().and_then(|r| r.clause.clone()))?;
        m.serialize_entry("hours_if_accepted", &Num(self.hours))?;
        m.serialize_entry("reasons", &reasons)?;
        m.end()
    }
}

struct ExemptionView<'a> {
    r: &'a JsonRenderer<'a>,
    index: usize,
    outcome: &'a ExemptionOutcome,
    fields: &'a [Value],
}

impl Serialize for ExemptionView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let policy = self.r.policy;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("index", &self.index)?;
        m.serialize_entry("applies", &self.outcome.applies())?;
        m.serialize_entry("years", &self.outcome.years)?;
        if let Some(rules) = &policy.exemption {
            m.serialize_entry(
                "record",
                &FieldsView {
                    fields: self.fields,
                    schema: &rules.schema,
                    policy,
                },
            )?;
            match self
                .outcome
                .rejected_by
                .and_then(|i| rules.rejections.get(i))
            {
                Some(rejection) => {
                    m.serialize_entry("reason", localized(&rejection.reason, self.r.lang))?;
                    m.serialize_entry(
                        "clause",
                        &rejection.rule.origin.cite.as_ref().map(|c| &c.clause),
                    )?;
                }
                None => {
                    m.serialize_entry("clause", &rules.origin.cite.as_ref().map(|c| &c.clause))?;
                }
            }
        }
        m.end()
    }
}

#[derive(Serialize)]
struct RequirementView<'a> {
    rule: &'a str,
    left: Num,
    right: Num,
    met: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<Num>,
    clause: Option<&'a str>,
}
