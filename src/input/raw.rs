//! Records as read, before a policy decodes them: where each is ([`Position`]), what it
//! holds ([`Content`]: a tree, a line of JSON still to parse, or why its text could not be
//! read) and how its byte offsets become lines and columns ([`Locator`]).

use super::tree::Node;
use crate::source::{LineCol, SourceFile};
use std::sync::Arc;

/// Turns byte offsets of the record's text into places: lines for every activity (cheap),
/// lines and columns for errors.
pub(crate) trait Locate {
    /// Line and column of a byte offset, when the format has them.
    fn line_col(&self, offset: usize) -> Option<LineCol>;
    /// Line of a byte offset, when the format has lines.
    fn line(&self, offset: usize) -> Option<usize>;
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
        text: LineText,
    },
    /// Offsets are within a whole file.
    File(Arc<SourceFile>),
    /// The record is a part of a file read piece by piece (an element of a JSON array):
    /// offsets are within `source`, the part's text, which starts at `line` and `column` of
    /// the file.
    Part {
        /// The part's text.
        source: Arc<SourceFile>,
        /// The file's line of the part's first byte.
        line: usize,
        /// The file's column (in characters) of the part's first byte.
        column: usize,
    },
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

impl Locate for Locator {
    fn line_col(&self, offset: usize) -> Option<LineCol> {
        self.locate(offset)
    }

    fn line(&self, offset: usize) -> Option<usize> {
        match self {
            Locator::Line { line, .. } => Some(*line),
            Locator::File(source) => Some(source.line_of(offset)),
            Locator::Part { source, line, .. } => Some(line + source.line_of(offset) - 1),
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
            Locator::Part {
                source,
                line,
                column,
            } => {
                let at = source.line_col(offset);
                Some(if at.line == 1 {
                    LineCol {
                        line: *line,
                        column: column + at.column - 1,
                    }
                } else {
                    LineCol {
                        line: line + at.line - 1,
                        column: at.column,
                    }
                })
            }
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

/// The text of one line: a part of a block of lines read together, so that the lines of a
/// block share one allocation (a line read on its own is a block by itself).
#[derive(Clone)]
pub struct LineText {
    block: Arc<str>,
    start: usize,
    end: usize,
}

impl LineText {
    /// The line `start..end` of `block`; `None` when that is not a part of it (out of
    /// bounds, or not on character boundaries).
    pub(crate) fn in_block(block: &Arc<str>, start: usize, end: usize) -> Option<LineText> {
        block.get(start..end)?;
        Some(LineText {
            block: block.clone(),
            start,
            end,
        })
    }
}

impl From<&str> for LineText {
    fn from(text: &str) -> Self {
        LineText::from(Arc::<str>::from(text))
    }
}

impl From<String> for LineText {
    fn from(text: String) -> Self {
        LineText::from(Arc::<str>::from(text))
    }
}

impl From<Arc<str>> for LineText {
    fn from(block: Arc<str>) -> Self {
        let end = block.len();
        LineText {
            block,
            start: 0,
            end,
        }
    }
}

impl std::ops::Deref for LineText {
    type Target = str;

    fn deref(&self) -> &str {
        // The range was checked when the line was made.
        self.block.get(self.start..self.end).unwrap_or_default()
    }
}

impl std::fmt::Debug for LineText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
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
    /// About how many bytes of memory the record's text takes (a table's rows counted at 32
    /// bytes a cell): what bounds a batch of records in bytes as well as in number.
    pub fn weight(&self) -> usize {
        match &self.locator {
            Locator::Line { text, .. } => text.end - text.start,
            Locator::File(source) | Locator::Part { source, .. } => source.text().len(),
            Locator::Grid { lines, width, .. } => {
                lines.len().saturating_mul(*width).saturating_mul(32)
            }
            Locator::Nowhere => 0,
        }
    }

    /// One record given as JSON text, called `<record>` (record 1, on line 1), its offsets
    /// placed at lines and columns of the text: parsed now, malformed when it is not JSON.
    pub fn from_json(json: &str) -> RawRecord {
        let source = SourceFile::new("<record>", json);
        let content = match crate::input::json::read_document(json) {
            Ok(node) => Content::Tree(node.into_owned()),
            Err(p) => Content::Malformed(Malformed {
                problem: p.problem,
                at: Some(source.line_col(p.offset)),
            }),
        };
        RawRecord {
            position: Position {
                file: "<record>".into(),
                record: 1,
                line: Some(1),
            },
            content,
            locator: Locator::File(source),
        }
    }

    /// Calls `f` with the record's tree (parsed from the line it holds, if it is a line of
    /// JSONL, borrowing from it), its position and its locator.
    pub(crate) fn with_tree<T>(
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
                match crate::input::json::read_document(text) {
                    Ok(node) => f(position, Ok(&node), &locator),
                    Err(p) => {
                        let m = Malformed {
                            problem: p.problem,
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
    /// Why.
    pub problem: super::reason::ReadProblem,
    /// Where the reader stopped.
    pub at: Option<LineCol>,
}
