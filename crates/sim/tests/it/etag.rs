//! `ETag` and `304 Not Modified` on both forges: tags on successful reads, conditional reads,
//! a change gives a new tag, the CORS and other headers stay on a `304`.

use serde_json::json;

use forge_sim::cors::{GITHUB_EXPOSE, GITLAB_EXPOSE};

use crate::support::*;

const GL: &[(&str, &str)] = &[("private-token", TOKEN)];
const GH: &[(&str, &str)] = &[
    ("authorization", "Bearer demo-token"),
    ("accept", "application/vnd.github+json"),
];

fn with<'a>(auth: &[(&'a str, &'a str)], inm: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut h = auth.to_vec();
    h.push(("if-none-match", inm));
    h
}

fn etag(r: &Resp) -> String {
    let tag = r
        .header("etag")
        .unwrap_or_else(|| panic!("no ETag on {} {}", r.status, r.text))
        .to_owned();
    assert!(tag.starts_with("W/\"") && tag.ends_with('"'), "{tag}");
    tag
}

/// A `304`: no body, the same tag, CORS and the forge's other headers kept.
#[track_caller]
fn not_modified(r: &Resp, tag: &str, expose: &str) {
    assert_eq!(r.status, 304, "{}", r.text);
    assert_eq!(r.text, "");
    assert_eq!(r.header("etag"), Some(tag));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-expose-headers"), Some(expose));
    assert_eq!(r.header("content-type"), None);
}

#[tokio::test]
async fn gitlab_conditional_reads() {
    let sim = sim();
    let list = "/api/v4/projects/1/deployments?per_page=5";
    let first = sim.call("GET", list, GL, None).await;
    check_status(&first, 200);
    let tag = etag(&first);
    assert_eq!(etag(&sim.call("GET", list, GL, None).await), tag, "stable");
    let r = sim.call("GET", list, &with(GL, &tag), None).await;
    not_modified(&r, &tag, GITLAB_EXPOSE);
    assert_eq!(
        r.header("x-total"),
        first.header("x-total"),
        "pagination kept"
    );
    assert!(r.header("x-request-id").is_some());
    // The strong form, a list, and `*` match too; another tag does not.
    let strong = tag.trim_start_matches("W/").to_owned();
    for inm in [strong.as_str(), &format!("\"nope\", {tag}"), "*"] {
        check_status(&sim.call("GET", list, &with(GL, inm), None).await, 304);
    }
    let other = sim.call("GET", list, &with(GL, "W/\"nope\""), None).await;
    check_status(&other, 200);
    assert_eq!(other.body, first.body);
    // Another page is another body, another tag.
    let page2 = sim
        .call("GET", &format!("{list}&page=2"), &with(GL, &tag), None)
        .await;
    check_status(&page2, 200);
    assert_ne!(etag(&page2), tag);
}

#[tokio::test]
async fn gitlab_a_change_gives_a_new_tag() {
    let sim = sim();
    let path = "/api/v4/projects/1/environments?name=etag-test";
    let before = sim.call("GET", path, GL, None).await;
    assert_eq!(before.body, json!([]));
    let tag = etag(&before);
    check_status(&sim.call("GET", path, &with(GL, &tag), None).await, 304);
    check_status(
        &sim.gl_form("POST", "/projects/1/environments", "name=etag-test")
            .await,
        201,
    );
    let after = sim.call("GET", path, &with(GL, &tag), None).await;
    check_status(&after, 200);
    assert_eq!(after.array().len(), 1);
    assert_ne!(etag(&after), tag);
}

#[tokio::test]
async fn github_conditional_reads_and_changes() {
    let sim = sim();
    let list = "/github/repos/acme/shop/deployments?per_page=3";
    let first = sim.call("GET", list, GH, None).await;
    check_status(&first, 200);
    let tag = etag(&first);
    let r = sim.call("GET", list, &with(GH, &tag), None).await;
    not_modified(&r, &tag, GITHUB_EXPOSE);
    assert_eq!(r.header("x-ratelimit-limit"), Some("5000"));
    assert!(r.header("link").is_some(), "pagination kept");
    let id = first.array()[0]["id"].as_u64().unwrap();
    let statuses = format!("/github/repos/acme/shop/deployments/{id}/statuses");
    let s1 = sim.call("GET", &statuses, GH, None).await;
    let tag = etag(&s1);
    check_status(
        &sim.call("GET", &statuses, &with(GH, &tag), None).await,
        304,
    );
    check_status(
        &sim.gh(
            "POST",
            &format!("/repos/acme/shop/deployments/{id}/statuses"),
            Some(json!({"state": "in_progress"})),
        )
        .await,
        201,
    );
    let s2 = sim.call("GET", &statuses, &with(GH, &tag), None).await;
    check_status(&s2, 200);
    assert_ne!(etag(&s2), tag);
}

#[tokio::test]
async fn only_successful_reads_are_tagged() {
    let sim = sim();
    for (path, auth, status) in [
        ("/api/v4/projects/999/deployments", GL, 404),
        ("/github/repos/acme/nope/deployments", GH, 404),
        ("/api/v4/projects/1/deployments", &[][..], 401),
    ] {
        let r = sim.call("GET", path, &with(auth, "*"), None).await;
        check_status(&r, status);
        assert_eq!(r.header("etag"), None, "{path}");
    }
    let created = sim
        .gl_form("POST", "/projects/1/environments", "name=etag-write")
        .await;
    check_status(&created, 201);
    assert_eq!(created.header("etag"), None, "writes are not tagged");
}

#[tokio::test]
async fn browsers_may_send_if_none_match_and_read_etag() {
    let sim = sim();
    let ask = [
        ("origin", "http://127.0.0.1:8080"),
        ("access-control-request-method", "GET"),
        (
            "access-control-request-headers",
            "if-none-match,private-token",
        ),
    ];
    let gl = sim
        .call("OPTIONS", "/api/v4/projects/1/deployments", &ask, None)
        .await;
    assert_eq!(
        gl.header("access-control-allow-headers"),
        Some("if-none-match,private-token"),
        "GitLab allows any header (it echoes the request)"
    );
    assert!(gl
        .header("access-control-expose-headers")
        .unwrap()
        .contains("ETag"));
    let gh = sim
        .call("OPTIONS", "/github/repos/acme/shop/deployments", &ask, None)
        .await;
    assert!(gh
        .header("access-control-allow-headers")
        .unwrap()
        .contains("If-None-Match"));
    assert!(gh
        .header("access-control-expose-headers")
        .unwrap()
        .contains("ETag"));
}
