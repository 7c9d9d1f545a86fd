//! Syntax errors and the recovery from them: pest's failure turned into a [`ParseError`]
//! (the expected rules named without a language, the token found, the span to point at),
//! and the point where reading resumes, so that one run reports the mistakes of every item.

use super::error::{Construct, Expected, ParseError, ParseErrorKind};
use super::grammar::Rule;
use crate::messages::Msg;
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
        // Only a call limit makes pest raise one, and none is set; its message is pest's own
        // English, so the error says only what was found.
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
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
    /// A keyword or symbol, shown in backticks.
    Keyword(&'static str),
    /// A phrase of code of several words (`` `one of` ``), shown in backticks like a keyword.
    Code(&'static str),
    /// An operator; all of them are summarised as one.
    Operator,
    /// A construct described in words, by the message key of its words.
    Words(Msg),
    /// A rule that never appears in messages.
    Hidden,
}

/// The human name of every rule. The match is exhaustive: a new grammar rule without a
/// name does not compile.
pub(super) fn rule_name(rule: Rule) -> RuleName {
    use RuleName::*;
    match rule {
        Rule::EOI | Rule::end_of_file => Words(Msg::ExpectEndOfFile),
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
        Rule::item => Words(Msg::ExpectItem),
        Rule::kind_stmt | Rule::exemption_stmt | Rule::year_stmt | Rule::purpose_stmt => {
            Words(Msg::ExpectStatement)
        }
        Rule::field_attr => Words(Msg::ExpectFieldAttribute),
        Rule::type_expr => Words(Msg::ExpectType),
        Rule::primary => Words(Msg::ExpectValue),
        Rule::header => Words(Msg::ExpectHeader),
        Rule::header_entry => Words(Msg::ExpectHeaderEntry),
        Rule::unit_decl => Words(Msg::ExpectUnitDecl),
        Rule::const_decl => Words(Msg::ExpectConstant),
        Rule::category_decl => Words(Msg::ExpectCategory),
        Rule::category_cap => Code("at most … each year"),
        Rule::evidence_decl => Words(Msg::ExpectEvidenceDecl),
        Rule::person_decl => Words(Msg::ExpectPersonSchema),
        Rule::kind_decl => Words(Msg::ExpectKind),
        Rule::exemption_decl => Words(Msg::ExpectExemptionBlock),
        Rule::year_decl => Words(Msg::ExpectYearBlock),
        Rule::purpose_decl => Words(Msg::ExpectPurpose),
        Rule::form_decl => Words(Msg::ExpectForm),
        Rule::form_stmt => Words(Msg::ExpectStatement),
        Rule::form_field => Keyword("field"),
        Rule::k_form => Keyword("form"),
        Rule::k_field => Keyword("field"),
        Rule::citation | Rule::cite_stmt => Keyword("cite"),
        Rule::reading | Rule::reading_stmt => Keyword("reading"),
        Rule::label => Words(Msg::ExpectLabel),
        Rule::fields_block => Keyword("fields"),
        Rule::field_decl => Words(Msg::ExpectField),
        Rule::attr_required => Keyword("required"),
        Rule::attr_nonempty => Keyword("nonempty"),
        Rule::attr_at_least => Code("at least"),
        Rule::attr_at_most => Code("at most"),
        Rule::attr_identity => Code("the id"),
        Rule::list_type | Rule::enum_type | Rule::named_type => Words(Msg::ExpectType),
        Rule::let_stmt => Keyword("let"),
        Rule::counts_in_stmt | Rule::counts_as_stmt => Keyword("counts"),
        Rule::credit_stmt => Keyword("credit"),
        Rule::cap_stmt => Keyword("cap"),
        Rule::spread_stmt => Keyword("spread"),
        Rule::requires_stmt => Keyword("requires"),
        Rule::evidence_mode => Words(Msg::ExpectEvidenceMode),
        Rule::mode_one_of => Code("one of"),
        Rule::mode_all_of => Code("all of"),
        Rule::reject_stmt => Keyword("reject"),
        Rule::invalid_stmt => Keyword("invalid"),
        Rule::covers_stmt => Keyword("covers"),
        Rule::value_stmt => Words(Msg::ExpectFigure),
        Rule::require_stmt => Keyword("require"),
        Rule::shortfall_stmt => Keyword("shortfall"),
        Rule::make_up => Code("least credits in … that make the year compliant"),
        Rule::window_single => Keyword("year"),
        Rule::window_range => Keyword("years"),
        Rule::passes_stmt => Code("each year passes when"),
        Rule::periods_stmt => Code("periods of … years"),
        Rule::period_years => Keyword("years"),
        Rule::k_periods => Keyword("periods"),
        Rule::k_period => Keyword("period"),
        Rule::k_previous => Keyword("previous"),
        Rule::previous => Code("previous year"),
        Rule::status_stmt => Keyword("status"),
        Rule::status_when => Keyword("when"),
        Rule::status_otherwise => Keyword("otherwise"),
        Rule::expr => Words(Msg::ExpectExpression),
        Rule::op_not => Keyword("not"),
        Rule::op_neg => Code("-"),
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
        Rule::match_arm | Rule::match_pattern => Words(Msg::ExpectMatchArm),
        Rule::match_else => Keyword("else"),
        Rule::sum_expr => Code("sum of credits"),
        Rule::window_agg | Rule::window_fn | Rule::window_credits => {
            Words(Msg::ExpectFigureOverYears)
        }
        Rule::window_count => Code("count of years where …"),
        Rule::quantifier => Code("every year passes"),
        Rule::call => Words(Msg::ExpectCall),
        Rule::quantity | Rule::number => Words(Msg::ExpectNumber),
        Rule::unit | Rule::unit_name => Words(Msg::ExpectUnit),
        Rule::rate_per => Words(Msg::ExpectRate),
        Rule::list => Words(Msg::ExpectList),
        Rule::boolean => Words(Msg::ExpectBoolean),
        Rule::name | Rule::ident => Words(Msg::ExpectName),
        Rule::date => Words(Msg::ExpectDate),
        Rule::string | Rule::string_body => Words(Msg::ExpectString),
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
        Rule::k_id => Keyword("id"),
        Rule::k_name => Keyword("name"),
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

/// Turns pest's list of expected rules into what is expected, operators summarised,
/// duplicates removed.
fn describe_expected(rules: &[Rule]) -> Vec<Expected> {
    let mut expected: Vec<Expected> = Vec::new();
    let mut operator = false;
    for rule in rules {
        let item = match rule_name(*rule) {
            RuleName::Keyword(k) | RuleName::Code(k) => Expected::Code(k),
            RuleName::Words(w) => Expected::Construct(Construct(w)),
            RuleName::Operator => {
                operator = true;
                continue;
            }
            RuleName::Hidden => continue,
        };
        if !expected.contains(&item) {
            expected.push(item);
        }
    }
    if operator {
        expected.push(Expected::Operator);
    }
    expected
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    /// `text` without its backticked code.
    fn words_only(text: &str) -> String {
        text.split('`').step_by(2).collect()
    }

    #[test]
    fn every_rule_is_named_in_chinese_without_english_words() {
        for &rule in Rule::all_rules() {
            for expected in describe_expected(&[rule]) {
                let zh = expected.words(Lang::Zh);
                assert!(
                    !words_only(&zh).chars().any(|c| c.is_ascii_alphabetic()),
                    "{rule:?} is named `{zh}` in Chinese"
                );
            }
        }
    }

    #[test]
    fn names_are_worded_in_each_language_and_operators_come_last() {
        let expected = describe_expected(&[Rule::op_add, Rule::k_when, Rule::ident, Rule::op_or]);
        let en: Vec<String> = expected.iter().map(|e| e.words(Lang::En)).collect();
        let zh: Vec<String> = expected.iter().map(|e| e.words(Lang::Zh)).collect();
        assert_eq!(en, ["`when`", "a name", "an operator"]);
        assert_eq!(zh, ["`when`", "一个名称", "运算符"]);
    }
}
