//! GitHub checks: deployment creation (and the new-deployment form's draft: `required_contexts`
//! left out, empty or listed, and a JSON payload checked with its line and column), deployment
//! status creation and pending-deployment reviews. GitHub's exact wording for these is not
//! published: the messages are ours.

use super::{check_enum, ValidationError};
use crate::request::github::{
    NewDeployment, NewDeploymentStatus, PendingDeploymentReview, ReviewState, StatusState,
};

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
    check_enum(&mut errors, "state", &status.state, StatusState::ALL);
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
    check_enum(&mut errors, "state", &review.state, ReviewState::ANSWERS);
    errors
}

/// Which commit status checks GitHub must find passing before it creates a deployment: the
/// three meanings of `required_contexts`, which a form must keep apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContextsChoice {
    /// `required_contexts` left out: GitHub verifies every context reported on the commit.
    #[default]
    All,
    /// `required_contexts: []`: no status check at all.
    None,
    /// `required_contexts: [..]`: exactly the listed contexts (at least one).
    Only,
}

/// What the GitHub new-deployment form holds: the user's text, before any check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentDraft {
    /// Branch, tag or SHA (required).
    pub ref_: String,
    /// Environment; blank leaves GitHub's default, `production`.
    pub environment: String,
    /// Task; blank leaves GitHub's default, `deploy`.
    pub task: String,
    /// Description; blank sends none.
    pub description: String,
    /// Merge the default branch into `ref` first when it is behind (GitHub's default: true).
    pub auto_merge: bool,
    /// How `required_contexts` is sent.
    pub contexts: ContextsChoice,
    /// The contexts for [`ContextsChoice::Only`], separated by commas or new lines.
    pub contexts_text: String,
    /// The payload as JSON text; blank sends none.
    pub payload: String,
    /// `transient_environment`.
    pub transient_environment: bool,
    /// `production_environment`; `None` leaves GitHub's default (true for `production`).
    pub production_environment: Option<bool>,
}

impl Default for DeploymentDraft {
    fn default() -> Self {
        DeploymentDraft {
            ref_: String::new(),
            environment: String::new(),
            task: String::new(),
            description: String::new(),
            auto_merge: true,
            contexts: ContextsChoice::All,
            contexts_text: String::new(),
            payload: String::new(),
            transient_environment: false,
            production_environment: None,
        }
    }
}

/// The contexts in `text`: separated by commas or new lines, trimmed, blanks and repeats dropped.
pub fn split_contexts(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in text.split([',', '\n']).map(str::trim) {
        if !c.is_empty() && !out.iter().any(|o| o == c) {
            out.push(c.to_owned());
        }
    }
    out
}

/// What `required_contexts` becomes for `choice` and `text`: `None` (left out), `Some([])`, or
/// the listed contexts.
pub fn required_contexts(choice: ContextsChoice, text: &str) -> Option<Vec<String>> {
    match choice {
        ContextsChoice::All => None,
        ContextsChoice::None => Some(Vec::new()),
        ContextsChoice::Only => Some(split_contexts(text)),
    }
}

/// The payload: blank is none; otherwise it must be a JSON object (GitHub keeps it as the
/// deployment's `payload` and hands it to the deployer). A syntax error names its line and column.
pub fn payload(text: &str) -> Result<Option<serde_json::Value>, ValidationError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v @ serde_json::Value::Object(_)) => Ok(Some(v)),
        // Our wording: GitHub's schema takes an object (or a string holding JSON text).
        Ok(_) => Err(ValidationError::new(
            "payload",
            "payload must be a JSON object, e.g. {\"deploy\": \"migrate\"}",
        )),
        Err(e) => {
            let (line, column) = (e.line(), e.column());
            let full = e.to_string();
            let what = full
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&full);
            // Our wording, with serde_json's description of the problem.
            Err(ValidationError::new(
                "payload",
                format!("payload is not valid JSON: line {line}, column {column}: {what}"),
            ))
        }
    }
}

/// The request body `draft` describes, or every problem with it (nothing is sent then).
pub fn deployment_draft(draft: &DeploymentDraft) -> Result<NewDeployment, Vec<ValidationError>> {
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    let mut body = NewDeployment {
        ref_: draft.ref_.trim().to_owned(),
        task: some(&draft.task),
        auto_merge: Some(draft.auto_merge),
        required_contexts: required_contexts(draft.contexts, &draft.contexts_text),
        payload: None,
        environment: some(&draft.environment),
        description: some(&draft.description),
        transient_environment: Some(draft.transient_environment),
        production_environment: draft.production_environment,
    };
    let mut errors = new_deployment(&body);
    if draft.contexts == ContextsChoice::Only
        && body.required_contexts.as_ref().is_some_and(Vec::is_empty)
    {
        // Our wording: an empty list would silently skip every check.
        errors.push(ValidationError::new(
            "required_contexts",
            "required_contexts needs at least one context here; choose \"No status checks\" to send an empty list",
        ));
    }
    match payload(&draft.payload) {
        Ok(p) => body.payload = p,
        Err(e) => errors.push(e),
    }
    if errors.is_empty() {
        Ok(body)
    } else {
        Err(errors)
    }
}
