//! GitLab v4 (`/api/v4`): the routes, and what every handler shares: the caller's role,
//! finding the project, typed parameters and paginated answers.
//!
//! Layout: `errors.rs` (GitLab's error shapes as `ApiFailure` constructors), `json.rs`
//! (rendering), `deployments.rs`, `approvals.rs`, `environments.rs` (handlers and their rules).

mod approvals;
mod deployments;
mod environments;
pub mod errors;
pub mod json;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::Value;

pub use errors::{ApiFailure, ApiResult};
pub use json::{deployment_json, env_json, project_json, user_json};

use crate::pagination::{gitlab_headers, Page};
use crate::req::{json, Req};
use crate::store::*;
use crate::AppState;

pub const WEB: &str = "https://gitlab.acme.test";

/// GitLab's project roles, as access levels.
pub const REPORTER: u32 = 20;
pub const DEVELOPER: u32 = 30;
pub const MAINTAINER: u32 = 40;
pub const OWNER: u32 = 50;

pub fn routes() -> Router<AppState> {
    use deployments as d;
    use environments as e;
    Router::new()
        .route("/projects/{id}", get(get_project))
        .route(
            "/projects/{id}/deployments",
            get(d::list_deployments).post(d::create_deployment),
        )
        .route(
            "/projects/{id}/deployments/{did}",
            get(d::get_deployment)
                .put(d::update_deployment)
                .delete(d::delete_deployment),
        )
        .route(
            "/projects/{id}/deployments/{did}/merge_requests",
            get(d::deployment_mrs),
        )
        .route(
            "/projects/{id}/deployments/{did}/approval",
            post(approvals::approve),
        )
        .route(
            "/projects/{id}/environments",
            get(e::list_envs).post(e::create_env),
        )
        .route(
            "/projects/{id}/environments/stop_stale",
            post(e::stop_stale),
        )
        .route(
            "/projects/{id}/environments/review_apps",
            delete(e::review_apps),
        )
        .route(
            "/projects/{id}/environments/{eid}",
            get(e::get_env).put(e::update_env).delete(e::delete_env),
        )
        .route("/projects/{id}/environments/{eid}/stop", post(e::stop_env))
        .fallback(|| async { ApiFailure::no_route().into_response() })
}

// ------------------------------------------------------------------ shared by the handlers

/// A malformed JSON body: GitLab (Grape) answers 400 before anything else.
pub fn check_body(req: &Req) -> Result<(), ApiFailure> {
    if req.body_invalid {
        Err(ApiFailure::param(
            "message body does not match declared format",
        ))
    } else {
        Ok(())
    }
}

/// 403 `{"message": "403 Forbidden"}` unless the caller has at least `level` on the project.
pub fn require_role(st: &Store, req: &Req, level: u32) -> Result<(), ApiFailure> {
    if st.users[req.auth.user].access_level >= level {
        Ok(())
    } else {
        Err(ApiFailure::forbidden())
    }
}

pub fn find_project(st: &Store, key: &str) -> Result<usize, ApiFailure> {
    st.project_index(key)
        .ok_or_else(ApiFailure::project_not_found)
}

/// The start of every project call: a well-formed body, the project (404), the caller's role (403).
pub fn project_for(st: &Store, req: &Req, key: &str, level: u32) -> Result<usize, ApiFailure> {
    check_body(req)?;
    let pi = find_project(st, key)?;
    require_role(st, req, level)?;
    Ok(pi)
}

pub fn parse_id(s: &str, name: &str) -> Result<u64, ApiFailure> {
    s.parse::<u64>()
        .map_err(|_| ApiFailure::param(&format!("{name} is invalid")))
}

/// An optional parameter restricted to `allowed` (Grape's `values:`).
pub fn enum_param(req: &Req, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiFailure> {
    match req.params.str(key) {
        None => Ok(None),
        Some(v) if allowed.contains(&v.as_str()) => Ok(Some(v)),
        Some(_) => Err(ApiFailure::param(&format!(
            "{key} does not have a valid value"
        ))),
    }
}

/// An optional ISO 8601 time (Grape's `type: DateTime`).
pub fn time_param(req: &Req, key: &str) -> Result<Option<Ms>, ApiFailure> {
    match req.params.present(key) {
        None => Ok(None),
        Some(v) => parse_time(&v)
            .map(Some)
            .ok_or_else(|| ApiFailure::param(&format!("{key} is invalid"))),
    }
}

/// An optional boolean (Grape's `type: Boolean`).
pub fn bool_param(req: &Req, key: &str) -> Result<Option<bool>, ApiFailure> {
    req.params
        .bool(key)
        .map_err(|_| ApiFailure::param(&format!("{key} is invalid")))
}

/// Grape's `requires`: every absent key, in one message.
pub fn missing(req: &Req, keys: &[&str]) -> Result<(), ApiFailure> {
    let missing: Vec<String> = keys
        .iter()
        .filter(|k| !req.params.has(k))
        .map(|k| format!("{k} is missing"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiFailure::param(&missing.join(", ")))
    }
}

/// The `page` a list request asks for (1 when absent or junk).
pub fn requested_page(req: &Req) -> i64 {
    req.params
        .str("page")
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
}

/// A page of items with GitLab's pagination headers.
pub fn paginated(req: &Req, page: Page, total: usize, items: Vec<Value>) -> Response {
    let mut r = json(StatusCode::OK, Value::Array(items));
    gitlab_headers(&mut r, req, page, total);
    r
}

/// [`paginated`] with items already rendered as JSON text.
pub fn paginated_text(
    req: &Req,
    page: Page,
    total: usize,
    items: &[std::sync::Arc<str>],
) -> Response {
    let mut body = String::with_capacity(2 + items.iter().map(|i| i.len() + 1).sum::<usize>());
    body.push('[');
    for (k, item) in items.iter().enumerate() {
        if k > 0 {
            body.push(',');
        }
        body.push_str(item);
    }
    body.push(']');
    let mut r = crate::req::json_text(StatusCode::OK, body);
    gitlab_headers(&mut r, req, page, total);
    r
}

// ------------------------------------------------------------------ projects

async fn get_project(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> ApiResult {
    let st = s.read();
    let pi = project_for(&st, &req, &id, REPORTER)?;
    Ok(json(StatusCode::OK, project_json(&st.projects[pi])))
}
