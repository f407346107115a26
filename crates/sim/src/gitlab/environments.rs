//! GitLab environments: list, get, create, update, delete, stop, stop_stale and review-app
//! cleanup, with GitLab's validations, tier guessing and permission rules.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use serde_json::{json, Value};

use super::json::{env_json, EnvView};
use super::*;
use crate::pagination::gitlab_page;
use crate::req::{empty, json, Req};
use crate::AppState;

pub const ENV_NAME_MESSAGE: &str =
    "can contain only letters, digits, '-', '_', '/', '$', '{', '}', '.', and spaces, but it cannot start or end with '/'";

const K8S_NAMESPACE_MESSAGE: &str =
    "can contain only lowercase letters, digits, and '-'. Must start with a letter, and cannot end with '-'";

/// `Environment#guess_tier`: the first of development, testing, staging, production whose
/// pattern occurs anywhere in the name (any case), else other.
pub fn guess_tier(name: &str) -> &'static str {
    let n = name.to_lowercase();
    let any = |parts: &[&str]| parts.iter().any(|p| n.contains(p));
    // /(dev|review|trunk)/i
    if any(&["dev", "review", "trunk"]) {
        "development"
    // /(test|tst|int|ac(ce|)pt|qa|qc|control|quality)/i
    } else if any(&[
        "test", "tst", "int", "accept", "acpt", "qa", "qc", "control", "quality",
    ]) {
        "testing"
    // /(st(a|)g|mod(e|)l|pre|demo|non)/i
    } else if any(&["stag", "stg", "model", "modl", "pre", "demo", "non"]) {
        "staging"
    // /(pr(o|)d|live)/i
    } else if any(&["prod", "prd", "live"]) {
        "production"
    } else {
        "other"
    }
}

pub fn valid_env_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('/')
        && !name.ends_with('/')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_/${}. ".contains(c))
}

/// A new available environment (its id taken from the store's counter).
pub fn new_env(st: &mut Store, name: &str, now: Ms) -> Environment {
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
        cluster_agent: None,
        kubernetes_namespace: None,
        flux_resource_path: None,
    }
}

pub async fn list_envs(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> ApiResult {
    let st = s.read();
    let pi = project_for(&st, &req, &id, REPORTER)?;
    let page = gitlab_page(&req.params)?;
    let name = req.params.str("name");
    let search = req.params.str("search");
    if name.is_some() && search.is_some() {
        return Err(ApiFailure::param("name, search cannot be used together"));
    }
    if let Some(q) = &search {
        if !q.is_empty() && q.chars().count() < 3 {
            return Err(ApiFailure::bad_request(
                "Search query is less than 3 characters",
            ));
        }
    }
    let states = enum_param(&req, "states", &["available", "stopping", "stopped"])?
        .and_then(|s| EnvState::parse(&s));
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
        .map(|e| env_json(&st, p, e, EnvView::Listed))
        .collect();
    Ok(paginated(&req, page, total, items))
}

/// The project and environment of a call, after the body check, then the caller's role.
fn env_for(
    st: &Store,
    req: &Req,
    id: &str,
    eid: &str,
    level: u32,
) -> Result<(usize, usize), ApiFailure> {
    check_body(req)?;
    let pi = find_project(st, id)?;
    let eid = parse_id(eid, "environment_id")?;
    let pos = st.projects[pi]
        .envs
        .iter()
        .position(|e| e.id == eid)
        .ok_or_else(ApiFailure::not_found)?;
    require_role(st, req, level)?;
    Ok((pi, pos))
}

pub async fn get_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let st = s.read();
    let (pi, pos) = env_for(&st, &req, &id, &eid, REPORTER)?;
    let p = &st.projects[pi];
    Ok(json(
        StatusCode::OK,
        env_json(&st, p, &p.envs[pos], EnvView::Single),
    ))
}

fn valid_k8s_namespace(ns: &str) -> bool {
    let b = ns.as_bytes();
    let ok = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty() && ok(&b[0]) && ok(&b[b.len() - 1]) && b.iter().all(|c| ok(c) || *c == b'-')
}

/// Validates and applies `external_url`, `tier`, `description`, `auto_stop_setting`,
/// `cluster_agent_id`, `kubernetes_namespace` and `flux_resource_path`; refuses `slug`.
fn apply_env_fields(p: &Project, req: &Req, e: &mut Environment) -> Result<(), ApiFailure> {
    // Grape: `optional :slug, absence: { message: "is automatically generated and cannot be changed" }`.
    if req.params.has("slug") {
        return Err(ApiFailure::param(
            "slug is automatically generated and cannot be changed",
        ));
    }
    let tier = enum_param(req, "tier", &TIERS)?;
    let setting = enum_param(req, "auto_stop_setting", &["always", "with_action"])?;
    let agent = match req.params.str("cluster_agent_id") {
        None => None,
        Some(v) if v.is_empty() => Some(None),
        Some(v) => {
            Some(Some(v.trim().parse::<u64>().map_err(|_| {
                ApiFailure::param("cluster_agent_id is invalid")
            })?))
        }
    };
    if let Some(Some(a)) = agent {
        if !p.cluster_agents.iter().any(|x| x.0 == a) {
            return Err(ApiFailure::service(
                "Unauthorized to access the cluster agent in this project",
            ));
        }
    }
    let mut errors: Vec<(&str, &str)> = vec![];
    if let Some(url) = req.params.str("external_url") {
        if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
            errors.push((
                "external_url",
                "is blocked: Only allowed schemes are http, https",
            ));
        }
        e.external_url = if url.is_empty() { None } else { Some(url) };
    }
    if let Some(d) = req.params.str("description") {
        if d.chars().count() > 10_000 {
            errors.push(("description", "is too long (maximum is 10000 characters)"));
        }
        e.description = Some(d);
    }
    if let Some(ns) = req.params.str("kubernetes_namespace") {
        if ns.chars().count() > 63 {
            errors.push((
                "kubernetes_namespace",
                "is too long (maximum is 63 characters)",
            ));
        }
        if !valid_k8s_namespace(&ns) {
            errors.push(("kubernetes_namespace", K8S_NAMESPACE_MESSAGE));
        }
        e.kubernetes_namespace = Some(ns);
    }
    if let Some(path) = req.params.str("flux_resource_path") {
        if path.chars().count() > 255 {
            errors.push((
                "flux_resource_path",
                "is too long (maximum is 255 characters)",
            ));
        }
        e.flux_resource_path = Some(path);
    }
    if !errors.is_empty() {
        return Err(ApiFailure::fields(&errors));
    }
    if let Some(t) = tier {
        e.tier = t;
    }
    if let Some(sv) = setting {
        e.auto_stop_setting = sv;
    }
    if let Some(a) = agent {
        e.cluster_agent = a;
    }
    Ok(())
}

pub async fn create_env(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> ApiResult {
    let mut st = s.write();
    let pi = project_for(&st, &req, &id, DEVELOPER)?;
    missing(&req, &["name"])?;
    let name = req.params.str("name").unwrap_or_default();
    if name.trim().is_empty() {
        return Err(ApiFailure::param("name is empty"));
    }
    if !valid_env_name(&name) {
        return Err(ApiFailure::fields(&[("name", ENV_NAME_MESSAGE)]));
    }
    if st.projects[pi].env_by_name(&name).is_some() {
        return Err(ApiFailure::fields(&[("name", "has already been taken")]));
    }
    let now = now_ms();
    let mut e = new_env(&mut st, &name, now);
    if let Err(r) = apply_env_fields(&st.projects[pi], &req, &mut e) {
        st.next_env_id -= 1;
        return Err(r);
    }
    st.projects[pi].envs.push(e);
    let p = &st.projects[pi];
    Ok(json(
        StatusCode::CREATED,
        env_json(&st, p, p.envs.last().expect("pushed"), EnvView::Listed),
    ))
}

pub async fn update_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (pi, pos) = env_for(&st, &req, &id, &eid, DEVELOPER)?;
    let mut e = st.projects[pi].envs[pos].clone();
    apply_env_fields(&st.projects[pi], &req, &mut e)?;
    e.updated_at = now_ms();
    st.projects[pi].envs[pos] = e;
    let p = &st.projects[pi];
    Ok(json(
        StatusCode::OK,
        env_json(&st, p, &p.envs[pos], EnvView::Listed),
    ))
}

/// `If-Unmodified-Since` as an HTTP date or ISO 8601 (`None` when absent or unreadable).
fn if_unmodified_since(req: &Req) -> Option<Ms> {
    let v = req
        .headers
        .get(header::IF_UNMODIFIED_SINCE)?
        .to_str()
        .ok()?;
    chrono::DateTime::parse_from_rfc2822(v.trim())
        .map(|t| t.timestamp_millis())
        .ok()
        .or_else(|| parse_time(v))
}

pub async fn delete_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (pi, pos) = env_for(&st, &req, &id, &eid, DEVELOPER)?;
    let p = &mut st.projects[pi];
    // `destroy_environment` needs a stopped environment.
    if p.envs[pos].state != EnvState::Stopped {
        return Err(ApiFailure::forbidden());
    }
    // `destroy_conditionally!`: not when it changed after the client's copy.
    if let Some(since) = if_unmodified_since(&req) {
        if p.envs[pos].updated_at > since {
            return Err(ApiFailure::precondition_failed());
        }
    }
    let env = p.envs.remove(pos);
    p.deployments.retain(|d| d.env_id != env.id);
    Ok(empty(StatusCode::NO_CONTENT))
}

pub async fn stop_env(
    State(s): State<AppState>,
    Path((id, eid)): Path<(String, String)>,
    req: Req,
) -> ApiResult {
    let mut st = s.write();
    let (pi, pos) = env_for(&st, &req, &id, &eid, DEVELOPER)?;
    let force = bool_param(&req, "force")?.unwrap_or(false);
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
    Ok(json(
        StatusCode::OK,
        env_json(&st, p, &p.envs[pos], EnvView::Listed),
    ))
}

pub async fn stop_stale(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> ApiResult {
    let mut st = s.write();
    // `authorize! :stop_environment`: developers and up.
    let pi = project_for(&st, &req, &id, DEVELOPER)?;
    missing(&req, &["before"])?;
    let before = time_param(&req, "before")?.ok_or_else(|| ApiFailure::param("before is empty"))?;
    let now = now_ms();
    if before < now - 3652 * DAY || before > now - 7 * DAY {
        return Err(ApiFailure::bad_request("Invalid Date"));
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
    Ok(json(
        StatusCode::OK,
        json!({"message": "Successfully requested stop for all stale environments"}),
    ))
}

/// A review-app cleanup entry: the basic environment.
fn review_entry(e: &Environment) -> Value {
    json!({
        "id": e.id,
        "name": e.name,
        "slug": e.slug,
        "external_url": e.external_url,
        "created_at": fmt_gl(e.created_at),
        "updated_at": fmt_gl(e.updated_at),
    })
}

pub async fn review_apps(State(s): State<AppState>, Path(id): Path<String>, req: Req) -> ApiResult {
    let mut st = s.write();
    // `authorize! :admin_environment`: maintainers and owners.
    let pi = project_for(&st, &req, &id, MAINTAINER)?;
    let now = now_ms();
    let before = time_param(&req, "before")?.unwrap_or(now - 30 * DAY);
    let limit = match req.params.present("limit") {
        None => 100,
        Some(l) => match l.parse::<i64>() {
            Ok(n) if (1..=1000).contains(&n) => n as usize,
            Ok(_) => return Err(ApiFailure::param("limit does not have a valid value")),
            Err(_) => return Err(ApiFailure::param("limit is invalid")),
        },
    };
    let dry_run = bool_param(&req, "dry_run")?.unwrap_or(true);
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
    // A protected environment is one the caller may not destroy: GitLab reports it as
    // unprocessable instead of scheduling it.
    let (unprocessable, scheduled): (Vec<usize>, Vec<usize>) = picked
        .into_iter()
        .partition(|&i| p.protected.contains_key(&p.envs[i].name));
    let entries =
        |ix: &[usize]| -> Vec<Value> { ix.iter().map(|&i| review_entry(&p.envs[i])).collect() };
    let body = json!({
        "scheduled_entries": entries(&scheduled),
        "unprocessable_entries": entries(&unprocessable),
    });
    if !dry_run {
        for &i in &scheduled {
            p.envs[i].auto_delete_at = Some(now + 7 * DAY);
        }
    }
    Ok(json(StatusCode::OK, body))
}
