//! The answers of the language server, each from the document's current text: its
//! diagnostics, and the replies to hover, definition, references, completion, document
//! symbols, formatting and code actions.

use super::State;
use super::index::{DefKind, Index};
use super::position::{offset, range};
use crate::diagnostics::finding::{Finding, report_findings};
use crate::policy::expr::Builtin;
use crate::source::{SourceFile, Span};
use serde_json::{Value, json};

/// The grammar, for the keywords completion offers.
const GRAMMAR: &str = include_str!("../../grammar/policy.pest");

/// The diagnostics of the document at `uri`: every finding of `check` for a policy, the
/// errors of a policy test file (`.toml`).
pub(crate) fn diagnostics(state: &State, uri: &str) -> Vec<Value> {
    let Some(text) = state.docs.get(uri) else {
        return Vec::new();
    };
    if uri.ends_with(".toml") {
        let path = std::path::PathBuf::from(uri.trim_start_matches("file://"));
        let errors = match crate::revise::cases::read_test_file(&path, text.clone()) {
            // What the cases expect is known only with the policy the file names (its
            // figures, its credit key): checked when that policy loads.
            Ok(file) => file
                .policy
                .as_deref()
                .and_then(|p| crate::load_policy(p).ok())
                .map(|policy| {
                    crate::revise::expectations::check_expectations(&policy, &file, state.lang)
                })
                .unwrap_or_default(),
            Err(errors) => errors,
        };
        return errors
            .iter()
            .map(|e| {
                let line = e.line.saturating_sub(1);
                json!({
                    "range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}},
                    "severity": 1,
                    "code": crate::diagnostics::finding::stable_code("test::file"),
                    "source": "xueshi",
                    "message": e.message,
                })
            })
            .collect();
    }
    findings(state, uri, text)
        .iter()
        .map(|f| diagnostic(text, f))
        .collect()
}

fn findings(state: &State, uri: &str, text: &str) -> Vec<Finding> {
    let source = SourceFile::new(uri, text.to_string());
    let (_, report) = crate::compile_policy(source);
    report_findings(&report, state.lang)
}

fn diagnostic(text: &str, f: &Finding) -> Value {
    let span = f
        .span
        .map_or(Span::new(0, 0), |s| Span::new(s.start, s.end));
    let message = match &f.help {
        Some(h) => format!("{}\n{h}", f.message),
        None => f.message.clone(),
    };
    json!({
        "range": range(text, span),
        "severity": if f.severity == "warning" { 2 } else { 1 },
        "code": f.code.unwrap_or(f.name.as_str()),
        "source": "xueshi",
        "message": message,
        "data": {"suggestion": f.suggestion, "name": f.name},
    })
}

/// The reply to `method`, `None` for a method the server does not answer.
pub(crate) fn request(state: &State, method: &str, params: &Value) -> Option<Value> {
    let uri = params
        .pointer("/textDocument/uri")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let text = state.docs.get(uri).map(String::as_str).unwrap_or_default();
    let at = params.get("position").map(|p| offset(text, p));
    let (file, _) = crate::syntax::parse_policy(text);
    let index = Index::new(&file, text);
    let value = match method {
        "textDocument/hover" => hover(&index, text, at?),
        "textDocument/definition" => definition(&index, uri, text, at?),
        "textDocument/references" => references(&index, uri, text, at?),
        "textDocument/completion" => completion(&index),
        "textDocument/documentSymbol" => symbols(&index, text),
        "textDocument/formatting" => formatting(text),
        "textDocument/codeAction" => code_actions(state, uri, text, params),
        _ => return None,
    };
    Some(value)
}

fn name_at<'t>(index: &Index, text: &'t str, at: usize) -> Option<(&'t str, Span)> {
    let span = index.ident_at(at)?;
    Some((text.get(span.start..span.end)?, span))
}

fn hover(index: &Index, text: &str, at: usize) -> Value {
    let Some((name, span)) = name_at(index, text, at) else {
        return Value::Null;
    };
    let defs = index.defs_of(name, at);
    if defs.is_empty() {
        return Value::Null;
    }
    let value = defs
        .iter()
        .map(|d| d.hover.clone())
        .collect::<Vec<_>>()
        .join("\n\n---\n\n");
    json!({"contents": {"kind": "markdown", "value": value}, "range": range(text, span)})
}

fn location(uri: &str, text: &str, span: Span) -> Value {
    json!({"uri": uri, "range": range(text, span)})
}

fn definition(index: &Index, uri: &str, text: &str, at: usize) -> Value {
    let Some((name, _)) = name_at(index, text, at) else {
        return Value::Null;
    };
    Value::Array(
        index
            .defs_of(name, at)
            .iter()
            .map(|d| location(uri, text, d.name_span))
            .collect(),
    )
}

fn references(index: &Index, uri: &str, text: &str, at: usize) -> Value {
    let Some((name, _)) = name_at(index, text, at) else {
        return Value::Null;
    };
    if index.defs_of(name, at).is_empty() {
        return Value::Array(Vec::new());
    }
    Value::Array(
        index
            .references(name, text)
            .into_iter()
            .map(|s| location(uri, text, s))
            .collect(),
    )
}

/// The keywords of the grammar: its quoted words of letters.
fn keywords() -> Vec<&'static str> {
    let mut words: Vec<&str> = GRAMMAR
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn completion(index: &Index) -> Value {
    let mut items = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in &index.defs {
        if seen.insert(d.name.clone()) {
            // CompletionItemKind: Unit 11, Constant 21, Class 7 (kind), Field 5, Variable 6,
            // EnumMember 20 (category), Property 10 (figure), Module 9 (purpose, form).
            let kind = match d.kind {
                DefKind::Unit => 11,
                DefKind::Constant => 21,
                DefKind::Kind => 7,
                DefKind::Field => 5,
                DefKind::Let => 6,
                DefKind::Category => 20,
                DefKind::Figure => 10,
                DefKind::Purpose | DefKind::Form => 9,
            };
            items.push(json!({"label": d.name, "kind": kind, "detail": d.kind.word()}));
        }
    }
    let functions = Builtin::ALL.map(Builtin::name);
    let words = ["day", "days", "year", "years", "year_of", "min", "max", "Y"];
    for builtin in words.into_iter().chain(functions) {
        if seen.insert(builtin.to_string()) {
            items.push(json!({"label": builtin, "kind": 3, "detail": "built in"}));
        }
    }
    for k in keywords() {
        if seen.insert(k.to_string()) {
            items.push(json!({"label": k, "kind": 14}));
        }
    }
    Value::Array(items)
}

fn symbols(index: &Index, text: &str) -> Value {
    // SymbolKind: Constant 14, Class 5, Field 8, Variable 13, EnumMember 22, Property 7,
    // Module 2, Struct 23 (unit).
    let kind_of = |k: DefKind| match k {
        DefKind::Unit => 23,
        DefKind::Constant => 14,
        DefKind::Kind => 5,
        DefKind::Field => 8,
        DefKind::Let => 13,
        DefKind::Category => 22,
        DefKind::Figure => 7,
        DefKind::Purpose | DefKind::Form => 2,
    };
    let symbol = |d: &super::index::Def, children: Vec<Value>| {
        json!({
            "name": d.name,
            "detail": d.kind.word(),
            "kind": kind_of(d.kind),
            "range": range(text, d.span),
            "selectionRange": range(text, d.name_span),
            "children": children,
        })
    };
    let mut out = Vec::new();
    for d in index.defs.iter().filter(|d| d.scope.is_none()) {
        let children: Vec<Value> = if d.kind == DefKind::Kind {
            index
                .defs
                .iter()
                .filter(|c| {
                    c.scope
                        .is_some_and(|s| s.start <= d.span.start && d.span.end <= s.end)
                })
                .map(|c| symbol(c, Vec::new()))
                .collect()
        } else {
            Vec::new()
        };
        out.push(symbol(d, children));
    }
    Value::Array(out)
}

fn formatting(text: &str) -> Value {
    let (file, errors) = crate::syntax::parse_policy(text);
    if !errors.is_empty() {
        return Value::Null;
    }
    let formatted = crate::syntax::format_policy(&file, text);
    if formatted == text {
        return Value::Array(Vec::new());
    }
    json!([{"range": range(text, Span::new(0, text.len())), "newText": formatted}])
}

/// One quick fix per finding with a suggestion whose place meets the range asked about.
fn code_actions(state: &State, uri: &str, text: &str, params: &Value) -> Value {
    let from = params
        .pointer("/range/start")
        .map_or(0, |p| offset(text, p));
    let to = params
        .pointer("/range/end")
        .map_or(text.len(), |p| offset(text, p));
    let mut out = Vec::new();
    for f in findings(state, uri, text) {
        let (Some(span), Some(suggestion)) = (f.span, &f.suggestion) else {
            continue;
        };
        if span.end < from || span.start > to {
            continue;
        }
        let span = Span::new(span.start, span.end);
        let title = crate::messages::fill(
            state.lang,
            crate::messages::Msg::HelpDidYouMean,
            &[("suggestion", suggestion)],
        );
        out.push(json!({
            "title": title,
            "kind": "quickfix",
            "diagnostics": [diagnostic(text, &f)],
            "isPreferred": true,
            "edit": {"changes": {uri: [{"range": range(text, span), "newText": suggestion}]}},
        }));
    }
    Value::Array(out)
}
