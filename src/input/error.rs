//! Why a record file cannot be read at all (exit 2): typed reasons, worded by the message
//! catalogues. A system error keeps its number: English shows the system's own sentence,
//! Chinese the kind's.

use super::reason::{RowPlace, RowProblem};
use crate::messages::{Lang, Msg, fill, text};

/// Why a record file cannot be read at all.
#[derive(Debug)]
pub struct InputError {
    /// The file.
    pub file: String,
    /// Why.
    pub problem: InputProblem,
}

impl InputError {
    /// The reason in words, without the file.
    pub fn message(&self, lang: Lang) -> String {
        self.problem.message(lang)
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.file, self.message(Lang::En))
    }
}

impl std::error::Error for InputError {}

/// A column of a table, for messages: `column 5` (CSV) or `column D` (XLSX).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnPlace {
    /// The column: 0-based in the table (CSV) or in the sheet (XLSX).
    pub index: usize,
    /// Whether it is a sheet's column, named by letters.
    pub letters: bool,
}

impl ColumnPlace {
    /// `column 5` or `column D`.
    pub fn words(self, lang: Lang) -> String {
        if self.letters {
            let letters = super::table::column_letters(self.index);
            fill(lang, Msg::PlaceColumn, &[("column", &letters)])
        } else {
            fill(lang, Msg::PlaceColumn, &[("column", &(self.index + 1))])
        }
    }
}

/// What a header column clashes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClashWith {
    /// The `entry` column.
    Entry,
    /// A field of an activity.
    ActivityField,
    /// A field of an exemption.
    ExemptionField,
    /// A field of an activity or an exemption (and the `entry` column).
    ItemField,
}

/// Why a record file cannot be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum InputProblem {
    /// The system could not open or read it.
    Io {
        /// The system's error number, when there is one.
        os_error: Option<i32>,
        /// The kind of error.
        kind: std::io::ErrorKind,
    },
    /// It is a folder.
    Folder,
    /// Its extension names no record format.
    UnknownFormat,
    /// CSV and XLSX need the policy's columns (a library call without them).
    NeedsColumns,
    /// A document read whole is larger than the limit.
    DocumentTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A workbook is larger than the limit, its entries counted decompressed.
    WorkbookTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Not a workbook: calamine's or zip's sentence (shown in English only).
    NotXlsx {
        /// The reader's words.
        words: String,
    },
    /// The workbook has no sheet.
    NoSheet,
    /// The sheet cannot be read: calamine's sentence (shown in English only).
    SheetUnreadable {
        /// The sheet.
        sheet: String,
        /// The reader's words.
        words: String,
    },
    /// The sheet has too many cells with a value.
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// The most read.
        max: usize,
    },
    /// The sheet's cells span too many columns.
    TooManyColumns {
        /// The sheet.
        sheet: String,
        /// How many they span.
        width: usize,
        /// The first cell (`A1`).
        from: String,
        /// The last cell.
        to: String,
        /// The most read.
        max: usize,
    },
    /// The shared-string table announces too many strings.
    TooManyStrings {
        /// The most read.
        max: usize,
    },
    /// The table is empty: it has no header.
    NoHeader,
    /// The header names no column.
    HeaderNamesNothing,
    /// The header row cannot be read.
    HeaderUnreadable {
        /// Where it is.
        row: RowPlace,
        /// Why.
        problem: RowProblem,
    },
    /// A column the policy does not have.
    UnknownColumn {
        /// Its name.
        name: String,
        /// Where it is.
        column: ColumnPlace,
        /// A similar column of the policy.
        suggestion: Option<String>,
        /// The policy's columns.
        columns: Vec<String>,
    },
    /// A column named twice.
    ColumnTwice {
        /// Its name.
        name: String,
        /// The first time.
        first: ColumnPlace,
        /// The second.
        second: ColumnPlace,
    },
    /// A person field that is also a field of an activity or an exemption.
    ColumnClash {
        /// Its name.
        name: String,
        /// Where it is.
        column: ColumnPlace,
        /// What else it is.
        with: ClashWith,
    },
}

impl InputProblem {
    /// A system error as a problem.
    pub(crate) fn io(e: &std::io::Error) -> InputProblem {
        InputProblem::Io {
            os_error: e.raw_os_error(),
            kind: e.kind(),
        }
    }

    /// The problem in words.
    pub fn message(&self, lang: Lang) -> String {
        let quoted = |names: &[String]| {
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            InputProblem::Io { os_error, kind } => match (lang, os_error) {
                (Lang::En, Some(code)) => std::io::Error::from_raw_os_error(*code).to_string(),
                (Lang::En, None) => std::io::Error::from(*kind).to_string(),
                (Lang::Zh, _) => {
                    let msg = match kind {
                        std::io::ErrorKind::NotFound => Msg::InputNotFound,
                        std::io::ErrorKind::PermissionDenied => Msg::InputPermissionDenied,
                        _ => Msg::InputIoError,
                    };
                    fill(lang, msg, &[("code", &os_error.unwrap_or(0))])
                }
            },
            InputProblem::Folder => text(lang, Msg::InputFolder).to_string(),
            InputProblem::UnknownFormat => text(lang, Msg::InputUnknownFormat).to_string(),
            InputProblem::NeedsColumns => text(lang, Msg::InputNeedsColumns).to_string(),
            InputProblem::DocumentTooLarge { limit } => {
                fill(lang, Msg::InputDocumentTooLarge, &[("limit", limit)])
            }
            InputProblem::WorkbookTooLarge { limit } => {
                fill(lang, Msg::InputWorkbookTooLarge, &[("limit", limit)])
            }
            InputProblem::NotXlsx { words } => {
                let words = if lang == Lang::En { words.as_str() } else { "" };
                fill(lang, Msg::InputNotXlsx, &[("words", &words)])
            }
            InputProblem::NoSheet => text(lang, Msg::InputNoSheet).to_string(),
            InputProblem::SheetUnreadable { sheet, words } => {
                let words = if lang == Lang::En { words.as_str() } else { "" };
                fill(
                    lang,
                    Msg::InputSheetUnreadable,
                    &[("sheet", sheet), ("words", &words)],
                )
            }
            InputProblem::TooManyCells { sheet, max } => fill(
                lang,
                Msg::InputTooManyCells,
                &[("sheet", sheet), ("max", max)],
            ),
            InputProblem::TooManyColumns {
                sheet,
                width,
                from,
                to,
                max,
            } => fill(
                lang,
                Msg::InputTooManyColumns,
                &[
                    ("sheet", sheet),
                    ("width", width),
                    ("from", from),
                    ("to", to),
                    ("max", max),
                ],
            ),
            InputProblem::TooManyStrings { max } => {
                fill(lang, Msg::InputTooManyStrings, &[("max", max)])
            }
            InputProblem::NoHeader => text(lang, Msg::InputNoHeader).to_string(),
            InputProblem::HeaderNamesNothing => text(lang, Msg::InputHeaderEmpty).to_string(),
            InputProblem::HeaderUnreadable { row, problem } => fill(
                lang,
                Msg::InputHeaderUnreadable,
                &[
                    ("row", &row.words(lang)),
                    ("message", &problem.message(lang)),
                ],
            ),
            InputProblem::UnknownColumn {
                name,
                column,
                suggestion,
                columns,
            } => {
                let mut s = fill(
                    lang,
                    Msg::InputUnknownColumn,
                    &[("name", name), ("column", &column.words(lang))],
                );
                if let Some(suggestion) = suggestion {
                    s.push_str(&fill(
                        lang,
                        Msg::InputColumnDidYouMean,
                        &[("suggestion", suggestion)],
                    ));
                }
                s.push_str(&fill(
                    lang,
                    Msg::InputColumnsAre,
                    &[("columns", &quoted(columns))],
                ));
                s
            }
            InputProblem::ColumnTwice {
                name,
                first,
                second,
            } => fill(
                lang,
                Msg::InputColumnTwice,
                &[
                    ("name", name),
                    ("first", &first.words(lang)),
                    ("second", &second.words(lang)),
                ],
            ),
            InputProblem::ColumnClash { name, column, with } => {
                let with = text(
                    lang,
                    match with {
                        ClashWith::Entry => Msg::InputClashEntry,
                        ClashWith::ActivityField => Msg::InputClashActivity,
                        ClashWith::ExemptionField => Msg::InputClashExemption,
                        ClashWith::ItemField => Msg::InputClashItem,
                    },
                );
                fill(
                    lang,
                    Msg::InputColumnClash,
                    &[
                        ("name", name),
                        ("column", &column.words(lang)),
                        ("with", &with),
                    ],
                )
            }
        }
    }
}
