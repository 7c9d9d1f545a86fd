//! The rows of a CSV file, streamed: one row read at a time, quotes handled by the `csv`
//! crate (a quoted cell may hold commas, quotes and line breaks; a UTF-8 byte-order mark is
//! skipped). Each row has the line it starts on. A cell that is not UTF-8 text makes its
//! row unreadable, not the file.
//!
//! Lines are counted here, not taken from the `csv` crate, whose `Position::line` is wrong
//! after a blank line and with CRLF line ends (rust-csv issues #208 and #395; spreadsheets
//! write CRLF). The `csv` crate's byte position of a row is right, give or take the line
//! breaks before it: the row's line is one more than the line feeds before its first byte
//! that is not a line break.

use super::{RowItem, TableRow};
use std::collections::VecDeque;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The rows of CSV text read from `reader`; `bytes_read` follows the reading.
pub(crate) fn rows(
    reader: Box<dyn Read + Send>,
    bytes_read: Arc<AtomicU64>,
) -> Box<dyn Iterator<Item = RowItem> + Send> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(Lines {
            inner: reader,
            offset: 0,
            breaks: VecDeque::new(),
            feeds_before: 0,
        });
    Box::new(CsvRows {
        reader,
        record: csv::ByteRecord::new(),
        bytes_read,
        done: false,
    })
}

/// A reader that notes where the line breaks are in what it reads, for [`Lines::line_at`].
struct Lines {
    inner: Box<dyn Read + Send>,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of the line breaks (`\r`, `\n`) read and not yet passed, and whether each is
    /// a line feed.
    breaks: VecDeque<(u64, bool)>,
    /// Line feeds before the first of `breaks`.
    feeds_before: u64,
}

impl Read for Lines {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, b) in buf.iter().take(n).enumerate() {
            if *b == b'\n' || *b == b'\r' {
                self.breaks.push_back((self.offset + i as u64, *b == b'\n'));
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl Lines {
    /// The line (1-based) of the first byte at or after `offset` that is not a line break.
    /// Offsets asked for must not decrease.
    fn line_at(&mut self, offset: u64) -> usize {
        let mut at = offset;
        while let Some(&(o, feed)) = self.breaks.front() {
            if o <= at {
                if o == at {
                    at += 1;
                }
                self.feeds_before += u64::from(feed);
                self.breaks.pop_front();
            } else {
                break;
            }
        }
        usize::try_from(self.feeds_before + 1).unwrap_or(usize::MAX)
    }
}

struct CsvRows {
    reader: csv::Reader<Lines>,
    record: csv::ByteRecord,
    bytes_read: Arc<AtomicU64>,
    done: bool,
}

impl Iterator for CsvRows {
    type Item = RowItem;

    fn next(&mut self) -> Option<RowItem> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                self.bytes_read
                    .store(self.reader.position().byte(), Ordering::Relaxed);
                None
            }
            Ok(true) => {
                let byte = self.record.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().line_at(byte);
                self.bytes_read.store(byte, Ordering::Relaxed);
                let mut problem = None;
                let cells = self
                    .record
                    .iter()
                    .enumerate()
                    .map(|(i, bytes)| match std::str::from_utf8(bytes) {
                        Ok(s) => s.to_string(),
                        Err(e) => {
                            problem.get_or_insert_with(|| {
                                (
                                    format!(
                                        "the cell is not UTF-8 text (byte {} of the cell): save the file as CSV in UTF-8",
                                        e.valid_up_to()
                                    ),
                                    Some(i),
                                )
                            });
                            String::from_utf8_lossy(bytes).into_owned()
                        }
                    })
                    .collect();
                Some(RowItem::Row(TableRow {
                    number: line,
                    cells,
                    problem,
                }))
            }
            Err(e) => {
                self.done = true;
                Some(RowItem::Fatal(format!("cannot read the CSV text: {e}")))
            }
        }
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
            RowItem::Fatal(m) => panic!("{m}"),
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
