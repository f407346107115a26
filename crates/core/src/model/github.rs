//! GitHub REST payloads: deployments, statuses, environments, pending deployments, reviews, and
//! request bodies.
//!
//! Field sets follow `api-contract.md` and the fixtures in `fixtures/github/`. Fields a
//! client does not need are `Option` with `#[serde(default)]`; unknown JSON keys are ignored;
//! unknown enum values become `Unknown(String)`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

string_enum! {
    /// A deployment status's `state`.
    pub enum StatusState {
        /// Errored.
        Error = "error",
        /// Failed.
        Failure = "failure",
        /// Superseded by a later deployment.
        Inactive = "inactive",
        /// Running.
        InProgress = "in_progress",
        /// Queued.
        Queued = "queued",
        /// Pending.
        Pending = "pending",
        /// Succeeded.
        Success = "success",
    }
}

string_enum! {
    /// A review's `state` (pending-deployment reviews).
    pub enum ReviewState {
        /// Approved.
        Approved = "approved",
        /// Rejected.
        Rejected = "rejected",
        /// Still pending.
        Pending = "pending",
    }
}

string_enum! {
    /// The kind of a reviewer.
    pub enum ReviewerType {
        /// A user.
        User = "User",
        /// A team.
        Team = "Team",
    }
}

string_enum! {
    /// The kind of an environment protection rule.
    pub enum ProtectionRuleType {
        /// Wait a number of minutes.
        WaitTimer = "wait_timer",
        /// Needs a reviewer's approval.
        RequiredReviewers = "required_reviewers",
        /// Restricts deploying branches.
        BranchPolicy = "branch_policy",
    }
}

/// A user as GitHub embeds it (`simple-user`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimpleUser {
    /// Login name.
    pub login: String,
    /// Numeric id.
    pub id: u64,
    /// GraphQL id.
    #[serde(default)]
    pub node_id: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Avatar image URL.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// Profile page.
    #[serde(default)]
    pub html_url: Option<String>,
    /// `User`, `Bot`, `Organization`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Whether a site administrator.
    #[serde(default)]
    pub site_admin: Option<bool>,
}

/// A deployment (`GET /repos/{owner}/{repo}/deployments[/{id}]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Id.
    pub id: u64,
    /// GraphQL id.
    #[serde(default)]
    pub node_id: Option<String>,
    /// Commit deployed.
    pub sha: String,
    /// Branch, tag or SHA requested.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Task (`deploy`, `deploy:migrations`, …).
    #[serde(default)]
    pub task: Option<String>,
    /// Extra data (object or string).
    #[serde(default)]
    pub payload: serde_json::Value,
    /// The environment first requested.
    #[serde(default)]
    pub original_environment: Option<String>,
    /// Environment name.
    pub environment: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Who created it.
    #[serde(default)]
    pub creator: Option<SimpleUser>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last update.
    pub updated_at: DateTime<Utc>,
    /// Statuses API URL.
    #[serde(default)]
    pub statuses_url: Option<String>,
    /// Repository API URL.
    #[serde(default)]
    pub repository_url: Option<String>,
    /// Whether the environment is transient.
    #[serde(default)]
    pub transient_environment: Option<bool>,
    /// Whether the environment is production.
    #[serde(default)]
    pub production_environment: Option<bool>,
    /// The app that made it (kept loosely).
    #[serde(default)]
    pub performed_via_github_app: Option<serde_json::Value>,
}

/// A deployment status (`GET …/deployments/{id}/statuses[/{status_id}]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentStatus {
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Id.
    pub id: u64,
    /// GraphQL id.
    #[serde(default)]
    pub node_id: Option<String>,
    /// State.
    pub state: StatusState,
    /// Who created it.
    #[serde(default)]
    pub creator: Option<SimpleUser>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Environment name.
    #[serde(default)]
    pub environment: Option<String>,
    /// Legacy log URL.
    #[serde(default)]
    pub target_url: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last update.
    pub updated_at: DateTime<Utc>,
    /// Deployment API URL.
    #[serde(default)]
    pub deployment_url: Option<String>,
    /// Repository API URL.
    #[serde(default)]
    pub repository_url: Option<String>,
    /// Where the deployed app lives.
    #[serde(default)]
    pub environment_url: Option<String>,
    /// Log URL.
    #[serde(default)]
    pub log_url: Option<String>,
    /// The app that made it (kept loosely).
    #[serde(default)]
    pub performed_via_github_app: Option<serde_json::Value>,
}

/// The answer of `GET /repos/{owner}/{repo}/environments`: an object, not an array.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentList {
    /// Number of environments.
    #[serde(default)]
    pub total_count: Option<u64>,
    /// The environments of this page.
    #[serde(default)]
    pub environments: Vec<Environment>,
}

/// An environment (`GET/PUT /repos/{owner}/{repo}/environments/{name}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// Id.
    pub id: u64,
    /// GraphQL id.
    #[serde(default)]
    pub node_id: Option<String>,
    /// Name.
    pub name: String,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Page.
    #[serde(default)]
    pub html_url: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
    /// Protection rules.
    #[serde(default)]
    pub protection_rules: Vec<ProtectionRule>,
    /// Branch policy; `None` means every branch may deploy.
    #[serde(default)]
    pub deployment_branch_policy: Option<BranchPolicySettings>,
}

/// An environment protection rule (loosely: the union of the three kinds).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProtectionRule {
    /// Id.
    pub id: u64,
    /// GraphQL id.
    #[serde(default)]
    pub node_id: Option<String>,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: ProtectionRuleType,
    /// Minutes to wait (`wait_timer`).
    #[serde(default)]
    pub wait_timer: Option<u32>,
    /// Whether the creator may not approve (`required_reviewers`).
    #[serde(default)]
    pub prevent_self_review: Option<bool>,
    /// Reviewers (`required_reviewers`).
    #[serde(default)]
    pub reviewers: Vec<Reviewer>,
}

/// Which branches may deploy to an environment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BranchPolicySettings {
    /// Only protected branches.
    pub protected_branches: bool,
    /// Only branches matching custom patterns.
    pub custom_branch_policies: bool,
}

/// A reviewer of a protected environment: a user or a team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reviewer {
    /// `User` or `Team` (upstream examples sometimes omit it).
    #[serde(default, rename = "type")]
    pub kind: Option<ReviewerType>,
    /// The user or team.
    pub reviewer: ReviewerEntity,
}

/// The fields of a user or a team that a reviewer list shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewerEntity {
    /// Id.
    pub id: u64,
    /// User login.
    #[serde(default)]
    pub login: Option<String>,
    /// Team name.
    #[serde(default)]
    pub name: Option<String>,
    /// Team slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// Page.
    #[serde(default)]
    pub html_url: Option<String>,
}

impl ReviewerEntity {
    /// What to show: the login, else the team name, else the slug, else the id.
    pub fn label(&self) -> String {
        self.login
            .as_deref()
            .or(self.name.as_deref())
            .or(self.slug.as_deref())
            .map_or_else(|| format!("#{}", self.id), str::to_owned)
    }
}

/// An environment as referenced by pending deployments and reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentRef {
    /// Id.
    pub id: u64,
    /// GraphQL id.
    #[serde(default)]
    pub node_id: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// API URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Page.
    #[serde(default)]
    pub html_url: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
}

/// A deployment of a workflow run waiting for review (`GET …/runs/{run_id}/pending_deployments`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingDeployment {
    /// The environment waiting.
    pub environment: EnvironmentRef,
    /// Minutes to wait.
    #[serde(default)]
    pub wait_timer: u32,
    /// When the wait started.
    #[serde(default)]
    pub wait_timer_started_at: Option<DateTime<Utc>>,
    /// Whether the token's user may approve.
    #[serde(default)]
    pub current_user_can_approve: bool,
    /// Who may approve.
    #[serde(default)]
    pub reviewers: Vec<Reviewer>,
}

/// A workflow run (the fields a waiting run shows; `GET …/actions/runs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkflowRun {
    /// Id (the `run_id` of its pending deployments).
    pub id: u64,
    /// Workflow name.
    #[serde(default)]
    pub name: Option<String>,
    /// Title shown on GitHub (commit message or PR title).
    #[serde(default)]
    pub display_title: Option<String>,
    /// Branch it runs on.
    #[serde(default)]
    pub head_branch: Option<String>,
    /// Commit it runs.
    #[serde(default)]
    pub head_sha: String,
    /// Number within the workflow.
    #[serde(default)]
    pub run_number: Option<u64>,
    /// `queued`, `in_progress`, `waiting`, `completed`, …
    #[serde(default)]
    pub status: Option<String>,
    /// `success`, `failure`, … once completed.
    #[serde(default)]
    pub conclusion: Option<String>,
    /// Page.
    #[serde(default)]
    pub html_url: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Who triggered it.
    #[serde(default)]
    pub actor: Option<SimpleUser>,
}

/// One page of `GET …/actions/runs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkflowRuns {
    /// Runs matching the filters, over every page.
    #[serde(default)]
    pub total_count: u64,
    /// This page's runs.
    #[serde(default)]
    pub workflow_runs: Vec<WorkflowRun>,
}

impl PendingDeployment {
    /// Who may approve it: each reviewer's label (login or team name), in the server's order.
    pub fn reviewer_labels(&self) -> Vec<String> {
        self.reviewers.iter().map(|r| r.reviewer.label()).collect()
    }
}

/// A review given to a run's deployments (`GET …/runs/{run_id}/approvals`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentApprovals {
    /// Environments reviewed.
    #[serde(default)]
    pub environments: Vec<EnvironmentRef>,
    /// Approved, rejected or pending.
    pub state: ReviewState,
    /// Reviewer.
    pub user: SimpleUser,
    /// Comment.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The 202 answer of create-deployment when GitHub merged the default branch first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentAccepted {
    /// What GitHub did.
    pub message: String,
}

/// Body of `POST /repos/{owner}/{repo}/deployments`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateDeployment {
    /// Branch, tag or SHA to deploy (required).
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Task (default `deploy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// Merge the default branch first (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_merge: Option<bool>,
    /// Status contexts to verify; empty bypasses the checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_contexts: Option<Vec<String>>,
    /// Extra data (object or string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    /// Environment (default `production`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the environment is transient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient_environment: Option<bool>,
    /// Whether the environment is production.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production_environment: Option<bool>,
}

/// Body of `POST …/deployments/{id}/statuses`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateDeploymentStatus {
    /// State (required).
    pub state: StatusState,
    /// Legacy log URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_url: Option<String>,
    /// Log URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_url: Option<String>,
    /// Description (≤ 140 chars).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Environment name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Where the deployed app lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_url: Option<String>,
    /// Mark earlier deployments inactive (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_inactive: Option<bool>,
}

/// Body of `PUT /repos/{owner}/{repo}/environments/{name}`.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct CreateOrUpdateEnvironment {
    /// Minutes to wait (0..=43200).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_timer: Option<u32>,
    /// Whether the creator may not approve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_self_review: Option<bool>,
    /// Up to six reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewers: Option<Vec<ReviewerRef>>,
    /// `None`: leave out; `Some(None)`: send `null` (every branch may deploy); `Some(Some(_))`: set.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub deployment_branch_policy: Option<Option<BranchPolicySettings>>,
}

/// A reviewer in a create-or-update-environment body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewerRef {
    /// `User` or `Team`.
    #[serde(rename = "type")]
    pub kind: ReviewerType,
    /// User or team id.
    pub id: u64,
}

/// Body of `POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewPendingDeployments {
    /// Environments to approve or reject.
    pub environment_ids: Vec<u64>,
    /// `approved` or `rejected`.
    pub state: ReviewState,
    /// Comment (required, may be empty).
    pub comment: String,
}

/// Deserializes a present field (even `null`) as `Some(inner)`, so `null` and absent differ.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
