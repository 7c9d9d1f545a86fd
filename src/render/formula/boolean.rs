//! Boolean formulas (a `reject when` rule) with their values, from the boolean layout of a
//! trace (see [`crate::eval::trace`]): every name with its value in parentheses, every
//! operator with its operands in the order written and its own value after an arrow.
//!
//! ```text
//! role == "attendee" and not passed otherwise false
//! [role ("attendee") == "attendee" → true] and [not passed (not given → false) → true] → true
//! ```
//!
//! - a name read: `role ("attendee")`; a name the record does not give: `end (not given)`;
//! - a comparison, `in`, `is given`: the operands, the operator as the policy writes it, the
//!   value: `level ("local") in ["local", "regional"] → true`;
//! - arithmetic compared: the expression, then its workings as an arithmetic formula shows
//!   them: `hours * 2 (5 hours × 2 = 10 hours) > cap (8 hours) → true`;
//! - `not`, `and`, `or`: each operand in order, in brackets when it has an operator of its
//!   own; a chain `a and b and c` is one list; an operand the evaluator did not reach is
//!   written as the policy writes it, marked *not evaluated*, and the value says which
//!   operand decided: `[x (0) > 1 → false] and y (not evaluated) → false (decided by operand 1)`;
//! - `otherwise`: `passed (given: true)`, or `passed (not given → false)` with the fallback's
//!   own workings after the arrow.
//!
//! The words (*not given*, *not evaluated*…) come from the message catalogue; `and`, `or`,
//! `not`, the operators and the values are the policy language's, in both languages.

use super::{FilledBuffer, Filler, Parts, UnitNames};
use crate::eval::trace::{is_arithmetic, right_evaluated};
use crate::messages::{Msg, fill, text};
use crate::policy::expr::{CExpr, Op, Value};

/// Between an operation and its value.
const ARROW: &str = " → ";

/// Whether the rendering of `op` ends with its own value after an arrow: as an operand, it
/// goes in brackets.
fn has_arrow(op: &Op) -> bool {
    matches!(
        op,
        Op::Not(_) | Op::And(..) | Op::Or(..) | Op::Compare(..) | Op::In { .. } | Op::Given { .. }
    )
}

/// Whether `a` and `b` are the same of `and` and `or` (one chain).
fn same_chain(a: &Op, b: &Op) -> bool {
    matches!(
        (a, b),
        (Op::And(..), Op::And(..)) | (Op::Or(..), Op::Or(..))
    )
}

/// How far a chain of `and` (or of `or`) has been written.
#[derive(Default)]
struct Chain {
    /// The operands written so far.
    count: usize,
    /// The operand after which the others were not evaluated, counting from 1.
    decided: Option<usize>,
}

impl<'a> Filler<'a> {
    /// Writes the boolean formula `e` with its values, taking them from `parts` (the trace's
    /// parts in the boolean layout).
    pub(super) fn write_boolean<'v>(
        &self,
        e: &'v CExpr,
        parts: &mut Parts<'v>,
        units: &UnitNames,
        out: &mut String,
    ) {
        self.step(e, parts, units, out);
    }

    /// Writes `e` and returns its value as the trace has it.
    fn step<'v>(
        &self,
        e: &'v CExpr,
        parts: &mut Parts<'v>,
        units: &UnitNames,
        out: &mut String,
    ) -> Option<&'v Value> {
        match &e.op {
            Op::Value(v) => {
                // A constant the checker turned into a literal (a list of `one of` values)
                // keeps its name.
                let name = self.policy.source.slice(e.span);
                if is_identifier(name) {
                    out.push_str(name);
                    out.push_str(" (");
                    self.write_value(v, &e.ty, units, out);
                    out.push(')');
                } else {
                    self.write_value(v, &e.ty, units, out);
                }
                Some(v)
            }
            Op::Not(a) => {
                out.push_str("not ");
                self.operand(a, parts, units, out);
                self.own(e, parts, units, out)
            }
            Op::And(..) | Op::Or(..) => {
                let mut chain = Chain::default();
                let value = self.chain(e, &mut chain, parts, units, out);
                out.push_str(ARROW);
                self.write_known(value, &e.ty, units, out);
                if let Some(n) = chain.decided {
                    out.push_str(" (");
                    out.push_str(&fill(self.lang, Msg::TraceDecidedBy, &[("n", &n)]));
                    out.push(')');
                }
                value
            }
            Op::Compare(op, a, b) => {
                self.operand(a, parts, units, out);
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                self.operand(b, parts, units, out);
                self.own(e, parts, units, out)
            }
            Op::In {
                needle,
                haystack,
                negate,
            } => {
                self.operand(needle, parts, units, out);
                out.push_str(if *negate { " not in " } else { " in " });
                self.operand(haystack, parts, units, out);
                self.own(e, parts, units, out)
            }
            Op::Given { operand, negate } => {
                self.operand(operand, parts, units, out);
                out.push_str(if *negate {
                    " is not given"
                } else {
                    " is given"
                });
                self.own(e, parts, units, out)
            }
            Op::Otherwise(a, b) => {
                let left = if is_name(&a.op) {
                    out.push_str(self.policy.source.slice(a.span));
                    parts.next().and_then(Option::as_ref)
                } else {
                    self.operand(a, parts, units, out)
                };
                out.push_str(" (");
                if right_evaluated(&e.op, left) {
                    out.push_str(text(self.lang, Msg::TraceNotGiven));
                    out.push_str(ARROW);
                    self.operand(b, parts, units, out);
                } else {
                    let mut given = String::new();
                    self.write_known(left, &a.ty, units, &mut given);
                    out.push_str(&fill(self.lang, Msg::TraceGiven, &[("value", &given)]));
                }
                out.push(')');
                parts.next().and_then(Option::as_ref)
            }
            op if is_arithmetic(op) => {
                let mut workings = FilledBuffer::default();
                self.walk(e, parts, 0, units, &mut workings);
                let value = parts.next().and_then(Option::as_ref);
                let mut result = String::new();
                self.write_known(value, &e.ty, units, &mut result);
                out.push_str(self.policy.source.slice(e.span));
                out.push_str(" (");
                out.push_str(&workings.text);
                if workings.text != result {
                    out.push_str(" = ");
                    out.push_str(&result);
                }
                out.push(')');
                value
            }
            _ => {
                let name = self.policy.source.slice(e.span);
                let value = parts.next().and_then(Option::as_ref);
                let mut said = String::new();
                match value {
                    Some(Value::Absent) => said.push_str(text(self.lang, Msg::TraceNotGiven)),
                    v => self.write_known(v, &e.ty, units, &mut said),
                }
                out.push_str(name);
                if said != name {
                    out.push_str(" (");
                    out.push_str(&said);
                    out.push(')');
                }
                value
            }
        }
    }

    /// Writes `e` as an operand: in brackets when it has an operator of its own.
    fn operand<'v>(
        &self,
        e: &'v CExpr,
        parts: &mut Parts<'v>,
        units: &UnitNames,
        out: &mut String,
    ) -> Option<&'v Value> {
        let bracket = has_arrow(&e.op);
        if bracket {
            out.push('[');
        }
        let value = self.step(e, parts, units, out);
        if bracket {
            out.push(']');
        }
        value
    }

    /// Writes the operands of the chain of `and` (or `or`) that `e` ends, in order, and
    /// returns the value of `e`: the operands are `e`'s right operand and those of its left,
    /// when the left is the same operator (`a and b and c` is `(a and b) and c`).
    fn chain<'v>(
        &self,
        e: &'v CExpr,
        chain: &mut Chain,
        parts: &mut Parts<'v>,
        units: &UnitNames,
        out: &mut String,
    ) -> Option<&'v Value> {
        let (a, b, word) = match &e.op {
            Op::And(a, b) => (a, b, " and "),
            Op::Or(a, b) => (a, b, " or "),
            _ => return self.operand(e, parts, units, out),
        };
        let left = if same_chain(&a.op, &e.op) {
            self.chain(a, chain, parts, units, out)
        } else {
            chain.count += 1;
            self.operand(a, parts, units, out)
        };
        out.push_str(word);
        chain.count += 1;
        if right_evaluated(&e.op, left) {
            self.operand(b, parts, units, out);
        } else {
            chain.decided.get_or_insert(chain.count - 1);
            let bracket = has_arrow(&b.op);
            if bracket {
                out.push('[');
            }
            out.push_str(self.policy.source.slice(b.span));
            out.push_str(" (");
            out.push_str(text(self.lang, Msg::TraceNotEvaluated));
            out.push(')');
            if bracket {
                out.push(']');
            }
        }
        parts.next().and_then(Option::as_ref)
    }

    /// Writes the arrow and the value of `e`, the next of `parts`, and returns it.
    fn own<'v>(
        &self,
        e: &CExpr,
        parts: &mut Parts<'v>,
        units: &UnitNames,
        out: &mut String,
    ) -> Option<&'v Value> {
        let value = parts.next().and_then(Option::as_ref);
        out.push_str(ARROW);
        self.write_known(value, &e.ty, units, out);
        value
    }
}

/// Whether `op` reads a value that the boolean layout traces as one part, without operands
/// of its own shown: a name, a call, a figure…
fn is_name(op: &Op) -> bool {
    !matches!(op, Op::Value(_) | Op::Otherwise(..)) && !has_arrow(op) && !is_arithmetic(op)
}

/// Whether `text` is a name (`levels`), not a literal (`40 hours`, `"local"`, `[1, 2]`,
/// `true`).
fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !matches!(text, "true" | "false")
}

#[cfg(test)]
mod tests;
