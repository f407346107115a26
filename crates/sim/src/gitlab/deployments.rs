//! GitLab deployments: list (with `DeploymentsFinder`'s filter rules), get, create, update,
//! delete, and the merge requests a deployment shipped.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::Value;

use super::environments::{new_env, valid_env_name, ENV_NAME_MESSAGE};
use super::json::{deployment_json, mr_json, mr_updated_at, DeploymentView};
use super::*;
use crate::pagination::gitlab_page;
use crate::req::{empty, json, Req};
use crate::AppState;

const ORDER_BY: [&str; 5] = ["id", "iid", "created_at", "updated_at", "finished_at"];
const WRITE_STATUSES: [&str; 4] = ["running", "success", "failed", "canceled"];

/// `--insert-per-list K`: before a list page >= 2, K new deployments become the project's newest
/// (in the environment and status the request filters on, if any), as while CI deploys.
pub fn insert_before_list(s: &AppState, id: &str, req: &Req) {
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
            api_ref: None,
        });
    }
}

pub async fn list_deployments(
    State(s): State<AppState>,
    Path(id): Path<String>,
    req: Req,
) -> ApiResult {
    insert_before_list(&s, &id, &req);
    let st = s.read();
    let pi = project_for(&st, &req, &id, REPORTER)?;
    let p = &st.projects[pi];
    let page = gitlab_page(&req.params)?;
    let order_by = enum_param(&req, "order_by", &ORDER_BY)?.unwrap_or_else(|| "id".into());
    let desc = enum_param(&req, "sort", &["asc", "desc"])?.as_deref() == Some("desc");
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let status = enum_param(&req, "status", &statuses)?.and_then(|s| Status::parse(&s));
    let updated_after = time_param(&req, "updated_after")?;
    let updated_before = time_param(&req, "updated_before")?;
    let finished_after = time_param(&req, "finished_after")?;
    let finished_before = time_param(&req, "finished_before")?;
    let environment = req.params.present("environment");

    // DeploymentsFinder#validate!, in its order.
    let by_updated = updated_after.is_some() || updated_before.is_some();
    let by_finished = finished_after.is_some() || finished_before.is_some();
    if by_updated && by_finished {
        return Err(ApiFailure::bad_request(
            "Both `updated_at` filter and `finished_at` filter can not be specified",
        ));
    }
    if by_updated && order_by != "updated_at" {
        return Err(ApiFailure::bad_request(
            "`updated_at` filter requires `updated_at` sort",
        ));
    }
    if by_finished && order_by != "finished_at" {
        return Err(ApiFailure::bad_request(
            "`finished_at` filter requires `finished_at` sort.",
        ));
    }
    if order_by == "finished_at" && !(by_finished || status.is_some_and(|s| s.is_finished())) {
        return Err(ApiFailure::bad_request(
            "`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses.",
        ));
    }
    if by_finished && status != Some(Status::Success) {
        return Err(ApiFailure::bad_request(
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
    let items: Vec<_> = rows
        .into_iter()
        .map(|d| {
            s.rendered((p.id, d.id), || {
                deployment_json(&st, p, d, DeploymentView::Listed).to_string()
            })
        })
        .collect();
    Ok(paginated_text(&req, page, total, &items))
}

fn find_deployment(st: &Store, id: &str, did: &str) -> Result<(usize, usize), ApiFailure> {
    let pi = find_project(st, id)?;
    let did = parse_id(did, "deployment_id")?;
    let pos = st.projects[pi]
        .deployment_pos(did)
        .ok_or_else(ApiFailure::not_found)?;
    Ok((pi, pos))
}

/// The project and deployment of a call, after the body check, then the caller's role.
fn deployment_for(
    st: &Store,
    req: &Req,
    id: &str,
    did: &str,
    level: u32,
) -> Result<(usize, usize), ApiFailure> {
    check_body(req)?;
    let found = find_deployment(st, id, did)?;
    require_role(st, req, level)?;
    Ok(found)
}

pub async fn get_deployment(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let (pi, pos) = deployment_for(&st, &req, &id, &did, REPORTER)?;
    let p = &st.projects[pi];
    Ok(json(
        StatusCode::OK,
        deployment_json(&st, p, &p.deployments[pos], DeploymentView::Extended),
    ))
}

/// What `project.commit(ref)` finds: a branch or tag (its index), or a commit SHA.
enum RefTarget {
    Named(u32),
    Sha,
}

fn resolve_ref(p: &Project, git_ref: &str) -> Option<RefTarget> {
    if let Some(&i) = p.ref_index.get(git_ref) {
        return Some(RefTarget::Named(i));
    }
    p.commit_index.get(git_ref).map(|_| RefTarget::Sha)
}

pub async fn create_deployment(
    State(s): State<AppState>,
    Path(id): Path<String>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let pi = project_for(&st, &req, &id, DEVELOPER)?;
    missing(&req, &["environment", "sha", "ref", "tag", "status"])?;
    let empties: Vec<String> = ["environment", "sha", "ref"]
        .iter()
        .filter(|k| req.params.present(k).is_none())
        .map(|k| format!("{k} is empty"))
        .collect();
    if !empties.is_empty() {
        return Err(ApiFailure::param(&empties.join(", ")));
    }
    let tag = bool_param(&req, "tag")?.ok_or_else(|| ApiFailure::param("tag is invalid"))?;
    let status = enum_param(&req, "status", &WRITE_STATUSES)?
        .and_then(|s| Status::parse(&s))
        .ok_or_else(|| ApiFailure::param("status is missing"))?;
    let env_name = req.params.present("environment").unwrap_or_default();
    let sha = req.params.present("sha").unwrap_or_default();
    let git_ref = req.params.present("ref").unwrap_or_default();
    let p = &st.projects[pi];
    // The API's order: the ref first and alone (a branch, a tag or a SHA), then the
    // environment (found or created by name, its errors under `name`), then the deployment's
    // own validation (the commit).
    let target = resolve_ref(p, &git_ref)
        .ok_or_else(|| ApiFailure::fields(&[("ref", "The branch or tag does not exist")]))?;
    if p.env_by_name(&env_name).is_none() && !valid_env_name(&env_name) {
        return Err(ApiFailure::fields(&[("name", ENV_NAME_MESSAGE)]));
    }
    let commit = p
        .commit_index
        .get(&sha)
        .copied()
        .ok_or_else(|| ApiFailure::fields(&[("sha", "The commit does not exist")]))?;
    let (ref_idx, api_ref) = match target {
        RefTarget::Named(i) => (i, (git_ref, tag)),
        RefTarget::Sha => (0, (git_ref, tag)),
    };
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
    p.deployments.push(Deployment {
        id,
        iid,
        env_id,
        git_ref: ref_idx,
        commit,
        created_at: now,
        updated_at: now,
        finished_at: status.is_finished().then_some(now),
        status,
        user,
        job: None,
        approvals: vec![],
        mr_first: 0,
        mr_count: 0,
        api_ref: Some(api_ref),
    });
    if let Some(e) = p.envs.iter_mut().find(|e| e.id == env_id) {
        e.updated_at = now;
        if e.state != EnvState::Available && status != Status::Failed {
            e.state = EnvState::Available;
        }
    }
    let p = &st.projects[pi];
    let d = p.deployments.last().expect("just pushed");
    Ok(json(
        StatusCode::CREATED,
        deployment_json(&st, p, d, DeploymentView::Extended),
    ))
}

pub async fn update_deployment(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (pi, pos) = deployment_for(&st, &req, &id, &did, DEVELOPER)?;
    let target = enum_param(&req, "status", &WRITE_STATUSES)?
        .and_then(|s| Status::parse(&s))
        .ok_or_else(|| ApiFailure::param("status is missing"))?;
    let d = &mut st.projects[pi].deployments[pos];
    if d.job.is_some() {
        return Err(ApiFailure::message(
            StatusCode::FORBIDDEN,
            "403 Forbidden - Deployments created using GitLab CI can not be updated using the API",
        ));
    }
    let (event, allowed) = match target {
        Status::Running => ("run", matches!(d.status, Status::Created | Status::Blocked)),
        Status::Success => ("succeed", d.status != Status::Success),
        Status::Failed => ("drop", d.status != Status::Failed),
        _ => ("cancel", d.status != Status::Canceled),
    };
    if !allowed {
        return Err(ApiFailure::fields(&[(
            "status",
            &format!("cannot transition via \"{event}\""),
        )]));
    }
    let now = now_ms();
    d.status = target;
    d.updated_at = now;
    if target.is_finished() {
        d.finished_at = Some(now);
    }
    let p = &st.projects[pi];
    Ok(json(
        StatusCode::OK,
        deployment_json(&st, p, &p.deployments[pos], DeploymentView::Extended),
    ))
}

pub async fn delete_deployment(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (pi, pos) = deployment_for(&st, &req, &id, &did, MAINTAINER)?;
    let p = &mut st.projects[pi];
    let d = &p.deployments[pos];
    if d.status == Status::Running {
        return Err(ApiFailure::service("Cannot destroy running deployment"));
    }
    if p.last_success(d.env_id).map(|x| x.id) == Some(d.id) {
        return Err(ApiFailure::service(
            "Deployment currently deployed to environment",
        ));
    }
    p.deployments.remove(pos);
    Ok(empty(StatusCode::NO_CONTENT))
}

/// `MergeRequestsFinder`'s values for the deployment merge requests call.
const MR_STATES: [&str; 5] = ["opened", "closed", "locked", "merged", "all"];
const MR_ORDER_BY: [&str; 8] = [
    "created_at",
    "label_priority",
    "milestone_due",
    "popularity",
    "priority",
    "title",
    "updated_at",
    "merged_at",
];

pub async fn deployment_mrs(
    State(s): State<AppState>,
    Path((id, did)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let (pi, pos) = deployment_for(&st, &req, &id, &did, REPORTER)?;
    let state = enum_param(&req, "state", &MR_STATES)?;
    let order_by =
        enum_param(&req, "order_by", &MR_ORDER_BY)?.unwrap_or_else(|| "created_at".into());
    let asc = enum_param(&req, "sort", &["asc", "desc"])?.as_deref() == Some("asc");
    let page = gitlab_page(&req.params)?;
    let p = &st.projects[pi];
    let d = &p.deployments[pos];
    let mut all: Vec<&MergeRequest> = p
        .mrs
        .iter()
        .skip(d.mr_first as usize)
        .take(d.mr_count as usize)
        .filter(|m| match state.as_deref() {
            None | Some("all") => true,
            Some(s) => m.state == s,
        })
        .collect();
    all.sort_by(|a, b| {
        let ord = match order_by.as_str() {
            "title" => a.title.cmp(&b.title),
            "updated_at" => mr_updated_at(a).cmp(&mr_updated_at(b)),
            "merged_at" => {
                let at = |m: &MergeRequest| (m.state == "merged").then_some(m.merged_at);
                at(a).cmp(&at(b))
            }
            _ => a.created_at.cmp(&b.created_at),
        }
        .then(a.id.cmp(&b.id));
        if asc {
            ord
        } else {
            ord.reverse()
        }
    });
    let total = all.len();
    let items: Vec<Value> = all
        .into_iter()
        .skip(page.range().start)
        .take(page.per_page)
        .map(|m| mr_json(&st, p, m))
        .collect();
    Ok(paginated(&req, page, total, items))
}
