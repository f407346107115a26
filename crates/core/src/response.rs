//! Responses: status + headers + body text into a typed value or an [`ApiError`], and pagination.
//!
//! The transport hands over what it received; nothing here does I/O or reads the clock (`now`
//! is a parameter, used only to turn a rate-limit reset time into seconds to wait). Header names
//! are matched case-insensitively.

pub mod error;
pub mod github;
pub mod pagination;

pub use error::{ApiError, ErrorKind};
pub use pagination::Pagination;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

/// Response headers as the transport collects them: `(name, value)` pairs.
pub type Headers = [(String, String)];

/// The value of the first header named `name`, compared case-insensitively.
pub fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Whether `status` is a success (2xx).
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// A 2xx body deserialized as `T`, or the [`ApiError`] the response describes.
///
/// An empty 2xx body is read as JSON `null`, so `T = ()` or `Option<_>` accept it; a body that is
/// not the expected JSON is an [`ErrorKind::Decode`] error.
pub fn parse<T: DeserializeOwned>(
    status: u16,
    headers: &Headers,
    body: &str,
    now: DateTime<Utc>,
) -> Result<T, ApiError> {
    if !is_success(status) {
        return Err(ApiError::from_response(status, headers, body, now));
    }
    let text = if body.trim().is_empty() { "null" } else { body };
    serde_json::from_str(text).map_err(|e| ApiError::decode(status, &e.to_string()))
}

/// For calls answered with 204 or a body nobody needs (deletes): `Ok(())` on any 2xx.
pub fn parse_empty(
    status: u16,
    headers: &Headers,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if !is_success(status) {
        return Err(ApiError::from_response(status, headers, body, now));
    }
    Ok(())
}
