//! The fuzz targets: every shipboard-core entry point that sees outside input, each behind a
//! harness that turns raw bytes into its arguments, calls it through the public API, and asserts
//! what the code guarantees (an assertion failure counts as a panic, like any other).

use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use shipboard_core::model::view::{DeploymentRow, EnvironmentCard, Forge};
use shipboard_core::model::{github, gitlab};
use shipboard_core::query::{self, SearchTerms, SortKey};
use shipboard_core::request::{self, Source};
use shipboard_core::response::{
    self, header, pagination::parse_link, parse, parse_empty, ApiError, ErrorKind, Pagination,
};
use shipboard_core::route::{Route, FILTER_NAMES};
use shipboard_core::safe_url::SafeUrl;
use shipboard_core::{actions, config};

/// How a target's input is generated and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A JSON document (response bodies, `config.json`): JSON-aware and byte mutations.
    Json,
    /// `name: value` lines.
    Headers,
    /// One `Link` header value.
    Link,
    /// `status`, header lines, a blank line, the body.
    Error,
    /// A query string.
    Route,
}

/// One parser under test.
#[derive(Clone, Copy)]
pub struct Target {
    /// Short name, used in the table and in crash file names.
    pub name: &'static str,
    /// What it calls.
    pub what: &'static str,
    /// How its inputs look.
    pub kind: Kind,
    /// Fixture files (under the shared fixtures root) that seed it, with an optional key: when
    /// set, every value under that key in the file is a seed instead of the whole file.
    pub fixtures: &'static [(&'static str, Option<&'static str>)],
    /// Hand-made seeds.
    pub seeds: &'static [&'static str],
    /// Runs one input; `true` when the parser accepted it (it then joins the corpus).
    pub run: fn(&[u8]) -> bool,
}

/// The fixed `now` of every call that takes one.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
}

fn text(input: &[u8]) -> std::borrow::Cow<'_, str> {
    // What a browser's `Response.text()` does with bytes that are not UTF-8.
    String::from_utf8_lossy(input)
}

/// `response::parse` with a 200; on success the text must have been JSON (or blank), on
/// failure the error must be a `Decode` error with the status.
fn body<T: DeserializeOwned>(input: &[u8]) -> Option<T> {
    let body = text(input);
    match parse::<T>(200, &[], &body, now()) {
        Ok(v) => {
            assert!(
                body.trim().is_empty() || serde_json::from_str::<IgnoredAny>(&body).is_ok(),
                "accepted a body that is not JSON"
            );
            Some(v)
        }
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Decode);
            assert_eq!(e.status, Some(200));
            assert!(!e.message.is_empty());
            None
        }
    }
}

fn check_url(url: Option<&str>) {
    if let Some(u) = url {
        assert_eq!(
            SafeUrl::parse(u).as_deref(),
            Some(u),
            "a URL that SafeUrl::parse refuses was kept"
        );
    }
}

/// Row invariants, then every row through the table's in-memory search, filter and sort (once
/// per input, whatever the number of rows), and the grouping the environment pages run.
fn check_rows(rows: &[DeploymentRow]) {
    for row in rows {
        check_url(row.commit_url().as_deref());
        check_url(row.log_url().as_deref());
        check_url(row.environment_url.as_deref());
        check_url(row.job_url().as_deref());
        check_url(row.pipeline_url().as_deref());
        let _ = (row.number(), row.status.rank(), row.status.is_finished());
    }
    let Some(first) = rows.first() else {
        return;
    };
    let q = query::Query {
        search: format!("{} #{} {}", first.git_ref, first.number(), first.sha),
        filter: query::Filter {
            environment: Some(format!("{}/", first.environment)),
            ..query::Filter::default()
        },
        sort: Some(query::Sort {
            key: SortKey::Duration,
            dir: query::SortDir::Desc,
        }),
    };
    let _ = q.apply(rows);
    let index = query::SearchIndex::new(rows);
    let _ = q.apply_indexed(rows, &index);
    let _ = query::latest_per_environment(rows);
}

fn check_cards(cards: &mut [EnvironmentCard], rows: &[DeploymentRow]) {
    let all: Vec<usize> = (0..cards.len()).collect();
    let _ = (
        actions::by_tier(cards, &all),
        actions::best_rank(cards, &all),
    );
    let _ = (query::group_by_folder(cards), query::group_by_tier(cards));
    query::attach_latest(cards, rows);
    let mut rows = rows.to_vec();
    query::fill_tiers(&mut rows, cards);
}

fn gitlab_row(d: &gitlab::Deployment) -> DeploymentRow {
    let row = DeploymentRow::from_gitlab("group/project", d);
    assert_eq!(
        (row.forge, row.id, row.iid),
        (Forge::GitLab, d.id, Some(d.iid))
    );
    assert_eq!(row.sha, d.sha);
    let _ = (actions::waiting_for(d), actions::next_statuses(&d.status));
    let _ = actions::updatable(d);
    row
}

fn gitlab_card(e: &gitlab::Environment) -> EnvironmentCard {
    let card = EnvironmentCard::from_gitlab("group/project", e);
    assert_eq!((card.id, card.name.as_str()), (e.id, e.name.as_str()));
    if let Some(folder) = &card.folder {
        assert!(e.name.starts_with(&format!("{folder}/")));
    }
    check_url(card.external_url.as_deref());
    if let Some(row) = &card.last_deployment {
        assert!(e.name.is_empty() || !row.environment.is_empty());
        check_rows(std::slice::from_ref(row));
    }
    card
}

/// A GitHub deployment to pair fuzzed statuses with.
const GITHUB_DEPLOYMENT: &str = r#"{"id":42,"sha":"a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d","ref":"topic-branch","task":"deploy","payload":{},"environment":"production","description":"Deploy request from hubot","creator":{"login":"octocat","id":1},"created_at":"2012-07-20T01:19:13Z","updated_at":"2012-07-20T01:19:13Z","repository_url":"https://api.github.com/repos/octocat/example","production_environment":true}"#;

/// A GitHub deployment status to pair fuzzed deployments with.
const GITHUB_STATUS: &str = r#"{"id":1,"state":"success","description":"Deployment finished successfully.","environment":"production","target_url":"https://example.com/deployment/42/output","created_at":"2012-07-20T01:19:13Z","updated_at":"2012-07-20T01:19:13Z","environment_url":"https://test-branch.lab.acme.com","log_url":"https://example.com/deployment/42/output"}"#;

fn fixture_github_deployment() -> &'static github::Deployment {
    static D: OnceLock<github::Deployment> = OnceLock::new();
    D.get_or_init(|| serde_json::from_str(GITHUB_DEPLOYMENT).expect("the constant parses"))
}

fn fixture_github_status() -> &'static github::DeploymentStatus {
    static S: OnceLock<github::DeploymentStatus> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(GITHUB_STATUS).expect("the constant parses"))
}

fn github_row(d: &github::Deployment, s: Option<&github::DeploymentStatus>) -> DeploymentRow {
    let row = DeploymentRow::from_github("octo/repo", d, s);
    assert_eq!((row.forge, row.id, row.iid), (Forge::GitHub, d.id, None));
    assert_eq!(row.finished_at.is_some(), row.duration_secs.is_some());
    assert!(row.updated_at >= d.updated_at);
    row
}

fn github_card(e: &github::Environment) -> EnvironmentCard {
    let card = EnvironmentCard::from_github("octo/repo", e);
    assert_eq!(card.protection.len(), e.protection_rules.len());
    check_url(card.web_url.as_deref());
    for rule in &e.protection_rules {
        for r in &rule.reviewers {
            assert!(!r.reviewer.label().is_empty());
        }
    }
    card
}

fn gitlab_deployment(input: &[u8]) -> bool {
    body::<gitlab::Deployment>(input)
        .map(|d| check_rows(&[gitlab_row(&d)]))
        .is_some()
}

fn gitlab_deployments(input: &[u8]) -> bool {
    body::<Vec<gitlab::Deployment>>(input)
        .map(|mut v| {
            let rows: Vec<DeploymentRow> = v.iter().map(gitlab_row).collect();
            check_rows(&rows);
            actions::oldest_first(&mut v);
        })
        .is_some()
}

fn gitlab_environment(input: &[u8]) -> bool {
    body::<gitlab::Environment>(input)
        .map(|e| check_cards(&mut [gitlab_card(&e)], &[]))
        .is_some()
}

fn gitlab_environments(input: &[u8]) -> bool {
    body::<Vec<gitlab::Environment>>(input)
        .map(|v| {
            let mut cards: Vec<EnvironmentCard> = v.iter().map(gitlab_card).collect();
            let rows: Vec<DeploymentRow> = cards
                .iter()
                .filter_map(|c| c.last_deployment.as_deref().cloned())
                .collect();
            check_cards(&mut cards, &rows);
        })
        .is_some()
}

fn gitlab_approval(input: &[u8]) -> bool {
    body::<gitlab::Approval>(input).is_some()
}

fn gitlab_approval_fragment(input: &[u8]) -> bool {
    body::<gitlab::DeploymentApprovalFragment>(input)
        .map(|f| {
            for rule in f.approval_summary.iter().flat_map(|s| &s.rules) {
                let _ = (actions::rule_name(rule), actions::rule_progress(rule));
            }
        })
        .is_some()
}

fn gitlab_merge_requests(input: &[u8]) -> bool {
    body::<Vec<gitlab::MergeRequest>>(input).is_some()
}

fn gitlab_user(input: &[u8]) -> bool {
    body::<gitlab::User>(input).is_some()
}

fn gitlab_job(input: &[u8]) -> bool {
    body::<gitlab::Job>(input).is_some()
}

fn gitlab_review_apps(input: &[u8]) -> bool {
    body::<gitlab::ReviewAppsCleanup>(input).is_some()
}

fn gitlab_stop_stale(input: &[u8]) -> bool {
    body::<gitlab::StopStaleResult>(input).is_some()
}

fn github_deployment(input: &[u8]) -> bool {
    body::<github::Deployment>(input)
        .map(|d| {
            check_rows(&[
                github_row(&d, None),
                github_row(&d, Some(fixture_github_status())),
            ])
        })
        .is_some()
}

fn github_deployments(input: &[u8]) -> bool {
    body::<Vec<github::Deployment>>(input)
        .map(|v| {
            let rows: Vec<DeploymentRow> = v.iter().map(|d| github_row(d, None)).collect();
            check_rows(&rows);
        })
        .is_some()
}

fn github_status(input: &[u8]) -> bool {
    body::<github::DeploymentStatus>(input)
        .map(|s| check_rows(&[github_row(fixture_github_deployment(), Some(&s))]))
        .is_some()
}

fn github_statuses(input: &[u8]) -> bool {
    body::<Vec<github::DeploymentStatus>>(input)
        .map(|v| {
            let rows: Vec<DeploymentRow> = v
                .iter()
                .map(|s| github_row(fixture_github_deployment(), Some(s)))
                .collect();
            check_rows(&rows);
        })
        .is_some()
}

fn github_environment(input: &[u8]) -> bool {
    body::<github::Environment>(input)
        .map(|e| check_cards(&mut [github_card(&e)], &[]))
        .is_some()
}

fn github_environments(input: &[u8]) -> bool {
    body::<github::EnvironmentList>(input)
        .map(|l| {
            let mut cards: Vec<EnvironmentCard> = l.environments.iter().map(github_card).collect();
            let row = github_row(fixture_github_deployment(), None);
            check_cards(&mut cards, &[row]);
        })
        .is_some()
}

fn github_pending(input: &[u8]) -> bool {
    body::<Vec<github::PendingDeployment>>(input)
        .map(|v| {
            for p in &v {
                for r in &p.reviewers {
                    assert!(!r.reviewer.label().is_empty());
                }
            }
        })
        .is_some()
}

fn github_reviews(input: &[u8]) -> bool {
    body::<Vec<github::EnvironmentApprovals>>(input).is_some()
}

fn github_accepted(input: &[u8]) -> bool {
    body::<github::DeploymentAccepted>(input).is_some()
}

fn github_user(input: &[u8]) -> bool {
    body::<github::SimpleUser>(input).is_some()
}

/// `name: value` lines into a header list (a line without `:` is a name with an empty value).
pub fn read_headers(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.strip_prefix(' ').unwrap_or(value);
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

/// The first header `name`, read as the pagination code reads numbers.
fn number_header(headers: &[(String, String)], name: &str) -> Option<u64> {
    header(headers, name).and_then(|v| v.trim().parse().ok())
}

fn pagination(input: &[u8]) -> bool {
    let headers = read_headers(&text(input));
    let p = Pagination::from_headers(&headers);
    assert_eq!(p.has_next(), p.next_page.is_some() || p.next_url.is_some());
    for (name, got) in [
        ("x-page", p.page),
        ("x-per-page", p.per_page),
        ("x-total", p.total),
        ("x-total-pages", p.total_pages),
        ("x-next-page", p.next_page),
        ("x-prev-page", p.prev_page),
    ] {
        if let Some(n) = number_header(&headers, name) {
            assert_eq!(got, Some(n), "{name}");
        }
    }
    let links = header(&headers, "link").map(parse_link).unwrap_or_default();
    let first_of = |rels: &[&str]| {
        links
            .iter()
            .find(|(r, _)| rels.contains(&r.as_str()))
            .map(|(_, u)| u.clone())
    };
    assert_eq!(p.next_url, first_of(&["next"]));
    assert_eq!(p.prev_url, first_of(&["prev", "previous"]));
    assert_eq!(p.first_url, first_of(&["first"]));
    assert_eq!(p.last_url, first_of(&["last"]));
    p != Pagination::default()
}

fn link(input: &[u8]) -> bool {
    let value = text(input);
    let links = parse_link(&value);
    for (rel, url) in &links {
        assert!(!rel.is_empty());
        assert!(!rel.chars().any(|c| c.is_ascii_whitespace()));
        assert_eq!(*rel, rel.to_ascii_lowercase());
        assert!(!url.contains('>') && value.contains(url.as_str()));
    }
    !links.is_empty()
}

/// `status`, header lines, a blank line, the body.
fn read_error(input: &[u8]) -> (u16, Vec<(String, String)>, String) {
    let all = text(input);
    let (head, body) = all.split_once("\n\n").unwrap_or((&all, ""));
    let (status, headers) = head.split_once('\n').unwrap_or((head, ""));
    let status = status
        .trim()
        .parse::<u64>()
        .map_or(500, |s| (s % 65536) as u16);
    (status, read_headers(headers), body.to_owned())
}

fn error(input: &[u8]) -> bool {
    let (status, headers, body) = read_error(input);
    let err = ApiError::from_response(status, &headers, &body, now());
    assert_eq!(err.status, Some(status));
    assert!(!err.message.is_empty());
    let want = match status {
        401 => Some(ErrorKind::Unauthorized),
        404 => Some(ErrorKind::NotFound),
        400 | 422 => Some(ErrorKind::Validation),
        409 => Some(ErrorKind::Conflict),
        429 => Some(ErrorKind::RateLimited),
        500..=599 => Some(ErrorKind::Server),
        403 => None,
        _ => Some(ErrorKind::Other),
    };
    if let Some(want) = want {
        assert_eq!(err.kind, want);
    }
    if let Some(secs) = header(&headers, "retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        assert_eq!(err.retry_after_secs, Some(secs));
    }
    if let Some(url) = &err.documentation_url {
        assert!(url.starts_with("https://"));
    }
    for (field, _) in &err.field_errors {
        assert!(err.field_error(field).is_some());
    }
    let _ = (
        err.advice(request::Forge::GitLab),
        err.advice(request::Forge::GitHub),
        err.to_string(),
    );
    let _ = err.clone().redact("tok");
    if response::is_success(status) {
        assert_eq!(parse_empty(status, &headers, &body, now()), Ok(()));
        let _ = parse::<gitlab::Deployment>(status, &headers, &body, now());
    } else {
        assert_eq!(
            parse::<Value>(status, &headers, &body, now()).as_ref(),
            Err(&err)
        );
        assert_eq!(
            parse_empty(status, &headers, &body, now()),
            Err(err.clone())
        );
    }
    !err.field_errors.is_empty() || err.retry_after_secs.is_some() || err.raw.len() > 1
}

fn config_json(input: &[u8]) -> bool {
    match config::parse(&text(input)) {
        Ok(c) => {
            for s in &c.sources {
                assert!(!s.name.is_empty() && s.name == s.name.trim());
                assert_eq!(config::check_api_url(&s.api_url), Ok(()));
                assert!(!s.api_url.ends_with('/'));
                for repo in &s.repos {
                    assert_eq!(config::check_repo(repo), Ok(()));
                }
                if let Some(token) = &s.token {
                    assert!(!format!("{s:?}").contains(token.as_str()) || token.len() < 12);
                }
                let _ = s.targets();
            }
            true
        }
        Err(e) => {
            assert!(e.starts_with("config.json"), "{e}");
            false
        }
    }
}

fn route(input: &[u8]) -> bool {
    let query_text = text(input);
    let route = Route::from_query(&query_text);
    assert!(route.page >= 1);
    assert_ne!(route.per_page, Some(0));
    for (name, value) in &route.filters {
        assert!(FILTER_NAMES.contains(&name.as_str()));
        assert!(!value.is_empty() && value == value.trim());
    }
    let canonical = route.to_query();
    assert!(canonical.starts_with('?'));
    assert_eq!(
        Route::from_query(&canonical),
        route,
        "round trip of {canonical}"
    );
    let terms = SearchTerms::parse(&route.q);
    let _ = (
        terms.is_empty(),
        route.filter("col").and_then(SortKey::parse),
    );
    let project = route.project.as_deref().unwrap_or("1");
    let gitlab_source = Source::new(request::Forge::GitLab, "https://gl.example/api/v4", None);
    let accepted = match route.gitlab_deployments(20) {
        Ok(params) => {
            assert_eq!(params.page, Some(route.page));
            assert!(params.per_page.is_some_and(|p| (1..=100).contains(&p)));
            let req = request::gitlab::list_deployments(&gitlab_source, project, &params);
            assert!(req.url.starts_with("https://gl.example/api/v4/"));
            true
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            false
        }
    };
    let params = route.github_deployments(30);
    assert!(params.per_page.is_some_and(|p| (1..=100).contains(&p)));
    let github_source = Source::new(request::Forge::GitHub, "https://api.github.com", None);
    let req = request::github::list_deployments(&github_source, "o", project, &params);
    assert!(req.url.starts_with("https://api.github.com/"));
    accepted && !route.filters.is_empty()
}

macro_rules! gl {
    ($file:literal) => {
        concat!("gitlab/examples/", $file)
    };
}
macro_rules! gh {
    ($file:literal) => {
        concat!("github/examples/", $file)
    };
}

const MERGE_REQUESTS: &str = r#"[{"id":1,"iid":2,"project_id":3,"title":"Fix login","description":"","state":"merged","web_url":"https://gitlab.example/g/p/-/merge_requests/2","author":{"id":1,"username":"root","name":"Administrator"},"source_branch":"fix","target_branch":"main","draft":false,"sha":"abc","merge_commit_sha":null,"created_at":"2024-06-01T12:00:00Z","updated_at":"2024-06-01T12:00:00.5Z","merged_at":"2024-06-01T13:00:00Z","closed_at":null}]"#;

const CONFIG: &str = r#"{"sources":[{"name":"Demo GitLab","kind":"gitlab","api_url":"http://127.0.0.1:8090/api/v4","token":"demo-token","projects":["1","acme/platform/web"]},{"name":"Demo GitHub","kind":"github","api_url":"https://api.github.com/","token":"demo-token","repos":["acme/shop"],"extra":1}],"users":[{"username":"alice","token":"alice-token"}]}"#;

/// Every target. Response bodies first (one per payload type the app deserialises), then
/// headers, errors, `config.json` and the route.
pub const TARGETS: &[Target] = &[
    Target {
        name: "gitlab-deployment",
        what: "parse::<gitlab::Deployment> + DeploymentRow::from_gitlab + actions",
        kind: Kind::Json,
        fixtures: &[
            (gl!("deployment_get.json"), None),
            (gl!("deployment_create.json"), None),
            (gl!("deployment_update.json"), None),
            (gl!("environment_get.json"), Some("last_deployment")),
        ],
        seeds: &[],
        run: gitlab_deployment,
    },
    Target {
        name: "gitlab-deployments",
        what: "parse::<Vec<gitlab::Deployment>> + rows + oldest_first",
        kind: Kind::Json,
        fixtures: &[(gl!("deployments_list.json"), None)],
        seeds: &["[]"],
        run: gitlab_deployments,
    },
    Target {
        name: "gitlab-environment",
        what: "parse::<gitlab::Environment> + EnvironmentCard::from_gitlab",
        kind: Kind::Json,
        fixtures: &[
            (gl!("environment_get.json"), None),
            (gl!("environment_create.json"), None),
            (gl!("environment_update.json"), None),
            (gl!("environment_stop.json"), None),
        ],
        seeds: &[],
        run: gitlab_environment,
    },
    Target {
        name: "gitlab-environments",
        what: "parse::<Vec<gitlab::Environment>> + cards + grouping",
        kind: Kind::Json,
        fixtures: &[(gl!("environments_list.json"), None)],
        seeds: &[],
        run: gitlab_environments,
    },
    Target {
        name: "gitlab-approval",
        what: "parse::<gitlab::Approval>",
        kind: Kind::Json,
        fixtures: &[(gl!("deployment_approval_create.json"), None)],
        seeds: &[],
        run: gitlab_approval,
    },
    Target {
        name: "gitlab-approval-summary",
        what: "parse::<gitlab::DeploymentApprovalFragment> + rule_name/progress",
        kind: Kind::Json,
        fixtures: &[
            (gl!("deployment_approvals.fragment.json"), None),
            (gl!("deployment_approval_summary.fragment.json"), None),
        ],
        seeds: &[],
        run: gitlab_approval_fragment,
    },
    Target {
        name: "gitlab-merge-requests",
        what: "parse::<Vec<gitlab::MergeRequest>>",
        kind: Kind::Json,
        fixtures: &[],
        seeds: &[MERGE_REQUESTS],
        run: gitlab_merge_requests,
    },
    Target {
        name: "gitlab-user",
        what: "parse::<gitlab::User>",
        kind: Kind::Json,
        fixtures: &[(gl!("deployment_get.json"), Some("user"))],
        seeds: &[],
        run: gitlab_user,
    },
    Target {
        name: "gitlab-job",
        what: "parse::<gitlab::Job>",
        kind: Kind::Json,
        fixtures: &[(gl!("deployment_get.json"), Some("deployable"))],
        seeds: &[],
        run: gitlab_job,
    },
    Target {
        name: "gitlab-review-apps",
        what: "parse::<gitlab::ReviewAppsCleanup>",
        kind: Kind::Json,
        fixtures: &[(gl!("environments_review_apps_delete.json"), None)],
        seeds: &[],
        run: gitlab_review_apps,
    },
    Target {
        name: "gitlab-stop-stale",
        what: "parse::<gitlab::StopStaleResult>",
        kind: Kind::Json,
        fixtures: &[(gl!("environments_stop_stale.json"), None)],
        seeds: &[],
        run: gitlab_stop_stale,
    },
    Target {
        name: "github-deployment",
        what: "parse::<github::Deployment> + DeploymentRow::from_github",
        kind: Kind::Json,
        fixtures: &[
            (gh!("repos__get-deployment.response.200.default.json"), None),
            (
                gh!("repos__create-deployment.response.201.simple-example.json"),
                None,
            ),
        ],
        seeds: &[],
        run: github_deployment,
    },
    Target {
        name: "github-deployments",
        what: "parse::<Vec<github::Deployment>> + rows",
        kind: Kind::Json,
        fixtures: &[
            (gh!("repos__list-deployments.response.200.default.json"), None),
            (
                gh!("actions__review-pending-deployments-for-run.response.200.default.json"),
                None,
            ),
        ],
        seeds: &[],
        run: github_deployments,
    },
    Target {
        name: "github-status",
        what: "parse::<github::DeploymentStatus> + DeploymentRow::from_github",
        kind: Kind::Json,
        fixtures: &[
            (
                gh!("repos__get-deployment-status.response.200.default.json"),
                None,
            ),
            (
                gh!("repos__create-deployment-status.response.201.default.json"),
                None,
            ),
        ],
        seeds: &[],
        run: github_status,
    },
    Target {
        name: "github-statuses",
        what: "parse::<Vec<github::DeploymentStatus>> + rows",
        kind: Kind::Json,
        fixtures: &[(
            gh!("repos__list-deployment-statuses.response.200.default.json"),
            None,
        )],
        seeds: &[],
        run: github_statuses,
    },
    Target {
        name: "github-environment",
        what: "parse::<github::Environment> + EnvironmentCard::from_github",
        kind: Kind::Json,
        fixtures: &[
            (gh!("repos__get-environment.response.200.default.json"), None),
            (
                gh!("repos__create-or-update-environment.response.200.default.json"),
                None,
            ),
        ],
        seeds: &[],
        run: github_environment,
    },
    Target {
        name: "github-environments",
        what: "parse::<github::EnvironmentList> + cards + grouping",
        kind: Kind::Json,
        fixtures: &[(
            gh!("repos__get-all-environments.response.200.default.json"),
            None,
        )],
        seeds: &[],
        run: github_environments,
    },
    Target {
        name: "github-pending",
        what: "parse::<Vec<github::PendingDeployment>>",
        kind: Kind::Json,
        fixtures: &[(
            gh!("actions__get-pending-deployments-for-run.response.200.default.json"),
            None,
        )],
        seeds: &[],
        run: github_pending,
    },
    Target {
        name: "github-reviews",
        what: "parse::<Vec<github::EnvironmentApprovals>>",
        kind: Kind::Json,
        fixtures: &[(
            gh!("actions__get-reviews-for-run.response.200.default.json"),
            None,
        )],
        seeds: &[],
        run: github_reviews,
    },
    Target {
        name: "github-accepted",
        what: "parse::<github::DeploymentAccepted>",
        kind: Kind::Json,
        fixtures: &[(
            gh!("repos__create-deployment.response.202.merged-branch-response.json"),
            None,
        )],
        seeds: &[],
        run: github_accepted,
    },
    Target {
        name: "github-user",
        what: "parse::<github::SimpleUser>",
        kind: Kind::Json,
        fixtures: &[(
            gh!("repos__get-deployment.response.200.default.json"),
            Some("creator"),
        )],
        seeds: &[],
        run: github_user,
    },
    Target {
        name: "error-response",
        what: "ApiError::from_response, parse, parse_empty (status + headers + body)",
        kind: Kind::Error,
        fixtures: &[
            (gl!("deployment_delete_403.json"), None),
            (gl!("deployment_delete_400_running.json"), None),
            (gl!("deployment_delete_400_current.json"), None),
        ],
        seeds: &[
            "401\n\n{\"message\":\"401 Unauthorized\"}",
            "400\n\n{\"message\":{\"name\":[\"has already been taken\"],\"base\":[\"x\"]}}",
            "429\nRetry-After: 18446744073709551615\n\n{\"message\":{\"error\":\"Rate limit\"}}",
            "403\nx-ratelimit-remaining: 0\nx-ratelimit-reset: -9223372036854775808\n\n{\"message\":\"API rate limit exceeded\",\"documentation_url\":\"https://docs.github.com\"}",
            "422\n\n{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Deployment\",\"field\":\"ref\",\"code\":\"missing_field\"},\"plain\"]}",
            "400\n\n{\"error\":\"invalid_grant\",\"error_description\":\"The provided grant is invalid\"}",
            "502\ncontent-type: text/html\n\n<html><body>Bad gateway</body></html>",
            "429\n\nRetry later",
            "403\nRetry-After: Wed, 21 Oct 2015 07:28:00 GMT\n\n",
        ],
        run: error,
    },
    Target {
        name: "pagination",
        what: "Pagination::from_headers (+ has_next)",
        kind: Kind::Headers,
        fixtures: &[],
        seeds: &[
            "x-page: 2\nx-per-page: 20\nx-total: 45\nx-total-pages: 3\nx-next-page: 3\nx-prev-page: 1\n",
            "X-Next-Page: \nX-Prev-Page: 18446744073709551615\n",
            "link: <https://api.github.com/x?page=2&per_page=30>; rel=\"next\", <https://api.github.com/x?page=18446744073709551615>; rel=\"last\"\n",
            "Link: <https://x/?page=4000000000>; rel=\"prev\"\nx-page: -9223372036854775808\n",
        ],
        run: pagination,
    },
    Target {
        name: "link",
        what: "pagination::parse_link",
        kind: Kind::Link,
        fixtures: &[],
        seeds: &[
            "<https://x/?page=2>; rel=\"next\", <https://x/?page=5>; rel=\"last\"",
            "<https://x/?page=1>; rel=\"first prev\",<https://x/?a=<b>>;rel=next",
            "<>; rel=",
            "<https://x;rel=\"next\">; title=\"a, <b>\"; rel=last",
        ],
        run: link,
    },
    Target {
        name: "config",
        what: "config::parse (config.json)",
        kind: Kind::Json,
        fixtures: &[],
        seeds: &[
            CONFIG,
            r#"{"sources":[]}"#,
            r#"{"sources":[{"name":"x","kind":"github","api_url":"https://u:p@x","repos":["o/r/x"]}],"users":{}}"#,
        ],
        run: config_json,
    },
    Target {
        name: "route",
        what: "Route::from_query/to_query + gitlab/github_deployments + list requests",
        kind: Kind::Route,
        fixtures: &[],
        seeds: &[
            "?source=0&project=acme%2Fweb&view=deployments&status=failed&environment=production&order_by=created_at&sort=desc&q=fix+login&page=3&per_page=100&deployment=42",
            "?order_by=updated_at&updated_after=2026-11-01&col=duration&dir=desc",
            "?order_by=finished_at&finished_after=2026-11-01T00:00:00Z&status=success",
            "?source=18446744073709551616&page=4294967296&per_page=0&deployment=-1&view=%ff",
        ],
        run: route,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pairing_constants_parse() {
        assert_eq!(fixture_github_deployment().id, 42);
        assert_eq!(fixture_github_status().id, 1);
    }

    #[test]
    fn names_are_unique_and_file_safe() {
        for (i, t) in TARGETS.iter().enumerate() {
            assert!(t.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(TARGETS[..i].iter().all(|o| o.name != t.name), "{}", t.name);
        }
    }

    #[test]
    fn error_input_layout() {
        let (status, headers, body) = read_error(b"429\nRetry-After: 5\nx: y\n\n{\"a\":1}");
        assert_eq!(status, 429);
        assert_eq!(
            headers,
            [
                ("Retry-After".to_owned(), "5".to_owned()),
                ("x".to_owned(), "y".to_owned())
            ]
        );
        assert_eq!(body, "{\"a\":1}");
        assert_eq!(read_error(b"junk").0, 500);
    }
}
