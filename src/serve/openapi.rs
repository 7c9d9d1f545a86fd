//! `GET /v1/openapi.json`: the API described in OpenAPI 3.1, kept by hand in
//! `openapi.json` beside this file; a test checks that it describes exactly the routes of
//! [`super::ROUTES`].

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The document.
pub const DOCUMENT: &str = include_str!("openapi.json");

/// `GET /v1/openapi.json`.
pub async fn document() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT).into_response()
}
