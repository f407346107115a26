//! "Load all": fetches the remaining pages of a list a few at a time, in page order, with
//! progress reports and cancellation. Works without totals (GitLab over 10,000 records) by
//! fetching windows of pages until one comes back short.

use std::cell::Cell;
use std::rc::Rc;

use futures::stream::{self, StreamExt};
use serde::de::DeserializeOwned;
use shipboard_core::request::HttpRequest;
use shipboard_core::response::{ApiError, Pagination};

/// How many requests run at once: enough to hide latency, no more than a browser opens per host.
pub const CONCURRENCY: usize = 6;

/// A shared cancel switch: set it and no further page is requested.
#[derive(Clone, Default)]
pub struct Cancel(Rc<Cell<bool>>);

impl Cancel {
    /// Asks the running load to stop.
    pub fn cancel(&self) {
        self.0.set(true);
    }
    /// Whether cancel was asked.
    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// Progress: pages done and the total when known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Pages received so far (including the first).
    pub done: u64,
    /// Total pages, when the server said.
    pub total: Option<u64>,
}

/// Fetches pages `first.page + 1 ..` of a list whose first page is already loaded.
///
/// `request(page)` builds the request for a page; `on_page(items, progress)` receives each page
/// in page order as soon as it and all earlier pages have arrived. Stops early on cancel.
pub async fn rest<T, R, P>(
    first: &Pagination,
    per_page: u64,
    request: R,
    mut on_page: P,
    cancel: Cancel,
) -> Result<(), ApiError>
where
    T: DeserializeOwned,
    R: Fn(u64) -> HttpRequest,
    P: FnMut(Vec<T>, Progress),
{
    let Some(mut next) = first.next_page else {
        return Ok(());
    };
    let total = first.total_pages;
    let mut done = first.page.unwrap_or(1);
    loop {
        if cancel.is_cancelled() {
            return Ok(());
        }
        // A window of pages: all the rest when the total is known, else CONCURRENCY at a time.
        let last = match total {
            Some(t) => t,
            None => next + CONCURRENCY as u64 - 1,
        };
        let pages: Vec<u64> = (next..=last).collect();
        let mut results = stream::iter(pages.into_iter().map(|page| {
            let req = request(page);
            let cancel = cancel.clone();
            async move {
                if cancel.is_cancelled() {
                    return None;
                }
                Some(super::fetch::<Vec<T>>(&req).await)
            }
        }))
        .buffered(CONCURRENCY);
        let mut short = false;
        while let Some(result) = results.next().await {
            let Some(result) = result else {
                return Ok(());
            };
            let (items, _) = result?;
            done += 1;
            if (items.len() as u64) < per_page {
                short = true;
            }
            let empty = items.is_empty();
            if !empty {
                on_page(items, Progress { done, total });
            }
            if short && total.is_none() {
                return Ok(());
            }
        }
        if total.is_some() || short {
            return Ok(());
        }
        next = last + 1;
    }
}
