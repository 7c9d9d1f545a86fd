//! `xueshi diff`: what a policy revision does to the rulings of a corpus of records, and
//! which rules changed.

use super::{Context, FAILURE, FINDINGS, OK, load_policy, print_error};
use clap::ValueEnum;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use xueshi::eval::{Job, Outcome};
use xueshi::number::Number;
use xueshi::policy::Policy;
use xueshi::revise::diff::{
    PolicyChange, RulingChange, hours_delta, policy_changes, ruling_changes, status_of,
};

/// Formats of `diff`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    /// A report for people
    Table,
    /// One JSON object
    Json,
}

/// Arguments of `xueshi diff`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The policy as it is
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The policy as it would be
    #[arg(value_name = "NEW")]
    pub new: String,

    /// The purpose of the rulings compared
    #[arg(long, value_name = "NAME")]
    pub purpose: String,

    /// The year of the rulings compared (`Y`)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1..=9999))]
    pub year: i32,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,

    /// Record files (.json, .jsonl, .toml, .csv, .xlsx; `-` for JSONL on stdin)
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<String>,
}

struct Changed {
    outcome_new: Outcome,
    changes: Vec<RulingChange>,
}

/// Runs `xueshi diff`.
pub fn run(args: Args, context: &Context) -> u8 {
    let (Some(old), Some(new)) = (
        load_policy(&args.old, context),
        load_policy(&args.new, context),
    ) else {
        return FAILURE;
    };
    let (Some((p_old, _)), Some((p_new, _))) =
        (old.purpose(&args.purpose), new.purpose(&args.purpose))
    else {
        let which = if old.purpose(&args.purpose).is_none() {
            &args.old
        } else {
            &args.new
        };
        print_error(
            context,
            &format!("`{which}` has no purpose `{}`", args.purpose),
        );
        return FAILURE;
    };
    let columns = xueshi::input::table::Columns::of_all(&[&old, &new]);
    let mut sources = Vec::new();
    for path in &args.records {
        match xueshi::input::read_records_with(path, &columns) {
            Ok(records) => sources.push(records),
            Err(e) => {
                print_error(context, &format!("`{}`: {}", e.file, e.reason));
                return FAILURE;
            }
        }
    }
    let job_old = Job::new(&old, p_old, args.year);
    let job_new = Job::new(&new, p_new, args.year);
    let mut total = 0usize;
    let mut changed: Vec<Changed> = Vec::new();
    let mut transitions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut added, mut lost) = (Number::ZERO, Number::ZERO);
    for source in sources {
        for raw in source {
            total += 1;
            let outcome_old = job_old.run(raw.clone());
            let outcome_new = job_new.run(raw);
            let changes = ruling_changes(&old, &new, &outcome_old, &outcome_new);
            let delta = hours_delta(&outcome_old, &outcome_new);
            if delta.is_negative() {
                lost = lost.checked_sub(delta).unwrap_or(lost);
            } else {
                added = added.checked_add(delta).unwrap_or(added);
            }
            if changes.is_empty() {
                continue;
            }
            let (a, b) = (status_of(&old, &outcome_old), status_of(&new, &outcome_new));
            if a != b {
                *transitions.entry((a, b)).or_default() += 1;
            }
            changed.push(Changed {
                outcome_new,
                changes,
            });
        }
    }
    let structure = policy_changes(&old, &new);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        DiffFormat::Table => write_table(
            &mut out,
            &old,
            &new,
            &args,
            &structure,
            total,
            &changed,
            &transitions,
            added,
            lost,
        ),
        DiffFormat::Json => write_json(
            &mut out,
            &old,
            &new,
            &structure,
            total,
            &changed,
            &transitions,
            added,
            lost,
        ),
    };
    if let Err(e) = written.and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_error(context, &e.to_string());
            return FAILURE;
        }
    }
    if changed.is_empty() { OK } else { FINDINGS }
}

fn person(o: &Outcome) -> String {
    let id = o.id.clone().unwrap_or_default();
    let name = o.name.clone().unwrap_or_default();
    let mut s = format!("{id} {name}").trim().to_string();
    s.push_str(&format!(
        " (record {} of {})",
        o.position.record, o.position.file
    ));
    s
}

fn opt(n: Option<Number>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

fn place(policy: &Policy, span: xueshi::source::Span) -> String {
    let at = policy.source.line_col(span.start);
    format!(
        "{}:{}: {}",
        policy.source.name(),
        at.line,
        policy.source.slice(span).lines().next().unwrap_or_default()
    )
}

#[allow(clippy::too_many_arguments)]
fn write_table(
    out: &mut impl Write,
    old: &Policy,
    new: &Policy,
    args: &Args,
    structure: &[PolicyChange],
    total: usize,
    changed: &[Changed],
    transitions: &BTreeMap<(String, String), usize>,
    added: Number,
    lost: Number,
) -> std::io::Result<()> {
    writeln!(
        out,
        "policy {} {} ({}) → {} {} ({})",
        old.info.name, old.info.version, args.old, new.info.name, new.info.version, args.new
    )?;
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
    writeln!(out)?;
    writeln!(
        out,
        "{} {}: {} of {total} rulings changed",
        args.purpose,
        args.year,
        changed.len()
    )?;
    for ((a, b), n) in transitions {
        writeln!(out, "  {a} → {b}: {n}")?;
    }
    writeln!(out, "  hours credited: +{added} gained, −{lost} lost")?;
    if !changed.is_empty() {
        writeln!(out, "\nchanged rulings")?;
    }
    for c in changed {
        writeln!(out, "  {}", person(&c.outcome_new))?;
        for change in &c.changes {
            match change {
                RulingChange::Status { old: a, new: b } => writeln!(out, "    status {a} → {b}")?,
                RulingChange::Figure {
                    year,
                    name,
                    old: a,
                    new: b,
                } => writeln!(out, "    {year} {name} {} → {}", opt(*a), opt(*b))?,
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
                        writeln!(out, "        old: {}", place(old, *s))?;
                    }
                    if let Some(s) = new_rule {
                        writeln!(out, "        new: {}", place(new, *s))?;
                    }
                    // The kind's rules that changed between the two policies.
                    let prefix = format!("{kind}: ");
                    for c in structure
                        .iter()
                        .filter(|c| c.part == "kind" && c.name.starts_with(&prefix))
                    {
                        let lines = match (c.old_line, c.new_line) {
                            (Some(x), Some(y)) => format!(" (line {x} → {y})"),
                            (None, Some(y)) => format!(" (new, line {y})"),
                            (Some(x), None) => format!(" (removed, line {x})"),
                            _ => String::new(),
                        };
                        writeln!(
                            out,
                            "        rule changed: {}{lines}",
                            &c.name[prefix.len()..]
                        )?;
                    }
                }
                RulingChange::Requirement {
                    year,
                    rule,
                    old: a,
                    new: b,
                } => {
                    let word = |m: bool| if m { "met" } else { "not met" };
                    writeln!(out, "    {year} {rule}: {} → {}", word(*a), word(*b))?
                }
            }
        }
    }
    Ok(())
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

#[allow(clippy::too_many_arguments)]
fn write_json(
    out: &mut impl Write,
    old: &Policy,
    new: &Policy,
    structure: &[PolicyChange],
    total: usize,
    changed: &[Changed],
    transitions: &BTreeMap<(String, String), usize>,
    added: Number,
    lost: Number,
) -> std::io::Result<()> {
    let ident = |p: &Policy| serde_json::json!({"name": p.info.name, "version": p.info.version, "sha256": p.info.sha256, "file": p.source.name()});
    let people: Vec<serde_json::Value> = changed
        .iter()
        .map(|c| {
            let changes: Vec<ChangeView> = c
                .changes
                .iter()
                .map(|ch| match ch {
                    RulingChange::Status { old, new } => ChangeView::Status { old: old.clone(), new: new.clone() },
                    RulingChange::Figure { year, name, old, new } => ChangeView::Figure {
                        year: *year,
                        name: name.clone(),
                        old: old.map(Num),
                        new: new.map(Num),
                    },
                    RulingChange::Credit { year, index, kind, old: a, new: b, old_rule, new_rule } => ChangeView::Credit {
                        year: *year,
                        index: *index,
                        kind: kind.clone(),
                        old: a.map(Num),
                        new: b.map(Num),
                        old_rule: old_rule.map(|s| place(old, s)),
                        new_rule: new_rule.map(|s| place(new, s)),
                    },
                    RulingChange::Requirement { year, rule, old, new } => {
                        ChangeView::Requirement { year: *year, rule: rule.clone(), old: *old, new: *new }
                    }
                })
                .collect();
            serde_json::json!({
                "id": c.outcome_new.id,
                "name": c.outcome_new.name,
                "position": {"file": &*c.outcome_new.position.file, "record": c.outcome_new.position.record},
                "changes": serde_json::to_value(changes).unwrap_or_default(),
            })
        })
        .collect();
    let transitions: Vec<serde_json::Value> = transitions
        .iter()
        .map(|((a, b), n)| serde_json::json!({"from": a, "to": b, "count": n}))
        .collect();
    let mut doc = serde_json::json!({
        "old": ident(old),
        "new": ident(new),
        "policy_changes": structure,
        "summary": {"records": total, "changed": changed.len(), "transitions": transitions},
        "changed": people,
    });
    // Hours as exact decimal text.
    if let Some(summary) = doc.get_mut("summary").and_then(|s| s.as_object_mut()) {
        summary.insert(
            "hours_gained".into(),
            serde_json::Value::String(added.to_string()),
        );
        summary.insert(
            "hours_lost".into(),
            serde_json::Value::String(lost.to_string()),
        );
    }
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    writeln!(out)
}
