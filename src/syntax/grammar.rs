//! The grammar: pest's parser derived from `grammar/policy.pest`, and the span of a parse
//! pair. Only this folder sees pest's `Rule`: the item loop (`parse`), the wording of
//! syntax errors (`recover`) and the lowering to the AST (`lower`).

use crate::source::Span;
use pest::iterators::Pair;

/// The parser pest derives from the grammar file.
#[derive(pest_derive::Parser)]
#[grammar = "grammar/policy.pest"]
pub(super) struct PolicyParser;

/// The span of a pair, without the whitespace and comments that pest lets a rule ending in
/// an optional part absorb.
pub(super) fn span_of(pair: &Pair<Rule>, base: usize) -> Span {
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
