//! The deployments page: server-side filters from the URL (checked by `shipboard-core` before
//! sending), one page or every page loaded, then search and column sorting in memory.

use std::cell::RefCell;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::paging::{End, PageWalk, SeenIds};
use shipboard_core::query::{Query, SearchIndex, Sort, SortDir, SortKey};
use shipboard_core::request::{github, gitlab, PageParams, Source};
use shipboard_core::response::{self, ApiError, ErrorKind, Pagination};
use shipboard_core::route::{Route, MAX_PAGE};
use shipboard_core::validate::ValidationError;

use crate::api::load::{self, Progress};
use crate::api::{self, source_of};
use crate::api::{Loader, Ticket};
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

/// Everything the page shows about the loaded data. Only signals: background work writes them
/// through its [`Ticket`], never after the page is gone or a newer load started.
#[derive(Clone, Copy)]
struct Data {
    rows: RwSignal<Vec<DeploymentRow>>,
    pagination: RwSignal<Option<Pagination>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    invalid: RwSignal<Vec<ValidationError>>,
    progress: RwSignal<Option<Progress>>,
    /// "rate limited, retrying in 12 s" while a request waits to be retried.
    notice: RwSignal<Option<String>>,
    /// Where "load all" resumes (the first page not loaded) after an error or a cancel.
    resume: RwSignal<Option<u64>>,
    /// Why the last "load all" stopped before the end (page cap, repeating server).
    stopped: RwSignal<Option<End>>,
    /// GitHub rows whose status could not be loaded (rate limit): shown as "unknown".
    statuses_missing: RwSignal<bool>,
    loader: StoredValue<Loader, LocalStorage>,
    /// The running "load all", to cancel it.
    job: StoredValue<Option<Ticket>, LocalStorage>,
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
            notice: RwSignal::new(None),
            resume: RwSignal::new(None),
            stopped: RwSignal::new(None),
            statuses_missing: RwSignal::new(false),
            loader: StoredValue::new_local(Loader::new()),
            job: StoredValue::new_local(None),
        }
    }

    fn fail(&self, ticket: &Ticket, error: ApiError) {
        ticket.fail(self.error, error);
        ticket.set(self.loading, false);
        ticket.set(self.progress, None);
        ticket.set(self.notice, None);
    }
}

/// The target's list request, checked once; [`Lister::at`] builds any page of it.
#[derive(Clone)]
enum Lister {
    GitLab(Source, String, gitlab::DeploymentListParams),
    GitHub(Source, String, String, github::DeploymentListParams),
}

impl Lister {
    fn new(target: &Target) -> Result<Lister, Vec<ValidationError>> {
        // A project from the URL is outside input: no `..` segment or `?` reaches a request.
        shipboard_core::validate::check_target(target.source.kind, &target.project)
            .map_err(|e| vec![e])?;
        let src = source_of(&target.source);
        match target.source.kind {
            Forge::GitLab => Ok(Lister::GitLab(
                src,
                target.project.clone(),
                target.server.gitlab_deployments(PER_PAGE)?,
            )),
            Forge::GitHub => {
                let (owner, repo) = target
                    .owner_repo()
                    .ok_or_else(|| vec![ValidationError::new("project", t::BAD_REPO)])?;
                Ok(Lister::GitHub(
                    src,
                    owner.to_owned(),
                    repo.to_owned(),
                    target.server.github_deployments(PER_PAGE),
                ))
            }
        }
    }

    fn at(&self, page: u64) -> shipboard_core::request::HttpRequest {
        let page = Some(u32::try_from(page).unwrap_or(u32::MAX));
        match self {
            Lister::GitLab(src, project, params) => {
                let params = gitlab::DeploymentListParams {
                    page,
                    ..params.clone()
                };
                gitlab::list_deployments(src, project, &params)
            }
            Lister::GitHub(src, owner, repo, params) => {
                let params = github::DeploymentListParams {
                    page,
                    ..params.clone()
                };
                github::list_deployments(src, owner, repo, &params)
            }
        }
    }
}

/// A page of either forge's deployments, as rows (GitHub's without their status yet).
enum Listed {
    GitLab(Vec<gl_model::Deployment>),
    GitHub(Vec<gh_model::Deployment>),
}

impl Listed {
    fn rows(&self, project: &str) -> Vec<DeploymentRow> {
        match self {
            Listed::GitLab(items) => items
                .iter()
                .map(|d| DeploymentRow::from_gitlab(project, d))
                .collect(),
            Listed::GitHub(items) => items
                .iter()
                .map(|d| DeploymentRow::from_github(project, d, None).status_unknown())
                .collect(),
        }
    }
}

/// Loads the page the target names, replacing the rows.
async fn load_first(data: Data, target: Target, ticket: Ticket) {
    let req = match Lister::new(&target) {
        Ok(l) => l.at(u64::from(target.server.page)),
        Err(errors) => {
            ticket.set(data.invalid, errors);
            ticket.set(data.loading, false);
            return;
        }
    };
    let answer = match target.source.kind {
        Forge::GitLab => api::get::<Vec<gl_model::Deployment>>(&req, &ticket, Some(data.notice))
            .await
            .map(|(items, p)| (Listed::GitLab(items), p)),
        Forge::GitHub => api::get::<Vec<gh_model::Deployment>>(&req, &ticket, Some(data.notice))
            .await
            .map(|(items, p)| (Listed::GitHub(items), p)),
    };
    match answer {
        Ok((listed, pagination)) => {
            ticket.set(data.rows, listed.rows(&target.project));
            ticket.set(data.pagination, Some(pagination));
            ticket.set(data.loading, false);
            if let Listed::GitHub(items) = listed {
                latest_statuses(data, &target, items, &ticket).await;
            }
        }
        Err(e) => data.fail(&ticket, e),
    }
}

/// Fetches the latest status of each GitHub deployment (a few at a time) and updates its row.
/// Stops at the first rate-limit answer: rows whose status is not known read "unknown".
async fn latest_statuses(
    data: Data,
    target: &Target,
    deployments: Vec<gh_model::Deployment>,
    ticket: &Ticket,
) {
    let Some((owner, repo)) = target.owner_repo() else {
        return;
    };
    let src = source_of(&target.source);
    let page = PageParams {
        page: Some(1),
        per_page: Some(1),
    };
    let limited = std::cell::Cell::new(false);
    let mut answers = stream::iter(deployments.into_iter().map(|d| {
        let req = github::list_deployment_statuses(&src, owner, repo, d.id, &page);
        let limited = &limited;
        async move {
            if limited.get() || !ticket.live() {
                return (d, None);
            }
            let answer = api::send(&req, ticket.abort_signal())
                .await
                .and_then(|raw| {
                    response::parse::<Vec<gh_model::DeploymentStatus>>(
                        raw.status,
                        &raw.headers,
                        &raw.body,
                        api::now(),
                    )
                });
            (d, Some(answer))
        }
    }))
    .buffer_unordered(STATUS_CONCURRENCY);
    while let Some((d, answer)) = answers.next().await {
        if !ticket.live() {
            return;
        }
        let statuses = match answer {
            Some(Ok(statuses)) => statuses,
            Some(Err(e)) => {
                if e.kind == ErrorKind::RateLimited {
                    limited.set(true);
                }
                ticket.set(data.statuses_missing, true);
                continue;
            }
            None => {
                ticket.set(data.statuses_missing, true);
                continue;
            }
        };
        let row = DeploymentRow::from_github(&target.project, &d, statuses.first());
        ticket.update(data.rows, |rows| {
            if let Some(slot) = rows.iter_mut().find(|r| r.id == d.id) {
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
    fn add(&mut self, data: Data, ticket: &Ticket, rows: impl Iterator<Item = DeploymentRow>) {
        self.pending.extend(rows);
        if js_sys::Date::now() - self.last_flush >= FLUSH_EVERY_MS {
            self.flush(data, ticket);
        }
    }

    fn flush(&mut self, data: Data, ticket: &Ticket) {
        self.last_flush = js_sys::Date::now();
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        ticket.update(data.rows, |rows| rows.extend(pending));
    }
}

/// One forge's "load all": walks the pages (de-duplicating by `id`), hands each page's new rows
/// (made by `row`) to the batch, reports progress, and gives the raw items to `keep`.
#[allow(clippy::too_many_arguments)]
async fn walk_rows<D: serde::de::DeserializeOwned>(
    walk: &RefCell<PageWalk>,
    seen: &mut SeenIds,
    lister: &Lister,
    job: &Ticket,
    data: Data,
    ticket: &Ticket,
    batch: &mut Batch,
    id: impl Fn(&D) -> u64,
    row: impl Fn(&D) -> DeploymentRow,
    mut keep: impl FnMut(Vec<D>),
) -> Result<(), ApiError> {
    load::walk::<Vec<D>, _>(
        walk,
        seen,
        |page| lister.at(page),
        |items| items,
        id,
        job,
        Some(data.notice),
        |items, progress| {
            batch.add(data, ticket, items.iter().map(&row));
            keep(items);
            ticket.set(data.progress, Some(progress));
        },
    )
    .await
}

/// Loads every remaining page from `walk`, a few at a time, appending only rows not shown yet
/// (offset pages shift while CI deploys). `ticket` is the page's generation, `job` this load's
/// own (cancellable) ticket. Ends with the resume point set when it did not reach the end.
async fn load_rest(
    data: Data,
    target: Target,
    walk: PageWalk,
    mut seen: SeenIds,
    ticket: Ticket,
    job: Ticket,
) {
    let walk = RefCell::new(walk);
    ticket.set(data.progress, Some(Progress::of(&walk.borrow())));
    // Checked when the first page loaded.
    let Ok(lister) = Lister::new(&target) else {
        ticket.set(data.progress, None);
        return;
    };
    let mut batch = Batch::default();
    let mut github = Vec::new();
    let project = target.project.clone();
    let result = match target.source.kind {
        Forge::GitLab => {
            walk_rows(
                &walk,
                &mut seen,
                &lister,
                &job,
                data,
                &ticket,
                &mut batch,
                |d: &gl_model::Deployment| d.id,
                |d| DeploymentRow::from_gitlab(&project, d),
                |_| {},
            )
            .await
        }
        Forge::GitHub => {
            walk_rows(
                &walk,
                &mut seen,
                &lister,
                &job,
                data,
                &ticket,
                &mut batch,
                |d: &gh_model::Deployment| d.id,
                |d| DeploymentRow::from_github(&project, d, None).status_unknown(),
                |items| github.extend(items),
            )
            .await
        }
    };
    // Whatever arrived is kept, also after a cancel or an error.
    batch.flush(data, &ticket);
    ticket.set(data.progress, None);
    ticket.set(data.notice, None);
    let walk = walk.into_inner();
    match walk.end() {
        Some(End::Complete) => {
            ticket.set(data.resume, None);
            ticket.update(data.pagination, |p| {
                if let Some(p) = p {
                    p.next_page = None;
                }
            });
        }
        Some(other) => {
            ticket.set(data.stopped, Some(other));
            ticket.set(data.resume, None);
        }
        None => ticket.set(data.resume, Some(walk.first_missing())),
    }
    if let Err(e) = result {
        if job.live() {
            ticket.fail(data.error, e);
        }
    }
    if !github.is_empty() {
        latest_statuses(data, &target, github, &ticket).await;
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
        let ticket = data.loader.with_value(Loader::next);
        data.job.set_value(None);
        data.rows.set(Vec::new());
        data.pagination.set(None);
        data.error.set(None);
        data.invalid.set(Vec::new());
        data.progress.set(None);
        data.notice.set(None);
        data.resume.set(None);
        data.stopped.set(None);
        data.statuses_missing.set(false);
        data.loading.set(true);
        data.loader
            .with_value(|l| l.spawn(&ticket, load_first(data, target, ticket.clone())));
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
    // One "load all" at a time; it resumes from the first missing page after an error or a
    // cancel, and never appends a row already shown.
    let start_load_all = move |_| {
        if data.progress.get_untracked().is_some() {
            return;
        }
        let Some(target) = target.get_untracked() else {
            return;
        };
        let Some(first) = data.pagination.get_untracked() else {
            return;
        };
        let per_page = first
            .per_page
            .unwrap_or(u64::from(target.server.per_page.unwrap_or(PER_PAGE)));
        let walk = match data.resume.get_untracked() {
            Some(page) => PageWalk::from_page(page, first.total_pages, per_page),
            None => PageWalk::after(&first, per_page),
        };
        let seen = data
            .rows
            .with_untracked(|rows| SeenIds::with(rows.iter().map(|r| r.id)));
        let ticket = data.loader.with_value(Loader::current);
        let job = ticket.child();
        data.job.set_value(Some(job.clone()));
        data.error.set(None);
        data.stopped.set(None);
        data.progress.set(Some(Progress::of(&walk)));
        data.loader.with_value(|l| {
            l.spawn(
                &ticket,
                load_rest(data, target, walk, seen, ticket.clone(), job),
            )
        });
    };
    let cancel_load = move |_| {
        if let Some(job) = data.job.get_value() {
            job.cancel();
        }
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
                                let (value, max) = (p.done as f64, p.total.unwrap_or(p.done.saturating_add(1)) as f64);
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
                                let label = match data.resume.get() {
                                    Some(page) => t::resume_from(page),
                                    None => t::LOAD_ALL.to_owned(),
                                };
                                view! {
                                    <button type="button" data-testid="load-all" on:click=start_load_all>
                                        {label}
                                    </button>
                                }
                                    .into_any()
                            }
                            None => ().into_any(),
                        }
                    }}
                </div>
                {move || data.notice.get().map(|n| view! {
                    <p class="notice" role="status" data-testid="retry-notice">{n}</p>
                })}
                {move || data.stopped.get().map(|end| view! {
                    <p class="notice" role="status" data-testid="load-stopped">{t::stopped(end)}</p>
                })}
                {move || data.statuses_missing.get().then(|| view! {
                    <p class="hint" data-testid="statuses-missing">{t::STATUSES_MISSING}</p>
                })}
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
        next.page = page.clamp(1, MAX_PAGE);
        url::push(state.route, next);
    };
    let page = move || state.route.with(|r| r.page);
    let has_next = move || {
        data.pagination
            .with(|p| p.as_ref().is_some_and(|p| p.next_page.is_some()))
    };
    view! {
        <nav class="pager" aria-label=t::PAGES>
            <button type="button" data-testid="prev-page" disabled=move || page() <= 1 on:click=move |_| go(page().saturating_sub(1))>
                {t::PREV}
            </button>
            <span data-testid="page-of">
                {move || {
                    let total = data.pagination.with(|p| p.as_ref().and_then(|p| p.total_pages));
                    text::page_of(page(), total)
                }}
            </span>
            <button type="button" data-testid="next-page" disabled=move || !has_next() on:click=move |_| go(page().saturating_add(1).min(MAX_PAGE))>
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

/// The parts of a route a filter form edits: source, project and the filters but the column sort.
pub fn applied_filters(route: &Route) -> (Option<String>, Option<String>, Vec<(String, String)>) {
    let filters = route
        .filters
        .iter()
        .filter(|(n, _)| n != "col" && n != "dir")
        .cloned()
        .collect();
    (route.source.clone(), route.project.clone(), filters)
}

/// Server-side filters with the forges' own names; checked by `shipboard-core` before sending.
#[component]
fn Filters(kind: Forge, invalid: RwSignal<Vec<ValidationError>>) -> impl IntoView {
    let state = use_state();
    // The form's own copy, so typing never loses input and nothing is sent until Apply.
    let draft = RwSignal::new(state.route.get_untracked());
    // Only a change of the applied filters (Apply, Clear, Back) replaces the draft: typing a
    // search or sorting a column never erases filters typed but not applied yet.
    let applied = Memo::new(move |_| state.route.with(applied_filters));
    Effect::new(move |_| {
        applied.track();
        draft.set(state.route.get_untracked());
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
