//! GitLab v4: deployments (list/get/create/update/delete, merge requests, approvals) and environments, with GitLab's own rules and messages.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::pagination::{gitlab_headers, gitlab_page};
use crate::req::{empty, json, Req};
use crate::store::*;
use crate::AppState;

pub const WEB: &str = "https://gitlab.acme.test";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects/{id}", get(get_project))
        .route(
            "/projects/{id}/deployments",
            get(list_deployments).post(create_deployment),
        )
        .route(
            "/projects/{id}/deployments/{did}",
            get(get_deployment)
                .put(update_deployment)
                .delete(delete_deployment),
        )
        .route(
            "/projects/{id}/deployments/{did}/merge_requests",
            get(deployment_mrs),
        )
        .route("/projects/{id}/deployments/{did}/approval", post(approve))
        .route(
            "/projects/{id}/environments",
            get(list_envs).post(create_env),
        )
        .route("/projects/{id}/environments/stop_stale", post(stop_stale))
        .route(
            "/projects/{id}/environments/review_apps",
            axum::routing::delete(review_apps),
        )
        .route(
            "/projects/{id}/environments/{eid}",
            get(get_env).put(update_env).delete(delete_env),
        )
        .route("/projects/{id}/environments/{eid}/stop", post(stop_env))
        .fallback(|| async { json(StatusCode::NOT_FOUND, json!({"error": "404 Not Found"})) })
}

// ------------------------------------------------------------------ errors

/// `{"message": "<text>"}` with a status.
pub fn msg(status: StatusCode, text: &str) -> Response {
    json(status, json!({ "message": text }))
}
/// Grape parameter error: 400 `{"error": "<text>"}`.
pub fn param_error(text: &str) -> Response {
    json(StatusCode::BAD_REQUEST, json!({ "error": text }))
}
/// Model validation error: 400 `{"message": {"<field>": ["<text>"]}}`.
pub fn field_error(fields: &[(&str, &str)]) -> Response {
    let mut m = serde_json::Map::new();
    for (f, t) in fields {
        m.insert(f.to_string(), json!([t]));
    }
    json(StatusCode::BAD_REQUEST, json!({ "message": m }))
}
fn bad_request(text: &str) -> Response {
    msg(
        StatusCode::BAD_REQUEST,
        &format!("400 Bad request - {text}"),
    )
}
fn project_not_found() -> Response {
    msg(StatusCode::NOT_FOUND, "404 Project Not Found")
}
fn not_found() -> Response {
    msg(StatusCode::NOT_FOUND, "404 Not found")
}

fn find_project(st: &Store, key: &str) -> Result<usize, Response> {
    st.project_index(key).ok_or_else(project_not_found)
}

fn parse_id(s: &str, name: &str) -> Result<u64, Response> {
    s.parse::<u64>()
        .map_err(|_| param_error(&format!("{name} is invalid")))
}

// ------------------------------------------------------------------ JSON

pub fn user_json(st: &Store, u: usize) -> Value {
    let u = &st.users[u];
    json!({
        "id": u.id,
        "username": u.username,
        "name": u.name,
        "state": "active",
        "locked": false,
        "avatar_url": format!("https://www.gravatar.com/avatar/{:032x}?s=80&d=identicon", mix(u.id) as u128 * 31),
        "web_url": format!("{WEB}/{}", u.username),
    })
}

pub fn project_json(p: &Project) -> Value {
    let ns = p.namespace();
    let ns_name = ns.rsplit('/').next().unwrap_or(ns);
    json!({
        "id": p.id,
        "description": p.description,
        "name": p.name(),
        "name_with_namespace": p.path.replace('/', " / "),
        "path": p.name(),
        "path_with_namespace": p.path,
        "created_at": fmt_gl(p.created_at),
        "default_branch": "main",
        "tag_list": [],
        "ssh_url_to_repo": format!("git@gitlab.acme.test:{}.git", p.path),
        "http_url_to_repo": format!("{WEB}/{}.git", p.path),
        "web_url": format!("{WEB}/{}", p.path),
        "readme_url": format!("{WEB}/{}/-/blob/main/README.md", p.path),
        "avatar_url": null,
        "star_count": 3,
        "forks_count": 0,
        "last_activity_at": fmt_gl(p.deployments.last().map(|d| d.updated_at).unwrap_or(p.created_at)),
        "namespace": {
            "id": 100 + p.id,
            "name": ns_name,
            "path": ns_name,
            "kind": "group",
            "full_path": ns,
            "parent_id": null,
        },
    })
}

pub fn env_basic_json(e: &Environment) -> Value {
    json!({
        "id": e.id,
        "name": e.name,
        "slug": e.slug,
        "external_url": e.external_url,
        "created_at": fmt_gl(e.created_at),
        "updated_at": fmt_gl(e.updated_at),
    })
}

pub fn env_json(st: &Store, p: &Project, e: &Environment, with_last: bool) -> Value {
    let mut v = json!({
        "id": e.id,
        "name": e.name,
        "slug": e.slug,
        "external_url": e.external_url,
        "state": e.state.as_str(),
        "tier": e.tier,
        "created_at": fmt_gl(e.created_at),
        "updated_at": fmt_gl(e.updated_at),
        "auto_stop_at": e.auto_stop_at.map(fmt_gl),
        "description": e.description,
        "auto_stop_setting": e.auto_stop_setting,
        "project": project_json(p),
    });
    if with_last {
        v["last_deployment"] = p
            .last_success(e.id)
            .map(|d| deployment_json(st, p, d, false))
            .unwrap_or(Value::Null);
    }
    v
}

fn job_name(env: &str) -> String {
    match env {
        "production" => "deploy:production".into(),
        "staging" => "deploy:staging".into(),
        n if n.starts_with("review/") => "review".into(),
        n => format!("deploy:{n}"),
    }
}

fn commit_json(st: &Store, p: &Project, c: &Commit) -> Value {
    let a = &st.users[c.author];
    let email = format!("{}@acme.test", a.username);
    json!({
        "id": c.sha,
        "short_id": &c.sha[..8],
        "created_at": fmt_gl(c.created_at),
        "parent_ids": [],
        "title": c.title,
        "message": format!("{}\n", c.title),
        "author_name": a.name,
        "author_email": email,
        "authored_date": fmt_gl(c.created_at),
        "committer_name": a.name,
        "committer_email": email,
        "committed_date": fmt_gl(c.created_at),
        "web_url": format!("{WEB}/{}/-/commit/{}", p.path, c.sha),
    })
}

fn job_json(st: &Store, p: &Project, d: &Deployment, j: &Job, env: &str) -> Value {
    let r = &p.refs[d.git_ref as usize];
    let c = &p.commits[d.commit as usize];
    let status = d.status.job_status();
    let pipeline_status = match d.status {
        Status::Blocked | Status::Created => "manual",
        s => s.as_str(),
    };
    let duration = match (j.started_at, d.finished_at) {
        (Some(s), Some(f)) => json!((f - s) as f64 / 1000.0),
        _ => Value::Null,
    };
    let queued = j
        .started_at
        .map(|s| json!((s - j.created_at) as f64 / 1000.0))
        .unwrap_or(Value::Null);
    let runner = j.runner.map(|id| {
        json!({
            "id": id,
            "description": format!("shared-runner-{id}"),
            "ip_address": format!("10.0.0.{}", 10 + id),
            "active": true,
            "paused": false,
            "is_shared": true,
            "runner_type": "instance_type",
            "name": "gitlab-runner",
            "online": true,
            "status": "online",
        })
    });
    let mut runner = runner.unwrap_or(Value::Null);
    if let Value::Object(m) = &mut runner {
        // runner.json only allows these keys
        m.remove("paused");
        m.remove("runner_type");
    }
    json!({
        "id": j.id,
        "status": status,
        "stage": "deploy",
        "name": job_name(env),
        "ref": r.name,
        "tag": r.tag,
        "coverage": null,
        "allow_failure": false,
        "created_at": fmt_gl(j.created_at),
        "started_at": j.started_at.map(fmt_gl),
        "finished_at": d.finished_at.map(fmt_gl),
        "erased_at": null,
        "duration": duration,
        "queued_duration": queued,
        "user": user_json(st, d.user),
        "commit": commit_json(st, p, c),
        "pipeline": {
            "id": j.pipeline_id,
            "iid": j.pipeline_id - 400,
            "project_id": p.id,
            "sha": c.sha,
            "ref": r.name,
            "status": pipeline_status,
            "source": "push",
            "created_at": fmt_gl(j.created_at),
            "updated_at": fmt_gl(d.updated_at),
            "web_url": format!("{WEB}/{}/-/pipelines/{}", p.path, j.pipeline_id),
        },
        "web_url": format!("{WEB}/{}/-/jobs/{}", p.path, j.id),
        "artifacts": [],
        "artifacts_expire_at": null,
        "tag_list": ["docker"],
        "runner": runner,
        "project": {"ci_job_token_scope_enabled": false},
        "archived": false,
    })
}

fn approval_json(st: &Store, a: &Approval) -> Value {
    json!({
        "user": user_json(st, a.user),
        "status": if a.approved { "approved" } else { "rejected" },
        "created_at": fmt_gl(a.created_at),
        "comment": a.comment,
    })
}

fn rule_name(st: &Store, r: &Rule) -> String {
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

fn approved_for(d: &Deployment, rule: Option<u64>) -> u32 {
    d.approvals
        .iter()
        .filter(|a| a.approved && a.rule_id == rule)
        .count() as u32
}

fn pending_count(prot: &Protection, d: &Deployment) -> u32 {
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

pub fn deployment_json(st: &Store, p: &Project, d: &Deployment, full: bool) -> Value {
    let env = p.env(d.env_id);
    let env_name = env.map(|e| e.name.as_str()).unwrap_or("");
    let r = &p.refs[d.git_ref as usize];
    let mut v = json!({
        "id": d.id,
        "iid": d.iid,
        "ref": r.name,
        "sha": p.commits[d.commit as usize].sha,
        "created_at": fmt_gl(d.created_at),
        "updated_at": fmt_gl(d.updated_at),
        "status": d.status.as_str(),
        "user": user_json(st, d.user),
        "environment": env.map(env_basic_json).unwrap_or(Value::Null),
        "deployable": d.job.as_ref().map(|j| job_json(st, p, d, j, env_name)).unwrap_or(Value::Null),
    });
    if let Some(prot) = p.approval_protection(d.env_id) {
        v["pending_approval_count"] = json!(pending_count(prot, d));
        v["approvals"] = Value::Array(d.approvals.iter().map(|a| approval_json(st, a)).collect());
        if full && !prot.rules.is_empty() {
            let rules: Vec<Value> = prot
                .rules
                .iter()
                .map(|r| {
                    let (user_id, group_id, level) = match &r.kind {
                        RuleKind::User(u) => (json!(st.users[*u].id), Value::Null, Value::Null),
                        RuleKind::Group(g) => (Value::Null, json!(st.groups[*g].id), Value::Null),
                        RuleKind::AccessLevel(l) => (Value::Null, Value::Null, json!(l)),
                    };
                    let approvals: Vec<Value> = d
                        .approvals
                        .iter()
                        .filter(|a| a.rule_id == Some(r.id))
                        .map(|a| approval_json(st, a))
                        .collect();
                    json!({
                        "user_id": user_id,
                        "group_id": group_id,
                        "access_level": level,
                        "access_level_description": rule_name(st, r),
                        "required_approvals": r.required_approvals,
                        "deployment_approvals": approvals,
                    })
                })
                .collect();
            v["approval_summary"] = json!({ "rules": rules });
        }
    }
    v
}

fn mr_json(st: &Store, p: &Project, m: &MergeRequest) -> Value {
    json!({
        "id": m.id,
        "iid": m.iid,
        "project_id": p.id,
        "title": m.title,
        "description": format!("Closes #{}", m.iid + 100),
        "state": "merged",
        "created_at": fmt_gl(m.created_at),
        "updated_at": fmt_gl(m.merged_at),
        "merged_by": user_json(st, (m.author + 1) % 6),
        "merge_user": user_json(st, (m.author + 1) % 6),
        "merged_at": fmt_gl(m.merged_at),
        "closed_by": null,
        "closed_at": null,
        "target_branch": "main",
        "source_branch": m.source_branch,
        "user_notes_count": 2,
        "upvotes": 1,
        "downvotes": 0,
        "author": user_json(st, m.author),
        "assignees": [],
        "assignee": null,
        "reviewers": [user_json(st, (m.author + 2) % 6)],
        "source_project_id": p.id,
        "target_project_id": p.id,
        "labels": [],
        "draft": false,
        "work_in_progress": false,
        "milestone": null,
        "merge_when_pipeline_succeeds": false,
        "merge_status": "can_be_merged",
        "detailed_merge_status": "not_open",
        "sha": m.sha,
        "merge_commit_sha": null,
        "squash_commit_sha": null,
        "discussion_locked": null,
        "should_remove_source_branch": null,
        "force_remove_source_branch": true,
        "reference": format!("!{}", m.iid),
        "references": {"short": format!("!{}", m.iid), "relative": format!("!{}", m.iid), "full": format!("{}!{}", p.path, m.iid)},
        "web_url": format!("{WEB}/{}/-/merge_requests/{}", p.path, m.iid),
        "time_stats": {"time_estimate": 0, "total_time_spent": 0, "human_time_estimate": null, "human_total_time_spent": null},
        "squash": false,
        "squash_on_merge": false,
        "task_completion_status": {"count": 0, "completed_count": 0},
        "has_conflicts": false,
        "blocking_discussions_resolved": true,
    })
}

fn paginated(
    req: &Req,
    page: crate::pagination::Page,
    total: usize,
    items: Vec<Value>,
) -> Response {
    let mut r = json(StatusCode::OK, Value::Array(items));
    gitlab_headers(&mut r, req, page, total);
    r
}

// ------------------------------------------------------------------ projects

async fn get_project(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    let st = s.read();
    match find_project(&st, &id) {
        Ok(pi) => json(StatusCode::OK, project_json(&st.projects[pi])),
        Err(r) => r,
    }
}

// ------------------------------------------------------------------ deployments

const ORDER_BY: [&str; 5] = ["id", "iid", "created_at", "updated_at", "finished_at"];

fn enum_param(req: &Req, key: &str, allowed: &[&str]) -> Result<Option<String>, Response> {
    match req.params.str(key) {
        None => Ok(None),
        Some(v) if allowed.contains(&v.as_str()) => Ok(Some(v)),
        Some(_) => Err(param_error(&format!("{key} does not have a valid value"))),
    }
}

fn time_param(req: &Req, key: &str) -> Result<Option<Ms>, Response> {
    match req.params.present(key) {
        None => Ok(None),
        Some(v) => parse_time(&v)
            .map(Some)
            .ok_or_else(|| param_error(&format!("{key} is invalid"))),
    }
}

/// The `page` a list request asks for (1 when absent or junk).
pub fn requested_page(req: &Req) -> i64 {
    req.params
        .str("page")
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
}

/// `--insert-per-list K`: before a list page >= 2, K new deployments become the project's newest
/// (in the environment and status the request filters on, if any), as while CI deploys.
fn insert_before_list(s: &AppState, id: &str, req: &Req) {
    let k = s.cfg().insert_per_list;
    if k == 0 || requested_page(req) < 2 {
        return;
    }
    let mut st = s.write();
    let Ok(pi) = find_project(&st, id) else {
        return;
    };
    let status = req
        .params
        .str("status")
        .and_then(|v| Status::parse(&v))
        .unwrap_or(Status::Success);
    for _ in 0..k {
        let id = st.next_deployment_id;
        st.next_deployment_id += 1;
        let p = &mut st.projects[pi];
        let Some(last) = p.deployments.last().cloned() else {
            return;
        };
        let env_id = req
            .params
            .present("environment")
            .and_then(|name| p.env_by_name(&name).map(|e| e.id))
            .unwrap_or(last.env_id);
        let newest = p
            .deployments
            .iter()
            .map(|d| d.updated_at.max(d.created_at))
            .max()
            .unwrap_or(last.created_at);
        let t = newest + MINUTE;
        let iid = p.next_iid;
        p.next_iid += 1;
        p.deployments.push(Deployment {
            id,
            iid,
            env_id,
            git_ref: last.git_ref,
            commit: last.commit,
            created_at: t,
            updated_at: t + MINUTE,
            finished_at: status.is_finished().then_some(t + MINUTE),
            status,
            user: crate::seed::BOT,
            job: None,
            approvals: vec![],
            mr_first: 0,
            mr_count: 0,
        });
    }
}

async fn list_deployments(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> Response {
    insert_before_list(&s, &id, &req);
    match list_deployments_inner(&s, &id, &req) {
        Ok(r) | Err(r) => r,
    }
}

fn list_deployments_inner(s: &AppState, id: &str, req: &Req) -> Result<Response, Response> {
    let st = s.read();
    let pi = find_project(&st, id)?;
    let p = &st.projects[pi];
    let page = gitlab_page(&req.params)?;
    let order_by = enum_param(req, "order_by", &ORDER_BY)?.unwrap_or_else(|| "id".into());
    let desc = enum_param(req, "sort", &["asc", "desc"])?.as_deref() == Some("desc");
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let status = enum_param(req, "status", &statuses)?.and_then(|s| Status::parse(&s));
    let updated_after = time_param(req, "updated_after")?;
    let updated_before = time_param(req, "updated_before")?;
    let finished_after = time_param(req, "finished_after")?;
    let finished_before = time_param(req, "finished_before")?;
    let environment = req.params.present("environment");

    // DeploymentsFinder#validate!, in its order.
    let by_updated = updated_after.is_some() || updated_before.is_some();
    let by_finished = finished_after.is_some() || finished_before.is_some();
    if by_updated && by_finished {
        return Err(bad_request(
            "Both `updated_at` filter and `finished_at` filter can not be specified",
        ));
    }
    if by_updated && order_by != "updated_at" {
        return Err(bad_request(
            "`updated_at` filter requires `updated_at` sort",
        ));
    }
    if by_finished && order_by != "finished_at" {
        return Err(bad_request(
            "`finished_at` filter requires `finished_at` sort.",
        ));
    }
    if order_by == "finished_at" && !(by_finished || status.is_some_and(|s| s.is_finished())) {
        return Err(bad_request(
            "`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses.",
        ));
    }
    if by_finished && status != Some(Status::Success) {
        return Err(bad_request(
            "`finished_at` filter must be combined with `success` status filter.",
        ));
    }

    let env_id = match &environment {
        Some(name) => match p.env_by_name(name) {
            Some(e) => Some(e.id),
            None => Some(u64::MAX),
        },
        None => None,
    };
    let keep = |d: &&Deployment| {
        env_id.is_none_or(|e| d.env_id == e)
            && status.is_none_or(|s| d.status == s)
            && updated_after.is_none_or(|t| d.updated_at >= t)
            && updated_before.is_none_or(|t| d.updated_at < t)
            && finished_after.is_none_or(|t| d.finished_at.is_some_and(|f| f >= t))
            && finished_before.is_none_or(|t| d.finished_at.is_some_and(|f| f < t))
    };
    let range = page.range();
    let (total, rows): (usize, Vec<&Deployment>) = match order_by.as_str() {
        "updated_at" | "finished_at" => {
            let mut all: Vec<&Deployment> = p.deployments.iter().filter(keep).collect();
            let by_finished = order_by == "finished_at";
            let key = |d: &&Deployment| {
                let t = if by_finished {
                    d.finished_at.unwrap_or(i64::MAX)
                } else {
                    d.updated_at
                };
                if desc {
                    (-t, -(d.id as i64))
                } else {
                    (t, d.id as i64)
                }
            };
            let total = all.len();
            // Only the records up to this page's end need ordering.
            let end = range.end.min(total);
            if end > 0 && end < total {
                all.select_nth_unstable_by_key(end - 1, key);
                all.truncate(end);
            }
            all.sort_unstable_by_key(key);
            let rows = all
                .into_iter()
                .skip(range.start)
                .take(page.per_page)
                .collect();
            (total, rows)
        }
        _ => {
            // id, iid and created_at all sort like id.
            let mut total = 0;
            let mut rows = Vec::with_capacity(page.per_page);
            if env_id.is_none() && status.is_none() {
                // No filter: count is the length, and the page is a slice.
                total = p.deployments.len();
                let n = total;
                let (lo, hi) = (range.start.min(n), range.end.min(n));
                rows = if desc {
                    p.deployments[n - hi..n - lo].iter().rev().collect()
                } else {
                    p.deployments[lo..hi].iter().collect()
                };
            } else {
                let iter: Box<dyn Iterator<Item = &Deployment>> = if desc {
                    Box::new(p.deployments.iter().rev())
                } else {
                    Box::new(p.deployments.iter())
                };
                for d in iter.filter(keep) {
                    if range.contains(&total) {
                        rows.push(d);
                    }
                    total += 1;
                }
            }
            (total, rows)
        }
    };
    let items = rows
        .into_iter()
        .map(|d| deployment_json(&st, p, d, false))
        .collect();
    Ok(paginated(req, page, total, items))
}

fn find_deployment(st: &Store, id: &str, did: &str) -> Result<(usize, usize), Response> {
    let pi = find_project(st, id)?;
    let did = parse_id(did, "deployment_id")?;
    let pos = st.projects[pi].deployment_pos(did).ok_or_else(not_found)?;
    Ok((pi, pos))
}

async fn get_deployment(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
) -> Response {
    let st = s.read();
    match find_deployment(&st, &id, &did) {
        Ok((pi, pos)) => {
            let p = &st.projects[pi];
            json(
                StatusCode::OK,
                deployment_json(&st, p, &p.deployments[pos], true),
            )
        }
        Err(r) => r,
    }
}

const WRITE_STATUSES: [&str; 4] = ["running", "success", "failed", "canceled"];

fn missing(req: &Req, keys: &[&str]) -> Result<(), Response> {
    let missing: Vec<String> = keys
        .iter()
        .filter(|k| !req.params.has(k))
        .map(|k| format!("{k} is missing"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(param_error(&missing.join(", ")))
    }
}

fn guess_tier(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    if n.starts_with("prod") || n.starts_with("live") {
        "production"
    } else if n.starts_with("stag")
        || n.starts_with("model")
        || n.starts_with("pre")
        || n.starts_with("demo")
    {
        "staging"
    } else if n.starts_with("test") || n.starts_with("qa") || n.starts_with("uat") {
        "testing"
    } else if n.starts_with("dev") || n.starts_with("review") || n.starts_with("trunk") {
        "development"
    } else {
        "other"
    }
}

fn valid_env_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('/')
        && !name.ends_with('/')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/${}. ".contains(c))
}

const ENV_NAME_MESSAGE: &str =
    "can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'";

fn new_env(st: &mut Store, name: &str, now: Ms) -> Environment {
    let id = st.next_env_id;
    st.next_env_id += 1;
    Environment {
        id,
        name: name.to_string(),
        slug: slugify(name),
        external_url: None,
        state: EnvState::Available,
        tier: guess_tier(name).to_string(),
        created_at: now,
        updated_at: now,
        auto_stop_at: None,
        description: None,
        auto_stop_setting: "always".into(),
        has_stop_action: false,
        auto_delete_at: None,
    }
}

async fn create_deployment(
    State(s): State<AppState>,
    Path(id): Path<String>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let pi = match find_project(&st, &id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(r) = missing(&req, &["environment", "sha", "ref", "tag", "status"]) {
        return r;
    }
    let empties: Vec<String> = ["environment", "sha", "ref"]
        .iter()
        .filter(|k| req.params.present(k).is_none())
        .map(|k| format!("{k} is empty"))
        .collect();
    if !empties.is_empty() {
        return param_error(&empties.join(", "));
    }
    let tag = match req.params.bool("tag") {
        Ok(Some(t)) => t,
        _ => return param_error("tag is invalid"),
    };
    let status = match enum_param(&req, "status", &WRITE_STATUSES) {
        Ok(Some(s)) => Status::parse(&s).unwrap_or(Status::Running),
        Ok(None) => return param_error("status is missing"),
        Err(r) => return r,
    };
    let env_name = req.params.present("environment").unwrap_or_default();
    let sha = req.params.present("sha").unwrap_or_default();
    let git_ref = req.params.present("ref").unwrap_or_default();
    let _ = tag;
    let p = &st.projects[pi];
    let commit = p.commit_index.get(&sha).copied();
    let ref_idx = p.ref_index.get(&git_ref).copied();
    let mut errors = vec![];
    if commit.is_none() {
        errors.push(("sha", "The commit does not exist"));
    }
    if ref_idx.is_none() {
        errors.push(("ref", "The branch or tag does not exist"));
    }
    if !errors.is_empty() {
        return field_error(&errors);
    }
    if p.env_by_name(&env_name).is_none() && !valid_env_name(&env_name) {
        return field_error(&[("environment", ENV_NAME_MESSAGE)]);
    }
    let now = now_ms();
    let env_id = match st.projects[pi].env_by_name(&env_name) {
        Some(e) => e.id,
        None => {
            let e = new_env(&mut st, &env_name, now);
            let id = e.id;
            st.projects[pi].envs.push(e);
            id
        }
    };
    let id = st.next_deployment_id;
    st.next_deployment_id += 1;
    let user = req.auth.user;
    let p = &mut st.projects[pi];
    let iid = p.next_iid;
    p.next_iid += 1;
    let d = Deployment {
        id,
        iid,
        env_id,
        git_ref: ref_idx.unwrap_or(0),
        commit: commit.unwrap_or(0),
        created_at: now,
        updated_at: now,
        finished_at: status.is_finished().then_some(now),
        status,
        user,
        job: None,
        approvals: vec![],
        mr_first: 0,
        mr_count: 0,
    };
    p.deployments.push(d);
    if let Some(e) = p.envs.iter_mut().find(|e| e.id == env_id) {
        e.updated_at = now;
        if e.state != EnvState::Available && status != Status::Failed {
            e.state = EnvState::Available;
        }
    }
    let p = &st.projects[pi];
    json(
        StatusCode::CREATED,
        deployment_json(&st, p, p.deployments.last().expect("just pushed"), true),
    )
}

async fn update_deployment(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let (pi, pos) = match find_deployment(&st, &id, &did) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let target = match enum_param(&req, "status", &WRITE_STATUSES) {
        Ok(Some(s)) => Status::parse(&s).unwrap_or(Status::Running),
        Ok(None) => return param_error("status is missing"),
        Err(r) => return r,
    };
    let d = &mut st.projects[pi].deployments[pos];
    if d.job.is_some() {
        return msg(
            StatusCode::FORBIDDEN,
            "403 Forbidden - Deployments created using GitLab CI can not be updated using the API",
        );
    }
    let (event, allowed) = match target {
        Status::Running => ("run", matches!(d.status, Status::Created | Status::Blocked)),
        Status::Success => ("succeed", d.status != Status::Success),
        Status::Failed => ("drop", d.status != Status::Failed),
        _ => ("cancel", d.status != Status::Canceled),
    };
    if !allowed {
        return field_error(&[("status", &format!("cannot transition via \"{event}\""))]);
    }
    let now = now_ms();
    d.status = target;
    d.updated_at = now;
    if target.is_finished() {
        d.finished_at = Some(now);
    }
    let p = &st.projects[pi];
    json(
        StatusCode::OK,
        deployment_json(&st, p, &p.deployments[pos], true),
    )
}

async fn delete_deployment(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
) -> Response {
    let mut st = s.write();
    let (pi, pos) = match find_deployment(&st, &id, &did) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = &mut st.projects[pi];
    let d = &p.deployments[pos];
    if d.status == Status::Running {
        return msg(StatusCode::BAD_REQUEST, "Cannot destroy running deployment");
    }
    if p.last_success(d.env_id).map(|x| x.id) == Some(d.id) {
        return msg(
            StatusCode::BAD_REQUEST,
            "Deployment currently deployed to environment",
        );
    }
    p.deployments.remove(pos);
    empty(StatusCode::NO_CONTENT)
}

async fn deployment_mrs(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> Response {
    let st = s.read();
    let (pi, pos) = match find_deployment(&st, &id, &did) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let page = match gitlab_page(&req.params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let p = &st.projects[pi];
    let d = &p.deployments[pos];
    let first = d.mr_first as usize;
    let all: Vec<&MergeRequest> = p
        .mrs
        .iter()
        .skip(first)
        .take(d.mr_count as usize)
        .rev()
        .collect();
    let total = all.len();
    let items = all
        .into_iter()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|m| mr_json(&st, p, m))
        .collect();
    paginated(&req, page, total, items)
}

async fn approve(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let (pi, pos) = match find_deployment(&st, &id, &did) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let approved = match enum_param(&req, "status", &["approved", "rejected"]) {
        Ok(Some(s)) => s == "approved",
        Ok(None) => return param_error("status is missing"),
        Err(r) => return r,
    };
    let comment = req.params.str("comment");
    if comment.as_ref().is_some_and(|c| c.chars().count() > 255) {
        return msg(
            StatusCode::BAD_REQUEST,
            "Comment is too long (maximum is 255 characters)",
        );
    }
    let represented_as = req.params.present("represented_as");
    let user = req.auth.user;
    let p = &st.projects[pi];
    let d = &p.deployments[pos];
    let env_name = p.env(d.env_id).map(|e| e.name.clone()).unwrap_or_default();
    let Some(prot) = p.protected.get(&env_name).cloned() else {
        return msg(
            StatusCode::BAD_REQUEST,
            "This environment is not protected.",
        );
    };
    if d.user == user && approved {
        return msg(
            StatusCode::BAD_REQUEST,
            "You cannot approve your own deployment. This configuration can be adjusted in the protected environment settings.",
        );
    }
    if prot.required_approval_count == 0 && prot.rules.is_empty() {
        return msg(
            StatusCode::BAD_REQUEST,
            "Deployment approvals is not configured for this environment.",
        );
    }
    if d.status != Status::Blocked {
        return msg(
            StatusCode::BAD_REQUEST,
            "This deployment is not waiting for approvals.",
        );
    }
    let applicable: Vec<&Rule> = prot
        .rules
        .iter()
        .filter(|r| rule_applies(&st, r, user))
        .collect();
    let can = if prot.rules.is_empty() {
        st.users[user].access_level >= 30
    } else {
        !applicable.is_empty()
    };
    if !can {
        return msg(
            StatusCode::BAD_REQUEST,
            "You don't have permission to approve this deployment. Contact the project or group owner for help.",
        );
    }
    let rule_id = if prot.rules.is_empty() {
        None
    } else {
        let rule = match &represented_as {
            Some(name) => applicable.iter().find(|r| {
                let n = rule_name(&st, r);
                n.eq_ignore_ascii_case(name)
                    || matches!(&r.kind, RuleKind::User(u) if st.users[*u].username.eq_ignore_ascii_case(name))
            }),
            None => applicable.first(),
        };
        match rule {
            Some(r) => Some(r.id),
            None => {
                return msg(
                    StatusCode::BAD_REQUEST,
                    "There are no approval rules for the given `represent_as` parameter. Use a valid User/Group/Role name instead.",
                )
            }
        }
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
    json(StatusCode::CREATED, approval_json(&st, &a))
}

// ------------------------------------------------------------------ environments

async fn list_envs(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> Response {
    let st = s.read();
    let pi = match find_project(&st, &id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let page = match gitlab_page(&req.params) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let name = req.params.str("name");
    let search = req.params.str("search");
    if name.is_some() && search.is_some() {
        return param_error("name, search are mutually exclusive");
    }
    if let Some(q) = &search {
        if !q.is_empty() && q.chars().count() < 3 {
            return bad_request("Search query is less than 3 characters");
        }
    }
    let states = match enum_param(&req, "states", &["available", "stopping", "stopped"]) {
        Ok(s) => s.and_then(|s| EnvState::parse(&s)),
        Err(r) => return r,
    };
    let p = &st.projects[pi];
    let q = search.map(|s| s.to_ascii_lowercase());
    let all: Vec<&Environment> = p
        .envs
        .iter()
        .filter(|e| name.as_ref().is_none_or(|n| &e.name == n))
        .filter(|e| {
            q.as_ref().is_none_or(|q| {
                let n = e.name.to_ascii_lowercase();
                n.starts_with(q.as_str())
                    || n.rsplit('/')
                        .next()
                        .is_some_and(|last| last.starts_with(q.as_str()))
            })
        })
        .filter(|e| states.is_none_or(|s| e.state == s))
        .collect();
    let total = all.len();
    let items = all
        .into_iter()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|e| env_json(&st, p, e, false))
        .collect();
    paginated(&req, page, total, items)
}

fn find_env(st: &Store, id: &str, eid: &str) -> Result<(usize, usize), Response> {
    let pi = find_project(st, id)?;
    let eid = parse_id(eid, "environment_id")?;
    let pos = st.projects[pi]
        .envs
        .iter()
        .position(|e| e.id == eid)
        .ok_or_else(not_found)?;
    Ok((pi, pos))
}

async fn get_env(State(s): State<AppState>, Path((id, eid)): Path<(String, String)>) -> Response {
    let st = s.read();
    match find_env(&st, &id, &eid) {
        Ok((pi, pos)) => {
            let p = &st.projects[pi];
            json(StatusCode::OK, env_json(&st, p, &p.envs[pos], true))
        }
        Err(r) => r,
    }
}

/// Validates and applies `external_url`, `tier`, `description`, `auto_stop_setting`.
fn apply_env_fields(req: &Req, e: &mut Environment) -> Result<(), Response> {
    let tier = enum_param(req, "tier", &TIERS)?;
    let setting = enum_param(req, "auto_stop_setting", &["always", "with_action"])?;
    if let Some(url) = req.params.str("external_url") {
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            return Err(field_error(&[(
                "external_url",
                "is blocked: Only allowed schemes are http, https",
            )]));
        }
        e.external_url = if url.is_empty() { None } else { Some(url) };
    }
    if let Some(t) = tier {
        e.tier = t;
    }
    if let Some(sv) = setting {
        e.auto_stop_setting = sv;
    }
    if let Some(d) = req.params.str("description") {
        if d.chars().count() > 10_000 {
            return Err(field_error(&[(
                "description",
                "is too long (maximum is 10000 characters)",
            )]));
        }
        e.description = Some(d);
    }
    Ok(())
}

async fn create_env(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> Response {
    let mut st = s.write();
    let pi = match find_project(&st, &id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(r) = missing(&req, &["name"]) {
        return r;
    }
    let name = req.params.str("name").unwrap_or_default();
    if name.trim().is_empty() {
        return param_error("name is empty");
    }
    let mut errors = vec![];
    if !valid_env_name(&name) {
        errors.push(("name", ENV_NAME_MESSAGE));
    } else if st.projects[pi].env_by_name(&name).is_some() {
        errors.push(("name", "has already been taken"));
    }
    if !errors.is_empty() {
        return field_error(&errors);
    }
    let now = now_ms();
    let mut e = new_env(&mut st, &name, now);
    if let Err(r) = apply_env_fields(&req, &mut e) {
        st.next_env_id -= 1;
        return r;
    }
    let p = &mut st.projects[pi];
    p.envs.push(e);
    let p = &st.projects[pi];
    json(
        StatusCode::CREATED,
        env_json(&st, p, p.envs.last().expect("pushed"), false),
    )
}

async fn update_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let (pi, pos) = match find_env(&st, &id, &eid) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut e = st.projects[pi].envs[pos].clone();
    if let Err(r) = apply_env_fields(&req, &mut e) {
        return r;
    }
    e.updated_at = now_ms();
    st.projects[pi].envs[pos] = e;
    let p = &st.projects[pi];
    json(StatusCode::OK, env_json(&st, p, &p.envs[pos], false))
}

async fn delete_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
) -> Response {
    let mut st = s.write();
    let (pi, pos) = match find_env(&st, &id, &eid) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let p = &mut st.projects[pi];
    if p.envs[pos].state != EnvState::Stopped {
        return msg(StatusCode::FORBIDDEN, "403 Forbidden");
    }
    let env = p.envs.remove(pos);
    p.deployments.retain(|d| d.env_id != env.id);
    empty(StatusCode::NO_CONTENT)
}

async fn stop_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
    req: Req,
) -> Response {
    let mut st = s.write();
    let (pi, pos) = match find_env(&st, &id, &eid) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let force = match req.params.bool("force") {
        Ok(f) => f.unwrap_or(false),
        Err(_) => return param_error("force is invalid"),
    };
    let now = now_ms();
    let e = &mut st.projects[pi].envs[pos];
    match e.state {
        EnvState::Available => {
            e.state = if e.has_stop_action && !force {
                EnvState::Stopping
            } else {
                EnvState::Stopped
            };
            e.updated_at = now;
        }
        EnvState::Stopping if force => {
            e.state = EnvState::Stopped;
            e.updated_at = now;
        }
        _ => {}
    }
    let p = &st.projects[pi];
    json(StatusCode::OK, env_json(&st, p, &p.envs[pos], false))
}

async fn stop_stale(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> Response {
    let mut st = s.write();
    let pi = match find_project(&st, &id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(r) = missing(&req, &["before"]) {
        return r;
    }
    let before = match time_param(&req, "before") {
        Ok(Some(t)) => t,
        Ok(None) => return param_error("before is empty"),
        Err(r) => return r,
    };
    let now = now_ms();
    if before < now - 3652 * DAY || before > now - 7 * DAY {
        return msg(StatusCode::BAD_REQUEST, "Invalid Date");
    }
    let p = &mut st.projects[pi];
    let mut stale = vec![];
    for (i, e) in p.envs.iter().enumerate() {
        if e.state != EnvState::Available
            || p.protected.contains_key(&e.name)
            || e.updated_at >= before
        {
            continue;
        }
        let last = p.deployments.iter().rev().find(|d| d.env_id == e.id);
        if last.is_some_and(|d| d.updated_at < before) {
            stale.push(i);
        }
    }
    for i in stale {
        let e = &mut p.envs[i];
        e.state = if e.has_stop_action {
            EnvState::Stopping
        } else {
            EnvState::Stopped
        };
        e.updated_at = now;
    }
    json(
        StatusCode::OK,
        json!({"message": "Successfully requested stop for all stale environments"}),
    )
}

async fn review_apps(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> Response {
    let mut st = s.write();
    let pi = match find_project(&st, &id) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let now = now_ms();
    let before = match time_param(&req, "before") {
        Ok(t) => t.unwrap_or(now - 30 * DAY),
        Err(r) => return r,
    };
    let limit = match req.params.present("limit") {
        None => 100,
        Some(l) => match l.parse::<i64>() {
            Ok(n) if (1..=1000).contains(&n) => n as usize,
            Ok(_) => return param_error("limit does not have a valid value"),
            Err(_) => return param_error("limit is invalid"),
        },
    };
    let dry_run = match req.params.bool("dry_run") {
        Ok(d) => d.unwrap_or(true),
        Err(_) => return param_error("dry_run is invalid"),
    };
    let p = &mut st.projects[pi];
    let mut picked: Vec<usize> = p
        .envs
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.state == EnvState::Stopped
                && e.name.starts_with("review/")
                && e.auto_delete_at.is_none()
                && e.created_at < before
        })
        .map(|(i, _)| i)
        .collect();
    picked.sort_by_key(|&i| (p.envs[i].created_at, p.envs[i].id));
    picked.truncate(limit);
    let entries: Vec<Value> = picked
        .iter()
        .map(|&i| {
            let e = &p.envs[i];
            json!({"id": e.id, "name": e.name, "slug": e.slug, "external_url": e.external_url})
        })
        .collect();
    if !dry_run {
        for &i in &picked {
            p.envs[i].auto_delete_at = Some(now + 7 * DAY);
        }
    }
    json(
        StatusCode::OK,
        json!({"scheduled_entries": entries, "unprocessable_entries": []}),
    )
}
