//! The only code that does I/O: sends a `core::request::HttpRequest` with fetch and hands the
//! status, headers and body to `core::response`. Never touches signals; returns `Result`.

pub mod load;

use chrono::{DateTime, Utc};
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use serde::de::DeserializeOwned;
use shipboard_core::config::SourceConfig;
use shipboard_core::request::{HttpRequest, Method, Source};
use shipboard_core::response::{self, ApiError, Pagination};
use web_sys::RequestCredentials;

/// Where a configured source's requests go (base URL and token).
pub fn source_of(source: &SourceConfig) -> Source {
    Source::new(source.kind, &source.api_url, source.token.as_deref())
}

/// What came back: status, headers (lower-case names) and the body text.
#[derive(Clone, Debug)]
pub struct Raw {
    /// HTTP status.
    pub status: u16,
    /// Response headers the browser lets us read (the server's `Access-Control-Expose-Headers`).
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

/// The browser's clock, for the few response rules that need "now" (rate-limit reset).
pub fn now() -> DateTime<Utc> {
    let ms = js_sys::Date::now();
    DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
}

fn method(m: Method) -> FetchMethod {
    match m {
        Method::Get => FetchMethod::GET,
        Method::Post => FetchMethod::POST,
        Method::Put => FetchMethod::PUT,
        Method::Delete => FetchMethod::DELETE,
    }
}

/// Sends a request without cookies (the forges' CORS allows no credentials).
///
/// A fetch that does not complete (unreachable host, DNS, CORS refusal) becomes a
/// `Network` [`ApiError`]; the token is never part of any message.
pub async fn send(req: &HttpRequest) -> Result<Raw, ApiError> {
    let mut builder = RequestBuilder::new(&req.url)
        .method(method(req.method))
        .credentials(RequestCredentials::Omit);
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let request = match &req.body {
        Some(body) => builder.body(body.text()),
        None => builder.build(),
    }
    .map_err(|e| ApiError::network(&e.to_string()))?;
    let resp = request
        .send()
        .await
        .map_err(|_| ApiError::network(crate::text::FETCH_FAILED))?;
    let status = resp.status();
    let headers = resp.headers().entries().collect();
    let body = resp
        .text()
        .await
        .map_err(|e| ApiError::network(&e.to_string()))?;
    Ok(Raw {
        status,
        headers,
        body,
    })
}

/// Sends a request and parses a JSON answer, with the pagination its headers describe.
pub async fn fetch<T: DeserializeOwned>(req: &HttpRequest) -> Result<(T, Pagination), ApiError> {
    let raw = send(req).await?;
    let value = response::parse(raw.status, &raw.headers, &raw.body, now())?;
    Ok((value, Pagination::from_headers(&raw.headers)))
}

/// Sends a request whose answer has no useful body (deletes).
pub async fn fetch_empty(req: &HttpRequest) -> Result<(), ApiError> {
    let raw = send(req).await?;
    response::parse_empty(raw.status, &raw.headers, &raw.body, now())
}

/// Loads `config.json` from beside `index.html`: `Ok(None)` when there is none (normal),
/// `Err` with a message naming the problem when it is malformed.
pub async fn load_config() -> Result<Option<shipboard_core::config::Config>, String> {
    let resp = match RequestBuilder::new("config.json")
        .credentials(RequestCredentials::SameOrigin)
        .send()
        .await
    {
        Ok(r) => r,
        Err(_) => return Ok(None),
    };
    if resp.status() == 404 {
        return Ok(None);
    }
    if !resp.ok() {
        return Err(format!(
            "config.json could not be loaded (HTTP {})",
            resp.status()
        ));
    }
    let text = resp
        .text()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    shipboard_core::config::parse(&text).map(Some)
}
