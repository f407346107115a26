//! GitHub: deployments, statuses (auto_inactive, limits), environments, pending deployments and reviews.

use serde_json::json;

use crate::support::*;

const DOCS: &str = "https://docs.github.com/rest";

#[tokio::test]
async fn list_pages_with_link_only() {
    let sim = sim();
    let r = sim.gh("GET", "/repos/acme/shop/deployments", None).await;
    check_status(&r, 200);
    assert_eq!(r.array().len(), 30);
    check_header(&r, "x-total", None);
    let link = r.header("link").unwrap();
    assert!(
        link.contains("page=2>; rel=\"next\"") && link.contains("rel=\"last\""),
        "{link}"
    );
    let ids: Vec<u64> = r
        .array()
        .iter()
        .map(|d| d["id"].as_u64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    let big = sim
        .gh("GET", "/repos/acme/shop/deployments?per_page=1000", None)
        .await;
    assert_eq!(big.array().len(), 100);
    let last = sim
        .gh(
            "GET",
            "/repos/acme/shop/deployments?per_page=100&page=3",
            None,
        )
        .await;
    assert!(last.header("link").unwrap().contains("rel=\"prev\""));
    assert!(!last.header("link").unwrap().contains("rel=\"next\""));
}

#[tokio::test]
async fn list_filters() {
    let sim = sim();
    for (k, v) in [
        ("environment", "staging"),
        ("ref", "main"),
        ("task", "deploy"),
    ] {
        let r = sim
            .gh(
                "GET",
                &format!("/repos/acme/shop/deployments?{k}={v}&per_page=100"),
                None,
            )
            .await;
        assert!(!r.array().is_empty());
        let field = if k == "ref" { "ref" } else { k };
        assert!(r.array().iter().all(|d| d[field] == v));
    }
    let one = sim
        .gh("GET", "/repos/acme/shop/deployments?per_page=1", None)
        .await;
    let sha = one.array()[0]["sha"].as_str().unwrap().to_string();
    let r = sim
        .gh(
            "GET",
            &format!("/repos/acme/shop/deployments?sha={sha}"),
            None,
        )
        .await;
    assert!(r.array().iter().all(|d| d["sha"] == sha.as_str()));
    check(
        &sim.gh(
            "GET",
            "/repos/acme/shop/deployments?environment=nowhere",
            None,
        )
        .await,
        200,
        json!([]),
    );
}

#[tokio::test]
async fn create_deployment_rules() {
    let sim = sim();
    let r = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main"})),
        )
        .await;
    check_status(&r, 201);
    assert_eq!(r.body["environment"], "production");
    assert_eq!(r.body["production_environment"], true);
    assert_eq!(r.body["task"], "deploy");
    assert_eq!(r.body["creator"]["login"], "demo");
    let missing = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"environment": "qa"})),
        )
        .await;
    check_status(&missing, 422);
    assert_eq!(missing.body["documentation_url"], DOCS);
    let unknown = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "no-such-branch"})),
        )
        .await;
    check_status(&unknown, 422);
    assert_eq!(unknown.body["errors"][0]["field"], "ref");
    let g = sim
        .gh(
            "GET",
            &format!("/repos/acme/shop/deployments/{}", r.body["id"]),
            None,
        )
        .await;
    assert_eq!(g.body, r.body);
    check(
        &sim.gh("GET", "/repos/acme/shop/deployments/1", None).await,
        404,
        json!({"message": "Not Found", "documentation_url": DOCS, "status": "404"}),
    );
}

#[tokio::test]
async fn statuses_and_auto_inactive() {
    let sim = sim();
    let a = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "qa"})),
        )
        .await;
    let b = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "qa"})),
        )
        .await;
    let (a, b) = (a.body["id"].clone(), b.body["id"].clone());
    let s = sim
        .gh(
            "POST",
            &format!("/repos/acme/shop/deployments/{a}/statuses"),
            Some(json!({"state": "success", "description": "ok"})),
        )
        .await;
    check_status(&s, 201);
    assert_eq!(s.body["state"], "success");
    assert_eq!(s.body["environment"], "qa");
    check_status(
        &sim.gh(
            "POST",
            &format!("/repos/acme/shop/deployments/{b}/statuses"),
            Some(json!({"state": "success"})),
        )
        .await,
        201,
    );
    let hist = sim
        .gh(
            "GET",
            &format!("/repos/acme/shop/deployments/{a}/statuses"),
            None,
        )
        .await;
    assert_eq!(
        hist.array()[0]["state"],
        "inactive",
        "earlier success became inactive (newest first)"
    );
    assert_eq!(hist.array().len(), 2);
    // auto_inactive=false leaves the earlier one alone.
    let c = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "qa"})),
        )
        .await;
    let c = c.body["id"].clone();
    sim.gh(
        "POST",
        &format!("/repos/acme/shop/deployments/{c}/statuses"),
        Some(json!({"state": "success", "auto_inactive": false})),
    )
    .await;
    let hist_b = sim
        .gh(
            "GET",
            &format!("/repos/acme/shop/deployments/{b}/statuses"),
            None,
        )
        .await;
    assert_eq!(hist_b.array()[0]["state"], "success");
    // Production deployments are never made inactive.
    let p1 = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main"})),
        )
        .await
        .body["id"]
        .clone();
    let p2 = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main"})),
        )
        .await
        .body["id"]
        .clone();
    sim.gh(
        "POST",
        &format!("/repos/acme/shop/deployments/{p1}/statuses"),
        Some(json!({"state": "success"})),
    )
    .await;
    sim.gh(
        "POST",
        &format!("/repos/acme/shop/deployments/{p2}/statuses"),
        Some(json!({"state": "success"})),
    )
    .await;
    let h = sim
        .gh(
            "GET",
            &format!("/repos/acme/shop/deployments/{p1}/statuses"),
            None,
        )
        .await;
    assert_eq!(h.array()[0]["state"], "success");
}

#[tokio::test]
async fn status_validation() {
    let sim = sim();
    let d = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "qa"})),
        )
        .await
        .body["id"]
        .clone();
    let path = format!("/repos/acme/shop/deployments/{d}/statuses");
    let long = sim
        .gh(
            "POST",
            &path,
            Some(json!({"state": "success", "description": "x".repeat(141)})),
        )
        .await;
    check(
        &long,
        422,
        json!({"message": "Validation Failed", "errors": [{"resource": "DeploymentStatus", "code": "custom", "field": "description", "message": "description is too long (maximum is 140 characters)"}], "documentation_url": DOCS, "status": "422"}),
    );
    check_status(
        &sim.gh(
            "POST",
            &path,
            Some(json!({"state": "success", "description": "x".repeat(140)})),
        )
        .await,
        201,
    );
    check_status(
        &sim.gh("POST", &path, Some(json!({"state": "done"}))).await,
        422,
    );
    check_status(&sim.gh("POST", &path, Some(json!({}))).await, 422);
    for state in [
        "error",
        "failure",
        "inactive",
        "in_progress",
        "queued",
        "pending",
        "success",
    ] {
        check_status(
            &sim.gh("POST", &path, Some(json!({"state": state}))).await,
            201,
        );
    }
    check_status(&sim.gh("GET", &format!("{path}/1"), None).await, 404);
}

#[tokio::test]
async fn delete_only_inactive_unless_only_one() {
    let sim = sim();
    let a = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "perf"})),
        )
        .await
        .body["id"]
        .clone();
    let b = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "perf"})),
        )
        .await
        .body["id"]
        .clone();
    let r = sim
        .gh("DELETE", &format!("/repos/acme/shop/deployments/{a}"), None)
        .await;
    check_status(&r, 422);
    assert_eq!(r.body["message"], "We cannot delete an active deployment unless it is the only deployment in a given environment.");
    sim.gh(
        "POST",
        &format!("/repos/acme/shop/deployments/{a}/statuses"),
        Some(json!({"state": "inactive"})),
    )
    .await;
    check_status(
        &sim.gh("DELETE", &format!("/repos/acme/shop/deployments/{a}"), None)
            .await,
        204,
    );
    check_status(
        &sim.gh("DELETE", &format!("/repos/acme/shop/deployments/{b}"), None)
            .await,
        204,
    );
    check_status(
        &sim.gh("GET", &format!("/repos/acme/shop/deployments/{b}"), None)
            .await,
        404,
    );
}

#[tokio::test]
async fn environments_object_and_crud() {
    let sim = sim();
    let r = sim.gh("GET", "/repos/acme/shop/environments", None).await;
    check_status(&r, 200);
    assert!(r.body.is_object());
    assert_eq!(r.body["total_count"], 4);
    let prod = sim
        .gh("GET", "/repos/acme/shop/environments/production", None)
        .await;
    let rules = prod.body["protection_rules"].as_array().unwrap();
    assert!(rules.iter().any(|x| x["type"] == "required_reviewers"));
    assert!(rules.iter().any(|x| x["type"] == "wait_timer"));
    check_status(
        &sim.gh("GET", "/repos/acme/shop/environments/nope", None)
            .await,
        404,
    );
    let put = sim
        .gh(
            "PUT",
            "/repos/acme/shop/environments/perf",
            Some(json!({"wait_timer": 30})),
        )
        .await;
    check_status(&put, 200);
    assert_eq!(
        sim.gh("GET", "/repos/acme/shop/environments", None)
            .await
            .body["total_count"],
        5
    );
    check_status(
        &sim.gh(
            "PUT",
            "/repos/acme/shop/environments/perf",
            Some(json!({"wait_timer": 50000})),
        )
        .await,
        422,
    );
    check_status(
        &sim.gh("DELETE", "/repos/acme/shop/environments/perf", None)
            .await,
        204,
    );
    check_status(
        &sim.gh("DELETE", "/repos/acme/shop/environments/perf", None)
            .await,
        404,
    );
}

#[tokio::test]
async fn pending_deployments_review() {
    let sim = sim();
    let p = sim
        .gh(
            "GET",
            "/repos/acme/shop/actions/runs/7001/pending_deployments",
            None,
        )
        .await;
    assert_eq!(p.array().len(), 1);
    assert_eq!(p.array()[0]["current_user_can_approve"], true);
    let env_id = p.array()[0]["environment"]["id"].clone();
    let path = "/repos/acme/shop/actions/runs/7001/pending_deployments";
    check_status(
        &sim.gh(
            "POST",
            path,
            Some(json!({"environment_ids": [env_id], "state": "approved"})),
        )
        .await,
        422,
    );
    check_status(
        &sim.gh(
            "POST",
            path,
            Some(json!({"environment_ids": [1], "state": "approved", "comment": ""})),
        )
        .await,
        422,
    );
    check_status(
        &sim.gh_as(
            "carol-token",
            "POST",
            path,
            Some(json!({"environment_ids": [env_id], "state": "approved", "comment": "x"})),
        )
        .await,
        422,
    );
    let ok = sim
        .gh(
            "POST",
            path,
            Some(json!({"environment_ids": [env_id], "state": "approved", "comment": "Ship it"})),
        )
        .await;
    check_status(&ok, 200);
    assert_eq!(ok.array()[0]["environment"], "production");
    check(&sim.gh("GET", path, None).await, 200, json!([]));
    let reviews = sim
        .gh("GET", "/repos/acme/shop/actions/runs/7001/approvals", None)
        .await;
    assert_eq!(reviews.array()[0]["state"], "approved");
    // Own run with prevent_self_review on production.
    let own = sim
        .gh(
            "GET",
            "/repos/acme/shop/actions/runs/7002/pending_deployments",
            None,
        )
        .await;
    let prod = own
        .array()
        .iter()
        .find(|x| x["environment"]["name"] == "production")
        .unwrap();
    assert_eq!(prod["current_user_can_approve"], false);
    let r = sim.gh("POST", "/repos/acme/shop/actions/runs/7002/pending_deployments", Some(json!({"environment_ids": [prod["environment"]["id"]], "state": "approved", "comment": ""}))).await;
    check_status(&r, 422);
    let staging = own
        .array()
        .iter()
        .find(|x| x["environment"]["name"] == "staging")
        .unwrap();
    let rej = sim.gh_as("bob-token", "POST", "/repos/acme/shop/actions/runs/7002/pending_deployments", Some(json!({"environment_ids": [staging["environment"]["id"]], "state": "rejected", "comment": "no"}))).await;
    check(&rej, 200, json!([]));
    check_status(
        &sim.gh(
            "GET",
            "/repos/acme/shop/actions/runs/1/pending_deployments",
            None,
        )
        .await,
        404,
    );
}

#[tokio::test]
async fn status_urls_default_to_empty_strings() {
    let sim = sim();
    let d = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "qa"})),
        )
        .await;
    let path = format!("/repos/acme/shop/deployments/{}/statuses", d.body["id"]);
    let s = sim
        .gh("POST", &path, Some(json!({"state": "in_progress"})))
        .await;
    check_status(&s, 201);
    assert_eq!(s.body["target_url"], "");
    assert_eq!(s.body["log_url"], "");
    assert_eq!(s.body["environment_url"], "");
    // `log_url` sets `target_url` too.
    let s = sim
        .gh(
            "POST",
            &path,
            Some(json!({"state": "success", "log_url": "https://ci.example.com/1"})),
        )
        .await;
    assert_eq!(s.body["target_url"], "https://ci.example.com/1");
    assert_eq!(s.body["log_url"], "https://ci.example.com/1");
    assert_eq!(s.body["environment_url"], "");
    let listed = sim.gh("GET", &path, None).await;
    assert!(listed
        .array()
        .iter()
        .all(|x| x.get("environment_url").is_some() && x.get("log_url").is_some()));
}
