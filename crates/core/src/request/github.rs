//! GitHub REST requests: deployments, deployment statuses, environments and run reviews.
//!
//! `owner` and `repo` are two path segments, each percent-encoded; an environment name is one
//! encoded segment (`review/x` → `review%2Fx`, as GitHub asks). Headers are
//! `Authorization: Bearer <token>` and `Accept: application/vnd.github+json`, never
//! `X-GitHub-Api-Version`: it is not in GitHub's CORS preflight allow-list (github/docs#24706),
//! and without it GitHub answers with its default version, 2022-11-28. Bodies are JSON.

use serde::{Deserialize, Deserializer, Serialize};

pub use crate::model::github::{ReviewState, ReviewerType, StatusState};

use super::{build, encode_segment, json, HttpRequest, Method, PageParams, Source};

/// The `Accept` header GitHub recommends.
pub const ACCEPT: &str = "application/vnd.github+json";

/// Query of `GET /repos/{owner}/{repo}/deployments`, sent in field order; `None` is omitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentListParams {
    /// Commit SHA.
    pub sha: Option<String>,
    /// Branch, tag or SHA name.
    pub ref_: Option<String>,
    /// Task name, e.g. `deploy`.
    pub task: Option<String>,
    /// Environment name.
    pub environment: Option<String>,
    /// 1-based page.
    pub page: Option<u32>,
    /// Items per page (default 30, max 100).
    pub per_page: Option<u32>,
}

/// Body of `POST /repos/{owner}/{repo}/deployments`; `None` takes GitHub's default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewDeployment {
    /// Branch, tag or SHA to deploy (required).
    #[serde(rename = "ref")]
    pub ref_: String,
    /// Task name (default `deploy`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Merge the default branch into `ref` first (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_merge: Option<bool>,
    /// Status contexts to verify; `Some(vec![])` bypasses the checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_contexts: Option<Vec<String>>,
    /// Extra JSON payload for the deployer (an object or a string).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// Environment name (default `production`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Short description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The environment goes away in the future (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transient_environment: Option<bool>,
    /// End users interact with it (default: true for `production`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_environment: Option<bool>,
}

/// Body of `POST /repos/{owner}/{repo}/deployments/{id}/statuses`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDeploymentStatus {
    /// The new state (required).
    pub state: StatusState,
    /// Deprecated alias of `log_url`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_url: Option<String>,
    /// Link to the deployment's output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_url: Option<String>,
    /// At most 140 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name of the environment deployed to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// URL of the environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_url: Option<String>,
    /// Mark earlier non-transient, non-production deployments inactive (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_inactive: Option<bool>,
}

impl NewDeploymentStatus {
    /// A status of `state` with every optional field left out.
    pub fn of(state: StatusState) -> NewDeploymentStatus {
        NewDeploymentStatus {
            state,
            target_url: None,
            log_url: None,
            description: None,
            environment: None,
            environment_url: None,
            auto_inactive: None,
        }
    }
}

/// A required reviewer of an environment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewer {
    /// `User` or `Team`.
    #[serde(rename = "type")]
    pub kind: ReviewerType,
    /// The user's or team's id.
    pub id: u64,
}

/// Which branches may deploy to an environment: the model's type, one spelling for both ways.
pub use crate::model::github::BranchPolicySettings as BranchPolicy;

/// Body of `PUT /repos/{owner}/{repo}/environments/{name}`; all optional, `None` omitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentSettings {
    /// Minutes to wait before a job may proceed (0..=43200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait_timer: Option<u32>,
    /// Forbid the user who triggered a run from approving it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prevent_self_review: Option<bool>,
    /// Up to six users or teams who may review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewers: Option<Vec<Reviewer>>,
    /// Branch restrictions. `None`: left out; `Some(None)`: `null` (every branch may deploy);
    /// `Some(Some(_))`: these restrictions.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub deployment_branch_policy: Option<Option<BranchPolicy>>,
}

/// Deserializes a present field (even `null`) as `Some(inner)`, so `null` and absent differ
/// (`default` gives `None` when it is absent).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Query of `GET /repos/{owner}/{repo}/actions/runs`, sent in field order; `None` is omitted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunListParams {
    /// A status or a conclusion, e.g. `waiting` (runs waiting for an environment's reviewers).
    pub status: Option<String>,
    /// 1-based page.
    pub page: Option<u32>,
    /// Items per page (default 30, max 100).
    pub per_page: Option<u32>,
}

/// Body of `POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDeploymentReview {
    /// Ids of the environments to approve or reject.
    pub environment_ids: Vec<u64>,
    /// One of [`ReviewState::ANSWERS`]: approved or rejected.
    pub state: ReviewState,
    /// Comment to go with the review (required by GitHub, may be empty).
    pub comment: String,
}

impl PendingDeploymentReview {
    /// The review of one environment: `approved` or `rejected`, the comment trimmed (GitHub
    /// requires the field; empty is allowed).
    pub fn of(approve: bool, environment_id: u64, comment: &str) -> PendingDeploymentReview {
        PendingDeploymentReview {
            environment_ids: vec![environment_id],
            state: if approve {
                ReviewState::Approved
            } else {
                ReviewState::Rejected
            },
            comment: comment.trim().to_owned(),
        }
    }
}

fn repo_path(owner: &str, repo: &str) -> String {
    format!(
        "/repos/{}/{}",
        encode_segment(owner.trim()),
        encode_segment(repo.trim())
    )
}

fn headers(src: &Source) -> Vec<(String, String)> {
    let mut headers = vec![("Accept".to_owned(), ACCEPT.to_owned())];
    if let Some(token) = &src.token {
        headers.push(("Authorization".to_owned(), format!("Bearer {token}")));
    }
    headers
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

/// `GET /repos/{owner}/{repo}/deployments`
pub fn list_deployments(
    src: &Source,
    owner: &str,
    repo: &str,
    params: &DeploymentListParams,
) -> HttpRequest {
    let query = [
        ("sha", params.sha.clone()),
        ("ref", params.ref_.clone()),
        ("task", params.task.clone()),
        ("environment", params.environment.clone()),
        ("page", params.page.map(|p| p.to_string())),
        ("per_page", params.per_page.map(|p| p.to_string())),
    ];
    let path = format!("{}/deployments", repo_path(owner, repo));
    request(src, Method::Get, &path, &query, None)
}

/// `GET /repos/{owner}/{repo}/deployments/{deployment_id}`
pub fn get_deployment(src: &Source, owner: &str, repo: &str, deployment_id: u64) -> HttpRequest {
    let path = format!("{}/deployments/{deployment_id}", repo_path(owner, repo));
    request(src, Method::Get, &path, &[], None)
}

/// `POST /repos/{owner}/{repo}/deployments`
pub fn create_deployment(
    src: &Source,
    owner: &str,
    repo: &str,
    deployment: &NewDeployment,
) -> HttpRequest {
    let path = format!("{}/deployments", repo_path(owner, repo));
    request(src, Method::Post, &path, &[], Some(json(deployment)))
}

/// `DELETE /repos/{owner}/{repo}/deployments/{deployment_id}` (only inactive ones).
pub fn delete_deployment(src: &Source, owner: &str, repo: &str, deployment_id: u64) -> HttpRequest {
    let path = format!("{}/deployments/{deployment_id}", repo_path(owner, repo));
    request(src, Method::Delete, &path, &[], None)
}

/// `GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses`
pub fn list_deployment_statuses(
    src: &Source,
    owner: &str,
    repo: &str,
    deployment_id: u64,
    page: &PageParams,
) -> HttpRequest {
    let path = format!(
        "{}/deployments/{deployment_id}/statuses",
        repo_path(owner, repo)
    );
    request(src, Method::Get, &path, &page_query(page), None)
}

/// `GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}`
pub fn get_deployment_status(
    src: &Source,
    owner: &str,
    repo: &str,
    deployment_id: u64,
    status_id: u64,
) -> HttpRequest {
    let path = format!(
        "{}/deployments/{deployment_id}/statuses/{status_id}",
        repo_path(owner, repo)
    );
    request(src, Method::Get, &path, &[], None)
}

/// `POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses`
pub fn create_deployment_status(
    src: &Source,
    owner: &str,
    repo: &str,
    deployment_id: u64,
    status: &NewDeploymentStatus,
) -> HttpRequest {
    let path = format!(
        "{}/deployments/{deployment_id}/statuses",
        repo_path(owner, repo)
    );
    request(src, Method::Post, &path, &[], Some(json(status)))
}

/// `GET /repos/{owner}/{repo}/environments` (answers an object `{total_count, environments}`).
pub fn list_environments(src: &Source, owner: &str, repo: &str, page: &PageParams) -> HttpRequest {
    let path = format!("{}/environments", repo_path(owner, repo));
    request(src, Method::Get, &path, &page_query(page), None)
}

/// `GET /repos/{owner}/{repo}/environments/{environment_name}`
pub fn get_environment(src: &Source, owner: &str, repo: &str, name: &str) -> HttpRequest {
    let path = format!(
        "{}/environments/{}",
        repo_path(owner, repo),
        encode_segment(name)
    );
    request(src, Method::Get, &path, &[], None)
}

/// `PUT /repos/{owner}/{repo}/environments/{environment_name}`; no body when `settings` is empty.
pub fn create_or_update_environment(
    src: &Source,
    owner: &str,
    repo: &str,
    name: &str,
    settings: &EnvironmentSettings,
) -> HttpRequest {
    let path = format!(
        "{}/environments/{}",
        repo_path(owner, repo),
        encode_segment(name)
    );
    let body = (*settings != EnvironmentSettings::default()).then(|| json(settings));
    request(src, Method::Put, &path, &[], body)
}

/// `DELETE /repos/{owner}/{repo}/environments/{environment_name}`
pub fn delete_environment(src: &Source, owner: &str, repo: &str, name: &str) -> HttpRequest {
    let path = format!(
        "{}/environments/{}",
        repo_path(owner, repo),
        encode_segment(name)
    );
    request(src, Method::Delete, &path, &[], None)
}

/// `GET /repos/{owner}/{repo}/actions/runs` (answers an object `{total_count, workflow_runs}`).
pub fn list_workflow_runs(
    src: &Source,
    owner: &str,
    repo: &str,
    params: &RunListParams,
) -> HttpRequest {
    let query = [
        ("status", params.status.clone()),
        ("page", params.page.map(|p| p.to_string())),
        ("per_page", params.per_page.map(|p| p.to_string())),
    ];
    let path = format!("{}/actions/runs", repo_path(owner, repo));
    request(src, Method::Get, &path, &query, None)
}

/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments`
pub fn pending_deployments(src: &Source, owner: &str, repo: &str, run_id: u64) -> HttpRequest {
    let path = format!(
        "{}/actions/runs/{run_id}/pending_deployments",
        repo_path(owner, repo)
    );
    request(src, Method::Get, &path, &[], None)
}

/// `POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments`
pub fn review_pending_deployments(
    src: &Source,
    owner: &str,
    repo: &str,
    run_id: u64,
    review: &PendingDeploymentReview,
) -> HttpRequest {
    let path = format!(
        "{}/actions/runs/{run_id}/pending_deployments",
        repo_path(owner, repo)
    );
    request(src, Method::Post, &path, &[], Some(json(review)))
}

/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals` (reviews given so far).
pub fn run_reviews(src: &Source, owner: &str, repo: &str, run_id: u64) -> HttpRequest {
    let path = format!("{}/actions/runs/{run_id}/approvals", repo_path(owner, repo));
    request(src, Method::Get, &path, &[], None)
}
