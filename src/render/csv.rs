//! CSV for spreadsheets: the table's columns with machine-friendly English headers, one row
//! per person, and an `errors` column for invalid records.

use super::rows::Rows;
use crate::eval::Outcome;
use crate::messages::Lang;

/// Writes the CSV header.
pub(crate) fn write_header<W: std::io::Write>(
    rows: &Rows,
    out: &mut csv::Writer<W>,
) -> csv::Result<()> {
    let mut header = rows.header(Lang::En);
    header.push("errors".to_string());
    out.write_record(&header)
}

/// Appends one outcome's row to `out`, quoted as the `csv` crate's writer quotes: a cell
/// with a comma, a quote or a line break is quoted by `csv_core`, any other is written as
/// it is (an empty one as nothing, as the `csv` crate's writer does).
// In range: `start` is the length before the buffer grew, and csv_core reads no more of
// `input` than it is given.
#[allow(clippy::indexing_slicing)]
pub(crate) fn encode_row(rows: &Rows, outcome: &Outcome, out: &mut Vec<u8>) {
    let mut first = true;
    let mut write_cell = |cell: &str| {
        if !first {
            out.push(b',');
        }
        first = false;
        let plain = !cell
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
        if plain {
            out.extend_from_slice(cell.as_bytes());
            return;
        }
        let mut writer = csv_core::Writer::new();
        let mut input = cell.as_bytes();
        while !input.is_empty() {
            let start = out.len();
            out.resize(start + input.len() * 2 + 8, 0);
            let (result, read, written) = writer.field(input, &mut out[start..]);
            out.truncate(start + written);
            input = &input[read..];
            if result == csv_core::WriteResult::InputEmpty {
                break;
            }
        }
        write_all(out, |o| writer.finish(o));
    };
    rows.each_cell(outcome, &mut write_cell);
    write_cell(&rows.errors(outcome));
    out.push(b'\n');
}

/// Runs a `csv_core` step that writes a few bytes (a delimiter, a closing quote) until done.
#[allow(clippy::indexing_slicing)] // `start` is the length before the buffer grew
fn write_all(out: &mut Vec<u8>, mut step: impl FnMut(&mut [u8]) -> (csv_core::WriteResult, usize)) {
    loop {
        let start = out.len();
        out.resize(start + 8, 0);
        let (result, written) = step(&mut out[start..]);
        out.truncate(start + written);
        if result == csv_core::WriteResult::InputEmpty {
            break;
        }
    }
}
