//! GitLab's error shapes as [`ApiFailure`] constructors: `{"message": "..."}`, Grape's
//! `{"error": "..."}` parameter errors, `{"message": {"field": ["..."]}}` validation errors.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

pub use crate::failure::{ApiFailure, ApiResult};

impl ApiFailure {
    /// `{"message": "<text>"}` with a status.
    pub fn message(status: StatusCode, text: &str) -> Self {
        ApiFailure::json(status, json!({ "message": text }))
    }
    /// 400 `{"message": "<text>"}` (service errors such as the approval checks).
    pub fn service(text: &str) -> Self {
        ApiFailure::message(StatusCode::BAD_REQUEST, text)
    }
    /// Grape parameter error: 400 `{"error": "<text>"}`.
    pub fn param(text: &str) -> Self {
        ApiFailure::json(StatusCode::BAD_REQUEST, json!({ "error": text }))
    }
    /// Model validation error: 400 `{"message": {"<field>": ["<text>"], …}}`.
    pub fn fields(fields: &[(&str, &str)]) -> Self {
        let mut m = Map::new();
        for (f, t) in fields {
            match m.get_mut(*f) {
                Some(Value::Array(a)) => a.push(json!(t)),
                _ => {
                    m.insert(f.to_string(), json!([t]));
                }
            }
        }
        ApiFailure::json(StatusCode::BAD_REQUEST, json!({ "message": m }))
    }
    /// `bad_request!`: 400 `{"message": "400 Bad request - <text>"}`.
    pub fn bad_request(text: &str) -> Self {
        ApiFailure::message(
            StatusCode::BAD_REQUEST,
            &format!("400 Bad request - {text}"),
        )
    }
    /// 403 `{"message": "403 Forbidden"}`.
    pub fn forbidden() -> Self {
        ApiFailure::message(StatusCode::FORBIDDEN, "403 Forbidden")
    }
    /// 404 `{"message": "404 Not found"}`.
    pub fn not_found() -> Self {
        ApiFailure::message(StatusCode::NOT_FOUND, "404 Not found")
    }
    /// 404 `{"message": "404 Project Not Found"}`.
    pub fn project_not_found() -> Self {
        ApiFailure::message(StatusCode::NOT_FOUND, "404 Project Not Found")
    }
    /// 412 `{"message": "412 Precondition Failed"}` (`If-Unmodified-Since` not met).
    pub fn precondition_failed() -> Self {
        ApiFailure::message(StatusCode::PRECONDITION_FAILED, "412 Precondition Failed")
    }
    /// A route GitLab does not have: 404 `{"error": "404 Not Found"}`.
    pub fn no_route() -> Self {
        ApiFailure::json(StatusCode::NOT_FOUND, json!({"error": "404 Not Found"}))
    }
}
