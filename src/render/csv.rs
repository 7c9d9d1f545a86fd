//! CSV for spreadsheets: the table's columns with machine-friendly English headers, one row
//! per person, and an `errors` column for invalid records.
//!
//! A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! as a formula: a name `=HYPERLINK("http://…","click")` would run in the clerk's Excel. Such
//! a cell gets a leading `'` (the OWASP rule for CSV injection), which spreadsheets show as
//! text; a cell that is a decimal number (the hours the program computes, `-2.5`) is left as
//! it is ([`neutralised`]).

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
        let cell = &*neutralised(cell);
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

/// `cell`, with a leading `'` when a spreadsheet would read it as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a decimal number.
pub(crate) fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_decimal(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `-12`, `3.5`, `-0.25`: an optional minus, digits, and optional decimals.
fn is_decimal(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, decimals) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !decimals.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && decimals.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for formula in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "-1e5",
        ] {
            assert_eq!(neutralised(formula), format!("'{formula}"), "{formula:?}");
        }
        for kept in [
            "-2.5",
            "-12",
            "0",
            "12.5",
            "张三",
            "a=b",
            "",
            "2022 (short 24)",
        ] {
            assert_eq!(neutralised(kept), kept, "{kept:?}");
        }
    }
}
