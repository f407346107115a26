//! The overview: every project of every source (rows) by environment (columns), each cell the
//! environment's current deployment and what runs, waits or failed on top of it. It fills
//! progressively, a few projects at a time per source, and a cell opens the deployments view
//! filtered to that project and environment. The matrix itself is `shipboard_core::overview`.
//!
//! Requests per project (the plan BENCHMARKS.md explains): GitLab, the available environments
//! (one page of 100) and the 100 most recently updated deployments, both at once, then only for
//! an environment with no success among them its latest successful deployment; GitHub, the
//! environments and the 100 newest deployments, both at once, then per environment the latest
//! status of its newest deployments until one succeeded (at most [`GITHUB_STATUS_TRIES`]).

use std::collections::HashMap;

use futures::future::join_all;
use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::gitlab::EnvironmentState;
use shipboard_core::model::view::{DeploymentRow, Forge, Status, Tier};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::overview::{
    shown, Cell, ColumnKey, EnvironmentInput, OverviewQuery, ProjectOrder, ProjectRow,
};
use shipboard_core::request::{github, gitlab, PageParams, Source};
use shipboard_core::response::ApiError;
use shipboard_core::route::{resolve_source, View};
use shipboard_core::validate::check_target;

use crate::api::{self, source_of, Loader, Ticket};
use crate::components::status_badge::StatusBadge;
use crate::components::time::Time;
use crate::state::{use_now, use_state, AppState};
use crate::text::overview as t;
use crate::url;

/// Projects loaded at once per source: each asks its two lists at once, so at most six requests
/// are in flight per source (a browser opens six connections per host).
const CONCURRENCY: usize = 3;
/// Deployments read per project (the most recently updated ones).
const RECENT: u32 = 100;
/// GitHub: status reads per environment while looking for its current (successful) deployment.
pub const GITHUB_STATUS_TRIES: usize = 3;

/// One project's row while it loads, and after.
#[derive(Clone, Debug, PartialEq)]
struct Slot {
    row: ProjectRow,
    loading: bool,
    error: Option<ApiError>,
}

/// Every project of `sources` (all of them, or only the one at `only`), as empty slots in order.
fn slots(state: AppState, sources: &[SourceConfig], only: Option<usize>) -> Vec<Slot> {
    sources
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o == *i))
        .flat_map(|(i, s)| {
            let labels = state.project_labels(s, s.targets());
            s.targets()
                .iter()
                .zip(labels)
                .map(move |(project, label)| Slot {
                    row: ProjectRow::new(i, project, &label, &[], &[]),
                    loading: true,
                    error: None,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// GitLab: the project's environments and deployments, as the row's inputs.
async fn gitlab_project(
    src: &Source,
    project: &str,
    ticket: &Ticket,
) -> Result<(Vec<EnvironmentInput>, Vec<DeploymentRow>), ApiError> {
    let params = gitlab::EnvironmentListParams {
        per_page: Some(RECENT),
        states: Some(EnvironmentState::Available),
        ..Default::default()
    };
    let envs_req = gitlab::list_environments(src, project, &params);
    let params = gitlab::DeploymentListParams {
        per_page: Some(RECENT),
        order_by: Some(gitlab::OrderBy::UpdatedAt),
        sort: Some(gitlab::Sort::Desc),
        ..Default::default()
    };
    let recent_req = gitlab::list_deployments(src, project, &params);
    // Both at once: one round trip (and its preflight) per project instead of two.
    let (envs, recent) = futures::join!(
        api::get::<Vec<gl_model::Environment>>(&envs_req, ticket, None),
        api::get::<Vec<gl_model::Deployment>>(&recent_req, ticket, None),
    );
    let ((envs, _), (recent, _)) = (envs?, recent?);
    let mut rows: Vec<DeploymentRow> = recent
        .iter()
        .map(|d| DeploymentRow::from_gitlab(project, d))
        .collect();
    // An environment whose last success is older than the recent page: ask for it alone.
    let missing: Vec<String> = envs
        .iter()
        .filter(|e| {
            !rows
                .iter()
                .any(|r| r.environment == e.name && r.status == Status::Success)
        })
        .map(|e| e.name.clone())
        .collect();
    for name in missing {
        let params = gitlab::DeploymentListParams {
            per_page: Some(1),
            environment: Some(name),
            status: Some(gitlab::DeploymentStatus::Success),
            order_by: Some(gitlab::OrderBy::Id),
            sort: Some(gitlab::Sort::Desc),
            ..Default::default()
        };
        let req = gitlab::list_deployments(src, project, &params);
        if let Ok((found, _)) = api::get::<Vec<gl_model::Deployment>>(&req, ticket, None).await {
            rows.extend(found.iter().map(|d| DeploymentRow::from_gitlab(project, d)));
        }
    }
    let envs = envs
        .iter()
        .map(|e| EnvironmentInput {
            name: e.name.clone(),
            tier: e.tier.clone(),
        })
        .collect();
    Ok((envs, rows))
}

/// GitHub: the repository's environments and newest deployments with the statuses that decide
/// each environment's cell.
async fn github_project(
    src: &Source,
    project: &str,
    ticket: &Ticket,
) -> Result<(Vec<EnvironmentInput>, Vec<DeploymentRow>), ApiError> {
    let Some((owner, repo)) = project.split_once('/') else {
        return Err(ApiError::network(crate::text::deployments::BAD_REPO()));
    };
    let page = PageParams {
        page: Some(1),
        per_page: Some(RECENT),
    };
    let envs_req = github::list_environments(src, owner, repo, &page);
    let params = github::DeploymentListParams {
        per_page: Some(RECENT),
        ..Default::default()
    };
    let recent_req = github::list_deployments(src, owner, repo, &params);
    let (envs, recent) = futures::join!(
        api::get::<gh_model::EnvironmentList>(&envs_req, ticket, None),
        api::get::<Vec<gh_model::Deployment>>(&recent_req, ticket, None),
    );
    let ((envs, _), (recent, _)) = (envs?, recent?);
    // Newest first per environment: statuses until one succeeded.
    let mut by_env: HashMap<&str, Vec<&gh_model::Deployment>> = HashMap::new();
    for d in &recent {
        by_env.entry(d.environment.as_str()).or_default().push(d);
    }
    let one = PageParams {
        page: Some(1),
        per_page: Some(1),
    };
    let mut rows = Vec::new();
    for env in &envs.environments {
        let Some(list) = by_env.get(env.name.as_str()) else {
            continue;
        };
        for d in list.iter().take(GITHUB_STATUS_TRIES) {
            let req = github::list_deployment_statuses(src, owner, repo, d.id, &one);
            let status = api::get::<Vec<gh_model::DeploymentStatus>>(&req, ticket, None)
                .await
                .ok()
                .and_then(|(s, _)| s.into_iter().next());
            let row = match &status {
                Some(s) => DeploymentRow::from_github(project, d, Some(s)),
                None => DeploymentRow::from_github(project, d, None).status_unknown(),
            };
            let done = row.status == Status::Success;
            rows.push(row);
            if done {
                break;
            }
        }
    }
    let envs = envs
        .environments
        .iter()
        .map(|e| EnvironmentInput {
            name: e.name.clone(),
            tier: Some(Tier::guess(&e.name)),
        })
        .collect();
    Ok((envs, rows))
}

/// Loads every slot's project, [`CONCURRENCY`] at a time per source, sources side by side;
/// each row is filled as soon as its answers are in.
async fn load(
    sources: Vec<SourceConfig>,
    mut todo: Vec<(usize, usize, String)>,
    slots: RwSignal<Vec<Slot>>,
    ticket: Ticket,
) {
    todo.sort_by_key(|(_, source, _)| *source);
    let per_source = todo.chunk_by(|a, b| a.1 == b.1).map(|chunk| {
        let chunk = chunk.to_vec();
        let sources = &sources;
        let ticket = &ticket;
        async move {
            let mut answers = stream::iter(chunk.into_iter().map(|(slot, source, project)| {
                let config = &sources[source];
                async move {
                    let answer = match check_target(config.kind, &project) {
                        Err(problem) => Err(ApiError::network(&problem.message)),
                        Ok(()) => {
                            let src = source_of(config);
                            match config.kind {
                                Forge::GitLab => gitlab_project(&src, &project, ticket).await,
                                Forge::GitHub => github_project(&src, &project, ticket).await,
                            }
                        }
                    };
                    (slot, answer)
                }
            }))
            .buffer_unordered(CONCURRENCY);
            while let Some((slot, answer)) = answers.next().await {
                if !ticket.live() {
                    return;
                }
                ticket.update(slots, |all| {
                    let Some(s) = all.get_mut(slot) else {
                        return;
                    };
                    s.loading = false;
                    match answer {
                        Ok((envs, rows)) => {
                            s.error = None;
                            s.row = ProjectRow::new(
                                s.row.source,
                                &s.row.project,
                                &s.row.label,
                                &envs,
                                &rows,
                            );
                        }
                        Err(e) => s.error = Some(e),
                    }
                });
            }
        }
    });
    join_all(per_source).await;
}

/// The overview page (`?view=overview`, optionally `&source=`, `&environment=`, `&by=activity`).
#[component]
pub fn Overview() -> impl IntoView {
    let state = use_state();
    let now = use_now();
    let slots_signal = RwSignal::new(Vec::<Slot>::new());
    let loader = StoredValue::new_local(Loader::new());
    // What is loaded: the sources (all, or the one `source=` names) and their projects.
    let scope = Memo::new(move |_| {
        let sources = state.sources();
        let only = state
            .route
            .with(|r| r.source.clone())
            .and_then(|key| resolve_source(&sources, Some(&key)));
        (sources, only)
    });
    Effect::new(move |_| {
        state.refresh.track();
        let (sources, only) = scope.get();
        // Names arriving later relabel rows (below); they never restart the load.
        let fresh = untrack(|| slots(state, &sources, only));
        let todo: Vec<(usize, usize, String)> = fresh
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.row.source, s.row.project.clone()))
            .collect();
        slots_signal.set(fresh);
        let ticket = loader.with_value(Loader::next);
        loader.with_value(|l| l.spawn(&ticket, load(sources, todo, slots_signal, ticket.clone())));
    });
    // A live refresh reads every project again and replaces each row as its answers arrive:
    // nothing is cleared meanwhile. Skipped while the first load is still running.
    let tick = crate::live::use_tick();
    Effect::new(move |seen: Option<u64>| {
        let n = tick.get();
        if seen.is_none() || slots_signal.with_untracked(|all| all.iter().any(|s| s.loading)) {
            return n;
        }
        let (sources, _) = scope.get_untracked();
        let todo: Vec<(usize, usize, String)> = slots_signal.with_untracked(|all| {
            all.iter()
                .enumerate()
                .map(|(i, s)| (i, s.row.source, s.row.project.clone()))
                .collect()
        });
        let ticket = loader.with_value(Loader::next);
        loader.with_value(|l| l.spawn(&ticket, load(sources, todo, slots_signal, ticket.clone())));
        n
    });
    // Names arrive after the rows: relabel without reloading.
    Effect::new(move |_| {
        let sources = state.sources();
        state.project_names.track();
        slots_signal.update(|all| {
            for s in all.iter_mut() {
                if let Some(src) = sources.get(s.row.source) {
                    s.row.label = state.project_label(src, &s.row.project);
                }
            }
        });
    });

    let query = Memo::new(move |_| {
        state.route.with(|r| OverviewQuery {
            environment: r.filter("environment").unwrap_or("").to_owned(),
            source: None,
            order: ProjectOrder::parse(r.by.as_deref().unwrap_or("")),
        })
    });
    let matrix = Memo::new(move |_| {
        let q = query.get();
        slots_signal.with(|all| {
            let rows: Vec<ProjectRow> = all.iter().map(|s| s.row.clone()).collect();
            shown(&rows, &q)
        })
    });
    let columns = Memo::new(move |_| matrix.with(|m| m.columns.clone()));
    let order = Memo::new(move |_| matrix.with(|m| m.rows.clone()));
    let pending =
        Memo::new(move |_| slots_signal.with(|all| all.iter().filter(|s| s.loading).count()));
    let total = Memo::new(move |_| slots_signal.with(Vec::len));

    let set_param = move |f: &dyn Fn(&mut shipboard_core::route::Route)| {
        let mut next = state.route.get_untracked();
        f(&mut next);
        url::replace(state.route, next);
    };
    let sources_for_picker = Memo::new(move |_| state.sources());

    view! {
        <section class="overview-page" aria-labelledby="overview-title">
            <h2 id="overview-title" class="page-title">{t::TITLE()}</h2>
            <form class="filters" data-testid="overview-filters" on:submit=|ev| ev.prevent_default()>
                <div class="filter-fields">
                    <label>
                        <span class="label-text">{t::ENVIRONMENT()}</span>
                        <input type="search" data-testid="overview-environment" placeholder=t::ENVIRONMENT_HINT()
                            prop:value=move || state.route.with(|r| r.filter("environment").unwrap_or("").to_owned())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                set_param(&|r| r.set_filter("environment", &v));
                            } />
                    </label>
                    <label>
                        <span class="label-text">{t::SOURCE()}</span>
                        <select data-testid="overview-source"
                            prop:value=move || state.route.with(|r| r.source.clone().unwrap_or_default())
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                set_param(&|r| r.source = (!v.is_empty()).then(|| v.clone()));
                            }>
                            <option value="">{t::ALL_SOURCES()}</option>
                            {move || sources_for_picker.get().into_iter().map(|s| view! {
                                <option value=s.id.clone()>{s.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span class="label-text">{t::ORDER()}</span>
                        <select data-testid="overview-order"
                            prop:value=move || state.route.with(|r| r.by.clone().unwrap_or_else(|| "name".into()))
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                set_param(&|r| r.by = (v != "name").then(|| v.clone()));
                            }>
                            <option value="name">{t::BY_NAME()}</option>
                            <option value="activity">{t::BY_ACTIVITY()}</option>
                        </select>
                    </label>
                </div>
            </form>
            <p class="summary" data-testid="overview-summary" aria-live="polite">
                {move || t::summary(total.get(), pending.get())}
            </p>
            {move || (total.get() == 0).then(|| view! { <p class="empty" data-testid="empty">{t::NO_PROJECTS()}</p> })}
            {move || {
                let failed: Vec<(String, String)> = slots_signal.with(|all| {
                    all.iter()
                        .filter_map(|s| s.error.as_ref().map(|e| (s.row.label.clone(), e.message.clone())))
                        .collect()
                });
                (!failed.is_empty()).then(|| view! {
                    <div class="error-box" role="alert" data-testid="overview-errors">
                        <p class="error-message">{t::SOME_FAILED()}</p>
                        <ul>{failed.into_iter().map(|(p, m)| view! { <li><strong>{p}</strong> ": " {m}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <div class="table-wrap overview-wrap">
                <table class="overview" data-testid="overview">
                    <caption class="sr-only">{t::CAPTION()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t::PROJECT()}</th>
                            {move || columns.with(|columns| columns.iter().map(|c| view! {
                                <th scope="col" data-testid="overview-column">{c.label()}</th>
                            }).collect_view())}
                        </tr>
                    </thead>
                    <tbody>
                        // One row per project, keyed: a project's answers re-render its row only.
                        <For each=move || order.get() key=|i| *i let:i>
                            {
                                let slot = Memo::new(move |_| slots_signal.with(|all| all.get(i).cloned()));
                                move || {
                                    let sources = state.sources();
                                    let columns = columns.get();
                                    slot.get().map(|s| row_view(state, &sources, &s, &columns, now))
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// One project's row: its name (with its source) and a cell per column.
fn row_view(
    state: AppState,
    sources: &[SourceConfig],
    slot: &Slot,
    columns: &[ColumnKey],
    now: Signal<chrono::DateTime<chrono::Utc>>,
) -> impl IntoView {
    let source = sources.get(slot.row.source).cloned();
    let source_name = source.as_ref().map(|s| s.name.clone()).unwrap_or_default();
    let source_id = source.as_ref().map(|s| s.id.clone()).unwrap_or_default();
    let cells = columns
        .iter()
        .map(|key| match slot.row.cells.get(key) {
            Some(cell) => cell_view(
                state,
                &source_id,
                slot.row.source,
                (&slot.row.project, &slot.row.label),
                cell,
                now,
            )
            .into_any(),
            None => view! { <td class="overview-empty"><span aria-hidden="true">"·"</span></td> }
                .into_any(),
        })
        .collect_view();
    view! {
        <tr data-testid="overview-row" data-loading=slot.loading.to_string()>
            <th scope="row" class="overview-project">
                <span class="project-name">{slot.row.label.clone()}</span>
                <span class="muted source-name">{source_name}</span>
                {slot.loading.then(|| view! { <span class="muted" role="status">{crate::text::LOADING()}</span> })}
            </th>
            {cells}
        </tr>
    }
}

/// A cell: the current deployment (status, ref, short SHA, author, age), the one on top of it,
/// and a button opening the deployments view filtered to the project and environment.
fn cell_view(
    state: AppState,
    source_id: &str,
    source_index: usize,
    (project, name): (&str, &str),
    cell: &Cell,
    now: Signal<chrono::DateTime<chrono::Utc>>,
) -> impl IntoView {
    let environment = cell.environment.clone();
    let (source_id, project_owned) = (source_id.to_owned(), project.to_owned());
    let env_for_open = environment.clone();
    let open = move |_| {
        let mut next = state.route.get_untracked();
        next.view = View::Deployments;
        next.source = Some(source_id.clone());
        next.project = Some(project_owned.clone());
        next.filters.clear();
        next.set_filter("environment", &env_for_open);
        next.q.clear();
        next.page = 1;
        next.deployment = None;
        next.by = None;
        url::push(state.route, next);
    };
    let label = t::open_cell(name, &environment);
    let current = cell.current.clone();
    let newer = cell.newer.clone();
    view! {
        <td data-testid="overview-cell" data-source=source_index.to_string() data-project=project.to_owned()
            data-environment=environment.clone()>
            <button type="button" class="overview-open" on:click=open>
                <span class="sr-only">{label}</span>
                {(cell.count > 1).then(|| view! {
                    <span class="overview-env mono">{environment.clone()} " " <span class="muted">{t::more(cell.count)}</span></span>
                })}
                {match current {
                    Some(d) => view! {
                        <span class="overview-current">
                            <StatusBadge status=d.status.clone() label=d.forge_status.clone() />
                            " " <span class="mono">{d.git_ref.to_string()}</span>
                            " " <span class="mono muted">{shipboard_core::format::short_sha(&d.sha).to_owned()}</span>
                            <span class="overview-meta muted">
                                {d.author.as_deref().unwrap_or_default().to_owned()} " · " <Time at=Some(d.updated_at) now=now />
                            </span>
                        </span>
                    }.into_any(),
                    None => view! { <span class="muted">{t::NOTHING_YET()}</span> }.into_any(),
                }}
                {newer.map(|d| view! {
                    <span class="overview-newer" data-testid="overview-newer" data-status=d.status.as_str().to_owned()>
                        {t::ON_TOP()} " " <StatusBadge status=d.status.clone() label=d.forge_status.clone() /> " " <span class="mono">{d.git_ref.to_string()}</span>
                    </span>
                })}
            </button>
        </td>
    }
}
