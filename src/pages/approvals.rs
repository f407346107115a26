//! The approvals page: every deployment waiting for approval, oldest first. Without `source=`
//! it is the inbox of every source; with it, that source only. GitLab: every blocked deployment
//! of each project, with what each still waits for and an approval form (after an answer the
//! deployment is fetched again, so its per-rule progress and status update in place). GitHub:
//! every pending deployment of each repository's runs waiting for reviewers (`?status=waiting`,
//! then each run's pending deployments), with a review form when the token may review; a
//! reviewed one leaves the list. A project that cannot be read is shown with its error, above
//! the others' items, never instead of them.

use chrono::{DateTime, Utc};
use futures::future::join_all;
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use serde::de::IgnoredAny;
use shipboard_core::actions::{rule_name, rule_progress, rules, waiting_for};
use shipboard_core::config::SourceConfig;
use shipboard_core::format;
use shipboard_core::model::github as gh_model;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::{Forge, Status};
use shipboard_core::request::github::{self, PendingDeploymentReview, ReviewState, RunListParams};
use shipboard_core::request::gitlab::{self, Approval, DeploymentListParams, DeploymentStatus};
use shipboard_core::response::ApiError;
use shipboard_core::safe_url::SafeUrl;

use crate::api::load;
use crate::api::{self, source_of, Loader, Ticket};
use crate::components::approval_form::{ApprovalForm, Subject};
use crate::components::error_view::ErrorView;
use crate::components::review_form::{ReviewForm, RunSubject};
use crate::components::status_badge::StatusBadge;
use crate::components::time::Time;
use crate::components::write::{acting, maybe_applied, send, write_action, ActAs, After};
use crate::live::{self, Changed};
use crate::state::{use_now, use_state};
use crate::text::{self, approvals as t};

/// Detail requests in flight at once.
const CONCURRENCY: usize = 4;
/// Blocked deployments (GitLab) or waiting runs (GitHub) per list page (the forges' maximum).
const PER_PAGE: u32 = 100;

/// The number waiting, shown in the navigation (`data-testid="approvals-count"`): set by the
/// inbox (every source) when its load ends and after each answer; `None` until then.
#[derive(Clone, Copy)]
pub struct WaitingCount(pub RwSignal<Option<usize>>);

/// What waits: a GitLab blocked deployment, or one environment of a GitHub run.
// A page holds a few dozen of these: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    GitLab(gl_model::Deployment),
    GitHub {
        run: gh_model::WorkflowRun,
        pending: gh_model::PendingDeployment,
    },
}

/// One waiting deployment, its source and its project.
#[derive(Clone, Debug, PartialEq)]
struct Item {
    source: SourceConfig,
    project: String,
    kind: Kind,
}

/// Identifies an item: source id, project, deployment or run id, environment id (GitHub).
type Key = (String, String, u64, u64);

impl Item {
    fn key(&self) -> Key {
        let (id, env) = match &self.kind {
            Kind::GitLab(d) => (d.id, 0),
            Kind::GitHub { run, pending } => (run.id, pending.environment.id),
        };
        (self.source.id.clone(), self.project.clone(), id, env)
    }

    fn created_at(&self) -> DateTime<Utc> {
        match &self.kind {
            Kind::GitLab(d) => d.created_at,
            Kind::GitHub { run, .. } => run.created_at,
        }
    }

    /// Still waiting (a GitLab deployment answered in place may not be).
    fn waiting(&self) -> bool {
        match &self.kind {
            Kind::GitLab(d) => d.status == gl_model::DeploymentStatus::Blocked,
            Kind::GitHub { .. } => true,
        }
    }
}

/// Oldest first; ties in a stable order.
fn sort(items: &mut [Item]) {
    items.sort_by_key(|a| (a.created_at(), a.key()));
}

/// A project whose waiting deployments could not be listed (shown for that project only).
#[derive(Clone, Debug, PartialEq)]
struct Problem {
    source: SourceConfig,
    project: String,
    error: ApiError,
}

/// Lists the blocked deployments of every project (every page), then fetches each one's
/// approval summary. A project that cannot be read is reported and the others still shown.
async fn load_gitlab(
    source: &SourceConfig,
    ticket: &Ticket,
    notice: RwSignal<Option<String>>,
) -> (Vec<Item>, Vec<Problem>) {
    let src = source_of(source);
    let mut listed = Vec::new();
    let mut problems = Vec::new();
    for project in source.targets() {
        let answer = load::all_pages::<Vec<gl_model::Deployment>, _>(
            |page| {
                let params = DeploymentListParams {
                    page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
                    per_page: Some(PER_PAGE),
                    status: Some(DeploymentStatus::Blocked),
                    ..DeploymentListParams::default()
                };
                gitlab::list_deployments(&src, project, &params)
            },
            u64::from(PER_PAGE),
            |items| items,
            |d| d.id,
            ticket,
            Some(notice),
        )
        .await;
        if !ticket.live() {
            return (Vec::new(), Vec::new());
        }
        match answer {
            Ok(list) => listed.extend(list.items.into_iter().map(|d| (project.clone(), d))),
            Err(e) => problems.push(Problem {
                source: source.clone(),
                project: project.clone(),
                error: e,
            }),
        }
    }
    let items: Vec<Item> = stream::iter(listed.into_iter().map(|(project, d)| {
        let req = gitlab::get_deployment(&src, &project, d.id);
        async move {
            let full = api::get::<gl_model::Deployment>(&req, ticket, None)
                .await
                .map(|(full, _)| full)
                .unwrap_or(d);
            Item {
                source: source.clone(),
                project,
                kind: Kind::GitLab(full),
            }
        }
    }))
    .buffer_unordered(CONCURRENCY)
    .collect()
    .await;
    (items, problems)
}

/// Lists each repository's runs waiting for reviewers (every page), then each run's pending
/// deployments: one item per environment. A repository (or a run of it) that cannot be read is
/// reported for that repository; the others are still shown.
async fn load_github(
    source: &SourceConfig,
    ticket: &Ticket,
    notice: RwSignal<Option<String>>,
) -> (Vec<Item>, Vec<Problem>) {
    let src = source_of(source);
    let mut runs = Vec::new();
    let mut problems = Vec::new();
    for repo in source.targets() {
        let (owner, name) = repo.split_once('/').unwrap_or((repo, ""));
        let answer = load::all_pages::<gh_model::WorkflowRuns, _>(
            |page| {
                let params = RunListParams {
                    status: Some("waiting".to_owned()),
                    page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
                    per_page: Some(PER_PAGE),
                };
                github::list_workflow_runs(&src, owner, name, &params)
            },
            u64::from(PER_PAGE),
            |p| p.workflow_runs,
            |r| r.id,
            ticket,
            Some(notice),
        )
        .await;
        if !ticket.live() {
            return (Vec::new(), Vec::new());
        }
        match answer {
            Ok(list) => runs.extend(list.items.into_iter().map(|r| (repo.clone(), r))),
            Err(e) => problems.push(Problem {
                source: source.clone(),
                project: repo.clone(),
                error: e,
            }),
        }
    }
    let answers: Vec<_> = stream::iter(runs.into_iter().map(|(repo, run)| {
        let (owner, name) = repo.split_once('/').unwrap_or((&repo, ""));
        let req = github::pending_deployments(&src, owner, name, run.id);
        async move {
            let answer = api::get::<Vec<gh_model::PendingDeployment>>(&req, ticket, None).await;
            (repo, run, answer)
        }
    }))
    .buffer_unordered(CONCURRENCY)
    .collect()
    .await;
    let mut items = Vec::new();
    for (repo, run, answer) in answers {
        match answer {
            Ok((pending, _)) => items.extend(pending.into_iter().map(|pending| Item {
                source: source.clone(),
                project: repo.clone(),
                kind: Kind::GitHub {
                    run: run.clone(),
                    pending,
                },
            })),
            Err(e) => {
                if !problems.iter().any(|p| p.project == repo) {
                    problems.push(Problem {
                        source: source.clone(),
                        project: repo,
                        error: e,
                    });
                }
            }
        }
    }
    (items, problems)
}

/// Every source's waiting items (the sources read at once), oldest first, and the problems.
async fn load(
    sources: Vec<SourceConfig>,
    ticket: &Ticket,
    notice: RwSignal<Option<String>>,
) -> (Vec<Item>, Vec<Problem>) {
    let answers = join_all(sources.iter().map(|source| async move {
        match source.kind {
            Forge::GitLab => load_gitlab(source, ticket, notice).await,
            Forge::GitHub => load_github(source, ticket, notice).await,
        }
    }))
    .await;
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for (i, p) in answers {
        items.extend(i);
        problems.extend(p);
    }
    sort(&mut items);
    (items, problems)
}

/// The approvals page.
#[component]
pub fn Approvals() -> impl IntoView {
    let state = use_state();
    let count = use_context::<WaitingCount>();
    let user = RwSignal::new(None::<String>);
    let items = RwSignal::new(Vec::<Item>::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let notice = RwSignal::new(None::<String>);
    let answered = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let reloads = RwSignal::new(0u32);
    let loader = StoredValue::new_local(Loader::new());
    let now = use_now();
    // Without `source=`, every source (the inbox); with it, that one.
    let inbox = Memo::new(move |_| state.route.with(|r| r.source.is_none()));
    let sources = Memo::new(move |_| {
        if inbox.get() {
            state.sources()
        } else {
            state
                .current_source()
                .map(|(_, s)| vec![s])
                .unwrap_or_default()
        }
    });
    Effect::new(move |_| {
        reloads.track();
        let sources = sources.get();
        let ticket = loader.with_value(Loader::next);
        loading.set(true);
        problems.set(Vec::new());
        notice.set(None);
        answered.set(None);
        let work = {
            let ticket = ticket.clone();
            async move {
                let (list, failed) = load(sources, &ticket, notice).await;
                ticket.set(loading, false);
                ticket.set(items, list);
                ticket.set(problems, failed);
                ticket.set(notice, None);
            }
        };
        loader.with_value(|l| l.spawn(&ticket, work));
    });
    // A live refresh re-reads every source and merges the items by key (never the reload
    // above): new ones are added in order, changed ones replaced in place (an open form keeps
    // what was typed), ones no longer waiting leave, except those answered here (they stay, as
    // after an answer). An answer arriving meanwhile makes the refresh drop its older list.
    let changed = Changed::<Key>::new();
    let edits = StoredValue::new(0u64);
    let quiet = StoredValue::new_local(None::<Ticket>);
    live::on_tick(move || {
        if loading.get_untracked() {
            return;
        }
        let sources = sources.get_untracked();
        let ticket = loader.with_value(Loader::current).child();
        if let Some(previous) = quiet.get_value() {
            previous.cancel();
        }
        quiet.set_value(Some(ticket.clone()));
        let seen = edits.get_value();
        let work = {
            let ticket = ticket.clone();
            async move {
                let (list, failed) = load(sources, &ticket, notice).await;
                if !ticket.live() || edits.try_get_value() != Some(seen) {
                    return;
                }
                let merged = ticket.read(items, |old| {
                    let (mut merged, ids) =
                        shipboard_core::live::merge_by_id(old, list, Item::key, true);
                    let answered = old
                        .iter()
                        .filter(|i| !i.waiting() && !merged.iter().any(|m| m.key() == i.key()))
                        .cloned()
                        .collect::<Vec<_>>();
                    merged.extend(answered);
                    sort(&mut merged);
                    (merged != *old).then_some((merged, ids))
                });
                if let Some(Some((merged, ids))) = merged {
                    ticket.set(items, merged);
                    changed.mark(ids);
                }
                if ticket.read(problems, |p| *p != failed) == Some(true) {
                    ticket.set(problems, failed);
                }
            }
        };
        loader.with_value(|l| l.spawn(&ticket, work));
    });
    // The navigation's count follows the inbox's list (never one source's).
    Effect::new(move |_| {
        if let Some(WaitingCount(count)) = count {
            if inbox.get() && !loading.get() {
                let n = items.with(|list| list.iter().filter(|i| i.waiting()).count());
                count.set(Some(n));
            }
        }
    });
    let kinds = Memo::new(move |_| sources.with(|s| s.iter().map(|s| s.kind).collect::<Vec<_>>()));
    let show_inbox = move |_| {
        let mut next = state.route.get_untracked();
        next.source = None;
        next.project = None;
        next.filters.clear();
        crate::url::push(state.route, next);
    };
    // A GitHub run's pending deployments after a review: the environments no longer pending leave.
    let on_reviewed = Callback::new(
        move |(key, left, message): (Key, Vec<gh_model::PendingDeployment>, Option<String>)| {
            edits.update_value(|n| *n += 1);
            let (source, project, run, _) = key;
            items.update(|list| {
                list.retain_mut(|i| {
                    let same = i.source.id == source && i.project == project;
                    match &mut i.kind {
                        Kind::GitHub { run: r, pending } if same && r.id == run => {
                            match left
                                .iter()
                                .find(|p| p.environment.id == pending.environment.id)
                            {
                                Some(p) => {
                                    *pending = p.clone();
                                    true
                                }
                                None => false,
                            }
                        }
                        _ => true,
                    }
                });
            });
            if message.is_some() {
                answered.set(message);
            }
        },
    );

    view! {
        <section class="approvals-page" data-testid="approvals-page">
            <header class="page-header">
                <div>
                    <h2>{t::TITLE()}</h2>
                    <p class="muted">{move || if inbox.get() { t::INBOX_INTRO() } else { t::INTRO() }}</p>
                </div>
                <div class="toolbar">
                    {move || (!inbox.get()).then(|| view! {
                        <button type="button" data-testid="all-sources" on:click=show_inbox>{t::ALL_SOURCES()}</button>
                    })}
                    <ActAs user=user />
                    <button type="button" data-testid="reload" on:click=move |_| reloads.update(|n| *n += 1)>{t::RELOAD()}</button>
                </div>
            </header>
            <p class="summary" data-testid="summary" aria-live="polite">
                {move || (!loading.get()).then(|| t::count(items.with(|list| list.iter().filter(|i| i.waiting()).count())))}
            </p>
            {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="retry-notice">{n}</p> })}
            {move || answered.get().map(|n| view! { <p class="success" role="status" data-testid="answered">{n}</p> })}
            {move || problems.get().into_iter().map(|p| {
                let label = project_label(state, &p.source, &p.project);
                let several = kinds.with(|k| k.len() > 1);
                view! {
                    <div class="project-problem" data-testid="project-error" data-project=p.project.clone() data-source=p.source.id.clone()>
                        <p>
                            {several.then(|| view! { {t::SOURCE()} " " {p.source.name.clone()} " · " })}
                            <strong>{t::PROJECT()} " " {label}</strong> ": " {t::PROJECT_FAILED()}
                        </p>
                        <ErrorView error=p.error forge=p.source.kind />
                    </div>
                }
            }).collect_view()}
            {move || loading.get().then(|| view! { <p class="loading" data-testid="loading" role="status">{text::LOADING()}</p> })}
            {move || (!loading.get() && problems.with(Vec::is_empty) && items.with(Vec::is_empty))
                .then(|| view! { <p class="empty" data-testid="empty">{t::NONE()}</p> })}
            <ol class="approvals-list">
                <For
                    each=move || {
                        // Whether items name their source (several listed) is part of the key.
                        let several = kinds.with(|k| k.len() > 1);
                        items.with(|i| i.iter().map(|i| (i.key(), several)).collect::<Vec<_>>())
                    }
                    key=|k| k.clone()
                    children=move |(key, several): (Key, bool)| {
                        let item = {
                            let key = key.clone();
                            Signal::derive(move || items.with(|list| list.iter().find(|i| i.key() == key).cloned()))
                        };
                        let Some(first) = item.get_untracked() else {
                            return ().into_any();
                        };
                        let source = first.source.clone();
                        let highlighted = {
                            let key = key.clone();
                            Signal::derive(move || changed.has(&key))
                        };
                        let writer = Signal::derive(move || Some(acting(&source, user.get().as_deref(), &state.users.get())));
                        match first.kind {
                            Kind::GitLab(_) => {
                                let (source_id, project) = (key.0.clone(), key.1.clone());
                                view! { <ApprovalItem item=item writer=writer now=now several=several changed=highlighted on_answer=Callback::new(move |d: gl_model::Deployment| {
                                    edits.update_value(|n| *n += 1);
                                    items.update(|list| {
                                        let slot = list.iter_mut().find(|i| i.source.id == source_id && i.project == project && matches!(&i.kind, Kind::GitLab(x) if x.id == d.id));
                                        if let Some(slot) = slot {
                                            slot.kind = Kind::GitLab(d);
                                        }
                                    });
                                }) /> }.into_any()
                            }
                            Kind::GitHub { .. } => view! { <GitHubItem item=item writer=writer now=now several=several changed=highlighted key=key on_reviewed=on_reviewed /> }.into_any(),
                        }
                    }
                />
            </ol>
        </section>
    }
}

/// A project's path once known (`acme/platform/web`), else its configured value.
fn project_label(state: crate::state::AppState, source: &SourceConfig, project: &str) -> String {
    state.project_label(source, project)
}

/// One environment of a GitHub run waiting for its reviewers, with the review form when this
/// token may review it. After an answer (or a lost one) the run's pending deployments are read
/// again and `on_reviewed` gets them: the environments no longer pending leave the list.
#[component]
fn GitHubItem(
    item: Signal<Option<Item>>,
    writer: Signal<Option<SourceConfig>>,
    now: Signal<DateTime<Utc>>,
    several: bool,
    changed: Signal<bool>,
    key: Key,
    on_reviewed: Callback<(Key, Vec<gh_model::PendingDeployment>, Option<String>)>,
) -> impl IntoView {
    let Some(Item {
        source,
        project,
        kind: Kind::GitHub { run, pending },
    }) = item.get_untracked()
    else {
        return ().into_any();
    };
    let (owner, name) = project
        .split_once('/')
        .map(|(o, n)| (o.to_owned(), n.to_owned()))
        .unwrap_or_else(|| (project.clone(), String::new()));
    let env_name = pending.environment.name.clone().unwrap_or_default();
    let number = run.run_number.unwrap_or(run.id);
    let git_ref = run.head_branch.clone().unwrap_or_default();
    // Whether the last answer sent was an approval (for the message once the item left).
    let last_state = StoredValue::new(false);
    let action = {
        let project = project.clone();
        write_action(
            move || writer.get_untracked().map(|src| (src, project.clone())),
            move |src, project, body: PendingDeploymentReview| {
                last_state.set_value(body.state == ReviewState::Approved);
                let (owner, name) = project.split_once('/').unwrap_or((&project, ""));
                let req = github::review_pending_deployments(&src, owner, name, run.id, &body);
                send::<IgnoredAny>(req)
            },
            // What follows an answer (or a lost one) is below: the run is read again.
            After::done(|_| ()),
        )
    };
    // After an answer (or one that may have been recorded although it never arrived), read the
    // run's pending deployments again.
    {
        let version = action.version();
        let (owner, name, env_name, key) =
            (owner.clone(), name.clone(), env_name.clone(), key.clone());
        let run_id = run.id;
        let loader = StoredValue::new_local(Loader::new());
        Effect::new(move |seen: Option<usize>| {
            let v = version.get();
            if seen.is_none_or(|s| s == v) {
                return v;
            }
            let outcome = action.value().with_untracked(|r| match r {
                Some(Ok(_)) => Some(true),
                Some(Err(e)) if maybe_applied(e) => Some(false),
                _ => None,
            });
            let (Some(ok), Some(src)) = (outcome, writer.get_untracked()) else {
                return v;
            };
            let message = ok.then(|| t::reviewed(last_state.get_value(), number, &env_name));
            let (owner, name, key) = (owner.clone(), name.clone(), key.clone());
            loader.with_value(|l| {
                l.run(|ticket| async move {
                    let req = github::pending_deployments(&source_of(&src), &owner, &name, run_id);
                    let answer = api::get::<Vec<gh_model::PendingDeployment>>(&req, &ticket, None);
                    if let Ok((left, _)) = answer.await {
                        on_reviewed.try_run((key, left, message));
                    }
                })
            });
            v
        });
    }
    let reviewers = pending.reviewer_labels().join(", ");
    let actor = run
        .actor
        .as_ref()
        .map(|a| a.login.clone())
        .unwrap_or_default();
    let actor_attr = actor.clone();
    let subject = RunSubject {
        number,
        git_ref: git_ref.clone(),
        environment: env_name.clone(),
    };
    let can = pending.current_user_can_approve;
    let env_id = pending.environment.id;
    let link = run.html_url.as_deref().and_then(SafeUrl::parse);
    let state = use_state();
    let label = project_label(state, &source, &project);
    view! {
        <li class="approval-item" data-testid="approval-item" data-kind="github" data-changed=move || changed.get().then_some("") data-source=source.id.clone()
            data-id=run.id.to_string() data-project=project.clone() data-author=actor_attr data-environment=env_name.clone()
            data-environment-id=env_id.to_string()>
            <header class="approval-head">
                <span data-testid="item-status"><StatusBadge status=Status::Blocked label="waiting".to_owned() /></span>
                <strong class="env-name">{env_name.clone()}</strong>
                {match link {
                    Some(href) => view! { <a class="mono" href=href.into_string() target="_blank" rel="noopener noreferrer">{t::RUN()} " #" {number.to_string()}</a> }.into_any(),
                    None => view! { <span class="mono">{t::RUN()} " #" {number.to_string()}</span> }.into_any(),
                }}
                <span class="mono">{git_ref}</span>
                <span class="mono">{format::short_sha(&run.head_sha).to_owned()}</span>
                <span class="muted">{t::BY()} " " {actor}</span>
                <Time at=Some(run.created_at) now=now />
                {several.then(|| view! { <span class="muted" data-testid="item-source">{t::SOURCE()} " " {source.name.clone()}</span> })}
                <span class="muted" data-testid="item-project">{t::PROJECT()} " " {label}</span>
            </header>
            <div class="waiting" data-testid="waiting-for">
                <p>
                    <strong>{t::WAITING_FOR()}</strong> ": " {t::REVIEWERS()} " " {reviewers}
                    {(pending.wait_timer > 0).then(|| format!(", {}", t::wait_timer(pending.wait_timer)))}
                </p>
            </div>
            {if can {
                view! { <ReviewForm environment_id=env_id action=action subject=subject /> }.into_any()
            } else {
                view! { <p class="muted" data-testid="cannot-review">{t::CANNOT_REVIEW()}</p> }.into_any()
            }}
        </li>
    }
    .into_any()
}

#[component]
fn ApprovalItem(
    item: Signal<Option<Item>>,
    writer: Signal<Option<SourceConfig>>,
    now: Signal<DateTime<Utc>>,
    several: bool,
    changed: Signal<bool>,
    on_answer: Callback<gl_model::Deployment>,
) -> impl IntoView {
    let Some(Item {
        source,
        project,
        kind: Kind::GitLab(first),
    }) = item.get_untracked()
    else {
        return ().into_any();
    };
    // The deployment as it is now (updated in place after an answer).
    let deployment = move || {
        item.with(|i| match i {
            Some(Item {
                kind: Kind::GitLab(d),
                ..
            }) => Some(d.clone()),
            _ => None,
        })
    };
    let id = first.id;
    let rule_names: Vec<String> = rules(&first).iter().map(rule_name).collect();
    // After an answer the deployment is read again (its rules' progress changed); after a lost
    // one the form asks for `reload` below.
    let action = {
        let project = project.clone();
        write_action(
            move || writer.get_untracked().map(|src| (src, project.clone())),
            move |src, project, body: Approval| async move {
                let req = gitlab::approve_deployment(&src, &project, id, &body);
                let answer = send::<gl_model::Approval>(req).await?;
                let req = gitlab::get_deployment(&src, &project, id);
                if let Ok(fresh) = send::<gl_model::Deployment>(req).await {
                    on_answer.try_run(fresh);
                }
                Ok(answer)
            },
            After::done(|_| ()),
        )
    };
    // A lost answer may still have been recorded: fetch the deployment again.
    let loader = StoredValue::new_local(Loader::new());
    let reload = {
        let project = project.clone();
        Callback::new(move |_| {
            let Some(src) = writer.get_untracked() else {
                return;
            };
            let project = project.clone();
            loader.try_with_value(|l| {
                l.run(|ticket| async move {
                    let req = gitlab::get_deployment(&source_of(&src), &project, id);
                    if let Ok((fresh, _)) =
                        api::get::<gl_model::Deployment>(&req, &ticket, None).await
                    {
                        on_answer.try_run(fresh);
                    }
                })
            });
        })
    };
    let subject = Subject::of(&first);
    let d = first.clone();
    let env = d
        .environment
        .as_ref()
        .map(|e| e.name.clone())
        .unwrap_or_default();
    let author = d
        .user
        .as_ref()
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let (p_attr, a_attr, e_attr) = (project.clone(), author.clone(), env.clone());
    // Named by path (`acme/platform/web`) once known; `data-project` stays the configured value.
    let state = use_state();
    let project_label = {
        let source = source.clone();
        move || state.project_label(&source, &project)
    };
    view! {
        <li class="approval-item" data-testid="approval-item" data-kind="gitlab" data-changed=move || changed.get().then_some("") data-source=source.id.clone() data-id=id.to_string() data-project=p_attr data-author=a_attr data-environment=e_attr>
            <header class="approval-head">
                {move || deployment().map(|d| {
                    let s = &d.status;
                    view! { <span data-testid="item-status"><StatusBadge status=Status::from_gitlab(s) label=s.as_str().to_owned() /></span> }
                })}
                <strong class="env-name">{env}</strong>
                <span class="mono">"#" {d.iid.to_string()}</span>
                <span class="mono">{d.git_ref.clone()}</span>
                <span class="mono">{format::short_sha(&d.sha).to_owned()}</span>
                <span class="muted">{t::BY()} " " {author}</span>
                <Time at=Some(d.created_at) now=now />
                {several.then(|| view! { <span class="muted" data-testid="item-source">{t::SOURCE()} " " {source.name.clone()}</span> })}
                <span class="muted" data-testid="item-project">{t::PROJECT()} " " {project_label}</span>
            </header>
            {move || deployment().map(|d| {
                let d = &d;
                let waiting = d.status == gl_model::DeploymentStatus::Blocked;
                let rules = rules(d);
                view! {
                    <div class="waiting" data-testid="waiting-for">
                        {if waiting {
                            let left = waiting_for(d);
                            view! { <p><strong>{t::WAITING_FOR()}</strong> ": " {left.iter().map(|(n, a, r)| t::progress(n, *a, *r)).collect::<Vec<_>>().join(" · ")}</p> }.into_any()
                        } else {
                            view! { <p class="muted" data-testid="not-waiting">{t::NOT_WAITING()}</p> }.into_any()
                        }}
                        {(!rules.is_empty()).then(|| view! {
                            <table class="rules">
                                <thead><tr><th scope="col">{t::RULE()}</th><th scope="col">{t::PROGRESS()}</th></tr></thead>
                                <tbody>
                                    {rules.iter().map(|r| {
                                        let (approved, required) = rule_progress(r);
                                        let name = rule_name(r);
                                        let key = name.clone();
                                        view! {
                                            <tr data-testid="rule-progress" data-rule=key>
                                                <td>{name}</td>
                                                <td>
                                                    <progress value=approved as f64 max=required.max(1) as f64></progress>
                                                    " " <span data-testid="rule-count">{text::approved_of(approved as usize, required)}</span>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })}
                        {d.pending_approval_count.filter(|_| rules.is_empty()).map(|n| view! { <p data-testid="pending-approvals">{text::pending_approvals(n)}</p> })}
                    </div>
                }
            })}
            <ApprovalForm rules=rule_names action=action subject=subject reload=reload />
        </li>
    }
    .into_any()
}
