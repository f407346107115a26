//! The insights view's words.

use chrono::{DateTime, Utc};

/// Page heading.
pub const TITLE: &str = "How we ship";
/// The form's accessible name.
pub const FORM: &str = "Insights filters";
/// Environment field label.
pub const ENVIRONMENT: &str = "Environment";
/// Under the environment field.
pub const ENVIRONMENT_HINT: &str = "Empty: production";
/// The environment shown when the URL names none.
pub const DEFAULT_ENVIRONMENT: &str = "production";
/// Window chooser label.
pub const DAYS: &str = "Window";
/// Apply button.
pub const APPLY: &str = "Show";
/// No project to show.
pub const NO_PROJECT: &str =
    "Choose a project in the header to see how it ships (delivery metrics need one project).";
/// A value the forge cannot give.
pub const NOT_AVAILABLE: &str = "not available";
/// A window option, e.g. "Last 30 days".
pub fn last_days(days: u32) -> String {
    format!("Last {days} days")
}
/// The heading of what is shown: "production · last 30 days".
pub fn heading(environment: &str, days: u32) -> String {
    format!("{environment} · last {days} days")
}
/// The window's absolute range and when it was read.
pub fn window_range(start: DateTime<Utc>, end: DateTime<Utc>, read: &str) -> String {
    format!(
        "From {} to {} (read {read}).",
        start.format("%Y-%m-%d %H:%M UTC"),
        end.format("%Y-%m-%d %H:%M UTC")
    )
}
/// Shown while the window's deployments load, with how many have arrived.
pub fn loading(rows: usize) -> String {
    if rows == 0 {
        "Loading the window's deployments…".to_owned()
    } else {
        format!("Loading the window's deployments… {rows} so far")
    }
}
/// Shown while GitHub statuses load.
pub fn loading_statuses(done: usize, total: usize) -> String {
    format!("Reading each deployment's latest status… {done} of {total}")
}
/// Nothing finished in the window.
pub fn empty(environment: &str, days: u32) -> String {
    format!(
        "No deployment to {environment} finished in the last {days} days. Choose another environment or a longer window."
    )
}
/// The environment suggestions could not be read (the field still works).
pub const NO_SUGGESTIONS: &str = "The environment list could not be read; type a name.";
/// GitHub statuses that could not be read.
pub fn statuses_missing(n: usize) -> String {
    format!("The latest status of {n} deployment(s) could not be read; they are not counted.")
}
/// The list was cut at the page cap.
pub const PARTIAL: &str =
    "The list was cut at the page limit: the figures cover only the deployments read.";

/// Metric names and explanations.
pub const METRICS: &str = "Delivery metrics";
/// Deployment frequency.
pub const FREQUENCY: &str = "Deployment frequency";
/// Change failure rate.
pub const FAILURE_RATE: &str = "Change failure rate";
/// Lead time for changes.
pub const LEAD_TIME: &str = "Lead time for changes";
/// Time to restore.
pub const RESTORE: &str = "Time to restore";

/// "1.23 per day".
pub fn per_day(value: f64) -> String {
    format!("{value:.2} per day")
}
/// "12 successful in 30 days".
pub fn frequency_detail(successful: u32, days: u32) -> String {
    format!("{successful} successful in {days} days")
}
/// "12.5 %".
pub fn percent(value: f64) -> String {
    format!("{value:.1} %")
}
/// "3 failed of 24 (successful + failed)".
pub fn failure_detail(failed: u32, successful: u32) -> String {
    format!(
        "{failed} failed of {} successful or failed",
        failed + successful
    )
}
/// Nothing succeeded or failed in the window.
pub const NO_FINISHED: &str = "no successful or failed deployment in the window";
/// "median of 12 deployments".
pub fn median_of(n: u32, what: &str) -> String {
    format!("median of {n} {what}")
}
/// GitHub gives no commit time.
pub const NO_COMMIT_TIME: &str = "GitHub deployments carry no commit time";
/// No successful deployment with a commit time.
pub const NO_LEAD_SAMPLES: &str = "no successful deployment with a commit time in the window";
/// No failure was restored in the window.
pub const NO_RESTORE: &str = "no failure was followed by a success in the window";
/// Sample noun for lead time.
pub const DEPLOYMENTS: &str = "deployments";
/// Sample noun for time to restore.
pub const RESTORES: &str = "restored failures";

/// Charts.
pub const DEPLOYS_CHART: &str = "Deployments per day";
/// The chart's description for assistive technology.
pub fn deploys_desc(days: u32, successful: u32, failed: u32, other: u32) -> String {
    format!(
        "Stacked bars, one per day of the last {days} days: {successful} successful, {failed} failed, {other} other (canceled, skipped, running, created, blocked). The data table below has each day."
    )
}
/// Lead time chart title.
pub const LEAD_CHART: &str = "Lead time per day (median, hours)";
/// The lead time chart's description.
pub fn lead_desc(days_with_data: usize, days: u32) -> String {
    format!(
        "Points joined by a line: the median lead time of each day's successful deployments, on {days_with_data} of {days} days. The data table below has each day."
    )
}
/// The lead time chart has nothing to draw.
pub const NO_LEAD_CHART: &str =
    "No lead time to draw: no successful deployment in the window has a commit time.";
/// GitHub deployments carry no commit time.
pub const NO_LEAD_CHART_GITHUB: &str =
    "No lead time to draw: GitHub deployments carry no commit time.";
/// The data table disclosure.
pub const DATA_TABLE: &str = "Data table";
/// Table columns.
pub const DAY: &str = "Day (UTC, from the window start)";
/// Successful column.
pub const SUCCESSFUL: &str = "Successful";
/// Failed column.
pub const FAILED: &str = "Failed";
/// Other column.
pub const OTHER: &str = "Other";
/// Median lead time column.
pub const MEDIAN_LEAD: &str = "Median lead time";
/// A day without a value.
pub const NONE: &str = "—";
/// One bar's tooltip.
pub fn bar_title(day: &str, success: u32, failed: u32, other: u32) -> String {
    format!("{day}: {success} successful, {failed} failed, {other} other")
}
/// One point's tooltip.
pub fn point_title(day: &str, lead: &str) -> String {
    format!("{day}: median lead time {lead}")
}
/// "3 h" axis label.
pub fn hours(h: f64) -> String {
    if h >= 10.0 || h == 0.0 {
        format!("{h:.0} h")
    } else {
        format!("{h:.1} h")
    }
}
