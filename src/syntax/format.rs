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

    /// An expression that may be broken over lines: a long list, one element per line.
    fn expr_wrapped(&mut self, e: &Expr, column: usize) -> String {
        let flat = self.expr(e, 0);
        if let ExprKind::List(items) = &e.node
            && (column + self.indent * 2 + unicode_width::UnicodeWidthStr::width(flat.as_str())
                > WIDTH
                || flat.contains('\n'))
            && !items.is_empty()
        {
            self.indent += 1;
            let pad = self.pad();
            let mut out = "[\n".to_string();
            for item in items {
                let text = self.expr(item, 0);
                out.push_str(&format!("{pad}{text},\n"));
            }
            self.indent -= 1;
            out.push_str(&self.pad());
            out.push(']');
            return out;
        }
        flat
    }

    /// An expression as text; parenthesised when its precedence is below `min`.
    fn expr(&mut self, e: &Expr, min: u8) -> String {
        let (text, prec) = match &e.node {
            ExprKind::Number { text, unit, .. } => (
                match unit {
                    Some(u) => format!("{text} {}", unit_text(u)),
                    None => text.clone(),
                },
                ATOM,
            ),
            ExprKind::Date(d) => (d.format("%Y-%m-%d").to_string(), ATOM),
            ExprKind::Text(s) => (quote(s), ATOM),
            ExprKind::Bool(b) => (b.to_string(), ATOM),
            ExprKind::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.expr(i, 0)).collect();
                (format!("[{}]", items.join(", ")), ATOM)
            }
            ExprKind::Name(n) => (n.clone(), ATOM),
            ExprKind::Call { func, args } => {
                let args: Vec<String> = args.iter().map(|a| self.expr(a, 0)).collect();
                (format!("{}({})", func.node, args.join(", ")), ATOM)
            }
            ExprKind::Unary { op, operand } => match op {
                // `not a == b` reads as `(not a) == b` though it is `not (a == b)`: an
                // operand built with an operator keeps its parentheses.
                UnaryOp::Not => (
                    format!(
                        "not {}",
                        self.expr(
                            operand,
                            if groups_for_reader(operand) {
                                ATOM
                            } else {
                                NOT_PRECEDENCE
                            }
                        )
                    ),
                    NOT_PRECEDENCE,
                ),
                UnaryOp::Neg => (
                    format!("-{}", self.expr(operand, NEG_PRECEDENCE)),
                    NEG_PRECEDENCE,
                ),
                UnaryOp::IsGiven | UnaryOp::IsNotGiven => (
                    format!(
                        "{} {}",
                        self.expr(operand, GIVEN_PRECEDENCE + 1),
                        if *op == UnaryOp::IsGiven {
                            "is given"
                        } else {
                            "is not given"
                        }
                    ),
                    GIVEN_PRECEDENCE,
                ),
            },
            ExprKind::Binary { op, lhs, rhs } => {
                let p = op.precedence();
                let comparison = p == 4;
                let right_assoc = *op == BinaryOp::Otherwise;
                let lmin = if comparison || right_assoc { p + 1 } else { p };
                let rmin = if right_assoc { p } else { p + 1 };
                let mut left = self.expr(lhs, lmin);
                // `8 hours / x` would read `hours/x` as a unit.
                // (Also `-8 hours / x` and `a * 8 hours / x`: the text that ends the left
                // side is what would run on.)
                let unit_before_div = *op == BinaryOp::Div
                    && matches!(&rightmost(lhs).node, ExprKind::Number { unit: Some(_), .. });
                // `sum of credits in x` would read `in x` as the category.
                let sum_before_in = *op == BinaryOp::In
                    && matches!(
                        &rightmost(lhs).node,
                        ExprKind::SumCredits { category: None }
                    );
                if (unit_before_div || sum_before_in) && !left.ends_with(')') {
                    left = format!("({left})");
                }
                // Parentheses a reader needs though precedence does not: `a or (b and c)`,
                // `a otherwise (b + 1)`, `hours / (2 hours/credit)`.
                let for_reader = |side: &Expr| match (op, &side.node) {
                    (BinaryOp::Or, ExprKind::Binary { op: inner, .. }) => *inner == BinaryOp::And,
                    (BinaryOp::Otherwise, ExprKind::Binary { op: inner, .. }) => {
                        *inner != BinaryOp::Otherwise
                    }
                    _ => false,
                };
                if for_reader(lhs) && !left.starts_with('(') {
                    left = format!("({left})");
                }
                let mut right = self.expr(rhs, rmin);
                let compound_unit = matches!(&rhs.node, ExprKind::Number { unit: Some(u), .. }
                    if !u.node.denoms.is_empty());
                if (for_reader(rhs)
                    || (matches!(op, BinaryOp::Mul | BinaryOp::Div) && compound_unit))
                    && !right.starts_with('(')
                {
                    right = format!("({right})");
                }
                // A fraction of two whole numbers is written as one: `2/3`.
                let whole = |e: &Expr| matches!(&e.node, ExprKind::Number { unit: None, text, .. } if !text.contains('.'));
                if *op == BinaryOp::Div && whole(lhs) && whole(rhs) {
                    (format!("{left}/{right}"), p)
                } else {
                    (format!("{left} {} {right}", op.symbol()), p)
                }
            }
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => (
                format!(
                    "if {} then {} else {}",
                    self.expr(cond, 0),
                    self.expr(then, 0),
                    self.expr(otherwise, 0)
                ),
                0,
            ),
            ExprKind::Match { scrutinee, arms } => {
                let head = format!("match {} {{", self.expr(scrutinee, 0));
                self.indent += 1;
                let mut out = head;
                out.push('\n');
                for arm in arms {
                    // Comments between arms are printed after the statement (they are kept,
                    // not placed).
                    let pattern = match &arm.patterns {
                        Some(ps) => ps.iter().map(|p| quote(p)).collect::<Vec<_>>().join(" or "),
                        None => "else".to_string(),
                    };
                    let value = self.expr(&arm.value, 0);
                    out.push_str(&format!("{}{pattern} => {value}\n", self.pad()));
                }
                self.indent -= 1;
                out.push_str(&self.pad());
                out.push('}');
                (out, ATOM)
            }
            ExprKind::SumCredits { category } => (
                match category {
                    Some(c) => format!("sum of credits in {}", c.node),
                    None => "sum of credits".to_string(),
                },
                ATOM,
            ),
            ExprKind::Window { agg, of } => {
                let of_text = match &of.node {
                    ExprKind::SumCredits { category: None } => "credits".to_string(),
                    ExprKind::SumCredits { category: Some(c) } => format!("credits in {}", c.node),
                    _ => self.expr(of, ATOM),
                };
                (
                    match agg {
                        WindowAgg::Count => format!("count of years where {of_text}"),
                        _ => format!("{} of {of_text} over years", agg.word()),
                    },
                    ATOM,
                )
            }
            ExprKind::Quantifier { every } => (
                if *every {
                    "every year passes".to_string()
                } else {
                    "some year passes".to_string()
                },
                ATOM,
            ),
            ExprKind::Previous { period } => (
                if *period {
                    "previous period".to_string()
                } else {
                    "previous year".to_string()
                },
                ATOM,
            ),
        };
        if prec < min {
            format!("({text})")
        } else {
            text
        }
    }
}

/// Precedence of expressions that never need parentheses.
const ATOM: u8 = 10;

/// The expression whose text ends the text of `e` when `e` is printed without parentheses:
/// the operand of a prefix operator, the right side of an infix one.
fn rightmost(e: &Expr) -> &Expr {
    match &e.node {
        ExprKind::Unary {
            op: UnaryOp::Neg | UnaryOp::Not,
            operand,
        } => rightmost(operand),
        ExprKind::Binary { rhs, .. } => rightmost(rhs),
        _ => e,
    }
}

/// Whether `e` is built with an infix or postfix operator, which a reader of `not e` would
/// otherwise group wrongly.
fn groups_for_reader(e: &Expr) -> bool {
    matches!(
        &e.node,
        ExprKind::Binary { .. }
            | ExprKind::Unary {
                op: UnaryOp::IsGiven | UnaryOp::IsNotGiven,
                ..
            }
    )
}

fn unit_text(u: &UnitExpr) -> String {
    let mut s = u.numer.node.clone();
    for (i, d) in u.denoms.iter().enumerate() {
        match &u.per_count {
            // A rate in words keeps its words: `credit per 3 hours`.
            Some(count) if i == 0 => {
                s.push_str(" per ");
                s.push_str(&count.node.text);
                s.push(' ');
            }
            _ => s.push('/'),
        }
        s.push_str(&d.node);
    }
    s
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

#[cfg(test)]
mod tests;
