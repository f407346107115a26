//! Requests: every forge call Shipboard makes, as a plain [`HttpRequest`] the transport sends.
//!
//! Nothing here does I/O. [`gitlab`] and [`github`] hold one builder per call in
//! `../shared/design/api-contract.md`; they share the URL, encoding and header rules below:
//!
//! - the base URL is the [`Source::api_url`] (`https://gitlab.com/api/v4`,
//!   `https://api.github.com`, `https://HOST/api/v3`, a simulator URL…) without a trailing slash;
//! - every path segment and query value is percent-encoded, everything but RFC 3986 unreserved
//!   characters (`A-Z a-z 0-9 - . _ ~`), so `group/sub/project` becomes `group%2Fsub%2Fproject`;
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
        }
    }

    /// `api_url` + `path` (already encoded) + the encoded query, with `None` values left out.
    fn url(&self, path: &str, query: &[(&str, Option<String>)]) -> String {
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
