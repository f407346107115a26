//! The second listener: the dashboard's static files under `--app-base`, with `config.json` served from memory.
//!
//! Every answer carries a strict Content-Security-Policy (see [`content_security_policy`]),
//! `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`. With `--precompressed`
//! it sends a release build's `.br`/`.gz` copies to browsers that accept them. It also hosts
//! the leak trap (`/leak/*`, see [`crate::inspect`]) that the API's redirect trap points to.

use std::path::{Component, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::any;
use axum::Router;

use crate::inspect::Leaks;
use crate::{public_base, Config};

#[derive(Clone, Debug)]
pub struct Site {
    pub dir: PathBuf,
    /// Always starts and ends with `/`.
    pub base: String,
    pub config_json: String,
    pub log: bool,
    /// The `Content-Security-Policy` of every answer.
    pub csp: String,
    /// `config.json` never answers (`--stall-config`).
    pub stall_config: bool,
    /// Precompressed copies are sent to browsers that accept them (`--precompressed`).
    pub precompressed: bool,
    /// Shared with the API listener, which reports them at `/__sim/leaks`.
    pub leaks: Arc<Leaks>,
}

impl Site {
    /// The site `--app-dir DIR` serves for this configuration: `config_json` is the simulator's
    /// own dashboard config (served when DIR has no `config.json`).
    pub fn new(cfg: &Config, dir: PathBuf, config_json: String, leaks: Arc<Leaks>) -> Site {
        let served = std::fs::read_to_string(dir.join("config.json"))
            .unwrap_or_else(|_| config_json.clone());
        let mut origins = vec![public_base(&cfg.addr)];
        for o in api_origins(&served) {
            if !origins.contains(&o) {
                origins.push(o);
            }
        }
        Site {
            dir,
            base: normalize_base(&cfg.app_base),
            config_json,
            log: cfg.log,
            csp: content_security_policy(&origins),
            stall_config: cfg.stall_config,
            precompressed: cfg.precompressed,
            leaks,
        }
    }
}

/// The policy the dashboard runs under: nothing inline, scripts and styles only from files beside
/// `index.html`, wasm compilation allowed, and network access only to itself and `connect` (the
/// API origins, e.g. `http://127.0.0.1:8090`).
pub fn content_security_policy(connect: &[String]) -> String {
    let mut connect_src = String::from("'self'");
    for origin in connect {
        connect_src.push(' ');
        connect_src.push_str(origin);
    }
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: https:; connect-src {connect_src}; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'self'"
    )
}

/// The origins (`scheme://host[:port]`) of every `sources[].api_url` in a dashboard config.
pub fn api_origins(config_json: &str) -> Vec<String> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(config_json) else {
        return vec![];
    };
    let mut out: Vec<String> = vec![];
    for source in v["sources"].as_array().into_iter().flatten() {
        let Some(url) = source["api_url"].as_str() else {
            continue;
        };
        let Some((scheme, rest)) = url.trim().split_once("://") else {
            continue;
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let scheme = scheme.to_ascii_lowercase();
        if host.is_empty()
            || !matches!(scheme.as_str(), "http" | "https")
            || host.contains(|c: char| c.is_whitespace() || c == ';' || c == ',' || c == '@')
        {
            continue;
        }
        let origin = format!("{scheme}://{}", host.to_ascii_lowercase());
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    out
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

/// Adds the security headers every answer of the app listener carries.
fn secure(site: &Site, mut resp: Response) -> Response {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&site.csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

async fn serve(State(site): State<Arc<Site>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let accepts = if site.precompressed {
        Accepts::of(req.headers())
    } else {
        Accepts::default()
    };
    let resp = secure(&site, serve_path(&site, &path, accepts).await);
    if site.log {
        eprintln!("app {} {} {}", req.method(), path, resp.status().as_u16());
    }
    resp
}

async fn leak(State(site): State<Arc<Site>>, req: Request) -> Response {
    if site.log {
        eprintln!("app {} {} (leak trap)", req.method(), req.uri().path());
    }
    secure(&site, site.leaks.handle(&req))
}

/// Which precompressed copies (`<file>.br`, `<file>.gz`, written beside every asset of a release
/// build) the browser takes, from its `Accept-Encoding`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Accepts {
    br: bool,
    gzip: bool,
}

impl Accepts {
    fn of(headers: &header::HeaderMap) -> Accepts {
        let mut accepts = Accepts::default();
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            for coding in value.to_str().unwrap_or("").split(',') {
                let mut parts = coding.split(';');
                let name = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| {
                    let p = p.trim().replace(' ', "");
                    p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
                });
                match name {
                    "br" if !refused => accepts.br = true,
                    "gzip" if !refused => accepts.gzip = true,
                    _ => {}
                }
            }
        }
        accepts
    }
}

/// The precompressed copy of `file` the browser accepts (brotli first), if there is one.
async fn precompressed(
    file: &std::path::Path,
    accepts: Accepts,
) -> Option<(Vec<u8>, &'static str)> {
    for (ok, ext, coding) in [(accepts.br, "br", "br"), (accepts.gzip, "gz", "gzip")] {
        if !ok {
            continue;
        }
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        if let Ok(bytes) = tokio::fs::read(&name).await {
            return Some((bytes, coding));
        }
    }
    None
}

async fn serve_path(site: &Site, path: &str, accepts: Accepts) -> Response {
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
    if rel == "config.json" && site.stall_config {
        std::future::pending::<()>().await;
    }
    if rel == "config.json" && !file.is_file() {
        return respond(
            StatusCode::OK,
            "application/json",
            site.config_json.clone().into_bytes(),
        );
    }
    if file.is_file() {
        if let Some((bytes, coding)) = precompressed(&file, accepts).await {
            let mut r = respond(StatusCode::OK, content_type(rel), bytes);
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            r.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
            return r;
        }
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
    Router::new()
        .route("/leak/{*rest}", any(leak))
        .fallback(serve)
        .with_state(Arc::new(site))
}
