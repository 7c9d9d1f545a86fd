//! Checking: a parsed [`PolicyFile`] becomes a compiled [`Policy`], or a list of everything
//! wrong with it.
//!
//! The checker resolves every name (units, constants, fields, locals, figures, categories,
//! evidence, enumeration values) to an index, checks types and units, and analyses caps
//! and spreads. It reports all it finds in one pass; a policy with any error yields no
//! [`Policy`].
//!
//! This module holds the `Checker` and its passes, in the order they run (`Checker::run`);
//! each kind of declaration is checked in its own file: `header`, `units`, `constants`,
//! `categories` (and evidence), `schema` (the fields of the person, kinds and exemptions),
//! `item` (what kinds and exemptions share), `kind` and `caps` (activity kinds), `exemption`,
//! `year`, `purpose` and `form`; `names` declares names once and reports the unused ones,
//! `origin` reads citations and readings, `text` looks at the text itself (bidirectional
//! controls), `expr` checks expressions, and `message` words
//! each finding.

mod caps;
mod categories;
mod constants;
pub mod error;
mod exemption;
mod expr;
mod form;
mod header;
mod item;
mod kind;
mod make_up;
mod message;
mod names;
mod origin;
mod purpose;
mod schema;
pub(crate) mod text;
mod units;
mod year;

use crate::policy::types::{DAY, Dim, Ty, UnitId, UnitInfo, YEAR};
use crate::policy::*;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{Item, PolicyFile};
use constants::ConstEntry;
use error::*;
use expr::JUDGED_YEAR;
use item::ItemScope;
use std::collections::HashMap;
use std::sync::Arc;

/// What checking a policy gives: the compiled policy when there is no error, and every
/// finding (errors and warnings) in source order.
#[derive(Debug)]
pub struct CheckOutcome {
    /// The compiled policy; `None` when any finding is an error.
    pub policy: Option<Policy>,
    /// Every finding.
    pub findings: Vec<CheckError>,
}

/// Checks a parsed policy and compiles it (on a stack deep enough for any expression the
/// parser admits).
pub fn check(file: &PolicyFile, source: Arc<SourceFile>) -> CheckOutcome {
    crate::stack::with_big_stack(|| check_on_this_stack(file, source))
}

fn check_on_this_stack(file: &PolicyFile, source: Arc<SourceFile>) -> CheckOutcome {
    let mut checker = Checker::new(source);
    let policy = checker.run(file);
    let mut findings = checker.diags;
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    let failed = findings
        .iter()
        .any(|f| f.kind.severity() == Severity::Error);
    CheckOutcome {
        policy: if failed { None } else { policy },
        findings,
    }
}

/// Names the language gives a meaning in purposes, which no declaration may take.
const YEAR_WORDS: [&str; 3] = [JUDGED_YEAR, "exempt", "compliant"];

/// The checker: what has been declared so far, and every finding.
pub(crate) struct Checker<'a> {
    /// The policy's text.
    pub(crate) source: Arc<SourceFile>,
    /// Every finding so far.
    diags: Vec<CheckError>,
    /// The units, built-in ones first.
    pub(crate) units: Vec<UnitInfo>,
    /// Each unit's singular and plural names, to its index.
    unit_ids: HashMap<String, UnitId>,
    /// Where each unit is declared, and whether anything uses it.
    unit_decls: Vec<(Span, bool)>,
    /// The constants, in the order declared.
    consts: Vec<ConstEntry<'a>>,
    /// Each constant's name, to its index.
    pub(crate) const_ids: HashMap<String, u16>,
    /// The categories, in the order declared.
    categories: Vec<Category>,
    /// Each category's name, to its index and where it is declared.
    category_ids: HashMap<String, (u16, Span)>,
    /// Whether anything uses each category.
    category_used: names::Uses,
    /// The evidence names, in the order declared.
    evidence: Vec<String>,
    /// Each evidence name, to its index and where it is declared.
    evidence_ids: HashMap<String, (u16, Span)>,
    /// Whether anything requires each evidence name.
    evidence_used: names::Uses,
    /// The enumerations the `one of` field types make, in the order met.
    pub(crate) enums: Vec<EnumType>,
    /// The person's fields, as expressions see them.
    pub(crate) person: ItemScope,
    /// The unit of credits, and the credit formula that set it.
    pub(crate) credit_dim: Option<(Dim, Span)>,
    /// The names of the year's figures, in order (named before anything is checked).
    pub(crate) figure_names: Vec<String>,
    /// The type of each figure checked so far.
    pub(crate) figure_tys: Vec<Ty>,
}

impl<'a> Checker<'a> {
    fn new(source: Arc<SourceFile>) -> Self {
        let builtin = |s: &str, p: &str, label: &str| UnitInfo {
            singular: s.into(),
            plural: p.into(),
            label: Some(label.into()),
        };
        let units = vec![builtin("day", "days", "天"), builtin("year", "years", "年")];
        let mut unit_ids = HashMap::new();
        for (name, id) in [("day", DAY), ("days", DAY), ("year", YEAR), ("years", YEAR)] {
            unit_ids.insert(name.to_string(), id);
        }
        Checker {
            source,
            diags: Vec::new(),
            units,
            unit_ids,
            unit_decls: vec![(Span::default(), true), (Span::default(), true)],
            consts: Vec::new(),
            const_ids: HashMap::new(),
            categories: Vec::new(),
            category_ids: HashMap::new(),
            category_used: names::Uses::default(),
            evidence: Vec::new(),
            evidence_ids: HashMap::new(),
            evidence_used: names::Uses::default(),
            enums: Vec::new(),
            person: ItemScope::default(),
            credit_dim: None,
            figure_names: Vec::new(),
            figure_tys: Vec::new(),
        }
    }

    /// Records a finding.
    pub(crate) fn error(&mut self, kind: CheckErrorKind, span: Span) {
        self.diags.push(CheckError { kind, span });
    }

    /// The passes, in order: the header; the declarations (units, constants, categories,
    /// evidence, the person); the figures' names; the constants' values; kinds and the
    /// exemption; the year; purposes; forms; then what is missing or unused.
    fn run(&mut self, file: &'a PolicyFile) -> Option<Policy> {
        let info = self.header(file);
        self.declarations(file);
        let year_blocks = year::year_blocks(file);
        self.name_figures(&year_blocks);
        self.resolve_constants();
        let (kinds, kind_ids, exemption) = self.activities(file);
        self.category_caps(file);
        let year = self.year(&year_blocks);
        let purposes = self.purposes(file);
        if let Some(year) = &year {
            self.nothing_carried(year, &purposes);
        }
        let forms = self.forms(file);
        if !file
            .items
            .iter()
            .any(|i| matches!(i.node, Item::Purpose(_)))
        {
            self.error(
                CheckErrorKind::MissingItem { item: "purpose" },
                Span::new(0, 0),
            );
        }

        self.unused_warnings();
        self.citation_warnings();
        self.bidi_controls();

        let info = info?;
        let year = year?;
        Some(Policy {
            info,
            source: self.source.clone(),
            units: self.units.clone(),
            constants: self.compiled_constants(),
            categories: self.categories.clone(),
            evidence_ids: self
                .evidence_ids
                .iter()
                .map(|(k, (id, _))| (k.clone(), *id))
                .collect(),
            evidence: self.evidence.clone(),
            enums: self.enums.clone(),
            person: self.person.schema.clone(),
            kinds,
            kind_ids,
            exemption,
            year,
            purposes,
            forms,
            credit_dim: self.credit_dim.clone().map(|(d, _)| d).unwrap_or_default(),
        })
    }

    /// Declares units, constants, categories, evidence and the person's fields, before
    /// anything uses them.
    fn declarations(&mut self, file: &'a PolicyFile) {
        let mut person_span: Option<Span> = None;
        for item in &file.items {
            match &item.node {
                Item::Unit(u) => self.unit_decl(u),
                Item::Const(c) => self.declare_constant(c),
                Item::Category(c) => self.declare_category(c),
                Item::Evidence(e) => self.declare_evidence(e),
                Item::Person(p) => {
                    if self.given_twice(RuleKind::Person, item.span, person_span) {
                        continue;
                    }
                    person_span = Some(item.span);
                    self.declare_person(p);
                }
                _ => {}
            }
        }
        self.constants_clash_with_person();
    }

    /// Kinds and the exemption, in the order the policy gives them.
    fn activities(
        &mut self,
        file: &PolicyFile,
    ) -> (Vec<Kind>, NameMap<KindId>, Option<Exemptions>) {
        let mut kinds = Vec::new();
        let mut kind_ids = NameMap::default();
        let mut kind_spans: HashMap<String, Span> = HashMap::new();
        let mut exemption: Option<(Exemptions, Span)> = None;
        for item in &file.items {
            match &item.node {
                Item::Kind(k) => {
                    let first = kind_spans.get(&k.name.node).copied();
                    if self.defined_twice(NameKind::Kind, &k.name.node, k.name.span, first) {
                        continue;
                    }
                    kind_spans.insert(k.name.node.clone(), k.name.span);
                    if let Some(kind) = self.kind(k, item.span) {
                        kind_ids.insert(kind.name.clone(), kinds.len() as KindId);
                        kinds.push(kind);
                    }
                }
                Item::Exemption(e) => {
                    let first = exemption.as_ref().map(|(_, first)| *first);
                    if self.given_twice(RuleKind::Exemption, item.span, first) {
                        continue;
                    }
                    if let Some(rules) = self.exemption(e, item.span) {
                        exemption = Some((rules, item.span));
                    }
                }
                _ => {}
            }
        }
        (kinds, kind_ids, exemption.map(|(e, _)| e))
    }

    /// The purposes, each name once.
    fn purposes(&mut self, file: &PolicyFile) -> Vec<Purpose> {
        let mut purposes: Vec<Purpose> = Vec::new();
        let mut purpose_spans: HashMap<String, Span> = HashMap::new();
        for item in &file.items {
            if let Item::Purpose(p) = &item.node {
                let first = purpose_spans.get(&p.name.node).copied();
                if self.defined_twice(NameKind::Purpose, &p.name.node, p.name.span, first) {
                    continue;
                }
                purpose_spans.insert(p.name.node.clone(), p.name.span);
                if let Some(purpose) = self.purpose(p, item.span) {
                    purposes.push(purpose);
                }
            }
        }
        purposes
    }

    /// The forms, each name once.
    fn forms(&mut self, file: &PolicyFile) -> Vec<Form> {
        let mut forms: Vec<Form> = Vec::new();
        for item in &file.items {
            if let Item::Form(f) = &item.node {
                let first = forms
                    .iter()
                    .find(|g| g.name == f.name.node)
                    .map(|g| g.origin.span);
                if self.defined_twice(NameKind::Form, &f.name.node, f.name.span, first) {
                    continue;
                }
                forms.push(self.form(f, item.span));
            }
        }
        forms
    }
}
