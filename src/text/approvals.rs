//! User-facing strings of the approvals view and the approval form.

/// Page heading.
pub const TITLE: &str = "Waiting for approval";
/// Intro.
pub const INTRO: &str = "Every blocked deployment of this source's projects, oldest first.";
/// None waiting.
pub const NONE: &str = "No deployment is waiting for approval.";
/// Reload button.
pub const RELOAD: &str = "Reload";
/// GitHub has no blocked deployments in this sense.
pub const GITHUB: &str = "GitHub reviews happen on workflow runs waiting for an environment: approve them on the run's page. This view lists GitLab deployments waiting for approval.";
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
    "its blocked deployments could not be loaded; the other projects are shown below";
