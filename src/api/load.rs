//! Reading lists page by page: "load all" and every list read in full. Pages are requested
//! lazily (a few in flight, never a precomputed range), delivered in page order, de-duplicated
//! by id, and stopped by the ticket, a short page, the page cap or a server that repeats itself
//! (the bookkeeping is `shipboard_core::paging`).

use std::cell::RefCell;

use futures::stream::{self, StreamExt};
use leptos::prelude::RwSignal;
use serde::de::DeserializeOwned;
use shipboard_core::paging::{End, PageWalk, SeenIds};
use shipboard_core::request::HttpRequest;
use shipboard_core::response::{self, ApiError, Pagination};

use super::{cancelled, get, get_raw, now, Raw, Ticket};

/// How many requests run at once: enough to hide latency, no more than a browser opens per host.
pub const CONCURRENCY: usize = 6;

/// Progress: pages done and the total when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Pages received so far (including the first).
    pub done: u64,
    /// Total pages, when the server said.
    pub total: Option<u64>,
}

impl Progress {
    /// The progress of `walk`.
    pub fn of(walk: &PageWalk) -> Progress {
        let (done, total) = walk.progress();
        Progress { done, total }
    }
}

/// Walks the pages `walk` still has, [`CONCURRENCY`] requests in flight. `items` takes a page's
/// rows out of its payload and `id` names a row; `on_page` receives each page's new rows in page
/// order. On an error the walk's first missing page is where a later call resumes.
#[allow(clippy::too_many_arguments)]
pub async fn walk<P, T>(
    walk: &RefCell<PageWalk>,
    seen: &mut SeenIds,
    request: impl Fn(u64) -> HttpRequest,
    items: impl Fn(P) -> Vec<T>,
    id: impl Fn(&T) -> u64,
    ticket: &Ticket,
    notice: Option<RwSignal<Option<String>>>,
    mut on_page: impl FnMut(Vec<T>, Progress),
) -> Result<(), ApiError>
where
    P: DeserializeOwned,
{
    walk_raw(walk, &request, ticket, notice, &mut |raw, arrive| {
        let payload: P = response::parse(raw.status, &raw.headers, &raw.body, now())?;
        let rows = items(payload);
        let received = rows.len();
        let fresh = seen.fresh(rows, &id);
        let progress = arrive(received, fresh.len());
        on_page(fresh, progress);
        Ok(())
    })
    .await
}

/// Records a page's `(rows received, rows new)` in the walk and returns the progress.
type Arrive<'a> = dyn FnMut(usize, usize) -> Progress + 'a;
/// Parses one page's answer and reports it through [`Arrive`].
type TakePage<'a> = dyn FnMut(&Raw, &mut Arrive<'_>) -> Result<(), ApiError> + 'a;

/// The page loop behind [`walk`], not generic so the wasm holds it once: requests the pages
/// `walk` hands out ([`CONCURRENCY`] in flight, in page order) and gives each answer to `take`,
/// which parses it and reports `(rows received, rows new)` through `arrive`.
async fn walk_raw(
    walk: &RefCell<PageWalk>,
    request: &dyn Fn(u64) -> HttpRequest,
    ticket: &Ticket,
    notice: Option<RwSignal<Option<String>>>,
    take: &mut TakePage<'_>,
) -> Result<(), ApiError> {
    // A list that grows while it is read announces more pages: walk again until it ends.
    while walk.borrow().end().is_none() {
        let mut next = std::iter::from_fn(|| walk.borrow_mut().window(1).pop()).peekable();
        if next.peek().is_none() {
            return Ok(());
        }
        let mut results = stream::iter(next.map(|page| {
            let req = request(page);
            async move { (page, get_raw(&req, ticket, notice).await) }
        }))
        .buffered(CONCURRENCY);
        while let Some((page, result)) = results.next().await {
            if !ticket.live() {
                return Err(cancelled());
            }
            let raw = result?;
            let total = Pagination::from_headers(&raw.headers).pages_bound();
            take(&raw, &mut |received, fresh| {
                let mut w = walk.borrow_mut();
                w.arrived(page, received, fresh, total);
                Progress::of(&w)
            })?;
            if walk.borrow().end().is_some() {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// A list read in full (or up to the page cap).
#[derive(Clone, Debug, PartialEq)]
pub struct Listed<T> {
    /// Every row, once each, in the server's order.
    pub items: Vec<T>,
    /// How the walk ended (`Capped`/`Repeating`: the list is not complete).
    pub end: Option<End>,
    /// The server's total when it gave one.
    pub total: Option<u64>,
}

impl<T> Listed<T> {
    /// Whether every row was read.
    pub fn complete(&self) -> bool {
        matches!(self.end, None | Some(End::Complete))
    }
}

/// Reads every page of a list: page 1, then the rest with [`walk`].
pub async fn all_pages<P, T>(
    request: impl Fn(u64) -> HttpRequest,
    per_page: u64,
    items: impl Fn(P) -> Vec<T>,
    id: impl Fn(&T) -> u64,
    ticket: &Ticket,
    notice: Option<RwSignal<Option<String>>>,
) -> Result<Listed<T>, ApiError>
where
    P: DeserializeOwned,
{
    let (first, pagination) = get::<P>(&request(1), ticket, notice).await?;
    let mut seen = SeenIds::default();
    let first = items(first);
    let short = (first.len() as u64) < per_page;
    let mut out = seen.fresh(first, &id);
    let state = RefCell::new(PageWalk::after(&pagination, per_page));
    if !short {
        walk(
            &state,
            &mut seen,
            request,
            items,
            id,
            ticket,
            notice,
            |rows, _| out.extend(rows),
        )
        .await?;
    }
    Ok(Listed {
        items: out,
        end: state.into_inner().end(),
        total: pagination.total,
    })
}
