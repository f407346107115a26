//! GitHub's answers to `POST /repos/{owner}/{repo}/deployments`, which differ by status:
//!
//! - `201`: the deployment was created (a `Deployment` body);
//! - `202`: `auto_merge` merged the default branch into the ref, which was behind it, and **no
//!   deployment was created** (`{"message":"Auto-merged main into topic-branch on deployment."}`);
//! - `409`: a merge conflict (`Conflict merging main into topic-branch.`) or commit status checks
//!   that are not all `success` (`Conflict: Commit status checks failed for topic-branch.`, with
//!   `errors[].contexts` naming each context and its state);
//! - anything else: the usual [`ApiError`].

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{ApiError, ErrorKind, Headers};
use crate::model::github::Deployment;

/// A 2xx answer to a new deployment.
#[derive(Clone, Debug, PartialEq)]
pub enum NewDeploymentAnswer {
    /// `201`: created.
    Created(Box<Deployment>),
    /// `202`: GitHub merged the default branch into the ref; nothing was deployed. `message`
    /// is GitHub's own text (empty when the body had none).
    AutoMerged {
        /// GitHub's message.
        message: String,
    },
}

/// Why GitHub answered `409`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictReason {
    /// The default branch could not be merged into the ref (`auto_merge`).
    MergeConflict,
    /// Required commit status checks are failing, pending or missing.
    StatusChecks,
    /// A 409 of another kind.
    Other,
}

/// One commit status context GitHub named in a 409, with its state (`failure`, `pending`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextState {
    /// The context, e.g. `ci/test`.
    pub context: String,
    /// Its state as GitHub reported it.
    pub state: String,
}

/// A refused new deployment: the error, and for a `409` what the conflict was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDeploymentRefusal {
    /// The error (status, GitHub's message, kind).
    pub error: ApiError,
    /// Set for a `409`.
    pub conflict: Option<Conflict>,
}

/// What a `409` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// GitHub's own `message`, as it sent it.
    pub message: String,
    /// Merge conflict, status checks, or another conflict.
    pub reason: ConflictReason,
    /// The contexts that were not `success` (status checks only), in GitHub's order.
    pub contexts: Vec<ContextState>,
}

impl From<ApiError> for NewDeploymentRefusal {
    fn from(error: ApiError) -> Self {
        NewDeploymentRefusal {
            error,
            conflict: None,
        }
    }
}

/// The contexts of a status-check 409: every `errors[].contexts[]` item with a `context`.
fn contexts_of(body: &Value) -> Vec<ContextState> {
    let Some(errors) = body.get("errors").and_then(Value::as_array) else {
        return Vec::new();
    };
    errors
        .iter()
        .filter_map(|e| e.get("contexts").and_then(Value::as_array))
        .flatten()
        .filter_map(|c| {
            let context = c.get("context")?.as_str()?.to_owned();
            let state = c
                .get("state")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            Some(ContextState { context, state })
        })
        .collect()
}

/// What a `409` body says (`message`: the error's message, used when the body has none).
pub fn conflict_of(message: &str, body: &str) -> Conflict {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let message = value
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or(message)
        .to_owned();
    let contexts = contexts_of(&value);
    let lower = message.to_ascii_lowercase();
    let on_contexts = value
        .get("errors")
        .and_then(Value::as_array)
        .is_some_and(|e| {
            e.iter()
                .any(|e| e.get("field").and_then(Value::as_str) == Some("required_contexts"))
        });
    let reason = if lower.contains("status check") || on_contexts || !contexts.is_empty() {
        ConflictReason::StatusChecks
    } else if lower.contains("merg") {
        ConflictReason::MergeConflict
    } else {
        ConflictReason::Other
    };
    Conflict {
        message,
        reason,
        contexts,
    }
}

/// The answer to a new deployment: `201` → [`NewDeploymentAnswer::Created`] (a body that is not
/// a deployment is a `Decode` error: the deployment may exist), `202` →
/// [`NewDeploymentAnswer::AutoMerged`] with GitHub's `message`, any other status a refusal
/// (`409` with its [`Conflict`]). `now` turns a rate-limit reset into seconds.
// The refusal is an `ApiError` plus the conflict, returned once per submit: not worth a box.
#[allow(clippy::result_large_err)]
pub fn new_deployment(
    status: u16,
    headers: &Headers,
    body: &str,
    now: DateTime<Utc>,
) -> Result<NewDeploymentAnswer, NewDeploymentRefusal> {
    if status == 202 {
        let message = serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        return Ok(NewDeploymentAnswer::AutoMerged { message });
    }
    if super::is_success(status) {
        return super::parse::<Deployment>(status, headers, body, now)
            .map(|d| NewDeploymentAnswer::Created(Box::new(d)))
            .map_err(NewDeploymentRefusal::from);
    }
    let error = ApiError::from_response(status, headers, body, now);
    let conflict = (error.kind == ErrorKind::Conflict).then(|| conflict_of(&error.message, body));
    Err(NewDeploymentRefusal { error, conflict })
}
