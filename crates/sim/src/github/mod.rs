//! GitHub REST: deployments, deployment statuses, environments, and workflow runs with their
//! pending deployments and reviews.
//!
//! A run's status follows its reviews: `waiting` while an environment of it awaits its
//! required reviewers, `completed`/`failure` once any review rejected it (nothing stays pending:
//! the run failed), `completed`/`success` otherwise. So `GET …/actions/runs?status=waiting`
//! lists exactly the runs whose `…/pending_deployments` is not empty.
//!
//! Layout: `errors.rs` (GitHub's error shapes), `json.rs` (rendering), `deployments.rs`,
//! `statuses.rs`, `environments.rs`, `runs.rs` (handlers).

mod deployments;
mod environments;
pub mod errors;
pub mod json;
mod runs;
mod statuses;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

pub use errors::{not_found, ApiFailure, ApiResult};
pub use json::{deployment_json, simple_user, status_json};
pub use runs::{run_json, run_status};

use deployments::*;
use environments::*;
use runs::*;
use statuses::*;

use crate::req::{json, Req};
use crate::store::*;
use crate::AppState;
use errors::error;

pub const API: &str = "https://api.github.com";
pub const WEB: &str = "https://github.com";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/user", get(get_user))
        .route(
            "/repos/{owner}/{repo}/deployments",
            get(list_deployments).post(create_deployment),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}",
            get(get_deployment).delete(delete_deployment),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}/statuses",
            get(list_statuses).post(create_status),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}/statuses/{sid}",
            get(get_status),
        )
        .route("/repos/{owner}/{repo}/environments", get(list_envs))
        .route(
            "/repos/{owner}/{repo}/environments/{name}",
            get(get_env).put(put_env).delete(delete_env),
        )
        .route("/repos/{owner}/{repo}/actions/runs", get(list_runs))
        .route("/repos/{owner}/{repo}/actions/runs/{run}", get(get_run))
        .route(
            "/repos/{owner}/{repo}/actions/runs/{run}/pending_deployments",
            get(pending).post(review),
        )
        .route(
            "/repos/{owner}/{repo}/actions/runs/{run}/approvals",
            get(approvals),
        )
        .fallback(|| async { not_found().into_response() })
}

pub fn find_repo(st: &Store, owner: &str, repo: &str) -> Result<usize, ApiFailure> {
    st.repo_index(owner, repo).ok_or_else(not_found)
}

pub fn find_deployment(
    st: &Store,
    owner: &str,
    repo: &str,
    id: &str,
) -> Result<(usize, usize), ApiFailure> {
    let ri = find_repo(st, owner, repo)?;
    let id = id.parse::<u64>().map_err(|_| not_found())?;
    let pos = st.repos[ri].deployment_pos(id).ok_or_else(not_found)?;
    Ok((ri, pos))
}

pub async fn get_user(State(s): State<AppState>, req: Req) -> ApiResult {
    let st = s.read();
    let mut v = simple_user(&st, req.auth.user);
    v["name"] = json!(st.users[req.auth.user].name);
    Ok(json(StatusCode::OK, v))
}

pub fn body_object(req: &Req) -> Result<serde_json::Map<String, Value>, ApiFailure> {
    if req.body_invalid {
        return Err(error(StatusCode::BAD_REQUEST, "Problems parsing JSON"));
    }
    match &req.json {
        Some(Value::Object(m)) => Ok(m.clone()),
        None => Ok(serde_json::Map::new()),
        Some(_) => Err(error(StatusCode::BAD_REQUEST, "Problems parsing JSON")),
    }
}
