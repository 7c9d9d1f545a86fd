//! Categories and evidence: each declared once, looked up where a kind counts as a category
//! or requires evidence (and marked as used), and a kind's `counts as` rule resolved to a
//! fixed category or to a field whose values are categories.

use super::Checker;
use super::error::{CheckErrorKind, NameKind, TypeName};
use super::item::ItemScope;
use super::origin::{origin_of, text_of};
use crate::policy::{Category, CategoryRule, FieldType, Origin};
use crate::syntax::ast::{self, ExprKind};

impl Checker<'_> {
    /// Declares a category.
    pub(super) fn declare_category(&mut self, c: &ast::CategoryDecl) {
        let first = self.category_ids.get(&c.name.node).map(|(_, first)| *first);
        if self.defined_twice(NameKind::Category, &c.name.node, c.name.span, first) {
            return;
        }
        let id = self.categories.len() as u16;
        self.category_ids
            .insert(c.name.node.clone(), (id, c.name.span));
        self.categories.push(Category {
            name: c.name.node.clone(),
            label: c.label.as_ref().map(text_of),
            origin: origin_of(c.name.span, &c.meta, None),
        });
        self.category_used.declare();
    }

    /// Declares the names of an `evidence` item.
    pub(super) fn declare_evidence(&mut self, e: &ast::EvidenceDecl) {
        for name in &e.names {
            let first = self.evidence_ids.get(&name.node).map(|(_, first)| *first);
            if self.defined_twice(NameKind::Evidence, &name.node, name.span, first) {
                continue;
            }
            let id = self.evidence.len() as u16;
            self.evidence_ids.insert(name.node.clone(), (id, name.span));
            self.evidence.push(name.node.clone());
            self.evidence_used.declare();
        }
    }

    /// The category called `name`, marked as used; an unknown one is reported.
    pub(crate) fn category_id(&mut self, name: &ast::Ident) -> Option<u16> {
        match self.category_ids.get(&name.node) {
            Some(&(id, _)) => {
                self.category_used.mark(id);
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

    /// The evidence called `name`, marked as used; an unknown one is reported.
    pub(super) fn evidence_id(&mut self, name: &ast::Ident) -> Option<u16> {
        match self.evidence_ids.get(&name.node) {
            Some(&(id, _)) => {
                self.evidence_used.mark(id);
                Some(id)
            }
            None => {
                let suggestion =
                    crate::suggest::closest(&name.node, self.evidence.iter().map(String::as_str));
                self.error(
                    CheckErrorKind::UnknownEvidence {
                        name: name.node.clone(),
                        suggestion,
                    },
                    name.span,
                );
                None
            }
        }
    }

    /// The category of a kind's `counts as`: a category named, or a required `one of`
    /// field whose every value is a category.
    pub(super) fn category_rule(
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
            self.category_used.mark(id);
            return Some(CategoryRule::Fixed(id, origin));
        }
        if let Some(&slot) = item.schema.slots.get(name) {
            let field = item.field(slot)?;
            let FieldType::Enum(enum_id) = field.ty else {
                let found = self.type_name(&item.field_ty(slot));
                self.error(
                    CheckErrorKind::TypeMismatch {
                        expected: TypeName::Category,
                        found,
                    },
                    e.span,
                );
                return None;
            };
            if !field.required {
                self.error(CheckErrorKind::OptionalValue { name: name.clone() }, e.span);
                return None;
            }
            let values = self.enums.get(usize::from(enum_id))?.values.clone();
            let mut by_value = Vec::new();
            let mut strangers = Vec::new();
            for v in &values {
                match self.category_ids.get(v) {
                    Some(&(id, _)) => {
                        self.category_used.mark(id);
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
}
