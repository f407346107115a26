//! GitLab deployment approvals: rules, unified counts, own deployments, represented_as, replaced answers, rejections.

use serde_json::json;

use crate::support::*;

const OWN: &str = "You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.";
const NOT_WAITING: &str = "This deployment is not waiting for approvals.";
const NO_RULE: &str = "There are no approval rules for the given `represent_as` parameter. Use a valid User/Group/Role name instead.";

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

/// Puts deployment `id` of project index `pi` in `blocked` (a state the seed gives only to
/// deployments of environments that need approval).
pub fn block(sim: &Sim, pi: usize, id: u64) {
    let mut st = sim.state.write();
    let p = &mut st.projects[pi];
    let pos = p.deployment_pos(id).unwrap();
    p.deployments[pos].status = forge_sim::store::Status::Blocked;
    p.deployments[pos].finished_at = None;
}

#[tokio::test]
async fn seeded_blocked_deployments_and_approvers() {
    let sim = sim();
    let prod = blocked(&sim, 1, "production").await;
    let authors: Vec<&str> = prod.iter().map(|x| x.1.as_str()).collect();
    assert_eq!(authors, ["bob", "demo", "alice"]);
    let d = sim
        .gl("GET", &format!("/projects/1/deployments/{}", prod[0].0))
        .await;
    assert_eq!(d.body["pending_approval_count"], 2);
    assert_eq!(d.body["approvals"].as_array().unwrap().len(), 1);
    let rules = d.body["approval_summary"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0]["group_id"], 135);
    assert_eq!(rules[0]["access_level_description"], "security");
    assert_eq!(rules[2]["access_level"], 40);
}

#[tokio::test]
async fn own_deployment_is_refused() {
    let sim = sim();
    let prod = blocked(&sim, 1, "production").await;
    let own = prod.iter().find(|x| x.1 == "demo").unwrap().0;
    check(
        &sim.gl_form(
            "POST",
            &format!("/projects/1/deployments/{own}/approval"),
            "status=approved",
        )
        .await,
        400,
        json!({"message": OWN}),
    );
}

#[tokio::test]
async fn not_waiting_is_refused() {
    let sim = sim();
    let r = sim
        .gl(
            "GET",
            "/projects/1/deployments?environment=production&status=success&sort=desc&per_page=100",
        )
        .await;
    let d = r
        .array()
        .iter()
        .find(|d| d["user"]["username"] != "demo")
        .unwrap();
    check(
        &sim.gl_form(
            "POST",
            &format!("/projects/1/deployments/{}/approval", d["id"]),
            "status=approved",
        )
        .await,
        400,
        json!({"message": NOT_WAITING}),
    );
}

#[tokio::test]
async fn unknown_represented_as_is_refused() {
    let sim = sim();
    let id = blocked(&sim, 1, "production").await[0].0;
    // demo belongs to security and Maintainers, not to qa.
    check(
        &sim.gl_form(
            "POST",
            &format!("/projects/1/deployments/{id}/approval"),
            "status=approved&represented_as=qa",
        )
        .await,
        400,
        json!({"message": NO_RULE}),
    );
}

#[tokio::test]
async fn all_rules_satisfied_unblocks_to_created() {
    let sim = sim();
    let id = blocked(&sim, 1, "production").await[0].0;
    let path = format!("/projects/1/deployments/{id}/approval");
    let a = sim
        .gl_form(
            "POST",
            &path,
            "status=approved&comment=Looks good to me&represented_as=security",
        )
        .await;
    check(
        &a,
        201,
        json!({"user": a.body["user"], "status": "approved", "created_at": a.body["created_at"], "comment": "Looks good to me"}),
    );
    assert_eq!(a.body["user"]["username"], "demo");
    let d = sim
        .gl("GET", &format!("/projects/1/deployments/{id}"))
        .await;
    assert_eq!(d.body["status"], "blocked");
    assert_eq!(d.body["pending_approval_count"], 1);
    let rules = d.body["approval_summary"]["rules"].as_array().unwrap();
    assert_eq!(
        rules[0]["deployment_approvals"].as_array().unwrap().len(),
        1,
        "counted for security"
    );
    let b = sim
        .gl_form("POST", &path, "status=approved&represented_as=Maintainers")
        .await;
    check_status(&b, 201);
    let d = sim
        .gl("GET", &format!("/projects/1/deployments/{id}"))
        .await;
    assert_eq!(d.body["status"], "created", "unblocked, job stays manual");
    assert_eq!(d.body["pending_approval_count"], 0);
    check(
        &sim.gl_form("POST", &path, "status=approved").await,
        400,
        json!({"message": NOT_WAITING}),
    );
}

#[tokio::test]
async fn second_answer_replaces_first_and_rejection_fails() {
    let sim = sim();
    let prod = blocked(&sim, 1, "production").await;
    let id = prod.iter().find(|x| x.1 == "alice").unwrap().0;
    let path = format!("/projects/1/deployments/{id}/approval");
    check_status(
        &sim.gl_as("erin-token", "POST", &path, Some("status=approved"))
            .await,
        201,
    );
    let r = sim
        .gl_as(
            "erin-token",
            "POST",
            &path,
            Some("status=rejected&comment=Not today"),
        )
        .await;
    check_status(&r, 201);
    assert_eq!(r.body["status"], "rejected");
    assert_eq!(r.body["comment"], "Not today");
    let d = sim
        .gl("GET", &format!("/projects/1/deployments/{id}"))
        .await;
    assert_eq!(
        d.body["approvals"].as_array().unwrap().len(),
        1,
        "the same approval was updated"
    );
    assert_eq!(d.body["status"], "failed");
}

#[tokio::test]
async fn unified_count_runs_when_reached() {
    let sim = sim();
    let prod = blocked(&sim, 2, "production").await;
    let demo_own = prod.iter().find(|x| x.1 == "demo").unwrap().0;
    let path = format!("/projects/2/deployments/{demo_own}/approval");
    check_status(
        &sim.gl_as("alice-token", "POST", &path, Some("status=approved"))
            .await,
        201,
    );
    let d = sim
        .gl("GET", &format!("/projects/2/deployments/{demo_own}"))
        .await;
    assert_eq!(d.body["status"], "blocked");
    assert_eq!(d.body["pending_approval_count"], 1);
    assert_eq!(
        d.body["approval_summary"],
        json!({"rules": []}),
        "no rules: an empty summary, still present"
    );
    check_status(
        &sim.gl_as("bob-token", "POST", &path, Some("status=approved"))
            .await,
        201,
    );
    let d = sim
        .gl("GET", &format!("/projects/2/deployments/{demo_own}"))
        .await;
    assert_eq!(d.body["status"], "running");
}

#[tokio::test]
async fn approval_parameters_and_environments() {
    let sim = sim();
    let id = blocked(&sim, 1, "production").await[0].0;
    let path = format!("/projects/1/deployments/{id}/approval");
    check(
        &sim.gl_form("POST", &path, "comment=hi").await,
        400,
        json!({"error": "status is missing"}),
    );
    check(
        &sim.gl_form("POST", &path, "status=maybe").await,
        400,
        json!({"error": "status does not have a valid value"}),
    );
    let long = "x".repeat(256);
    check(
        &sim.gl_form("POST", &path, &format!("status=approved&comment={long}"))
            .await,
        400,
        json!({"message": "Comment is too long (maximum is 255 characters)"}),
    );
    // GitLab checks "waiting" before "protected": a finished deployment is not waiting.
    let r = sim
        .gl(
            "GET",
            "/projects/3/deployments?environment=staging&status=success",
        )
        .await;
    let staging_id = r.array()[0]["id"].as_u64().unwrap();
    let staging_path = format!("/projects/3/deployments/{staging_id}/approval");
    check(
        &sim.gl_as(
            "alice-token",
            "POST",
            &staging_path,
            Some("status=approved"),
        )
        .await,
        400,
        json!({"message": NOT_WAITING}),
    );
    // Blocked, on an unprotected environment.
    block(&sim, 2, staging_id);
    check(
        &sim.gl_as(
            "alice-token",
            "POST",
            &staging_path,
            Some("status=approved"),
        )
        .await,
        400,
        json!({"message": "This environment is not protected."}),
    );
    let r = sim
        .gl(
            "GET",
            "/projects/3/deployments?environment=production&status=success&sort=desc",
        )
        .await;
    let d = r
        .array()
        .iter()
        .find(|d| d["user"]["username"] != "alice")
        .unwrap();
    let id = d["id"].as_u64().unwrap();
    // Blocked, on a protected environment without approvals.
    block(&sim, 2, id);
    check(
        &sim.gl_as(
            "alice-token",
            "POST",
            &format!("/projects/3/deployments/{id}/approval"),
            Some("status=approved"),
        )
        .await,
        400,
        json!({"message": "Deployment approvals is not configured for this environment."}),
    );
    // JSON body like the documented form call.
    let j = sim
        .gl_json(
            "POST",
            &path,
            json!({"status": "approved", "represented_as": "security"}),
        )
        .await;
    check_status(&j, 201);
}
