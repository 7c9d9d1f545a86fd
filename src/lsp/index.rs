//! What the language server knows of one policy text: the names it declares (constants,
//! units, categories, kinds, fields, `let`s, figures, purposes, forms) with their places and
//! hover texts, and every identifier written in it (outside strings and comments), from which
//! definitions, references and completions are answered.

use crate::source::Span;
use crate::syntax::ast::{Item, Label, Meta, PolicyFile, Stmt};

/// What a declared name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DefKind {
    /// `unit hour, hours`
    Unit,
    /// `const`
    Constant,
    /// `category`
    Category,
    /// `kind`
    Kind,
    /// A field of the person, a kind or the exemption.
    Field,
    /// `let`
    Let,
    /// A figure of the year block.
    Figure,
    /// `purpose`
    Purpose,
    /// `form`
    Form,
}

impl DefKind {
    /// The declaration's keyword, as hovers show it.
    pub(crate) fn word(self) -> &'static str {
        match self {
            DefKind::Unit => "unit",
            DefKind::Constant => "const",
            DefKind::Category => "category",
            DefKind::Kind => "kind",
            DefKind::Field => "field",
            DefKind::Let => "let",
            DefKind::Figure => "figure",
            DefKind::Purpose => "purpose",
            DefKind::Form => "form",
        }
    }
}

/// A declared name.
#[derive(Debug, Clone)]
pub(crate) struct Def {
    /// The name.
    pub(crate) name: String,
    /// What it is.
    pub(crate) kind: DefKind,
    /// Where the name is written in its declaration.
    pub(crate) name_span: Span,
    /// The whole declaration.
    pub(crate) span: Span,
    /// The block it belongs to (a kind's fields and `let`s), as a span of the block.
    pub(crate) scope: Option<Span>,
    /// The hover text, in Markdown.
    pub(crate) hover: String,
}

/// The declarations and identifiers of one policy text.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Every declared name, in source order.
    pub(crate) defs: Vec<Def>,
    /// Every identifier written, in source order.
    pub(crate) idents: Vec<Span>,
}

impl Index {
    /// The index of `text`, parsed as `file` (which may be partial when the text has syntax
    /// errors: what parsed is indexed).
    pub(crate) fn new(file: &PolicyFile, text: &str) -> Index {
        let mut defs = Vec::new();
        let slice = |s: Span| text.get(s.start..s.end).unwrap_or_default().to_string();
        for item in &file.items {
            let span = item.span;
            match &item.node {
                Item::Unit(u) => {
                    for name in std::iter::once(&u.singular).chain(u.plural.as_ref()) {
                        defs.push(Def {
                            name: name.node.clone(),
                            kind: DefKind::Unit,
                            name_span: name.span,
                            span,
                            scope: None,
                            hover: format!("```\n{}\n```", slice(span).trim()),
                        });
                    }
                }
                Item::Const(c) => defs.push(Def {
                    name: c.name.node.clone(),
                    kind: DefKind::Constant,
                    name_span: c.name.span,
                    span,
                    scope: None,
                    hover: with_meta(
                        format!("```\nconst {} = {}\n```", c.name.node, slice(c.value.span)),
                        &c.meta,
                    ),
                }),
                Item::Category(c) => defs.push(Def {
                    name: c.name.node.clone(),
                    kind: DefKind::Category,
                    name_span: c.name.span,
                    span,
                    scope: None,
                    hover: with_meta(
                        format!(
                            "category `{}`{}{}",
                            c.name.node,
                            label(c.label.as_ref()),
                            c.cap.as_ref().map_or(String::new(), |cap| format!(
                                ", at most {} each year",
                                slice(cap.node.span)
                            ))
                        ),
                        &c.meta,
                    ),
                }),
                Item::Person(p) => {
                    for f in &p.fields {
                        defs.push(field(f, "person", None, &slice));
                    }
                }
                Item::Kind(k) => {
                    let mut fields = Vec::new();
                    for stmt in &k.body {
                        body_def(&stmt.node, &k.name.node, span, &slice, &mut defs);
                        if let Stmt::Fields(fs) = &stmt.node {
                            fields.extend(fs.iter().map(|f| format!("- {}", slice(f.span).trim())));
                        }
                    }
                    defs.push(Def {
                        name: k.name.node.clone(),
                        kind: DefKind::Kind,
                        name_span: k.name.span,
                        span,
                        scope: None,
                        hover: format!(
                            "kind `{}`{}\n\n{}",
                            k.name.node,
                            label(k.label.as_ref()),
                            fields.join("\n")
                        ),
                    });
                }
                Item::Exemption(x) => {
                    for stmt in &x.body {
                        body_def(&stmt.node, "exemption", span, &slice, &mut defs);
                    }
                }
                Item::Year(y) => {
                    for stmt in &y.body {
                        if let Stmt::Value { name, label: l, .. } = &stmt.node {
                            defs.push(Def {
                                name: name.node.clone(),
                                kind: DefKind::Figure,
                                name_span: name.span,
                                span: stmt.span,
                                scope: None,
                                hover: format!(
                                    "figure `{}`{}\n```\n{}\n```",
                                    name.node,
                                    label(l.as_ref()),
                                    slice(stmt.span).trim()
                                ),
                            });
                        }
                    }
                }
                Item::Purpose(p) => defs.push(Def {
                    name: p.name.node.clone(),
                    kind: DefKind::Purpose,
                    name_span: p.name.span,
                    span,
                    scope: None,
                    hover: format!("purpose `{}`{}", p.name.node, label(p.label.as_ref())),
                }),
                Item::Form(f) => defs.push(Def {
                    name: f.name.node.clone(),
                    kind: DefKind::Form,
                    name_span: f.name.span,
                    span,
                    scope: None,
                    hover: format!("form `{}`", f.name.node),
                }),
                Item::Header(_) | Item::Evidence(_) => {}
            }
        }
        defs.sort_by_key(|d| d.name_span.start);
        Index {
            defs,
            idents: identifiers(text),
        }
    }

    /// The identifier at byte `offset`, if one is there.
    pub(crate) fn ident_at(&self, offset: usize) -> Option<Span> {
        self.idents
            .iter()
            .copied()
            .find(|s| s.start <= offset && offset <= s.end)
    }

    /// The declarations `name` may mean at `offset`: those of the enclosing block first
    /// (a kind's own field), else every declaration of that name.
    pub(crate) fn defs_of(&self, name: &str, offset: usize) -> Vec<&Def> {
        let all: Vec<&Def> = self.defs.iter().filter(|d| d.name == name).collect();
        let local: Vec<&Def> = all
            .iter()
            .copied()
            .filter(|d| {
                d.scope
                    .is_some_and(|s| s.start <= offset && offset <= s.end)
            })
            .collect();
        if local.is_empty() { all } else { local }
    }

    /// Every place `name` is written as an identifier.
    pub(crate) fn references(&self, name: &str, text: &str) -> Vec<Span> {
        self.idents
            .iter()
            .copied()
            .filter(|s| text.get(s.start..s.end) == Some(name))
            .collect()
    }
}

/// Declarations inside a kind's or the exemption's body: fields and `let`s.
fn body_def(
    stmt: &Stmt,
    owner: &str,
    block: Span,
    slice: &impl Fn(Span) -> String,
    defs: &mut Vec<Def>,
) {
    match stmt {
        Stmt::Fields(fs) => {
            for f in fs {
                defs.push(field(f, owner, Some(block), slice));
            }
        }
        Stmt::Let { name, value, meta } => defs.push(Def {
            name: name.node.clone(),
            kind: DefKind::Let,
            name_span: name.span,
            span: name.span.join(value.span),
            scope: Some(block),
            hover: with_meta(
                format!(
                    "```\nlet {} = {}\n```\nin `{owner}`",
                    name.node,
                    slice(value.span)
                ),
                meta,
            ),
        }),
        _ => {}
    }
}

fn field(
    f: &crate::syntax::ast::Spanned<crate::syntax::ast::FieldDecl>,
    owner: &str,
    scope: Option<Span>,
    slice: &impl Fn(Span) -> String,
) -> Def {
    Def {
        name: f.name.node.clone(),
        kind: DefKind::Field,
        name_span: f.name.span,
        span: f.span,
        scope,
        hover: format!("field of `{owner}`\n```\n{}\n```", slice(f.span).trim()),
    }
}

/// ` "专业科目" (specialty)`, or nothing.
fn label(l: Option<&Label>) -> String {
    match l {
        Some(l) => match &l.en {
            Some(en) => format!(" “{}” ({})", l.text.node, en.node),
            None => format!(" “{}”", l.text.node),
        },
        None => String::new(),
    }
}

/// `text`, then the citation and the reading of `meta`.
fn with_meta(mut text: String, meta: &Meta) -> String {
    if let Some(c) = &meta.cite {
        text.push_str(&format!("\n\n**{}**", c.node.clause.node));
        if let Some(q) = &c.node.quote {
            text.push_str(&format!(" “{}”", q.node));
        }
    }
    if let Some(r) = &meta.reading {
        text.push_str(&format!("\n\n*reading:* {}", r.text.node));
        if let Some(en) = &r.en {
            text.push_str(&format!(" ({})", en.node));
        }
    }
    text
}

/// Every identifier of `text` outside strings and comments: a letter (any script) or `_`,
/// then letters, digits and `_`.
pub(crate) fn identifiers(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '#' {
            while chars.next_if(|(_, c)| *c != '\n').is_some() {}
        } else if c == '"' {
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some((j, d)) = chars.next_if(|(_, d)| d.is_alphanumeric() || *d == '_') {
                end = j + d.len_utf8();
            }
            out.push(Span::new(i, end));
        } else if c.is_ascii_digit() {
            // A number's digits (and a unit written against it is a separate word).
            while chars
                .next_if(|(_, d)| d.is_ascii_digit() || *d == '.')
                .is_some()
            {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_skip_strings_comments_and_numbers() {
        let text = "const a_1 = 2/3 * 学时 # not_me\n cite \"x\\\"y\" \"z\" b";
        let words: Vec<&str> = identifiers(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(words, ["const", "a_1", "学时", "cite", "b"]);
    }
}
