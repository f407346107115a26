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

/// GitHub's new-deployment form on the environments page, and its three answers.
pub mod github_deployment {
    /// The section's accessible name.
    pub const SECTION: &str = "GitHub deployment actions";
    /// What the section can and cannot do.
    pub const HINT: &str = "GitHub environments are managed in the repository settings; deployments can be requested here.";
    /// Opens the form.
    pub const NEW: &str = "New deployment";
    /// Ref field.
    pub const REF: &str = "Ref (branch, tag or SHA)";
    /// Environment field.
    pub const ENVIRONMENT: &str = "Environment (empty: production)";
    /// Task field.
    pub const TASK: &str = "Task (empty: deploy)";
    /// Description field.
    pub const DESCRIPTION: &str = "Description";
    /// auto_merge checkbox.
    pub const AUTO_MERGE: &str =
        "Merge the default branch into the ref first when it is behind (auto_merge)";
    /// The status-check choice.
    pub const CONTEXTS: &str = "Commit status checks GitHub requires (required_contexts)";
    /// required_contexts left out.
    pub const CONTEXTS_ALL: &str = "All: every status reported on the commit must be success (field left out, GitHub's default)";
    /// required_contexts: [].
    pub const CONTEXTS_NONE: &str = "None: skip status checks (sends an empty list, [])";
    /// required_contexts: [...].
    pub const CONTEXTS_ONLY: &str = "Only these contexts:";
    /// The contexts field.
    pub const CONTEXTS_LIST: &str = "Contexts, separated by commas or new lines";
    /// Payload field.
    pub const PAYLOAD: &str = "Payload (a JSON object, optional; checked before sending)";
    /// transient_environment checkbox.
    pub const TRANSIENT: &str = "The environment will go away (transient_environment)";
    /// production_environment choice.
    pub const PRODUCTION: &str = "End users interact with it (production_environment)";
    /// production_environment left out.
    pub const PRODUCTION_DEFAULT: &str = "GitHub's default: yes for production only";
    /// production_environment true.
    pub const YES: &str = "Yes";
    /// production_environment false.
    pub const NO: &str = "No";
    /// Submit.
    pub const CREATE: &str = "Create deployment";
    /// 202: nothing deployed.
    pub const MERGED_TITLE: &str = "No deployment was created (HTTP 202).";
    /// 202: what to do.
    pub const MERGED_ADVICE: &str = "The ref was behind the default branch, so GitHub merged the default branch into it instead of deploying. The ref now points at a new merge commit: let its checks run, then create the deployment again (or turn off auto_merge to deploy a ref as it is).";
    /// 409 merge conflict: what to do.
    pub const MERGE_CONFLICT_ADVICE: &str = "GitHub could not merge the default branch into the ref: resolve the conflict in the branch (merge or rebase it), or turn off auto_merge to deploy the ref as it is.";
    /// 409 status checks: what to do.
    pub const CHECKS_ADVICE: &str = "Not deployed: the commit's status checks are not all success. Wait for pending checks, fix failing ones, require only the contexts that matter (\"Only these contexts\"), or choose \"None\" (required_contexts: []) to skip the checks.";
    /// 409 of another kind.
    pub const OTHER_CONFLICT_ADVICE: &str =
        "GitHub refused to create the deployment because of a conflict: check the ref and try again.";
    /// Heading of the failing contexts.
    pub const FAILING_CONTEXTS: &str = "Checks that are not success:";

    /// 201: "Deployment #42 created: topic-branch → production."
    pub fn created(id: u64, git_ref: &str, environment: &str) -> String {
        format!("Deployment #{id} created: {git_ref} → {environment}.")
    }

    /// "Only these contexts" with none listed yet.
    pub const CONTEXTS_ONLY_EMPTY: &str =
        "List at least one context, or choose None to skip the checks.";

    /// What the required_contexts choice sends.
    pub fn contexts_preview(sent: Option<&[String]>) -> String {
        match sent {
            None => "Sends no required_contexts: GitHub checks every context.".to_owned(),
            Some([]) => "Sends required_contexts: [] (no checks).".to_owned(),
            Some(list) => format!(
                "Sends required_contexts: [{}]",
                list.iter()
                    .map(|c| format!("\"{c}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}
