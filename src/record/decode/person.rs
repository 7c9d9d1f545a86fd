//! The objects of a person's record, read from a tree: the person, the lists of its
//! activities and exemptions, an activity's kind and evidence; for each object, its keys
//! checked against its schema (repeated, unknown, missing required fields).

use super::{Decoded, Decoder, FieldMarks, Key, PathSegment, absent_values, field::cell_items};
use crate::input::keys::{ACTIVITIES, EVIDENCE, EXEMPTIONS, KIND};
use crate::input::tree::{Entry, Node, NodeValue};
use crate::policy::Schema;
use crate::policy::expr::Value;
use crate::record::{
    Activity, EvidenceIds, EvidenceName, EvidenceNames, Exemption, Expected, Person,
    RecordErrorKind,
};

impl Decoder<'_> {
    /// The person of the record `node`; `None` when it is not an object.
    pub(super) fn person(&mut self, node: &Node) -> Option<Decoded> {
        let entries = self.object(node)?;
        let policy = self.policy;
        let mut activities = Vec::new();
        let mut exemptions = Vec::new();
        let fields = self.object_fields(
            node,
            entries,
            &policy.person,
            [ACTIVITIES, EXEMPTIONS],
            |d, own, value| match own {
                0 => activities = d.activities(value),
                _ => exemptions = d.exemptions(value),
            },
        );
        let clean = self.errors.is_empty();
        let activity_indices = activities.iter().map(|(i, _)| *i).collect();
        let exemption_indices = exemptions.iter().map(|(i, _)| *i).collect();
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

    /// Decodes the entries of the object `node` of `schema` into its fields by slot,
    /// reporting repeated and unknown keys and missing required fields. The values of the
    /// object's own keys, `own` (`activities`, `kind`…), are `read_own`'s: it is given the
    /// index of the key in `own` and its value, at its path.
    fn object_fields<const N: usize>(
        &mut self,
        node: &Node,
        entries: &[Entry],
        schema: &Schema,
        own: [&str; N],
        mut read_own: impl FnMut(&mut Self, usize, &Node),
    ) -> Vec<Value> {
        let mut fields = absent_values(schema.fields.len());
        let mut marks = FieldMarks::new(schema.fields.len());
        let mut seen_own = [false; N];
        for entry in entries {
            let key = &*entry.key;
            // Own keys first, as ever (no field is named as one: the checker reserves them).
            let named = match own.iter().position(|o| *o == key) {
                Some(i) => Some(Key::Own(i)),
                None => schema
                    .slots
                    .get(key)
                    .map(|&slot| Key::Field(usize::from(slot))),
            };
            let duplicate = match named {
                Some(Key::Own(i)) => seen_own
                    .get_mut(i)
                    .is_some_and(|seen| std::mem::replace(seen, true)),
                Some(Key::Field(slot)) => marks.see(slot, entry.value.value != NodeValue::Null),
                None => false,
            };
            if duplicate {
                self.at(PathSegment::Key(key), |d| {
                    d.error(RecordErrorKind::DuplicateKey, entry.key_offset)
                });
                continue;
            }
            match named {
                Some(Key::Own(i)) => {
                    self.at(PathSegment::Key(key), |d| read_own(d, i, &entry.value))
                }
                Some(Key::Field(slot)) => {
                    // A slot is the index of its field in the schema, and `fields` has one
                    // value for each.
                    if let (Some(field), Some(out)) =
                        (schema.fields.get(slot), fields.get_mut(slot))
                    {
                        *out = self.at(PathSegment::Key(key), |d| d.field(field, &entry.value));
                    }
                }
                None => self.unknown_key(entry, schema, &own),
            }
        }
        self.required(schema, &marks, node);
        fields
    }

    /// Reports the key of `entry` as unknown to an object of `schema` whose own keys are
    /// `own`, with the closest of their names when one is close.
    fn unknown_key(&mut self, entry: &Entry, schema: &Schema, own: &[&str]) {
        let key = &*entry.key;
        let candidates = schema
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .chain(own.iter().copied());
        let suggestion = crate::suggest::closest(key, candidates);
        self.at(PathSegment::Key(key), |d| {
            d.error(
                RecordErrorKind::UnknownField { suggestion },
                entry.key_offset,
            )
        });
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

    /// The items of a list of a record (activities, exemptions, evidence): none for `null`,
    /// `None` (reported) when `node` is not an array.
    fn list<'n, 't>(&mut self, node: &'n Node<'t>) -> Option<&'n [Node<'t>]> {
        match &node.value {
            NodeValue::Null => Some(&[]),
            NodeValue::Array(items) => Some(items),
            _ => {
                self.wrong_type(Expected::Array, node);
                None
            }
        }
    }

    /// The activities that decode, each with its index in the list.
    fn activities(&mut self, node: &Node) -> Vec<(usize, Activity)> {
        let Some(items) = self.list(node) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(a) = self.at(PathSegment::Index(i), |d| d.activity(item)) {
                out.push((i, a));
            }
        }
        out
    }

    /// An activity: its kind (which decides its fields), its fields and its evidence.
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
            _ => {
                self.at(PathSegment::Key(KIND), |d| {
                    d.wrong_type(Expected::Text, &kind_entry.value)
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
        let kind = policy.kind(kind_id);
        let mut evidence = EvidenceNames::new();
        // Kept even with errors in its fields (they are absent): the record is invalid
        // anyway, and the kind's `invalid when` rules can still report on the rest.
        let fields = self.object_fields(
            node,
            entries,
            &kind.schema,
            [KIND, EVIDENCE],
            |d, own, value| {
                // The kind is read already.
                if own == 1 {
                    evidence = d.evidence(value);
                }
            },
        );
        let evidence_ids = declared_evidence(&evidence);
        Some(Activity {
            kind: kind_id,
            fields,
            evidence,
            evidence_ids,
            line: self.locate.line(node.offset),
        })
    }

    /// An activity's evidence: an array of names, or the names of a cell, separated by `;`.
    fn evidence(&mut self, node: &Node) -> EvidenceNames {
        if let NodeValue::Cell(t) = &node.value {
            return cell_items(t)
                .map(|name| EvidenceName::of(self.policy, name))
                .collect();
        }
        let Some(items) = self.list(node) else {
            return EvidenceNames::new();
        };
        let mut out = EvidenceNames::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                NodeValue::Text(t) => out.push(EvidenceName::of(self.policy, t)),
                _ => self.at(PathSegment::Index(i), |d| {
                    d.wrong_type(Expected::Text, item)
                }),
            }
        }
        out
    }

    /// The exemptions that decode, each with its index in the list; none, reported, when
    /// the policy has no exemptions and the list is not empty.
    fn exemptions(&mut self, node: &Node) -> Vec<(usize, Exemption)> {
        let Some(items) = self.list(node) else {
            return Vec::new();
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
                let fields = d.object_fields(item, entries, schema, [], |_, _, _| {});
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
}

/// The declared evidence among the names a record gives, sorted, each once.
pub(super) fn declared_evidence(evidence: &[EvidenceName]) -> EvidenceIds {
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
