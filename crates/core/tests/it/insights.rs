//! Tests of insights: the four metrics and the daily series on hand-made deployments with exact
//! expected numbers, and the window list queries checked by GitLab's own rules.

use chrono::{DateTime, Duration, TimeZone, Utc};
use shipboard_core::insights::{
    daily, github_older_than_window, github_page_reaches_start, github_window_query,
    gitlab_window_queries, median, metrics, DayPoint, Window, WINDOW_DAYS,
};
use shipboard_core::model::gitlab;
use shipboard_core::model::view::{DeploymentRow, Forge, Status};
use shipboard_core::request::gitlab::{DeploymentStatus, OrderBy, Sort};
use shipboard_core::request::{self, Source};
use shipboard_core::validate;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap()
}

fn hours_ago(h: i64) -> DateTime<Utc> {
    now() - Duration::hours(h)
}

/// A GitLab row of `g/app`: finished `finished` (if any), created 10 minutes before it (or
/// `created` when unfinished), its commit `lead` minutes before the finish.
fn dep(
    id: u64,
    env: &str,
    status: Status,
    finished: Option<DateTime<Utc>>,
    lead: Option<i64>,
) -> DeploymentRow {
    let created_at = finished.map_or(now(), |f| f - Duration::minutes(10));
    DeploymentRow {
        forge: Forge::GitLab,
        project: "g/app".into(),
        id,
        iid: Some(id),
        environment: env.into(),
        tier: None,
        forge_status: status.as_str().into(),
        status,
        git_ref: "main".into(),
        is_tag: false,
        sha: format!("{id:040x}").into(),
        author: None,
        created_at,
        updated_at: finished.unwrap_or(created_at),
        finished_at: finished,
        duration_secs: None,
        job: None,
        pipeline: None,
        web_base: None,
        commit_link: Default::default(),
        commit_title: None,
        commit_created_at: finished.zip(lead).map(|(f, m)| f - Duration::minutes(m)),
        status_log_url: None,
        environment_url: None,
        description: None,
        pending_approval_count: None,
    }
}

/// An unfinished row created `h` hours ago.
fn pending(id: u64, env: &str, status: Status, h: i64) -> DeploymentRow {
    let mut row = dep(id, env, status, None, None);
    row.created_at = hours_ago(h);
    row.updated_at = row.created_at;
    row
}

/// The hand-made history (hours before `now`; the 7-day window starts 168 h ago).
fn history() -> Vec<DeploymentRow> {
    use Status::*;
    let f = |h| Some(hours_ago(h));
    vec![
        dep(1, "production", Success, f(150), Some(60)),
        dep(2, "production", Failed, f(100), None),
        dep(3, "production", Failed, f(99), None),
        dep(4, "production", Success, f(96), Some(120)), // restores 2 and 3: 4 h
        dep(5, "production", Canceled, f(50), None),
        pending(6, "production", Running, 2),
        dep(7, "production", Success, f(1), Some(30)),
        dep(8, "production", Success, f(200), Some(10)), // before the 7-day window
        dep(9, "production", Success, Some(now()), Some(5)), // `now` is outside
        dep(
            10,
            "production",
            Success,
            Some(now() - Duration::days(7)),
            None,
        ), // first instant
        dep(11, "staging", Failed, f(170), None),        // before the 7-day window
        dep(12, "staging", Success, f(160), Some(90)),   // restores 11: 10 h, closed in the window
        dep(13, "staging", Failed, f(10), None),         // never restored
        dep(14, "staging", Skipped, f(20), None),
        pending(15, "staging", Blocked, 30),
    ]
}

fn window(days: u32) -> Window {
    Window::new(now(), days).expect("a valid window")
}

#[test]
fn windows() {
    assert_eq!(WINDOW_DAYS, [7, 30, 90]);
    for days in WINDOW_DAYS {
        let w = window(days);
        assert_eq!(w.end, now());
        assert_eq!(w.start, now() - Duration::days(i64::from(days)));
        assert!(w.contains(w.start));
        assert!(!w.contains(w.end));
    }
    assert_eq!(Window::new(now(), 0), None);
    assert_eq!(Window::new(now(), 367), None);
    let w = window(7);
    assert_eq!(w.day_of(w.start), Some(0));
    assert_eq!(w.day_of(w.start + Duration::hours(24)), Some(1));
    assert_eq!(w.day_of(now() - Duration::milliseconds(1)), Some(6));
    assert_eq!(w.day_of(now()), None);
    assert_eq!(w.day_of(w.start - Duration::milliseconds(1)), None);
}

#[test]
fn seven_days() {
    let m = metrics(&history(), &window(7));
    assert_eq!((m.successful, m.failed), (5, 3));
    assert_eq!(m.deployments_per_day, 5.0 / 7.0);
    assert_eq!(m.change_failure_rate, Some(37.5));
    // 30, 60, 90, 120 minutes (10 has no commit time, 8 and 9 are outside).
    assert_eq!(m.lead_time, Some(Duration::minutes(75)));
    assert_eq!(m.lead_time_samples, 4);
    // Production 4 h (from the first of two failures), staging 10 h (failure before the window).
    assert_eq!(m.time_to_restore, Some(Duration::hours(7)));
    assert_eq!(m.restores, 2);
}

#[test]
fn thirty_and_ninety_days() {
    for days in [30, 90] {
        let m = metrics(&history(), &window(days));
        assert_eq!((m.successful, m.failed), (6, 4), "{days}");
        assert_eq!(m.deployments_per_day, 6.0 / f64::from(days));
        assert_eq!(m.change_failure_rate, Some(40.0));
        assert_eq!(
            m.lead_time,
            Some(Duration::minutes(60)),
            "10, 30, 60, 90, 120"
        );
        assert_eq!(m.lead_time_samples, 5);
        assert_eq!(m.time_to_restore, Some(Duration::hours(7)));
        assert_eq!(m.restores, 2);
    }
}

#[test]
fn the_input_order_does_not_matter() {
    let mut rows = history();
    rows.reverse();
    for days in WINDOW_DAYS {
        assert_eq!(
            metrics(&rows, &window(days)),
            metrics(&history(), &window(days))
        );
        assert_eq!(
            daily(&rows, &window(days)),
            daily(&history(), &window(days))
        );
    }
}

#[test]
fn empty_window() {
    for rows in [Vec::new(), history()] {
        // A window far in the past: nothing of the history is in it.
        let w = Window::new(now() - Duration::days(400), 7).unwrap();
        let m = metrics(&rows, &w);
        assert_eq!((m.successful, m.failed), (0, 0));
        assert_eq!(m.deployments_per_day, 0.0);
        assert_eq!(m.change_failure_rate, None);
        assert_eq!((m.lead_time, m.lead_time_samples), (None, 0));
        assert_eq!((m.time_to_restore, m.restores), (None, 0));
        let days = daily(&rows, &w);
        assert_eq!(days.len(), 7);
        assert!(days
            .iter()
            .all(|d| (d.success, d.failed, d.other, d.median_lead_time) == (0, 0, 0, None)));
    }
}

#[test]
fn window_with_no_failure() {
    use Status::*;
    let rows = vec![
        dep(1, "production", Success, Some(hours_ago(5)), Some(20)),
        dep(2, "production", Success, Some(hours_ago(4)), Some(40)),
        dep(3, "production", Success, Some(hours_ago(3)), Some(90)),
        dep(4, "production", Canceled, Some(hours_ago(2)), None),
    ];
    let m = metrics(&rows, &window(7));
    assert_eq!((m.successful, m.failed), (3, 0));
    assert_eq!(m.change_failure_rate, Some(0.0));
    assert_eq!(m.lead_time, Some(Duration::minutes(40)));
    assert_eq!((m.time_to_restore, m.restores), (None, 0));
}

#[test]
fn only_failures_and_unfinished() {
    use Status::*;
    let rows = vec![
        dep(1, "production", Failed, Some(hours_ago(5)), None),
        pending(2, "production", Running, 1),
        pending(3, "production", Created, 1),
    ];
    let m = metrics(&rows, &window(7));
    assert_eq!(m.change_failure_rate, Some(100.0));
    assert_eq!(m.deployments_per_day, 0.0);
    assert_eq!(m.lead_time, None);
    assert_eq!(m.time_to_restore, None, "never restored");
}

#[test]
fn restores_are_per_forge_project_and_environment() {
    use Status::*;
    let failed = dep(1, "production", Failed, Some(hours_ago(5)), None);
    let mut other_project = dep(2, "production", Success, Some(hours_ago(4)), None);
    other_project.project = "g/other".into();
    let mut other_forge = dep(3, "production", Success, Some(hours_ago(3)), None);
    other_forge.forge = Forge::GitHub;
    let other_env = dep(4, "staging", Success, Some(hours_ago(2)), None);
    let rows = vec![failed.clone(), other_project, other_forge, other_env];
    assert_eq!(metrics(&rows, &window(7)).time_to_restore, None);
    let same = dep(5, "production", Success, Some(hours_ago(1)), None);
    let rows = vec![failed, same];
    assert_eq!(
        metrics(&rows, &window(7)).time_to_restore,
        Some(Duration::hours(4))
    );
}

#[test]
fn lead_time_is_not_available_without_commit_times() {
    use Status::*;
    let mut rows = vec![
        dep(1, "production", Success, Some(hours_ago(5)), None),
        dep(2, "production", Success, Some(hours_ago(4)), None),
    ];
    rows[1].forge = Forge::GitHub;
    let m = metrics(&rows, &window(7));
    assert_eq!((m.lead_time, m.lead_time_samples), (None, 0));
    // A commit "after" its deployment (clock skew) is left out.
    let mut skewed = dep(3, "production", Success, Some(hours_ago(3)), Some(-5));
    skewed.forge = Forge::GitLab;
    assert_eq!(metrics(&[skewed], &window(7)).lead_time, None);
}

#[test]
fn medians() {
    assert_eq!(median(vec![]), None);
    assert_eq!(
        median(vec![Duration::seconds(3)]),
        Some(Duration::seconds(3))
    );
    assert_eq!(
        median(vec![
            Duration::seconds(9),
            Duration::seconds(1),
            Duration::seconds(4)
        ]),
        Some(Duration::seconds(4))
    );
    assert_eq!(
        median(vec![Duration::seconds(2), Duration::seconds(1)]),
        Some(Duration::milliseconds(1500))
    );
}

#[test]
fn daily_series() {
    let w = window(7);
    let days = daily(&history(), &w);
    let got: Vec<(u32, u32, u32, Option<i64>)> = days
        .iter()
        .map(|d| {
            (
                d.success,
                d.failed,
                d.other,
                d.median_lead_time.map(|l| l.num_minutes()),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (3, 0, 0, Some(75)), // 1 (60), 10 (no commit time), 12 (90)
            (0, 0, 0, None),
            (0, 2, 0, None),
            (1, 0, 0, Some(120)),
            (0, 0, 1, None),     // canceled
            (0, 0, 1, None),     // blocked, by creation time
            (1, 1, 2, Some(30)), // running (by creation time), skipped
        ]
    );
    assert_eq!(
        days[0],
        DayPoint {
            start: w.start,
            success: 3,
            failed: 0,
            other: 0,
            median_lead_time: Some(Duration::minutes(75)),
        }
    );
    assert_eq!(days[6].start, now() - Duration::days(1));
    assert_eq!(daily(&history(), &window(90)).len(), 90);
}

#[test]
fn gitlab_rows_carry_their_commit_time() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/gitlab/examples/deployment_get.json"
    ))
    .expect("the fixture");
    let d: gitlab::Deployment = serde_json::from_str(&text).expect("a deployment");
    let row = DeploymentRow::from_gitlab("g/app", &d);
    assert_eq!(
        row.commit_created_at,
        Some(Utc.with_ymd_and_hms(2016, 8, 11, 11, 28, 26).unwrap()),
        "`deployable.commit.created_at` (13:28:26+02:00)"
    );
    let mut api_made = d;
    api_made.deployable = None;
    assert_eq!(
        DeploymentRow::from_gitlab("g/app", &api_made).commit_created_at,
        None
    );
}

#[test]
fn gitlab_window_queries_follow_the_servers_rules() {
    for days in WINDOW_DAYS {
        let w = window(days);
        for environment in [None, Some("production")] {
            let [successes, updated] = gitlab_window_queries(&w, environment, 100);
            assert_eq!(successes.order_by, Some(OrderBy::FinishedAt));
            assert_eq!(successes.sort, Some(Sort::Desc));
            assert_eq!(successes.status, Some(DeploymentStatus::Success));
            assert_eq!(
                (successes.finished_after, successes.finished_before),
                (Some(w.start), Some(w.end))
            );
            assert_eq!(updated.order_by, Some(OrderBy::UpdatedAt));
            assert_eq!(updated.updated_after, Some(w.start));
            assert_eq!((&updated.status, updated.finished_after), (&None, None));
            for params in [&successes, &updated] {
                assert_eq!(params.per_page, Some(100));
                assert_eq!(params.environment.as_deref(), environment);
                assert_eq!(validate::gitlab::deployment_list(params), vec![]);
            }
        }
    }
    let src = Source::new(Forge::GitLab, "https://gitlab.example.com/api/v4", None);
    let [successes, updated] = gitlab_window_queries(&window(7), Some("production"), 100);
    assert_eq!(
        request::gitlab::list_deployments(&src, "1", &successes).url,
        "https://gitlab.example.com/api/v4/projects/1/deployments?per_page=100&order_by=finished_at&sort=desc&finished_after=2026-03-24T12%3A00%3A00Z&finished_before=2026-03-31T12%3A00%3A00Z&environment=production&status=success"
    );
    assert_eq!(
        request::gitlab::list_deployments(&src, "1", &updated).url,
        "https://gitlab.example.com/api/v4/projects/1/deployments?per_page=100&order_by=updated_at&sort=desc&updated_after=2026-03-24T12%3A00%3A00Z&environment=production"
    );
}

#[test]
fn github_pages_stop_at_the_window_start() {
    let w = window(7);
    let params = github_window_query(Some("production"), 100);
    assert_eq!(params.environment.as_deref(), Some("production"));
    assert_eq!((params.per_page, params.page), (Some(100), None));
    assert!(!github_older_than_window(w.start, &w));
    assert!(github_older_than_window(w.start - Duration::seconds(1), &w));
    assert!(!github_page_reaches_start(
        &[hours_ago(1), hours_ago(100)],
        &w
    ));
    assert!(github_page_reaches_start(
        &[hours_ago(1), hours_ago(169)],
        &w
    ));
    assert!(
        github_page_reaches_start(&[], &w),
        "an empty page ends the list"
    );
}
