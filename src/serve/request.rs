//! What a request asks for: its parameters (from the query, or the fields of a JSON body
//! beside `records`), the format of its body (by `Content-Type`) and of its answer (by
//! `Accept`, or `format`), and its records, read by the library's readers.

use super::error::ApiError;
use crate::input::{Format, RawRecord};
use crate::messages::Lang;
use axum::http::{HeaderMap, header};
use std::collections::HashMap;

/// Media types of record bodies, and the format each is read as.
pub const BODY_TYPES: &[(&str, Format)] = &[
    ("application/json", Format::Json),
    ("application/x-ndjson", Format::Jsonl),
    ("application/jsonl", Format::Jsonl),
    ("application/json-lines", Format::Jsonl),
    ("text/csv", Format::Csv),
    (XLSX_TYPE, Format::Xlsx),
    ("application/toml", Format::Toml),
];

/// The media types of [`BODY_TYPES`].
pub const BODY_TYPE_NAMES: &[&str] = &[
    "application/json",
    "application/x-ndjson",
    "text/csv",
    XLSX_TYPE,
    "application/toml",
];

/// The media type of an Excel workbook.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The formats rulings are written in, by media type.
pub const ANSWER_TYPES: &[(&str, crate::render::Format)] = &[
    ("application/json", crate::render::Format::Json),
    ("application/x-ndjson", crate::render::Format::Jsonl),
    ("application/jsonl", crate::render::Format::Jsonl),
    ("text/csv", crate::render::Format::Csv),
    (XLSX_TYPE, crate::render::Format::Xlsx),
];

/// The media types of [`ANSWER_TYPES`].
pub const ANSWER_TYPE_NAMES: &[&str] = &[
    "application/json",
    "application/x-ndjson",
    "text/csv",
    XLSX_TYPE,
];

/// A request's parameters.
#[derive(Debug, Default, Clone)]
pub struct Params {
    /// The policy's id (needed when several are served).
    pub policy: Option<String>,
    /// The purpose.
    pub purpose: Option<String>,
    /// `Y`.
    pub year: Option<i32>,
    /// The language of texts.
    pub lang: Lang,
    /// Mask resident IDs.
    pub redact: bool,
    /// The date whose revision is used.
    pub as_of: Option<chrono::NaiveDate>,
    /// `explain`: the one person to explain.
    pub id: Option<String>,
    /// `explain`: the form to fill in.
    pub form: Option<String>,
    /// The answer's format, overriding `Accept` (`json`, `jsonl`, `csv`, `xlsx`).
    pub format: Option<String>,
    /// The name records are placed in (`people.csv`), as a file's name is in the CLI.
    pub name: Option<String>,
}

/// A parameter as given: query parameters are text, JSON fields any value.
enum Given<'a> {
    Text(&'a str),
    Json(&'a serde_json::Value),
}

impl Given<'_> {
    fn shown(&self) -> String {
        match self {
            Given::Text(t) => t.to_string(),
            Given::Json(serde_json::Value::String(s)) => s.clone(),
            Given::Json(v) => v.to_string(),
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Given::Text(t) => Some(t.to_string()),
            Given::Json(serde_json::Value::String(s)) => Some(s.clone()),
            Given::Json(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl Params {
    /// The parameters of `query`, then those of `fields` (a JSON body's other fields) that
    /// the query leaves unset; the language, when neither gives one, from `Accept-Language`.
    pub fn from(
        query: &HashMap<String, String>,
        fields: Option<&serde_json::Map<String, serde_json::Value>>,
        headers: &HeaderMap,
    ) -> Result<Params, ApiError> {
        let get = |name: &str| -> Option<Given<'_>> {
            query
                .get(name)
                .map(|v| Given::Text(v.as_str()))
                .or_else(|| fields.and_then(|f| f.get(name)).map(Given::Json))
        };
        let text = |name: &'static str| -> Result<Option<String>, ApiError> {
            match get(name) {
                None => Ok(None),
                Some(g) => g.text().map(Some).ok_or_else(|| ApiError::BadParam {
                    name,
                    value: g.shown(),
                    reason: "a text is expected".into(),
                }),
            }
        };
        let bad = |name: &'static str, g: &Given<'_>, reason: &str| ApiError::BadParam {
            name,
            value: g.shown(),
            reason: reason.into(),
        };
        let year = match get("year") {
            None => None,
            Some(g) => {
                let y = match &g {
                    Given::Json(serde_json::Value::Number(n)) => n.as_i64(),
                    _ => g.text().and_then(|t| t.trim().parse::<i64>().ok()),
                };
                match y {
                    Some(y @ 1..=9999) => Some(y as i32),
                    _ => return Err(bad("year", &g, "a year from 1 to 9999 is expected")),
                }
            }
        };
        let redact = match get("redact") {
            None => false,
            Some(Given::Json(serde_json::Value::Bool(b))) => *b,
            Some(g) => match g.text().as_deref() {
                Some("true" | "1" | "yes" | "") => true,
                Some("false" | "0" | "no") => false,
                _ => return Err(bad("redact", &g, "`true` or `false` is expected")),
            },
        };
        let lang = match get("lang") {
            Some(g) => match g.text().as_deref().and_then(Lang::parse) {
                Some(l) => l,
                None => return Err(bad("lang", &g, "`en` or `zh` is expected")),
            },
            None => accept_language(headers),
        };
        let as_of = match get("as_of") {
            None => None,
            Some(g) => match g
                .text()
                .as_deref()
                .and_then(crate::record::decode::parse_date)
            {
                Some(d) => Some(d),
                None => return Err(bad("as_of", &g, "a date written YYYY-MM-DD is expected")),
            },
        };
        Ok(Params {
            policy: text("policy")?,
            purpose: text("purpose")?,
            year,
            lang,
            redact,
            as_of,
            id: text("id")?,
            form: text("form")?,
            format: text("format")?,
            name: text("name")?,
        })
    }
}

/// `zh` when the first language of `Accept-Language` is Chinese, else English.
fn accept_language(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|first| Lang::parse(first.trim()))
        .unwrap_or(Lang::En)
}

/// The media type of a header, lowercase, without its parameters.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The record format of the body, by its `Content-Type`.
pub fn body_format(headers: &HeaderMap) -> Result<Format, ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(media_type)
        .unwrap_or_default();
    BODY_TYPES
        .iter()
        .find(|(t, _)| *t == given)
        .map(|(_, f)| *f)
        .ok_or(ApiError::UnsupportedType {
            given: if given.is_empty() {
                "(none)".into()
            } else {
                given
            },
            accepted: BODY_TYPE_NAMES,
        })
}

/// The format of the answer: `format` when given, else the first type of `Accept` (by
/// quality, then order) that is offered; JSON when `Accept` is absent or says `*/*`.
pub fn answer_format(
    params: &Params,
    headers: &HeaderMap,
) -> Result<crate::render::Format, ApiError> {
    use crate::render::Format as Out;
    if let Some(f) = &params.format {
        return match f.as_str() {
            "json" => Ok(Out::Json),
            "jsonl" => Ok(Out::Jsonl),
            "csv" => Ok(Out::Csv),
            "xlsx" => Ok(Out::Xlsx),
            _ => Err(ApiError::BadParam {
                name: "format",
                value: f.clone(),
                reason: "`json`, `jsonl`, `csv` or `xlsx` is expected".into(),
            }),
        };
    }
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(Out::Json);
    };
    let mut wanted: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let ty = pieces.next()?.trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0 && !ty.is_empty()).then_some((q, i, ty))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, ty) in &wanted {
        if ty == "*/*" || ty == "application/*" {
            return Ok(Out::Json);
        }
        if let Some((_, f)) = ANSWER_TYPES.iter().find(|(t, _)| t == ty) {
            return Ok(*f);
        }
    }
    Err(ApiError::NotAcceptable {
        given: accept.to_string(),
        offered: ANSWER_TYPE_NAMES,
    })
}

/// The extension of a record format.
fn extension(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Toml => "toml",
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    }
}

/// The name the records are placed in: `name` when it has the format's extension (a file's
/// name the page sends), else `body.<ext>`.
pub fn records_name(params: &Params, format: Format) -> String {
    match &params.name {
        Some(n) if Format::from_path(n) == Some(format) && n != "-" => n.clone(),
        _ => format!("body.{}", extension(format)),
    }
}

/// A JSON body that is an object with a `records` field: the other fields, and the body
/// with everything but the records' text blanked (lines and columns stay those of the body).
pub fn split_json_body(
    body: &[u8],
) -> Option<(serde_json::Map<String, serde_json::Value>, Vec<u8>)> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let object: HashMap<String, &serde_json::value::RawValue> = serde_json::from_str(text).ok()?;
    let records = object.get("records")?;
    let raw = records.get();
    // The raw value borrows from `text`: its offset there.
    let start = (raw.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start + raw.len();
    let mut fields = serde_json::Map::new();
    for (k, v) in &object {
        if k != "records" {
            fields.insert(k.clone(), serde_json::from_str(v.get()).ok()?);
        }
    }
    let mut blanked = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if (start..end).contains(&i) || c == '\n' || c == '\r' {
            blanked.push(c);
        } else {
            blanked.push(' ');
        }
    }
    Some((fields, blanked.into_bytes()))
}

/// Reads the records of a body, at most `max` of them (an error when there are more).
pub fn read_records(
    name: &str,
    format: Format,
    body: Vec<u8>,
    columns: &crate::input::Columns,
    max: usize,
) -> Result<Vec<RawRecord>, ApiError> {
    let records =
        crate::input::read_records_from_bytes(name, format, body, columns).map_err(|e| {
            ApiError::Unreadable {
                reason: e.to_string(),
            }
        })?;
    let records: Vec<RawRecord> = records.take(max.saturating_add(1)).collect();
    if records.len() > max {
        return Err(ApiError::TooManyRecords { limit: max });
    }
    Ok(records)
}
