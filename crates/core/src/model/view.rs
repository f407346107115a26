//! The unified view model: one [`DeploymentRow`] and one [`EnvironmentCard`] that both forges
//! map to. Every URL in them is a [`SafeUrl`]: only `http(s)` URLs become links.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{github, gitlab};
use crate::intern::{Interner, Text};
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

/// A GitLab page link, stored compactly: most are the forge's usual URL, rebuilt on demand from
/// the project's page (one copy per project, [`DeploymentRow::web_base`]) and an id, so 100,000
/// rows do not hold 300,000 URLs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Link {
    /// None given, or not an http(s) URL.
    #[default]
    None,
    /// The usual URL: the project's page + `/-/jobs/{id}` (job), `/-/pipelines/{id}`
    /// (pipeline) or `/-/commit/{sha}` (commit).
    Usual,
    /// Another URL, as the forge gave it.
    Own(SafeUrl),
}

impl Link {
    /// How `url` (checked) is stored for a row whose project page is `base`: [`Link::Usual`]
    /// when it is exactly `base` + `middle` + `tail`.
    fn of(url: Option<&str>, base: Option<&str>, middle: &str, tail: &str) -> Link {
        let Some(url) = url.and_then(SafeUrl::check) else {
            return Link::None;
        };
        let usual = base.is_some_and(|base| {
            url.strip_prefix(base)
                .and_then(|rest| rest.strip_prefix(middle))
                .is_some_and(|rest| rest == tail)
        });
        if usual {
            Link::Usual
        } else {
            // Only a URL kept as given is copied.
            SafeUrl::parse(url).map_or(Link::None, Link::Own)
        }
    }

    /// The URL, given the row's project page and this link's usual `middle` and `tail`.
    fn url(
        &self,
        base: Option<&Text>,
        middle: &str,
        tail: &dyn std::fmt::Display,
    ) -> Option<SafeUrl> {
        match self {
            Link::None => None,
            Link::Usual => SafeUrl::parse(&format!("{}{middle}{tail}", base?)),
            Link::Own(url) => Some(url.clone()),
        }
    }
}

/// The CI job behind a GitLab deployment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRef {
    /// Job id.
    pub id: u64,
    /// Job name.
    pub name: Text,
    /// Job page: see [`DeploymentRow::job_url`].
    pub web_url: Link,
}

/// The pipeline behind a GitLab deployment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PipelineRef {
    /// Pipeline id.
    pub id: u64,
    /// Pipeline page: see [`DeploymentRow::pipeline_url`].
    pub web_url: Link,
}

/// One deployment as the table shows it, whichever forge it comes from.
///
/// Stored compactly, since a table may hold 100,000: repeated strings are [`Text`]s shared
/// through the row set's [`Interner`] (see [`DeploymentRow::from_gitlab_in`]), and GitLab's
/// job, pipeline and commit pages are [`Link`]s rebuilt from the project page on demand. Every
/// URL is a [`SafeUrl`] (`None` unless it is an http(s) URL).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeploymentRow {
    /// Source forge.
    pub forge: Forge,
    /// GitLab project path or GitHub `owner/repo`.
    pub project: Text,
    /// Forge id.
    pub id: u64,
    /// GitLab per-project id (GitHub has none).
    pub iid: Option<u64>,
    /// Environment name.
    pub environment: Text,
    /// Environment tier when known (GitHub: production when `production_environment`).
    pub tier: Option<Tier>,
    /// Normalised status.
    pub status: Status,
    /// The forge's own status text.
    pub forge_status: Text,
    /// Branch, tag or SHA deployed.
    pub git_ref: Text,
    /// Whether `git_ref` is a tag (GitHub: unknown, `false`).
    pub is_tag: bool,
    /// Commit deployed.
    pub sha: Text,
    /// Username (GitLab) or login (GitHub) of who deployed.
    pub author: Option<Text>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last update (creation time when the forge omits it).
    pub updated_at: DateTime<Utc>,
    /// When it finished, if it did.
    pub finished_at: Option<DateTime<Utc>>,
    /// Run time in seconds, if known.
    pub duration_secs: Option<f64>,
    /// GitLab: the project's page (`https://host/group/project`), which [`Link::Usual`] links
    /// are built from; GitHub: the repository's page, which the commit page is built from.
    pub web_base: Option<Text>,
    /// GitLab CI job.
    pub job: Option<JobRef>,
    /// GitLab pipeline.
    pub pipeline: Option<PipelineRef>,
    /// Commit page: see [`DeploymentRow::commit_url`].
    pub commit_link: Link,
    /// First line of the commit message (GitLab with a job only).
    pub commit_title: Option<Text>,
    /// When the deployed commit was created (GitLab with a job: `deployable.commit.created_at`;
    /// `None` on GitHub, whose deployments carry no commit time): the start of the lead time.
    pub commit_created_at: Option<DateTime<Utc>>,
    /// GitHub: the latest status's `log_url`, else its `target_url` (GitLab: see
    /// [`DeploymentRow::log_url`]).
    pub status_log_url: Option<SafeUrl>,
    /// Where the deployed app lives.
    pub environment_url: Option<SafeUrl>,
    /// GitHub deployment or status description.
    pub description: Option<Text>,
    /// GitLab Premium: approvals still needed.
    pub pending_approval_count: Option<u32>,
}

impl DeploymentRow {
    /// The row of a GitHub deployment whose latest status is not known (not loaded yet, or its
    /// request failed): "unknown", never GitHub's "pending" (which means "has no status").
    pub fn status_unknown(mut self) -> DeploymentRow {
        self.status = Status::Unknown("unknown".to_owned());
        self.forge_status = Text::from("unknown");
        self
    }

    /// The CI job's page (GitLab).
    pub fn job_url(&self) -> Option<SafeUrl> {
        let job = self.job.as_ref()?;
        job.web_url.url(self.web_base.as_ref(), "/-/jobs/", &job.id)
    }

    /// The pipeline's page (GitLab).
    pub fn pipeline_url(&self) -> Option<SafeUrl> {
        let p = self.pipeline.as_ref()?;
        p.web_url
            .url(self.web_base.as_ref(), "/-/pipelines/", &p.id)
    }

    /// The deployed commit's page.
    pub fn commit_url(&self) -> Option<SafeUrl> {
        let middle = match self.forge {
            Forge::GitLab => "/-/commit/",
            Forge::GitHub => "/commit/",
        };
        self.commit_link
            .url(self.web_base.as_ref(), middle, &self.sha.as_str())
    }

    /// The deployment's output: the job page on GitLab; on GitHub the latest status's
    /// `log_url`, else its `target_url`.
    pub fn log_url(&self) -> Option<SafeUrl> {
        self.status_log_url.clone().or_else(|| self.job_url())
    }

    /// Maps a GitLab deployment of `project` (its path), sharing no string with other rows:
    /// see [`DeploymentRow::from_gitlab_in`].
    pub fn from_gitlab(project: &str, d: &gitlab::Deployment) -> Self {
        Self::from_gitlab_in(&mut Interner::new(), project, d)
    }

    /// Maps a GitLab deployment of `project` (its path), its repeated strings taken from
    /// `names` (one interner per loaded row set).
    ///
    /// Finished time: the job's `finished_at`, else `updated_at` when the status is finished
    /// (`success`, `failed`, `canceled`). Duration: the job's `duration`, else finished − created.
    /// A deployment nested as an environment's `last_deployment` has no environment: the
    /// name is empty, and [`EnvironmentCard::from_gitlab`] fills it in.
    pub fn from_gitlab_in(names: &mut Interner, project: &str, d: &gitlab::Deployment) -> Self {
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
        let job_url = job.and_then(|j| j.web_url.as_deref());
        let pipeline_url = pipeline.and_then(|p| p.web_url.as_deref());
        // The project's page, from the job's or the pipeline's page.
        let base = job_url
            .and_then(|u| gitlab_project_url(u, "/jobs/"))
            .or_else(|| gitlab_project_url(pipeline_url?, "/pipelines/"))
            .filter(|b| SafeUrl::check(b).is_some());
        let commit_url = commit.and_then(|c| c.web_url.as_deref());
        let commit_link = match Link::of(commit_url, base, "/-/commit/", &d.sha) {
            // No (usable) commit page given: the usual one, when the project's page is known.
            Link::None if base.is_some() => Link::Usual,
            other => other,
        };
        Self {
            forge: Forge::GitLab,
            project: names.intern(project),
            id: d.id,
            iid: Some(d.iid),
            environment: names.intern(
                d.environment
                    .as_ref()
                    .map(|e| e.name.as_str())
                    .unwrap_or_default(),
            ),
            tier: None,
            status: Status::from_gitlab(&d.status),
            forge_status: names.intern(d.status.as_str()),
            git_ref: names.intern(&d.git_ref),
            is_tag: job.and_then(|j| j.tag).unwrap_or(false),
            sha: names.intern(&d.sha),
            author: d.user.as_ref().map(|u| names.intern(&u.username)),
            created_at: d.created_at,
            updated_at: d.updated_at.unwrap_or(d.created_at),
            finished_at,
            duration_secs,
            job: job.map(|j| JobRef {
                id: j.id,
                name: names.intern(&j.name),
                web_url: Link::of(job_url, base, "/-/jobs/", &j.id.to_string()),
            }),
            pipeline: pipeline.map(|p| PipelineRef {
                id: p.id,
                web_url: Link::of(pipeline_url, base, "/-/pipelines/", &p.id.to_string()),
            }),
            web_base: base.map(|b| names.intern(b)),
            commit_link,
            commit_title: commit
                .and_then(|c| c.title.as_deref())
                .map(|t| names.intern(t.trim_end())),
            commit_created_at: commit.and_then(|c| c.created_at),
            status_log_url: None,
            environment_url: d
                .environment
                .as_ref()
                .and_then(|e| e.external_url.as_deref())
                .and_then(|u| SafeUrl::parse_in(u, names)),
            description: None,
            pending_approval_count: d.pending_approval_count,
        }
    }

    /// Maps a GitHub deployment of `repo` (`owner/repo`) with its latest status, if any,
    /// sharing no string with other rows: see [`DeploymentRow::from_github_in`].
    pub fn from_github(
        repo: &str,
        d: &github::Deployment,
        latest_status: Option<&github::DeploymentStatus>,
    ) -> Self {
        Self::from_github_in(&mut Interner::new(), repo, d, latest_status)
    }

    /// Maps a GitHub deployment of `repo` (`owner/repo`) with its latest status, if any, its
    /// repeated strings taken from `names`.
    ///
    /// Status: see the table on [`Status`]. Finished time: the latest status's `created_at` when
    /// its state is terminal (`success`, `failure`, `error`, `inactive`; for `inactive` that is
    /// when it was superseded). Duration: finished − created. Updated: the later of the
    /// deployment's and the status's `updated_at`.
    pub fn from_github_in(
        names: &mut Interner,
        repo: &str,
        d: &github::Deployment,
        latest_status: Option<&github::DeploymentStatus>,
    ) -> Self {
        let base = d
            .repository_url
            .as_deref()
            .and_then(github_html_base)
            .filter(|b| SafeUrl::check(b).is_some());
        let mut row = Self {
            forge: Forge::GitHub,
            project: names.intern(repo),
            id: d.id,
            iid: None,
            environment: names.intern(&d.environment),
            tier: (d.production_environment == Some(true)).then_some(Tier::Production),
            // Set below, by `set_github_status`.
            status: Status::Created,
            forge_status: Text::default(),
            git_ref: names.intern(&d.git_ref),
            is_tag: false,
            sha: names.intern(&d.sha),
            author: d.creator.as_ref().map(|u| names.intern(&u.login)),
            created_at: d.created_at,
            updated_at: d.updated_at,
            finished_at: None,
            duration_secs: None,
            commit_link: if base.is_some() {
                Link::Usual
            } else {
                Link::None
            },
            web_base: base.map(|b| names.intern(&b)),
            job: None,
            pipeline: None,
            commit_title: None,
            commit_created_at: None,
            status_log_url: None,
            environment_url: None,
            description: d
                .description
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(Text::from),
            pending_approval_count: None,
        };
        row.set_github_status(names, latest_status);
        row
    }

    /// Gives a GitHub row made without a status (see [`DeploymentRow::from_github_in`]) its
    /// latest status, in place: the same row as mapping the deployment with that status. `None`
    /// (the deployment has no status at all) is GitHub's "pending".
    pub fn set_github_status(
        &mut self,
        names: &mut Interner,
        status: Option<&github::DeploymentStatus>,
    ) {
        use github::StatusState as S;
        let Some(s) = status else {
            self.status = Status::from_github(None);
            self.forge_status = names.intern("pending");
            return;
        };
        let finished_at = matches!(s.state, S::Success | S::Failure | S::Error | S::Inactive)
            .then_some(s.created_at);
        self.status = Status::from_github(Some(&s.state));
        self.forge_status = names.intern(s.state.as_str());
        self.finished_at = finished_at;
        self.duration_secs = finished_at.map(|f| seconds_between(self.created_at, f));
        self.updated_at = s.updated_at.max(self.updated_at);
        self.status_log_url = s
            .log_url
            .as_deref()
            .and_then(SafeUrl::parse)
            .or_else(|| s.target_url.as_deref().and_then(SafeUrl::parse));
        self.environment_url = s
            .environment_url
            .as_deref()
            .and_then(|u| SafeUrl::parse_in(u, names));
        if let Some(text) = s.description.as_deref().filter(|t| !t.is_empty()) {
            self.description = Some(Text::from(text));
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
                row.environment = Text::from(e.name.as_str());
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

/// The project page from a GitLab job or pipeline page (`kind` is `/jobs/` or `/pipelines/`):
/// `…/group/project[/-]/pipelines/N` → `…/group/project`.
fn gitlab_project_url<'u>(url: &'u str, kind: &str) -> Option<&'u str> {
    let (base, _) = url.trim().rsplit_once(kind)?;
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

    fn gitlab_deployment(
        job_url: &str,
        pipeline_url: &str,
        commit_url: Option<&str>,
    ) -> gitlab::Deployment {
        serde_json::from_value(serde_json::json!({
            "id": 9, "iid": 3, "ref": "main", "sha": "abc123", "status": "success",
            "created_at": "2024-01-01T00:00:00Z",
            "environment": {"id": 1, "name": "production", "external_url": "https://app.example.com"},
            "user": {"id": 1, "username": "ann"},
            "deployable": {
                "id": 77, "name": "deploy", "status": "success", "web_url": job_url,
                "pipeline": {"id": 55, "web_url": pipeline_url},
                "commit": {"id": "abc123", "title": "Fix  ", "web_url": commit_url}
            }
        }))
        .expect("a deployment")
    }

    #[test]
    fn usual_gitlab_links_are_stored_as_usual_and_rebuilt_exactly() {
        let d = gitlab_deployment(
            "https://gl.example.com/g/p/-/jobs/77",
            "https://gl.example.com/g/p/-/pipelines/55",
            Some("https://gl.example.com/g/p/-/commit/abc123"),
        );
        let row = DeploymentRow::from_gitlab("g/p", &d);
        assert_eq!(row.web_base.as_deref(), Some("https://gl.example.com/g/p"));
        assert_eq!(row.job.as_ref().map(|j| &j.web_url), Some(&Link::Usual));
        assert_eq!(
            row.pipeline.as_ref().map(|p| &p.web_url),
            Some(&Link::Usual)
        );
        assert_eq!(row.commit_link, Link::Usual);
        assert_eq!(
            row.job_url().as_deref(),
            Some("https://gl.example.com/g/p/-/jobs/77")
        );
        assert_eq!(row.log_url(), row.job_url());
        assert_eq!(
            row.pipeline_url().as_deref(),
            Some("https://gl.example.com/g/p/-/pipelines/55")
        );
        assert_eq!(
            row.commit_url().as_deref(),
            Some("https://gl.example.com/g/p/-/commit/abc123")
        );
        assert_eq!(row.commit_title.as_deref(), Some("Fix"));
    }

    #[test]
    fn other_gitlab_links_are_kept_as_given_and_unsafe_ones_dropped() {
        let d = gitlab_deployment(
            "https://ci.example.com/jobs/77",
            "javascript:alert(1)//pipelines/55",
            Some("https://gl.example.com/g/p/-/commit/other"),
        );
        let row = DeploymentRow::from_gitlab("g/p", &d);
        assert_eq!(
            row.job_url().as_deref(),
            Some("https://ci.example.com/jobs/77")
        );
        assert_eq!(row.pipeline_url(), None, "never a javascript: link");
        assert_eq!(
            row.commit_url().as_deref(),
            Some("https://gl.example.com/g/p/-/commit/other")
        );
        let d = gitlab_deployment("javascript:x", "javascript:y", None);
        let row = DeploymentRow::from_gitlab("g/p", &d);
        assert_eq!(
            (row.job_url(), row.pipeline_url(), row.commit_url()),
            (None, None, None)
        );
    }

    #[test]
    fn rows_of_one_set_share_their_repeated_strings() {
        let mut names = Interner::new();
        let d = gitlab_deployment(
            "https://gl.example.com/g/p/-/jobs/77",
            "https://gl.example.com/g/p/-/pipelines/55",
            None,
        );
        let a = DeploymentRow::from_gitlab_in(&mut names, "g/p", &d);
        let b = DeploymentRow::from_gitlab_in(&mut names, "g/p", &d);
        for (x, y) in [
            (&a.project, &b.project),
            (&a.environment, &b.environment),
            (&a.git_ref, &b.git_ref),
            (&a.sha, &b.sha),
            (&a.forge_status, &b.forge_status),
        ] {
            assert!(Text::ptr_eq(x, y), "{x} shared");
        }
        let (ua, ub) = (
            a.environment_url.clone().expect("url"),
            b.environment_url.clone().expect("url"),
        );
        assert!(
            std::ptr::eq(ua.as_str(), ub.as_str()),
            "environment URL shared"
        );
        assert_eq!(
            a.commit_url().as_deref(),
            Some("https://gl.example.com/g/p/-/commit/abc123")
        );
    }

    #[test]
    fn a_github_status_set_in_place_equals_mapping_with_it() {
        let d: github::Deployment = serde_json::from_value(serde_json::json!({
            "id": 1, "sha": "abc", "ref": "main", "task": "deploy", "environment": "prod",
            "description": "from the deployment", "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:01:00Z",
            "repository_url": "https://api.github.com/repos/o/r"
        }))
        .expect("a deployment");
        let s: github::DeploymentStatus = serde_json::from_value(serde_json::json!({
            "id": 2, "state": "success", "description": "", "created_at": "2024-01-01T00:05:00Z",
            "updated_at": "2024-01-01T00:05:00Z", "log_url": "https://ci.example.com/1",
            "environment_url": "https://prod.example.com"
        }))
        .expect("a status");
        let mut names = Interner::new();
        let mut row = DeploymentRow::from_github_in(&mut names, "o/r", &d, None).status_unknown();
        row.set_github_status(&mut names, Some(&s));
        assert_eq!(row, DeploymentRow::from_github("o/r", &d, Some(&s)));
        assert_eq!(row.description.as_deref(), Some("from the deployment"));
        assert_eq!(row.duration_secs, Some(300.0));
        assert_eq!(
            row.commit_url().as_deref(),
            Some("https://github.com/o/r/commit/abc")
        );
    }
}
