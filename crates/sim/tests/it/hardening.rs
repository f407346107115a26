//! The simulator's hardening-test features: the app listener's security headers and stalled
//! `config.json`, retries after injected faults, pages that shift while read
//! (`--insert-per-list`), lists over 100 (`--many-environments`), the redirect and leak traps and
//! the request log.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use forge_sim::site::{api_origins, content_security_policy, Site};
use forge_sim::{Config, Leaks};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::support::*;

const CSP_8090: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: https:; connect-src 'self' http://127.0.0.1:8090; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// A temporary app folder with an `index.html`, a module, a wasm file and a stylesheet.
fn app_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("forge-sim-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>app</html>").unwrap();
    std::fs::write(dir.join("init.js"), "import './app.js';").unwrap();
    std::fs::write(dir.join("app.wasm"), [0u8, 97, 115, 109]).unwrap();
    std::fs::write(dir.join("main.css"), "body{}").unwrap();
    dir
}

fn site_router(cfg: &Config, dir: &std::path::Path, leaks: Arc<Leaks>) -> Router {
    let config = serde_json::to_string(&forge_sim::dashboard_config(cfg)).unwrap();
    forge_sim::site::router(Site::new(cfg, dir.to_path_buf(), config, leaks))
}

async fn get(router: &Router, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
    let mut b = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let r = router
        .clone()
        .oneshot(b.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let bytes = r.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).to_string();
    Resp {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
        text,
    }
}

#[tokio::test]
async fn every_app_answer_carries_the_strict_policy_and_real_types() {
    let dir = app_dir("csp");
    let cfg = Config {
        log: false,
        app_base: "/shipboard/".into(),
        ..Config::default()
    };
    let router = site_router(&cfg, &dir, Arc::default());
    for (path, ctype) in [
        ("/shipboard/", "text/html; charset=utf-8"),
        ("/shipboard/init.js", "text/javascript; charset=utf-8"),
        ("/shipboard/app.wasm", "application/wasm"),
        ("/shipboard/main.css", "text/css; charset=utf-8"),
        ("/shipboard/config.json", "application/json"),
        ("/shipboard/missing.png", "text/plain; charset=utf-8"),
        ("/elsewhere", "text/plain; charset=utf-8"),
    ] {
        let r = get(&router, "GET", path, &[]).await;
        check_header(&r, "content-type", Some(ctype));
        check_header(&r, "content-security-policy", Some(CSP_8090));
        check_header(&r, "x-content-type-options", Some("nosniff"));
        check_header(&r, "referrer-policy", Some("no-referrer"));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_policy_lists_the_api_origin_and_those_of_a_served_config() {
    assert_eq!(
        content_security_policy(&["http://127.0.0.1:8090".into()]),
        CSP_8090
    );
    let config = r#"{"sources":[
        {"kind":"gitlab","api_url":"https://GitLab.example.com:8443/api/v4"},
        {"kind":"github","api_url":"https://api.github.com"},
        {"kind":"gitlab","api_url":"https://gitlab.example.com:8443/other/api/v4"},
        {"kind":"gitlab","api_url":"javascript:alert(1)"},
        {"kind":"gitlab","api_url":"https://x; script-src *"}]}"#;
    assert_eq!(
        api_origins(config),
        ["https://gitlab.example.com:8443", "https://api.github.com"]
    );
    assert!(api_origins("not json").is_empty());
    // A config.json in the app folder widens connect-src to its API origins.
    let dir = app_dir("csp-config");
    std::fs::write(
        dir.join("config.json"),
        r#"{"sources":[{"kind":"gitlab","api_url":"http://127.0.0.1:9/api/v4"}]}"#,
    )
    .unwrap();
    let cfg = Config {
        log: false,
        ..Config::default()
    };
    let site = Site::new(&cfg, dir.clone(), String::new(), Arc::default());
    assert!(
        site.csp
            .contains("connect-src 'self' http://127.0.0.1:8090 http://127.0.0.1:9;"),
        "{}",
        site.csp
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_stalled_config_never_answers_but_the_rest_does() {
    let dir = app_dir("stall");
    let cfg = Config {
        log: false,
        stall_config: true,
        ..Config::default()
    };
    let router = site_router(&cfg, &dir, Arc::default());
    let stalled = tokio::time::timeout(
        Duration::from_millis(300),
        get(&router, "GET", "/config.json", &[]),
    )
    .await;
    assert!(stalled.is_err(), "config.json answered: {stalled:?}");
    assert_eq!(get(&router, "GET", "/", &[]).await.text, "<html>app</html>");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_failed_request_succeeds_when_retried() {
    let sim = sim_with(|c| c.fail_rate = 0.7);
    let mut faults = HashSet::new();
    for i in 0..60 {
        let path = format!("/projects/1/deployments?page={}", i % 3 + 1);
        let r = sim.gl("GET", &path).await;
        if r.status == 200 {
            continue;
        }
        faults.insert(r.status);
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert!(r.header("access-control-expose-headers").is_some());
        if r.status == 429 || r.status == 503 {
            check_header(&r, "retry-after", Some("1"));
        }
        check_status(&sim.gl("GET", &path).await, 200);
    }
    assert!(faults.contains(&503) && faults.contains(&429), "{faults:?}");
    // GitHub too.
    let r = sim.gh("GET", "/repos/acme/shop/environments", None).await;
    if r.status != 200 {
        check_status(
            &sim.gh("GET", "/repos/acme/shop/environments", None).await,
            200,
        );
    }
    // Rate 1: the server is down, retries fail too.
    let down = sim_with(|c| c.fail_rate = 1.0);
    for _ in 0..4 {
        assert_ne!(down.gl("GET", "/projects/1/environments").await.status, 200);
    }
}

#[tokio::test]
async fn retry_after_is_exposed_only_on_request() {
    let plain = sim_with(|c| c.fail_rate = 1.0);
    let flagged = sim_with(|c| {
        c.fail_rate = 1.0;
        c.expose_retry_after = true;
    });
    let gl = plain.gl("GET", "/projects/1/environments").await;
    assert!(!gl
        .header("access-control-expose-headers")
        .unwrap()
        .contains("Retry-After"));
    let gl = flagged.gl("GET", "/projects/1/environments").await;
    assert!(gl
        .header("access-control-expose-headers")
        .unwrap()
        .ends_with(", X-Request-Id, ETag, Retry-After"));
    let gh = flagged
        .gh("GET", "/repos/acme/shop/deployments", None)
        .await;
    assert!(gh
        .header("access-control-expose-headers")
        .unwrap()
        .ends_with("X-Poll-Interval, Retry-After"));
}

fn ids(r: &Resp) -> Vec<u64> {
    r.array()
        .iter()
        .map(|d| d["id"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn gitlab_pages_shift_when_deployments_arrive_between_them() {
    let sim = sim_with(|c| c.insert_per_list = 2);
    let list = "/projects/1/deployments?order_by=id&sort=desc&per_page=10";
    let p1 = sim.gl("GET", &format!("{list}&page=1")).await;
    let p1_again = sim.gl("GET", &format!("{list}&page=1")).await;
    assert_eq!(ids(&p1), ids(&p1_again), "page 1 inserts nothing");
    assert_eq!(p1.header("x-total"), Some("240"));
    let p2 = sim.gl("GET", &format!("{list}&page=2")).await;
    assert_eq!(p2.header("x-total"), Some("242"));
    // Two new ones pushed everything down: page 2 starts with page 1's last two.
    assert_eq!(ids(&p2)[..2], ids(&p1)[8..]);
    let p1_now = sim.gl("GET", &format!("{list}&page=1")).await;
    assert_eq!(ids(&p1_now)[2..], ids(&p1)[..8]);
    assert!(ids(&p1_now)[0] > ids(&p1)[0]);
    // In the filtered environment and status, with a known user and no job.
    let f = "/projects/1/deployments?environment=staging&status=failed&sort=desc&per_page=5";
    let before = sim.gl("GET", &format!("{f}&page=1")).await;
    sim.gl("GET", &format!("{f}&page=2")).await;
    let after = sim.gl("GET", &format!("{f}&page=1")).await;
    assert_eq!(ids(&after)[2..], ids(&before)[..3]);
    let newest = &after.array()[0];
    assert_eq!(newest["environment"]["name"], "staging");
    assert_eq!(newest["status"], "failed");
    assert_eq!(newest["user"]["username"], "deploy-bot");
    assert!(newest["deployable"].is_null());
    let detail = sim
        .gl("GET", &format!("/projects/1/deployments/{}", newest["id"]))
        .await;
    check_status(&detail, 200);
    // Off by default.
    let plain = crate::support::sim();
    plain.gl("GET", &format!("{list}&page=2")).await;
    assert_eq!(
        plain
            .gl("GET", &format!("{list}&page=1"))
            .await
            .header("x-total"),
        Some("240")
    );
}

#[tokio::test]
async fn github_pages_shift_when_deployments_arrive_between_them() {
    let sim = sim_with(|c| c.insert_per_list = 1);
    let list = "/repos/acme/shop/deployments?per_page=10";
    let p1 = sim.gh("GET", &format!("{list}&page=1"), None).await;
    let p2 = sim.gh("GET", &format!("{list}&page=2"), None).await;
    assert_eq!(ids(&p2)[0], ids(&p1)[9]);
    let p1_now = sim.gh("GET", &format!("{list}&page=1"), None).await;
    assert_eq!(ids(&p1_now)[1..], ids(&p1)[..9]);
    let newest = ids(&p1_now)[0];
    let statuses = sim
        .gh(
            "GET",
            &format!("/repos/acme/shop/deployments/{newest}/statuses"),
            None,
        )
        .await;
    assert_eq!(statuses.array()[0]["state"], "success");
    let f = "/repos/acme/shop/deployments?environment=staging&per_page=3";
    sim.gh("GET", &format!("{f}&page=2"), None).await;
    let r = sim.gh("GET", &format!("{f}&page=1"), None).await;
    assert_eq!(r.array()[0]["environment"], "staging");
    assert_eq!(r.array()[0]["creator"]["login"], "deploy-bot");
}

#[tokio::test]
async fn many_environments_add_a_monorepo_to_each_forge() {
    let sim = sim_with(|c| c.many_environments = 250);
    let project = sim.gl("GET", "/projects/acme%2Fbig%2Fmonorepo").await;
    check_status(&project, 200);
    assert_eq!(project.body["id"], 5, "one past the four seeded projects");
    let mut names = vec![];
    for page in 1..=3 {
        let r = sim
            .gl(
                "GET",
                &format!("/projects/5/environments?per_page=100&page={page}"),
            )
            .await;
        assert_eq!(r.header("x-total"), Some("250"));
        names.extend(
            r.array()
                .iter()
                .map(|e| e["name"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(names.len(), 250);
    assert_eq!(names.iter().collect::<HashSet<_>>().len(), 250);
    assert_eq!(names[..3], ["production", "staging", "review/feature-3"]);
    let top_level = names.iter().filter(|n| !n.contains('/')).count();
    assert!((20..=40).contains(&top_level), "{top_level}");
    let deployments = sim.gl("GET", "/projects/5/deployments?per_page=1").await;
    assert_eq!(deployments.header("x-total"), Some("250"));

    let mut gh_names = vec![];
    for page in 1..=3 {
        let r = sim
            .gh(
                "GET",
                &format!("/repos/acme/monorepo/environments?per_page=100&page={page}"),
                None,
            )
            .await;
        assert_eq!(r.body["total_count"], 250);
        gh_names.extend(
            r.body["environments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["name"].as_str().unwrap().to_string()),
        );
    }
    assert_eq!(gh_names.iter().collect::<HashSet<_>>().len(), 250);
    let config = forge_sim::dashboard_config(&Config {
        many_environments: 250,
        ..Config::default()
    });
    assert_eq!(config["sources"][0]["projects"][4], "acme/big/monorepo");
    assert_eq!(config["sources"][1]["repos"][3], "acme/monorepo");

    // Without the flag nothing changes: same projects, repos, ids and data.
    let plain = crate::support::sim();
    check_status(&plain.gl("GET", "/projects/5").await, 404);
    check_status(
        &plain
            .gh("GET", "/repos/acme/monorepo/environments", None)
            .await,
        404,
    );
    for path in [
        "/projects/1/deployments?per_page=100",
        "/projects/4/environments",
    ] {
        assert_eq!(
            plain.gl("GET", path).await.text,
            sim.gl("GET", path).await.text
        );
    }
    let shop = "/repos/acme/docs/deployments?per_page=100";
    assert_eq!(
        plain.gh("GET", shop, None).await.text,
        sim.gh("GET", shop, None).await.text
    );
    let config = forge_sim::dashboard_config(&Config::default());
    assert_eq!(
        config["sources"][0]["projects"].as_array().unwrap().len(),
        4
    );
    assert_eq!(config["sources"][1]["repos"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_redirect_trap_sends_tokens_to_the_leak_trap() {
    let sim = sim_with(|c| {
        c.app_dir = Some("/nonexistent".into());
        c.app_addr = "127.0.0.1:8080".into();
    });
    let pre = sim
        .call(
            "OPTIONS",
            "/redirect/api/v4/projects/1/deployments?page=2",
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "private-token"),
            ],
            None,
        )
        .await;
    assert!(pre.status == 204 || pre.status == 200);
    check_header(&pre, "access-control-allow-origin", Some("*"));
    check_header(&pre, "access-control-allow-headers", Some("private-token"));
    let r = sim
        .call(
            "GET",
            "/redirect/api/v4/projects/1/deployments?page=2",
            &[("private-token", "demo-token")],
            None,
        )
        .await;
    check_status(&r, 302);
    check_header(
        &r,
        "location",
        Some("http://127.0.0.1:8080/leak/api/v4/projects/1/deployments?page=2"),
    );
    check_header(&r, "access-control-allow-origin", Some("*"));

    // The trap on the API listener itself (the one without an app) records header names only.
    let none = sim.call("GET", "/leak/github/user", &[], None).await;
    check_status(&none, 200);
    check_header(&none, "access-control-allow-origin", Some("*"));
    sim.call(
        "GET",
        "/leak/api/v4/projects/1",
        &[("private-token", "demo-token")],
        None,
    )
    .await;
    sim.call(
        "GET",
        "/leak/github/user",
        &[("authorization", "Bearer demo-token")],
        None,
    )
    .await;
    let leaks = sim.call("GET", "/__sim/leaks", &[], None).await;
    check(
        &leaks,
        200,
        json!({"requests": 3, "with_token": 2, "leaks": [
            {"method": "GET", "path": "/leak/github/user", "private_token": false, "authorization": false},
            {"method": "GET", "path": "/leak/api/v4/projects/1", "private_token": true, "authorization": false},
            {"method": "GET", "path": "/leak/github/user", "private_token": false, "authorization": true},
        ]}),
    );
    assert!(!leaks.text.contains("demo-token"));
    check_status(&sim.call("DELETE", "/__sim/leaks", &[], None).await, 204);
    let leaks = sim.call("GET", "/__sim/leaks", &[], None).await;
    assert_eq!(leaks.body["requests"], 0);

    // Without an app listener the redirect points at this listener's own trap.
    let alone = crate::support::sim();
    let r = alone.call("GET", "/redirect/github/user", &[], None).await;
    check_header(
        &r,
        "location",
        Some("http://127.0.0.1:8090/leak/github/user"),
    );
}

#[tokio::test]
async fn the_app_listener_shares_the_leak_trap() {
    let dir = app_dir("leak");
    let leaks: Arc<Leaks> = Arc::default();
    let cfg = Config {
        log: false,
        app_base: "/shipboard/".into(),
        ..Config::default()
    };
    let router = site_router(&cfg, &dir, leaks.clone());
    let pre = get(
        &router,
        "OPTIONS",
        "/leak/api/v4/projects/1/deployments",
        &[
            ("origin", "null"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "private-token"),
        ],
    )
    .await;
    check_header(&pre, "access-control-allow-origin", Some("*"));
    check_header(&pre, "access-control-allow-headers", Some("private-token"));
    let r = get(
        &router,
        "GET",
        "/leak/api/v4/projects/1/deployments",
        &[("private-token", "demo-token")],
    )
    .await;
    check_status(&r, 200);
    assert!(r.header("content-security-policy").is_some());
    assert_eq!(leaks.summary()["with_token"], 1);
    assert_eq!(leaks.summary()["requests"], 1, "the preflight is no leak");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn the_request_log_lists_calls_without_tokens() {
    let sim = sim();
    sim.gl("GET", "/projects/1/deployments?page=2&per_page=5")
        .await;
    sim.call(
        "OPTIONS",
        "/github/repos/acme/shop/deployments",
        &[("origin", "http://x")],
        None,
    )
    .await;
    sim.call(
        "GET",
        "/api/v4/projects/1?private_token=secret-value",
        &[],
        None,
    )
    .await;
    let log = sim.call("GET", "/__sim/requests", &[], None).await;
    check(
        &log,
        200,
        json!([
            {"n": 0, "method": "GET", "path": "/api/v4/projects/1/deployments", "query": "page=2&per_page=5", "status": 200},
            {"n": 1, "method": "OPTIONS", "path": "/github/repos/acme/shop/deployments", "query": "", "status": 204},
            {"n": 2, "method": "GET", "path": "/api/v4/projects/1", "query": "private_token=[FILTERED]", "status": 401},
        ]),
    );
    assert!(!log.text.contains("secret-value") && !log.text.contains("demo-token"));
    check_status(&sim.call("DELETE", "/__sim/requests", &[], None).await, 204);
    let log = sim.call("GET", "/__sim/requests", &[], None).await;
    assert_eq!(
        log.array().len(),
        0,
        "and the log's own calls are not in it"
    );
}

#[tokio::test]
async fn precompressed_copies_are_served_to_browsers_that_accept_them() {
    let dir = app_dir("precompressed");
    std::fs::write(dir.join("app.js"), "plain").unwrap();
    std::fs::write(dir.join("app.js.br"), "brotli bytes").unwrap();
    std::fs::write(dir.join("app.js.gz"), "gzip bytes").unwrap();
    std::fs::write(dir.join("only-gz.css"), "plain css").unwrap();
    std::fs::write(dir.join("only-gz.css.gz"), "gzip css").unwrap();
    let plain = site_router(
        &Config {
            log: false,
            ..Config::default()
        },
        &dir,
        Arc::default(),
    );
    let r = get(&plain, "GET", "/app.js", &[("accept-encoding", "br, gzip")]).await;
    assert_eq!(
        r.text, "plain",
        "without --precompressed, the files themselves"
    );
    check_header(&r, "content-encoding", None);
    let cfg = Config {
        log: false,
        precompressed: true,
        ..Config::default()
    };
    let router = site_router(&cfg, &dir, Arc::default());
    for (path, accept, body, coding) in [
        (
            "/app.js",
            "gzip, deflate, br, zstd",
            "brotli bytes",
            Some("br"),
        ),
        ("/app.js", "gzip", "gzip bytes", Some("gzip")),
        ("/app.js", "br;q=0, gzip;q=0.5", "gzip bytes", Some("gzip")),
        ("/app.js", "", "plain", None),
        ("/app.js", "identity", "plain", None),
        ("/only-gz.css", "br, gzip", "gzip css", Some("gzip")),
        ("/only-gz.css", "br", "plain css", None),
    ] {
        let headers: &[(&str, &str)] = if accept.is_empty() {
            &[]
        } else {
            &[("accept-encoding", accept)]
        };
        let r = get(&router, "GET", path, headers).await;
        assert_eq!(r.status, 200, "{path} {accept}");
        assert_eq!(r.text, body, "{path} with Accept-Encoding: {accept}");
        check_header(&r, "content-encoding", coding);
        if coding.is_some() {
            check_header(&r, "vary", Some("Accept-Encoding"));
        }
    }
    // The copies keep the original's type.
    let r = get(&router, "GET", "/app.js", &[("accept-encoding", "br")]).await;
    check_header(&r, "content-type", Some("text/javascript; charset=utf-8"));
}
