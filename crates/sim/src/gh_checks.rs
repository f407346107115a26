//! What GitHub checks before it creates a deployment, made deterministic: which refs are behind
//! the default branch (`main`), which cannot be merged, and which commit statuses each ref has.
//!
//! Every repository has three extra branches besides its seeded ones:
//!
//! | ref | what it is | `auto_merge` true (default) | `auto_merge` false |
//! |---|---|---|---|
//! | `topic-branch` | behind `main`, merges cleanly | `202` `Auto-merged main into topic-branch on deployment.`, no deployment; from then on it is merged (a later request deploys it) | status checks, then `201` |
//! | `topic-conflict` | behind `main`, conflicts | `409` `Conflict merging main into topic-conflict.` | status checks, then `201` |
//! | `topic-failing` | up to date; statuses `ci/build` success, `ci/test` failure, `security/scan` pending | status checks | status checks |
//!
//! Every other ref's commit has one status, `ci/build` success. Status checks: `required_contexts`
//! left out checks every context of the commit; `[]` checks none; a list checks those contexts,
//! and one the commit never reported counts as failing (listed with the state `missing`, our
//! choice: GitHub does not document it). Any that is not `success` gives `409`
//! `Conflict: Commit status checks failed for REF.` with `errors[0].contexts` naming each.

use serde_json::{json, Value};

use crate::store::Repo;

/// The default branch of every simulated repository.
pub const DEFAULT_BRANCH: &str = "main";
/// Behind the default branch; merges cleanly.
pub const BEHIND: &str = "topic-branch";
/// Behind the default branch; the merge conflicts.
pub const CONFLICTING: &str = "topic-conflict";
/// Up to date, with failing and pending statuses.
pub const FAILING: &str = "topic-failing";

/// The scenario refs, each with the offset from the newest commit that it points at.
const SCENARIOS: [(&str, usize); 3] = [(BEHIND, 1), (CONFLICTING, 2), (FAILING, 3)];

/// The commit a scenario ref points at, while it is one (a merged `topic-branch` is a plain
/// branch of the repository from then on).
pub fn scenario_sha(repo: &Repo, git_ref: &str) -> Option<String> {
    if repo.branches.iter().any(|b| b == git_ref) {
        return None;
    }
    let (_, back) = SCENARIOS.iter().find(|(r, _)| *r == git_ref)?;
    let n = repo.shas.len();
    (n > 0).then(|| repo.shas[n - 1 - back.min(&(n - 1))].clone())
}

/// The commit statuses of `git_ref`'s commit: `(context, state)`.
fn statuses(git_ref: &str) -> &'static [(&'static str, &'static str)] {
    if git_ref == FAILING {
        &[
            ("ci/build", "success"),
            ("ci/test", "failure"),
            ("security/scan", "pending"),
        ]
    } else {
        &[("ci/build", "success")]
    }
}

/// What GitHub does with a new deployment of `git_ref`.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Create it (`201`).
    Create,
    /// `202`: the default branch was merged into the ref (the caller records it); no deployment.
    AutoMerged(Value),
    /// `409` with this body.
    Conflict(Value),
}

/// The checks, in GitHub's order: the merge of the default branch (when `auto_merge`), then the
/// commit status checks (`required`: `None` = every context, `Some([])` = none).
pub fn check(
    repo: &Repo,
    git_ref: &str,
    auto_merge: bool,
    required: Option<&[String]>,
    docs: &str,
) -> Verdict {
    let scenario = scenario_sha(repo, git_ref).is_some();
    if auto_merge && scenario && git_ref == BEHIND {
        return Verdict::AutoMerged(json!({
            "message": format!("Auto-merged {DEFAULT_BRANCH} into {git_ref} on deployment.")
        }));
    }
    if auto_merge && scenario && git_ref == CONFLICTING {
        return Verdict::Conflict(json!({
            "message": format!("Conflict merging {DEFAULT_BRANCH} into {git_ref}."),
            "documentation_url": docs,
            "status": "409",
        }));
    }
    let known = statuses(git_ref);
    let not_passing: Vec<Value> = match required {
        None => known
            .iter()
            .filter(|(_, s)| *s != "success")
            .map(|(c, s)| json!({"context": c, "state": s}))
            .collect(),
        Some(list) => list
            .iter()
            .filter_map(|want| {
                let state = known
                    .iter()
                    .find(|(c, _)| c == want)
                    .map_or("missing", |(_, s)| *s);
                (state != "success").then(|| json!({"context": want, "state": state}))
            })
            .collect(),
    };
    if not_passing.is_empty() {
        return Verdict::Create;
    }
    Verdict::Conflict(json!({
        "message": format!("Conflict: Commit status checks failed for {git_ref}."),
        "errors": [{
            "contexts": not_passing,
            "resource": "Deployment",
            "field": "required_contexts",
            "code": "invalid",
        }],
        "documentation_url": docs,
        "status": "409",
    }))
}
