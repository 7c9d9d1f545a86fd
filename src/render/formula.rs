//! Formulas with their values filled in: `rate * days(start, end)` for a record becomes
//! `12 hours/day × 3 days = 36 hours`, and the values it used (`rate = 12 hours/day`,
//! `days(start, end) = 3 days`) are listed. Units are named in the reader's language.

use crate::messages::Lang;
use crate::number::Number;
use crate::policy::expr::{Builtin, CExpr, Env, Op, Value};
use crate::policy::types::{DimName, Ty};
use crate::policy::{FieldType, Policy};

/// How to name things while filling formulas in.
#[derive(Clone, Copy)]
pub struct Filler<'a> {
    /// The policy (units, enumerations, source text).
    pub policy: &'a Policy,
    /// The reader's language.
    pub lang: Lang,
}

/// A value used by a formula, for "where" lines.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Input {
    /// The name or expression as the policy writes it (`start`, `days(start, end)`).
    pub name: String,
    /// Its value, in words (`2023-05-10`, `3 days`).
    pub value: String,
}

/// A formula evaluated for a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The formula as the policy writes it.
    pub formula: String,
    /// The formula with values in place of names: `12 hours/day × 3 days`.
    pub values: String,
    /// The result in words: `36 hours`.
    pub result: String,
    /// The values read by the formula, in the order met.
    pub inputs: Vec<Input>,
}

impl Filled {
    /// `12 hours/day × 3 days = 36 hours` (or just `36 hours` when nothing was computed).
    /// For `max`/`min`, the arguments' values come in between:
    /// `max(90 hours − 62 hours, 60 hours − 42 hours) = 28 hours`.
    pub fn computation(&self) -> String {
        if self.values == self.result {
            self.result.clone()
        } else {
            format!("{} = {}", self.values, self.result)
        }
    }

    /// The inputs worth listing: none when the formula is a single input.
    pub fn inputs_to_list(&self) -> &[Input] {
        match self.inputs.as_slice() {
            [only] if only.name == self.formula => &[],
            all => all,
        }
    }
}

impl Filler<'_> {
    /// A number with its unit: `36 hours`, `1 day`, `12 学时/天`.
    pub fn amount(&self, n: Number, ty: &Ty) -> String {
        match ty {
            Ty::Number(dim) if !dim.is_none() => {
                let name = DimName {
                    dim,
                    units: &self.policy.units,
                    labels: self.lang == Lang::Zh,
                };
                use std::fmt::Write;
                let mut out = String::with_capacity(24);
                let _ = write!(out, "{n} ");
                if n == Number::ONE {
                    out.push_str(&name.singular());
                } else {
                    let _ = write!(out, "{name}");
                }
                out
            }
            _ => n.to_string(),
        }
    }

    /// A value in words, of type `ty`.
    pub fn value(&self, v: &Value, ty: &Ty) -> String {
        let ty = match ty {
            Ty::Maybe(t) => t,
            t => t,
        };
        match v {
            Value::Absent => "—".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => self.amount(*n, ty),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Year(y) => y.to_string(),
            Value::Text(t) => format!("\"{t}\""),
            Value::Enum(i) => match ty {
                Ty::Enum(e) => self
                    .policy
                    .enums
                    .get(usize::from(*e))
                    .and_then(|e| e.values.get(usize::from(*i)))
                    .map_or_else(|| i.to_string(), |s| format!("\"{s}\"")),
                _ => i.to_string(),
            },
            Value::List(items) => {
                let inner = match ty {
                    Ty::List(t) => t.as_ref(),
                    t => t,
                };
                let items: Vec<String> = items.iter().map(|i| self.value(i, inner)).collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    /// A record field's value in words.
    pub fn field_value(&self, v: &Value, ty: &FieldType) -> String {
        self.value(v, &field_ty(ty))
    }

    /// Evaluates `e` in `env` and says how.
    pub fn fill(&self, e: &CExpr, env: &Env) -> Filled {
        let mut inputs = Vec::new();
        let values = self.walk(e, env, 0, &mut inputs);
        let result = match e.eval(env) {
            Ok(v) => self.value(&v, &e.ty),
            Err(_) => "?".to_string(),
        };
        Filled {
            formula: self.policy.source.slice(e.span).to_string(),
            values,
            result,
            inputs,
        }
    }

    fn note(&self, e: &CExpr, env: &Env, inputs: &mut Vec<Input>) -> String {
        let text = match e.eval(env) {
            Ok(v) => self.value(&v, &e.ty),
            Err(_) => "?".to_string(),
        };
        let name = self.policy.source.slice(e.span).to_string();
        if !inputs.iter().any(|i| i.name == name) && name != text {
            inputs.push(Input {
                name,
                value: text.clone(),
            });
        }
        text
    }

    fn walk(&self, e: &CExpr, env: &Env, min: u8, inputs: &mut Vec<Input>) -> String {
        let (text, prec) = match &e.op {
            Op::Value(v) => (self.value(v, &e.ty), ATOM),
            Op::Call(f @ (Builtin::Min | Builtin::Max), args) => {
                let args: Vec<String> = args.iter().map(|a| self.walk(a, env, 0, inputs)).collect();
                (format!("{}({})", f.name(), args.join(", ")), ATOM)
            }
            Op::Constant { .. }
            | Op::Field { .. }
            | Op::Local(_)
            | Op::Figure(_)
            | Op::Sum(_)
            | Op::Call(..)
            | Op::Match { .. }
            | Op::If(..)
            | Op::JudgedYear
            | Op::Exempt
            | Op::Compliant
            | Op::Shortfall
            | Op::Quantifier(_)
            | Op::Otherwise(..)
            | Op::List(_) => (self.note(e, env, inputs), ATOM),
            Op::Neg(a) => (format!("−{}", self.walk(a, env, NEG, inputs)), NEG),
            Op::Not(a) => (format!("not {}", self.walk(a, env, NOT, inputs)), NOT),
            Op::And(a, b) => (
                format!(
                    "{} and {}",
                    self.walk(a, env, AND, inputs),
                    self.walk(b, env, AND + 1, inputs)
                ),
                AND,
            ),
            Op::Or(a, b) => (
                format!(
                    "{} or {}",
                    self.walk(a, env, OR, inputs),
                    self.walk(b, env, OR + 1, inputs)
                ),
                OR,
            ),
            Op::Compare(op, a, b) => (
                format!(
                    "{} {} {}",
                    self.walk(a, env, CMP + 1, inputs),
                    op.math_symbol(),
                    self.walk(b, env, CMP + 1, inputs)
                ),
                CMP,
            ),
            Op::In {
                needle,
                haystack,
                negate,
            } => (
                format!(
                    "{} {} {}",
                    self.walk(needle, env, CMP + 1, inputs),
                    if *negate { "∉" } else { "∈" },
                    self.walk(haystack, env, CMP + 1, inputs)
                ),
                CMP,
            ),
            Op::Arith(op, a, b) => {
                let p = match op {
                    crate::policy::expr::ArithOp::Add | crate::policy::expr::ArithOp::Sub => ADD,
                    _ => MUL,
                };
                (
                    format!(
                        "{} {} {}",
                        self.walk(a, env, p, inputs),
                        op.math_symbol(),
                        self.walk(b, env, p + 1, inputs)
                    ),
                    p,
                )
            }
        };
        if prec < min {
            format!("({text})")
        } else {
            text
        }
    }
}

const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 6;
const MUL: u8 = 7;
const NEG: u8 = 8;
const ATOM: u8 = 10;

/// The expression type of a field type.
pub fn field_ty(t: &FieldType) -> Ty {
    match t {
        FieldType::Text | FieldType::ResidentId => Ty::Text,
        FieldType::Bool => Ty::Bool,
        FieldType::Date => Ty::Date,
        FieldType::Year => Ty::Year,
        FieldType::Number { dim, .. } => Ty::Number(dim.clone()),
        FieldType::Enum(e) => Ty::Enum(*e),
        FieldType::List(inner) => Ty::List(Box::new(field_ty(inner))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn policy() -> Policy {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/notice-2022.policy"
        ))
        .unwrap();
        crate::compile_policy(SourceFile::new("notice-2022.policy", text))
            .0
            .unwrap()
    }

    #[test]
    fn a_conference_credit_is_filled_in() {
        let policy = policy();
        let kind = &policy.kinds[usize::from(policy.kind_ids["conference"])];
        let date = |s| Value::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let fields = vec![Value::Enum(1), date("2023-05-10"), date("2023-05-12")];
        let locals = vec![Value::Number(Number::from_int(12))];
        let env = Env {
            person: &[],
            item: &fields,
            locals: &locals,
            year: None,
            judged_year: 2023,
            window: &[],
        };
        for (lang, expected) in [
            (Lang::En, "12 hours/day × 3 days = 36 hours"),
            (Lang::Zh, "12 学时/天 × 3 天 = 36 学时"),
        ] {
            let filler = Filler {
                policy: &policy,
                lang,
            };
            let filled = filler.fill(&kind.credit.expr, &env);
            assert_eq!(filled.formula, "rate * days(start, end)");
            assert_eq!(filled.computation(), expected);
        }
    }

    #[test]
    fn one_is_singular() {
        let policy = policy();
        let filler = Filler {
            policy: &policy,
            lang: Lang::En,
        };
        let day = Ty::Number(crate::policy::types::Dim::unit(crate::policy::types::DAY));
        assert_eq!(filler.amount(Number::ONE, &day), "1 day");
        assert_eq!(filler.amount(Number::from_int(2), &day), "2 days");
    }
}
