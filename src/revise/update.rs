//! `xueshi test --update`: rewrites the expectations of failing cases in a policy test file
//! to what the policy now rules, editing the TOML in place (`toml_edit`) so that comments,
//! the order of keys and the layout of everything else stay as they were.
//!
//! An expectation is rewritten only where a comparison names it (`status`, a figure,
//! `activities[2].hours`, `years[2022].passes`…); a comparison that names no single value
//! (a record that should have been invalid, an activity that does not exist) is left for a
//! person, and reported as such.

use super::cases::Mismatch;
use crate::messages::{Lang, Msg, fill};
use toml_edit::{DocumentMut, Item, Table, Value};

/// The failing comparisons of one case, to be rewritten to what the ruling says.
#[derive(Debug, Clone)]
pub struct CaseUpdate {
    /// The case's position among the file's `[[case]]` tables (0-based).
    pub case: usize,
    /// Its failing comparisons.
    pub mismatches: Vec<Mismatch>,
}

/// A test file with its expectations rewritten.
#[derive(Debug)]
pub struct Updated {
    /// The new text of the file.
    pub text: String,
    /// Comparisons that could not be rewritten: the case's position and the comparison.
    pub left: Vec<(usize, Mismatch)>,
}

/// Why a test file cannot be rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    /// The file is not TOML `toml_edit` can edit.
    NotToml(String),
    /// The file's cases are not written as `[[case]]` tables.
    NoCaseTables,
}

impl UpdateError {
    /// The error in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            UpdateError::NotToml(reason) => {
                fill(lang, Msg::ToolsUpdateNotToml, &[("reason", reason)])
            }
            UpdateError::NoCaseTables => {
                crate::messages::text(lang, Msg::ToolsUpdateNoCaseTables).to_string()
            }
        }
    }
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for UpdateError {}

/// Rewrites the expectations `updates` name in the test file `text`.
pub fn apply(text: &str, updates: &[CaseUpdate]) -> Result<Updated, UpdateError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| UpdateError::NotToml(e.message().to_string()))?;
    let cases = doc
        .get_mut("case")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or(UpdateError::NoCaseTables)?;
    let mut left = Vec::new();
    for update in updates {
        let Some(expect) = cases
            .get_mut(update.case)
            .and_then(|c| c.get_mut("expect"))
            .and_then(Item::as_table_like_mut)
        else {
            left.extend(update.mismatches.iter().map(|m| (update.case, m.clone())));
            continue;
        };
        for m in &update.mismatches {
            if !set(expect, &m.what, &m.got) {
                left.push((update.case, m.clone()));
            }
        }
    }
    Ok(Updated {
        text: doc.to_string(),
        left,
    })
}

/// Sets the expectation `what` (`total`, `activities[2].hours`, `years[2022].status`) to
/// `got`; false when `what` names no value that can be written.
fn set(expect: &mut dyn toml_edit::TableLike, what: &str, got: &str) -> bool {
    if let Some(rest) = what.strip_prefix("activities[") {
        let Some((index, field)) = rest.split_once("].") else {
            return false;
        };
        return match element(expect, "activities", "index", index) {
            Some(t) => set_field(t, field, got),
            None => false,
        };
    }
    if let Some(rest) = what.strip_prefix("years[") {
        let Some((year, field)) = rest.split_once("].") else {
            return false;
        };
        return match element(expect, "years", "year", year) {
            Some(t) => set_field(t, field, got),
            None => false,
        };
    }
    // `errors[0]`, `figures`: no single value to write.
    if what.contains('[') || what == "figures" {
        return false;
    }
    // A record that was expected to be invalid and has a ruling now: its errors would have
    // to go, which is for a person to decide.
    if what == "status" && expect.contains_key("errors") {
        return false;
    }
    let Some(item) = expect.get_mut(what) else {
        return false;
    };
    replace(item, typed(what, got))
}

/// The table of the list `key` whose `id_key` is `id` (`activities` with `index = 2`).
fn element<'t>(
    expect: &'t mut dyn toml_edit::TableLike,
    key: &str,
    id_key: &str,
    id: &str,
) -> Option<&'t mut Table> {
    let id: i64 = id.parse().ok()?;
    expect
        .get_mut(key)?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| t.get(id_key).and_then(Item::as_integer) == Some(id))
}

fn set_field(table: &mut Table, field: &str, got: &str) -> bool {
    match table.get_mut(field) {
        Some(item) => replace(item, typed(field, got)),
        None => false,
    }
}

/// The value written for `got`: `true`/`false` as booleans, numbers as TOML numbers when
/// they are exact in TOML's syntax, everything else as a string.
fn typed(field: &str, got: &str) -> Option<Value> {
    match (field, got) {
        (_, "true") => Some(Value::from(true)),
        (_, "false") => Some(Value::from(false)),
        // A rejection's reasons are listed as `a, b`: the first one is the one expected.
        ("reason", _) => got
            .split(", ")
            .next()
            .filter(|r| !r.is_empty())
            .map(Value::from),
        _ => match got.parse::<Value>() {
            Ok(v @ (Value::Integer(_) | Value::Float(_))) => Some(v),
            _ => Some(Value::from(got)),
        },
    }
}

/// Replaces the value in `item` by `new`, keeping the old value's surrounding spaces and
/// trailing comment.
fn replace(item: &mut Item, new: Option<Value>) -> bool {
    let (Some(old), Some(mut new)) = (item.as_value(), new) else {
        return false;
    };
    *new.decor_mut() = old.decor().clone();
    *item = Item::Value(new);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mismatch(what: &str, expected: &str, got: &str) -> Mismatch {
        Mismatch {
            what: what.to_string(),
            expected: expected.to_string(),
            got: got.to_string(),
        }
    }

    const FILE: &str = r#"# The file's comment stays.
policy = "x.policy"

[[case]]
name = "one"
[case.expect]
status = "compliant" # the status
total = 36
[[case.expect.activities]]
index = 0
hours = 36
rejected = false

[[case]]
name = "two"
[case.expect]
status = "invalid"
[[case.expect.errors]]
path = "id"
"#;

    #[test]
    fn rewrites_named_values_and_keeps_the_rest() {
        let updates = [
            CaseUpdate {
                case: 0,
                mismatches: vec![
                    mismatch("status", "compliant", "shortfall"),
                    mismatch("total", "36", "30.5"),
                    mismatch("activities[0].hours", "36", "30"),
                    mismatch("activities[0].rejected", "false", "true"),
                ],
            },
            CaseUpdate {
                case: 1,
                mismatches: vec![mismatch("status", "invalid", "a ruling")],
            },
        ];
        let updated = apply(FILE, &updates).unwrap();
        let expected = FILE
            .replace("\"compliant\" # the status", "\"shortfall\" # the status")
            .replace("total = 36", "total = 30.5")
            .replace("hours = 36", "hours = 30")
            .replace("rejected = false", "rejected = true");
        assert_eq!(updated.text, expected);
        assert_eq!(updated.left.len(), 1);
        assert_eq!(updated.left[0].0, 1);
    }

    #[test]
    fn a_file_without_case_tables_is_refused() {
        assert_eq!(
            apply("policy = \"x\"\n", &[]).unwrap_err(),
            UpdateError::NoCaseTables
        );
        assert!(matches!(apply("= =", &[]), Err(UpdateError::NotToml(_))));
    }
}
