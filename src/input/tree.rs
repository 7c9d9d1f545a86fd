//! A record as read from any format, before the policy's schema gives it meaning: a tree of
//! values, each with the byte offset it was read at (for line and column in errors). Keys,
//! strings and numbers borrow from the text read when they can (`'a`), so reading a record
//! copies little.

use chrono::NaiveDate;
use std::borrow::Cow;

/// A value read from a record file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// The value.
    pub value: NodeValue<'a>,
    /// Byte offset of the value in the text it was read from.
    pub offset: usize,
}

/// The values record formats can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written (exactness is decided when the schema reads it).
    Number(Cow<'a, str>),
    /// A string.
    Text(Cow<'a, str>),
    /// A cell of a format without types (CSV, XLSX): text that the schema types when the
    /// record is decoded (`12.5` for a decimal field, `true` for a bool, `a;b` for a list).
    Cell(Cow<'a, str>),
    /// A date (TOML writes dates without quotes).
    Date(NaiveDate),
    /// A list.
    Array(Vec<Node<'a>>),
    /// A table, keys in the order written.
    Object(Vec<Entry<'a>>),
}

/// A key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    /// The key.
    pub key: Cow<'a, str>,
    /// Byte offset of the key.
    pub key_offset: usize,
    /// The value.
    pub value: Node<'a>,
}

impl Node<'_> {
    /// The same tree, owning its text.
    pub fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            NodeValue::Null => NodeValue::Null,
            NodeValue::Bool(b) => NodeValue::Bool(b),
            NodeValue::Number(n) => NodeValue::Number(Cow::Owned(n.into_owned())),
            NodeValue::Text(t) => NodeValue::Text(Cow::Owned(t.into_owned())),
            NodeValue::Cell(t) => NodeValue::Cell(Cow::Owned(t.into_owned())),
            NodeValue::Date(d) => NodeValue::Date(d),
            NodeValue::Array(items) => {
                NodeValue::Array(items.into_iter().map(Node::into_owned).collect())
            }
            NodeValue::Object(entries) => NodeValue::Object(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        key: Cow::Owned(e.key.into_owned()),
                        key_offset: e.key_offset,
                        value: e.value.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            value,
            offset: self.offset,
        }
    }
}

impl NodeValue<'_> {
    /// The name of the value's type, for "expected a date, found a number".
    pub fn type_word(&self) -> TypeWord {
        match self {
            NodeValue::Null => TypeWord::Null,
            NodeValue::Bool(_) => TypeWord::Bool,
            NodeValue::Number(_) => TypeWord::Number,
            NodeValue::Text(_) | NodeValue::Cell(_) => TypeWord::Text,
            NodeValue::Date(_) => TypeWord::Date,
            NodeValue::Array(_) => TypeWord::Array,
            NodeValue::Object(_) => TypeWord::Object,
        }
    }
}

/// The kinds of values a record file holds, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeWord {
    /// `null`
    Null,
    /// A boolean.
    Bool,
    /// A number.
    Number,
    /// A string.
    Text,
    /// A date.
    Date,
    /// A list.
    Array,
    /// A table.
    Object,
}
