//! The fast way to decode a record given as JSON text: straight from the text with jiter,
//! without building the record's tree first. It is for the common case, a clean record, and
//! gives up (`None`) at the first sign of anything else — a syntax or schema error, an
//! escaped key, a `null`, a repeated key, an `invalid when` rule that holds. The caller then
//! decodes the record's tree (see [`super::decode_person`]), which finds and reports every
//! error. For the values themselves both ways run the same code ([`Decoder::field`]), so a
//! clean record decodes to the same [`Person`] either way (tests/fast_decode.rs checks it).

use super::{
    ACTIVITIES, Decoder, EVIDENCE, EXEMPTIONS, FieldMarks, KIND, Locate, declared_evidence,
};
use crate::policy::expr::Value;
use crate::policy::{Policy, Schema};
use crate::record::json::read_value;
use crate::record::tree::{Node, NodeValue};
use crate::record::{Activity, Exemption, Person};
use jiter::{Jiter, Peek};

/// Decodes the person in `text`, when it is a clean record; `None` otherwise.
pub fn decode_json_fast(policy: &Policy, text: &str, locate: &dyn Locate) -> Option<Person> {
    let mut d = Decoder {
        policy,
        locate,
        errors: Vec::new(),
        path: String::new(),
    };
    let mut jiter = Jiter::new(text.as_bytes());
    let person = d.fast_person(text, &mut jiter)?;
    jiter.finish().ok()?;
    // The policy's `invalid when` rules, on every activity and exemption (none was left out).
    let activities: Vec<usize> = (0..person.activities.len()).collect();
    let exemptions: Vec<usize> = (0..person.exemptions.len()).collect();
    let record = Node {
        value: NodeValue::Null,
        offset: 0,
    };
    d.constraints(&record, &person, &activities, &exemptions, true);
    d.errors.is_empty().then_some(person)
}

/// A key as written, when it needs no unescaping.
fn plain_key<'t>(text: &'t str, raw: &[u8]) -> Option<&'t str> {
    if raw.contains(&b'\\') {
        return None;
    }
    let start = (raw.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start + raw.len())
}

impl Decoder<'_> {
    /// A field's value read from the text, or `None` when it is `null`, malformed or wrong.
    fn fast_field(
        &mut self,
        text: &str,
        jiter: &mut Jiter,
        field: &crate::policy::Field,
    ) -> Option<Value> {
        let peek = jiter.peek().ok()?;
        if peek == Peek::Null {
            return None;
        }
        let node = read_value(text, jiter, peek, 2).ok()?;
        let value = self.field(field, &node);
        self.errors.is_empty().then_some(value)
    }

    /// Reads the fields of an object of `schema` whose first key is `key`, until the object
    /// ends; `other` handles the keys that are not fields (`kind`, `evidence`).
    fn fast_fields<'t>(
        &mut self,
        text: &'t str,
        jiter: &mut Jiter,
        schema: &Schema,
        mut key: Option<&'t str>,
        mut other: impl FnMut(&mut Self, &'t str, &mut Jiter) -> Option<()>,
    ) -> Option<Vec<Value>> {
        let mut fields = vec![Value::Absent; schema.fields.len()];
        let mut marks = FieldMarks::new(schema.fields.len());
        while let Some(k) = key {
            match schema.slots.get(k) {
                Some(&slot) => {
                    let slot = usize::from(slot);
                    if marks.see(slot, true) {
                        return None;
                    }
                    fields[slot] = self.fast_field(text, jiter, &schema.fields[slot])?;
                }
                None => other(self, k, jiter)?,
            }
            key = match jiter.next_key_bytes().ok()? {
                Some(raw) => Some(plain_key(text, raw)?),
                None => None,
            };
        }
        let complete = schema
            .fields
            .iter()
            .enumerate()
            .all(|(slot, f)| !f.required || marks.given(slot));
        complete.then_some(fields)
    }

    fn fast_person(&mut self, text: &str, jiter: &mut Jiter) -> Option<Person> {
        if jiter.peek().ok()? != Peek::Object {
            return None;
        }
        let first = match jiter.next_object_bytes().ok()? {
            Some(raw) => Some(plain_key(text, raw)?),
            None => None,
        };
        let mut activities = None;
        let mut exemptions = None;
        let schema = &self.policy.person;
        let fields = self.fast_fields(text, jiter, schema, first, |d, k, jiter| {
            match k {
                ACTIVITIES if activities.is_none() => {
                    activities = Some(d.fast_list(jiter, |d, jiter| d.fast_activity(text, jiter))?)
                }
                EXEMPTIONS if exemptions.is_none() => {
                    exemptions = Some(d.fast_list(jiter, |d, jiter| d.fast_exemption(text, jiter))?)
                }
                _ => return None,
            }
            Some(())
        })?;
        Some(Person {
            fields,
            activities: activities.unwrap_or_default(),
            exemptions: exemptions.unwrap_or_default(),
        })
    }

    /// The items of an array of objects, each read by `item`.
    fn fast_list<T>(
        &mut self,
        jiter: &mut Jiter,
        mut item: impl FnMut(&mut Self, &mut Jiter) -> Option<T>,
    ) -> Option<Vec<T>> {
        if jiter.peek().ok()? != Peek::Array {
            return None;
        }
        let mut out = Vec::new();
        let mut next = jiter.known_array().ok()?;
        while let Some(peek) = next {
            if peek != Peek::Object {
                return None;
            }
            out.push(item(self, jiter)?);
            next = jiter.array_step().ok()?;
        }
        Some(out)
    }

    fn fast_activity(&mut self, text: &str, jiter: &mut Jiter) -> Option<Activity> {
        let offset = jiter.current_index();
        let policy = self.policy;
        // The kind decides the fields, so it comes first; a record that writes it later
        // takes the other way.
        let key = plain_key(text, jiter.next_object_bytes().ok()??)?;
        if key != KIND || jiter.peek().ok()? != Peek::String {
            return None;
        }
        let kind_id = *policy.kind_ids.get(jiter.known_str().ok()?)?;
        let kind = &policy.kinds[usize::from(kind_id)];
        let next = match jiter.next_key_bytes().ok()? {
            Some(raw) => Some(plain_key(text, raw)?),
            None => None,
        };
        let mut evidence = None;
        let fields = self.fast_fields(text, jiter, &kind.schema, next, |d, k, jiter| {
            if k != EVIDENCE || evidence.is_some() {
                return None;
            }
            let peek = jiter.peek().ok()?;
            if peek != Peek::Array {
                return None;
            }
            let node = read_value(text, jiter, peek, 2).ok()?;
            evidence = Some(d.evidence(&node));
            d.errors.is_empty().then_some(())
        })?;
        let evidence: Vec<Box<str>> = evidence.unwrap_or_default();
        let evidence_ids = declared_evidence(policy, &evidence);
        Some(Activity {
            kind: kind_id,
            fields,
            evidence,
            evidence_ids,
            line: self.locate.line(offset),
        })
    }

    fn fast_exemption(&mut self, text: &str, jiter: &mut Jiter) -> Option<Exemption> {
        let offset = jiter.current_index();
        let rules = self.policy.exemption.as_ref()?;
        let first = match jiter.next_object_bytes().ok()? {
            Some(raw) => Some(plain_key(text, raw)?),
            None => None,
        };
        let fields = self.fast_fields(text, jiter, &rules.schema, first, |_, _, _| None)?;
        Some(Exemption {
            fields,
            line: self.locate.line(offset),
        })
    }
}
