//! Writing a stream of outcomes in one format: each outcome is written as it comes (JSONL,
//! JSON, CSV), or kept for the end (the table needs every row to align its columns).

use super::json::JsonRenderer;
use super::rows::Rows;
use super::table::TableRenderer;
use crate::batch::Outcome;
use crate::messages::Lang;
use crate::policy::{Policy, PurposeId};
use std::io::{self, Write};

/// The formats outcomes can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people, with a summary.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values.
    Csv,
}

/// What every format needs to know.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The purpose asked for.
    pub purpose: PurposeId,
    /// `Y`.
    pub year: i32,
    /// Language of texts.
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
}

/// A writer of outcomes in one format.
pub struct Sink<'a, W: Write> {
    settings: Settings<'a>,
    format: Format,
    out: W,
    csv: Option<csv::Writer<Vec<u8>>>,
    table: Vec<Outcome>,
    written: usize,
    buf: Vec<u8>,
}

impl<'a, W: Write> Sink<'a, W> {
    /// A sink writing `format` to `out`.
    pub fn new(settings: Settings<'a>, format: Format, out: W) -> Self {
        Sink {
            settings,
            format,
            out,
            csv: None,
            table: Vec::new(),
            written: 0,
            buf: Vec::with_capacity(4096),
        }
    }

    fn rows(&self) -> Rows<'a> {
        Rows {
            policy: self.settings.policy,
            purpose: self.settings.purpose,
            lang: self.settings.lang,
            redact: self.settings.redact,
            human: false,
        }
    }

    fn json(&self) -> JsonRenderer<'a> {
        JsonRenderer {
            policy: self.settings.policy,
            purpose: self.settings.purpose,
            year: self.settings.year,
            lang: self.settings.lang,
            redact: self.settings.redact,
        }
    }

    /// Writes (or keeps) one outcome.
    pub fn push(&mut self, outcome: Outcome) -> io::Result<()> {
        self.buf.clear();
        match self.format {
            Format::Table => {
                self.table.push(outcome);
                return Ok(());
            }
            Format::Jsonl => {
                self.json()
                    .write(&outcome, &mut self.buf)
                    .map_err(io::Error::other)?;
                self.buf.push(b'\n');
            }
            Format::Json => {
                self.buf
                    .extend_from_slice(if self.written == 0 { b"[\n" } else { b",\n" });
                self.json()
                    .write(&outcome, &mut self.buf)
                    .map_err(io::Error::other)?;
            }
            Format::Csv => {
                let rows = self.rows();
                let w = match self.csv.as_mut() {
                    Some(w) => w,
                    None => {
                        let mut w = csv::Writer::from_writer(Vec::new());
                        super::csv::write_header(&rows, &mut w).map_err(io::Error::other)?;
                        self.csv.insert(w)
                    }
                };
                super::csv::write_row(&rows, &outcome, w).map_err(io::Error::other)?;
                let bytes = w.get_ref();
                if bytes.len() > 1 << 16 {
                    let inner = std::mem::replace(w, csv::Writer::from_writer(Vec::new()));
                    let bytes = inner
                        .into_inner()
                        .map_err(|e| io::Error::other(e.to_string()))?;
                    self.out.write_all(&bytes)?;
                }
            }
        }
        self.written += 1;
        self.out.write_all(&self.buf)
    }

    /// Writes what is left (the table, the closing bracket) and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            Format::Table => {
                let renderer = TableRenderer {
                    policy: self.settings.policy,
                    purpose: self.settings.purpose,
                    lang: self.settings.lang,
                    redact: self.settings.redact,
                };
                let text = renderer.render(&self.table);
                self.out.write_all(text.as_bytes())?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
            }
            Format::Csv => {
                let w = match self.csv.take() {
                    Some(w) => w,
                    None => {
                        let mut w = csv::Writer::from_writer(Vec::new());
                        super::csv::write_header(&self.rows(), &mut w).map_err(io::Error::other)?;
                        w
                    }
                };
                let bytes = w
                    .into_inner()
                    .map_err(|e| io::Error::other(e.to_string()))?;
                self.out.write_all(&bytes)?;
            }
            Format::Jsonl => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}
