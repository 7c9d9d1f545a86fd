//! The errors a request can get, each an HTTP status with a JSON body:
//! `{"error": {"code": "…", "message": "…", …}}`. The message is in the request's language.

use crate::messages::{Lang, Msg, fill, join};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// The body is over `--max-body-bytes` (413).
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// More records than `--max-records` (413).
    TooManyRecords {
        /// The limit.
        limit: usize,
    },
    /// Over `--request-timeout` (503).
    Timeout {
        /// The limit in seconds.
        seconds: u64,
    },
    /// Every evaluation slot is taken (429).
    Busy {
        /// The number of slots.
        limit: usize,
    },
    /// A body whose Content-Type the endpoint does not read (415).
    UnsupportedType {
        /// The type given.
        given: String,
        /// The types read.
        accepted: &'static [&'static str],
    },
    /// An Accept header no format meets (406).
    NotAcceptable {
        /// The header.
        given: String,
        /// The types written.
        offered: &'static [&'static str],
    },
    /// A parameter missing (400).
    MissingParam {
        /// Its name.
        name: &'static str,
    },
    /// A parameter whose value cannot be used (400).
    BadParam {
        /// Its name.
        name: &'static str,
        /// The value given.
        value: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// The request names no policy the server serves, or several are served and none is
    /// named (400).
    UnknownPolicy {
        /// The id given; `None` when none was.
        id: Option<String>,
        /// The ids served.
        served: Vec<String>,
    },
    /// The policy cannot be used as asked (an unknown purpose, a revision not in force):
    /// the CLI's message (400).
    Policy {
        /// The message.
        message: String,
    },
    /// The body is not UTF-8 where text is needed (400).
    NotUtf8 {
        /// The first bad byte.
        byte: usize,
    },
    /// The body cannot be read as records at all (400), e.g. a CSV header naming an
    /// unknown column.
    Unreadable {
        /// Why, as the CLI says it.
        reason: String,
    },
    /// No record has the id asked for (404).
    NoRecordWithId {
        /// The id.
        id: String,
    },
    /// No such route (404).
    NotFound {
        /// The path asked for.
        path: String,
    },
    /// Something went wrong inside (500): a panic caught, a task lost.
    Internal {
        /// What.
        reason: String,
    },
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BodyTooLarge { .. } | ApiError::TooManyRecords { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Busy { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::UnsupportedType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            ApiError::NoRecordWithId { .. } | ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BodyTooLarge { .. } => "body-too-large",
            ApiError::TooManyRecords { .. } => "too-many-records",
            ApiError::Timeout { .. } => "timeout",
            ApiError::Busy { .. } => "busy",
            ApiError::UnsupportedType { .. } => "unsupported-media-type",
            ApiError::NotAcceptable { .. } => "not-acceptable",
            ApiError::MissingParam { .. } => "missing-parameter",
            ApiError::BadParam { .. } => "bad-parameter",
            ApiError::UnknownPolicy { .. } => "unknown-policy",
            ApiError::Policy { .. } => "policy",
            ApiError::NotUtf8 { .. } => "not-utf8",
            ApiError::Unreadable { .. } => "unreadable-records",
            ApiError::NoRecordWithId { .. } => "no-record-with-id",
            ApiError::NotFound { .. } => "not-found",
            ApiError::Internal { .. } => "internal",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let types = |t: &[&str]| {
            let quoted: Vec<String> = t.iter().map(|t| format!("`{t}`")).collect();
            join(lang, &quoted, Msg::Or)
        };
        match self {
            ApiError::BodyTooLarge { limit } => {
                fill(lang, Msg::ServeBodyTooLarge, &[("limit", limit)])
            }
            ApiError::TooManyRecords { limit } => {
                fill(lang, Msg::ServeTooManyRecords, &[("limit", limit)])
            }
            ApiError::Timeout { seconds } => fill(lang, Msg::ServeTimeout, &[("seconds", seconds)]),
            ApiError::Busy { limit } => fill(lang, Msg::ServeBusy, &[("limit", limit)]),
            ApiError::UnsupportedType { given, accepted } => fill(
                lang,
                Msg::ServeUnsupportedType,
                &[("type", given), ("types", &types(accepted))],
            ),
            ApiError::NotAcceptable { given, offered } => fill(
                lang,
                Msg::ServeNotAcceptable,
                &[("type", given), ("types", &types(offered))],
            ),
            ApiError::MissingParam { name } => {
                fill(lang, Msg::ServeMissingParam, &[("name", name)])
            }
            ApiError::BadParam {
                name,
                value,
                reason,
            } => fill(
                lang,
                Msg::ServeBadParam,
                &[("name", name), ("value", value), ("reason", reason)],
            ),
            ApiError::UnknownPolicy { id, served } => {
                let quoted: Vec<String> = served.iter().map(|s| format!("`{s}`")).collect();
                let policies = join(lang, &quoted, Msg::And);
                match id {
                    Some(id) => fill(
                        lang,
                        Msg::ServeUnknownPolicy,
                        &[("id", id), ("policies", &policies)],
                    ),
                    None => fill(lang, Msg::ServeChoosePolicy, &[("policies", &policies)]),
                }
            }
            ApiError::Policy { message } => message.clone(),
            ApiError::NotUtf8 { byte } => fill(lang, Msg::ServeNotUtf8, &[("byte", byte)]),
            ApiError::Unreadable { reason } => {
                fill(lang, Msg::ServeUnreadable, &[("reason", reason)])
            }
            ApiError::NoRecordWithId { id } => fill(lang, Msg::ServeNoRecordWithId, &[("id", id)]),
            ApiError::NotFound { path } => fill(lang, Msg::ServeNotFound, &[("path", path)]),
            ApiError::Internal { reason } => fill(lang, Msg::ServeInternal, &[("reason", reason)]),
        }
    }

    /// The response in `lang`.
    pub fn into_response_in(self, lang: Lang) -> Response {
        let status = self.status();
        let body = serde_json::json!({
            "error": {
                "status": status.as_u16(),
                "code": self.code(),
                "message": self.message(lang),
            }
        });
        let mut response = (status, axum::Json(body)).into_response();
        if matches!(self, ApiError::Busy { .. } | ApiError::Timeout { .. }) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.into_response_in(Lang::En)
    }
}

/// An error with the language its message is to be written in.
pub struct Localized(pub ApiError, pub Lang);

impl IntoResponse for Localized {
    fn into_response(self) -> Response {
        self.0.into_response_in(self.1)
    }
}

impl From<ApiError> for Localized {
    fn from(e: ApiError) -> Self {
        Localized(e, Lang::En)
    }
}
