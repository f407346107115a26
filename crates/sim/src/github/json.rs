//! GitHub's JSON: users, teams, deployments, deployment statuses, environments.

use serde_json::{json, Value};

use super::{API, WEB};
use crate::store::*;

pub fn simple_user(st: &Store, u: usize) -> Value {
    let u = &st.users[u];
    let login = &u.username;
    let url = format!("{API}/users/{login}");
    json!({
        "login": login,
        "id": u.id,
        "node_id": format!("MDQ6VXNlcnt{}", u.id),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", u.id),
        "gravatar_id": "",
        "url": url,
        "html_url": format!("{WEB}/{login}"),
        "followers_url": format!("{url}/followers"),
        "following_url": format!("{url}/following{{/other_user}}"),
        "gists_url": format!("{url}/gists{{/gist_id}}"),
        "starred_url": format!("{url}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{url}/subscriptions"),
        "organizations_url": format!("{url}/orgs"),
        "repos_url": format!("{url}/repos"),
        "events_url": format!("{url}/events{{/privacy}}"),
        "received_events_url": format!("{url}/received_events"),
        "type": if u.username.ends_with("-bot") { "Bot" } else { "User" },
        "site_admin": false,
        "user_view_type": "public",
    })
}

pub fn team_json(t: &Team) -> Value {
    json!({
        "id": t.id,
        "node_id": format!("MDQ6VGVhbT{}", t.id),
        "url": format!("{API}/teams/{}", t.id),
        "html_url": format!("{WEB}/orgs/acme/teams/{}", t.slug),
        "name": t.name,
        "slug": t.slug,
        "description": format!("The {} team", t.name),
        "privacy": "closed",
        "notification_setting": "notifications_enabled",
        "permission": "push",
        "members_url": format!("{API}/teams/{}/members{{/member}}", t.id),
        "repositories_url": format!("{API}/teams/{}/repos", t.id),
        "type": "organization",
        "parent": null,
    })
}

pub fn repo_url(r: &Repo) -> String {
    format!("{API}/repos/{}", r.full_name())
}

pub fn deployment_json(st: &Store, r: &Repo, d: &GhDeployment) -> Value {
    let url = format!("{}/deployments/{}", repo_url(r), d.id);
    json!({
        "url": url,
        "id": d.id,
        "node_id": format!("DE_kwDO{}", d.id),
        "sha": d.sha,
        "ref": d.git_ref,
        "task": d.task,
        "payload": d.payload,
        "original_environment": d.original_environment,
        "environment": d.environment,
        "description": d.description,
        "creator": simple_user(st, d.creator),
        "created_at": fmt_gh(d.created_at),
        "updated_at": fmt_gh(d.updated_at),
        "statuses_url": format!("{url}/statuses"),
        "repository_url": repo_url(r),
        "transient_environment": d.transient,
        "production_environment": d.production,
        "performed_via_github_app": null,
    })
}

pub fn status_json(st: &Store, r: &Repo, d: &GhDeployment, s: &GhStatus) -> Value {
    let durl = format!("{}/deployments/{}", repo_url(r), d.id);
    // Unset URLs are sent as "" (`target_url`, `log_url`, `environment_url`), as GitHub does.
    status_fields(st, r, s, durl)
}

pub fn status_fields(st: &Store, r: &Repo, s: &GhStatus, durl: String) -> Value {
    json!({
        "url": format!("{durl}/statuses/{}", s.id),
        "id": s.id,
        "node_id": format!("DES_kwDO{}", s.id),
        "state": s.state.as_str(),
        "creator": simple_user(st, s.creator),
        "description": s.description,
        "environment": s.environment,
        "target_url": s.target_url,
        "created_at": fmt_gh(s.created_at),
        "updated_at": fmt_gh(s.created_at),
        "deployment_url": durl,
        "repository_url": repo_url(r),
        "environment_url": s.environment_url,
        "log_url": s.log_url,
        "performed_via_github_app": null,
    })
}

pub fn env_ref_json(r: &Repo, e: &GhEnv) -> Value {
    json!({
        "id": e.id,
        "node_id": format!("EN_kwDO{}", e.id),
        "name": e.name,
        "url": format!("{}/environments/{}", repo_url(r), e.name),
        "html_url": format!("{WEB}/{}/deployments/activity_log?environments_filter={}", r.full_name(), e.name),
    })
}

pub fn reviewer_json(st: &Store, rv: &GhReviewer) -> Value {
    match rv {
        GhReviewer::User(u) => json!({"type": "User", "reviewer": simple_user(st, *u)}),
        GhReviewer::Team(t) => json!({"type": "Team", "reviewer": team_json(&st.teams[*t])}),
    }
}

pub fn env_json(st: &Store, r: &Repo, e: &GhEnv) -> Value {
    let mut v = env_ref_json(r, e);
    v["created_at"] = json!(fmt_gh(e.created_at));
    v["updated_at"] = json!(fmt_gh(e.updated_at));
    let mut rules = vec![];
    if e.wait_timer > 0 {
        rules.push(json!({"id": e.id * 10 + 1, "node_id": format!("GA_kwDO{}1", e.id), "type": "wait_timer", "wait_timer": e.wait_timer}));
    }
    if !e.reviewers.is_empty() {
        rules.push(json!({
            "id": e.id * 10 + 2,
            "node_id": format!("GA_kwDO{}2", e.id),
            "prevent_self_review": e.prevent_self_review,
            "type": "required_reviewers",
            "reviewers": e.reviewers.iter().map(|rv| reviewer_json(st, rv)).collect::<Vec<_>>(),
        }));
    }
    if e.branch_policy.is_some() {
        rules.push(json!({"id": e.id * 10 + 3, "node_id": format!("GA_kwDO{}3", e.id), "type": "branch_policy"}));
    }
    v["protection_rules"] = Value::Array(rules);
    v["deployment_branch_policy"] = match e.branch_policy {
        Some((p, c)) => json!({"protected_branches": p, "custom_branch_policies": c}),
        None => Value::Null,
    };
    v
}

pub fn can_review(st: &Store, e: &GhEnv, user: usize) -> bool {
    e.reviewers.iter().any(|rv| match rv {
        GhReviewer::User(u) => *u == user,
        GhReviewer::Team(t) => st.teams[*t].members.contains(&user),
    })
}
