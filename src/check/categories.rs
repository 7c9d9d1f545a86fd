//! Categories and evidence: each declared once, looked up where a kind counts as a category
//! or requires evidence (and marked as used), a kind's `counts as` rule resolved to a
//! fixed category or to a field whose values are categories, and a category's yearly cap
//! checked to be a constant in the credit's unit.

use super::Checker;
use super::error::{CheckErrorKind, NameKind, TypeName};
use super::expr::Scope;
use super::item::ItemScope;
use super::origin::{origin_of, text_of};
use crate::eval::interp::Env;
use crate::number::Number;
use crate::policy::types::{Dim, Ty};
use crate::policy::{Category, CategoryCap, CategoryRule, FieldType, Origin, Rule};
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
            cap: None,
        });
        self.category_used.declare();
    }

    /// The yearly caps of the categories (`at most 20 hours each year`), once the credit's
    /// unit is known: a constant of the credit's type, above zero.
    pub(super) fn category_caps(&mut self, file: &ast::PolicyFile) {
        let credit_ty = self.credit_ty();
        for item in &file.items {
            let ast::Item::Category(c) = &item.node else {
                continue;
            };
            let Some(cap) = &c.cap else { continue };
            let limit = self.expr(&cap.node, &Scope::constant());
            let limit = self.present(limit);
            let limit = self.expect(limit, &credit_ty);
            let origin = origin_of(cap.span, &c.meta, None);
            self.cited(&origin, "category cap");
            if limit.ty.is_error() || credit_ty.is_error() {
                continue;
            }
            let value = (limit.is_constant())
                .then(|| limit.eval(&Env::constant()).ok())
                .flatten()
                .and_then(|v| v.as_number());
            let Some(value) = value else {
                self.error(CheckErrorKind::NotConstant, limit.span);
                continue;
            };
            if value <= Number::ZERO {
                let unit = match &credit_ty {
                    Ty::Number(d) => self.dim_name(d),
                    _ => self.dim_name(&Dim::none()),
                };
                let cap = format!("{value} {unit}");
                let category = Some(c.name.node.clone());
                self.error(
                    CheckErrorKind::ContradictoryCap { cap, category },
                    limit.span,
                );
                continue;
            }
            // Only the first declaration of a name is the category (a second is reported).
            let Some(&(id, first)) = self.category_ids.get(&c.name.node) else {
                continue;
            };
            if first != c.name.span {
                continue;
            }
            if let Some(category) = self.categories.get_mut(usize::from(id)) {
                category.cap = Some(CategoryCap {
                    limit: value,
                    rule: Rule {
                        expr: limit,
                        origin,
                    },
                });
            }
        }
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

    /// The further categories of `counts as first, also…`, each resolved as the first is; a
    /// name written twice is reported at its second place.
    pub(super) fn further_categories(
        &mut self,
        item: &ItemScope,
        first: &ast::Expr,
        also: &[ast::Expr],
        origin: &Origin,
    ) -> Vec<CategoryRule> {
        let mut seen: Vec<(&str, crate::source::Span)> = Vec::new();
        if let ExprKind::Name(name) = &first.node {
            seen.push((name.as_str(), first.span));
        }
        let mut rules = Vec::with_capacity(also.len());
        for e in also {
            if let ExprKind::Name(name) = &e.node {
                if let Some(&(_, earlier)) = seen.iter().find(|(n, _)| *n == name.as_str()) {
                    let kind = CheckErrorKind::RepeatedValue {
                        value: name.clone(),
                        first: earlier,
                    };
                    self.error(kind, e.span);
                    continue;
                }
                seen.push((name.as_str(), e.span));
            }
            if let Some(rule) = self.category_rule(item, e, origin.clone()) {
                rules.push(rule);
            }
        }
        rules
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
                self.error(
                    CheckErrorKind::OptionalValue {
                        name: name.clone(),
                        earlier: false,
                    },
                    e.span,
                );
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

#[cfg(test)]
mod tests {
    use crate::check::error::CheckErrorKind;
    use crate::source::SourceFile;

    /// A policy whose category `study` carries `cap` (the text after the label).
    fn policy(cap: &str) -> String {
        format!(
            "policy \"p\" {{ version \"1\" effective 2022-01-01 }}\n\
             unit hour, hours\n\
             const most = 20 hours cite \"2\"\n\
             category study \"自学\" {cap}\n  cite \"2\"\n\
             person {{ quota: decimal hours, required }}\n\
             kind course {{ cite \"1\" fields {{ date: date, required }} \
             counts in year_of(date) counts as study credit 8 hours }}\n\
             year {{ cite \"3\" total = sum of credits require total >= most * 2 }}\n\
             purpose annual {{ cite \"3\" year Y status ok when compliant status no otherwise }}\n"
        )
    }

    /// The findings of the policy, each with the text it underlines.
    fn findings(text: &str) -> Vec<(CheckErrorKind, String)> {
        let (_, report) = crate::compile_policy(SourceFile::new("t", text));
        assert!(report.parse.is_empty(), "{:?}", report.parse);
        report
            .check
            .iter()
            .map(|e| (e.kind.clone(), text[e.span.start..e.span.end].to_string()))
            .collect()
    }

    #[test]
    fn a_constant_cap_in_the_credit_unit_compiles_to_its_value() {
        let text = policy("at most most * 2 each year");
        let (policy, report) = crate::compile_policy(SourceFile::new("t", &text));
        assert!(report.check.is_empty(), "{:?}", report.check);
        let cap = policy.unwrap().categories[0].cap.clone().unwrap();
        assert_eq!(cap.limit, crate::number::Number::from_int(40));
        assert_eq!(
            &text[cap.rule.origin.span.start..cap.rule.origin.span.end],
            "at most most * 2 each year"
        );
        assert!(cap.rule.origin.cite.is_some());
    }

    #[test]
    fn a_cap_in_another_unit_is_a_type_mismatch_at_the_limit() {
        let found = findings(&policy("at most 20 days each year"));
        assert!(
            matches!(&found[..], [(CheckErrorKind::TypeMismatch { .. }, t)] if t == "20 days"),
            "{found:?}"
        );
    }

    #[test]
    fn a_cap_of_zero_is_contradictory() {
        let found = findings(&policy("at most 0 hours each year"));
        assert!(
            matches!(&found[..], [(CheckErrorKind::ContradictoryCap { .. }, t)] if t == "0 hours"),
            "{found:?}"
        );
    }

    #[test]
    fn a_cap_that_reads_the_record_is_not_in_scope() {
        let found = findings(&policy("at most quota each year"));
        assert!(
            matches!(&found[..], [(CheckErrorKind::NotInScope { .. }, t)] if t == "quota"),
            "{found:?}"
        );
    }
}
