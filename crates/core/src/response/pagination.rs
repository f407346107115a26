//! Pagination headers: GitLab's `X-Page`/`X-Total`/… and `Link`, GitHub's `Link` only.
//!
//! GitLab omits `X-Total`, `X-Total-Pages` and `rel="last"` beyond 10,000 records: then only
//! `next_page` is known and the caller follows it. GitHub sends no totals: the last page number
//! comes from the `page` parameter of `rel="last"`.

use super::{header, Headers};

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
        let page_of = |url: &Option<String>| url.as_deref().and_then(|u| query_number(u, "page"));
        p.next_page = p.next_page.or_else(|| page_of(&p.next_url));
        p.prev_page = p.prev_page.or_else(|| page_of(&p.prev_url));
        p.total_pages = p.total_pages.or_else(|| page_of(&p.last_url));
        p.page = p
            .page
            .or_else(|| p.next_page.map(|n| n.saturating_sub(1)))
            .or_else(|| p.prev_page.map(|n| n + 1));
        p.per_page = p.per_page.or_else(|| {
            [&p.next_url, &p.prev_url, &p.first_url, &p.last_url]
                .into_iter()
                .find_map(|u| u.as_deref().and_then(|u| query_number(u, "per_page")))
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
