//! GitHub's three answers to a new deployment, from seeded refs: `201` (created), `202`
//! (`topic-branch` is behind `main`: auto-merged, nothing created; the next request deploys it)
//! and `409` (`topic-conflict` cannot be merged; `topic-failing` has failing and pending
//! statuses), with `auto_merge: false` and `required_contexts` changing the outcome as on GitHub.

use serde_json::{json, Value};

use crate::support::*;

const PATH: &str = "/repos/acme/shop/deployments";

/// Deployments of `git_ref` (none are seeded for the scenario refs).
async fn count(sim: &Sim, git_ref: &str) -> usize {
    sim.gh("GET", &format!("{PATH}?ref={git_ref}&per_page=100"), None)
        .await
        .array()
        .len()
}

async fn post(sim: &Sim, body: Value) -> Resp {
    sim.gh("POST", PATH, Some(body)).await
}

#[tokio::test]
async fn behind_the_default_branch_is_auto_merged_once() {
    let sim = sim();
    let before = count(&sim, "topic-branch").await;
    let r = post(&sim, json!({"ref": "topic-branch", "environment": "qa"})).await;
    check_status(&r, 202);
    assert_eq!(
        r.body,
        json!({"message": "Auto-merged main into topic-branch on deployment."})
    );
    assert_eq!(
        count(&sim, "topic-branch").await,
        before,
        "no deployment was created"
    );
    // Merged now: the same request deploys it.
    let again = post(&sim, json!({"ref": "topic-branch", "environment": "qa"})).await;
    check_status(&again, 201);
    assert_eq!(again.body["ref"], "topic-branch");
    assert_eq!(count(&sim, "topic-branch").await, before + 1);
}

#[tokio::test]
async fn without_auto_merge_a_branch_behind_is_deployed_as_it_is() {
    let sim = sim();
    let r = post(&sim, json!({"ref": "topic-branch", "auto_merge": false})).await;
    check_status(&r, 201);
    let conflict = post(&sim, json!({"ref": "topic-conflict", "auto_merge": false})).await;
    check_status(&conflict, 201);
}

#[tokio::test]
async fn a_merge_conflict_is_409() {
    let sim = sim();
    let before = count(&sim, "topic-conflict").await;
    let r = post(&sim, json!({"ref": "topic-conflict"})).await;
    check_status(&r, 409);
    assert_eq!(
        r.body["message"],
        "Conflict merging main into topic-conflict."
    );
    assert!(r.body["documentation_url"].is_string());
    assert_eq!(count(&sim, "topic-conflict").await, before);
}

#[tokio::test]
async fn failing_status_checks_are_409_unless_skipped_or_narrowed() {
    let sim = sim();
    let before = count(&sim, "topic-failing").await;
    let r = post(&sim, json!({"ref": "topic-failing"})).await;
    check_status(&r, 409);
    assert_eq!(
        r.body["message"],
        "Conflict: Commit status checks failed for topic-failing."
    );
    assert_eq!(
        r.body["errors"][0],
        json!({
            "contexts": [
                {"context": "ci/test", "state": "failure"},
                {"context": "security/scan", "state": "pending"}
            ],
            "resource": "Deployment",
            "field": "required_contexts",
            "code": "invalid"
        })
    );
    let only_test = post(
        &sim,
        json!({"ref": "topic-failing", "required_contexts": ["ci/test"]}),
    )
    .await;
    check_status(&only_test, 409);
    assert_eq!(
        only_test.body["errors"][0]["contexts"],
        json!([{"context": "ci/test", "state": "failure"}])
    );
    let missing = post(
        &sim,
        json!({"ref": "main", "required_contexts": ["ci/lint"]}),
    )
    .await;
    check_status(&missing, 409);
    assert_eq!(
        missing.body["errors"][0]["contexts"],
        json!([{"context": "ci/lint", "state": "missing"}])
    );
    assert_eq!(
        count(&sim, "topic-failing").await,
        before,
        "nothing created so far"
    );
    let passing = post(
        &sim,
        json!({"ref": "topic-failing", "required_contexts": ["ci/build"]}),
    )
    .await;
    check_status(&passing, 201);
    let skipped = post(
        &sim,
        json!({"ref": "topic-failing", "required_contexts": [], "payload": {"deploy": "migrate"}}),
    )
    .await;
    check_status(&skipped, 201);
    assert_eq!(skipped.body["payload"], json!({"deploy": "migrate"}));
    assert_eq!(count(&sim, "topic-failing").await, before + 2);
}

#[tokio::test]
async fn wrong_types_are_422() {
    let sim = sim();
    let r = post(&sim, json!({"ref": "main", "required_contexts": "ci/test"})).await;
    check_status(&r, 422);
    assert!(r.body["message"]
        .as_str()
        .unwrap()
        .contains("required_contexts"));
    let r = post(&sim, json!({"ref": "main", "auto_merge": "yes"})).await;
    check_status(&r, 422);
}
