//! GitHub workflow runs, their pending deployments, reviews (approve/reject) and approvals.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::errors::*;
use super::json::*;
use super::*;
use crate::pagination::{github_headers, github_page};
use crate::req::{json, Req};
use crate::seed::gh_status;
use crate::store::*;
use crate::AppState;

/// A run's `status` and `conclusion` (see the module documentation).
pub fn run_status(run: &Run) -> (&'static str, Option<&'static str>) {
    if run.reviews.iter().any(|r| !r.approved) {
        ("completed", Some("failure"))
    } else if !run.pending.is_empty() {
        ("waiting", None)
    } else {
        ("completed", Some("success"))
    }
}

/// The workflow id every seeded run belongs to (`.github/workflows/deploy.yml`).
pub const DEPLOY_WORKFLOW: u64 = 161_335;

pub fn minimal_repo_json(r: &Repo) -> Value {
    let owner_url = format!("{API}/users/{}", r.owner);
    json!({
        "id": r.id,
        "node_id": format!("R_kgDO{}", r.id),
        "name": r.name,
        "full_name": r.full_name(),
        "private": false,
        "owner": {
            "login": r.owner,
            "id": 9_919,
            "node_id": "O_kgDOAAAmvw",
            "avatar_url": "https://avatars.githubusercontent.com/u/9919?v=4",
            "gravatar_id": "",
            "url": owner_url,
            "html_url": format!("{WEB}/{}", r.owner),
            "type": "Organization",
            "site_admin": false,
        },
        "html_url": format!("{WEB}/{}", r.full_name()),
        "description": null,
        "fork": false,
        "url": repo_url(r),
    })
}

/// A workflow run (`workflow-run` in GitHub's description).
pub fn run_json(st: &Store, r: &Repo, run: &Run) -> Value {
    let url = format!("{}/actions/runs/{}", repo_url(r), run.id);
    let (status, conclusion) = run_status(run);
    let actor = &st.users[run.actor];
    let person = json!({"name": actor.name, "email": format!("{}@acme.test", actor.username)});
    json!({
        "id": run.id,
        "name": "Deploy",
        "node_id": format!("WFR_kwLO{}", run.id),
        "check_suite_id": run.id * 10,
        "check_suite_node_id": format!("CS_kwDO{}", run.id * 10),
        "head_branch": run.git_ref,
        "head_sha": run.sha,
        "path": ".github/workflows/deploy.yml",
        "display_title": format!("Deploy {}", run.git_ref),
        "run_number": run.id % 1000,
        "event": "push",
        "status": status,
        "conclusion": conclusion,
        "workflow_id": DEPLOY_WORKFLOW,
        "url": url,
        "html_url": format!("{WEB}/{}/actions/runs/{}", r.full_name(), run.id),
        "pull_requests": [],
        "created_at": fmt_gh(run.created_at),
        "updated_at": fmt_gh(run.created_at + MINUTE),
        "actor": simple_user(st, run.actor),
        "triggering_actor": simple_user(st, run.actor),
        "run_attempt": 1,
        "referenced_workflows": [],
        "run_started_at": fmt_gh(run.created_at),
        "jobs_url": format!("{url}/jobs"),
        "logs_url": format!("{url}/logs"),
        "check_suite_url": format!("{}/check-suites/{}", repo_url(r), run.id * 10),
        "artifacts_url": format!("{url}/artifacts"),
        "cancel_url": format!("{url}/cancel"),
        "rerun_url": format!("{url}/rerun"),
        "previous_attempt_url": null,
        "workflow_url": format!("{}/actions/workflows/{DEPLOY_WORKFLOW}", repo_url(r)),
        "head_commit": {
            "id": run.sha,
            "tree_id": run.sha,
            "message": format!("Deploy {}", run.git_ref),
            "timestamp": fmt_gh(run.created_at - 10 * MINUTE),
            "author": person,
            "committer": person,
        },
        "repository": minimal_repo_json(r),
        "head_repository": minimal_repo_json(r),
    })
}

/// `GET /repos/{owner}/{repo}/actions/runs`: newest first, `{total_count, workflow_runs}`;
/// filters `status` (a status or a conclusion, e.g. `waiting`, `completed`, `failure`), `actor`
/// (login), `branch`, `head_sha`, `event`; `page`/`per_page` with a `Link` header.
pub async fn list_runs(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let ri = find_repo(&st, &owner, &repo)?;
    let r = &st.repos[ri];
    let page = github_page(&req.params);
    let f = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    let (status, actor, branch, sha, event) = (
        f("status"),
        f("actor"),
        f("branch"),
        f("head_sha"),
        f("event"),
    );
    let keep = |run: &&Run| {
        let (st_, conclusion) = run_status(run);
        status
            .as_deref()
            .is_none_or(|v| v == st_ || Some(v) == conclusion)
            && actor
                .as_deref()
                .is_none_or(|v| st.users[run.actor].username == v)
            && branch.as_deref().is_none_or(|v| run.git_ref == v)
            && sha.as_deref().is_none_or(|v| run.sha == v)
            && event.as_deref().is_none_or(|v| v == "push")
    };
    let mut runs: Vec<&Run> = r.runs.iter().filter(keep).collect();
    runs.sort_by_key(|run| std::cmp::Reverse((run.created_at, run.id)));
    let total = runs.len();
    let items: Vec<Value> = runs
        .get(page.range().start.min(total)..page.range().end.min(total))
        .unwrap_or_default()
        .iter()
        .map(|run| run_json(&st, r, run))
        .collect();
    let mut resp = json(
        StatusCode::OK,
        json!({"total_count": total, "workflow_runs": items}),
    );
    github_headers(&mut resp, &req, page, total);
    Ok(resp)
}

/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}`
pub async fn get_run(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
) -> ApiResult {
    let st = s.read();
    let (ri, pos) = find_run(&st, &owner, &repo, &run)?;
    let r = &st.repos[ri];
    Ok(json(StatusCode::OK, run_json(&st, r, &r.runs[pos])))
}

pub fn find_run(
    st: &Store,
    owner: &str,
    repo: &str,
    run: &str,
) -> Result<(usize, usize), ApiFailure> {
    let ri = find_repo(st, owner, repo)?;
    let id = run.parse::<u64>().map_err(|_| not_found())?;
    let pos = st.repos[ri]
        .runs
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(not_found)?;
    Ok((ri, pos))
}

pub async fn pending(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let (ri, pos) = find_run(&st, &owner, &repo, &run)?;
    let r = &st.repos[ri];
    let run = &r.runs[pos];
    let items: Vec<Value> = run
        .pending
        .iter()
        .filter_map(|id| r.envs.iter().find(|e| e.id == *id))
        .map(|e| {
            let self_blocked = e.prevent_self_review && run.actor == req.auth.user;
            json!({
                "environment": env_ref_json(r, e),
                "wait_timer": e.wait_timer,
                "wait_timer_started_at": if e.wait_timer > 0 { Value::from(fmt_gh(run.created_at)) } else { Value::Null },
                "current_user_can_approve": can_review(&st, e, req.auth.user) && !self_blocked,
                "reviewers": e.reviewers.iter().map(|rv| reviewer_json(&st, rv)).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json(StatusCode::OK, Value::Array(items)))
}

pub async fn approvals(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
) -> ApiResult {
    let st = s.read();
    let (ri, pos) = find_run(&st, &owner, &repo, &run)?;
    let r = &st.repos[ri];
    let items: Vec<Value> = r.runs[pos]
        .reviews
        .iter()
        .map(|rv| {
            let envs: Vec<Value> = rv
                .env_ids
                .iter()
                .filter_map(|id| r.envs.iter().find(|e| e.id == *id))
                .map(|e| {
                    let mut v = env_ref_json(r, e);
                    v["created_at"] = json!(fmt_gh(e.created_at));
                    v["updated_at"] = json!(fmt_gh(e.updated_at));
                    v
                })
                .collect();
            json!({
                "environments": envs,
                "state": if rv.approved { "approved" } else { "rejected" },
                "user": simple_user(&st, rv.user),
                "comment": rv.comment,
            })
        })
        .collect();
    Ok(json(StatusCode::OK, Value::Array(items)))
}

pub async fn review(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (ri, pos) = find_run(&st, &owner, &repo, &run)?;
    let body = body_object(&req)?;
    for key in ["environment_ids", "state", "comment"] {
        if !body.contains_key(key) {
            return Err(invalid_request(&format!(
                "Invalid request.\n\n\"{key}\" wasn't supplied."
            )));
        }
    }
    let Some(ids) = body
        .get("environment_ids")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect::<Vec<_>>())
    else {
        return Err(invalid_request(
            "Invalid request.\n\nFor 'properties/environment_ids', it is not an array.",
        ));
    };
    let approved = match body.get("state").and_then(Value::as_str) {
        Some("approved") => true,
        Some("rejected") => false,
        other => {
            return Err(invalid_request(&format!(
                "Invalid request.\n\nFor 'properties/state', {} is not one of [\"approved\", \"rejected\"].",
                other.map(|s| format!("\"{s}\"")).unwrap_or_else(|| "null".into())
            )))
        }
    };
    let comment = body
        .get("comment")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let user = req.auth.user;
    let r = &st.repos[ri];
    let run = &r.runs[pos];
    if ids.is_empty() || ids.iter().any(|id| !run.pending.contains(id)) {
        return Err(invalid_request(
            "No pending deployment requests to approve or reject",
        ));
    }
    for id in &ids {
        let Some(e) = r.envs.iter().find(|e| e.id == *id) else {
            return Err(invalid_request(
                "No pending deployment requests to approve or reject",
            ));
        };
        if !can_review(&st, e, user) {
            return Err(invalid_request(
                "You are not a required reviewer for this environment",
            ));
        }
        if e.prevent_self_review && run.actor == user {
            return Err(invalid_request("You cannot approve your own deployment"));
        }
    }
    let now = now_ms();
    let (sha, git_ref) = (run.sha.clone(), run.git_ref.clone());
    let env_names: Vec<String> = ids
        .iter()
        .filter_map(|id| r.envs.iter().find(|e| e.id == *id).map(|e| e.name.clone()))
        .collect();
    let actor = run.actor;
    {
        let run = &mut st.repos[ri].runs[pos];
        if approved {
            run.pending.retain(|id| !ids.contains(id));
        } else {
            // A rejection fails the run: nothing of it waits any more.
            run.pending.clear();
        }
        run.reviews.push(GhReview {
            env_ids: ids.clone(),
            approved,
            user,
            comment,
        });
    }
    let mut created = vec![];
    if approved {
        let full = st.repos[ri].full_name();
        for env in env_names {
            let id = st.gh_next_deployment_id;
            st.gh_next_deployment_id += 1;
            let queued = gh_status(&mut st, GhState::Queued, actor, &env, &full, id, now, false);
            let d = GhDeployment {
                id,
                sha: sha.clone(),
                git_ref: git_ref.clone(),
                task: "deploy".into(),
                environment: env.clone(),
                original_environment: env.clone(),
                description: None,
                payload: json!({}),
                creator: actor,
                created_at: now,
                updated_at: now,
                transient: false,
                production: env == "production",
                statuses: vec![queued],
            };
            st.repos[ri].deployments.push(d);
            created.push(st.repos[ri].deployments.len() - 1);
        }
    }
    let r = &st.repos[ri];
    let items: Vec<Value> = created
        .iter()
        .map(|&i| deployment_json(&st, r, &r.deployments[i]))
        .collect();
    Ok(json(StatusCode::OK, Value::Array(items)))
}
