//! Parsing: policy text → [`PolicyFile`]. This is the only module that knows pest exists.
//!
//! The parser reads one top-level item at a time. When an item does not parse, the error is
//! recorded and reading resumes at the next line that starts with an item keyword, so one
//! run reports the mistakes of every item.

use super::ast::*;
use crate::number::{Number, NumberSyntaxError};
use crate::source::Span;
use chrono::NaiveDate;
use pest::Parser;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::cell::RefCell;
use std::sync::LazyLock;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/policy.pest"]
struct PolicyParser;

/// A mistake found while parsing.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// What is wrong.
    pub kind: ParseErrorKind,
    /// Where.
    pub span: Span,
}

/// What is wrong with the text.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseErrorKind {
    /// The text does not follow the grammar.
    Syntax {
        /// What would have been accepted here, in words (`` `when` ``, "an expression").
        expected: Vec<String>,
        /// What was found instead; `None` at the end of the file.
        found: Option<String>,
    },
    /// A date that does not exist, such as `2022-02-30`.
    InvalidDate(String),
    /// A number xueshi cannot hold exactly.
    NumberTooLarge(String),
    /// An escape such as `\u{110000}` that names no character.
    InvalidEscape(String),
    /// Brackets nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// One expression with more than [`MAX_OPERATORS`] operators.
    TooManyOperators,
    /// A policy file larger than [`MAX_POLICY_BYTES`].
    TooLarge,
}

/// How deep parentheses, brackets and braces may nest in a policy. With [`MAX_OPERATORS`]
/// it bounds the parser's recursion (prefix and right-associative operators recurse while
/// the enclosing expressions wait): 32 × 128 levels at most.
pub const MAX_NESTING: usize = 32;
/// How many operators one expression may have.
pub const MAX_OPERATORS: usize = 128;
/// The largest policy file read.
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// How deep an expression's tree may be (operators within operators). The checker, the
/// evaluator and the formatter recurse over expressions; this bound keeps them safe.
pub const MAX_DEPTH: usize = 256;

/// Whether `e` is deeper than `n` levels (recursing at most `n` levels).
fn deeper_than(e: &Expr, n: usize) -> bool {
    if n == 0 {
        return true;
    }
    let deeper = |c: &Expr| deeper_than(c, n - 1);
    match &e.node {
        ExprKind::Number { .. }
        | ExprKind::Date(_)
        | ExprKind::Text(_)
        | ExprKind::Bool(_)
        | ExprKind::Name(_)
        | ExprKind::SumCredits { .. }
        | ExprKind::Quantifier { .. } => false,
        ExprKind::List(items) => items.iter().any(deeper),
        ExprKind::Call { args, .. } => args.iter().any(deeper),
        ExprKind::Unary { operand, .. } => deeper(operand),
        ExprKind::Binary { lhs, rhs, .. } => deeper(lhs) || deeper(rhs),
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => deeper(cond) || deeper(then) || deeper(otherwise),
        ExprKind::Match { scrutinee, arms } => {
            deeper(scrutinee) || arms.iter().any(|a| deeper(&a.value))
        }
    }
}

/// Where brackets first nest deeper than [`MAX_NESTING`], outside strings and comments.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                // Skip the string, escapes included.
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The words that may start a top-level item (where parsing resumes after an error).
pub const ITEM_KEYWORDS: &[&str] = &[
    "form",
    "policy",
    "unit",
    "const",
    "category",
    "evidence",
    "person",
    "kind",
    "exemption",
    "year",
    "purpose",
];

/// Parses a whole policy file. Returns what could be read and every error found; the
/// file is usable only when the error list is empty.
pub fn parse_policy(text: &str) -> (PolicyFile, Vec<ParseError>) {
    crate::stack::with_big_stack(|| parse_on_this_stack(text))
}

fn parse_on_this_stack(text: &str) -> (PolicyFile, Vec<ParseError>) {
    // Limits first: the parser and the checker recurse over nesting.
    let limit = if text.len() > MAX_POLICY_BYTES {
        Some((ParseErrorKind::TooLarge, Span::new(0, 0)))
    } else {
        too_deep(text).map(|at| (ParseErrorKind::TooDeep, Span::new(at, at + 1)))
    };
    if let Some((kind, span)) = limit {
        return (PolicyFile::default(), vec![ParseError { kind, span }]);
    }
    let lower = Lower {
        errors: RefCell::new(Vec::new()),
        item_start: std::cell::Cell::new(0),
    };
    let mut file = PolicyFile::default();
    let mut offset = 0;
    while offset <= text.len() {
        let rest = &text[offset..];
        match PolicyParser::parse(Rule::next_item, rest) {
            Ok(mut pairs) => {
                let Some(next) = pairs.next() else { break };
                let end = next.as_span().end();
                let mut at_end = false;
                for pair in next.clone().into_inner().flatten() {
                    if pair.as_rule() == Rule::COMMENT {
                        file.comments.push(Comment {
                            text: pair.as_str().trim_end().to_string(),
                            span: span_of(&pair, offset),
                        });
                    }
                }
                lower.item_start.set(offset);
                for pair in next.into_inner() {
                    match pair.as_rule() {
                        Rule::COMMENT => {}
                        Rule::end_of_file => at_end = true,
                        _ => {
                            if let Some(item) = lower.item(pair, offset) {
                                file.items.push(item);
                            }
                        }
                    }
                }
                if at_end || end == 0 {
                    break;
                }
                offset += end;
            }
            Err(error) => {
                let position = match error.location {
                    pest::error::InputLocation::Pos(p) => p,
                    pest::error::InputLocation::Span((s, _)) => s,
                };
                let at = offset + position;
                let expected = match &error.variant {
                    pest::error::ErrorVariant::ParsingError { positives, .. } => {
                        describe_expected(positives)
                    }
                    pest::error::ErrorVariant::CustomError { message } => vec![message.clone()],
                };
                let found = token_at(text, at);
                // At the end of the file, point at the last character written.
                let span = match &found {
                    Some(f) => Span::new(at, at + f.len()),
                    None => {
                        let end = text.trim_end().len();
                        let last = text[..end].chars().next_back().map_or(0, char::len_utf8);
                        Span::new(end - last, end)
                    }
                };
                lower.errors.borrow_mut().push(ParseError {
                    kind: ParseErrorKind::Syntax { expected, found },
                    span,
                });
                match resume_point(text, at) {
                    Some(next) => offset = next,
                    None => break,
                }
            }
        }
    }
    (file, lower.errors.into_inner())
}

/// Start of the next line after `at` that begins with an item keyword.
fn resume_point(text: &str, at: usize) -> Option<usize> {
    let mut search = at;
    while let Some(nl) = text.get(search..)?.find('\n') {
        let line_start = search + nl + 1;
        let line = &text[line_start..];
        let starts_item = ITEM_KEYWORDS.iter().any(|kw| {
            line.starts_with(kw)
                && !line[kw.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        });
        if starts_item {
            return Some(line_start);
        }
        search = line_start;
    }
    None
}

/// The word or symbol at `at`, for "found …" in an error; `None` at the end of the file.
fn token_at(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    let token: String = if first.is_alphanumeric() || first == '_' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .take(40)
            .collect()
    } else if first == '"' {
        let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
        rest[..end].chars().take(40).collect()
    } else {
        first.to_string()
    };
    Some(token)
}

/// The span of a pair, without the whitespace and comments that pest lets a rule ending in
/// an optional part absorb.
fn span_of(pair: &Pair<Rule>, base: usize) -> Span {
    let s = pair.as_span();
    let text = s.as_str();
    let mut end = text.trim_end().len();
    if end < text.len() {
        let comments: Vec<(usize, usize)> = pair
            .clone()
            .into_inner()
            .flatten()
            .filter(|p| p.as_rule() == Rule::COMMENT)
            .map(|p| {
                (
                    p.as_span().start() - s.start(),
                    p.as_span().end() - s.start(),
                )
            })
            .collect();
        while let Some(&(start, _)) = comments.iter().find(|(_, e)| *e == end) {
            end = text[..start].trim_end().len();
        }
    }
    Span::new(base + s.start(), base + s.start() + end)
}

/// How a grammar rule is named in an error message.
enum RuleName {
    /// A keyword, shown in backticks.
    Keyword(&'static str),
    /// An operator; all of them are summarised as "an operator".
    Operator,
    /// A construct described in words.
    Words(&'static str),
    /// A rule that never appears in messages.
    Hidden,
}

/// The human name of every rule. The match is exhaustive: a new grammar rule without a
/// name does not compile.
fn rule_name(rule: Rule) -> RuleName {
    use RuleName::*;
    match rule {
        Rule::EOI | Rule::end_of_file => Words("the end of the file"),
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::next_item
        | Rule::meta
        | Rule::reserved
        | Rule::inline_space
        | Rule::string_char
        | Rule::escape
        | Rule::unit_per
        | Rule::prefix
        | Rule::infix => Hidden,
        Rule::item => Words(
            "an item (`policy`, `unit`, `const`, `category`, `evidence`, `person`, `kind`, `exemption`, `year` or `purpose`)",
        ),
        Rule::kind_stmt | Rule::exemption_stmt | Rule::year_stmt | Rule::purpose_stmt => {
            Words("a statement")
        }
        Rule::field_attr => {
            Words("a field attribute (`required`, `nonempty`, `at least`, `at most`)")
        }
        Rule::type_expr => Words("a type"),
        Rule::primary => Words("a value"),
        Rule::header => Words("a policy header"),
        Rule::header_entry => Words("a header entry such as `version \"1.0\"`"),
        Rule::unit_decl => Words("a unit declaration"),
        Rule::const_decl => Words("a constant"),
        Rule::category_decl => Words("a category"),
        Rule::evidence_decl => Words("an evidence declaration"),
        Rule::person_decl => Words("a person schema"),
        Rule::kind_decl => Words("an activity kind"),
        Rule::exemption_decl => Words("an exemption block"),
        Rule::year_decl => Words("a year block"),
        Rule::purpose_decl => Words("a purpose"),
        Rule::form_decl => Words("a form"),
        Rule::form_stmt => Words("a statement"),
        Rule::form_field => Keyword("field"),
        Rule::k_form => Keyword("form"),
        Rule::k_field => Keyword("field"),
        Rule::citation | Rule::cite_stmt => Keyword("cite"),
        Rule::reading | Rule::reading_stmt => Keyword("reading"),
        Rule::label => Words("a quoted label"),
        Rule::fields_block => Keyword("fields"),
        Rule::field_decl => Words("a field such as `start: date, required`"),
        Rule::attr_required => Keyword("required"),
        Rule::attr_nonempty => Keyword("nonempty"),
        Rule::attr_at_least => Words("`at least`"),
        Rule::attr_at_most => Words("`at most`"),
        Rule::list_type | Rule::enum_type | Rule::named_type => Words("a type"),
        Rule::let_stmt => Keyword("let"),
        Rule::counts_in_stmt | Rule::counts_as_stmt => Keyword("counts"),
        Rule::credit_stmt => Keyword("credit"),
        Rule::cap_stmt => Keyword("cap"),
        Rule::spread_stmt => Keyword("spread"),
        Rule::requires_stmt => Keyword("requires"),
        Rule::evidence_mode => Words("`one of` or `all of`"),
        Rule::mode_one_of => Words("`one of`"),
        Rule::mode_all_of => Words("`all of`"),
        Rule::reject_stmt => Keyword("reject"),
        Rule::invalid_stmt => Keyword("invalid"),
        Rule::covers_stmt => Keyword("covers"),
        Rule::value_stmt => Words("a figure such as `total = sum of credits`"),
        Rule::require_stmt => Keyword("require"),
        Rule::shortfall_stmt => Keyword("shortfall"),
        Rule::window_single => Keyword("year"),
        Rule::window_range => Keyword("years"),
        Rule::passes_stmt => Words("`each year passes when`"),
        Rule::status_stmt => Keyword("status"),
        Rule::status_when => Keyword("when"),
        Rule::status_otherwise => Keyword("otherwise"),
        Rule::expr => Words("an expression"),
        Rule::op_not => Keyword("not"),
        Rule::op_neg => Words("`-`"),
        Rule::op_or
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_not_in
        | Rule::op_in
        | Rule::op_otherwise
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div => Operator,
        Rule::paren => Keyword("("),
        Rule::if_expr => Keyword("if"),
        Rule::match_expr => Keyword("match"),
        Rule::match_arm | Rule::match_pattern => Words("a match arm such as `\"a\" => 1`"),
        Rule::match_else => Keyword("else"),
        Rule::sum_expr => Words("`sum of credits`"),
        Rule::quantifier => Words("`every year passes`"),
        Rule::call => Words("a function call"),
        Rule::quantity | Rule::number => Words("a number"),
        Rule::unit | Rule::unit_name => Words("a unit"),
        Rule::list => Words("a list `[…]`"),
        Rule::boolean => Words("`true` or `false`"),
        Rule::name | Rule::ident => Words("a name"),
        Rule::date => Words("a date such as `2022-07-01`"),
        Rule::string | Rule::string_body => Words("a quoted string"),
        Rule::k_policy => Keyword("policy"),
        Rule::k_unit => Keyword("unit"),
        Rule::k_const => Keyword("const"),
        Rule::k_category => Keyword("category"),
        Rule::k_evidence => Keyword("evidence"),
        Rule::k_person => Keyword("person"),
        Rule::k_kind => Keyword("kind"),
        Rule::k_exemption => Keyword("exemption"),
        Rule::k_year => Keyword("year"),
        Rule::k_years => Keyword("years"),
        Rule::k_purpose => Keyword("purpose"),
        Rule::k_cite => Keyword("cite"),
        Rule::k_reading => Keyword("reading"),
        Rule::k_en => Keyword("en"),
        Rule::k_fields => Keyword("fields"),
        Rule::k_required => Keyword("required"),
        Rule::k_nonempty => Keyword("nonempty"),
        Rule::k_at => Keyword("at"),
        Rule::k_least => Keyword("least"),
        Rule::k_most => Keyword("most"),
        Rule::k_list => Keyword("list"),
        Rule::k_of => Keyword("of"),
        Rule::k_one => Keyword("one"),
        Rule::k_all => Keyword("all"),
        Rule::k_let => Keyword("let"),
        Rule::k_counts => Keyword("counts"),
        Rule::k_as => Keyword("as"),
        Rule::k_credit => Keyword("credit"),
        Rule::k_credits => Keyword("credits"),
        Rule::k_cap => Keyword("cap"),
        Rule::k_spread => Keyword("spread"),
        Rule::k_over => Keyword("over"),
        Rule::k_each => Keyword("each"),
        Rule::k_requires => Keyword("requires"),
        Rule::k_reject => Keyword("reject"),
        Rule::k_invalid => Keyword("invalid"),
        Rule::k_when => Keyword("when"),
        Rule::k_covers => Keyword("covers"),
        Rule::k_require => Keyword("require"),
        Rule::k_shortfall => Keyword("shortfall"),
        Rule::k_to => Keyword("to"),
        Rule::k_passes => Keyword("passes"),
        Rule::k_status => Keyword("status"),
        Rule::k_otherwise => Keyword("otherwise"),
        Rule::k_not => Keyword("not"),
        Rule::k_in => Keyword("in"),
        Rule::k_or => Keyword("or"),
        Rule::k_and => Keyword("and"),
        Rule::k_if => Keyword("if"),
        Rule::k_then => Keyword("then"),
        Rule::k_else => Keyword("else"),
        Rule::k_match => Keyword("match"),
        Rule::k_sum => Keyword("sum"),
        Rule::k_every => Keyword("every"),
        Rule::k_some => Keyword("some"),
        Rule::k_per => Keyword("per"),
        Rule::k_true => Keyword("true"),
        Rule::k_false => Keyword("false"),
        Rule::lbrace => Keyword("{"),
        Rule::rbrace => Keyword("}"),
        Rule::lparen => Keyword("("),
        Rule::rparen => Keyword(")"),
        Rule::lbracket => Keyword("["),
        Rule::rbracket => Keyword("]"),
        Rule::arrow => Keyword("=>"),
        Rule::colon => Keyword(":"),
        Rule::comma => Keyword(","),
        Rule::equals => Keyword("="),
    }
}

/// Whether a rule is a keyword or punctuation: a token that carries no value of its own.
fn is_token(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::arrow
            | Rule::colon
            | Rule::comma
            | Rule::equals
            | Rule::k_policy
            | Rule::k_unit
            | Rule::k_const
            | Rule::k_category
            | Rule::k_evidence
            | Rule::k_person
            | Rule::k_kind
            | Rule::k_exemption
            | Rule::k_year
            | Rule::k_years
            | Rule::k_purpose
            | Rule::k_form
            | Rule::k_field
            | Rule::k_cite
            | Rule::k_reading
            | Rule::k_en
            | Rule::k_fields
            | Rule::k_required
            | Rule::k_nonempty
            | Rule::k_at
            | Rule::k_least
            | Rule::k_most
            | Rule::k_list
            | Rule::k_of
            | Rule::k_one
            | Rule::k_all
            | Rule::k_let
            | Rule::k_counts
            | Rule::k_as
            | Rule::k_credit
            | Rule::k_credits
            | Rule::k_cap
            | Rule::k_spread
            | Rule::k_over
            | Rule::k_each
            | Rule::k_requires
            | Rule::k_reject
            | Rule::k_invalid
            | Rule::k_when
            | Rule::k_covers
            | Rule::k_require
            | Rule::k_shortfall
            | Rule::k_to
            | Rule::k_passes
            | Rule::k_status
            | Rule::k_otherwise
            | Rule::k_not
            | Rule::k_in
            | Rule::k_or
            | Rule::k_and
            | Rule::k_if
            | Rule::k_then
            | Rule::k_else
            | Rule::k_match
            | Rule::k_sum
            | Rule::k_every
            | Rule::k_some
            | Rule::k_per
            | Rule::k_true
            | Rule::k_false
    )
}

/// Turns pest's list of expected rules into words, operators summarised, duplicates removed.
fn describe_expected(rules: &[Rule]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut operator = false;
    for rule in rules {
        let text = match rule_name(*rule) {
            RuleName::Keyword(k) => format!("`{k}`"),
            RuleName::Words(w) => w.to_string(),
            RuleName::Operator => {
                operator = true;
                continue;
            }
            RuleName::Hidden => continue,
        };
        if !words.contains(&text) {
            words.push(text);
        }
    }
    if operator {
        words.push("an operator".to_string());
    }
    words
}

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_not_in, Assoc::Left))
        .op(Op::infix(Rule::op_otherwise, Assoc::Right))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

/// Lowers pest pairs into AST nodes, collecting the errors that the grammar cannot see
/// (dates that do not exist, numbers too large). `base` is the byte offset of the text the
/// pairs were parsed from.
struct Lower {
    errors: RefCell<Vec<ParseError>>,
    /// Where the item being lowered starts.
    item_start: std::cell::Cell<usize>,
}

impl Lower {
    /// Records a limit error, once per item: the levels around a too-deep expression would
    /// each report it again.
    fn limit(&self, kind: ParseErrorKind, span: Span) {
        let mut errors = self.errors.borrow_mut();
        let repeated = errors.last().is_some_and(|e| {
            matches!(
                e.kind,
                ParseErrorKind::TooDeep | ParseErrorKind::TooManyOperators
            ) && e.span.start >= self.item_start.get()
        });
        if !repeated {
            errors.push(ParseError { kind, span });
        }
    }
}

/// The children of a pair that carry meaning: comments and keywords are left out.
fn parts(pair: Pair<'_, Rule>) -> Vec<Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| p.as_rule() != Rule::COMMENT && !is_token(p.as_rule()))
        .collect()
}

impl Lower {
    fn item(&self, pair: Pair<Rule>, base: usize) -> Option<Spanned<Item>> {
        let span = span_of(&pair, base);
        let rule = pair.as_rule();
        let p = parts(pair);
        let item = match rule {
            Rule::header => {
                let name = self.string(p.first()?, base);
                let entries = p[1..]
                    .iter()
                    .filter_map(|e| self.header_entry(e.clone(), base))
                    .collect();
                Item::Header(Header { name, entries })
            }
            Rule::unit_decl => {
                let singular = self.ident(p.first()?, base);
                let mut plural = None;
                let mut label = None;
                for q in &p[1..] {
                    match q.as_rule() {
                        Rule::ident => plural = Some(self.ident(q, base)),
                        Rule::label => label = Some(self.label(q.clone(), base)),
                        _ => {}
                    }
                }
                Item::Unit(UnitDecl {
                    singular,
                    plural,
                    label,
                })
            }
            Rule::const_decl => Item::Const(ConstDecl {
                name: self.ident(p.first()?, base),
                value: self.expr(p.get(1)?.clone(), base),
                meta: self.meta(p.get(2)?.clone(), base),
            }),
            Rule::category_decl => {
                let name = self.ident(p.first()?, base);
                let mut label = None;
                let mut meta = Meta::default();
                for q in &p[1..] {
                    match q.as_rule() {
                        Rule::label => label = Some(self.label(q.clone(), base)),
                        Rule::meta => meta = self.meta(q.clone(), base),
                        _ => {}
                    }
                }
                Item::Category(CategoryDecl { name, label, meta })
            }
            Rule::evidence_decl => {
                let mut names = Vec::new();
                let mut meta = Meta::default();
                for q in p {
                    match q.as_rule() {
                        Rule::string => names.push(self.string(&q, base)),
                        Rule::meta => meta = self.meta(q, base),
                        _ => {}
                    }
                }
                Item::Evidence(EvidenceDecl { names, meta })
            }
            Rule::person_decl => Item::Person(PersonDecl {
                fields: p.into_iter().map(|f| self.field(f, base)).collect(),
            }),
            Rule::kind_decl => {
                let name = self.ident(p.first()?, base);
                let (label, body) = self.labelled_body(&p[1..], base);
                Item::Kind(KindDecl { name, label, body })
            }
            Rule::exemption_decl => {
                let (label, body) = self.labelled_body(&p, base);
                Item::Exemption(ExemptionDecl { label, body })
            }
            Rule::year_decl => Item::Year(YearDecl {
                body: p.into_iter().filter_map(|s| self.stmt(s, base)).collect(),
            }),
            Rule::purpose_decl => {
                let name = self.ident(p.first()?, base);
                let (label, body) = self.labelled_body(&p[1..], base);
                Item::Purpose(PurposeDecl { name, label, body })
            }
            Rule::form_decl => {
                let name = self.ident(p.first()?, base);
                let (label, body) = self.labelled_body(&p[1..], base);
                Item::Form(FormDecl { name, label, body })
            }
            _ => return None,
        };
        Some(Spanned::new(item, span))
    }

    fn labelled_body(&self, p: &[Pair<Rule>], base: usize) -> (Option<Label>, Vec<Spanned<Stmt>>) {
        let mut label = None;
        let mut body = Vec::new();
        for q in p {
            if q.as_rule() == Rule::label {
                label = Some(self.label(q.clone(), base));
            } else if let Some(stmt) = self.stmt(q.clone(), base) {
                body.push(stmt);
            }
        }
        (label, body)
    }

    fn header_entry(&self, pair: Pair<Rule>, base: usize) -> Option<HeaderEntry> {
        let p = parts(pair);
        let key = self.ident(p.first()?, base);
        let v = p.get(1)?;
        let value = match v.as_rule() {
            Rule::date => HeaderValue::Date(self.date(v, base)),
            _ => HeaderValue::Text(self.string(v, base).node),
        };
        Some(HeaderEntry {
            key,
            value: Spanned::new(value, span_of(v, base)),
        })
    }

    fn stmt(&self, pair: Pair<Rule>, base: usize) -> Option<Spanned<Stmt>> {
        let rule = pair.as_rule();
        let whole = span_of(&pair, base);
        let p = parts(pair);
        // A rule's span stops before its citation: diagnostics point at the rule itself.
        let span = match p.iter().rev().find(|q| q.as_rule() != Rule::meta) {
            Some(last) if rule != Rule::cite_stmt && rule != Rule::reading_stmt => {
                Span::new(whole.start, span_of(last, base).end)
            }
            _ => whole,
        };
        let meta_at = |i: usize| -> Meta {
            p.get(i)
                .filter(|m| m.as_rule() == Rule::meta)
                .map(|m| self.meta(m.clone(), base))
                .unwrap_or_default()
        };
        let stmt = match rule {
            Rule::cite_stmt => Stmt::Cite(self.citation(p.first()?.clone(), base)),
            Rule::reading_stmt => Stmt::Reading(self.reading(p.first()?.clone(), base)),
            Rule::fields_block => {
                Stmt::Fields(p.into_iter().map(|f| self.field(f, base)).collect())
            }
            Rule::let_stmt => Stmt::Let {
                name: self.ident(p.first()?, base),
                value: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::counts_in_stmt => Stmt::CountsIn {
                year: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::counts_as_stmt => Stmt::CountsAs {
                category: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::credit_stmt => Stmt::Credit {
                formula: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::cap_stmt => Stmt::Cap {
                limit: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::spread_stmt => Stmt::Spread {
                over: self.expr(p.first()?.clone(), base),
                per_year: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::requires_stmt => {
                let mode_pair = parts(p.first()?.clone());
                let mode = match mode_pair.first().map(|m| m.as_rule()) {
                    Some(Rule::mode_all_of) => EvidenceMode::AllOf,
                    _ => EvidenceMode::OneOf,
                };
                let names = p
                    .iter()
                    .filter(|q| q.as_rule() == Rule::string)
                    .map(|q| self.string(q, base))
                    .collect();
                let meta = p
                    .iter()
                    .find(|q| q.as_rule() == Rule::meta)
                    .map(|m| self.meta(m.clone(), base))
                    .unwrap_or_default();
                Stmt::Requires { mode, names, meta }
            }
            Rule::reject_stmt => Stmt::Reject {
                when: self.expr(p.first()?.clone(), base),
                reason: self.label(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::invalid_stmt => {
                let when = self.expr(p.first()?.clone(), base);
                let message = self.label(p.get(1)?.clone(), base);
                let mut at = None;
                let mut meta = Meta::default();
                for q in &p[2..] {
                    match q.as_rule() {
                        Rule::ident => at = Some(self.ident(q, base)),
                        Rule::meta => meta = self.meta(q.clone(), base),
                        _ => {}
                    }
                }
                Stmt::Invalid {
                    when,
                    message,
                    at,
                    meta,
                }
            }
            Rule::covers_stmt => Stmt::Covers {
                years: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::value_stmt => {
                let labelled = p.get(1).is_some_and(|q| q.as_rule() == Rule::label);
                let at = usize::from(labelled);
                Stmt::Value {
                    name: self.ident(p.first()?, base),
                    label: labelled
                        .then(|| p.get(1).map(|l| self.label(l.clone(), base)))
                        .flatten(),
                    value: self.expr(p.get(1 + at)?.clone(), base),
                    meta: meta_at(2 + at),
                }
            }
            Rule::require_stmt => Stmt::Require {
                condition: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::shortfall_stmt => Stmt::Shortfall {
                value: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::window_single => Stmt::Year {
                year: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::window_range => Stmt::Years {
                from: self.expr(p.first()?.clone(), base),
                to: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::passes_stmt => Stmt::Passes {
                when: self.expr(p.first()?.clone(), base),
                meta: meta_at(1),
            },
            Rule::form_field => Stmt::FormField {
                label: self.string(p.first()?, base),
                value: self.expr(p.get(1)?.clone(), base),
                meta: meta_at(2),
            },
            Rule::status_stmt => {
                let label = self.ident(p.first()?, base);
                let labelled = p.get(1).is_some_and(|q| q.as_rule() == Rule::label);
                let at = usize::from(labelled);
                let display = labelled
                    .then(|| p.get(1).map(|l| self.label(l.clone(), base)))
                    .flatten();
                let condition = p.get(1 + at)?;
                let when = match condition.as_rule() {
                    Rule::status_when => {
                        let inner = parts(condition.clone());
                        Some(self.expr(inner.first()?.clone(), base))
                    }
                    _ => None,
                };
                Stmt::Status {
                    label,
                    display,
                    when,
                    meta: meta_at(2 + at),
                }
            }
            _ => return None,
        };
        Some(Spanned::new(stmt, span))
    }

    fn meta(&self, pair: Pair<Rule>, base: usize) -> Meta {
        let mut meta = Meta::default();
        for q in parts(pair) {
            match q.as_rule() {
                Rule::citation => meta.cite = Some(self.citation(q, base)),
                Rule::reading => meta.reading = Some(self.reading(q, base)),
                _ => {}
            }
        }
        meta
    }

    fn citation(&self, pair: Pair<Rule>, base: usize) -> Spanned<Citation> {
        let span = span_of(&pair, base);
        let p = parts(pair);
        let clause = p
            .first()
            .map(|c| self.string(c, base))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let quote = p.get(1).map(|q| self.string(q, base));
        Spanned::new(Citation { clause, quote }, span)
    }

    fn reading(&self, pair: Pair<Rule>, base: usize) -> Label {
        let span = span_of(&pair, base);
        match parts(pair).into_iter().next() {
            Some(label) => self.label(label, base),
            None => Label {
                text: Spanned::new(String::new(), span),
                en: None,
            },
        }
    }

    fn label(&self, pair: Pair<Rule>, base: usize) -> Label {
        let span = span_of(&pair, base);
        let p = parts(pair);
        let text = p
            .first()
            .map(|s| self.string(s, base))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let en = p.get(1).map(|s| self.string(s, base));
        Label { text, en }
    }

    fn field(&self, pair: Pair<Rule>, base: usize) -> Spanned<FieldDecl> {
        let span = span_of(&pair, base);
        let p = parts(pair);
        let name = p
            .first()
            .map(|n| self.ident(n, base))
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        let ty = p
            .get(1)
            .map(|t| self.type_expr(t.clone(), base))
            .unwrap_or_else(|| {
                Spanned::new(
                    TypeExpr::Named {
                        name: Spanned::new(String::new(), span),
                        unit: None,
                    },
                    span,
                )
            });
        let attrs = p
            .iter()
            .skip(2)
            .map(|a| {
                let aspan = span_of(a, base);
                let attr = match a.as_rule() {
                    Rule::attr_required => FieldAttr::Required,
                    Rule::attr_nonempty => FieldAttr::NonEmpty,
                    Rule::attr_at_least => match parts(a.clone()).into_iter().next() {
                        Some(e) => FieldAttr::AtLeast(self.expr(e, base)),
                        None => FieldAttr::Required,
                    },
                    _ => match parts(a.clone()).into_iter().next() {
                        Some(e) => FieldAttr::AtMost(self.expr(e, base)),
                        None => FieldAttr::Required,
                    },
                };
                Spanned::new(attr, aspan)
            })
            .collect();
        Spanned::new(FieldDecl { name, ty, attrs }, span)
    }

    fn type_expr(&self, pair: Pair<Rule>, base: usize) -> Spanned<TypeExpr> {
        let span = span_of(&pair, base);
        let rule = pair.as_rule();
        let p = parts(pair);
        let ty = match rule {
            Rule::list_type => match p.into_iter().next() {
                Some(inner) => TypeExpr::List(Box::new(self.type_expr(inner, base))),
                None => TypeExpr::OneOf(Vec::new()),
            },
            Rule::enum_type => TypeExpr::OneOf(p.iter().map(|s| self.string(s, base)).collect()),
            _ => TypeExpr::Named {
                name: p
                    .first()
                    .map(|n| self.ident(n, base))
                    .unwrap_or_else(|| Spanned::new(String::new(), span)),
                unit: p.get(1).map(|u| self.ident(u, base)),
            },
        };
        Spanned::new(ty, span)
    }

    fn ident(&self, pair: &Pair<Rule>, base: usize) -> Ident {
        Spanned::new(pair.as_str().to_string(), span_of(pair, base))
    }

    fn string(&self, pair: &Pair<Rule>, base: usize) -> Str {
        let span = span_of(pair, base);
        let raw = pair.as_str();
        let body = raw
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(raw);
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => self.errors.borrow_mut().push(ParseError {
                            kind: ParseErrorKind::InvalidEscape(format!("\\u{{{hex}}}")),
                            span,
                        }),
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        Spanned::new(out, span)
    }

    fn date(&self, pair: &Pair<Rule>, base: usize) -> NaiveDate {
        NaiveDate::parse_from_str(pair.as_str(), "%Y-%m-%d").unwrap_or_else(|_| {
            self.errors.borrow_mut().push(ParseError {
                kind: ParseErrorKind::InvalidDate(pair.as_str().to_string()),
                span: span_of(pair, base),
            });
            NaiveDate::MIN
        })
    }

    fn expr(&self, pair: Pair<Rule>, base: usize) -> Expr {
        if pair.as_rule() != Rule::expr {
            return self.primary(pair, base);
        }
        let span = span_of(&pair, base);
        let pairs: Vec<Pair<Rule>> = pair
            .into_inner()
            .filter(|p| p.as_rule() != Rule::COMMENT)
            .collect();
        // Operators nest: too many in one expression would exhaust the stack downstream.
        let operators = pairs
            .iter()
            .filter(|p| {
                !matches!(
                    rule_name(p.as_rule()),
                    RuleName::Words(_) | RuleName::Hidden
                )
            })
            .count();
        if operators > MAX_OPERATORS {
            self.limit(
                ParseErrorKind::TooManyOperators,
                Span::new(span.start, span.start + 1),
            );
            return Spanned::new(ExprKind::Bool(false), span);
        }
        let expr = PRATT
            .map_primary(|p| self.primary(p, base))
            .map_prefix(|op, operand| {
                let op_span = span_of(&op, base);
                let op = match op.as_rule() {
                    Rule::op_not => UnaryOp::Not,
                    _ => UnaryOp::Neg,
                };
                let span = op_span.join(operand.span);
                Spanned::new(
                    ExprKind::Unary {
                        op,
                        operand: Box::new(operand),
                    },
                    span,
                )
            })
            .map_infix(|lhs, op, rhs| {
                let op = match op.as_rule() {
                    Rule::op_or => BinaryOp::Or,
                    Rule::op_and => BinaryOp::And,
                    Rule::op_eq => BinaryOp::Eq,
                    Rule::op_ne => BinaryOp::Ne,
                    Rule::op_lt => BinaryOp::Lt,
                    Rule::op_le => BinaryOp::Le,
                    Rule::op_gt => BinaryOp::Gt,
                    Rule::op_ge => BinaryOp::Ge,
                    Rule::op_in => BinaryOp::In,
                    Rule::op_not_in => BinaryOp::NotIn,
                    Rule::op_otherwise => BinaryOp::Otherwise,
                    Rule::op_add => BinaryOp::Add,
                    Rule::op_sub => BinaryOp::Sub,
                    Rule::op_mul => BinaryOp::Mul,
                    _ => BinaryOp::Div,
                };
                let span = lhs.span.join(rhs.span);
                Spanned::new(
                    ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                )
            })
            .parse(pairs.into_iter());
        // Inner expressions were bounded as they were lowered, so this tree is at most one
        // level of operators deeper than the bound.
        if deeper_than(&expr, MAX_DEPTH) {
            self.limit(
                ParseErrorKind::TooDeep,
                Span::new(span.start, span.start + 1),
            );
            return Spanned::new(ExprKind::Bool(false), span);
        }
        expr
    }

    fn primary(&self, pair: Pair<Rule>, base: usize) -> Expr {
        let span = span_of(&pair, base);
        let rule = pair.as_rule();
        let text = pair.as_str();
        let kind = match rule {
            Rule::paren => match parts(pair).into_iter().next() {
                Some(inner) => return self.expr(inner, base),
                None => ExprKind::Bool(false),
            },
            Rule::if_expr => {
                let mut p = parts(pair)
                    .into_iter()
                    .map(|e| Box::new(self.expr(e, base)));
                match (p.next(), p.next(), p.next()) {
                    (Some(cond), Some(then), Some(otherwise)) => ExprKind::If {
                        cond,
                        then,
                        otherwise,
                    },
                    _ => ExprKind::Bool(false),
                }
            }
            Rule::match_expr => {
                let mut p = parts(pair).into_iter();
                let scrutinee = match p.next() {
                    Some(s) => Box::new(self.expr(s, base)),
                    None => Box::new(Spanned::new(ExprKind::Bool(false), span)),
                };
                let arms = p.map(|arm| self.match_arm(arm, base)).collect();
                ExprKind::Match { scrutinee, arms }
            }
            Rule::sum_expr => ExprKind::SumCredits {
                category: parts(pair).first().map(|c| self.ident(c, base)),
            },
            Rule::quantifier => ExprKind::Quantifier {
                every: text.trim_start().starts_with("every"),
            },
            Rule::call => {
                let mut p = parts(pair).into_iter();
                match p.next() {
                    Some(func) => ExprKind::Call {
                        func: self.ident(&func, base),
                        args: p.map(|a| self.expr(a, base)).collect(),
                    },
                    None => ExprKind::Bool(false),
                }
            }
            Rule::date => ExprKind::Date(self.date(&pair, base)),
            Rule::quantity => {
                let mut p = parts(pair).into_iter();
                let number = p.next();
                let digits = number.as_ref().map_or("0", |n| n.as_str()).to_string();
                let value = match Number::parse_decimal(&digits) {
                    Ok(v) => v,
                    Err(NumberSyntaxError::TooLarge | NumberSyntaxError::Malformed) => {
                        self.errors.borrow_mut().push(ParseError {
                            kind: ParseErrorKind::NumberTooLarge(digits.clone()),
                            span,
                        });
                        Number::ZERO
                    }
                };
                let unit = p.next().map(|u| self.unit(u, base));
                ExprKind::Number {
                    value,
                    text: digits,
                    unit,
                }
            }
            Rule::string => ExprKind::Text(self.string(&pair, base).node),
            Rule::list => ExprKind::List(
                parts(pair)
                    .into_iter()
                    .map(|e| self.expr(e, base))
                    .collect(),
            ),
            Rule::boolean => ExprKind::Bool(text.trim() == "true"),
            Rule::name => ExprKind::Name(text.trim().to_string()),
            Rule::expr => return self.expr(pair, base),
            _ => ExprKind::Name(text.to_string()),
        };
        Spanned::new(kind, span)
    }

    fn match_arm(&self, pair: Pair<Rule>, base: usize) -> Spanned<MatchArm> {
        let span = span_of(&pair, base);
        let mut patterns = None;
        let mut value = Spanned::new(ExprKind::Bool(false), span);
        for q in parts(pair) {
            match q.as_rule() {
                Rule::match_pattern => {
                    patterns = Some(parts(q).iter().map(|s| self.string(s, base)).collect())
                }
                Rule::match_else => {}
                _ => value = self.expr(q, base),
            }
        }
        Spanned::new(MatchArm { patterns, value }, span)
    }

    fn unit(&self, pair: Pair<Rule>, base: usize) -> Spanned<UnitExpr> {
        let span = span_of(&pair, base);
        let mut names = parts(pair).into_iter().map(|u| {
            let s = span_of(&u, base);
            Spanned::new(u.as_str().trim().to_string(), s)
        });
        let numer = names
            .next()
            .unwrap_or_else(|| Spanned::new(String::new(), span));
        Spanned::new(
            UnitExpr {
                numer,
                denoms: names.collect(),
            },
            span,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> PolicyFile {
        let (file, errors) = parse_policy(text);
        assert!(errors.is_empty(), "{errors:#?}");
        file
    }

    fn expr_of(text: &str) -> ExprKind {
        let file = parse_ok(&format!("const x = {text}"));
        match &file.items[0].node {
            Item::Const(c) => c.value.node.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn units_attach_to_numbers() {
        match expr_of("8 hours/day * days(start, end)") {
            ExprKind::Binary {
                op: BinaryOp::Mul,
                lhs,
                rhs,
            } => {
                match &lhs.node {
                    ExprKind::Number { unit: Some(u), .. } => {
                        assert_eq!(u.numer.node, "hours");
                        assert_eq!(u.denoms[0].node, "day");
                    }
                    other => panic!("{other:?}"),
                }
                assert!(matches!(rhs.node, ExprKind::Call { .. }));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fraction_is_a_division() {
        assert!(matches!(
            expr_of("2/3"),
            ExprKind::Binary {
                op: BinaryOp::Div,
                ..
            }
        ));
    }

    #[test]
    fn precedence_follows_the_table() {
        // a or b and not c == d + e * f  ≡  a or (b and (not (c == (d + (e * f)))))
        let ExprKind::Binary { op, rhs, .. } = expr_of("a or b and not c == d + e * f") else {
            panic!()
        };
        assert_eq!(op, BinaryOp::Or);
        let ExprKind::Binary { op, rhs, .. } = &rhs.node else {
            panic!()
        };
        assert_eq!(*op, BinaryOp::And);
        let ExprKind::Unary { op, operand } = &rhs.node else {
            panic!()
        };
        assert_eq!(*op, UnaryOp::Not);
        assert!(matches!(
            operand.node,
            ExprKind::Binary {
                op: BinaryOp::Eq,
                ..
            }
        ));
    }

    #[test]
    fn a_unit_does_not_swallow_the_next_line() {
        let file = parse_ok("const a = 90\nunit hour, hours \"学时\"\n");
        assert_eq!(file.items.len(), 2);
    }

    #[test]
    fn keywords_need_a_word_boundary() {
        let (_, errors) = parse_policy("kindtraining { }");
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn errors_in_several_items_are_all_reported() {
        let text = "const a = = 1\nconst b = 2\nkind k { credit }\nconst c = 3\n";
        let (file, errors) = parse_policy(text);
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert_eq!(file.items.len(), 2);
    }

    #[test]
    fn comments_are_collected() {
        let file = parse_ok("# top\nconst a = 1 # trailing\n# end\n");
        let texts: Vec<_> = file.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["# top", "# trailing", "# end"]);
    }

    #[test]
    fn impossible_dates_are_errors() {
        let (_, errors) = parse_policy("policy \"p\" { effective 2022-02-30 }");
        assert!(matches!(errors[0].kind, ParseErrorKind::InvalidDate(_)));
    }

    #[test]
    fn chinese_identifiers_and_strings() {
        let file = parse_ok("const 年度学时 = 90 学时\nevidence \"培训证\", \"结业证\"\n");
        assert_eq!(file.items.len(), 2);
    }
}
#[cfg(test)]
mod shipped_policy {
    #[test]
    fn shipped_policy_parses() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policies/notice-2022.policy"
        ))
        .unwrap();
        let (file, errors) = super::parse_policy(&text);
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(file.items.len() > 20, "{}", file.items.len());
    }
}
