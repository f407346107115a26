//! The unified view model: one [`DeploymentRow`] and one [`EnvironmentCard`] that both forges
//! map to. Every URL in them is a [`SafeUrl`]: only `http(s)` URLs become links.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{github, gitlab};
use crate::safe_url::SafeUrl;

pub use super::gitlab::{EnvironmentState, Tier};

/// Which forge a row or card comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Forge {
    /// GitLab v4.
    #[serde(rename = "gitlab")]
    GitLab,
    /// GitHub REST.
    #[serde(rename = "github")]
    GitHub,
}

impl Forge {
    /// `gitlab` or `github`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GitLab => "gitlab",
            Self::GitHub => "github",
        }
    }
}

impl std::fmt::Display for Forge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

string_enum! {
    /// A deployment status normalised across forges.
    ///
    /// GitLab's seven statuses map one to one. GitHub's latest status `state` maps as:
    ///
    /// | GitHub latest status        | `Status`   | `forge_status` |
    /// |-----------------------------|------------|----------------|
    /// | none yet                    | `Created`  | `pending`      |
    /// | `queued`, `pending`         | `Created`  | the state      |
    /// | `in_progress`               | `Running`  | the state      |
    /// | `success`                   | `Success`  | the state      |
    /// | `failure`, `error`          | `Failed`   | the state      |
    /// | `inactive`                  | `Inactive` | the state      |
    /// | anything else `x`           | `Unknown(x)` | `x`          |
    pub enum Status {
        /// Not started (GitLab `created`; GitHub no status, `queued`, `pending`).
        Created = "created",
        /// In progress.
        Running = "running",
        /// Succeeded.
        Success = "success",
        /// Failed (GitHub `failure` and `error`).
        Failed = "failed",
        /// Canceled (GitLab only).
        Canceled = "canceled",
        /// Skipped (GitLab only).
        Skipped = "skipped",
        /// Waiting for approval (GitLab only).
        Blocked = "blocked",
        /// Superseded by a later deployment (GitHub only).
        Inactive = "inactive",
    }
}

impl Status {
    /// Sort rank: the declaration order, unknown values after every known one.
    pub fn rank(&self) -> u8 {
        Self::ALL
            .iter()
            .position(|s| s == self)
            .map_or(u8::MAX, |p| p as u8)
    }

    /// Whether the deployment has ended (success, failed, canceled, skipped, inactive).
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Self::Success | Self::Failed | Self::Canceled | Self::Skipped | Self::Inactive
        )
    }

    /// Maps a GitLab deployment status (one to one).
    pub fn from_gitlab(status: &gitlab::DeploymentStatus) -> Self {
        use gitlab::DeploymentStatus as G;
        match status {
            G::Created => Self::Created,
            G::Running => Self::Running,
            G::Success => Self::Success,
            G::Failed => Self::Failed,
            G::Canceled => Self::Canceled,
            G::Skipped => Self::Skipped,
            G::Blocked => Self::Blocked,
            G::Unknown(text) => Self::Unknown(text.clone()),
        }
    }

    /// Maps a GitHub latest-status state (see the table on [`Status`]); `None` is "no status yet".
    pub fn from_github(state: Option<&github::StatusState>) -> Self {
        use github::StatusState as S;
        let Some(state) = state else {
            return Self::Created;
        };
        match state {
            S::Queued | S::Pending => Self::Created,
            S::InProgress => Self::Running,
            S::Success => Self::Success,
            S::Failure | S::Error => Self::Failed,
            S::Inactive => Self::Inactive,
            S::Unknown(text) => Self::Unknown(text.clone()),
        }
    }
}

/// The CI job behind a GitLab deployment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRef {
    /// Job id.
    pub id: u64,
    /// Job name.
    pub name: String,
    /// Job page (http(s) only).
    pub web_url: Option<SafeUrl>,
}

/// The pipeline behind a GitLab deployment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineRef {
    /// Pipeline id.
    pub id: u64,
    /// Pipeline page (http(s) only).
    pub web_url: Option<SafeUrl>,
}

/// One deployment as the table shows it, whichever forge it comes from.
///
/// Every `*_url` field is a [`SafeUrl`]: it is `None` unless it is an http(s) URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentRow {
    /// Source forge.
    pub forge: Forge,
    /// GitLab project path or GitHub `owner/repo`.
    pub project: String,
    /// Forge id.
    pub id: u64,
    /// GitLab per-project id (GitHub has none).
    pub iid: Option<u64>,
    /// Environment name.
    pub environment: String,
    /// Environment tier when known (GitHub: production when `production_environment`).
    pub tier: Option<Tier>,
    /// Normalised status.
    pub status: Status,
    /// The forge's own status text.
    pub forge_status: String,
    /// Branch, tag or SHA deployed.
    pub git_ref: String,
    /// Whether `git_ref` is a tag (GitHub: unknown, `false`).
    pub is_tag: bool,
    /// Commit deployed.
    pub sha: String,
    /// Username (GitLab) or login (GitHub) of who deployed.
    pub author: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last update (creation time when the forge omits it).
    pub updated_at: DateTime<Utc>,
    /// When it finished, if it did.
    pub finished_at: Option<DateTime<Utc>>,
    /// Run time in seconds, if known.
    pub duration_secs: Option<f64>,
    /// GitLab CI job.
    pub job: Option<JobRef>,
    /// GitLab pipeline.
    pub pipeline: Option<PipelineRef>,
    /// Commit page.
    pub commit_url: Option<SafeUrl>,
    /// First line of the commit message (GitLab with a job only).
    pub commit_title: Option<String>,
    /// When the deployed commit was created (GitLab with a job: `deployable.commit.created_at`;
    /// `None` on GitHub, whose deployments carry no commit time): the start of the lead time.
    pub commit_created_at: Option<DateTime<Utc>>,
    /// Deployment output (GitLab job page; GitHub status `log_url`, else `target_url`).
    pub log_url: Option<SafeUrl>,
    /// Where the deployed app lives.
    pub environment_url: Option<SafeUrl>,
    /// GitHub deployment or status description.
    pub description: Option<String>,
    /// GitLab Premium: approvals still needed.
    pub pending_approval_count: Option<u32>,
}

impl DeploymentRow {
    /// The row of a GitHub deployment whose latest status is not known (not loaded yet, or its
    /// request failed): "unknown", never GitHub's "pending" (which means "has no status").
    pub fn status_unknown(mut self) -> DeploymentRow {
        self.status = Status::Unknown("unknown".to_owned());
        self.forge_status = "unknown".to_owned();
        self
    }

    /// Maps a GitLab deployment of `project` (its path).
    ///
    /// Finished time: the job's `finished_at`, else `updated_at` when the status is finished
    /// (`success`, `failed`, `canceled`). Duration: the job's `duration`, else finished − created.
    /// A deployment nested as an environment's `last_deployment` has no environment: the
    /// name is empty, and [`EnvironmentCard::from_gitlab`] fills it in.
    pub fn from_gitlab(project: &str, d: &gitlab::Deployment) -> Self {
        let job = d.deployable.as_ref();
        let finished_at = job.and_then(|j| j.finished_at).or_else(|| {
            if d.status.is_finished() {
                d.updated_at
            } else {
                None
            }
        });
        let duration_secs = job
            .and_then(|j| j.duration)
            .or_else(|| finished_at.map(|f| seconds_between(d.created_at, f)));
        let pipeline = job.and_then(|j| j.pipeline.as_ref());
        let commit = job.and_then(|j| j.commit.as_ref());
        let commit_url = commit
            .and_then(|c| c.web_url.as_deref())
            .and_then(SafeUrl::parse)
            .or_else(|| {
                let base = gitlab_project_url(pipeline?.web_url.as_deref()?)?;
                SafeUrl::parse(&format!("{base}/-/commit/{}", d.sha))
            });
        let job_url = job
            .and_then(|j| j.web_url.as_deref())
            .and_then(SafeUrl::parse);
        Self {
            forge: Forge::GitLab,
            project: project.to_owned(),
            id: d.id,
            iid: Some(d.iid),
            environment: d
                .environment
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            tier: None,
            status: Status::from_gitlab(&d.status),
            forge_status: d.status.as_str().to_owned(),
            git_ref: d.git_ref.clone(),
            is_tag: job.and_then(|j| j.tag).unwrap_or(false),
            sha: d.sha.clone(),
            author: d.user.as_ref().map(|u| u.username.clone()),
            created_at: d.created_at,
            updated_at: d.updated_at.unwrap_or(d.created_at),
            finished_at,
            duration_secs,
            job: job.map(|j| JobRef {
                id: j.id,
                name: j.name.clone(),
                web_url: job_url.clone(),
            }),
            pipeline: pipeline.map(|p| PipelineRef {
                id: p.id,
                web_url: p.web_url.as_deref().and_then(SafeUrl::parse),
            }),
            commit_url,
            commit_title: commit
                .and_then(|c| c.title.as_deref())
                .map(|t| t.trim_end().to_owned()),
            commit_created_at: commit.and_then(|c| c.created_at),
            log_url: job_url,
            environment_url: d
                .environment
                .as_ref()
                .and_then(|e| e.external_url.as_deref())
                .and_then(SafeUrl::parse),
            description: None,
            pending_approval_count: d.pending_approval_count,
        }
    }

    /// Maps a GitHub deployment of `repo` (`owner/repo`) with its latest status, if any.
    ///
    /// Status: see the table on [`Status`]. Finished time: the latest status's `created_at` when
    /// its state is terminal (`success`, `failure`, `error`, `inactive`; for `inactive` that is
    /// when it was superseded). Duration: finished − created. Updated: the later of the
    /// deployment's and the status's `updated_at`.
    pub fn from_github(
        repo: &str,
        d: &github::Deployment,
        latest_status: Option<&github::DeploymentStatus>,
    ) -> Self {
        use github::StatusState as S;
        let state = latest_status.map(|s| &s.state);
        let finished_at = latest_status.and_then(|s| {
            matches!(s.state, S::Success | S::Failure | S::Error | S::Inactive)
                .then_some(s.created_at)
        });
        let log_url = latest_status.and_then(|s| {
            s.log_url
                .as_deref()
                .and_then(SafeUrl::parse)
                .or_else(|| s.target_url.as_deref().and_then(SafeUrl::parse))
        });
        let updated_at = latest_status.map_or(d.updated_at, |s| s.updated_at.max(d.updated_at));
        let commit_url = d
            .repository_url
            .as_deref()
            .and_then(github_html_base)
            .and_then(|base| SafeUrl::parse(&format!("{base}/commit/{}", d.sha)));
        Self {
            forge: Forge::GitHub,
            project: repo.to_owned(),
            id: d.id,
            iid: None,
            environment: d.environment.clone(),
            tier: (d.production_environment == Some(true)).then_some(Tier::Production),
            status: Status::from_github(state),
            forge_status: state.map_or("pending", |s| s.as_str()).to_owned(),
            git_ref: d.git_ref.clone(),
            is_tag: false,
            sha: d.sha.clone(),
            author: d.creator.as_ref().map(|u| u.login.clone()),
            created_at: d.created_at,
            updated_at,
            finished_at,
            duration_secs: finished_at.map(|f| seconds_between(d.created_at, f)),
            job: None,
            pipeline: None,
            commit_url,
            commit_title: None,
            commit_created_at: None,
            log_url,
            environment_url: latest_status
                .and_then(|s| s.environment_url.as_deref())
                .and_then(SafeUrl::parse),
            description: latest_status
                .and_then(|s| s.description.clone())
                .filter(|t| !t.is_empty())
                .or_else(|| d.description.clone())
                .filter(|t| !t.is_empty()),
            pending_approval_count: None,
        }
    }

    /// The number users type after `#`: the iid on GitLab, the id on GitHub.
    pub fn number(&self) -> u64 {
        self.iid.unwrap_or(self.id)
    }
}

/// One environment as a card shows it, whichever forge it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentCard {
    /// Source forge.
    pub forge: Forge,
    /// GitLab project path or GitHub `owner/repo`.
    pub project: String,
    /// Forge id.
    pub id: u64,
    /// Full name.
    pub name: String,
    /// The part before the first `/` (`review` for `review/fix-foo`), if any.
    pub folder: Option<String>,
    /// Tier (GitLab's, else guessed from the name with [`Tier::guess`] for GitHub).
    pub tier: Option<Tier>,
    /// State (GitLab only; GitHub environments are always available).
    pub state: Option<EnvironmentState>,
    /// Where the deployed app lives (http(s) only: the only form that becomes a link).
    pub external_url: Option<SafeUrl>,
    /// The server's `external_url` as it is, unchecked (`javascript:…` and `ftp://…` included):
    /// what an edit form starts from, so saving does not wipe a URL the link refuses. Never a link.
    pub external_url_raw: Option<String>,
    /// The environment's page on the forge (GitHub `html_url`; http(s) only).
    pub web_url: Option<SafeUrl>,
    /// When GitLab stops it automatically.
    pub auto_stop_at: Option<DateTime<Utc>>,
    /// Description (GitLab).
    pub description: Option<String>,
    /// Creation time.
    pub created_at: Option<DateTime<Utc>>,
    /// Last update.
    pub updated_at: Option<DateTime<Utc>>,
    /// Names of protection rules (GitHub: `wait_timer`, `required_reviewers`, `branch_policy`).
    pub protection: Vec<String>,
    /// The latest deployment, when known.
    pub last_deployment: Option<Box<DeploymentRow>>,
}

impl EnvironmentCard {
    /// Maps a GitLab environment of `project` (its path), with its `last_deployment` if present.
    pub fn from_gitlab(project: &str, e: &gitlab::Environment) -> Self {
        let last_deployment = e.last_deployment.as_deref().map(|d| {
            let mut row = DeploymentRow::from_gitlab(project, d);
            if row.environment.is_empty() {
                row.environment = e.name.clone();
            }
            row.tier = e.tier.clone();
            Box::new(row)
        });
        Self {
            forge: Forge::GitLab,
            project: project.to_owned(),
            id: e.id,
            name: e.name.clone(),
            folder: folder_of(&e.name).map(str::to_owned),
            tier: e.tier.clone(),
            state: Some(e.state.clone()),
            external_url: e.external_url.as_deref().and_then(SafeUrl::parse),
            external_url_raw: e.external_url.clone().filter(|u| !u.is_empty()),
            web_url: None,
            auto_stop_at: e.auto_stop_at,
            description: e.description.clone().filter(|t| !t.is_empty()),
            created_at: e.created_at,
            updated_at: e.updated_at,
            protection: Vec::new(),
            last_deployment,
        }
    }

    /// Maps a GitHub environment of `repo` (`owner/repo`); GitHub has no last deployment in
    /// it: attach one with [`crate::query::attach_latest`].
    pub fn from_github(repo: &str, e: &github::Environment) -> Self {
        Self {
            forge: Forge::GitHub,
            project: repo.to_owned(),
            id: e.id,
            name: e.name.clone(),
            folder: folder_of(&e.name).map(str::to_owned),
            tier: Some(Tier::guess(&e.name)),
            state: None,
            external_url: None,
            external_url_raw: None,
            web_url: e.html_url.as_deref().and_then(SafeUrl::parse),
            auto_stop_at: None,
            description: None,
            created_at: e.created_at,
            updated_at: e.updated_at,
            protection: e
                .protection_rules
                .iter()
                .map(|r| r.kind.as_str().to_owned())
                .collect(),
            last_deployment: None,
        }
    }
}

/// The folder of an environment name: the non-empty part before the first `/`, if any.
pub fn folder_of(name: &str) -> Option<&str> {
    let (folder, rest) = name.split_once('/')?;
    if folder.is_empty() || rest.is_empty() {
        return None;
    }
    Some(folder)
}

/// Seconds from `from` to `to` (negative if `to` is earlier).
fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_milliseconds() as f64 / 1000.0
}

/// The project page from a GitLab pipeline page: `…/group/project[/-]/pipelines/N` → `…/group/project`.
fn gitlab_project_url(pipeline_url: &str) -> Option<&str> {
    let (base, _) = pipeline_url.rsplit_once("/pipelines/")?;
    Some(base.strip_suffix("/-").unwrap_or(base))
}

/// The repository page from a GitHub repository API URL:
/// `https://api.github.com/repos/o/r` → `https://github.com/o/r`,
/// `https://HOST/api/v3/repos/o/r` → `https://HOST/o/r`.
fn github_html_base(repository_url: &str) -> Option<String> {
    let (api, repo) = repository_url.split_once("/repos/")?;
    if repo.is_empty() {
        return None;
    }
    if let Some(scheme) = api.strip_suffix("://api.github.com") {
        return Some(format!("{scheme}://github.com/{repo}"));
    }
    let host = api.strip_suffix("/api/v3")?;
    Some(format!("{host}/{repo}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gitlab_env(external_url: Option<&str>) -> gitlab::Environment {
        serde_json::from_value(serde_json::json!({
            "id": 7, "name": "production", "state": "available", "external_url": external_url
        }))
        .expect("an environment")
    }

    #[test]
    fn cards_keep_the_raw_external_url_beside_the_checked_link() {
        for raw in ["javascript:alert(1)", "ftp://files.example.com/app"] {
            let card = EnvironmentCard::from_gitlab("p", &gitlab_env(Some(raw)));
            assert_eq!(card.external_url, None, "{raw} is never a link");
            assert_eq!(
                card.external_url_raw.as_deref(),
                Some(raw),
                "kept for editing"
            );
        }
        let card = EnvironmentCard::from_gitlab("p", &gitlab_env(Some("https://app.example.com")));
        assert_eq!(
            card.external_url.as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(
            card.external_url_raw.as_deref(),
            Some("https://app.example.com")
        );
        for none in [None, Some("")] {
            let card = EnvironmentCard::from_gitlab("p", &gitlab_env(none));
            assert_eq!((card.external_url, card.external_url_raw), (None, None));
        }
        let gh: github::Environment = serde_json::from_value(serde_json::json!({
            "id": 1, "name": "staging", "html_url": "https://github.com/o/r/deployments"
        }))
        .expect("a GitHub environment");
        let card = EnvironmentCard::from_github("o/r", &gh);
        assert_eq!((card.external_url, card.external_url_raw), (None, None));
    }
}
