//! The deployments page: server-side filters from the URL (checked by `shipboard-core` before
//! sending), one page or every page loaded, then search and column sorting in memory.

use std::collections::HashMap;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::query::{Query, SearchIndex, Sort, SortDir, SortKey};
use shipboard_core::request::{github, gitlab, PageParams};
use shipboard_core::response::{ApiError, Pagination};
use shipboard_core::route::Route;
use shipboard_core::validate::ValidationError;

use crate::api::load::{self, Cancel, Progress};
use crate::api::{self, source_of};
use crate::components::deployments_table::DeploymentsTable;
use crate::components::error_view::ErrorView;
use crate::pages::deployment_detail::DeploymentDetail;
use crate::state::use_state;
use crate::text::{self, deployments as t};
use crate::url;

/// Rows per page when the URL does not say (the forges' maximum: fewer round trips).
pub const PER_PAGE: u32 = 50;
/// Latest-status requests in flight at once for GitHub rows.
const STATUS_CONCURRENCY: usize = 6;

/// What the server is asked for: everything in the route but the in-memory parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The source.
    pub source: SourceConfig,
    /// The project or `owner/repo`.
    pub project: String,
    /// The route without `q`, `col`, `dir` and `deployment`.
    pub server: Route,
}

impl Target {
    /// The target the route points at, if the source and a project exist.
    pub fn from_route(route: &Route, source: Option<SourceConfig>) -> Option<Target> {
        let source = source?;
        let project = route
            .project
            .clone()
            .or_else(|| source.targets().first().cloned())?;
        let mut server = route.clone();
        server.q.clear();
        server.deployment = None;
        server.set_filter("col", "");
        server.set_filter("dir", "");
        Some(Target {
            source,
            project,
            server,
        })
    }

    /// `(owner, repo)` for GitHub.
    pub fn owner_repo(&self) -> Option<(&str, &str)> {
        self.project.split_once('/')
    }
}

fn sort_of(route: &Route) -> Option<Sort> {
    let key = SortKey::parse(route.filter("col")?)?;
    let dir = match route.filter("dir") {
        Some("desc") => SortDir::Desc,
        _ => SortDir::Asc,
    };
    Some(Sort { key, dir })
}

/// Everything the page shows about the loaded data.
#[derive(Clone, Copy)]
struct Data {
    rows: RwSignal<Vec<DeploymentRow>>,
    pagination: RwSignal<Option<Pagination>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    invalid: RwSignal<Vec<ValidationError>>,
    progress: RwSignal<Option<Progress>>,
    /// Bumped on every new load; answers for an older one are dropped.
    generation: StoredValue<u64>,
    /// GitHub deployments as received, to re-map when their latest status arrives.
    github_raw: StoredValue<HashMap<u64, gh_model::Deployment>>,
    cancel: StoredValue<Option<Cancel>, LocalStorage>,
}

impl Data {
    fn new() -> Data {
        Data {
            rows: RwSignal::new(Vec::new()),
            pagination: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            invalid: RwSignal::new(Vec::new()),
            progress: RwSignal::new(None),
            generation: StoredValue::new(0),
            github_raw: StoredValue::new(HashMap::new()),
            cancel: StoredValue::new_local(None),
        }
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    fn fail(&self, generation: u64, error: ApiError, token: Option<&str>) {
        if !self.current(generation) {
            return;
        }
        let error = match token {
            Some(t) => error.redact(t),
            None => error,
        };
        self.error.set(Some(error));
        self.loading.set(false);
        self.progress.set(None);
    }
}

fn gitlab_request(
    target: &Target,
    page: u64,
) -> Result<shipboard_core::request::HttpRequest, Vec<ValidationError>> {
    let mut route = target.server.clone();
    route.page = page as u32;
    let params = route.gitlab_deployments(PER_PAGE)?;
    Ok(gitlab::list_deployments(
        &source_of(&target.source),
        &target.project,
        &params,
    ))
}

fn github_request(target: &Target, page: u64) -> Option<shipboard_core::request::HttpRequest> {
    let (owner, repo) = target.owner_repo()?;
    let mut route = target.server.clone();
    route.page = page as u32;
    let params = route.github_deployments(PER_PAGE);
    Some(github::list_deployments(
        &source_of(&target.source),
        owner,
        repo,
        &params,
    ))
}

/// Loads the page the target names, replacing the rows.
async fn load_first(data: Data, target: Target, generation: u64) {
    let token = target.source.token.clone();
    match target.source.kind {
        Forge::GitLab => {
            let req = match gitlab_request(&target, u64::from(target.server.page)) {
                Ok(r) => r,
                Err(errors) => {
                    data.invalid.set(errors);
                    data.loading.set(false);
                    return;
                }
            };
            match api::fetch::<Vec<gl_model::Deployment>>(&req).await {
                Ok((items, pagination)) if data.current(generation) => {
                    let rows = items
                        .iter()
                        .map(|d| DeploymentRow::from_gitlab(&target.project, d))
                        .collect();
                    data.rows.set(rows);
                    data.pagination.set(Some(pagination));
                    data.loading.set(false);
                }
                Ok(_) => {}
                Err(e) => data.fail(generation, e, token.as_deref()),
            }
        }
        Forge::GitHub => {
            let Some(req) = github_request(&target, u64::from(target.server.page)) else {
                data.invalid
                    .set(vec![ValidationError::new("project", t::BAD_REPO)]);
                data.loading.set(false);
                return;
            };
            match api::fetch::<Vec<gh_model::Deployment>>(&req).await {
                Ok((items, pagination)) if data.current(generation) => {
                    let rows = items
                        .iter()
                        .map(|d| DeploymentRow::from_github(&target.project, d, None))
                        .collect();
                    let ids: Vec<u64> = items.iter().map(|d| d.id).collect();
                    data.github_raw
                        .set_value(items.into_iter().map(|d| (d.id, d)).collect());
                    data.rows.set(rows);
                    data.pagination.set(Some(pagination));
                    data.loading.set(false);
                    latest_statuses(data, &target, ids, generation).await;
                }
                Ok(_) => {}
                Err(e) => data.fail(generation, e, token.as_deref()),
            }
        }
    }
}

/// Fetches the latest status of each GitHub deployment (a few at a time) and updates its row.
async fn latest_statuses(data: Data, target: &Target, ids: Vec<u64>, generation: u64) {
    let Some((owner, repo)) = target.owner_repo() else {
        return;
    };
    let src = source_of(&target.source);
    let page = PageParams {
        page: Some(1),
        per_page: Some(1),
    };
    let mut answers = stream::iter(ids.into_iter().map(|id| {
        let req = github::list_deployment_statuses(&src, owner, repo, id, &page);
        async move {
            (
                id,
                api::fetch::<Vec<gh_model::DeploymentStatus>>(&req).await,
            )
        }
    }))
    .buffer_unordered(STATUS_CONCURRENCY);
    while let Some((id, answer)) = answers.next().await {
        if !data.current(generation) {
            return;
        }
        let Ok((statuses, _)) = answer else {
            continue;
        };
        let Some(raw) = data.github_raw.with_value(|m| m.get(&id).cloned()) else {
            continue;
        };
        let row = DeploymentRow::from_github(&target.project, &raw, statuses.first());
        data.rows.update(|rows| {
            if let Some(slot) = rows.iter_mut().find(|r| r.id == id) {
                *slot = row;
            }
        });
    }
}

/// How often, at most, rows arriving from "load all" are handed to the table: each hand-over
/// re-runs the query over every loaded row, so one per page would cost O(pages × rows).
const FLUSH_EVERY_MS: f64 = 250.0;

/// Rows received but not yet shown, flushed at most every [`FLUSH_EVERY_MS`].
#[derive(Default)]
struct Batch {
    pending: Vec<DeploymentRow>,
    last_flush: f64,
}

impl Batch {
    fn add(&mut self, data: Data, rows: impl Iterator<Item = DeploymentRow>) {
        self.pending.extend(rows);
        if js_sys::Date::now() - self.last_flush >= FLUSH_EVERY_MS {
            self.flush(data);
        }
    }

    fn flush(&mut self, data: Data) {
        self.last_flush = js_sys::Date::now();
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        data.rows.update(|rows| rows.extend(pending));
    }
}

/// Loads every remaining page, a few at a time, appending rows as pages arrive in order.
async fn load_rest(data: Data, target: Target, generation: u64, cancel: Cancel) {
    let Some(first) = data.pagination.get_untracked() else {
        return;
    };
    let per_page = first
        .per_page
        .unwrap_or(u64::from(target.server.per_page.unwrap_or(PER_PAGE)));
    let token = target.source.token.clone();
    data.progress.set(Some(Progress {
        done: first.page.unwrap_or(1),
        total: first.total_pages,
    }));
    let result = match target.source.kind {
        Forge::GitLab => {
            let project = target.project.clone();
            let mut batch = Batch::default();
            let result = load::rest::<gl_model::Deployment, _, _>(
                &first,
                per_page,
                |page| gitlab_request(&target, page).expect("checked when the first page loaded"),
                |items, progress| {
                    if !data.current(generation) {
                        return;
                    }
                    batch.add(
                        data,
                        items
                            .iter()
                            .map(|d| DeploymentRow::from_gitlab(&project, d)),
                    );
                    data.progress.set(Some(progress));
                },
                cancel,
            )
            .await;
            if data.current(generation) {
                batch.flush(data);
            }
            result
        }
        Forge::GitHub => {
            let mut ids = Vec::new();
            let mut batch = Batch::default();
            let project = target.project.clone();
            let result = load::rest::<gh_model::Deployment, _, _>(
                &first,
                per_page,
                |page| github_request(&target, page).expect("checked when the first page loaded"),
                |items, progress| {
                    if !data.current(generation) {
                        return;
                    }
                    ids.extend(items.iter().map(|d| d.id));
                    batch.add(
                        data,
                        items
                            .iter()
                            .map(|d| DeploymentRow::from_github(&project, d, None)),
                    );
                    data.github_raw.update_value(|m| {
                        m.extend(items.into_iter().map(|d| (d.id, d)));
                    });
                    data.progress.set(Some(progress));
                },
                cancel,
            )
            .await;
            if data.current(generation) {
                batch.flush(data);
            }
            if result.is_ok() {
                data.progress.set(None);
                latest_statuses(data, &target, ids, generation).await;
            }
            result
        }
    };
    match result {
        Ok(()) => {
            if data.current(generation) {
                data.progress.set(None);
                data.pagination.update(|p| {
                    if let Some(p) = p {
                        p.next_page = None;
                    }
                });
            }
        }
        Err(e) => data.fail(generation, e, token.as_deref()),
    }
}

/// The deployments page.
#[component]
pub fn Deployments() -> impl IntoView {
    let state = use_state();
    let data = Data::new();
    let now = RwSignal::new(api::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(api::now()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }

    let target = Memo::new(move |_| {
        let route = state.route.get();
        let source = state.current_source().map(|(_, s)| s);
        Target::from_route(&route, source)
    });
    Effect::new(move |_| {
        state.refresh.track();
        let Some(target) = target.get() else {
            return;
        };
        if let Some(c) = data.cancel.get_value() {
            c.cancel();
        }
        let generation = data.generation.get_value() + 1;
        data.generation.set_value(generation);
        data.rows.set(Vec::new());
        data.pagination.set(None);
        data.error.set(None);
        data.invalid.set(Vec::new());
        data.progress.set(None);
        data.loading.set(true);
        spawn_local(load_first(data, target, generation));
    });

    // The search index is built once per row set, and only while there is search text.
    let searching = Memo::new(move |_| state.route.with(|r| !r.q.trim().is_empty()));
    let index = Memo::new(move |_| {
        searching
            .get()
            .then(|| data.rows.with(|rows| SearchIndex::new(rows)))
    });
    let sort = Memo::new(move |_| state.route.with(sort_of));
    let order = Memo::new(move |_| {
        let search = state.route.with(|r| r.q.clone());
        let query = Query {
            search,
            sort: sort.get(),
            ..Query::default()
        };
        data.rows.with(|rows| {
            index.with(|ix| match ix {
                Some(ix) => query.apply_indexed(rows, ix),
                None => query.apply(rows),
            })
        })
    });

    let on_sort = Callback::new(move |key: SortKey| {
        let mut next = state.route.get_untracked();
        let dir = match sort_of(&next) {
            Some(s) if s.key == key && s.dir == SortDir::Asc => "desc",
            _ => "asc",
        };
        next.set_filter("col", key.as_str());
        next.set_filter("dir", dir);
        url::push(state.route, next);
    });
    let on_open = Callback::new(move |id: u64| {
        let mut next = state.route.get_untracked();
        next.deployment = Some(id);
        url::push(state.route, next);
    });
    let start_load_all = move |_| {
        let Some(target) = target.get_untracked() else {
            return;
        };
        let cancel = Cancel::default();
        data.cancel.set_value(Some(cancel.clone()));
        let generation = data.generation.get_value();
        spawn_local(load_rest(data, target, generation, cancel));
    };
    let cancel_load = move |_| {
        if let Some(c) = data.cancel.get_value() {
            c.cancel();
        }
        data.progress.set(None);
    };

    // Memos, so only a change of forge or of the open deployment rebuilds those parts.
    let forge = Memo::new(move |_| target.with(|t| t.as_ref().map(|t| t.source.kind)));
    let open_id = Memo::new(move |_| state.route.with(|r| r.deployment));
    move || {
        let Some(kind) = forge.get() else {
            return view! { <p class="empty" data-testid="empty">{t::NO_PROJECT}</p> }.into_any();
        };
        view! {
            <section class="deployments-page">
                <Filters kind=kind invalid=data.invalid />
                <div class="toolbar">
                    <label class="search">
                        <span class="label-text">{t::SEARCH}</span>
                        <input
                            type="search"
                            data-testid="search"
                            placeholder=t::SEARCH_HINT
                            prop:value=move || state.route.with(|r| r.q.clone())
                            on:input=move |ev| {
                                let mut next = state.route.get_untracked();
                                next.q = event_target_value(&ev);
                                url::replace(state.route, next);
                            }
                        />
                    </label>
                    <p class="summary" data-testid="summary" aria-live="polite">
                        {move || {
                            let total = data.pagination.with(|p| p.as_ref().and_then(|p| p.total));
                            text::rows_summary(order.with(Vec::len), data.rows.with(Vec::len), total)
                        }}
                    </p>
                    <Pager data=data />
                    {move || {
                        let more = data
                            .pagination
                            .with(|p| p.as_ref().is_some_and(|p| p.next_page.is_some()));
                        match data.progress.get() {
                            Some(p) => {
                                let (value, max) = (p.done as f64, p.total.unwrap_or(p.done + 1) as f64);
                                view! {
                                    <div class="progress" data-testid="load-all-progress">
                                        <progress value=value max=max></progress>
                                        <span>{text::loading_pages(p.done, p.total)}</span>
                                        <button type="button" data-testid="cancel-load" on:click=cancel_load>
                                            {t::CANCEL}
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                            None if more => {
                                view! {
                                    <button type="button" data-testid="load-all" on:click=start_load_all>
                                        {t::LOAD_ALL}
                                    </button>
                                }
                                    .into_any()
                            }
                            None => ().into_any(),
                        }
                    }}
                </div>
                {move || {
                    data.error
                        .get()
                        .map(|e| {
                            let forge = kind;
                            view! { <ErrorView error=e forge=forge /> }
                        })
                }}
                {move || {
                    data.loading
                        .get()
                        .then(|| {
                            view! {
                                <p class="loading" data-testid="loading" role="status">
                                    {text::LOADING}
                                </p>
                            }
                        })
                }}
                {move || {
                    let idle = !data.loading.get() && data.error.with(Option::is_none)
                        && data.invalid.with(Vec::is_empty);
                    let empty = data.rows.with(Vec::is_empty);
                    let none_match = !empty && order.with(Vec::is_empty);
                    if idle && empty {
                        Some(view! { <p class="empty" data-testid="empty">{t::EMPTY}</p> }.into_any())
                    } else if none_match {
                        Some(view! { <p class="empty" data-testid="empty">{t::NO_MATCH}</p> }.into_any())
                    } else {
                        None
                    }
                }}
                <DeploymentsTable
                    rows=data.rows
                    order=order
                    sort=sort
                    on_sort=on_sort
                    on_open=on_open
                    forge=kind
                    now=now
                />
                {move || {
                    let id = open_id.get()?;
                    let target = target.get()?;
                    Some(view! { <DeploymentDetail target=target id=id now=now.get_untracked() /> })
                }}
            </section>
        }
            .into_any()
    }
}

/// Previous/next page and page size; shows totals when the server gave them.
#[component]
fn Pager(data: Data) -> impl IntoView {
    let state = use_state();
    let go = move |page: u32| {
        let mut next = state.route.get_untracked();
        next.page = page.max(1);
        url::push(state.route, next);
    };
    let page = move || state.route.with(|r| r.page);
    let has_next = move || {
        data.pagination
            .with(|p| p.as_ref().is_some_and(|p| p.next_page.is_some()))
    };
    view! {
        <nav class="pager" aria-label=t::PAGES>
            <button type="button" data-testid="prev-page" disabled=move || page() <= 1 on:click=move |_| go(page() - 1)>
                {t::PREV}
            </button>
            <span data-testid="page-of">
                {move || {
                    let total = data.pagination.with(|p| p.as_ref().and_then(|p| p.total_pages));
                    text::page_of(page(), total)
                }}
            </span>
            <button type="button" data-testid="next-page" disabled=move || !has_next() on:click=move |_| go(page() + 1)>
                {t::NEXT}
            </button>
            <label>
                <span class="label-text">{t::PER_PAGE}</span>
                <select
                    data-testid="per-page"
                    prop:value=move || state.route.with(|r| r.per_page.unwrap_or(PER_PAGE).to_string())
                    on:change=move |ev| {
                        let mut next = state.route.get_untracked();
                        next.per_page = event_target_value(&ev).parse().ok();
                        next.page = 1;
                        url::push(state.route, next);
                    }
                >
                    {[20u32, 50, 100]
                        .into_iter()
                        .map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}

/// Server-side filters with the forges' own names; checked by `shipboard-core` before sending.
#[component]
fn Filters(kind: Forge, invalid: RwSignal<Vec<ValidationError>>) -> impl IntoView {
    let state = use_state();
    // The form's own copy, so typing never loses input and nothing is sent until Apply.
    let draft = RwSignal::new(state.route.get_untracked());
    Effect::new(move |_| {
        let route = state.route.get();
        draft.set(route);
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = draft.get_untracked();
        next.page = 1;
        if kind == Forge::GitLab {
            if let Err(errors) = next.gitlab_deployments(PER_PAGE) {
                invalid.set(errors);
                return;
            }
        }
        invalid.set(Vec::new());
        url::push(state.route, next);
    };
    let clear = move |_| {
        let mut next = state.route.get_untracked();
        next.filters.retain(|(n, _)| n == "col" || n == "dir");
        next.page = 1;
        invalid.set(Vec::new());
        url::push(state.route, next);
    };
    let input = move |name: &'static str, label: &'static str, kind_attr: &'static str| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input
                    type=kind_attr
                    name=name
                    data-testid=format!("filter-{name}")
                    prop:value=move || draft.with(|d| d.filter(name).unwrap_or("").to_string())
                    on:input=move |ev| draft.update(|d| d.set_filter(name, &event_target_value(&ev)))
                />
            </label>
        }
    };
    let select = move |name: &'static str,
                       label: &'static str,
                       default: &'static str,
                       options: &'static [&'static str]| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <select
                    name=name
                    data-testid=format!("filter-{name}")
                    prop:value=move || draft.with(|d| d.filter(name).unwrap_or("").to_string())
                    on:change=move |ev| draft.update(|d| d.set_filter(name, &event_target_value(&ev)))
                >
                    <option value="">{default}</option>
                    {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let fields = match kind {
        Forge::GitLab => view! {
            {select("status", t::STATUS, t::ANY, &["created", "running", "success", "failed", "canceled", "skipped", "blocked"])}
            {input("environment", t::ENVIRONMENT, "text")}
            {select("order_by", t::ORDER_BY, t::DEFAULT_ORDER, &["id", "iid", "created_at", "updated_at", "finished_at"])}
            {select("sort", t::SORT, t::DEFAULT_SORT, &["asc", "desc"])}
            {input("updated_after", t::UPDATED_AFTER, "date")}
            {input("updated_before", t::UPDATED_BEFORE, "date")}
            {input("finished_after", t::FINISHED_AFTER, "date")}
            {input("finished_before", t::FINISHED_BEFORE, "date")}
        }
        .into_any(),
        Forge::GitHub => view! {
            {input("environment", t::ENVIRONMENT, "text")}
            {input("ref", t::REF, "text")}
            {input("sha", t::SHA, "text")}
            {input("task", t::TASK, "text")}
        }
        .into_any(),
    };
    view! {
        <form class="filters" on:submit=apply data-testid="filters">
            <div class="filter-fields">{fields}</div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="apply-filters">{t::APPLY}</button>
                <button type="button" on:click=clear>{t::CLEAR}</button>
            </div>
            {move || {
                let errors = invalid.get();
                (!errors.is_empty())
                    .then(|| {
                        view! {
                            <div class="error-box" role="alert" data-testid="error">
                                <p>{t::INVALID}</p>
                                <ul>
                                    {errors
                                        .into_iter()
                                        .map(|e| view! { <li><code>{e.field}</code> ": " {e.message}</li> })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </form>
    }
}
