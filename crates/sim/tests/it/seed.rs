//! The seeded data: relative to the configured "now", deterministic for a seed and a now, and
//! the same objects (number, ids, order) whatever the now.

use forge_sim::store::{Store, DAY, HOUR, MINUTE};
use forge_sim::{seed, Config};

/// Everything about the seeded objects except their times, as one string.
fn shape(st: &Store) -> String {
    let mut out = String::new();
    for p in &st.projects {
        out += &format!("P{} {} {}\n", p.id, p.path, p.envs.len());
        for e in &p.envs {
            out += &format!("E{} {} {:?}\n", e.id, e.name, e.state);
        }
        for d in &p.deployments {
            out += &format!(
                "D{} {} {} {} {} {:?} {} {:?} {} {} {}\n",
                d.id,
                d.iid,
                d.env_id,
                d.git_ref,
                d.commit,
                d.status,
                d.user,
                d.job.as_ref().map(|j| j.id),
                d.approvals.len(),
                d.mr_first,
                d.mr_count
            );
        }
        for c in &p.commits {
            out += &format!("C{}\n", c.sha);
        }
        out += &format!("M{}\n", p.mrs.len());
    }
    for r in &st.repos {
        out += &format!("R{} {} {}\n", r.id, r.full_name(), r.envs.len());
        for d in &r.deployments {
            let states: Vec<String> = d
                .statuses
                .iter()
                .map(|s| format!("{}:{:?}", s.id, s.state))
                .collect();
            out += &format!(
                "G{} {} {} {} {}\n",
                d.id,
                d.sha,
                d.environment,
                d.git_ref,
                states.join(",")
            );
        }
        for run in &r.runs {
            out += &format!("W{} {:?}\n", run.id, run.pending);
        }
    }
    out
}

/// FNV-1a, to pin the shape in one number.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// 2026-03-31T12:00:00Z.
const NOW: i64 = 1_774_958_400_000;

fn at(now: i64) -> Config {
    Config {
        now: Some(now),
        ..Config::default()
    }
}

/// The shapes the generator gave before the data became relative to "now" (pinned then).
#[test]
fn same_objects_whatever_the_now() {
    for now in [NOW, NOW - 400 * DAY, NOW + 3 * HOUR + 17] {
        let st = seed(&at(now));
        assert_eq!(
            fnv(&shape(&st)),
            0xda1b_dc70_eb63_dcaa,
            "default, now {now}"
        );
        let st = seed(&Config {
            deployments: 3000,
            projects: 2,
            many_environments: 30,
            seed: 7,
            now: Some(now),
            ..Config::default()
        });
        assert_eq!(fnv(&shape(&st)), 0x7bd8_6e83_7a6e_9883, "larger, now {now}");
    }
}

/// Every seeded time, as one string.
fn times(st: &Store) -> String {
    let mut out = String::new();
    for p in &st.projects {
        out += &format!("P{}\n", p.created_at);
        for e in &p.envs {
            out += &format!("E{} {} {:?}\n", e.created_at, e.updated_at, e.auto_stop_at);
        }
        for d in &p.deployments {
            let approvals: Vec<i64> = d.approvals.iter().map(|a| a.created_at).collect();
            out += &format!(
                "D{} {} {:?} {:?} {approvals:?}\n",
                d.created_at,
                d.updated_at,
                d.finished_at,
                d.job.as_ref().map(|j| (j.created_at, j.started_at)),
            );
        }
        for c in &p.commits {
            out += &format!("C{}\n", c.created_at);
        }
        for m in &p.mrs {
            out += &format!("M{} {}\n", m.created_at, m.merged_at);
        }
    }
    for r in &st.repos {
        for d in &r.deployments {
            let states: Vec<i64> = d.statuses.iter().map(|s| s.created_at).collect();
            out += &format!("G{} {} {states:?}\n", d.created_at, d.updated_at);
        }
        for run in &r.runs {
            out += &format!("W{}\n", run.created_at);
        }
    }
    out
}

#[test]
fn deterministic_for_a_seed_and_a_now() {
    let a = seed(&at(NOW));
    let b = seed(&at(NOW));
    assert_eq!(shape(&a), shape(&b));
    assert_eq!(times(&a), times(&b));
    assert_ne!(times(&a), times(&seed(&at(NOW + MINUTE))));
    let other_seed = Config { seed: 2, ..at(NOW) };
    assert_ne!(shape(&seed(&other_seed)), shape(&a));
}

#[test]
fn times_are_relative_to_the_now() {
    let st = seed(&at(NOW));
    let later = seed(&at(NOW + 5 * DAY));
    for (p, q) in st.projects.iter().zip(&later.projects) {
        let newest = p
            .deployments
            .iter()
            .map(|d| d.updated_at.max(d.finished_at.unwrap_or(0)))
            .max()
            .unwrap();
        assert!(
            (NOW - 10 * MINUTE..=NOW - MINUTE).contains(&newest),
            "{}",
            p.path
        );
        for (d, e) in p.deployments.iter().zip(&q.deployments) {
            assert!(d.created_at < NOW && d.updated_at < NOW, "{}", d.id);
            assert!(d.created_at > NOW - 60 * DAY, "weeks, not years: {}", d.id);
            assert_eq!(
                e.created_at - d.created_at,
                5 * DAY,
                "the same history, moved"
            );
            if let Some(f) = d.finished_at {
                assert!(f >= d.created_at && f < NOW);
            }
        }
    }
    for r in &st.repos {
        for d in &r.deployments {
            assert!(d.created_at < NOW && d.updated_at < NOW);
            assert!(d.statuses.iter().all(|s| s.created_at < NOW));
        }
    }
}

#[test]
fn commits_are_older_than_their_deployments() {
    for cfg in [
        at(NOW),
        Config {
            seed: 9,
            deployments: 3000,
            ..at(NOW)
        },
    ] {
        let st = seed(&cfg);
        for p in &st.projects {
            assert!(p.commits.iter().all(|c| c.created_at < NOW));
            for d in &p.deployments {
                let c = &p.commits[d.commit as usize];
                assert!(c.created_at < d.created_at, "{} {}", p.path, d.id);
                if let Some(job) = &d.job {
                    assert!(c.created_at < job.created_at);
                }
                if let Some(f) = d.finished_at {
                    let lead = f - c.created_at;
                    assert!(lead > 10 * MINUTE, "{} {}: {lead}", p.path, d.id);
                }
            }
            assert!(p.mrs.iter().all(|m| m.created_at <= m.merged_at));
        }
    }
}

/// The last 30 days are lively: several production and staging deployments a day per project,
/// and failures that a later success restores.
#[test]
fn the_last_thirty_days_are_lively() {
    use forge_sim::store::Status;
    let st = seed(&at(NOW));
    for p in &st.projects {
        let env = |name: &str| p.envs.iter().find(|e| e.name == name).unwrap().id;
        let (prod, staging) = (env("production"), env("staging"));
        let recent: Vec<_> = p
            .deployments
            .iter()
            .filter(|d| d.created_at >= NOW - 30 * DAY)
            .filter(|d| d.env_id == prod || d.env_id == staging)
            .collect();
        assert!(recent.len() >= 60, "{}: {}", p.path, recent.len());
        let days: std::collections::BTreeSet<i64> =
            recent.iter().map(|d| (NOW - d.created_at) / DAY).collect();
        assert!(
            days.len() >= 25,
            "{}: deployments on {} days",
            p.path,
            days.len()
        );
        let restored = [prod, staging].iter().any(|&env| {
            let mut failing = false;
            recent.iter().filter(|d| d.env_id == env).any(|d| {
                let restores = failing && d.status == Status::Success;
                match d.status {
                    Status::Failed => failing = true,
                    Status::Success => failing = false,
                    _ => {}
                }
                restores
            })
        });
        assert!(restored, "{}: a failure followed by a recovery", p.path);
    }
    let shop = &st.repos[0];
    let recent = shop
        .deployments
        .iter()
        .filter(|d| d.created_at >= NOW - 30 * DAY)
        .count();
    assert!(recent >= 150, "acme/shop: {recent}");
}
