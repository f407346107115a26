//! GitHub workflow runs: `?status=waiting` lists exactly the runs with pending deployments, and
//! reviews move a run out of it (every environment approved, or any rejected).

use serde_json::{json, Value};

use crate::support::*;

const RUNS: &str = "/repos/acme/shop/actions/runs";

async fn ids(sim: &Sim, query: &str) -> Vec<u64> {
    let r = sim.gh("GET", &format!("{RUNS}{query}"), None).await;
    check_status(&r, 200);
    let runs = r.body["workflow_runs"].as_array().expect("workflow_runs");
    if !query.contains("per_page") {
        assert_eq!(r.body["total_count"], runs.len(), "{query}");
    }
    runs.iter().map(|x| x["id"].as_u64().unwrap()).collect()
}

async fn pending_envs(sim: &Sim, run: u64) -> Vec<String> {
    let r = sim
        .gh("GET", &format!("{RUNS}/{run}/pending_deployments"), None)
        .await;
    check_status(&r, 200);
    r.array()
        .iter()
        .map(|p| p["environment"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn env_id(sim: &Sim, run: u64, name: &str) -> Value {
    let r = sim
        .gh("GET", &format!("{RUNS}/{run}/pending_deployments"), None)
        .await;
    r.array()
        .iter()
        .find(|p| p["environment"]["name"] == name)
        .map(|p| p["environment"]["id"].clone())
        .unwrap_or_else(|| panic!("{name} is not pending on {run}"))
}

async fn review(sim: &Sim, token: &str, run: u64, env: Value, state: &str) -> Resp {
    sim.gh_as(
        token,
        "POST",
        &format!("{RUNS}/{run}/pending_deployments"),
        Some(json!({"environment_ids": [env], "state": state, "comment": "ok"})),
    )
    .await
}

/// Every run is in the waiting list exactly when its pending deployments are not empty.
async fn consistent(sim: &Sim) {
    let waiting = ids(sim, "?status=waiting").await;
    for run in ids(sim, "").await {
        let pending = pending_envs(sim, run).await;
        assert_eq!(waiting.contains(&run), !pending.is_empty(), "run {run}");
    }
}

#[tokio::test]
async fn the_waiting_list_and_its_shape() {
    let sim = sim();
    assert_eq!(ids(&sim, "").await, [7001, 7002, 7003], "newest first");
    assert_eq!(ids(&sim, "?status=waiting").await, [7001, 7002]);
    assert_eq!(ids(&sim, "?status=completed").await, [7003]);
    assert_eq!(ids(&sim, "?status=success").await, [7003]);
    assert_eq!(ids(&sim, "?status=failure").await, Vec::<u64>::new());
    assert_eq!(ids(&sim, "?status=waiting&actor=bob").await, [7001]);
    assert_eq!(
        ids(&sim, "?status=waiting&branch=nope").await,
        Vec::<u64>::new()
    );
    consistent(&sim).await;
    let r = sim.gh("GET", &format!("{RUNS}?status=waiting"), None).await;
    let run = &r.body["workflow_runs"][0];
    for key in [
        "id",
        "node_id",
        "head_branch",
        "head_sha",
        "path",
        "display_title",
        "run_number",
        "event",
        "status",
        "conclusion",
        "workflow_id",
        "url",
        "html_url",
        "pull_requests",
        "created_at",
        "updated_at",
        "actor",
        "run_attempt",
        "jobs_url",
        "logs_url",
        "check_suite_url",
        "artifacts_url",
        "cancel_url",
        "rerun_url",
        "workflow_url",
        "head_commit",
        "repository",
        "head_repository",
    ] {
        assert!(run.get(key).is_some(), "{key} in {run}");
    }
    assert_eq!(run["status"], "waiting");
    assert_eq!(run["conclusion"], Value::Null);
    assert_eq!(run["actor"]["login"], "bob");
    assert_eq!(run["repository"]["full_name"], "acme/shop");
    assert_eq!(
        run["url"],
        "https://api.github.com/repos/acme/shop/actions/runs/7001"
    );
    let one = sim.gh("GET", &format!("{RUNS}/7001"), None).await;
    check_status(&one, 200);
    assert_eq!(&one.body, run);
    check_status(&sim.gh("GET", &format!("{RUNS}/1"), None).await, 404);
    check_status(
        &sim.gh("GET", "/repos/acme/nope/actions/runs", None).await,
        404,
    );
    // Another repository has no runs.
    let docs = sim.gh("GET", "/repos/acme/docs/actions/runs", None).await;
    check(&docs, 200, json!({"total_count": 0, "workflow_runs": []}));
}

#[tokio::test]
async fn pages() {
    let sim = sim();
    let r = sim
        .gh("GET", &format!("{RUNS}?status=waiting&per_page=1"), None)
        .await;
    assert_eq!(r.body["total_count"], 2);
    assert_eq!(r.body["workflow_runs"].as_array().unwrap().len(), 1);
    assert!(r.header("link").unwrap().contains("rel=\"next\""));
    assert_eq!(ids(&sim, "?status=waiting&per_page=1&page=2").await, [7002]);
}

#[tokio::test]
async fn approving_every_environment_ends_the_wait() {
    let sim = sim();
    // 7002 (by demo) waits on production and staging.
    assert_eq!(pending_envs(&sim, 7002).await.len(), 2);
    let staging = env_id(&sim, 7002, "staging").await;
    check_status(
        &review(&sim, "bob-token", 7002, staging, "approved").await,
        200,
    );
    assert_eq!(pending_envs(&sim, 7002).await, ["production"]);
    assert_eq!(
        ids(&sim, "?status=waiting").await,
        [7001, 7002],
        "still waiting"
    );
    consistent(&sim).await;
    let production = env_id(&sim, 7002, "production").await;
    check_status(
        &review(&sim, "alice-token", 7002, production, "approved").await,
        200,
    );
    assert_eq!(ids(&sim, "?status=waiting").await, [7001]);
    let run = sim.gh("GET", &format!("{RUNS}/7002"), None).await;
    assert_eq!(
        (&run.body["status"], &run.body["conclusion"]),
        (&json!("completed"), &json!("success"))
    );
    consistent(&sim).await;
    // 7001 (one environment).
    let production = env_id(&sim, 7001, "production").await;
    check_status(
        &review(&sim, TOKEN, 7001, production, "approved").await,
        200,
    );
    assert_eq!(ids(&sim, "?status=waiting").await, Vec::<u64>::new());
    assert_eq!(ids(&sim, "?status=success").await, [7001, 7002, 7003]);
    consistent(&sim).await;
}

#[tokio::test]
async fn rejecting_any_environment_fails_the_run() {
    let sim = sim();
    let staging = env_id(&sim, 7002, "staging").await;
    check(
        &review(&sim, "bob-token", 7002, staging.clone(), "rejected").await,
        200,
        json!([]),
    );
    assert_eq!(ids(&sim, "?status=waiting").await, [7001]);
    assert_eq!(ids(&sim, "?status=failure").await, [7002]);
    assert_eq!(
        pending_envs(&sim, 7002).await,
        Vec::<String>::new(),
        "production too"
    );
    consistent(&sim).await;
    // Nothing is left to review.
    check_status(
        &review(&sim, "bob-token", 7002, staging, "approved").await,
        422,
    );
    let reviews = sim.gh("GET", &format!("{RUNS}/7002/approvals"), None).await;
    assert_eq!(reviews.array()[0]["state"], "rejected");
}
