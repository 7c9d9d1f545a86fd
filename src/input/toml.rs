//! Reading TOML into [`Node`] trees: one person (the top-level table) or several
//! (`[[person]]`). Spans come from the toml crate's spanned values.

use super::reason::{ReadProblem, TomlSyntax};
use super::tree::{Entry, Node, NodeValue};
use chrono::NaiveDate;
use std::borrow::Cow;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Why TOML text could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TomlProblem {
    /// What is wrong.
    pub(crate) problem: ReadProblem,
    /// Byte offset where it was found.
    pub(crate) offset: usize,
}

/// The key under which a TOML file lists several people.
pub(crate) const PEOPLE_KEY: &str = "person";

/// Reads a TOML file: the people it holds, each as a tree.
pub(crate) fn read_people(text: &str) -> Result<Vec<Node<'static>>, TomlProblem> {
    let table = DeTable::parse(text).map_err(|e| TomlProblem {
        problem: ReadProblem::Toml {
            syntax: TomlSyntax::of(e.message()),
            words: e.message().trim().to_string(),
        },
        offset: e.span().map_or(0, |s| s.start),
    })?;
    let offset = table.span().start;
    let root = table.into_inner();
    if root.len() == 1
        && let Some((key, value)) = root.iter().next()
        && key.get_ref() == PEOPLE_KEY
        && let DeValue::Array(items) = value.get_ref()
    {
        return Ok(items.iter().map(convert).collect());
    }
    Ok(vec![Node {
        value: NodeValue::Object(entries(&root)),
        offset,
    }])
}

fn entries(table: &DeTable) -> Vec<Entry<'static>> {
    table
        .iter()
        .map(|(k, v)| Entry {
            key: Cow::Owned(k.get_ref().to_string()),
            key_offset: k.span().start,
            value: convert(v),
        })
        .collect()
}

/// A TOML value as a record tree.
pub(crate) fn convert(v: &Spanned<DeValue>) -> Node<'static> {
    let offset = v.span().start;
    let value = match v.get_ref() {
        DeValue::String(s) => NodeValue::Text(Cow::Owned(s.to_string())),
        DeValue::Integer(i) => {
            if i.radix() == 10 {
                NodeValue::Number(Cow::Owned(i.as_str().to_string()))
            } else {
                // 0x1F and friends: let the schema reject them as not decimal.
                NodeValue::Text(Cow::Owned(i.as_str().to_string()))
            }
        }
        DeValue::Float(f) => NodeValue::Number(Cow::Owned(f.as_str().to_string())),
        DeValue::Boolean(b) => NodeValue::Bool(*b),
        DeValue::Datetime(d) => match (d.date, d.time, d.offset) {
            (Some(date), None, None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .map_or_else(
                || NodeValue::Text(Cow::Owned(d.to_string())),
                NodeValue::Date,
            ),
            _ => NodeValue::Text(Cow::Owned(d.to_string())),
        },
        DeValue::Array(items) => NodeValue::Array(items.iter().map(convert).collect()),
        DeValue::Table(t) => NodeValue::Object(entries(t)),
    };
    Node { value, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_or_many() {
        let one = read_people("id = \"x\"\nname = \"张三\"\n").unwrap();
        assert_eq!(one.len(), 1);
        let many = read_people("[[person]]\nid = \"a\"\n[[person]]\nid = \"b\"\n").unwrap();
        assert_eq!(many.len(), 2);
    }

    #[test]
    fn dates_and_numbers_keep_their_form() {
        let people = read_people("start = 2023-05-10\nhours = 12.50\n").unwrap();
        let NodeValue::Object(entries) = &people[0].value else {
            panic!()
        };
        assert!(matches!(entries[0].value.value, NodeValue::Date(_)));
        assert_eq!(
            entries[1].value.value,
            NodeValue::Number(Cow::Borrowed("12.50"))
        );
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let err = read_people("a = \n").unwrap_err();
        assert!(err.offset <= 5);
    }
}
