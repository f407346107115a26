//! GitLab's JSON: users, projects, environments, jobs, deployments (list items and
//! `DeploymentExtended`), approvals and merge requests, shaped like GitLab's API entities.

use serde_json::{json, Value};

use super::approvals::{pending_count, rule_name};
use super::WEB;
use crate::store::*;

/// When a merge request last changed: its merge, close or last push (all seeded as one time).
pub fn mr_updated_at(m: &MergeRequest) -> Ms {
    m.merged_at
}

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

/// Which answer an environment is rendered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvView {
    /// List items and the answers to writes: with `project`, no `last_deployment`.
    Listed,
    /// `GET …/environments/:id`: no `project`, with `last_deployment` (itself without
    /// `environment`).
    Single,
}

pub fn env_json(st: &Store, p: &Project, e: &Environment, view: EnvView) -> Value {
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
    });
    if let Some(id) = e.cluster_agent {
        let name = p
            .cluster_agents
            .iter()
            .find(|a| a.0 == id)
            .map(|a| a.1.clone())
            .unwrap_or_default();
        v["cluster_agent"] = json!({"id": id, "name": name, "config_project": {"id": p.id, "path_with_namespace": p.path}});
    }
    if let Some(ns) = &e.kubernetes_namespace {
        v["kubernetes_namespace"] = json!(ns);
    }
    if let Some(path) = &e.flux_resource_path {
        v["flux_resource_path"] = json!(path);
    }
    match view {
        EnvView::Listed => v["project"] = project_json(p),
        EnvView::Single => {
            v["last_deployment"] = p
                .last_success(e.id)
                .map(|d| deployment_json(st, p, d, DeploymentView::InEnvironment))
                .unwrap_or(Value::Null);
        }
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

pub fn commit_json(st: &Store, p: &Project, c: &Commit) -> Value {
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

pub fn job_json(st: &Store, p: &Project, d: &Deployment, j: &Job, env: &str) -> Value {
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
    let mut v = json!({
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
    });
    if status == "failed" {
        // GitLab names why a failed job failed; a rejected deployment fails its job.
        let rejected = d.approvals.iter().any(|a| !a.approved);
        v["failure_reason"] = json!(if rejected {
            "deployment_rejected"
        } else {
            "script_failure"
        });
    }
    v
}

pub fn approval_json(st: &Store, a: &Approval) -> Value {
    json!({
        "user": user_json(st, a.user),
        "status": if a.approved { "approved" } else { "rejected" },
        "created_at": fmt_gl(a.created_at),
        "comment": a.comment,
    })
}

/// Which answer a deployment is rendered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeploymentView {
    /// A list item: approvals only on environments that need them.
    Listed,
    /// GitLab's `DeploymentExtended` (single GET, POST, PUT): `pending_approval_count`,
    /// `approvals` and `approval_summary` always.
    Extended,
    /// An environment's `last_deployment`: a list item without `environment`.
    InEnvironment,
}

pub fn deployment_json(st: &Store, p: &Project, d: &Deployment, view: DeploymentView) -> Value {
    let env = p.env(d.env_id);
    let env_name = env.map(|e| e.name.as_str()).unwrap_or("");
    let r = &p.refs[d.git_ref as usize];
    let ref_name = d.api_ref.as_ref().map_or(r.name.as_str(), |a| a.0.as_str());
    let mut v = json!({
        "id": d.id,
        "iid": d.iid,
        "ref": ref_name,
        "sha": p.commits[d.commit as usize].sha,
        "created_at": fmt_gl(d.created_at),
        "updated_at": fmt_gl(d.updated_at),
        "status": d.status.as_str(),
        "user": user_json(st, d.user),
        "environment": env.map(env_basic_json).unwrap_or(Value::Null),
        "deployable": d.job.as_ref().map(|j| job_json(st, p, d, j, env_name)).unwrap_or(Value::Null),
    });
    if let Some((_, tag)) = &d.api_ref {
        // Made through the API: the `tag` flag it was created with.
        v["tag"] = json!(tag);
    }
    let prot = p.approval_protection(d.env_id);
    match view {
        DeploymentView::InEnvironment => {
            if let Value::Object(m) = &mut v {
                m.remove("environment");
            }
        }
        DeploymentView::Listed => {
            if let Some(prot) = prot {
                v["pending_approval_count"] = json!(pending_count(prot, d));
                v["approvals"] =
                    Value::Array(d.approvals.iter().map(|a| approval_json(st, a)).collect());
            }
        }
        DeploymentView::Extended => {
            v["pending_approval_count"] = json!(prot.map(|pr| pending_count(pr, d)).unwrap_or(0));
            v["approvals"] =
                Value::Array(d.approvals.iter().map(|a| approval_json(st, a)).collect());
            let rules: Vec<Value> = prot
                .map(|pr| pr.rules.iter().map(|r| rule_json(st, d, r)).collect())
                .unwrap_or_default();
            v["approval_summary"] = json!({ "rules": rules });
        }
    }
    v
}

fn rule_json(st: &Store, d: &Deployment, r: &Rule) -> Value {
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
}

pub fn mr_json(st: &Store, p: &Project, m: &MergeRequest) -> Value {
    let merged = m.state == "merged";
    let closed = m.state == "closed";
    let merger = user_json(st, (m.author + 1) % 6);
    json!({
        "id": m.id,
        "iid": m.iid,
        "project_id": p.id,
        "title": m.title,
        "description": format!("Closes #{}", m.iid + 100),
        "state": m.state,
        "created_at": fmt_gl(m.created_at),
        "updated_at": fmt_gl(mr_updated_at(m)),
        "merged_by": if merged { merger.clone() } else { Value::Null },
        "merge_user": if merged { merger } else { Value::Null },
        "merged_at": merged.then(|| fmt_gl(m.merged_at)),
        "closed_by": if closed { user_json(st, m.author) } else { Value::Null },
        "closed_at": closed.then(|| fmt_gl(m.merged_at)),
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
        "detailed_merge_status": if m.state == "opened" { "mergeable" } else { "not_open" },
        "sha": m.sha,
        "merge_commit_sha": null,
        "squash_commit_sha": null,
        "discussion_locked": if m.state == "locked" { json!(true) } else { Value::Null },
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
