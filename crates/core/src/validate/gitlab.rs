//! GitLab checks: deployment list filters, environment search, deployment create/update,
//! approvals, review-app cleanup and stop_stale, with GitLab's wording.

use chrono::{DateTime, Duration, Months, Utc};

use super::{check_enum, ValidationError};
use crate::request::gitlab::{
    Approval, ApprovalStatus, DeploymentListParams, DeploymentStatus, EnvironmentListParams,
    NewDeployment, OrderBy, ReviewAppsCleanup,
};

/// Longest approval comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 255;

/// Shortest environment `search`, in characters.
pub const MIN_SEARCH_CHARS: usize = 3;

/// Review-app cleanup `limit` range.
pub const REVIEW_APPS_LIMIT: std::ops::RangeInclusive<u32> = 1..=1000;

/// `DeploymentsFinder`'s five filter rules, in the server's order. The messages are what the
/// server sends after `400 Bad request - `.
pub fn deployment_list(params: &DeploymentListParams) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let by_updated = params.updated_after.is_some() || params.updated_before.is_some();
    let by_finished = params.finished_after.is_some() || params.finished_before.is_some();
    let order_by = params.order_by.unwrap_or(OrderBy::Id);
    let finished_status = params
        .status
        .as_ref()
        .is_some_and(DeploymentStatus::is_finished);
    if by_updated && by_finished {
        errors.push(ValidationError::new(
            "updated_after",
            "Both `updated_at` filter and `finished_at` filter can not be specified",
        ));
    }
    if by_updated && order_by != OrderBy::UpdatedAt {
        errors.push(ValidationError::new(
            "order_by",
            "`updated_at` filter requires `updated_at` sort",
        ));
    }
    if by_finished && order_by != OrderBy::FinishedAt {
        errors.push(ValidationError::new(
            "order_by",
            "`finished_at` filter requires `finished_at` sort.",
        ));
    }
    if order_by == OrderBy::FinishedAt && !by_finished && !finished_status {
        errors.push(ValidationError::new(
            "order_by",
            "`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses.",
        ));
    }
    if by_finished && params.status != Some(DeploymentStatus::Success) {
        errors.push(ValidationError::new(
            "status",
            "`finished_at` filter must be combined with `success` status filter.",
        ));
    }
    errors
}

/// `name` and `search` exclude each other; `search` needs at least 3 characters.
pub fn environment_list(params: &EnvironmentListParams) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    if params.name.is_some() && params.search.is_some() {
        // Grape's `mutually_exclusive :name, :search, message: 'cannot be used together'`,
        // rendered as `{"error":"name, search cannot be used together"}`.
        errors.push(ValidationError::new(
            "search",
            "name, search cannot be used together",
        ));
    }
    let short = params
        .search
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty() && s.chars().count() < MIN_SEARCH_CHARS);
    if short {
        // `bad_request!("Search query is less than 3 characters")` in lib/api/environments.rb.
        errors.push(ValidationError::new(
            "search",
            "Search query is less than 3 characters",
        ));
    }
    errors
}

/// `environment`, `sha`, `ref` non-blank; `status` one of running, success, failed, canceled.
pub fn new_deployment(deployment: &NewDeployment) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    for (field, value) in [
        ("environment", &deployment.environment),
        ("sha", &deployment.sha),
        ("ref", &deployment.ref_),
    ] {
        if value.trim().is_empty() {
            // Grape's `allow_blank: false` wording; the contract requires non-blank but does not
            // quote the server's text, so this is our best match, not a verified one.
            errors.push(ValidationError::new(field, format!("{field} is empty")));
        }
    }
    check_enum(
        &mut errors,
        "status",
        &deployment.status,
        DeploymentStatus::WRITABLE,
    );
    errors
}

/// The `status` of a deployment update: running, success, failed or canceled.
pub fn deployment_update(status: &DeploymentStatus) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    check_enum(&mut errors, "status", status, DeploymentStatus::WRITABLE);
    errors
}

/// Approval `status` approved|rejected; `comment` at most 255 characters (not bytes).
pub fn approval(approval: &Approval) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    check_enum(&mut errors, "status", &approval.status, ApprovalStatus::ALL);
    let too_long = approval
        .comment
        .as_deref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT_CHARS);
    if too_long {
        // ActiveRecord's length message for `Deployments::Approval#comment`, which the approval
        // service returns as its error text.
        errors.push(ValidationError::new(
            "comment",
            "Comment is too long (maximum is 255 characters)",
        ));
    }
    errors
}

/// Review-app cleanup: `limit` within 1..=1000 (Grape `values: 1..1000`).
pub fn review_apps_cleanup(params: &ReviewAppsCleanup) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let out_of_range = params
        .limit
        .is_some_and(|l| !REVIEW_APPS_LIMIT.contains(&l));
    if out_of_range {
        errors.push(ValidationError::new(
            "limit",
            "limit does not have a valid value",
        ));
    }
    errors
}

/// stop_stale `before`: not earlier than 10 years ago and not later than 1 week ago.
pub fn stop_stale(before: DateTime<Utc>, now: DateTime<Utc>) -> Vec<ValidationError> {
    let oldest = now.checked_sub_months(Months::new(120)).unwrap_or(now);
    let newest = now - Duration::weeks(1);
    if before < oldest || before > newest {
        // `bad_request!('Invalid Date')` in lib/api/environments.rb: the server gives no range,
        // so the UI may explain the 10-years-to-1-week window beside it.
        return vec![ValidationError::new("before", "Invalid Date")];
    }
    Vec::new()
}
