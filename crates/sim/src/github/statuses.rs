//! GitHub deployment statuses: list, get, create (with `auto_inactive`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::Value;

use super::errors::*;
use super::json::*;
use super::*;
use crate::pagination::{github_headers, github_page};
use crate::req::{json, Req};
use crate::seed::gh_status;
use crate::store::*;
use crate::AppState;

pub async fn list_statuses(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let (ri, pos) = find_deployment(&st, &owner, &repo, &id)?;
    let r = &st.repos[ri];
    let d = &r.deployments[pos];
    let page = github_page(&req.params);
    let total = d.statuses.len();
    let rows = d
        .statuses
        .iter()
        .rev()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|x| status_json(&st, r, d, x))
        .collect();
    let mut resp = json(StatusCode::OK, Value::Array(rows));
    github_headers(&mut resp, &req, page, total);
    Ok(resp)
}

pub async fn get_status(
    State(s): State<AppState>,
    Path((owner, repo, id, sid)): Path<(String, String, String, String)>,
) -> ApiResult {
    let st = s.read();
    let (ri, pos) = find_deployment(&st, &owner, &repo, &id)?;
    let r = &st.repos[ri];
    let d = &r.deployments[pos];
    let x = d
        .statuses
        .iter()
        .find(|x| Some(x.id) == sid.parse().ok())
        .ok_or_else(not_found)?;
    Ok(json(StatusCode::OK, status_json(&st, r, d, x)))
}

pub async fn create_status(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (ri, pos) = find_deployment(&st, &owner, &repo, &id)?;
    let body = body_object(&req)?;
    let state = match body.get("state").and_then(Value::as_str) {
        None => return Err(invalid_request("Invalid request.\n\n\"state\" wasn't supplied.")),
        Some(v) => match GhState::parse(v) {
            Some(s) => s,
            None => {
                return Err(invalid_request(&format!(
                    "Invalid request.\n\nFor 'properties/state', \"{v}\" is not one of [\"error\", \"failure\", \"inactive\", \"in_progress\", \"queued\", \"pending\", \"success\"]."
                )))
            }
        },
    };
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let description = text("description").unwrap_or_default();
    if description.chars().count() > 140 {
        return Err(validation(
            "DeploymentStatus",
            "description",
            "custom",
            "description is too long (maximum is 140 characters)",
        ));
    }
    let auto_inactive = body
        .get("auto_inactive")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let full = st.repos[ri].full_name();
    let now = now_ms();
    let (env, creator) = {
        let d = &st.repos[ri].deployments[pos];
        (
            text("environment")
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| d.environment.clone()),
            req.auth.user,
        )
    };
    let did = st.repos[ri].deployments[pos].id;
    let mut status = gh_status(&mut st, state, creator, &env, &full, did, now, false);
    status.description = description;
    // `log_url` replaces `target_url` and sets it too; either defaults to "" as GitHub sends it.
    status.target_url = text("log_url")
        .filter(|u| !u.is_empty())
        .or_else(|| text("target_url"))
        .unwrap_or_default();
    status.log_url = text("log_url")
        .or_else(|| text("target_url"))
        .unwrap_or_default();
    status.environment_url = text("environment_url").unwrap_or_default();
    let r = &mut st.repos[ri];
    if !r.envs.iter().any(|e| e.name == env) {
        // the environment is created on first use (ids are taken lazily)
    }
    {
        let d = &mut r.deployments[pos];
        d.environment = env.clone();
        d.updated_at = now;
        d.statuses.push(status);
    }
    let mut inactivated = vec![];
    if state == GhState::Success && auto_inactive {
        for (i, other) in r.deployments.iter().enumerate() {
            if i != pos
                && other.environment == env
                && !other.transient
                && !other.production
                && other
                    .statuses
                    .last()
                    .is_some_and(|s| s.state == GhState::Success)
            {
                inactivated.push(i);
            }
        }
    }
    for i in inactivated {
        let sid = st.gh_next_status_id;
        st.gh_next_status_id += 1;
        let r = &mut st.repos[ri];
        let d = &mut r.deployments[i];
        let mut s = d.statuses.last().cloned().expect("has a success");
        s.id = sid;
        s.state = GhState::Inactive;
        s.description = "Superseded by a newer deployment".into();
        s.creator = creator;
        s.created_at = now;
        d.statuses.push(s);
        d.updated_at = now;
    }
    if !st.repos[ri].envs.iter().any(|e| e.name == env) {
        let id = st.gh_next_env_id;
        st.gh_next_env_id += 1;
        st.repos[ri].envs.push(GhEnv {
            id,
            name: env.clone(),
            created_at: now,
            updated_at: now,
            wait_timer: 0,
            prevent_self_review: false,
            reviewers: vec![],
            branch_policy: None,
        });
    }
    let r = &st.repos[ri];
    let d = &r.deployments[pos];
    Ok(json(
        StatusCode::CREATED,
        status_json(&st, r, d, d.statuses.last().expect("pushed")),
    ))
}
