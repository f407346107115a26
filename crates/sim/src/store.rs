//! In-memory state of both simulated forges (users, GitLab projects, GitHub repos) and small shared helpers: time, RNG.

use std::collections::HashMap;

/// Milliseconds since the Unix epoch.
pub type Ms = i64;

pub const MINUTE: Ms = 60_000;
pub const HOUR: Ms = 60 * MINUTE;
pub const DAY: Ms = 24 * HOUR;

/// GitLab's time format: `2016-08-11T07:36:40.222Z`.
pub fn fmt_gl(ms: Ms) -> String {
    fmt_time(ms, true)
}

/// GitHub's time format: `2012-07-20T01:19:13Z`.
pub fn fmt_gh(ms: Ms) -> String {
    fmt_time(ms, false)
}

/// `YYYY-MM-DDTHH:MM:SS[.mmm]Z`, written digit by digit (a list page has over a thousand
/// times: chrono's `format` re-reads its pattern for each).
fn fmt_time(ms: Ms, millis: bool) -> String {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    let year = t.year();
    if !(0..=9999).contains(&year) {
        let pattern = if millis {
            "%Y-%m-%dT%H:%M:%S%.3fZ"
        } else {
            "%Y-%m-%dT%H:%M:%SZ"
        };
        return t.format(pattern).to_string();
    }
    let mut out = String::with_capacity(24);
    let mut push = |sep: Option<char>, n: u32, width: u32| {
        out.extend(sep);
        for k in (0..width).rev() {
            out.push(char::from(b'0' + (n / 10u32.pow(k) % 10) as u8));
        }
    };
    push(None, year as u32, 4);
    push(Some('-'), t.month(), 2);
    push(Some('-'), t.day(), 2);
    push(Some('T'), t.hour(), 2);
    push(Some(':'), t.minute(), 2);
    push(Some(':'), t.second(), 2);
    if millis {
        push(Some('.'), t.timestamp_subsec_millis(), 3);
    }
    out.push('Z');
    out
}

/// Parses an ISO 8601 date or date-time (UTC when no offset is given).
pub fn parse_time(s: &str) -> Option<Ms> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis());
    }
    None
}

/// The real clock: only for "now"-relative rules (stop_stale, review apps) and write timestamps.
pub fn now_ms() -> Ms {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as Ms)
        .unwrap_or(0)
}

/// A small deterministic generator (splitmix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo).max(1) as u64) as i64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len + 16);
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.truncate(len);
        s
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A stateless 64-bit mix (for per-request decisions).
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub name: String,
    pub token: String,
    /// Project role on every seeded project, as GitLab's access level: 20 reporter,
    /// 30 developer, 40 maintainer, 50 owner.
    pub access_level: u32,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub id: u64,
    pub name: String,
    pub members: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Created,
    Running,
    Success,
    Failed,
    Canceled,
    Skipped,
    Blocked,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Created,
        Status::Running,
        Status::Success,
        Status::Failed,
        Status::Canceled,
        Status::Skipped,
        Status::Blocked,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Success => "success",
            Status::Failed => "failed",
            Status::Canceled => "canceled",
            Status::Skipped => "skipped",
            Status::Blocked => "blocked",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Success | Status::Failed | Status::Canceled)
    }
    /// The CI job's status for a deployment in this status.
    pub fn job_status(self) -> &'static str {
        match self {
            Status::Blocked => "manual",
            Status::Created => "created",
            other => other.as_str(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Commit {
    pub sha: String,
    pub title: String,
    pub author: usize,
    pub created_at: Ms,
}

#[derive(Clone, Debug)]
pub struct GitRef {
    pub name: String,
    pub tag: bool,
}

#[derive(Clone, Debug)]
pub struct Job {
    pub id: u64,
    pub pipeline_id: u64,
    pub created_at: Ms,
    pub started_at: Option<Ms>,
    pub runner: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Approval {
    pub user: usize,
    pub approved: bool,
    pub comment: Option<String>,
    pub created_at: Ms,
    pub rule_id: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Deployment {
    pub id: u64,
    pub iid: u64,
    pub env_id: u64,
    pub git_ref: u32,
    pub commit: u32,
    pub created_at: Ms,
    pub updated_at: Ms,
    pub finished_at: Option<Ms>,
    pub status: Status,
    pub user: usize,
    pub job: Option<Job>,
    pub approvals: Vec<Approval>,
    /// Merge requests shipped: `count` of them starting at `first` in the project's list.
    pub mr_first: u32,
    pub mr_count: u8,
    /// For deployments made through the API: the `ref` as given (a branch, a tag or a SHA)
    /// and the `tag` flag sent with it. `None`: the ref is `refs[git_ref]`.
    pub api_ref: Option<(String, bool)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvState {
    Available,
    Stopping,
    Stopped,
}

impl EnvState {
    pub fn as_str(self) -> &'static str {
        match self {
            EnvState::Available => "available",
            EnvState::Stopping => "stopping",
            EnvState::Stopped => "stopped",
        }
    }
    pub fn parse(s: &str) -> Option<EnvState> {
        [EnvState::Available, EnvState::Stopping, EnvState::Stopped]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

pub const TIERS: [&str; 5] = ["production", "staging", "testing", "development", "other"];

#[derive(Clone, Debug)]
pub struct Environment {
    pub id: u64,
    pub name: String,
    pub slug: String,
    pub external_url: Option<String>,
    pub state: EnvState,
    pub tier: String,
    pub created_at: Ms,
    pub updated_at: Ms,
    pub auto_stop_at: Option<Ms>,
    pub description: Option<String>,
    pub auto_stop_setting: String,
    pub has_stop_action: bool,
    pub auto_delete_at: Option<Ms>,
    /// GitLab agent for Kubernetes settings (`cluster_agent_id`, `kubernetes_namespace`,
    /// `flux_resource_path`), when set.
    pub cluster_agent: Option<u64>,
    pub kubernetes_namespace: Option<String>,
    pub flux_resource_path: Option<String>,
}

#[derive(Clone, Debug)]
pub enum RuleKind {
    User(usize),
    Group(usize),
    AccessLevel(u32),
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: u64,
    pub kind: RuleKind,
    pub required_approvals: u32,
}

/// A protected environment's approval settings: either rules, or a unified count.
#[derive(Clone, Debug)]
pub struct Protection {
    pub required_approval_count: u32,
    pub rules: Vec<Rule>,
}

#[derive(Clone, Debug)]
pub struct MergeRequest {
    pub id: u64,
    pub iid: u64,
    pub title: String,
    pub source_branch: String,
    pub author: usize,
    pub created_at: Ms,
    pub merged_at: Ms,
    pub sha: String,
    /// `merged` (most), `opened`, `closed` or `locked`.
    pub state: &'static str,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub id: u64,
    pub path: String,
    pub description: String,
    pub created_at: Ms,
    pub envs: Vec<Environment>,
    /// Sorted by id (ids only grow).
    pub deployments: Vec<Deployment>,
    pub commits: Vec<Commit>,
    pub commit_index: HashMap<String, u32>,
    pub refs: Vec<GitRef>,
    pub ref_index: HashMap<String, u32>,
    pub mrs: Vec<MergeRequest>,
    pub protected: HashMap<String, Protection>,
    pub next_iid: u64,
    /// Ids and names of the GitLab agents for Kubernetes the project may use.
    pub cluster_agents: Vec<(u64, String)>,
}

impl Project {
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }
    pub fn namespace(&self) -> &str {
        self.path.rsplit_once('/').map(|x| x.0).unwrap_or("")
    }
    pub fn env(&self, id: u64) -> Option<&Environment> {
        self.envs.iter().find(|e| e.id == id)
    }
    pub fn env_by_name(&self, name: &str) -> Option<&Environment> {
        self.envs.iter().find(|e| e.name == name)
    }
    pub fn deployment_pos(&self, id: u64) -> Option<usize> {
        self.deployments.binary_search_by_key(&id, |d| d.id).ok()
    }
    /// The environment's current deployment: its last successful one.
    pub fn last_success(&self, env_id: u64) -> Option<&Deployment> {
        self.deployments
            .iter()
            .rev()
            .find(|d| d.env_id == env_id && d.status == Status::Success)
    }
    /// The protection of an environment that needs approval, if any.
    pub fn approval_protection(&self, env_id: u64) -> Option<&Protection> {
        let env = self.env(env_id)?;
        self.protected
            .get(&env.name)
            .filter(|p| p.required_approval_count > 0 || !p.rules.is_empty())
    }
}

// ---------------------------------------------------------------- GitHub

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GhState {
    Error,
    Failure,
    Inactive,
    InProgress,
    Queued,
    Pending,
    Success,
}

impl GhState {
    pub const ALL: [GhState; 7] = [
        GhState::Error,
        GhState::Failure,
        GhState::Inactive,
        GhState::InProgress,
        GhState::Queued,
        GhState::Pending,
        GhState::Success,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            GhState::Error => "error",
            GhState::Failure => "failure",
            GhState::Inactive => "inactive",
            GhState::InProgress => "in_progress",
            GhState::Queued => "queued",
            GhState::Pending => "pending",
            GhState::Success => "success",
        }
    }
    pub fn parse(s: &str) -> Option<GhState> {
        GhState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Clone, Debug)]
pub struct GhStatus {
    pub id: u64,
    pub state: GhState,
    pub creator: usize,
    pub description: String,
    pub environment: String,
    pub target_url: String,
    pub log_url: String,
    pub environment_url: String,
    pub created_at: Ms,
}

#[derive(Clone, Debug)]
pub struct GhDeployment {
    pub id: u64,
    pub sha: String,
    pub git_ref: String,
    pub task: String,
    pub environment: String,
    pub original_environment: String,
    pub description: Option<String>,
    pub payload: serde_json::Value,
    pub creator: usize,
    pub created_at: Ms,
    pub updated_at: Ms,
    pub transient: bool,
    pub production: bool,
    /// Oldest first.
    pub statuses: Vec<GhStatus>,
}

#[derive(Clone, Debug)]
pub enum GhReviewer {
    User(usize),
    Team(usize),
}

#[derive(Clone, Debug)]
pub struct GhEnv {
    pub id: u64,
    pub name: String,
    pub created_at: Ms,
    pub updated_at: Ms,
    pub wait_timer: u32,
    pub prevent_self_review: bool,
    pub reviewers: Vec<GhReviewer>,
    /// (protected_branches, custom_branch_policies)
    pub branch_policy: Option<(bool, bool)>,
}

#[derive(Clone, Debug)]
pub struct GhReview {
    pub env_ids: Vec<u64>,
    pub approved: bool,
    pub user: usize,
    pub comment: String,
}

#[derive(Clone, Debug)]
pub struct Run {
    pub id: u64,
    pub sha: String,
    pub git_ref: String,
    pub actor: usize,
    pub created_at: Ms,
    pub pending: Vec<u64>,
    pub reviews: Vec<GhReview>,
}

#[derive(Clone, Debug)]
pub struct Team {
    pub id: u64,
    pub name: String,
    pub slug: String,
    pub members: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Repo {
    pub id: u64,
    pub owner: String,
    pub name: String,
    pub envs: Vec<GhEnv>,
    /// Sorted by id.
    pub deployments: Vec<GhDeployment>,
    pub shas: Vec<String>,
    pub branches: Vec<String>,
    pub tags: Vec<String>,
    pub runs: Vec<Run>,
}

impl Repo {
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
    pub fn deployment_pos(&self, id: u64) -> Option<usize> {
        self.deployments.binary_search_by_key(&id, |d| d.id).ok()
    }
}

/// Everything the simulator knows; behind one lock in [`crate::AppState`].
#[derive(Clone, Debug, Default)]
pub struct Store {
    pub base: Ms,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub teams: Vec<Team>,
    pub projects: Vec<Project>,
    pub repos: Vec<Repo>,
    pub next_deployment_id: u64,
    pub next_env_id: u64,
    pub next_job_id: u64,
    pub gh_next_deployment_id: u64,
    pub gh_next_status_id: u64,
    pub gh_next_env_id: u64,
}

impl Store {
    pub fn user_by_token(&self, token: &str) -> Option<usize> {
        self.users.iter().position(|u| u.token == token)
    }
    /// A project by numeric id or by full path (already URL-decoded).
    pub fn project_index(&self, key: &str) -> Option<usize> {
        if let Ok(id) = key.parse::<u64>() {
            return self.projects.iter().position(|p| p.id == id);
        }
        self.projects.iter().position(|p| p.path == key)
    }
    pub fn repo_index(&self, owner: &str, name: &str) -> Option<usize> {
        self.repos
            .iter()
            .position(|r| r.owner.eq_ignore_ascii_case(owner) && r.name.eq_ignore_ascii_case(name))
    }
}

/// GitLab's environment slug: lowercase, `[a-z0-9-]`, at most 24 chars, with a suffix when changed.
pub fn slugify(name: &str) -> String {
    let mut s: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let mut s = s.trim_matches('-').to_string();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s = format!("env-{s}");
    }
    if s == name && s.len() <= 24 {
        return s;
    }
    s.truncate(17);
    let s = s.trim_end_matches('-');
    let h = mix(name
        .bytes()
        .fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(b as u64)));
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let suffix: String = (0..6)
        .map(|i| alphabet[((h >> (i * 6)) % 36) as usize] as char)
        .collect();
    format!("{s}-{suffix}")
}

#[cfg(test)]
mod time_tests {
    use super::*;

    #[test]
    fn times_are_written_as_the_forges_write_them() {
        for ms in [
            0,
            1_470_900_999_222,
            1_342_746_753_000,
            253_402_300_799_999,
            -1,
        ] {
            let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
            assert_eq!(fmt_gl(ms), t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            assert_eq!(fmt_gh(ms), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
        assert_eq!(fmt_gl(1_470_900_999_222), "2016-08-11T07:36:39.222Z");
    }
}
