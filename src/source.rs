//! Source text and positions: a named text (a policy file or a record file) and byte spans
//! into it, with the line and column look-ups that diagnostics need.

use std::fmt;
use std::sync::Arc;

/// A byte range `start..end` in a [`SourceFile`].
///
/// Spans never take part in the equality of the nodes that carry them: two ASTs that differ
/// only in layout compare equal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span that covers both `self` and `other`.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The span moved `by` bytes to the right.
    pub fn shift(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A named source text, with an index of line starts for position look-ups.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source named `name` (usually its path) holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        let text = text.into();
        let line_starts = line_starts(&text);
        Arc::new(SourceFile {
            name: name.into(),
            text,
            line_starts,
        })
    }

    /// The name given at construction, usually the file's path.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text covered by `span` (empty when the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        line_col_in(&self.text, &self.line_starts, offset)
    }

    /// The 1-based line of a byte offset, without counting the column (which takes time
    /// proportional to the line's length).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i.max(1),
        }
    }

    /// The byte offset of a line and column (clamped to the text).
    pub fn offset_of(&self, at: LineCol) -> usize {
        let start = self
            .line_starts
            .get(at.line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..];
        let within: usize = line
            .chars()
            .take(at.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        start + within
    }

    /// A miette source for rendering snippets of this file.
    pub fn named_source(&self) -> miette::NamedSource<String> {
        miette::NamedSource::new(self.name.clone(), self.text.clone())
    }
}

/// Byte offsets at which the lines of `text` start.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Line and column of `offset` in `text`, given the line starts of `text`.
pub(crate) fn line_col_in(text: &str, line_starts: &[usize], offset: usize) -> LineCol {
    let offset = offset.min(text.len());
    let line = match line_starts.binary_search(&offset) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let start = line_starts.get(line).copied().unwrap_or(0);
    let column = text
        .get(start..offset)
        .map(|s| s.chars().count())
        .unwrap_or(0)
        + 1;
    LineCol {
        line: line + 1,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("t", "ab\n学时x\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // "学时" is 6 bytes and 2 characters.
        assert_eq!(file.line_col(9), LineCol { line: 2, column: 3 });
        assert_eq!(file.line_col(100), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn line_of_agrees_with_line_col() {
        let file = SourceFile::new("t", "ab\n学时x\n\nz");
        for offset in 0..=20 {
            assert_eq!(file.line_of(offset), file.line_col(offset).line, "{offset}");
        }
    }

    #[test]
    fn offsets_and_positions_agree() {
        let file = SourceFile::new("t", "ab\n学时x\n");
        for offset in [0, 1, 3, 6, 9] {
            assert_eq!(file.offset_of(file.line_col(offset)), offset);
        }
    }

    #[test]
    fn join_covers_both() {
        assert_eq!(Span::new(3, 5).join(Span::new(1, 4)), Span::new(1, 5));
    }
}
