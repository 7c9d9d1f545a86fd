//! Places in LSP terms: a byte offset of the text as a line and a UTF-16 column (what the
//! protocol counts by default), and back.

use crate::source::Span;
use serde_json::{Value, json};

/// `{line, character}` of byte `offset` (0-based, UTF-16 units).
pub(crate) fn position(text: &str, offset: usize) -> Value {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or_default();
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before
        .get(start..)
        .unwrap_or_default()
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({"line": line, "character": character})
}

/// `{start, end}` of `span`.
pub(crate) fn range(text: &str, span: Span) -> Value {
    json!({"start": position(text, span.start), "end": position(text, span.end)})
}

/// The byte offset of an LSP position (clamped to its line and the text).
pub(crate) fn offset(text: &str, position: &Value) -> usize {
    let line = position.get("line").and_then(Value::as_u64).unwrap_or(0);
    let character = position
        .get("character")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let mut start = 0;
    for _ in 0..line {
        match text.get(start..).and_then(|t| t.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut units = 0u64;
    for (i, c) in text.get(start..).unwrap_or_default().char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "ab\n学时 x\n";
        let at = text.find('x').unwrap();
        assert_eq!(position(text, at), json!({"line": 1, "character": 3}));
        assert_eq!(offset(text, &position(text, at)), at);
        assert_eq!(
            offset(text, &json!({"line": 9, "character": 0})),
            text.len()
        );
    }
}
