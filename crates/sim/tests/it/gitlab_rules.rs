//! GitLab rules corrected against the real API ("Code health", item 5): parameter order and
//! messages, tier guessing, answer shapes, review-app cleanup, merge request filters,
//! environment validations, `If-Unmodified-Since`, and the approval checks' order.

use serde_json::{json, Value};

use crate::support::*;

const ENV_NAME: &str = "can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'";
const OWN: &str = "You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.";
const NO_PERMISSION: &str =
    "You don't have permission to approve this deployment. Contact the project or group owner for help.";

fn sha(sim: &Sim, k: usize) -> String {
    sim.state.read().projects[0].commits[k].sha.clone()
}

/// Blocked deployments of project `p` in `env`, newest first, as (id, author).
async fn blocked(sim: &Sim, p: u32, env: &str) -> Vec<(u64, String)> {
    let r = sim
        .gl(
            "GET",
            &format!("/projects/{p}/deployments?status=blocked&environment={env}&sort=desc"),
        )
        .await;
    r.array()
        .iter()
        .map(|d| {
            (
                d["id"].as_u64().unwrap(),
                d["user"]["username"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Blocks deployment `id` of project index `pi` and makes `user` its author.
fn block_as(sim: &Sim, pi: usize, id: u64, user: usize) {
    let mut st = sim.state.write();
    let p = &mut st.projects[pi];
    let pos = p.deployment_pos(id).unwrap();
    p.deployments[pos].status = forge_sim::store::Status::Blocked;
    p.deployments[pos].finished_at = None;
    p.deployments[pos].user = user;
}

#[tokio::test]
async fn stop_stale_with_a_bad_before_is_a_bad_request() {
    let sim = sim();
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/environments/stop_stale",
            "before=2000-01-01T00:00:00Z",
        )
        .await,
        400,
        json!({"message": "400 Bad request - Invalid Date"}),
    );
}

#[tokio::test]
async fn environments_name_and_search_cannot_be_used_together() {
    let sim = sim();
    check(
        &sim.gl(
            "GET",
            "/projects/1/environments?name=production&search=prod",
        )
        .await,
        400,
        json!({"error": "name, search cannot be used together"}),
    );
}

#[tokio::test]
async fn create_deployment_checks_ref_first_then_name_then_sha() {
    let sim = sim();
    // Everything wrong: only the ref is reported.
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            "environment=/bad/&sha=0000000&ref=no-such-ref&tag=false&status=success",
        )
        .await,
        400,
        json!({"message": {"ref": ["The branch or tag does not exist"]}}),
    );
    // A bad environment name is a `name` error of the environment.
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            "environment=/bad/&sha=0000000&ref=main&tag=false&status=success",
        )
        .await,
        400,
        json!({"message": {"name": [ENV_NAME]}}),
    );
    check(
        &sim.gl_form(
            "POST",
            "/projects/1/deployments",
            "environment=qa&sha=0000000&ref=main&tag=false&status=success",
        )
        .await,
        400,
        json!({"message": {"sha": ["The commit does not exist"]}}),
    );
}

#[tokio::test]
async fn create_deployment_accepts_a_sha_as_ref_and_keeps_tag() {
    let sim = sim();
    let sha = sha(&sim, 5);
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=qa&sha={sha}&ref={sha}&tag=true&status=success"),
        )
        .await;
    check_status(&r, 201);
    assert_eq!(r.body["ref"], sha.as_str());
    assert_eq!(r.body["tag"], true);
    let one = sim
        .gl("GET", &format!("/projects/1/deployments/{}", r.body["id"]))
        .await;
    assert_eq!(one.body["ref"], sha.as_str());
    assert_eq!(one.body["tag"], true);
}

#[tokio::test]
async fn tiers_are_guessed_like_gitlab() {
    let sim = sim();
    for (name, tier) in [
        ("preview", "development"),
        ("eu-staging", "staging"),
        ("integration", "testing"),
        ("uat", "other"),
        ("live-eu", "production"),
        ("my-dev-box", "development"),
    ] {
        let r = sim
            .gl_form("POST", "/projects/1/environments", &format!("name={name}"))
            .await;
        check_status(&r, 201);
        assert_eq!(r.body["tier"], tier, "{name}");
    }
}

#[tokio::test]
async fn single_gets_have_gitlabs_keys() {
    let sim = sim();
    // Unprotected environment: the extended fields are still there.
    let r = sim
        .gl(
            "GET",
            "/projects/3/deployments?environment=staging&per_page=1",
        )
        .await;
    let id = r.array()[0]["id"].clone();
    let one = sim
        .gl("GET", &format!("/projects/3/deployments/{id}"))
        .await;
    assert_eq!(one.body["approval_summary"], json!({"rules": []}));
    assert_eq!(one.body["pending_approval_count"], 0);
    assert_eq!(one.body["approvals"], json!([]));
    let envs = sim.gl("GET", "/projects/3/environments?name=staging").await;
    let eid = envs.array()[0]["id"].clone();
    assert!(
        envs.array()[0].get("project").is_some(),
        "lists keep project"
    );
    let env = sim
        .gl("GET", &format!("/projects/3/environments/{eid}"))
        .await;
    assert!(env.body.get("project").is_none());
    assert!(env.body["last_deployment"].is_object());
    assert!(env.body["last_deployment"].get("environment").is_none());
}

#[tokio::test]
async fn written_deployments_carry_the_extended_fields() {
    let sim = sim();
    let sha = sha(&sim, 4);
    let r = sim
        .gl_form(
            "POST",
            "/projects/1/deployments",
            &format!("environment=qa&sha={sha}&ref=main&tag=false&status=running"),
        )
        .await;
    check_status(&r, 201);
    assert_eq!(r.body["pending_approval_count"], 0);
    assert_eq!(r.body["approvals"], json!([]));
    let u = sim
        .gl_form(
            "PUT",
            &format!("/projects/1/deployments/{}", r.body["id"]),
            "status=success",
        )
        .await;
    check_status(&u, 200);
    assert_eq!(u.body["pending_approval_count"], 0);
    assert_eq!(u.body["approvals"], json!([]));
}

#[tokio::test]
async fn malformed_json_bodies_are_refused() {
    let sim = sim();
    for (method, path) in [
        ("POST", "/api/v4/projects/1/environments"),
        ("POST", "/api/v4/projects/1/deployments"),
        ("PUT", "/api/v4/projects/1/environments/1"),
    ] {
        let r = sim
            .call(
                method,
                path,
                &[("private-token", TOKEN)],
                Some(("application/json", "{\"name\": ".into())),
            )
            .await;
        check(
            &r,
            400,
            json!({"error": "message body does not match declared format"}),
        );
    }
}

#[tokio::test]
async fn review_app_cleanup_reports_unprocessable_entries() {
    let sim = sim();
    let dry = sim
        .gl("DELETE", "/projects/2/environments/review_apps")
        .await;
    check_status(&dry, 200);
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&dry.body["unprocessable_entries"]),
        ["review/legacy-nav"]
    );
    assert!(!names(&dry.body["scheduled_entries"]).contains(&"review/legacy-nav".to_string()));
    for e in dry.body["scheduled_entries"]
        .as_array()
        .unwrap()
        .iter()
        .chain(dry.body["unprocessable_entries"].as_array().unwrap())
    {
        assert!(
            e["created_at"].is_string() && e["updated_at"].is_string(),
            "{e}"
        );
    }
    sim.gl(
        "DELETE",
        "/projects/2/environments/review_apps?dry_run=false",
    )
    .await;
    let again = sim
        .gl("DELETE", "/projects/2/environments/review_apps")
        .await;
    assert_eq!(again.body["scheduled_entries"], json!([]));
    assert_eq!(
        names(&again.body["unprocessable_entries"]),
        ["review/legacy-nav"],
        "never scheduled"
    );
}

#[tokio::test]
async fn deployment_merge_requests_have_states_and_filters() {
    let sim = sim();
    {
        let st = sim.state.read();
        let states: std::collections::BTreeSet<&str> =
            st.projects[0].mrs.iter().map(|m| m.state).collect();
        assert_eq!(
            states.into_iter().collect::<Vec<_>>(),
            ["closed", "locked", "merged", "opened"]
        );
    }
    // A deployment with several merge requests.
    let (id, states): (u64, Vec<&str>) = {
        let st = sim.state.read();
        let p = &st.projects[0];
        let d = p
            .deployments
            .iter()
            .find(|d| {
                let mrs = &p.mrs[d.mr_first as usize..][..d.mr_count as usize];
                d.mr_count >= 3 && mrs.iter().any(|m| m.state != "merged")
            })
            .expect("a deployment with a merge request that is not merged");
        let mrs = &p.mrs[d.mr_first as usize..][..d.mr_count as usize];
        (d.id, mrs.iter().map(|m| m.state).collect())
    };
    let base = format!("/projects/1/deployments/{id}/merge_requests");
    let all = sim.gl("GET", &base).await;
    assert_eq!(all.array().len(), states.len());
    let created: Vec<&str> = all
        .array()
        .iter()
        .map(|m| m["created_at"].as_str().unwrap())
        .collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "created_at desc by default");
    let merged = sim.gl("GET", &format!("{base}?state=merged")).await;
    assert_eq!(
        merged.array().len(),
        states.iter().filter(|s| **s == "merged").count()
    );
    assert!(merged.array().iter().all(|m| m["state"] == "merged"));
    let by_title = sim
        .gl("GET", &format!("{base}?order_by=title&sort=asc&state=all"))
        .await;
    let titles: Vec<&str> = by_title
        .array()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    let mut t = titles.clone();
    t.sort();
    assert_eq!(titles, t);
    for (q, key) in [
        ("state=open", "state"),
        ("order_by=id", "order_by"),
        ("sort=up", "sort"),
    ] {
        check(
            &sim.gl("GET", &format!("{base}?{q}")).await,
            400,
            json!({"error": format!("{key} does not have a valid value")}),
        );
    }
}

#[tokio::test]
async fn environment_agent_fields_are_validated() {
    let sim = sim();
    let post = |form: String| {
        let sim = &sim;
        async move { sim.gl_form("POST", "/projects/1/environments", &form).await }
    };
    check(
        &post("name=k1&kubernetes_namespace=Bad_NS".into()).await,
        400,
        json!({"message": {"kubernetes_namespace": ["can contain only lowercase letters, digits, and '-'. Must start with a letter, and cannot end with '-'"]}}),
    );
    check(
        &post(format!("name=k2&kubernetes_namespace={}", "a".repeat(64))).await,
        400,
        json!({"message": {"kubernetes_namespace": ["is too long (maximum is 63 characters)"]}}),
    );
    check(
        &post(format!("name=k3&flux_resource_path={}", "a".repeat(256))).await,
        400,
        json!({"message": {"flux_resource_path": ["is too long (maximum is 255 characters)"]}}),
    );
    check(
        &post("name=k4&cluster_agent_id=abc".into()).await,
        400,
        json!({"error": "cluster_agent_id is invalid"}),
    );
    check(
        &post("name=k5&cluster_agent_id=999".into()).await,
        400,
        json!({"message": "Unauthorized to access the cluster agent in this project"}),
    );
    check(
        &post("name=k6&slug=mine".into()).await,
        400,
        json!({"error": "slug is automatically generated and cannot be changed"}),
    );
    let ok = post(
        "name=k7&cluster_agent_id=11&kubernetes_namespace=web-prod&flux_resource_path=helm.toolkit.fluxcd.io/v2/namespaces/web-prod/helmreleases/web".into(),
    )
    .await;
    check_status(&ok, 201);
    assert_eq!(ok.body["cluster_agent"]["id"], 11);
    assert_eq!(ok.body["kubernetes_namespace"], "web-prod");
    check(
        &sim.gl_form(
            "PUT",
            &format!("/projects/1/environments/{}", ok.body["id"]),
            "slug=other",
        )
        .await,
        400,
        json!({"error": "slug is automatically generated and cannot be changed"}),
    );
}

#[tokio::test]
async fn delete_environment_honours_if_unmodified_since() {
    let sim = sim();
    let e = sim
        .gl_form("POST", "/projects/1/environments", "name=gone-soon")
        .await;
    let id = e.body["id"].clone();
    check_status(
        &sim.gl_form(
            "POST",
            &format!("/projects/1/environments/{id}/stop"),
            "force=true",
        )
        .await,
        200,
    );
    let path = format!("/api/v4/projects/1/environments/{id}");
    let old = sim
        .call(
            "DELETE",
            &path,
            &[
                ("private-token", TOKEN),
                ("if-unmodified-since", "Wed, 21 Oct 2015 07:28:00 GMT"),
            ],
            None,
        )
        .await;
    check(&old, 412, json!({"message": "412 Precondition Failed"}));
    let later = sim
        .call(
            "DELETE",
            &path,
            &[
                ("private-token", TOKEN),
                ("if-unmodified-since", "Fri, 01 Jan 2100 00:00:00 GMT"),
            ],
            None,
        )
        .await;
    check_status(&later, 204);
}

#[tokio::test]
async fn a_rejected_deployment_job_says_why() {
    let sim = sim();
    let prod = blocked(&sim, 1, "production").await;
    let id = prod.iter().find(|x| x.1 == "bob").unwrap().0;
    check_status(
        &sim.gl_as(
            "erin-token",
            "POST",
            &format!("/projects/1/deployments/{id}/approval"),
            Some("status=rejected&comment=no"),
        )
        .await,
        201,
    );
    let d = sim
        .gl("GET", &format!("/projects/1/deployments/{id}"))
        .await;
    assert_eq!(d.body["status"], "failed");
    assert_eq!(
        d.body["deployable"]["failure_reason"],
        "deployment_rejected"
    );
}

#[tokio::test]
async fn represented_as_matches_part_of_a_name() {
    let sim = sim();
    let prod = blocked(&sim, 1, "production").await;
    let id = prod.iter().find(|x| x.1 == "bob").unwrap().0;
    // erin is in the security group and a maintainer: "SECUR" picks the security rule.
    check_status(
        &sim.gl_as(
            "erin-token",
            "POST",
            &format!("/projects/1/deployments/{id}/approval"),
            Some("status=approved&represented_as=SECUR"),
        )
        .await,
        201,
    );
    let d = sim
        .gl("GET", &format!("/projects/1/deployments/{id}"))
        .await;
    let rules = d.body["approval_summary"]["rules"].as_array().unwrap();
    assert_eq!(rules[0]["access_level_description"], "security");
    assert_eq!(
        rules[0]["deployment_approvals"][0]["user"]["username"],
        "erin"
    );
}

#[tokio::test]
async fn approval_checks_run_in_gitlabs_order() {
    let sim = sim();
    // 1. An unknown status comes first, even for a deployment that is not waiting.
    let done = sim
        .gl(
            "GET",
            "/projects/3/deployments?status=success&environment=production&per_page=1",
        )
        .await;
    let done_id = done.array()[0]["id"].as_u64().unwrap();
    check(
        &sim.gl_form(
            "POST",
            &format!("/projects/3/deployments/{done_id}/approval"),
            "status=maybe",
        )
        .await,
        400,
        json!({"error": "status does not have a valid value"}),
    );
    // 2. Then "not waiting", before "not protected" or "not configured".
    check(
        &sim.gl_form(
            "POST",
            &format!("/projects/3/deployments/{done_id}/approval"),
            "status=approved",
        )
        .await,
        400,
        json!({"message": "This deployment is not waiting for approvals."}),
    );
    // 4 before 5: own deployment before "not configured" (project 3 production: protected,
    // no approvals).
    block_as(&sim, 2, done_id, 0);
    let path = format!("/projects/3/deployments/{done_id}/approval");
    check(
        &sim.gl_form("POST", &path, "status=approved").await,
        400,
        json!({"message": OWN}),
    );
    // 5 before 6: "not configured" even for a reporter.
    check(
        &sim.gl_as("riley-token", "POST", &path, Some("status=approved"))
            .await,
        400,
        json!({"message": "Deployment approvals is not configured for this environment."}),
    );
    // 6 before 7: no permission, whatever `represented_as` says.
    let prod = blocked(&sim, 1, "production").await;
    let id = prod.iter().find(|x| x.1 == "bob").unwrap().0;
    check(
        &sim.gl_as(
            "devi-token",
            "POST",
            &format!("/projects/1/deployments/{id}/approval"),
            Some("status=approved&represented_as=nobody"),
        )
        .await,
        400,
        json!({"message": NO_PERMISSION}),
    );
    // Without rules, approving needs a developer: a reporter may not.
    let p2 = blocked(&sim, 2, "production").await;
    check(
        &sim.gl_as(
            "riley-token",
            "POST",
            &format!("/projects/2/deployments/{}/approval", p2[0].0),
            Some("status=approved"),
        )
        .await,
        400,
        json!({"message": NO_PERMISSION}),
    );
}
