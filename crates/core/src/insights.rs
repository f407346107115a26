//! DORA-style delivery metrics over loaded deployment rows, for a window ending at `now`.
//!
//! Everything here is pure: `now` is a parameter, rows come from either forge through the
//! unified [`DeploymentRow`]. The window is `[now - days, now)`; a deployment belongs to it by its
//! finish time (`finished_at`), except for the "other" bar of the daily series, where a
//! deployment that has not finished counts by its creation time.
//!
//! - **Deployment frequency**: successful deployments finished in the window ÷ `days`.
//! - **Change failure rate**: failed ÷ (successful + failed) finished in the window, in percent;
//!   canceled, skipped, inactive, running, created, blocked and unknown are not counted; `None`
//!   when nothing succeeded or failed.
//! - **Lead time for changes**: median of `finished_at − commit_created_at` over successful
//!   deployments finished in the window that know their commit time (GitLab with a CI job);
//!   `None` when none does (GitHub: always). A negative difference (clock skew) is left out.
//! - **Time to restore**: per `(forge, project, environment)`, in finish order, a failure opens an
//!   incident (later failures extend it) and the next success closes it; the sample is the
//!   success's finish − the first failure's finish. Incidents closed in the window count;
//!   `None` when none was closed.
//!
//! Medians of an even count are the mean of the two middle values (to the millisecond).
//!
//! Where the rows come from: on GitLab, [`gitlab_last_success_before`] (one row) then every
//! page of [`gitlab_updated_since`] from [`gitlab_since`] (server-side filters within GitLab's
//! rules; [`gitlab_window_queries`] is the simpler pair without the restore anchor) and, for
//! GitHub (no date filter), newest-first pages read until [`github_page_reaches_start`].

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::model::view::{DeploymentRow, Forge, Status};
use crate::request::gitlab::{DeploymentListParams, DeploymentStatus, OrderBy, Sort};

/// The window lengths the dashboard offers, in days.
pub const WINDOW_DAYS: [u32; 3] = [7, 30, 90];

/// The longest window [`Window::new`] accepts, in days.
pub const MAX_WINDOW_DAYS: u32 = 366;

/// `[start, end)` with `end = now` and `start = now - days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First instant in the window.
    pub start: DateTime<Utc>,
    /// First instant after the window (`now`).
    pub end: DateTime<Utc>,
    /// Length in days.
    pub days: u32,
}

impl Window {
    /// The `days` days before `now`; `None` unless `1 ≤ days ≤ MAX_WINDOW_DAYS`.
    pub fn new(now: DateTime<Utc>, days: u32) -> Option<Window> {
        if !(1..=MAX_WINDOW_DAYS).contains(&days) {
            return None;
        }
        Some(Window {
            start: now - Duration::days(i64::from(days)),
            end: now,
            days,
        })
    }

    /// Whether `t` is in `[start, end)`.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// The index of the day of the window `t` falls in (day 0 starts at `start`; days are
    /// 24-hour spans counted from `start`, not calendar days), `None` outside the window.
    pub fn day_of(&self, t: DateTime<Utc>) -> Option<usize> {
        if !self.contains(t) {
            return None;
        }
        usize::try_from((t - self.start).num_milliseconds() / 86_400_000).ok()
    }
}

/// The four metrics of one window, with the counts behind them.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// The window they describe.
    pub window: Window,
    /// Successful deployments finished in the window.
    pub successful: u32,
    /// Failed deployments finished in the window.
    pub failed: u32,
    /// `successful / days`.
    pub deployments_per_day: f64,
    /// `failed / (successful + failed) × 100`; `None` when both are 0.
    pub change_failure_rate: Option<f64>,
    /// Median lead time for changes; `None` = not available.
    pub lead_time: Option<Duration>,
    /// How many deployments the lead time is the median of.
    pub lead_time_samples: u32,
    /// Median time to restore; `None` when no failure was restored in the window.
    pub time_to_restore: Option<Duration>,
    /// How many restored incidents the time to restore is the median of.
    pub restores: u32,
}

/// One day of the window for a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct DayPoint {
    /// Start of the day (`window.start + index` days).
    pub start: DateTime<Utc>,
    /// Successful deployments finished that day.
    pub success: u32,
    /// Failed deployments finished that day.
    pub failed: u32,
    /// Every other deployment: finished ones (canceled, skipped, inactive, unknown) by finish
    /// time, unfinished ones (created, running, blocked) by creation time.
    pub other: u32,
    /// Median lead time of that day's successful deployments, when any knows its commit time.
    pub median_lead_time: Option<Duration>,
}

/// The metrics of `rows` in `window` (see the module documentation for each definition).
pub fn metrics(rows: &[DeploymentRow], window: &Window) -> Metrics {
    let finished_in = |r: &&DeploymentRow| r.finished_at.is_some_and(|f| window.contains(f));
    let successful = rows
        .iter()
        .filter(finished_in)
        .filter(|r| r.status == Status::Success)
        .count() as u32;
    let failed = rows
        .iter()
        .filter(finished_in)
        .filter(|r| r.status == Status::Failed)
        .count() as u32;
    let change_failure_rate = (successful + failed > 0)
        .then(|| f64::from(failed) * 100.0 / f64::from(successful + failed));
    let leads: Vec<Duration> = rows
        .iter()
        .filter(finished_in)
        .filter_map(lead_time_of)
        .collect();
    let restores = restore_times(rows, window);
    Metrics {
        window: *window,
        successful,
        failed,
        deployments_per_day: f64::from(successful) / f64::from(window.days),
        change_failure_rate,
        lead_time: median(leads.clone()),
        lead_time_samples: leads.len() as u32,
        time_to_restore: median(restores.clone()),
        restores: restores.len() as u32,
    }
}

/// One [`DayPoint`] per day of the window, oldest first (`window.days` points).
pub fn daily(rows: &[DeploymentRow], window: &Window) -> Vec<DayPoint> {
    let days = window.days as usize;
    let mut points: Vec<DayPoint> = (0..days)
        .map(|i| DayPoint {
            start: window.start + Duration::days(i as i64),
            success: 0,
            failed: 0,
            other: 0,
            median_lead_time: None,
        })
        .collect();
    let mut leads: Vec<Vec<Duration>> = vec![Vec::new(); days];
    for row in rows {
        let at = if row.status.is_finished() {
            row.finished_at
        } else {
            Some(row.created_at)
        };
        let Some(day) = at.and_then(|t| window.day_of(t)) else {
            continue;
        };
        let point = &mut points[day];
        match row.status {
            Status::Success => {
                point.success += 1;
                leads[day].extend(lead_time_of(row));
            }
            Status::Failed => point.failed += 1,
            _ => point.other += 1,
        }
    }
    for (point, day_leads) in points.iter_mut().zip(leads) {
        point.median_lead_time = median(day_leads);
    }
    points
}

/// `finished_at − commit_created_at` of a successful deployment, when both are known and the
/// difference is not negative.
pub fn lead_time_of(row: &DeploymentRow) -> Option<Duration> {
    if row.status != Status::Success {
        return None;
    }
    let lead = row.finished_at? - row.commit_created_at?;
    (lead >= Duration::zero()).then_some(lead)
}

/// The restore times of the incidents closed in the window (see the module documentation).
pub fn restore_times(rows: &[DeploymentRow], window: &Window) -> Vec<Duration> {
    // (finish, succeeded, id) per (forge, project, environment).
    type Events = Vec<(DateTime<Utc>, bool, u64)>;
    let mut by_environment: BTreeMap<(Forge, &str, &str), Events> = BTreeMap::new();
    for row in rows {
        let ok = match row.status {
            Status::Success => true,
            Status::Failed => false,
            _ => continue,
        };
        let Some(finished) = row.finished_at else {
            continue;
        };
        by_environment
            .entry((row.forge, &row.project, &row.environment))
            .or_default()
            .push((finished, ok, row.id));
    }
    let mut samples = Vec::new();
    for events in by_environment.values_mut() {
        // Finish order; the id breaks ties so the answer does not depend on the input order.
        events.sort_by_key(|&(at, _, id)| (at, id));
        let mut incident: Option<DateTime<Utc>> = None;
        for &(at, ok, _) in events.iter() {
            match (ok, incident) {
                (false, None) => incident = Some(at),
                (true, Some(since)) => {
                    if window.contains(at) {
                        samples.push(at - since);
                    }
                    incident = None;
                }
                _ => {}
            }
        }
    }
    samples
}

/// The median, to the millisecond (the mean of the two middle values for an even count).
pub fn median(mut values: Vec<Duration>) -> Option<Duration> {
    if values.is_empty() {
        return None;
    }
    values.sort();
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        return Some(values[mid]);
    }
    let (a, b) = (values[mid - 1], values[mid]);
    Some(Duration::milliseconds(
        (a.num_milliseconds() + b.num_milliseconds()) / 2,
    ))
}

/// The GitLab list queries that together return every deployment the metrics of `window`
/// need, each within GitLab's filter rules (`validate::gitlab::deployment_list` accepts them):
///
/// 1. the successful ones finished in the window: `order_by=finished_at`, `sort=desc`,
///    `status=success`, `finished_after=start`, `finished_before=end` (frequency, lead time);
/// 2. every deployment updated since the window's start: `order_by=updated_at`, `sort=desc`,
///    `updated_after=start` (failures and the rest; a deployment's `updated_at` is not before
///    its finish, so this one alone also holds every row of the first).
///
/// Both read page by page to the end with `per_page` (GitLab clamps to 100); merge them by id.
/// `environment` narrows both to one environment.
pub fn gitlab_window_queries(
    window: &Window,
    environment: Option<&str>,
    per_page: u32,
) -> [DeploymentListParams; 2] {
    let base = DeploymentListParams {
        per_page: Some(per_page),
        sort: Some(Sort::Desc),
        environment: environment.map(str::to_owned),
        ..Default::default()
    };
    [
        DeploymentListParams {
            order_by: Some(OrderBy::FinishedAt),
            status: Some(DeploymentStatus::Success),
            finished_after: Some(window.start),
            finished_before: Some(window.end),
            ..base.clone()
        },
        DeploymentListParams {
            order_by: Some(OrderBy::UpdatedAt),
            updated_after: Some(window.start),
            ..base
        },
    ]
}

/// GitHub's list query for a window: GitHub has no date filter and lists newest first, so the
/// client reads pages (of one environment, or all) until [`github_page_reaches_start`].
pub fn github_window_query(
    environment: Option<&str>,
    per_page: u32,
) -> crate::request::github::DeploymentListParams {
    crate::request::github::DeploymentListParams {
        environment: environment.map(str::to_owned),
        per_page: Some(per_page),
        ..Default::default()
    }
}

/// Whether a GitHub deployment created at `created_at` is older than the window: on a
/// newest-first list, every later one is too.
pub fn github_older_than_window(created_at: DateTime<Utc>, window: &Window) -> bool {
    created_at < window.start
}

/// Whether paging a newest-first GitHub list can stop after this page: one of its deployments
/// (creation times) is older than the window, or the page is empty.
///
/// A deployment created just before the window that finished inside it is missed; read one
/// more page if that matters.
pub fn github_page_reaches_start(created: &[DateTime<Utc>], window: &Window) -> bool {
    created.is_empty() || created.iter().any(|&t| github_older_than_window(t, window))
}

/// GitLab: the last successful deployment that finished before the window (`per_page=1`,
/// `order_by=finished_at`, `sort=desc`, `status=success`, `finished_before=start`; within
/// GitLab's rules). Its finish is where an incident still open at the window's start began to
/// be possible, so the time to restore of an incident that started before the window and was
/// closed in it is measured from its real first failure (see [`gitlab_since`]).
pub fn gitlab_last_success_before(
    window: &Window,
    environment: Option<&str>,
) -> DeploymentListParams {
    DeploymentListParams {
        page: Some(1),
        per_page: Some(1),
        order_by: Some(OrderBy::FinishedAt),
        sort: Some(Sort::Desc),
        status: Some(DeploymentStatus::Success),
        finished_before: Some(window.start),
        environment: environment.map(str::to_owned),
        ..Default::default()
    }
}

/// Where GitLab's updated-since list starts: the finish of the last success before the window
/// (from [`gitlab_last_success_before`]) when there is one, else the window's start. Every
/// deployment that finished since then has `updated_at` at or after it, so the list holds every
/// row the window's metrics and charts need, and the failures that opened an incident before
/// the window (back to the success before them). Without an earlier success, an incident open
/// at the window's start is not measured (its first failure is not read).
pub fn gitlab_since(window: &Window, last_success_before: Option<DateTime<Utc>>) -> DateTime<Utc> {
    last_success_before
        .filter(|&t| t < window.start)
        .unwrap_or(window.start)
}

/// GitLab: every deployment (any status) updated at or after `since`, newest update first
/// (`order_by=updated_at`, `sort=desc`, `updated_after=since`; within GitLab's rules), of one
/// environment; read to the end, page by page, with `per_page` (GitLab clamps to 100).
pub fn gitlab_updated_since(
    since: DateTime<Utc>,
    environment: Option<&str>,
    per_page: u32,
) -> DeploymentListParams {
    DeploymentListParams {
        per_page: Some(per_page),
        order_by: Some(OrderBy::UpdatedAt),
        sort: Some(Sort::Desc),
        updated_after: Some(since),
        environment: environment.map(str::to_owned),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    //! The GitLab fetch plan against a model of GitLab's filters: the rows it reads give the
    //! same metrics and series as every row of the project.

    use super::*;
    use crate::validate;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap()
    }

    fn at(h: i64) -> DateTime<Utc> {
        now() - Duration::hours(h)
    }

    /// A GitLab row finished `h` hours ago (updated then), its commit 30 min before.
    fn row(id: u64, env: &str, status: Status, h: i64) -> DeploymentRow {
        DeploymentRow {
            forge: Forge::GitLab,
            project: "g/app".into(),
            id,
            iid: Some(id),
            environment: env.into(),
            tier: None,
            forge_status: status.as_str().into(),
            git_ref: "main".into(),
            is_tag: false,
            sha: format!("{id:040x}").into(),
            author: None,
            created_at: at(h) - Duration::minutes(10),
            updated_at: at(h),
            finished_at: status.is_finished().then(|| at(h)),
            duration_secs: None,
            job: None,
            pipeline: None,
            web_base: None,
            commit_link: Default::default(),
            commit_title: None,
            commit_created_at: Some(at(h) - Duration::minutes(30)),
            status_log_url: None,
            environment_url: None,
            description: None,
            pending_approval_count: None,
            status,
        }
    }

    /// What GitLab answers for `params` (the filters the plan uses), newest first.
    fn server(rows: &[DeploymentRow], p: &DeploymentListParams) -> Vec<DeploymentRow> {
        let mut out: Vec<DeploymentRow> = rows
            .iter()
            .filter(|r| p.environment.as_deref().is_none_or(|e| r.environment == e))
            .filter(|r| {
                p.status
                    .as_ref()
                    .is_none_or(|s| r.status == Status::from_gitlab(s))
            })
            .filter(|r| p.updated_after.is_none_or(|t| r.updated_at >= t))
            .filter(|r| {
                p.finished_before
                    .is_none_or(|t| r.finished_at.is_some_and(|f| f < t))
            })
            .cloned()
            .collect();
        match p.order_by {
            Some(OrderBy::FinishedAt) => out.sort_by_key(|r| std::cmp::Reverse(r.finished_at)),
            _ => out.sort_by_key(|r| std::cmp::Reverse(r.updated_at)),
        }
        if let Some(n) = p.per_page.filter(|_| p.page.is_some()) {
            out.truncate(n as usize);
        }
        out
    }

    /// The plan: the anchor, then everything updated since it, merged by id.
    fn planned(rows: &[DeploymentRow], window: &Window, env: &str) -> Vec<DeploymentRow> {
        let anchor_q = gitlab_last_success_before(window, Some(env));
        let anchor = server(rows, &anchor_q);
        let since = gitlab_since(window, anchor.first().and_then(|r| r.finished_at));
        let updated_q = gitlab_updated_since(since, Some(env), 100);
        for q in [&anchor_q, &updated_q] {
            assert_eq!(validate::gitlab::deployment_list(q), vec![], "{q:?}");
        }
        let mut out = server(rows, &updated_q);
        for r in anchor {
            if !out.iter().any(|o| o.id == r.id) {
                out.push(r);
            }
        }
        out
    }

    /// Production: an incident opened 2 days before the 7-day window (two failures after the
    /// success at 220 h) and restored 4 h into it; one in the window; a canceled and a running
    /// deployment. Staging is noise the environment filter leaves out.
    fn history() -> Vec<DeploymentRow> {
        use Status::*;
        let mut running = row(9, "production", Running, 3);
        running.finished_at = None;
        vec![
            row(1, "production", Success, 400),
            row(2, "production", Failed, 300),
            row(3, "production", Success, 220),
            row(4, "production", Failed, 215),
            row(5, "production", Failed, 180),
            row(6, "production", Success, 164), // restores 4: 51 h
            row(7, "production", Failed, 50),
            row(8, "production", Success, 48), // restores 7: 2 h
            running,
            row(10, "production", Canceled, 20),
            row(11, "staging", Failed, 100),
            row(12, "staging", Success, 1),
        ]
    }

    #[test]
    fn the_gitlab_plan_reads_what_the_metrics_need() {
        let w = Window::new(now(), 7).unwrap();
        let all: Vec<DeploymentRow> = history()
            .into_iter()
            .filter(|r| r.environment == "production")
            .collect();
        let read = planned(&history(), &w, "production");
        let mut ids: Vec<u64> = read.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            vec![3, 4, 5, 6, 7, 8, 9, 10],
            "from the last success before the window"
        );
        let m = metrics(&read, &w);
        assert_eq!(m, metrics(&all, &w));
        assert_eq!((m.successful, m.failed), (2, 1));
        assert_eq!(m.change_failure_rate, Some(100.0 / 3.0));
        assert_eq!(m.deployments_per_day, 2.0 / 7.0);
        assert_eq!(m.lead_time, Some(Duration::minutes(30)));
        assert_eq!(m.restores, 2);
        // Median of 51 h and 2 h.
        assert_eq!(m.time_to_restore, Some(Duration::minutes(26 * 60 + 30)));
        assert_eq!(daily(&read, &w), daily(&all, &w));
    }

    #[test]
    fn without_an_earlier_success_the_list_starts_at_the_window() {
        let w = Window::new(now(), 7).unwrap();
        let rows = vec![
            row(1, "production", Status::Failed, 200),
            row(2, "production", Status::Success, 100),
        ];
        let anchor = server(&rows, &gitlab_last_success_before(&w, Some("production")));
        assert!(anchor.is_empty());
        assert_eq!(gitlab_since(&w, None), w.start);
        let read = planned(&rows, &w, "production");
        assert_eq!(read.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2]);
        let m = metrics(&read, &w);
        assert_eq!((m.successful, m.failed, m.restores), (1, 0, 0));
        assert_eq!(m.change_failure_rate, Some(0.0));
        assert_eq!(m.time_to_restore, None);
    }

    #[test]
    fn the_plans_queries_and_urls() {
        let w = Window::new(now(), 30).unwrap();
        assert_eq!(
            gitlab_since(&w, Some(w.start + Duration::hours(1))),
            w.start
        );
        let src =
            crate::request::Source::new(Forge::GitLab, "https://gitlab.example.com/api/v4", None);
        assert_eq!(
            crate::request::gitlab::list_deployments(&src, "1", &gitlab_last_success_before(&w, Some("production"))).url,
            "https://gitlab.example.com/api/v4/projects/1/deployments?page=1&per_page=1&order_by=finished_at&sort=desc&finished_before=2026-03-01T12%3A00%3A00Z&environment=production&status=success"
        );
        assert_eq!(
            crate::request::gitlab::list_deployments(&src, "1", &gitlab_updated_since(w.start, Some("production"), 100)).url,
            "https://gitlab.example.com/api/v4/projects/1/deployments?per_page=100&order_by=updated_at&sort=desc&updated_after=2026-03-01T12%3A00%3A00Z&environment=production"
        );
    }
}
