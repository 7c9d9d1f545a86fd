//! Decoding a record tree against a policy's schema: every key checked, every value typed,
//! every error collected (not only the first). The decoder and its field path are here; the
//! objects of a record (the person, activities, exemptions) are read in `person`, a
//! field's value by its type in `field`, texts and numbers typed in `scalar`; `fast`
//! is the fast way for clean records given as one line of JSON, read by the strict scanner
//! of `scan` (`fast_agrees` tests that it agrees with the full way).

use super::{Expected, Person, RecordError, RecordErrorKind};
use crate::input::Locate;
use crate::input::tree::{Entry, Node, NodeValue};
use crate::policy::Policy;
use crate::policy::expr::Value;

mod fast;
#[cfg(test)]
mod fast_agrees;
mod field;
mod person;
mod scalar;
mod scan;

#[cfg(test)]
pub(crate) use fast::decode_json_fast;
pub(crate) use fast::decode_json_fast_into;
pub(crate) use scalar::parse_date;

/// What decoding a record gave: the person with every field, activity and exemption that
/// decoded, and every error found (in the order found).
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The person, without the activities and exemptions that did not decode.
    pub(crate) person: Person,
    /// The record index of each of `person.activities`.
    pub(crate) activity_indices: Vec<usize>,
    /// The record index of each of `person.exemptions`.
    pub(crate) exemption_indices: Vec<usize>,
    /// Whether the record decoded without error.
    pub(crate) clean: bool,
}

/// Decodes a person record: what decoded (`None` when the record is not an object at
/// all), and every error found, in the order found. The policy's `invalid when` rules are
/// not decoding's: `crate::eval::validate` applies them to what decoded.
pub(crate) fn decode_person(
    policy: &Policy,
    node: &Node,
    locate: &dyn Locate,
) -> (Option<Decoded>, Vec<RecordError>) {
    let mut d = Decoder::new(policy, locate);
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
                if let Some(g) = g.get_mut(slot) {
                    *g |= given;
                }
                seen.get_mut(slot)
                    .is_some_and(|seen| std::mem::replace(seen, true))
            }
        }
    }

    fn given(&self, slot: usize) -> bool {
        match self {
            FieldMarks::Bits { given, .. } => given & (1u64 << slot) != 0,
            FieldMarks::Flags { given, .. } => given.get(slot) == Some(&true),
        }
    }
}

/// Decodes the values of a record, keeping every error found and the path of the value
/// being decoded.
struct Decoder<'a> {
    policy: &'a Policy,
    locate: &'a dyn Locate,
    errors: Vec<RecordError>,
    /// Path of the value being decoded.
    path: String,
}

impl<'a> Decoder<'a> {
    /// A decoder for records of `policy`, at the top of a record, without errors.
    fn new(policy: &'a Policy, locate: &'a dyn Locate) -> Self {
        Decoder {
            policy,
            locate,
            errors: Vec::new(),
            path: String::new(),
        }
    }

    /// Reports an error of `kind` at the current path, placed at `offset` of the record.
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

    /// The entries of `node` when it is an object; else reports it.
    fn object<'n, 't>(&mut self, node: &'n Node<'t>) -> Option<&'n [Entry<'t>]> {
        match &node.value {
            NodeValue::Object(entries) => Some(entries),
            _ => {
                self.wrong_type(Expected::Object, node);
                None
            }
        }
    }

    /// Reports that `node` is not of the type `expected`.
    fn wrong_type(&mut self, expected: Expected, node: &Node) {
        let found = node.value.type_word();
        self.error(RecordErrorKind::WrongType { expected, found }, node.offset);
    }
}

/// What a key of an object names: one of the object's own keys (`activities`, `kind`,
/// `evidence`…, by index in the list given) or a field of its schema (by slot).
enum Key {
    Own(usize),
    Field(usize),
}

/// One step of a field path: a key of an object, or an index of an array.
enum PathSegment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `n` fields without a value. (Not `vec![Value::Absent; n]`, which clones its value
/// through `Value::clone` for each slot: a record's activities paid 2% of all the work of
/// `eval` for it.)
fn absent_values(n: usize) -> Vec<Value> {
    (0..n).map(|_| Value::Absent).collect()
}
