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

    /// What a snippet of `spans` shows, and the spans moved into it: the file as it is when
    /// the lines of the spans are short (at most [`SHORT_LINE`] bytes) and hold nothing
    /// [`printable`](crate::printable) escapes; otherwise a window of the first span's line,
    /// at most [`WINDOW`] bytes of the text before the spans, the spans (cut to [`WINDOW`]
    /// bytes) and [`WINDOW`] bytes after, `…` where the line goes on, its control and bidi
    /// characters escaped. Spans not on that line are left out. The window keeps the line's
    /// number and the first span's column. Every snippet of a policy or a record is drawn
    /// through here, so a 10 MB line shows as a few hundred bytes.
    pub fn excerpt(&self, spans: &[Span]) -> (miette::NamedSource<Excerpt>, Vec<Option<Span>>) {
        let whole = || {
            let excerpt = Excerpt {
                text: self.text.clone(),
                first_line: 0,
                header_column: None,
            };
            (
                miette::NamedSource::new(self.name.clone(), excerpt),
                spans.iter().copied().map(Some).collect(),
            )
        };
        let Some(first) = spans.first().copied() else {
            return whole();
        };
        let clamp = |o: usize| o.min(self.text.len());
        let lines_plain = spans.iter().all(|s| {
            let from = self.line_start(self.line_of(clamp(s.start)));
            let to = self.line_end(clamp(s.end));
            self.text.get(from..to).is_some_and(|text| {
                text.split('\n').all(|l| l.len() <= SHORT_LINE)
                    && !text
                        .chars()
                        .any(|c| c != '\n' && c != '\t' && crate::printable::is_escaped(c))
            })
        });
        if lines_plain {
            return whole();
        }
        self.window(spans, first, None)
    }

    /// As [`SourceFile::excerpt`], with the line shown passed through `mask` first (which
    /// must keep its length in bytes: it hides, it does not rewrite); always a window of the
    /// first span's line.
    pub fn excerpt_masked(
        &self,
        spans: &[Span],
        mask: &Mask,
    ) -> (miette::NamedSource<Excerpt>, Vec<Option<Span>>) {
        match spans.first().copied() {
            Some(first) => self.window(spans, first, Some(mask)),
            None => self.excerpt(spans),
        }
    }

    /// The window of the line of `first` (see [`SourceFile::excerpt`]).
    fn window(
        &self,
        spans: &[Span],
        first: Span,
        mask: Option<&Mask>,
    ) -> (miette::NamedSource<Excerpt>, Vec<Option<Span>>) {
        let clamp = |o: usize| o.min(self.text.len());
        let line = self.line_of(clamp(first.start));
        let line_start = self.line_start(line);
        let line_end = self.line_end(line_start);
        let original = self.text.get(line_start..line_end).unwrap_or_default();
        let base = match mask {
            Some(mask) => mask(original),
            None => std::borrow::Cow::Borrowed(original),
        };
        // Masking keeps the length; were it not to, show the line as it is.
        let base: &str = if base.len() == original.len() {
            &base
        } else {
            original
        };
        let floor = |o: usize| {
            let mut o = o.min(base.len());
            while !base.is_char_boundary(o) {
                o -= 1;
            }
            o
        };
        // Offsets from here on are within the line.
        let on_line: Vec<Option<Span>> = spans
            .iter()
            .map(|s| {
                (line_start..=line_end).contains(&s.start).then(|| {
                    let end = s.end.clamp(s.start, line_end);
                    Span::new(s.start - line_start, end - line_start)
                })
            })
            .collect();
        let low = on_line.iter().flatten().map(|s| s.start).min().unwrap_or(0);
        let high = on_line.iter().flatten().map(|s| s.end).max().unwrap_or(0);
        let high = high.min(low.saturating_add(WINDOW));
        let from = floor(low.saturating_sub(WINDOW));
        let to = floor(high.saturating_add(WINDOW)).max(from);
        let mut text = String::new();
        if from > 0 {
            text.push('…');
        }
        let lead = text.len();
        // Each offset of the window, moved into the escaped text.
        let moved = |o: usize| {
            let o = floor(o.clamp(from, to));
            lead + crate::printable::printable(base.get(from..o).unwrap_or_default()).len()
        };
        text.push_str(&crate::printable::printable(
            base.get(from..to).unwrap_or_default(),
        ));
        if to < base.len() {
            text.push('…');
        }
        let moved_spans: Vec<Option<Span>> = on_line
            .iter()
            .map(|s| s.map(|s| Span::new(moved(s.start), moved(s.end))))
            .collect();
        let excerpt = Excerpt {
            text,
            first_line: line.saturating_sub(1),
            header_column: Some(chars_before(original, clamp(first.start) - line_start)),
        };
        (
            miette::NamedSource::new(self.name.clone(), excerpt),
            moved_spans,
        )
    }

    /// The byte offset where 1-based `line` starts.
    fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The byte offset of the end of the line holding `offset` (before its line break).
    fn line_end(&self, offset: usize) -> usize {
        let rest = self.text.get(offset..).unwrap_or_default();
        offset + rest.find('\n').unwrap_or(rest.len())
    }
}

/// Hides parts of a line shown in a snippet, keeping its length in bytes.
pub type Mask = dyn Fn(&str) -> std::borrow::Cow<'_, str>;

/// Lines up to this many bytes are shown whole in snippets.
pub const SHORT_LINE: usize = 400;

/// Bytes shown on each side of a span in a window of a long line (and at most of the span).
pub const WINDOW: usize = 120;

/// The text a snippet is drawn from ([`SourceFile::excerpt`]): the whole file, or a window
/// of one line, which miette numbers as the line and column it comes from.
#[derive(Debug, Clone)]
pub struct Excerpt {
    text: String,
    /// Lines of the file before the excerpt.
    first_line: usize,
    /// For a window, the column of its first span in the line it comes from (characters
    /// before it); `None` when the excerpt is the whole file.
    header_column: Option<usize>,
}

/// The characters of `line` before byte `offset` (all of them when it is past the end):
/// the 0-based column of `offset`, as [`LineCol`] counts columns.
fn chars_before(line: &str, offset: usize) -> usize {
    let mut end = offset.min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line.get(..end).map_or(0, |before| before.chars().count())
}

impl Excerpt {
    /// The text shown.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette asks for a column only without lines of context (the header's place,
        // `file:line:column`), and counts it in bytes; it is given in characters, as every
        // other position xueshi reports (`LineCol`), and in the line the window comes from.
        let column = match (context_lines_before, self.header_column) {
            (0, Some(column)) => column,
            (0, None) => {
                let offset = span.offset().min(self.text.len());
                let line_start = self
                    .text
                    .get(..offset)
                    .and_then(|before| before.rfind('\n'))
                    .map_or(0, |i| i + 1);
                chars_before(
                    self.text.get(line_start..).unwrap_or_default(),
                    offset - line_start,
                )
            }
            _ => inner.column(),
        };
        Ok(Box::new(miette::MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
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
