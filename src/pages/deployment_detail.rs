//! One deployment in a drawer (linkable through `?deployment=ID`): commit, job, pipeline, user,
//! environment, times; GitLab approvals per rule and merge requests; GitHub's status timeline.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shipboard_core::actions::{rule_name, rule_progress};
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::request::{github, gitlab, PageParams};
use shipboard_core::response::ApiError;
use shipboard_core::route::Target;
use shipboard_core::safe_url::SafeUrl;

use crate::api::load;
use crate::api::{self, source_of, Loader, Ticket};
use crate::components::deployment_forms::DeploymentActions;
use crate::components::error_view::ErrorView;
use crate::components::status_badge::StatusBadge;
use crate::components::time::Time;
use crate::state::{use_now, use_state};
use crate::text::{self, detail as t};
use crate::url;

/// What the drawer shows, per forge.
#[derive(Clone, Debug)]
enum Loaded {
    GitLab {
        deployment: Box<gl_model::Deployment>,
        merge_requests: Result<Vec<gl_model::MergeRequest>, ApiError>,
    },
    GitHub {
        deployment: Box<gh_model::Deployment>,
        statuses: Vec<gh_model::DeploymentStatus>,
    },
}

/// Every merge request or status is read (all pages), so nothing is silently cut.
const PER_PAGE: u32 = 100;

fn page_params(page: u64) -> PageParams {
    PageParams {
        page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
        per_page: Some(PER_PAGE),
    }
}

async fn load(target: Target, id: u64, ticket: &Ticket) -> Result<Loaded, ApiError> {
    let src = source_of(&target.source);
    shipboard_core::validate::check_target(target.source.kind, &target.project)
        .map_err(|problem| crate::components::write::not_sent(&problem.message))?;
    match target.source.kind {
        Forge::GitLab => {
            let req = gitlab::get_deployment(&src, &target.project, id);
            let (deployment, _) = api::get::<gl_model::Deployment>(&req, ticket, None).await?;
            let merge_requests = load::all_pages::<Vec<gl_model::MergeRequest>, _>(
                |page| {
                    gitlab::deployment_merge_requests(&src, &target.project, id, &page_params(page))
                },
                u64::from(PER_PAGE),
                |items| items,
                |mr| mr.id,
                ticket,
                None,
            )
            .await
            .map(|listed| listed.items);
            Ok(Loaded::GitLab {
                deployment: Box::new(deployment),
                merge_requests,
            })
        }
        Forge::GitHub => {
            let Some((owner, repo)) = target.owner_repo() else {
                return Err(ApiError::network(text::deployments::BAD_REPO()));
            };
            let req = github::get_deployment(&src, owner, repo, id);
            let (deployment, _) = api::get::<gh_model::Deployment>(&req, ticket, None).await?;
            let statuses = load::all_pages::<Vec<gh_model::DeploymentStatus>, _>(
                |page| github::list_deployment_statuses(&src, owner, repo, id, &page_params(page)),
                u64::from(PER_PAGE),
                |items| items,
                |s| s.id,
                ticket,
                None,
            )
            .await?;
            Ok(Loaded::GitHub {
                deployment: Box::new(deployment),
                statuses: statuses.items,
            })
        }
    }
}

/// The drawer for deployment `id` of `target`.
#[component]
pub fn DeploymentDetail(target: Target, id: u64) -> impl IntoView {
    let state = use_state();
    let now = use_now();
    let kind = target.source.kind;
    let project = target.project.clone();
    let actions_target = target.clone();
    let loaded = RwSignal::new(None::<Result<Loaded, ApiError>>);
    // The actions offer what the loaded deployment allows: it is never fetched twice.
    let gitlab_deployment = Signal::derive(move || {
        loaded.with(|l| match l {
            Some(Ok(Loaded::GitLab { deployment, .. })) => Some((**deployment).clone()),
            _ => None,
        })
    });
    let loader = StoredValue::new_local(Loader::new());
    Effect::new(move |_| {
        state.refresh.track();
        let ticket = loader.with_value(Loader::next);
        let target = target.clone();
        let work = {
            let ticket = ticket.clone();
            async move {
                let answer = load(target, id, &ticket).await;
                ticket.set(loaded, Some(answer));
            }
        };
        loader.with_value(|l| l.spawn(&ticket, work));
    });
    let close = move || {
        let mut next = state.route.get_untracked();
        next.deployment = None;
        url::push(state.route, next);
    };
    // A modal dialog: focus moves to its close button when it opens, Tab stays inside, Escape
    // closes it, and focus goes back to the row's button that opened it.
    crate::focus::return_focus_on_close(
        "[data-testid=deployment-detail]",
        Some(format!(
            "[data-testid=deployment-row][data-id=\"{id}\"] [data-testid=open-deployment]"
        )),
    );
    let root = NodeRef::<leptos::html::Div>::new();
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div
            class="drawer"
            role="dialog"
            aria-modal="true"
            aria-labelledby="detail-title"
            data-testid="deployment-detail"
            node_ref=root
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close();
                } else if let Some(el) = root.get_untracked() {
                    crate::focus::trap_tab(&ev, &el);
                }
            }
        >
            <header class="drawer-header">
                <h2 id="detail-title">{t::TITLE()} " " {id.to_string()}</h2>
                <button
                    type="button"
                    class="icon-button"
                    data-testid="close-detail"
                    aria-label=t::CLOSE()
                    node_ref=close_button
                    on:click=move |_| close()
                >
                    "✕"
                </button>
            </header>
            {move || {
                let project = project.clone();
                match loaded.get() {
                    None => view! {
                        <p class="loading" data-testid="loading" role="status">{text::LOADING()}</p>
                    }
                    .into_any(),
                    Some(Err(e)) => view! { <ErrorView error=e forge=kind /> }.into_any(),
                    Some(Ok(Loaded::GitLab { deployment, merge_requests })) => {
                        view! { <GitLabDetail project=project d=*deployment mrs=merge_requests now=now /> }.into_any()
                    }
                    Some(Ok(Loaded::GitHub { deployment, statuses })) => {
                        view! { <GitHubDetail project=project d=*deployment statuses=statuses now=now /> }.into_any()
                    }
                }
            }}
            <DeploymentActions target=actions_target id=id deployment=gitlab_deployment />
        </div>
    }
}

fn link(url: Option<&SafeUrl>, label: String) -> AnyView {
    match url {
        Some(href) => view! {
            <a href=href.as_str().to_owned() target="_blank" rel="noopener noreferrer">{label}</a>
        }
        .into_any(),
        None => view! { <span>{label}</span> }.into_any(),
    }
}

/// The summary shared by both forges (from the unified row).
fn summary(row: &DeploymentRow, now: Signal<DateTime<Utc>>) -> impl IntoView {
    let duration = row
        .duration_secs
        .map_or_else(|| "—".to_string(), crate::text::duration);
    view! {
        <dl class="facts">
            <dt>{t::STATUS()}</dt>
            <dd><StatusBadge status=row.status.clone() label=row.forge_status.clone() /></dd>
            <dt>{t::ENVIRONMENT()}</dt>
            <dd>
                {link(row.environment_url.as_ref(), row.environment.to_string())}
            </dd>
            <dt>{t::REF()}</dt>
            <dd class="mono">{row.git_ref.to_string()} {row.is_tag.then_some(" (tag)")}</dd>
            <dt>{t::COMMIT()}</dt>
            <dd class="mono">{link(row.commit_url().as_ref(), row.sha.to_string())}</dd>
            <dt>{t::AUTHOR()}</dt>
            <dd>{row.author.as_deref().unwrap_or("—").to_owned()}</dd>
            <dt>{t::CREATED()}</dt>
            <dd><Time at=Some(row.created_at) now=now /></dd>
            <dt>{t::FINISHED()}</dt>
            <dd><Time at=row.finished_at now=now /></dd>
            <dt>{t::DURATION()}</dt>
            <dd>{duration}</dd>
        </dl>
    }
}

#[component]
fn GitLabDetail(
    project: String,
    d: gl_model::Deployment,
    mrs: Result<Vec<gl_model::MergeRequest>, ApiError>,
    now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let row = DeploymentRow::from_gitlab(&project, &d);
    let job = d.deployable.clone();
    let commit = job.as_ref().and_then(|j| j.commit.clone());
    let rules = d
        .approval_summary
        .as_ref()
        .map(|s| s.rules.clone())
        .unwrap_or_default();
    let approvals = d.approvals.clone().unwrap_or_default();
    let pending = d.pending_approval_count;
    view! {
        {summary(&row, now)}
        <section class="detail-section">
            <h3>{t::COMMIT()}</h3>
            {match commit {
                Some(c) => view! {
                    <p class="commit-title">{c.title.clone().unwrap_or_default()}</p>
                    <pre class="commit-message">{c.message.clone().unwrap_or_default()}</pre>
                    <p class="muted">{c.author_name.clone().unwrap_or_default()}</p>
                }.into_any(),
                None => view! { <p class="muted">{t::NO_COMMIT()}</p> }.into_any(),
            }}
        </section>
        <section class="detail-section">
            <h3>{t::JOB()}</h3>
            {match job {
                Some(j) => {
                    let pipeline = j.pipeline.clone();
                    view! {
                        <p>
                            {link(j.web_url.as_deref().and_then(SafeUrl::parse).as_ref(), format!("{} #{} ({})", j.name, j.id, j.status.as_str()))}
                            {j.stage.clone().map(|s| format!(" · {} {s}", t::STAGE()))}
                        </p>
                        {pipeline.map(|p| view! {
                            <p>{link(p.web_url.as_deref().and_then(SafeUrl::parse).as_ref(), format!("{} #{}", t::PIPELINE(), p.id))}</p>
                        })}
                    }.into_any()
                }
                None => view! { <p class="muted">{t::VIA_API()}</p> }.into_any(),
            }}
        </section>
        <section class="detail-section" data-testid="approvals">
            <h3>{t::APPROVALS()}</h3>
            {pending.map(|n| view! { <p data-testid="pending-approvals">{text::pending_approvals(n)}</p> })}
            {(!rules.is_empty()).then(|| view! {
                <table class="rules">
                    <thead><tr><th scope="col">{t::RULE()}</th><th scope="col">{t::PROGRESS()}</th><th scope="col">{t::APPROVED_BY()}</th></tr></thead>
                    <tbody>
                        {rules.iter().map(|r| {
                            let (approved, required) = rule_progress(r);
                            let who: Vec<String> = r.deployment_approvals.iter().map(|a| format!("{} ({})", a.user.username, a.status.as_str())).collect();
                            view! {
                                <tr data-testid="approval-rule">
                                    <td>{rule_name(r)}</td>
                                    <td>
                                        <progress value=approved as f64 max=required.max(1) as f64></progress>
                                        " " {text::approved_of(approved as usize, required)}
                                    </td>
                                    <td>{who.join(", ")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {if approvals.is_empty() {
                view! { <p class="muted">{t::NO_APPROVALS()}</p> }.into_any()
            } else {
                view! {
                    <ul class="approvals">
                        {approvals.into_iter().map(|a| view! {
                            <li data-testid="approval">
                                <strong>{a.user.username.clone()}</strong> " " {a.status.as_str().to_string()} " "
                                <Time at=a.created_at now=now />
                                {a.comment.clone().map(|c| view! { <blockquote>{c}</blockquote> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="detail-section" data-testid="merge-requests">
            <h3>{t::MERGE_REQUESTS()}</h3>
            {match mrs {
                Err(e) => view! { <ErrorView error=e forge=Forge::GitLab /> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="muted">{t::NO_MERGE_REQUESTS()}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="merge-requests">
                        {list.into_iter().map(|mr| view! {
                            <li data-testid="merge-request">
                                {link(SafeUrl::parse(&mr.web_url).as_ref(), format!("!{} {}", mr.iid, mr.title))}
                                " " <span class="muted">{mr.state.as_str().to_string()} " · " {mr.source_branch.clone()} " → " {mr.target_branch.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn GitHubDetail(
    project: String,
    d: gh_model::Deployment,
    statuses: Vec<gh_model::DeploymentStatus>,
    now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let row = DeploymentRow::from_github(&project, &d, statuses.first());
    let description = d.description.clone().filter(|s| !s.is_empty());
    view! {
        {summary(&row, now)}
        {description.map(|text| view! { <p class="description">{text}</p> })}
        <section class="detail-section" data-testid="status-history">
            <h3>{t::STATUS_HISTORY()}</h3>
            {if statuses.is_empty() {
                view! { <p class="muted">{t::NO_STATUSES()}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {statuses.into_iter().map(|s| {
                            let status = shipboard_core::model::view::Status::from_github(Some(&s.state));
                            view! {
                                <li data-testid="status-entry">
                                    <StatusBadge status=status label=s.state.as_str().to_string() />
                                    " " <Time at=Some(s.created_at) now=now />
                                    {s.creator.clone().map(|c| format!(" · {}", c.login))}
                                    {s.description.clone().filter(|x| !x.is_empty()).map(|x| view! { <p>{x}</p> })}
                                    <p class="links">
                                        {s.log_url.as_deref().and_then(SafeUrl::parse).map(|u| view! { <a href=u.into_string() target="_blank" rel="noopener noreferrer">{t::LOG()}</a> })}
                                        " "
                                        {s.environment_url.as_deref().and_then(SafeUrl::parse).map(|u| view! { <a href=u.into_string() target="_blank" rel="noopener noreferrer">{t::ENV_URL()}</a> })}
                                    </p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
