//! The summary row of each person, shared by the table and CSV: id, name, status and the
//! year's figures (a purpose over one year), or the years examined and those that failed.

use super::record_error_message;
use crate::eval::Outcome;
use crate::messages::{Lang, Msg, fill, text};
use crate::policy::{FieldType, Policy, PurposeId, Window};
use crate::record::resident_id;
use std::borrow::Cow;
use std::fmt::Write as _;

/// How rows are made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rows<'a> {
    /// The policy.
    pub(crate) policy: &'a Policy,
    /// The purpose.
    pub(crate) purpose: PurposeId,
    /// Language of words in cells.
    pub(crate) lang: Lang,
    /// Mask resident IDs.
    pub(crate) redact: bool,
    /// For people (the table): statuses by their labels in Chinese. CSV keeps the names.
    pub(crate) human: bool,
}

/// One person's row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The cells, in header order.
    pub(crate) cells: Vec<String>,
}

impl<'a> Rows<'a> {
    fn single(&self) -> bool {
        matches!(
            self.policy.purpose_rules(self.purpose).window,
            Window::Single(_)
        )
    }

    /// Column headers in `lang` (CSV uses English ones).
    pub(crate) fn header(&self, lang: Lang) -> Vec<String> {
        let t = |m| text(lang, m).to_string();
        let mut h = vec![t(Msg::ColumnId), t(Msg::ColumnName), t(Msg::ColumnStatus)];
        if self.single() {
            h.extend(
                self.policy
                    .year
                    .figures
                    .iter()
                    .map(|f| match (&f.label, lang) {
                        (Some(l), Lang::Zh) => l.text.clone(),
                        _ => f.name.clone(),
                    }),
            );
            // In English the headers are the JSON keys; in Chinese, words (the unit's label).
            h.push(match lang {
                Lang::Zh => super::amount_header(self.policy, lang, Msg::ColumnMakeUp),
                Lang::En => t(Msg::ColumnShortfall),
            });
        } else {
            h.push(t(Msg::ColumnYears));
            h.push(t(Msg::ColumnFailing));
        }
        h
    }

    /// Indices of right-aligned (numeric) columns.
    pub(crate) fn numeric_columns(&self) -> Vec<usize> {
        if self.single() {
            (3..4 + self.policy.year.figures.len()).collect()
        } else {
            Vec::new()
        }
    }

    /// The text of the person's field `key`: from the decoded record, else as read from an
    /// invalid one; a resident ID masked when asked.
    fn person_text<'o>(&self, o: &'o Outcome, key: &str, raw: &'o Option<String>) -> Cow<'o, str> {
        let from_record = o
            .result
            .as_ref()
            .ok()
            .and_then(|e| e.person.text(&self.policy.person, key));
        let text = from_record.or(raw.as_deref()).unwrap_or_default();
        // The ID field's type is looked up only when IDs are to be masked.
        let masked = self.redact
            && key == self.policy.person.id_key()
            && !text.is_empty()
            && self
                .policy
                .person
                .slots
                .get(self.policy.person.id_key())
                .and_then(|s| self.policy.person.fields.get(usize::from(*s)))
                .is_some_and(|f| f.ty == FieldType::ResidentId);
        if masked {
            Cow::Owned(resident_id::redact(text))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// The row of one outcome.
    pub(crate) fn row(&self, o: &Outcome) -> Row {
        let mut cells = Vec::new();
        self.each_cell(o, &mut |cell| cells.push(cell.to_string()));
        Row { cells }
    }

    /// Calls `cell` with each cell of the row of one outcome, in header order, without
    /// making a text of each (CSV writes them straight out). With `redact`, every cell has
    /// its ID-shaped runs masked ([`super::masked`]): an ID typed into the name too.
    pub(crate) fn each_cell(&self, o: &Outcome, cell: &mut dyn FnMut(&str)) {
        if self.redact {
            self.each_plain_cell(o, &mut |text| cell(&super::masked(text, true)));
        } else {
            self.each_plain_cell(o, cell);
        }
    }

    /// The cells of [`Rows::each_cell`], the ID alone masked.
    fn each_plain_cell(&self, o: &Outcome, cell: &mut dyn FnMut(&str)) {
        let person = &self.policy.person;
        cell(&self.person_text(o, person.id_key(), &o.id));
        cell(&self.person_text(o, person.name_key(), &o.name));
        let purpose = self.policy.purpose_rules(self.purpose);
        let extra = if self.single() {
            self.policy.year.figures.len() + 1
        } else {
            2
        };
        match &o.result {
            Err(_) => {
                cell(text(self.lang, Msg::StatusInvalid));
                for _ in 0..extra {
                    cell("");
                }
            }
            Ok(e) => {
                let ruling = &e.ruling;
                let status = purpose.status(ruling.status);
                cell(match (&status.display, self.lang) {
                    (Some(l), Lang::Zh) if self.human => &l.text,
                    _ => &status.label,
                });
                if self.single() {
                    if let Some(year) = ruling.years.first() {
                        let mut number = String::new();
                        for n in year.figures.iter().chain([&year.shortfall]) {
                            number.clear();
                            if !super::write_decimal(*n, |part| number.push_str(part)) {
                                // Writing to a String cannot fail.
                                let _ = write!(number, "{n}");
                            }
                            cell(&number);
                        }
                    }
                } else {
                    cell(&match (ruling.years.first(), ruling.years.last()) {
                        (Some(a), Some(b)) if a.year == b.through => a.year.to_string(),
                        (Some(a), Some(b)) => format!("{}–{}", a.year, b.through),
                        _ => text(self.lang, Msg::TableNoYears).to_string(),
                    });
                    let failing: Vec<String> = ruling
                        .years
                        .iter()
                        .filter(|y| y.passes == Some(false))
                        .map(|y| match y.lacking {
                            Some(hours) if !hours.is_zero() => fill(
                                self.lang,
                                Msg::TableShort,
                                &[("year", &y.label()), ("hours", &hours)],
                            ),
                            _ => y.label(),
                        })
                        .collect();
                    cell(&failing.join(", "));
                }
            }
        }
    }

    /// The errors of an invalid outcome on one line, for CSV: paths and messages masked
    /// with `redact`.
    pub(crate) fn errors(&self, o: &Outcome) -> String {
        match &o.result {
            Ok(_) => String::new(),
            Err(errors) => {
                let line = errors
                    .iter()
                    .map(|e| {
                        let format = super::format_name(&o.position.file);
                        let m = record_error_message(e, self.policy, self.lang, format);
                        if e.path.is_empty() {
                            m
                        } else {
                            format!("{}: {m}", e.path)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                super::redacted(line, self.redact)
            }
        }
    }

    /// A counter of outcomes by status, for the summary.
    pub(crate) fn counter(&self) -> Counter<'a> {
        let purpose = self.policy.purpose_rules(self.purpose);
        let mut labels: Vec<&str> = Vec::new();
        for s in &purpose.statuses {
            if !labels.contains(&s.label.as_str()) {
                labels.push(&s.label);
            }
        }
        Counter {
            rows: *self,
            counts: vec![0usize; labels.len()],
            labels,
            invalid: 0,
        }
    }
}

/// Outcomes counted by status, as they go by.
pub(crate) struct Counter<'a> {
    rows: Rows<'a>,
    labels: Vec<&'a str>,
    counts: Vec<usize>,
    invalid: usize,
}

impl Counter<'_> {
    /// Which count an outcome adds to: the index of its status's label, `None` when it is
    /// invalid.
    pub(crate) fn key(&self, o: &Outcome) -> Option<usize> {
        let purpose = self.rows.policy.purpose_rules(self.rows.purpose);
        let e = o.result.as_ref().ok()?;
        let label = purpose.status(e.ruling.status).label.as_str();
        self.labels.iter().position(|l| *l == label)
    }

    /// Counts an outcome by its [`Counter::key`].
    pub(crate) fn add_key(&mut self, key: Option<usize>) {
        match key {
            Some(i) => {
                if let Some(count) = self.counts.get_mut(i) {
                    *count += 1;
                }
            }
            None => self.invalid += 1,
        }
    }

    /// `5 people: 3 compliant, 1 shortfall, 1 invalid`, for `people` outcomes.
    pub(crate) fn summary(&self, people: usize) -> String {
        let purpose = self.rows.policy.purpose_rules(self.rows.purpose);
        let lang = self.rows.lang;
        let shown = |label: &str| -> String {
            let display = purpose
                .statuses
                .iter()
                .find(|s| s.label == label)
                .and_then(|s| s.display.as_ref());
            match (display, lang) {
                (Some(d), Lang::Zh) if self.rows.human => d.text.clone(),
                _ => label.to_string(),
            }
        };
        let mut parts: Vec<String> = self
            .labels
            .iter()
            .zip(&self.counts)
            .filter(|(_, c)| **c > 0)
            .map(|(l, c)| format!("{c} {}", shown(l)))
            .collect();
        if self.invalid > 0 {
            parts.push(format!(
                "{} {}",
                self.invalid,
                text(lang, Msg::StatusInvalid)
            ));
        }
        let people = fill(lang, Msg::TablePeople, &[("n", &people)]);
        let (colon, comma) = match lang {
            Lang::En => (": ", ", "),
            Lang::Zh => ("：", "，"),
        };
        if parts.is_empty() {
            people
        } else {
            format!("{people}{colon}{}", parts.join(comma))
        }
    }
}
