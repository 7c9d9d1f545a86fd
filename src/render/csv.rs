//! CSV for spreadsheets: the table's columns with machine-friendly English headers, one row
//! per person, and an `errors` column for invalid records.

use super::rows::Rows;
use crate::batch::Outcome;
use crate::messages::Lang;

/// Writes the CSV header.
pub fn write_header<W: std::io::Write>(rows: &Rows, out: &mut csv::Writer<W>) -> csv::Result<()> {
    let mut header = rows.header(Lang::En);
    header.push("errors".to_string());
    out.write_record(&header)
}

/// Appends one outcome's row to `out`, quoted as the `csv` crate's writer quotes (it is
/// `csv_core` that quotes here too, without a writer and its buffer for every row).
pub fn encode_row(rows: &Rows, outcome: &Outcome, out: &mut Vec<u8>) {
    let mut row = rows.row(outcome).cells;
    row.push(rows.errors(outcome));
    let mut writer = csv_core::Writer::new();
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            write_all(out, |o| writer.delimiter(o));
        }
        // An empty cell is written as nothing, as the `csv` crate's writer does (csv_core
        // alone would quote an empty first cell).
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
    }
    write_all(out, |o| writer.terminator(o));
}

/// Runs a `csv_core` step that writes a few bytes (a delimiter, a closing quote) until done.
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
