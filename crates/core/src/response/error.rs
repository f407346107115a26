//! Errors: every error body shape of GitLab and GitHub turned into one [`ApiError`] with a clear
//! message, per-field errors, a kind the UI can act on, and advice per kind and forge.
//!
//! Shapes understood (see `api-contract.md`): GitLab `{"message":"401 Unauthorized"}`,
//! `{"message":"400 Bad request - …"}`, `{"message":{"field":["…"]}}`,
//! `{"message":{"error":"…"}}` (rate limit), `{"message":["…"]}`, `{"error":"…"}` (parameter
//! errors; OAuth adds `error_description`); GitHub `{"message","documentation_url"}` with 422's
//! `errors:[{resource, field, code, message}]` (items may be plain strings); and bodies that are
//! not JSON (a proxy's HTML page, GitLab's plain `Retry later`) or empty.

use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::{header, Headers};
use crate::request::Forge;

/// How much of a non-JSON body is kept in [`ApiError::raw`].
const RAW_LIMIT: usize = 1000;

/// What went wrong, in terms the UI can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// 401: no token, a wrong one, or an expired or revoked one.
    Unauthorized,
    /// 403 (not a rate limit): the token lacks a scope or the user a permission.
    Forbidden,
    /// 404: no such resource, or one the token cannot see.
    NotFound,
    /// 400 or 422: the server refused the input (see `field_errors`).
    Validation,
    /// 409: the resource is in a conflicting state.
    Conflict,
    /// 429, or GitHub's 403 with `x-ratelimit-remaining: 0`, `Retry-After` or a rate-limit message.
    RateLimited,
    /// 5xx.
    Server,
    /// The request did not complete: unreachable server, DNS, CORS refusal, offline.
    Network,
    /// A 2xx whose body is not the expected JSON.
    Decode,
    /// Any other status (e.g. 405, 410, 3xx).
    Other,
}

/// A failed call, ready to show: `message` is clean human text, `raw` the server's own words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// The HTTP status; `None` for network errors.
    pub status: Option<u16>,
    /// Human text: the server's message without its `NNN ` / `Bad request - ` prefixes, with
    /// field errors as `field message; field2 message`, or a description of the failure.
    pub message: String,
    /// The server's text before clean-up (its message, or up to 1,000 chars of a non-JSON body).
    pub raw: String,
    /// `(field, message)` pairs, in the server's order for GitHub and by field name for GitLab.
    pub field_errors: Vec<(String, String)>,
    /// Seconds to wait before retrying, from `Retry-After` or `x-ratelimit-reset`.
    pub retry_after_secs: Option<u64>,
    /// GitHub's `documentation_url`, kept only when it is an `https://` URL.
    pub documentation_url: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

/// What an error body says, before the kind is decided.
#[derive(Default)]
struct BodyText {
    message: Option<String>,
    raw: String,
    field_errors: Vec<(String, String)>,
    documentation_url: Option<String>,
    html: bool,
}

impl ApiError {
    /// The error a non-2xx response describes. `now` turns `x-ratelimit-reset` into seconds.
    pub fn from_response(
        status: u16,
        headers: &Headers,
        body: &str,
        now: DateTime<Utc>,
    ) -> ApiError {
        let text = read_body(body);
        let retry_after_secs = retry_after(headers, now);
        let kind = kind_of(status, headers, text.message.as_deref(), retry_after_secs);
        let message = match (&text.message, text.html) {
            (Some(m), _) if !m.is_empty() => m.clone(),
            (_, true) => format!(
                "{} (HTTP {status}): the server answered with a web page instead of the API's JSON",
                reason(status)
            ),
            _ => format!("{} (HTTP {status})", reason(status)),
        };
        ApiError {
            kind,
            status: Some(status),
            message,
            raw: text.raw,
            field_errors: text.field_errors,
            retry_after_secs,
            documentation_url: text.documentation_url,
        }
    }

    /// A request that did not complete (fetch rejected: offline, DNS, refused, CORS).
    pub fn network(detail: &str) -> ApiError {
        let detail = detail.trim();
        let message = if detail.is_empty() {
            "Network error: the request did not complete".to_owned()
        } else {
            format!("Network error: {detail}")
        };
        ApiError {
            kind: ErrorKind::Network,
            status: None,
            message,
            raw: detail.to_owned(),
            field_errors: Vec::new(),
            retry_after_secs: None,
            documentation_url: None,
        }
    }

    /// A 2xx whose body could not be read as the expected JSON.
    pub fn decode(status: u16, detail: &str) -> ApiError {
        ApiError {
            kind: ErrorKind::Decode,
            status: Some(status),
            message: format!("Unexpected answer from the server: {}", detail.trim()),
            raw: detail.trim().to_owned(),
            field_errors: Vec::new(),
            retry_after_secs: None,
            documentation_url: None,
        }
    }

    /// This error with every occurrence of `secret` (a token) replaced by `[redacted]`.
    pub fn redact(mut self, secret: &str) -> ApiError {
        let secret = secret.trim();
        if secret.is_empty() {
            return self;
        }
        let scrub = |s: &mut String| *s = s.replace(secret, crate::request::REDACTED);
        scrub(&mut self.message);
        scrub(&mut self.raw);
        for (field, msg) in &mut self.field_errors {
            scrub(field);
            scrub(msg);
        }
        self
    }

    /// The message of the first error on `field`, for showing next to a form input.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.field_errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    /// What the user can do about it, per kind and forge.
    pub fn advice(&self, forge: Forge) -> &'static str {
        match (self.kind, forge) {
            (ErrorKind::Unauthorized, Forge::GitLab) => {
                "The token was refused: it may be mistyped, expired or revoked. Create a personal \
                 access token with the read_api scope to read, or the api scope to make changes."
            }
            (ErrorKind::Unauthorized, Forge::GitHub) => {
                "The token was refused: it may be mistyped, expired or revoked. Use a fine-grained \
                 token with the \"Deployments\" repository permission, or a classic token with the \
                 repo_deployment scope (repo for private repositories)."
            }
            (ErrorKind::Forbidden, Forge::GitLab) => {
                "The token may not do this: writes need the api scope (read_api is read-only) and \
                 a role of at least Developer; approving needs to be an allowed approver, deleting \
                 an environment needs it stopped."
            }
            (ErrorKind::Forbidden, Forge::GitHub) => {
                "The token may not do this: give it the \"Deployments\" permission (read and write \
                 to change deployments or review runs), \"Administration\" to change environments, \
                 or the repo_deployment / repo scope on a classic token."
            }
            (ErrorKind::NotFound, Forge::GitLab) => {
                "Not found: check the project path or id, and that the token can see the project \
                 (GitLab answers 404 for projects the token has no access to)."
            }
            (ErrorKind::NotFound, Forge::GitHub) => {
                "Not found: check the owner and repository, and that the token can see it (GitHub \
                 answers 404 for private repositories the token has no access to)."
            }
            (ErrorKind::Validation, _) => "The server refused the input: correct it and try again.",
            (ErrorKind::Conflict, _) => {
                "The resource is in a conflicting state: reload it and try again."
            }
            (ErrorKind::RateLimited, _) => {
                "Too many requests: wait before retrying; an authenticated token has a higher limit."
            }
            (ErrorKind::Server, _) => {
                "The server had a problem or is unavailable: try again later."
            }
            (ErrorKind::Network, _) => {
                "The request did not get through: check the API URL, that the server is reachable, \
                 and that no proxy strips the CORS headers (Access-Control-Allow-Origin)."
            }
            (ErrorKind::Decode, Forge::GitLab) => {
                "The answer was not what the API sends: check that the API URL ends in /api/v4."
            }
            (ErrorKind::Decode, Forge::GitHub) => {
                "The answer was not what the API sends: check the API URL (https://api.github.com, \
                 or https://HOST/api/v3 for GitHub Enterprise Server)."
            }
            (ErrorKind::Other, _) => "The server refused the request.",
        }
    }
}

/// The kind for `status`, telling GitHub's rate-limit 403s from plain ones.
fn kind_of(
    status: u16,
    headers: &Headers,
    message: Option<&str>,
    retry_after: Option<u64>,
) -> ErrorKind {
    match status {
        401 => ErrorKind::Unauthorized,
        403 => {
            let exhausted = header(headers, "x-ratelimit-remaining").map(str::trim) == Some("0");
            let says_rate_limit =
                message.is_some_and(|m| m.to_ascii_lowercase().contains("rate limit"));
            if exhausted || retry_after.is_some() || says_rate_limit {
                ErrorKind::RateLimited
            } else {
                ErrorKind::Forbidden
            }
        }
        404 => ErrorKind::NotFound,
        400 | 422 => ErrorKind::Validation,
        409 => ErrorKind::Conflict,
        429 => ErrorKind::RateLimited,
        500..=599 => ErrorKind::Server,
        _ => ErrorKind::Other,
    }
}

/// Seconds the server asks a client to wait before retrying, never negative, from (first found):
///
/// 1. `Retry-After`: delay seconds or an HTTP date (both forges: GitLab's rate limiter,
///    GitHub's secondary limits, 503s);
/// 2. GitHub's `x-ratelimit-reset` (epoch seconds) when `x-ratelimit-remaining` is `0`;
/// 3. GitLab's `RateLimit-Reset` when `RateLimit-Remaining` is `0`: epoch seconds, as GitLab
///    documents and sends it (`RateLimit-Reset: 1580393717`); a value below 1,000,000,000 (a time
///    before 2001) is read as delay seconds, the IETF RateLimit header draft's form.
///
/// A browser sees GitLab's `Retry-After` and `RateLimit-*` only when the server exposes them
/// (GitLab's CORS does not): then a 429 carries no wait and the caller backs off on its own.
pub fn retry_after(headers: &Headers, now: DateTime<Utc>) -> Option<u64> {
    wait(headers, now, false)
}

/// Like [`retry_after`], for a response already known to be a rate limit (429): the reset
/// headers count unless their `remaining` header says requests are left.
pub fn rate_limit_wait(headers: &Headers, now: DateTime<Utc>) -> Option<u64> {
    wait(headers, now, true)
}

/// Delay seconds below this are a delay, at or above it an epoch time (2001-09-09).
const EPOCH_FROM: i64 = 1_000_000_000;

fn wait(headers: &Headers, now: DateTime<Utc>, limited: bool) -> Option<u64> {
    if let Some(value) = header(headers, "retry-after").map(str::trim) {
        if let Ok(secs) = value.parse::<u64>() {
            return Some(secs);
        }
        if let Ok(at) = DateTime::parse_from_rfc2822(value) {
            return Some(secs_until(at.timestamp(), now));
        }
    }
    // The reset counts when nothing is left, or (for a known rate limit) when it is not said.
    let exhausted = |name: &str| match header(headers, name).map(str::trim) {
        Some(remaining) => remaining == "0",
        None => limited,
    };
    let number = |name: &str| -> Option<i64> { header(headers, name)?.trim().parse().ok() };
    if exhausted("x-ratelimit-remaining") {
        if let Some(reset) = number("x-ratelimit-reset") {
            return Some(secs_until(reset, now));
        }
    }
    if exhausted("ratelimit-remaining") {
        if let Some(reset) = number("ratelimit-reset") {
            return Some(match reset {
                0..EPOCH_FROM => reset.unsigned_abs(),
                _ => secs_until(reset, now),
            });
        }
    }
    None
}

fn secs_until(epoch_secs: i64, now: DateTime<Utc>) -> u64 {
    // Saturating: a reset of i64::MIN (or MAX) from a broken server must not overflow.
    u64::try_from(epoch_secs.saturating_sub(now.timestamp())).unwrap_or(0)
}

/// Reads any error body into a message, field errors and the raw text.
fn read_body(body: &str) -> BodyText {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return BodyText::default();
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Object(map)) => read_object(&map, trimmed),
        Ok(Value::String(s)) => text_body(&s),
        _ => text_body(trimmed),
    }
}

/// A body that is not a JSON object: HTML from a proxy, or plain text such as `Retry later`.
fn text_body(text: &str) -> BodyText {
    let raw: String = text.chars().take(RAW_LIMIT).collect();
    let lower = text.trim_start().to_ascii_lowercase();
    if lower.starts_with('<') || lower.contains("<html") {
        return BodyText {
            raw,
            html: true,
            ..BodyText::default()
        };
    }
    // Short plain text is a message (GitLab's rate limiter sends `Retry later`); long text is not.
    let message = (text.chars().count() <= 300).then(|| clean(text));
    BodyText {
        message,
        raw,
        ..BodyText::default()
    }
}

fn read_object(map: &Map<String, Value>, body: &str) -> BodyText {
    let mut out = BodyText {
        documentation_url: map
            .get("documentation_url")
            .and_then(Value::as_str)
            .filter(|u| u.starts_with("https://"))
            .map(str::to_owned),
        ..BodyText::default()
    };
    let mut parts: Vec<String> = Vec::new();
    let top: Option<String> = match map.get("message") {
        Some(Value::String(s)) => {
            out.raw = s.clone();
            Some(clean(s))
        }
        Some(Value::Object(fields)) => {
            out.raw = Value::Object(fields.clone()).to_string();
            for (field, value) in fields {
                for msg in strings(value) {
                    if field == "error" || field == "base" {
                        parts.push(msg);
                    } else {
                        parts.push(format!("{field} {msg}"));
                        out.field_errors.push((field.clone(), msg));
                    }
                }
            }
            None
        }
        Some(Value::Array(items)) => {
            out.raw = Value::Array(items.clone()).to_string();
            parts.extend(items.iter().flat_map(strings).map(|m| clean(&m)));
            None
        }
        _ => None,
    };
    let top = top.or_else(|| {
        let error = map.get("error").and_then(Value::as_str)?;
        out.raw = error.to_owned();
        let description = map.get("error_description").and_then(Value::as_str);
        Some(clean(description.unwrap_or(error)))
    });
    if let Some(Value::Array(errors)) = map.get("errors") {
        for item in errors {
            read_github_error(item, &mut parts, &mut out.field_errors);
        }
    }
    if out.raw.is_empty() {
        out.raw = body.chars().take(RAW_LIMIT).collect();
    }
    let joined = parts.join("; ");
    out.message = match (top, joined.is_empty()) {
        (Some(top), true) => Some(top),
        (Some(top), false) if top.is_empty() => Some(joined),
        (Some(top), false) => Some(format!("{top}: {joined}")),
        (None, false) => Some(joined),
        (None, true) => None,
    };
    out
}

/// One item of GitHub's `errors`: `{resource, field, code, message}` or a plain string.
fn read_github_error(
    item: &Value,
    parts: &mut Vec<String>,
    field_errors: &mut Vec<(String, String)>,
) {
    let Value::Object(obj) = item else {
        parts.extend(strings(item));
        return;
    };
    let field = obj.get("field").and_then(Value::as_str);
    let message = obj
        .get("message")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let code = obj.get("code").and_then(Value::as_str).map(code_text);
    let Some(text) = message.clone().or(code) else {
        return;
    };
    match field {
        Some(field) => {
            // GitHub's own messages usually name the field already; codes do not.
            if message.is_some() {
                parts.push(text.clone());
            } else {
                parts.push(format!("{field} {text}"));
            }
            field_errors.push((field.to_owned(), text));
        }
        None => parts.push(text),
    }
}

/// GitHub's validation error codes as words.
fn code_text(code: &str) -> String {
    match code {
        "missing" => "does not exist".to_owned(),
        "missing_field" => "is missing".to_owned(),
        "invalid" => "is invalid".to_owned(),
        "already_exists" => "already exists".to_owned(),
        "unprocessable" => "could not be processed".to_owned(),
        other => other.replace('_', " "),
    }
}

/// The strings in a value: itself if a string, the string items if an array.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

/// Reason phrases GitLab puts between the status and ` - ` (`400 Bad request - …`).
const REASONS: [&str; 7] = [
    "Bad request",
    "Unauthorized",
    "Forbidden",
    "Not found",
    "Conflict",
    "Unprocessable entity",
    "Too many requests",
];

/// The human part of a server message: without a leading `NNN ` status and a `Reason - `.
///
/// `400 Cannot destroy running deployment` (the docs) and `Cannot destroy running deployment`
/// (the server) both give `Cannot destroy running deployment`.
pub fn clean(message: &str) -> String {
    let mut text = message.trim();
    let bytes = text.as_bytes();
    if bytes.len() > 4 && bytes[..3].iter().all(u8::is_ascii_digit) && bytes[3] == b' ' {
        text = text[4..].trim_start();
    }
    for reason in REASONS {
        let Some(head) = text.get(..reason.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(reason) {
            continue;
        }
        if let Some(rest) = text[reason.len()..].strip_prefix(" - ") {
            text = rest.trim_start();
            break;
        }
    }
    text.to_owned()
}

/// A short reason phrase for a status, for bodies that carry no message.
fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable entity",
        429 => "Too many requests",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        501 | 505..=599 => "Server error",
        _ => "Unexpected status",
    }
}
