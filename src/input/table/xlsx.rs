//! The rows of the first sheet of an XLSX workbook, read with calamine. The workbook is
//! bounded before calamine reads it: the file and the decompressed size of its entries (as
//! declared, and as actually read) are at most the largest document read whole
//! ([`crate::input::Limits`]), and its shared-string table may not announce more strings than
//! a sheet may have cells. The sheet's cells are then read one at a time (never as a grid as
//! large as the sheet's declared or used dimensions): at most
//! [`MAX_SHEET_CELLS`](crate::input::limits::MAX_SHEET_CELLS) cells with a value, spanning at
//! most [`MAX_SHEET_COLUMNS`](crate::input::limits::MAX_SHEET_COLUMNS) columns; rows are then
//! handed out one at a time, only those that hold a value. A cell longer than
//! [`MAX_CELL_BYTES`](crate::input::limits::MAX_CELL_BYTES) makes its row unreadable (its text
//! is never shown).
//!
//! Every cell becomes text for the decoder to type by the schema, as in CSV:
//! - a text cell as written;
//! - a number cell as the shortest decimal text that reads back as the same binary number
//!   (Rust's `f64` display): calamine gives numbers as `f64`, and this text is the decimal
//!   the workbook stores in almost every case (`12.5` stays `12.5`, `0.1` stays `0.1`). A
//!   whole number too large for an `f64` to hold exactly (beyond 2^53, such as a resident ID
//!   typed as a number) cannot be trusted and makes its row unreadable: store such values as
//!   text;
//! - a date cell as `YYYY-MM-DD` (with its time when it has one, which a date field
//!   rejects); a text cell written `YYYY-MM-DD` is a date too;
//! - a boolean cell as `true` or `false`;
//! - an error cell (`#DIV/0!`, …) makes its row unreadable.

use super::{RowItem, TableRow, column_letters};
use crate::input::error::InputProblem;
use crate::input::limits::{MAX_CELL_BYTES, MAX_SHEET_CELLS, MAX_SHEET_COLUMNS};
use crate::input::reason::RowProblem;
use calamine::{Data, Reader, Xlsx};
use std::io::{Read, Seek};
use std::sync::Arc;

/// A workbook's first sheet: its name, the sheet row and column of the table's top left
/// cell (0-based), and its rows.
pub(crate) struct Sheet {
    /// The sheet's name.
    pub(crate) name: Arc<str>,
    /// The sheet column of the table's first column (0-based).
    pub(crate) first_column: usize,
    /// The rows.
    pub(crate) rows: Box<dyn Iterator<Item = RowItem> + Send>,
}

/// A cell as kept: its value, or the length of a text too long to keep.
enum Kept {
    Value(Data),
    TooLong(usize),
}

/// Opens the first sheet of the workbook at `path`, a file of `size` bytes (when known),
/// reading at most `limit` bytes of it and of its decompressed entries.
pub(crate) fn first_sheet(
    path: &str,
    size: Option<u64>,
    limit: u64,
) -> Result<Sheet, InputProblem> {
    if size.is_some_and(|n| n > limit) {
        return Err(InputProblem::WorkbookTooLarge { limit });
    }
    let file = std::fs::File::open(path).map_err(|e| InputProblem::io(&e))?;
    first_sheet_of(std::io::BufReader::new(file), limit)
}

/// Reads the first sheet of the workbook `source` holds, at most `limit` bytes of its
/// decompressed entries.
pub(crate) fn first_sheet_of<R: Read + Seek>(
    mut source: R,
    limit: u64,
) -> Result<Sheet, InputProblem> {
    check_entries(&mut source, limit)?;
    source
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|e| InputProblem::io(&e))?;
    let mut book: Xlsx<_> = Xlsx::new(source).map_err(|e| not_xlsx(&e))?;
    let names = book.sheet_names();
    let Some(name) = names.first().cloned() else {
        return Err(InputProblem::NoSheet);
    };
    let mut cells: Vec<(u32, u32, Kept)> = Vec::new();
    {
        let unreadable = |e: calamine::XlsxError| InputProblem::SheetUnreadable {
            sheet: name.clone(),
            words: e.to_string(),
        };
        let mut reader = book.worksheet_cells_reader(&name).map_err(unreadable)?;
        while let Some(cell) = reader.next_cell().map_err(unreadable)? {
            let (row, column) = cell.get_position();
            let kept = match Data::from(cell.get_value().clone()) {
                Data::Empty => continue,
                Data::String(s) if s.len() > MAX_CELL_BYTES => Kept::TooLong(s.len()),
                data => Kept::Value(data),
            };
            if cells.len() >= MAX_SHEET_CELLS {
                return Err(InputProblem::TooManyCells {
                    sheet: name,
                    max: MAX_SHEET_CELLS,
                });
            }
            cells.push((row, column, kept));
        }
    }
    // Rows in order, and cells in order within them; of two cells at one place, the last.
    cells.sort_by_key(|&(r, c, _)| (r, c));
    cells.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0 && later.1 == earlier.1;
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    let first = cells.iter().map(|&(_, c, _)| c).min().unwrap_or(0) as usize;
    let last = cells.iter().map(|&(_, c, _)| c).max().unwrap_or(0) as usize;
    let width = last - first + 1;
    if width > MAX_SHEET_COLUMNS {
        let at = |c: u32| {
            cells
                .iter()
                .find(|cell| cell.1 == c)
                .map(|&(r, c, _)| format!("{}{}", column_letters(c as usize), r + 1))
                .unwrap_or_default()
        };
        return Err(InputProblem::TooManyColumns {
            from: at(first as u32),
            to: at(last as u32),
            sheet: name,
            width,
            max: MAX_SHEET_COLUMNS,
        });
    }
    let name: Arc<str> = name.into();
    Ok(Sheet {
        name,
        first_column: first,
        rows: Box::new(SheetRows {
            cells: cells.into_iter().peekable(),
            first,
            width,
        }),
    })
}

fn too_large(limit: u64) -> InputProblem {
    InputProblem::WorkbookTooLarge { limit }
}

fn not_xlsx(e: &dyn std::fmt::Display) -> InputProblem {
    InputProblem::NotXlsx {
        words: e.to_string(),
    }
}

/// Checks the workbook's zip entries before calamine reads them: their sizes as declared and
/// as decompressed, together at most `limit` bytes, and the number of shared strings its
/// table announces (which calamine reserves room for).
fn check_entries<R: Read + Seek>(source: R, limit: u64) -> Result<(), InputProblem> {
    let mut zip = zip::ZipArchive::new(source).map_err(|e| not_xlsx(&e))?;
    let declared = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|e| e.size()))
        .fold(0u64, u64::saturating_add);
    if declared > limit {
        return Err(too_large(limit));
    }
    let mut read = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| not_xlsx(&e))?;
        let shared = entry.name() == "xl/sharedStrings.xml";
        let room = limit - read + 1;
        let mut bounded = (&mut entry).take(room);
        if shared {
            let mut head = Vec::new();
            let n = (&mut bounded)
                .take(1 << 16)
                .read_to_end(&mut head)
                .map_err(|e| not_xlsx(&e))?;
            read += n as u64;
            if announced_strings(&head).is_some_and(|n| n > MAX_SHEET_CELLS as u64) {
                return Err(InputProblem::TooManyStrings {
                    max: MAX_SHEET_CELLS,
                });
            }
        }
        read += std::io::copy(&mut bounded, &mut std::io::sink()).map_err(|e| not_xlsx(&e))?;
        if read > limit {
            return Err(too_large(limit));
        }
    }
    Ok(())
}

/// The `uniqueCount` of a shared-string table's `<sst>` element, from its first bytes.
fn announced_strings(head: &[u8]) -> Option<u64> {
    let key = b"uniqueCount=";
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let digits: Vec<u8> = head
        .get(at + 1..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    // Too many digits for a u64 is too many strings.
    Some(
        std::str::from_utf8(&digits)
            .ok()?
            .parse()
            .unwrap_or(u64::MAX),
    )
}

struct SheetRows {
    cells: std::iter::Peekable<std::vec::IntoIter<(u32, u32, Kept)>>,
    first: usize,
    width: usize,
}

impl Iterator for SheetRows {
    type Item = RowItem;

    fn next(&mut self) -> Option<RowItem> {
        let row = self.cells.peek()?.0;
        let mut cells = vec![String::new(); self.width];
        let mut problem = None;
        while let Some((_, c, kept)) = self.cells.next_if(|cell| cell.0 == row) {
            let i = c as usize - self.first;
            let text = match kept {
                Kept::Value(data) => cell_text(&data),
                Kept::TooLong(n) => Err(RowProblem::CellTooLong {
                    bytes: n,
                    max: MAX_CELL_BYTES,
                }),
            };
            match text {
                Ok(t) => {
                    if let Some(slot) = cells.get_mut(i) {
                        *slot = t;
                    }
                }
                Err(message) => {
                    problem.get_or_insert((message, Some(i)));
                }
            }
        }
        Some(RowItem::Row(TableRow {
            number: row as usize + 1,
            cells,
            problem,
        }))
    }
}

/// The largest whole number an `f64` holds exactly with every smaller one: 2^53.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// A cell's value as text, or why it has none.
pub(crate) fn cell_text(data: &Data) -> Result<String, RowProblem> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f)?,
        Data::DateTime(d) => {
            if d.is_duration() {
                float_text(d.as_f64())?
            } else {
                match d.as_datetime() {
                    Some(dt) if dt.time() == chrono::NaiveTime::MIN => {
                        dt.date().format("%Y-%m-%d").to_string()
                    }
                    Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    None => float_text(d.as_f64())?,
                }
            }
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => {
            return Err(RowProblem::CellError {
                error: e.to_string(),
            });
        }
    })
}

/// A number cell's text: the shortest decimal that reads back as the same `f64`.
fn float_text(f: f64) -> Result<String, RowProblem> {
    if !f.is_finite() {
        return Err(RowProblem::NotFinite);
    }
    if f.fract() == 0.0 && f.abs() > EXACT_INTEGERS {
        return Err(RowProblem::InexactNumber {
            value: f.to_string(),
        });
    }
    Ok(format!("{f}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_their_shortest_decimal() {
        assert_eq!(cell_text(&Data::Float(12.5)).unwrap(), "12.5");
        assert_eq!(cell_text(&Data::Float(0.1)).unwrap(), "0.1");
        assert_eq!(cell_text(&Data::Float(90.0)).unwrap(), "90");
        assert_eq!(
            cell_text(&Data::Float(2.0 / 3.0)).unwrap(),
            "0.6666666666666666"
        );
        assert!(cell_text(&Data::Float(110105194912310021.0)).is_err());
        assert_eq!(cell_text(&Data::Bool(true)).unwrap(), "true");
    }
}
