//! The rows of the first sheet of an XLSX workbook, read with calamine. The workbook is
//! bounded before calamine reads it: the file and the decompressed size of its entries (as
//! declared, and as actually read) are at most the largest document read whole
//! ([`crate::input::Limits`]), and its shared-string table may not announce more strings than
//! a sheet may have cells. The sheet's cells are then read one at a time, twice (never as a
//! grid as large as the sheet's declared or used dimensions, and never held: see
//! [`first_sheet_of`]; a sheet whose rows are out of order is held, at most
//! [`MAX_SHEET_CELLS`](crate::input::limits::MAX_SHEET_CELLS) cells with a value), spanning at
//! most [`MAX_SHEET_COLUMNS`](crate::input::limits::MAX_SHEET_COLUMNS) columns; rows are handed out
//! as they are read, only those that hold a value. A cell longer than
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
use calamine::{Data, DataRef, Reader, Xlsx};
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
///
/// The sheet's cells are read twice, one at a time, and never held: a first pass finds the
/// columns they span, counts them and sees whether the rows come in order (as every
/// spreadsheet program writes them); the second, on a thread of its own, hands the rows out
/// as they are read, a few hundred at a time. Memory holds the workbook's shared strings
/// (calamine reads them whole), not its cells. A sheet whose rows are out of order is read as
/// before: its cells held and sorted (at most [`MAX_SHEET_CELLS`]); a sheet in order has no
/// bound of cells (as CSV has none of rows).
pub(crate) fn first_sheet_of<R: Read + Seek + Send + 'static>(
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
    let survey = survey(&mut book, &name)?;
    let (first, last) = (survey.first.0 as usize, survey.last.0 as usize);
    let width = last - first + 1;
    if width > MAX_SHEET_COLUMNS {
        let at = |(c, r): (u32, u32)| format!("{}{}", column_letters(c as usize), r + 1);
        return Err(InputProblem::TooManyColumns {
            from: at(survey.first),
            to: at(survey.last),
            sheet: name,
            width,
            max: MAX_SHEET_COLUMNS,
        });
    }
    let rows: Box<dyn Iterator<Item = RowItem> + Send> = if survey.in_order {
        streamed_rows(book, name.clone(), first, width)?
    } else {
        held_rows(&mut book, &name, first, width)?
    };
    Ok(Sheet {
        name: name.into(),
        first_column: first,
        rows,
    })
}

/// What the first pass over a sheet's cells found.
struct Survey {
    /// The leftmost column with a value, and the first row it has one in (0-based).
    first: (u32, u32),
    /// The rightmost column with a value, and the first row it has one in.
    last: (u32, u32),
    /// Whether the rows come in order (each at or after the one before).
    in_order: bool,
}

fn unreadable(name: &str) -> impl Fn(calamine::XlsxError) -> InputProblem + '_ {
    move |e| InputProblem::SheetUnreadable {
        sheet: name.to_string(),
        words: e.to_string(),
    }
}

/// The first pass: the columns the cells with a value span, and whether the rows come in
/// order; a sheet out of order may have at most [`MAX_SHEET_CELLS`] cells with a value.
fn survey<R: Read + Seek>(book: &mut Xlsx<R>, name: &str) -> Result<Survey, InputProblem> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(unreadable(name))?;
    let mut survey = Survey {
        first: (u32::MAX, u32::MAX),
        last: (0, u32::MAX),
        in_order: true,
    };
    let mut count = 0usize;
    let mut row_before = 0;
    while let Some(cell) = reader.next_cell().map_err(unreadable(name))? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, column) = cell.get_position();
        count += 1;
        survey.in_order &= row >= row_before;
        // Only a sheet out of order is held; one in order has no bound of cells.
        if count > MAX_SHEET_CELLS && !survey.in_order {
            return Err(InputProblem::TooManyCells {
                sheet: name.to_string(),
                max: MAX_SHEET_CELLS,
            });
        }
        row_before = row;
        if column < survey.first.0 || (column == survey.first.0 && row < survey.first.1) {
            survey.first = (column, row);
        }
        if column > survey.last.0 || (column == survey.last.0 && row < survey.last.1) {
            survey.last = (column, row);
        }
    }
    if count == 0 {
        survey.first = (0, 0);
        survey.last = (0, 0);
    }
    Ok(survey)
}

/// A cell as kept: its value, or the length of a text too long to keep.
fn kept(data: &DataRef<'_>) -> Option<Kept> {
    Some(match Data::from(data.clone()) {
        Data::Empty => return None,
        Data::String(s) if s.len() > MAX_CELL_BYTES => Kept::TooLong(s.len()),
        data => Kept::Value(data),
    })
}

/// Rows handed to the reader at a time.
const ROWS_AT_A_TIME: usize = 256;

/// The second pass, for a sheet whose rows come in order: the rows as a thread reads them,
/// never more than a few hundred held. The thread ends when the sheet does or when the rows
/// are no longer wanted.
fn streamed_rows<R: Read + Seek + Send + 'static>(
    mut book: Xlsx<R>,
    name: String,
    first: usize,
    width: usize,
) -> Result<Box<dyn Iterator<Item = RowItem> + Send>, InputProblem> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<RowItem>>(4);
    std::thread::Builder::new()
        .name("xlsx-rows".to_string())
        .spawn(move || {
            let Ok(mut reader) = book.worksheet_cells_reader(&name) else {
                let _ = tx.send(vec![RowItem::Fatal(None)]);
                return;
            };
            let mut batch = Vec::with_capacity(ROWS_AT_A_TIME);
            let mut row: Option<(u32, Vec<(u32, Kept)>)> = None;
            loop {
                let cell = match reader.next_cell() {
                    Ok(Some(cell)) => cell,
                    Ok(None) => break,
                    Err(_) => {
                        batch.push(RowItem::Fatal(None));
                        let _ = tx.send(batch);
                        return;
                    }
                };
                let Some(value) = kept(cell.get_value()) else {
                    continue;
                };
                let (r, c) = cell.get_position();
                match &mut row {
                    Some((number, cells)) if *number == r => cells.push((c, value)),
                    _ => {
                        if let Some((number, cells)) = row.replace((r, vec![(c, value)])) {
                            batch.push(row_item(number, cells, first, width));
                        }
                        if batch.len() >= ROWS_AT_A_TIME {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(ROWS_AT_A_TIME));
                            if tx.send(full).is_err() {
                                return;
                            }
                        }
                    }
                }
            }
            if let Some((number, cells)) = row {
                batch.push(row_item(number, cells, first, width));
            }
            let _ = tx.send(batch);
        })
        .map_err(|e| InputProblem::io(&e))?;
    Ok(Box::new(rx.into_iter().flatten()))
}

/// The rows of a sheet whose rows are out of order: every cell held, then sorted.
fn held_rows<R: Read + Seek>(
    book: &mut Xlsx<R>,
    name: &str,
    first: usize,
    width: usize,
) -> Result<Box<dyn Iterator<Item = RowItem> + Send>, InputProblem> {
    let mut cells: Vec<(u32, u32, Kept)> = Vec::new();
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(unreadable(name))?;
    while let Some(cell) = reader.next_cell().map_err(unreadable(name))? {
        let (row, column) = cell.get_position();
        if let Some(value) = kept(cell.get_value()) {
            cells.push((row, column, value));
        }
    }
    // Rows in order (the sort is stable: of two cells at one place, the later stays last).
    cells.sort_by_key(|&(r, _, _)| r);
    let mut rows = Vec::new();
    let mut cells = cells.into_iter().peekable();
    while let Some((r, c, value)) = cells.next() {
        let mut row = vec![(c, value)];
        while let Some((_, c, value)) = cells.next_if(|cell| cell.0 == r) {
            row.push((c, value));
        }
        rows.push(row_item(r, row, first, width));
    }
    Ok(Box::new(rows.into_iter()))
}

/// The row `number` (0-based) of the cells it has, in the order read: `width` cells from
/// sheet column `first`. Two cells at one place (a row given twice, which no spreadsheet
/// program writes) make the row unreadable: neither value is taken silently.
fn row_item(number: u32, mut read: Vec<(u32, Kept)>, first: usize, width: usize) -> RowItem {
    read.sort_by_key(|&(c, _)| c);
    let mut cells = vec![String::new(); width];
    let mut problem = None;
    let mut read = read.into_iter().peekable();
    while let Some((c, kept)) = read.next() {
        let i = (c as usize).saturating_sub(first);
        if read.peek().is_some_and(|next| next.0 == c) {
            problem.get_or_insert((RowProblem::CellTwice, Some(i)));
            continue;
        }
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
    RowItem::Row(TableRow {
        number: number as usize + 1,
        cells,
        problem,
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

/// A number cell's text: a whole number as it is; another at the 15 significant digits a
/// spreadsheet keeps of what is typed and shows (Excel stores `0.1 + 0.2` as
/// `0.30000000000000004` and shows `0.3`): the decimal the person typed or saw, so that
/// `12.5` is `12.5` and a sum's binary rounding does not make the record invalid.
fn float_text(f: f64) -> Result<String, RowProblem> {
    if !f.is_finite() {
        return Err(RowProblem::NotFinite);
    }
    if f.fract() == 0.0 {
        if f.abs() > EXACT_INTEGERS {
            // A huge one (1e308 has 309 digits) is quoted in scientific notation.
            let value = if f.abs() >= 1e21 {
                format!("{f:e}")
            } else {
                f.to_string()
            };
            return Err(RowProblem::InexactNumber { value });
        }
        return Ok(format!("{f}"));
    }
    Ok(significant_15(f))
}

/// `f` (finite, not whole) written with 15 significant digits, trailing zeros dropped.
fn significant_15(f: f64) -> String {
    // `d.dddddddddddddde±x`: 15 digits, the point after the first.
    let scientific = format!("{:.14e}", f.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // Digits before the decimal point (≤ 0: zeros after it first).
    let before = exponent.parse::<i32>().unwrap_or(0) + 1;
    let mut text = String::new();
    if f < 0.0 {
        text.push('-');
    }
    match usize::try_from(before) {
        Ok(0) | Err(_) => {
            text.push_str("0.");
            text.extend(std::iter::repeat_n('0', before.unsigned_abs() as usize));
            text.push_str(&digits);
        }
        Ok(n) if n >= digits.len() => {
            text.push_str(&digits);
            text.extend(std::iter::repeat_n('0', n - digits.len()));
        }
        Ok(n) => {
            text.push_str(digits.get(..n).unwrap_or_default());
            text.push('.');
            text.push_str(digits.get(n..).unwrap_or_default());
        }
    }
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_s_cells_are_placed_by_column_and_two_at_a_place_are_a_problem() {
        let text = |s: &str| Kept::Value(Data::String(s.to_string()));
        let read = vec![
            (4, text("c")),
            (2, text("a")),
            (3, text("x")),
            (3, text("b")),
        ];
        let RowItem::Row(row) = row_item(6, read, 2, 4) else {
            panic!("a row")
        };
        assert_eq!(row.number, 7);
        assert_eq!(row.cells[0], "a");
        assert_eq!(row.cells[2], "c");
        // Column 3 (the row's second) was given twice.
        assert!(matches!(
            row.problem,
            Some((RowProblem::CellTwice, Some(1)))
        ));
        let read = vec![(4, text("c")), (2, text("a")), (3, text("b"))];
        let RowItem::Row(row) = row_item(6, read, 2, 4) else {
            panic!("a row")
        };
        assert_eq!(row.cells, ["a", "b", "c", ""]);
        assert!(row.problem.is_none());
        let read = vec![(3, Kept::TooLong(MAX_CELL_BYTES + 1)), (2, text("a"))];
        let RowItem::Row(row) = row_item(0, read, 2, 2) else {
            panic!("a row")
        };
        assert!(matches!(
            row.problem,
            Some((RowProblem::CellTooLong { .. }, Some(1)))
        ));
    }

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        assert_eq!(cell_text(&Data::Float(12.5)).unwrap(), "12.5");
        assert_eq!(cell_text(&Data::Float(0.1)).unwrap(), "0.1");
        assert_eq!(cell_text(&Data::Float(90.0)).unwrap(), "90");
        // A sum's binary rounding is not what the sheet shows.
        assert_eq!(cell_text(&Data::Float(0.1 + 0.2)).unwrap(), "0.3");
        assert_eq!(cell_text(&Data::Float(12.5 + 0.1)).unwrap(), "12.6");
        assert_eq!(cell_text(&Data::Float(-0.25)).unwrap(), "-0.25");
        assert_eq!(cell_text(&Data::Float(0.000123)).unwrap(), "0.000123");
        assert_eq!(cell_text(&Data::Float(123456.789)).unwrap(), "123456.789");
        assert_eq!(
            cell_text(&Data::Float(2.0 / 3.0)).unwrap(),
            "0.666666666666667"
        );
        // Whole numbers are kept whole, up to 2^53.
        assert_eq!(
            cell_text(&Data::Float(9_007_199_254_740_991.0)).unwrap(),
            "9007199254740991"
        );
        assert!(cell_text(&Data::Float(110105194912310021.0)).is_err());
        assert!(matches!(
            cell_text(&Data::Float(1e308)),
            Err(RowProblem::InexactNumber { value }) if value == "1e308"
        ));
        assert_eq!(cell_text(&Data::Bool(true)).unwrap(), "true");
    }
}
