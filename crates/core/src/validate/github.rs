//! GitHub checks: deployment creation, deployment status creation and pending-deployment
//! reviews. GitHub's exact wording for these is not published: the messages are ours.

use super::{check_enum, ValidationError};
use crate::request::github::{NewDeployment, NewDeploymentStatus, PendingDeploymentReview};

/// Deployment status states.
pub const STATES: [&str; 7] = [
    "error",
    "failure",
    "inactive",
    "in_progress",
    "queued",
    "pending",
    "success",
];

/// Review states for pending deployments.
pub const REVIEW_STATES: [&str; 2] = ["approved", "rejected"];

/// Longest deployment status description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 140;

/// A deployment needs a non-blank `ref`.
pub fn new_deployment(deployment: &NewDeployment) -> Vec<ValidationError> {
    if deployment.ref_.trim().is_empty() {
        // Our wording (GitHub answers 422 with a code, not a sentence).
        return vec![ValidationError::new("ref", "ref is missing")];
    }
    Vec::new()
}

/// `state` one of the seven states; `description` at most 140 characters.
pub fn new_deployment_status(status: &NewDeploymentStatus) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    // Grape-like wording shared with the GitLab checks; GitHub's own 422 text is not documented.
    check_enum(&mut errors, "state", &status.state, &STATES);
    let too_long = status
        .description
        .as_deref()
        .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION_CHARS);
    if too_long {
        // GitHub documents "The maximum description length is 140 characters."; its error text
        // is not documented, so this is ours.
        errors.push(ValidationError::new(
            "description",
            "description is too long (maximum is 140 characters)",
        ));
    }
    errors
}

/// At least one environment, `state` approved|rejected (`comment` may be empty).
pub fn pending_deployment_review(review: &PendingDeploymentReview) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    if review.environment_ids.is_empty() {
        // Our wording.
        errors.push(ValidationError::new(
            "environment_ids",
            "environment_ids needs at least one environment",
        ));
    }
    check_enum(&mut errors, "state", &review.state, &REVIEW_STATES);
    errors
}
