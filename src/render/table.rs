//! The table for people: one row per person (id, name, status and the year's figures, or
//! the years examined and those that failed), a summary of counts by status, then the errors
//! of invalid records. Columns are aligned by display width, so Chinese text lines up.

use super::{record_error_message, rows::Row};
use crate::eval::Outcome;
use crate::messages::{Lang, Msg, fill, text};
use crate::policy::{Policy, PurposeId};
use unicode_width::UnicodeWidthStr;

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

impl TableRenderer<'_> {
    /// The whole table, summary and errors.
    pub fn render(&self, outcomes: &[Outcome]) -> String {
        let rows = super::rows::Rows {
            policy: self.policy,
            purpose: self.purpose,
            lang: self.lang,
            redact: self.redact,
            human: true,
        };
        let header = rows.header(self.lang);
        let body: Vec<Row> = outcomes.iter().map(|o| rows.row(o)).collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
        for row in &body {
            for (w, cell) in widths.iter_mut().zip(&row.cells) {
                *w = (*w).max(cell.width());
            }
        }
        let numeric = rows.numeric_columns();
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let mut s = String::new();
            for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                let pad = w.saturating_sub(cell.width());
                if numeric.contains(&i) {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    s.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(&header, &mut out);
        for row in &body {
            line(&row.cells, &mut out);
        }
        out.push('\n');
        out.push_str(&rows.summary(outcomes));
        out.push('\n');
        let invalid: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
        if !invalid.is_empty() {
            out.push('\n');
            out.push_str(text(self.lang, Msg::TableInvalidHeading));
            out.push('\n');
            for o in invalid {
                let Err(errors) = &o.result else { continue };
                let mut place = fill(
                    self.lang,
                    Msg::TableRecordAt,
                    &[("record", &o.position.record), ("file", &o.position.file)],
                );
                if let Some(line) = o.position.line {
                    place.push_str(&fill(self.lang, Msg::TableLine, &[("line", &line)]));
                }
                out.push_str(&format!("  {place}\n"));
                for e in errors {
                    let format = super::format_name(&o.position.file);
                    let message = record_error_message(e, self.policy, self.lang, format);
                    let at =
                        e.at.map(|a| format!(" [{}:{}]", a.line, a.column))
                            .unwrap_or_default();
                    if e.path.is_empty() {
                        out.push_str(&format!("    {message}{at}\n"));
                    } else {
                        out.push_str(&format!("    {}: {message}{at}\n", e.path));
                    }
                }
            }
        }
        out
    }
}
