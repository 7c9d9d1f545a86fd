//! Writing a stream of outcomes in one format. Encoding an outcome (JSON object, CSV row)
//! is pure and can run on any thread ([`Encoder`]); writing keeps input order and adds what
//! the format needs around the rows (the array's brackets, the CSV header, the workbook's
//! sheets), or passes the encoded rows on to the table, which writes them as they come (in widths
//! fixed by its first rows) and its summary at the end
//! ([`Sink`]).

use super::json::{JsonRenderer, PreparedJson};
use super::rows::Rows;
use super::table::{TableRenderer, TableWriter};
use crate::eval::Outcome;
use crate::messages::Lang;
use crate::policy::{Policy, PurposeId};
use std::io::{self, Write};
use std::sync::Arc;

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
    /// An Excel workbook: rulings, activities and errors on three sheets (see
    /// [`XlsxRows`](super::XlsxRows)).
    Xlsx,
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

/// Encodes one outcome as the bytes its format writes for it (for the table, its row as the
/// table's writer takes it).
/// Cloning is cheap: what the encoder prepares for its format is shared.
#[derive(Debug, Clone)]
pub struct Encoder<'a> {
    settings: Settings<'a>,
    format: Format,
    /// For JSON and JSONL, the renderer with the policy's texts escaped once.
    json: Option<Arc<PreparedJson<'a>>>,
}

impl Encoder<'_> {
    fn table(&self) -> TableRenderer<'_> {
        TableRenderer {
            policy: self.settings.policy,
            purpose: self.settings.purpose,
            lang: self.settings.lang,
            redact: self.settings.redact,
        }
    }
}

impl<'a> Encoder<'a> {
    /// An encoder of `format`.
    pub fn new(settings: Settings<'a>, format: Format) -> Self {
        let json = matches!(format, Format::Json | Format::Jsonl).then(|| {
            Arc::new(PreparedJson::new(JsonRenderer {
                policy: settings.policy,
                purpose: settings.purpose,
                year: settings.year,
                lang: settings.lang,
                redact: settings.redact,
            }))
        });
        Encoder {
            settings,
            format,
            json,
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

    fn xlsx(&self) -> super::xlsx::XlsxRows<'a> {
        super::xlsx::XlsxRows {
            policy: self.settings.policy,
            purpose: self.settings.purpose,
            lang: self.settings.lang,
            redact: self.settings.redact,
        }
    }

    /// Appends the outcome's encoding to `out`: a JSON object and a line break (JSONL), a
    /// JSON object (JSON), a CSV row, the rows of the workbook's sheets (XLSX); nothing for
    /// the table.
    pub fn encode(&self, outcome: &Outcome, out: &mut Vec<u8>) -> io::Result<()> {
        match self.format {
            Format::Table => {
                self.table().encode(outcome, out);
                Ok(())
            }
            Format::Jsonl | Format::Json => {
                let json = self
                    .json
                    .as_ref()
                    .ok_or_else(|| io::Error::other("the JSON encoder was not prepared"))?;
                json.write(outcome, out);
                if self.format == Format::Jsonl {
                    out.push(b'\n');
                }
                Ok(())
            }
            Format::Csv => {
                super::csv::encode_row(&self.rows(), outcome, out);
                Ok(())
            }
            Format::Xlsx => super::xlsx::encode(&self.xlsx(), outcome, out),
        }
    }

    /// Whether the format needs the outcomes themselves, not only their encodings: none
    /// does (the table's rows are encoded too).
    pub fn keeps_outcomes(&self) -> bool {
        false
    }
}

impl crate::eval::Encode for Encoder<'_> {
    fn encode(&self, outcome: &Outcome, out: &mut Vec<u8>) -> io::Result<()> {
        Encoder::encode(self, outcome, out)
    }

    fn keeps_outcomes(&self) -> bool {
        Encoder::keeps_outcomes(self)
    }
}

impl<W: Write> crate::eval::Collect for Sink<'_, W> {
    fn push_encoded(&mut self, encoded: &[u8], outcome: Option<Outcome>) -> io::Result<()> {
        Sink::push_encoded(self, encoded, outcome)
    }
}

/// A writer of outcomes in one format, in input order.
pub struct Sink<'a, W: Write> {
    encoder: Encoder<'a>,
    out: W,
    table: Option<TableWriter<'a>>,
    written: usize,
    buf: Vec<u8>,
    book: Option<super::xlsx::Book>,
}

impl<'a, W: Write> Sink<'a, W> {
    /// A sink writing `format` to `out`.
    pub fn new(settings: Settings<'a>, format: Format, out: W) -> Self {
        Sink {
            encoder: Encoder::new(settings, format),
            out,
            table: (format == Format::Table).then(|| {
                TableRenderer {
                    policy: settings.policy,
                    purpose: settings.purpose,
                    lang: settings.lang,
                    redact: settings.redact,
                }
                .writer()
            }),
            written: 0,
            buf: Vec::with_capacity(4096),
            book: None,
        }
    }

    /// The sink's encoder, to encode outcomes on other threads.
    pub fn encoder(&self) -> Encoder<'a> {
        self.encoder.clone()
    }

    /// Writes (or keeps) one outcome.
    pub fn push(&mut self, outcome: Outcome) -> io::Result<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        self.encoder.encode(&outcome, &mut buf)?;
        self.push_encoded(&buf, Some(outcome))?;
        self.buf = buf;
        Ok(())
    }

    /// Writes an outcome already encoded by [`Sink::encoder`]; `outcome` is kept when the
    /// format needs it (the table).
    pub fn push_encoded(&mut self, encoded: &[u8], outcome: Option<Outcome>) -> io::Result<()> {
        match self.encoder.format {
            Format::Table => {
                if let Some(table) = &mut self.table {
                    match outcome {
                        Some(o) if encoded.is_empty() => table.push(&o, &mut self.out)?,
                        _ => table.push_encoded(encoded, &mut self.out)?,
                    }
                }
                return Ok(());
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
            }
            Format::Csv if self.written == 0 => self.header()?,
            Format::Xlsx => {
                self.written += 1;
                return self.book()?.push(encoded);
            }
            _ => {}
        }
        self.written += 1;
        self.out.write_all(encoded)
    }

    /// The workbook being written, begun with its headers at the first use.
    fn book(&mut self) -> io::Result<&mut super::xlsx::Book> {
        if self.book.is_none() {
            self.book = Some(super::xlsx::Book::new(&self.encoder.xlsx())?);
        }
        self.book
            .as_mut()
            .ok_or_else(|| io::Error::other("the workbook was not begun"))
    }

    fn header(&mut self) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        super::csv::write_header(&self.encoder.rows(), &mut w).map_err(io::Error::other)?;
        let bytes = w
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        self.out.write_all(&bytes)
    }

    /// Writes what is left (the table, the closing bracket, the header of an empty CSV)
    /// and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        match self.encoder.format {
            Format::Table => {
                if let Some(table) = self.table.take() {
                    table.finish(&mut self.out)?;
                }
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
            }
            Format::Csv if self.written == 0 => self.header()?,
            Format::Xlsx => {
                self.book()?;
                if let Some(book) = self.book.take() {
                    book.finish(&mut self.out)?;
                }
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}
