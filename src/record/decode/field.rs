//! A field's value decoded from a tree node by the field's type: typed values (texts,
//! numbers, booleans, dates, lists), cells of text read as the type asks (CSV, XLSX), and
//! the field's attributes checked (nonempty, at least, at most).

use super::{Decoder, PathSegment};
use crate::input::tree::{Node, NodeValue};
use crate::policy::expr::Value;
use crate::policy::{Field, FieldType};
use crate::record::{Expected, RecordErrorKind};

impl Decoder<'_> {
    /// A field's value, with the field's attributes checked.
    pub(super) fn field(&mut self, field: &Field, node: &Node) -> Value {
        let value = self.value(&field.ty, node);
        self.check_attributes(field, &value, node.offset);
        value
    }

    /// Checks `value` against the field's attributes (not blank, within bounds).
    pub(super) fn check_attributes(&mut self, field: &Field, value: &Value, offset: usize) {
        for problem in attribute_problems(field, value).into_iter().flatten() {
            self.error(problem, offset);
        }
    }

    /// A value of a type; [`Value::Absent`] for `null` and after an error.
    fn value(&mut self, ty: &FieldType, node: &Node) -> Value {
        let typed = match &node.value {
            NodeValue::Null => return Value::Absent,
            NodeValue::Cell(t) => return self.cell(ty, t, node.offset),
            NodeValue::Text(t) => self.text_value(ty, t, node.offset),
            NodeValue::Number(text) => self.number_value(ty, text, node.offset),
            NodeValue::Bool(b) => matches!(ty, FieldType::Bool).then_some(Value::Bool(*b)),
            NodeValue::Date(d) => matches!(ty, FieldType::Date).then_some(Value::Date(*d)),
            NodeValue::Array(items) => match ty {
                FieldType::List(inner) => {
                    let mut out = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        let v = self.at(PathSegment::Index(i), |d| {
                            if item.value == NodeValue::Null {
                                d.error(RecordErrorKind::MissingField, item.offset);
                                Value::Absent
                            } else {
                                d.value(inner, item)
                            }
                        });
                        out.push(v);
                    }
                    Some(Value::List(out.into()))
                }
                _ => None,
            },
            _ => None,
        };
        typed.unwrap_or_else(|| {
            let expected = match ty {
                FieldType::Text | FieldType::ResidentId | FieldType::Enum(_) => Expected::Text,
                FieldType::Bool => Expected::Bool,
                FieldType::Date => Expected::Date,
                FieldType::Year => Expected::Year,
                FieldType::Number { integer: true, .. } => Expected::Integer,
                FieldType::Number { integer: false, .. } => Expected::Number,
                FieldType::List(_) => Expected::Array,
            };
            self.wrong_type(expected, node);
            Value::Absent
        })
    }

    /// A value of a type from a cell of text (CSV, XLSX): the text read as the type asks,
    /// surrounding spaces ignored except in texts; a list's items separated by `;`.
    fn cell(&mut self, ty: &FieldType, text: &str, offset: usize) -> Value {
        let trimmed = text.trim();
        if trimmed.is_empty() && !matches!(ty, FieldType::Text) {
            return Value::Absent;
        }
        let typed = |d: &mut Self, ty: &FieldType, text: &str| match ty {
            FieldType::Text | FieldType::List(_) => Value::Absent,
            // The same checks as for a typed value: a JSON string, number or boolean.
            FieldType::ResidentId | FieldType::Date | FieldType::Enum(_) => d.value(
                ty,
                &Node {
                    value: NodeValue::Text(text.into()),
                    offset,
                },
            ),
            FieldType::Year | FieldType::Number { .. } => d.value(
                ty,
                &Node {
                    value: NodeValue::Number(text.into()),
                    offset,
                },
            ),
            FieldType::Bool => match text.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => {
                    d.error(
                        RecordErrorKind::NotABool {
                            value: text.to_string(),
                        },
                        offset,
                    );
                    Value::Absent
                }
            },
        };
        match ty {
            FieldType::Text => Value::Text(text.into()),
            FieldType::List(inner) => {
                let mut out = Vec::new();
                for (i, item) in cell_items(text).enumerate() {
                    let v = self.at(PathSegment::Index(i), |d| match &**inner {
                        FieldType::Text => Value::Text(item.into()),
                        FieldType::List(_) => d.cell(inner, item, offset),
                        other => typed(d, other, item),
                    });
                    out.push(v);
                }
                Value::List(out.into())
            }
            other => typed(self, other, trimmed),
        }
    }
}

/// What is wrong with `value` for `field`'s attributes (blank when it must not be, below
/// its least or above its greatest value), in the order reported: nothing for a clean value.
#[inline(always)]
pub(super) fn attribute_problems(field: &Field, value: &Value) -> [Option<RecordErrorKind>; 2] {
    match value {
        Value::Text(t) if field.nonempty && t.trim().is_empty() => {
            [Some(RecordErrorKind::Empty), None]
        }
        Value::List(items) if field.nonempty && items.is_empty() => {
            [Some(RecordErrorKind::Empty), None]
        }
        Value::Number(n) => [
            field
                .at_least
                .filter(|min| n < min)
                .map(|min| RecordErrorKind::BelowMinimum { value: *n, min }),
            field
                .at_most
                .filter(|max| n > max)
                .map(|max| RecordErrorKind::AboveMaximum { value: *n, max }),
        ],
        _ => [None, None],
    }
}

/// Whether `value` meets `field`'s attributes (see [`attribute_problems`]).
#[inline(always)]
pub(super) fn attributes_hold(field: &Field, value: &Value) -> bool {
    attribute_problems(field, value).iter().all(Option::is_none)
}

/// The items of a list written in one cell: separated by `;`, spaces around them ignored,
/// empty ones skipped.
pub(crate) fn cell_items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}
