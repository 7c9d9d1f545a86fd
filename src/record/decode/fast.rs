//! The fast way to decode a record given as one line of JSON: straight from the text, with
//! serde_json driving seeds that know the policy's schema, without building the record's
//! tree first. It is for the common case, a clean record, and gives up (`None`) at the
//! first sign of anything else — a syntax or schema error, an unknown key, a `null`, a
//! repeated key, a kind not written first. The caller
//! then decodes the record's tree (see [`super::decode_person`]), which finds and reports
//! every error. Values are typed by the same functions as the tree's (`Decoder::text_value`,
//! `Decoder::number_value`, `Decoder::check_attributes`; a list through [`Decoder::field`]),
//! from texts and booleans as serde_json reads them and numbers and lists as their raw JSON
//! text, so a clean record decodes to the same [`Person`] either way (`fast_agrees.rs`
//! checks it).

use super::person::declared_evidence;
use super::{Decoder, FieldMarks, Key, absent_values};
use crate::input::Locate;
use crate::input::keys::{ACTIVITIES, EVIDENCE, EXEMPTIONS, KIND};
use crate::input::tree::Node;
use crate::policy::expr::Value;
use crate::policy::names::same_name;
use crate::policy::{Field, FieldType, Policy, Schema};
use crate::record::{Activity, EvidenceName, EvidenceNames, Exemption, Person};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// Decodes the person on the line `text`, when it is a clean record; `None` otherwise.
/// (The policy's `invalid when` rules are the caller's: see `crate::eval::validate`.)
/// Every activity is placed on the line `locate` gives for the start of the text: the fast
/// way is for records written on one line.
pub(crate) fn decode_json_fast(policy: &Policy, text: &str, locate: &dyn Locate) -> Option<Person> {
    let mut d = Decoder::new(policy, locate);
    let mut json = serde_json::Deserializer::from_str(text);
    let person = PersonSeed { d: &mut d }.deserialize(&mut json).ok()?;
    json.end().ok()?;
    Some(person)
}

/// The error that makes the caller take the other way; its words are never shown.
fn give_up<E: de::Error>() -> E {
    E::custom("not a clean record")
}

/// Reads a text and makes of it what its function gives; `None` gives up. Keys, kinds and
/// evidence names are read with it.
struct TextSeed<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> DeserializeSeed<'de> for TextSeed<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<T, F: FnOnce(&str) -> Option<T>> Visitor<'_> for TextSeed<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        (self.0)(text).ok_or_else(give_up)
    }
}

/// What `key` names in an object of `schema` whose own keys are `own`; `None` when nothing.
fn key_of(schema: &Schema, own: &[&str], key: &str) -> Option<Key> {
    // No field is named as an object's own key (the checker reserves them), so the fields,
    // which most keys name, are looked at first.
    if let Some(&slot) = schema.slots.get(key) {
        return Some(Key::Field(usize::from(slot)));
    }
    own.iter().position(|own| same_name(own, key)).map(Key::Own)
}

impl Decoder<'_> {
    /// A number or list field's value from its raw JSON text, typed as the tree's decoding
    /// types it; `None` when it is anything else or wrong.
    fn raw_field(&mut self, field: &Field, raw: &str) -> Option<Value> {
        match raw.as_bytes().first()? {
            b'[' => {
                // A list: read as the tree's decoding reads it, at the depth of a field.
                let mut jiter = jiter::Jiter::new(raw.as_bytes());
                let peek = jiter.peek().ok()?;
                let node = crate::input::json::read_value(raw, &mut jiter, peek, 2).ok()?;
                jiter.finish().ok()?;
                self.typed(field, &node)
            }
            b'-' | b'0'..=b'9' => {
                let value = self.number_value(&field.ty, raw, 0)?;
                self.clean(field, value)
            }
            // A text, a boolean, an object or `null` is never a number or a list.
            _ => None,
        }
    }

    /// The value of a field given as a tree node, when it and the field's attributes are
    /// right.
    fn typed(&mut self, field: &Field, node: &Node) -> Option<Value> {
        let value = self.field(field, node);
        self.errors.is_empty().then_some(value)
    }

    /// `value` checked against `field`'s attributes, when it and they are right.
    fn clean(&mut self, field: &Field, value: Value) -> Option<Value> {
        self.check_attributes(field, &value, 0);
        self.errors.is_empty().then_some(value)
    }

    /// Reads the rest of an object of `schema` into its fields by slot; `own` reads the
    /// value of the object's own key with that index.
    fn fields<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        schema: &Schema,
        own_keys: &'static [&'static str],
        mut own: impl FnMut(&mut Self, usize, &mut A) -> Result<(), A::Error>,
    ) -> Result<Vec<Value>, A::Error> {
        let mut fields = absent_values(schema.fields.len());
        let mut marks = FieldMarks::new(schema.fields.len());
        while let Some(key) =
            map.next_key_seed(TextSeed(|key: &str| key_of(schema, own_keys, key)))?
        {
            match key {
                Key::Field(slot) => {
                    // A slot is the index of its field in the schema, and `fields` has one
                    // value for each.
                    let (Some(field), Some(out)) = (schema.fields.get(slot), fields.get_mut(slot))
                    else {
                        return Err(give_up());
                    };
                    if marks.see(slot, true) {
                        return Err(give_up());
                    }
                    map.next_value_seed(FieldSeed {
                        d: &mut *self,
                        field,
                        out,
                    })?;
                }
                Key::Own(i) => own(self, i, map)?,
            }
        }
        let complete = schema
            .fields
            .iter()
            .enumerate()
            .all(|(slot, f)| !f.required || marks.given(slot));
        if complete { Ok(fields) } else { Err(give_up()) }
    }
}

/// Reads the value of a field: a text-like one (text, resident ID, date, enumeration value)
/// as the string serde_json reads (unescaped only if it has escapes), a `bool` as one, and
/// a number or a list as its raw JSON text. Anything else gives up.
///
/// The value is written straight into its slot, `out`: handed back through the layers of
/// serde's calls, a value of this size is copied at each, and the processor stalls on
/// reading each copy so soon after it was written.
struct FieldSeed<'d, 'p, 'f, 'o> {
    d: &'d mut Decoder<'p>,
    field: &'f Field,
    out: &'o mut Value,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.field.ty {
            FieldType::Text | FieldType::ResidentId | FieldType::Date | FieldType::Enum(_) => {
                deserializer.deserialize_str(self)
            }
            FieldType::Bool => deserializer.deserialize_bool(self),
            FieldType::Year | FieldType::Number { .. } | FieldType::List(_) => {
                let raw = <&RawValue>::deserialize(deserializer)?;
                *self.out = self
                    .d
                    .raw_field(self.field, raw.get())
                    .ok_or_else(give_up)?;
                Ok(())
            }
        }
    }
}

impl Visitor<'_> for FieldSeed<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field's value")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        let value = self.d.text_value(&self.field.ty, text, 0);
        *self.out = value
            .and_then(|v| self.d.clean(self.field, v))
            .ok_or_else(give_up)?;
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        // Only a field of type `bool` reads its value as one.
        *self.out = self
            .d
            .clean(self.field, Value::Bool(b))
            .ok_or_else(give_up)?;
        Ok(())
    }
}

/// Reads a person.
struct PersonSeed<'d, 'p> {
    d: &'d mut Decoder<'p>,
}

impl<'de> DeserializeSeed<'de> for PersonSeed<'_, '_> {
    type Value = Person;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Person, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PersonSeed<'_, '_> {
    type Value = Person;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a person")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Person, A::Error> {
        let policy = self.d.policy;
        let mut activities = None;
        let mut exemptions = None;
        let fields = self.d.fields(
            &mut map,
            &policy.person,
            &[ACTIVITIES, EXEMPTIONS],
            |d, own, map| {
                match own {
                    0 if activities.is_none() => {
                        activities = Some(map.next_value_seed(ListSeed {
                            d,
                            item: PhantomData,
                        })?)
                    }
                    1 if exemptions.is_none() => {
                        exemptions = Some(map.next_value_seed(ListSeed {
                            d,
                            item: PhantomData,
                        })?)
                    }
                    _ => return Err(give_up()),
                }
                Ok(())
            },
        )?;
        Ok(Person {
            fields,
            activities: activities.unwrap_or_default(),
            exemptions: exemptions.unwrap_or_default(),
        })
    }
}

/// An object of a list of a person's record, read from its keys.
trait Item: Sized {
    fn read<'de, A: MapAccess<'de>>(d: &mut Decoder, map: A) -> Result<Self, A::Error>;
}

/// Reads an array whose items are objects of `T`.
struct ListSeed<'d, 'p, T> {
    d: &'d mut Decoder<'p>,
    item: PhantomData<T>,
}

impl<'de, T: Item> DeserializeSeed<'de> for ListSeed<'_, '_, T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Item> Visitor<'de> for ListSeed<'_, '_, T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Gathered on the stack, then moved into one allocation of the right size: a
        // record's list of a dozen activities would otherwise grow (and copy) three times.
        let mut out = smallvec::SmallVec::<[T; 16]>::new();
        while let Some(item) = seq.next_element_seed(ItemSeed {
            d: &mut *self.d,
            item: PhantomData::<T>,
        })? {
            out.push(item);
        }
        Ok(out.into_vec())
    }
}

/// Reads one object of `T`.
struct ItemSeed<'d, 'p, T> {
    d: &'d mut Decoder<'p>,
    item: PhantomData<T>,
}

impl<'de, T: Item> DeserializeSeed<'de> for ItemSeed<'_, '_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: Item> Visitor<'de> for ItemSeed<'_, '_, T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(self.d, map)
    }
}

impl Item for Activity {
    fn read<'de, A: MapAccess<'de>>(d: &mut Decoder, mut map: A) -> Result<Self, A::Error> {
        let policy = d.policy;
        // The kind decides the fields, so it comes first; a record that writes it later
        // takes the other way.
        if map.next_key_seed(TextSeed(|key: &str| Some(same_name(KIND, key))))? != Some(true) {
            return Err(give_up());
        }
        let kind_id =
            map.next_value_seed(TextSeed(|name: &str| policy.kind_ids.get(name).copied()))?;
        let kind = policy.kind(kind_id);
        let mut evidence = None;
        let fields = d.fields(&mut map, &kind.schema, &[KIND, EVIDENCE], |_, own, map| {
            if own != 1 || evidence.is_some() {
                return Err(give_up());
            }
            evidence = Some(map.next_value_seed(EvidenceSeed { policy })?);
            Ok(())
        })?;
        let evidence = evidence.unwrap_or_default();
        let evidence_ids = declared_evidence(&evidence);
        Ok(Activity {
            kind: kind_id,
            fields,
            evidence,
            evidence_ids,
            line: d.locate.line(0),
        })
    }
}

impl Item for Exemption {
    fn read<'de, A: MapAccess<'de>>(d: &mut Decoder, mut map: A) -> Result<Self, A::Error> {
        let rules = d.policy.exemption.as_ref().ok_or_else(give_up)?;
        let fields = d.fields(&mut map, &rules.schema, &[], |_, _, _| Err(give_up()))?;
        Ok(Exemption {
            fields,
            line: d.locate.line(0),
        })
    }
}

/// Reads an activity's evidence: an array of texts.
struct EvidenceSeed<'p> {
    policy: &'p Policy,
}

impl<'de> DeserializeSeed<'de> for EvidenceSeed<'_> {
    type Value = EvidenceNames;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EvidenceSeed<'_> {
    type Value = EvidenceNames;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of texts")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut names = EvidenceNames::new();
        let policy = self.policy;
        while let Some(name) =
            seq.next_element_seed(TextSeed(|name: &str| Some(EvidenceName::of(policy, name))))?
        {
            names.push(name);
        }
        Ok(names)
    }
}
