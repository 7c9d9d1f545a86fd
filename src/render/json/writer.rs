//! The machinery that writes one JSON object into a buffer: objects, arrays, keys and
//! plain values, compact or indented byte for byte as serde_json writes them.

use super::PreparedJson;
use super::escape::{write_string, write_string_contents};
use super::literals::FixedEntries;
use crate::number::Number;
use crate::policy::FieldType;
use crate::policy::expr::Value;
use crate::render::formula::FilledBuffer;
use crate::render::{masked, write_decimal};

/// An object's key known when compiling, in the forms [`JsonWriter`] writes: quoted, with the
/// colon, and for compact text with the comma before it or not.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    /// `"key":`, the first in an object.
    pub(super) first: &'static str,
    /// `,"key":`, after another.
    pub(super) rest: &'static str,
    /// `"key": `, indented.
    pub(super) pretty: &'static str,
}

/// The [`Key`] named by a literal.
macro_rules! key {
    ($name:literal) => {
        $crate::render::json::writer::Key {
            first: concat!("\"", $name, "\":"),
            rest: concat!(",\"", $name, "\":"),
            pretty: concat!("\"", $name, "\": "),
        }
    };
}
/// [`key!`] for the writer's siblings.
pub(super) use key;

/// Writes one JSON object into a buffer: compact, or (`PRETTY`) indented by two spaces per
/// level, byte for byte as serde_json's compact and pretty printers write.
pub(super) struct JsonWriter<'p, 'a, 'o, const PRETTY: bool> {
    /// The renderer and the policy's literals.
    pub(super) prepared: &'p PreparedJson<'a>,
    /// The buffer written to.
    pub(super) out: &'o mut Vec<u8>,
    /// How many objects and arrays are open.
    depth: usize,
    /// Whether the innermost open object or array has nothing in it yet.
    first: bool,
    /// A filled-in formula, reused from one credit to the next.
    pub(super) filled: FilledBuffer<'a>,
}

impl<'p, 'a, 'o, const PRETTY: bool> JsonWriter<'p, 'a, 'o, PRETTY> {
    /// A writer appending to `out`, nothing open yet.
    pub(super) fn new(prepared: &'p PreparedJson<'a>, out: &'o mut Vec<u8>) -> Self {
        JsonWriter {
            prepared,
            out,
            depth: 0,
            first: true,
            filled: FilledBuffer::default(),
        }
    }

    /// Opens an object.
    pub(super) fn begin_object(&mut self) {
        self.open(b'{');
    }

    /// Closes the innermost object.
    pub(super) fn end_object(&mut self) {
        self.close(b'}');
    }

    /// Opens an array.
    pub(super) fn begin_array(&mut self) {
        self.open(b'[');
    }

    /// Closes the innermost array.
    pub(super) fn end_array(&mut self) {
        self.close(b']');
    }

    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth -= 1;
        if PRETTY && !self.first {
            self.newline();
        }
        self.out.push(bracket);
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// Begins an entry of an object or an item of an array.
    pub(super) fn next(&mut self) {
        if PRETTY {
            if !self.first {
                self.out.push(b',');
            }
            self.newline();
        } else if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    /// Begins an entry whose key is known when compiling.
    pub(super) fn key(&mut self, key: Key) {
        if PRETTY {
            self.next();
            self.raw(key.pretty);
        } else {
            self.raw(if self.first { key.first } else { key.rest });
            self.first = false;
        }
    }

    /// Begins an entry whose key is `quoted`: a JSON string literal.
    pub(super) fn key_literal(&mut self, quoted: &str) {
        self.next();
        self.raw(quoted);
        self.raw(if PRETTY { ": " } else { ":" });
    }

    /// Writes entries known from the policy.
    pub(super) fn fixed(&mut self, entries: &FixedEntries) {
        if PRETTY {
            for (key, value) in &entries.entries {
                self.key(*key);
                self.raw(value);
            }
        } else {
            self.next();
            self.out.extend_from_slice(entries.compact.as_bytes());
        }
    }

    /// Writes JSON text as it is.
    pub(super) fn raw(&mut self, json: &str) {
        self.out.extend_from_slice(json.as_bytes());
    }

    /// A string, escaped; with `redact`, its ID-shaped runs masked ([`masked`]). Every
    /// string of an object that is not one of the policy's literals is written by this or
    /// by [`JsonWriter::string_contents`]: names, paths, messages, values from the record.
    pub(super) fn string(&mut self, s: &str) {
        write_string(self.out, &masked(s, self.prepared.renderer.redact));
    }

    /// The contents of a string, escaped, without its quotes; masked as [`JsonWriter::string`].
    pub(super) fn string_contents(&mut self, s: &str) {
        write_string_contents(self.out, &masked(s, self.prepared.renderer.redact));
    }

    /// A string, or `null`.
    pub(super) fn optional_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    /// `null`.
    pub(super) fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// `true` or `false`.
    pub(super) fn bool(&mut self, b: bool) {
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    /// An integer.
    pub(super) fn integer<I: itoa::Integer>(&mut self, i: I) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
    }

    /// An integer, or `null`.
    pub(super) fn optional_integer<I: itoa::Integer>(&mut self, i: Option<I>) {
        match i {
            Some(i) => self.integer(i),
            None => self.null(),
        }
    }

    /// An exact number, as its decimal text.
    pub(super) fn number(&mut self, n: Number) {
        let out = &mut *self.out;
        if !write_decimal(n, |part| out.extend_from_slice(part.as_bytes())) {
            use std::io::Write;
            let _ = write!(out, "{n}");
        }
    }

    /// A record value.
    pub(super) fn value(&mut self, value: &Value, ty: &FieldType) {
        match (value, ty) {
            (Value::Absent, _) => self.null(),
            (Value::Bool(b), _) => self.bool(*b),
            (Value::Number(n), _) => self.number(*n),
            (Value::Date(d), _) => {
                use std::io::Write;
                let _ = write!(self.out, "\"{}\"", d.format("%Y-%m-%d"));
            }
            (Value::Year(y), _) => self.integer(*y),
            (Value::Text(t), _) => self.string(t),
            (Value::Enum(i), FieldType::Enum(e)) => {
                let policy = self.prepared.renderer.policy;
                self.string(
                    policy
                        .enums
                        .get(usize::from(*e))
                        .and_then(|e| e.values.get(usize::from(*i)))
                        .map_or("", String::as_str),
                );
            }
            (Value::Enum(i), _) => self.integer(*i),
            (Value::List(items), ty) => {
                let inner = match ty {
                    FieldType::List(t) => t.as_ref(),
                    t => t,
                };
                self.begin_array();
                for item in items.iter() {
                    self.next();
                    self.value(item, inner);
                }
                self.end_array();
            }
        }
    }
}
