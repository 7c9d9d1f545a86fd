//! The rows of a CSV file, streamed: one physical record (a row, which a quoted cell may
//! spread over several lines) read at a time, then split into cells by `csv-core` (a quoted
//! cell may hold commas, quotes and line breaks; a UTF-8 byte-order mark is skipped). Each row
//! has the line it starts on. A cell that is not UTF-8 text makes its row unreadable, not the
//! file.
//!
//! Rows are found here, not by the `csv` crate, so that a quoting error cannot merge rows: a
//! quote left open would otherwise swallow every following line into one cell. A quoted cell
//! that spans lines must close (its quote followed by a comma, a line break, or the end) within
//! [`MAX_QUOTED_LINES`] lines, within [`MAX_ROW_BYTES`] bytes and before the end of the file.
//! When it does not, the row where the quote opened is unreadable ([`Unclosed`]) and reading
//! resumes at the line after it, which was kept to be read again. A row longer than
//! [`MAX_ROW_BYTES`] on one line is unreadable and skipped to its line's end; a cell longer
//! than [`MAX_CELL_BYTES`] makes its row unreadable. Memory is bounded by these limits.

use super::{RowItem, TableRow};
use crate::input::limits::{MAX_CELL_BYTES, MAX_QUOTED_LINES, MAX_ROW_BYTES};
use crate::input::reason::{RowProblem, Unclosed};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The rows of CSV text read from `reader`; `bytes_read` follows the reading.
pub(crate) fn rows(
    reader: Box<dyn Read + Send>,
    bytes_read: Arc<AtomicU64>,
) -> Box<dyn Iterator<Item = RowItem> + Send> {
    Box::new(CsvRows {
        scanner: Scanner {
            input: Box::new(BufReader::with_capacity(1 << 16, reader)),
            replay: Vec::new(),
            replay_at: 0,
            line: 1,
            consumed: 0,
            started: false,
            skip_line: false,
        },
        parser: csv_core::Reader::new(),
        bytes_read,
        done: false,
    })
}

/// What the scanner finds next.
#[derive(Debug, PartialEq)]
enum Physical {
    /// A row: its first line and its bytes, without the line break that ends it.
    Row { line: usize, bytes: Vec<u8> },
    /// A quote opened on `line` is not closed.
    Unclosed { line: usize, why: Unclosed },
    /// The row starting on `line` is longer than [`MAX_ROW_BYTES`].
    TooLong { line: usize },
}

/// Where a row's bytes stand, as in `csv-core`'s reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing of the row read yet (blank lines are skipped here).
    StartRow,
    /// At the start of a cell after a comma.
    StartCell,
    /// In a cell without quotes (a quote here is a character of the cell).
    InCell,
    /// In a quoted cell.
    InQuotes,
    /// Just after a quote in a quoted cell: it closes the cell, or doubles a quote.
    QuoteInQuotes,
}

/// Splits CSV text into physical rows, keeping what it may have to read again.
struct Scanner {
    input: Box<dyn BufRead + Send>,
    /// Bytes to read again before the input (after a quote found left open), from `replay_at`.
    replay: Vec<u8>,
    replay_at: usize,
    /// The line of the next byte.
    line: usize,
    /// Bytes taken from the input.
    consumed: u64,
    /// Whether the byte-order mark has been looked for.
    started: bool,
    /// The row just read was too long: the rest of its line is to be skipped.
    skip_line: bool,
}

/// A row being read.
struct Row {
    line: usize,
    state: State,
    bytes: Vec<u8>,
    /// Where in `bytes` the first line break inside quotes ends, and that break's line feeds.
    first_break: Option<(usize, usize)>,
    /// Line breaks inside quotes.
    quoted_breaks: usize,
    /// Line feeds in `bytes`.
    feeds: usize,
}

/// What reading one byte of a row gives.
enum Step {
    Continue,
    Done(Physical),
    /// The quote is left open: the row is done and its lines after the first are read again.
    Reopen(Unclosed),
}

impl Row {
    fn new(line: usize) -> Row {
        Row {
            line,
            state: State::StartRow,
            bytes: Vec::new(),
            first_break: None,
            quoted_breaks: 0,
            feeds: 0,
        }
    }

    fn take(&mut self) -> Physical {
        Physical::Row {
            line: self.line,
            bytes: std::mem::take(&mut self.bytes),
        }
    }

    /// Reads byte `b`; `line` is the line of the byte.
    fn step(&mut self, b: u8, line: usize) -> Step {
        let is_break = b == b'\n' || b == b'\r';
        let ends_row = match self.state {
            State::StartRow if is_break => {
                self.line = line + usize::from(b == b'\n');
                return Step::Continue;
            }
            State::StartRow | State::StartCell => {
                self.state = match b {
                    b'"' => State::InQuotes,
                    b',' => State::StartCell,
                    _ => State::InCell,
                };
                is_break
            }
            State::InCell => {
                if b == b',' {
                    self.state = State::StartCell;
                }
                is_break
            }
            State::InQuotes => {
                if b == b'"' {
                    self.state = State::QuoteInQuotes;
                } else if is_break {
                    self.quoted_breaks += 1;
                    if self.first_break.is_none() {
                        self.first_break =
                            Some((self.bytes.len() + 1, self.feeds + usize::from(b == b'\n')));
                    }
                    if self.quoted_breaks > MAX_QUOTED_LINES {
                        // The break is read again with the lines after the first.
                        self.bytes.push(b);
                        return Step::Reopen(Unclosed::TooManyLines);
                    }
                }
                false
            }
            State::QuoteInQuotes => match b {
                b'"' => {
                    self.state = State::InQuotes;
                    false
                }
                b',' => {
                    self.state = State::StartCell;
                    false
                }
                _ if is_break => true,
                _ if self.first_break.is_some() => {
                    // The byte is read again with the lines after the first.
                    self.bytes.push(b);
                    return Step::Reopen(Unclosed::TextAfterQuote { line });
                }
                _ => {
                    self.state = State::InCell;
                    false
                }
            },
        };
        if ends_row {
            return Step::Done(self.take());
        }
        self.feeds += usize::from(b == b'\n');
        self.bytes.push(b);
        if self.bytes.len() > MAX_ROW_BYTES {
            if self.first_break.is_some() {
                return Step::Reopen(Unclosed::TooManyBytes);
            }
            // The rest of the line is skipped before the next row is read.
            return Step::Done(Physical::TooLong { line: self.line });
        }
        Step::Continue
    }

    /// The end of the input.
    fn end(&mut self) -> Option<Step> {
        match self.state {
            State::StartRow => None,
            State::InQuotes if self.first_break.is_some() => Some(Step::Reopen(Unclosed::AtEnd)),
            State::InQuotes => Some(Step::Done(Physical::Unclosed {
                line: self.line,
                why: Unclosed::AtEnd,
            })),
            _ => Some(Step::Done(self.take())),
        }
    }
}

impl Scanner {
    /// The next bytes to read: those kept to be read again, else the input's.
    fn chunk(&mut self) -> std::io::Result<&[u8]> {
        if self.replay_at < self.replay.len() {
            return Ok(self.replay.get(self.replay_at..).unwrap_or_default());
        }
        if !self.started {
            self.started = true;
            let bom = self.input.fill_buf()?.starts_with(b"\xEF\xBB\xBF");
            if bom {
                self.input.consume(3);
                self.consumed += 3;
            }
        }
        self.input.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if self.replay_at < self.replay.len() {
            self.replay_at += n;
            if self.replay_at >= self.replay.len() {
                self.replay = Vec::new();
                self.replay_at = 0;
            }
        } else {
            self.input.consume(n);
            self.consumed += n as u64;
        }
    }

    /// The next physical row; `None` at the end.
    fn next_row(&mut self) -> std::io::Result<Option<Physical>> {
        while self.skip_line {
            let chunk = self.chunk()?;
            if chunk.is_empty() {
                self.skip_line = false;
                break;
            }
            match memchr::memchr2(b'\n', b'\r', chunk) {
                Some(at) => {
                    self.consume(at);
                    self.skip_line = false;
                }
                None => {
                    let n = chunk.len();
                    self.consume(n);
                }
            }
        }
        let mut row = Row::new(self.line);
        loop {
            let mut line = self.line;
            let chunk = self.chunk()?;
            if chunk.is_empty() {
                return Ok(match row.end() {
                    None => None,
                    Some(Step::Done(p)) => Some(p),
                    Some(Step::Reopen(why)) => Some(self.reopen(row, why)),
                    Some(Step::Continue) => None,
                });
            }
            let mut used = 0;
            let mut step = Step::Continue;
            for &b in chunk {
                used += 1;
                step = row.step(b, line);
                line += usize::from(b == b'\n');
                if !matches!(step, Step::Continue) {
                    break;
                }
            }
            self.consume(used);
            self.line = line;
            match step {
                Step::Continue => {}
                Step::Done(p) => {
                    self.skip_line = matches!(p, Physical::TooLong { .. });
                    return Ok(Some(p));
                }
                Step::Reopen(why) => return Ok(Some(self.reopen(row, why))),
            }
        }
    }

    /// The row's quote is left open: the row is unreadable, and its bytes after its first
    /// line are read again.
    fn reopen(&mut self, row: Row, why: Unclosed) -> Physical {
        if let Some((at, feeds)) = row.first_break {
            let mut again = row.bytes.get(at..).unwrap_or_default().to_vec();
            again.extend_from_slice(self.replay.get(self.replay_at..).unwrap_or_default());
            self.replay = again;
            self.replay_at = 0;
            self.line = row.line + feeds;
        }
        Physical::Unclosed {
            line: row.line,
            why,
        }
    }
}

struct CsvRows {
    scanner: Scanner,
    parser: csv_core::Reader,
    bytes_read: Arc<AtomicU64>,
    done: bool,
}

/// The cells of one row's bytes (which end before the row's line break).
fn cells_of(parser: &mut csv_core::Reader, bytes: &[u8]) -> Vec<Vec<u8>> {
    parser.reset();
    let mut output = vec![0; bytes.len() + 1];
    let mut ends = vec![0; bytes.iter().filter(|&&b| b == b',').count() + 2];
    let (mut input, mut written, mut fields) = (bytes, 0, 0);
    loop {
        let (result, read, out, n) = parser.read_record(
            input,
            output.get_mut(written..).unwrap_or_default(),
            ends.get_mut(fields..).unwrap_or_default(),
        );
        input = input.get(read..).unwrap_or_default();
        written += out;
        // `csv-core` gives each field's end from the record's start.
        fields += n;
        match result {
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
                // Cannot happen (a cell is never longer than its text); grow to be safe.
                output.resize(output.len() * 2 + 1, 0);
                ends.resize(ends.len() * 2 + 1, 0);
            }
            csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => break,
        }
    }
    let mut start = 0;
    ends.iter()
        .take(fields)
        .map(|&end| {
            let cell = output.get(start..end).unwrap_or_default().to_vec();
            start = end;
            cell
        })
        .collect()
}

impl Iterator for CsvRows {
    type Item = RowItem;

    fn next(&mut self) -> Option<RowItem> {
        if self.done {
            return None;
        }
        let physical = match self.scanner.next_row() {
            Ok(Some(p)) => p,
            Ok(None) => {
                self.done = true;
                self.bytes_read
                    .store(self.scanner.consumed, Ordering::Relaxed);
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(RowItem::Fatal(e.raw_os_error()));
            }
        };
        self.bytes_read
            .store(self.scanner.consumed, Ordering::Relaxed);
        let (number, bytes) = match physical {
            Physical::Row { line, bytes } => (line, bytes),
            Physical::Unclosed { line, why } => {
                return Some(RowItem::Row(TableRow::unreadable(
                    line,
                    RowProblem::Unclosed(why),
                )));
            }
            Physical::TooLong { line } => {
                return Some(RowItem::Row(TableRow::unreadable(
                    line,
                    RowProblem::RowTooLong,
                )));
            }
        };
        let mut problem = None;
        let cells = cells_of(&mut self.parser, &bytes)
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| {
                if bytes.len() > MAX_CELL_BYTES {
                    problem.get_or_insert((
                        RowProblem::CellTooLong {
                            bytes: bytes.len(),
                            max: MAX_CELL_BYTES,
                        },
                        Some(i),
                    ));
                    return String::new();
                }
                match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(e) => {
                        problem.get_or_insert((
                            RowProblem::CellNotUtf8 {
                                byte: e.utf8_error().valid_up_to(),
                            },
                            Some(i),
                        ));
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                }
            })
            .collect();
        Some(RowItem::Row(TableRow {
            number,
            cells,
            problem,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, Vec<String>)> {
        rows(
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            Arc::new(AtomicU64::new(0)),
        )
        .map(|item| match item {
            RowItem::Row(r) => (r.number, r.cells),
            RowItem::Fatal(m) => panic!("{m:?}"),
        })
        .collect()
    }

    #[test]
    fn lines_are_right_after_blank_lines_crlf_and_quoted_line_breaks() {
        let expected = |rows: &[(usize, &str)]| -> Vec<(usize, Vec<String>)> {
            rows.iter()
                .map(|(n, first)| (*n, vec![first.to_string(), "x".to_string()]))
                .collect()
        };
        let want = expected(&[(1, "a"), (2, "b"), (4, "c"), (7, "d\ne"), (10, "f")]);
        assert_eq!(lines("a,x\nb,x\n\nc,x\n\n\n\"d\ne\",x\n\nf,x"), want);
        let want = expected(&[(1, "a"), (2, "b"), (4, "c"), (7, "d\r\ne"), (10, "f")]);
        assert_eq!(
            lines("a,x\r\nb,x\r\n\r\nc,x\r\n\r\n\r\n\"d\r\ne\",x\r\n\r\nf,x\r\n"),
            want
        );
    }
}
