//! Contract tests: every kind of response the simulator gives validates against the forges' own schemas.

use serde_json::{json, Value};

use crate::schema::*;
use crate::support::*;

/// A deployment: deployment.json, and its `environment` against basic_environment.json.
fn check_deployments(items: &[Value], what: &str) {
    let dep = gitlab_schema("deployment.json");
    let basic = gitlab_schema("basic_environment.json");
    assert_all_valid(&dep, items, what);
    let envs: Vec<Value> = items.iter().map(|d| d["environment"].clone()).collect();
    assert_all_valid(&basic, &envs, &format!("{what}.environment"));
}

#[tokio::test]
async fn gitlab_deployment_lists_and_gets_validate() {
    let sim = sim();
    for project in 1..=4 {
        for status in [
            "created", "running", "success", "failed", "canceled", "skipped", "blocked",
        ] {
            let r = sim
                .gl(
                    "GET",
                    &format!("/projects/{project}/deployments?status={status}&per_page=100"),
                )
                .await;
            check_status(&r, 200);
            check_deployments(r.array(), &format!("project {project} {status}"));
        }
        let r = sim
            .gl(
                "GET",
                &format!("/projects/{project}/deployments?per_page=100&sort=desc"),
            )
            .await;
        let items = r.array().clone();
        let mut saw_null = false;
        for d in items.iter().take(40) {
            saw_null |= d["deployable"].is_null();
            let one = sim
                .gl(
                    "GET",
                    &format!("/projects/{project}/deployments/{}", d["id"]),
                )
                .await;
            check_status(&one, 200);
            check_deployments(std::slice::from_ref(&one.body), "get deployment");
        }
        assert!(
            items.iter().any(|d| d["deployable"].is_null()) || saw_null || project > 1,
            "API-made deployments exist"
        );
    }
}

#[tokio::test]
async fn gitlab_environment_answers_validate() {
    let sim = sim();
    let list_schema = gitlab_schema("environments.json");
    let env_schema = gitlab_schema("environment.json");
    for project in 1..=4 {
        let r = sim
            .gl(
                "GET",
                &format!("/projects/{project}/environments?per_page=100"),
            )
            .await;
        check_status(&r, 200);
        assert_valid(&list_schema, &r.body, "environments list");
        for e in r.array() {
            assert!(
                e.get("last_deployment").is_none(),
                "no last_deployment in list items"
            );
            let one = sim
                .gl(
                    "GET",
                    &format!("/projects/{project}/environments/{}", e["id"]),
                )
                .await;
            assert_valid(&env_schema, &one.body, "environment get");
            assert!(
                one.body.get("project").is_none(),
                "no project in a single GET"
            );
            if !one.body["last_deployment"].is_null() {
                assert!(
                    one.body["last_deployment"].get("environment").is_none(),
                    "last_deployment carries no environment"
                );
                assert_valid(
                    &gitlab_schema("deployment.json"),
                    &one.body["last_deployment"],
                    "last_deployment",
                );
            }
        }
    }
    let created = sim
        .gl_form(
            "POST",
            "/projects/1/environments",
            "name=deploy&external_url=https://deploy.gitlab.example.com&tier=production",
        )
        .await;
    check_status(&created, 201);
    assert_valid(&env_schema, &created.body, "environment create");
    let id = created.body["id"].clone();
    let updated = sim
        .gl_form(
            "PUT",
            &format!("/projects/1/environments/{id}"),
            "external_url=https://staging.gitlab.example.com&description=x",
        )
        .await;
    assert_valid(&env_schema, &updated.body, "environment update");
    let stopped = sim
        .gl("POST", &format!("/projects/1/environments/{id}/stop"))
        .await;
    assert_valid(&env_schema, &stopped.body, "environment stop");
    let basic = gitlab_schema("basic_environment.json");
    let r = sim
        .gl("DELETE", "/projects/1/environments/review_apps")
        .await;
    let entries = r.body["scheduled_entries"]
        .as_array()
        .expect("entries")
        .clone();
    assert!(!entries.is_empty());
    for e in entries {
        // Review-app entries carry only id, name, slug, external_url: a subset of the basic environment.
        let mut s = basic.clone();
        s["required"] = json!(["id", "name", "slug", "external_url"]);
        assert_valid(&s, &e, "review app entry");
    }
}

#[tokio::test]
async fn gitlab_written_deployments_validate() {
    let sim = sim();
    let (sha, git_ref) = {
        let st = sim.state.read();
        (st.projects[0].commits[0].sha.clone(), "main")
    };
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=production&sha={sha}&ref={git_ref}&tag=false&status=running"),
        )
        .await;
    check_status(&r, 201);
    check_deployments(std::slice::from_ref(&r.body), "create");
    assert!(r.body["deployable"].is_null());
    let u = sim
        .gl_form(
            "PUT",
            &format!("/projects/1/deployments/{}", r.body["id"]),
            "status=success",
        )
        .await;
    check_status(&u, 200);
    check_deployments(std::slice::from_ref(&u.body), "update");
}

#[tokio::test]
async fn github_answers_validate() {
    let sim = sim();
    let dep = github_schema("deployment.json");
    let mut status = github_schema("deployment-status.json");
    // GitHub sends unset URLs as "" although its description says `format: uri`.
    for k in ["target_url", "log_url", "environment_url"] {
        if let Some(p) = status["properties"].get_mut(k) {
            *p = json!({"anyOf": [p.clone(), {"const": ""}]});
        }
    }
    let env = github_schema("environment.json");
    let pending = github_schema("pending-deployment.json");
    let approvals = github_schema("environment-approvals.json");
    for repo in ["acme/shop", "acme/api-gateway", "acme/docs"] {
        let r = sim
            .gh(
                "GET",
                &format!("/repos/{repo}/deployments?per_page=100"),
                None,
            )
            .await;
        check_status(&r, 200);
        assert_all_valid(&dep, r.array(), "deployments");
        for d in r.array().iter().take(15) {
            let one = sim
                .gh(
                    "GET",
                    &format!("/repos/{repo}/deployments/{}", d["id"]),
                    None,
                )
                .await;
            assert_valid(&dep, &one.body, "deployment");
            let st = sim
                .gh(
                    "GET",
                    &format!("/repos/{repo}/deployments/{}/statuses", d["id"]),
                    None,
                )
                .await;
            assert_all_valid(&status, st.array(), "statuses");
            for s in st.array() {
                let one = sim
                    .gh(
                        "GET",
                        &format!("/repos/{repo}/deployments/{}/statuses/{}", d["id"], s["id"]),
                        None,
                    )
                    .await;
                assert_valid(&status, &one.body, "status");
            }
        }
        let e = sim
            .gh("GET", &format!("/repos/{repo}/environments"), None)
            .await;
        assert_eq!(
            e.body["total_count"].as_u64(),
            Some(e.body["environments"].as_array().unwrap().len() as u64)
        );
        assert_all_valid(
            &env,
            e.body["environments"].as_array().unwrap(),
            "environments",
        );
    }
    let p = sim
        .gh(
            "GET",
            "/repos/acme/shop/actions/runs/7001/pending_deployments",
            None,
        )
        .await;
    assert!(!p.array().is_empty());
    assert_all_valid(&pending, p.array(), "pending deployments");
    let a = sim
        .gh("GET", "/repos/acme/shop/actions/runs/7003/approvals", None)
        .await;
    assert!(!a.array().is_empty());
    assert_all_valid(&approvals, a.array(), "approvals");
    // Writes.
    let c = sim
        .gh(
            "POST",
            "/repos/acme/shop/deployments",
            Some(json!({"ref": "main", "environment": "qa"})),
        )
        .await;
    check_status(&c, 201);
    assert_valid(&dep, &c.body, "created deployment");
    let s = sim
        .gh(
            "POST",
            &format!("/repos/acme/shop/deployments/{}/statuses", c.body["id"]),
            Some(json!({"state": "success", "environment_url": "https://qa.shop.acme.test"})),
        )
        .await;
    check_status(&s, 201);
    assert_valid(&status, &s.body, "created status");
    let put = sim
        .gh(
            "PUT",
            "/repos/acme/shop/environments/qa",
            Some(json!({"wait_timer": 30, "reviewers": [{"type": "User", "id": 2}]})),
        )
        .await;
    check_status(&put, 200);
    assert_valid(&env, &put.body, "put environment");
    let errs = github_schema("validation-error.json");
    let bad = sim
        .gh(
            "POST",
            &format!("/repos/acme/shop/deployments/{}/statuses", c.body["id"]),
            Some(json!({"state": "success", "description": "x".repeat(141)})),
        )
        .await;
    check_status(&bad, 422);
    assert_valid(&errs, &bad.body, "validation error");
    let basic = github_schema("basic-error.json");
    let nf = sim.gh("GET", "/repos/acme/nope/deployments", None).await;
    check_status(&nf, 404);
    assert_valid(&basic, &nf.body, "not found");
}
