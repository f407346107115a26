//! Deterministic seed data: users, groups, GitLab projects with environments and deployments, GitHub repos with runs.

use std::collections::HashMap;

use crate::store::*;
use crate::Config;

/// Seeded user names, display names and project roles (GitLab access levels: 20 reporter,
/// 30 developer, 40 maintainer, 50 owner); tokens come from [`user_token`]. Every user before
/// `riley` may do everything it could before roles were enforced; `riley` and `devi` exist to
/// show what a reporter and a developer may not do.
pub const USERS: [(&str, &str, u32); 10] = [
    ("demo", "Demo User", 50),
    ("alice", "Alice Ackerman", 40),
    ("bob", "Bob Baker", 40),
    ("carol", "Carol Chen", 40),
    ("dave", "Dave Diaz", 40),
    ("erin", "Erin Evans", 40),
    ("deploy-bot", "Deploy Bot", 40),
    ("reader", "Read Only", 20),
    ("riley", "Riley Reporter", 20),
    ("devi", "Devi Developer", 30),
];

/// The role name of a GitLab access level.
pub fn role_name(level: u32) -> &'static str {
    match level {
        50.. => "owner",
        40..=49 => "maintainer",
        30..=39 => "developer",
        20..=29 => "reporter",
        _ => "guest",
    }
}

/// The state of seeded merge request `k` of a project: mostly merged, some opened, closed or
/// locked.
fn mr_state(k: usize) -> &'static str {
    match k % 10 {
        3 => "opened",
        6 => "closed",
        8 if k % 20 == 8 => "locked",
        _ => "merged",
    }
}

pub const DEMO: usize = 0;
pub const ALICE: usize = 1;
pub const BOB: usize = 2;
pub const CAROL: usize = 3;
pub const DAVE: usize = 4;
pub const ERIN: usize = 5;
pub const BOT: usize = 6;
pub const READER: usize = 7;
pub const RILEY: usize = 8;
pub const DEVI: usize = 9;

/// The token of a seeded user: `--token` for demo, `--read-only-token` for reader, `NAME-token` otherwise.
pub fn user_token(cfg: &Config, username: &str) -> String {
    match username {
        "demo" => cfg.token.clone(),
        "reader" => cfg.read_only_token.clone(),
        other => format!("{other}-token"),
    }
}

/// Paths of the seeded GitLab projects (ids 1, 2, …); more are generated past this list.
pub const PROJECT_PATHS: [&str; 4] = [
    "acme/platform/web",
    "acme/platform/api",
    "acme/mobile/app",
    "acme/data/pipeline",
];

pub fn project_path(i: usize) -> String {
    PROJECT_PATHS
        .get(i)
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("acme/team-{i}/service-{i}"))
}

/// Seeded GitHub repositories.
pub const REPOS: [(&str, &str); 3] = [("acme", "shop"), ("acme", "api-gateway"), ("acme", "docs")];

/// The extra GitLab project of `--many-environments N` (id: one past the seeded projects).
pub const MONOREPO_PROJECT: &str = "acme/big/monorepo";
/// The extra GitHub repository of `--many-environments N`.
pub const MONOREPO_REPO: &str = "acme/monorepo";

const BRANCHES: [&str; 9] = [
    "fix-foo",
    "feature-login",
    "add-dark-mode",
    "old-banner",
    "legacy-nav",
    "i18n-fr",
    "payment-retry",
    "bump-deps",
    "spike-graphql",
];

const TITLES: [&str; 12] = [
    "Fix flaky login redirect",
    "Add dark mode toggle",
    "Bump dependencies",
    "Improve cache headers",
    "Refactor payment retry logic",
    "Update README",
    "Add French translations",
    "Speed up asset pipeline",
    "Remove legacy navigation",
    "Harden CSP headers",
    "Add health check endpoint",
    "Tune database pool size",
];

/// The instant the seeded data is relative to (`Config::now`, else the real clock truncated to
/// the minute): the latest deployments finished minutes before it, the oldest weeks before.
pub fn seed_now(cfg: &Config) -> Ms {
    cfg.now
        .unwrap_or_else(|| now_ms().div_euclid(MINUTE) * MINUTE)
}

/// The newest seeded deployment of a project or repository ends this long before "now".
pub const NEWEST_AGO: Ms = 3 * MINUTE;

struct EnvSpec {
    name: &'static str,
    tier: &'static str,
    state: EnvState,
    weight: u32,
    created_days_ago: i64,
    url: bool,
    stop_action: bool,
}

const ENV_SPECS: [EnvSpec; 11] = [
    EnvSpec {
        name: "production",
        tier: "production",
        state: EnvState::Available,
        weight: 18,
        created_days_ago: 400,
        url: true,
        stop_action: false,
    },
    EnvSpec {
        name: "staging",
        tier: "staging",
        state: EnvState::Available,
        weight: 22,
        created_days_ago: 390,
        url: true,
        stop_action: true,
    },
    EnvSpec {
        name: "qa",
        tier: "testing",
        state: EnvState::Available,
        weight: 10,
        created_days_ago: 380,
        url: true,
        stop_action: false,
    },
    EnvSpec {
        name: "dev",
        tier: "development",
        state: EnvState::Available,
        weight: 10,
        created_days_ago: 370,
        url: false,
        stop_action: false,
    },
    EnvSpec {
        name: "sandbox",
        tier: "other",
        state: EnvState::Stopped,
        weight: 4,
        created_days_ago: 300,
        url: false,
        stop_action: false,
    },
    EnvSpec {
        name: "review/fix-foo",
        tier: "development",
        state: EnvState::Available,
        weight: 6,
        created_days_ago: 5,
        url: true,
        stop_action: true,
    },
    EnvSpec {
        name: "review/feature-login",
        tier: "development",
        state: EnvState::Available,
        weight: 6,
        created_days_ago: 12,
        url: true,
        stop_action: true,
    },
    EnvSpec {
        name: "review/add-dark-mode",
        tier: "development",
        state: EnvState::Stopping,
        weight: 6,
        created_days_ago: 20,
        url: true,
        stop_action: true,
    },
    EnvSpec {
        name: "review/old-banner",
        tier: "development",
        state: EnvState::Stopped,
        weight: 6,
        created_days_ago: 60,
        url: true,
        stop_action: true,
    },
    EnvSpec {
        name: "review/legacy-nav",
        tier: "development",
        state: EnvState::Stopped,
        weight: 6,
        created_days_ago: 90,
        url: false,
        stop_action: false,
    },
    EnvSpec {
        name: "review/i18n-fr",
        tier: "development",
        state: EnvState::Stopped,
        weight: 6,
        created_days_ago: 45,
        url: true,
        stop_action: true,
    },
];

/// Builds the whole store from the configuration (same config, same data).
pub fn seed(cfg: &Config) -> Store {
    let mut rng = Rng::new(cfg.seed);
    let base = seed_now(cfg);
    let mut st = Store {
        base,
        next_deployment_id: 1,
        next_env_id: 1,
        next_job_id: 1000,
        gh_next_deployment_id: 100_000_001,
        gh_next_status_id: 500_000_001,
        gh_next_env_id: 160_000_001,
        ..Default::default()
    };
    for (i, (username, name, level)) in USERS.iter().enumerate() {
        st.users.push(User {
            id: i as u64 + 1,
            username: username.to_string(),
            name: name.to_string(),
            token: user_token(cfg, username),
            access_level: *level,
        });
    }
    st.groups = vec![
        Group {
            id: 134,
            name: "qa".into(),
            members: vec![ALICE, CAROL, DAVE],
        },
        Group {
            id: 135,
            name: "security".into(),
            members: vec![DEMO, BOB, ERIN],
        },
    ];
    st.teams = vec![
        Team {
            id: 11,
            name: "Release Managers".into(),
            slug: "release-managers".into(),
            members: vec![DEMO, ALICE],
        },
        Team {
            id: 12,
            name: "SRE".into(),
            slug: "sre".into(),
            members: vec![BOB, ERIN],
        },
    ];
    for i in 0..cfg.projects.max(1) {
        let p = seed_project(&mut st, &mut rng, i, cfg.deployments);
        st.projects.push(p);
    }
    for (i, (owner, name)) in REPOS.iter().enumerate() {
        let r = seed_repo(&mut st, &mut rng, i, owner, name, cfg.deployments);
        st.repos.push(r);
    }
    if cfg.many_environments > 0 {
        // Its own generator, so the data above is the same with or without it.
        let mut rng = Rng::new(cfg.seed ^ 0xB16_E4F5);
        let p = seed_monorepo(&mut st, &mut rng, cfg.many_environments);
        st.projects.push(p);
        let r = seed_monorepo_repo(&mut st, &mut rng, cfg.many_environments);
        st.repos.push(r);
    }
    st
}

/// The name of environment `i` (from 1) of the monorepos: production, staging, then mostly
/// per-branch ones under `review/` (GitLab) or `preview-` (GitHub), every tenth one top-level.
pub fn monorepo_env_name(i: usize, gitlab: bool) -> String {
    match i {
        1 => "production".into(),
        2 => "staging".into(),
        i if i % 10 == 0 => format!("zone-{i}"),
        i if gitlab => format!("review/feature-{i}"),
        i => format!("preview-feature-{i}"),
    }
}

/// `acme/big/monorepo`: `n` environments, each with one successful deployment.
fn seed_monorepo(st: &mut Store, rng: &mut Rng, n: usize) -> Project {
    let base = st.base;
    let project_id = st.projects.iter().map(|p| p.id).max().unwrap_or(0) + 1;
    let start = base - (n as Ms + 2) * HOUR;
    let commits: Vec<Commit> = (0..30)
        .map(|k| Commit {
            sha: rng.hex(40),
            title: rng.pick(&TITLES).to_string(),
            author: rng.below(6) as usize,
            created_at: start - (30 - k as Ms) * HOUR,
        })
        .collect();
    let refs = vec![GitRef {
        name: "main".into(),
        tag: false,
    }];
    let mut envs = Vec::with_capacity(n);
    let mut deployments = Vec::with_capacity(n);
    for i in 1..=n {
        let name = monorepo_env_name(i, true);
        let review = name.starts_with("review/");
        let tier = match name.as_str() {
            "production" => "production",
            "staging" => "staging",
            _ if review => "development",
            _ => "other",
        };
        let state = if review && i % 4 == 0 {
            EnvState::Stopped
        } else {
            EnvState::Available
        };
        let created_at = start + i as Ms * HOUR;
        let id = st.next_env_id;
        st.next_env_id += 1;
        let slug = slugify(&name);
        envs.push(Environment {
            id,
            external_url: (state == EnvState::Available)
                .then(|| format!("https://{slug}.monorepo.acme.test")),
            slug,
            name,
            state,
            tier: tier.into(),
            created_at,
            updated_at: created_at + 20 * MINUTE,
            auto_stop_at: (review && state == EnvState::Available).then_some(base + 7 * DAY),
            description: None,
            auto_stop_setting: "always".into(),
            has_stop_action: review,
            auto_delete_at: None,
            cluster_agent: None,
            kubernetes_namespace: None,
            flux_resource_path: None,
        });
        let t = created_at + 10 * MINUTE;
        deployments.push(Deployment {
            id: st.next_deployment_id,
            iid: i as u64,
            env_id: id,
            git_ref: 0,
            commit: (i % commits.len()) as u32,
            created_at: t,
            updated_at: t + 5 * MINUTE,
            finished_at: Some(t + 5 * MINUTE),
            status: Status::Success,
            user: BOT,
            job: None,
            approvals: vec![],
            mr_first: 0,
            mr_count: 0,
            api_ref: None,
        });
        st.next_deployment_id += 1;
    }
    let commit_index = commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.sha.clone(), i as u32))
        .collect();
    let ref_index = refs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.clone(), i as u32))
        .collect();
    Project {
        id: project_id,
        path: MONOREPO_PROJECT.into(),
        description: "Every ACME service in one repository".into(),
        created_at: start - 30 * DAY,
        envs,
        deployments,
        commits,
        commit_index,
        refs,
        ref_index,
        mrs: vec![],
        protected: HashMap::new(),
        next_iid: n as u64 + 1,
        cluster_agents: vec![],
    }
}

/// `acme/monorepo`: `n` environments, each with one successful deployment.
fn seed_monorepo_repo(st: &mut Store, rng: &mut Rng, n: usize) -> Repo {
    let base = st.base;
    let start = base - (n as Ms + 2) * HOUR;
    let shas: Vec<String> = (0..30).map(|_| rng.hex(40)).collect();
    let (owner, name) = MONOREPO_REPO
        .split_once('/')
        .unwrap_or(("acme", "monorepo"));
    let mut envs = Vec::with_capacity(n);
    let mut deployments = Vec::with_capacity(n);
    for i in 1..=n {
        let env = monorepo_env_name(i, false);
        let created_at = start + i as Ms * HOUR;
        let id = st.gh_next_env_id;
        st.gh_next_env_id += 1;
        envs.push(GhEnv {
            id,
            name: env.clone(),
            created_at,
            updated_at: created_at + 20 * MINUTE,
            wait_timer: 0,
            prevent_self_review: false,
            reviewers: vec![],
            branch_policy: None,
        });
        let did = st.gh_next_deployment_id;
        st.gh_next_deployment_id += 1;
        let t = created_at + 10 * MINUTE;
        let production = env == "production";
        let status = gh_status(
            st,
            GhState::Success,
            BOT,
            &env,
            MONOREPO_REPO,
            did,
            t + MINUTE,
            production,
        );
        deployments.push(GhDeployment {
            id: did,
            sha: shas[i % shas.len()].clone(),
            git_ref: "main".into(),
            task: "deploy".into(),
            environment: env.clone(),
            original_environment: env.clone(),
            description: Some(format!("Deploy build to {env}")),
            payload: serde_json::json!({}),
            creator: BOT,
            created_at: t,
            updated_at: t + MINUTE,
            transient: env.starts_with("preview"),
            production,
            statuses: vec![status],
        });
    }
    Repo {
        id: 1_296_269 + REPOS.len() as u64,
        owner: owner.into(),
        name: name.into(),
        envs,
        deployments,
        shas,
        branches: vec!["main".into()],
        tags: vec![],
        runs: vec![],
    }
}

fn weighted(rng: &mut Rng, weights: &[(u32, usize)]) -> usize {
    let total: u32 = weights.iter().map(|w| w.0).sum();
    let mut x = rng.below(total as u64) as u32;
    for &(w, v) in weights {
        if x < w {
            return v;
        }
        x -= w;
    }
    weights[0].1
}

fn tag_name(k: usize) -> String {
    format!("v{}.{}.{}", 1 + k / 100, (k / 10) % 10, k % 10)
}

fn seed_project(st: &mut Store, rng: &mut Rng, index: usize, n: usize) -> Project {
    let base = st.base;
    let path = project_path(index);
    let short = path.rsplit('/').next().unwrap_or("app").to_string();
    let avg = if n <= 2000 { 3 * HOUR } else { 20 * MINUTE };
    let span = avg * n as Ms;
    let start = base - span - DAY;

    // Environments.
    let mut envs = Vec::new();
    for spec in ENV_SPECS.iter() {
        let id = st.next_env_id;
        st.next_env_id += 1;
        let created_at = (base - spec.created_days_ago * DAY).min(start + rng.range(0, HOUR));
        let created_at = if spec.name.starts_with("review/") {
            base - spec.created_days_ago * DAY
        } else {
            created_at
        };
        let slug = slugify(spec.name);
        let external_url = spec.url.then(|| match spec.name {
            "production" => format!("https://{short}.acme.test"),
            other => format!("https://{slug}.{short}.acme.test", slug = slugify(other)),
        });
        let review = spec.name.starts_with("review/");
        envs.push(Environment {
            id,
            name: spec.name.to_string(),
            slug,
            external_url,
            state: spec.state,
            tier: spec.tier.to_string(),
            created_at,
            updated_at: base - rng.range(0, 3 * DAY),
            auto_stop_at: (review && spec.state == EnvState::Available).then(|| base + 7 * DAY),
            description: match spec.name {
                "production" => Some(format!("Live {short} for customers")),
                "staging" => Some("Pre-production; mirrors production data nightly".to_string()),
                n if n.starts_with("review/") => Some(format!("Review app for {}", &n[7..])),
                _ => None,
            },
            auto_stop_setting: if review { "with_action" } else { "always" }.to_string(),
            has_stop_action: spec.stop_action,
            auto_delete_at: None,
            cluster_agent: None,
            kubernetes_namespace: None,
            flux_resource_path: None,
        });
    }
    // Stopped review apps were last touched when they were stopped.
    for e in envs.iter_mut() {
        if e.state == EnvState::Stopped && e.name.starts_with("review/") {
            e.updated_at = e.created_at + 2 * DAY;
        }
    }

    // Git data.
    let pool = (n / 3).clamp(30, 3000);
    let mut commits = Vec::with_capacity(pool);
    for k in 0..pool {
        commits.push(Commit {
            sha: rng.hex(40),
            title: rng.pick(&TITLES).to_string(),
            author: rng.below(6) as usize,
            created_at: start + span * k as Ms / pool as Ms - rng.range(HOUR, 3 * HOUR),
        });
    }
    let mut refs = vec![
        GitRef {
            name: "main".into(),
            tag: false,
        },
        GitRef {
            name: "release/1.4".into(),
            tag: false,
        },
        GitRef {
            name: "release/1.5".into(),
            tag: false,
        },
    ];
    for b in BRANCHES {
        refs.push(GitRef {
            name: b.into(),
            tag: false,
        });
    }
    let first_tag = refs.len();
    let ntags = (n / 20).clamp(5, 500);
    for k in 0..ntags {
        refs.push(GitRef {
            name: tag_name(k),
            tag: true,
        });
    }
    let ref_pos = |name: &str, refs: &Vec<GitRef>| {
        refs.iter().position(|r| r.name == name).unwrap_or(0) as u32
    };

    let nmr = (n / 4).clamp(10, 2000);
    let project_id = index as u64 + 1;
    let mut mrs = Vec::with_capacity(nmr);
    for k in 0..nmr {
        let c = &commits[k * pool / nmr];
        mrs.push(MergeRequest {
            id: project_id * 100_000 + k as u64 + 1,
            iid: k as u64 + 1,
            title: c.title.clone(),
            source_branch: if k % 3 == 0 {
                rng.pick(&BRANCHES).to_string()
            } else {
                format!("feature/change-{}", k + 1)
            },
            author: c.author,
            created_at: c.created_at - rng.range(HOUR, 4 * DAY),
            merged_at: c.created_at,
            sha: rng.hex(40),
            state: mr_state(k),
        });
    }

    // Deployments.
    let env_weights: Vec<(u32, usize)> = ENV_SPECS
        .iter()
        .enumerate()
        .map(|(i, s)| (s.weight, i))
        .collect();
    let authors = [
        (20, DEMO),
        (20, ALICE),
        (15, BOB),
        (15, CAROL),
        (10, DAVE),
        (10, ERIN),
        (10, BOT),
    ];
    let mut deployments = Vec::with_capacity(n);
    let mut t = start;
    for i in 0..n {
        t += rng.range(avg / 2, avg * 3 / 2);
        let ei = weighted(rng, &env_weights);
        let env_name = ENV_SPECS[ei].name;
        let commit = ((i * pool / n.max(1)) + rng.below(2) as usize).min(pool - 1) as u32;
        let git_ref = match env_name {
            "production" if rng.chance(0.65) => {
                (first_tag + (i * ntags / n.max(1)).min(ntags - 1)) as u32
            }
            "production" | "staging" => 0,
            "qa" => {
                if rng.chance(0.5) {
                    0
                } else {
                    ref_pos(
                        if i % 2 == 0 {
                            "release/1.4"
                        } else {
                            "release/1.5"
                        },
                        &refs,
                    )
                }
            }
            n if n.starts_with("review/") => ref_pos(&n[7..], &refs),
            _ => {
                let b = *rng.pick(&BRANCHES[..]);
                ref_pos(b, &refs)
            }
        };
        let recent = i + 12 >= n;
        let status = if recent {
            *rng.pick(&[
                Status::Success,
                Status::Success,
                Status::Running,
                Status::Created,
                Status::Failed,
                Status::Canceled,
                Status::Skipped,
                Status::Success,
            ])
        } else {
            let x = rng.below(100);
            match x {
                0..=71 => Status::Success,
                72..=83 => Status::Failed,
                84..=91 => Status::Canceled,
                _ => Status::Skipped,
            }
        };
        let api_made = rng.chance(0.08);
        let duration = rng.range(MINUTE, 15 * MINUTE);
        let finished_at = status.is_finished().then_some(t + duration);
        let started = !matches!(status, Status::Created | Status::Skipped | Status::Blocked);
        let job = (!api_made).then(|| {
            let id = st.next_job_id;
            st.next_job_id += 1;
            Job {
                id,
                pipeline_id: 500 + id / 3,
                created_at: t - rng.range(MINUTE, 5 * MINUTE),
                started_at: started.then_some(t),
                runner: started.then(|| 1 + rng.below(3)),
            }
        });
        let mr_count = if api_made {
            0
        } else if git_ref == 0 || refs[git_ref as usize].tag {
            rng.below(4) as u8
        } else {
            rng.below(2) as u8
        };
        let mr_first =
            ((commit as usize * nmr) / pool).min(nmr.saturating_sub(mr_count as usize)) as u32;
        deployments.push(Deployment {
            id: st.next_deployment_id,
            iid: i as u64 + 1,
            env_id: envs[ei].id,
            git_ref,
            commit,
            created_at: t,
            updated_at: finished_at.unwrap_or(t + rng.range(10_000, MINUTE)),
            finished_at,
            status,
            user: weighted(rng, &authors),
            job,
            approvals: vec![],
            mr_first,
            mr_count,
            api_ref: None,
        });
        st.next_deployment_id += 1;
    }

    // Protected environments and deployments waiting on them.
    let mut protected = HashMap::new();
    let mut blocked_plan: Vec<(&str, Vec<usize>)> = vec![];
    match index {
        0 => {
            protected.insert(
                "production".to_string(),
                Protection {
                    required_approval_count: 0,
                    rules: vec![
                        Rule {
                            id: 11,
                            kind: RuleKind::Group(1),
                            required_approvals: 1,
                        },
                        Rule {
                            id: 12,
                            kind: RuleKind::Group(0),
                            required_approvals: 1,
                        },
                        Rule {
                            id: 13,
                            kind: RuleKind::AccessLevel(40),
                            required_approvals: 1,
                        },
                    ],
                },
            );
            protected.insert(
                "staging".to_string(),
                Protection {
                    required_approval_count: 0,
                    rules: vec![Rule {
                        id: 14,
                        kind: RuleKind::AccessLevel(40),
                        required_approvals: 1,
                    }],
                },
            );
            blocked_plan.push(("production", vec![BOB, DEMO, ALICE]));
            blocked_plan.push(("staging", vec![DEMO, CAROL]));
        }
        1 => {
            protected.insert(
                "production".to_string(),
                Protection {
                    required_approval_count: 2,
                    rules: vec![],
                },
            );
            blocked_plan.push(("production", vec![DEMO, ALICE]));
            // A protected review app: review-app cleanup reports it as unprocessable.
            protected.insert(
                "review/legacy-nav".to_string(),
                Protection {
                    required_approval_count: 0,
                    rules: vec![],
                },
            );
        }
        _ => {
            // Protected without approvals: deploy access only.
            protected.insert(
                "production".to_string(),
                Protection {
                    required_approval_count: 0,
                    rules: vec![],
                },
            );
        }
    }
    for (env_name, authors) in blocked_plan {
        let env_id = envs
            .iter()
            .find(|e| e.name == env_name)
            .map(|e| e.id)
            .unwrap_or(0);
        let mut k = 0;
        for d in deployments.iter_mut().rev() {
            if k >= authors.len() {
                break;
            }
            if d.env_id != env_id {
                continue;
            }
            // Keep the most recent success of the environment intact when few deployments exist.
            d.status = Status::Blocked;
            d.finished_at = None;
            d.user = authors[k];
            let jid = st.next_job_id;
            st.next_job_id += 1;
            let job = d.job.get_or_insert(Job {
                id: jid,
                pipeline_id: 500 + jid / 3,
                created_at: d.created_at - MINUTE,
                started_at: None,
                runner: None,
            });
            job.started_at = None;
            job.runner = None;
            d.updated_at = d.created_at + 5_000;
            if index == 0 && env_name == "production" && k == 0 {
                d.approvals.push(Approval {
                    user: ALICE,
                    approved: true,
                    comment: Some("QA passed on staging".into()),
                    created_at: d.created_at + 10 * MINUTE,
                    rule_id: Some(12),
                });
            }
            k += 1;
        }
    }

    let shift = settle_project(
        base,
        &mut envs,
        &mut deployments,
        &mut commits,
        &mut mrs,
        nmr,
    );
    let commit_index = commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.sha.clone(), i as u32))
        .collect();
    let ref_index = refs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.clone(), i as u32))
        .collect();
    Project {
        id: project_id,
        path,
        description: format!("The {short} service of ACME"),
        created_at: start + shift.min(0) - 30 * DAY,
        envs,
        deployments,
        commits,
        commit_index,
        refs,
        ref_index,
        mrs,
        protected,
        next_iid: n as u64 + 1,
        cluster_agents: vec![(project_id * 10 + 1, format!("{short}-agent"))],
    }
}

fn seed_repo(
    st: &mut Store,
    rng: &mut Rng,
    index: usize,
    owner: &str,
    name: &str,
    n: usize,
) -> Repo {
    let base = st.base;
    let avg = if n <= 2000 { 3 * HOUR } else { 20 * MINUTE };
    let span = avg * n as Ms;
    let start = base - span - DAY;
    let env_names: Vec<&str> = match index {
        2 => vec!["github-pages", "preview-pr-7"],
        _ => vec!["production", "staging", "preview-pr-42", "preview-pr-57"],
    };
    let mut envs = Vec::new();
    for (k, en) in env_names.iter().enumerate() {
        let id = st.gh_next_env_id;
        st.gh_next_env_id += 1;
        let reviewers = match (*en, index) {
            ("production", 0) => vec![GhReviewer::Team(0), GhReviewer::User(ALICE)],
            ("staging", 0) => vec![GhReviewer::Team(1)],
            ("production", 1) => vec![GhReviewer::User(DEMO)],
            _ => vec![],
        };
        envs.push(GhEnv {
            id,
            name: en.to_string(),
            created_at: start - (10 - k as Ms) * DAY,
            updated_at: base - rng.range(DAY, 30 * DAY),
            wait_timer: if *en == "production" && index == 0 {
                5
            } else {
                0
            },
            prevent_self_review: *en == "production",
            reviewers,
            branch_policy: (*en == "production").then_some((true, false)),
        });
    }
    let shas: Vec<String> = (0..(n / 3).clamp(30, 3000)).map(|_| rng.hex(40)).collect();
    let branches: Vec<String> = ["main", "develop", "fix-checkout", "feature-search"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let tags: Vec<String> = (0..(n / 20).clamp(5, 500)).map(tag_name).collect();
    let weights: Vec<(u32, usize)> = env_names
        .iter()
        .enumerate()
        .map(|(i, e)| (if e.starts_with("preview") { 8 } else { 30 }, i))
        .collect();
    let authors = [(30, DEMO), (25, ALICE), (20, BOB), (15, ERIN), (10, BOT)];
    let full = format!("{owner}/{name}");
    let mut deployments: Vec<GhDeployment> = Vec::with_capacity(n);
    let mut last_success: HashMap<usize, usize> = HashMap::new();
    let mut t = start;
    for i in 0..n {
        t += rng.range(avg / 2, avg * 3 / 2);
        let ei = weighted(rng, &weights);
        let env = env_names[ei];
        let production = env == "production" || env == "github-pages";
        let transient = env.starts_with("preview");
        let git_ref = if production && rng.chance(0.6) {
            tags[(i * tags.len() / n.max(1)).min(tags.len() - 1)].clone()
        } else if transient {
            rng.pick(&branches[2..]).clone()
        } else {
            "main".to_string()
        };
        let id = st.gh_next_deployment_id;
        st.gh_next_deployment_id += 1;
        let creator = weighted(rng, &authors);
        let recent = i + 8 >= n;
        let fin = if recent {
            *rng.pick(&[
                GhState::Success,
                GhState::Pending,
                GhState::Queued,
                GhState::InProgress,
                GhState::Success,
                GhState::Failure,
            ])
        } else {
            match rng.below(100) {
                0..=79 => GhState::Success,
                80..=91 => GhState::Failure,
                _ => GhState::Error,
            }
        };
        let path: Vec<GhState> = match fin {
            GhState::Success => vec![GhState::Queued, GhState::InProgress, GhState::Success],
            GhState::Failure => vec![GhState::InProgress, GhState::Failure],
            GhState::InProgress => vec![GhState::Queued, GhState::InProgress],
            other => vec![other],
        };
        let no_status = recent && i + 1 == n;
        let mut statuses = Vec::new();
        if !no_status {
            for (k, s) in path.iter().enumerate() {
                statuses.push(gh_status(
                    st,
                    *s,
                    creator,
                    env,
                    &full,
                    id,
                    t + (k as Ms + 1) * MINUTE,
                    production,
                ));
            }
        }
        let updated_at = statuses
            .last()
            .map(|s: &GhStatus| s.created_at)
            .unwrap_or(t);
        deployments.push(GhDeployment {
            id,
            sha: shas[(i * shas.len() / n.max(1)).min(shas.len() - 1)].clone(),
            git_ref,
            task: "deploy".into(),
            environment: env.into(),
            original_environment: env.into(),
            description: Some(format!(
                "Deploy {} to {env}",
                if production { "release" } else { "build" }
            )),
            payload: serde_json::json!({}),
            creator,
            created_at: t,
            updated_at,
            transient,
            production,
            statuses,
        });
        if fin == GhState::Success && !no_status {
            if let Some(prev) = last_success.insert(ei, i) {
                let p = &deployments[prev];
                if !p.production && !p.transient {
                    let at = t + 4 * MINUTE;
                    let s = gh_status(st, GhState::Inactive, creator, env, &full, p.id, at, false);
                    deployments[prev].statuses.push(s);
                    deployments[prev].updated_at = at;
                }
            }
        }
    }
    settle_repo(base, &mut deployments);
    let runs = if index == 0 {
        let env_id = |n: &str| envs.iter().find(|e| e.name == n).map(|e| e.id).unwrap_or(0);
        vec![
            Run {
                id: 7001,
                sha: shas[shas.len() - 1].clone(),
                git_ref: "main".into(),
                actor: BOB,
                created_at: base - HOUR,
                pending: vec![env_id("production")],
                reviews: vec![],
            },
            Run {
                id: 7002,
                sha: shas[shas.len() - 1].clone(),
                git_ref: "main".into(),
                actor: DEMO,
                created_at: base - 2 * HOUR,
                pending: vec![env_id("production"), env_id("staging")],
                reviews: vec![],
            },
            Run {
                id: 7003,
                sha: shas[shas.len() - 2].clone(),
                git_ref: "main".into(),
                actor: ALICE,
                created_at: base - DAY,
                pending: vec![],
                reviews: vec![GhReview {
                    env_ids: vec![env_id("production")],
                    approved: true,
                    user: DEMO,
                    comment: "Ship it".into(),
                }],
            },
        ]
    } else {
        vec![]
    };
    Repo {
        id: 1_296_269 + index as u64,
        owner: owner.into(),
        name: name.into(),
        envs,
        deployments,
        shas,
        branches,
        tags,
        runs,
    }
}

/// Moves a project's deployments (with their jobs and approvals), commits and merge requests by
/// one offset so that the newest moment of any deployment is [`NEWEST_AGO`] before `now` (the
/// generator's random walk ends anywhere around a day before it); the order and every
/// difference between deployment times stay. Then every commit is made older than the first job
/// or deployment that ships it (its merge request's times follow), so a lead time (finish −
/// commit) is never negative, and no commit is newer than `now`. Returns the offset.
fn settle_project(
    now: Ms,
    envs: &mut [Environment],
    deployments: &mut [Deployment],
    commits: &mut [Commit],
    mrs: &mut [MergeRequest],
    nmr: usize,
) -> Ms {
    let newest = deployments
        .iter()
        .flat_map(|d| {
            let approvals = d.approvals.iter().map(|a| a.created_at);
            [Some(d.created_at), Some(d.updated_at), d.finished_at]
                .into_iter()
                .flatten()
                .chain(approvals)
        })
        .max();
    let Some(newest) = newest else {
        return 0;
    };
    let shift = now - NEWEST_AGO - newest;
    for d in deployments.iter_mut() {
        d.created_at += shift;
        d.updated_at += shift;
        d.finished_at = d.finished_at.map(|t| t + shift);
        if let Some(job) = d.job.as_mut() {
            job.created_at += shift;
            job.started_at = job.started_at.map(|t| t + shift);
        }
        for a in d.approvals.iter_mut() {
            a.created_at += shift;
        }
    }
    if shift < 0 {
        // Moved back: the long-lived environments still exist before their first deployment.
        for e in envs.iter_mut().filter(|e| !e.name.starts_with("review/")) {
            e.created_at += shift;
        }
    }
    let old: Vec<Ms> = commits.iter().map(|c| c.created_at).collect();
    for c in commits.iter_mut() {
        c.created_at += shift;
    }
    let mut first_use = vec![Ms::MAX; commits.len()];
    for d in deployments.iter() {
        let at = d.job.as_ref().map_or(d.created_at, |j| j.created_at);
        if let Some(slot) = first_use.get_mut(d.commit as usize) {
            *slot = (*slot).min(at);
        }
    }
    for (k, c) in commits.iter_mut().enumerate() {
        // 10 to 59 minutes before it is first built, varying by commit.
        let lead = (10 + (k as Ms * 37) % 50) * MINUTE;
        let latest = first_use[k].min(now - NEWEST_AGO).saturating_sub(lead);
        c.created_at = c.created_at.min(latest);
    }
    if !commits.is_empty() {
        for (k, mr) in mrs.iter_mut().enumerate() {
            let c = (k * commits.len() / nmr.max(1)).min(commits.len() - 1);
            let moved = commits[c].created_at - old[c];
            mr.created_at += moved;
            mr.merged_at += moved;
        }
    }
    shift
}

/// Moves a repository's deployments and their statuses by one offset so that the newest of
/// them is [`NEWEST_AGO`] before `now` (order and differences kept).
fn settle_repo(now: Ms, deployments: &mut [GhDeployment]) {
    let newest = deployments
        .iter()
        .flat_map(|d| {
            [d.created_at, d.updated_at]
                .into_iter()
                .chain(d.statuses.iter().map(|s| s.created_at))
        })
        .max();
    let Some(newest) = newest else {
        return;
    };
    let shift = now - NEWEST_AGO - newest;
    for d in deployments.iter_mut() {
        d.created_at += shift;
        d.updated_at += shift;
        for s in d.statuses.iter_mut() {
            s.created_at += shift;
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn gh_status(
    st: &mut Store,
    state: GhState,
    creator: usize,
    env: &str,
    full: &str,
    deployment_id: u64,
    at: Ms,
    production: bool,
) -> GhStatus {
    let id = st.gh_next_status_id;
    st.gh_next_status_id += 1;
    let description = match state {
        GhState::Queued => "Deployment queued",
        GhState::InProgress => "Deployment started",
        GhState::Success => "Deployment finished successfully.",
        GhState::Failure => "Deployment failed",
        GhState::Error => "Deployment errored",
        GhState::Inactive => "Superseded by a newer deployment",
        GhState::Pending => "Waiting for a runner",
    };
    let repo_short = full.rsplit('/').next().unwrap_or(full);
    GhStatus {
        id,
        state,
        creator,
        description: description.into(),
        environment: env.into(),
        target_url: format!("https://ci.acme.test/{full}/deployments/{deployment_id}"),
        log_url: format!("https://ci.acme.test/{full}/deployments/{deployment_id}/log"),
        environment_url: if state == GhState::Success {
            if production {
                format!("https://{repo_short}.acme.test")
            } else {
                format!("https://{env}.{repo_short}.acme.test")
            }
        } else {
            String::new()
        },
        created_at: at,
    }
}
