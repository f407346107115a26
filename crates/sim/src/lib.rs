//! forge-sim: a local stand-in for GitLab v4 and GitHub deployment/environment APIs (the library; `main.rs` only parses args).

#![recursion_limit = "256"]
// Handlers short-circuit with `ApiFailure` (a ready response) as the error, the usual axum style.
#![allow(clippy::result_large_err)]

pub mod cors;
pub mod etag;
pub mod failure;
pub mod frontdoor;
pub mod gh_checks;
pub mod github;
pub mod gitlab;
pub mod inspect;
pub mod oauth;
pub mod pagination;
pub mod req;
pub mod seed;
pub mod site;
pub mod store;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use axum::Router;
use serde_json::{json, Value};

pub use inspect::{Leaks, RequestLog};
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
    /// Before answering a deployments list for page 2 or later, add this many new deployments to
    /// that project or repository (offset pages shift, as while CI deploys).
    pub insert_per_list: usize,
    /// When > 0: an extra GitLab project `acme/big/monorepo` and GitHub repo `acme/monorepo`,
    /// each with this many environments.
    pub many_environments: usize,
    /// The app listener's `config.json` never answers.
    pub stall_config: bool,
    /// The app listener sends a file's precompressed copy (`<file>.br`, `<file>.gz`) to a
    /// browser that accepts it, as a production server would.
    pub precompressed: bool,
    /// Add `Retry-After` to both forges' `Access-Control-Expose-Headers` (neither forge exposes it).
    pub expose_retry_after: bool,
    /// The instant the seeded data is relative to (ms since the epoch): its newest deployments
    /// ended minutes before it, the oldest weeks before. `None`: the real clock when seeding,
    /// truncated to the minute. The same `seed` and `now` give the same data.
    pub now: Option<store::Ms>,
    /// Put the seeded OAuth application's id (`oauth_client_id`) on the GitLab source of the
    /// dashboard's config ("Sign in with GitLab"; the OAuth endpoints answer either way).
    pub oauth: bool,
    /// How long an OAuth access token lives, in seconds (GitLab: 7200).
    pub oauth_expires_in: u64,
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
            insert_per_list: 0,
            many_environments: 0,
            stall_config: false,
            precompressed: false,
            expose_retry_after: false,
            now: None,
            oauth: false,
            oauth_expires_in: 7200,
        }
    }
}

/// Shared state: configuration, the store behind one lock, a request counter (for faults), the
/// requests that just failed (their retry succeeds), the request log and the leak trap's findings.
#[derive(Debug)]
pub struct Shared {
    pub cfg: Config,
    pub store: RwLock<Store>,
    pub requests: AtomicU64,
    /// `METHOD path?query` of requests whose last answer was an injected fault.
    pub failed: Mutex<HashSet<String>>,
    pub log: RequestLog,
    /// Shared with the app listener, which serves `/leak/*` too.
    pub leaks: Arc<Leaks>,
    /// The OAuth provider's codes and tokens ([`oauth`]).
    pub oauth: oauth::OAuthStore,
    /// Bumped by every [`AppState::write`]: what was rendered before is stale.
    pub generation: AtomicU64,
    /// GitLab list items already rendered, by (project id, deployment id), for `generation`.
    pub rendered: Mutex<Rendered>,
}

/// Rendered JSON texts by (project id, deployment id), and the store generation they are of.
pub type Rendered = (u64, HashMap<(u64, u64), Arc<str>>);

#[derive(Clone, Debug)]
pub struct AppState(pub Arc<Shared>);

impl AppState {
    pub fn new(cfg: Config) -> Self {
        let store = seed(&cfg);
        AppState(Arc::new(Shared {
            cfg,
            store: RwLock::new(store),
            requests: AtomicU64::new(0),
            failed: Mutex::new(HashSet::new()),
            log: RequestLog::default(),
            leaks: Arc::new(Leaks::default()),
            oauth: oauth::OAuthStore::default(),
            generation: AtomicU64::new(0),
            rendered: Mutex::new((0, HashMap::new())),
        }))
    }
    pub fn cfg(&self) -> &Config {
        &self.0.cfg
    }
    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.0.store.read().unwrap_or_else(|e| e.into_inner())
    }
    /// The store, for a change: every rendered answer kept so far is dropped.
    pub fn write(&self) -> RwLockWriteGuard<'_, Store> {
        let guard = self.0.store.write().unwrap_or_else(|e| e.into_inner());
        self.0.generation.fetch_add(1, Ordering::SeqCst);
        guard
    }

    /// The JSON text of `key`'s list item, rendered by `render` once per store generation (a
    /// page of 100 GitLab deployments is 200 KB of JSON: rendering it again for every read made
    /// the simulator, not the client, the bottleneck of reading 100,000 rows). Call with the
    /// store read-locked, so no write lands between the generation check and the render.
    pub fn rendered(&self, key: (u64, u64), render: impl FnOnce() -> String) -> Arc<str> {
        let generation = self.0.generation.load(Ordering::SeqCst);
        let lock = || self.0.rendered.lock().unwrap_or_else(|e| e.into_inner());
        {
            let cache = lock();
            if let Some(text) = cache.1.get(&key).filter(|_| cache.0 == generation) {
                return text.clone();
            }
        }
        // Rendered without the cache's lock: other requests render their pages meanwhile.
        let text: Arc<str> = Arc::from(render());
        let mut cache = lock();
        if cache.0 != generation {
            *cache = (generation, HashMap::new());
        }
        cache.1.insert(key, text.clone());
        text
    }
}

/// The API router: GitLab under `/api/v4`, GitHub under `/github`, behind the front door (log, latency, faults, CORS, auth);
/// plus the redirect trap (`/redirect/*`), the leak trap (`/leak/*`) and the test inspection endpoints (`/__sim/*`).
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/api/v4", gitlab::routes())
        .nest("/github", github::routes())
        .merge(inspect::routes())
        .merge(oauth::routes())
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
    let mut repos: Vec<Value> = seed::REPOS
        .iter()
        .map(|(o, n)| Value::from(format!("{o}/{n}")))
        .collect();
    if cfg.many_environments > 0 {
        projects.push(Value::from(seed::MONOREPO_PROJECT));
        repos.push(Value::from(seed::MONOREPO_REPO));
    }
    // The seeded users act on GitLab (approvals, act-as): each token is bound to that source, so
    // the dashboard never offers it for another one.
    let users: Vec<Value> = seed::USERS
        .iter()
        .map(|(u, _, level)| {
            json!({"username": u, "token": seed::user_token(cfg, u), "source": "demo-gitlab", "role": seed::role_name(*level)})
        })
        .collect();
    let mut gitlab = json!({"id": "demo-gitlab", "name": "Demo GitLab", "kind": "gitlab", "api_url": format!("{base}/api/v4"), "token": cfg.token, "projects": projects});
    if cfg.oauth {
        gitlab["oauth_client_id"] = Value::from(oauth::DEMO_CLIENT_ID);
    }
    json!({
        "sources": [
            gitlab,
            {"id": "demo-github", "name": "Demo GitHub", "kind": "github", "api_url": format!("{base}/github"), "token": cfg.token, "repos": repos},
        ],
        "users": users,
    })
}
