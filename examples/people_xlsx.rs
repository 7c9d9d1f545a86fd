//! Makes `examples/people.xlsx` from `examples/people.csv`: the same rows on the first
//! sheet, with cells of the types a clerk's spreadsheet has — numbers as number cells,
//! `true`/`false` as boolean cells, dates of `start` and `end` as date cells (those of `date`
//! stay text `YYYY-MM-DD`, the other form xueshi reads), everything else (resident IDs
//! included) as text.
//!
//! ```sh
//! cargo run --example people_xlsx                      # examples/people.csv → examples/people.xlsx
//! cargo run --example people_xlsx -- in.csv out.xlsx
//! ```
// An example may unwrap and index: it shows the API, briefly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let input = args.first().map_or("examples/people.csv", String::as_str);
    let output = args.get(1).map_or("examples/people.xlsx", String::as_str);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(input)?;
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    let header: Vec<String> = rows
        .first()
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default();

    let mut workbook = Workbook::new();
    // A fixed creation time, so that the file changes only when its content does.
    workbook.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2024, 1, 1)?),
    );
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r)?;
        for (c, cell) in row.iter().enumerate() {
            let column = header.get(c).map_or("", String::as_str);
            let c = u16::try_from(c)?;
            if cell.is_empty() {
                continue;
            }
            if r == 0 {
                sheet.write_string(r, c, cell)?;
            } else if let (Some(d), true) = (ymd(cell), column == "start" || column == "end") {
                sheet.write_datetime_with_format(r, c, &d, &date)?;
            } else if cell == "true" || cell == "false" {
                sheet.write_boolean(r, c, cell == "true")?;
            } else if let Some(n) = number(cell) {
                sheet.write_number(r, c, n)?;
            } else {
                sheet.write_string(r, c, cell)?;
            }
        }
    }
    sheet.set_column_width(0, 20)?;
    workbook.save(output)?;
    eprintln!("wrote {output}");
    Ok(())
}

/// A date written `YYYY-MM-DD`.
fn ymd(s: &str) -> Option<ExcelDateTime> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    ExcelDateTime::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        .map_err(|_: XlsxError| ())
        .ok()
}

/// A number a number cell holds exactly (at most 15 significant digits).
fn number(s: &str) -> Option<f64> {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let plain = s
        .chars()
        .all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-');
    if !plain || digits == 0 || digits > 15 {
        return None;
    }
    let n: f64 = s.parse().ok()?;
    (format!("{n}") == s).then_some(n)
}
