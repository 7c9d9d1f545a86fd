//! Forms: fields a ruling fills in, each an expression or a text with `{name}` placeholders,
//! read like a purpose over one year.

use super::Checker;
use super::error::CheckErrorKind;
use super::expr::{Scope, YearAccess};
use super::origin::{block_origin, origin_of, text_of};
use crate::policy::{Form, FormField, FormPart};
use crate::source::Span;
use crate::syntax::ast::{self, ExprKind, Stmt};

impl Checker<'_> {
    /// A form: its fields, each a value or a text with `{name}` placeholders.
    pub(super) fn form(&mut self, decl: &ast::FormDecl, span: Span) -> Form {
        let (block_cite, block_reading) = self.block_meta(&decl.body);
        let block = block_cite.as_ref();
        // A form reads the person and the year judged, like a purpose over one year.
        let scope = Scope::purpose(YearAccess::Purpose);
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
            origin: block_origin(span, block, block_reading),
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
}
