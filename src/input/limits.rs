//! The limits that keep reading records bounded in memory and time, whatever the input: one
//! place for every format's bounds, documented in the README ("Bad input and limits").

/// The longest line a JSONL file may have.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// The longest element of a JSON array read element by element (the same bound as a line
/// of JSONL).
pub const MAX_ELEMENT: usize = MAX_LINE;

/// The default largest document read whole (a `.json` of one person, or of an array read
/// whole for `explain`; `.toml`; an `.xlsx` workbook, whose entries count decompressed);
/// `--max-document-size` changes it.
pub const DEFAULT_MAX_DOCUMENT: u64 = 256 * 1024 * 1024;

/// The longest row of a CSV file, in bytes (a row is one activity or exemption).
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// The most memory one person's rows of a table may take, in bytes (each cell's text and
/// its `String`): the bound of a JSONL line. The rows of a larger person are read to their
/// end and counted, kept no more; the person is one invalid record.
pub const MAX_PERSON_BYTES: usize = MAX_LINE;

/// The most lines a quoted CSV cell may span.
pub const MAX_QUOTED_LINES: usize = 100;

/// The longest cell of a table, in bytes: Excel's own limit is 32,767 characters, which
/// UTF-8 writes in at most 131,068 bytes.
pub const MAX_CELL_BYTES: usize = 128 * 1024;

/// The most columns a sheet's cells may span.
pub const MAX_SHEET_COLUMNS: usize = 1024;

/// The most cells with a value a sheet whose rows are out of order may hold (it is held to
/// be sorted; a sheet in row order is streamed, without this bound), and the most strings a
/// workbook's shared-string table may announce.
pub const MAX_SHEET_CELLS: usize = 4_000_000;

/// The limits a reader applies that a user may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest document read whole, in bytes (see [`DEFAULT_MAX_DOCUMENT`]).
    pub max_document: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document: DEFAULT_MAX_DOCUMENT,
        }
    }
}
