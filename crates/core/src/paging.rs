//! Walking the remaining pages of a list ("load all", and every list read in full): lazily, a
//! window at a time, never past a cap, resumable from the first missing page, de-duplicated by
//! id, and stopping when a server keeps answering rows it already sent.
//!
//! Pure bookkeeping: the app's loader asks [`PageWalk::window`] which pages to request next and
//! reports each page, in page order, to [`PageWalk::arrived`]; [`SeenIds`] drops rows already
//! shown (GitLab's offset pages shift while CI deploys, so a row can come back on the next page).

use std::collections::HashSet;

use crate::response::Pagination;

/// At most this many pages are walked, whatever the server's totals say; a larger list is shown
/// as "N of M" with the rest not loaded.
pub use crate::response::pagination::MAX_PAGES;

/// Two full pages in a row with no new row: the server ignores `page` (or loops).
const REPEATS_TO_STOP: u32 = 2;

/// Why a walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The last page arrived (short, empty, or the announced last one).
    Complete,
    /// [`MAX_PAGES`] reached: the rest is not loaded.
    Capped,
    /// Full pages with no new rows kept coming back from this page on: stopped rather than loop.
    Repeating(u64),
}

/// Which pages remain, and what has arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageWalk {
    /// The next page number to hand out.
    next: u64,
    /// The first page that has not arrived yet.
    missing: u64,
    /// The announced last page, if the server said (capped).
    last: Option<u64>,
    /// Whether the server announced more pages than the cap.
    over_cap: bool,
    /// Rows per page, to tell a short (last) page.
    per_page: u64,
    /// Full pages in a row without a new row.
    repeats: u32,
    end: Option<End>,
}

impl PageWalk {
    /// The pages after the one `first` describes.
    pub fn after(first: &Pagination, per_page: u64) -> PageWalk {
        let current = first.page.unwrap_or(1).max(1);
        match first.next_page.filter(|&n| n > current) {
            Some(next) => PageWalk::from_page(next, first.total_pages, per_page),
            None => PageWalk {
                end: Some(End::Complete),
                ..PageWalk::from_page(current.saturating_add(1), first.total_pages, per_page)
            },
        }
    }

    /// A walk starting at page `next` (also: resuming after an error or a cancel).
    pub fn from_page(next: u64, last: Option<u64>, per_page: u64) -> PageWalk {
        let next = next.max(1);
        PageWalk {
            next,
            missing: next,
            last: last.map(|l| l.min(MAX_PAGES)),
            over_cap: last.is_some_and(|l| l > MAX_PAGES),
            per_page: per_page.max(1),
            repeats: 0,
            end: None,
        }
    }

    /// Up to `n` more page numbers to request now; empty when the walk has ended or every
    /// known page has been handed out.
    pub fn window(&mut self, n: usize) -> Vec<u64> {
        let mut out = Vec::new();
        while out.len() < n && self.end.is_none() {
            if self.next > MAX_PAGES {
                if self.missing > MAX_PAGES {
                    self.end = Some(End::Capped);
                }
                break;
            }
            if self.last.is_some_and(|last| self.next > last) {
                break;
            }
            out.push(self.next);
            self.next = self.next.saturating_add(1);
        }
        out
    }

    /// Page `page` arrived with `received` rows, `fresh` of them new, and the total pages its
    /// own headers announce (a list that grew while it was read announces more pages than the
    /// first page did: the walk follows). Pages must be reported in order; a page that is not
    /// the first missing one is ignored.
    pub fn arrived(&mut self, page: u64, received: usize, fresh: usize, total_pages: Option<u64>) {
        if self.end.is_some() || page != self.missing {
            return;
        }
        if let Some(total) = total_pages {
            self.over_cap |= total > MAX_PAGES;
            let total = total.min(MAX_PAGES);
            if self.last.is_some_and(|last| total > last) {
                self.last = Some(total);
            }
        }
        self.missing = self.missing.saturating_add(1);
        let full = received as u64 >= self.per_page;
        if !full {
            self.end = Some(End::Complete);
            return;
        }
        if fresh == 0 {
            self.repeats += 1;
            if self.repeats >= REPEATS_TO_STOP {
                self.end = Some(End::Repeating(
                    page.saturating_add(1)
                        .saturating_sub(u64::from(self.repeats)),
                ));
                return;
            }
        } else {
            self.repeats = 0;
        }
        if page >= MAX_PAGES && (self.over_cap || self.last.is_none()) {
            self.end = Some(End::Capped);
        } else if self.last.is_some_and(|last| page >= last) {
            self.end = Some(End::Complete);
        }
    }

    /// Why the walk ended, once it has.
    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// The first page that has not arrived: where a resumed walk starts.
    pub fn first_missing(&self) -> u64 {
        self.missing
    }

    /// Pages arrived so far counting from page 1, and the last page when known.
    pub fn progress(&self) -> (u64, Option<u64>) {
        (self.missing.saturating_sub(1), self.last)
    }

    /// Rows per page.
    pub fn per_page(&self) -> u64 {
        self.per_page
    }
}

/// The ids already shown; keeps only new rows.
#[derive(Clone, Debug, Default)]
pub struct SeenIds(HashSet<u64>);

impl SeenIds {
    /// Remembers `ids` (the rows already shown).
    pub fn with(ids: impl IntoIterator<Item = u64>) -> SeenIds {
        SeenIds(ids.into_iter().collect())
    }

    /// The rows of `items` whose id has not been seen (also within `items`), remembering them.
    pub fn fresh<T>(&mut self, items: Vec<T>, id: impl Fn(&T) -> u64) -> Vec<T> {
        items.into_iter().filter(|i| self.0.insert(id(i))).collect()
    }

    /// How many distinct ids have been seen.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing has been seen.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(page: u64, next: Option<u64>, total_pages: Option<u64>) -> Pagination {
        Pagination {
            page: Some(page),
            next_page: next,
            total_pages,
            ..Pagination::default()
        }
    }

    #[test]
    fn known_total_is_walked_in_windows_and_completes() {
        let mut w = PageWalk::after(&first(1, Some(2), Some(5)), 10);
        assert_eq!(w.window(3), vec![2, 3, 4]);
        assert_eq!(w.window(3), vec![5]);
        assert_eq!(w.window(3), Vec::<u64>::new());
        for p in 2..=5 {
            w.arrived(p, 10, 10, None);
        }
        assert_eq!(w.end(), Some(End::Complete));
        assert_eq!(w.progress(), (5, Some(5)));
    }

    #[test]
    fn a_lying_total_never_allocates_past_the_window_or_the_cap() {
        let mut w = PageWalk::after(&first(1, Some(2), Some(4_000_000_000)), 100);
        assert_eq!(w.window(6).len(), 6);
        let mut w = PageWalk::from_page(MAX_PAGES - 1, Some(u64::MAX), 100);
        assert_eq!(w.window(6), vec![MAX_PAGES - 1, MAX_PAGES]);
        w.arrived(MAX_PAGES - 1, 100, 100, None);
        w.arrived(MAX_PAGES, 100, 100, None);
        assert_eq!(w.end(), Some(End::Capped));
    }

    #[test]
    fn unknown_total_ends_on_a_short_page() {
        let mut w = PageWalk::after(&first(1, Some(2), None), 10);
        assert_eq!(w.window(2), vec![2, 3]);
        w.arrived(2, 10, 10, None);
        assert_eq!(w.end(), None);
        w.arrived(3, 4, 4, None);
        assert_eq!(w.end(), Some(End::Complete));
        assert!(w.window(2).is_empty());
    }

    #[test]
    fn a_server_that_ignores_page_is_stopped() {
        let mut w = PageWalk::after(&first(1, Some(2), None), 10);
        w.window(6);
        w.arrived(2, 10, 0, None);
        assert_eq!(w.end(), None, "one repeated page can be churn");
        w.arrived(3, 10, 0, None);
        assert_eq!(w.end(), Some(End::Repeating(2)));
    }

    #[test]
    fn resume_starts_at_the_first_missing_page_and_ignores_out_of_order_reports() {
        let mut w = PageWalk::after(&first(1, Some(2), Some(9)), 10);
        w.window(4);
        w.arrived(3, 10, 10, None); // not the first missing: ignored
        w.arrived(2, 10, 10, None);
        assert_eq!(w.first_missing(), 3);
        let mut again = PageWalk::from_page(w.first_missing(), Some(9), 10);
        assert_eq!(again.window(2), vec![3, 4]);
    }

    #[test]
    fn no_next_page_means_complete_and_absurd_headers_do_not_overflow() {
        assert_eq!(
            PageWalk::after(&first(3, None, Some(3)), 10).end(),
            Some(End::Complete)
        );
        let w = PageWalk::after(&first(u64::MAX, Some(u64::MAX), None), 10);
        assert_eq!(w.end(), Some(End::Complete));
        let mut w = PageWalk::after(&first(1, Some(0), None), 0);
        assert!(w.window(3).is_empty());
    }

    #[test]
    fn a_list_that_grows_while_read_is_followed_past_the_first_pages_total() {
        let mut w = PageWalk::after(&first(1, Some(2), Some(3)), 10);
        assert_eq!(w.window(6), vec![2, 3]);
        w.arrived(2, 10, 8, Some(4));
        w.arrived(3, 10, 7, Some(4));
        assert_eq!(w.end(), None, "page 3 is no longer the last");
        assert_eq!(w.window(6), vec![4]);
        w.arrived(4, 10, 10, Some(4));
        assert_eq!(w.end(), Some(End::Complete));
    }

    #[test]
    fn seen_ids_drop_rows_already_shown_and_repeats_within_a_page() {
        let mut seen = SeenIds::with([1, 2]);
        assert_eq!(seen.fresh(vec![2, 3, 3, 4], |&i| i), vec![3, 4]);
        assert_eq!(seen.len(), 4);
    }
}
