//! GitHub REST: deployments, deployment statuses, environments, and workflow runs with their
//! pending deployments and reviews.
//!
//! A run's status follows its reviews: `waiting` while an environment of it awaits its
//! required reviewers, `completed`/`failure` once any review rejected it (nothing stays pending:
//! the run failed), `completed`/`success` otherwise. So `GET …/actions/runs?status=waiting`
//! lists exactly the runs whose `…/pending_deployments` is not empty.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::frontdoor::GITHUB_DOCS;
use crate::pagination::{github_headers, github_page};
use crate::req::{empty, json, Req};
use crate::seed::gh_status;
use crate::store::*;
use crate::AppState;

pub const API: &str = "https://api.github.com";
pub const WEB: &str = "https://github.com";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/user", get(get_user))
        .route(
            "/repos/{owner}/{repo}/deployments",
            get(list_deployments).post(create_deployment),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}",
            get(get_deployment).delete(delete_deployment),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}/statuses",
            get(list_statuses).post(create_status),
        )
        .route(
            "/repos/{owner}/{repo}/deployments/{id}/statuses/{sid}",
            get(get_status),
        )
        .route("/repos/{owner}/{repo}/environments", get(list_envs))
        .route(
            "/repos/{owner}/{repo}/environments/{name}",
            get(get_env).put(put_env).delete(delete_env),
        )
        .route("/repos/{owner}/{repo}/actions/runs", get(list_runs))
        .route("/repos/{owner}/{repo}/actions/runs/{run}", get(get_run))
        .route(
            "/repos/{owner}/{repo}/actions/runs/{run}/pending_deployments",
            get(pending).post(review),
        )
        .route(
            "/repos/{owner}/{repo}/actions/runs/{run}/approvals",
            get(approvals),
        )
        .fallback(|| async { not_found() })
}

// ------------------------------------------------------------------ errors

fn error(status: StatusCode, message: &str) -> Response {
    json(
        status,
        json!({"message": message, "documentation_url": GITHUB_DOCS, "status": status.as_u16().to_string()}),
    )
}
pub fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found")
}
/// 422 with GitHub's validation-error shape.
fn validation(resource: &str, field: &str, code: &str, message: &str) -> Response {
    json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({
            "message": "Validation Failed",
            "errors": [{"resource": resource, "field": field, "code": code, "message": message}],
            "documentation_url": GITHUB_DOCS,
            "status": "422",
        }),
    )
}
fn invalid_request(message: &str) -> Response {
    json(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"message": message, "documentation_url": GITHUB_DOCS, "status": "422"}),
    )
}

// ------------------------------------------------------------------ JSON

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

fn team_json(t: &Team) -> Value {
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

fn repo_url(r: &Repo) -> String {
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
    let mut v = status_fields(st, r, s, durl);
    // An unset URL is left out: the schema wants a URI where the key is present.
    if let Value::Object(m) = &mut v {
        for k in ["environment_url", "log_url"] {
            if m.get(k).and_then(Value::as_str) == Some("") {
                m.remove(k);
            }
        }
    }
    v
}

fn status_fields(st: &Store, r: &Repo, s: &GhStatus, durl: String) -> Value {
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

fn env_ref_json(r: &Repo, e: &GhEnv) -> Value {
    json!({
        "id": e.id,
        "node_id": format!("EN_kwDO{}", e.id),
        "name": e.name,
        "url": format!("{}/environments/{}", repo_url(r), e.name),
        "html_url": format!("{WEB}/{}/deployments/activity_log?environments_filter={}", r.full_name(), e.name),
    })
}

fn reviewer_json(st: &Store, rv: &GhReviewer) -> Value {
    match rv {
        GhReviewer::User(u) => json!({"type": "User", "reviewer": simple_user(st, *u)}),
        GhReviewer::Team(t) => json!({"type": "Team", "reviewer": team_json(&st.teams[*t])}),
    }
}

fn env_json(st: &Store, r: &Repo, e: &GhEnv) -> Value {
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

fn can_review(st: &Store, e: &GhEnv, user: usize) -> bool {
    e.reviewers.iter().any(|rv| match rv {
        GhReviewer::User(u) => *u == user,
        GhReviewer::Team(t) => st.teams[*t].members.contains(&user),
    })
}

// ------------------------------------------------------------------ handlers

fn find_repo(st: &Store, owner: &str, repo: &str) -> Result<usize, Response> {
    st.repo_index(owner, repo).ok_or_else(not_found)
}

fn find_deployment(
    st: &Store,
    owner: &str,
    repo: &str,
    id: &str,
) -> Result<(usize, usize), Response> {
    let ri = find_repo(st, owner, repo)?;
    let id = id.parse::<u64>().map_err(|_| not_found())?;
    let pos = st.repos[ri].deployment_pos(id).ok_or_else(not_found)?;
    Ok((ri, pos))
}

async fn get_user(State(s): State<AppState>, req: Req) -> Response {
    let st = s.read();
    let mut v = simple_user(&st, req.auth.user);
    v["name"] = json!(st.users[req.auth.user].name);
    json(StatusCode::OK, v)
}

/// `--insert-per-list K`: before a list page >= 2, K new deployments (with a success status)
/// become the repository's newest, matching the request's filters where it sets them.
fn insert_before_list(s: &AppState, owner: &str, repo: &str, req: &Req) {
    let k = s.cfg().insert_per_list;
    if k == 0 || crate::gitlab::requested_page(req) < 2 {
        return;
    }
    let mut st = s.write();
    let Ok(ri) = find_repo(&st, owner, repo) else {
        return;
    };
    let full = st.repos[ri].full_name();
    let f = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    for _ in 0..k {
        let Some(last) = st.repos[ri].deployments.last().cloned() else {
            return;
        };
        let id = st.gh_next_deployment_id;
        st.gh_next_deployment_id += 1;
        let t = last.created_at.max(last.updated_at) + MINUTE;
        let environment = f("environment").unwrap_or(last.environment.clone());
        let production = environment == "production";
        let status = gh_status(
            &mut st,
            GhState::Success,
            crate::seed::BOT,
            &environment,
            &full,
            id,
            t + MINUTE,
            production,
        );
        st.repos[ri].deployments.push(GhDeployment {
            id,
            sha: f("sha").unwrap_or(last.sha),
            git_ref: f("ref").unwrap_or(last.git_ref),
            task: f("task").unwrap_or(last.task),
            original_environment: environment.clone(),
            environment,
            description: Some("Deployed while the list was read".into()),
            payload: json!({}),
            creator: crate::seed::BOT,
            created_at: t,
            updated_at: t + MINUTE,
            transient: false,
            production,
            statuses: vec![status],
        });
    }
}

async fn list_deployments(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> Response {
    insert_before_list(&s, &owner, &repo, &req);
    let st = s.read();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let r = &st.repos[ri];
    let page = github_page(&req.params);
    let f = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    let (sha, git_ref, task, env) = (f("sha"), f("ref"), f("task"), f("environment"));
    let keep = |d: &&GhDeployment| {
        sha.as_ref().is_none_or(|v| &d.sha == v)
            && git_ref.as_ref().is_none_or(|v| &d.git_ref == v)
            && task.as_ref().is_none_or(|v| &d.task == v)
            && env.as_ref().is_none_or(|v| &d.environment == v)
    };
    let range = page.range();
    let mut total = 0;
    let mut rows = vec![];
    for d in r.deployments.iter().rev().filter(keep) {
        if range.contains(&total) {
            rows.push(deployment_json(&st, r, d));
        }
        total += 1;
    }
    let mut resp = json(StatusCode::OK, Value::Array(rows));
    github_headers(&mut resp, &req, page, total);
    resp
}

async fn get_deployment(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
) -> Response {
    let st = s.read();
    match find_deployment(&st, &owner, &repo, &id) {
        Ok((ri, pos)) => {
            let r = &st.repos[ri];
            json(StatusCode::OK, deployment_json(&st, r, &r.deployments[pos]))
        }
        Err(e) => e,
    }
}

fn body_object(req: &Req) -> Result<serde_json::Map<String, Value>, Response> {
    if req.body_invalid {
        return Err(error(StatusCode::BAD_REQUEST, "Problems parsing JSON"));
    }
    match &req.json {
        Some(Value::Object(m)) => Ok(m.clone()),
        None => Ok(serde_json::Map::new()),
        Some(_) => Err(error(StatusCode::BAD_REQUEST, "Problems parsing JSON")),
    }
}

async fn create_deployment(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let body = match body_object(&req) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(git_ref) = body.get("ref").and_then(Value::as_str).map(str::to_string) else {
        return invalid_request("Invalid request.\n\n\"ref\" wasn't supplied.");
    };
    let r = &st.repos[ri];
    let sha = if let Some(sha) = crate::gh_checks::scenario_sha(r, &git_ref) {
        sha
    } else if r.branches.contains(&git_ref) || r.tags.contains(&git_ref) {
        // a branch or tag points at the newest commit we know for it
        let k = r.shas.len()
            - 1
            - (r.tags
                .iter()
                .position(|t| *t == git_ref)
                .map(|p| r.tags.len() - 1 - p)
                .unwrap_or(0))
            .min(r.shas.len() - 1);
        r.shas[k].clone()
    } else if git_ref.len() >= 7 && r.shas.iter().any(|s| s.starts_with(&git_ref)) {
        r.shas
            .iter()
            .find(|s| s.starts_with(&git_ref))
            .cloned()
            .unwrap_or_default()
    } else {
        return validation(
            "Deployment",
            "ref",
            "invalid",
            &format!("No ref found for: {git_ref}"),
        );
    };
    let environment = body
        .get("environment")
        .and_then(Value::as_str)
        .unwrap_or("production")
        .to_string();
    if environment.is_empty() {
        return validation(
            "Deployment",
            "environment",
            "invalid",
            "environment can't be blank",
        );
    }
    let task = body
        .get("task")
        .and_then(Value::as_str)
        .unwrap_or("deploy")
        .to_string();
    let description = match body.get("description") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) => None,
        _ => Some(String::new()),
    };
    let payload = match body.get("payload") {
        Some(Value::String(s)) => {
            serde_json::from_str::<Value>(s).unwrap_or(Value::String(s.clone()))
        }
        Some(v @ Value::Object(_)) => v.clone(),
        _ => json!({}),
    };
    let production = body
        .get("production_environment")
        .and_then(Value::as_bool)
        .unwrap_or(environment == "production");
    let transient = body
        .get("transient_environment")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let auto_merge = match body.get("auto_merge") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(v) => {
            return invalid_request(&format!(
                "Invalid request.\n\nFor 'properties/auto_merge', {v} is not a boolean."
            ))
        }
    };
    let required: Option<Vec<String>> = match body.get("required_contexts") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(v) => {
            return invalid_request(&format!(
                "Invalid request.\n\nFor 'properties/required_contexts', {v} is not an array of strings."
            ))
        }
    };
    // Merge of the default branch, then commit status checks (see `gh_checks` for which refs).
    match crate::gh_checks::check(
        &st.repos[ri],
        &git_ref,
        auto_merge,
        required.as_deref(),
        GITHUB_DOCS,
    ) {
        crate::gh_checks::Verdict::Create => {}
        crate::gh_checks::Verdict::AutoMerged(answer) => {
            // The ref now holds the default branch: a later request deploys it.
            st.repos[ri].branches.push(git_ref);
            return json(StatusCode::ACCEPTED, answer);
        }
        crate::gh_checks::Verdict::Conflict(answer) => return json(StatusCode::CONFLICT, answer),
    }
    let now = now_ms();
    if !st.repos[ri].envs.iter().any(|e| e.name == environment) {
        let id = st.gh_next_env_id;
        st.gh_next_env_id += 1;
        st.repos[ri].envs.push(GhEnv {
            id,
            name: environment.clone(),
            created_at: now,
            updated_at: now,
            wait_timer: 0,
            prevent_self_review: false,
            reviewers: vec![],
            branch_policy: None,
        });
    }
    let id = st.gh_next_deployment_id;
    st.gh_next_deployment_id += 1;
    let d = GhDeployment {
        id,
        sha,
        git_ref,
        task,
        environment: environment.clone(),
        original_environment: environment,
        description,
        payload,
        creator: req.auth.user,
        created_at: now,
        updated_at: now,
        transient,
        production,
        statuses: vec![],
    };
    st.repos[ri].deployments.push(d);
    let r = &st.repos[ri];
    json(
        StatusCode::CREATED,
        deployment_json(&st, r, r.deployments.last().expect("pushed")),
    )
}

async fn delete_deployment(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
) -> Response {
    let mut st = s.write();
    let (ri, pos) = match find_deployment(&st, &owner, &repo, &id) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let r = &mut st.repos[ri];
    let d = &r.deployments[pos];
    let inactive = d
        .statuses
        .last()
        .is_some_and(|s| s.state == GhState::Inactive);
    let only = r
        .deployments
        .iter()
        .filter(|x| x.environment == d.environment)
        .count()
        == 1;
    if !inactive && !only {
        return invalid_request("We cannot delete an active deployment unless it is the only deployment in a given environment.");
    }
    r.deployments.remove(pos);
    empty(StatusCode::NO_CONTENT)
}

async fn list_statuses(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
    req: Req,
) -> Response {
    let st = s.read();
    let (ri, pos) = match find_deployment(&st, &owner, &repo, &id) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let r = &st.repos[ri];
    let d = &r.deployments[pos];
    let page = github_page(&req.params);
    let total = d.statuses.len();
    let rows = d
        .statuses
        .iter()
        .rev()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|x| status_json(&st, r, d, x))
        .collect();
    let mut resp = json(StatusCode::OK, Value::Array(rows));
    github_headers(&mut resp, &req, page, total);
    resp
}

async fn get_status(
    State(s): State<AppState>,
    Path((owner, repo, id, sid)): Path<(String, String, String, String)>,
) -> Response {
    let st = s.read();
    let (ri, pos) = match find_deployment(&st, &owner, &repo, &id) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let r = &st.repos[ri];
    let d = &r.deployments[pos];
    match d.statuses.iter().find(|x| Some(x.id) == sid.parse().ok()) {
        Some(x) => json(StatusCode::OK, status_json(&st, r, d, x)),
        None => not_found(),
    }
}

async fn create_status(
    State(s): State<AppState>,
    Path((owner, repo, id)): Path<(String, String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let (ri, pos) = match find_deployment(&st, &owner, &repo, &id) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let body = match body_object(&req) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let state = match body.get("state").and_then(Value::as_str) {
        None => return invalid_request("Invalid request.\n\n\"state\" wasn't supplied."),
        Some(v) => match GhState::parse(v) {
            Some(s) => s,
            None => {
                return invalid_request(&format!(
                    "Invalid request.\n\nFor 'properties/state', \"{v}\" is not one of [\"error\", \"failure\", \"inactive\", \"in_progress\", \"queued\", \"pending\", \"success\"]."
                ))
            }
        },
    };
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let description = text("description").unwrap_or_default();
    if description.chars().count() > 140 {
        return validation(
            "DeploymentStatus",
            "description",
            "custom",
            "description is too long (maximum is 140 characters)",
        );
    }
    let auto_inactive = body
        .get("auto_inactive")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let full = st.repos[ri].full_name();
    let now = now_ms();
    let (env, creator) = {
        let d = &st.repos[ri].deployments[pos];
        (
            text("environment")
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| d.environment.clone()),
            req.auth.user,
        )
    };
    let did = st.repos[ri].deployments[pos].id;
    let mut status = gh_status(&mut st, state, creator, &env, &full, did, now, false);
    status.description = description;
    // GitHub sends "" when neither URL is given; the schema wants a URI there, so point at the activity log.
    status.target_url = text("target_url")
        .or_else(|| text("log_url"))
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| format!("{WEB}/{full}/deployments"));
    status.log_url = text("log_url")
        .or_else(|| text("target_url"))
        .unwrap_or_default();
    status.environment_url = text("environment_url").unwrap_or_default();
    let r = &mut st.repos[ri];
    if !r.envs.iter().any(|e| e.name == env) {
        // the environment is created on first use (ids are taken lazily)
    }
    {
        let d = &mut r.deployments[pos];
        d.environment = env.clone();
        d.updated_at = now;
        d.statuses.push(status);
    }
    let mut inactivated = vec![];
    if state == GhState::Success && auto_inactive {
        for (i, other) in r.deployments.iter().enumerate() {
            if i != pos
                && other.environment == env
                && !other.transient
                && !other.production
                && other
                    .statuses
                    .last()
                    .is_some_and(|s| s.state == GhState::Success)
            {
                inactivated.push(i);
            }
        }
    }
    for i in inactivated {
        let sid = st.gh_next_status_id;
        st.gh_next_status_id += 1;
        let r = &mut st.repos[ri];
        let d = &mut r.deployments[i];
        let mut s = d.statuses.last().cloned().expect("has a success");
        s.id = sid;
        s.state = GhState::Inactive;
        s.description = "Superseded by a newer deployment".into();
        s.creator = creator;
        s.created_at = now;
        d.statuses.push(s);
        d.updated_at = now;
    }
    if !st.repos[ri].envs.iter().any(|e| e.name == env) {
        let id = st.gh_next_env_id;
        st.gh_next_env_id += 1;
        st.repos[ri].envs.push(GhEnv {
            id,
            name: env.clone(),
            created_at: now,
            updated_at: now,
            wait_timer: 0,
            prevent_self_review: false,
            reviewers: vec![],
            branch_policy: None,
        });
    }
    let r = &st.repos[ri];
    let d = &r.deployments[pos];
    json(
        StatusCode::CREATED,
        status_json(&st, r, d, d.statuses.last().expect("pushed")),
    )
}

async fn list_envs(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> Response {
    let st = s.read();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let r = &st.repos[ri];
    let page = github_page(&req.params);
    let envs: Vec<Value> = r
        .envs
        .iter()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|e| env_json(&st, r, e))
        .collect();
    let mut resp = json(
        StatusCode::OK,
        json!({"total_count": r.envs.len(), "environments": envs}),
    );
    github_headers(&mut resp, &req, page, r.envs.len());
    resp
}

async fn get_env(
    State(s): State<AppState>,
    Path((owner, repo, name)): Path<(String, String, String)>,
) -> Response {
    let st = s.read();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let r = &st.repos[ri];
    match r.envs.iter().find(|e| e.name == name) {
        Some(e) => json(StatusCode::OK, env_json(&st, r, e)),
        None => not_found(),
    }
}

async fn put_env(
    State(s): State<AppState>,
    Path((owner, repo, name)): Path<(String, String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let body = match body_object(&req) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let wait_timer = match body.get("wait_timer") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(n) if n <= 43_200 => Some(n as u32),
            _ => {
                return validation(
                    "Environment",
                    "wait_timer",
                    "invalid",
                    "wait_timer must be an integer between 0 and 43200",
                )
            }
        },
    };
    let mut reviewers = None;
    if let Some(Value::Array(list)) = body.get("reviewers") {
        if list.len() > 6 {
            return validation(
                "Environment",
                "reviewers",
                "invalid",
                "reviewers can have at most 6 entries",
            );
        }
        let mut out = vec![];
        for item in list {
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            let id = item.get("id").and_then(Value::as_u64).unwrap_or(0);
            let found = match kind {
                "User" => st
                    .users
                    .iter()
                    .position(|u| u.id == id)
                    .map(GhReviewer::User),
                "Team" => st
                    .teams
                    .iter()
                    .position(|t| t.id == id)
                    .map(GhReviewer::Team),
                _ => None,
            };
            match found {
                Some(r) => out.push(r),
                None => {
                    return validation(
                        "Environment",
                        "reviewers",
                        "invalid",
                        &format!("Reviewer {kind} {id} not found"),
                    )
                }
            }
        }
        reviewers = Some(out);
    }
    let policy = match body.get("deployment_branch_policy") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => {
            let p = v
                .get("protected_branches")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let c = v
                .get("custom_branch_policies")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if p == c {
                return invalid_request("Invalid request.\n\nOnly one of protected_branches or custom_branch_policies can be true.");
            }
            Some(Some((p, c)))
        }
    };
    let now = now_ms();
    let pos = match st.repos[ri].envs.iter().position(|e| e.name == name) {
        Some(p) => p,
        None => {
            let id = st.gh_next_env_id;
            st.gh_next_env_id += 1;
            let r = &mut st.repos[ri];
            r.envs.push(GhEnv {
                id,
                name: name.clone(),
                created_at: now,
                updated_at: now,
                wait_timer: 0,
                prevent_self_review: false,
                reviewers: vec![],
                branch_policy: None,
            });
            r.envs.len() - 1
        }
    };
    let e = &mut st.repos[ri].envs[pos];
    if let Some(w) = wait_timer {
        e.wait_timer = w;
    }
    if let Some(rv) = reviewers {
        e.reviewers = rv;
    }
    if let Some(p) = body.get("prevent_self_review").and_then(Value::as_bool) {
        e.prevent_self_review = p;
    }
    if let Some(p) = policy {
        e.branch_policy = p;
    }
    e.updated_at = now;
    let r = &st.repos[ri];
    json(StatusCode::OK, env_json(&st, r, &r.envs[pos]))
}

async fn delete_env(
    State(s): State<AppState>,
    Path((owner, repo, name)): Path<(String, String, String)>,
) -> Response {
    let mut st = s.write();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let r = &mut st.repos[ri];
    match r.envs.iter().position(|e| e.name == name) {
        Some(p) => {
            r.envs.remove(p);
            empty(StatusCode::NO_CONTENT)
        }
        None => not_found(),
    }
}

/// A run's `status` and `conclusion` (see the module documentation).
pub fn run_status(run: &Run) -> (&'static str, Option<&'static str>) {
    if run.reviews.iter().any(|r| !r.approved) {
        ("completed", Some("failure"))
    } else if !run.pending.is_empty() {
        ("waiting", None)
    } else {
        ("completed", Some("success"))
    }
}

/// The workflow id every seeded run belongs to (`.github/workflows/deploy.yml`).
const DEPLOY_WORKFLOW: u64 = 161_335;

fn minimal_repo_json(r: &Repo) -> Value {
    let owner_url = format!("{API}/users/{}", r.owner);
    json!({
        "id": r.id,
        "node_id": format!("R_kgDO{}", r.id),
        "name": r.name,
        "full_name": r.full_name(),
        "private": false,
        "owner": {
            "login": r.owner,
            "id": 9_919,
            "node_id": "O_kgDOAAAmvw",
            "avatar_url": "https://avatars.githubusercontent.com/u/9919?v=4",
            "gravatar_id": "",
            "url": owner_url,
            "html_url": format!("{WEB}/{}", r.owner),
            "type": "Organization",
            "site_admin": false,
        },
        "html_url": format!("{WEB}/{}", r.full_name()),
        "description": null,
        "fork": false,
        "url": repo_url(r),
    })
}

/// A workflow run (`workflow-run` in GitHub's description).
pub fn run_json(st: &Store, r: &Repo, run: &Run) -> Value {
    let url = format!("{}/actions/runs/{}", repo_url(r), run.id);
    let (status, conclusion) = run_status(run);
    let actor = &st.users[run.actor];
    let person = json!({"name": actor.name, "email": format!("{}@acme.test", actor.username)});
    json!({
        "id": run.id,
        "name": "Deploy",
        "node_id": format!("WFR_kwLO{}", run.id),
        "check_suite_id": run.id * 10,
        "check_suite_node_id": format!("CS_kwDO{}", run.id * 10),
        "head_branch": run.git_ref,
        "head_sha": run.sha,
        "path": ".github/workflows/deploy.yml",
        "display_title": format!("Deploy {}", run.git_ref),
        "run_number": run.id % 1000,
        "event": "push",
        "status": status,
        "conclusion": conclusion,
        "workflow_id": DEPLOY_WORKFLOW,
        "url": url,
        "html_url": format!("{WEB}/{}/actions/runs/{}", r.full_name(), run.id),
        "pull_requests": [],
        "created_at": fmt_gh(run.created_at),
        "updated_at": fmt_gh(run.created_at + MINUTE),
        "actor": simple_user(st, run.actor),
        "triggering_actor": simple_user(st, run.actor),
        "run_attempt": 1,
        "referenced_workflows": [],
        "run_started_at": fmt_gh(run.created_at),
        "jobs_url": format!("{url}/jobs"),
        "logs_url": format!("{url}/logs"),
        "check_suite_url": format!("{}/check-suites/{}", repo_url(r), run.id * 10),
        "artifacts_url": format!("{url}/artifacts"),
        "cancel_url": format!("{url}/cancel"),
        "rerun_url": format!("{url}/rerun"),
        "previous_attempt_url": null,
        "workflow_url": format!("{}/actions/workflows/{DEPLOY_WORKFLOW}", repo_url(r)),
        "head_commit": {
            "id": run.sha,
            "tree_id": run.sha,
            "message": format!("Deploy {}", run.git_ref),
            "timestamp": fmt_gh(run.created_at - 10 * MINUTE),
            "author": person,
            "committer": person,
        },
        "repository": minimal_repo_json(r),
        "head_repository": minimal_repo_json(r),
    })
}

/// `GET /repos/{owner}/{repo}/actions/runs`: newest first, `{total_count, workflow_runs}`;
/// filters `status` (a status or a conclusion, e.g. `waiting`, `completed`, `failure`), `actor`
/// (login), `branch`, `head_sha`, `event`; `page`/`per_page` with a `Link` header.
async fn list_runs(
    State(s): State<AppState>,
    Path((owner, repo)): Path<(String, String)>,
    req: Req,
) -> Response {
    let st = s.read();
    let ri = match find_repo(&st, &owner, &repo) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let r = &st.repos[ri];
    let page = github_page(&req.params);
    let f = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    let (status, actor, branch, sha, event) = (
        f("status"),
        f("actor"),
        f("branch"),
        f("head_sha"),
        f("event"),
    );
    let keep = |run: &&Run| {
        let (st_, conclusion) = run_status(run);
        status
            .as_deref()
            .is_none_or(|v| v == st_ || Some(v) == conclusion)
            && actor
                .as_deref()
                .is_none_or(|v| st.users[run.actor].username == v)
            && branch.as_deref().is_none_or(|v| run.git_ref == v)
            && sha.as_deref().is_none_or(|v| run.sha == v)
            && event.as_deref().is_none_or(|v| v == "push")
    };
    let mut runs: Vec<&Run> = r.runs.iter().filter(keep).collect();
    runs.sort_by_key(|run| std::cmp::Reverse((run.created_at, run.id)));
    let total = runs.len();
    let items: Vec<Value> = runs
        .get(page.range().start.min(total)..page.range().end.min(total))
        .unwrap_or_default()
        .iter()
        .map(|run| run_json(&st, r, run))
        .collect();
    let mut resp = json(
        StatusCode::OK,
        json!({"total_count": total, "workflow_runs": items}),
    );
    github_headers(&mut resp, &req, page, total);
    resp
}

/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}`
async fn get_run(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
) -> Response {
    let st = s.read();
    match find_run(&st, &owner, &repo, &run) {
        Ok((ri, pos)) => {
            let r = &st.repos[ri];
            json(StatusCode::OK, run_json(&st, r, &r.runs[pos]))
        }
        Err(e) => e,
    }
}

fn find_run(st: &Store, owner: &str, repo: &str, run: &str) -> Result<(usize, usize), Response> {
    let ri = find_repo(st, owner, repo)?;
    let id = run.parse::<u64>().map_err(|_| not_found())?;
    let pos = st.repos[ri]
        .runs
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(not_found)?;
    Ok((ri, pos))
}

async fn pending(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
    req: Req,
) -> Response {
    let st = s.read();
    let (ri, pos) = match find_run(&st, &owner, &repo, &run) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let r = &st.repos[ri];
    let run = &r.runs[pos];
    let items: Vec<Value> = run
        .pending
        .iter()
        .filter_map(|id| r.envs.iter().find(|e| e.id == *id))
        .map(|e| {
            let self_blocked = e.prevent_self_review && run.actor == req.auth.user;
            json!({
                "environment": env_ref_json(r, e),
                "wait_timer": e.wait_timer,
                "wait_timer_started_at": if e.wait_timer > 0 { Value::from(fmt_gh(run.created_at)) } else { Value::Null },
                "current_user_can_approve": can_review(&st, e, req.auth.user) && !self_blocked,
                "reviewers": e.reviewers.iter().map(|rv| reviewer_json(&st, rv)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json(StatusCode::OK, Value::Array(items))
}

async fn approvals(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
) -> Response {
    let st = s.read();
    let (ri, pos) = match find_run(&st, &owner, &repo, &run) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let r = &st.repos[ri];
    let items: Vec<Value> = r.runs[pos]
        .reviews
        .iter()
        .map(|rv| {
            let envs: Vec<Value> = rv
                .env_ids
                .iter()
                .filter_map(|id| r.envs.iter().find(|e| e.id == *id))
                .map(|e| {
                    let mut v = env_ref_json(r, e);
                    v["created_at"] = json!(fmt_gh(e.created_at));
                    v["updated_at"] = json!(fmt_gh(e.updated_at));
                    v
                })
                .collect();
            json!({
                "environments": envs,
                "state": if rv.approved { "approved" } else { "rejected" },
                "user": simple_user(&st, rv.user),
                "comment": rv.comment,
            })
        })
        .collect();
    json(StatusCode::OK, Value::Array(items))
}

async fn review(
    State(s): State<AppState>,
    Path((owner, repo, run)): Path<(String, String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let (ri, pos) = match find_run(&st, &owner, &repo, &run) {
        Ok(x) => x,
        Err(e) => return e,
    };
    let body = match body_object(&req) {
        Ok(b) => b,
        Err(r) => return r,
    };
    for key in ["environment_ids", "state", "comment"] {
        if !body.contains_key(key) {
            return invalid_request(&format!("Invalid request.\n\n\"{key}\" wasn't supplied."));
        }
    }
    let Some(ids) = body
        .get("environment_ids")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect::<Vec<_>>())
    else {
        return invalid_request(
            "Invalid request.\n\nFor 'properties/environment_ids', it is not an array.",
        );
    };
    let approved = match body.get("state").and_then(Value::as_str) {
        Some("approved") => true,
        Some("rejected") => false,
        other => {
            return invalid_request(&format!(
                "Invalid request.\n\nFor 'properties/state', {} is not one of [\"approved\", \"rejected\"].",
                other.map(|s| format!("\"{s}\"")).unwrap_or_else(|| "null".into())
            ))
        }
    };
    let comment = body
        .get("comment")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let user = req.auth.user;
    let r = &st.repos[ri];
    let run = &r.runs[pos];
    if ids.is_empty() || ids.iter().any(|id| !run.pending.contains(id)) {
        return invalid_request("No pending deployment requests to approve or reject");
    }
    for id in &ids {
        let Some(e) = r.envs.iter().find(|e| e.id == *id) else {
            return invalid_request("No pending deployment requests to approve or reject");
        };
        if !can_review(&st, e, user) {
            return invalid_request("You are not a required reviewer for this environment");
        }
        if e.prevent_self_review && run.actor == user {
            return invalid_request("You cannot approve your own deployment");
        }
    }
    let now = now_ms();
    let (sha, git_ref) = (run.sha.clone(), run.git_ref.clone());
    let env_names: Vec<String> = ids
        .iter()
        .filter_map(|id| r.envs.iter().find(|e| e.id == *id).map(|e| e.name.clone()))
        .collect();
    let actor = run.actor;
    {
        let run = &mut st.repos[ri].runs[pos];
        if approved {
            run.pending.retain(|id| !ids.contains(id));
        } else {
            // A rejection fails the run: nothing of it waits any more.
            run.pending.clear();
        }
        run.reviews.push(GhReview {
            env_ids: ids.clone(),
            approved,
            user,
            comment,
        });
    }
    let mut created = vec![];
    if approved {
        let full = st.repos[ri].full_name();
        for env in env_names {
            let id = st.gh_next_deployment_id;
            st.gh_next_deployment_id += 1;
            let queued = gh_status(&mut st, GhState::Queued, actor, &env, &full, id, now, false);
            let d = GhDeployment {
                id,
                sha: sha.clone(),
                git_ref: git_ref.clone(),
                task: "deploy".into(),
                environment: env.clone(),
                original_environment: env.clone(),
                description: None,
                payload: json!({}),
                creator: actor,
                created_at: now,
                updated_at: now,
                transient: false,
                production: env == "production",
                statuses: vec![queued],
            };
            st.repos[ri].deployments.push(d);
            created.push(st.repos[ri].deployments.len() - 1);
        }
    }
    let r = &st.repos[ri];
    let items: Vec<Value> = created
        .iter()
        .map(|&i| deployment_json(&st, r, &r.deployments[i]))
        .collect();
    json(StatusCode::OK, Value::Array(items))
}
