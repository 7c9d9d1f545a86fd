//! Rulings as an Excel workbook, written with rust_xlsxwriter in its constant-memory mode
//! (rows go to temporary files as they come, so a large batch does not grow the memory):
//!
//! 1. the rulings: the columns of CSV (id, name, status, the year's figures or the years
//!    examined, `errors`), one row per record, an invalid record with status `invalid` and
//!    its errors on one line;
//! 2. the activities: one row per activity credited or rejected in a year the ruling
//!    examines — person, year, activity index, kind, category, the rule and clause, hours
//!    before caps, hours credited, credited or rejected, and why;
//! 3. the invalid records: one row per error, with its file, record, line (the sheet row
//!    for an XLSX input) and column, field path, code and message.
//!
//! Headers, sheet names and words are in the settings' language. Figures are number cells
//! when their exact decimal reads back unchanged from a binary number (every figure with
//! at most 15 significant digits); others are text, so no cell shows a rounded value.
//!
//! Rows are encoded on the workers ([`encode`]) as JSON arrays of cells and written in input
//! order by [`Book`].

use super::rows::Rows;
use super::{localized, record_error_message, rejection_texts};
use crate::eval::Outcome;
use crate::messages::{Lang, Msg, text};
use crate::number::Number;
use crate::policy::{Policy, PurposeId};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};
use std::io;

/// The most rows an Excel sheet holds.
pub const MAX_ROWS: u32 = 1_048_576;

/// A cell of the workbook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum XCell {
    /// Text.
    Text(String),
    /// A number whose decimal text reads back exactly.
    Number(f64),
    /// Nothing.
    Empty,
}

impl XCell {
    fn text(s: impl Into<String>) -> XCell {
        let s = s.into();
        if s.is_empty() {
            XCell::Empty
        } else {
            XCell::Text(s)
        }
    }

    /// An exact number: a number cell when its decimal text is what the cell will show,
    /// text otherwise.
    pub fn number(n: Number) -> XCell {
        XCell::decimal(&n.to_string(), n.is_terminating())
    }

    fn decimal(s: &str, exact: bool) -> XCell {
        match s.parse::<f64>() {
            Ok(f) if exact && f.is_finite() && format!("{f}") == s => XCell::Number(f),
            _ => XCell::text(s),
        }
    }
}

/// The rows one outcome gives each sheet.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Sheets {
    /// Its row of the rulings.
    pub ruling: Vec<XCell>,
    /// Its rows of the activities.
    pub activities: Vec<Vec<XCell>>,
    /// Its rows of the errors.
    pub errors: Vec<Vec<XCell>>,
}

/// What the rows are made from.
#[derive(Debug, Clone, Copy)]
pub struct XlsxRows<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// Language of headers and words.
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
}

impl<'a> XlsxRows<'a> {
    fn rows(&self) -> Rows<'a> {
        Rows {
            policy: self.policy,
            purpose: self.purpose,
            lang: self.lang,
            redact: self.redact,
            human: true,
        }
    }

    /// The sheets' names.
    pub fn sheet_names(&self) -> [String; 3] {
        [
            text(self.lang, Msg::SheetRulings).to_string(),
            match self.lang {
                Lang::Zh => sheet_name_or(
                    &super::amount_header(self.policy, self.lang, Msg::SheetCredits),
                    text(self.lang, Msg::SheetActivities),
                ),
                Lang::En => text(self.lang, Msg::SheetActivities).to_string(),
            },
            text(self.lang, Msg::SheetErrors).to_string(),
        ]
    }

    /// The sheets' headers.
    pub fn headers(&self) -> [Vec<String>; 3] {
        let t = |m| text(self.lang, m).to_string();
        let mut ruling = self.rows().header(self.lang);
        ruling.push(t(Msg::ColumnErrors));
        let activities = vec![
            t(Msg::ColumnId),
            t(Msg::ColumnName),
            t(Msg::ColumnYear),
            t(Msg::ColumnIndex),
            t(Msg::ColumnKind),
            t(Msg::ColumnCategory),
            t(Msg::ColumnRule),
            t(Msg::ColumnClause),
            super::amount_header(self.policy, self.lang, Msg::ColumnComputed),
            super::amount_header(self.policy, self.lang, Msg::ColumnCredited),
            t(Msg::ColumnResult),
            t(Msg::ColumnReason),
        ];
        let errors = vec![
            t(Msg::ColumnId),
            t(Msg::ColumnName),
            t(Msg::ColumnFile),
            t(Msg::ColumnRecord),
            t(Msg::ColumnLine),
            t(Msg::ColumnColumn),
            t(Msg::ColumnPath),
            t(Msg::ColumnCode),
            t(Msg::ColumnMessage),
        ];
        [ruling, activities, errors]
    }

    /// The rows of one outcome; with `redact`, every text cell of every sheet has its
    /// ID-shaped runs masked ([`super::masked`]).
    pub fn sheets(&self, o: &Outcome) -> Sheets {
        let mut sheets = self.plain_sheets(o);
        if self.redact {
            let rows = std::iter::once(&mut sheets.ruling)
                .chain(&mut sheets.activities)
                .chain(&mut sheets.errors);
            for cell in rows.flatten() {
                if let XCell::Text(text) = cell
                    && let std::borrow::Cow::Owned(masked) = super::masked(text, true)
                {
                    *text = masked;
                }
            }
        }
        sheets
    }

    /// The rows of one outcome, the ID alone masked.
    fn plain_sheets(&self, o: &Outcome) -> Sheets {
        let rows = self.rows();
        let cells = rows.row(o).cells;
        let (id, name) = (
            cells.first().cloned().unwrap_or_default(),
            cells.get(1).cloned().unwrap_or_default(),
        );
        let numeric = rows.numeric_columns();
        let mut ruling: Vec<XCell> = cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                if numeric.contains(&i) {
                    XCell::decimal(&c, true)
                } else {
                    XCell::text(c)
                }
            })
            .collect();
        ruling.push(XCell::text(rows.errors(o)));
        let mut sheets = Sheets {
            ruling,
            ..Sheets::default()
        };
        let policy = self.policy;
        match &o.result {
            Err(errors) => {
                let format = super::format_name(&o.position.file);
                for e in errors {
                    sheets.errors.push(vec![
                        XCell::text(id.clone()),
                        XCell::text(name.clone()),
                        XCell::text(o.position.file.to_string()),
                        XCell::Number(o.position.record as f64),
                        e.at.map_or(XCell::Empty, |a| XCell::Number(a.line as f64)),
                        e.at.map_or(XCell::Empty, |a| XCell::Number(a.column as f64)),
                        XCell::text(e.path.clone()),
                        XCell::text(e.kind.code()),
                        XCell::text(record_error_message(e, policy, self.lang, format)),
                    ]);
                }
            }
            Ok(evaluated) => {
                let activities = &evaluated.ruling.activities;
                // The year an activity's hours count in: within a period (`periods of N
                // years`), the first of its years the period holds, not the period's first.
                let person = |year: &crate::eval::YearRuling, index: usize| {
                    let counts_in = activities
                        .get(index)
                        .and_then(|a| {
                            a.parts
                                .iter()
                                .map(|(y, _)| *y)
                                .find(|y| (year.year..=year.through).contains(y))
                        })
                        .unwrap_or(year.year);
                    vec![
                        XCell::text(id.clone()),
                        XCell::text(name.clone()),
                        XCell::Number(f64::from(counts_in)),
                        XCell::Number(index as f64),
                    ]
                };
                for year in &evaluated.ruling.years {
                    for (index, hours) in &year.credits {
                        let Some(a) = activities.get(*index) else {
                            continue;
                        };
                        let kind = policy.kind(a.kind);
                        let mut row = person(year, *index);
                        row.extend([
                            XCell::text(kind.name.clone()),
                            XCell::text(self.categories(a)),
                            XCell::text(policy.source.slice(kind.credit.origin.span)),
                            XCell::text(
                                kind.credit
                                    .origin
                                    .cite
                                    .as_ref()
                                    .map_or("", |c| c.clause.as_str()),
                            ),
                            XCell::number(a.formula),
                            XCell::number(*hours),
                            XCell::text(text(self.lang, Msg::ResultCredited)),
                            XCell::Empty,
                        ]);
                        sheets.activities.push(row);
                    }
                    for index in &year.rejected {
                        let Some(a) = activities.get(*index) else {
                            continue;
                        };
                        let kind = policy.kind(a.kind);
                        let reasons = rejection_texts(policy, a, self.lang);
                        let rules: Vec<&str> = a
                            .rejections
                            .iter()
                            .filter_map(|r| match r {
                                crate::eval::RejectionReason::Evidence { rule, .. } => {
                                    kind.evidence.get(*rule).map(|r| r.origin.span)
                                }
                                crate::eval::RejectionReason::Rule { rule } => {
                                    kind.rejections.get(*rule).map(|r| r.rule.origin.span)
                                }
                            })
                            .map(|span| policy.source.slice(span))
                            .collect();
                        let mut row = person(year, *index);
                        row.extend([
                            XCell::text(kind.name.clone()),
                            XCell::text(self.categories(a)),
                            XCell::text(rules.join("; ")),
                            XCell::text(
                                reasons
                                    .iter()
                                    .find_map(|r| r.clause.clone())
                                    .unwrap_or_default(),
                            ),
                            XCell::number(a.formula),
                            XCell::number(Number::ZERO),
                            XCell::text(text(self.lang, Msg::ResultRejected)),
                            XCell::text(
                                reasons
                                    .iter()
                                    .map(|r| r.reason.as_str())
                                    .collect::<Vec<_>>()
                                    .join("; "),
                            ),
                        ]);
                        sheets.activities.push(row);
                    }
                }
            }
        }
        sheets
    }

    /// Every category an activity counts in, joined by `, ` (most count in one).
    fn categories(&self, a: &crate::eval::ActivityOutcome) -> String {
        let names: Vec<String> = a.categories().map(|c| self.category(c)).collect();
        names.join(", ")
    }

    fn category(&self, id: crate::policy::CategoryId) -> String {
        self.policy
            .categories
            .get(usize::from(id))
            .map(|c| match (&c.label, self.lang) {
                (Some(l), Lang::Zh) => localized(l, self.lang).to_string(),
                _ => c.name.clone(),
            })
            .unwrap_or_default()
    }
}

/// Appends the rows of one outcome to `out` (on any thread).
pub(crate) fn encode(rows: &XlsxRows, o: &Outcome, out: &mut Vec<u8>) -> io::Result<()> {
    serde_json::to_writer(out, &rows.sheets(o)).map_err(io::Error::other)
}

fn xlsx_error(e: XlsxError) -> io::Error {
    match e {
        XlsxError::RowColumnLimitError => io::Error::other(format!(
            "an Excel sheet holds at most {MAX_ROWS} rows: write this many records as CSV or JSONL"
        )),
        XlsxError::IoError(e) => e,
        e => io::Error::other(e.to_string()),
    }
}

/// A workbook being written: rows are added in order, the file's bytes are made at the end.
pub(crate) struct Book {
    workbook: Workbook,
    /// The next row of each sheet.
    next: [u32; 3],
    widths: [usize; 3],
}

/// `name` as a sheet may be named: without the characters Excel refuses in a sheet's name
/// (`[]:*?/\\`, control characters; a policy's unit label could hold them) and at most 31
/// characters long.
fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .take(31)
        .collect::<String>()
        .trim_matches('\'')
        .to_string()
}

/// [`sheet_name`] of `name`, or `fallback` when nothing of it may name a sheet.
fn sheet_name_or(name: &str, fallback: &str) -> String {
    let name = sheet_name(name);
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

impl Book {
    /// A workbook with its three sheets and their headers.
    pub(crate) fn new(rows: &XlsxRows) -> io::Result<Book> {
        // rust_xlsxwriter cannot report a temporary file it fails to make: check first.
        tempfile::tempfile()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot make a temporary file: {e}")))?;
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let headers = rows.headers();
        let widths = headers.each_ref().map(Vec::len);
        for (name, header) in rows.sheet_names().iter().zip(&headers) {
            let sheet = workbook.add_worksheet_with_constant_memory();
            sheet.set_name(name).map_err(xlsx_error)?;
            for (c, h) in header.iter().enumerate() {
                let c = u16::try_from(c).map_err(io::Error::other)?;
                sheet
                    .write_string_with_format(0, c, h, &bold)
                    .map_err(xlsx_error)?;
                // The first column is the person's id: an 18-character resident ID.
                let width = if c == 0 { 20.0 } else { column_width(h) };
                sheet.set_column_width(c, width).map_err(xlsx_error)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        }
        Ok(Book {
            workbook,
            next: [1; 3],
            widths,
        })
    }

    /// Writes the rows encoded by [`encode`] for one outcome.
    pub(crate) fn push(&mut self, encoded: &[u8]) -> io::Result<()> {
        let sheets: Sheets = serde_json::from_slice(encoded).map_err(io::Error::other)?;
        self.write(0, &sheets.ruling)?;
        for row in &sheets.activities {
            self.write(1, row)?;
        }
        for row in &sheets.errors {
            self.write(2, row)?;
        }
        Ok(())
    }

    /// Writes `cells` as the next row of the sheet with index `sheet` (0, 1 or 2).
    fn write(&mut self, sheet: usize, cells: &[XCell]) -> io::Result<()> {
        let Some(next) = self.next.get_mut(sheet) else {
            return Err(io::Error::other(format!("no sheet {sheet}")));
        };
        let row = *next;
        if row >= MAX_ROWS {
            return Err(xlsx_error(XlsxError::RowColumnLimitError));
        }
        let ws: &mut Worksheet = self
            .workbook
            .worksheet_from_index(sheet)
            .map_err(xlsx_error)?;
        for (c, cell) in cells.iter().enumerate() {
            let c = u16::try_from(c).map_err(io::Error::other)?;
            match cell {
                XCell::Text(s) => ws.write_string(row, c, s).map(|_| ()),
                XCell::Number(n) => ws.write_number(row, c, *n).map(|_| ()),
                XCell::Empty => Ok(()),
            }
            .map_err(xlsx_error)?;
        }
        *next += 1;
        Ok(())
    }

    /// Writes the workbook, with a filter on each sheet's header, to `out`: zipped into a
    /// temporary file first and copied from it, so that the workbook is never held whole in
    /// memory (a million rulings make a workbook of over 100 MB).
    pub(crate) fn finish(mut self, out: &mut dyn io::Write) -> io::Result<()> {
        for (sheet, (width, next)) in self.widths.iter().zip(self.next).enumerate() {
            let last_col = u16::try_from(width.saturating_sub(1)).unwrap_or(0);
            let last_row = next - 1;
            self.workbook
                .worksheet_from_index(sheet)
                .and_then(|ws| ws.autofilter(0, 0, last_row, last_col).map(|_| ()))
                .map_err(xlsx_error)?;
        }
        let mut zipped = tempfile::tempfile()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot make a temporary file: {e}")))?;
        self.workbook
            .save_to_writer(&mut zipped)
            .map_err(xlsx_error)?;
        io::Seek::seek(&mut zipped, io::SeekFrom::Start(0))?;
        io::copy(&mut zipped, out)?;
        Ok(())
    }
}

/// A column wide enough for its header (Chinese characters count twice).
fn column_width(header: &str) -> f64 {
    let w = unicode_width::UnicodeWidthStr::width(header);
    (w.max(8) + 2) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_past_its_last_row_is_refused_with_what_to_write_instead() {
        let (policy, purpose) = crate::render::shipped_annual();
        let rows = XlsxRows {
            policy: &policy,
            purpose,
            lang: Lang::En,
            redact: false,
        };
        let mut book = Book::new(&rows).unwrap();
        // The activities sheet is at its last row: one more fits, the next does not.
        book.next[1] = MAX_ROWS - 1;
        let cells = [XCell::text("x")];
        book.write(1, &cells).unwrap();
        let refused = book.write(1, &cells).unwrap_err().to_string();
        assert_eq!(
            refused,
            "an Excel sheet holds at most 1048576 rows: write this many records as CSV or JSONL"
        );
        // The other sheets go on: the limit is each sheet's.
        book.write(0, &cells).unwrap();
        assert_eq!(book.next, [2, MAX_ROWS, 1]);
    }
}
