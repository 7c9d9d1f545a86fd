//! The report of a policy revision over a corpus of records (`xueshi diff`): the rules that
//! changed (readings, citations and labels included), how many rulings changed and how, and
//! each changed ruling with the credits and requirements behind it, then, apart, the rulings
//! whose only change is which requirements are met; as a table for people (in the language
//! of the messages) or as one JSON object. What it reports is worked out by
//! [`crate::revise::diff`]; this only writes it.

use crate::eval::Outcome;
use crate::messages::{Lang, Msg, fill, text};
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
    /// The language of the table.
    pub(crate) lang: Lang,
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
    let (old, new, lang) = (report.old, report.new, report.lang);
    let ident = |p: &Policy| format!("{} {}", p.info.name, p.info.version);
    let head = fill(
        lang,
        Msg::DiffPolicies,
        &[
            ("old", &ident(old)),
            ("old_file", &report.old_file),
            ("new", &ident(new)),
            ("new_file", &report.new_file),
        ],
    );
    writeln!(out, "{head}")?;
    write_policy_changes(out, lang, &report.structure)?;
    writeln!(out)?;
    let c = &report.comparison;
    let summary = fill(
        lang,
        Msg::DiffSummary,
        &[
            ("purpose", &report.purpose),
            ("year", &report.year),
            ("changed", &c.changed.len()),
            ("total", &c.total),
        ],
    );
    writeln!(out, "{summary}")?;
    if !c.requirements_only.is_empty() {
        let n = c.requirements_only.len();
        let line = fill(lang, Msg::DiffRequirementsOnlyCount, &[("count", &n)]);
        writeln!(out, "  {line}")?;
    }
    for ((a, b), n) in &c.transitions {
        writeln!(out, "  {a} → {b}: {n}")?;
    }
    let hours = fill(
        lang,
        Msg::DiffHours,
        &[
            ("unit", &super::amount_word(new, lang)),
            ("gained", &c.added),
            ("lost", &c.lost),
        ],
    );
    writeln!(out, "  {hours}")?;
    let sections = [
        (Msg::DiffChangedHeading, &c.changed),
        (Msg::DiffRequirementsOnlyHeading, &c.requirements_only),
    ];
    for (heading, rulings) in sections {
        if rulings.is_empty() {
            continue;
        }
        writeln!(out, "\n{}", text(lang, heading))?;
        for r in rulings {
            writeln!(out, "  {}", person(&r.outcome_new, report))?;
            for change in &r.changes {
                write_ruling_change(out, report, change)?;
            }
        }
    }
    Ok(())
}

/// ` (line 3 → 5)`, ` (new, line 5)`, ` (removed, line 3)`, or nothing.
fn lines(lang: Lang, old: Option<usize>, new: Option<usize>) -> String {
    match (old, new) {
        (Some(x), Some(y)) => fill(lang, Msg::DiffLines, &[("old", &x), ("new", &y)]),
        (None, Some(y)) => fill(lang, Msg::DiffLineNew, &[("line", &y)]),
        (Some(x), None) => fill(lang, Msg::DiffLineRemoved, &[("line", &x)]),
        (None, None) => String::new(),
    }
}

/// The rules that changed, each with its old and new text.
fn write_policy_changes(
    out: &mut impl Write,
    lang: Lang,
    structure: &[PolicyChange],
) -> std::io::Result<()> {
    if structure.is_empty() {
        writeln!(out, "  {}", text(lang, Msg::DiffNoRuleChanged))?;
    }
    for c in structure {
        match (c.change, &c.old, &c.new) {
            ("changed", Some(a), Some(b)) => {
                // Lines only when both texts have one (header entries have none).
                let at = match (c.old_line, c.new_line) {
                    (Some(_), Some(_)) => lines(lang, c.old_line, c.new_line),
                    _ => String::new(),
                };
                writeln!(out, "  ~ {} {}{at}", c.part, c.name)?;
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
    let lang = report.lang;
    let unit = super::amount_word(report.new, lang);
    match change {
        RulingChange::Status { old: a, new: b } => {
            let line = fill(lang, Msg::DiffStatus, &[("old", a), ("new", b)]);
            writeln!(out, "    {line}")
        }
        RulingChange::YearStatus {
            year,
            old: a,
            new: b,
        } => {
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("year", year), ("old", a), ("new", b)];
            writeln!(out, "    {}", fill(lang, Msg::DiffYearStatus, &args))
        }
        RulingChange::Passes {
            year,
            old: a,
            new: b,
        } => {
            let word = |p: Option<bool>| match p {
                Some(true) => text(lang, Msg::DiffWordPasses),
                Some(false) => text(lang, Msg::DiffWordFails),
                None => "—",
            };
            let args: [(&str, &dyn std::fmt::Display); 3] =
                [("year", year), ("old", &word(*a)), ("new", &word(*b))];
            writeln!(out, "    {}", fill(lang, Msg::DiffPasses, &args))
        }
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
            old_rejected,
            new_rejected,
            old_rule,
            new_rule,
        } => {
            let line = if *old_rejected || *new_rejected {
                let side = |n: Option<Number>, rejected: bool| {
                    if rejected {
                        text(lang, Msg::DiffWordRejected).to_string()
                    } else {
                        n.map_or_else(
                            || "—".to_string(),
                            |n| fill(lang, Msg::DiffHoursOf, &[("hours", &n), ("unit", &unit)]),
                        )
                    }
                };
                let (x, y) = (side(*a, *old_rejected), side(*b, *new_rejected));
                let args: [(&str, &dyn std::fmt::Display); 5] = [
                    ("year", year),
                    ("index", index),
                    ("kind", kind),
                    ("old", &x),
                    ("new", &y),
                ];
                fill(lang, Msg::DiffCreditRejected, &args)
            } else {
                let (x, y) = (opt(*a), opt(*b));
                let args: [(&str, &dyn std::fmt::Display); 6] = [
                    ("year", year),
                    ("index", index),
                    ("kind", kind),
                    ("old", &x),
                    ("new", &y),
                    ("unit", &unit),
                ];
                fill(lang, Msg::DiffCredit, &args)
            };
            writeln!(out, "    {line}")?;
            if let Some(s) = old_rule {
                let place = place(report.old, *s);
                writeln!(
                    out,
                    "        {}",
                    fill(lang, Msg::DiffOldRule, &[("place", &place)])
                )?;
            }
            if let Some(s) = new_rule {
                let place = place(report.new, *s);
                writeln!(
                    out,
                    "        {}",
                    fill(lang, Msg::DiffNewRule, &[("place", &place)])
                )?;
            }
            // The kind's rules that changed between the two policies.
            let prefix = format!("{kind}: ");
            let rules = report
                .structure
                .iter()
                .filter(|c| c.part == "kind")
                .filter_map(|c| Some((c, c.name.strip_prefix(&prefix)?)));
            for (c, rule) in rules {
                let at = lines(lang, c.old_line, c.new_line);
                let args: [(&str, &dyn std::fmt::Display); 2] = [("rule", &rule), ("lines", &at)];
                writeln!(out, "        {}", fill(lang, Msg::DiffRuleChanged, &args))?;
            }
            Ok(())
        }
        RulingChange::Requirement {
            year,
            rule,
            old: a,
            new: b,
        } => {
            let word = |m: bool| {
                text(
                    lang,
                    if m {
                        Msg::DiffWordMet
                    } else {
                        Msg::DiffWordNotMet
                    },
                )
            };
            let args: [(&str, &dyn std::fmt::Display); 4] = [
                ("year", year),
                ("rule", rule),
                ("old", &word(*a)),
                ("new", &word(*b)),
            ];
            writeln!(out, "    {}", fill(lang, Msg::DiffRequirement, &args))
        }
    }
}

/// The person of an outcome and where its record is: `id name (record n of file)`.
fn person(o: &Outcome, report: &DiffReport) -> String {
    let id = shown_id(o, report.redact).unwrap_or_default();
    let name = o.name.clone().unwrap_or_default();
    let who = format!("{id} {name}").trim().to_string();
    let args: [(&str, &dyn std::fmt::Display); 3] = [
        ("person", &who),
        ("record", &o.position.record),
        ("file", &o.position.file),
    ];
    // A record without id or name starts with where it is.
    let line = fill(report.lang, Msg::DiffPerson, &args)
        .trim_start()
        .to_string();
    // With --redact, no ID-shaped run in the name or the file's either.
    super::redacted(line, report.redact)
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
    YearStatus {
        year: i32,
        old: String,
        new: String,
    },
    Passes {
        year: i32,
        old: Option<bool>,
        new: Option<bool>,
    },
    Credit {
        year: i32,
        index: usize,
        kind: String,
        old: Option<Num>,
        new: Option<Num>,
        old_rejected: bool,
        new_rejected: bool,
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
            RulingChange::YearStatus { year, old, new } => ChangeView::YearStatus {
                year: *year,
                old: old.clone(),
                new: new.clone(),
            },
            RulingChange::Passes { year, old, new } => ChangeView::Passes {
                year: *year,
                old: *old,
                new: *new,
            },
            RulingChange::Credit {
                year,
                index,
                kind,
                old: a,
                new: b,
                old_rejected,
                new_rejected,
                old_rule,
                new_rule,
            } => ChangeView::Credit {
                year: *year,
                index: *index,
                kind: kind.clone(),
                old: a.map(Num),
                new: b.map(Num),
                old_rejected: *old_rejected,
                new_rejected: *new_rejected,
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
    let people = |rulings: &[crate::revise::diff::ChangedRuling]| -> Vec<serde_json::Value> {
        rulings.iter().map(|c| {
            let changes: Vec<ChangeView> = c
                .changes
                .iter()
                .map(|ch| ChangeView::of(ch, old, new))
                .collect();
            serde_json::json!({
                "id": shown_id(&c.outcome_new, report.redact),
                "name": c.outcome_new.name.as_deref().map(|n| super::masked(n, report.redact)),
                "position": {"file": super::masked(&c.outcome_new.position.file, report.redact), "record": c.outcome_new.position.record},
                "changes": serde_json::to_value(changes).unwrap_or_default(),
            })
        })
        .collect()
    };
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
        "summary": {
            "records": report.comparison.total,
            "changed": report.comparison.changed.len(),
            "requirements_only": report.comparison.requirements_only.len(),
            "transitions": transitions,
        },
        "changed": people(&report.comparison.changed),
        "requirements_only": people(&report.comparison.requirements_only),
    });
    // Hours as exact decimal text.
    if let Some(summary) = doc.get_mut("summary").and_then(|s| s.as_object_mut()) {
        summary.insert(
            format!("{}_gained", new.credit_key()),
            serde_json::Value::String(report.comparison.added.to_string()),
        );
        summary.insert(
            format!("{}_lost", new.credit_key()),
            serde_json::Value::String(report.comparison.lost.to_string()),
        );
    }
    // An error of the writer keeps its kind (a broken pipe ends `diff` quietly).
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
    writeln!(out)
}
