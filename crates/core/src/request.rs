//! Requests: every forge call Shipboard makes, as a plain [`HttpRequest`] the transport sends.
//!
//! Nothing here does I/O. [`gitlab`] and [`github`] hold one builder per call in
//! `../shared/design/api-contract.md`; they share the URL, encoding and header rules below:
//!
//! - the base URL is the [`Source::api_url`] (`https://gitlab.com/api/v4`,
//!   `https://api.github.com`, `https://HOST/api/v3`, a simulator URL…) without a trailing slash;
//! - every path segment and query value is percent-encoded, everything but RFC 3986 unreserved
//!   characters (`A-Z a-z 0-9 - . _ ~`), so `group/sub/project` becomes `group%2Fsub%2Fproject`;
//! - no built path has a `.` or `..` segment, which a URL parser would resolve (a project `..`
//!   would turn `/projects/../deployments` into `/deployments`): [`encode_segment`] sends such a
//!   value as `%252E%252E`, a name no project has (the server answers 404). Browsers resolve
//!   `%2E%2E` like `..`, so encoding the dots once is not enough. Identifiers are checked before
//!   this anyway ([`crate::validate::check_target`]); this is the last line;
//! - query parameters that are `None` are omitted and the rest keep a fixed order;
//! - bodies are JSON on both forges ([`Body::Json`], sent with `Content-Type: application/json`);
//! - the token travels only in a header, never in the URL, and `Debug` redacts it.

pub mod github;
pub mod gitlab;

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters is encoded (path segments and query values).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What `Debug` prints in place of a token.
pub const REDACTED: &str = "[redacted]";

/// The forge an API base URL belongs to (the same type the view model uses).
pub use crate::model::view::Forge;

/// The HTTP methods the forges' APIs use here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as sent on the wire, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request body. Both forges get JSON: GitLab's Grape API accepts JSON bodies for every
/// parameter, so one body shape serves both.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// A JSON document, sent with `Content-Type: application/json`.
    Json(serde_json::Value),
}

impl Body {
    /// The `Content-Type` header value for this body.
    pub fn content_type(&self) -> &'static str {
        match self {
            Body::Json(_) => "application/json",
        }
    }

    /// The body as the text to send.
    pub fn text(&self) -> String {
        match self {
            Body::Json(value) => value.to_string(),
        }
    }
}

/// Where requests go: a forge, its API base URL and an optional token.
#[derive(Clone, PartialEq, Eq)]
pub struct Source {
    /// The forge behind `api_url`.
    pub forge: Forge,
    /// API base URL without a trailing slash, e.g. `https://gitlab.com/api/v4`.
    pub api_url: String,
    /// A personal access token; `None` for anonymous calls. Only ever sent in a header.
    pub token: Option<String>,
    /// `token` is an OAuth access token ("Sign in with GitLab"): GitLab gets it as
    /// `Authorization: Bearer` instead of `PRIVATE-TOKEN` (GitHub always gets Bearer).
    pub oauth: bool,
}

impl Source {
    /// A source; trims whitespace and trailing slashes off `api_url` and treats a blank token as none.
    pub fn new(forge: Forge, api_url: &str, token: Option<&str>) -> Source {
        let api_url = api_url.trim().trim_end_matches('/').to_owned();
        let token = token
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        Source {
            forge,
            api_url,
            token,
            oauth: false,
        }
    }

    /// A source whose token is an OAuth access token (sent as `Authorization: Bearer`).
    pub fn oauth(forge: Forge, api_url: &str, access_token: &str) -> Source {
        Source {
            oauth: true,
            ..Source::new(forge, api_url, Some(access_token))
        }
    }

    /// `api_url` + `path` (already encoded) + the encoded query, with `None` values left out.
    fn url(&self, path: &str, query: &[(&str, Option<String>)]) -> String {
        debug_assert!(
            !path.split('/').any(is_url_dot_segment),
            "a builder did not use encode_segment: {path}"
        );
        let mut url = format!("{}{}", self.api_url, path);
        let mut sep = '?';
        for (name, value) in query {
            let Some(value) = value else { continue };
            url.push(sep);
            url.push_str(name);
            url.push('=');
            url.push_str(&encode(value));
            sep = '&';
        }
        url
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("forge", &self.forge)
            .field("api_url", &self.api_url)
            .field("token", &self.token.as_ref().map(|_| REDACTED))
            .field("oauth", &self.oauth)
            .finish()
    }
}

/// A request ready for the transport: method, absolute URL, headers and an optional body.
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL, query included; never contains the token.
    pub url: String,
    /// Header name/value pairs, only ones the forges' CORS preflight allows.
    pub headers: Vec<(String, String)>,
    /// The body, if any (its `Content-Type` header is already in `headers`).
    pub body: Option<Body>,
}

impl HttpRequest {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `text` (an answer's body) with this request's credentials replaced by [`REDACTED`]: the
    /// secret headers' values, and the credential after an `Authorization` scheme (`Bearer x`
    /// → `x`). The transport scrubs every error answer with it, so no message built from one
    /// can show the token.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for (name, value) in &self.headers {
            if !is_secret_header(name) {
                continue;
            }
            let credential = value.split_once(' ').map_or(value.as_str(), |(_, c)| c);
            for secret in [value.as_str(), credential] {
                let secret = secret.trim();
                if !secret.is_empty() {
                    out = out.replace(secret, REDACTED);
                }
            }
        }
        out
    }
}

/// Whether a header carries a credential and must be redacted in `Debug`.
fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("private-token")
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let v = if is_secret_header(n) { REDACTED } else { v };
                (n.as_str(), v)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// Page parameters for lists that take nothing else (`page` first, then `per_page`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PageParams {
    /// 1-based page number; `None` = the server's default (1).
    pub page: Option<u32>,
    /// Items per page; `None` = the server's default (GitLab 20, GitHub 30; both max 100).
    pub per_page: Option<u32>,
}

/// Percent-encodes a path segment or query value (everything but unreserved characters).
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Percent-encodes one path segment so that it can never be a `.` or `..` segment: like
/// [`encode`], except that a value of exactly `.` or `..` is sent as `%252E` / `%252E%252E` (the
/// server reads the literal name `%2E`, which nothing has). Every other value is [`encode`]d,
/// which encodes `%`, so it cannot spell a dot segment either.
pub fn encode_segment(value: &str) -> String {
    match value {
        "." | ".." => "%252E".repeat(value.len()),
        _ => encode(value),
    }
}

/// Whether a URL parser (the WHATWG URL standard browsers follow) treats `segment` as `.` or `..`:
/// `.`, `%2e`, `..`, `.%2e`, `%2e.`, `%2e%2e`, in any case.
pub fn is_url_dot_segment(segment: &str) -> bool {
    [".", "%2e", "..", ".%2e", "%2e.", "%2e%2e"]
        .iter()
        .any(|d| segment.eq_ignore_ascii_case(d))
}

/// Whether `value` can be sent as an HTTP header value (see [`crate::config::header_value_ok`]).
pub use crate::config::header_value_ok;

impl HttpRequest {
    /// What keeps this request from being sent, if anything: a header value (in practice the
    /// token) with a character a header cannot carry. The message names the header, never its
    /// value; the transport shows it instead of sending.
    pub fn header_problem(&self) -> Option<String> {
        let (name, _) = self.headers.iter().find(|(_, v)| !header_value_ok(v))?;
        Some(if is_secret_header(name) {
            "the token has a character that cannot be sent in an HTTP header (a space, line \
             break or non-ASCII character); paste it again in Settings"
                .to_owned()
        } else {
            format!("the {name} header has a character that cannot be sent in an HTTP header")
        })
    }
}

/// A time as the forges expect it: ISO 8601 in UTC with `Z`, fractions only when non-zero.
pub fn iso8601(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// Assembles a request, adding the body's `Content-Type` header when there is a body.
fn build(
    method: Method,
    url: String,
    mut headers: Vec<(String, String)>,
    body: Option<serde_json::Value>,
) -> HttpRequest {
    let body = body.map(Body::Json);
    if let Some(body) = &body {
        headers.push(("Content-Type".to_owned(), body.content_type().to_owned()));
    }
    HttpRequest {
        method,
        url,
        headers,
        body,
    }
}

/// Serializes a body struct; our body structs are plain data, so this cannot fail.
fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("request bodies are plain data")
}

#[cfg(test)]
mod tests {

    #[test]
    fn scrub_removes_every_form_of_the_token_from_an_answer() {
        let gl = Source::new(
            crate::model::view::Forge::GitLab,
            "https://x/api/v4",
            Some("glpat-123"),
        );
        let gh = Source::new(
            crate::model::view::Forge::GitHub,
            "https://x",
            Some("ghp_456"),
        );
        let a = gitlab::get_deployment(&gl, "1", 2);
        let b = github::get_deployment(&gh, "o", "r", 2);
        assert_eq!(
            a.scrub(r#"{"message":"token glpat-123 expired"}"#),
            r#"{"message":"token [redacted] expired"}"#
        );
        assert_eq!(
            b.scrub("Bearer ghp_456 / ghp_456"),
            "[redacted] / [redacted]"
        );
        assert_eq!(a.scrub("nothing secret"), "nothing secret");
    }

    use super::*;
    use chrono::TimeZone;

    /// The path segments a browser would see after the API base.
    fn segments<'a>(src: &Source, req: &'a HttpRequest) -> Vec<&'a str> {
        let rest = req.url.strip_prefix(&src.api_url).unwrap_or(&req.url);
        let path = rest.split(['?', '#']).next().unwrap_or(rest);
        path.split('/').collect()
    }

    #[test]
    fn segments_are_never_dot_segments() {
        assert_eq!(encode_segment("."), "%252E");
        assert_eq!(encode_segment(".."), "%252E%252E");
        assert_eq!(encode_segment("..."), "...");
        assert_eq!(encode_segment("%2e%2e"), "%252e%252e");
        assert_eq!(encode_segment("a/../b"), "a%2F..%2Fb");
        for s in [".", "..", "%2e", "%2E%2e", ".%2E", "...", "a", ""] {
            assert!(!is_url_dot_segment(&encode_segment(s)), "{s}");
        }
        for d in [".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(is_url_dot_segment(d), "{d}");
        }
        for n in ["...", "%252e", "a.", "%2e%2e%2e", ""] {
            assert!(!is_url_dot_segment(n), "{n}");
        }
    }

    #[test]
    fn no_builder_emits_a_dot_segment() {
        let gl = Source::new(
            Forge::GitLab,
            "https://gitlab.example.com/api/v4",
            Some("t"),
        );
        let gh = Source::new(Forge::GitHub, "https://api.github.com", Some("t"));
        let when = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let page = PageParams::default();
        for bad in [".", "..", " .. ", "/../", "%2e%2e"] {
            let gitlab_requests = [
                gitlab::list_deployments(&gl, bad, &Default::default()),
                gitlab::get_deployment(&gl, bad, 1),
                gitlab::create_deployment(&gl, bad, &Default::default()),
                gitlab::update_deployment(&gl, bad, 1, &gitlab::DeploymentStatus::Success),
                gitlab::delete_deployment(&gl, bad, 1),
                gitlab::deployment_merge_requests(&gl, bad, 1, &page),
                gitlab::approve_deployment(
                    &gl,
                    bad,
                    1,
                    &gitlab::Approval {
                        status: gitlab::ApprovalStatus::Approved,
                        comment: None,
                        represented_as: None,
                    },
                ),
                gitlab::list_environments(&gl, bad, &Default::default()),
                gitlab::get_environment(&gl, bad, 1),
                gitlab::create_environment(&gl, bad, &Default::default()),
                gitlab::update_environment(&gl, bad, 1, &Default::default()),
                gitlab::delete_environment(&gl, bad, 1),
                gitlab::stop_environment(&gl, bad, 1, false),
                gitlab::stop_stale_environments(&gl, bad, when),
                gitlab::delete_review_apps(&gl, bad, &Default::default()),
            ];
            for req in &gitlab_requests {
                let segs = segments(&gl, req);
                assert!(!segs.iter().any(|s| is_url_dot_segment(s)), "{}", req.url);
                assert_eq!(segs[1], "projects", "{}", req.url);
            }
            let github_requests = [
                github::list_deployments(&gh, bad, bad, &Default::default()),
                github::get_deployment(&gh, bad, "r", 1),
                github::create_deployment(&gh, "o", bad, &Default::default()),
                github::delete_deployment(&gh, bad, bad, 1),
                github::list_deployment_statuses(&gh, bad, "r", 1, &page),
                github::get_deployment_status(&gh, "o", bad, 1, 2),
                github::create_deployment_status(
                    &gh,
                    bad,
                    "r",
                    1,
                    &github::NewDeploymentStatus::of(github::StatusState::Success),
                ),
                github::list_environments(&gh, bad, bad, &page),
                github::get_environment(&gh, "o", "r", bad),
                github::create_or_update_environment(&gh, bad, "r", bad, &Default::default()),
                github::delete_environment(&gh, "o", "r", bad),
                github::pending_deployments(&gh, bad, "r", 1),
                github::review_pending_deployments(
                    &gh,
                    "o",
                    bad,
                    1,
                    &github::PendingDeploymentReview::of(true, 1, ""),
                ),
                github::run_reviews(&gh, bad, bad, 1),
            ];
            for req in &github_requests {
                let segs = segments(&gh, req);
                assert!(!segs.iter().any(|s| is_url_dot_segment(s)), "{}", req.url);
                assert_eq!(segs[1], "repos", "{}", req.url);
            }
        }
        let req = gitlab::get_deployment(&gl, "..", 7);
        assert_eq!(
            req.url,
            "https://gitlab.example.com/api/v4/projects/%252E%252E/deployments/7"
        );
        let req = github::get_environment(&gh, "o", "r", ".");
        assert_eq!(
            req.url,
            "https://api.github.com/repos/o/r/environments/%252E"
        );
        // Ordinary names are unchanged.
        let req = gitlab::get_deployment(&gl, "acme/platform/web", 7);
        assert_eq!(
            req.url,
            "https://gitlab.example.com/api/v4/projects/acme%2Fplatform%2Fweb/deployments/7"
        );
    }

    #[test]
    fn an_oauth_token_goes_to_gitlab_as_bearer() {
        let src = Source::oauth(Forge::GitLab, "https://g.test/api/v4/", "oauth-at");
        let req = gitlab::get_deployment(&src, "1", 2);
        assert_eq!(req.url, "https://g.test/api/v4/projects/1/deployments/2");
        assert_eq!(req.header("Authorization"), Some("Bearer oauth-at"));
        assert_eq!(req.header("PRIVATE-TOKEN"), None);
        assert!(!format!("{req:?}").contains("oauth-at"));
        assert!(!format!("{src:?}").contains("oauth-at"));
        assert_eq!(req.scrub("x oauth-at y"), "x [redacted] y");
        let pat = Source::new(Forge::GitLab, "https://g.test/api/v4", Some("glpat"));
        assert_eq!(
            gitlab::get_deployment(&pat, "1", 2).header("PRIVATE-TOKEN"),
            Some("glpat")
        );
    }

    #[test]
    fn header_problems_name_the_header_not_the_value() {
        let ok = Source::new(Forge::GitHub, "https://api.github.com", Some("ghp_ok"));
        assert_eq!(
            github::get_deployment(&ok, "o", "r", 1).header_problem(),
            None
        );
        let bad = Source::new(Forge::GitHub, "https://api.github.com", Some("ghp_a\nb"));
        let req = github::get_deployment(&bad, "o", "r", 1);
        let problem = req.header_problem().unwrap();
        assert!(
            problem.starts_with("the token has a character"),
            "{problem}"
        );
        assert!(!problem.contains("ghp_a"), "{problem}");
        let bad = Source::new(Forge::GitLab, "https://gitlab.com/api/v4", Some("glpat-é"));
        let problem = gitlab::get_deployment(&bad, "1", 1)
            .header_problem()
            .unwrap();
        assert!(!problem.contains("glpat"), "{problem}");
        let mut other = github::get_deployment(&ok, "o", "r", 1);
        other.headers.push(("X-Thing".into(), "a\u{1}".into()));
        assert_eq!(
            other.header_problem().as_deref(),
            Some("the X-Thing header has a character that cannot be sent in an HTTP header")
        );
    }
}
