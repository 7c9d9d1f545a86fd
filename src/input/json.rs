//! Reading JSON into [`Node`] trees with jiter, a pull parser that reports byte positions and
//! leaves numbers as written, so that `12.1` stays exactly `12.1`.

use super::reason::{JsonSyntax, ReadProblem};
use super::tree::{Entry, Node, NodeValue};
use jiter::{Jiter, JiterError, Peek};
use std::borrow::Cow;

/// How deep arrays and objects may nest in a record (a person's record needs four levels).
pub(crate) const MAX_DEPTH: usize = 32;

/// Why JSON text could not be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonProblem {
    /// What is wrong.
    pub(crate) problem: ReadProblem,
    /// Byte offset where it was found.
    pub(crate) offset: usize,
}

fn problem(e: JiterError) -> JsonProblem {
    JsonProblem {
        problem: ReadProblem::Json(JsonSyntax::of(&e.error_type)),
        offset: e.index,
    }
}

/// Reads one JSON value that must be the whole of `text` (bar whitespace).
pub(crate) fn read_document(text: &str) -> Result<Node<'_>, JsonProblem> {
    let mut jiter = Jiter::new(text.as_bytes());
    let peek = jiter.peek().map_err(problem)?;
    let node = read_value(text, &mut jiter, peek, 0)?;
    jiter.finish().map_err(problem)?;
    Ok(node)
}

/// Reads a file holding one JSON object or an array of them. Yields each element as it is
/// read; a syntax error ends the sequence with that error (after the element before it,
/// when the error is in what follows that element).
pub(crate) struct ArrayReader<'t> {
    text: &'t str,
    jiter: Jiter<'t>,
    state: ArrayState,
}

enum ArrayState {
    Start,
    InArray(Option<Peek>),
    /// An element was read; this error follows it.
    Failed(JsonProblem),
    Single,
    Done,
}

impl<'t> ArrayReader<'t> {
    /// A reader over `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        ArrayReader {
            text,
            jiter: Jiter::new(text.as_bytes()),
            state: ArrayState::Start,
        }
    }
}

impl<'t> Iterator for ArrayReader<'t> {
    type Item = Result<Node<'t>, JsonProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        let fail = |this: &mut Self, e: JiterError| {
            this.state = ArrayState::Done;
            Some(Err(problem(e)))
        };
        loop {
            match self.state {
                ArrayState::Done => return None,
                ArrayState::Start => {
                    let peek = match self.jiter.peek() {
                        Ok(p) => p,
                        Err(e) => return fail(self, e),
                    };
                    if peek == Peek::Array {
                        match self.jiter.known_array() {
                            Ok(first) => self.state = ArrayState::InArray(first),
                            Err(e) => return fail(self, e),
                        }
                    } else {
                        self.state = ArrayState::Single;
                        let node = read_value(self.text, &mut self.jiter, peek, 0);
                        if node.is_ok()
                            && let Err(e) = self.jiter.finish()
                        {
                            return fail(self, e);
                        }
                        if node.is_err() {
                            self.state = ArrayState::Done;
                        }
                        return Some(node);
                    }
                }
                ArrayState::Failed(ref p) => {
                    let p = p.clone();
                    self.state = ArrayState::Done;
                    return Some(Err(p));
                }
                ArrayState::Single => {
                    self.state = ArrayState::Done;
                    return None;
                }
                ArrayState::InArray(None) => {
                    self.state = ArrayState::Done;
                    if let Err(e) = self.jiter.finish() {
                        return Some(Err(problem(e)));
                    }
                    return None;
                }
                ArrayState::InArray(Some(peek)) => {
                    let node = match read_value(self.text, &mut self.jiter, peek, 1) {
                        Ok(n) => n,
                        Err(p) => {
                            self.state = ArrayState::Done;
                            return Some(Err(p));
                        }
                    };
                    match self.jiter.array_step() {
                        Ok(next) => self.state = ArrayState::InArray(next),
                        // The element was read whole; the error is after it.
                        Err(e) => self.state = ArrayState::Failed(problem(e)),
                    }
                    return Some(Ok(node));
                }
            }
        }
    }
}

/// `s` as a slice of `text` when it lies in it (it was not unescaped into a buffer).
fn within<'t>(text: &'t str, s: &[u8]) -> Option<&'t str> {
    let start = (s.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start + s.len())
}

/// A string of the input: borrowed when it lies in `text`, copied when jiter had to
/// unescape it.
fn text_of<'t>(text: &'t str, s: &str) -> Cow<'t, str> {
    match within(text, s.as_bytes()) {
        Some(t) => Cow::Borrowed(t),
        None => Cow::Owned(s.to_string()),
    }
}

/// A key from its raw bytes in the input (escapes not yet decoded), and its offset.
fn key_of<'t>(text: &'t str, raw: &[u8]) -> Result<(Cow<'t, str>, usize), JsonProblem> {
    let offset = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let raw_text = within(text, raw).ok_or(JsonProblem {
        problem: ReadProblem::KeyNotUtf8,
        offset,
    })?;
    if !raw_text.contains('\\') {
        return Ok((Cow::Borrowed(raw_text), offset));
    }
    let text = raw_text;
    let decoded: String =
        serde_json::from_str(&format!("\"{text}\"")).map_err(|_| JsonProblem {
            // jiter has read the key already: only an escape can be wrong.
            problem: ReadProblem::Json(JsonSyntax::InvalidEscape),
            offset,
        })?;
    Ok((Cow::Owned(decoded), offset))
}

pub(crate) fn read_value<'t>(
    text: &'t str,
    jiter: &mut Jiter,
    peek: Peek,
    depth: usize,
) -> Result<Node<'t>, JsonProblem> {
    let offset = jiter.current_index();
    if depth > MAX_DEPTH {
        return Err(JsonProblem {
            problem: ReadProblem::TooDeep { max: MAX_DEPTH },
            offset,
        });
    }
    let value = match peek {
        Peek::Null => {
            jiter.known_null().map_err(problem)?;
            NodeValue::Null
        }
        Peek::True | Peek::False => NodeValue::Bool(jiter.known_bool(peek).map_err(problem)?),
        Peek::String => NodeValue::Text(text_of(text, jiter.known_str().map_err(problem)?)),
        Peek::Array => {
            let mut items = Vec::new();
            let mut next = jiter.known_array().map_err(problem)?;
            while let Some(p) = next {
                items.push(read_value(text, jiter, p, depth + 1)?);
                next = jiter.array_step().map_err(problem)?;
            }
            NodeValue::Array(items)
        }
        Peek::Object => {
            // Records' objects rarely have more than eight keys: one allocation, no regrowth.
            let mut entries = Vec::with_capacity(8);
            let mut next = jiter
                .next_object_bytes()
                .map_err(problem)?
                .map(|k| key_of(text, k));
            while let Some(k) = next {
                let (key, key_offset) = k?;
                let p = jiter.peek().map_err(problem)?;
                let value = read_value(text, jiter, p, depth + 1)?;
                entries.push(Entry {
                    key,
                    key_offset,
                    value,
                });
                next = jiter
                    .next_key_bytes()
                    .map_err(problem)?
                    .map(|k| key_of(text, k));
            }
            NodeValue::Object(entries)
        }
        _ => {
            let bytes = jiter.known_number_bytes(peek).map_err(problem)?;
            NodeValue::Number(match within(text, bytes) {
                Some(t) => Cow::Borrowed(t),
                None => Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
            })
        }
    };
    Ok(Node { value, offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_as_written() {
        let node = read_document(r#"{"h": 12.10, "n": -3e2}"#).unwrap();
        let NodeValue::Object(entries) = node.value else {
            panic!()
        };
        assert_eq!(
            entries[0].value.value,
            NodeValue::Number(Cow::Borrowed("12.10"))
        );
        assert_eq!(
            entries[1].value.value,
            NodeValue::Number(Cow::Borrowed("-3e2"))
        );
    }

    #[test]
    fn offsets_point_at_values() {
        let text = r#"{"a": [1, "x"]}"#;
        let node = read_document(text).unwrap();
        let NodeValue::Object(entries) = node.value else {
            panic!()
        };
        assert_eq!(&text[entries[0].key_offset..entries[0].key_offset + 1], "a");
        let NodeValue::Array(items) = &entries[0].value.value else {
            panic!()
        };
        assert_eq!(&text[items[1].offset..items[1].offset + 3], "\"x\"");
    }

    #[test]
    fn escaped_keys_are_decoded() {
        let node = read_document(r#"{"\u0069d": 1, "name": 2}"#).unwrap();
        let NodeValue::Object(entries) = node.value else {
            panic!()
        };
        assert_eq!(&*entries[0].key, "id");
        assert_eq!(&*entries[1].key, "name");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(read_document(&text).is_err());
    }

    #[test]
    fn arrays_yield_their_elements_then_the_error() {
        let items: Vec<_> = ArrayReader::new(r#"[{"a":1}, {"b":2}, {"c": }]"#).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok() && items[1].is_ok() && items[2].is_err());
        let single: Vec<_> = ArrayReader::new(r#"{"a":1}"#).collect();
        assert_eq!(single.len(), 1);
        let empty: Vec<_> = ArrayReader::new("[]").collect();
        assert!(empty.is_empty());
    }

    #[test]
    fn trailing_garbage_is_an_error() {
        assert!(read_document(r#"{"a":1} x"#).is_err());
    }
}
