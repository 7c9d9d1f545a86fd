//! Records as rows of a table (CSV, XLSX), in the columns [`Columns`] describes.
//!
//! Cells are text ([`NodeValue::Cell`](crate::input::tree::NodeValue::Cell)); the decoder types them by the policy's schema, so a
//! record from a table is checked exactly as the same record in JSON. An empty cell is an
//! absent field. Every value keeps its place: the offset of a cell in a record's tree is
//! `row × width + column`, which [`Locator::Grid`](crate::input::raw::Locator::Grid) turns back into its line (CSV) or sheet
//! row (XLSX) and its column.

pub(crate) mod csv;
mod group;
pub(crate) mod xlsx;

pub(crate) use group::Grouper;

use crate::input::error::{ClashWith, ColumnPlace, InputProblem};
use crate::input::keys::{EVIDENCE, KIND};
use crate::input::raw::RawRecord;
use crate::input::reason::{RowPlace, RowProblem};
use crate::policy::Policy;
use std::collections::HashMap;
use std::sync::Arc;

/// The records of CSV text read from `reader`, its rows read with the columns of `columns`;
/// `file` names it in positions. Fails when the header cannot be read or names a column the
/// policy does not have. (Files are opened by [`crate::input::read_records_with`].)
pub fn csv_records<R: std::io::Read + Send + 'static>(
    file: &str,
    reader: R,
    columns: &Columns,
) -> Result<impl Iterator<Item = RawRecord> + Send + use<R>, InputProblem> {
    let bytes = Arc::new(std::sync::atomic::AtomicU64::new(0));
    Grouper::new(
        file.into(),
        columns,
        Places::Lines,
        csv::rows(Box::new(reader), bytes),
    )
}

/// The records of the first sheet of the XLSX workbook `bytes` hold, its rows read with the
/// columns of `columns`, within `limits`; `file` names it in positions. Fails when the
/// workbook cannot be read or its header names a column the policy does not have. (Files are
/// opened by [`crate::input::read_records_with`].)
pub fn xlsx_records(
    file: &str,
    bytes: Vec<u8>,
    columns: &Columns,
    limits: &crate::input::Limits,
) -> Result<impl Iterator<Item = RawRecord> + Send + use<>, InputProblem> {
    if bytes.len() as u64 > limits.max_document {
        return Err(InputProblem::WorkbookTooLarge {
            limit: limits.max_document,
        });
    }
    let sheet = xlsx::first_sheet_of(std::io::Cursor::new(bytes), limits.max_document)?;
    Grouper::new(
        file.into(),
        columns,
        Places::Sheet {
            name: sheet.name,
            first_column: sheet.first_column,
        },
        sheet.rows,
    )
}

/// The column saying what a row holds.
pub(crate) const ENTRY: &str = "entry";
/// [`ENTRY`] of a row holding an activity.
pub(crate) const ENTRY_ACTIVITY: &str = "activity";
/// [`ENTRY`] of a row holding an exemption.
pub(crate) const ENTRY_EXEMPTION: &str = "exemption";

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A field of the person, repeated on each of the person's rows.
    Person,
    /// What the row holds.
    Entry,
    /// A field of the row's activity or exemption; which of them have a field of that name.
    Item { activity: bool, exemption: bool },
}

/// The columns a policy's records have in a table (CSV, XLSX): one row per activity or
/// exemption, the person's columns repeated on each. Consecutive rows with the same person
/// columns are one person.
///
/// The columns come from the policy's field names, never from a notice: the person's fields,
/// then `entry` (what the row holds: `activity`, `exemption`, or empty for a person without
/// either), then `kind`, the kinds' fields, `evidence`, and the exemption's fields; a name
/// shared by an activity field and an exemption field is one column. Columns are found by
/// their header, in any order, and may be left out. An empty cell is an absent field.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Every column, in the documented order.
    names: Vec<String>,
    roles: HashMap<String, Role>,
    /// Names that are both a person field and a field of an activity or exemption (or
    /// [`ENTRY`]): a table cannot tell them apart.
    clashes: HashMap<String, ClashWith>,
}

impl Columns {
    /// The columns of records of `policy`.
    pub fn of(policy: &Policy) -> Columns {
        Columns::of_all(&[policy])
    }

    /// The columns of records of any of `policies` (for comparing two policies).
    pub fn of_all(policies: &[&Policy]) -> Columns {
        let mut c = Columns::default();
        for p in policies {
            for f in &p.person.fields {
                c.add(&f.name, Role::Person);
            }
        }
        c.add(ENTRY, Role::Entry);
        let activity = Role::Item {
            activity: true,
            exemption: false,
        };
        let exemption = Role::Item {
            activity: false,
            exemption: true,
        };
        c.add(KIND, activity);
        for p in policies {
            for kind in &p.kinds {
                for f in &kind.schema.fields {
                    c.add(&f.name, activity);
                }
            }
        }
        c.add(EVIDENCE, activity);
        for p in policies {
            if let Some(rules) = &p.exemption {
                for f in &rules.schema.fields {
                    c.add(&f.name, exemption);
                }
            }
        }
        c
    }

    fn add(&mut self, name: &str, role: Role) {
        match (self.roles.get(name).copied(), role) {
            (None, _) => {
                self.names.push(name.to_string());
                self.roles.insert(name.to_string(), role);
            }
            (Some(a), b) if a == b => {}
            (
                Some(Role::Item {
                    activity,
                    exemption,
                }),
                Role::Item {
                    activity: a,
                    exemption: e,
                },
            ) => {
                self.roles.insert(
                    name.to_string(),
                    Role::Item {
                        activity: activity || a,
                        exemption: exemption || e,
                    },
                );
            }
            (Some(Role::Person), _) => {
                let what = match role {
                    Role::Entry => ClashWith::Entry,
                    Role::Item { activity: true, .. } => ClashWith::ActivityField,
                    _ => ClashWith::ExemptionField,
                };
                self.clashes.entry(name.to_string()).or_insert(what);
            }
            (Some(_), _) => {
                self.clashes
                    .entry(name.to_string())
                    .or_insert(ClashWith::ItemField);
            }
        }
    }

    /// Every column, in the documented order: person fields, `entry`, `kind`, the kinds'
    /// fields, `evidence`, the exemption's fields.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Reads a header row: the role of each column. `place(i)` names column `i` for messages.
    fn header(
        &self,
        names: &[String],
        place: &dyn Fn(usize) -> ColumnPlace,
    ) -> Result<Header, InputProblem> {
        let mut roles = Vec::with_capacity(names.len());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut entry = None;
        let mut kind = None;
        for (i, raw) in names.iter().enumerate() {
            let name = raw.trim().trim_start_matches('\u{feff}').trim();
            if name.is_empty() {
                roles.push(None);
                continue;
            }
            if let Some(&with) = self.clashes.get(name) {
                return Err(InputProblem::ColumnClash {
                    name: name.to_string(),
                    column: place(i),
                    with,
                });
            }
            let Some(&role) = self.roles.get(name) else {
                return Err(InputProblem::UnknownColumn {
                    name: name.to_string(),
                    column: place(i),
                    suggestion: crate::suggest::closest(
                        name,
                        self.names.iter().map(String::as_str),
                    )
                    .map(|s| s.to_string()),
                    columns: self.names.clone(),
                });
            };
            if let Some(first) = seen.insert(name, i) {
                return Err(InputProblem::ColumnTwice {
                    name: name.to_string(),
                    first: place(first),
                    second: place(i),
                });
            }
            if role == Role::Entry {
                entry = Some(i);
            }
            if name == KIND {
                kind = Some(i);
            }
            roles.push(Some((Arc::<str>::from(name), role)));
        }
        if seen.is_empty() {
            return Err(InputProblem::HeaderNamesNothing);
        }
        Ok(Header {
            person: roles
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r, Some((_, Role::Person))))
                .map(|(i, _)| i)
                .collect(),
            roles,
            entry,
            kind,
        })
    }
}

/// The columns of one table, from its header row.
#[derive(Debug)]
struct Header {
    /// Name and role of each column; `None` for a column without a name.
    roles: Vec<Option<(Arc<str>, Role)>>,
    /// The person's columns.
    person: Vec<usize>,
    /// The [`ENTRY`] column.
    entry: Option<usize>,
    /// The `kind` column.
    kind: Option<usize>,
}

/// One row of a table, as read.
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    /// Its line (CSV, where a quoted cell may span lines: the first) or sheet row (XLSX),
    /// 1-based.
    pub(crate) number: usize,
    /// Its cells as text, as many as the header has columns.
    pub(crate) cells: Vec<String>,
    /// Why the row cannot be read, if it cannot: the message and the column (0-based).
    pub(crate) problem: Option<(RowProblem, Option<usize>)>,
}

impl TableRow {
    /// A row that cannot be read at all, on its own: it joins no other row.
    pub(crate) fn unreadable(number: usize, problem: RowProblem) -> TableRow {
        TableRow {
            number,
            cells: Vec::new(),
            problem: Some((problem, None)),
        }
    }
}

/// What a table's reader yields.
#[derive(Debug)]
pub(crate) enum RowItem {
    /// A row.
    Row(TableRow),
    /// Reading stopped: the rest of the table cannot be read (the system's error number).
    Fatal(Option<i32>),
}

/// How places are named: `line 7` for CSV, `Sheet1!row 7` for XLSX.
#[derive(Debug, Clone)]
pub(crate) enum Places {
    /// Lines of a text file.
    Lines,
    /// Rows of a sheet, with the sheet's name and the sheet column of the table's first
    /// column (0-based).
    Sheet {
        /// The sheet's name.
        name: Arc<str>,
        /// The sheet column of the table's first column.
        first_column: usize,
    },
}

impl Places {
    fn first_column(&self) -> usize {
        match self {
            Places::Lines => 0,
            Places::Sheet { first_column, .. } => *first_column,
        }
    }

    /// Where row `number` is, for a record's error.
    pub(crate) fn place(&self, number: usize) -> RowPlace {
        RowPlace {
            sheet: match self {
                Places::Lines => None,
                Places::Sheet { name, first_column } => Some((name.clone(), *first_column)),
            },
            number,
        }
    }

    /// Column `i` of the table (0-based), for messages.
    pub(crate) fn column_place(&self, i: usize) -> ColumnPlace {
        match self {
            Places::Lines => ColumnPlace {
                index: i,
                letters: false,
            },
            Places::Sheet { first_column, .. } => ColumnPlace {
                index: first_column + i,
                letters: true,
            },
        }
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub(crate) fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
