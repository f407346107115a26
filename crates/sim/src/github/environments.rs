//! GitHub environments: list (an object with `total_count`), get, create or update, delete.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::errors::*;
use super::json::*;
use super::*;
use crate::pagination::{github_headers, github_page};
use crate::req::{empty, json, Req};
use crate::store::*;
use crate::AppState;

pub async fn list_envs(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let ri = find_repo(&st, &owner, &repo)?;
    let r = &st.repos[ri];
    let page = github_page(&req.params);
    let envs: Vec<Value> = r
        .envs
        .iter()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|e| env_json(&st, r, e))
        .collect();
    let mut resp = json(
        StatusCode::OK,
        json!({"total_count": r.envs.len(), "environments": envs}),
    );
    github_headers(&mut resp, &req, page, r.envs.len());
    Ok(resp)
}

pub async fn get_env(
    State(s): State<AppState>,
    Path((owner, repo, name)): Path<(String, String, String)>,
) -> ApiResult {
    let st = s.read();
    let ri = find_repo(&st, &owner, &repo)?;
    let r = &st.repos[ri];
    let e = r
        .envs
        .iter()
        .find(|e| e.name == name)
        .ok_or_else(not_found)?;
    Ok(json(StatusCode::OK, env_json(&st, r, e)))
}

pub async fn put_env(
    State(s): State<AppState>,
    Path((owner, repo, name)): Path<(String, String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let ri = find_repo(&st, &owner, &repo)?;
    let body = body_object(&req)?;
    let wait_timer = match body.get("wait_timer") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(n) if n <= 43_200 => Some(n as u32),
            _ => {
                return Err(validation(
                    "Environment",
                    "wait_timer",
                    "invalid",
                    "wait_timer must be an integer between 0 and 43200",
                ))
            }
        },
    };
    let mut reviewers = None;
    if let Some(Value::Array(list)) = body.get("reviewers") {
        if list.len() > 6 {
            return Err(validation(
                "Environment",
                "reviewers",
                "invalid",
                "reviewers can have at most 6 entries",
            ));
        }
        let mut out = vec![];
        for item in list {
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            let id = item.get("id").and_then(Value::as_u64).unwrap_or(0);
            let found = match kind {
                "User" => st
                    .users
                    .iter()
                    .position(|u| u.id == id)
                    .map(GhReviewer::User),
                "Team" => st
                    .teams
                    .iter()
                    .position(|t| t.id == id)
                    .map(GhReviewer::Team),
                _ => None,
            };
            match found {
                Some(r) => out.push(r),
                None => {
                    return Err(validation(
                        "Environment",
                        "reviewers",
                        "invalid",
                        &format!("Reviewer {kind} {id} not found"),
                    ))
                }
            }
        }
        reviewers = Some(out);
    }
    let policy = match body.get("deployment_branch_policy") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => {
            let p = v
                .get("protected_branches")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let c = v
                .get("custom_branch_policies")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if p == c {
                return Err(invalid_request("Invalid request.\n\nOnly one of protected_branches or custom_branch_policies can be true."));
            }
            Some(Some((p, c)))
        }
    };
    let now = now_ms();
    let pos = match st.repos[ri].envs.iter().position(|e| e.name == name) {
        Some(p) => p,
        None => {
            let id = st.gh_next_env_id;
            st.gh_next_env_id += 1;
            let r = &mut st.repos[ri];
            r.envs.push(GhEnv {
                id,
                name: name.clone(),
                created_at: now,
                updated_at: now,
                wait_timer: 0,
                prevent_self_review: false,
                reviewers: vec![],
                branch_policy: None,
            });
            r.envs.len() - 1
        }
    };
    let e = &mut st.repos[ri].envs[pos];
    if let Some(w) = wait_timer {
        e.wait_timer = w;
    }
    if let Some(rv) = reviewers {
        e.reviewers = rv;
    }
    if let Some(p) = body.get("prevent_self_review").and_then(Value::as_bool) {
        e.prevent_self_review = p;
    }
    if let Some(p) = policy {
        e.branch_policy = p;
    }
    e.updated_at = now;
    let r = &st.repos[ri];
    Ok(json(StatusCode::OK, env_json(&st, r, &r.envs[pos])))
}

pub async fn delete_env(
    State(s): State<AppState>,
    Path((owner, repo, name)): Path<(String, String, String)>,
) -> ApiResult {
    let mut st = s.write();
    let ri = find_repo(&st, &owner, &repo)?;
    let r = &mut st.repos[ri];
    let p = r
        .envs
        .iter()
        .position(|e| e.name == name)
        .ok_or_else(not_found)?;
    r.envs.remove(p);
    Ok(empty(StatusCode::NO_CONTENT))
}
