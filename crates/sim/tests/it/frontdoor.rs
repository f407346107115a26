//! Cross-cutting behaviour: tokens and read-only users, CORS per forge, fault injection, latency, dashboard config, static app.

use std::time::Instant;

use serde_json::json;

use crate::support::*;

const GITLAB_EXPOSE: &str = "Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, X-Request-Id, ETag";
const GITHUB_EXPOSE: &str = "ETag, Link, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval";

#[tokio::test]
async fn tokens_per_forge() {
    let sim = sim();
    let p = "/api/v4/projects/1/deployments";
    check_status(
        &sim.call("GET", p, &[("private-token", "demo-token")], None)
            .await,
        200,
    );
    check_status(
        &sim.call("GET", p, &[("authorization", "Bearer demo-token")], None)
            .await,
        200,
    );
    check(
        &sim.call("GET", p, &[], None).await,
        401,
        json!({"message": "401 Unauthorized"}),
    );
    check(
        &sim.call("GET", p, &[("private-token", "nope")], None).await,
        401,
        json!({"message": "401 Unauthorized"}),
    );
    let g = "/github/repos/acme/shop/deployments";
    check_status(
        &sim.call("GET", g, &[("authorization", "Bearer demo-token")], None)
            .await,
        200,
    );
    check_status(
        &sim.call("GET", g, &[("authorization", "token demo-token")], None)
            .await,
        200,
    );
    let bad =
        json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"});
    check(&sim.call("GET", g, &[], None).await, 401, bad.clone());
    check(
        &sim.call("GET", g, &[("private-token", "demo-token")], None)
            .await,
        401,
        bad,
    );
    // Other users have their own tokens.
    let r = sim
        .gl_as("alice-token", "GET", "/projects/1/deployments", None)
        .await;
    check_status(&r, 200);
    let me = sim.gh_as("bob-token", "GET", "/user", None).await;
    assert_eq!(me.body["login"], "bob");
}

#[tokio::test]
async fn read_only_token_reads_but_cannot_write() {
    let sim = sim();
    check_status(
        &sim.gl_as("read-only-token", "GET", "/projects/1/environments", None)
            .await,
        200,
    );
    check(
        &sim.gl_as(
            "read-only-token",
            "POST",
            "/projects/1/environments",
            Some("name=x"),
        )
        .await,
        403,
        json!({"message": "403 Forbidden"}),
    );
    check(
        &sim.gl_as(
            "read-only-token",
            "DELETE",
            "/projects/1/deployments/1",
            None,
        )
        .await,
        403,
        json!({"message": "403 Forbidden"}),
    );
    check_status(
        &sim.gh_as(
            "read-only-token",
            "GET",
            "/repos/acme/shop/deployments",
            None,
        )
        .await,
        200,
    );
    let r = sim
        .gh_as(
            "read-only-token",
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main"})),
        )
        .await;
    check_status(&r, 403);
    assert_eq!(
        r.body["message"],
        "Resource not accessible by personal access token"
    );
    assert!(r.body["documentation_url"].is_string());
    let custom = sim_with(|c| {
        c.token = "t1".into();
        c.read_only_token = "r1".into();
    });
    check_status(
        &custom
            .gl_as("t1", "GET", "/projects/1/deployments", None)
            .await,
        200,
    );
    check_status(
        &custom
            .gl_as("demo-token", "GET", "/projects/1/deployments", None)
            .await,
        401,
    );
    check_status(
        &custom
            .gl_as("r1", "POST", "/projects/1/environments", Some("name=x"))
            .await,
        403,
    );
}

#[tokio::test]
async fn cors_on_answers_and_errors() {
    let sim = sim();
    let origin = [
        ("origin", "http://127.0.0.1:8080"),
        ("private-token", "demo-token"),
    ];
    let r = sim
        .call("GET", "/api/v4/projects/1/deployments", &origin, None)
        .await;
    check_header(&r, "access-control-allow-origin", Some("*"));
    check_header(&r, "access-control-expose-headers", Some(GITLAB_EXPOSE));
    check_header(&r, "access-control-allow-credentials", None);
    assert!(!GITLAB_EXPOSE.contains("Retry-After") && !GITLAB_EXPOSE.contains("RateLimit"));
    let unauth = sim
        .call(
            "GET",
            "/api/v4/projects/1/deployments",
            &[("origin", "http://x")],
            None,
        )
        .await;
    check_status(&unauth, 401);
    check_header(&unauth, "access-control-allow-origin", Some("*"));
    let gh = sim
        .call(
            "GET",
            "/github/repos/acme/shop/deployments",
            &[("authorization", "Bearer demo-token")],
            None,
        )
        .await;
    check_header(&gh, "access-control-allow-origin", Some("*"));
    check_header(&gh, "access-control-expose-headers", Some(GITHUB_EXPOSE));
    assert!(gh.header("x-ratelimit-limit").is_some());
}

#[tokio::test]
async fn preflights() {
    let sim = sim();
    let ask = [
        ("origin", "http://127.0.0.1:8080"),
        ("access-control-request-method", "PUT"),
        (
            "access-control-request-headers",
            "private-token,content-type",
        ),
    ];
    let r = sim
        .call("OPTIONS", "/api/v4/projects/1/deployments/1", &ask, None)
        .await;
    check_status(&r, 200);
    check_header(&r, "access-control-allow-origin", Some("*"));
    check_header(
        &r,
        "access-control-allow-headers",
        Some("private-token,content-type"),
    );
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("PUT"));
    check_header(&r, "access-control-allow-credentials", None);
    let g = sim
        .call(
            "OPTIONS",
            "/github/repos/acme/shop/deployments",
            &[
                ("origin", "http://x"),
                (
                    "access-control-request-headers",
                    "authorization,x-github-api-version",
                ),
            ],
            None,
        )
        .await;
    check_status(&g, 204);
    check_header(&g, "access-control-allow-origin", Some("*"));
    check_header(
        &g,
        "access-control-allow-methods",
        Some("GET, POST, PATCH, PUT, DELETE"),
    );
    let allowed = g.header("access-control-allow-headers").unwrap();
    assert_eq!(allowed, "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-Requested-With");
    assert!(
        !allowed
            .to_ascii_lowercase()
            .contains("x-github-api-version"),
        "so that header fails preflight"
    );
}

#[tokio::test]
async fn fault_injection_is_deterministic() {
    let run = || async {
        let sim = sim_with(|c| {
            c.fail_rate = 0.5;
            c.seed = 7;
        });
        let mut out = vec![];
        for _ in 0..40 {
            let r = sim.gl("GET", "/projects/1/environments").await;
            if r.status == 429 {
                assert_eq!(r.header("retry-after"), Some("1"));
                assert!(r.body["message"]["error"].is_string());
            }
            assert_eq!(r.header("access-control-allow-origin"), Some("*"));
            out.push(r.status);
        }
        out
    };
    let a = run().await;
    assert_eq!(a, run().await);
    let failed = a.iter().filter(|s| **s != 200).count();
    assert!((5..=35).contains(&failed), "about half fail: {failed}");
    assert!(a.iter().all(|s| [200, 429, 502, 503, 504].contains(s)));
    let all = sim_with(|c| c.fail_rate = 1.0);
    for _ in 0..8 {
        assert_ne!(
            all.gh("GET", "/repos/acme/shop/deployments", None)
                .await
                .status,
            200
        );
        check_status(
            &all.call("OPTIONS", "/github/repos/acme/shop/deployments", &[], None)
                .await,
            204,
        );
    }
}

#[tokio::test]
async fn latency_is_added() {
    let sim = sim_with(|c| c.latency_ms = 60);
    let t = Instant::now();
    check_status(&sim.gl("GET", "/projects/1/environments").await, 200);
    assert!(t.elapsed().as_millis() >= 60);
}

#[tokio::test]
async fn unknown_routes() {
    let sim = sim();
    check(
        &sim.gl("GET", "/nothing/here").await,
        404,
        json!({"error": "404 Not Found"}),
    );
    check_status(&sim.gh("GET", "/nothing", None).await, 404);
}

#[test]
fn dashboard_config_lists_sources_and_users() {
    let cfg = forge_sim::Config {
        addr: "0.0.0.0:9000".into(),
        ..Default::default()
    };
    let v = forge_sim::dashboard_config(&cfg);
    assert_eq!(v["sources"][0]["kind"], "gitlab");
    assert_eq!(v["sources"][0]["api_url"], "http://127.0.0.1:9000/api/v4");
    assert_eq!(v["sources"][0]["token"], "demo-token");
    assert_eq!(v["sources"][0]["projects"][0], "1");
    assert_eq!(v["sources"][0]["projects"][1], "acme/platform/api");
    assert_eq!(v["sources"][1]["api_url"], "http://127.0.0.1:9000/github");
    assert_eq!(v["sources"][1]["repos"][0], "acme/shop");
    let users = v["users"].as_array().unwrap();
    assert!(users
        .iter()
        .any(|u| u["username"] == "alice" && u["token"] == "alice-token"));
    // Stable ids for links, and every user token bound to the GitLab source it works with.
    assert_eq!(v["sources"][0]["id"], "demo-gitlab");
    assert_eq!(v["sources"][1]["id"], "demo-github");
    assert!(
        users.iter().all(|u| u["source"] == "demo-gitlab"),
        "{users:?}"
    );
}

#[tokio::test]
async fn static_app_under_a_base_path() {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let dir = std::env::temp_dir().join(format!("forge-sim-site-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>app</html>").unwrap();
    std::fs::write(dir.join("app.wasm"), [0u8, 97, 115, 109]).unwrap();
    let cfg = forge_sim::Config {
        app_base: "sub/path".into(),
        log: false,
        ..Default::default()
    };
    let site = forge_sim::site::Site::new(
        &cfg,
        dir.clone(),
        "{\"sources\":[]}".into(),
        Default::default(),
    );
    let router = forge_sim::site::router(site);
    let get = |p: &str| {
        let router = router.clone();
        let req = Request::get(p).body(Body::empty()).unwrap();
        async move {
            let r = router.oneshot(req).await.unwrap();
            let status = r.status().as_u16();
            let ctype = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string());
            let body = r.into_body().collect().await.unwrap().to_bytes();
            (status, ctype, String::from_utf8_lossy(&body).to_string())
        }
    };
    assert_eq!(get("/sub/path/").await.2, "<html>app</html>");
    assert_eq!(get("/sub/path").await.2, "<html>app</html>");
    assert_eq!(get("/sub/path/config.json").await.2, "{\"sources\":[]}");
    assert_eq!(
        get("/sub/path/app.wasm").await.1.as_deref(),
        Some("application/wasm")
    );
    assert_eq!(
        get("/sub/path/deployments").await.2,
        "<html>app</html>",
        "client-side route"
    );
    assert_eq!(get("/other").await.0, 404);
    assert_eq!(get("/sub/path/../x").await.0, 404);
    std::fs::write(dir.join("config.json"), "{\"own\":true}").unwrap();
    assert_eq!(get("/sub/path/config.json").await.2, "{\"own\":true}");
    std::fs::remove_dir_all(&dir).ok();
}
