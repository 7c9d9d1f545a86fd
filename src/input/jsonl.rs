//! JSON lines: one record per line, streamed. A line is read here but parsed by whichever
//! thread evaluates it; a line that cannot be read (too long, not UTF-8) is a malformed
//! record at its line, and reading goes on. The whole lines in the reader's buffer are
//! taken out as one block, checked as UTF-8 at once, whose lines share its allocation (one
//! for the block, not one for each line, freed when the last of its records is).

use super::MAX_LINE;
use super::raw::{Content, LineText, Locator, Malformed, Position, RawRecord};
use super::reason::ReadProblem;
use crate::source::LineCol;
use std::io::{BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub(super) struct JsonlRecords {
    reader: Box<dyn BufRead + Send>,
    file: Arc<str>,
    line: usize,
    record: usize,
    buf: Vec<u8>,
    done: bool,
    bytes_read: Arc<AtomicU64>,
    /// The block of whole lines being handed out, and where its next line starts.
    block: Option<(Arc<str>, usize)>,
}

impl JsonlRecords {
    /// The records of `reader`, the file `file`, counting the bytes read into `bytes_read`.
    pub(super) fn new(
        reader: Box<dyn BufRead + Send>,
        file: Arc<str>,
        bytes_read: Arc<AtomicU64>,
    ) -> Self {
        JsonlRecords {
            reader,
            file,
            line: 0,
            record: 0,
            buf: Vec::new(),
            done: false,
            bytes_read,
            block: None,
        }
    }
}

impl JsonlRecords {
    /// The next line of the block, taking the whole lines in the reader's buffer out as a
    /// new block when the last is spent; `None` inside when it is blank. `None` when there
    /// is no whole line to take (the next ends beyond the buffer) or it is not a plain one
    /// (the first, whose byte-order mark [`JsonlRecords::read_line`] removes; not valid
    /// UTF-8): then [`JsonlRecords::read_line`] reads it, which finds what is wrong.
    fn block_line(&mut self) -> Option<Option<LineText>> {
        if self.block.is_none() {
            self.block = self.take_block();
        }
        let (block, start) = self.block.as_mut()?;
        let rest = block.as_bytes().get(*start..)?;
        // A block is whole lines, each with its line break.
        let end = *start + memchr::memchr(b'\n', rest)?;
        let mut line_end = end;
        while line_end > *start && block.as_bytes().get(line_end - 1) == Some(&b'\r') {
            line_end -= 1;
        }
        let line = LineText::in_block(block, *start, line_end)?;
        *start = end + 1;
        if *start >= block.len() {
            self.block = None;
        }
        self.line += 1;
        Some((!line.bytes().all(|b| b.is_ascii_whitespace())).then_some(line))
    }

    /// The whole lines in the reader's buffer that are valid UTF-8 (up to the first that is
    /// not), consumed; `None` when there are none, or for the first line.
    fn take_block(&mut self) -> Option<(Arc<str>, usize)> {
        if self.line == 0 {
            return None;
        }
        let available = self.reader.fill_buf().ok()?;
        let whole = available.get(..memchr::memrchr(b'\n', available)? + 1)?;
        let text = match simdutf8::basic::from_utf8(whole) {
            Ok(text) => text,
            Err(_) => {
                // Up to the last line break before the first byte that is not UTF-8.
                let valid =
                    simdutf8::compat::from_utf8(whole).map_or_else(|e| e.valid_up_to(), str::len);
                let cut = memchr::memrchr(b'\n', whole.get(..valid)?)? + 1;
                simdutf8::basic::from_utf8(whole.get(..cut)?).ok()?
            }
        };
        // No line of a block is too long when the block is not (a longer one is read line
        // by line, and each too long line reported).
        if text.len() > MAX_LINE {
            return None;
        }
        let block: Arc<str> = Arc::from(text);
        self.reader.consume(block.len());
        self.bytes_read
            .fetch_add(block.len() as u64, Ordering::Relaxed);
        Some((block, 0))
    }

    /// Reads one line into `buf` (without its line break); `Ok(false)` at the end. A line
    /// longer than [`MAX_LINE`] is consumed and reported as too long.
    fn read_line(&mut self) -> std::io::Result<Option<bool>> {
        self.buf.clear();
        let n = (&mut self.reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        self.line += 1;
        let complete = self.buf.last() == Some(&b'\n') || self.buf.len() <= MAX_LINE;
        if !complete {
            // Skip the rest of the overlong line.
            let mut sink = Vec::new();
            loop {
                sink.clear();
                let n = (&mut self.reader)
                    .take(1 << 20)
                    .read_until(b'\n', &mut sink)?;
                if n == 0 || sink.last() == Some(&b'\n') {
                    break;
                }
            }
            return Ok(Some(false));
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        // A byte-order mark, which some Windows tools write, is not part of the first line.
        if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        Ok(Some(true))
    }
}

impl Iterator for JsonlRecords {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        loop {
            if self.done {
                return None;
            }
            if let Some(line) = self.block_line() {
                match line {
                    Some(text) => {
                        self.record += 1;
                        return Some(self.json_line(text));
                    }
                    None => continue,
                }
            }
            let fits = match self.read_line() {
                Ok(None) => return None,
                Ok(Some(fits)) => fits,
                Err(e) => {
                    self.done = true;
                    self.record += 1;
                    return Some(self.malformed(
                        ReadProblem::Unreadable {
                            os_error: e.raw_os_error(),
                        },
                        None,
                    ));
                }
            };
            if !fits {
                self.record += 1;
                return Some(self.malformed(ReadProblem::LineTooLong { max: MAX_LINE }, Some(1)));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.record += 1;
            let text = match simdutf8::compat::from_utf8(&self.buf) {
                Ok(t) => t,
                Err(e) => {
                    let column = e.valid_up_to() + 1;
                    return Some(self.malformed(
                        ReadProblem::LineNotUtf8 {
                            byte: e.valid_up_to(),
                        },
                        Some(column),
                    ));
                }
            };
            let text = LineText::from(text);
            return Some(self.json_line(text));
        }
    }
}

impl JsonlRecords {
    /// The record of the line just read, whose text is `text`.
    fn json_line(&self, text: LineText) -> RawRecord {
        RawRecord {
            position: Position {
                file: self.file.clone(),
                record: self.record,
                line: Some(self.line),
            },
            content: Content::JsonLine,
            locator: Locator::Line {
                line: self.line,
                text,
            },
        }
    }

    fn malformed(&self, problem: ReadProblem, column: Option<usize>) -> RawRecord {
        RawRecord {
            position: Position {
                file: self.file.clone(),
                record: self.record,
                line: Some(self.line),
            },
            content: Content::Malformed(Malformed {
                problem,
                at: column.map(|column| LineCol {
                    line: self.line,
                    column,
                }),
            }),
            locator: Locator::Nowhere,
        }
    }
}
