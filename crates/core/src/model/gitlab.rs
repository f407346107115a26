//! GitLab v4 payloads: deployments, environments, approvals, merge requests, projects. Request
//! bodies live in [`crate::request::gitlab`].
//!
//! Field sets follow `api-contract.md` and the fixtures in `fixtures/gitlab/`. Fields a
//! client does not need, or that some answers omit, are `Option` (absent or `null` is `None`);
//! unknown JSON keys are ignored; unknown enum values become `Unknown(String)`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    /// A deployment's `status`.
    pub enum DeploymentStatus {
        /// Waiting for its job to start.
        Created = "created",
        /// Its job is running.
        Running = "running",
        /// Finished successfully.
        Success = "success",
        /// Finished with a failure.
        Failed = "failed",
        /// Finished by cancellation.
        Canceled = "canceled",
        /// Skipped.
        Skipped = "skipped",
        /// Waiting for approval on a protected environment.
        Blocked = "blocked",
    }
}

impl DeploymentStatus {
    /// The statuses a deployment may be created with or updated to through the API.
    pub const WRITABLE: &'static [DeploymentStatus] =
        &[Self::Running, Self::Success, Self::Failed, Self::Canceled];

    /// The statuses a deployment in this status may be updated to through the API, in the
    /// server's order: `running` only from `created` or `blocked`; `success`, `failed` and
    /// `canceled` from any status but themselves.
    pub fn transitions(&self) -> Vec<&'static DeploymentStatus> {
        Self::WRITABLE
            .iter()
            .filter(|to| match to {
                Self::Running => matches!(self, Self::Created | Self::Blocked),
                other => *other != self,
            })
            .collect()
    }

    /// `success`, `failed` or `canceled`: the statuses GitLab calls finished.
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Success | Self::Failed | Self::Canceled)
    }

    /// `created`, `blocked` or `running`: the statuses GitLab calls upcoming.
    pub fn is_upcoming(&self) -> bool {
        matches!(self, Self::Created | Self::Blocked | Self::Running)
    }
}

string_enum! {
    /// A CI job's (or pipeline's) `status`.
    pub enum JobStatus {
        /// Created.
        Created = "created",
        /// Waiting for a resource.
        WaitingForResource = "waiting_for_resource",
        /// Preparing.
        Preparing = "preparing",
        /// Pending.
        Pending = "pending",
        /// Running.
        Running = "running",
        /// Succeeded.
        Success = "success",
        /// Failed.
        Failed = "failed",
        /// Being canceled.
        Canceling = "canceling",
        /// Canceled.
        Canceled = "canceled",
        /// Skipped.
        Skipped = "skipped",
        /// Manual.
        Manual = "manual",
        /// Scheduled.
        Scheduled = "scheduled",
        /// Waiting for a callback.
        WaitingForCallback = "waiting_for_callback",
    }
}

string_enum! {
    /// A deployment approval's `status`.
    pub enum ApprovalStatus {
        /// Approved.
        Approved = "approved",
        /// Rejected.
        Rejected = "rejected",
    }
}

string_enum! {
    /// An environment's `state`.
    pub enum EnvironmentState {
        /// Available.
        Available = "available",
        /// Being stopped.
        Stopping = "stopping",
        /// Stopped.
        Stopped = "stopped",
    }
}

string_enum! {
    /// An environment's deployment tier, in GitLab's display order.
    pub enum Tier {
        /// Production.
        Production = "production",
        /// Staging.
        Staging = "staging",
        /// Testing.
        Testing = "testing",
        /// Development.
        Development = "development",
        /// Other.
        Other = "other",
    }
}

impl Tier {
    /// Rank for grouping: production 0 … other 4, unknown values 5.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Production => 0,
            Self::Staging => 1,
            Self::Testing => 2,
            Self::Development => 3,
            Self::Other => 4,
            Self::Unknown(_) => 5,
        }
    }

    /// Guesses a tier from an environment name as GitLab does (`Environment#guess_tier`): a
    /// case-insensitive substring match, checked in the order development (`dev`, `review`,
    /// `trunk`), testing (`test`, `tst`, `int`, `accept`, `acpt`, `qa`, `qc`, `control`,
    /// `quality`), staging (`stag`, `stg`, `model`, `modl`, `pre`, `demo`, `non`), production
    /// (`prod`, `prd`, `live`); anything else is other. So `preview` is development (it holds
    /// `review`), `eu-staging` staging, `integration` testing, and `uat` other.
    pub fn guess(name: &str) -> Self {
        const ORDER: [(Tier, &[&str]); 4] = [
            (Tier::Development, &["dev", "review", "trunk"]),
            (
                Tier::Testing,
                &[
                    "test", "tst", "int", "accept", "acpt", "qa", "qc", "control", "quality",
                ],
            ),
            (
                Tier::Staging,
                &["stag", "stg", "model", "modl", "pre", "demo", "non"],
            ),
            (Tier::Production, &["prod", "prd", "live"]),
        ];
        let lower = name.to_lowercase();
        ORDER
            .into_iter()
            .find(|(_, parts)| parts.iter().any(|p| lower.contains(p)))
            .map_or(Tier::Other, |(tier, _)| tier)
    }
}

string_enum! {
    /// An environment's `auto_stop_setting`.
    pub enum AutoStopSetting {
        /// Always stop when the timer expires.
        Always = "always",
        /// Stop only when an on_stop action exists.
        WithAction = "with_action",
    }
}

string_enum! {
    /// A merge request's `state`.
    pub enum MergeRequestState {
        /// Open.
        Opened = "opened",
        /// Closed without merging.
        Closed = "closed",
        /// Locked.
        Locked = "locked",
        /// Merged.
        Merged = "merged",
    }
}

/// A project (`GET /projects/:id`, schema `project.json`): what the dashboard shows instead of a
/// configured numeric id. Only `id` and `path_with_namespace` are required, so a reduced
/// embedding (an environment's `cluster_agent.config_project`) parses too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Numeric id.
    pub id: u64,
    /// Full path, e.g. `acme/platform/web`: how the dashboard names a project.
    pub path_with_namespace: String,
    /// Display name with its groups, e.g. `acme / platform / web`.
    #[serde(default)]
    pub name_with_namespace: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Last path segment.
    #[serde(default)]
    pub path: String,
    /// Project page.
    pub web_url: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Default branch (none for an empty repository).
    pub default_branch: Option<String>,
}

impl Project {
    /// The name to show: `path_with_namespace`, or `None` when the server sent an empty or
    /// blank one (the caller keeps the configured value).
    pub fn display_path(&self) -> Option<&str> {
        let path = self.path_with_namespace.trim();
        (!path.is_empty() && !path.chars().any(char::is_control)).then_some(path)
    }
}

/// The label of each configured project, in order: its known path (from `name_of`) or else the
/// configured value. When two entries would read the same (`"1"` and `"acme/web"` naming one
/// project), those whose configured value differs from the label also show it:
/// `acme/web (1)`.
pub fn project_labels(targets: &[String], name_of: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let named: Vec<String> = targets
        .iter()
        .map(|t| name_of(t).unwrap_or_else(|| t.clone()))
        .collect();
    named
        .iter()
        .zip(targets)
        .map(|(label, target)| {
            let twice = named.iter().filter(|l| *l == label).count() > 1;
            if twice && label != target {
                format!("{label} ({target})")
            } else {
                label.clone()
            }
        })
        .collect()
}

/// A user as GitLab embeds it (`user/basic`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Numeric id.
    pub id: u64,
    /// Login name.
    pub username: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Account state (`active`, `blocked`, …).
    pub state: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// Profile page.
    pub web_url: Option<String>,
}

/// A deployment (`GET /projects/:id/deployments[/:deployment_id]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// Global id.
    pub id: u64,
    /// Per-project id.
    pub iid: u64,
    /// Branch or tag deployed.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// Commit deployed.
    pub sha: String,
    /// Creation time.
    #[serde(deserialize_with = "super::time::required")]
    pub created_at: DateTime<Utc>,
    /// Last update (absent in some documented answers).
    #[serde(default, deserialize_with = "super::time::optional")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Status.
    pub status: DeploymentStatus,
    /// Who triggered it.
    pub user: Option<User>,
    /// Target environment (absent when nested as an environment's `last_deployment`).
    pub environment: Option<BasicEnvironment>,
    /// The CI job, or `None` for deployments made through the API.
    pub deployable: Option<Job>,
    /// Premium: approvals still needed.
    pub pending_approval_count: Option<u32>,
    /// Premium: approvals given.
    pub approvals: Option<Vec<Approval>>,
    /// Premium: approval rules and their approvals.
    pub approval_summary: Option<ApprovalSummary>,
}

/// The approval part of a deployment, as documented on its own (Premium).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentApprovalFragment {
    /// Deployment status.
    pub status: Option<DeploymentStatus>,
    /// Approvals still needed.
    pub pending_approval_count: Option<u32>,
    /// Approvals given.
    pub approvals: Option<Vec<Approval>>,
    /// Approval rules and their approvals.
    pub approval_summary: Option<ApprovalSummary>,
}

/// A CI job (a deployment's `deployable`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// Job id.
    pub id: u64,
    /// Job status.
    pub status: JobStatus,
    /// Stage name.
    pub stage: Option<String>,
    /// Job name.
    pub name: String,
    /// Branch or tag.
    #[serde(rename = "ref")]
    pub git_ref: Option<String>,
    /// Whether `ref` is a tag.
    pub tag: Option<bool>,
    /// Coverage percentage.
    pub coverage: Option<f64>,
    /// Whether failure is allowed.
    pub allow_failure: Option<bool>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Start time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub started_at: Option<DateTime<Utc>>,
    /// Finish time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub finished_at: Option<DateTime<Utc>>,
    /// Erase time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub erased_at: Option<DateTime<Utc>>,
    /// Run time in seconds.
    pub duration: Option<f64>,
    /// Queue time in seconds.
    pub queued_duration: Option<f64>,
    /// Who ran it.
    pub user: Option<User>,
    /// The commit built.
    pub commit: Option<Commit>,
    /// The pipeline it belongs to.
    pub pipeline: Option<Pipeline>,
    /// Job page.
    pub web_url: Option<String>,
    /// Artifacts.
    pub artifacts: Option<Vec<Artifact>>,
    /// Artifacts expiry.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub artifacts_expire_at: Option<DateTime<Utc>>,
    /// Runner tags.
    pub tag_list: Option<Vec<String>>,
    /// The runner that ran it.
    pub runner: Option<Runner>,
    /// Whether the job is archived.
    pub archived: Option<bool>,
}

/// A commit as embedded in a job (`commit/basic`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    /// Full SHA.
    pub id: String,
    /// Short SHA.
    pub short_id: Option<String>,
    /// First line of the message.
    pub title: Option<String>,
    /// Full message.
    pub message: Option<String>,
    /// Author name.
    pub author_name: Option<String>,
    /// Author e-mail.
    pub author_email: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Authored time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub authored_date: Option<DateTime<Utc>>,
    /// Committer name.
    pub committer_name: Option<String>,
    /// Committer e-mail.
    pub committer_email: Option<String>,
    /// Committed time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub committed_date: Option<DateTime<Utc>>,
    /// Parent SHAs.
    pub parent_ids: Option<Vec<String>>,
    /// Commit page.
    pub web_url: Option<String>,
}

/// A pipeline as embedded in a job (`pipeline/basic`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Pipeline id.
    pub id: u64,
    /// Per-project id.
    pub iid: Option<u64>,
    /// Project id.
    pub project_id: Option<u64>,
    /// Commit.
    pub sha: Option<String>,
    /// Branch or tag.
    #[serde(rename = "ref")]
    pub git_ref: Option<String>,
    /// Status.
    pub status: Option<JobStatus>,
    /// What started it.
    pub source: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Pipeline page.
    pub web_url: Option<String>,
}

/// A runner as embedded in a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Runner {
    /// Runner id.
    pub id: u64,
    /// Description.
    pub description: Option<String>,
    /// Last IP address.
    pub ip_address: Option<String>,
    /// Whether active.
    pub active: Option<bool>,
    /// Whether shared.
    pub is_shared: Option<bool>,
    /// `instance_type`, `group_type` or `project_type`.
    pub runner_type: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Whether online.
    pub online: Option<bool>,
    /// Status text.
    pub status: Option<String>,
}

/// A job artifact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    /// Kind (`trace`, `archive`, …).
    pub file_type: Option<String>,
    /// Size in bytes.
    pub size: Option<u64>,
    /// File name.
    pub filename: Option<String>,
    /// Format.
    pub file_format: Option<String>,
}

/// A basic environment (embedded in deployments; review-apps cleanup entries).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BasicEnvironment {
    /// Id.
    pub id: u64,
    /// Name (`folder/name` for grouped ones).
    pub name: String,
    /// URL-safe slug.
    pub slug: Option<String>,
    /// Where the deployed app lives.
    pub external_url: Option<String>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub updated_at: Option<DateTime<Utc>>,
}

/// An environment (`GET /projects/:id/environments[/:environment_id]`, create, update, stop).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// Id.
    pub id: u64,
    /// Name (`folder/name` for grouped ones).
    pub name: String,
    /// URL-safe slug.
    pub slug: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Where the deployed app lives.
    pub external_url: Option<String>,
    /// State.
    pub state: EnvironmentState,
    /// Tier (absent in some documented answers).
    pub tier: Option<Tier>,
    /// Creation time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub updated_at: Option<DateTime<Utc>>,
    /// When it stops automatically.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub auto_stop_at: Option<DateTime<Utc>>,
    /// Auto-stop policy.
    pub auto_stop_setting: Option<AutoStopSetting>,
    /// Kubernetes namespace.
    pub kubernetes_namespace: Option<String>,
    /// Flux resource path.
    pub flux_resource_path: Option<String>,
    /// The project, when included (kept loosely).
    pub project: Option<serde_json::Value>,
    /// The latest deployment (single-environment answers only, never in lists).
    pub last_deployment: Option<Box<Deployment>>,
}

/// A deployment approval (`POST …/approval`, and inside deployments).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    /// Who answered.
    pub user: User,
    /// Approved or rejected.
    pub status: ApprovalStatus,
    /// When.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub created_at: Option<DateTime<Utc>>,
    /// Optional comment.
    pub comment: Option<String>,
}

/// A deployment's `approval_summary`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalSummary {
    /// The rules.
    #[serde(default)]
    pub rules: Vec<ApprovalRule>,
}

/// One approval rule of a protected environment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalRule {
    /// A user allowed to approve.
    pub user_id: Option<u64>,
    /// A group allowed to approve.
    pub group_id: Option<u64>,
    /// An access level allowed to approve.
    pub access_level: Option<u32>,
    /// Who the rule names, as text.
    pub access_level_description: Option<String>,
    /// Approvals the rule needs.
    #[serde(default)]
    pub required_approvals: u32,
    /// Approvals given under the rule.
    #[serde(default)]
    pub deployment_approvals: Vec<Approval>,
}

/// A merge request in a list (`GET …/deployments/:id/merge_requests`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeRequest {
    /// Global id.
    pub id: u64,
    /// Per-project id.
    pub iid: u64,
    /// Project id.
    pub project_id: u64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// State.
    pub state: MergeRequestState,
    /// Page.
    pub web_url: String,
    /// Author.
    pub author: Option<User>,
    /// Source branch.
    pub source_branch: String,
    /// Target branch.
    pub target_branch: String,
    /// Whether it is a draft.
    pub draft: Option<bool>,
    /// Head commit.
    pub sha: Option<String>,
    /// Merge commit.
    pub merge_commit_sha: Option<String>,
    /// Creation time.
    #[serde(deserialize_with = "super::time::required")]
    pub created_at: DateTime<Utc>,
    /// Last update.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Merge time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub merged_at: Option<DateTime<Utc>>,
    /// Close time.
    #[serde(default, deserialize_with = "super::time::optional")]
    pub closed_at: Option<DateTime<Utc>>,
}

/// The answer of `DELETE /projects/:id/environments/review_apps`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewAppsCleanup {
    /// Environments scheduled for deletion (or that would be, on a dry run).
    #[serde(default)]
    pub scheduled_entries: Vec<BasicEnvironment>,
    /// Environments that could not be scheduled.
    #[serde(default)]
    pub unprocessable_entries: Vec<BasicEnvironment>,
}

/// The answer of `POST /projects/:id/environments/stop_stale`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopStaleResult {
    /// The server's confirmation.
    pub message: String,
}
