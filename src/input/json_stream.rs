//! A JSON array of records read from a file element by element, so that memory holds one
//! element at a time, never the file: each element's extent is found by a scanner that knows
//! strings, escapes and brackets, its bytes (at most [`MAX_ELEMENT`]) are parsed with the
//! same reader as a whole document ([`super::json::read_value`]), and it becomes one record at
//! its line and column in the file.
//!
//! - An element on one line that starts near the line's start is handed on as a line of JSON
//!   (parsed again by whichever thread evaluates it, as a JSONL line is); any other element
//!   as its tree, its offsets placed by [`Locator::Part`].
//! - An element longer than [`MAX_ELEMENT`] is skipped to its end and is a malformed record
//!   (`ElementTooLong`); an element that is not UTF-8 is a malformed record; reading goes on
//!   after both, since the scanner still knows where the element ends.
//! - A syntax error (inside an element, or between them) is a malformed record at the place
//!   the error is, the last record of the file: the records before it are all given, as
//!   they were read; after a syntax error the structure of the rest cannot be trusted.
//! - After the closing `]`, anything but whitespace is `trailing characters`.
//!
//! A file whose first value is not an array (one person) is read whole, by the caller.

use super::json::{JsonProblem, read_value};
use super::limits::MAX_ELEMENT;
use super::raw::{Content, Locator, Malformed, Position, RawRecord};
use super::reason::{JsonSyntax, ReadProblem};
use crate::source::{LineCol, SourceFile};
use std::io::BufRead;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The widest indentation an element on its own line is handed on with as a line of JSON
/// (padded with spaces so that columns stay right); an element further right is a tree.
const MAX_PAD: usize = 256;

/// Where the reader is in the array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// After `[`: an element or `]`.
    First,
    /// After an element: `,` or `]`.
    AfterValue,
    /// After `,`: an element.
    AfterComma,
    /// After `]`: whitespace to the end.
    Closed,
    /// Nothing more.
    Done,
}

/// The records of a JSON array read from a reader (see the module's comment).
pub(super) struct ArrayStream {
    reader: Box<dyn BufRead + Send>,
    file: Arc<str>,
    bytes_read: Arc<AtomicU64>,
    /// Offset in the file of the next byte.
    offset: usize,
    /// Line and column (characters, 1-based) of the next byte.
    line: usize,
    column: usize,
    record: usize,
    state: State,
    buf: Vec<u8>,
    /// The byte after a bare scalar (the delimiter that ended it), which the parser is
    /// shown too, as it would see it in the whole document (`tru,` is a misspelling, `tru`
    /// at the end of the text a cut one).
    after: Option<u8>,
    /// A syntax error found right after an element's value, given after its record.
    pending: Option<(ReadProblem, LineCol)>,
}

/// How an element's scan ended.
enum Scanned {
    /// The element is whole in the buffer.
    Whole,
    /// The element is longer than [`MAX_ELEMENT`]; it was read to its end.
    TooLong,
    /// The file ended inside it (or could not be read further): the buffer holds its start.
    Cut,
}

/// The scanner of one element: what it is inside of.
struct Scan {
    /// Open brackets.
    stack: Vec<u8>,
    in_string: bool,
    escape: bool,
    /// A bare scalar (number, `true`, a misspelling): it ends before a delimiter.
    bare: bool,
    started: bool,
}

impl Scan {
    fn new() -> Self {
        Scan {
            stack: Vec::new(),
            in_string: false,
            escape: false,
            bare: false,
            started: false,
        }
    }

    /// How many bytes of `chunk` belong to the element, and whether it ends there.
    fn feed(&mut self, chunk: &[u8]) -> (usize, bool) {
        for (i, &b) in chunk.iter().enumerate() {
            if !self.started {
                self.started = true;
                match b {
                    b'{' | b'[' => self.stack.push(b),
                    b'"' => self.in_string = true,
                    _ => self.bare = true,
                }
                continue;
            }
            if self.bare {
                if matches!(
                    b,
                    b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'[' | b'{' | b'"' | b':'
                ) {
                    return (i, true);
                }
                continue;
            }
            if self.in_string {
                if self.escape {
                    self.escape = false;
                } else if b == b'\\' {
                    self.escape = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.stack.is_empty() {
                        return (i + 1, true);
                    }
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.stack.push(b);
                    // Deeper than a record may nest: the parser reports it here.
                    if self.stack.len() > super::json::MAX_DEPTH + 1 {
                        return (i + 1, true);
                    }
                }
                b'}' | b']' => {
                    let open = if b == b'}' { b'{' } else { b'[' };
                    // A bracket that closes another than the one open ends the element
                    // there: the parser reports it.
                    if self.stack.pop() != Some(open) || self.stack.is_empty() {
                        return (i + 1, true);
                    }
                }
                _ => {}
            }
        }
        (chunk.len(), false)
    }
}

impl ArrayStream {
    /// The array `reader` holds, when its first value (after a byte-order mark and
    /// whitespace) is an array; `Ok(None)` when it is not (or the file is empty), which the
    /// caller reads whole.
    pub(super) fn open(
        mut reader: Box<dyn BufRead + Send>,
        file: Arc<str>,
        bytes_read: Arc<AtomicU64>,
    ) -> std::io::Result<Option<ArrayStream>> {
        let head = reader.fill_buf()?;
        let bom = usize::from(head.starts_with(b"\xEF\xBB\xBF")) * 3;
        reader.consume(bom);
        let mut stream = ArrayStream {
            reader,
            file,
            bytes_read,
            offset: bom,
            line: 1,
            column: 1,
            record: 0,
            state: State::First,
            buf: Vec::new(),
            after: None,
            pending: None,
        };
        match stream.skip_whitespace()? {
            Some(b'[') => {
                stream.advance(1);
                Ok(Some(stream))
            }
            _ => Ok(None),
        }
    }

    /// Consumes `n` bytes of the reader's buffer, which are not line breaks.
    fn advance(&mut self, n: usize) {
        self.reader.consume(n);
        self.offset += n;
        self.column += n;
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
    }

    /// Skips whitespace; the next byte, which is left to read, or `None` at the end.
    fn skip_whitespace(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(None);
            }
            let mut n = 0;
            let mut next = None;
            let (mut line, mut column) = (self.line, self.column);
            for &b in available {
                match b {
                    b'\n' => {
                        line += 1;
                        column = 1;
                    }
                    b' ' | b'\t' | b'\r' => column += 1,
                    _ => {
                        next = Some(b);
                        break;
                    }
                }
                n += 1;
            }
            self.reader.consume(n);
            self.offset += n;
            self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
            (self.line, self.column) = (line, column);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Reads the element starting at the next byte into `buf` (all of it, or its first
    /// [`MAX_ELEMENT`] bytes), consuming it and moving the line and column past it.
    fn scan_element(&mut self) -> std::io::Result<Scanned> {
        self.buf.clear();
        self.after = None;
        let mut scan = Scan::new();
        let mut too_long = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(if too_long {
                    Scanned::TooLong
                } else {
                    Scanned::Cut
                });
            }
            let (n, ended) = scan.feed(available);
            if ended && scan.bare {
                self.after = available.get(n).copied();
            }
            let taken = available.get(..n).unwrap_or_default();
            // Line and column past the bytes taken.
            let breaks = memchr::memchr_iter(b'\n', taken).count();
            let last_line = match memchr::memrchr(b'\n', taken) {
                Some(i) => taken.get(i + 1..).unwrap_or_default(),
                None => taken,
            };
            let chars = last_line.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            if breaks > 0 {
                self.line += breaks;
                self.column = 1 + chars;
            } else {
                self.column += chars;
            }
            if self.buf.len() + n > MAX_ELEMENT {
                too_long = true;
                self.buf.clear();
            }
            if !too_long {
                self.buf.extend_from_slice(taken);
            }
            self.reader.consume(n);
            self.offset += n;
            self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
            if ended {
                return Ok(if too_long {
                    Scanned::TooLong
                } else {
                    Scanned::Whole
                });
            }
        }
    }

    fn position_at(&self, line: usize) -> Position {
        Position {
            file: self.file.clone(),
            record: self.record,
            line: Some(line),
        }
    }

    /// A malformed record at `at`.
    fn malformed(&self, problem: ReadProblem, at: LineCol) -> RawRecord {
        RawRecord {
            position: self.position_at(at.line),
            content: Content::Malformed(Malformed {
                problem,
                at: Some(at),
            }),
            locator: Locator::Nowhere,
        }
    }

    /// A syntax error at the next byte: the last record.
    fn syntax_error(&mut self, syntax: JsonSyntax) -> RawRecord {
        self.state = State::Done;
        self.record += 1;
        let at = LineCol {
            line: self.line,
            column: self.column,
        };
        self.malformed(ReadProblem::Json(syntax), at)
    }

    /// The record of the element just scanned, which started at `start` (line, column) and
    /// byte `offset` of the file.
    fn element(&mut self, scanned: Scanned, start: LineCol, offset: usize) -> RawRecord {
        self.record += 1;
        if let Scanned::TooLong = scanned {
            return self.malformed(ReadProblem::ElementTooLong { max: MAX_ELEMENT }, start);
        }
        let bytes = std::mem::take(&mut self.buf);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default())
                    .into_owned();
                let at = place(start, &prefix, valid);
                self.buf = e.into_bytes();
                return self.malformed(
                    ReadProblem::FileNotUtf8 {
                        byte: offset + valid,
                    },
                    at,
                );
            }
        };
        let fail = |this: &mut Self, p: JsonProblem, text: &str| {
            this.state = State::Done;
            let at = place(start, text, p.offset);
            this.malformed(p.problem, at)
        };
        let shown;
        let parsed = match self.after {
            Some(b) if b.is_ascii() => {
                shown = format!("{text}{}", char::from(b));
                &shown
            }
            _ => &text,
        };
        let node = match tree_of(parsed) {
            Ok(node) => node,
            Err(p) => return fail(self, p, &text),
        };
        if node.end < text.len() {
            // The element's scan went on past the value: what follows it is no `,` or `]`.
            // The value is a record, the error the next (and last).
            self.state = State::Done;
            let at = place(start, &text, node.end);
            self.pending = Some((ReadProblem::Json(JsonSyntax::ExpectedListCommaOrEnd), at));
        } else if let Scanned::Cut = scanned {
            // A value, but the file ends before `,` or `]`: the value is a record, the end
            // of the file the next (and last).
            self.state = State::Done;
            let at = place(start, &text, text.len());
            self.pending = Some((ReadProblem::Json(JsonSyntax::EofWhileParsingList), at));
        }
        let node = node.node;
        if !text.contains('\n') && start.column <= MAX_PAD + 1 {
            drop(node);
            let mut line = String::with_capacity(start.column - 1 + text.len());
            line.extend(std::iter::repeat_n(' ', start.column - 1));
            line.push_str(&text);
            return RawRecord {
                position: self.position_at(start.line),
                content: Content::JsonLine,
                locator: Locator::Line {
                    line: start.line,
                    text: line.into(),
                },
            };
        }
        let node = node.into_owned();
        RawRecord {
            position: self.position_at(start.line),
            content: Content::Tree(node),
            locator: Locator::Part {
                source: SourceFile::new(&*self.file, text),
                line: start.line,
                column: start.column,
            },
        }
    }

    /// The record of a read that failed: the last.
    fn unreadable(&mut self, e: &std::io::Error, line: usize) -> RawRecord {
        self.state = State::Done;
        self.record += 1;
        RawRecord {
            position: self.position_at(line),
            content: Content::Malformed(Malformed {
                problem: ReadProblem::Unreadable {
                    os_error: e.raw_os_error(),
                },
                at: None,
            }),
            locator: Locator::Nowhere,
        }
    }
}

/// A value read, and the offset of the byte after it.
struct Read<'t> {
    node: super::tree::Node<'t>,
    end: usize,
}

/// The tree of the value at the start of `text`, one element (read at the depth of an
/// array's element).
fn tree_of(text: &str) -> Result<Read<'_>, JsonProblem> {
    let mut jiter = jiter::Jiter::new(text.as_bytes());
    let peek = jiter.peek().map_err(|e| JsonProblem {
        problem: ReadProblem::Json(JsonSyntax::of(&e.error_type)),
        offset: e.index,
    })?;
    let node = read_value(text, &mut jiter, peek, 1)?;
    Ok(Read {
        node,
        end: jiter.current_index(),
    })
}

/// The place in the file of byte `offset` of an element that starts at `start`.
fn place(start: LineCol, text: &str, offset: usize) -> LineCol {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    match before.rfind('\n') {
        Some(i) => LineCol {
            line: start.line + before.matches('\n').count(),
            column: before.get(i + 1..).map_or(0, |s| s.chars().count()) + 1,
        },
        None => LineCol {
            line: start.line,
            column: start.column + before.chars().count(),
        },
    }
}

impl Iterator for ArrayStream {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        if let Some((problem, at)) = self.pending.take() {
            self.record += 1;
            return Some(self.malformed(problem, at));
        }
        loop {
            let next = match self.state {
                State::Done => return None,
                _ => match self.skip_whitespace() {
                    Ok(b) => b,
                    Err(e) => return Some(self.unreadable(&e, self.line)),
                },
            };
            match (self.state, next) {
                (State::Closed, None) => {
                    self.state = State::Done;
                    return None;
                }
                (State::Closed, Some(_)) => {
                    return Some(self.syntax_error(JsonSyntax::TrailingCharacters));
                }
                (State::First | State::AfterComma, None) => {
                    return Some(self.syntax_error(JsonSyntax::EofWhileParsingValue));
                }
                (State::AfterValue, None) => {
                    return Some(self.syntax_error(JsonSyntax::EofWhileParsingList));
                }
                (State::First | State::AfterValue, Some(b']')) => {
                    self.advance(1);
                    self.state = State::Closed;
                }
                (State::AfterComma, Some(b']')) => {
                    return Some(self.syntax_error(JsonSyntax::TrailingComma));
                }
                (State::AfterValue, Some(b',')) => {
                    self.advance(1);
                    self.state = State::AfterComma;
                }
                (State::AfterValue, Some(_)) => {
                    return Some(self.syntax_error(JsonSyntax::ExpectedListCommaOrEnd));
                }
                (State::First | State::AfterComma, Some(_)) => {
                    let start = LineCol {
                        line: self.line,
                        column: self.column,
                    };
                    let offset = self.offset;
                    let scanned = match self.scan_element() {
                        Ok(s) => s,
                        Err(e) => return Some(self.unreadable(&e, start.line)),
                    };
                    self.state = State::AfterValue;
                    return Some(self.element(scanned, start, offset));
                }
                (State::Done, _) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::json::ArrayReader;

    /// The records of `text` read as a stream: for each, its line and what it holds
    /// (`ok` or the problem and where).
    fn streamed(text: &str) -> Vec<(usize, String)> {
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let stream = ArrayStream::open(reader, "t.json".into(), Arc::default())
            .unwrap()
            .unwrap();
        stream
            .map(|r| {
                let line = r.position.line.unwrap();
                let what = match r.content {
                    Content::Malformed(m) => format!("{:?} at {:?}", m.problem, m.at),
                    _ => "ok".to_string(),
                };
                (line, what)
            })
            .collect()
    }

    /// The same, read whole by the reader of whole documents.
    fn whole(text: &str) -> Vec<(usize, String)> {
        let source = SourceFile::new("t.json", text);
        ArrayReader::new(text)
            .map(|item| match item {
                Ok(node) => (source.line_of(node.offset), "ok".to_string()),
                Err(p) => {
                    let at = source.line_col(p.offset);
                    (at.line, format!("{:?} at {:?}", p.problem, Some(at)))
                }
            })
            .collect()
    }

    #[test]
    fn a_stream_gives_what_the_whole_document_gives() {
        let cases = [
            "[]",
            " [ ] \n",
            "[{\"a\":1}]",
            "[\n{\"a\":1},\n{\"b\":[1,2,{\"c\":\"x]}\"}]},\n  {\"d\": \"\\\"\"}\n]\n",
            "[{\"a\":1}, {\"b\": }, {\"c\":3}]",
            "[{\"a\":1}, {\"b\":2} {\"c\":3}]",
            "[{\"a\":1},]",
            "[{\"a\":1}",
            "[{\"a\":1},",
            "[{\"a\":1}, {\"b\"",
            "[{\"a\":1}, {\"b\": \"x",
            "[{\"a\":1}] x",
            "[{\"a\":1}] ]",
            "[42, \"x\", null, true, -1.5e3]",
            "[tru, 1]",
            "[1 2]",
            "[12abc]",
            "[12abc",
            "[12",
            "[\"x\"",
            "[,1]",
            "[}",
            "[{\"a\":[1}]",
            "[{\"a\" 1}]",
            "[{\"é\": \"中文\"}, {\"b\": }]",
            "[\n  {\n    \"a\": 1,\n    \"b\": x\n  }\n]",
            "[{\"a\": 1,}]",
        ];
        for case in cases {
            assert_eq!(streamed(case), whole(case), "{case:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_at_the_same_place() {
        let text = format!("[{{\"a\":1}}, {}]", "[".repeat(100_000));
        assert_eq!(streamed(&text), whole(&text));
    }

    #[test]
    fn offsets_of_a_tree_element_are_placed_in_the_file() {
        let text = "[\n  {\"a\": 1,\n   \"b\": [2]}\n]";
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let mut stream = ArrayStream::open(reader, "t.json".into(), Arc::default())
            .unwrap()
            .unwrap();
        let record = stream.next().unwrap();
        assert!(stream.next().is_none());
        let Content::Tree(node) = &record.content else {
            panic!("{:?}", record.content)
        };
        let crate::input::NodeValue::Object(entries) = &node.value else {
            panic!()
        };
        let b = &entries[1];
        assert_eq!(
            record.locator.locate(b.key_offset),
            Some(LineCol { line: 3, column: 5 })
        );
        assert_eq!(
            record.locator.locate(node.offset),
            Some(LineCol { line: 2, column: 3 })
        );
    }

    #[test]
    fn a_line_element_keeps_its_columns() {
        let text = "[\n   {\"a\": 1}\n]";
        let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        let mut stream = ArrayStream::open(reader, "t.json".into(), Arc::default())
            .unwrap()
            .unwrap();
        let record = stream.next().unwrap();
        assert!(matches!(record.content, Content::JsonLine));
        // `"a"` is at line 2, column 5.
        assert_eq!(
            record.locator.locate(4),
            Some(LineCol { line: 2, column: 5 })
        );
    }

    #[test]
    fn an_element_over_the_limit_is_skipped_and_reading_goes_on() {
        let long = "x".repeat(MAX_ELEMENT + 10);
        let text = format!("[{{\"a\":\"{long}\"}}, {{\"b\":2}}]");
        let got = streamed(&text);
        assert_eq!(got.len(), 2);
        assert!(got[0].1.contains("ElementTooLong"), "{:?}", got[0]);
        assert_eq!(got[1].1, "ok");
    }

    #[test]
    fn an_element_not_utf8_is_one_record_and_reading_goes_on() {
        let mut bytes = b"[{\"a\":\"x".to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b"\"}, {\"b\":2}]");
        let stream = ArrayStream::open(
            Box::new(std::io::Cursor::new(bytes)),
            "t".into(),
            Arc::default(),
        )
        .unwrap()
        .unwrap();
        let got: Vec<_> = stream.collect();
        assert_eq!(got.len(), 2);
        assert!(matches!(
            &got[0].content,
            Content::Malformed(Malformed {
                problem: ReadProblem::FileNotUtf8 { byte: 8 },
                ..
            })
        ));
    }

    #[test]
    fn a_file_whose_value_is_not_an_array_is_left_to_the_caller() {
        for text in ["", "  ", "{\"a\":1}", "\u{feff}{}"] {
            let reader = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
            assert!(
                ArrayStream::open(reader, "t".into(), Arc::default())
                    .unwrap()
                    .is_none()
            );
        }
        let reader = Box::new(std::io::Cursor::new(b"\xEF\xBB\xBF [1]".to_vec()));
        assert!(
            ArrayStream::open(reader, "t".into(), Arc::default())
                .unwrap()
                .is_some()
        );
    }
}
