//! GitHub deployments: list (with `--insert-per-list`), get, create (merge and status checks
//! through `gh_checks`), delete.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::errors::*;
use super::json::*;
use super::*;
use crate::frontdoor::GITHUB_DOCS;
use crate::pagination::{github_headers, github_page};
use crate::req::{empty, json, Req};
use crate::seed::gh_status;
use crate::store::*;
use crate::AppState;

/// `--insert-per-list K`: before a list page >= 2, K new deployments (with a success status)
/// become the repository's newest, matching the request's filters where it sets them.
pub fn insert_before_list(s: &AppState, owner: &str, repo: &str, req: &Req) {
    let k = s.cfg().insert_per_list;
    if k == 0 || crate::gitlab::requested_page(req) < 2 {
        return;
    }
    let mut st = s.write();
    let Ok(ri) = find_repo(&st, owner, repo) else {
        return;
    };
    let full = st.repos[ri].full_name();
    let f = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    for _ in 0..k {
        let Some(last) = st.repos[ri].deployments.last().cloned() else {
            return;
        };
        let id = st.gh_next_deployment_id;
        st.gh_next_deployment_id += 1;
        let t = last.created_at.max(last.updated_at) + MINUTE;
        let environment = f("environment").unwrap_or(last.environment.clone());
        let production = environment == "production";
        let status = gh_status(
            &mut st,
            GhState::Success,
            crate::seed::BOT,
            &environment,
            &full,
            id,
            t + MINUTE,
            production,
        );
        st.repos[ri].deployments.push(GhDeployment {
            id,
            sha: f("sha").unwrap_or(last.sha),
            git_ref: f("ref").unwrap_or(last.git_ref),
            task: f("task").unwrap_or(last.task),
            original_environment: environment.clone(),
            environment,
            description: Some("Deployed while the list was read".into()),
            payload: json!({}),
            creator: crate::seed::BOT,
            created_at: t,
            updated_at: t + MINUTE,
            transient: false,
            production,
            statuses: vec![status],
        });
    }
}

pub async fn list_deployments(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    insert_before_list(&s, &owner, &repo, &req);
    let st = s.read();
    let ri = find_repo(&st, &owner, &repo)?;
    let r = &st.repos[ri];
    let page = github_page(&req.params);
    let f = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    let (sha, git_ref, task, env) = (f("sha"), f("ref"), f("task"), f("environment"));
    let keep = |d: &&GhDeployment| {
        sha.as_ref().is_none_or(|v| &d.sha == v)
            && git_ref.as_ref().is_none_or(|v| &d.git_ref == v)
            && task.as_ref().is_none_or(|v| &d.task == v)
            && env.as_ref().is_none_or(|v| &d.environment == v)
    };
    let range = page.range();
    let mut total = 0;
    let mut rows = vec![];
    for d in r.deployments.iter().rev().filter(keep) {
        if range.contains(&total) {
            rows.push(deployment_json(&st, r, d));
        }
        total += 1;
    }
    let mut resp = json(StatusCode::OK, Value::Array(rows));
    github_headers(&mut resp, &req, page, total);
    Ok(resp)
}

pub async fn get_deployment(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
) -> ApiResult {
    let st = s.read();
    let (ri, pos) = find_deployment(&st, &owner, &repo, &id)?;
    let r = &st.repos[ri];
    Ok(json(
        StatusCode::OK,
        deployment_json(&st, r, &r.deployments[pos]),
    ))
}

pub async fn create_deployment(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let ri = find_repo(&st, &owner, &repo)?;
    let body = body_object(&req)?;
    let Some(git_ref) = body.get("ref").and_then(Value::as_str).map(str::to_string) else {
        return Err(invalid_request(
            "Invalid request.\n\n\"ref\" wasn't supplied.",
        ));
    };
    let r = &st.repos[ri];
    let sha = if let Some(sha) = crate::gh_checks::scenario_sha(r, &git_ref) {
        sha
    } else if r.branches.contains(&git_ref) || r.tags.contains(&git_ref) {
        // a branch or tag points at the newest commit we know for it
        let k = r.shas.len()
            - 1
            - (r.tags
                .iter()
                .position(|t| *t == git_ref)
                .map(|p| r.tags.len() - 1 - p)
                .unwrap_or(0))
            .min(r.shas.len() - 1);
        r.shas[k].clone()
    } else if git_ref.len() >= 7 && r.shas.iter().any(|s| s.starts_with(&git_ref)) {
        r.shas
            .iter()
            .find(|s| s.starts_with(&git_ref))
            .cloned()
            .unwrap_or_default()
    } else {
        return Err(validation(
            "Deployment",
            "ref",
            "invalid",
            &format!("No ref found for: {git_ref}"),
        ));
    };
    let environment = body
        .get("environment")
        .and_then(Value::as_str)
        .unwrap_or("production")
        .to_string();
    if environment.is_empty() {
        return Err(validation(
            "Deployment",
            "environment",
            "invalid",
            "environment can't be blank",
        ));
    }
    let task = body
        .get("task")
        .and_then(Value::as_str)
        .unwrap_or("deploy")
        .to_string();
    let description = match body.get("description") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) => None,
        _ => Some(String::new()),
    };
    let payload = match body.get("payload") {
        Some(Value::String(s)) => {
            serde_json::from_str::<Value>(s).unwrap_or(Value::String(s.clone()))
        }
        Some(v @ Value::Object(_)) => v.clone(),
        _ => json!({}),
    };
    let production = body
        .get("production_environment")
        .and_then(Value::as_bool)
        .unwrap_or(environment == "production");
    let transient = body
        .get("transient_environment")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let auto_merge = match body.get("auto_merge") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(v) => {
            return Err(invalid_request(&format!(
                "Invalid request.\n\nFor 'properties/auto_merge', {v} is not a boolean."
            )))
        }
    };
    let required: Option<Vec<String>> = match body.get("required_contexts") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(v) => {
            return Err(invalid_request(&format!(
                "Invalid request.\n\nFor 'properties/required_contexts', {v} is not an array of strings."
            )))
        }
    };
    // Merge of the default branch, then commit status checks (see `gh_checks` for which refs).
    match crate::gh_checks::check(
        &st.repos[ri],
        &git_ref,
        auto_merge,
        required.as_deref(),
        GITHUB_DOCS,
    ) {
        crate::gh_checks::Verdict::Create => {}
        crate::gh_checks::Verdict::AutoMerged(answer) => {
            // The ref now holds the default branch: a later request deploys it.
            st.repos[ri].branches.push(git_ref);
            return Ok(json(StatusCode::ACCEPTED, answer));
        }
        crate::gh_checks::Verdict::Conflict(answer) => {
            return Ok(json(StatusCode::CONFLICT, answer))
        }
    }
    let now = now_ms();
    if !st.repos[ri].envs.iter().any(|e| e.name == environment) {
        let id = st.gh_next_env_id;
        st.gh_next_env_id += 1;
        st.repos[ri].envs.push(GhEnv {
            id,
            name: environment.clone(),
            created_at: now,
            updated_at: now,
            wait_timer: 0,
            prevent_self_review: false,
            reviewers: vec![],
            branch_policy: None,
        });
    }
    let id = st.gh_next_deployment_id;
    st.gh_next_deployment_id += 1;
    let d = GhDeployment {
        id,
        sha,
        git_ref,
        task,
        environment: environment.clone(),
        original_environment: environment,
        description,
        payload,
        creator: req.auth.user,
        created_at: now,
        updated_at: now,
        transient,
        production,
        statuses: vec![],
    };
    st.repos[ri].deployments.push(d);
    let r = &st.repos[ri];
    Ok(json(
        StatusCode::CREATED,
        deployment_json(&st, r, r.deployments.last().expect("pushed")),
    ))
}

pub async fn delete_deployment(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
) -> ApiResult {
    let mut st = s.write();
    let (ri, pos) = find_deployment(&st, &owner, &repo, &id)?;
    let r = &mut st.repos[ri];
    let d = &r.deployments[pos];
    let inactive = d
        .statuses
        .last()
        .is_some_and(|s| s.state == GhState::Inactive);
    let only = r
        .deployments
        .iter()
        .filter(|x| x.environment == d.environment)
        .count()
        == 1;
    if !inactive && !only {
        return Err(invalid_request("We cannot delete an active deployment unless it is the only deployment in a given environment."));
    }
    r.deployments.remove(pos);
    Ok(empty(StatusCode::NO_CONTENT))
}
