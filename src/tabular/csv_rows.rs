//! The rows of a CSV file, streamed: one row read at a time, quotes handled by the `csv`
//! crate (a quoted cell may hold commas, quotes and line breaks; a UTF-8 byte-order mark is
//! skipped). Each row has the line it starts on. A cell that is not UTF-8 text makes its
//! row unreadable, not the file.

use super::{RowItem, TableRow};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The rows of CSV text read from `reader`; `bytes_read` follows the reading.
pub fn rows(
    reader: Box<dyn Read + Send>,
    bytes_read: Arc<AtomicU64>,
) -> Box<dyn Iterator<Item = RowItem> + Send> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(reader);
    Box::new(CsvRows {
        reader,
        record: csv::ByteRecord::new(),
        bytes_read,
        done: false,
    })
}

struct CsvRows {
    reader: csv::Reader<Box<dyn Read + Send>>,
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
                let (line, byte) = self
                    .record
                    .position()
                    .map_or((0, 0), |p| (p.line() as usize, p.byte()));
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
