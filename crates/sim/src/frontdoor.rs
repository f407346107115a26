//! The front door of the API listener: request log, added latency, fault injection, CORS, token
//! checks, and `ETag`/`304` on successful reads ([`crate::etag`]).
//!
//! Faults (`--fail-rate`) are decided per request number, so a run is reproducible; below a rate
//! of 1 a request identical to one that just failed (same method, path and query) never fails,
//! so a client's first retry succeeds. 429 and 503 carry `Retry-After: 1`.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::json;

use crate::cors::{self, Forge};
use crate::inspect::LoggedRequest;
use crate::req::{json, Auth, RawPath};
use crate::store::mix;
use crate::AppState;

pub const GITHUB_DOCS: &str = "https://docs.github.com/rest";

fn is_write(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token a request carries for a forge, if any.
fn token_of(forge: Forge, req: &Request) -> Option<String> {
    let h = req.headers();
    let auth = h
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match forge {
        Forge::GitLab => {
            if let Some(t) = h.get("private-token").and_then(|v| v.to_str().ok()) {
                return Some(t.trim().to_string());
            }
            auth.and_then(|a| {
                a.strip_prefix("Bearer ")
                    .or_else(|| a.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_string())
        }
        Forge::GitHub => auth
            .and_then(|a| {
                a.strip_prefix("Bearer ")
                    .or_else(|| a.strip_prefix("bearer "))
                    .or_else(|| a.strip_prefix("token "))
                    .or_else(|| a.strip_prefix("Token "))
            })
            .map(|t| t.trim().to_string()),
    }
}

pub fn unauthorized(forge: Forge) -> Response {
    match forge {
        Forge::GitLab => json(
            StatusCode::UNAUTHORIZED,
            json!({"message": "401 Unauthorized"}),
        ),
        Forge::GitHub => json(
            StatusCode::UNAUTHORIZED,
            json!({"message": "Bad credentials", "documentation_url": GITHUB_DOCS}),
        ),
    }
}

pub fn forbidden(forge: Forge) -> Response {
    match forge {
        Forge::GitLab => json(StatusCode::FORBIDDEN, json!({"message": "403 Forbidden"})),
        Forge::GitHub => json(
            StatusCode::FORBIDDEN,
            json!({"message": "Resource not accessible by personal access token", "documentation_url": GITHUB_DOCS}),
        ),
    }
}

/// The injected failure for request number `n`, if this one fails.
fn fault(state: &AppState, n: u64, forge: Forge) -> Option<Response> {
    let rate = state.cfg().fail_rate;
    if rate <= 0.0 {
        return None;
    }
    let h = mix(state.cfg().seed.wrapping_mul(0x9E37_79B9) ^ mix(n + 1));
    let x = (h >> 11) as f64 / (1u64 << 53) as f64;
    if x >= rate {
        return None;
    }
    // What a busy forge or its proxy answers: retryable statuses, two of them with `Retry-After`.
    let code = [502u16, 503, 504, 429][(h % 4) as usize];
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = match (forge, code) {
        (Forge::GitLab, 429) => json(
            status,
            json!({"message": {"error": "This endpoint has been requested too many times. Try again later."}}),
        ),
        (Forge::GitLab, 504) => json(status, json!({"message": "504 Gateway Timeout"})),
        (Forge::GitLab, 502) => json(status, json!({"message": "502 Bad Gateway"})),
        (Forge::GitLab, _) => json(status, json!({"message": "503 Service Unavailable"})),
        (Forge::GitHub, 429) => json(
            status,
            json!({"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}),
        ),
        (Forge::GitHub, _) => json(
            status,
            json!({"message": "Server Error", "documentation_url": GITHUB_DOCS}),
        ),
    };
    if code == 429 || code == 503 {
        r.headers_mut()
            .insert("retry-after", HeaderValue::from_static("1"));
    }
    if code == 429 && forge == Forge::GitLab {
        r.headers_mut()
            .insert("ratelimit-limit", HeaderValue::from_static("600"));
        r.headers_mut()
            .insert("ratelimit-remaining", HeaderValue::from_static("0"));
    }
    Some(r)
}

/// The injected failure for request number `n` of `key` (`METHOD path?query`), if this one
/// fails: never twice in a row for the same key unless every request fails.
fn fault_once(state: &AppState, n: u64, forge: Forge, key: String) -> Option<Response> {
    let mut failed = state.0.failed.lock().unwrap_or_else(|e| e.into_inner());
    if failed.remove(&key) && state.cfg().fail_rate < 1.0 {
        return None;
    }
    let r = fault(state, n, forge)?;
    failed.insert(key);
    Some(r)
}

/// Query string with secrets blanked, for the log (without the `?`).
fn loggable_query(q: Option<&str>) -> String {
    let Some(q) = q else { return String::new() };
    let parts: Vec<String> = q
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.to_ascii_lowercase().contains("token") => {
                format!("{k}=[FILTERED]")
            }
            _ => kv.to_string(),
        })
        .collect();
    parts.join("&")
}

pub async fn frontdoor(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let query = loggable_query(req.uri().query());
    let forge = if path == "/api/v4" || path.starts_with("/api/v4/") {
        Some(Forge::GitLab)
    } else if path == "/github" || path.starts_with("/github/") {
        Some(Forge::GitHub)
    } else {
        None
    };
    let n = state.0.requests.fetch_add(1, Ordering::Relaxed);
    let latency = state.cfg().latency_ms;
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let resp = match forge {
        None => next.run(req).await,
        Some(forge) => {
            let key = format!("{method} {path}?{}", req.uri().query().unwrap_or(""));
            let mut resp = if method == Method::OPTIONS {
                cors::preflight(forge, req.headers())
            } else if let Some(r) = fault_once(&state, n, forge, key) {
                r
            } else {
                let user = token_of(forge, &req).and_then(|t| state.read().user_by_token(&t));
                // GitLab also takes an OAuth access token ("Sign in with GitLab") as Bearer.
                let user = match user {
                    Some(user) => Ok(user),
                    None if forge == Forge::GitLab => {
                        crate::oauth::bearer_user(&state, req.headers())
                    }
                    None => Err(unauthorized(forge)),
                };
                match user {
                    Err(refused) => refused,
                    Ok(user) => {
                        let read_only =
                            state.read().users[user].token == state.cfg().read_only_token;
                        if read_only && is_write(&method) {
                            forbidden(forge)
                        } else {
                            let conditional = (method == Method::GET)
                                .then(|| crate::etag::if_none_match(req.headers()));
                            req.extensions_mut().insert(Auth { user, read_only });
                            req.extensions_mut().insert(RawPath(path.clone()));
                            let resp = next.run(req).await;
                            match conditional {
                                Some(inm) => crate::etag::conditional(resp, inm.as_deref()).await,
                                None => resp,
                            }
                        }
                    }
                }
            };
            let h = resp.headers_mut();
            if method != Method::OPTIONS {
                cors::decorate(forge, h);
                if state.cfg().expose_retry_after {
                    cors::expose_retry_after(forge, h);
                }
            }
            match forge {
                Forge::GitLab => {
                    if let Ok(v) = HeaderValue::from_str(&format!("01SIM{:021}", n)) {
                        h.insert("x-request-id", v);
                    }
                }
                Forge::GitHub => {
                    let reset = crate::store::now_ms() / 1000 + 3600;
                    h.insert("x-ratelimit-limit", HeaderValue::from(5000u32));
                    h.insert(
                        "x-ratelimit-remaining",
                        HeaderValue::from(4999 - (n % 5000) as u32),
                    );
                    h.insert("x-ratelimit-reset", HeaderValue::from(reset as u64));
                    h.insert(
                        "x-github-api-version-selected",
                        HeaderValue::from_static("2022-11-28"),
                    );
                }
            }
            resp
        }
    };
    if !path.starts_with("/__sim/") {
        state.0.log.push(LoggedRequest {
            n,
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            status: resp.status().as_u16(),
        });
    }
    if state.cfg().log {
        eprintln!(
            "{} {}{}{} {} {}ms",
            method,
            path,
            if query.is_empty() { "" } else { "?" },
            query,
            resp.status().as_u16(),
            start.elapsed().as_millis()
        );
    }
    resp
}
