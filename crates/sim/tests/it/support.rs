//! Test helpers: an in-process simulator, request shortcuts per forge, and `check`-style assertions.

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use axum::Router;
use forge_sim::{app, AppState, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "demo-token";

pub struct Sim {
    pub state: AppState,
    pub router: Router,
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn array(&self) -> &Vec<Value> {
        self.body
            .as_array()
            .unwrap_or_else(|| panic!("not an array: {}", self.text))
    }
}

pub fn sim() -> Sim {
    sim_with(|_| {})
}

pub fn sim_with(f: impl FnOnce(&mut Config)) -> Sim {
    let mut cfg = Config {
        log: false,
        ..Config::default()
    };
    f(&mut cfg);
    let state = AppState::new(cfg);
    Sim {
        router: app(state.clone()),
        state,
    }
}

impl Sim {
    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            body,
            text,
        }
    }

    /// A raw call: method, full path, extra headers, body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Resp {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1:8090");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let req = match body {
            Some((ctype, text)) => b.header("content-type", ctype).body(Body::from(text)),
            None => b.body(Body::empty()),
        }
        .expect("request");
        self.send(req).await
    }

    /// GitLab call as the demo user; `path` is below `/api/v4`.
    pub async fn gl(&self, method: &str, path: &str) -> Resp {
        self.gl_as(TOKEN, method, path, None).await
    }
    /// GitLab call with a form body.
    pub async fn gl_form(&self, method: &str, path: &str, form: &str) -> Resp {
        self.gl_as(TOKEN, method, path, Some(form)).await
    }
    pub async fn gl_as(&self, token: &str, method: &str, path: &str, form: Option<&str>) -> Resp {
        let body = form.map(|f| ("application/x-www-form-urlencoded", f.to_string()));
        self.call(
            method,
            &format!("/api/v4{path}"),
            &[("private-token", token)],
            body,
        )
        .await
    }
    pub async fn gl_json(&self, method: &str, path: &str, v: Value) -> Resp {
        self.call(
            method,
            &format!("/api/v4{path}"),
            &[("authorization", "Bearer demo-token")],
            Some(("application/json", v.to_string())),
        )
        .await
    }
    /// GitHub call as the demo user; `path` is below `/github`.
    pub async fn gh(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        self.gh_as(TOKEN, method, path, body).await
    }
    pub async fn gh_as(&self, token: &str, method: &str, path: &str, body: Option<Value>) -> Resp {
        let auth = format!("Bearer {token}");
        self.call(
            method,
            &format!("/github{path}"),
            &[
                ("authorization", auth.as_str()),
                ("accept", "application/vnd.github+json"),
            ],
            body.map(|b| ("application/json", b.to_string())),
        )
        .await
    }
}

/// Asserts status and the whole JSON body.
#[track_caller]
pub fn check(r: &Resp, status: u16, body: Value) {
    assert_eq!(r.status, status, "status of {}", r.text);
    assert_eq!(r.body, body, "body");
}

/// Asserts only the status.
#[track_caller]
pub fn check_status(r: &Resp, status: u16) {
    assert_eq!(r.status, status, "status of {}", r.text);
}

/// Asserts a header's exact value (`None`: absent).
#[track_caller]
pub fn check_header(r: &Resp, name: &str, value: Option<&str>) {
    assert_eq!(r.header(name), value, "header {name}");
}
