//! User-facing strings of the write actions shared by every form: busy states, confirmations,
//! acting as another user, and the deployment forms.

/// Shown on a submit button while its request is in flight.
pub const SENDING: &str = "Sending…";
/// Cancel a form or a confirmation.
pub const CANCEL: &str = "Cancel";
/// Confirm a destructive action.
pub const CONFIRM: &str = "Confirm";
/// Heading of client-side validation problems.
pub const INVALID: &str = "Not sent: the server would refuse this.";
/// The act-as chooser's label.
pub const ACT_AS: &str = "Act as";
/// The act-as default: the source's own token.
pub const ACT_AS_SOURCE: &str = "the source's token";
/// Hint under the act-as chooser.
pub const ACT_AS_HINT: &str = "Writes are sent with this user's token (from config.json).";
/// Done.
pub const DONE: &str = "Done.";
/// A write whose answer never arrived (the connection failed after sending, or the answer could
/// not be read): the server may have applied it, so the view reloads what it touched.
pub const MAYBE_APPLIED: &str = "The answer did not arrive: the change may have been applied; reloading to show what the server has now.";

/// "Type production to confirm".
pub fn type_to_confirm(name: &str) -> String {
    format!("Type {name} to confirm")
}

/// A live character counter: "12 / 140".
pub fn counter(used: usize, max: usize) -> String {
    format!("{used} / {max}")
}

/// The counter's accessible description when over the limit.
pub fn over_by(used: usize, max: usize) -> String {
    format!("{} characters too many", used.saturating_sub(max))
}

/// Deployment forms (GitLab and GitHub) in the drawer and on the environments page.
pub mod deployment {
    /// Section heading in the drawer.
    pub const ACTIONS: &str = "Change this deployment";
    /// New deployment heading and button.
    pub const NEW: &str = "New deployment";
    /// Create button.
    pub const CREATE: &str = "Create deployment";
    /// Fields.
    pub const ENVIRONMENT: &str = "Environment";
    /// Environment hint.
    pub const ENVIRONMENT_HINT: &str = "Found or created by name.";
    /// SHA field.
    pub const SHA: &str = "Commit SHA";
    /// Ref field.
    pub const REF: &str = "Ref (branch or tag)";
    /// Tag checkbox.
    pub const TAG: &str = "The ref is a tag";
    /// Status field.
    pub const STATUS: &str = "Status";
    /// Created message.
    pub const CREATED: &str = "Deployment created:";
    /// Update heading.
    pub const UPDATE: &str = "Update status";
    /// Update button.
    pub const UPDATE_BUTTON: &str = "Set status";
    /// Why only some statuses are offered.
    pub const TRANSITIONS: &str = "Only the changes GitLab's state machine allows are offered: running only from created or blocked; success, failed and canceled from any other status.";
    /// CI-made deployments.
    pub const CI_MADE: &str = "This deployment was made by a CI job: GitLab refuses API updates to it (its status follows the job). Change it by running, retrying or canceling the job.";
    /// Delete heading and button.
    pub const DELETE: &str = "Delete deployment";
    /// What delete cannot do.
    pub const DELETE_REFUSALS: &str = "GitLab refuses to delete a running deployment, and the environment's current deployment (its last successful one).";
    /// Delete confirmation.
    pub const DELETE_CONFIRM: &str =
        "Delete this deployment? Its record and its link to merge requests are removed for good.";
    /// Deleted message.
    pub const DELETED: &str = "Deployment deleted.";
    /// Updated message.
    pub const UPDATED: &str = "Status updated.";
    /// GitHub status form heading.
    pub const NEW_STATUS: &str = "Report a status";
    /// GitHub state field.
    pub const STATE: &str = "State";
    /// GitHub description field.
    pub const DESCRIPTION: &str = "Description";
    /// GitHub log URL field.
    pub const LOG_URL: &str = "Log URL";
    /// GitHub environment URL field.
    pub const ENVIRONMENT_URL: &str = "Environment URL";
    /// GitHub auto-inactive checkbox.
    pub const AUTO_INACTIVE: &str =
        "Mark earlier successful deployments to this environment inactive (auto_inactive)";
    /// GitHub create-status button.
    pub const CREATE_STATUS: &str = "Create status";
    /// GitHub delete explanation.
    pub const GITHUB_DELETE: &str = "GitHub deletes only inactive deployments (report an inactive status first), unless it is the only deployment of its environment.";
    /// Status created.
    pub const STATUS_CREATED: &str = "Status created.";
}
