//! The grouping of a table's rows into person records ([`Grouper`]): the header read first,
//! then consecutive rows of one person gathered into one record's tree, within
//! [`MAX_PERSON_BYTES`].

use super::{Columns, ENTRY_ACTIVITY, ENTRY_EXEMPTION, Header, Places, Role, RowItem, TableRow};
use crate::input::error::InputProblem;
use crate::input::keys::{ACTIVITIES, EXEMPTIONS};
use crate::input::limits::MAX_PERSON_BYTES;
use crate::input::raw::{Content, Locator, Malformed, Position, RawRecord};
use crate::input::reason::{ReadProblem, RowProblem};
use crate::input::tree::{Entry, Node, NodeValue};
use crate::source::LineCol;
use std::borrow::Cow;
use std::sync::Arc;

/// Turns a table's rows into person records: reads the header, then groups rows.
pub(crate) struct Grouper {
    rows: Box<dyn Iterator<Item = RowItem> + Send>,
    header: Header,
    places: Places,
    file: Arc<str>,
    record: usize,
    /// The last row read.
    last_line: usize,
    pending: Option<TableRow>,
    fatal: Option<Option<i32>>,
    done: bool,
}

impl Grouper {
    /// Reads the header (the first row) and returns the grouper, or why the table cannot
    /// be read as records of these columns.
    pub(crate) fn new(
        file: Arc<str>,
        columns: &Columns,
        places: Places,
        mut rows: Box<dyn Iterator<Item = RowItem> + Send>,
    ) -> Result<Grouper, InputProblem> {
        let first = loop {
            match rows.next() {
                None => {
                    return Err(InputProblem::NoHeader);
                }
                Some(RowItem::Fatal(os)) => {
                    return Err(InputProblem::HeaderUnreadable {
                        row: places.place(0),
                        problem: RowProblem::RestUnreadable { os_error: os },
                    });
                }
                Some(RowItem::Row(row))
                    if row.problem.is_none() && row.cells.iter().all(|c| c.trim().is_empty()) => {}
                Some(RowItem::Row(row)) => break row,
            }
        };
        let header_line = first.number;
        if let Some((problem, _)) = first.problem {
            return Err(InputProblem::HeaderUnreadable {
                row: places.place(first.number),
                problem,
            });
        }
        let header = columns.header(&first.cells, &|i| places.column_place(i))?;
        Ok(Grouper {
            rows,
            header,
            places,
            file,
            record: 0,
            last_line: header_line,
            pending: None,
            fatal: None,
            done: false,
        })
    }

    fn next_row(&mut self) -> Option<TableRow> {
        if let Some(row) = self.pending.take() {
            return Some(row);
        }
        loop {
            match self.rows.next()? {
                RowItem::Fatal(m) => {
                    self.fatal = Some(m);
                    return None;
                }
                RowItem::Row(row)
                    if row.problem.is_none() && row.cells.iter().all(|c| c.trim().is_empty()) => {}
                RowItem::Row(row) => {
                    self.last_line = row.number;
                    return Some(row);
                }
            }
        }
    }

    fn same_person(&self, a: &TableRow, b: &TableRow) -> bool {
        // A row that could not be read at all is a record of its own.
        if a.cells.is_empty() || b.cells.is_empty() {
            return false;
        }
        self.header
            .person
            .iter()
            .all(|&c| a.cells.get(c).map(|s| s.as_str()) == b.cells.get(c).map(|s| s.as_str()))
    }

    fn width(&self) -> usize {
        self.header.roles.len().max(1)
    }

    /// The record of one person's rows; invalid at its first row when `oversize` says why
    /// the person's rows were not all kept.
    fn record(
        &mut self,
        rows: Vec<TableRow>,
        fatal: Option<Option<i32>>,
        oversize: Option<RowProblem>,
    ) -> RawRecord {
        self.record += 1;
        let first_column = self.places.first_column();
        let position = Position {
            file: self.file.clone(),
            record: self.record,
            line: Some(rows.first().map_or(self.last_line, |r| r.number)),
        };
        let locator = Locator::Grid {
            lines: rows.iter().map(|r| r.number).collect(),
            width: self.width(),
            first_column,
        };
        let made = match oversize {
            Some(problem) => Err((problem, position.line.unwrap_or(self.last_line), None)),
            None => self.tree(rows, fatal),
        };
        let content = match made {
            Ok(node) => Content::Tree(node),
            Err((problem, line, column)) => Content::Malformed(Malformed {
                problem: ReadProblem::Row {
                    row: self.places.place(line),
                    column,
                    problem,
                },
                at: Some(LineCol {
                    line,
                    column: first_column + column.unwrap_or(0) + 1,
                }),
            }),
        };
        RawRecord {
            position,
            content,
            locator,
        }
    }

    /// The tree of one person's rows, or why it cannot be made: what is wrong, the line and
    /// the column.
    fn tree(
        &self,
        mut rows: Vec<TableRow>,
        fatal: Option<Option<i32>>,
    ) -> Result<Node<'static>, (RowProblem, usize, Option<usize>)> {
        let width = self.width();
        let last = rows.last().map_or(self.last_line, |r| r.number);
        if let Some(os_error) = fatal {
            return Err((RowProblem::RestUnreadable { os_error }, last, None));
        }
        for row in &mut rows {
            if row.problem.is_none() && row.cells.len() != self.header.roles.len() {
                let problem = RowProblem::CellCount {
                    found: row.cells.len(),
                    expected: self.header.roles.len(),
                };
                return Err((problem, row.number, None));
            }
            if let Some((problem, column)) = row.problem.take() {
                return Err((problem, row.number, column));
            }
            for (c, cell) in row.cells.iter().enumerate() {
                if self.header.roles.get(c).is_none_or(|r| r.is_none()) && !cell.trim().is_empty() {
                    return Err((RowProblem::UnnamedColumn, row.number, Some(c)));
                }
            }
        }
        let cell = |r: usize, c: usize, text: String| Node {
            value: NodeValue::Cell(Cow::Owned(text)),
            offset: r * width + c,
        };
        let mut entries: Vec<Entry<'static>> = Vec::new();
        if let Some(first) = rows.first_mut() {
            for &c in &self.header.person {
                let text = first
                    .cells
                    .get_mut(c)
                    .map(std::mem::take)
                    .unwrap_or_default();
                if let Some(Some((name, _))) = self.header.roles.get(c) {
                    // An empty person cell is `null`: absent, and a missing required field
                    // is reported at its cell.
                    let value = if text.trim().is_empty() {
                        Node {
                            value: NodeValue::Null,
                            offset: c,
                        }
                    } else {
                        cell(0, c, text)
                    };
                    entries.push(Entry {
                        key: Cow::Owned(name.to_string()),
                        key_offset: c,
                        value,
                    });
                }
            }
        }
        let mut activities = Vec::new();
        let mut exemptions = Vec::new();
        for (r, row) in rows.iter_mut().enumerate() {
            let entry_col = self.header.entry;
            let said = entry_col
                .and_then(|c| row.cells.get(c))
                .map_or("", |s| s.trim());
            let said = match said {
                ENTRY_ACTIVITY | ENTRY_EXEMPTION | "" => Cow::Borrowed(match said {
                    ENTRY_ACTIVITY => ENTRY_ACTIVITY,
                    ENTRY_EXEMPTION => ENTRY_EXEMPTION,
                    _ => "",
                }),
                other => Cow::Owned(other.to_string()),
            };
            let kind_given = self
                .header
                .kind
                .and_then(|c| row.cells.get(c))
                .is_some_and(|s| !s.trim().is_empty());
            let mut fields = Vec::new();
            let mut only_exemption = true;
            for (c, text) in row.cells.iter_mut().enumerate() {
                let Some(Some((name, Role::Item { exemption, .. }))) = self.header.roles.get(c)
                else {
                    continue;
                };
                if text.trim().is_empty() {
                    continue;
                }
                only_exemption &= *exemption;
                fields.push(Entry {
                    key: Cow::Owned(name.to_string()),
                    key_offset: r * width + c,
                    value: cell(r, c, std::mem::take(text)),
                });
            }
            let is_activity = match &*said {
                ENTRY_ACTIVITY => true,
                ENTRY_EXEMPTION => false,
                // Without a word: a row with no activity or exemption cells is the person
                // alone; else an exemption when every cell given is an exemption's field
                // and the kind is not given, an activity otherwise.
                "" if fields.is_empty() => continue,
                "" => kind_given || !only_exemption,
                other => {
                    let c = entry_col.unwrap_or(0);
                    let problem = RowProblem::BadEntry {
                        value: other.to_string(),
                    };
                    return Err((problem, row.number, Some(c)));
                }
            };
            let item = Node {
                value: NodeValue::Object(fields),
                offset: r * width + entry_col.unwrap_or(0),
            };
            if is_activity {
                activities.push(item);
            } else {
                exemptions.push(item);
            }
        }
        for (key, items) in [(ACTIVITIES, activities), (EXEMPTIONS, exemptions)] {
            if let Some(first) = items.first() {
                let offset = first.offset;
                entries.push(Entry {
                    key: Cow::Borrowed(key),
                    key_offset: offset,
                    value: Node {
                        value: NodeValue::Array(items),
                        offset,
                    },
                });
            }
        }
        Ok(Node {
            value: NodeValue::Object(entries),
            offset: 0,
        })
    }
}

impl Iterator for Grouper {
    type Item = RawRecord;

    fn next(&mut self) -> Option<RawRecord> {
        if self.done {
            return None;
        }
        let Some(first) = self.next_row() else {
            self.done = true;
            // A read that failed between two people still gives an output.
            let fatal = self.fatal.take()?;
            return Some(self.record(Vec::new(), Some(fatal), None));
        };
        // A person's rows are kept up to MAX_PERSON_BYTES of memory (each cell's text and
        // its `String`); past that they are only counted.
        let size = |row: &TableRow| {
            let cell = std::mem::size_of::<String>();
            row.cells.iter().map(|c| c.len() + cell).sum::<usize>()
        };
        let mut bytes = size(&first);
        let mut rows = vec![first];
        let mut dropped = 0usize;
        loop {
            match self.next_row() {
                Some(row) if rows.first().is_some_and(|f| self.same_person(f, &row)) => {
                    bytes = bytes.saturating_add(size(&row));
                    if bytes > MAX_PERSON_BYTES {
                        dropped += 1;
                    } else {
                        rows.push(row);
                    }
                }
                Some(row) => {
                    self.pending = Some(row);
                    break;
                }
                None => break,
            }
        }
        // A read that failed part way ends the person being read: the record is incomplete.
        let fatal = self.fatal.take();
        if fatal.is_some() {
            self.done = true;
        }
        // (A read that failed is reported first: the person is incomplete either way.)
        let oversize = (dropped > 0 && fatal.is_none()).then(|| {
            let problem = RowProblem::PersonTooLarge {
                rows: rows.len() + dropped,
            };
            rows.truncate(1);
            problem
        });
        Some(self.record(rows, fatal, oversize))
    }
}
