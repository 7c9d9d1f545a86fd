//! The fast way to decode a record given as one line of JSON: straight from the text, one
//! token at a time (`scan`), each key resolved to its field's slot by the schema's perfect
//! hash and each value typed as it is read, without building the record's tree or any other
//! value of JSON first; texts without escapes are read where they lie in the line. It is for
//! the common case, a clean record, and gives up (`None`) at the first sign of anything else
//! — a syntax or schema error, an unknown key, a `null`, a repeated key, a kind not written
//! first. The caller then decodes the record's tree (see [`super::decode_person`]), which
//! finds and reports every error. Values are typed by the same functions as the tree's
//! (`scalar::type_text_into`, `scalar::type_number_into`, `field::attributes_hold`; a list through
//! [`Decoder::field`]), from texts and booleans as read and numbers and lists as their JSON
//! text, so a clean record decodes to the same [`Person`] either way (`fast_agrees.rs`
//! checks it).

use super::field::attributes_hold;
use super::person::declared_evidence;
use super::scalar::{type_number_into, type_text_into};
use super::scan::Scan;
use super::{Decoder, FieldMarks, Key};
use crate::input::Locate;
use crate::input::keys::{ACTIVITIES, EVIDENCE, EXEMPTIONS, KIND};
use crate::policy::expr::Value;
use crate::policy::names::same_name;
use crate::policy::{Field, FieldType, Policy, Schema};
use crate::record::{Activity, EvidenceIds, EvidenceName, EvidenceNames, Exemption, Person};
use crate::recycle::Refill;

/// Decodes the person on the line `text`, when it is a clean record; `None` otherwise.
/// (The policy's `invalid when` rules are the caller's: see `crate::eval::validate`.)
/// Every activity is placed on the line `locate` gives for the start of the text: the fast
/// way is for records written on one line.
#[cfg(test)]
pub(crate) fn decode_json_fast(policy: &Policy, text: &str, locate: &dyn Locate) -> Option<Person> {
    let mut person = Person {
        fields: Vec::new(),
        activities: Vec::new(),
        exemptions: Vec::new(),
    };
    decode_json_fast_into(policy, text, locate, &mut person, &mut Vec::new())?;
    Some(person)
}

/// [`decode_json_fast`] into `person`, a person decoded before whose vectors (and those of
/// its activities) are filled again, with the activities of `spare` when it has too few:
/// a thread that decodes one record after another allocates them once. When it gives
/// `None`, `person` holds part of the record, to be overwritten or dropped.
pub(crate) fn decode_json_fast_into(
    policy: &Policy,
    text: &str,
    locate: &dyn Locate,
    person: &mut Person,
    spare: &mut Vec<Activity>,
) -> Option<()> {
    let mut d = Decoder::new(policy, locate);
    let mut scan = Scan::new(text);
    d.fast_person(&mut scan, person, spare)?;
    scan.at_end().then_some(())
}

/// What `key` names in an object of `schema` whose own keys are `own`; `None` when nothing.
#[inline]
fn key_of(schema: &Schema, own: &[&str], key: &str) -> Option<Key> {
    // No field is named as an object's own key (the checker reserves them), so the fields,
    // which most keys name, are looked at first.
    if let Some(&slot) = schema.slots.get(key) {
        return Some(Key::Field(usize::from(slot)));
    }
    own.iter().position(|own| same_name(own, key)).map(Key::Own)
}

impl Decoder<'_> {
    /// A list field's value from its JSON text, typed as the tree's decoding types it;
    /// `None` when it is anything else or wrong.
    fn list_field(&mut self, field: &Field, raw: &str) -> Option<Value> {
        // Read as the tree's decoding reads it, at the depth of a field.
        let mut jiter = jiter::Jiter::new(raw.as_bytes());
        let peek = jiter.peek().ok()?;
        let node = crate::input::json::read_value(raw, &mut jiter, peek, 2).ok()?;
        jiter.finish().ok()?;
        let value = self.field(field, &node);
        self.errors.is_empty().then_some(value)
    }

    /// Reads the value of `field` from the text into its slot, `out`: a text-like one (text,
    /// resident ID, date, enumeration value) from a string, a `bool` from `true` or `false`,
    /// a number or a list from its JSON text. Anything else, or anything wrong, gives up.
    /// (Typed by the functions the tree's decoding reports with, inlined here so that the
    /// value is built in its slot: a value of this size handed back through a call is
    /// copied once more, and the processor stalls on reading the copy so soon after it was
    /// written.)
    #[inline]
    fn fast_value(&mut self, scan: &mut Scan, field: &Field, out: &mut Value) -> Option<()> {
        match &field.ty {
            ty @ (FieldType::Text
            | FieldType::ResidentId
            | FieldType::Date
            | FieldType::Enum(_)) => {
                let text = scan.string()?;
                type_text_into(self.policy, ty, &text, out)?.ok()?;
            }
            FieldType::Bool => *out = Value::Bool(scan.boolean()?),
            ty @ (FieldType::Year | FieldType::Number { .. }) => {
                type_number_into(ty, scan.number()?, out)?.ok()?;
            }
            FieldType::List(_) => {
                if scan.peek()? != b'[' {
                    return None;
                }
                let raw = scan.value()?;
                *out = self.list_field(field, raw)?;
            }
        }
        attributes_hold(field, out).then_some(())
    }

    /// Reads the members of an object of `schema` into its fields by slot, `fields` (what
    /// it held before is dropped), the object opened and its first key (`first`) read;
    /// `own` reads the value of the object's own key with that index.
    fn fast_fields<'t>(
        &mut self,
        scan: &mut Scan<'t>,
        fields: &mut Vec<Value>,
        schema: &Schema,
        own_keys: &'static [&'static str],
        first: Option<std::borrow::Cow<'t, str>>,
        mut own: impl FnMut(&mut Self, usize, &mut Scan<'t>) -> Option<()>,
    ) -> Option<()> {
        // A vector of the schema's length (the last record's, as a rule) keeps its values
        // until each is overwritten, by the record's or by `Absent` at the end; any other
        // is made all `Absent` first.
        let n = schema.fields.len();
        let in_place = fields.len() == n;
        if !in_place {
            refill_absent(fields, n);
        }
        let mut marks = FieldMarks::new(n);
        let mut key = first;
        while let Some(name) = key {
            match key_of(schema, own_keys, &name)? {
                Key::Field(slot) => {
                    // A slot is the index of its field in the schema, and `fields` has one
                    // value for each.
                    let (field, out) = (schema.fields.get(slot)?, fields.get_mut(slot)?);
                    if marks.see(slot, true) {
                        return None;
                    }
                    self.fast_value(scan, field, out)?;
                }
                Key::Own(i) => own(self, i, scan)?,
            }
            key = if scan.more(b'}')? {
                Some(scan.key()?)
            } else {
                None
            };
        }
        let mut complete = true;
        for (slot, (f, value)) in schema.fields.iter().zip(fields.iter_mut()).enumerate() {
            if !marks.given(slot) {
                complete &= !f.required;
                if in_place {
                    *value = Value::Absent;
                }
            }
        }
        complete.then_some(())
    }

    /// Opens an object: its first key, `None` inside when it is empty.
    #[inline]
    fn first_key<'t>(scan: &mut Scan<'t>) -> Option<Option<std::borrow::Cow<'t, str>>> {
        if scan.open(b'{', b'}')? {
            Some(Some(scan.key()?))
        } else {
            Some(None)
        }
    }

    /// Reads a person into `person` (its activities filled again, drawing on `spare`).
    fn fast_person(
        &mut self,
        scan: &mut Scan,
        person: &mut Person,
        spare: &mut Vec<Activity>,
    ) -> Option<()> {
        let policy = self.policy;
        let Person {
            fields,
            activities,
            exemptions,
        } = person;
        let (mut seen_activities, mut seen_exemptions) = (false, false);
        let first = Self::first_key(scan)?;
        self.fast_fields(
            scan,
            fields,
            &policy.person,
            &[ACTIVITIES, EXEMPTIONS],
            first,
            |d, own, scan| {
                match own {
                    0 if !seen_activities => {
                        seen_activities = true;
                        d.fast_list(scan, activities, spare, no_activity, Self::fast_activity)?;
                    }
                    1 if !seen_exemptions => {
                        seen_exemptions = true;
                        let spare = &mut Vec::new();
                        d.fast_list(scan, exemptions, spare, no_exemption, Self::fast_exemption)?;
                    }
                    _ => return None,
                }
                Some(())
            },
        )?;
        // A list the record does not give is empty (its items kept aside for later).
        if !seen_activities {
            drop(Refill::new(activities, spare));
        }
        if !seen_exemptions {
            exemptions.clear();
        }
        Some(())
    }

    /// Reads an array whose items `item` reads into `out`, each into an item of it (or of
    /// `spare`, or `fresh()`) filled again.
    fn fast_list<'t, T>(
        &mut self,
        scan: &mut Scan<'t>,
        out: &mut Vec<T>,
        spare: &mut Vec<T>,
        fresh: fn() -> T,
        item: fn(&mut Self, &mut Scan<'t>, &mut T) -> Option<()>,
    ) -> Option<()> {
        if out.is_empty() && spare.is_empty() {
            // Nothing to fill again (a person decoded on its own): the items are gathered
            // on the stack, then moved into one allocation of the right size; a record's
            // list of a dozen activities would otherwise grow (and copy) three times.
            let mut items = smallvec::SmallVec::<[T; 16]>::new();
            let mut more = scan.open(b'[', b']')?;
            while more {
                let mut next = fresh();
                item(self, scan, &mut next)?;
                items.push(next);
                more = scan.more(b']')?;
            }
            *out = items.into_vec();
            return Some(());
        }
        let mut refill = Refill::new(out, spare);
        let mut more = scan.open(b'[', b']')?;
        while more {
            refill
                .push_with(fresh, |slot| item(self, scan, slot).ok_or(()))
                .ok()?;
            more = scan.more(b']')?;
        }
        Some(())
    }

    /// Reads an activity into `out`.
    fn fast_activity(&mut self, scan: &mut Scan, out: &mut Activity) -> Option<()> {
        let policy = self.policy;
        // The kind decides the fields, so it comes first; a record that writes it later
        // takes the other way.
        let first = Self::first_key(scan)??;
        if !same_name(KIND, &first) {
            return None;
        }
        let kind_id = *policy.kind_ids.get(&scan.string()?)?;
        let kind = policy.kind(kind_id);
        let mut evidence = None;
        let next = if scan.more(b'}')? {
            Some(scan.key()?)
        } else {
            None
        };
        self.fast_fields(
            scan,
            &mut out.fields,
            &kind.schema,
            &[KIND, EVIDENCE],
            next,
            |_, own, scan| {
                if own != 1 || evidence.is_some() {
                    return None;
                }
                evidence = Some(fast_evidence(policy, scan)?);
                Some(())
            },
        )?;
        out.kind = kind_id;
        out.evidence = evidence.unwrap_or_default();
        out.evidence_ids = declared_evidence(&out.evidence);
        out.line = self.locate.line(0);
        Some(())
    }

    /// Reads an exemption into `out`.
    fn fast_exemption(&mut self, scan: &mut Scan, out: &mut Exemption) -> Option<()> {
        let rules = self.policy.exemption.as_ref()?;
        let first = Self::first_key(scan)?;
        self.fast_fields(
            scan,
            &mut out.fields,
            &rules.schema,
            &[],
            first,
            |_, _, _| None,
        )?;
        out.line = self.locate.line(0);
        Some(())
    }
}

/// `fields` made `n` fields without a value, in the buffer it has.
fn refill_absent(fields: &mut Vec<Value>, n: usize) {
    fields.clear();
    // Not `resize(n, Value::Absent)`, which clones its value for each slot (see
    // `absent_values`).
    fields.resize_with(n, || Value::Absent);
}

/// An activity to fill.
fn no_activity() -> Activity {
    Activity {
        kind: 0,
        fields: Vec::new(),
        evidence: EvidenceNames::new(),
        evidence_ids: EvidenceIds::new(),
        line: None,
    }
}

/// An exemption to fill.
fn no_exemption() -> Exemption {
    Exemption {
        fields: Vec::new(),
        line: None,
    }
}

/// Reads an activity's evidence: an array of texts.
fn fast_evidence(policy: &Policy, scan: &mut Scan) -> Option<EvidenceNames> {
    let mut names = EvidenceNames::new();
    let mut more = scan.open(b'[', b']')?;
    while more {
        names.push(EvidenceName::of(policy, &scan.string()?));
        more = scan.more(b']')?;
    }
    Some(names)
}
