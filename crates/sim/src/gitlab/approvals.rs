//! GitLab deployment approvals (Premium): `POST …/deployments/:id/approval` with the checks of
//! GitLab's approval service in its order, and the rule arithmetic the JSON shows.

use axum::extract::{Path, State};
use axum::http::StatusCode;

use super::json::approval_json;
use super::*;
use crate::req::{json, Req};
use crate::AppState;

const OWN_DEPLOYMENT: &str = "You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.";
const NO_PERMISSION: &str =
    "You don't have permission to approve this deployment. Contact the project or group owner for help.";
const NO_RULE: &str = "There are no approval rules for the given `represent_as` parameter. Use a valid User/Group/Role name instead.";

/// A rule's name as GitLab shows it (and as `represented_as` may name it).
pub fn rule_name(st: &Store, r: &Rule) -> String {
    match &r.kind {
        RuleKind::User(u) => st.users[*u].name.clone(),
        RuleKind::Group(g) => st.groups[*g].name.clone(),
        RuleKind::AccessLevel(40) => "Maintainers".into(),
        RuleKind::AccessLevel(_) => "Developers + Maintainers".into(),
    }
}

fn rule_applies(st: &Store, r: &Rule, user: usize) -> bool {
    match &r.kind {
        RuleKind::User(u) => *u == user,
        RuleKind::Group(g) => st.groups[*g].members.contains(&user),
        RuleKind::AccessLevel(l) => st.users[user].access_level >= *l,
    }
}

/// Whether `represented_as` names the rule: a case-insensitive part of its name (or of the
/// user's username for a user rule), as GitLab's rule lookup matches.
fn rule_matches(st: &Store, r: &Rule, represented_as: &str) -> bool {
    let q = represented_as.to_lowercase();
    rule_name(st, r).to_lowercase().contains(&q)
        || matches!(&r.kind, RuleKind::User(u) if st.users[*u].username.to_lowercase().contains(&q))
}

fn approved_for(d: &Deployment, rule: Option<u64>) -> u32 {
    d.approvals
        .iter()
        .filter(|a| a.approved && a.rule_id == rule)
        .count() as u32
}

/// Approvals still needed before a blocked deployment may proceed (0 when not blocked).
pub fn pending_count(prot: &Protection, d: &Deployment) -> u32 {
    if d.status != Status::Blocked {
        return 0;
    }
    if prot.rules.is_empty() {
        prot.required_approval_count
            .saturating_sub(approved_for(d, None))
    } else {
        prot.rules
            .iter()
            .map(|r| {
                r.required_approvals
                    .saturating_sub(approved_for(d, Some(r.id)))
            })
            .sum()
    }
}

pub async fn approve(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    check_body(&req)?;
    let pi = find_project(&st, &id)?;
    let did = parse_id(&did, "deployment_id")?;
    let pos = st.projects[pi]
        .deployment_pos(did)
        .ok_or_else(ApiFailure::not_found)?;
    require_role(&st, &req, REPORTER)?;
    // 1. The status must be one GitLab knows.
    let approved = enum_param(&req, "status", &["approved", "rejected"])?
        .ok_or_else(|| ApiFailure::param("status is missing"))?
        == "approved";
    let comment = req.params.str("comment");
    if comment.as_ref().is_some_and(|c| c.chars().count() > 255) {
        return Err(ApiFailure::service(
            "Comment is too long (maximum is 255 characters)",
        ));
    }
    let represented_as = req.params.present("represented_as");
    let user = req.auth.user;
    let p = &st.projects[pi];
    let d = &p.deployments[pos];
    // 2. Only a blocked deployment waits for approvals.
    if d.status != Status::Blocked {
        return Err(ApiFailure::service(
            "This deployment is not waiting for approvals.",
        ));
    }
    // 3. The environment must be protected.
    let env_name = p.env(d.env_id).map(|e| e.name.clone()).unwrap_or_default();
    let prot = p
        .protected
        .get(&env_name)
        .cloned()
        .ok_or_else(|| ApiFailure::service("This environment is not protected."))?;
    // 4. Nobody approves their own deployment.
    if d.user == user && approved {
        return Err(ApiFailure::service(OWN_DEPLOYMENT));
    }
    // 5. The protection must ask for approvals.
    if prot.required_approval_count == 0 && prot.rules.is_empty() {
        return Err(ApiFailure::service(
            "Deployment approvals is not configured for this environment.",
        ));
    }
    // 6. The caller must be allowed to approve.
    let applicable: Vec<&Rule> = prot
        .rules
        .iter()
        .filter(|r| rule_applies(&st, r, user))
        .collect();
    let can = if prot.rules.is_empty() {
        st.users[user].access_level >= DEVELOPER
    } else {
        !applicable.is_empty()
    };
    if !can {
        return Err(ApiFailure::service(NO_PERMISSION));
    }
    // 7. `represented_as` must name one of the caller's rules.
    let rule_id = if prot.rules.is_empty() {
        None
    } else {
        let rule = match &represented_as {
            Some(name) => applicable.iter().find(|r| rule_matches(&st, r, name)),
            None => applicable.first(),
        };
        Some(rule.ok_or_else(|| ApiFailure::service(NO_RULE))?.id)
    };
    let now = now_ms();
    let d = &mut st.projects[pi].deployments[pos];
    let idx = match d
        .approvals
        .iter()
        .position(|a| a.user == user && a.rule_id == rule_id)
    {
        Some(i) => {
            let a = &mut d.approvals[i];
            if a.approved != approved {
                a.approved = approved;
                a.comment = comment;
            }
            i
        }
        None => {
            d.approvals.push(Approval {
                user,
                approved,
                comment,
                created_at: now,
                rule_id,
            });
            d.approvals.len() - 1
        }
    };
    d.updated_at = now;
    if !approved {
        d.status = Status::Failed;
        d.finished_at = Some(now);
    } else if pending_count(&prot, d) == 0 {
        if prot.rules.is_empty() {
            d.status = Status::Running;
            if let Some(j) = d.job.as_mut() {
                j.started_at = Some(now);
            }
        } else {
            d.status = Status::Created;
        }
    }
    let a = d.approvals[idx].clone();
    Ok(json(StatusCode::CREATED, approval_json(&st, &a)))
}
