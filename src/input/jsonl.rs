//! JSON lines: one record per line, streamed. A line is read here but parsed by whichever
//! thread evaluates it; a line that cannot be read (too long, not UTF-8) is a malformed
//! record at its line, and reading goes on.

use super::MAX_LINE;
use super::raw::{Content, Locator, Malformed, Position, RawRecord};
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
        }
    }
}

impl JsonlRecords {
    /// The next line, when it lies whole in the reader's buffer and is a plain one (not the
    /// first, whose byte-order mark [`JsonlRecords::read_line`] removes; valid UTF-8; not
    /// too long): copied out of the buffer once, `None` inside when it is blank. `None` when
    /// [`JsonlRecords::read_line`] must read it, which then finds what is wrong.
    fn buffered_line(&mut self) -> Option<Option<Box<str>>> {
        if self.line == 0 {
            return None;
        }
        let available = self.reader.fill_buf().ok()?;
        let end = memchr::memchr(b'\n', available).filter(|&end| end <= MAX_LINE)?;
        let mut line = available.get(..end)?;
        while let [rest @ .., b'\r'] = line {
            line = rest;
        }
        let text = simdutf8::basic::from_utf8(line).ok()?;
        let text = (!line.iter().all(u8::is_ascii_whitespace)).then(|| Box::from(text));
        self.reader.consume(end + 1);
        self.bytes_read.fetch_add(end as u64 + 1, Ordering::Relaxed);
        self.line += 1;
        Some(text)
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
            if let Some(line) = self.buffered_line() {
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
            let text: Box<str> = text.into();
            return Some(self.json_line(text));
        }
    }
}

impl JsonlRecords {
    /// The record of the line just read, whose text is `text`.
    fn json_line(&self, text: Box<str>) -> RawRecord {
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
