//! GitHub REST payloads: deployments, statuses, environments, pending deployments, reviews,
//! workflow runs. Request bodies live in [`crate::request::github`].
//!
//! Field sets follow `api-contract.md` and the fixtures in `fixtures/github/`. Fields a
//! client does not need are `Option` (absent or `null` is `None`); unknown JSON keys are
//! ignored; unknown enum values become `Unknown(String)`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

impl ReviewState {
    /// The answers a review may give: approved or rejected.
    pub const ANSWERS: &'static [ReviewState] = &[Self::Approved, Self::Rejected];
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
    pub node_id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// Profile page.
    pub html_url: Option<String>,
    /// `User`, `Bot`, `Organization`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Whether a site administrator.
    pub site_admin: Option<bool>,
}

/// A deployment (`GET /repos/{owner}/{repo}/deployments[/{id}]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// API URL.
    pub url: Option<String>,
    /// Id.
    pub id: u64,
    /// GraphQL id.
    pub node_id: Option<String>,
    /// Commit deployed.
    pub sha: String,
    /// Branch, tag or SHA requested.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Task (`deploy`, `deploy:migrations`, …).
    pub task: Option<String>,
    /// Extra data (object or string).
    #[serde(default)]
    pub payload: serde_json::Value,
    /// The environment first requested.
    pub original_environment: Option<String>,
    /// Environment name.
    pub environment: String,
    /// Description.
    pub description: Option<String>,
    /// Who created it.
    pub creator: Option<SimpleUser>,
    /// Creation time.
    #[serde(deserialize_with = "super::time::required")]
    pub created_at: DateTime<Utc>,
    /// Last update.
    #[serde(deserialize_with = "super::time::required")]
    pub updated_at: DateTime<Utc>,
    /// Statuses API URL.
    pub statuses_url: Option<String>,
    /// Repository API URL.
    pub repository_url: Option<String>,
    /// Whether the environment is transient.
    pub transient_environment: Option<bool>,
    /// Whether the environment is production.
    pub production_environment: Option<bool>,
    /// The app that made it (kept loosely).
    pub performed_via_github_app: Option<serde_json::Value>,
}

/// A deployment status (`GET …/deployments/{id}/statuses[/{status_id}]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentStatus {
    /// API URL.
    pub url: Option<String>,
    /// Id.
    pub id: u64,
    /// GraphQL id.
    pub node_id: Option<String>,
    /// State.
    pub state: StatusState,
    /// Who created it.
    pub creator: Option<SimpleUser>,
    /// Description.
    pub description: Option<String>,
    /// Environment name.
    pub environment: Option<String>,
    /// Legacy log URL.
    pub target_url: Option<String>,
    /// Creation time.
    #[serde(deserialize_with = "super::time::required")]
    pub created_at: DateTime<Utc>,
    /// Last update.
    #[serde(deserialize_with = "super::time::required")]
    pub updated_at: DateTime<Utc>,
    /// Deployment API URL.
    pub deployment_url: Option<String>,
    /// Repository API URL.
    pub repository_url: Option<String>,
    /// Where the deployed app lives.
    pub environment_url: Option<String>,
    /// Log URL.
    pub log_url: Option<String>,
    /// The app that made it (kept loosely).
    pub performed_via_github_app: Option<serde_json::Value>,
}

/// The answer of `GET /repos/{owner}/{repo}/environments`: an object, not an array.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentList {
    /// Number of environments.
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
    pub node_id: Option<String>,
    /// Name.
    pub name: String,
    /// API URL.
    pub url: Option<String>,
    /// Page.
    pub html_url: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Protection rules.
    #[serde(default)]
    pub protection_rules: Vec<ProtectionRule>,
    /// Branch policy; `None` means every branch may deploy.
    pub deployment_branch_policy: Option<BranchPolicySettings>,
}

/// An environment protection rule (loosely: the union of the three kinds).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProtectionRule {
    /// Id.
    pub id: u64,
    /// GraphQL id.
    pub node_id: Option<String>,
    /// Kind.
    #[serde(rename = "type")]
    pub kind: ProtectionRuleType,
    /// Minutes to wait (`wait_timer`).
    pub wait_timer: Option<u32>,
    /// Whether the creator may not approve (`required_reviewers`).
    pub prevent_self_review: Option<bool>,
    /// Reviewers (`required_reviewers`).
    #[serde(default)]
    pub reviewers: Vec<Reviewer>,
}

/// Which branches may deploy to an environment (in answers, and in the create-or-update body).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(rename = "type")]
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
    pub login: Option<String>,
    /// Team name.
    pub name: Option<String>,
    /// Team slug.
    pub slug: Option<String>,
    /// Page.
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
    pub node_id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// API URL.
    pub url: Option<String>,
    /// Page.
    pub html_url: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default, deserialize_with = "super::time::optional")]
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
    #[serde(default, deserialize_with = "super::time::optional")]
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
    pub name: Option<String>,
    /// Title shown on GitHub (commit message or PR title).
    pub display_title: Option<String>,
    /// Branch it runs on.
    pub head_branch: Option<String>,
    /// Commit it runs.
    #[serde(default)]
    pub head_sha: String,
    /// Number within the workflow.
    pub run_number: Option<u64>,
    /// `queued`, `in_progress`, `waiting`, `completed`, …
    pub status: Option<String>,
    /// `success`, `failure`, … once completed.
    pub conclusion: Option<String>,
    /// Page.
    pub html_url: Option<String>,
    /// Creation time.
    #[serde(deserialize_with = "super::time::required")]
    pub created_at: DateTime<Utc>,
    /// Who triggered it.
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
    pub comment: Option<String>,
}

/// The 202 answer of create-deployment when GitHub merged the default branch first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentAccepted {
    /// What GitHub did.
    pub message: String,
}
