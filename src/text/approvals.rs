//! User-facing strings of the approvals view and the approval form.

/// Page heading.
pub const TITLE: &str = "Waiting for approval";
/// Intro of one source's view.
pub const INTRO: &str = "Every deployment of this source's projects waiting for approval (GitLab blocked deployments, GitHub runs waiting for an environment's reviewers), oldest first.";
/// Intro of the inbox (every source).
pub const INBOX_INTRO: &str = "Every deployment waiting for approval across every source (GitLab blocked deployments, GitHub runs waiting for an environment's reviewers), oldest first.";
/// Link from one source's view to the inbox.
pub const ALL_SOURCES: &str = "Show every source";
/// Source label.
pub const SOURCE: &str = "Source";
/// A GitHub run's label.
pub const RUN: &str = "Run";
/// Who may review a GitHub pending deployment.
pub const REVIEWERS: &str = "Required reviewers";
/// The comment in a review confirmation.
pub const COMMENT_SENT: &str = "Comment";
/// This token may not review a GitHub pending deployment (GitHub does not say which reason).
pub const CANNOT_REVIEW: &str = "You cannot review this one: this token's user is not one of the environment's required reviewers, or triggered the run while the environment prevents self-review.";
/// The badge's accessible name suffix.
pub const WAITING_BADGE: &str = "waiting for approval";
/// None waiting.
pub const NONE: &str = "No deployment is waiting for approval.";
/// Reload button.
pub const RELOAD: &str = "Reload";
/// Waits for heading.
pub const WAITING_FOR: &str = "Waiting for";
/// No longer waiting.
pub const NOT_WAITING: &str = "No longer waiting for approval.";
/// Form legend.
pub const ANSWER: &str = "Your answer";
/// Approve radio.
pub const APPROVE: &str = "Approve";
/// Reject radio.
pub const REJECT: &str = "Reject";
/// Comment field.
pub const COMMENT: &str = "Comment (optional)";
/// Rule chooser.
pub const REPRESENTED_AS: &str = "Approve as (rule)";
/// Let the server choose.
pub const ANY_RULE: &str = "the first rule that applies to me";
/// Submit button.
pub const SUBMIT: &str = "Send answer";
/// Submitted without choosing approve or reject: nothing is sent.
pub const CHOOSE: &str = "Choose Approve or Reject first: nothing was sent.";
/// The confirmation's button when approving.
pub const CONFIRM_APPROVE: &str = "Approve";
/// The confirmation's button when rejecting.
pub const CONFIRM_REJECT: &str = "Reject";
/// Sent.
pub const SENT: &str = "Answer recorded.";
/// Rules table heading.
pub const RULE: &str = "Rule";
/// Progress column.
pub const PROGRESS: &str = "Progress";
/// Deployed by.
pub const BY: &str = "by";
/// Project label.
pub const PROJECT: &str = "Project";

/// The question before sending: "Approve deployment #12 (main) to production?".
pub fn confirm_answer(approve: bool, iid: u64, git_ref: &str, environment: &str) -> String {
    let verb = if approve { "Approve" } else { "Reject" };
    let to = if environment.is_empty() {
        String::new()
    } else {
        format!(" to {environment}")
    };
    format!("{verb} deployment #{iid} ({git_ref}){to}?")
}

/// The question before a GitHub review: "Approve run #1 (main) to production?".
pub fn confirm_review(approve: bool, number: u64, git_ref: &str, environment: &str) -> String {
    let verb = if approve { "Approve" } else { "Reject" };
    format!("{verb} run #{number} ({git_ref}) to {environment}?")
}

/// After a GitHub review, once the item left the list.
pub fn reviewed(approve: bool, number: u64, environment: &str) -> String {
    let done = if approve { "Approved" } else { "Rejected" };
    format!("{done} run #{number} to {environment}.")
}

/// "waits 5 min after approval".
pub fn wait_timer(minutes: u32) -> String {
    format!("then a {minutes}-minute wait timer")
}

/// The question when the deployment is not known by name.
pub fn confirm_answer_unnamed(approve: bool) -> String {
    let verb = if approve { "Approve" } else { "Reject" };
    format!("{verb} this deployment?")
}

/// "security: 1 of 2".
pub fn progress(name: &str, approved: u32, required: u32) -> String {
    format!("{name}: {approved} of {required}")
}

/// "3 deployments waiting".
pub fn count(n: usize) -> String {
    match n {
        1 => "1 deployment waiting".to_owned(),
        n => format!("{n} deployments waiting"),
    }
}

/// Shown above a project's error on the approvals view (the others are still listed).
pub const PROJECT_FAILED: &str =
    "its deployments waiting for approval could not be loaded; the other projects are shown below";
