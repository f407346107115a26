//! Benchmark: GitLab/GitHub list latency with 100,000 deployments per project (median ms; prints, never asserts).

use std::time::Instant;

use axum::body::Body;
use axum::http::Request;
use forge_sim::{app, AppState, Config};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let n = 100_000;
    let t = Instant::now();
    let state = AppState::new(Config {
        projects: 1,
        deployments: n,
        log: false,
        ..Config::default()
    });
    println!(
        "seeded 1 project + 3 repos with {n} deployments each in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let router = app(state);
    let cases = [
        ("GitLab first page (per_page=20)", "/api/v4/projects/1/deployments", "private-token"),
        ("GitLab deep page (page=900, per_page=100)", "/api/v4/projects/1/deployments?page=900&per_page=100", "private-token"),
        ("GitLab last page desc", "/api/v4/projects/1/deployments?sort=desc&page=1000&per_page=100", "private-token"),
        (
            "GitLab filtered+sorted (env, status, order_by=updated_at desc)",
            "/api/v4/projects/1/deployments?environment=production&status=success&order_by=updated_at&sort=desc&updated_after=2000-01-01T00:00:00Z&per_page=100",
            "private-token",
        ),
        (
            "GitLab finished_at sort (status=success)",
            "/api/v4/projects/1/deployments?status=success&order_by=finished_at&sort=desc&page=50&per_page=100",
            "private-token",
        ),
        ("GitHub first page", "/github/repos/acme/shop/deployments", "authorization"),
        ("GitHub filtered deep page", "/github/repos/acme/shop/deployments?environment=staging&page=200&per_page=100", "authorization"),
    ];
    for (name, uri, header) in cases {
        let token = if header == "authorization" {
            "Bearer demo-token"
        } else {
            "demo-token"
        };
        let mut times = vec![];
        let mut bytes = 0;
        for _ in 0..30 {
            let req = Request::get(uri)
                .header("host", "127.0.0.1:8090")
                .header(header, token)
                .body(Body::empty())
                .unwrap();
            let router = router.clone();
            let t = Instant::now();
            let body = rt.block_on(async move {
                let r = router.oneshot(req).await.unwrap();
                assert_eq!(r.status(), 200, "{uri}");
                r.into_body().collect().await.unwrap().to_bytes()
            });
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            bytes = body.len();
        }
        println!(
            "{name:<66} median {:>7.2} ms  ({bytes} bytes)",
            median(times)
        );
    }
}
