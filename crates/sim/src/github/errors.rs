//! GitHub's error shapes as [`ApiFailure`] values: `{"message", "documentation_url", "status"}`
//! and 422 validation errors with `errors: [{resource, field, code, message}]`.

use axum::http::StatusCode;
use serde_json::json;

pub use crate::failure::{ApiFailure, ApiResult};
use crate::frontdoor::GITHUB_DOCS;

pub fn error(status: StatusCode, message: &str) -> ApiFailure {
    ApiFailure::json(
        status,
        json!({"message": message, "documentation_url": GITHUB_DOCS, "status": status.as_u16().to_string()}),
    )
}
pub fn not_found() -> ApiFailure {
    error(StatusCode::NOT_FOUND, "Not Found")
}
/// 422 with GitHub's validation-error shape.
pub fn validation(resource: &str, field: &str, code: &str, message: &str) -> ApiFailure {
    ApiFailure::json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({
            "message": "Validation Failed",
            "errors": [{"resource": resource, "field": field, "code": code, "message": message}],
            "documentation_url": GITHUB_DOCS,
            "status": "422",
        }),
    )
}
pub fn invalid_request(message: &str) -> ApiFailure {
    ApiFailure::json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"message": message, "documentation_url": GITHUB_DOCS, "status": "422"}),
    )
}
