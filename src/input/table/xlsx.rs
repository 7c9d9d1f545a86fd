//! The rows of the first sheet of an XLSX workbook, read with calamine. The sheet is read
//! whole (the file is at most [`crate::input::MAX_FILE`] bytes); rows are then handed out
//! one at a time.
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

use super::{RowItem, TableRow};
use calamine::{Data, Range, Reader, Xlsx};
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

/// Opens the first sheet of the workbook at `path`.
pub(crate) fn first_sheet(path: &str) -> Result<Sheet, String> {
    let book: Xlsx<_> = calamine::open_workbook(path)
        .map_err(|e| format!("cannot read the file as an XLSX workbook: {e}"))?;
    sheet_of(book)
}

/// Opens the first sheet of the workbook whose bytes are `bytes` (an upload).
pub(crate) fn first_sheet_of_bytes(bytes: Vec<u8>) -> Result<Sheet, String> {
    let book = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("cannot read the file as an XLSX workbook: {e}"))?;
    sheet_of(book)
}

fn sheet_of<RS: std::io::Read + std::io::Seek>(mut book: Xlsx<RS>) -> Result<Sheet, String> {
    let names = book.sheet_names();
    let Some(name) = names.first().cloned() else {
        return Err("the workbook has no sheet".into());
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
    let (first_row, first_column) = range
        .start()
        .map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let name: Arc<str> = name.into();
    Ok(Sheet {
        name: name.clone(),
        first_column,
        rows: Box::new(SheetRows {
            range,
            next: 0,
            first_row,
        }),
    })
}

struct SheetRows {
    range: Range<Data>,
    next: usize,
    first_row: usize,
}

impl Iterator for SheetRows {
    type Item = RowItem;

    fn next(&mut self) -> Option<RowItem> {
        if self.next >= self.range.height() {
            return None;
        }
        let r = self.next;
        self.next += 1;
        let number = self.first_row + r + 1;
        let mut problem = None;
        let cells = (0..self.range.width())
            .map(|c| {
                let data = self.range.get((r, c)).unwrap_or(&Data::Empty);
                cell_text(data).unwrap_or_else(|message| {
                    problem.get_or_insert((message, Some(c)));
                    String::new()
                })
            })
            .collect();
        Some(RowItem::Row(TableRow {
            number,
            cells,
            problem,
        }))
    }
}

/// The largest whole number an `f64` holds exactly with every smaller one: 2^53.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// A cell's value as text, or why it has none.
pub(crate) fn cell_text(data: &Data) -> Result<String, String> {
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
        Data::Error(e) => return Err(format!("the cell holds the error {e}")),
    })
}

/// A number cell's text: the shortest decimal that reads back as the same `f64`.
fn float_text(f: f64) -> Result<String, String> {
    if !f.is_finite() {
        return Err("the cell holds a number that is not finite".into());
    }
    if f.fract() == 0.0 && f.abs() > EXACT_INTEGERS {
        return Err(format!(
            "the number {f} is too large for a spreadsheet to keep exactly: store it as text (a resident ID, for one)"
        ));
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
