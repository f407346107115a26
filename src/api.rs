//! The only code that does I/O: sends a `core::request::HttpRequest` with fetch and hands the
//! status, headers and body to `core::response`. Never touches signals; returns `Result`.

pub mod load;
pub mod loader;

use chrono::{DateTime, Utc};
use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use leptos::prelude::RwSignal;
use serde::de::DeserializeOwned;
use shipboard_core::config::SourceConfig;
use shipboard_core::request::{HttpRequest, Method, Source};
use shipboard_core::response::{self, ApiError, ErrorKind, Pagination};
use shipboard_core::retry::{self, Decision, Outcome, RetryPolicy};
use web_sys::{AbortSignal, RequestCache, RequestCredentials, RequestRedirect, ResponseType};

pub use loader::{Loader, Ticket};

/// Where a configured source's requests go (base URL and token): the OAuth access token when
/// this tab signed in to the source with GitLab (`crate::oauth`), else its configured token.
pub fn source_of(source: &SourceConfig) -> Source {
    match crate::oauth::access_token(source) {
        Some(token) => Source::oauth(source.kind, &source.api_url, &token),
        None => Source::new(source.kind, &source.api_url, source.token.as_deref()),
    }
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

// How long a request may take before it is aborted (30 s unless `config.json` says otherwise).
thread_local! {
    static TIMEOUT_MS: std::cell::Cell<u32> = const { std::cell::Cell::new(30_000) };
}

/// Sets the request timeout (from `config.json`'s `timeout_secs`); at least one second.
pub fn set_timeout_secs(secs: u32) {
    TIMEOUT_MS.with(|t| t.set(secs.clamp(1, 600).saturating_mul(1000)));
}

fn timeout_ms() -> u32 {
    TIMEOUT_MS.with(std::cell::Cell::get)
}

/// An error for something this client refused before sending (never "may have been applied").
fn refused(message: &str) -> ApiError {
    let mut e = ApiError::network(message);
    e.kind = ErrorKind::Other;
    e.message = message.to_owned();
    e
}

/// The error of a request aborted because its page or load went away; callers drop it.
pub fn cancelled() -> ApiError {
    refused(crate::text::CANCELLED())
}

/// Sends a request without cookies (the forges' CORS allows no credentials), never following a
/// redirect (a redirect would carry the token to another address), aborted by `abort` or after
/// the timeout.
///
/// A fetch that does not complete (unreachable host, DNS, CORS refusal, timeout) becomes a
/// `Network` [`ApiError`]; the token is never part of any message.
pub async fn send(req: &HttpRequest, abort: Option<&AbortSignal>) -> Result<Raw, ApiError> {
    if let Some(problem) = req.header_problem() {
        return Err(refused(&problem));
    }
    let timeout_ms = timeout_ms();
    let timeout = AbortSignal::timeout_with_u32(timeout_ms);
    let signal = match abort {
        Some(a) => AbortSignal::any(&js_sys::Array::of2(a, &timeout)),
        None => timeout.clone(),
    };
    let mut builder = RequestBuilder::new(&req.url)
        .method(method(req.method))
        .credentials(RequestCredentials::Omit)
        .redirect(RequestRedirect::Manual)
        // Revalidate every read (the forges send ETags; a 304 does not count against GitHub's
        // rate limit), so a list is never a cached copy from before a write.
        .cache(RequestCache::NoCache)
        .abort_signal(Some(&signal));
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let request = match &req.body {
        Some(body) => builder.body(body.text()),
        None => builder.build(),
    }
    .map_err(|e| ApiError::network(&e.to_string()))?;
    let why = |abort: Option<&AbortSignal>| {
        if abort.is_some_and(AbortSignal::aborted) {
            cancelled()
        } else if timeout.aborted() {
            ApiError::network(&crate::text::timed_out(timeout_ms / 1000))
        } else {
            ApiError::network(crate::text::FETCH_FAILED())
        }
    };
    let resp = request.send().await.map_err(|_| why(abort))?;
    if resp.type_() == ResponseType::Opaqueredirect {
        return Err(refused(crate::text::REDIRECTED()));
    }
    let status = resp.status();
    let headers = resp.headers().entries().collect();
    // The bytes, copied into linear memory in one native call: `text()` would decode to a
    // JavaScript string and re-encode it into the wasm one character at a time (a tenth of the
    // main thread while loading 1,000 pages).
    let bytes = resp.binary().await.map_err(|_| why(abort))?;
    let body = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    ANSWERED.with(|a| a.set(true));
    // Every error message is built from an error answer: scrubbed here, the token cannot reach
    // one, whichever page or form shows it.
    let body = if response::is_success(status) {
        body
    } else {
        req.scrub(&body)
    };
    Ok(Raw {
        status,
        headers,
        body,
    })
}

thread_local! {
    /// Whether any API answer has arrived since the app started.
    static ANSWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// How long background reads wait for the page's first answer at most.
const FIRST_ANSWER_WAIT_MS: u64 = 2_000;

/// Resolves once the page's first API answer has arrived (and been shown: the wait is in timer
/// steps, after the rendering that answer caused), or after [`FIRST_ANSWER_WAIT_MS`]. Reads
/// that are not the page's own (project names) wait for it, so a cold load's critical path is
/// `config.json` and the page's own request only.
pub async fn after_first_answer() {
    let mut waited = 0;
    while !ANSWERED.with(std::cell::Cell::get) && waited < FIRST_ANSWER_WAIT_MS {
        sleep(25).await;
        waited += 25;
    }
    // One more turn: the answer's rows are rendered before this read starts.
    sleep(0).await;
}

/// Waits `ms` milliseconds (a browser timer).
pub async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Sends a request and parses a JSON answer, with the pagination its headers describe. Not
/// retried (writes, and reads whose caller handles failures itself).
pub async fn fetch<T: DeserializeOwned>(req: &HttpRequest) -> Result<(T, Pagination), ApiError> {
    fetch_with(req, |status, headers, body, now| {
        let value = response::parse(status, headers, body, now)?;
        Ok((value, Pagination::from_headers(headers)))
    })
    .await
}

/// Sends a request and hands status, headers and body to `parse`, a `core` parser (e.g. GitHub's
/// new deployment, whose answers differ by status: 201, 202, 409). Not retried.
pub async fn fetch_with<T, E: From<ApiError>>(
    req: &HttpRequest,
    parse: impl FnOnce(u16, &[(String, String)], &str, DateTime<Utc>) -> Result<T, E>,
) -> Result<T, E> {
    let raw = send(req, None).await?;
    parse(raw.status, &raw.headers, &raw.body, now())
}

/// Sends a request whose answer has no useful body (deletes).
pub async fn fetch_empty(req: &HttpRequest) -> Result<(), ApiError> {
    fetch_with(req, response::parse_empty).await
}

/// A read for a page's data: aborted with `ticket`, and retried (GETs only) on network errors,
/// 429, 502, 503 and 504 with backoff and jitter, honouring `Retry-After` and the rate-limit
/// reset headers. While it waits, `notice` says so ("rate limited, retrying in 12 s").
pub async fn get<T: DeserializeOwned>(
    req: &HttpRequest,
    ticket: &Ticket,
    notice: Option<RwSignal<Option<String>>>,
) -> Result<(T, Pagination), ApiError> {
    let raw = get_raw(req, ticket, notice).await?;
    let value = response::parse(raw.status, &raw.headers, &raw.body, now())?;
    Ok((value, Pagination::from_headers(&raw.headers)))
}

/// [`get`]'s retry loop, up to a successful answer; not generic, so the wasm holds it once
/// rather than once per payload type.
async fn get_raw(
    req: &HttpRequest,
    ticket: &Ticket,
    notice: Option<RwSignal<Option<String>>>,
) -> Result<Raw, ApiError> {
    let policy = RetryPolicy::default();
    let mut attempt = 1;
    loop {
        let result = send(req, ticket.abort_signal()).await;
        if !ticket.live() {
            return Err(cancelled());
        }
        let outcome = match &result {
            Ok(raw) if response::is_success(raw.status) => return result,
            Ok(raw) => Outcome::Status(raw.status),
            Err(e) if e.kind == ErrorKind::Network && e.status.is_none() => Outcome::Network,
            Err(_) => Outcome::Refused,
        };
        let headers: &[(String, String)] = match &result {
            Ok(raw) => &raw.headers,
            Err(_) => &[],
        };
        let decision = if retry::retryable(req.method) {
            policy.decide(attempt, outcome, headers, now(), js_sys::Math::random())
        } else {
            Decision::GiveUp
        };
        match decision {
            Decision::Retry { after_ms, reason } => {
                if let Some(n) = notice {
                    ticket.set(n, Some(retry::retry_message(reason, after_ms)));
                }
                sleep(after_ms).await;
                if !ticket.live() {
                    return Err(cancelled());
                }
                if let Some(n) = notice {
                    ticket.set(n, None);
                }
                attempt += 1;
            }
            Decision::GiveUp => {
                return match result {
                    Ok(raw) => Err(ApiError::from_response(
                        raw.status,
                        &raw.headers,
                        &raw.body,
                        now(),
                    )),
                    Err(e) => Err(e),
                };
            }
        }
    }
}

/// How long `config.json` may take before the app goes on without it.
const CONFIG_TIMEOUT_MS: u32 = 10_000;

/// Loads `config.json` from `url` (`config.json`: beside `index.html`; embedded, the element's
/// `config-url` or beside `embed.js`): `Ok(None)` when there is none (normal), `Err` with a
/// message naming the problem when it is malformed, stalled, or an HTML page (a server's fallback
/// for unknown paths). `abort` (the app going away) cancels it.
pub async fn load_config(
    url: &str,
    abort: Option<&AbortSignal>,
) -> Result<Option<shipboard_core::config::Config>, String> {
    let timeout = AbortSignal::timeout_with_u32(CONFIG_TIMEOUT_MS);
    let signal = match abort {
        Some(a) => AbortSignal::any(&js_sys::Array::of2(a, &timeout)),
        None => timeout.clone(),
    };
    let resp = match RequestBuilder::new(url)
        .credentials(RequestCredentials::SameOrigin)
        .abort_signal(Some(&signal))
        .send()
        .await
    {
        Ok(r) => r,
        Err(_) if timeout.aborted() => return Err(crate::text::CONFIG_STALLED().into()),
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
    let html = resp
        .headers()
        .get("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("text/html"));
    let text = resp.text().await.map_err(|_| {
        if timeout.aborted() {
            crate::text::CONFIG_STALLED().to_owned()
        } else {
            "config.json could not be read".to_owned()
        }
    })?;
    if html || text.trim_start().starts_with('<') {
        return Err(crate::text::CONFIG_IS_HTML().into());
    }
    shipboard_core::config::parse(&text).map(Some)
}
