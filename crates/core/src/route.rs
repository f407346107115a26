//! The view state that lives in the page's query string, so links can be shared and Back/Forward
//! work from any static server and sub-path:
//! `?source=demo-gitlab&project=1&view=deployments&status=failed…`.
//!
//! Values are kept as the user (or a link) wrote them; turning them into typed API parameters,
//! with messages for bad values, is `validate`'s job. Unknown parameters are ignored; numbers
//! are bounded when read (`page` to 1..=[`MAX_PAGE`], `per_page` to 1..=[`MAX_PER_PAGE`]), so
//! no later arithmetic on them can overflow.

use percent_encoding::percent_decode_str;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::SourceConfig;
use crate::model::view::Forge;
use crate::query::{Sort, SortDir, SortKey};
use crate::request::{encode, github, gitlab};
use crate::response::pagination::MAX_PAGES;
use crate::validate::ValidationError;

/// The highest `page` a route holds (a larger one reads as this): [`MAX_PAGES`].
pub const MAX_PAGE: u32 = MAX_PAGES as u32;

/// The largest page size both forges accept (larger values are clamped to it).
pub const MAX_PER_PAGE: u32 = 100;

/// Which page of the dashboard is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    /// Every project of every source by environment: what runs where.
    Overview,
    /// The deployments table (the default).
    #[default]
    Deployments,
    /// Environment cards.
    Environments,
    /// Deployments waiting for approval.
    Approvals,
    /// Delivery metrics of one project and environment.
    Insights,
    /// Sources and tokens.
    Settings,
}

impl View {
    /// Every view, in navigation order.
    pub const ALL: [View; 6] = [
        View::Overview,
        View::Deployments,
        View::Environments,
        View::Approvals,
        View::Insights,
        View::Settings,
    ];

    /// The `view=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Deployments => "deployments",
            View::Environments => "environments",
            View::Approvals => "approvals",
            View::Insights => "insights",
            View::Settings => "settings",
        }
    }

    fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Everything the URL says about what to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Route {
    /// The source's id as the URL gives it (`?source=`), `None` when absent; see
    /// [`resolve_source`] (old links give an index, which still works).
    pub source: Option<String>,
    /// Project (GitLab id or path) or repository (GitHub `owner/repo`); `None` = the first.
    pub project: Option<String>,
    /// The page.
    pub view: View,
    /// Free-text search over loaded rows (`q`).
    pub q: String,
    /// Server-side filters with the forges' own names (`status`, `environment`, `order_by`,
    /// `sort`, `updated_after`, …, `ref`, `sha`, `task`, `states`, `search`, `name`), in the
    /// order they were given; empty values are dropped.
    pub filters: Vec<(String, String)>,
    /// 1-based page (`page`); 1 when absent or invalid, at most [`MAX_PAGE`].
    pub page: u32,
    /// Page size (`per_page`), 1..=[`MAX_PER_PAGE`]; `None` = the app's default.
    pub per_page: Option<u32>,
    /// The deployment whose details are open (`deployment`).
    pub deployment: Option<u64>,
    /// The in-memory column sort (`col` and `dir`); `None` keeps the server's order.
    pub sort: Option<Sort>,
    /// The insights window in days (`days`: 7, 30 or 90; anything else reads as 30).
    pub days: Option<u32>,
    /// The live refresh interval in seconds (`refresh`: 0 = off, else at least
    /// [`MIN_REFRESH_SECS`]); `None` = the app's setting.
    pub refresh: Option<u32>,
    /// The overview's project order (`by=activity`; `name` is the default).
    pub by: Option<String>,
    /// The interface language asked for (`lang`: a BCP 47 tag such as `zh-CN` or `ko`, kept as
    /// given when Shipboard speaks it; others are dropped); `None` = the element's or browser's.
    pub lang: Option<String>,
}

/// The insights windows offered, in days.
pub const INSIGHTS_DAYS: [u32; 3] = [7, 30, 90];

/// The shortest live refresh interval a URL may ask for, in seconds (a smaller one reads as it).
pub const MIN_REFRESH_SECS: u32 = 5;

/// The longest live refresh interval, in seconds (a day).
pub const MAX_REFRESH_SECS: u32 = 86_400;

/// Filter names carried in the URL: the forges' own parameter names.
pub const FILTER_NAMES: [&str; 14] = [
    "status",
    "environment",
    "order_by",
    "sort",
    "updated_after",
    "updated_before",
    "finished_after",
    "finished_before",
    "ref",
    "sha",
    "task",
    "states",
    "search",
    "name",
];

fn decode(s: &str) -> String {
    let plus_as_space = s.replace('+', " ");
    percent_decode_str(&plus_as_space)
        .decode_utf8_lossy()
        .into_owned()
}

impl Route {
    /// Reads a query string, with or without its leading `?`.
    pub fn from_query(query: &str) -> Route {
        let mut route = Route {
            page: 1,
            ..Route::default()
        };
        let (mut col, mut dir) = (None, None);
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name);
            let value = decode(value);
            let value = value.trim();
            match name.as_str() {
                "source" => route.source = (!value.is_empty()).then(|| value.to_string()),
                "project" if !value.is_empty() => route.project = Some(value.to_string()),
                "view" => route.view = View::parse(value).unwrap_or_default(),
                "q" => route.q = value.to_string(),
                "page" => route.page = bounded(value, MAX_PAGE).unwrap_or(1),
                "per_page" => route.per_page = bounded(value, MAX_PER_PAGE),
                "deployment" => route.deployment = value.parse().ok(),
                "col" => col = SortKey::parse(value),
                "days" => {
                    route.days = value
                        .parse()
                        .ok()
                        .filter(|d| INSIGHTS_DAYS.contains(d))
                        .or(Some(30))
                }
                "refresh" => route.refresh = refresh_secs(value),
                "by" if !value.is_empty() => route.by = Some(value.to_string()),
                "lang" => {
                    route.lang = crate::lang::Lang::parse(value).map(|_| value.to_string());
                }
                "dir" => dir = Some(value == "desc"),
                n if FILTER_NAMES.contains(&n) && !value.is_empty() => {
                    route.set_filter(n, value);
                }
                _ => {}
            }
        }
        route.sort = col.map(|key| Sort {
            key,
            dir: if dir == Some(true) {
                SortDir::Desc
            } else {
                SortDir::Asc
            },
        });
        route
    }

    /// The canonical query string (with `?`, or empty), leaving out defaults.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        if let Some(s) = &self.source {
            parts.push(("source".into(), s.clone()));
        }
        if let Some(p) = &self.project {
            parts.push(("project".into(), p.clone()));
        }
        parts.push(("view".into(), self.view.as_str().into()));
        for (n, v) in &self.filters {
            parts.push((n.clone(), v.clone()));
        }
        if let Some(sort) = self.sort {
            parts.push(("col".into(), sort.key.as_str().into()));
            let dir = match sort.dir {
                SortDir::Asc => "asc",
                SortDir::Desc => "desc",
            };
            parts.push(("dir".into(), dir.into()));
        }
        if !self.q.is_empty() {
            parts.push(("q".into(), self.q.clone()));
        }
        if self.page > 1 {
            parts.push(("page".into(), self.page.to_string()));
        }
        if let Some(pp) = self.per_page {
            parts.push(("per_page".into(), pp.to_string()));
        }
        if let Some(d) = self.deployment {
            parts.push(("deployment".into(), d.to_string()));
        }
        if let Some(d) = self.days {
            parts.push(("days".into(), d.to_string()));
        }
        if let Some(by) = &self.by {
            parts.push(("by".into(), by.clone()));
        }
        if let Some(r) = self.refresh {
            parts.push(("refresh".into(), r.to_string()));
        }
        if let Some(lang) = &self.lang {
            parts.push(("lang".into(), lang.clone()));
        }
        let joined: Vec<String> = parts
            .iter()
            .map(|(n, v)| format!("{n}={}", encode(v)))
            .collect();
        format!("?{}", joined.join("&"))
    }

    /// The value of filter `name`, if set.
    pub fn filter(&self, name: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets (or, with an empty value, removes) filter `name`, keeping the others' order.
    pub fn set_filter(&mut self, name: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            self.filters.retain(|(n, _)| n != name);
            return;
        }
        match self.filters.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => self.filters.push((name.to_string(), value.to_string())),
        }
    }

    /// The sort after a click on column `key`: ascending, or descending when it was ascending
    /// on that column already.
    pub fn toggled_sort(&self, key: SortKey) -> Sort {
        let dir = match self.sort {
            Some(s) if s.key == key && s.dir == SortDir::Asc => SortDir::Desc,
            _ => SortDir::Asc,
        };
        Sort { key, dir }
    }

    /// What a filter form edits: source, project and the server-side filters (not the search,
    /// the sort, the page or the open deployment). A change of these replaces a form's draft.
    pub fn applied_filters(&self) -> (Option<String>, Option<String>, Vec<(String, String)>) {
        (
            self.source.clone(),
            self.project.clone(),
            self.filters.clone(),
        )
    }
}

/// What the server is asked for: the source, the project, and the route without its in-memory
/// parts (search, column sort, open deployment). Two routes differing only in those give the
/// same target, so searching or sorting never reloads.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The source.
    pub source: SourceConfig,
    /// The project (GitLab id or path) or `owner/repo` (GitHub).
    pub project: String,
    /// The route without `q`, `col`, `dir` and `deployment`.
    pub server: Route,
}

impl Target {
    /// The target `route` points at in `source`: the route's project, else the source's first;
    /// `None` without a source or a project.
    pub fn from_route(route: &Route, source: Option<SourceConfig>) -> Option<Target> {
        let source = source?;
        let project = route
            .project
            .clone()
            .or_else(|| source.targets().first().cloned())?;
        let server = Route {
            q: String::new(),
            deployment: None,
            sort: None,
            refresh: None,
            lang: None,
            ..route.clone()
        };
        Some(Target {
            source,
            project,
            server,
        })
    }

    /// The forge.
    pub fn forge(&self) -> Forge {
        self.source.kind
    }

    /// `(owner, repo)` for a GitHub project.
    pub fn owner_repo(&self) -> Option<(&str, &str)> {
        self.project.split_once('/')
    }
}

/// A refresh interval from the URL: `0` (off), or seconds clamped to
/// [`MIN_REFRESH_SECS`]..=[`MAX_REFRESH_SECS`]; `None` for anything that is not a number.
pub fn refresh_secs(value: &str) -> Option<u32> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b == b'0') {
        return Some(0);
    }
    bounded(value, MAX_REFRESH_SECS).map(|n| n.max(MIN_REFRESH_SECS))
}

/// A positive decimal number, at most `max` (a larger one, however long, reads as `max`); `None`
/// for zero, a sign, or anything that is not digits.
fn bounded(value: &str, max: u32) -> Option<u32> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = value.trim_start_matches('0');
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse::<u32>().map_or(max, |n| n.min(max)))
}

/// The index in `sources` of the source a route's `source=` value names.
///
/// An exact id match first; else, for old links, a decimal number that is no source's id is an
/// index (`?source=1` → the second source); no value → the first source (if any). Anything else
/// → `None`: the app then says there is no such source rather than showing another host.
pub fn resolve_source(sources: &[SourceConfig], key: Option<&str>) -> Option<usize> {
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        return (!sources.is_empty()).then_some(0);
    };
    if let Some(i) = sources.iter().position(|s| s.id == key) {
        return Some(i);
    }
    if !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse::<usize>().ok().filter(|&i| i < sources.len())
}

/// `2026-11-01T12:00:00Z` (any RFC 3339 offset) or a plain date `2026-11-01` (midnight UTC).
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

impl Route {
    /// GitLab's deployment list parameters from the URL, checked as the server would check them
    /// (GitLab's wording: `status does not have a valid value`, `updated_after is invalid`, and
    /// the five filter rules of [`crate::validate::gitlab::deployment_list`]).
    pub fn gitlab_deployments(
        &self,
        per_page: u32,
    ) -> Result<gitlab::DeploymentListParams, Vec<ValidationError>> {
        let mut errors = Vec::new();
        let mut params = gitlab::DeploymentListParams {
            page: Some(self.page.clamp(1, MAX_PAGE)),
            per_page: Some(self.per_page.unwrap_or(per_page).clamp(1, MAX_PER_PAGE)),
            environment: self.filter("environment").map(String::from),
            ..Default::default()
        };
        if let Some(s) = self.filter("status") {
            match gitlab::DeploymentStatus::parse(s) {
                s if !s.is_unknown() => params.status = Some(s),
                _ => errors.push(ValidationError::new(
                    "status",
                    "status does not have a valid value",
                )),
            }
        }
        if let Some(o) = self.filter("order_by") {
            match gitlab::OrderBy::parse(o) {
                Some(o) => params.order_by = Some(o),
                None => errors.push(ValidationError::new(
                    "order_by",
                    "order_by does not have a valid value",
                )),
            }
        }
        if let Some(s) = self.filter("sort") {
            match gitlab::Sort::parse(s) {
                Some(s) => params.sort = Some(s),
                None => errors.push(ValidationError::new(
                    "sort",
                    "sort does not have a valid value",
                )),
            }
        }
        let times: [(&'static str, &mut Option<DateTime<Utc>>); 4] = [
            ("updated_after", &mut params.updated_after),
            ("updated_before", &mut params.updated_before),
            ("finished_after", &mut params.finished_after),
            ("finished_before", &mut params.finished_before),
        ];
        for (name, slot) in times {
            if let Some(text) = self.filter(name) {
                match parse_time(text) {
                    Some(t) => *slot = Some(t),
                    None => errors.push(ValidationError::new(name, format!("{name} is invalid"))),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // A dashboard shows the newest first; GitLab's own default is the oldest first.
        if params.sort.is_none() {
            params.sort = Some(gitlab::Sort::Desc);
        }
        let rules = crate::validate::gitlab::deployment_list(&params);
        if rules.is_empty() {
            Ok(params)
        } else {
            Err(rules)
        }
    }

    /// GitHub's deployment list parameters from the URL (`environment`, `ref`, `sha`, `task`).
    pub fn github_deployments(&self, per_page: u32) -> github::DeploymentListParams {
        github::DeploymentListParams {
            sha: self.filter("sha").map(String::from),
            ref_: self.filter("ref").map(String::from),
            task: self.filter("task").map(String::from),
            environment: self.filter("environment").map(String::from),
            page: Some(self.page.clamp(1, MAX_PAGE)),
            per_page: Some(self.per_page.unwrap_or(per_page).clamp(1, MAX_PER_PAGE)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: &str, expect_canonical: &str) {
        let route = Route::from_query(query);
        assert_eq!(route.to_query(), expect_canonical, "from {query:?}");
        // The canonical form reads back to the same route.
        assert_eq!(Route::from_query(&route.to_query()), route);
    }

    #[test]
    fn round_trips() {
        check("", "?view=deployments");
        check(
            "?source=demo-gitlab&project=1&view=deployments&status=failed&environment=production&order_by=created_at&sort=desc&q=fix",
            "?source=demo-gitlab&project=1&view=deployments&status=failed&environment=production&order_by=created_at&sort=desc&q=fix",
        );
        check(
            "?source=0&project=1&view=deployments",
            "?source=0&project=1&view=deployments",
        );
        check(
            "project=acme%2Fplatform%2Fweb&view=environments&states=available&search=rev",
            "?project=acme%2Fplatform%2Fweb&view=environments&states=available&search=rev",
        );
        check(
            "?q=fix+login&page=3&per_page=100&deployment=42",
            "?view=deployments&q=fix%20login&page=3&per_page=100&deployment=42",
        );
        check(
            "?source=my%20source",
            "?source=my%20source&view=deployments",
        );
        assert_eq!(
            Route::from_query("?source=demo-gitlab").source.as_deref(),
            Some("demo-gitlab")
        );
        assert_eq!(Route::from_query("?source=").source, None);
        assert_eq!(Route::from_query("?view=approvals").source, None);
    }

    #[test]
    fn the_column_sort_is_typed_and_kept_apart_from_the_filters() {
        let route = Route::from_query("?dir=desc&status=failed&col=iid");
        assert_eq!(
            route.sort,
            Some(Sort {
                key: SortKey::Iid,
                dir: SortDir::Desc
            })
        );
        assert_eq!(route.filters, [("status".to_owned(), "failed".to_owned())]);
        check(
            "?dir=desc&status=failed&col=iid",
            "?view=deployments&status=failed&col=iid&dir=desc",
        );
        // An unknown column is no sort; a missing or unknown direction is ascending.
        assert_eq!(Route::from_query("?col=nope&dir=desc").sort, None);
        assert_eq!(
            Route::from_query("?col=ref&dir=sideways")
                .sort
                .map(|s| s.dir),
            Some(SortDir::Asc)
        );
        // A click sorts ascending, a second click on the same column descending.
        let first = route.toggled_sort(SortKey::Ref);
        assert_eq!(first.dir, SortDir::Asc);
        let mut route = route;
        route.sort = Some(first);
        assert_eq!(route.toggled_sort(SortKey::Ref).dir, SortDir::Desc);
    }

    #[test]
    fn lang_round_trips_and_unknown_ones_are_dropped() {
        let route = Route::from_query("?view=deployments&lang=zh-CN");
        assert_eq!(route.lang.as_deref(), Some("zh-CN"));
        assert_eq!(route.to_query(), "?view=deployments&lang=zh-CN");
        assert_eq!(Route::from_query("?lang=ko").lang.as_deref(), Some("ko"));
        assert_eq!(Route::from_query("?lang=fr").lang, None);
        assert_eq!(Route::from_query("?lang=").lang, None);
    }

    #[test]
    fn insights_days_refresh_and_overview_order_round_trip() {
        check(
            "?view=insights&days=7&refresh=60",
            "?view=insights&days=7&refresh=60",
        );
        check("?view=overview&by=activity", "?view=overview&by=activity");
        // Only 7, 30 or 90 days; anything else is 30.
        assert_eq!(Route::from_query("?days=12").days, Some(30));
        assert_eq!(Route::from_query("?days=90").days, Some(90));
        // A refresh is off (0) or at least 5 s, at most a day; garbage is the setting.
        assert_eq!(Route::from_query("?refresh=0").refresh, Some(0));
        assert_eq!(
            Route::from_query("?refresh=1").refresh,
            Some(MIN_REFRESH_SECS)
        );
        assert_eq!(
            Route::from_query("?refresh=99999999999999").refresh,
            Some(MAX_REFRESH_SECS)
        );
        assert_eq!(Route::from_query("?refresh=-5").refresh, None);
        assert_eq!(Route::from_query("?refresh=soon").refresh, None);
        // The refresh interval is not part of what the server is asked for.
        let source = SourceConfig {
            projects: vec!["1".into()],
            ..src("s")
        };
        let a = Target::from_route(&Route::from_query("?refresh=10"), Some(source.clone()));
        assert_eq!(a, Target::from_route(&Route::from_query(""), Some(source)));
    }

    #[test]
    fn the_target_leaves_out_what_is_done_in_memory() {
        let source = SourceConfig {
            projects: vec!["1".into()],
            ..src("s")
        };
        let a = Route::from_query("?status=failed&q=fix&col=ref&deployment=3");
        let b = Route::from_query("?status=failed");
        let ta = Target::from_route(&a, Some(source.clone())).unwrap();
        assert_eq!(ta, Target::from_route(&b, Some(source.clone())).unwrap());
        assert_eq!(
            ta.project, "1",
            "the source's first project when the URL names none"
        );
        assert_eq!(ta.server.filter("status"), Some("failed"));
        assert!(Target::from_route(&a, None).is_none());
        let gh =
            Target::from_route(&Route::from_query("?project=acme/shop"), Some(source)).unwrap();
        assert_eq!(gh.owner_repo(), Some(("acme", "shop")));
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        check(
            "?view=nope&page=0&per_page=-1&deployment=abc&unknown=1&status=",
            "?view=deployments",
        );
        check("?page=-3&per_page=0", "?view=deployments");
        check("?page=%2B5&per_page=1e3", "?view=deployments");
        check("?page=000&per_page=00", "?view=deployments");
    }

    #[test]
    fn numbers_are_bounded_so_nothing_overflows_later() {
        let r = Route::from_query("?page=4294967295&per_page=4294967295");
        assert_eq!((r.page, r.per_page), (MAX_PAGE, Some(MAX_PER_PAGE)));
        let r = Route::from_query("?page=99999999999999999999999999999&per_page=500");
        assert_eq!((r.page, r.per_page), (MAX_PAGE, Some(100)));
        let r = Route::from_query("?page=007&per_page=020");
        assert_eq!((r.page, r.per_page), (7, Some(20)));
        // The neighbours of the last page stay in range.
        assert_eq!(r.page.saturating_add(1), 8);
        let last = Route::from_query("?page=100000");
        assert_eq!(last.page, MAX_PAGE);
        assert_eq!(last.page.saturating_add(1).min(MAX_PAGE), MAX_PAGE);
        // Routes built by hand are clamped when turned into parameters.
        let hand = Route {
            page: 0,
            per_page: Some(0),
            ..Route::default()
        };
        let p = hand.github_deployments(30);
        assert_eq!((p.page, p.per_page), (Some(1), Some(1)));
        let hand = Route {
            page: u32::MAX,
            per_page: Some(u32::MAX),
            ..Route::default()
        };
        let p = hand.gitlab_deployments(20).unwrap();
        assert_eq!((p.page, p.per_page), (Some(MAX_PAGE), Some(100)));
    }

    fn src(id: &str) -> SourceConfig {
        SourceConfig {
            id: id.into(),
            name: id.to_uppercase(),
            kind: crate::model::view::Forge::GitLab,
            api_url: "https://x".into(),
            token: None,
            projects: vec![],
            repos: vec![],
            oauth_client_id: None,
        }
    }

    #[test]
    fn sources_resolve_by_id_then_old_index() {
        let sources = [src("demo-gitlab"), src("demo-github"), src("7")];
        let at = |key: Option<&str>| resolve_source(&sources, key);
        assert_eq!(at(None), Some(0));
        assert_eq!(at(Some("")), Some(0));
        assert_eq!(at(Some("demo-gitlab")), Some(0));
        assert_eq!(at(Some("demo-github")), Some(1));
        // Old links: an index.
        assert_eq!(at(Some("0")), Some(0));
        assert_eq!(at(Some("1")), Some(1));
        assert_eq!(at(Some("01")), Some(1));
        // An id that is a number wins over the index of the same number.
        assert_eq!(at(Some("7")), Some(2));
        // Unknown: no source, never another one.
        assert_eq!(at(Some("3")), None);
        assert_eq!(at(Some("99999999999999999999999")), None);
        assert_eq!(at(Some("-1")), None);
        assert_eq!(at(Some("+1")), None);
        assert_eq!(at(Some("DEMO-GITLAB")), None);
        assert_eq!(at(Some("nope")), None);
        assert_eq!(resolve_source(&[], None), None);
        assert_eq!(resolve_source(&[], Some("0")), None);
        // An id "2" on the first source shadows index 2.
        let shadow = [src("2"), src("b"), src("c")];
        assert_eq!(resolve_source(&shadow, Some("2")), Some(0));
        assert_eq!(resolve_source(&shadow, Some("1")), Some(1));
    }

    fn check_gitlab(query: &str, expect: Result<&str, &[&str]>) {
        let got = Route::from_query(query).gitlab_deployments(20);
        match (got, expect) {
            (Ok(params), Ok(url_part)) => {
                let src = crate::request::Source::new(
                    crate::request::Forge::GitLab,
                    "https://gitlab.example.com/api/v4",
                    None,
                );
                let req = gitlab::list_deployments(&src, "1", &params);
                assert!(req.url.ends_with(url_part), "{} vs {url_part}", req.url);
            }
            (Err(errors), Err(messages)) => {
                let got: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                assert_eq!(got, messages, "for {query}");
            }
            (got, expect) => panic!("{query}: got {got:?}, expected {expect:?}"),
        }
    }

    #[test]
    fn gitlab_params_from_the_url() {
        check_gitlab(
            "?status=failed",
            Ok("?page=1&per_page=20&sort=desc&status=failed"),
        );
        check_gitlab("?sort=asc", Ok("?page=1&per_page=20&sort=asc"));
        check_gitlab(
            "?order_by=created_at&sort=desc&environment=production&per_page=500",
            Ok("?page=1&per_page=100&order_by=created_at&sort=desc&environment=production"),
        );
        check_gitlab(
            "?order_by=updated_at&updated_after=2026-11-01",
            Ok("?page=1&per_page=20&order_by=updated_at&sort=desc&updated_after=2026-11-01T00%3A00%3A00Z"),
        );
        check_gitlab("?status=done", Err(&["status does not have a valid value"]));
        check_gitlab(
            "?sort=up&order_by=x",
            Err(&[
                "order_by does not have a valid value",
                "sort does not have a valid value",
            ]),
        );
        check_gitlab(
            "?finished_after=yesterday",
            Err(&["finished_after is invalid"]),
        );
        check_gitlab(
            "?updated_after=2026-11-01",
            Err(&["`updated_at` filter requires `updated_at` sort"]),
        );
    }

    #[test]
    fn github_params_from_the_url() {
        let p = Route::from_query("?ref=main&sha=abc&task=deploy&environment=prod&page=2")
            .github_deployments(30);
        assert_eq!(p.ref_.as_deref(), Some("main"));
        assert_eq!(p.sha.as_deref(), Some("abc"));
        assert_eq!(p.task.as_deref(), Some("deploy"));
        assert_eq!(p.environment.as_deref(), Some("prod"));
        assert_eq!((p.page, p.per_page), (Some(2), Some(30)));
    }

    #[test]
    fn set_filter_replaces_and_removes() {
        let mut r = Route::from_query("?status=failed&environment=prod");
        r.set_filter("status", "success");
        assert_eq!(r.filter("status"), Some("success"));
        r.set_filter("environment", "");
        assert_eq!(r.filter("environment"), None);
        assert_eq!(
            r.filters,
            vec![("status".to_string(), "success".to_string())]
        );
    }
}
