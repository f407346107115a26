//! A deterministic generator of plausible [`DeploymentRow`]s for benches, tests and demos.

use chrono::{DateTime, Duration, Utc};

use crate::intern::Interner;
use crate::model::view::{DeploymentRow, Forge, JobRef, Link, PipelineRef, Status, Tier};

/// A small linear congruential generator (Knuth's MMIX constants), good enough for test data.
#[derive(Clone, Debug)]
pub struct Lcg(u64);

impl Lcg {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u32) as usize]
    }
}

const ENVIRONMENTS: &[(&str, Tier)] = &[
    ("production", Tier::Production),
    ("staging", Tier::Staging),
    ("qa", Tier::Testing),
    ("development", Tier::Development),
    ("review/fix-login", Tier::Development),
    ("review/new-nav", Tier::Development),
    ("review/dark-mode", Tier::Development),
    ("canary", Tier::Other),
];
const REFS: &[&str] = &[
    "main",
    "develop",
    "release/1.4",
    "fix-login",
    "new-nav",
    "dark-mode",
    "v1.4.2",
    "hotfix/crash",
];
const AUTHORS: &[&str] = &["root", "alice", "bob", "carol", "dependabot", "Émile"];
const TITLES: &[&str] = &[
    "Merge branch 'fix-login' into 'main'",
    "Bump serde from 1.0.1 to 1.0.2",
    "Add dark mode",
    "Fix crash on empty list",
    "Update README",
    "Refactor deployment table",
];
const PROJECTS: &[&str] = &["group/app", "group/api", "octo/site"];

/// `n` rows generated from `seed`: the same arguments always give the same rows. Times start
/// at 2024-01-01T00:00:00Z, about a minute apart; about 5 % of rows are unfinished.
pub fn rows(n: usize, seed: u64) -> Vec<DeploymentRow> {
    let mut rng = Lcg::new(seed);
    let mut names = Interner::new();
    let start = DateTime::<Utc>::from_timestamp(1_704_067_200, 0).unwrap_or_default();
    (0..n)
        .map(|i| {
            let (environment, tier) = rng.pick(ENVIRONMENTS).clone();
            let status = rng.pick(Status::ALL).clone();
            let forge = if rng.below(4) == 0 {
                Forge::GitHub
            } else {
                Forge::GitLab
            };
            let git_ref = *rng.pick(REFS);
            let sha: String = (0..5).map(|_| format!("{:08x}", rng.next_u32())).collect();
            let created_at = start + Duration::seconds(i as i64 * 60 + i64::from(rng.below(60)));
            let finished = status.is_finished();
            let duration = i64::from(rng.below(900)) + 5;
            let finished_at = finished.then(|| created_at + Duration::seconds(duration));
            let id = 1_000 + i as u64;
            let iid = (forge == Forge::GitLab).then_some(i as u64 + 1);
            let project = *rng.pick(PROJECTS);
            DeploymentRow {
                forge,
                project: names.intern(project),
                id,
                iid,
                environment: names.intern(environment),
                tier: Some(tier),
                forge_status: names.intern(status.as_str()),
                status,
                git_ref: names.intern(git_ref),
                is_tag: git_ref.starts_with('v'),
                sha: names.intern(&sha),
                author: (rng.below(20) != 0).then(|| names.intern(rng.pick::<&str>(AUTHORS))),
                created_at,
                updated_at: finished_at.unwrap_or(created_at),
                finished_at,
                duration_secs: finished_at.map(|_| duration as f64),
                job: iid.map(|_| JobRef {
                    id: 50_000 + id,
                    name: names.intern("deploy"),
                    web_url: Link::Usual,
                }),
                pipeline: iid.map(|_| PipelineRef {
                    id: 9_000 + id,
                    web_url: Link::Usual,
                }),
                web_base: Some(names.intern(&format!("https://gitlab.example.com/{project}"))),
                commit_link: Link::Usual,
                commit_title: Some(names.intern(rng.pick::<&str>(TITLES))),
                commit_created_at: iid.map(|_| created_at - Duration::minutes(30)),
                status_log_url: None,
                environment_url: None,
                description: None,
                pending_approval_count: None,
            }
        })
        .collect()
}
