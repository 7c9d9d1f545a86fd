//! Checking: a parsed [`PolicyFile`] becomes a compiled [`Policy`], or a list of everything
//! wrong with it.
//!
//! The checker resolves every name (units, constants, fields, locals, figures, categories,
//! evidence, enumeration values) to an index, checks types and units, and analyses caps
//! and spreads. It reports all it finds in one pass; a policy with any error yields no
//! [`Policy`].
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)] // TODO(lead): src/check is being rewritten; its sites are fixed after the merge

pub mod error;
mod expr;

use crate::eval::interp::Env;
use crate::number::Number;
use crate::policy::expr::{CExpr, CmpOp, Op, Value};
use crate::policy::types::{DAY, Dim, Ty, UnitId, UnitInfo, YEAR};
use crate::policy::*;
use crate::source::{SourceFile, Span};
use crate::syntax::ast::{self, ExprKind, Item, Meta, PolicyFile, Spanned, Stmt};
use error::*;
use expr::{JUDGED_YEAR, Scope, YearAccess};
use sha2::{Digest, Sha256};
use std::cell::Cell;
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

/// Names the output of a ruling uses, which figures may not take.
const OUTPUT_FIELDS: &[&str] = &[
    "id",
    "name",
    "purpose",
    "year",
    "years",
    "status",
    "shortfall",
    "credits",
    "rejected",
    "exemptions",
    "requirements",
    "policy",
    "errors",
    "position",
    "passes",
    "exempt",
    "compliant",
];

/// Names the language gives a meaning in purposes, which no declaration may take.
const YEAR_WORDS: [&str; 3] = [JUDGED_YEAR, "exempt", "compliant"];

/// Keys a person record uses for its lists, which person fields may not take.
pub const PERSON_LIST_KEYS: [&str; 2] = ["activities", "exemptions"];
/// Keys every activity has, which kind fields may not take.
pub const ACTIVITY_KEYS: [&str; 2] = ["kind", "evidence"];

/// The fields and locals an expression of a kind or exemption can see.
pub(crate) struct ItemScope {
    pub schema: Schema,
    pub field_tys: Vec<Ty>,
    pub locals: Vec<LocalEntry>,
}

pub(crate) struct LocalEntry {
    pub name: String,
    pub ty: Ty,
    pub span: Span,
    pub used: Cell<bool>,
}

enum ConstState {
    Pending,
    Resolving,
    Done(Value, Ty),
    Failed,
}

struct ConstEntry<'a> {
    decl: &'a ast::ConstDecl,
    state: ConstState,
    used: bool,
}

pub(crate) struct Checker<'a> {
    pub(crate) source: Arc<SourceFile>,
    diags: Vec<CheckError>,
    pub(crate) units: Vec<UnitInfo>,
    unit_ids: HashMap<String, UnitId>,
    unit_decls: Vec<(Span, bool)>,
    consts: Vec<ConstEntry<'a>>,
    pub(crate) const_ids: HashMap<String, u16>,
    categories: Vec<Category>,
    category_ids: HashMap<String, (u16, Span)>,
    category_used: Vec<bool>,
    evidence: Vec<String>,
    evidence_ids: HashMap<String, (u16, Span)>,
    evidence_used: Vec<bool>,
    pub(crate) enums: Vec<EnumType>,
    pub(crate) person: ItemScope,
    pub(crate) credit_dim: Option<(Dim, Span)>,
    pub(crate) figure_names: Vec<String>,
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
            category_used: Vec::new(),
            evidence: Vec::new(),
            evidence_ids: HashMap::new(),
            evidence_used: Vec::new(),
            enums: Vec::new(),
            person: ItemScope {
                schema: Schema::default(),
                field_tys: Vec::new(),
                locals: Vec::new(),
            },
            credit_dim: None,
            figure_names: Vec::new(),
            figure_tys: Vec::new(),
        }
    }

    pub(crate) fn error(&mut self, kind: CheckErrorKind, span: Span) {
        self.diags.push(CheckError { kind, span });
    }

    fn run(&mut self, file: &'a PolicyFile) -> Option<Policy> {
        let info = self.header(file);
        self.declarations(file);

        // Figures are named before anything is checked, so that a kind that uses `total`
        // hears that it is a figure of the year, not an unknown name.
        let mut year_blocks = Vec::new();
        for item in &file.items {
            if let Item::Year(y) = &item.node {
                year_blocks.push((y, item.span));
            }
        }
        if let Some((y, _)) = year_blocks.first() {
            for stmt in &y.body {
                if let Stmt::Value { name, .. } = &stmt.node
                    && !YEAR_WORDS.contains(&name.node.as_str())
                {
                    self.figure_names.push(name.node.clone());
                }
            }
        }

        for id in 0..self.consts.len() {
            self.resolve_constant(id as u16);
        }

        let mut kinds = Vec::new();
        let mut kind_ids = NameMap::default();
        let mut kind_spans: HashMap<String, Span> = HashMap::new();
        let mut exemption: Option<(Exemptions, Span)> = None;
        for item in &file.items {
            match &item.node {
                Item::Kind(k) => {
                    if let Some(first) = kind_spans.get(&k.name.node) {
                        self.error(
                            CheckErrorKind::DuplicateName {
                                name: k.name.node.clone(),
                                what: NameKind::Kind,
                                first: *first,
                            },
                            k.name.span,
                        );
                        continue;
                    }
                    kind_spans.insert(k.name.node.clone(), k.name.span);
                    if let Some(kind) = self.kind(k, item.span) {
                        kind_ids.insert(kind.name.clone(), kinds.len() as KindId);
                        kinds.push(kind);
                    }
                }
                Item::Exemption(e) => {
                    if let Some((_, first)) = &exemption {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Exemption,
                                first: *first,
                            },
                            item.span,
                        );
                        continue;
                    }
                    if let Some(rules) = self.exemption(e, item.span) {
                        exemption = Some((rules, item.span));
                    }
                }
                _ => {}
            }
        }

        let year = match year_blocks.as_slice() {
            [] => {
                self.error(
                    CheckErrorKind::MissingItem { item: "year" },
                    Span::new(0, 0),
                );
                None
            }
            [(first, span), rest @ ..] => {
                for (_, other) in rest {
                    self.error(
                        CheckErrorKind::DuplicateRule {
                            rule: RuleKind::YearBlock,
                            first: *span,
                        },
                        *other,
                    );
                }
                Some(self.year_block(first, *span))
            }
        };

        let mut purposes: Vec<Purpose> = Vec::new();
        let mut purpose_spans: HashMap<String, Span> = HashMap::new();
        for item in &file.items {
            if let Item::Purpose(p) = &item.node {
                if let Some(first) = purpose_spans.get(&p.name.node) {
                    self.error(
                        CheckErrorKind::DuplicateName {
                            name: p.name.node.clone(),
                            what: NameKind::Purpose,
                            first: *first,
                        },
                        p.name.span,
                    );
                    continue;
                }
                purpose_spans.insert(p.name.node.clone(), p.name.span);
                if let Some(purpose) = self.purpose(p, item.span) {
                    purposes.push(purpose);
                }
            }
        }
        let mut forms: Vec<Form> = Vec::new();
        for item in &file.items {
            if let Item::Form(f) = &item.node {
                if let Some(first) = forms.iter().find(|g| g.name == f.name.node) {
                    let first = first.origin.span;
                    self.error(
                        CheckErrorKind::DuplicateName {
                            name: f.name.node.clone(),
                            what: NameKind::Form,
                            first,
                        },
                        f.name.span,
                    );
                    continue;
                }
                forms.push(self.form(f, item.span));
            }
        }
        if purpose_spans.is_empty() {
            self.error(
                CheckErrorKind::MissingItem { item: "purpose" },
                Span::new(0, 0),
            );
        }

        self.unused_warnings();

        let info = info?;
        let year = year?;
        let constants = self
            .consts
            .iter()
            .filter_map(|c| match &c.state {
                ConstState::Done(value, ty) => Some(Constant {
                    name: c.decl.name.node.clone(),
                    rule: Rule {
                        expr: CExpr::value(value.clone(), c.decl.value.span, ty.clone()),
                        origin: origin_of(
                            c.decl.name.span.join(c.decl.value.span),
                            &c.decl.meta,
                            None,
                        ),
                    },
                }),
                _ => None,
            })
            .collect();
        Some(Policy {
            info,
            source: self.source.clone(),
            units: self.units.clone(),
            constants,
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
            exemption: exemption.map(|(e, _)| e),
            year,
            purposes,
            forms,
            credit_dim: self.credit_dim.clone().map(|(d, _)| d).unwrap_or_default(),
        })
    }

    // ------------------------------------------------------------------ header

    fn header(&mut self, file: &PolicyFile) -> Option<PolicyInfo> {
        let headers: Vec<(&ast::Header, Span)> = file
            .items
            .iter()
            .filter_map(|i| match &i.node {
                Item::Header(h) => Some((h, i.span)),
                _ => None,
            })
            .collect();
        let Some((header, span)) = headers.first().copied() else {
            self.error(
                CheckErrorKind::Header {
                    problem: HeaderProblem::Missing,
                },
                Span::new(0, 0),
            );
            return None;
        };
        for (_, other) in &headers[1..] {
            self.error(
                CheckErrorKind::DuplicateRule {
                    rule: RuleKind::Header,
                    first: span,
                },
                *other,
            );
        }
        const KEYS: [&str; 4] = ["title", "version", "effective", "source"];
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut title = None;
        let mut version = None;
        let mut effective = None;
        let mut source_doc = None;
        for entry in &header.entries {
            let key = entry.key.node.as_str();
            let Some(known) = KEYS.iter().copied().find(|k| *k == key) else {
                self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::UnknownEntry {
                            key: key.to_string(),
                            suggestion: crate::suggest::closest(key, KEYS),
                        },
                    },
                    entry.key.span,
                );
                continue;
            };
            if let Some(first) = seen.get(known) {
                self.error(
                    CheckErrorKind::DuplicateName {
                        name: known.to_string(),
                        what: NameKind::HeaderEntry,
                        first: *first,
                    },
                    entry.key.span,
                );
                continue;
            }
            seen.insert(known, entry.key.span);
            match (known, &entry.value.node) {
                ("effective", ast::HeaderValue::Date(d)) => effective = Some(*d),
                ("effective", _) => self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::WrongValue {
                            key: known.into(),
                            expected: TypeName::Date,
                        },
                    },
                    entry.value.span,
                ),
                (_, ast::HeaderValue::Text(t)) => match known {
                    "title" => title = Some(t.clone()),
                    "version" => version = Some(t.clone()),
                    _ => source_doc = Some(t.clone()),
                },
                (_, ast::HeaderValue::Date(_)) => self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::WrongValue {
                            key: known.into(),
                            expected: TypeName::Text,
                        },
                    },
                    entry.value.span,
                ),
            }
        }
        for (needed, present) in [
            ("version", version.is_some()),
            ("effective", effective.is_some()),
        ] {
            if !present {
                self.error(
                    CheckErrorKind::Header {
                        problem: HeaderProblem::MissingEntry(needed),
                    },
                    header.name.span,
                );
            }
        }
        let digest = Sha256::digest(self.source.text().as_bytes());
        let sha256 = digest.iter().map(|b| format!("{b:02x}")).collect();
        Some(PolicyInfo {
            name: header.name.node.clone(),
            title,
            version: version?,
            effective: effective?,
            source: source_doc,
            sha256,
        })
    }

    // ------------------------------------------------------------------ declarations

    fn declarations(&mut self, file: &'a PolicyFile) {
        let mut person_span: Option<Span> = None;
        for item in &file.items {
            match &item.node {
                Item::Unit(u) => self.unit_decl(u),
                Item::Const(c) => {
                    if self.reserved(&c.name) {
                        continue;
                    }
                    if let Some(&id) = self.const_ids.get(&c.name.node) {
                        let first = self.consts[usize::from(id)].decl.name.span;
                        self.error(
                            CheckErrorKind::DuplicateName {
                                name: c.name.node.clone(),
                                what: NameKind::Value,
                                first,
                            },
                            c.name.span,
                        );
                        continue;
                    }
                    self.const_ids
                        .insert(c.name.node.clone(), self.consts.len() as u16);
                    self.consts.push(ConstEntry {
                        decl: c,
                        state: ConstState::Pending,
                        used: false,
                    });
                }
                Item::Category(c) => {
                    if let Some((_, first)) = self.category_ids.get(&c.name.node) {
                        let first = *first;
                        self.error(
                            CheckErrorKind::DuplicateName {
                                name: c.name.node.clone(),
                                what: NameKind::Category,
                                first,
                            },
                            c.name.span,
                        );
                        continue;
                    }
                    let id = self.categories.len() as u16;
                    self.category_ids
                        .insert(c.name.node.clone(), (id, c.name.span));
                    self.categories.push(Category {
                        name: c.name.node.clone(),
                        label: c.label.as_ref().map(text_of),
                    });
                    self.category_used.push(false);
                }
                Item::Evidence(e) => {
                    for name in &e.names {
                        if let Some((_, first)) = self.evidence_ids.get(&name.node) {
                            let first = *first;
                            self.error(
                                CheckErrorKind::DuplicateName {
                                    name: name.node.clone(),
                                    what: NameKind::Evidence,
                                    first,
                                },
                                name.span,
                            );
                            continue;
                        }
                        let id = self.evidence.len() as u16;
                        self.evidence_ids.insert(name.node.clone(), (id, name.span));
                        self.evidence.push(name.node.clone());
                        self.evidence_used.push(false);
                    }
                }
                Item::Person(p) => {
                    if let Some(first) = person_span {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Person,
                                first,
                            },
                            item.span,
                        );
                        continue;
                    }
                    person_span = Some(item.span);
                    let (schema, tys) = self.schema(&p.fields, &PERSON_LIST_KEYS);
                    self.person.schema = schema;
                    self.person.field_tys = tys;
                }
                _ => {}
            }
        }
        // Constants and person fields share one namespace.
        let clashes: Vec<(String, Span, Span)> = self
            .person
            .schema
            .fields
            .iter()
            .filter_map(|f| {
                self.const_ids.get(&f.name).map(|&id| {
                    (
                        f.name.clone(),
                        self.consts[usize::from(id)].decl.name.span,
                        f.span,
                    )
                })
            })
            .collect();
        for (name, first, span) in clashes {
            self.error(
                CheckErrorKind::DuplicateName {
                    name,
                    what: NameKind::Value,
                    first,
                },
                span,
            );
        }
    }

    fn reserved(&mut self, name: &ast::Ident) -> bool {
        if YEAR_WORDS.contains(&name.node.as_str()) {
            self.error(
                CheckErrorKind::ReservedName {
                    name: name.node.clone(),
                },
                name.span,
            );
            return true;
        }
        false
    }

    fn unit_decl(&mut self, u: &ast::UnitDecl) {
        let id = self.units.len() as UnitId;
        let names: Vec<&ast::Ident> = std::iter::once(&u.singular).chain(&u.plural).collect();
        for name in &names {
            if let Some(&existing) = self.unit_ids.get(&name.node) {
                let first = self.unit_decls[usize::from(existing)].0;
                if self.unit_decls[usize::from(existing)].1 && existing <= YEAR {
                    self.error(
                        CheckErrorKind::ReservedName {
                            name: name.node.clone(),
                        },
                        name.span,
                    );
                } else {
                    self.error(
                        CheckErrorKind::DuplicateName {
                            name: name.node.clone(),
                            what: NameKind::Unit,
                            first,
                        },
                        name.span,
                    );
                }
                return;
            }
        }
        for name in names {
            self.unit_ids.insert(name.node.clone(), id);
        }
        self.units.push(UnitInfo {
            singular: u.singular.node.clone(),
            plural: u
                .plural
                .as_ref()
                .map_or_else(|| u.singular.node.clone(), |p| p.node.clone()),
            label: u.label.as_ref().map(|l| l.text.node.clone()),
        });
        self.unit_decls.push((u.singular.span, false));
    }

    pub(crate) fn unit_id(&mut self, name: &ast::Ident) -> Option<UnitId> {
        match self.unit_ids.get(&name.node) {
            Some(&id) => {
                if let Some(d) = self.unit_decls.get_mut(usize::from(id)) {
                    d.1 = true;
                }
                Some(id)
            }
            None => {
                let suggestion =
                    crate::suggest::closest(&name.node, self.unit_ids.keys().map(String::as_str));
                self.error(
                    CheckErrorKind::UnknownName {
                        name: name.node.clone(),
                        what: NameKind::Unit,
                        suggestion,
                    },
                    name.span,
                );
                None
            }
        }
    }

    pub(crate) fn category_id(&mut self, name: &ast::Ident) -> Option<u16> {
        match self.category_ids.get(&name.node) {
            Some(&(id, _)) => {
                self.category_used[usize::from(id)] = true;
                Some(id)
            }
            None => {
                let suggestion = crate::suggest::closest(
                    &name.node,
                    self.category_ids.keys().map(String::as_str),
                );
                self.error(
                    CheckErrorKind::UnknownName {
                        name: name.node.clone(),
                        what: NameKind::Category,
                        suggestion,
                    },
                    name.span,
                );
                None
            }
        }
    }

    /// The value and type of constant `id`, for a reference to it.
    pub(crate) fn constant(&mut self, id: u16) -> Option<(Value, Ty)> {
        self.consts[usize::from(id)].used = true;
        self.resolve_constant(id)
    }

    /// The value and type of constant `id`, computing it (and what it depends on) first.
    fn resolve_constant(&mut self, id: u16) -> Option<(Value, Ty)> {
        let index = usize::from(id);
        match &self.consts[index].state {
            ConstState::Done(v, t) => return Some((v.clone(), t.clone())),
            ConstState::Failed => return None,
            ConstState::Resolving => {
                let name = self.consts[index].decl.name.clone();
                self.error(CheckErrorKind::ConstantCycle { name: name.node }, name.span);
                self.consts[index].state = ConstState::Failed;
                return None;
            }
            ConstState::Pending => {}
        }
        self.consts[index].state = ConstState::Resolving;
        let decl = self.consts[index].decl;
        let compiled = self.expr(&decl.value, &Scope::constant());
        let compiled = self.present(compiled);
        if compiled.ty.is_error() {
            self.consts[index].state = ConstState::Failed;
            return None;
        }
        if matches!(self.consts[index].state, ConstState::Failed) {
            return None;
        }
        match compiled.eval(&Env::constant()) {
            Ok(value) => {
                let ty = compiled.ty.clone();
                self.consts[index].state = ConstState::Done(value.clone(), ty.clone());
                Some((value, ty))
            }
            Err(e) => {
                let reason = match e.kind {
                    crate::policy::expr::EvalErrorKind::DivisionByZero => {
                        ConstantFailure::DivisionByZero
                    }
                    crate::policy::expr::EvalErrorKind::BadYear => ConstantFailure::BadYear,
                    crate::policy::expr::EvalErrorKind::YearFraction => {
                        ConstantFailure::YearFraction
                    }
                    _ => ConstantFailure::Overflow,
                };
                self.error(CheckErrorKind::ConstantFails { reason }, e.span);
                self.consts[index].state = ConstState::Failed;
                None
            }
        }
    }

    // ------------------------------------------------------------------ schemas

    fn schema(
        &mut self,
        fields: &[Spanned<ast::FieldDecl>],
        reserved: &[&str],
    ) -> (Schema, Vec<Ty>) {
        let mut schema = Schema::default();
        let mut tys = Vec::new();
        for decl in fields {
            let name = &decl.name;
            if reserved.contains(&name.node.as_str()) || YEAR_WORDS.contains(&name.node.as_str()) {
                self.error(
                    CheckErrorKind::ReservedName {
                        name: name.node.clone(),
                    },
                    name.span,
                );
                continue;
            }
            if let Some(&slot) = schema.slots.get(&name.node) {
                let first: Span = schema.fields[usize::from(slot)].span;
                self.error(
                    CheckErrorKind::DuplicateName {
                        name: name.node.clone(),
                        what: NameKind::Field,
                        first,
                    },
                    name.span,
                );
                continue;
            }
            // A field whose type is unknown is kept with an error type, so that its uses
            // are not reported again as unknown names.
            let known = self.field_type(&decl.ty);
            let field_type = known.clone().unwrap_or(FieldType::Text);
            let mut field = Field {
                name: name.node.clone(),
                ty: field_type.clone(),
                required: false,
                nonempty: false,
                at_least: None,
                at_most: None,
                span: name.span,
            };
            for attr in &decl.attrs {
                match &attr.node {
                    ast::FieldAttr::Required => field.required = true,
                    ast::FieldAttr::NonEmpty => match field_type {
                        FieldType::Text | FieldType::List(_) | FieldType::ResidentId => {
                            field.nonempty = true
                        }
                        _ => {
                            let ty = self.type_name(&field_ty(&field_type));
                            self.error(
                                CheckErrorKind::FieldAttribute {
                                    attribute: "nonempty",
                                    ty,
                                },
                                attr.span,
                            );
                        }
                    },
                    ast::FieldAttr::AtLeast(e) | ast::FieldAttr::AtMost(e) => {
                        let least = matches!(attr.node, ast::FieldAttr::AtLeast(_));
                        let attribute = if least { "at least" } else { "at most" };
                        let FieldType::Number { dim, .. } = &field_type else {
                            let ty = self.type_name(&field_ty(&field_type));
                            self.error(CheckErrorKind::FieldAttribute { attribute, ty }, attr.span);
                            continue;
                        };
                        // Bounds are read in the scope of constants, so they are known
                        // without a record.
                        let bound = self.expr(e, &Scope::constant());
                        let bound = self.expect(bound, &Ty::Number(dim.clone()));
                        if bound.ty.is_error() {
                            continue;
                        }
                        let value = match bound.eval(&Env::constant()) {
                            Ok(v) => v.as_number(),
                            Err(_) => {
                                self.error(
                                    CheckErrorKind::ConstantFails {
                                        reason: ConstantFailure::Overflow,
                                    },
                                    bound.span,
                                );
                                continue;
                            }
                        };
                        if least {
                            field.at_least = value;
                        } else {
                            field.at_most = value;
                        }
                    }
                }
            }
            if let (Some(least), Some(most)) = (field.at_least, field.at_most)
                && least > most
            {
                let unit = match &field_type {
                    FieldType::Number { dim, .. } => self.dim_name(dim),
                    _ => String::new(),
                };
                let shown = |n: Number| format!("{n} {unit}").trim_end().to_string();
                self.error(
                    CheckErrorKind::ContradictoryBounds {
                        least: shown(least),
                        most: shown(most),
                    },
                    decl.span,
                );
            }
            let slot = schema.fields.len() as u16;
            schema.slots.insert(name.node.clone(), slot);
            let ty = if known.is_some() {
                field_ty(&field_type)
            } else {
                Ty::Error
            };
            tys.push(if field.required || ty.is_error() {
                ty
            } else {
                Ty::Maybe(Box::new(ty))
            });
            schema.fields.push(field);
        }
        (schema, tys)
    }

    fn field_type(&mut self, ty: &Spanned<ast::TypeExpr>) -> Option<FieldType> {
        match &ty.node {
            ast::TypeExpr::List(inner) => Some(FieldType::List(Box::new(self.field_type(inner)?))),
            ast::TypeExpr::OneOf(values) => {
                let mut index = NameMap::default();
                let mut list = Vec::new();
                for v in values {
                    if index.contains_key(&v.node) {
                        let first = values
                            .iter()
                            .find(|w| w.node == v.node)
                            .map_or(ty.span, |w| w.span);
                        self.error(
                            CheckErrorKind::RepeatedValue {
                                value: v.node.clone(),
                                first,
                            },
                            v.span,
                        );
                        continue;
                    }
                    index.insert(v.node.clone(), list.len() as u16);
                    list.push(v.node.clone());
                }
                let id = self.enums.len() as u16;
                self.enums.push(EnumType {
                    values: list,
                    index,
                });
                Some(FieldType::Enum(id))
            }
            ast::TypeExpr::Named { name, unit } => {
                const TYPES: [&str; 7] = [
                    "text",
                    "integer",
                    "decimal",
                    "bool",
                    "date",
                    "year",
                    "resident_id",
                ];
                let numeric = matches!(name.node.as_str(), "integer" | "decimal");
                if let Some(u) = unit
                    && !numeric
                {
                    let ty_name = match name.node.as_str() {
                        "date" => TypeName::Date,
                        "year" => TypeName::Year,
                        "bool" => TypeName::Bool,
                        _ => TypeName::Text,
                    };
                    self.error(
                        CheckErrorKind::FieldAttribute {
                            attribute: "unit",
                            ty: ty_name,
                        },
                        u.span,
                    );
                    return None;
                }
                Some(match name.node.as_str() {
                    "text" => FieldType::Text,
                    "bool" => FieldType::Bool,
                    "date" => FieldType::Date,
                    "year" => FieldType::Year,
                    "resident_id" => FieldType::ResidentId,
                    "integer" | "decimal" => {
                        let dim = match unit {
                            Some(u) => Dim::unit(self.unit_id(u)?),
                            None => Dim::none(),
                        };
                        FieldType::Number {
                            integer: name.node == "integer",
                            dim,
                        }
                    }
                    other => {
                        self.error(
                            CheckErrorKind::UnknownType {
                                name: other.to_string(),
                                suggestion: crate::suggest::closest(other, TYPES),
                            },
                            name.span,
                        );
                        return None;
                    }
                })
            }
        }
    }

    /// An item scope (kind or exemption) from its `fields` block; reports clashes with
    /// constants and person fields.
    fn item_scope(&mut self, body: &[Spanned<Stmt>], reserved: &[&str]) -> ItemScope {
        let mut fields_block: Option<(&Vec<Spanned<ast::FieldDecl>>, Span)> = None;
        for stmt in body {
            if let Stmt::Fields(f) = &stmt.node {
                match fields_block {
                    Some((_, first)) => self.error(
                        CheckErrorKind::DuplicateRule {
                            rule: RuleKind::Fields,
                            first,
                        },
                        stmt.span,
                    ),
                    None => fields_block = Some((f, stmt.span)),
                }
            }
        }
        let (schema, field_tys) = match fields_block {
            Some((fields, _)) => self.schema(fields, reserved),
            None => (Schema::default(), Vec::new()),
        };
        for f in &schema.fields {
            self.clash(&f.name, f.span);
        }
        ItemScope {
            schema,
            field_tys,
            locals: Vec::new(),
        }
    }

    /// Reports a local or item field that takes the name of a constant or person field.
    fn clash(&mut self, name: &str, span: Span) {
        let first = self
            .const_ids
            .get(name)
            .map(|&id| self.consts[usize::from(id)].decl.name.span)
            .or_else(|| {
                self.person
                    .schema
                    .slots
                    .get(name)
                    .map(|&s| self.person.schema.fields[usize::from(s)].span)
            });
        if let Some(first) = first {
            self.error(
                CheckErrorKind::DuplicateName {
                    name: name.to_string(),
                    what: NameKind::Value,
                    first,
                },
                span,
            );
        }
    }

    // ------------------------------------------------------------------ rules shared by kinds and exemptions

    fn block_meta(&mut self, body: &[Spanned<Stmt>]) -> (Option<Cite>, Option<Text>) {
        let mut cite: Option<(Cite, Span)> = None;
        let mut reading: Option<(Text, Span)> = None;
        for stmt in body {
            match &stmt.node {
                Stmt::Cite(c) => match &cite {
                    Some((_, first)) => {
                        let first = *first;
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Cite,
                                first,
                            },
                            stmt.span,
                        );
                    }
                    None => cite = Some((cite_of(c), stmt.span)),
                },
                Stmt::Reading(r) => match &reading {
                    Some((_, first)) => {
                        let first = *first;
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Reading,
                                first,
                            },
                            stmt.span,
                        );
                    }
                    None => reading = Some((text_of(r), stmt.span)),
                },
                _ => {}
            }
        }
        (cite.map(|(c, _)| c), reading.map(|(r, _)| r))
    }

    fn local(
        &mut self,
        item: &mut ItemScope,
        name: &ast::Ident,
        value: &ast::Expr,
        scope_person: bool,
        meta: &Meta,
        block: Option<&Cite>,
    ) -> Option<Local> {
        if self.reserved(name) {
            return None;
        }
        if item.locals.iter().any(|l| l.name == name.node)
            || item.schema.slots.contains_key(&name.node)
        {
            let first = item
                .locals
                .iter()
                .find(|l| l.name == name.node)
                .map(|l| l.span)
                .or_else(|| {
                    item.schema
                        .slots
                        .get(&name.node)
                        .map(|&s| item.schema.fields[usize::from(s)].span)
                })
                .unwrap_or(name.span);
            self.error(
                CheckErrorKind::DuplicateName {
                    name: name.node.clone(),
                    what: NameKind::Value,
                    first,
                },
                name.span,
            );
            return None;
        }
        self.clash(&name.node, name.span);
        let scope = Scope {
            item: Some(item),
            person: scope_person,
            year: YearAccess::None,
            judged_year: false,
            quantifiers: None,
            locals: true,
        };
        let compiled = self.expr(value, &scope);
        let span = name.span.join(value.span);
        item.locals.push(LocalEntry {
            name: name.node.clone(),
            ty: compiled.ty.clone(),
            span: name.span,
            used: Cell::new(false),
        });
        Some(Local {
            name: name.node.clone(),
            rule: Rule {
                expr: compiled,
                origin: origin_of(span, meta, block),
            },
        })
    }

    fn item_expr(&mut self, item: &ItemScope, e: &ast::Expr) -> CExpr {
        self.item_expr_with(item, e, true)
    }

    fn item_expr_with(&mut self, item: &ItemScope, e: &ast::Expr, locals: bool) -> CExpr {
        let scope = Scope {
            item: Some(item),
            person: true,
            year: YearAccess::None,
            judged_year: false,
            quantifiers: None,
            locals,
        };
        self.expr(e, &scope)
    }

    fn condition(&mut self, item: &ItemScope, e: &ast::Expr, locals: bool) -> CExpr {
        let c = self.item_expr_with(item, e, locals);
        let c = self.present(c);
        self.expect(c, &Ty::Bool)
    }

    fn cited(&mut self, origin: &Origin, rule: &'static str) {
        if origin.cite.is_none() {
            self.error(
                CheckErrorKind::MissingCitation {
                    what: Cited::Rule(rule),
                },
                origin.span,
            );
        }
    }

    fn constraint(
        &mut self,
        item: &ItemScope,
        stmt: &Spanned<Stmt>,
        block: Option<&Cite>,
    ) -> Option<Constraint> {
        let Stmt::Invalid {
            when,
            message,
            at,
            meta,
        } = &stmt.node
        else {
            return None;
        };
        let cond = self.condition(item, when, false);
        let at = match at {
            Some(field) => match item.schema.slots.get(&field.node) {
                Some(&slot) => Some(slot),
                None => {
                    let suggestion = crate::suggest::closest(
                        &field.node,
                        item.schema.fields.iter().map(|f| f.name.as_str()),
                    );
                    self.error(
                        CheckErrorKind::UnknownName {
                            name: field.node.clone(),
                            what: NameKind::Field,
                            suggestion,
                        },
                        field.span,
                    );
                    None
                }
            },
            None => None,
        };
        let origin = origin_of(stmt.span, meta, block);
        self.cited(&origin, "invalid when");
        Some(Constraint {
            rule: Rule { expr: cond, origin },
            message: text_of(message),
            at,
        })
    }

    fn rejection(
        &mut self,
        item: &ItemScope,
        stmt: &Spanned<Stmt>,
        block: Option<&Cite>,
    ) -> Option<Rejection> {
        let Stmt::Reject { when, reason, meta } = &stmt.node else {
            return None;
        };
        let cond = self.condition(item, when, true);
        let origin = origin_of(stmt.span, meta, block);
        self.cited(&origin, "reject when");
        Some(Rejection {
            rule: Rule { expr: cond, origin },
            reason: text_of(reason),
        })
    }

    // ------------------------------------------------------------------ kinds

    fn kind(&mut self, decl: &ast::KindDecl, span: Span) -> Option<Kind> {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let mut item = self.item_scope(&decl.body, &ACTIVITY_KEYS);
        let mut locals = Vec::new();
        for stmt in &decl.body {
            if let Stmt::Let { name, value, meta } = &stmt.node
                && let Some(local) = self.local(&mut item, name, value, true, meta, block)
            {
                locals.push(local);
            }
        }

        // The credit first: caps and spreads are typed against its unit.
        let mut credit: Option<Rule> = None;
        let credit_given = decl
            .body
            .iter()
            .any(|s| matches!(s.node, Stmt::Credit { .. }));
        let year_given = decl
            .body
            .iter()
            .any(|s| matches!(s.node, Stmt::CountsIn { .. }));
        for stmt in &decl.body {
            if let Stmt::Credit { formula, meta } = &stmt.node {
                if let Some(first) = &credit {
                    self.error(
                        CheckErrorKind::DuplicateRule {
                            rule: RuleKind::Credit,
                            first: first.origin.span,
                        },
                        stmt.span,
                    );
                    continue;
                }
                let c = self.item_expr(&item, formula);
                let c = self.present(c);
                match &c.ty {
                    Ty::Number(d) => match &self.credit_dim {
                        None => self.credit_dim = Some((d.clone(), c.span)),
                        Some((expected, first)) if expected != d => {
                            let kind = CheckErrorKind::CreditUnitMismatch {
                                found: self.dim_name(d),
                                expected: self.dim_name(expected),
                                first: *first,
                            };
                            self.error(kind, c.span);
                        }
                        Some(_) => {}
                    },
                    Ty::Error => {}
                    _ => self.mismatch_number(&c),
                }
                let origin = origin_of(stmt.span, meta, block);
                self.cited(&origin, "credit");
                credit = Some(Rule { expr: c, origin });
            }
        }
        let credit_ty = match credit.as_ref().map(|c| &c.expr.ty) {
            Some(Ty::Number(d)) => Ty::Number(d.clone()),
            _ => Ty::Error,
        };

        let mut constraints = Vec::new();
        let mut rejections = Vec::new();
        let mut year: Option<Rule> = None;
        let mut category: Option<CategoryRule> = None;
        let mut category_given = false;
        let mut caps: Vec<Rule> = Vec::new();
        let mut spread: Option<(Spread, Span)> = None;
        let mut evidence = Vec::new();
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Invalid { .. } => {
                    if let Some(c) = self.constraint(&item, stmt, block) {
                        constraints.push(c);
                    }
                }
                Stmt::Reject { .. } => {
                    if let Some(r) = self.rejection(&item, stmt, block) {
                        rejections.push(r);
                    }
                }
                Stmt::CountsIn { year: e, meta } => {
                    if let Some(first) = &year {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::CountsIn,
                                first: first.origin.span,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let c = self.item_expr(&item, e);
                    let c = self.present(c);
                    let c = self.expect(c, &Ty::Year);
                    year = Some(Rule {
                        expr: c,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                Stmt::CountsAs { category: e, meta } => {
                    if category_given && let Some(first) = &category {
                        let first = match first {
                            CategoryRule::Fixed(_, o)
                            | CategoryRule::FromField { origin: o, .. } => o.span,
                        };
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::CountsAs,
                                first,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    category_given = true;
                    category = self.category_rule(&item, e, origin);
                }
                Stmt::Cap { limit, meta } => {
                    let c = self.item_expr(&item, limit);
                    let c = self.present(c);
                    let c = self.expect(c, &credit_ty);
                    let origin = origin_of(stmt.span, meta, block);
                    self.cited(&origin, "cap");
                    caps.push(Rule { expr: c, origin });
                }
                Stmt::Spread {
                    over,
                    per_year,
                    meta,
                } => {
                    if let Some((_, first)) = &spread {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Spread,
                                first: *first,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let years = self.spread_years(&item, over);
                    let limit = self.item_expr(&item, per_year);
                    let limit = self.present(limit);
                    let limit = self.expect(limit, &credit_ty);
                    let origin = origin_of(stmt.span, meta, block);
                    self.cited(&origin, "spread");
                    if let Some(years) = years {
                        spread = Some((
                            Spread {
                                years,
                                per_year: Rule {
                                    expr: limit,
                                    origin: origin.clone(),
                                },
                                origin,
                            },
                            stmt.span,
                        ));
                    }
                }
                Stmt::Requires { mode, names, meta } => {
                    let mut ids = Vec::new();
                    for name in names {
                        match self.evidence_ids.get(&name.node) {
                            Some(&(id, _)) => {
                                self.evidence_used[usize::from(id)] = true;
                                ids.push(id);
                            }
                            None => {
                                let suggestion = crate::suggest::closest(
                                    &name.node,
                                    self.evidence.iter().map(String::as_str),
                                );
                                self.error(
                                    CheckErrorKind::UnknownEvidence {
                                        name: name.node.clone(),
                                        suggestion,
                                    },
                                    name.span,
                                );
                            }
                        }
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    self.cited(&origin, "requires");
                    evidence.push(EvidenceRule {
                        all: *mode == ast::EvidenceMode::AllOf,
                        names: ids,
                        origin,
                    });
                }
                Stmt::Cite(_)
                | Stmt::Reading(_)
                | Stmt::Fields(_)
                | Stmt::Let { .. }
                | Stmt::Credit { .. } => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }

        let name = decl.name.node.clone();
        for (present, rule) in [
            (credit_given, RuleKind::Credit),
            (year_given, RuleKind::CountsIn),
            (category_given, RuleKind::CountsAs),
        ] {
            if !present {
                self.error(
                    CheckErrorKind::MissingRule {
                        rule,
                        block: name.clone(),
                    },
                    decl.name.span,
                );
            }
        }
        if let Some(credit) = &credit {
            self.cap_analysis(credit, &caps, spread.as_ref().map(|(s, _)| s));
        }
        for local in &item.locals {
            if !local.used.get() {
                self.error(
                    CheckErrorKind::Unused {
                        name: local.name.clone(),
                        what: NameKind::Value,
                    },
                    local.span,
                );
            }
        }
        Some(Kind {
            name,
            label: decl.label.as_ref().map(text_of),
            origin: Origin {
                span,
                cite: block_cite.clone(),
                reading: block_reading,
            },
            schema: item.schema,
            locals,
            constraints,
            year_reads_locals: year
                .as_ref()
                .is_some_and(|y| !y.expr.locals_read().is_empty()),
            year: year?,
            category: category?,
            credit: credit?,
            caps,
            spread: spread.map(|(s, _)| s),
            evidence,
            rejections,
        })
    }

    fn mismatch_number(&mut self, c: &CExpr) {
        let kind = CheckErrorKind::TypeMismatch {
            expected: TypeName::AnyNumber,
            found: self.type_name(&c.ty),
        };
        self.error(kind, c.span);
    }

    fn spread_years(&mut self, item: &ItemScope, over: &ast::Expr) -> Option<u32> {
        let years = self.item_expr(item, over);
        let years = self.present(years);
        match &years.ty {
            Ty::Number(d) if d.is_none() || *d == Dim::unit(YEAR) => {}
            Ty::Error => return None,
            _ => {
                let kind = CheckErrorKind::TypeMismatch {
                    expected: TypeName::Number(self.dim_name(&Dim::unit(YEAR))),
                    found: self.type_name(&years.ty),
                };
                self.error(kind, years.span);
                return None;
            }
        }
        if !years.is_constant() {
            self.error(CheckErrorKind::NotConstant, years.span);
            return None;
        }
        let value = years
            .eval(&Env::constant())
            .ok()
            .and_then(|v| v.as_number());
        match value
            .and_then(|n| n.to_i64())
            .filter(|n| (1..=100).contains(n))
        {
            Some(n) => Some(n as u32),
            None => {
                self.error(
                    CheckErrorKind::ConstantFails {
                        reason: ConstantFailure::SpreadYears(
                            value.map(|v| v.to_string()).unwrap_or_default(),
                        ),
                    },
                    years.span,
                );
                None
            }
        }
    }

    fn category_rule(
        &mut self,
        item: &ItemScope,
        e: &ast::Expr,
        origin: Origin,
    ) -> Option<CategoryRule> {
        let ExprKind::Name(name) = &e.node else {
            let kind = CheckErrorKind::TypeMismatch {
                expected: TypeName::Category,
                found: TypeName::Text,
            };
            self.error(kind, e.span);
            return None;
        };
        if let Some(&(id, _)) = self.category_ids.get(name) {
            self.category_used[usize::from(id)] = true;
            return Some(CategoryRule::Fixed(id, origin));
        }
        if let Some(&slot) = item.schema.slots.get(name) {
            let FieldType::Enum(enum_id) = item.schema.fields[usize::from(slot)].ty else {
                let found = self.type_name(&item.field_tys[usize::from(slot)]);
                self.error(
                    CheckErrorKind::TypeMismatch {
                        expected: TypeName::Category,
                        found,
                    },
                    e.span,
                );
                return None;
            };
            if !item.schema.fields[usize::from(slot)].required {
                self.error(CheckErrorKind::OptionalValue { name: name.clone() }, e.span);
                return None;
            }
            let values = self.enums[usize::from(enum_id)].values.clone();
            let mut by_value = Vec::new();
            let mut strangers = Vec::new();
            for v in &values {
                match self.category_ids.get(v) {
                    Some(&(id, _)) => {
                        self.category_used[usize::from(id)] = true;
                        by_value.push(id);
                    }
                    None => strangers.push(v.clone()),
                }
            }
            if !strangers.is_empty() {
                self.error(
                    CheckErrorKind::NotACategory {
                        field: name.clone(),
                        values: strangers,
                    },
                    e.span,
                );
                return None;
            }
            return Some(CategoryRule::FromField {
                slot,
                by_value,
                origin,
            });
        }
        let mut candidates: Vec<&str> = self.category_ids.keys().map(String::as_str).collect();
        candidates.extend(item.schema.fields.iter().map(|f| f.name.as_str()));
        let suggestion = crate::suggest::closest(name, candidates);
        self.error(
            CheckErrorKind::UnknownName {
                name: name.clone(),
                what: NameKind::Category,
                suggestion,
            },
            e.span,
        );
        None
    }

    /// Caps that cannot apply, caps that forbid any credit, spreads that drop hours.
    fn cap_analysis(&mut self, credit: &Rule, caps: &[Rule], spread: Option<&Spread>) {
        let constant = |e: &CExpr| -> Option<Number> {
            if e.is_constant() && !e.ty.is_error() {
                e.eval(&Env::constant()).ok().and_then(|v| v.as_number())
            } else {
                None
            }
        };
        let shown = |n: Number, this: &Self| -> String {
            format!(
                "{n} {}",
                this.dim_name(match &credit.expr.ty {
                    Ty::Number(d) => d,
                    _ => return n.to_string(),
                })
            )
        };
        let mut smallest: Option<(Number, Span)> = None;
        for cap in caps {
            let Some(value) = constant(&cap.expr) else {
                continue;
            };
            if value <= Number::ZERO {
                let cap_text = shown(value, self);
                self.error(
                    CheckErrorKind::ContradictoryCap { cap: cap_text },
                    cap.origin.span,
                );
                continue;
            }
            if smallest.is_none_or(|(s, _)| value < s) {
                smallest = Some((value, cap.origin.span));
            }
        }
        let credit_value = constant(&credit.expr);
        for cap in caps {
            let Some(value) = constant(&cap.expr) else {
                continue;
            };
            if value <= Number::ZERO {
                continue;
            }
            if let Some((s, s_span)) = smallest
                && value > s
            {
                let (cap_text, bound) = (shown(value, self), shown(s, self));
                self.error(
                    CheckErrorKind::UnreachableCap {
                        cap: cap_text,
                        bound,
                        bound_span: s_span,
                    },
                    cap.origin.span,
                );
                continue;
            }
            if let Some(c) = credit_value
                && c <= value
            {
                let (cap_text, bound) = (shown(value, self), shown(c, self));
                self.error(
                    CheckErrorKind::UnreachableCap {
                        cap: cap_text,
                        bound,
                        bound_span: credit.origin.span,
                    },
                    cap.origin.span,
                );
            }
        }
        let Some(spread) = spread else { return };
        let Some(limit) = constant(&spread.per_year.expr) else {
            return;
        };
        if limit <= Number::ZERO {
            let cap_text = shown(limit, self);
            self.error(
                CheckErrorKind::ContradictoryCap { cap: cap_text },
                spread.origin.span,
            );
            return;
        }
        let Ok(placed) = limit.checked_mul(Number::from_int(i64::from(spread.years))) else {
            return;
        };
        // Caps that depend on the record cannot be compared: say nothing rather than
        // something wrong.
        if caps.iter().any(|c| constant(&c.expr).is_none()) && smallest.is_none() {
            return;
        }
        let most = match (smallest, credit_value) {
            (Some((s, _)), Some(c)) => Some(s.min(c)),
            (Some((s, _)), None) => Some(s),
            (None, c) => c,
        };
        match most {
            Some(m) if m > placed => {
                let kind = CheckErrorKind::SpreadLosesHours {
                    years: spread.years,
                    per_year: shown(limit, self),
                    placed: shown(placed, self),
                    cap: Some(shown(m, self)),
                };
                self.error(kind, spread.origin.span);
            }
            None => {
                let kind = CheckErrorKind::SpreadLosesHours {
                    years: spread.years,
                    per_year: shown(limit, self),
                    placed: shown(placed, self),
                    cap: None,
                };
                self.error(kind, spread.origin.span);
            }
            Some(m) if m <= limit => {
                let kind = CheckErrorKind::SpreadNeverSplits {
                    per_year: shown(limit, self),
                    cap: shown(m, self),
                };
                self.error(kind, spread.origin.span);
            }
            Some(_) => {}
        }
    }

    // ------------------------------------------------------------------ exemptions

    fn exemption(&mut self, decl: &ast::ExemptionDecl, span: Span) -> Option<Exemptions> {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let mut item = self.item_scope(&decl.body, &[]);
        let mut locals = Vec::new();
        for stmt in &decl.body {
            if let Stmt::Let { name, value, meta } = &stmt.node
                && let Some(local) = self.local(&mut item, name, value, true, meta, block)
            {
                locals.push(local);
            }
        }
        let mut constraints = Vec::new();
        let mut rejections = Vec::new();
        let mut covers: Option<Rule> = None;
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Invalid { .. } => {
                    if let Some(c) = self.constraint(&item, stmt, block) {
                        constraints.push(c);
                    }
                }
                Stmt::Reject { .. } => {
                    if let Some(r) = self.rejection(&item, stmt, block) {
                        rejections.push(r);
                    }
                }
                Stmt::Covers { years, meta } => {
                    if let Some(first) = &covers {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Covers,
                                first: first.origin.span,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let c = self.item_expr(&item, years);
                    let c = self.present(c);
                    let c = self.expect(c, &Ty::List(Box::new(Ty::Year)));
                    covers = Some(Rule {
                        expr: c,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                Stmt::Cite(_) | Stmt::Reading(_) | Stmt::Fields(_) | Stmt::Let { .. } => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        if covers.is_none() {
            self.error(
                CheckErrorKind::MissingRule {
                    rule: RuleKind::Covers,
                    block: "exemption".into(),
                },
                span,
            );
        }
        for local in &item.locals {
            if !local.used.get() {
                self.error(
                    CheckErrorKind::Unused {
                        name: local.name.clone(),
                        what: NameKind::Value,
                    },
                    local.span,
                );
            }
        }
        Some(Exemptions {
            label: decl.label.as_ref().map(text_of),
            origin: Origin {
                span,
                cite: block_cite.clone(),
                reading: block_reading,
            },
            schema: item.schema,
            locals,
            constraints,
            rejections,
            covers: covers?,
        })
    }

    // ------------------------------------------------------------------ the year

    fn year_block(&mut self, decl: &ast::YearDecl, span: Span) -> YearRules {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let mut figures: Vec<Figure> = Vec::new();
        let mut requirements = Vec::new();
        let mut shortfall: Option<Rule> = None;
        let credit_ty = match &self.credit_dim {
            Some((d, _)) => Ty::Number(d.clone()),
            None => Ty::Error,
        };
        let scope = |n: usize| Scope {
            item: None,
            person: true,
            year: YearAccess::Block(n),
            judged_year: false,
            quantifiers: None,
            locals: false,
        };
        // Figures not yet defined are not visible; names are collected in `run`.
        let mut defined = 0usize;
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Value {
                    name,
                    label,
                    value,
                    meta,
                } => {
                    let index = figures.len();
                    let reserved =
                        OUTPUT_FIELDS.contains(&name.node.as_str()) || name.node == JUDGED_YEAR;
                    if reserved {
                        self.error(
                            CheckErrorKind::ReservedName {
                                name: name.node.clone(),
                            },
                            name.span,
                        );
                    }
                    if let Some(first) = figures.iter().find(|f| f.name == name.node) {
                        let first = first.rule.origin.span;
                        self.error(
                            CheckErrorKind::DuplicateName {
                                name: name.node.clone(),
                                what: NameKind::Value,
                                first,
                            },
                            name.span,
                        );
                    }
                    self.clash(&name.node, name.span);
                    let c = self.expr(value, &scope(defined));
                    let c = self.present(c);
                    if !matches!(c.ty, Ty::Number(_) | Ty::Error) {
                        self.mismatch_number(&c);
                    }
                    if self.figure_tys.len() <= index {
                        self.figure_tys.resize(index + 1, Ty::Error);
                    }
                    self.figure_tys[index] = c.ty.clone();
                    figures.push(Figure {
                        name: name.node.clone(),
                        label: label.as_ref().map(text_of),
                        rule: Rule {
                            expr: c,
                            origin: origin_of(stmt.span, meta, block),
                        },
                    });
                    defined = figures.len();
                }
                Stmt::Require { condition, meta } => {
                    let origin = origin_of(stmt.span, meta, block);
                    self.cited(&origin, "require");
                    let ExprKind::Binary { op, lhs, rhs } = &condition.node else {
                        self.error(CheckErrorKind::RequirementNotComparison, condition.span);
                        continue;
                    };
                    let op = match op {
                        ast::BinaryOp::Ge => CmpOp::Ge,
                        ast::BinaryOp::Gt => CmpOp::Gt,
                        ast::BinaryOp::Le => CmpOp::Le,
                        ast::BinaryOp::Lt => CmpOp::Lt,
                        ast::BinaryOp::Eq => CmpOp::Eq,
                        _ => {
                            self.error(CheckErrorKind::RequirementNotComparison, condition.span);
                            continue;
                        }
                    };
                    let a = self.expr(lhs, &scope(defined));
                    let a = self.present(a);
                    let b = self.expr(rhs, &scope(defined));
                    let b = self.present(b);
                    let (a, b, ty) = self.unify(a, b, op.symbol());
                    if !matches!(ty, Ty::Number(_) | Ty::Error) {
                        self.mismatch_number(&a);
                    }
                    let figure = match &a.op {
                        Op::Figure(i) => Some(*i),
                        _ => None,
                    };
                    requirements.push(Requirement {
                        lhs: a,
                        op,
                        rhs: b,
                        figure,
                        origin,
                    });
                }
                Stmt::Shortfall { value, meta } => {
                    if let Some(first) = &shortfall {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Shortfall,
                                first: first.origin.span,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let c = self.expr(value, &scope(defined));
                    let c = self.present(c);
                    let c = self.expect(c, &credit_ty);
                    let origin = origin_of(stmt.span, meta, block);
                    self.cited(&origin, "shortfall");
                    shortfall = Some(Rule { expr: c, origin });
                }
                Stmt::Cite(_) | Stmt::Reading(_) => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        YearRules {
            origin: Origin {
                span,
                cite: block_cite.clone(),
                reading: block_reading,
            },
            figures,
            requirements,
            shortfall,
        }
    }

    // ------------------------------------------------------------------ purposes

    fn purpose(&mut self, decl: &ast::PurposeDecl, span: Span) -> Option<Purpose> {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        let window_scope = Scope {
            item: None,
            person: true,
            year: YearAccess::None,
            judged_year: true,
            quantifiers: None,
            locals: false,
        };
        let mut window: Option<Window> = None;
        let mut passes: Option<Rule> = None;
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Year { year, meta }
                | Stmt::Years {
                    from: year, meta, ..
                } => {
                    if let Some(first) = &window {
                        let first = match first {
                            Window::Single(r) => r.origin.span,
                            Window::Range { origin, .. } => origin.span,
                        };
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Window,
                                first,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    let from = self.expr(year, &window_scope);
                    let from = self.present(from);
                    let from = self.expect(from, &Ty::Year);
                    window = Some(match &stmt.node {
                        Stmt::Years { to, .. } => {
                            let to = self.expr(to, &window_scope);
                            let to = self.present(to);
                            let to = self.expect(to, &Ty::Year);
                            Window::Range { from, to, origin }
                        }
                        _ => Window::Single(Rule { expr: from, origin }),
                    });
                }
                Stmt::Passes { when, meta } => {
                    if let Some(first) = &passes {
                        self.error(
                            CheckErrorKind::DuplicateRule {
                                rule: RuleKind::Passes,
                                first: first.origin.span,
                            },
                            stmt.span,
                        );
                        continue;
                    }
                    let scope = Scope {
                        item: None,
                        person: true,
                        year: YearAccess::Purpose,
                        judged_year: true,
                        quantifiers: None,
                        locals: false,
                    };
                    let c = self.expr(when, &scope);
                    let c = self.present(c);
                    let c = self.expect(c, &Ty::Bool);
                    passes = Some(Rule {
                        expr: c,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                _ => {}
            }
        }
        // Without a window (reported below), statuses are read as for one year, so that the
        // missing window is the only finding.
        let single = !matches!(window, Some(Window::Range { .. }));
        let status_scope = Scope {
            item: None,
            person: true,
            year: if single {
                YearAccess::Purpose
            } else {
                YearAccess::Range
            },
            judged_year: true,
            quantifiers: Some(passes.is_some()),
            locals: false,
        };
        let mut statuses: Vec<StatusRule> = Vec::new();
        let mut labels: HashMap<String, Span> = HashMap::new();
        let mut after_otherwise = false;
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::Status {
                    label,
                    display,
                    when,
                    meta,
                } => {
                    if label.node == "invalid" {
                        self.error(
                            CheckErrorKind::ReservedName {
                                name: label.node.clone(),
                            },
                            label.span,
                        );
                    }
                    if after_otherwise {
                        self.error(
                            CheckErrorKind::StatusOrder {
                                problem: StatusProblem::AfterOtherwise,
                                purpose: decl.name.node.clone(),
                            },
                            stmt.span,
                        );
                    }
                    let origin = origin_of(stmt.span, meta, block);
                    let when = match when {
                        Some(w) => {
                            let c = self.expr(w, &status_scope);
                            let c = self.present(c);
                            Some(self.expect(c, &Ty::Bool))
                        }
                        None => {
                            after_otherwise = true;
                            None
                        }
                    };
                    if let Some(first) = labels.get(&label.node) {
                        // The same status may be reported for several conditions; only a
                        // repeated `otherwise` label is worth nothing, and that is the order
                        // check's business.
                        let _ = first;
                    } else {
                        labels.insert(label.node.clone(), label.span);
                    }
                    statuses.push(StatusRule {
                        label: label.node.clone(),
                        display: display.as_ref().map(text_of),
                        when,
                        origin,
                    });
                }
                Stmt::Cite(_)
                | Stmt::Reading(_)
                | Stmt::Year { .. }
                | Stmt::Years { .. }
                | Stmt::Passes { .. } => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        let name = decl.name.node.clone();
        if window.is_none() {
            self.error(
                CheckErrorKind::MissingRule {
                    rule: RuleKind::Window,
                    block: name.clone(),
                },
                decl.name.span,
            );
        }
        if statuses.is_empty() {
            self.error(
                CheckErrorKind::StatusOrder {
                    problem: StatusProblem::None,
                    purpose: name.clone(),
                },
                decl.name.span,
            );
        } else if !after_otherwise && statuses.last().is_some_and(|s| s.when.is_some()) {
            let at = statuses.last().map_or(span, |s| s.origin.span);
            self.error(
                CheckErrorKind::StatusOrder {
                    problem: StatusProblem::NoOtherwise,
                    purpose: name.clone(),
                },
                at,
            );
        }
        let origin = Origin {
            span,
            cite: block_cite.clone(),
            reading: block_reading,
        };
        let any_cite = decl
            .body
            .iter()
            .any(|s| s.node.meta().is_some_and(|m| m.cite.is_some()));
        if origin.cite.is_none() && !any_cite {
            self.error(
                CheckErrorKind::MissingCitation {
                    what: Cited::Purpose(decl.name.node.clone()),
                },
                decl.name.span,
            );
        }
        Some(Purpose {
            name,
            label: decl.label.as_ref().map(text_of),
            origin,
            window: window?,
            passes,
            statuses,
        })
    }

    // ------------------------------------------------------------------ forms

    fn form(&mut self, decl: &ast::FormDecl, span: Span) -> Form {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        // A form reads the person and the year judged, like a purpose over one year.
        let scope = Scope {
            item: None,
            person: true,
            year: YearAccess::Purpose,
            judged_year: true,
            quantifiers: None,
            locals: false,
        };
        let mut fields = Vec::new();
        for stmt in &decl.body {
            match &stmt.node {
                Stmt::FormField { label, value, meta } => {
                    let parts = match &value.node {
                        ExprKind::Text(text) => self.placeholders(text, value.span, &scope),
                        _ => vec![FormPart::Value(self.expr(value, &scope))],
                    };
                    fields.push(FormField {
                        label: label.node.clone(),
                        parts,
                        origin: origin_of(stmt.span, meta, block),
                    });
                }
                Stmt::Cite(_) | Stmt::Reading(_) => {}
                _ => self.error(CheckErrorKind::Misplaced, stmt.span),
            }
        }
        Form {
            name: decl.name.node.clone(),
            label: decl.label.as_ref().map(text_of),
            origin: Origin {
                span,
                cite: block_cite.clone(),
                reading: block_reading,
            },
            fields,
        }
    }

    /// A text with `{name}` placeholders, as parts. `span` is the string literal's.
    fn placeholders(&mut self, text: &str, span: Span, scope: &Scope) -> Vec<FormPart> {
        let literal = self.source.slice(span).to_string();
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                parts.push(FormPart::Text(rest[..open].to_string()));
            }
            let name = rest[open + 1..close].trim();
            // Point at the placeholder in the literal when it is written as is.
            let at = literal.find(&rest[open..=close]).map_or(span, |i| {
                Span::new(span.start + i + 1, span.start + i + close - open)
            });
            let expr = ast::Spanned::new(ExprKind::Name(name.to_string()), at);
            parts.push(FormPart::Value(self.expr(&expr, scope)));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(FormPart::Text(rest.to_string()));
        }
        parts
    }

    // ------------------------------------------------------------------ warnings

    fn unused_warnings(&mut self) {
        let mut found = Vec::new();
        for c in &self.consts {
            if !c.used && matches!(c.state, ConstState::Done(..)) {
                found.push((
                    c.decl.name.node.clone(),
                    NameKind::Constant,
                    c.decl.name.span,
                ));
            }
        }
        for (i, (span, used)) in self.unit_decls.iter().enumerate() {
            if !used {
                let name = self.units[i].singular.clone();
                found.push((name, NameKind::Unit, *span));
            }
        }
        for (name, (id, span)) in &self.category_ids {
            if !self.category_used[usize::from(*id)] {
                found.push((name.clone(), NameKind::Category, *span));
            }
        }
        for (name, (id, span)) in &self.evidence_ids {
            if !self.evidence_used[usize::from(*id)] {
                found.push((name.clone(), NameKind::Evidence, *span));
            }
        }
        // An unused declaration is often the echo of a misspelt use, already reported as
        // unknown: then it is not reported again.
        let echoes = |what: NameKind, diags: &[CheckError]| {
            diags.iter().any(|d| match &d.kind {
                CheckErrorKind::UnknownName { what: w, .. } => {
                    *w == what || (what == NameKind::Constant && *w == NameKind::Value)
                }
                CheckErrorKind::NotACategory { .. } => what == NameKind::Category,
                CheckErrorKind::UnknownEvidence { .. } => what == NameKind::Evidence,
                _ => false,
            })
        };
        for (name, what, span) in found {
            if !echoes(what, &self.diags) {
                self.error(CheckErrorKind::Unused { name, what }, span);
            }
        }
        self.citation_warnings();
    }

    fn citation_warnings(&mut self) {
        for c in &self.consts {
            if c.decl.meta.cite.is_none() {
                let span = c.decl.name.span;
                let what = Cited::Constant(c.decl.name.node.clone());
                self.diags.push(CheckError {
                    kind: CheckErrorKind::MissingCitation { what },
                    span,
                });
            }
        }
    }
}

fn field_ty(t: &FieldType) -> Ty {
    match t {
        FieldType::Text | FieldType::ResidentId => Ty::Text,
        FieldType::Bool => Ty::Bool,
        FieldType::Date => Ty::Date,
        FieldType::Year => Ty::Year,
        FieldType::Number { dim, .. } => Ty::Number(dim.clone()),
        FieldType::Enum(e) => Ty::Enum(*e),
        FieldType::List(inner) => Ty::List(Box::new(field_ty(inner))),
    }
}

fn text_of(label: &ast::Label) -> Text {
    Text {
        text: label.text.node.clone(),
        en: label.en.as_ref().map(|e| e.node.clone()),
    }
}

fn cite_of(c: &Spanned<ast::Citation>) -> Cite {
    Cite {
        clause: c.clause.node.clone(),
        quote: c.quote.as_ref().map(|q| q.node.clone()),
        span: c.span,
    }
}

fn origin_of(span: Span, meta: &Meta, block: Option<&Cite>) -> Origin {
    Origin {
        span,
        cite: meta.cite.as_ref().map(cite_of).or_else(|| block.cloned()),
        reading: meta.reading.as_ref().map(text_of),
    }
}
