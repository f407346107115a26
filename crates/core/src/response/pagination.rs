//! Pagination headers: GitLab's `X-Page`/`X-Total`/… and `Link`, GitHub's `Link` only.
//!
//! GitLab omits `X-Total`, `X-Total-Pages` and `rel="last"` beyond 10,000 records: then only
//! `next_page` is known and the caller follows it. GitHub sends no totals: the last page number
//! comes from the `page` parameter of `rel="last"`.
//!
//! Headers are outside input: numbers are read as `u64` (garbage, signs and overflow read as
//! absent) and kept as the server sent them; everything derived from them uses checked
//! arithmetic, and a consumer that sizes anything by the total uses [`Pagination::pages_bound`],
//! capped at [`MAX_PAGES`].

use super::{header, Headers};

/// The most pages any consumer plans for: `X-Total-Pages: 4000000000` must not make a "load all"
/// allocate or schedule four billion pages. 100,000 pages is 10 million rows at the forges'
/// maximum of 100 per page, far past anything a browser table holds. The route bounds `page=` by
/// it too.
pub const MAX_PAGES: u64 = 100_000;

/// What the headers say about the page just received and its neighbours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pagination {
    /// The current page (`X-Page`, else inferred from the neighbours' links).
    pub page: Option<u64>,
    /// Items per page (`X-Per-Page`, else the `per_page` parameter of a link).
    pub per_page: Option<u64>,
    /// Total items (`X-Total`; GitLab only, absent beyond 10,000).
    pub total: Option<u64>,
    /// Total pages (`X-Total-Pages`, else `rel="last"`'s `page`, else the current page when
    /// there is no next page).
    pub total_pages: Option<u64>,
    /// The next page number; `None` on the last page.
    pub next_page: Option<u64>,
    /// The previous page number; `None` on the first page.
    pub prev_page: Option<u64>,
    /// `rel="first"` URL.
    pub first_url: Option<String>,
    /// `rel="prev"` URL.
    pub prev_url: Option<String>,
    /// `rel="next"` URL.
    pub next_url: Option<String>,
    /// `rel="last"` URL.
    pub last_url: Option<String>,
}

impl Pagination {
    /// Reads the pagination headers of either forge.
    pub fn from_headers(headers: &Headers) -> Pagination {
        let number = |name: &str| header(headers, name).and_then(parse_number);
        let mut p = Pagination {
            page: number("x-page"),
            per_page: number("x-per-page"),
            total: number("x-total"),
            total_pages: number("x-total-pages"),
            next_page: number("x-next-page"),
            prev_page: number("x-prev-page"),
            ..Pagination::default()
        };
        for (rel, url) in header(headers, "link").map(parse_link).unwrap_or_default() {
            let slot = match rel.as_str() {
                "first" => &mut p.first_url,
                "prev" | "previous" => &mut p.prev_url,
                "next" => &mut p.next_url,
                "last" => &mut p.last_url,
                _ => continue,
            };
            slot.get_or_insert(url);
        }
        let page_of = |url: &Option<String>| {
            url.as_deref()
                .and_then(|u| query_number(u, "page"))
                .filter(|n| *n >= 1)
        };
        p.next_page = p.next_page.or_else(|| page_of(&p.next_url));
        p.prev_page = p.prev_page.or_else(|| page_of(&p.prev_url));
        p.total_pages = p.total_pages.or_else(|| page_of(&p.last_url));
        p.page = p
            .page
            .or_else(|| {
                p.next_page
                    .and_then(|n| n.checked_sub(1))
                    .filter(|n| *n >= 1)
            })
            .or_else(|| p.prev_page.and_then(|n| n.checked_add(1)));
        p.per_page = p.per_page.or_else(|| {
            [&p.next_url, &p.prev_url, &p.first_url, &p.last_url]
                .into_iter()
                .find_map(|u| {
                    u.as_deref()
                        .and_then(|u| query_number(u, "per_page"))
                        .filter(|n| *n >= 1)
                })
        });
        if p.total_pages.is_none() && p.next_page.is_none() {
            p.total_pages = p.page;
        }
        p
    }

    /// Whether there is a page after this one.
    pub fn has_next(&self) -> bool {
        self.next_page.is_some() || self.next_url.is_some()
    }

    /// The total pages, capped at [`MAX_PAGES`]: what to size a "load all" by. `None` when the
    /// server gave no total (GitLab past 10,000 records, GitHub without `rel="last"`).
    pub fn pages_bound(&self) -> Option<u64> {
        self.total_pages.map(|t| t.min(MAX_PAGES))
    }
}

/// A positive number header; empty (GitLab's "none") or garbage is `None`.
fn parse_number(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

/// The `(rel, url)` pairs of a `Link` header (RFC 8288), one pair per relation type, in order.
///
/// `<https://x/?page=2>; rel="next", <https://x/?page=5>; rel="last"` gives
/// `[("next", "https://x/?page=2"), ("last", "https://x/?page=5")]`. Relation types are
/// lower-cased; a link with `rel="next last"` yields two pairs.
pub fn parse_link(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(len) = rest[start + 1..].find('>') else {
            break;
        };
        let url = rest[start + 1..start + 1 + len].trim().to_owned();
        rest = &rest[start + 1 + len + 1..];
        // The parameters run up to the next link, i.e. the next `<` (quoted values cannot hold one
        // in practice: forges only send rel).
        let params_end = rest.find('<').unwrap_or(rest.len());
        for param in rest[..params_end].split(';') {
            let Some((name, value)) = param.split_once('=') else {
                continue;
            };
            if !name.trim().eq_ignore_ascii_case("rel") {
                continue;
            }
            let value = value.trim().trim_end_matches(',').trim().trim_matches('"');
            for rel in value.split_ascii_whitespace() {
                out.push((rel.to_ascii_lowercase(), url.clone()));
            }
        }
        rest = &rest[params_end..];
    }
    out
}

/// The numeric value of query parameter `name` in `url`, if any.
fn query_number(url: &str, name: &str) -> Option<u64> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .and_then(|(_, v)| parse_number(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn extreme_numbers_do_not_overflow() {
        let p = Pagination::from_headers(&headers(&[("X-Prev-Page", "18446744073709551615")]));
        assert_eq!(p.prev_page, Some(u64::MAX));
        assert_eq!(p.page, None, "u64::MAX + 1 is no page");

        let p = Pagination::from_headers(&headers(&[("X-Next-Page", "0")]));
        assert_eq!(p.next_page, Some(0), "kept as sent");
        assert_eq!(p.page, None, "0 - 1 is no page");

        let p = Pagination::from_headers(&headers(&[("X-Next-Page", "1")]));
        assert_eq!(p.page, None, "page 0 does not exist");

        let p = Pagination::from_headers(&headers(&[
            ("X-Next-Page", "18446744073709551615"),
            ("X-Prev-Page", "18446744073709551615"),
        ]));
        assert_eq!(p.page, Some(u64::MAX - 1));

        for garbage in ["-1", "18446744073709551616", "1e3", "0x10", "", " "] {
            let p = Pagination::from_headers(&headers(&[("X-Total-Pages", garbage)]));
            assert_eq!(p.total_pages, None, "{garbage:?}");
        }
    }

    #[test]
    fn totals_are_kept_but_bounded_for_consumers() {
        let p = Pagination::from_headers(&headers(&[
            ("X-Page", "1"),
            ("X-Next-Page", "2"),
            ("X-Total-Pages", "4000000000"),
        ]));
        assert_eq!(p.total_pages, Some(4_000_000_000));
        assert_eq!(p.pages_bound(), Some(MAX_PAGES));

        let p = Pagination::from_headers(&headers(&[("X-Page", "3"), ("X-Total-Pages", "7")]));
        assert_eq!(p.pages_bound(), Some(7));

        let p = Pagination::from_headers(&headers(&[("X-Page", "3"), ("X-Next-Page", "4")]));
        assert_eq!(
            p.pages_bound(),
            None,
            "no total past GitLab's 10,000 records"
        );

        let link = "<https://x/?page=99999999999>; rel=\"last\"";
        let p = Pagination::from_headers(&headers(&[("Link", link)]));
        assert_eq!(p.total_pages, Some(99_999_999_999));
        assert_eq!(p.pages_bound(), Some(MAX_PAGES));
    }

    #[test]
    fn link_pages_of_zero_are_no_pages() {
        let link =
            "<https://x/?page=0&per_page=0>; rel=\"next\", <https://x/?page=0>; rel=\"last\"";
        let p = Pagination::from_headers(&headers(&[("Link", link)]));
        assert_eq!((p.next_page, p.total_pages, p.per_page), (None, None, None));
        assert!(p.has_next(), "the link itself is still there");
    }
}
