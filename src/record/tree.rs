//! A record as read from any format, before the policy's schema gives it meaning: a tree of
//! values, each with the byte offset it was read at (for line and column in errors).

use chrono::NaiveDate;

/// A value read from a record file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: NodeValue,
    /// Byte offset of the value in the text it was read from.
    pub offset: usize,
}

/// The values record formats can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written (exactness is decided when the schema reads it).
    Number(Box<str>),
    /// A string.
    Text(Box<str>),
    /// A date (TOML writes dates without quotes).
    Date(NaiveDate),
    /// A list.
    Array(Vec<Node>),
    /// A table, keys in the order written.
    Object(Vec<Entry>),
}

/// A key and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Box<str>,
    /// Byte offset of the key.
    pub key_offset: usize,
    /// The value.
    pub value: Node,
}

impl NodeValue {
    /// The name of the value's type, for "expected a date, found a number".
    pub fn type_word(&self) -> TypeWord {
        match self {
            NodeValue::Null => TypeWord::Null,
            NodeValue::Bool(_) => TypeWord::Bool,
            NodeValue::Number(_) => TypeWord::Number,
            NodeValue::Text(_) => TypeWord::Text,
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
