//! The structural diff of two policies: every named part (header entries, constants,
//! categories, kinds and their rules, the year's figures and requirements, exemptions,
//! purposes, forms) written out as one line of text, and the lines that differ. A part's
//! `reading`, its own `cite` and its `label` are parts of their own (`annual_minimum:
//! reading`), so that a revision that only rewords a reading or cites another clause shows.

use crate::policy::{Cite, Kind, Origin, Policy, Text, Window};
use crate::source::Span;
use std::collections::BTreeMap;

/// How a named part of the policy changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PolicyChange {
    /// What part: `header`, `constant`, `kind`, `category`, `evidence`, `unit`, `year`,
    /// `exemption`, `purpose`, `form`.
    pub part: &'static str,
    /// Its name (`conference`, `annual_minimum`), and for a rule of a kind, the rule
    /// (`conference: credit`); for a reading, citation or label, what it belongs to and
    /// which (`annual_minimum: reading`, `conference: credit: cite`, `annual: label`).
    pub name: String,
    /// Which side of the part: `rule` (the rule or entry itself), `reading`, `cite` or
    /// `label`.
    pub aspect: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The old text (as written in the old policy), when there is one.
    pub old: Option<String>,
    /// The new text.
    pub new: Option<String>,
    /// The line of the old text in the old policy.
    pub old_line: Option<usize>,
    /// The line of the new text in the new policy.
    pub new_line: Option<usize>,
}

/// One entry of a policy's parts: which side it is, its text and its line.
struct Entry {
    aspect: &'static str,
    text: String,
    line: Option<usize>,
}

/// The parts of one policy, keyed by part and name.
struct Parts<'p> {
    policy: &'p Policy,
    out: BTreeMap<(&'static str, String), Entry>,
}

impl<'p> Parts<'p> {
    fn line(&self, span: Span) -> Option<usize> {
        Some(self.policy.source.line_col(span.start).line)
    }

    /// The text written at `span`, whitespace collapsed, and its line.
    fn written(&self, span: Span) -> (String, Option<usize>) {
        (collapse(self.policy.source.slice(span)), self.line(span))
    }

    /// An entry whose text is given (header entries, names).
    fn plain(&mut self, part: &'static str, name: String, text: String) {
        let entry = Entry {
            aspect: "rule",
            text,
            line: None,
        };
        self.out.insert((part, name), entry);
    }

    /// A rule as written at `span`.
    fn rule(&mut self, part: &'static str, name: String, span: Span) {
        let (text, line) = self.written(span);
        let entry = Entry {
            aspect: "rule",
            text,
            line,
        };
        self.out.insert((part, name), entry);
    }

    /// A label or a reading: `"…" en "…"` as written.
    fn text(&mut self, part: &'static str, name: &str, aspect: &'static str, text: &Text) {
        let (written, line) = self.written(text.span);
        // A text made without a place (never by the checker) still shows what it says.
        let written = if written.is_empty() {
            match &text.en {
                Some(en) => format!("\"{}\" en \"{en}\"", text.text),
                None => format!("\"{}\"", text.text),
            }
        } else {
            written
        };
        let entry = Entry {
            aspect,
            text: written,
            line,
        };
        self.out.insert((part, format!("{name}: {aspect}")), entry);
    }

    fn label(&mut self, part: &'static str, name: &str, label: Option<&Text>) {
        if let Some(l) = label {
            self.text(part, name, "label", l);
        }
    }

    /// The reading of a rule, and its citation when it is its own: a citation it inherits
    /// from its block (`block`) is the block's part, not the rule's.
    fn meta(&mut self, part: &'static str, name: &str, origin: &Origin, block: Option<&Cite>) {
        if let Some(r) = &origin.reading {
            self.text(part, name, "reading", r);
        }
        if let Some(c) = &origin.cite {
            if block.is_none_or(|b| b.span != c.span) {
                let (text, line) = self.written(c.span);
                let entry = Entry {
                    aspect: "cite",
                    text,
                    line,
                };
                self.out.insert((part, format!("{name}: cite")), entry);
            }
        }
    }

    /// A rule as written, with its reading and citation.
    fn cited(&mut self, part: &'static str, name: String, origin: &Origin, block: Option<&Cite>) {
        self.meta(part, &name, origin, block);
        self.rule(part, name, origin.span);
    }
}

/// One line of each rule of a policy, keyed by part and name: what the structural diff
/// compares. Texts are the rules as written, with whitespace collapsed.
fn parts(policy: &Policy) -> BTreeMap<(&'static str, String), Entry> {
    let mut p = Parts {
        policy,
        out: BTreeMap::new(),
    };
    let info = &policy.info;
    p.plain("header", "name".into(), info.name.clone());
    p.plain("header", "version".into(), info.version.clone());
    p.plain(
        "header",
        "effective".into(),
        info.effective.format("%Y-%m-%d").to_string(),
    );
    if let Some(t) = &info.title {
        p.plain("header", "title".into(), t.clone());
    }
    if let Some(s) = &info.source {
        p.plain("header", "source".into(), s.clone());
    }
    for c in &policy.constants {
        p.cited("constant", c.name.clone(), &c.rule.origin, None);
    }
    for c in &policy.categories {
        p.plain("category", c.name.clone(), c.name.clone());
        p.label("category", &c.name, c.label.as_ref());
        p.meta("category", &c.name, &c.origin, None);
    }
    for e in &policy.evidence {
        p.plain("evidence", e.clone(), e.clone());
    }
    for u in policy.units.iter().skip(2) {
        p.plain("unit", u.singular.clone(), u.singular.clone());
        if let Some(l) = &u.label {
            let entry = Entry {
                aspect: "label",
                text: format!("\"{l}\""),
                line: None,
            };
            p.out
                .insert(("unit", format!("{}: label", u.singular)), entry);
        }
    }
    for k in &policy.kinds {
        kind_parts(&mut p, k);
    }
    let year = &policy.year;
    let block = year.origin.cite.as_ref();
    p.meta("year", "year", &year.origin, None);
    for f in &year.figures {
        p.label("year", &f.name, f.label.as_ref());
        p.cited("year", f.name.clone(), &f.rule.origin, block);
    }
    for (i, r) in year.requirements.iter().enumerate() {
        p.cited("year", format!("require #{}", i + 1), &r.origin, block);
    }
    if let Some(s) = &year.shortfall {
        p.cited("year", "shortfall".into(), &s.origin, block);
    }
    if let Some(m) = &year.make_up {
        p.cited("year", "shortfall".into(), &m.origin, block);
    }
    if let Some(e) = &policy.exemption {
        let block = e.origin.cite.as_ref();
        p.label("exemption", "exemption", e.label.as_ref());
        p.meta("exemption", "exemption", &e.origin, None);
        for f in &e.schema.fields {
            p.rule("exemption", format!("field {}", f.name), f.span);
        }
        for (i, r) in e.rejections.iter().enumerate() {
            p.cited(
                "exemption",
                format!("reject #{}", i + 1),
                &r.rule.origin,
                block,
            );
        }
        p.cited("exemption", "covers".into(), &e.covers.origin, block);
    }
    for purpose in &policy.purposes {
        let name = &purpose.name;
        let block = purpose.origin.cite.as_ref();
        p.label("purpose", name, purpose.label.as_ref());
        p.meta("purpose", name, &purpose.origin, None);
        let window = match &purpose.window {
            Window::Single(r) => &r.origin,
            Window::Range { origin, .. } => origin,
        };
        p.cited("purpose", format!("{name}: window"), window, block);
        if let Some(r) = &purpose.passes {
            p.cited("purpose", format!("{name}: each year"), &r.origin, block);
        }
        for (i, s) in purpose.statuses.iter().enumerate() {
            let status = format!("{name}: status #{}", i + 1);
            p.label("purpose", &status, s.display.as_ref());
            p.cited("purpose", status, &s.origin, block);
        }
    }
    for f in &policy.forms {
        let block = f.origin.cite.as_ref();
        p.label("form", &f.name, f.label.as_ref());
        p.meta("form", &f.name, &f.origin, None);
        for field in &f.fields {
            p.cited(
                "form",
                format!("{}: {}", f.name, field.label),
                &field.origin,
                block,
            );
        }
    }
    p.out
}

/// The rules of a kind, each named `kind: rule`, and the kind's own label, reading and
/// citation (`kind: label`).
fn kind_parts(p: &mut Parts, k: &Kind) {
    let name = &k.name;
    let block = k.origin.cite.as_ref();
    p.label("kind", name, k.label.as_ref());
    p.meta("kind", name, &k.origin, None);
    let mut rule = |rule: String, origin: &Origin| {
        p.cited("kind", format!("{name}: {rule}"), origin, block);
    };
    rule("counts in".into(), &k.year.origin);
    rule("credit".into(), &k.credit.origin);
    let category = match &k.category {
        crate::policy::CategoryRule::Fixed(_, o)
        | crate::policy::CategoryRule::FromField { origin: o, .. } => o,
    };
    rule("counts as".into(), category);
    for l in &k.locals {
        rule(format!("let {}", l.name), &l.rule.origin);
    }
    for (i, c) in k.caps.iter().enumerate() {
        rule(format!("cap #{}", i + 1), &c.origin);
    }
    if let Some(s) = &k.spread {
        rule("spread".into(), &s.origin);
    }
    for (i, e) in k.evidence.iter().enumerate() {
        rule(format!("requires #{}", i + 1), &e.origin);
    }
    for (i, r) in k.rejections.iter().enumerate() {
        rule(format!("reject #{}", i + 1), &r.rule.origin);
    }
    for (i, c) in k.constraints.iter().enumerate() {
        rule(format!("invalid #{}", i + 1), &c.rule.origin);
    }
    for f in &k.schema.fields {
        p.rule("kind", format!("{name}: field {}", f.name), f.span);
    }
}

/// Whitespace collapsed to single spaces.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parts of the policy that differ, in a stable order: kinds added or removed whole
/// first, then every other part by part and name.
pub fn policy_changes(old: &Policy, new: &Policy) -> Vec<PolicyChange> {
    let a = parts(old);
    let b = parts(new);
    let mut out = Vec::new();
    let mut keys: Vec<&(&'static str, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    // A kind added or removed whole is one change, not one per rule.
    let kinds_a: Vec<&str> = old.kinds.iter().map(|k| k.name.as_str()).collect();
    let kinds_b: Vec<&str> = new.kinds.iter().map(|k| k.name.as_str()).collect();
    for k in &kinds_b {
        if !kinds_a.contains(k) {
            let span = new.kind_ids.get(k).map(|&i| new.kind(i).origin.span);
            out.push(PolicyChange {
                part: "kind",
                name: k.to_string(),
                aspect: "rule",
                change: "added",
                old: None,
                // The head of the kind: `kind mentoring "…" {`.
                new: span.map(|s| {
                    let text = new.source.slice(s);
                    collapse(text.split('{').next().unwrap_or(text))
                }),
                old_line: None,
                new_line: span.map(|s| new.source.line_col(s.start).line),
            });
        }
    }
    for k in &kinds_a {
        if !kinds_b.contains(k) {
            let span = old.kind_ids.get(k).map(|&i| old.kind(i).origin.span);
            out.push(PolicyChange {
                part: "kind",
                name: k.to_string(),
                aspect: "rule",
                change: "removed",
                old: None,
                new: None,
                old_line: span.map(|s| old.source.line_col(s.start).line),
                new_line: None,
            });
        }
    }
    for key in keys {
        let (part, name) = key;
        if *part == "kind" {
            let kind = name.split(':').next().unwrap_or_default();
            if !kinds_a.contains(&kind) || !kinds_b.contains(&kind) {
                continue;
            }
        }
        let (x, y) = (a.get(key), b.get(key));
        // The reading, citation or label of a part added or removed whole goes with it.
        if let Some(e) = x.or(y) {
            let base = name.strip_suffix(&format!(": {}", e.aspect));
            if let (Some(base), "reading" | "cite" | "label") = (base, e.aspect) {
                let whole = (*part, base.to_string());
                if a.contains_key(&whole) != b.contains_key(&whole) {
                    continue;
                }
            }
        }
        let (change, aspect) = match (x, y) {
            (Some(x), Some(y)) if x.text == y.text => continue,
            (Some(_), Some(y)) => ("changed", y.aspect),
            (None, Some(y)) => ("added", y.aspect),
            (Some(x), None) => ("removed", x.aspect),
            (None, None) => continue,
        };
        out.push(PolicyChange {
            part,
            name: name.clone(),
            aspect,
            change,
            old: x.map(|x| x.text.clone()),
            new: y.map(|y| y.text.clone()),
            old_line: x.and_then(|x| x.line),
            new_line: y.and_then(|y| y.line),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::revise::diff::tests::policy;

    fn names(changes: &[PolicyChange]) -> Vec<(&str, &str, &str, &str)> {
        changes
            .iter()
            .map(|c| (c.part, c.name.as_str(), c.aspect, c.change))
            .collect()
    }

    #[test]
    fn the_same_policy_changes_nothing() {
        assert_eq!(policy_changes(&policy(&[]), &policy(&[])), vec![]);
    }

    #[test]
    fn a_changed_reading_cite_or_label_is_a_change_of_its_part() {
        let old = policy(&[]);
        let new = policy(&[
            // The reading of a constant.
            (
                "reading \"1年的学时即每年最低要求：单次活动最多认定90学时\"",
                "reading \"1年的学时即每年最低要求：单次活动最多认定 90 学时\"",
            ),
            // The citation of a constant.
            (
                "cite \"一、1\" \"专业技术人员参加继续教育的时间，每年累计应不少于90学时\"",
                "cite \"一、1\" \"每年累计应不少于90学时\"",
            ),
            // The label of a category.
            (
                "category specialty \"专业科目\"",
                "category specialty \"专业课\"",
            ),
            // The label of a kind.
            ("kind online \"网络远程培训\"", "kind online \"网络培训\""),
            // The citation of a rule of a kind.
            (
                "cite \"附件3 第8条\" \"可按培训课程公布的学时数计算\"",
                "cite \"附件3 第8条\" \"按培训课程公布的学时数计算\"",
            ),
            // The label of a purpose, and the header's version.
            ("purpose annual \"年度继续教育\"", "purpose annual \"年度\""),
            ("version \"1.0.0\"", "version \"1.0.1\""),
        ]);
        let changes = policy_changes(&old, &new);
        assert_eq!(
            names(&changes),
            vec![
                ("category", "specialty: label", "label", "changed"),
                ("constant", "annual_minimum: cite", "cite", "changed"),
                ("constant", "one_year_hours: reading", "reading", "changed"),
                ("header", "version", "rule", "changed"),
                ("kind", "online: credit: cite", "cite", "changed"),
                ("kind", "online: label", "label", "changed"),
                ("purpose", "annual: label", "label", "changed"),
            ]
        );
        let reading = &changes[2];
        assert_eq!(
            reading.old.as_deref(),
            Some(
                "\"1年的学时即每年最低要求：单次活动最多认定90学时\" en \"one year's hours are the annual minimum: a single activity never credits more than 90 hours\""
            )
        );
        assert_eq!(reading.old_line, reading.new_line);
        assert!(reading.old_line.is_some());
        let cite = &changes[1];
        assert_eq!(
            cite.new.as_deref(),
            Some("cite \"一、1\" \"每年累计应不少于90学时\"")
        );
    }

    #[test]
    fn an_inherited_citation_belongs_to_the_block_and_a_removed_part_takes_its_reading() {
        let old = policy(&[]);
        // The kind's own citation changes: its rules that inherit it do not.
        let new = policy(&[(
            "cite \"附件3 第8条\" \"参加由人力资源社会保障行政部门认定的网站相关课程远程培训的，可按培训课程公布的学时数计算。\"",
            "cite \"附件3 第8条\" \"网站相关课程远程培训\"",
        )]);
        assert_eq!(
            names(&policy_changes(&old, &new)),
            vec![("kind", "online: cite", "cite", "changed")]
        );
        // A rule that loses its own reading.
        let new = policy(&[(
            "\n    reading \"两年中任一年的专业科目学时达标即可（均有效）\" en \"either of the two years proves the specialty hours (均有效)\"",
            "",
        )]);
        let changes = policy_changes(&old, &new);
        assert_eq!(
            names(&changes),
            vec![(
                "purpose",
                "promotion: each year: reading",
                "reading",
                "removed"
            )]
        );
        assert!(changes[0].old_line.is_some());
    }
}
