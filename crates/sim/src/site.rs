//! The second listener: the dashboard's static files under `--app-base`, with `config.json` served from memory.

use std::path::{Component, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;

#[derive(Clone, Debug)]
pub struct Site {
    pub dir: PathBuf,
    /// Always starts and ends with `/`.
    pub base: String,
    pub config_json: String,
    pub log: bool,
}

/// Normalises `--app-base` to `/…/`.
pub fn normalize_base(base: &str) -> String {
    let t = base.trim().trim_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        format!("/{t}/")
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn respond(status: StatusCode, ctype: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

async fn serve(State(site): State<Arc<Site>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let resp = serve_path(&site, &path).await;
    if site.log {
        eprintln!("app {} {} {}", req.method(), path, resp.status().as_u16());
    }
    resp
}

async fn serve_path(site: &Site, path: &str) -> Response {
    let not_found = || {
        respond(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            b"Not Found".to_vec(),
        )
    };
    let rel = if path == site.base.trim_end_matches('/') {
        ""
    } else if let Some(r) = path.strip_prefix(site.base.as_str()) {
        r
    } else {
        return not_found();
    };
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let rel_path = PathBuf::from(rel);
    if rel_path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return not_found();
    }
    let file = site.dir.join(&rel_path);
    if rel == "config.json" && !file.is_file() {
        return respond(
            StatusCode::OK,
            "application/json",
            site.config_json.clone().into_bytes(),
        );
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => respond(StatusCode::OK, content_type(rel), bytes),
        Err(_) if !rel.rsplit('/').next().unwrap_or("").contains('.') => {
            // A client-side route: hand back the app.
            match tokio::fs::read(site.dir.join("index.html")).await {
                Ok(bytes) => respond(StatusCode::OK, "text/html; charset=utf-8", bytes),
                Err(_) => not_found(),
            }
        }
        Err(_) => not_found(),
    }
}

/// The static-site router.
pub fn router(site: Site) -> Router {
    Router::new().fallback(serve).with_state(Arc::new(site))
}
