//! Syntax errors and the recovery from them: pest's failure turned into a [`ParseError`]
//! (the expected rules named in words, the token found, the span to point at), and the
//! point where reading resumes, so that one run reports the mistakes of every item.

use super::error::{ParseError, ParseErrorKind};
use super::grammar::Rule;
use crate::source::Span;

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

/// The syntax error pest reported for the text from `offset` on, and where reading resumes
/// (`None`: nowhere, the rest of the file is skipped).
pub(super) fn recover(
    text: &str,
    offset: usize,
    error: &pest::error::Error<Rule>,
) -> (ParseError, Option<usize>) {
    let position = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let at = offset + position;
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
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
    let error = ParseError {
        kind: ParseErrorKind::Syntax { expected, found },
        span,
    };
    (error, resume_point(text, at))
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

/// How a grammar rule is named in an error message.
pub(super) enum RuleName {
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
pub(super) fn rule_name(rule: Rule) -> RuleName {
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
        | Rule::postfix
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
        Rule::category_cap => Words("`at most … each year`"),
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
        Rule::make_up => Words("`least credits in … that make the year compliant`"),
        Rule::window_single => Keyword("year"),
        Rule::window_range => Keyword("years"),
        Rule::passes_stmt => Words("`each year passes when`"),
        Rule::periods_stmt => Words("`periods of … years`"),
        Rule::period_years => Keyword("years"),
        Rule::k_periods => Keyword("periods"),
        Rule::k_period => Keyword("period"),
        Rule::k_previous => Keyword("previous"),
        Rule::previous => Words("`previous year`"),
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
        | Rule::op_div
        | Rule::op_is_given
        | Rule::op_is_not_given => Operator,
        Rule::paren => Keyword("("),
        Rule::if_expr => Keyword("if"),
        Rule::match_expr => Keyword("match"),
        Rule::match_arm | Rule::match_pattern => Words("a match arm such as `\"a\" => 1`"),
        Rule::match_else => Keyword("else"),
        Rule::sum_expr => Words("`sum of credits`"),
        Rule::window_agg | Rule::window_fn | Rule::window_credits => {
            Words("a figure over the years such as `sum of total over years`")
        }
        Rule::window_count => Words("`count of years where …`"),
        Rule::quantifier => Words("`every year passes`"),
        Rule::call => Words("a function call"),
        Rule::quantity | Rule::number => Words("a number"),
        Rule::unit | Rule::unit_name => Words("a unit"),
        Rule::rate_per => Words("a rate such as `per 3 hours`"),
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
        Rule::k_that => Keyword("that"),
        Rule::k_make => Keyword("make"),
        Rule::k_the => Keyword("the"),
        Rule::k_compliant => Keyword("compliant"),
        Rule::k_to => Keyword("to"),
        Rule::k_passes => Keyword("passes"),
        Rule::k_status => Keyword("status"),
        Rule::k_otherwise => Keyword("otherwise"),
        Rule::k_not => Keyword("not"),
        Rule::k_is => Keyword("is"),
        Rule::k_given => Keyword("given"),
        Rule::k_in => Keyword("in"),
        Rule::k_or => Keyword("or"),
        Rule::k_and => Keyword("and"),
        Rule::k_if => Keyword("if"),
        Rule::k_then => Keyword("then"),
        Rule::k_else => Keyword("else"),
        Rule::k_match => Keyword("match"),
        Rule::k_sum => Keyword("sum"),
        Rule::k_min => Keyword("min"),
        Rule::k_max => Keyword("max"),
        Rule::k_count => Keyword("count"),
        Rule::k_where => Keyword("where"),
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
