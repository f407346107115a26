//! forge-sim: a local stand-in for GitLab v4 and GitHub deployment/environment APIs (the library; `main.rs` only parses args).

#![recursion_limit = "256"]
// Handlers short-circuit with a ready `Response` as the error, the usual axum style.
#![allow(clippy::result_large_err)]

pub mod cors;
pub mod frontdoor;
pub mod github;
pub mod gitlab;
pub mod pagination;
pub mod req;
pub mod seed;
pub mod site;
pub mod store;

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::Router;
use serde_json::{json, Value};

pub use seed::seed;
pub use store::Store;

/// Everything the command line sets.
#[derive(Clone, Debug)]
pub struct Config {
    pub addr: String,
    pub token: String,
    pub read_only_token: String,
    pub seed: u64,
    pub projects: usize,
    pub deployments: usize,
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub dump_config: Option<PathBuf>,
    pub app_dir: Option<PathBuf>,
    pub app_addr: String,
    pub app_base: String,
    /// Log one line per request to stderr.
    pub log: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: "127.0.0.1:8090".into(),
            token: "demo-token".into(),
            read_only_token: "read-only-token".into(),
            seed: 1,
            projects: 4,
            deployments: 240,
            latency_ms: 0,
            fail_rate: 0.0,
            dump_config: None,
            app_dir: None,
            app_addr: "127.0.0.1:8080".into(),
            app_base: "/".into(),
            log: true,
        }
    }
}

/// Shared state: configuration, the store behind one lock, and a request counter (for faults).
#[derive(Debug)]
pub struct Shared {
    pub cfg: Config,
    pub store: RwLock<Store>,
    pub requests: AtomicU64,
}

#[derive(Clone, Debug)]
pub struct AppState(pub Arc<Shared>);

impl AppState {
    pub fn new(cfg: Config) -> Self {
        let store = seed(&cfg);
        AppState(Arc::new(Shared {
            cfg,
            store: RwLock::new(store),
            requests: AtomicU64::new(0),
        }))
    }
    pub fn cfg(&self) -> &Config {
        &self.0.cfg
    }
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.0.store.read().unwrap_or_else(|e| e.into_inner())
    }
    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.0.store.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// The API router: GitLab under `/api/v4`, GitHub under `/github`, behind the front door (log, latency, faults, CORS, auth).
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api/v4", gitlab::routes())
        .nest("/github", github::routes())
        .fallback(|| async { (axum::http::StatusCode::NOT_FOUND, "Not Found") })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            frontdoor::frontdoor,
        ))
        .with_state(state)
}

/// The base URL clients use for an address (`0.0.0.0` becomes `127.0.0.1`).
pub fn public_base(addr: &str) -> String {
    let a = addr
        .replace("0.0.0.0", "127.0.0.1")
        .replace("[::]", "[::1]");
    format!("http://{a}")
}

/// The dashboard's `config.json`: both sources and the seeded users' tokens.
pub fn dashboard_config(cfg: &Config) -> Value {
    let base = public_base(&cfg.addr);
    let mut projects = vec![Value::from("1")];
    for i in 1..cfg.projects.max(1) {
        projects.push(Value::from(seed::project_path(i)));
    }
    let repos: Vec<Value> = seed::REPOS
        .iter()
        .map(|(o, n)| Value::from(format!("{o}/{n}")))
        .collect();
    let users: Vec<Value> = seed::USERS
        .iter()
        .map(|(u, _, _)| json!({"username": u, "token": seed::user_token(cfg, u)}))
        .collect();
    json!({
        "sources": [
            {"name": "Demo GitLab", "kind": "gitlab", "api_url": format!("{base}/api/v4"), "token": cfg.token, "projects": projects},
            {"name": "Demo GitHub", "kind": "github", "api_url": format!("{base}/github"), "token": cfg.token, "repos": repos},
        ],
        "users": users,
    })
}
