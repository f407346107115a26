//! Request plumbing shared by both forges: the `Req` extractor (query + JSON/form body params, host, raw path, caller) and JSON responses.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::AppState;

/// Who is calling (set by the front door after checking the token).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Auth {
    pub user: usize,
    pub read_only: bool,
}

/// The request's path as sent (still percent-encoded, with any mount prefix), set by the front door.
#[derive(Clone, Debug)]
pub struct RawPath(pub String);

/// A parameter that should have been a boolean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotBool;

/// Parameters from the query string and the body (body wins), as JSON values (form values are strings).
#[derive(Clone, Debug, Default)]
pub struct Params(pub Vec<(String, Value)>);

impl Params {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// A scalar as text (numbers and booleans too).
    pub fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    /// A present, non-blank scalar.
    pub fn present(&self, key: &str) -> Option<String> {
        self.str(key).filter(|s| !s.trim().is_empty())
    }
    /// A boolean: `Ok(None)` when absent, `Err(NotBool)` when not a boolean.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, NotBool> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) => match s.as_str() {
                "true" | "1" | "t" | "yes" => Ok(Some(true)),
                "false" | "0" | "f" | "no" => Ok(Some(false)),
                _ => Err(NotBool),
            },
            Some(Value::Number(n)) => Ok(Some(n.as_i64() != Some(0))),
            _ => Err(NotBool),
        }
    }
}

/// One request, ready for a handler.
#[derive(Debug)]
pub struct Req {
    pub host: String,
    pub raw_path: String,
    pub query: Vec<(String, String)>,
    pub params: Params,
    /// The JSON body when it was JSON.
    pub json: Option<Value>,
    pub body_invalid: bool,
    pub auth: Auth,
    pub headers: HeaderMap,
}

impl FromRequest<AppState> for Req {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|e| e.into_response())?;
        let query: Vec<(String, String)> = parts
            .uri
            .query()
            .map(|q| serde_urlencoded::from_str(q).unwrap_or_default())
            .unwrap_or_default();
        let mut params = Params(
            query
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        );
        let ctype = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut json = None;
        let mut body_invalid = false;
        let text = std::str::from_utf8(&bytes).unwrap_or("").trim();
        if !text.is_empty() {
            if ctype.contains("json") || (!ctype.contains("form") && text.starts_with('{')) {
                match serde_json::from_str::<Value>(text) {
                    Ok(v) => {
                        if let Value::Object(m) = &v {
                            for (k, val) in m {
                                params.0.push((k.clone(), val.clone()));
                            }
                        }
                        json = Some(v);
                    }
                    Err(_) => body_invalid = true,
                }
            } else {
                let form: Vec<(String, String)> =
                    serde_urlencoded::from_str(text).unwrap_or_default();
                for (k, v) in form {
                    params.0.push((k, Value::String(v)));
                }
            }
        }
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .unwrap_or_else(|| "localhost".into());
        let raw_path = parts
            .extensions
            .get::<RawPath>()
            .map(|p| p.0.clone())
            .unwrap_or_else(|| parts.uri.path().to_string());
        let auth = parts.extensions.get::<Auth>().copied().unwrap_or(Auth {
            user: 0,
            read_only: false,
        });
        Ok(Req {
            host,
            raw_path,
            query,
            params,
            json,
            body_invalid,
            auth,
            headers: parts.headers,
        })
    }
}

/// A JSON response.
pub fn json(status: StatusCode, v: Value) -> Response {
    json_text(status, v.to_string())
}

/// A JSON answer from its text.
pub fn json_text(status: StatusCode, text: String) -> Response {
    let mut r = Response::new(Body::from(text));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// An empty response (204 and the like).
pub fn empty(status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}
