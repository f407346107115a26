//! What tests look at from outside: the request log and leak trap findings (`/__sim/*`), the
//! redirect trap (`/redirect/*`) and the leak trap (`/leak/*`) it points to.
//!
//! The redirect trap answers a CORS-OK preflight and then `302` to the same path under `/leak/` on
//! the app listener (or on this listener when no app is served). The leak trap answers its own
//! preflight too, so a browser that follows the redirect really sends whatever headers it kept,
//! and records whether a `PRIVATE-TOKEN` or `Authorization` header arrived (never their values).

use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use serde_json::{json, Value};

use crate::req::{empty, json};
use crate::AppState;

/// At most this many requests are kept in the log (the oldest go first).
pub const LOG_LIMIT: usize = 200_000;

/// One request the API listener answered (tokens never recorded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// Arrival order, from 0 (the fault injection's request number).
    pub n: u64,
    pub method: String,
    /// As sent, still percent-encoded.
    pub path: String,
    /// Without the `?`; values of `*token*` parameters replaced by `[FILTERED]`.
    pub query: String,
    pub status: u16,
}

/// The API listener's request log (`GET /__sim/requests`).
#[derive(Debug, Default)]
pub struct RequestLog(Mutex<Vec<LoggedRequest>>);

impl RequestLog {
    pub fn push(&self, entry: LoggedRequest) {
        let mut log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() >= LOG_LIMIT {
            log.drain(..LOG_LIMIT / 10);
        }
        log.push(entry);
    }
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// One request that reached the leak trap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    pub method: String,
    pub path: String,
    pub private_token: bool,
    pub authorization: bool,
}

/// What reached `/leak/*` on either listener (`GET /__sim/leaks`).
#[derive(Debug, Default)]
pub struct Leaks(Mutex<Vec<Leak>>);

impl Leaks {
    pub fn entries(&self) -> Vec<Leak> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
    /// The JSON answer of `GET /__sim/leaks`.
    pub fn summary(&self) -> Value {
        let all = self.entries();
        let with_token = all
            .iter()
            .filter(|l| l.private_token || l.authorization)
            .count();
        let list: Vec<Value> = all
            .iter()
            .map(|l| {
                json!({
                    "method": l.method,
                    "path": l.path,
                    "private_token": l.private_token,
                    "authorization": l.authorization,
                })
            })
            .collect();
        json!({"requests": all.len(), "with_token": with_token, "leaks": list})
    }
    /// Handles one request to `/leak/*`: a permissive preflight, or record and answer `[]`.
    pub fn handle(&self, req: &Request) -> Response {
        if req.method() == Method::OPTIONS {
            return permissive_preflight(req.headers());
        }
        let h = req.headers();
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(Leak {
            method: req.method().to_string(),
            path: req.uri().path().to_string(),
            private_token: h.contains_key("private-token"),
            authorization: h.contains_key(header::AUTHORIZATION),
        });
        let mut r = json(StatusCode::OK, json!([]));
        r.headers_mut()
            .insert("access-control-allow-origin", HeaderValue::from_static("*"));
        r
    }
}

/// A preflight that allows any origin, method and asked-for header (no credentials).
pub fn permissive_preflight(request_headers: &HeaderMap) -> Response {
    let mut r = empty(StatusCode::NO_CONTENT);
    let h = r.headers_mut();
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
    );
    if let Some(asked) = request_headers.get("access-control-request-headers") {
        h.insert("access-control-allow-headers", asked.clone());
    }
    h.insert("access-control-max-age", HeaderValue::from_static("600"));
    r
}

/// The routes of this module on the API listener.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__sim/requests", get(requests).delete(clear_requests))
        .route("/__sim/leaks", get(leaks).delete(clear_leaks))
        .route("/redirect/{*rest}", any(redirect))
        .route("/leak/{*rest}", any(leak))
}

fn with_cors(mut r: Response) -> Response {
    r.headers_mut()
        .insert("access-control-allow-origin", HeaderValue::from_static("*"));
    r
}

async fn requests(State(s): State<AppState>) -> Response {
    let list: Vec<Value> = s
        .0
        .log
        .entries()
        .into_iter()
        .map(|e| {
            json!({"n": e.n, "method": e.method, "path": e.path, "query": e.query, "status": e.status})
        })
        .collect();
    with_cors(json(StatusCode::OK, Value::Array(list)))
}

async fn clear_requests(State(s): State<AppState>) -> Response {
    s.0.log.clear();
    with_cors(empty(StatusCode::NO_CONTENT))
}

async fn leaks(State(s): State<AppState>) -> Response {
    with_cors(json(StatusCode::OK, s.0.leaks.summary()))
}

async fn clear_leaks(State(s): State<AppState>) -> Response {
    s.0.leaks.clear();
    with_cors(empty(StatusCode::NO_CONTENT))
}

/// Where the redirect trap points: the app listener's origin when it serves the app, else this one.
pub fn leak_origin(s: &AppState) -> String {
    let cfg = s.cfg();
    if cfg.app_dir.is_some() {
        crate::public_base(&cfg.app_addr)
    } else {
        crate::public_base(&cfg.addr)
    }
}

async fn redirect(State(s): State<AppState>, req: Request) -> Response {
    if req.method() == Method::OPTIONS {
        return permissive_preflight(req.headers());
    }
    let rest = req
        .uri()
        .path()
        .strip_prefix("/redirect")
        .unwrap_or_default();
    let query = req
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let location = format!("{}/leak{rest}{query}", leak_origin(&s));
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    with_cors(r)
}

async fn leak(State(s): State<AppState>, req: Request) -> Response {
    s.0.leaks.handle(&req)
}
