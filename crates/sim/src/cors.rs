//! CORS exactly as each forge answers it: allow-any-origin without credentials, per-forge preflight and exposed headers.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode};

/// Which forge a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forge {
    GitLab,
    GitHub,
}

pub const GITLAB_EXPOSE: &str = "Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, X-Request-Id, ETag";
pub const GITLAB_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
pub const GITHUB_EXPOSE: &str = "ETag, Link, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval";
pub const GITHUB_METHODS: &str = "GET, POST, PATCH, PUT, DELETE";
pub const GITHUB_ALLOW_HEADERS: &str =
    "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-Requested-With";

/// The answer to an `OPTIONS` preflight.
pub fn preflight(forge: Forge, request_headers: &HeaderMap) -> Response<Body> {
    let mut r = Response::new(Body::empty());
    let h = r.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    match forge {
        Forge::GitLab => {
            // rack-cors with `headers: :any` echoes what the browser asks for.
            *r.status_mut() = StatusCode::OK;
            let h = r.headers_mut();
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static(GITLAB_METHODS),
            );
            if let Some(asked) = request_headers.get("access-control-request-headers") {
                h.insert("access-control-allow-headers", asked.clone());
            }
            h.insert(
                "access-control-expose-headers",
                HeaderValue::from_static(GITLAB_EXPOSE),
            );
            h.insert("access-control-max-age", HeaderValue::from_static("7200"));
            h.insert("vary", HeaderValue::from_static("Origin"));
        }
        Forge::GitHub => {
            *r.status_mut() = StatusCode::NO_CONTENT;
            let h = r.headers_mut();
            h.insert(
                "access-control-allow-headers",
                HeaderValue::from_static(GITHUB_ALLOW_HEADERS),
            );
            h.insert(
                "access-control-allow-methods",
                HeaderValue::from_static(GITHUB_METHODS),
            );
            h.insert(
                "access-control-expose-headers",
                HeaderValue::from_static(GITHUB_EXPOSE),
            );
            h.insert("access-control-max-age", HeaderValue::from_static("86400"));
            h.insert(
                "vary",
                HeaderValue::from_static("Accept-Encoding, Accept, X-Requested-With"),
            );
        }
    }
    r
}

/// Adds the CORS headers of a normal (non-preflight) answer.
pub fn decorate(forge: Forge, headers: &mut HeaderMap) {
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    let expose = match forge {
        Forge::GitLab => GITLAB_EXPOSE,
        Forge::GitHub => GITHUB_EXPOSE,
    };
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static(expose),
    );
}

/// Appends `Retry-After` to an answer's exposed headers (`--expose-retry-after`; neither forge does).
pub fn expose_retry_after(forge: Forge, headers: &mut HeaderMap) {
    let base = match forge {
        Forge::GitLab => GITLAB_EXPOSE,
        Forge::GitHub => GITHUB_EXPOSE,
    };
    if let Ok(v) = HeaderValue::from_str(&format!("{base}, Retry-After")) {
        headers.insert("access-control-expose-headers", v);
    }
}
