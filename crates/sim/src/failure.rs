//! `ApiFailure`: the error half of every handler's `Result<Response, ApiFailure>`, so handlers
//! short-circuit with `?`. Each forge adds constructors for its own error shapes
//! (`gitlab/errors.rs`, `github/errors.rs`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::req::json;

/// A finished error answer: a status and a JSON body (or any ready response).
#[derive(Debug)]
pub struct ApiFailure(Response);

/// What a handler returns.
pub type ApiResult = Result<Response, ApiFailure>;

impl ApiFailure {
    /// A JSON error body with a status.
    pub fn json(status: StatusCode, body: Value) -> Self {
        ApiFailure(json(status, body))
    }
    /// The status this failure answers with.
    pub fn status(&self) -> StatusCode {
        self.0.status()
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        self.0
    }
}

/// Helpers shared with other modules (pagination, the front door) still build plain responses.
impl From<Response> for ApiFailure {
    fn from(r: Response) -> Self {
        ApiFailure(r)
    }
}
