//! Conditional GETs on both forges: a weak `ETag` (a hash of the body) on every `200` answer to
//! a `GET`, and `304 Not Modified` with no body when `If-None-Match` names it.
//!
//! As the forges do: GitLab's Rack::ETag and GitHub both send weak tags (`W/"…"`) on successful
//! answers only (an error has none), and a `304` keeps the answer's other headers (CORS,
//! pagination, rate limit) but has no body. `If-None-Match` uses the weak comparison (`W/` is
//! ignored), may list several tags, and `*` matches any answer. Both forges already expose
//! `ETag` to browsers and allow `If-None-Match` in a preflight (see [`crate::cors`]).
//! Unlike GitHub, a `304` still lowers the simulated `x-ratelimit-remaining` (it is a plain
//! request counter here).

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

/// The weak tag of a body: `W/"<32 hex digits>"` (two 64-bit hashes, FNV-1a style but over
/// 8 bytes at a time: a 200 KB page is hashed in a tenth of a millisecond, not one).
pub fn tag_of(body: &[u8]) -> String {
    let hash = |offset: u64| {
        let mut words = body.chunks_exact(8);
        let mut h = words.by_ref().fold(offset, |h, w| {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            (h ^ u64::from_le_bytes(word)).wrapping_mul(0x0100_0000_01b3)
        });
        for &b in words.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        // The length too: bodies differing only by trailing zero bytes differ.
        (h ^ body.len() as u64).wrapping_mul(0x0100_0000_01b3)
    };
    format!(
        "W/\"{:016x}{:016x}\"",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x6c62_272e_07bb_0142)
    )
}

/// Whether an `If-None-Match` value names `tag` (weak comparison; `*` matches anything).
pub fn matches(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| {
        let t = t.trim();
        t.strip_prefix("W/").unwrap_or(t).to_owned()
    };
    let ours = opaque(tag);
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || (!t.is_empty() && opaque(t) == ours))
}

/// The `If-None-Match` of a request, if it is text.
pub fn if_none_match(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Tags a `200` answer to a `GET` and turns it into a `304` when `if_none_match` names its tag;
/// any other answer is returned as it is.
pub async fn conditional(resp: Response, if_none_match: Option<&str>) -> Response {
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::empty())
                .unwrap_or_default()
        }
    };
    let tag = tag_of(&bytes);
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if if_none_match.is_some_and(|v| matches(v, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_comparison() {
        let tag = tag_of(b"[]");
        assert!(tag.starts_with("W/\"") && tag.ends_with('"') && tag.len() == 36);
        assert_ne!(tag, tag_of(b"[ ]"));
        let opaque = tag.trim_start_matches("W/");
        assert!(matches(&tag, &tag));
        assert!(matches(opaque, &tag), "a strong form of the same tag");
        assert!(matches(&format!("\"x\", {tag}"), &tag));
        assert!(matches("*", &tag));
        assert!(!matches("\"x\"", &tag));
        assert!(!matches("", &tag));
    }
}
