//! The deployments page's loading: the first page the route names (GitHub rows then get their
//! latest status as they come into view, a few at a time), and "load all" (every remaining
//! page, a few at a time, de-duplicated, resumable). Background work writes the page's
//! signals only through its [`Ticket`].

use std::cell::RefCell;
use std::collections::HashSet;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::intern::Interner;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::paging::{End, PageWalk, SeenIds};
use shipboard_core::query::Rows;
use shipboard_core::request::{github, gitlab, PageParams, Source};
use shipboard_core::response::{self, ApiError, ErrorKind, Pagination};
use shipboard_core::route::Target;
use shipboard_core::validate::ValidationError;

use crate::api::load::{self, Progress};
use crate::api::{self, source_of};
use crate::api::{Loader, Ticket};
use crate::live::Changed;
use crate::text::deployments as t;

use super::PER_PAGE;

/// Latest-status requests in flight at once for GitHub rows.
const STATUS_CONCURRENCY: usize = 6;

/// Everything the page shows about the loaded data. Only signals: background work writes them
/// through its [`Ticket`], never after the page is gone or a newer load started.
#[derive(Clone, Copy)]
pub(super) struct Data {
    /// The loaded rows and their search index, grown page by page.
    pub(super) rows: RwSignal<Rows>,
    /// The strings the rows share (one copy of each environment, ref, author...), for as long
    /// as the row set lives.
    pub(super) names: StoredValue<Interner, LocalStorage>,
    pub(super) pagination: RwSignal<Option<Pagination>>,
    pub(super) loading: RwSignal<bool>,
    pub(super) error: RwSignal<Option<ApiError>>,
    pub(super) invalid: RwSignal<Vec<ValidationError>>,
    pub(super) progress: RwSignal<Option<Progress>>,
    /// "rate limited, retrying in 12 s" while a request waits to be retried.
    pub(super) notice: RwSignal<Option<String>>,
    /// Where "load all" resumes (the first page not loaded) after an error or a cancel.
    pub(super) resume: RwSignal<Option<u64>>,
    /// Why the last "load all" stopped before the end (page cap, repeating server).
    pub(super) stopped: RwSignal<Option<End>>,
    /// GitHub rows whose status could not be loaded (rate limit): shown as "unknown".
    pub(super) statuses_missing: RwSignal<bool>,
    /// The GitHub deployments (ids) whose latest status was not asked for yet: read when their
    /// row comes into view ([`read_statuses`]), so a page costs 1 + the rows in view.
    pub(super) unread: StoredValue<HashSet<u64>, LocalStorage>,
    pub(super) loader: StoredValue<Loader, LocalStorage>,
    /// The running "load all", to cancel it.
    pub(super) job: StoredValue<Option<Ticket>, LocalStorage>,
    /// The running live refresh, cancelled by the next one or by "load all".
    pub(super) quiet: StoredValue<Option<Ticket>, LocalStorage>,
}

impl Data {
    pub(super) fn new() -> Data {
        Data {
            rows: RwSignal::new(Rows::new()),
            names: StoredValue::new_local(Interner::new()),
            pagination: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            invalid: RwSignal::new(Vec::new()),
            progress: RwSignal::new(None),
            notice: RwSignal::new(None),
            resume: RwSignal::new(None),
            stopped: RwSignal::new(None),
            statuses_missing: RwSignal::new(false),
            unread: StoredValue::new_local(HashSet::new()),
            loader: StoredValue::new_local(Loader::new()),
            job: StoredValue::new_local(None),
            quiet: StoredValue::new_local(None),
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
                    .ok_or_else(|| vec![ValidationError::new("project", t::BAD_REPO())])?;
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
    /// The rows, their repeated strings shared through the page's interner.
    fn rows(&self, data: Data, project: &str) -> Vec<DeploymentRow> {
        let rows = data.names.try_update_value(|names| match self {
            Listed::GitLab(items) => items
                .iter()
                .map(|d| DeploymentRow::from_gitlab_in(names, project, d))
                .collect(),
            Listed::GitHub(items) => items
                .iter()
                .map(|d| github_row(names, project, d))
                .collect(),
        });
        rows.unwrap_or_default()
    }

    /// GitHub deployments' ids (their statuses are read later).
    fn github_ids(&self) -> HashSet<u64> {
        match self {
            Listed::GitLab(_) => HashSet::new(),
            Listed::GitHub(items) => items.iter().map(|d| d.id).collect(),
        }
    }
}

/// A GitHub deployment's row before its status is read ("unknown").
fn github_row(names: &mut Interner, project: &str, d: &gh_model::Deployment) -> DeploymentRow {
    DeploymentRow::from_github_in(names, project, d, None).status_unknown()
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
            // GitHub statuses are read as rows come into view: the table reports them
            // once it shows these rows (`read_statuses`).
            let rows = listed.rows(data, &target.project);
            if ticket.live() {
                data.unread.set_value(listed.github_ids());
            }
            ticket.set(data.rows, Rows::from_vec(rows));
            ticket.set(data.pagination, Some(pagination));
            ticket.set(data.loading, false);
        }
        Err(e) => data.fail(&ticket, e),
    }
}

/// Reads the latest status of the page's GitHub deployments among `ids` (the rows in view)
/// that were not asked for yet; with `all`, of every one (sorting by status needs them all).
pub(super) fn read_statuses(data: Data, target: Target, ids: &[u64], all: bool) {
    let wanted = data.unread.try_update_value(|unread| {
        if all {
            return std::mem::take(unread).into_iter().collect();
        }
        ids.iter()
            .filter(|id| unread.remove(id))
            .copied()
            .collect::<Vec<u64>>()
    });
    let Some(wanted) = wanted.filter(|w| !w.is_empty()) else {
        return;
    };
    let ticket = data.loader.with_value(Loader::current);
    let work = ticket.clone();
    data.loader.with_value(|l| {
        l.spawn(&ticket, async move {
            latest_statuses(data, &target, wanted, &work).await;
        })
    });
}

/// One GitHub deployment's newest status (`req` asks for one), sent once: a rate-limit answer
/// is not retried here, so the rows' statuses stop at the first one (they read "unknown").
async fn latest_status(
    req: &shipboard_core::request::HttpRequest,
    ticket: &Ticket,
) -> Result<Vec<gh_model::DeploymentStatus>, ApiError> {
    let raw = api::send(req, ticket.abort_signal()).await?;
    response::parse(raw.status, &raw.headers, &raw.body, api::now())
}

/// Fetches the latest status of each GitHub deployment (`ids`, a few at a time) and updates
/// its row in place. Stops at the first rate-limit answer: rows whose status is not known read
/// "unknown".
async fn latest_statuses(data: Data, target: &Target, ids: Vec<u64>, ticket: &Ticket) {
    let Some((owner, repo)) = target.owner_repo() else {
        return;
    };
    let src = source_of(&target.source);
    let page = PageParams {
        page: Some(1),
        per_page: Some(1),
    };
    let limited = std::cell::Cell::new(false);
    let mut answers = stream::iter(ids.into_iter().map(|id| {
        let req = github::list_deployment_statuses(&src, owner, repo, id, &page);
        let limited = &limited;
        async move {
            if limited.get() || !ticket.live() {
                return (id, None);
            }
            let answer = latest_status(&req, ticket).await;
            (id, Some(answer))
        }
    }))
    .buffer_unordered(STATUS_CONCURRENCY);
    while let Some((id, answer)) = answers.next().await {
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
        let status = statuses.first();
        ticket.update(data.rows, |rows| {
            if let Some(i) = rows.position(id) {
                data.names.update_value(|names| {
                    rows.update(i, |row| row.set_github_status(names, status));
                });
            }
        });
    }
}

/// How often, at most, rows arriving from "load all" are handed to the table: each hand-over
/// re-runs the query over every loaded row, so one per page would cost O(pages × rows).
const FLUSH_EVERY_MS: f64 = 250.0;

/// Rows received but not yet shown: appended to the row set as they arrive, without telling
/// anyone (no second copy of a batch waits beside the set), and shown at most every
/// [`FLUSH_EVERY_MS`].
#[derive(Default)]
struct Batch {
    unshown: bool,
    last_flush: f64,
}

impl Batch {
    fn add(&mut self, data: Data, ticket: &Ticket, rows: Vec<DeploymentRow>) {
        if rows.is_empty() || !ticket.live() {
            return;
        }
        data.rows.try_update_untracked(|set| set.extend(rows));
        self.unshown = true;
        if js_sys::Date::now() - self.last_flush >= FLUSH_EVERY_MS {
            self.flush(data, ticket);
        }
    }

    fn flush(&mut self, data: Data, ticket: &Ticket) {
        self.last_flush = js_sys::Date::now();
        if std::mem::take(&mut self.unshown) && ticket.live() {
            data.rows.notify();
        }
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
    row: impl Fn(&mut Interner, &D) -> DeploymentRow,
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
            let rows = data
                .names
                .try_update_value(|names| items.iter().map(|d| row(names, d)).collect::<Vec<_>>())
                .unwrap_or_default();
            batch.add(data, ticket, rows);
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
                |names, d| DeploymentRow::from_gitlab_in(names, &project, d),
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
                |names, d| github_row(names, &project, d),
                |items| github.extend(items.iter().map(|d| d.id)),
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
    // Their statuses are read as they come into view, like the first page's.
    if ticket.live() && !github.is_empty() {
        data.unread.update_value(|unread| unread.extend(github));
    }
}

/// Starts loading `target`'s page afresh: the previous load (and its "load all") is abandoned
/// and every shown row, error and notice is cleared.
pub(super) fn reload(data: Data, target: Target) {
    let ticket = data.loader.with_value(Loader::next);
    data.job.set_value(None);
    data.rows.set(Rows::new());
    data.names.set_value(Interner::new());
    data.pagination.set(None);
    data.error.set(None);
    data.invalid.set(Vec::new());
    data.progress.set(None);
    data.notice.set(None);
    data.resume.set(None);
    data.stopped.set(None);
    data.statuses_missing.set(false);
    data.unread.set_value(HashSet::new());
    data.loading.set(true);
    // Sent before this returns: the page's first render runs while the request is out.
    let loader = data.loader.with_value(Loader::clone);
    loader.start(&ticket, load_first(data, target, ticket.clone()));
}

/// Starts "load all" for `target`, unless one runs: from the first missing page after an error
/// or a cancel, else after the first page; a row already shown is never appended again.
pub(super) fn load_all(data: Data, target: Target) {
    if data.progress.get_untracked().is_some() {
        return;
    }
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
    // A live refresh that began before would merge as if only one page were shown.
    if let Some(quiet) = data.quiet.get_value() {
        quiet.cancel();
    }
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
}

/// Cancels the running "load all", keeping what arrived.
pub(super) fn cancel_load_all(data: Data) {
    if let Some(job) = data.job.get_value() {
        job.cancel();
    }
}

/// A live refresh: re-reads the page the route names (GitHub rows with their latest status, all
/// before anything changes on screen) and merges it into the rows by id
/// (`shipboard_core::live::merge_by_id`): with one page shown it becomes that page; after "load
/// all" its rows are replaced in place and new ones inserted at their place, the rest kept.
/// Nothing is cleared and no "loading" is shown; rows new or changed are marked in `changed`.
/// Skipped while the page loads, while "load all" runs, and while an error or a refused filter
/// is shown; an error of the refresh itself keeps what is shown.
pub(super) fn refresh_quietly(data: Data, target: Target, changed: Changed<u64>) {
    let busy = data.loading.get_untracked()
        || data.progress.with_untracked(Option::is_some)
        || data.error.with_untracked(Option::is_some)
        || !data.invalid.with_untracked(Vec::is_empty)
        || data.pagination.with_untracked(Option::is_none);
    if busy {
        return;
    }
    // One page shown (no "load all" in this generation): the re-read page is everything.
    let whole = data.job.with_value(Option::is_none);
    let ticket = data.loader.with_value(Loader::current).child();
    if let Some(previous) = data.quiet.get_value() {
        previous.cancel();
    }
    data.quiet.set_value(Some(ticket.clone()));
    data.loader
        .with_value(|l| l.spawn(&ticket, quiet(data, target, whole, ticket.clone(), changed)));
}

async fn quiet(data: Data, target: Target, whole: bool, ticket: Ticket, changed: Changed<u64>) {
    let Ok(lister) = Lister::new(&target) else {
        return;
    };
    let req = lister.at(u64::from(target.server.page));
    let answer = match target.source.kind {
        Forge::GitLab => api::get::<Vec<gl_model::Deployment>>(&req, &ticket, None)
            .await
            .map(|(items, p)| (Listed::GitLab(items).rows(data, &target.project), p)),
        Forge::GitHub => match api::get::<Vec<gh_model::Deployment>>(&req, &ticket, None).await {
            Ok((items, p)) => Ok((with_statuses(data, &target, items, &ticket).await, p)),
            Err(e) => Err(e),
        },
    };
    let Ok((rows, pagination)) = answer else {
        return;
    };
    if !ticket.live() {
        return;
    }
    if target.source.kind == Forge::GitHub {
        // The re-read rows came with their status.
        data.unread.update_value(|unread| {
            for row in &rows {
                unread.remove(&row.id);
            }
        });
    }
    // Known rows that changed are updated in place (the common tick: a running deployment
    // finished); a new row, or one page shown, merges by rebuilding the set.
    let plan = ticket.read(data.rows, |old| {
        if whole {
            return None;
        }
        old.changes(&rows)
    });
    match plan.flatten() {
        Some(edits) if edits.is_empty() => {}
        Some(edits) => {
            let ids: Vec<u64> = edits.iter().map(|&(_, k)| rows[k].id).collect();
            let mut fresh: Vec<Option<DeploymentRow>> = rows.into_iter().map(Some).collect();
            ticket.update(data.rows, |set| {
                for (at, k) in edits {
                    if let Some(row) = fresh[k].take() {
                        set.update(at, |slot| *slot = row);
                    }
                }
            });
            changed.mark(ids);
        }
        None => {
            let merged = ticket.read(data.rows, |old| {
                let old = old.to_vec();
                let (merged, ids) = shipboard_core::live::merge_by_id(&old, rows, |r| r.id, whole);
                (merged != old).then_some((merged, ids))
            });
            if let Some(Some((merged, ids))) = merged {
                ticket.update(data.rows, |set| set.replace_all(merged));
                changed.mark(ids);
            }
        }
    }
    if whole {
        if data
            .pagination
            .with_untracked(|p| p.as_ref() != Some(&pagination))
        {
            ticket.set(data.pagination, Some(pagination));
        }
    } else if data
        .pagination
        .with_untracked(|p| p.as_ref().is_some_and(|p| p.total != pagination.total))
    {
        ticket.update(data.pagination, |p| {
            if let Some(p) = p {
                p.total = pagination.total;
            }
        });
    }
}

/// GitHub rows for a live refresh, each with its latest status (a few requests at a time); a
/// row whose status cannot be read now keeps the one shown, else reads "unknown".
async fn with_statuses(
    data: Data,
    target: &Target,
    deployments: Vec<gh_model::Deployment>,
    ticket: &Ticket,
) -> Vec<DeploymentRow> {
    let Some((owner, repo)) = target.owner_repo() else {
        return Vec::new();
    };
    let src = source_of(&target.source);
    let page = PageParams {
        page: Some(1),
        per_page: Some(1),
    };
    let mut answers: Vec<(usize, DeploymentRow)> =
        stream::iter(deployments.into_iter().enumerate().map(|(i, d)| {
            let req = github::list_deployment_statuses(&src, owner, repo, d.id, &page);
            async move {
                let answer = latest_status(&req, ticket).await;
                let row = match answer {
                    Ok(statuses) => data
                        .names
                        .try_update_value(|names| {
                            DeploymentRow::from_github_in(
                                names,
                                &target.project,
                                &d,
                                statuses.first(),
                            )
                        })
                        .unwrap_or_else(|| {
                            DeploymentRow::from_github(&target.project, &d, statuses.first())
                        }),
                    Err(_) => ticket
                        .read(data.rows, |rows| {
                            rows.iter().find(|r| r.id == d.id).cloned()
                        })
                        .flatten()
                        .unwrap_or_else(|| {
                            DeploymentRow::from_github(&target.project, &d, None).status_unknown()
                        }),
                };
                (i, row)
            }
        }))
        .buffer_unordered(STATUS_CONCURRENCY)
        .collect()
        .await;
    answers.sort_by_key(|(i, _)| *i);
    answers.into_iter().map(|(_, row)| row).collect()
}
