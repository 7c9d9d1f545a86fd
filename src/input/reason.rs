//! Why a record's text cannot be read, as typed reasons: the parsers' error kinds (jiter's
//! for JSON, toml's, the CSV scanner's, calamine's cells) mapped to variants worded by the
//! message catalogues, so that a message in Chinese embeds no English parser text.

use crate::input::limits::{MAX_PERSON_BYTES, MAX_QUOTED_LINES, MAX_ROW_BYTES};
use crate::messages::{Lang, Msg, fill, text};
use std::sync::Arc;

/// Why a record's text cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadProblem {
    /// The text is not JSON.
    Json(JsonSyntax),
    /// The text is not TOML: the kind, and toml's sentence (shown in English only).
    Toml {
        /// What kind of error.
        syntax: TomlSyntax,
        /// toml's own sentence.
        words: String,
    },
    /// Arrays and objects nest deeper than the limit.
    TooDeep {
        /// The most levels allowed.
        max: usize,
    },
    /// A key is not UTF-8 text.
    KeyNotUtf8,
    /// The file is not UTF-8 text.
    FileNotUtf8 {
        /// The offset of the first byte that is not.
        byte: usize,
    },
    /// The line (of JSONL) is not UTF-8 text.
    LineNotUtf8 {
        /// The offset in the line of the first byte that is not.
        byte: usize,
    },
    /// The line (of JSONL) is longer than the limit.
    LineTooLong {
        /// The most bytes allowed.
        max: usize,
    },
    /// The element (of a JSON array) is longer than the limit.
    ElementTooLong {
        /// The most bytes allowed.
        max: usize,
    },
    /// Reading the input failed.
    Unreadable {
        /// The system's error number, when there is one.
        os_error: Option<i32>,
    },
    /// A row of a table (CSV, XLSX) cannot be read.
    Row {
        /// Where the row is.
        row: RowPlace,
        /// The column, when one is to blame (0-based, in the table).
        column: Option<usize>,
        /// What is wrong.
        problem: RowProblem,
    },
}

/// Where a row of a table is: `line 7` (CSV) or `Sheet1!row 7` (XLSX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowPlace {
    /// The sheet, for a workbook, and the sheet column of the table's first column.
    pub sheet: Option<(Arc<str>, usize)>,
    /// The line or the sheet row, 1-based.
    pub number: usize,
}

/// What is wrong with a row of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem {
    /// A cell is not UTF-8 text.
    CellNotUtf8 {
        /// The offset in the cell of the first byte that is not.
        byte: usize,
    },
    /// A cell is longer than the limit (its text is not shown).
    CellTooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The most allowed.
        max: usize,
    },
    /// The row is longer than [`MAX_ROW_BYTES`].
    RowTooLong,
    /// A sheet gives two cells at one place (the row twice, in XLSX): neither is taken.
    CellTwice,
    /// One person's rows hold more than [`MAX_PERSON_BYTES`]: the person is one invalid
    /// record.
    PersonTooLarge {
        /// The person's rows.
        rows: usize,
    },
    /// A quote opened on the row does not close.
    Unclosed(Unclosed),
    /// A cell holds a spreadsheet error (`#DIV/0!`, …).
    CellError {
        /// The error as the spreadsheet writes it.
        error: String,
    },
    /// A number cell that is not finite.
    NotFinite,
    /// A whole number too large for a spreadsheet to keep exactly.
    InexactNumber {
        /// The number.
        value: String,
    },
    /// The row has another number of cells than the header.
    CellCount {
        /// The row's cells.
        found: usize,
        /// The header's.
        expected: usize,
    },
    /// A value in a column without a name.
    UnnamedColumn,
    /// The `entry` cell holds neither word.
    BadEntry {
        /// What it holds.
        value: String,
    },
    /// Reading stopped after this row: the rest of the file cannot be read.
    RestUnreadable {
        /// The system's error number, when there is one.
        os_error: Option<i32>,
    },
}

/// Why a quoted cell is taken to be left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unclosed {
    /// The file ends inside it.
    AtEnd,
    /// It spans more than [`MAX_QUOTED_LINES`] lines.
    TooManyLines,
    /// Its row grows beyond [`MAX_ROW_BYTES`].
    TooManyBytes,
    /// A quote on a later line is followed by text, not by a comma or the end of the line:
    /// it opens a cell of its own line rather than closing this one.
    TextAfterQuote {
        /// The line of that quote.
        line: usize,
    },
}

/// JSON syntax errors, as jiter reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // Each says what it is called.
pub enum JsonSyntax {
    EofWhileParsingList,
    EofWhileParsingObject,
    EofWhileParsingString,
    EofWhileParsingValue,
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    ExpectedSomeIdent,
    ExpectedSomeValue,
    InvalidEscape,
    InvalidNumber,
    NumberOutOfRange,
    InvalidUnicodeCodePoint,
    ControlCharacterWhileParsingString,
    KeyMustBeAString,
    LoneLeadingSurrogateInHexEscape,
    TrailingComma,
    TrailingCharacters,
    UnexpectedEndOfHexEscape,
    RecursionLimitExceeded,
    /// Anything else jiter may say.
    Other,
}

impl JsonSyntax {
    /// The reason of a jiter error.
    pub(crate) fn of(e: &jiter::JiterErrorType) -> JsonSyntax {
        use jiter::JsonErrorType as T;
        let jiter::JiterErrorType::JsonError(e) = e else {
            return JsonSyntax::Other;
        };
        match e {
            T::EofWhileParsingList => JsonSyntax::EofWhileParsingList,
            T::EofWhileParsingObject => JsonSyntax::EofWhileParsingObject,
            T::EofWhileParsingString => JsonSyntax::EofWhileParsingString,
            T::EofWhileParsingValue => JsonSyntax::EofWhileParsingValue,
            T::ExpectedColon => JsonSyntax::ExpectedColon,
            T::ExpectedListCommaOrEnd => JsonSyntax::ExpectedListCommaOrEnd,
            T::ExpectedObjectCommaOrEnd => JsonSyntax::ExpectedObjectCommaOrEnd,
            T::ExpectedSomeIdent => JsonSyntax::ExpectedSomeIdent,
            T::ExpectedSomeValue => JsonSyntax::ExpectedSomeValue,
            T::InvalidEscape => JsonSyntax::InvalidEscape,
            T::InvalidNumber => JsonSyntax::InvalidNumber,
            T::NumberOutOfRange => JsonSyntax::NumberOutOfRange,
            T::InvalidUnicodeCodePoint => JsonSyntax::InvalidUnicodeCodePoint,
            T::ControlCharacterWhileParsingString => JsonSyntax::ControlCharacterWhileParsingString,
            T::KeyMustBeAString => JsonSyntax::KeyMustBeAString,
            T::LoneLeadingSurrogateInHexEscape => JsonSyntax::LoneLeadingSurrogateInHexEscape,
            T::TrailingComma => JsonSyntax::TrailingComma,
            T::TrailingCharacters => JsonSyntax::TrailingCharacters,
            T::UnexpectedEndOfHexEscape => JsonSyntax::UnexpectedEndOfHexEscape,
            T::RecursionLimitExceeded => JsonSyntax::RecursionLimitExceeded,
            _ => JsonSyntax::Other,
        }
    }

    fn msg(self) -> Msg {
        match self {
            JsonSyntax::EofWhileParsingList => Msg::JsonEofList,
            JsonSyntax::EofWhileParsingObject => Msg::JsonEofObject,
            JsonSyntax::EofWhileParsingString => Msg::JsonEofString,
            JsonSyntax::EofWhileParsingValue => Msg::JsonEofValue,
            JsonSyntax::ExpectedColon => Msg::JsonExpectedColon,
            JsonSyntax::ExpectedListCommaOrEnd => Msg::JsonExpectedListEnd,
            JsonSyntax::ExpectedObjectCommaOrEnd => Msg::JsonExpectedObjectEnd,
            JsonSyntax::ExpectedSomeIdent => Msg::JsonExpectedIdent,
            JsonSyntax::ExpectedSomeValue => Msg::JsonExpectedValue,
            JsonSyntax::InvalidEscape => Msg::JsonInvalidEscape,
            JsonSyntax::InvalidNumber => Msg::JsonInvalidNumber,
            JsonSyntax::NumberOutOfRange => Msg::JsonNumberOutOfRange,
            JsonSyntax::InvalidUnicodeCodePoint => Msg::JsonInvalidUnicode,
            JsonSyntax::ControlCharacterWhileParsingString => Msg::JsonControlCharacter,
            JsonSyntax::KeyMustBeAString => Msg::JsonKeyNotString,
            JsonSyntax::LoneLeadingSurrogateInHexEscape => Msg::JsonLoneSurrogate,
            JsonSyntax::TrailingComma => Msg::JsonTrailingComma,
            JsonSyntax::TrailingCharacters => Msg::JsonTrailingCharacters,
            JsonSyntax::UnexpectedEndOfHexEscape => Msg::JsonEndOfHexEscape,
            JsonSyntax::RecursionLimitExceeded => Msg::JsonRecursionLimit,
            JsonSyntax::Other => Msg::JsonOther,
        }
    }
}

/// TOML syntax errors. The toml crate reports them as sentences, not kinds: the common ones
/// are told apart by their sentence. English messages show toml's sentence; Chinese ones the
/// kind's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlSyntax {
    /// A key given twice.
    DuplicateKey,
    /// Nested deeper than toml allows.
    TooDeep,
    /// A string that is not closed or not valid.
    BadString,
    /// A number, date or boolean that is not valid.
    BadValue,
    /// A value is missing after `=`, or the `=` after a key.
    MissingValue,
    /// A table header or an array not closed.
    Unclosed,
    /// Something else.
    Other,
}

impl TomlSyntax {
    /// The reason of a toml error, from its sentence.
    pub(crate) fn of(message: &str) -> TomlSyntax {
        let m = message.trim();
        let first = m.lines().next().unwrap_or("").trim();
        if first.starts_with("duplicate key") {
            TomlSyntax::DuplicateKey
        } else if first.starts_with("cannot recurse further") {
            TomlSyntax::TooDeep
        } else if first.starts_with("invalid")
            && (first.contains("string") || first.ends_with("quote"))
            || first == "missing opening quote"
            || first == "missing escaped value"
        {
            TomlSyntax::BadString
        } else if [
            "invalid value",
            "invalid integer number",
            "invalid float",
            "invalid date-time",
            "invalid boolean",
            "invalid hexadecimal number",
            "invalid octal number",
            "invalid binary number",
            "invalid fraction",
            "invalid exponent",
            "invalid mantissa",
            "unexpected leading zero",
            "unexpected sign",
        ]
        .contains(&first)
        {
            TomlSyntax::BadValue
        } else if first.starts_with("missing value")
            || first == "missing assignment between key-value pairs"
        {
            TomlSyntax::MissingValue
        } else if first.starts_with("unclosed") {
            TomlSyntax::Unclosed
        } else {
            TomlSyntax::Other
        }
    }

    fn message(self, words: &str, lang: Lang) -> String {
        let msg = match self {
            _ if lang == Lang::En && !words.is_empty() => return words.to_string(),
            TomlSyntax::DuplicateKey => Msg::TomlDuplicateKey,
            TomlSyntax::TooDeep => Msg::TomlTooDeep,
            TomlSyntax::BadString => Msg::TomlBadString,
            TomlSyntax::BadValue => Msg::TomlBadValue,
            TomlSyntax::MissingValue => Msg::TomlMissingValue,
            TomlSyntax::Unclosed => Msg::TomlUnclosed,
            TomlSyntax::Other => Msg::TomlOther,
        };
        text(lang, msg).to_string()
    }
}

impl RowPlace {
    /// `line 7` or `Sheet1!row 7`.
    pub(crate) fn words(&self, lang: Lang) -> String {
        match &self.sheet {
            None => fill(lang, Msg::PlaceLine, &[("line", &self.number)]),
            Some((name, _)) => fill(
                lang,
                Msg::PlaceSheetRow,
                &[("sheet", name), ("row", &self.number)],
            ),
        }
    }

    /// `column 3` or `column C`, for column `i` of the table (0-based).
    pub(crate) fn column(&self, i: usize, lang: Lang) -> String {
        match &self.sheet {
            None => fill(lang, Msg::PlaceColumn, &[("column", &(i + 1))]),
            Some((_, first)) => fill(
                lang,
                Msg::PlaceColumn,
                &[("column", &super::table::column_letters(first + i))],
            ),
        }
    }
}

fn os_error(lang: Lang, os: Option<i32>) -> String {
    match os {
        Some(n) => fill(lang, Msg::ReadOsError, &[("code", &n)]),
        None => String::new(),
    }
}

impl RowProblem {
    /// The problem in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            RowProblem::CellNotUtf8 { byte } => fill(lang, Msg::RowCellNotUtf8, &[("byte", byte)]),
            RowProblem::CellTooLong { bytes, max } => {
                fill(lang, Msg::RowCellTooLong, &[("bytes", bytes), ("max", max)])
            }
            RowProblem::RowTooLong => fill(lang, Msg::RowTooLong, &[("max", &MAX_ROW_BYTES)]),
            RowProblem::CellTwice => text(lang, Msg::RowCellTwice).to_string(),
            RowProblem::PersonTooLarge { rows } => fill(
                lang,
                Msg::RowPersonTooLarge,
                &[("rows", rows), ("max", &MAX_PERSON_BYTES)],
            ),
            RowProblem::Unclosed(why) => {
                let why = match why {
                    Unclosed::AtEnd => text(lang, Msg::RowUnclosedAtEnd).to_string(),
                    Unclosed::TooManyLines => {
                        fill(lang, Msg::RowUnclosedLines, &[("max", &MAX_QUOTED_LINES)])
                    }
                    Unclosed::TooManyBytes => {
                        fill(lang, Msg::RowUnclosedBytes, &[("max", &MAX_ROW_BYTES)])
                    }
                    Unclosed::TextAfterQuote { line } => {
                        fill(lang, Msg::RowUnclosedTextAfter, &[("line", line)])
                    }
                };
                fill(lang, Msg::RowUnclosed, &[("why", &why)])
            }
            RowProblem::CellError { error } => fill(lang, Msg::RowCellError, &[("error", error)]),
            RowProblem::NotFinite => text(lang, Msg::RowNotFinite).to_string(),
            RowProblem::InexactNumber { value } => {
                fill(lang, Msg::RowInexactNumber, &[("value", value)])
            }
            RowProblem::CellCount { found, expected } => fill(
                lang,
                Msg::RowCellCount,
                &[("found", found), ("expected", expected)],
            ),
            RowProblem::UnnamedColumn => text(lang, Msg::RowUnnamedColumn).to_string(),
            RowProblem::BadEntry { value } => fill(
                lang,
                Msg::RowBadEntry,
                &[
                    ("value", value),
                    ("entry", &super::table::ENTRY),
                    ("activity", &super::table::ENTRY_ACTIVITY),
                    ("exemption", &super::table::ENTRY_EXEMPTION),
                ],
            ),
            RowProblem::RestUnreadable { os_error: os } => fill(
                lang,
                Msg::RowRestUnreadable,
                &[("error", &os_error(lang, *os))],
            ),
        }
    }
}

impl ReadProblem {
    /// The reason in words.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReadProblem::Json(syntax) => text(lang, syntax.msg()).to_string(),
            ReadProblem::Toml { syntax, words } => syntax.message(words, lang),
            ReadProblem::TooDeep { max } => fill(lang, Msg::ReadTooDeep, &[("max", max)]),
            ReadProblem::KeyNotUtf8 => text(lang, Msg::ReadKeyNotUtf8).to_string(),
            ReadProblem::FileNotUtf8 { byte } => {
                fill(lang, Msg::ReadFileNotUtf8, &[("byte", byte)])
            }
            ReadProblem::LineNotUtf8 { byte } => {
                fill(lang, Msg::ReadLineNotUtf8, &[("byte", byte)])
            }
            ReadProblem::LineTooLong { max } => fill(lang, Msg::ReadLineTooLong, &[("max", max)]),
            ReadProblem::ElementTooLong { max } => {
                fill(lang, Msg::ReadElementTooLong, &[("max", max)])
            }
            ReadProblem::Unreadable { os_error: os } => fill(
                lang,
                Msg::ReadUnreadable,
                &[("error", &os_error(lang, *os))],
            ),
            ReadProblem::Row {
                row,
                column,
                problem,
            } => {
                let place = match column {
                    Some(c) => fill(
                        lang,
                        Msg::PlaceRowColumn,
                        &[("row", &row.words(lang)), ("column", &row.column(*c, lang))],
                    ),
                    None => row.words(lang),
                };
                fill(
                    lang,
                    Msg::PlaceThen,
                    &[("place", &place), ("message", &problem.message(lang))],
                )
            }
        }
    }
}
