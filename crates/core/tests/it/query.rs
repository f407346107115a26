//! Tests of `query`: search, filters, stable sorting, grouping, latest per environment.

use std::cmp::Ordering;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use shipboard_core::model::gitlab::{EnvironmentState, Tier};
use shipboard_core::model::view::{DeploymentRow, EnvironmentCard, Forge, Status};
use shipboard_core::query::{
    attach_latest, fill_tiers, group_by_folder, group_by_tier, latest_per_environment,
    sort_indices, synth, Filter, Query, SearchIndex, Sort, SortDir, SortKey,
};

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_700_000_000, 0).unwrap()
}

/// A hand-made row: `(iid, environment, status, ref, sha, author, title, minutes after t0)`.
#[allow(clippy::type_complexity)]
fn row(spec: (u64, &str, Status, &str, &str, Option<&str>, &str, i64)) -> DeploymentRow {
    let (iid, env, status, git_ref, sha, author, title, minutes) = spec;
    let created_at = t0() + Duration::minutes(minutes);
    let finished_at = status
        .is_finished()
        .then(|| created_at + Duration::seconds(iid as i64 * 10));
    DeploymentRow {
        forge: Forge::GitLab,
        project: "group/app".into(),
        id: 100 + iid,
        iid: Some(iid),
        environment: env.into(),
        tier: Some(Tier::guess(env)),
        forge_status: status.as_str().into(),
        status,
        git_ref: git_ref.into(),
        is_tag: false,
        sha: sha.into(),
        author: author.map(Into::into),
        created_at,
        updated_at: finished_at.unwrap_or(created_at),
        finished_at,
        duration_secs: finished_at.map(|f| (f - created_at).num_seconds() as f64),
        job: None,
        pipeline: None,
        web_base: None,
        commit_link: Default::default(),
        commit_title: Some(title.into()),
        commit_created_at: None,
        status_log_url: None,
        environment_url: None,
        description: None,
        pending_approval_count: None,
    }
}

fn table() -> Vec<DeploymentRow> {
    use Status::*;
    [
        (
            1,
            "production",
            Success,
            "main",
            "a91957a8",
            Some("root"),
            "Merge branch 'rename-readme'",
            0,
        ),
        (
            2,
            "staging",
            Failed,
            "main",
            "99d03678",
            Some("Alice"),
            "Fix Login crash",
            10,
        ),
        (
            3,
            "review/fix-login",
            Running,
            "fix-login",
            "416d8ea1",
            Some("bob"),
            "Fix login",
            20,
        ),
        (
            4,
            "review/dark-mode",
            Created,
            "dark-mode",
            "0badc0de",
            None,
            "Dark mode",
            30,
        ),
        (
            5,
            "production",
            Canceled,
            "v1.2.0",
            "cafebabe",
            Some("root"),
            "Release 1.2",
            40,
        ),
        (
            12,
            "qa",
            Unknown("paused".into()),
            "main",
            "deadbeef",
            Some("Émile"),
            "Éclair",
            50,
        ),
    ]
    .into_iter()
    .map(row)
    .collect()
}

/// Runs `query` on [`table`] and compares the iids of the result, in order.
fn check(query: Query, expect: &[u64]) {
    let rows = table();
    let got: Vec<u64> = query
        .apply(&rows)
        .iter()
        .map(|&i| rows[i].iid.unwrap())
        .collect();
    assert_eq!(got, expect, "{query:?}");
    // The prebuilt index gives the same answer.
    let index = SearchIndex::new(&rows);
    let again: Vec<u64> = query
        .apply_indexed(&rows, &index)
        .iter()
        .map(|&i| rows[i].iid.unwrap())
        .collect();
    assert_eq!(again, expect, "indexed {query:?}");
}

fn search(text: &str) -> Query {
    Query {
        search: text.into(),
        ..Query::default()
    }
}

fn filter(filter: Filter) -> Query {
    Query {
        filter,
        ..Query::default()
    }
}

fn sorted(key: SortKey, dir: SortDir) -> Query {
    Query {
        sort: Some(Sort { key, dir }),
        ..Query::default()
    }
}

#[test]
fn search_fields() {
    check(search(""), &[1, 2, 3, 4, 5, 12]);
    check(search("   "), &[1, 2, 3, 4, 5, 12]);
    check(search("LOGIN"), &[2, 3]); // title (case-insensitive) and ref
    check(search("review/"), &[3, 4]); // environment
    check(search("alice"), &[2]); // author, case-insensitive
    check(search("émile"), &[12]); // non-ASCII lowercase
    check(search("ÉCLAIR"), &[12]); // non-ASCII title
    check(search("A91957"), &[1]); // sha prefix, case-insensitive
    check(search("91957"), &[]); // sha: prefix only
    check(search("#12"), &[12]); // iid with '#'
    check(search("#1"), &[1]); // '#N' matches the number exactly
    check(search("12"), &[12]); // bare number matches the iid too
    check(search("v1.2"), &[5]); // ref
    check(search("root production"), &[1, 5]); // every term must match
    check(search("root staging"), &[]);
    check(search("readme"), &[1]);
    check(search("nothing-like-this"), &[]);
}

#[test]
fn filters() {
    use Status::*;
    check(
        filter(Filter {
            statuses: vec![Success, Failed],
            ..Filter::default()
        }),
        &[1, 2],
    );
    check(
        filter(Filter {
            statuses: vec![Unknown("paused".into())],
            ..Filter::default()
        }),
        &[12],
    );
    check(
        filter(Filter {
            environment: Some("production".into()),
            ..Filter::default()
        }),
        &[1, 5],
    );
    check(
        filter(Filter {
            environment: Some("review/".into()),
            ..Filter::default()
        }),
        &[3, 4],
    );
    check(
        filter(Filter {
            environment: Some("review".into()),
            ..Filter::default()
        }),
        &[],
    );
    check(
        filter(Filter {
            tiers: vec![Tier::Development],
            ..Filter::default()
        }),
        &[3, 4],
    );
    check(
        filter(Filter {
            tiers: vec![Tier::Testing, Tier::Staging],
            ..Filter::default()
        }),
        &[2, 12],
    );
    let at = |m| Some(t0() + Duration::minutes(m));
    check(
        filter(Filter {
            created_from: at(20),
            ..Filter::default()
        }),
        &[3, 4, 5, 12],
    );
    check(
        filter(Filter {
            created_before: at(20),
            ..Filter::default()
        }),
        &[1, 2],
    );
    check(
        filter(Filter {
            created_from: at(10),
            created_before: at(40),
            ..Filter::default()
        }),
        &[2, 3, 4],
    );
    check(
        filter(Filter {
            forge: Some(Forge::GitHub),
            ..Filter::default()
        }),
        &[],
    );
    check(
        filter(Filter {
            project: Some("group/app".into()),
            ..Filter::default()
        }),
        &[1, 2, 3, 4, 5, 12],
    );
    // Filters, search and sort together.
    check(
        Query {
            search: "main".into(),
            filter: Filter {
                statuses: vec![Success, Failed, Unknown("paused".into())],
                ..Filter::default()
            },
            sort: Some(Sort {
                key: SortKey::Created,
                dir: SortDir::Desc,
            }),
        },
        &[12, 2, 1],
    );
}

#[test]
fn tier_filter_skips_unknown_tiers() {
    let mut rows = table();
    rows[0].tier = None;
    let q = filter(Filter {
        tiers: vec![Tier::Production],
        ..Filter::default()
    });
    assert_eq!(q.apply(&rows), vec![4]);
}

#[test]
fn sort_by_every_column() {
    use SortDir::*;
    use SortKey::*;
    check(sorted(Status, Asc), &[4, 3, 1, 2, 5, 12]);
    check(sorted(Status, Desc), &[12, 5, 2, 1, 3, 4]);
    check(sorted(Iid, Desc), &[12, 5, 4, 3, 2, 1]);
    check(sorted(Id, Asc), &[1, 2, 3, 4, 5, 12]);
    check(sorted(Environment, Asc), &[1, 5, 12, 4, 3, 2]);
    check(sorted(Ref, Asc), &[4, 3, 1, 2, 12, 5]);
    check(sorted(Ref, Desc), &[5, 1, 2, 12, 3, 4]); // equal refs keep input order
    check(sorted(Sha, Asc), &[4, 3, 2, 1, 5, 12]);
    check(sorted(Author, Asc), &[4, 2, 3, 1, 5, 12]); // none first, then bytes
    check(sorted(Created, Desc), &[12, 5, 4, 3, 2, 1]);
    check(sorted(Updated, Asc), &[1, 2, 3, 4, 5, 12]);
    check(sorted(Finished, Asc), &[3, 4, 12, 1, 2, 5]); // unfinished first
    check(sorted(Duration, Desc), &[5, 2, 1, 3, 4, 12]);
    check(sorted(Forge, Asc), &[1, 2, 3, 4, 5, 12]);
    check(sorted(Project, Desc), &[1, 2, 3, 4, 5, 12]);
}

#[test]
fn sort_keys_have_names() {
    for key in SortKey::ALL {
        assert_eq!(SortKey::parse(key.as_str()), Some(*key));
    }
    assert_eq!(SortKey::parse("nope"), None);
}

fn card(name: &str, tier: Option<Tier>) -> EnvironmentCard {
    EnvironmentCard {
        forge: Forge::GitLab,
        project: "group/app".into(),
        id: name.len() as u64,
        name: name.into(),
        folder: shipboard_core::model::view::folder_of(name).map(Into::into),
        tier,
        state: Some(EnvironmentState::Available),
        external_url: None,
        external_url_raw: None,
        web_url: None,
        auto_stop_at: None,
        description: None,
        created_at: None,
        updated_at: None,
        protection: Vec::new(),
        last_deployment: None,
    }
}

fn cards() -> Vec<EnvironmentCard> {
    vec![
        card("review/b", Some(Tier::Development)),
        card("production", Some(Tier::Production)),
        card("review/a", Some(Tier::Development)),
        card("sandbox", None),
        card("legacy", Some(Tier::Unknown("legacy".into()))),
        card("staging", Some(Tier::Staging)),
        card("other", Some(Tier::Other)),
        card("qa", Some(Tier::Testing)),
        card("ops/x", Some(Tier::Other)),
    ]
}

#[test]
fn groups_by_folder() {
    let got: Vec<(Option<String>, Vec<usize>)> = group_by_folder(&cards())
        .into_iter()
        .map(|g| (g.key, g.items))
        .collect();
    let expect = vec![
        (None, vec![1, 3, 4, 5, 6, 7]),
        (Some("ops".to_owned()), vec![8]),
        (Some("review".to_owned()), vec![0, 2]),
    ];
    assert_eq!(got, expect);
}

#[test]
fn groups_by_tier() {
    let got: Vec<(Option<String>, Vec<usize>)> = group_by_tier(&cards())
        .into_iter()
        .map(|g| (g.key.map(|t| t.to_string()), g.items))
        .collect();
    let name = |s: &str| Some(s.to_owned());
    let expect = vec![
        (name("production"), vec![1]),
        (name("staging"), vec![5]),
        (name("testing"), vec![7]),
        (name("development"), vec![0, 2]),
        (name("other"), vec![6, 8]),
        (name("legacy"), vec![4]),
        (None, vec![3]),
    ];
    assert_eq!(got, expect);
}

#[test]
fn latest_deployment_per_environment() {
    let rows = table();
    let latest: Vec<u64> = latest_per_environment(&rows)
        .iter()
        .map(|&i| rows[i].iid.unwrap())
        .collect();
    // Ordered by environment name; production has two, the later (iid 5) wins.
    assert_eq!(latest, [5, 12, 4, 3, 2]);

    let mut cards = vec![
        card("production", Some(Tier::Production)),
        card("nowhere", None),
    ];
    attach_latest(&mut cards, &rows);
    assert_eq!(
        cards[0].last_deployment.as_ref().and_then(|d| d.iid),
        Some(5)
    );
    assert_eq!(cards[1].last_deployment, None);
    // An older row never replaces a newer one already there.
    attach_latest(&mut cards, &rows[..1]);
    assert_eq!(
        cards[0].last_deployment.as_ref().and_then(|d| d.iid),
        Some(5)
    );
}

#[test]
fn tiers_come_from_cards() {
    let mut rows = table();
    for r in &mut rows {
        r.tier = None;
    }
    rows[1].tier = Some(Tier::Other); // a known tier is kept
    let mut other_project = card("qa", Some(Tier::Testing));
    other_project.project = "group/other".into();
    let cards = vec![
        card("production", Some(Tier::Production)),
        card("staging", Some(Tier::Staging)),
        other_project,
    ];
    fill_tiers(&mut rows, &cards);
    let tiers: Vec<Option<Tier>> = rows.iter().map(|r| r.tier.clone()).collect();
    use Tier::*;
    assert_eq!(
        tiers,
        [
            Some(Production),
            Some(Other),
            None,
            None,
            Some(Production),
            None
        ]
    );
}

#[test]
fn synth_is_deterministic() {
    let a = synth::rows(200, 7);
    assert_eq!(a, synth::rows(200, 7));
    assert_ne!(a, synth::rows(200, 8));
    assert_eq!(a.len(), 200);
    assert!(a.iter().all(|r| r.sha.len() == 40));
}

/// An independent reference order for each column, used by the property tests.
fn reference_cmp(key: SortKey, a: &DeploymentRow, b: &DeploymentRow) -> Ordering {
    match key {
        SortKey::Forge => a.forge.cmp(&b.forge),
        SortKey::Project => a.project.cmp(&b.project),
        SortKey::Status => {
            let rank = |s: &Status| {
                Status::ALL
                    .iter()
                    .position(|x| x == s)
                    .unwrap_or(usize::MAX)
            };
            rank(&a.status)
                .cmp(&rank(&b.status))
                .then_with(|| a.status.as_str().cmp(b.status.as_str()))
        }
        SortKey::Id => a.id.cmp(&b.id),
        SortKey::Iid => a.iid.cmp(&b.iid),
        SortKey::Environment => a.environment.cmp(&b.environment),
        SortKey::Ref => a.git_ref.cmp(&b.git_ref),
        SortKey::Sha => a.sha.cmp(&b.sha),
        SortKey::Author => a.author.cmp(&b.author),
        SortKey::Created => a.created_at.cmp(&b.created_at),
        SortKey::Updated => a.updated_at.cmp(&b.updated_at),
        SortKey::Finished => a.finished_at.cmp(&b.finished_at),
        SortKey::Duration => match (a.duration_secs, b.duration_secs) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (x, y) => x.is_some().cmp(&y.is_some()),
        },
    }
}

/// Rows with many equal keys: few distinct values per column, some unknown statuses.
fn small_rows(n: usize, seed: u64) -> Vec<DeploymentRow> {
    let mut rows = synth::rows(n, seed);
    for (i, r) in rows.iter_mut().enumerate() {
        r.created_at = t0() + Duration::minutes((i % 5) as i64);
        r.updated_at = r.created_at;
        if i % 7 == 3 {
            r.status = Status::Unknown(if i % 2 == 0 { "zeta" } else { "alpha" }.into());
        }
        r.sha = r.sha[..1].into();
    }
    rows
}

fn key_strategy() -> impl Strategy<Value = SortKey> {
    proptest::sample::select(SortKey::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The result is exactly std's stable sort under the reference order: equal keys keep
    /// input order in both directions, and desc is the reverse of asc between distinct keys.
    #[test]
    fn sort_is_stable(n in 0usize..120, seed in any::<u64>(), key in key_strategy(), start in 0usize..40) {
        let rows = small_rows(n, seed);
        // Start from a scrambled order so stability is tested against that order.
        let mut input: Vec<usize> = (0..n).collect();
        input.rotate_left(start.min(n));
        for dir in [SortDir::Asc, SortDir::Desc] {
            let mut got = input.clone();
            sort_indices(&rows, &mut got, Sort { key, dir });
            let mut expect = input.clone();
            expect.sort_by(|&a, &b| {
                let ord = reference_cmp(key, &rows[a], &rows[b]);
                if dir == SortDir::Desc { ord.reverse() } else { ord }
            });
            prop_assert_eq!(&got, &expect, "{:?} {:?}", key, dir);
        }
    }

    /// Applying a query to its own result changes nothing.
    #[test]
    fn filter_is_idempotent(
        n in 0usize..200,
        seed in any::<u64>(),
        statuses in proptest::sample::subsequence(Status::ALL.to_vec(), 0..4),
        env in proptest::option::of(proptest::sample::select(vec!["production", "review/", "qa", "nope"])),
        search in proptest::sample::select(vec!["", "main", "fix", "#3", "a", "ro mai"]),
        from in proptest::option::of(0i64..200),
    ) {
        let rows = synth::rows(n, seed);
        let start = synth::rows(1, 0)[0].created_at;
        let query = Query {
            search: search.into(),
            filter: Filter {
                statuses,
                environment: env.map(Into::into),
                created_from: from.map(|m| start + Duration::minutes(m)),
                ..Filter::default()
            },
            sort: None,
        };
        let first = query.apply(&rows);
        // The column path (prebuilt index) agrees with the row path.
        prop_assert_eq!(&query.apply_indexed(&rows, &SearchIndex::new(&rows)), &first);
        for &i in &first {
            prop_assert!(query.filter.matches(&rows[i]));
        }
        let kept: Vec<DeploymentRow> = first.iter().map(|&i| rows[i].clone()).collect();
        let second = query.apply(&kept);
        prop_assert_eq!(second, (0..kept.len()).collect::<Vec<_>>());
        // Rows left out really fail: the complement, queried, is empty.
        let dropped: Vec<DeploymentRow> = (0..n).filter(|i| !first.contains(i)).map(|i| rows[i].clone()).collect();
        prop_assert!(query.apply(&dropped).is_empty());
    }
}
