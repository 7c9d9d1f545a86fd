//! Reading record files: the format chosen by extension, records yielded in input order,
//! each with its position (file, record number, line) and what is needed to turn byte
//! offsets into lines and columns. A record whose text cannot be read is yielded as
//! malformed, never skipped: every record gives exactly one output.

use crate::record::json::{ArrayReader, JsonProblem};
use crate::record::tree::Node;
use crate::source::{LineCol, SourceFile};
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The longest line a JSONL file may have.
pub const MAX_LINE: usize = 16 * 1024 * 1024;
/// The largest JSON or TOML file read whole (JSONL and CSV are streamed).
pub const MAX_FILE: u64 = 512 * 1024 * 1024;

/// A record file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object, or an array of them.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// One person, or `[[person]]` tables.
    Toml,
    /// Rows of comma-separated values, one per activity or exemption (see [`crate::tabular`]).
    Csv,
    /// The first sheet of an Excel workbook, with the columns of CSV.
    Xlsx,
}

impl Format {
    /// The format a path's extension names (`-` is JSONL on stdin).
    pub fn from_path(path: &str) -> Option<Format> {
        if path == "-" {
            return Some(Format::Jsonl);
        }
        let ext = std::path::Path::new(path)
            .extension()?
            .to_str()?
            .to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "toml" => Some(Format::Toml),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Where a record is in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file (`-` for stdin).
    pub file: Arc<str>,
    /// 1-based number of the record in its file.
    pub record: usize,
    /// Line the record starts on, when the format has lines.
    pub line: Option<usize>,
}

/// Turns byte offsets of a record into lines and columns.
#[derive(Debug, Clone)]
pub enum Locator {
    /// The record is one line of text (JSONL): offsets are within that line.
    Line {
        /// 1-based line number.
        line: usize,
        /// The line's text.
        text: Box<str>,
    },
    /// Offsets are within a whole file.
    File(Arc<SourceFile>),
    /// The record is rows of a table (CSV, XLSX): offset `row × width + column` is the cell
    /// in that column of the record's row `row`, and `lines` holds each row's line (CSV) or
    /// sheet row (XLSX). Its column is numbered from 1, counting from the sheet's first column.
    Grid {
        /// The line or sheet row of each of the record's rows.
        lines: Box<[usize]>,
        /// Columns of the table.
        width: usize,
        /// The sheet column of the table's first column (0-based; 0 for CSV).
        first_column: usize,
    },
    /// The format has no lines.
    Nowhere,
}

impl crate::record::decode::Locate for Locator {
    fn line_col(&self, offset: usize) -> Option<LineCol> {
        self.locate(offset)
    }

    fn line(&self, offset: usize) -> Option<usize> {
        match self {
            Locator::Line { line, .. } => Some(*line),
            Locator::File(source) => Some(source.line_of(offset)),
            Locator::Grid { .. } => self.locate(offset).map(|at| at.line),
            Locator::Nowhere => None,
        }
    }
}

impl Locator {
    /// Line and column of a byte offset.
    pub fn locate(&self, offset: usize) -> Option<LineCol> {
        match self {
            Locator::Line { line, text } => {
                let prefix = text.get(..offset.min(text.len())).unwrap_or("");
                let column = if prefix.is_ascii() {
                    prefix.len()
                } else {
                    prefix.chars().count()
                } + 1;
                Some(LineCol {
                    line: *line,
                    column,
                })
            }
            Locator::File(source) => Some(source.line_col(offset)),
            Locator::Grid {
                lines,
                width,
                first_column,
            } => {
                let width = (*width).max(1);
                let line = *lines.get(offset / width)?;
                Some(LineCol {
                    line,
                    column: first_column + offset % width + 1,
                })
            }
            Locator::Nowhere => None,
        }
    }
}

/// A record as read, before the policy decodes it.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// Where it is.
    pub position: Position,
    /// Its tree, its text still to parse, or why its text could not be read.
    pub content: Content,
    /// Offsets to lines and columns.
    pub locator: Locator,
}

/// What a raw record holds.
#[derive(Debug, Clone)]
pub enum Content {
    /// The record's tree.
    Tree(Node<'static>),
    /// JSON text not parsed yet: the text of the line the locator holds. JSONL lines are
    /// parsed by whichever thread evaluates them, not by the reader.
    JsonLine,
    /// The record's text is not valid in its format.
    Malformed(Malformed),
}

impl RawRecord {
    /// Calls `f` with the record's tree (parsed from the line it holds, if it is a line of
    /// JSONL, borrowing from it), its position and its locator.
    pub fn with_tree<T>(
        self,
        f: impl FnOnce(Position, Result<&Node<'_>, Malformed>, &Locator) -> T,
    ) -> T {
        let RawRecord {
            position,
            content,
            locator,
        } = self;
        match content {
            Content::Tree(node) => f(position, Ok(&node), &locator),
            Content::Malformed(m) => f(position, Err(m), &locator),
            Content::JsonLine => {
                let text = match &locator {
                    Locator::Line { text, .. } => &**text,
                    _ => "",
                };
                match crate::record::json::read_document(text) {
                    Ok(node) => f(position, Ok(&node), &locator),
                    Err(p) => {
                        let m = Malformed {
                            message: p.message,
                            at: locator.locate(p.offset),
                        };
                        f(position, Err(m), &locator)
                    }
                }
            }
        }
    }
}

/// A record whose text is not valid in its format.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    /// The reader's message.
    pub message: String,
    /// Where the reader stopped.
    pub at: Option<LineCol>,
}

/// Why a record file cannot be read at all.
#[derive(Debug)]
pub struct InputError {
    /// The file.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// An opened record file: its records in order, and how much of it has been read.
pub struct RecordSource {
    /// The records.
    pub records: Box<dyn Iterator<Item = RawRecord> + Send>,
    /// Bytes read so far (for progress).
    pub bytes_read: Arc<AtomicU64>,
    /// The file's size, when known.
    pub total_bytes: Option<u64>,
}

impl IntoIterator for RecordSource {
    type Item = RawRecord;
    type IntoIter = Box<dyn Iterator<Item = RawRecord> + Send>;
    fn into_iter(self) -> Self::IntoIter {
        self.records
    }
}

/// Opens a record file and returns its records in order. JSONL (and stdin) is streamed;
/// JSON and TOML files are read whole. CSV and XLSX files need the policy's columns: use
/// [`read_records_with`].
pub fn read_records(path: &str) -> Result<RecordSource, InputError> {
    read_records_inner(path, None)
}

/// Opens a record file of any format, a table's columns being those of `columns` (see
/// [`crate::tabular`]), and returns its records in order. JSONL (and stdin) and CSV are
/// streamed; JSON, TOML and XLSX files are read whole.
pub fn read_records_with(
    path: &str,
    columns: &crate::tabular::Columns,
) -> Result<RecordSource, InputError> {
    read_records_inner(path, Some(columns))
}

fn read_records_inner(
    path: &str,
    columns: Option<&crate::tabular::Columns>,
) -> Result<RecordSource, InputError> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let total_bytes = if path == "-" {
        None
    } else {
        std::fs::metadata(path).ok().map(|m| m.len())
    };
    let records = read_all(path, columns, bytes_read.clone())?;
    Ok(RecordSource {
        records,
        bytes_read,
        total_bytes,
    })
}

fn read_all(
    path: &str,
    columns: Option<&crate::tabular::Columns>,
    bytes_read: Arc<AtomicU64>,
) -> Result<Box<dyn Iterator<Item = RawRecord> + Send>, InputError> {
    let fail = |reason: String| InputError {
        file: path.to_string(),
        reason,
    };
    let format = Format::from_path(path).ok_or_else(|| {
        fail("unknown format: use a .json, .jsonl, .toml, .csv or .xlsx file, or `-` for JSONL on stdin".into())
    })?;
    let file: Arc<str> = path.into();
    if matches!(format, Format::Csv | Format::Xlsx) {
        use crate::tabular::{Grouper, Places};
        let columns = columns.ok_or_else(|| {
            fail(
                "CSV and XLSX records are read with the policy's columns (read_records_with)"
                    .into(),
            )
        })?;
        let (places, rows) = if format == Format::Csv {
            let reader = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
            (
                Places::Lines,
                crate::tabular::csv_rows::rows(Box::new(reader), bytes_read),
            )
        } else {
            let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
            if meta.len() > MAX_FILE {
                return Err(fail(format!(
                    "the file has {} bytes; XLSX files over {MAX_FILE} bytes cannot be read: use CSV, which is streamed",
                    meta.len()
                )));
            }
            let sheet = crate::tabular::xlsx_rows::first_sheet(path).map_err(fail)?;
            bytes_read.store(meta.len(), Ordering::Relaxed);
            (
                Places::Sheet {
                    name: sheet.name,
                    first_column: sheet.first_column,
                },
                sheet.rows,
            )
        };
        let grouper = Grouper::new(file, columns, places, rows).map_err(fail)?;
        return Ok(Box::new(grouper));
    }
    if format == Format::Jsonl {
        let reader: Box<dyn BufRead + Send> = if path == "-" {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            Box::new(BufReader::with_capacity(
                1 << 16,
                std::fs::File::open(path).map_err(|e| fail(e.to_string()))?,
            ))
        };
        return Ok(Box::new(JsonlRecords {
            reader,
            file,
            line: 0,
            record: 0,
            buf: Vec::new(),
            done: false,
            bytes_read,
        }));
    }
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if meta.len() > MAX_FILE {
        return Err(fail(format!(
            "the file has {} bytes; files over {MAX_FILE} bytes must be JSONL, which is streamed",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    bytes_read.store(bytes.len() as u64, Ordering::Relaxed);
    let text = match String::from_utf8(bytes) {
        // A byte-order mark, which some Windows tools write, is not part of the text.
        Ok(t) => match t.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_string(),
            None => t,
        },
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let source = SourceFile::new(path, String::from_utf8_lossy(e.as_bytes()).into_owned());
            let at = source.line_col(valid);
            return Ok(Box::new(std::iter::once(RawRecord {
                position: Position {
                    file,
                    record: 1,
                    line: Some(at.line),
                },
                content: Content::Malformed(Malformed {
                    message: format!("the file is not UTF-8 text (byte {valid})"),
                    at: Some(at),
                }),
                locator: Locator::File(source),
            })));
        }
    };
    let source = SourceFile::new(path, text);
    let records = match format {
        Format::Json => json_records(&source, &file),
        _ => toml_records(&source, &file),
    };
    Ok(Box::new(records.into_iter()))
}

fn json_records(source: &Arc<SourceFile>, file: &Arc<str>) -> Vec<RawRecord> {
    let mut out = Vec::new();
    for (i, item) in ArrayReader::new(source.text()).enumerate() {
        let (content, line) = match item {
            Ok(node) => {
                let line = source.line_of(node.offset);
                (Content::Tree(node.into_owned()), line)
            }
            Err(JsonProblem { message, offset }) => {
                let at = source.line_col(offset);
                (
                    Content::Malformed(Malformed {
                        message,
                        at: Some(at),
                    }),
                    at.line,
                )
            }
        };
        out.push(RawRecord {
            position: Position {
                file: file.clone(),
                record: i + 1,
                line: Some(line),
            },
            content,
            locator: Locator::File(source.clone()),
        });
    }
    out
}

fn toml_records(source: &Arc<SourceFile>, file: &Arc<str>) -> Vec<RawRecord> {
    match crate::record::toml::read_people(source.text()) {
        Ok(people) => people
            .into_iter()
            .enumerate()
            .map(|(i, node)| RawRecord {
                position: Position {
                    file: file.clone(),
                    record: i + 1,
                    line: Some(source.line_col(node.offset).line),
                },
                content: Content::Tree(node),
                locator: Locator::File(source.clone()),
            })
            .collect(),
        Err(problem) => {
            let at = source.line_col(problem.offset);
            vec![RawRecord {
                position: Position {
                    file: file.clone(),
                    record: 1,
                    line: Some(at.line),
                },
                content: Content::Malformed(Malformed {
                    message: problem.message.trim().to_string(),
                    at: Some(at),
                }),
                locator: Locator::File(source.clone()),
            }]
        }
    }
}

struct JsonlRecords {
    reader: Box<dyn BufRead + Send>,
    file: Arc<str>,
    line: usize,
    record: usize,
    buf: Vec<u8>,
    done: bool,
    bytes_read: Arc<AtomicU64>,
}

impl JsonlRecords {
    /// The next line, when it lies whole in the reader's buffer and is a plain one (not the
    /// first, whose byte-order mark [`JsonlRecords::read_line`] removes; valid UTF-8; not
    /// too long): copied out of the buffer once, `None` inside when it is blank. `None` when
    /// [`JsonlRecords::read_line`] must read it, which then finds what is wrong.
    fn buffered_line(&mut self) -> Option<Option<Box<str>>> {
        if self.line == 0 {
            return None;
        }
        let available = self.reader.fill_buf().ok()?;
        let end = memchr::memchr(b'\n', available).filter(|&end| end <= MAX_LINE)?;
        let mut line = &available[..end];
        while let [rest @ .., b'\r'] = line {
            line = rest;
        }
        let text = simdutf8::basic::from_utf8(line).ok()?;
        let text = (!line.iter().all(u8::is_ascii_whitespace)).then(|| Box::from(text));
        self.reader.consume(end + 1);
        self.bytes_read.fetch_add(end as u64 + 1, Ordering::Relaxed);
        self.line += 1;
        Some(text)
    }

    /// Reads one line into `buf` (without its line break); `Ok(false)` at the end. A line
    /// longer than [`MAX_LINE`] is consumed and reported as too long.
    fn read_line(&mut self) -> std::io::Result<Option<bool>> {
        self.buf.clear();
        let n = (&mut self.reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        self.line += 1;
        let complete = self.buf.last() == Some(&b'\n') || self.buf.len() <= MAX_LINE;
        if !complete {
            // Skip the rest of the overlong line.
            let mut sink = Vec::new();
            loop {
                sink.clear();
                let n = (&mut self.reader)
                    .take(1 << 20)
                    .read_until(b'\n', &mut sink)?;
                if n == 0 || sink.last() == Some(&b'\n') {
                    break;
                }
            }
            return Ok(Some(false));
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        // A byte-order mark, which some Windows tools write, is not part of the first line.
        if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        Ok(Some(true))
    }
}

impl Iterator for JsonlRecords {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        loop {
            if self.done {
                return None;
            }
            if let Some(line) = self.buffered_line() {
                match line {
                    Some(text) => {
                        self.record += 1;
                        return Some(self.json_line(text));
                    }
                    None => continue,
                }
            }
            let fits = match self.read_line() {
                Ok(None) => return None,
                Ok(Some(fits)) => fits,
                Err(e) => {
                    self.done = true;
                    self.record += 1;
                    return Some(self.malformed(format!("cannot read the input: {e}"), None));
                }
            };
            if !fits {
                self.record += 1;
                return Some(
                    self.malformed(format!("the line is longer than {MAX_LINE} bytes"), Some(1)),
                );
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.record += 1;
            let text = match simdutf8::compat::from_utf8(&self.buf) {
                Ok(t) => t,
                Err(e) => {
                    let column = e.valid_up_to() + 1;
                    return Some(self.malformed(
                        format!("the line is not UTF-8 text (byte {})", e.valid_up_to()),
                        Some(column),
                    ));
                }
            };
            let text: Box<str> = text.into();
            return Some(self.json_line(text));
        }
    }
}

impl JsonlRecords {
    /// The record of the line just read, whose text is `text`.
    fn json_line(&self, text: Box<str>) -> RawRecord {
        RawRecord {
            position: Position {
                file: self.file.clone(),
                record: self.record,
                line: Some(self.line),
            },
            content: Content::JsonLine,
            locator: Locator::Line {
                line: self.line,
                text,
            },
        }
    }

    fn malformed(&self, message: String, column: Option<usize>) -> RawRecord {
        RawRecord {
            position: Position {
                file: self.file.clone(),
                record: self.record,
                line: Some(self.line),
            },
            content: Content::Malformed(Malformed {
                message,
                at: column.map(|column| LineCol {
                    line: self.line,
                    column,
                }),
            }),
            locator: Locator::Nowhere,
        }
    }
}
