//! Reading record files: the format chosen by extension, records yielded in input order,
//! each with its position (file, record number, line) and what is needed to turn byte
//! offsets into lines and columns. A record whose text cannot be read is yielded as
//! malformed, never skipped: every record gives exactly one output.

mod document;
mod error;
pub(crate) mod json;
mod json_stream;
mod jsonl;
pub(crate) mod keys;
pub mod limits;
mod raw;
mod reason;
pub(crate) mod table;
pub(crate) mod toml;
pub(crate) mod tree;

pub use error::{ClashWith, ColumnPlace, InputError, InputProblem};
pub(crate) use raw::Locate;
pub use raw::{Content, LineText, Locator, Malformed, Position, RawRecord};
pub use reason::{JsonSyntax, ReadProblem, RowPlace, RowProblem, TomlSyntax, Unclosed};
pub use table::{Columns, csv_records, xlsx_records};
pub use tree::{Entry, Node, NodeValue, TypeWord};

use crate::source::SourceFile;
use document::{json_records, toml_records};
use jsonl::JsonlRecords;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use limits::{Limits, MAX_LINE};

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

/// How a JSON file's array is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrays {
    /// Element by element, memory holding one at a time.
    Streamed,
    /// Whole, every record's locator holding the file's text (for snippets of its lines).
    Whole,
}

/// Opens a record file and returns its records in order. JSONL (and stdin) and a JSON
/// file's array are streamed; TOML files, and a JSON file holding one object, are read
/// whole. CSV and XLSX files need the policy's columns: use [`read_records_with`].
pub fn read_records(path: &str) -> Result<RecordSource, InputError> {
    read_records_inner(path, None, &Limits::default(), Arrays::Streamed)
}

/// Opens a record file of any format, a table's columns being those of `columns` (see
/// [`Columns`]), and returns its records in order. Every format is streamed (an XLSX
/// workbook's sheet row by row, its shared strings held) but TOML files and a JSON file
/// holding one object, which are read whole.
pub fn read_records_with(
    path: &str,
    columns: &crate::input::table::Columns,
) -> Result<RecordSource, InputError> {
    read_records_inner(path, Some(columns), &Limits::default(), Arrays::Streamed)
}

/// [`read_records_with`] within `limits` (the largest document read whole).
pub fn read_records_within(
    path: &str,
    columns: &crate::input::table::Columns,
    limits: &Limits,
) -> Result<RecordSource, InputError> {
    read_records_inner(path, Some(columns), limits, Arrays::Streamed)
}

/// [`read_records_within`], but a JSON file's array is read whole (within `limits`), so that
/// each of its records' locators holds the whole file ([`Locator::File`]): for showing
/// snippets of a record's lines (`xueshi explain`).
pub fn read_records_whole(
    path: &str,
    columns: &crate::input::table::Columns,
    limits: &Limits,
) -> Result<RecordSource, InputError> {
    read_records_inner(path, Some(columns), limits, Arrays::Whole)
}

fn read_records_inner(
    path: &str,
    columns: Option<&crate::input::table::Columns>,
    limits: &Limits,
    arrays: Arrays,
) -> Result<RecordSource, InputError> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let meta = if path == "-" {
        None
    } else {
        Some(std::fs::metadata(path).map_err(|e| InputError {
            file: path.to_string(),
            problem: InputProblem::io(&e),
        })?)
    };
    // A folder is no record file, whatever its name says.
    if meta.as_ref().is_some_and(std::fs::Metadata::is_dir) {
        return Err(InputError {
            file: path.to_string(),
            problem: InputProblem::Folder,
        });
    }
    let total_bytes = meta
        .as_ref()
        .filter(|m| m.is_file())
        .map(std::fs::Metadata::len);
    let records = read_all(
        path,
        columns,
        bytes_read.clone(),
        limits,
        total_bytes,
        arrays,
    )?;
    Ok(RecordSource {
        records,
        bytes_read,
        total_bytes,
    })
}

/// The whole of the file at `path`, at most `limit` bytes of it: a longer file, or an
/// endless stream (`/dev/zero`), is refused after reading `limit + 1` bytes, and memory never
/// grows beyond that.
fn read_bounded(path: &str, limit: u64, size: Option<u64>) -> Result<Vec<u8>, InputProblem> {
    let too_large = || InputProblem::DocumentTooLarge { limit };
    if size.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut file = std::fs::File::open(path).map_err(|e| InputProblem::io(&e))?;
    let cap = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let first = size.map_or(1 << 16, |n| {
        usize::try_from(n).unwrap_or(cap).saturating_add(1)
    });
    let mut bytes = Vec::with_capacity(first.min(cap));
    loop {
        if bytes.len() == bytes.capacity() {
            if bytes.len() >= cap {
                return Err(too_large());
            }
            let want = bytes.capacity().saturating_mul(2).clamp(1 << 16, cap);
            bytes.reserve_exact(want - bytes.len());
        }
        let room = (bytes.capacity() - bytes.len()) as u64;
        let n = (&mut file)
            .take(room)
            .read_to_end(&mut bytes)
            .map_err(|e| InputProblem::io(&e))?;
        if (n as u64) < room {
            break;
        }
    }
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

fn read_all(
    path: &str,
    columns: Option<&crate::input::table::Columns>,
    bytes_read: Arc<AtomicU64>,
    limits: &Limits,
    size: Option<u64>,
    arrays: Arrays,
) -> Result<Box<dyn Iterator<Item = RawRecord> + Send>, InputError> {
    let fail = |problem: InputProblem| InputError {
        file: path.to_string(),
        problem,
    };
    let io = |e: std::io::Error| fail(InputProblem::io(&e));
    let format = Format::from_path(path).ok_or_else(|| fail(InputProblem::UnknownFormat))?;
    let file: Arc<str> = path.into();
    if matches!(format, Format::Csv | Format::Xlsx) {
        use crate::input::table::{Grouper, Places};
        let columns = columns.ok_or_else(|| fail(InputProblem::NeedsColumns))?;
        let (places, rows) = if format == Format::Csv {
            let reader = std::fs::File::open(path).map_err(io)?;
            (
                Places::Lines,
                crate::input::table::csv::rows(Box::new(reader), bytes_read),
            )
        } else {
            let sheet = crate::input::table::xlsx::first_sheet(path, size, limits.max_document)
                .map_err(fail)?;
            bytes_read.store(size.unwrap_or(0), Ordering::Relaxed);
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
                std::fs::File::open(path).map_err(io)?,
            ))
        };
        return Ok(Box::new(JsonlRecords::new(reader, file, bytes_read)));
    }
    if format == Format::Json && arrays == Arrays::Streamed {
        let reader = BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(io)?);
        if let Some(stream) =
            json_stream::ArrayStream::open(Box::new(reader), file.clone(), bytes_read.clone())
                .map_err(io)?
        {
            return Ok(Box::new(stream));
        }
        bytes_read.store(0, Ordering::Relaxed);
    }
    let bytes = read_bounded(path, limits.max_document, size).map_err(fail)?;
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
                    problem: ReadProblem::FileNotUtf8 { byte: valid },
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
    let fail = |problem: InputProblem| InputError {
        file: name.to_string(),
        problem,
    };
    let file: Arc<str> = name.into();
    let counter = Arc::new(AtomicU64::new(0));
    match format {
        Format::Csv => {
            let records =
                table::csv_records(name, std::io::Cursor::new(bytes), columns).map_err(fail)?;
            Ok(Box::new(records))
        }
        Format::Xlsx => {
            let records =
                table::xlsx_records(name, bytes, columns, &Limits::default()).map_err(fail)?;
            Ok(Box::new(records))
        }
        Format::Jsonl => Ok(Box::new(JsonlRecords::new(
            Box::new(std::io::Cursor::new(bytes)),
            file,
            counter,
        ))),
        Format::Json | Format::Toml => Ok(document_records(name, file, format, bytes)),
    }
}
