//! Formulas with their values filled in: `rate * days(start, end)` for a record becomes
//! `12 hours/day × 3 days = 36 hours`, and the values it used (`rate = 12 hours/day`,
//! `days(start, end) = 3 days`) are listed. Units are named in the reader's language. A
//! boolean formula (a `reject when` rule) reads otherwise, each operand with its value: see
//! [`boolean`].

mod boolean;

use crate::eval::trace::{Trace, is_boolean, shows_value};
use crate::messages::Lang;
use crate::number::Number;
use crate::policy::expr::{Builtin, CExpr, Op, Value};
use crate::policy::types::{Dim, DimName, Ty};
use crate::policy::{FieldType, Policy};

/// The values of a trace's parts, taken in the order a formula is walked.
type Parts<'t> = std::slice::Iter<'t, Option<Value>>;

/// How to name things while filling formulas in.
#[derive(Clone, Copy)]
pub(crate) struct Filler<'a> {
    /// The policy (units, enumerations, source text).
    pub(crate) policy: &'a Policy,
    /// The reader's language.
    pub(crate) lang: Lang,
}

/// A value used by a formula, for "where" lines.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Input {
    /// The name or expression as the policy writes it (`start`, `days(start, end)`).
    pub(crate) name: String,
    /// Its value, in words (`2023-05-10`, `3 days`).
    pub(crate) value: String,
}

/// A formula evaluated for a record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filled {
    /// The formula as the policy writes it.
    pub(crate) formula: String,
    /// The formula with values in place of names: `12 hours/day × 3 days`; for a boolean
    /// formula, the formula with each operand's value ([`boolean`]).
    pub(crate) values: String,
    /// The result in words: `36 hours`; for a boolean formula, the same as `values`.
    pub(crate) result: String,
    /// The values read by the formula, in the order met (none for a boolean formula: its
    /// values are in place).
    pub(crate) inputs: Vec<Input>,
    /// Whether the formula is boolean.
    pub(crate) boolean: bool,
}

impl Filled {
    /// `12 hours/day × 3 days = 36 hours` (or just `36 hours` when nothing was computed).
    /// For `max`/`min`, the arguments' values come in between:
    /// `max(90 hours − 62 hours, 60 hours − 42 hours) = 28 hours`.
    pub(crate) fn computation(&self) -> String {
        if self.values == self.result {
            self.result.clone()
        } else {
            format!("{} = {}", self.values, self.result)
        }
    }

    /// The formula's line in an explanation: `rate * days(start, end) = 12 hours/day × 3 days =
    /// 36 hours`; for a boolean formula, which shows the formula itself with its values,
    /// `not recognized (false) → true`.
    pub(crate) fn line(&self) -> String {
        if self.boolean {
            self.computation()
        } else {
            format!("{} = {}", self.formula, self.computation())
        }
    }

    /// The inputs worth listing: none when the formula is a single input.
    pub(crate) fn inputs_to_list(&self) -> &[Input] {
        match self.inputs.as_slice() {
            [only] if only.name == self.formula => &[],
            all => all,
        }
    }
}

/// A formula evaluated for a record, like [`Filled`], but kept in buffers that are reused from
/// one formula to the next (fewer allocations when filling many): the values and the result
/// are two parts of one text, the inputs are the policy's names with the places of their
/// values in that text.
#[derive(Debug, Default)]
pub(crate) struct FilledBuffer<'a> {
    /// The values, then the result (unless the result is the values).
    text: String,
    /// Where the values end in `text`.
    values_end: usize,
    /// Where the result begins in `text`: it runs to the end.
    result_start: usize,
    /// The values read by the formula, in the order met: the name, and where its value is in
    /// `text`.
    inputs: Vec<(&'a str, std::ops::Range<usize>)>,
    /// The formula as the policy writes it.
    formula: &'a str,
}

impl<'a> FilledBuffer<'a> {
    /// The formula with values in place of names, as [`Filled::values`].
    pub(crate) fn values(&self) -> &str {
        &self.text[..self.values_end]
    }

    /// The result in words, as [`Filled::result`].
    pub(crate) fn result(&self) -> &str {
        &self.text[self.result_start..]
    }

    /// [`Filled::computation`] in parts: the values when they differ from the result (to be
    /// followed by ` = `), and the result.
    pub(crate) fn computation_parts(&self) -> (Option<&str>, &str) {
        let (values, result) = (self.values(), self.result());
        if values == result {
            (None, result)
        } else {
            (Some(values), result)
        }
    }

    /// The inputs worth listing, as [`Filled::inputs_to_list`]: each name with its value.
    pub(crate) fn inputs_to_list(&self) -> impl Iterator<Item = (&'a str, &str)> {
        let all = match self.inputs.as_slice() {
            [(only, _)] if *only == self.formula => &[],
            all => all,
        };
        all.iter()
            .map(|(name, value)| (*name, &self.text[value.clone()]))
    }
}

/// The names of the units that filling formulas in shows (`hours/day`, `day`), worked out once
/// for a policy and a language rather than each time an amount is written.
#[derive(Debug, Default)]
pub(crate) struct UnitNames {
    /// Each dimension, with its name after exactly one and after other amounts.
    names: Vec<(Dim, String, String)>,
}

impl UnitNames {
    /// The names of the units that filling in the policy's credit formulas can show, as
    /// `filler` names them (use them with that filler only).
    pub(crate) fn of_credits(filler: &Filler) -> Self {
        let mut names = UnitNames::default();
        for kind in &filler.policy.kinds {
            names.collect(filler, &kind.credit.expr);
        }
        names
    }

    /// Adds the units of what [`Filler::fill`] writes for `e`: its value, and the values of the
    /// parts it walks into.
    fn collect(&mut self, filler: &Filler, e: &CExpr) {
        self.add(filler, &e.ty);
        match &e.op {
            Op::Neg(a) | Op::Not(a) => self.collect(filler, a),
            Op::And(a, b) | Op::Or(a, b) | Op::Compare(_, a, b) | Op::Arith(_, a, b) => {
                self.collect(filler, a);
                self.collect(filler, b);
            }
            Op::In {
                needle, haystack, ..
            } => {
                self.collect(filler, needle);
                self.collect(filler, haystack);
            }
            Op::Call(Builtin::Min | Builtin::Max, args) => {
                for a in args {
                    self.collect(filler, a);
                }
            }
            _ => {}
        }
    }

    fn add(&mut self, filler: &Filler, ty: &Ty) {
        match ty {
            Ty::Number(dim) if !dim.is_none() && self.get(dim).is_none() => {
                let name = DimName {
                    dim,
                    units: &filler.policy.units,
                    labels: filler.lang == Lang::Zh,
                };
                self.names
                    .push((dim.clone(), name.singular(), name.to_string()));
            }
            Ty::Maybe(t) | Ty::List(t) => self.add(filler, t),
            _ => {}
        }
    }

    /// The names of `dim` after one and after other amounts, when worked out.
    fn get(&self, dim: &Dim) -> Option<(&str, &str)> {
        self.names
            .iter()
            .find(|(d, ..)| d == dim)
            .map(|(_, one, other)| (one.as_str(), other.as_str()))
    }
}

impl<'a> Filler<'a> {
    /// A number with its unit: `36 hours`, `1 day`, `2.5 units/day`.
    pub(crate) fn amount(&self, n: Number, ty: &Ty) -> String {
        let mut out = String::with_capacity(24);
        self.write_amount(n, ty, &UnitNames::default(), &mut out);
        out
    }

    /// Appends [`Filler::amount`] to `out`, with the unit's name from `units` when there.
    fn write_amount(&self, n: Number, ty: &Ty, units: &UnitNames, out: &mut String) {
        write_number(n, out);
        let dim = match ty {
            Ty::Number(dim) if !dim.is_none() => dim,
            _ => return,
        };
        out.push(' ');
        if let Some((one, other)) = units.get(dim) {
            out.push_str(if n == Number::ONE { one } else { other });
            return;
        }
        let name = DimName {
            dim,
            units: &self.policy.units,
            labels: self.lang == Lang::Zh,
        };
        if n == Number::ONE {
            out.push_str(&name.singular());
        } else {
            use std::fmt::Write;
            let _ = write!(out, "{name}");
        }
    }

    /// A value in words, of type `ty`.
    pub(crate) fn value(&self, v: &Value, ty: &Ty) -> String {
        let mut out = String::new();
        self.write_value(v, ty, &UnitNames::default(), &mut out);
        out
    }

    /// Appends [`Filler::value`] to `out`.
    fn write_value(&self, v: &Value, ty: &Ty, units: &UnitNames, out: &mut String) {
        let ty = match ty {
            Ty::Maybe(t) => t,
            t => t,
        };
        match v {
            Value::Absent => out.push('—'),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => self.write_amount(*n, ty, units, out),
            Value::Date(d) => {
                use std::fmt::Write;
                let _ = write!(out, "{}", d.format("%Y-%m-%d"));
            }
            Value::Year(y) => out.push_str(itoa::Buffer::new().format(*y)),
            Value::Text(t) => {
                out.push('"');
                out.push_str(t);
                out.push('"');
            }
            Value::Enum(i) => match ty {
                Ty::Enum(e) => match self
                    .policy
                    .enums
                    .get(usize::from(*e))
                    .and_then(|e| e.values.get(usize::from(*i)))
                {
                    Some(s) => {
                        out.push('"');
                        out.push_str(s);
                        out.push('"');
                    }
                    None => out.push_str(itoa::Buffer::new().format(*i)),
                },
                _ => out.push_str(itoa::Buffer::new().format(*i)),
            },
            Value::List(items) => {
                let inner = match ty {
                    Ty::List(t) => t.as_ref(),
                    t => t,
                };
                out.push('[');
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    self.write_value(item, inner, units, out);
                }
                out.push(']');
            }
        }
    }

    /// A record field's value in words.
    pub(crate) fn field_value(&self, v: &Value, ty: &FieldType) -> String {
        self.value(v, &ty.ty())
    }

    /// Says how `e` came to its value, from its trace (see [`crate::eval::trace`]).
    pub(crate) fn fill(&self, e: &CExpr, trace: Trace) -> Filled {
        let mut filled = FilledBuffer::default();
        self.fill_into(e, trace, &UnitNames::default(), &mut filled);
        Filled {
            formula: filled.formula.to_string(),
            values: filled.values().to_string(),
            result: filled.result().to_string(),
            boolean: is_boolean(e),
            inputs: filled
                .inputs
                .iter()
                .map(|(name, value)| Input {
                    name: name.to_string(),
                    value: filled.text[value.clone()].to_string(),
                })
                .collect(),
        }
    }

    /// [`Filler::fill`] into `filled`, replacing what it held, with the names of units from
    /// `units` (made for this filler) when there.
    pub(crate) fn fill_into(
        &self,
        e: &CExpr,
        trace: Trace,
        units: &UnitNames,
        filled: &mut FilledBuffer<'a>,
    ) {
        filled.text.clear();
        // Room for most formulas at once, rather than growing a few bytes at a time.
        filled.text.reserve(96);
        filled.inputs.clear();
        filled.formula = self.policy.source.slice(e.span);
        let mut parts = trace.parts.iter();
        if is_boolean(e) {
            self.write_boolean(e, &mut parts, units, &mut filled.text);
        } else {
            self.walk(e, &mut parts, 0, units, filled);
        }
        filled.values_end = filled.text.len();
        if is_boolean(e) || shows_value(&e.op) {
            // The values are the formula's value in words already: the result.
            filled.result_start = 0;
        } else {
            filled.result_start = filled.values_end;
            self.write_known(trace.result, &e.ty, units, &mut filled.text);
        }
    }

    /// Appends a value of type `ty` in words, or `?` when there is none.
    fn write_known(&self, v: Option<&Value>, ty: &Ty, units: &UnitNames, out: &mut String) {
        match v {
            Some(v) => self.write_value(v, ty, units, out),
            None => out.push('?'),
        }
    }

    /// Writes the value of `e` (one of those [`shows_value`] holds for: the next of
    /// `parts`), and lists it as an input unless it is listed already or reads as its own
    /// name.
    fn note(&self, e: &CExpr, parts: &mut Parts, units: &UnitNames, filled: &mut FilledBuffer<'a>) {
        let start = filled.text.len();
        let value = parts.next().and_then(Option::as_ref);
        self.write_known(value, &e.ty, units, &mut filled.text);
        let name = self.policy.source.slice(e.span);
        let text = &filled.text[start..];
        if name != text && !filled.inputs.iter().any(|(n, _)| *n == name) {
            let end = filled.text.len();
            filled.inputs.push((name, start..end));
        }
    }

    fn walk(
        &self,
        e: &CExpr,
        parts: &mut Parts,
        min: u8,
        units: &UnitNames,
        filled: &mut FilledBuffer<'a>,
    ) {
        let parenthesized = precedence(&e.op) < min;
        if parenthesized {
            filled.text.push('(');
        }
        match &e.op {
            op if shows_value(op) => self.note(e, parts, units, filled),
            // A literal whose decimals never end (`1 credit per 3 hours`) reads as written:
            // rounded, `30 hours × 0.333333 credits/hour = 10 credits` would not add up.
            Op::Value(Value::Number(n)) if !n.is_terminating() => {
                filled.text.push('(');
                filled
                    .text
                    .push_str(self.policy.source.slice(e.span).trim());
                filled.text.push(')');
            }
            Op::Value(v) => self.write_value(v, &e.ty, units, &mut filled.text),
            Op::Call(f @ (Builtin::Min | Builtin::Max), args) => {
                filled.text.push_str(f.name());
                filled.text.push('(');
                for (n, a) in args.iter().enumerate() {
                    if n > 0 {
                        filled.text.push_str(", ");
                    }
                    self.walk(a, parts, 0, units, filled);
                }
                filled.text.push(')');
            }
            Op::Neg(a) => {
                filled.text.push('−');
                self.walk(a, parts, NEG, units, filled);
            }
            Op::Not(a) => {
                filled.text.push_str("not ");
                self.walk(a, parts, NOT, units, filled);
            }
            Op::And(a, b) => self.infix((a, "and", b), (AND, AND + 1), parts, units, filled),
            Op::Or(a, b) => self.infix((a, "or", b), (OR, OR + 1), parts, units, filled),
            Op::Compare(op, a, b) => self.infix(
                (a, op.math_symbol(), b),
                (CMP + 1, CMP + 1),
                parts,
                units,
                filled,
            ),
            Op::In {
                needle,
                haystack,
                negate,
            } => self.infix(
                (needle, if *negate { "∉" } else { "∈" }, haystack),
                (CMP + 1, CMP + 1),
                parts,
                units,
                filled,
            ),
            Op::Arith(op, a, b) => {
                let p = arith_precedence(*op);
                self.infix((a, op.math_symbol(), b), (p, p + 1), parts, units, filled)
            }
            // Every other operation is noted (the first arm).
            _ => self.note(e, parts, units, filled),
        }
        if parenthesized {
            filled.text.push(')');
        }
    }

    /// `a`, then `symbol` with a space either side, then `b`; `mins` are the precedences
    /// below which `a` and `b` take parentheses.
    fn infix(
        &self,
        (a, symbol, b): (&CExpr, &str, &CExpr),
        mins: (u8, u8),
        parts: &mut Parts,
        units: &UnitNames,
        filled: &mut FilledBuffer<'a>,
    ) {
        self.walk(a, parts, mins.0, units, filled);
        filled.text.push(' ');
        filled.text.push_str(symbol);
        filled.text.push(' ');
        self.walk(b, parts, mins.1, units, filled);
    }
}

/// Appends a number's decimal text (as its `Display`), in 64-bit arithmetic when it can.
fn write_number(n: Number, out: &mut String) {
    if !super::write_decimal(n, |part| out.push_str(part)) {
        use std::fmt::Write;
        let _ = write!(out, "{n}");
    }
}

/// How tightly an operation binds, for parentheses.
fn precedence(op: &Op) -> u8 {
    match op {
        Op::Neg(_) => NEG,
        Op::Not(_) => NOT,
        Op::And(..) => AND,
        Op::Or(..) => OR,
        Op::Compare(..) | Op::In { .. } => CMP,
        Op::Arith(op, ..) => arith_precedence(*op),
        _ => ATOM,
    }
}

fn arith_precedence(op: crate::policy::expr::ArithOp) -> u8 {
    match op {
        crate::policy::expr::ArithOp::Add | crate::policy::expr::ArithOp::Sub => ADD,
        _ => MUL,
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
        let kind = policy.kind(*policy.kind_ids.get("conference").unwrap());
        let date = |s| Value::Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        let fields = vec![Value::Enum(1), date("2023-05-10"), date("2023-05-12")];
        let locals = vec![Value::Number(Number::from_int(12))];
        let env = crate::eval::interp::Env::of_item(&[], &fields, &locals, 2023);
        let trace = crate::eval::trace::OwnedTrace::of(&kind.credit.expr, &env);
        for (lang, expected) in [
            (Lang::En, "12 hours/day × 3 days = 36 hours"),
            (Lang::Zh, "12 学时/天 × 3 天 = 36 学时"),
        ] {
            let filler = Filler {
                policy: &policy,
                lang,
            };
            let filled = filler.fill(&kind.credit.expr, trace.trace());
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
