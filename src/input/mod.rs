//! Reading record files: the format chosen by extension, records yielded in input order,
//! each with its position (file, record number, line) and what is needed to turn byte
//! offsets into lines and columns. A record whose text cannot be read is yielded as
//! malformed, never skipped: every record gives exactly one output.

mod document;
pub(crate) mod json;
mod jsonl;
pub(crate) mod keys;
mod raw;
pub(crate) mod table;
pub(crate) mod toml;
pub(crate) mod tree;

pub(crate) use raw::Locate;
pub use raw::{Content, Locator, Malformed, Position, RawRecord};
pub use table::{Columns, csv_records};
pub use tree::{Entry, Node, NodeValue, TypeWord};

use crate::source::SourceFile;
use document::{json_records, toml_records};
use jsonl::JsonlRecords;
use std::io::{BufRead, BufReader};
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
    /// Rows of comma-separated values, one per activity or exemption (see [`Columns`]).
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
/// [`Columns`]), and returns its records in order. JSONL (and stdin) and CSV are
/// streamed; JSON, TOML and XLSX files are read whole.
pub fn read_records_with(
    path: &str,
    columns: &crate::input::table::Columns,
) -> Result<RecordSource, InputError> {
    read_records_inner(path, Some(columns))
}

fn read_records_inner(
    path: &str,
    columns: Option<&crate::input::table::Columns>,
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
    columns: Option<&crate::input::table::Columns>,
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
        use crate::input::table::{Grouper, Places};
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
                crate::input::table::csv::rows(Box::new(reader), bytes_read),
            )
        } else {
            let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
            if meta.len() > MAX_FILE {
                return Err(fail(format!(
                    "the file has {} bytes; XLSX files over {MAX_FILE} bytes cannot be read: use CSV, which is streamed",
                    meta.len()
                )));
            }
            let sheet = crate::input::table::xlsx::first_sheet(path).map_err(fail)?;
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
        return Ok(Box::new(JsonlRecords::new(reader, file, bytes_read)));
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
    Ok(document_records(path, file, format, bytes))
}

/// The records of a whole JSON or TOML document, read from its bytes.
fn document_records(
    path: &str,
    file: Arc<str>,
    format: Format,
    bytes: Vec<u8>,
) -> Box<dyn Iterator<Item = RawRecord> + Send> {
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
            return Box::new(std::iter::once(RawRecord {
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
            }));
        }
    };
    let source = SourceFile::new(path, text);
    let records = match format {
        Format::Json => json_records(&source, &file),
        _ => toml_records(&source, &file),
    };
    Box::new(records.into_iter())
}

/// Reads the records of a record file held in memory (an upload), in `format`; `name` names
/// it in positions, and a table's columns are those of `columns`. The same records, errors
/// and places as [`read_records_with`] gives for a file with these bytes.
pub fn read_records_from_bytes(
    name: &str,
    format: Format,
    bytes: Vec<u8>,
    columns: &crate::input::table::Columns,
) -> Result<Box<dyn Iterator<Item = RawRecord> + Send>, InputError> {
    use crate::input::table::{Grouper, Places};
    let fail = |reason: String| InputError {
        file: name.to_string(),
        reason,
    };
    let file: Arc<str> = name.into();
    let counter = Arc::new(AtomicU64::new(0));
    match format {
        Format::Csv => {
            let rows =
                crate::input::table::csv::rows(Box::new(std::io::Cursor::new(bytes)), counter);
            let grouper = Grouper::new(file, columns, Places::Lines, rows).map_err(fail)?;
            Ok(Box::new(grouper))
        }
        Format::Xlsx => {
            let sheet = crate::input::table::xlsx::first_sheet_of_bytes(bytes).map_err(fail)?;
            let places = Places::Sheet {
                name: sheet.name,
                first_column: sheet.first_column,
            };
            let grouper = Grouper::new(file, columns, places, sheet.rows).map_err(fail)?;
            Ok(Box::new(grouper))
        }
        Format::Jsonl => Ok(Box::new(JsonlRecords::new(
            Box::new(std::io::Cursor::new(bytes)),
            file,
            counter,
        ))),
        Format::Json | Format::Toml => Ok(document_records(name, file, format, bytes)),
    }
}
