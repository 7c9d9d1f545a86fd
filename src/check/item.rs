//! What kinds and exemptions share: the scope of their expressions (their fields and `let`
//! values), their `let` values, `invalid when` and `reject when` rules, and the warning for
//! a `let` value nothing uses.

use super::Checker;
use super::error::{CheckErrorKind, NameKind, RuleKind};
use super::expr::{Scope, YearAccess};
use super::origin::{origin_of, text_of};
use crate::policy::expr::CExpr;
use crate::policy::types::Ty;
use crate::policy::{Cite, Constraint, Local, Rejection, Rule, Schema};
use crate::source::Span;
use crate::syntax::ast::{self, Meta, Spanned, Stmt};
use std::cell::Cell;

/// The fields and locals an expression of a kind or exemption can see.
#[derive(Default)]
pub(crate) struct ItemScope {
    /// The item's fields.
    pub schema: Schema,
    /// The type of each field in expressions.
    pub field_tys: Vec<Ty>,
    /// The `let` values declared so far.
    pub locals: Vec<LocalEntry>,
}

impl ItemScope {
    /// The expression type of the field in `slot` (the error type for a slot not declared).
    pub(crate) fn field_ty(&self, slot: u16) -> Ty {
        self.field_tys
            .get(usize::from(slot))
            .cloned()
            .unwrap_or(Ty::Error)
    }

    /// The field in `slot`.
    pub(crate) fn field(&self, slot: u16) -> Option<&crate::policy::Field> {
        self.schema.fields.get(usize::from(slot))
    }
}

/// A `let` value, as expressions see it.
pub(crate) struct LocalEntry {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Where it is declared.
    pub span: Span,
    /// Whether an expression uses it.
    pub used: Cell<bool>,
}

impl Checker<'_> {
    /// An item scope (kind or exemption) from its `fields` block; reports clashes with
    /// constants and person fields.
    pub(super) fn item_scope(&mut self, body: &[Spanned<Stmt>], reserved: &[&str]) -> ItemScope {
        let mut fields_block: Option<(&Vec<Spanned<ast::FieldDecl>>, Span)> = None;
        for stmt in body {
            if let Stmt::Fields(f) = &stmt.node {
                let first = fields_block.map(|(_, first)| first);
                if !self.given_twice(RuleKind::Fields, stmt.span, first) {
                    fields_block = Some((f, stmt.span));
                }
            }
        }
        let (schema, field_tys) = match fields_block {
            Some((fields, _)) => self.schema(fields, reserved, false),
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

    /// The `let` values of an item's body, in order, each seeing those above it.
    pub(super) fn locals(
        &mut self,
        item: &mut ItemScope,
        body: &[Spanned<Stmt>],
        block: Option<&Cite>,
    ) -> Vec<Local> {
        let mut locals = Vec::new();
        for stmt in body {
            if let Stmt::Let { name, value, meta } = &stmt.node
                && let Some(local) = self.local(item, name, value, meta, block)
            {
                locals.push(local);
            }
        }
        locals
    }

    /// A `let` value: its name new in the item, its expression checked with the locals
    /// above it in view.
    fn local(
        &mut self,
        item: &mut ItemScope,
        name: &ast::Ident,
        value: &ast::Expr,
        meta: &Meta,
        block: Option<&Cite>,
    ) -> Option<Local> {
        if self.reserved(name) {
            return None;
        }
        let first = item
            .locals
            .iter()
            .find(|l| l.name == name.node)
            .map(|l| l.span)
            .or_else(|| {
                item.schema
                    .slots
                    .get(&name.node)
                    .and_then(|&s| item.schema.fields.get(usize::from(s)))
                    .map(|f| f.span)
            });
        if self.defined_twice(NameKind::Value, &name.node, name.span, first) {
            return None;
        }
        self.clash(&name.node, name.span);
        let compiled = self.item_expr(item, value);
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

    /// An expression of the item, with its locals in view.
    pub(super) fn item_expr(&mut self, item: &ItemScope, e: &ast::Expr) -> CExpr {
        self.item_expr_with(item, e, true)
    }

    /// An expression of the item; `locals` says whether its `let` values are in view.
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

    /// A condition of the item: present and `true` or `false`.
    fn condition(&mut self, item: &ItemScope, e: &ast::Expr, locals: bool) -> CExpr {
        let c = self.item_expr_with(item, e, locals);
        let c = self.present(c);
        self.expect(c, &Ty::Bool)
    }

    /// An `invalid when` rule, checked without the locals (they are computed after it).
    pub(super) fn constraint(
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

    /// A `reject when` rule.
    pub(super) fn rejection(
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

    /// Warns of the item's `let` values nothing uses.
    pub(super) fn unused_locals(&mut self, item: &ItemScope) {
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
    }
}
