//! The canonical format of policy files: what `xueshi fmt` prints.
//!
//! Layout is decided by the AST alone (two-space indentation, one statement per line, a
//! rule's `cite` and `reading` on the lines below it, parentheses where precedence needs
//! them and where a reader would group the text wrongly without them: `not (a == b)`,
//! `a or (b and c)`, `a otherwise (b + 1)`, `hours / (2 hours/credit)`); the source text contributes its comments, which are kept, and its blank
//! lines, which are kept (at most one in a row). Formatting a formatted file changes
//! nothing, and the formatted file parses to the same AST.

use super::ast::*;

/// Lines longer than this are broken where the format allows (lists of constants).
const WIDTH: usize = 100;

/// Formats a parsed policy. `source` is the text it was parsed from (for comments and
/// blank lines).
pub fn format_policy(file: &PolicyFile, source: &str) -> String {
    let mut p = Printer {
        out: String::new(),
        indent: 0,
        comments: &file.comments,
        next_comment: 0,
        source,
        last_end: 0,
    };
    let mut previous_block = false;
    for (i, item) in file.items.iter().enumerate() {
        let block = is_block(&item.node);
        // Blocks stand apart from their neighbours.
        if i > 0 && (previous_block || block) {
            p.blank_line();
        }
        p.leading(item.span.start, true);
        if p.blank_before(item.span.start) {
            p.blank_line();
        }
        p.item(item);
        previous_block = block;
    }
    p.leading(source.len(), !file.items.is_empty());
    let mut out = p.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn is_block(item: &Item) -> bool {
    matches!(
        item,
        Item::Header(_)
            | Item::Form(_)
            | Item::Person(_)
            | Item::Kind(_)
            | Item::Exemption(_)
            | Item::Year(_)
            | Item::Purpose(_)
    )
}

struct Printer<'a> {
    out: String,
    indent: usize,
    comments: &'a [Comment],
    next_comment: usize,
    source: &'a str,
    /// End (in the source) of the last element printed.
    last_end: usize,
}

impl Printer<'_> {
    fn pad(&self) -> String {
        "  ".repeat(self.indent)
    }

    /// Ends the output with one blank line (never at the start or after an opening brace).
    fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !self.out.ends_with("{\n") {
            self.out.push('\n');
        }
    }

    /// Whether the source has a blank line between the last element printed and `pos`.
    fn blank_before(&self, pos: usize) -> bool {
        let between = self.source.get(self.last_end..pos).unwrap_or("");
        let mut lines = between.split('\n');
        lines.next();
        let rest: Vec<&str> = lines.collect();
        // Every line after the first but the last, which ends at `pos`.
        rest.split_last()
            .is_some_and(|(_, whole)| whole.iter().any(|l| l.trim().is_empty()))
    }

    /// Prints the comments that start before `pos` on lines of their own.
    fn leading(&mut self, pos: usize, keep_blank: bool) {
        while let Some(c) = self.comments.get(self.next_comment) {
            if c.span.start >= pos {
                break;
            }
            if keep_blank && self.blank_before(c.span.start) {
                self.blank_line();
            }
            let pad = self.pad();
            self.out.push_str(&pad);
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = c.span.end;
            self.next_comment += 1;
        }
    }

    /// Ends the current line, with the comment that follows `end` on the same source line.
    fn end_line(&mut self, end: usize) {
        if let Some(c) = self.comments.get(self.next_comment) {
            let between = self.source.get(end..c.span.start).unwrap_or("\n");
            if c.span.start >= end && !between.contains('\n') {
                self.out.push(' ');
                self.out.push_str(&c.text);
                self.next_comment += 1;
                self.last_end = c.span.end;
            }
        }
        self.out.push('\n');
        self.last_end = self.last_end.max(end);
    }

    /// Prints one line at the current indentation.
    fn line(&mut self, text: &str, end: usize) {
        let pad = self.pad();
        self.out.push_str(&pad);
        self.out.push_str(text);
        self.end_line(end);
    }

    fn item(&mut self, item: &Spanned<Item>) {
        let end = item.span.end;
        match &item.node {
            Item::Header(h) => {
                self.line(&format!("policy {} {{", quote(&h.name)), h.name.span.end);
                self.indent += 1;
                for e in &h.entries {
                    self.leading(e.key.span.start, true);
                    let value = match &e.value.node {
                        HeaderValue::Date(d) => d.format("%Y-%m-%d").to_string(),
                        HeaderValue::Text(t) => quote(t),
                    };
                    self.line(&format!("{} {value}", e.key.node), e.value.span.end);
                }
                self.close_block(end);
            }
            Item::Unit(u) => {
                let mut text = format!("unit {}", u.singular.node);
                if let Some(p) = &u.plural {
                    text.push_str(&format!(", {}", p.node));
                }
                if let Some(l) = &u.label {
                    text.push(' ');
                    text.push_str(&label(l));
                }
                self.line(&text, end);
            }
            Item::Const(c) => {
                let head = format!("const {} = ", c.name.node);
                let value = self.expr_wrapped(&c.value, head.len());
                self.line(&format!("{head}{value}"), c.value.span.end);
                self.meta(&c.meta);
            }
            Item::Category(c) => {
                let mut text = format!("category {}", c.name.node);
                if let Some(l) = &c.label {
                    text.push(' ');
                    text.push_str(&label(l));
                }
                let mut head_end = c.label.as_ref().map_or(c.name.span.end, |l| {
                    l.en.as_ref().unwrap_or(&l.text).span.end
                });
                if let Some(cap) = &c.cap {
                    text.push_str(&format!(" at most {} each year", self.expr(&cap.node, 0)));
                    head_end = cap.span.end;
                }
                self.line(&text, head_end);
                self.meta(&c.meta);
            }
            Item::Evidence(e) => {
                let names: Vec<String> = e.names.iter().map(|n| quote(n)).collect();
                let head_end = e.names.last().map_or(end, |n| n.span.end);
                self.line(&format!("evidence {}", names.join(", ")), head_end);
                self.meta(&e.meta);
            }
            Item::Person(p) => {
                self.line("person {", item.span.start + "person".len());
                self.indent += 1;
                for f in &p.fields {
                    self.leading(f.span.start, true);
                    self.field(f);
                }
                self.close_block(end);
            }
            Item::Kind(k) => {
                let mut head = format!("kind {}", k.name.node);
                if let Some(l) = &k.label {
                    head.push(' ');
                    head.push_str(&label(l));
                }
                head.push_str(" {");
                self.line(&head, k.name.span.end);
                self.body(&k.body, end);
            }
            Item::Exemption(e) => {
                let mut head = "exemption".to_string();
                if let Some(l) = &e.label {
                    head.push(' ');
                    head.push_str(&label(l));
                }
                head.push_str(" {");
                self.line(&head, item.span.start + "exemption".len());
                self.body(&e.body, end);
            }
            Item::Year(y) => {
                self.line("year {", item.span.start + "year".len());
                self.body(&y.body, end);
            }
            Item::Form(form) => {
                let mut head = format!("form {}", form.name.node);
                if let Some(l) = &form.label {
                    head.push(' ');
                    head.push_str(&label(l));
                }
                head.push_str(" {");
                self.line(&head, form.name.span.end);
                self.body(&form.body, end);
            }
            Item::Purpose(p) => {
                let mut head = format!("purpose {}", p.name.node);
                if let Some(l) = &p.label {
                    head.push(' ');
                    head.push_str(&label(l));
                }
                head.push_str(" {");
                self.line(&head, p.name.span.end);
                self.body(&p.body, end);
            }
        }
    }

    fn body(&mut self, body: &[Spanned<Stmt>], end: usize) {
        self.indent += 1;
        for stmt in body {
            self.leading(stmt.span.start, true);
            if self.blank_before(stmt.span.start) {
                self.blank_line();
            }
            self.stmt(stmt);
        }
        self.close_block(end);
    }

    fn close_block(&mut self, end: usize) {
        self.leading(end.saturating_sub(1), true);
        self.indent -= 1;
        self.line("}", end);
    }

    fn meta(&mut self, meta: &Meta) {
        self.indent += 1;
        if let Some(c) = &meta.cite {
            self.leading(c.span.start, false);
            let text = citation(c);
            self.line(&text, c.span.end);
        }
        if let Some(r) = &meta.reading {
            self.leading(r.text.span.start, false);
            let end = r.en.as_ref().unwrap_or(&r.text).span.end;
            self.line(&format!("reading {}", label(r)), end);
        }
        self.indent -= 1;
    }

    fn field(&mut self, f: &Spanned<FieldDecl>) {
        let mut text = format!("{}: {}", f.name.node, type_expr(&f.ty));
        for a in &f.attrs {
            text.push_str(", ");
            match &a.node {
                FieldAttr::Required => text.push_str("required"),
                FieldAttr::NonEmpty => text.push_str("nonempty"),
                FieldAttr::Identity(role) => text.push_str(role.written()),
                FieldAttr::AtLeast(e) => text.push_str(&format!("at least {}", self.expr(e, 0))),
                FieldAttr::AtMost(e) => text.push_str(&format!("at most {}", self.expr(e, 0))),
            }
        }
        self.line(&text, f.span.end);
    }

    fn stmt(&mut self, stmt: &Spanned<Stmt>) {
        let end = stmt.span.end;
        let (text, meta): (String, Option<&Meta>) = match &stmt.node {
            Stmt::Cite(c) => (citation(c), None),
            Stmt::Reading(r) => (format!("reading {}", label(r)), None),
            Stmt::Fields(fields) => {
                self.line("fields {", stmt.span.start + "fields".len());
                self.indent += 1;
                for f in fields {
                    self.leading(f.span.start, true);
                    self.field(f);
                }
                self.close_block(end);
                return;
            }
            Stmt::Let { name, value, meta } => (
                format!("let {} = {}", name.node, self.expr(value, 0)),
                Some(meta),
            ),
            Stmt::CountsIn { year, meta } => {
                (format!("counts in {}", self.expr(year, 0)), Some(meta))
            }
            Stmt::CountsAs {
                category,
                also,
                meta,
            } => {
                let mut text = format!("counts as {}", self.expr(category, 0));
                for e in also {
                    text.push_str(", ");
                    text.push_str(&self.expr(e, 0));
                }
                (text, Some(meta))
            }
            Stmt::Credit { formula, meta } => {
                (format!("credit {}", self.expr(formula, 0)), Some(meta))
            }
            Stmt::Cap { limit, meta } => (format!("cap {}", self.expr(limit, 0)), Some(meta)),
            Stmt::Spread {
                over,
                per_year,
                meta,
            } => (
                format!(
                    "spread over {}, at most {} each year",
                    self.expr(over, 0),
                    self.expr(per_year, 0)
                ),
                Some(meta),
            ),
            Stmt::Requires { mode, names, meta } => {
                let names: Vec<String> = names.iter().map(|n| quote(n)).collect();
                let mode = match mode {
                    EvidenceMode::OneOf => "one of",
                    EvidenceMode::AllOf => "all of",
                };
                (format!("requires {mode} {}", names.join(", ")), Some(meta))
            }
            Stmt::Reject { when, reason, meta } => (
                format!("reject when {} {}", self.expr(when, 0), label(reason)),
                Some(meta),
            ),
            Stmt::Invalid {
                when,
                message,
                at,
                meta,
            } => {
                let mut text = format!("invalid when {} {}", self.expr(when, 0), label(message));
                if let Some(at) = at {
                    text.push_str(&format!(" at {}", at.node));
                }
                (text, Some(meta))
            }
            Stmt::Covers { years, meta } => (format!("covers {}", self.expr(years, 0)), Some(meta)),
            Stmt::Value {
                name,
                label: display,
                value,
                meta,
            } => {
                let head = match display {
                    Some(l) => format!("{} {}", name.node, label(l)),
                    None => name.node.clone(),
                };
                (format!("{head} = {}", self.expr(value, 0)), Some(meta))
            }
            Stmt::Require { condition, meta } => {
                (format!("require {}", self.expr(condition, 0)), Some(meta))
            }
            Stmt::Shortfall { value, meta } => {
                (format!("shortfall = {}", self.expr(value, 0)), Some(meta))
            }
            Stmt::MakeUp { category, meta } => (
                format!(
                    "shortfall = least credits in {} that make the year compliant",
                    category.node
                ),
                Some(meta),
            ),
            Stmt::Year { year, meta } => (format!("year {}", self.expr(year, 0)), Some(meta)),
            Stmt::Years { from, to, meta } => (
                format!("years {} to {}", self.expr(from, 0), self.expr(to, 0)),
                Some(meta),
            ),
            Stmt::Periods { years, meta } => {
                (format!("periods of {} years", years.node), Some(meta))
            }
            Stmt::Passes { when, meta } => (
                format!("each year passes when {}", self.expr(when, 0)),
                Some(meta),
            ),
            Stmt::FormField { label, value, meta } => (
                format!("field {} = {}", quote(label), self.expr(value, 0)),
                Some(meta),
            ),
            Stmt::Status {
                label: status,
                display,
                when,
                meta,
            } => {
                let head = match display {
                    Some(l) => format!("status {} {}", status.node, label(l)),
                    None => format!("status {}", status.node),
                };
                (
                    match when {
                        Some(w) => format!("{head} when {}", self.expr(w, 0)),
                        None => format!("{head} otherwise"),
                    },
                    Some(meta),
                )
            }
        };
        self.line(&text, end);
        if let Some(meta) = meta {
            self.meta(meta);
        }
    }
}

fn type_expr(t: &TypeExpr) -> String {
    match t {
        TypeExpr::Named { name, unit } => match unit {
            Some(u) => format!("{} {}", name.node, u.node),
            None => name.node.clone(),
        },
        TypeExpr::List(inner) => format!("list of {}", type_expr(inner)),
        TypeExpr::OneOf(values) => {
            let values: Vec<String> = values.iter().map(|v| quote(v)).collect();
            format!("one of [{}]", values.join(", "))
        }
    }
}

fn citation(c: &Spanned<Citation>) -> String {
    match &c.quote {
        Some(q) => format!("cite {} {}", quote(&c.clause), quote(q)),
        None => format!("cite {}", quote(&c.clause)),
    }
}

fn label(l: &Label) -> String {
    match &l.en {
        Some(en) => format!("{} en {}", quote(&l.text), quote(en)),
        None => quote(&l.text),
    }
}

/// A string literal with the escapes the grammar reads back.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

mod expr;
#[cfg(test)]
mod tests;
