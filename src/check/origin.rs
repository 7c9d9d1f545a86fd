//! Where rules come from: the place, the clause of the notice cited (a rule's own or its
//! block's) and the reading given, and the warning for a rule that cites nothing.

use super::Checker;
use super::error::{CheckErrorKind, Cited, RuleKind};
use crate::policy::{Cite, Origin, Text};
use crate::source::Span;
use crate::syntax::ast::{self, Meta, Spanned, Stmt};

impl Checker<'_> {
    /// The `cite` and `reading` of a block, each given at most once; its rules inherit them.
    pub(super) fn block_meta(&mut self, body: &[Spanned<Stmt>]) -> (Option<Cite>, Option<Text>) {
        let mut cite: Option<(Cite, Span)> = None;
        let mut reading: Option<(Text, Span)> = None;
        for stmt in body {
            match &stmt.node {
                Stmt::Cite(c) => {
                    let first = cite.as_ref().map(|(_, first)| *first);
                    if !self.given_twice(RuleKind::Cite, stmt.span, first) {
                        cite = Some((cite_of(c), stmt.span));
                    }
                }
                Stmt::Reading(r) => {
                    let first = reading.as_ref().map(|(_, first)| *first);
                    if !self.given_twice(RuleKind::Reading, stmt.span, first) {
                        reading = Some((text_of(r), stmt.span));
                    }
                }
                _ => {}
            }
        }
        (cite.map(|(c, _)| c), reading.map(|(r, _)| r))
    }

    /// Warns of a rule that cites no clause, neither itself nor through its block.
    pub(super) fn cited(&mut self, origin: &Origin, rule: &'static str) {
        if origin.cite.is_none() {
            self.error(
                CheckErrorKind::MissingCitation {
                    what: Cited::Rule(rule),
                },
                origin.span,
            );
        }
    }
}

/// A label or text as the policy holds it: the text, and its English version if given.
pub(super) fn text_of(label: &ast::Label) -> Text {
    let span = match &label.en {
        Some(en) => label.text.span.join(en.span),
        None => label.text.span,
    };
    Text {
        text: label.text.node.clone(),
        en: label.en.as_ref().map(|e| e.node.clone()),
        span,
    }
}

/// A citation as the policy holds it.
fn cite_of(c: &Spanned<ast::Citation>) -> Cite {
    Cite {
        clause: c.clause.node.clone(),
        quote: c.quote.as_ref().map(|q| q.node.clone()),
        span: c.span,
    }
}

/// Where a rule comes from: its place, its citation (its own or its block's) and its
/// reading.
pub(super) fn origin_of(span: Span, meta: &Meta, block: Option<&Cite>) -> Origin {
    Origin {
        span,
        cite: meta.cite.as_ref().map(cite_of).or_else(|| block.cloned()),
        reading: meta.reading.as_ref().map(text_of),
    }
}

/// Where a block comes from: its place, and the citation and reading its rules inherit.
pub(super) fn block_origin(span: Span, cite: Option<&Cite>, reading: Option<Text>) -> Origin {
    Origin {
        span,
        cite: cite.cloned(),
        reading,
    }
}
