//! The report of a policy revision over a corpus of records (`xueshi diff`): the rules that
//! changed, how many rulings changed and how, and each changed ruling with the credits and
//! requirements behind it; as a table for people or as one JSON object. What it reports is
//! worked out by [`crate::revise::diff`]; this only writes it.

use crate::eval::Outcome;
use crate::number::Number;
use crate::policy::Policy;
use crate::revise::diff::{Comparison, PolicyChange, RulingChange};
use crate::source::Span;
use serde::Serialize;
use std::io::Write;

/// What comparing the rulings of two policies over a corpus of records found.
pub(crate) struct DiffReport<'a> {
    /// The policy as it is.
    pub(crate) old: &'a Policy,
    /// The policy as it would be.
    pub(crate) new: &'a Policy,
    /// The file the old policy was read from, as it was given.
    pub(crate) old_file: &'a str,
    /// The file the new policy was read from, as it was given.
    pub(crate) new_file: &'a str,
    /// The purpose of the rulings compared, as it was given.
    pub(crate) purpose: &'a str,
    /// The year of the rulings compared.
    pub(crate) year: i32,
    /// The rules that differ between the two policies.
    pub(crate) structure: Vec<PolicyChange>,
    /// What comparing the rulings found.
    pub(crate) comparison: Comparison,
    /// Mask resident IDs.
    pub(crate) redact: bool,
}

/// The ID of an outcome as shown: masked when asked.
fn shown_id(o: &Outcome, redact: bool) -> Option<String> {
    o.id.as_ref().map(|id| {
        if redact && !id.is_empty() {
            crate::record::resident_id::redact(id)
        } else {
            id.clone()
        }
    })
}

/// Writes the report as a table for people.
pub(crate) fn write_table(out: &mut impl Write, report: &DiffReport) -> std::io::Result<()> {
    let (old, new) = (report.old, report.new);
    writeln!(
        out,
        "policy {} {} ({}) → {} {} ({})",
        old.info.name,
        old.info.version,
        report.old_file,
        new.info.name,
        new.info.version,
        report.new_file
    )?;
    write_policy_changes(out, &report.structure)?;
    writeln!(out)?;
    writeln!(
        out,
        "{} {}: {} of {} rulings changed",
        report.purpose,
        report.year,
        report.comparison.changed.len(),
        report.comparison.total
    )?;
    for ((a, b), n) in &report.comparison.transitions {
        writeln!(out, "  {a} → {b}: {n}")?;
    }
    writeln!(
        out,
        "  hours credited: +{} gained, −{} lost",
        report.comparison.added, report.comparison.lost
    )?;
    if !report.comparison.changed.is_empty() {
        writeln!(out, "\nchanged rulings")?;
    }
    for c in &report.comparison.changed {
        writeln!(out, "  {}", person(&c.outcome_new, report.redact))?;
        for change in &c.changes {
            write_ruling_change(out, report, change)?;
        }
    }
    Ok(())
}

/// The rules that changed, each with its old and new text.
fn write_policy_changes(out: &mut impl Write, structure: &[PolicyChange]) -> std::io::Result<()> {
    if structure.is_empty() {
        writeln!(out, "  no rule changed")?;
    }
    for c in structure {
        match (c.change, &c.old, &c.new) {
            ("changed", Some(a), Some(b)) => {
                let lines = match (c.old_line, c.new_line) {
                    (Some(x), Some(y)) => format!(" (line {x} → {y})"),
                    _ => String::new(),
                };
                writeln!(out, "  ~ {} {}{lines}", c.part, c.name)?;
                writeln!(out, "      - {a}")?;
                writeln!(out, "      + {b}")?;
            }
            ("added", _, b) => {
                writeln!(out, "  + {} {}", c.part, c.name)?;
                if let Some(b) = b {
                    writeln!(out, "      + {b}")?;
                }
            }
            (_, a, _) => {
                writeln!(out, "  - {} {}", c.part, c.name)?;
                if let Some(a) = a {
                    writeln!(out, "      - {a}")?;
                }
            }
        }
    }
    Ok(())
}

/// One change of a ruling; for a credit, with the credit rules of both policies and the
/// rules of its kind that changed.
fn write_ruling_change(
    out: &mut impl Write,
    report: &DiffReport,
    change: &RulingChange,
) -> std::io::Result<()> {
    match change {
        RulingChange::Status { old: a, new: b } => writeln!(out, "    status {a} → {b}"),
        RulingChange::Figure {
            year,
            name,
            old: a,
            new: b,
        } => writeln!(out, "    {year} {name} {} → {}", opt(*a), opt(*b)),
        RulingChange::Credit {
            year,
            index,
            kind,
            old: a,
            new: b,
            old_rule,
            new_rule,
        } => {
            writeln!(
                out,
                "    {year} [{index}] {kind}: {} → {} hours",
                opt(*a),
                opt(*b)
            )?;
            if let Some(s) = old_rule {
                writeln!(out, "        old: {}", place(report.old, *s))?;
            }
            if let Some(s) = new_rule {
                writeln!(out, "        new: {}", place(report.new, *s))?;
            }
            // The kind's rules that changed between the two policies.
            let prefix = format!("{kind}: ");
            let rules = report
                .structure
                .iter()
                .filter(|c| c.part == "kind")
                .filter_map(|c| Some((c, c.name.strip_prefix(&prefix)?)));
            for (c, rule) in rules {
                let lines = match (c.old_line, c.new_line) {
                    (Some(x), Some(y)) => format!(" (line {x} → {y})"),
                    (None, Some(y)) => format!(" (new, line {y})"),
                    (Some(x), None) => format!(" (removed, line {x})"),
                    _ => String::new(),
                };
                writeln!(out, "        rule changed: {rule}{lines}")?;
            }
            Ok(())
        }
        RulingChange::Requirement {
            year,
            rule,
            old: a,
            new: b,
        } => {
            let word = |m: bool| if m { "met" } else { "not met" };
            writeln!(out, "    {year} {rule}: {} → {}", word(*a), word(*b))
        }
    }
}

/// The person of an outcome and where its record is: `id name (record n of file)`.
fn person(o: &Outcome, redact: bool) -> String {
    let id = shown_id(o, redact).unwrap_or_default();
    let name = o.name.clone().unwrap_or_default();
    let mut s = format!("{id} {name}").trim().to_string();
    s.push_str(&format!(
        " (record {} of {})",
        o.position.record, o.position.file
    ));
    s
}

/// A number, or `—` for none.
fn opt(n: Option<Number>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// A rule of a policy: `file:line: ` and its first line.
fn place(policy: &Policy, span: Span) -> String {
    let at = policy.source.line_col(span.start);
    format!(
        "{}:{}: {}",
        policy.source.name(),
        at.line,
        policy.source.slice(span).lines().next().unwrap_or_default()
    )
}

/// An exact number in JSON.
struct Num(Number);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(S::Error::custom)?
            .serialize(s)
    }
}

/// A change of a ruling as JSON writes it: numbers exact, rules placed.
#[derive(Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
enum ChangeView {
    Status {
        old: String,
        new: String,
    },
    Figure {
        year: i32,
        name: String,
        old: Option<Num>,
        new: Option<Num>,
    },
    Credit {
        year: i32,
        index: usize,
        kind: String,
        old: Option<Num>,
        new: Option<Num>,
        old_rule: Option<String>,
        new_rule: Option<String>,
    },
    Requirement {
        year: i32,
        rule: String,
        old: bool,
        new: bool,
    },
}

impl ChangeView {
    /// The view of `change`, whose rules are those of `old` and `new`.
    fn of(change: &RulingChange, old: &Policy, new: &Policy) -> ChangeView {
        match change {
            RulingChange::Status { old, new } => ChangeView::Status {
                old: old.clone(),
                new: new.clone(),
            },
            RulingChange::Figure {
                year,
                name,
                old,
                new,
            } => ChangeView::Figure {
                year: *year,
                name: name.clone(),
                old: old.map(Num),
                new: new.map(Num),
            },
            RulingChange::Credit {
                year,
                index,
                kind,
                old: a,
                new: b,
                old_rule,
                new_rule,
            } => ChangeView::Credit {
                year: *year,
                index: *index,
                kind: kind.clone(),
                old: a.map(Num),
                new: b.map(Num),
                old_rule: old_rule.map(|s| place(old, s)),
                new_rule: new_rule.map(|s| place(new, s)),
            },
            RulingChange::Requirement {
                year,
                rule,
                old,
                new,
            } => ChangeView::Requirement {
                year: *year,
                rule: rule.clone(),
                old: *old,
                new: *new,
            },
        }
    }
}

/// Writes the report as one JSON object, indented, and a newline.
pub(crate) fn write_json(out: &mut impl Write, report: &DiffReport) -> std::io::Result<()> {
    let (old, new) = (report.old, report.new);
    let ident = |p: &Policy| serde_json::json!({"name": p.info.name, "version": p.info.version, "sha256": p.info.sha256, "file": p.source.name()});
    let people: Vec<serde_json::Value> = report
        .comparison
        .changed
        .iter()
        .map(|c| {
            let changes: Vec<ChangeView> = c
                .changes
                .iter()
                .map(|ch| ChangeView::of(ch, old, new))
                .collect();
            serde_json::json!({
                "id": shown_id(&c.outcome_new, report.redact),
                "name": c.outcome_new.name,
                "position": {"file": &*c.outcome_new.position.file, "record": c.outcome_new.position.record},
                "changes": serde_json::to_value(changes).unwrap_or_default(),
            })
        })
        .collect();
    let transitions: Vec<serde_json::Value> = report
        .comparison
        .transitions
        .iter()
        .map(|((a, b), n)| serde_json::json!({"from": a, "to": b, "count": n}))
        .collect();
    let mut doc = serde_json::json!({
        "old": ident(old),
        "new": ident(new),
        "policy_changes": report.structure,
        "summary": {"records": report.comparison.total, "changed": report.comparison.changed.len(), "transitions": transitions},
        "changed": people,
    });
    // Hours as exact decimal text.
    if let Some(summary) = doc.get_mut("summary").and_then(|s| s.as_object_mut()) {
        summary.insert(
            "hours_gained".into(),
            serde_json::Value::String(report.comparison.added.to_string()),
        );
        summary.insert(
            "hours_lost".into(),
            serde_json::Value::String(report.comparison.lost.to_string()),
        );
    }
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    writeln!(out)
}
