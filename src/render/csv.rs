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

/// Writes one outcome's row.
pub fn write_row<W: std::io::Write>(
    rows: &Rows,
    outcome: &Outcome,
    out: &mut csv::Writer<W>,
) -> csv::Result<()> {
    let mut row = rows.row(outcome).cells;
    row.push(rows.errors(outcome));
    out.write_record(&row)
}
