//! GitLab v4 requests: projects, deployments, their merge requests and approvals, and environments.
//!
//! `project` is a numeric id (`"42"`, sent as is) or a full path (`"group/sub/project"`, sent
//! as `group%2Fsub%2Fproject`). The token goes in `PRIVATE-TOKEN`: it is the header GitLab
//! documents for personal, project and group access tokens (what a user pastes into Shipboard),
//! whereas `Authorization: Bearer` is the OAuth path; GitLab's API CORS allows any header.
//! Bodies are JSON; `GET` and `DELETE` parameters go in the query.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{build, encode_segment, iso8601, json, HttpRequest, Method, PageParams, Source};

/// `order_by` of the deployment list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderBy {
    /// `id` (the server's default)
    Id,
    /// `iid`
    Iid,
    /// `created_at`
    CreatedAt,
    /// `updated_at`
    UpdatedAt,
    /// `finished_at`
    FinishedAt,
}

impl OrderBy {
    /// Every value, in the order a picker lists them.
    pub const ALL: [OrderBy; 5] = [
        OrderBy::Id,
        OrderBy::Iid,
        OrderBy::CreatedAt,
        OrderBy::UpdatedAt,
        OrderBy::FinishedAt,
    ];

    /// The value whose query text is `text`, if any.
    pub fn parse(text: &str) -> Option<OrderBy> {
        Self::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderBy::Id => "id",
            OrderBy::Iid => "iid",
            OrderBy::CreatedAt => "created_at",
            OrderBy::UpdatedAt => "updated_at",
            OrderBy::FinishedAt => "finished_at",
        }
    }
}

/// `sort` direction of the deployment list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sort {
    /// `asc` (the server's default)
    Asc,
    /// `desc`
    Desc,
}

impl Sort {
    /// Both directions, ascending first.
    pub const ALL: [Sort; 2] = [Sort::Asc, Sort::Desc];

    /// The direction whose query text is `text`, if any.
    pub fn parse(text: &str) -> Option<Sort> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Asc => "asc",
            Sort::Desc => "desc",
        }
    }
}

/// The list filters' `status` and `states` values and the bodies' enums: the models' enums, so
/// a value has one spelling in the whole crate (an `Unknown` one is refused before sending by
/// `route` and `validate`).
pub use crate::model::gitlab::{
    ApprovalStatus, AutoStopSetting, DeploymentStatus, EnvironmentState, Tier,
};

/// Query of `GET /projects/:id/deployments`, sent in field order; `None` is omitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentListParams {
    /// 1-based page.
    pub page: Option<u32>,
    /// Items per page (max 100, larger values are clamped by the server).
    pub per_page: Option<u32>,
    /// Sort field (server default `id`).
    pub order_by: Option<OrderBy>,
    /// Sort direction (server default `asc`).
    pub sort: Option<Sort>,
    /// Updated after this time (needs `order_by=updated_at`).
    pub updated_after: Option<DateTime<Utc>>,
    /// Updated before this time (needs `order_by=updated_at`).
    pub updated_before: Option<DateTime<Utc>>,
    /// Finished after this time (needs `order_by=finished_at` and `status=success`).
    pub finished_after: Option<DateTime<Utc>>,
    /// Finished before this time (needs `order_by=finished_at` and `status=success`).
    pub finished_before: Option<DateTime<Utc>>,
    /// Environment name.
    pub environment: Option<String>,
    /// Deployment status.
    pub status: Option<DeploymentStatus>,
}

/// Query of `GET /projects/:id/environments`, sent in field order; `None` is omitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvironmentListParams {
    /// 1-based page.
    pub page: Option<u32>,
    /// Items per page.
    pub per_page: Option<u32>,
    /// Exact name (mutually exclusive with `search`).
    pub name: Option<String>,
    /// Search term, at least 3 characters (mutually exclusive with `name`).
    pub search: Option<String>,
    /// State filter.
    pub states: Option<EnvironmentState>,
}

/// Body of `POST /projects/:id/deployments` (every field is required by the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDeployment {
    /// Environment name; found or created by name.
    pub environment: String,
    /// Commit SHA.
    pub sha: String,
    /// Branch or tag name.
    #[serde(rename = "ref")]
    pub ref_: String,
    /// Whether `ref` is a tag.
    pub tag: bool,
    /// One of [`DeploymentStatus::WRITABLE`] (checked by `validate::gitlab`).
    pub status: DeploymentStatus,
}

impl Default for NewDeployment {
    /// Blank fields and `running`, the first status a deployment may be created with.
    fn default() -> Self {
        NewDeployment {
            environment: String::new(),
            sha: String::new(),
            ref_: String::new(),
            tag: false,
            status: DeploymentStatus::Running,
        }
    }
}

/// Body of `POST /projects/:id/deployments/:deployment_id/approval`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// Approve or reject.
    pub status: ApprovalStatus,
    /// Optional comment, at most 255 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// User, group or role to approve as, when the user belongs to several rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub represented_as: Option<String>,
}

/// Body of `POST /projects/:id/environments`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEnvironment {
    /// Environment name (required).
    pub name: String,
    /// Link to the deployed app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
    /// Deployment tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Auto-stop policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_stop_setting: Option<AutoStopSetting>,
}

/// Body of `PUT /projects/:id/environments/:environment_id` (the name cannot change).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentUpdate {
    /// Link to the deployed app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
    /// Deployment tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Auto-stop policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_stop_setting: Option<AutoStopSetting>,
}

/// Query of `DELETE /projects/:id/environments/review_apps`; `None` takes the server default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewAppsCleanup {
    /// Only environments older than this (server default: 30 days ago).
    pub before: Option<DateTime<Utc>>,
    /// At most this many, 1..=1000 (server default 100).
    pub limit: Option<u32>,
    /// Report without deleting (server default **true**); `Some(false)` really deletes.
    pub dry_run: Option<bool>,
}

/// `/projects/<id>`: a numeric id as is, a path encoded as one segment.
fn project_path(project: &str) -> String {
    let project = project.trim().trim_matches('/');
    format!("/projects/{}", encode_segment(project))
}

/// `PRIVATE-TOKEN` when there is a token (`Authorization: Bearer` for an OAuth access token);
/// nothing else is needed.
fn headers(src: &Source) -> Vec<(String, String)> {
    match &src.token {
        Some(token) if src.oauth => vec![("Authorization".to_owned(), format!("Bearer {token}"))],
        Some(token) => vec![("PRIVATE-TOKEN".to_owned(), token.clone())],
        None => Vec::new(),
    }
}

fn request(
    src: &Source,
    method: Method,
    path: &str,
    query: &[(&str, Option<String>)],
    body: Option<serde_json::Value>,
) -> HttpRequest {
    build(method, src.url(path, query), headers(src), body)
}

fn page_query(page: &PageParams) -> [(&'static str, Option<String>); 2] {
    [
        ("page", page.page.map(|p| p.to_string())),
        ("per_page", page.per_page.map(|p| p.to_string())),
    ]
}

/// `GET /projects/:id`: the project's path and names (what the dashboard shows instead of an id).
pub fn get_project(src: &Source, project: &str) -> HttpRequest {
    request(src, Method::Get, &project_path(project), &[], None)
}

/// `GET /projects/:id/deployments`
pub fn list_deployments(src: &Source, project: &str, params: &DeploymentListParams) -> HttpRequest {
    let query = [
        ("page", params.page.map(|p| p.to_string())),
        ("per_page", params.per_page.map(|p| p.to_string())),
        ("order_by", params.order_by.map(|o| o.as_str().to_owned())),
        ("sort", params.sort.map(|s| s.as_str().to_owned())),
        ("updated_after", params.updated_after.map(iso8601)),
        ("updated_before", params.updated_before.map(iso8601)),
        ("finished_after", params.finished_after.map(iso8601)),
        ("finished_before", params.finished_before.map(iso8601)),
        ("environment", params.environment.clone()),
        (
            "status",
            params.status.as_ref().map(|s| s.as_str().to_owned()),
        ),
    ];
    let path = format!("{}/deployments", project_path(project));
    request(src, Method::Get, &path, &query, None)
}

/// `GET /projects/:id/deployments/:deployment_id`
pub fn get_deployment(src: &Source, project: &str, deployment_id: u64) -> HttpRequest {
    let path = format!("{}/deployments/{deployment_id}", project_path(project));
    request(src, Method::Get, &path, &[], None)
}

/// `POST /projects/:id/deployments`
pub fn create_deployment(src: &Source, project: &str, deployment: &NewDeployment) -> HttpRequest {
    let path = format!("{}/deployments", project_path(project));
    request(src, Method::Post, &path, &[], Some(json(deployment)))
}

/// `PUT /projects/:id/deployments/:deployment_id` with `{"status": status}`.
pub fn update_deployment(
    src: &Source,
    project: &str,
    deployment_id: u64,
    status: &DeploymentStatus,
) -> HttpRequest {
    let path = format!("{}/deployments/{deployment_id}", project_path(project));
    let body = json!({ "status": status.as_str() });
    request(src, Method::Put, &path, &[], Some(body))
}

/// `DELETE /projects/:id/deployments/:deployment_id`
pub fn delete_deployment(src: &Source, project: &str, deployment_id: u64) -> HttpRequest {
    let path = format!("{}/deployments/{deployment_id}", project_path(project));
    request(src, Method::Delete, &path, &[], None)
}

/// `GET /projects/:id/deployments/:deployment_id/merge_requests`
pub fn deployment_merge_requests(
    src: &Source,
    project: &str,
    deployment_id: u64,
    page: &PageParams,
) -> HttpRequest {
    let path = format!(
        "{}/deployments/{deployment_id}/merge_requests",
        project_path(project)
    );
    request(src, Method::Get, &path, &page_query(page), None)
}

/// `POST /projects/:id/deployments/:deployment_id/approval`
pub fn approve_deployment(
    src: &Source,
    project: &str,
    deployment_id: u64,
    approval: &Approval,
) -> HttpRequest {
    let path = format!(
        "{}/deployments/{deployment_id}/approval",
        project_path(project)
    );
    request(src, Method::Post, &path, &[], Some(json(approval)))
}

/// `GET /projects/:id/environments`
pub fn list_environments(
    src: &Source,
    project: &str,
    params: &EnvironmentListParams,
) -> HttpRequest {
    let query = [
        ("page", params.page.map(|p| p.to_string())),
        ("per_page", params.per_page.map(|p| p.to_string())),
        ("name", params.name.clone()),
        ("search", params.search.clone()),
        (
            "states",
            params.states.as_ref().map(|s| s.as_str().to_owned()),
        ),
    ];
    let path = format!("{}/environments", project_path(project));
    request(src, Method::Get, &path, &query, None)
}

/// `GET /projects/:id/environments/:environment_id` (includes `last_deployment`).
pub fn get_environment(src: &Source, project: &str, environment_id: u64) -> HttpRequest {
    let path = format!("{}/environments/{environment_id}", project_path(project));
    request(src, Method::Get, &path, &[], None)
}

/// `POST /projects/:id/environments`
pub fn create_environment(
    src: &Source,
    project: &str,
    environment: &NewEnvironment,
) -> HttpRequest {
    let path = format!("{}/environments", project_path(project));
    request(src, Method::Post, &path, &[], Some(json(environment)))
}

/// `PUT /projects/:id/environments/:environment_id`
pub fn update_environment(
    src: &Source,
    project: &str,
    environment_id: u64,
    update: &EnvironmentUpdate,
) -> HttpRequest {
    let path = format!("{}/environments/{environment_id}", project_path(project));
    request(src, Method::Put, &path, &[], Some(json(update)))
}

/// `DELETE /projects/:id/environments/:environment_id` (only a stopped environment).
pub fn delete_environment(src: &Source, project: &str, environment_id: u64) -> HttpRequest {
    let path = format!("{}/environments/{environment_id}", project_path(project));
    request(src, Method::Delete, &path, &[], None)
}

/// `POST /projects/:id/environments/:environment_id/stop` with `{"force": force}`.
pub fn stop_environment(
    src: &Source,
    project: &str,
    environment_id: u64,
    force: bool,
) -> HttpRequest {
    let path = format!(
        "{}/environments/{environment_id}/stop",
        project_path(project)
    );
    request(
        src,
        Method::Post,
        &path,
        &[],
        Some(json!({ "force": force })),
    )
}

/// `POST /projects/:id/environments/stop_stale` with `{"before": "<ISO 8601>"}`.
pub fn stop_stale_environments(src: &Source, project: &str, before: DateTime<Utc>) -> HttpRequest {
    let path = format!("{}/environments/stop_stale", project_path(project));
    let body = json!({ "before": iso8601(before) });
    request(src, Method::Post, &path, &[], Some(body))
}

/// `DELETE /projects/:id/environments/review_apps?before=&limit=&dry_run=`
pub fn delete_review_apps(src: &Source, project: &str, params: &ReviewAppsCleanup) -> HttpRequest {
    let query = [
        ("before", params.before.map(iso8601)),
        ("limit", params.limit.map(|l| l.to_string())),
        ("dry_run", params.dry_run.map(|d| d.to_string())),
    ];
    let path = format!("{}/environments/review_apps", project_path(project));
    request(src, Method::Delete, &path, &query, None)
}
