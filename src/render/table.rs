//! The table for people: one row per person (id, name, status and the year's figures, or
//! the years examined and those that failed), a summary of counts by status, then the errors
//! of invalid records. Columns are aligned by display width, so Chinese text lines up.
//!
//! The table streams ([`TableWriter`]): the widths of its columns are those of the header and
//! the first [`FIRST_BATCH`] rows, which are held until then; later rows are written as they
//! come, in those widths, and a wider cell pushes the rest of its own row to the right (no
//! cell is cut). The errors of invalid records, listed after the summary, wait in a spool
//! that moves to an unnamed temporary file past [`SPOOL_IN_MEMORY`] bytes. Memory stays
//! bounded however many records there are. Every cell and message from a record is escaped
//! ([`printable`]).
//!
//! A row is encoded where the outcome is ([`TableRenderer::encode`], on the thread that
//! evaluated it): its status, its cells and its error lines as a few bytes, so that the
//! outcomes themselves need not wait in order for the writer ([`TableWriter::push_encoded`]).

use super::{record_error_message, rows::Rows};
use crate::eval::Outcome;
use crate::messages::{Lang, Msg, fill, text};
use crate::policy::{Policy, PurposeId};
use crate::printable::printable;
use std::io::{self, Seek, Write};
use unicode_width::UnicodeWidthStr;

/// Rows held to fix the widths of the columns; a table of at most this many rows is aligned
/// over all of them.
pub const FIRST_BATCH: usize = 1000;

/// Bytes of error lines held in memory before they move to a temporary file.
pub const SPOOL_IN_MEMORY: usize = 1 << 20;

/// Between the cells of an encoded row (a control character: every cell is escaped, so none
/// holds one).
const CELL: u8 = 0x1F;
/// Between an encoded row's cells and its error lines.
const ERRORS: u8 = 0x1E;

/// Renders outcomes as a table.
#[derive(Debug, Clone, Copy)]
pub struct TableRenderer<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// Language of headers and words.
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
}

impl<'a> TableRenderer<'a> {
    fn rows(&self) -> Rows<'a> {
        Rows {
            policy: self.policy,
            purpose: self.purpose,
            lang: self.lang,
            redact: self.redact,
            human: true,
        }
    }

    /// Appends the row of `outcome`, encoded for [`TableWriter::push_encoded`]: the index of
    /// its status among the statuses counted (empty when invalid), each escaped cell, and the
    /// lines of its errors, separated by control characters no escaped text holds.
    pub fn encode(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        let rows = self.rows();
        if let Some(i) = rows.counter().key(outcome) {
            out.extend_from_slice(i.to_string().as_bytes());
        }
        rows.each_cell(outcome, &mut |cell| {
            out.push(CELL);
            out.extend_from_slice(printable(cell).as_bytes());
        });
        out.push(ERRORS);
        self.error_lines(outcome, out);
    }

    /// The lines listing the errors of an invalid record, after the summary (masked as a
    /// whole with `redact`).
    fn error_lines(&self, o: &Outcome, out: &mut Vec<u8>) {
        let Err(errors) = &o.result else {
            return;
        };
        let lang = self.lang;
        let mut text = String::new();
        let mut place = fill(
            lang,
            Msg::TableRecordAt,
            &[("record", &o.position.record), ("file", &o.position.file)],
        );
        if let Some(line) = o.position.line {
            place.push_str(&fill(lang, Msg::TableLine, &[("line", &line)]));
        }
        text.push_str(&format!("  {}\n", printable(&place)));
        for e in errors {
            let format = super::format_name(&o.position.file);
            let message = record_error_message(e, self.policy, lang, format);
            let message = printable(&message);
            let at =
                e.at.map(|a| format!(" [{}:{}]", a.line, a.column))
                    .unwrap_or_default();
            if e.path.is_empty() {
                text.push_str(&format!("    {message}{at}\n"));
            } else {
                text.push_str(&format!("    {}: {message}{at}\n", printable(&e.path)));
            }
        }
        // With --redact, no ID in the file's name, a field's path or a message.
        out.extend_from_slice(super::masked(&text, self.redact).as_bytes());
    }

    /// The whole table, summary and errors.
    pub fn render(&self, outcomes: &[Outcome]) -> String {
        let mut writer = self.writer();
        let mut out = Vec::new();
        for o in outcomes {
            // Writing to memory cannot fail.
            let _ = writer.push(o, &mut out);
        }
        let _ = writer.finish(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// A writer of the table, row by row.
    pub fn writer(&self) -> TableWriter<'a> {
        let rows = self.rows();
        let header: Vec<String> = rows
            .header(self.lang)
            .iter()
            .map(|h| printable(h).into_owned())
            .collect();
        TableWriter {
            renderer: *self,
            numeric: rows.numeric_columns(),
            counts: rows.counter(),
            header,
            batch: Vec::new(),
            widths: None,
            errors: Spool::Memory(Vec::new()),
            people: 0,
        }
    }
}

/// Errors of invalid records waiting for the end of the table.
enum Spool {
    Memory(Vec<u8>),
    File(io::BufWriter<std::fs::File>),
}

/// Writes a table row by row (see the module's comment).
pub struct TableWriter<'a> {
    renderer: TableRenderer<'a>,
    header: Vec<String>,
    numeric: Vec<usize>,
    /// The first rows, until the widths are fixed.
    batch: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
    counts: super::rows::Counter<'a>,
    errors: Spool,
    people: usize,
}

impl<'a> TableWriter<'a> {
    /// Writes (or, among the first rows, holds) the row of `outcome`.
    pub fn push(&mut self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let mut encoded = Vec::new();
        self.renderer.encode(outcome, &mut encoded);
        self.push_encoded(&encoded, out)
    }

    /// Writes (or, among the first rows, holds) a row encoded by [`TableRenderer::encode`].
    pub fn push_encoded(&mut self, encoded: &[u8], out: &mut dyn Write) -> io::Result<()> {
        let (row, errors) = match memchr::memchr(ERRORS, encoded) {
            Some(i) => (
                encoded.get(..i).unwrap_or_default(),
                encoded.get(i + 1..).unwrap_or_default(),
            ),
            None => (encoded, &[][..]),
        };
        let mut parts = row.split(|&b| b == CELL);
        let key = parts.next().unwrap_or_default();
        self.people += 1;
        self.counts
            .add_key(std::str::from_utf8(key).ok().and_then(|k| k.parse().ok()));
        self.spool_errors(errors)?;
        let cells: Vec<String> = parts
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        match &self.widths {
            Some(widths) => line(&cells, widths, &self.numeric, out),
            None => {
                self.batch.push(cells);
                if self.batch.len() >= FIRST_BATCH {
                    self.flush_batch(out)?;
                }
                Ok(())
            }
        }
    }

    /// How many rows are held (at most [`FIRST_BATCH`]).
    pub fn rows_held(&self) -> usize {
        self.batch.len()
    }

    /// Fixes the widths from the header and the rows held, and writes them.
    fn flush_batch(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.batch {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        line(&self.header, &widths, &self.numeric, out)?;
        for row in std::mem::take(&mut self.batch) {
            line(&row, &widths, &self.numeric, out)?;
        }
        self.widths = Some(widths);
        Ok(())
    }

    fn spool_errors(&mut self, text: &[u8]) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if let Spool::Memory(held) = &mut self.errors {
            if held.len() + text.len() <= SPOOL_IN_MEMORY {
                held.extend_from_slice(text);
                return Ok(());
            }
            // Past the limit, to an unnamed temporary file (removed by the system however
            // the run ends); where none can be made, memory it is.
            if let Ok(file) = tempfile::tempfile() {
                let mut file = io::BufWriter::new(file);
                file.write_all(held)?;
                self.errors = Spool::File(file);
            }
        }
        match &mut self.errors {
            Spool::Memory(held) => held.extend_from_slice(text),
            Spool::File(file) => file.write_all(text)?,
        }
        Ok(())
    }

    /// Writes the rows still held, the summary and the errors of invalid records.
    pub fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.widths.is_none() {
            self.flush_batch(out)?;
        }
        let summary = self.counts.summary(self.people);
        write!(out, "\n{}\n", printable(&summary))?;
        let errors = std::mem::replace(&mut self.errors, Spool::Memory(Vec::new()));
        let any = match &errors {
            Spool::Memory(held) => !held.is_empty(),
            Spool::File(_) => true,
        };
        if any {
            write!(
                out,
                "\n{}\n",
                text(self.renderer.lang, Msg::TableInvalidHeading)
            )?;
        }
        match errors {
            Spool::Memory(held) => out.write_all(&held)?,
            Spool::File(file) => {
                let mut file = file.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                io::copy(&mut file, out)?;
            }
        }
        Ok(())
    }
}

/// Writes one row in `widths`: numbers right-aligned, text left-aligned, two spaces between
/// columns, no trailing space.
fn line(
    cells: &[String],
    widths: &[usize],
    numeric: &[usize],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut s = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            s.push_str("  ");
        }
        let pad = widths
            .get(i)
            .copied()
            .unwrap_or(0)
            .saturating_sub(cell.width());
        if numeric.contains(&i) {
            s.push_str(&" ".repeat(pad));
            s.push_str(cell);
        } else {
            s.push_str(cell);
            s.push_str(&" ".repeat(pad));
        }
    }
    out.write_all(s.trim_end().as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Position;
    use crate::record::{RecordError, RecordErrorKind};

    fn outcome(record: usize) -> Outcome {
        Outcome {
            position: Position {
                file: std::sync::Arc::from("many.jsonl"),
                record,
                line: Some(record),
            },
            id: Some(format!("{record:018}")),
            name: Some(format!("person {record}")),
            result: Err(vec![RecordError {
                path: "extra".to_string(),
                kind: RecordErrorKind::UnknownField { suggestion: None },
                at: None,
            }]),
            arms_taken: Vec::new(),
        }
    }

    #[test]
    fn the_table_streams_rows_past_its_first_batch() {
        let (policy, purpose) = crate::render::shipped_annual();
        let renderer = TableRenderer {
            policy: &policy,
            purpose,
            lang: Lang::En,
            redact: false,
        };
        let mut writer = renderer.writer();
        let mut out = Vec::new();
        let mut written_at_batch = 0;
        for i in 1..=3 * FIRST_BATCH {
            writer.push(&outcome(i), &mut out).unwrap();
            assert!(writer.rows_held() < FIRST_BATCH, "row {i} is held");
            if i == FIRST_BATCH {
                written_at_batch = out.len();
            }
        }
        // The first batch was written when it was full, and every row since as it came:
        // nothing is held for the end but the spooled errors.
        assert!(written_at_batch > 0);
        assert_eq!(writer.rows_held(), 0);
        let before_finish = String::from_utf8(out.clone()).unwrap();
        assert_eq!(before_finish.lines().count(), 1 + 3 * FIRST_BATCH);
        writer.finish(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("3000 people: 3000 invalid"),
            "{}",
            &text[text.len() - 500..]
        );
        assert!(
            text.ends_with("  record 3000 of many.jsonl, line 3000\n    extra: unknown field\n")
        );
    }
}
