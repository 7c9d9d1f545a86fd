//! Decoding a record tree against a policy's schema: every key checked, every value typed,
//! every error collected (not only the first).

use super::resident_id;
use super::{
    Activity, EvidenceIds, EvidenceName, EvidenceNames, Exemption, Expected, Person, RecordError,
    RecordErrorKind,
};
use crate::input::Locate;
use crate::input::keys::{ACTIVITIES, EVIDENCE, EXEMPTIONS, KIND};
use crate::input::tree::{Entry, Node, NodeValue};
use crate::number::{Number, NumberSyntaxError};
use crate::policy::expr::{Value, YEAR_RANGE};
use crate::policy::{Field, FieldType, Policy, Schema};
use chrono::NaiveDate;

mod fast;
pub use fast::decode_json_fast;

/// The largest magnitude a number in a record may have.
pub const MAX_MAGNITUDE: i64 = 1_000_000_000_000_000;
/// The most decimal places a number in a record may have.
pub const MAX_DECIMALS: usize = 12;

/// What decoding a record gave: the person with every field, activity and exemption that
/// decoded, and every error found (in the order found).
#[derive(Debug)]
pub struct Decoded {
    /// The person, without the activities and exemptions that did not decode.
    pub person: Person,
    /// The record index of each of `person.activities`.
    pub activity_indices: Vec<usize>,
    /// The record index of each of `person.exemptions`.
    pub exemption_indices: Vec<usize>,
    /// Whether the record decoded without error.
    pub clean: bool,
}

/// Decodes a person record: what decoded (`None` when the record is not an object at
/// all), and every error found, in the order found. The policy's `invalid when` rules are
/// not decoding's: `crate::eval::validate` applies them to what decoded.
pub fn decode_person(
    policy: &Policy,
    node: &Node,
    locate: &dyn Locate,
) -> (Option<Decoded>, Vec<RecordError>) {
    let mut d = Decoder {
        policy,
        locate,
        errors: Vec::new(),
        path: String::new(),
    };
    let decoded = d.person(node);
    (decoded, d.errors)
}

/// Which fields of an object were seen, and which were given a value (not `null`): bits
/// when the schema is small, as it nearly always is, so that no allocation is needed.
enum FieldMarks {
    Bits { seen: u64, given: u64 },
    Flags { seen: Vec<bool>, given: Vec<bool> },
}

impl FieldMarks {
    fn new(fields: usize) -> Self {
        if fields <= 64 {
            FieldMarks::Bits { seen: 0, given: 0 }
        } else {
            FieldMarks::Flags {
                seen: vec![false; fields],
                given: vec![false; fields],
            }
        }
    }

    /// Marks `slot` seen (and given when `given`, even the second time, so that a key
    /// repeated after a `null` is a duplicate and not also missing); true when it had been
    /// seen already.
    fn see(&mut self, slot: usize, given: bool) -> bool {
        match self {
            FieldMarks::Bits { seen, given: g } => {
                let bit = 1u64 << slot;
                let before = *seen & bit != 0;
                *seen |= bit;
                if given {
                    *g |= bit;
                }
                before
            }
            FieldMarks::Flags { seen, given: g } => {
                g[slot] |= given;
                std::mem::replace(&mut seen[slot], true)
            }
        }
    }

    fn given(&self, slot: usize) -> bool {
        match self {
            FieldMarks::Bits { given, .. } => given & (1u64 << slot) != 0,
            FieldMarks::Flags { given, .. } => given[slot],
        }
    }
}

struct Decoder<'a> {
    policy: &'a Policy,
    locate: &'a dyn Locate,
    errors: Vec<RecordError>,
    /// Path of the value being decoded.
    path: String,
}

impl Decoder<'_> {
    fn error(&mut self, kind: RecordErrorKind, offset: usize) {
        self.errors.push(RecordError {
            path: self.path.clone(),
            kind,
            at: self.locate.line_col(offset),
        });
    }

    /// Runs `f` with `segment` appended to the path.
    fn at<T>(&mut self, segment: PathSegment, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.path.len();
        match segment {
            PathSegment::Key(k) => {
                if !self.path.is_empty() {
                    self.path.push('.');
                }
                self.path.push_str(k);
            }
            PathSegment::Index(i) => {
                self.path.push('[');
                self.path.push_str(itoa::Buffer::new().format(i));
                self.path.push(']');
            }
        }
        let out = f(self);
        self.path.truncate(len);
        out
    }

    fn object<'n, 't>(&mut self, node: &'n Node<'t>) -> Option<&'n [Entry<'t>]> {
        match &node.value {
            NodeValue::Object(entries) => Some(entries),
            other => {
                let found = other.type_word();
                self.error(
                    RecordErrorKind::WrongType {
                        expected: Expected::Object,
                        found,
                    },
                    node.offset,
                );
                None
            }
        }
    }

    fn person(&mut self, node: &Node) -> Option<Decoded> {
        let entries = self.object(node)?;
        let schema = &self.policy.person;
        let mut fields = absent_values(schema.fields.len());
        let mut marks = FieldMarks::new(schema.fields.len());
        let mut activities = Vec::new();
        let mut exemptions = Vec::new();
        let mut activity_indices: Vec<usize> = Vec::new();
        let mut exemption_indices: Vec<usize> = Vec::new();
        let mut seen_lists = [false, false];
        for entry in entries {
            let key = &*entry.key;
            let slot = match key {
                ACTIVITIES | EXEMPTIONS => None,
                _ => schema.slots.get(key).map(|&slot| usize::from(slot)),
            };
            let duplicate = match (key, slot) {
                (ACTIVITIES, _) => std::mem::replace(&mut seen_lists[0], true),
                (EXEMPTIONS, _) => std::mem::replace(&mut seen_lists[1], true),
                (_, Some(slot)) => marks.see(slot, entry.value.value != NodeValue::Null),
                (_, None) => false,
            };
            if duplicate {
                self.at(PathSegment::Key(key), |d| {
                    d.error(RecordErrorKind::DuplicateKey, entry.key_offset)
                });
                continue;
            }
            match key {
                ACTIVITIES => {
                    activities = self.at(PathSegment::Key(key), |d| d.activities(&entry.value));
                    activity_indices = activities.iter().map(|(i, _)| *i).collect();
                }
                EXEMPTIONS => {
                    exemptions = self.at(PathSegment::Key(key), |d| d.exemptions(&entry.value));
                    exemption_indices = exemptions.iter().map(|(i, _)| *i).collect();
                }
                _ => match slot {
                    Some(slot) => {
                        let field = &schema.fields[slot];
                        fields[slot] =
                            self.at(PathSegment::Key(key), |d| d.field(field, &entry.value));
                    }
                    None => {
                        let candidates = schema
                            .fields
                            .iter()
                            .map(|f| f.name.as_str())
                            .chain([ACTIVITIES, EXEMPTIONS]);
                        let suggestion = crate::suggest::closest(key, candidates);
                        self.at(PathSegment::Key(key), |d| {
                            d.error(
                                RecordErrorKind::UnknownField { suggestion },
                                entry.key_offset,
                            )
                        });
                    }
                },
            }
        }
        self.required(schema, &marks, node);
        let clean = self.errors.is_empty();
        let person = Person {
            fields,
            activities: activities.into_iter().map(|(_, a)| a).collect(),
            exemptions: exemptions.into_iter().map(|(_, e)| e).collect(),
        };
        Some(Decoded {
            person,
            activity_indices,
            exemption_indices,
            clean,
        })
    }

    /// Reports the required fields the object `node` does not give (absent or `null`), at
    /// its `null` when it has one (an empty cell of a table), else at the object.
    fn required(&mut self, schema: &Schema, marks: &FieldMarks, node: &Node) {
        for (slot, field) in schema.fields.iter().enumerate() {
            if field.required && !marks.given(slot) {
                let offset = match &node.value {
                    NodeValue::Object(entries) => entries
                        .iter()
                        .find(|e| e.key == field.name.as_str())
                        .map_or(node.offset, |e| e.value.offset),
                    _ => node.offset,
                };
                self.at(PathSegment::Key(&field.name), |d| {
                    d.error(RecordErrorKind::MissingField, offset)
                });
            }
        }
    }

    fn activities(&mut self, node: &Node) -> Vec<(usize, Activity)> {
        let items = match &node.value {
            NodeValue::Null => return Vec::new(),
            NodeValue::Array(items) => items,
            other => {
                let found = other.type_word();
                self.error(
                    RecordErrorKind::WrongType {
                        expected: Expected::Array,
                        found,
                    },
                    node.offset,
                );
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(a) = self.at(PathSegment::Index(i), |d| d.activity(item)) {
                out.push((i, a));
            }
        }
        out
    }

    fn activity(&mut self, node: &Node) -> Option<Activity> {
        let entries = self.object(node)?;
        let policy = self.policy;
        let kind_entry = entries.iter().find(|e| &*e.key == KIND);
        let Some(kind_entry) = kind_entry else {
            self.at(PathSegment::Key(KIND), |d| {
                d.error(RecordErrorKind::MissingField, node.offset)
            });
            return None;
        };
        let kind_name: &str = match &kind_entry.value.value {
            NodeValue::Text(t) => t,
            NodeValue::Cell(t) => t.trim(),
            other => {
                let found = other.type_word();
                self.at(PathSegment::Key(KIND), |d| {
                    d.error(
                        RecordErrorKind::WrongType {
                            expected: Expected::Text,
                            found,
                        },
                        kind_entry.value.offset,
                    )
                });
                return None;
            }
        };
        let Some(&kind_id) = policy.kind_ids.get(kind_name) else {
            let suggestion =
                crate::suggest::closest(kind_name, policy.kinds.iter().map(|k| k.name.as_str()));
            self.at(PathSegment::Key(KIND), |d| {
                d.error(
                    RecordErrorKind::UnknownKind {
                        kind: kind_name.to_string(),
                        suggestion,
                    },
                    kind_entry.value.offset,
                )
            });
            return None;
        };
        let kind = &policy.kinds[usize::from(kind_id)];
        let schema = &kind.schema;
        let mut fields = absent_values(schema.fields.len());
        let mut marks = FieldMarks::new(schema.fields.len());
        let mut evidence = EvidenceNames::new();
        let mut seen_keys = [false, false];
        for entry in entries {
            let key = &*entry.key;
            let slot = match key {
                KIND | EVIDENCE => None,
                _ => schema.slots.get(key).map(|&slot| usize::from(slot)),
            };
            let duplicate = match (key, slot) {
                (KIND, _) => std::mem::replace(&mut seen_keys[0], true),
                (EVIDENCE, _) => std::mem::replace(&mut seen_keys[1], true),
                (_, Some(slot)) => marks.see(slot, entry.value.value != NodeValue::Null),
                (_, None) => false,
            };
            if duplicate {
                self.at(PathSegment::Key(key), |d| {
                    d.error(RecordErrorKind::DuplicateKey, entry.key_offset)
                });
                continue;
            }
            match key {
                KIND => {}
                EVIDENCE => evidence = self.at(PathSegment::Key(key), |d| d.evidence(&entry.value)),
                _ => match slot {
                    Some(slot) => {
                        let field = &schema.fields[slot];
                        fields[slot] =
                            self.at(PathSegment::Key(key), |d| d.field(field, &entry.value));
                    }
                    None => {
                        let candidates = schema
                            .fields
                            .iter()
                            .map(|f| f.name.as_str())
                            .chain([KIND, EVIDENCE]);
                        let suggestion = crate::suggest::closest(key, candidates);
                        self.at(PathSegment::Key(key), |d| {
                            d.error(
                                RecordErrorKind::UnknownField { suggestion },
                                entry.key_offset,
                            )
                        });
                    }
                },
            }
        }
        // Kept even with errors in its fields (they are absent): the record is invalid
        // anyway, and the kind's `invalid when` rules can still report on the rest.
        self.required(schema, &marks, node);
        let evidence_ids = declared_evidence(&evidence);
        Some(Activity {
            kind: kind_id,
            fields,
            evidence,
            evidence_ids,
            line: self.locate.line(node.offset),
        })
    }

    fn evidence(&mut self, node: &Node) -> EvidenceNames {
        let items = match &node.value {
            NodeValue::Null => return EvidenceNames::new(),
            NodeValue::Cell(t) => {
                return cell_items(t)
                    .map(|name| EvidenceName::of(self.policy, name))
                    .collect();
            }
            NodeValue::Array(items) => items,
            other => {
                let found = other.type_word();
                self.error(
                    RecordErrorKind::WrongType {
                        expected: Expected::Array,
                        found,
                    },
                    node.offset,
                );
                return EvidenceNames::new();
            }
        };
        let mut out = EvidenceNames::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                NodeValue::Text(t) => out.push(EvidenceName::of(self.policy, t)),
                other => {
                    let found = other.type_word();
                    self.at(PathSegment::Index(i), |d| {
                        d.error(
                            RecordErrorKind::WrongType {
                                expected: Expected::Text,
                                found,
                            },
                            item.offset,
                        )
                    });
                }
            }
        }
        out
    }

    fn exemptions(&mut self, node: &Node) -> Vec<(usize, Exemption)> {
        let items = match &node.value {
            NodeValue::Null => return Vec::new(),
            NodeValue::Array(items) => items,
            other => {
                let found = other.type_word();
                self.error(
                    RecordErrorKind::WrongType {
                        expected: Expected::Array,
                        found,
                    },
                    node.offset,
                );
                return Vec::new();
            }
        };
        let Some(rules) = &self.policy.exemption else {
            if !items.is_empty() {
                self.error(RecordErrorKind::NoExemptions, node.offset);
            }
            return Vec::new();
        };
        let schema = &rules.schema;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let decoded = self.at(PathSegment::Index(i), |d| {
                let entries = d.object(item)?;
                let mut fields = absent_values(schema.fields.len());
                let mut marks = FieldMarks::new(schema.fields.len());
                for entry in entries {
                    let key = &*entry.key;
                    match schema.slots.get(key).map(|&slot| usize::from(slot)) {
                        Some(slot) if marks.see(slot, entry.value.value != NodeValue::Null) => {
                            d.at(PathSegment::Key(key), |d| {
                                d.error(RecordErrorKind::DuplicateKey, entry.key_offset)
                            });
                        }
                        Some(slot) => {
                            let field = &schema.fields[slot];
                            fields[slot] =
                                d.at(PathSegment::Key(key), |d| d.field(field, &entry.value));
                        }
                        None => {
                            let suggestion = crate::suggest::closest(
                                key,
                                schema.fields.iter().map(|f| f.name.as_str()),
                            );
                            d.at(PathSegment::Key(key), |d| {
                                d.error(
                                    RecordErrorKind::UnknownField { suggestion },
                                    entry.key_offset,
                                )
                            });
                        }
                    }
                }
                d.required(schema, &marks, item);
                Some(Exemption {
                    fields,
                    line: d.locate.line(item.offset),
                })
            });
            if let Some(e) = decoded {
                out.push((i, e));
            }
        }
        out
    }

    /// A field's value, with the field's attributes checked.
    fn field(&mut self, field: &Field, node: &Node) -> Value {
        let value = self.value(&field.ty, node);
        self.check_attributes(field, &value, node.offset);
        value
    }

    /// Checks `value` against the field's attributes (not blank, within bounds).
    pub(super) fn check_attributes(&mut self, field: &Field, value: &Value, offset: usize) {
        match value {
            Value::Text(t) if field.nonempty && t.trim().is_empty() => {
                self.error(RecordErrorKind::Empty, offset)
            }
            Value::List(items) if field.nonempty && items.is_empty() => {
                self.error(RecordErrorKind::Empty, offset)
            }
            Value::Number(n) => {
                if let Some(min) = field.at_least
                    && *n < min
                {
                    self.error(RecordErrorKind::BelowMinimum { value: *n, min }, offset);
                }
                if let Some(max) = field.at_most
                    && *n > max
                {
                    self.error(RecordErrorKind::AboveMaximum { value: *n, max }, offset);
                }
            }
            _ => {}
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
            let found = node.value.type_word();
            self.error(RecordErrorKind::WrongType { expected, found }, node.offset);
            Value::Absent
        })
    }

    /// The value of the string `t` for a field of type `ty` ([`Value::Absent`] after an
    /// error); `None` when the type takes no string.
    pub(super) fn text_value(&mut self, ty: &FieldType, t: &str, offset: usize) -> Option<Value> {
        Some(match ty {
            FieldType::Text => Value::Text(t.into()),
            FieldType::ResidentId => match resident_id::validate(t) {
                Ok(()) => Value::Text(t.into()),
                Err(problem) => {
                    self.error(RecordErrorKind::BadResidentId(problem), offset);
                    Value::Absent
                }
            },
            FieldType::Date => match parse_date(t) {
                Some(d) => Value::Date(d),
                None => {
                    self.error(
                        RecordErrorKind::BadDate {
                            value: t.to_string(),
                        },
                        offset,
                    );
                    Value::Absent
                }
            },
            FieldType::Enum(id) => {
                let Some(e) = self.policy.enums.get(usize::from(*id)) else {
                    return Some(Value::Absent);
                };
                match e.index.get(t) {
                    Some(&i) => Value::Enum(i),
                    None => {
                        let suggestion =
                            crate::suggest::closest(t, e.values.iter().map(String::as_str));
                        self.error(
                            RecordErrorKind::UnknownValue {
                                value: t.to_string(),
                                allowed: e.values.clone(),
                                suggestion,
                            },
                            offset,
                        );
                        Value::Absent
                    }
                }
            }
            _ => return None,
        })
    }

    /// The value of the number written `text` for a field of type `ty` ([`Value::Absent`]
    /// after an error); `None` when the type takes no number.
    pub(super) fn number_value(
        &mut self,
        ty: &FieldType,
        text: &str,
        offset: usize,
    ) -> Option<Value> {
        Some(match ty {
            FieldType::Year => {
                let year = Number::parse_decimal(text)
                    .ok()
                    .and_then(|n| n.to_i64())
                    .and_then(|n| i32::try_from(n).ok())
                    .filter(|y| YEAR_RANGE.contains(y));
                match year {
                    Some(y) => Value::Year(y),
                    None => {
                        self.error(
                            RecordErrorKind::BadYear {
                                value: text.to_string(),
                            },
                            offset,
                        );
                        Value::Absent
                    }
                }
            }
            FieldType::Number { integer, .. } => match self.number(text, offset) {
                Some(n) if *integer && !n.is_integer() => {
                    self.error(
                        RecordErrorKind::NotWhole {
                            value: text.to_string(),
                        },
                        offset,
                    );
                    Value::Absent
                }
                Some(n) => Value::Number(n),
                None => Value::Absent,
            },
            _ => return None,
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

    fn number(&mut self, text: &str, offset: usize) -> Option<Number> {
        let too_large = |d: &mut Self| {
            d.error(
                RecordErrorKind::NumberTooLarge {
                    value: text.to_string(),
                },
                offset,
            );
            None
        };
        match Number::parse_decimal(text) {
            Ok(n) => {
                let limit = Number::from_int(MAX_MAGNITUDE);
                // At most MAX_DECIMALS places: the reduced denominator divides 10^MAX_DECIMALS.
                let decimals_ok =
                    n.denom() == 1 || 10i128.pow(MAX_DECIMALS as u32) % n.denom() == 0;
                if n > limit || n < Number::from_int(-MAX_MAGNITUDE) || !decimals_ok {
                    return too_large(self);
                }
                Some(n)
            }
            Err(NumberSyntaxError::TooLarge) => too_large(self),
            Err(NumberSyntaxError::Malformed) => {
                self.error(
                    RecordErrorKind::NotANumber {
                        value: text.to_string(),
                    },
                    offset,
                );
                None
            }
        }
    }
}

/// The items of a list written in one cell: separated by `;`, spaces around them ignored,
/// empty ones skipped.
pub fn cell_items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// `n` fields without a value. (Not `vec![Value::Absent; n]`, which clones its value
/// through `Value::clone` for each slot: a record's activities paid 2% of all the work of
/// `eval` for it.)
fn absent_values(n: usize) -> Vec<Value> {
    (0..n).map(|_| Value::Absent).collect()
}

/// The declared evidence among the names a record gives, sorted, each once.
fn declared_evidence(evidence: &[EvidenceName]) -> EvidenceIds {
    // Sorted as they are inserted: an activity gives a few names at most.
    let mut ids = EvidenceIds::new();
    for e in evidence {
        if let EvidenceName::Declared(id) = e
            && let Err(at) = ids.binary_search(id)
        {
            ids.insert(at, *id);
        }
    }
    ids
}

/// Item `index` of the list `list` (activities, exemptions) of a person's record.
enum PathSegment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Reads a date written strictly `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let digits =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    // Years run from 1 to 9999, in dates as in year fields: `0000-01-01` is no date.
    let year = i32::try_from(digits(0..4)).ok().filter(|y| *y >= 1)?;
    NaiveDate::from_ymd_opt(year, digits(5..7), digits(8..10))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2023-05-10").is_some());
        for bad in [
            "2023-5-10",
            "2023-02-30",
            "20230510",
            "2023/05/10",
            "2023-05-10T00:00",
            "0000-01-01",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }
}
