//! Offset pagination as GitLab (X-* headers and Link, no totals past 10,000 records) and GitHub (Link only) send it.

use axum::http::{HeaderName, HeaderValue};
use axum::response::Response;
use serde_json::json;

use crate::req::{json, Params, Req};

/// GitLab stops counting past this many records.
pub const GITLAB_COUNT_LIMIT: usize = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub page: usize,
    pub per_page: usize,
}

impl Page {
    /// The index range of this page's records.
    pub fn range(&self) -> std::ops::Range<usize> {
        let lo = (self.page - 1).saturating_mul(self.per_page);
        lo..lo.saturating_add(self.per_page)
    }
    pub fn total_pages(&self, total: usize) -> usize {
        total.div_ceil(self.per_page).max(1)
    }
}

fn int_param(params: &Params, key: &str) -> Result<Option<i64>, String> {
    match params.str(key) {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{key} is invalid")),
    }
}

/// GitLab's `page` (default 1) and `per_page` (default 20, clamped to 100).
pub fn gitlab_page(params: &Params) -> Result<Page, Response> {
    let bad = |m: String| json(axum::http::StatusCode::BAD_REQUEST, json!({ "error": m }));
    let page = int_param(params, "page").map_err(bad)?.unwrap_or(1).max(1) as usize;
    let per_page = match int_param(params, "per_page").map_err(bad)? {
        None => 20,
        Some(n) if n < 1 => 20,
        Some(n) => n.min(100) as usize,
    };
    Ok(Page { page, per_page })
}

/// GitHub's `page` (default 1) and `per_page` (default 30, max 100); junk falls back to the defaults.
pub fn github_page(params: &Params) -> Page {
    let page = params
        .str("page")
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1) as usize;
    let per_page = params
        .str("per_page")
        .and_then(|s| s.parse::<i64>().ok())
        .map(|n| if n < 1 { 30 } else { n.min(100) as usize })
        .unwrap_or(30);
    Page { page, per_page }
}

/// The request URL with `page` and `per_page` set (other params kept, sorted like Rails' `to_query`).
fn page_url(req: &Req, page: usize, per_page: usize) -> String {
    let mut q: Vec<(String, String)> = req
        .query
        .iter()
        .filter(|(k, _)| k != "page" && k != "per_page")
        .cloned()
        .collect();
    q.push(("page".into(), page.to_string()));
    q.push(("per_page".into(), per_page.to_string()));
    q.sort();
    let qs = serde_urlencoded::to_string(&q).unwrap_or_default();
    format!("http://{}{}?{}", req.host, req.raw_path, qs)
}

fn set(resp: &mut Response, name: &'static str, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        resp.headers_mut().insert(HeaderName::from_static(name), v);
    }
}

/// Adds GitLab's pagination headers for `total` records.
pub fn gitlab_headers(resp: &mut Response, req: &Req, p: Page, total: usize) {
    let counted = total <= GITLAB_COUNT_LIMIT;
    let pages = p.total_pages(total);
    let has_next = p.range().end < total;
    let has_prev = p.page > 1;
    set(resp, "x-page", p.page.to_string());
    set(resp, "x-per-page", p.per_page.to_string());
    set(
        resp,
        "x-next-page",
        if has_next {
            (p.page + 1).to_string()
        } else {
            String::new()
        },
    );
    set(
        resp,
        "x-prev-page",
        if has_prev {
            (p.page - 1).to_string()
        } else {
            String::new()
        },
    );
    if counted {
        set(resp, "x-total", total.to_string());
        set(resp, "x-total-pages", pages.to_string());
    }
    let mut links = vec![];
    if has_prev {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            page_url(req, p.page - 1, p.per_page)
        ));
    }
    if has_next {
        links.push(format!(
            "<{}>; rel=\"next\"",
            page_url(req, p.page + 1, p.per_page)
        ));
    }
    links.push(format!("<{}>; rel=\"first\"", page_url(req, 1, p.per_page)));
    if counted {
        links.push(format!(
            "<{}>; rel=\"last\"",
            page_url(req, pages, p.per_page)
        ));
    }
    set(resp, "link", links.join(", "));
}

/// Adds GitHub's `Link` header (only when there is more than one page).
pub fn github_headers(resp: &mut Response, req: &Req, p: Page, total: usize) {
    let pages = p.total_pages(total);
    if pages <= 1 && p.page <= 1 {
        return;
    }
    let url = |n: usize| {
        let mut q: Vec<(String, String)> = req
            .query
            .iter()
            .filter(|(k, _)| k != "page")
            .cloned()
            .collect();
        q.push(("page".into(), n.to_string()));
        format!(
            "http://{}{}?{}",
            req.host,
            req.raw_path,
            serde_urlencoded::to_string(&q).unwrap_or_default()
        )
    };
    let mut links = vec![];
    if p.page > 1 {
        links.push(format!("<{}>; rel=\"prev\"", url(p.page - 1)));
    }
    if p.page < pages {
        links.push(format!("<{}>; rel=\"next\"", url(p.page + 1)));
        links.push(format!("<{}>; rel=\"last\"", url(pages)));
    }
    if p.page > 1 {
        links.push(format!("<{}>; rel=\"first\"", url(1)));
    }
    set(resp, "link", links.join(", "));
}
