//! The approvals page: every GitLab deployment waiting for approval (`blocked`) across the
//! source's projects, oldest first, with what each still waits for and an approval form. After an
//! answer the deployment is fetched again, so its per-rule progress and status update in place.

use chrono::{DateTime, Utc};
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::actions::{rule_name, rule_progress, rules, waiting_for};
use shipboard_core::config::SourceConfig;
use shipboard_core::format;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::{Forge, Status};
use shipboard_core::request::gitlab::{self, Approval, DeploymentListParams, DeploymentStatus};
use shipboard_core::response::ApiError;

use crate::api::load;
use crate::api::{self, source_of, Loader, Ticket};
use crate::components::approval_form::{ApprovalForm, Subject};
use crate::components::error_view::ErrorView;
use crate::components::status_badge::StatusBadge;
use crate::components::time::Time;
use crate::components::write::{acting, not_sent, send, ActAs};
use crate::state::use_state;
use crate::text::{self, approvals as t};

/// Detail requests in flight at once.
const CONCURRENCY: usize = 4;
/// Blocked deployments per list page (the forge's maximum).
const PER_PAGE: u32 = 100;

/// One waiting deployment and its project.
#[derive(Clone, Debug, PartialEq)]
struct Item {
    project: String,
    deployment: gl_model::Deployment,
}

/// A project whose blocked deployments could not be listed (shown for that project only).
#[derive(Clone, Debug, PartialEq)]
struct Problem {
    project: String,
    error: ApiError,
}

/// Lists the blocked deployments of every project (every page), then fetches each one's
/// approval summary. A project that cannot be read is reported and the others still shown.
async fn load(
    source: SourceConfig,
    ticket: &Ticket,
    notice: RwSignal<Option<String>>,
) -> (Vec<Item>, Vec<Problem>) {
    let src = source_of(&source);
    let token = source.token.clone();
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
                project: project.clone(),
                error: match &token {
                    Some(t) => e.redact(t),
                    None => e,
                },
            }),
        }
    }
    let mut items: Vec<Item> = stream::iter(listed.into_iter().map(|(project, d)| {
        let req = gitlab::get_deployment(&src, &project, d.id);
        async move {
            let full = api::get::<gl_model::Deployment>(&req, ticket, None)
                .await
                .map(|(full, _)| full)
                .unwrap_or(d);
            Item {
                project,
                deployment: full,
            }
        }
    }))
    .buffer_unordered(CONCURRENCY)
    .collect()
    .await;
    items.sort_by_key(|i| (i.deployment.created_at, i.deployment.id));
    (items, problems)
}

/// The approvals page.
#[component]
pub fn Approvals() -> impl IntoView {
    let state = use_state();
    let user = RwSignal::new(None::<String>);
    let items = RwSignal::new(Vec::<Item>::new());
    let problems = RwSignal::new(Vec::<Problem>::new());
    let notice = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let reloads = RwSignal::new(0u32);
    let loader = StoredValue::new_local(Loader::new());
    let now = api::now();
    let source = Memo::new(move |_| state.current_source().map(|(_, s)| s));
    Effect::new(move |_| {
        reloads.track();
        let Some(source) = source.get() else {
            return;
        };
        if source.kind != Forge::GitLab {
            return;
        }
        let ticket = loader.with_value(Loader::next);
        loading.set(true);
        problems.set(Vec::new());
        notice.set(None);
        let work = {
            let ticket = ticket.clone();
            async move {
                let (list, failed) = load(source, &ticket, notice).await;
                ticket.set(loading, false);
                ticket.set(items, list);
                ticket.set(problems, failed);
                ticket.set(notice, None);
            }
        };
        loader.with_value(|l| l.spawn(&ticket, work));
    });
    // A project's path once known, else its configured value.
    let project_label = move |p: String| {
        move || {
            source.with(|s| match s {
                Some(s) => state.project_label(s, &p),
                None => p.clone(),
            })
        }
    };
    let writer = Signal::derive(move || {
        let s = source.get()?;
        Some(acting(&s, user.get().as_deref(), &state.users.get()))
    });

    move || {
        let Some(kind) = source.with(|s| s.as_ref().map(|s| s.kind)) else {
            return ().into_any();
        };
        if kind == Forge::GitHub {
            return view! { <p class="empty" data-testid="empty">{t::GITHUB}</p> }.into_any();
        }
        view! {
            <section class="approvals-page" data-testid="approvals-page">
                <header class="page-header">
                    <div>
                        <h2>{t::TITLE}</h2>
                        <p class="muted">{t::INTRO}</p>
                    </div>
                    <div class="toolbar">
                        <ActAs user=user />
                        <button type="button" data-testid="reload" on:click=move |_| reloads.update(|n| *n += 1)>{t::RELOAD}</button>
                    </div>
                </header>
                <p class="summary" data-testid="summary" aria-live="polite">
                    {move || (!loading.get()).then(|| t::count(items.with(Vec::len)))}
                </p>
                {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="retry-notice">{n}</p> })}
                {move || problems.get().into_iter().map(|p| view! {
                    <div class="project-problem" data-testid="project-error" data-project=p.project.clone()>
                        <p><strong>{t::PROJECT} " " {project_label(p.project.clone())}</strong> ": " {t::PROJECT_FAILED}</p>
                        <ErrorView error=p.error forge=kind />
                    </div>
                }).collect_view()}
                {move || loading.get().then(|| view! { <p class="loading" data-testid="loading" role="status">{text::LOADING}</p> })}
                {move || (!loading.get() && problems.with(Vec::is_empty) && items.with(Vec::is_empty))
                    .then(|| view! { <p class="empty" data-testid="empty">{t::NONE}</p> })}
                <ol class="approvals-list">
                    <For
                        each=move || items.with(|i| i.iter().map(|i| (i.project.clone(), i.deployment.id)).collect::<Vec<_>>())
                        key=|k| k.clone()
                        children=move |(project, id)| {
                            let item = {
                                let project = project.clone();
                                Signal::derive(move || items.with(|list| list.iter().find(|i| i.project == project && i.deployment.id == id).cloned()))
                            };
                            view! { <ApprovalItem item=item writer=writer now=now on_answer=Callback::new(move |d: gl_model::Deployment| {
                                items.update(|list| {
                                    if let Some(slot) = list.iter_mut().find(|i| i.deployment.id == d.id) {
                                        slot.deployment = d;
                                    }
                                });
                            }) /> }
                        }
                    />
                </ol>
            </section>
        }
        .into_any()
    }
}

#[component]
fn ApprovalItem(
    item: Signal<Option<Item>>,
    writer: Signal<Option<SourceConfig>>,
    now: DateTime<Utc>,
    on_answer: Callback<gl_model::Deployment>,
) -> impl IntoView {
    let Some(first) = item.get_untracked() else {
        return ().into_any();
    };
    let project = first.project.clone();
    let id = first.deployment.id;
    let rule_names: Vec<String> = rules(&first.deployment).iter().map(rule_name).collect();
    let action = {
        let project = project.clone();
        Action::new_local(move |body: &Approval| {
            let body = body.clone();
            let project = project.clone();
            let src = writer.get_untracked();
            async move {
                let src = src.ok_or_else(|| not_sent(text::deployments::NO_PROJECT))?;
                let req = gitlab::approve_deployment(&source_of(&src), &project, id, &body);
                let answer = send::<gl_model::Approval>(&src, req).await?;
                let req = gitlab::get_deployment(&source_of(&src), &project, id);
                if let Ok(fresh) = send::<gl_model::Deployment>(&src, req).await {
                    on_answer.try_run(fresh);
                }
                Ok(answer)
            }
        })
    };
    // A lost answer may still have been recorded: fetch the deployment again.
    let reload = {
        let project = project.clone();
        Callback::new(move |_| {
            let Some(src) = writer.get_untracked() else {
                return;
            };
            let project = project.clone();
            leptos::task::spawn_local(async move {
                let req = gitlab::get_deployment(&source_of(&src), &project, id);
                if let Ok(fresh) = send::<gl_model::Deployment>(&src, req).await {
                    on_answer.try_run(fresh);
                }
            });
        })
    };
    let subject = Subject::of(&first.deployment);
    let d = first.deployment.clone();
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
    let project_label = move || {
        state
            .current_source()
            .map(|(_, s)| state.project_label(&s, &project))
            .unwrap_or_else(|| project.clone())
    };
    view! {
        <li class="approval-item" data-testid="approval-item" data-id=id.to_string() data-project=p_attr data-author=a_attr data-environment=e_attr>
            <header class="approval-head">
                {move || item.with(|i| i.as_ref().map(|i| {
                    let s = &i.deployment.status;
                    view! { <span data-testid="item-status"><StatusBadge status=Status::from_gitlab(s) label=s.as_str().to_owned() /></span> }
                }))}
                <strong class="env-name">{env}</strong>
                <span class="mono">"#" {d.iid.to_string()}</span>
                <span class="mono">{d.git_ref.clone()}</span>
                <span class="mono">{format::short_sha(&d.sha).to_owned()}</span>
                <span class="muted">{t::BY} " " {author}</span>
                <Time at=Some(d.created_at) now=now />
                <span class="muted" data-testid="item-project">{t::PROJECT} " " {project_label}</span>
            </header>
            {move || item.with(|i| i.as_ref().map(|i| {
                let d = &i.deployment;
                let waiting = d.status == gl_model::DeploymentStatus::Blocked;
                let rules = rules(d);
                view! {
                    <div class="waiting" data-testid="waiting-for">
                        {if waiting {
                            let left = waiting_for(d);
                            view! { <p><strong>{t::WAITING_FOR}</strong> ": " {left.iter().map(|(n, a, r)| t::progress(n, *a, *r)).collect::<Vec<_>>().join(" · ")}</p> }.into_any()
                        } else {
                            view! { <p class="muted" data-testid="not-waiting">{t::NOT_WAITING}</p> }.into_any()
                        }}
                        {(!rules.is_empty()).then(|| view! {
                            <table class="rules">
                                <thead><tr><th scope="col">{t::RULE}</th><th scope="col">{t::PROGRESS}</th></tr></thead>
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
            }))}
            <ApprovalForm rules=rule_names action=action subject=subject reload=reload />
        </li>
    }
    .into_any()
}
