//! Property tests for every parser that sees outside input: response bodies of each payload type
//! and their mapping to view rows and cards, error responses, pagination and `Link` headers,
//! `config.json` and the route's query string. Arbitrary text, arbitrary JSON, mutated fixtures
//! and extreme header values must never panic, and what the code guarantees must hold.
//! (The long-running mutational fuzzer is `cargo xtask fuzz`, in `crates/fuzz`.)

use std::path::Path;
use std::sync::OnceLock;

use chrono::{DateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use shipboard_core::config;
use shipboard_core::model::view::{DeploymentRow, EnvironmentCard, Forge};
use shipboard_core::model::{github, gitlab};
use shipboard_core::query::{SearchTerms, SortKey};
use shipboard_core::request::{self, Source};
use shipboard_core::response::{
    self, header, pagination::parse_link, parse, parse_empty, ApiError, ErrorKind, Pagination,
};
use shipboard_core::route::{Route, FILTER_NAMES};
use shipboard_core::safe_url::SafeUrl;
use shipboard_core::{actions, query};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Body parsers: every payload type, through `response::parse` (status 200) and on to the view.
// ---------------------------------------------------------------------------------------------

/// Parses a 2xx body as one payload type and maps what parsed; `Err` is the parse error.
type BodyParser = fn(&str) -> Result<(), ApiError>;

fn ok<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    parse::<T>(200, &[], body, now())
}

/// Checks the gate every row URL went through: what passed `SafeUrl::parse` passes it unchanged.
fn check_url(url: &Option<SafeUrl>) {
    if let Some(u) = url {
        assert_eq!(SafeUrl::parse(u).as_ref(), Some(u), "unsafe URL kept");
    }
}

fn check_row(row: &DeploymentRow) {
    for url in [
        &row.commit_url(),
        &row.log_url(),
        &row.environment_url,
        &row.job_url(),
        &row.pipeline_url(),
    ] {
        check_url(url);
    }
    // Every value the row can produce renders and sorts without panicking.
    let _ = (row.number(), row.status.rank(), row.status.is_finished());
    let q = query::Query {
        search: format!("{} #{}", row.git_ref, row.number()),
        ..query::Query::default()
    };
    let _ = q.apply(std::slice::from_ref(row));
}

fn gitlab_row(d: &gitlab::Deployment) {
    let row = DeploymentRow::from_gitlab("group/project", d);
    assert_eq!(
        (row.forge, row.id, row.iid),
        (Forge::GitLab, d.id, Some(d.iid))
    );
    assert_eq!(row.sha, d.sha);
    check_row(&row);
    let _ = (actions::waiting_for(d), actions::next_statuses(&d.status));
    let _ = actions::updatable(d);
}

fn gitlab_card(e: &gitlab::Environment) {
    let card = EnvironmentCard::from_gitlab("group/project", e);
    assert_eq!((card.id, &card.name), (e.id, &e.name));
    if let Some(folder) = &card.folder {
        assert!(e.name.starts_with(&format!("{folder}/")));
    }
    check_url(&card.external_url);
    if let Some(row) = &card.last_deployment {
        if !e.name.is_empty() {
            assert!(!row.environment.is_empty(), "filled from the environment");
        }
        check_row(row);
    }
    let cards = [card];
    let _ = (query::group_by_folder(&cards), query::group_by_tier(&cards));
}

fn fixture_github_deployment() -> &'static github::Deployment {
    static D: OnceLock<github::Deployment> = OnceLock::new();
    D.get_or_init(|| load("github/examples/repos__get-deployment.response.200.default.json"))
}

fn fixture_github_status() -> &'static github::DeploymentStatus {
    static S: OnceLock<github::DeploymentStatus> = OnceLock::new();
    S.get_or_init(|| load("github/examples/repos__get-deployment-status.response.200.default.json"))
}

fn github_row(d: &github::Deployment, s: Option<&github::DeploymentStatus>) {
    let row = DeploymentRow::from_github("octo/repo", d, s);
    assert_eq!((row.forge, row.id, row.iid), (Forge::GitHub, d.id, None));
    assert_eq!(row.finished_at.is_some(), row.duration_secs.is_some());
    assert!(row.updated_at >= d.updated_at);
    check_row(&row);
}

fn github_card(e: &github::Environment) {
    let card = EnvironmentCard::from_github("octo/repo", e);
    assert_eq!(card.protection.len(), e.protection_rules.len());
    check_url(&card.web_url);
    for rule in &e.protection_rules {
        for r in &rule.reviewers {
            assert!(!r.reviewer.label().is_empty());
        }
    }
    let _ = query::group_by_tier(&[card]);
}

fn each<T>(f: fn(&T)) -> impl Fn(Vec<T>) {
    move |items| items.iter().for_each(f)
}

/// Every payload type Shipboard deserialises from an API answer, with its view mapping.
const BODY_PARSERS: &[(&str, BodyParser)] = &[
    ("gitlab::Deployment", |b| ok(b).map(|d| gitlab_row(&d))),
    ("Vec<gitlab::Deployment>", |b| ok(b).map(each(gitlab_row))),
    ("gitlab::Environment", |b| ok(b).map(|e| gitlab_card(&e))),
    ("Vec<gitlab::Environment>", |b| ok(b).map(each(gitlab_card))),
    ("gitlab::Approval", |b| ok::<gitlab::Approval>(b).map(drop)),
    ("gitlab::DeploymentApprovalFragment", |b| {
        ok::<gitlab::DeploymentApprovalFragment>(b).map(drop)
    }),
    ("Vec<gitlab::MergeRequest>", |b| {
        ok::<Vec<gitlab::MergeRequest>>(b).map(drop)
    }),
    ("gitlab::User", |b| ok::<gitlab::User>(b).map(drop)),
    ("gitlab::Job", |b| ok::<gitlab::Job>(b).map(drop)),
    ("gitlab::ReviewAppsCleanup", |b| {
        ok::<gitlab::ReviewAppsCleanup>(b).map(drop)
    }),
    ("gitlab::StopStaleResult", |b| {
        ok::<gitlab::StopStaleResult>(b).map(drop)
    }),
    ("github::Deployment", |b| {
        ok(b).map(|d| {
            github_row(&d, None);
            github_row(&d, Some(fixture_github_status()));
        })
    }),
    ("Vec<github::Deployment>", |b| {
        ok::<Vec<github::Deployment>>(b).map(|v| v.iter().for_each(|d| github_row(d, None)))
    }),
    ("Vec<github::DeploymentStatus>", |b| {
        ok::<Vec<github::DeploymentStatus>>(b).map(|v| {
            v.iter()
                .for_each(|s| github_row(fixture_github_deployment(), Some(s)))
        })
    }),
    ("github::DeploymentStatus", |b| {
        ok(b).map(|s| github_row(fixture_github_deployment(), Some(&s)))
    }),
    ("github::Environment", |b| ok(b).map(|e| github_card(&e))),
    ("github::EnvironmentList", |b| {
        ok::<github::EnvironmentList>(b).map(|l| l.environments.iter().for_each(github_card))
    }),
    ("Vec<github::PendingDeployment>", |b| {
        ok::<Vec<github::PendingDeployment>>(b).map(|v| {
            for p in &v {
                for r in &p.reviewers {
                    assert!(!r.reviewer.label().is_empty());
                }
            }
        })
    }),
    ("Vec<github::EnvironmentApprovals>", |b| {
        ok::<Vec<github::EnvironmentApprovals>>(b).map(drop)
    }),
    ("github::DeploymentAccepted", |b| {
        ok::<github::DeploymentAccepted>(b).map(drop)
    }),
    ("github::SimpleUser", |b| {
        ok::<github::SimpleUser>(b).map(drop)
    }),
    ("()", |b| ok::<()>(b)),
    ("Option<Value>", |b| ok::<Option<Value>>(b).map(drop)),
];

/// Runs `body` through every body parser; decode failures must be `ErrorKind::Decode` errors
/// carrying the status, and a body that is not JSON at all must fail every typed parse.
fn all_body_parsers(body: &str) {
    let is_json = body.trim().is_empty() || serde_json::from_str::<Value>(body).is_ok();
    for (name, parser) in BODY_PARSERS {
        match parser(body) {
            Ok(()) => assert!(is_json, "{name} accepted non-JSON {body:?}"),
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::Decode, "{name}");
                assert_eq!(e.status, Some(200));
                assert!(!e.message.is_empty());
            }
        }
    }
    assert_eq!(parse_empty(204, &[], body, now()), Ok(()));
}

/// `(fixture file, the parser it belongs to)` for the response examples.
const FIXTURE_PARSERS: &[(&str, &str)] = &[
    ("gitlab/examples/deployment_get.json", "gitlab::Deployment"),
    (
        "gitlab/examples/deployment_create.json",
        "gitlab::Deployment",
    ),
    (
        "gitlab/examples/deployments_list.json",
        "Vec<gitlab::Deployment>",
    ),
    (
        "gitlab/examples/environment_get.json",
        "gitlab::Environment",
    ),
    (
        "gitlab/examples/environment_stop.json",
        "gitlab::Environment",
    ),
    (
        "gitlab/examples/environments_list.json",
        "Vec<gitlab::Environment>",
    ),
    (
        "gitlab/examples/deployment_approval_create.json",
        "gitlab::Approval",
    ),
    (
        "gitlab/examples/deployment_approvals.fragment.json",
        "gitlab::DeploymentApprovalFragment",
    ),
    (
        "gitlab/examples/environments_review_apps_delete.json",
        "gitlab::ReviewAppsCleanup",
    ),
    (
        "gitlab/examples/environments_stop_stale.json",
        "gitlab::StopStaleResult",
    ),
    (
        "github/examples/repos__get-deployment.response.200.default.json",
        "github::Deployment",
    ),
    (
        "github/examples/repos__list-deployments.response.200.default.json",
        "Vec<github::Deployment>",
    ),
    (
        "github/examples/repos__get-deployment-status.response.200.default.json",
        "github::DeploymentStatus",
    ),
    (
        "github/examples/repos__list-deployment-statuses.response.200.default.json",
        "Vec<github::DeploymentStatus>",
    ),
    (
        "github/examples/repos__get-environment.response.200.default.json",
        "github::Environment",
    ),
    (
        "github/examples/repos__get-all-environments.response.200.default.json",
        "github::EnvironmentList",
    ),
    (
        "github/examples/actions__get-pending-deployments-for-run.response.200.default.json",
        "Vec<github::PendingDeployment>",
    ),
    (
        "github/examples/actions__get-reviews-for-run.response.200.default.json",
        "Vec<github::EnvironmentApprovals>",
    ),
    (
        "github/examples/repos__create-deployment.response.202.merged-branch-response.json",
        "github::DeploymentAccepted",
    ),
];

fn read(name: &str) -> String {
    let path = Path::new(FIXTURES).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn load<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The response fixtures: `(text, parsed value, parser)`.
fn fixtures() -> &'static [(String, Value, BodyParser)] {
    static ALL: OnceLock<Vec<(String, Value, BodyParser)>> = OnceLock::new();
    ALL.get_or_init(|| {
        FIXTURE_PARSERS
            .iter()
            .map(|(file, parser)| {
                let text = read(file);
                let value = serde_json::from_str(&text).expect("fixture is JSON");
                let parser = BODY_PARSERS
                    .iter()
                    .find(|(n, _)| n == parser)
                    .map(|(_, p)| *p)
                    .expect("parser in the table");
                (text, value, parser)
            })
            .collect()
    })
}

#[test]
fn every_fixture_parses_with_its_fuzz_parser() {
    assert!(!fixtures().is_empty());
    for ((text, _, parser), (file, name)) in fixtures().iter().zip(FIXTURE_PARSERS) {
        assert_eq!(parser(text), Ok(()), "{file} as {name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies.
// ---------------------------------------------------------------------------------------------

/// Numbers the parsers should meet at the edges.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "4000000000",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999",
    "1e308",
    "-1e308",
    "1e400",
    "0.5",
    "-0",
    "+5",
    " 7 ",
    "0x10",
    "1_000",
    "٣",
    "",
    " ",
    "NaN",
];

/// Strings that mean something to some field: dates, URLs, statuses, names with slashes.
const STRINGS: &[&str] = &[
    "",
    " ",
    "2024-06-01T12:00:00Z",
    "2024-06-01T12:00:00.123456789+14:00",
    "+262142-12-31T23:59:59Z",
    "-262143-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "2024-02-30T25:61:61Z",
    "2024-06-01",
    "https://gitlab.example.com/group/project/-/pipelines/1",
    "https://api.github.com/repos/o/r",
    "https://ghe.example/api/v3/repos/",
    "http://",
    "https://@:",
    "https://x\\y",
    "javascript:alert(1)",
    "/repos/",
    "/pipelines/",
    "review/app",
    "/",
    "success",
    "failed",
    "blocked",
    "in_progress",
    "inactive",
    "approved",
    "User",
    "wait_timer",
    "production",
    "available",
    "\u{0}",
    "\u{202e}ÿ𝄞",
    "#18446744073709551615",
    "rate limit",
    "<html>",
    "400 Bad request - x",
];

/// Keys of the payload models, so random objects often hit a real field.
const KEYS: &[&str] = &[
    "id",
    "iid",
    "ref",
    "sha",
    "status",
    "state",
    "created_at",
    "updated_at",
    "finished_at",
    "duration",
    "user",
    "username",
    "login",
    "name",
    "environment",
    "environments",
    "deployable",
    "pipeline",
    "commit",
    "web_url",
    "html_url",
    "external_url",
    "repository_url",
    "log_url",
    "target_url",
    "last_deployment",
    "tier",
    "approvals",
    "approval_summary",
    "rules",
    "protection_rules",
    "reviewers",
    "reviewer",
    "type",
    "message",
    "errors",
    "error",
    "error_description",
    "documentation_url",
    "field",
    "code",
    "sources",
    "users",
    "kind",
    "api_url",
    "token",
    "projects",
    "repos",
];

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        proptest::sample::select(NUMBERS)
            .prop_filter_map("a JSON number", |n| serde_json::from_str(n).ok()),
    ]
}

fn json_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(STRINGS).prop_map(str::to_owned),
        any::<String>(),
        "[a-z/:.#?@%&=<>;, \"-]{0,24}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        json_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let key = prop_oneof![
            3 => proptest::sample::select(KEYS).prop_map(str::to_owned),
            1 => any::<String>(),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key, inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A value deep inside `value`, chosen by `pick`, replaced by `with` (or removed from its object
/// when `with` is `None` and it has a key).
fn replace_at(value: &mut Value, mut pick: u64, with: Option<Value>) {
    let mut here = value;
    loop {
        let len = match here {
            Value::Array(a) => a.len(),
            Value::Object(o) => o.len(),
            _ => 0,
        };
        // Stop here one time in four, or at a leaf.
        if len == 0 || pick.is_multiple_of(4) {
            if let Some(with) = with {
                *here = with;
            }
            return;
        }
        pick /= 4;
        let i = (pick % len as u64) as usize;
        pick /= len as u64 + 1;
        if with.is_none() && pick.is_multiple_of(3) {
            match here {
                Value::Array(a) => drop(a.remove(i)),
                Value::Object(o) => {
                    let key = o.keys().nth(i).cloned().expect("in range");
                    o.remove(&key);
                }
                _ => unreachable!(),
            }
            return;
        }
        here = match here {
            Value::Array(a) => &mut a[i],
            Value::Object(o) => o.values_mut().nth(i).expect("in range"),
            _ => unreachable!(),
        };
    }
}

/// A fixture index and its JSON with a few values replaced or removed.
fn mutated_fixture() -> impl Strategy<Value = (usize, Value)> {
    let edits = proptest::collection::vec(
        (any::<u64>(), proptest::option::weighted(0.8, json_value())),
        1..4,
    );
    (0..fixtures().len(), edits).prop_map(|(i, edits)| {
        let mut value = fixtures()[i].1.clone();
        for (pick, with) in edits {
            replace_at(&mut value, pick, with);
        }
        (i, value)
    })
}

/// The largest index `<= i` that is a char boundary of `s`.
fn boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A fixture's text with byte ranges deleted and text inserted (still UTF-8).
fn mutated_text() -> impl Strategy<Value = (usize, String)> {
    let edits = proptest::collection::vec(
        (
            any::<prop::sample::Index>(),
            0usize..16,
            prop_oneof![
                proptest::sample::select(NUMBERS).prop_map(str::to_owned),
                proptest::sample::select(&["{", "}", "[", "]", ",", ":", "\"", "\\", "null"][..])
                    .prop_map(str::to_owned),
                any::<String>(),
            ],
        ),
        1..5,
    );
    (0..fixtures().len(), edits).prop_map(|(i, edits)| {
        let mut text = fixtures()[i].0.clone();
        for (at, del, insert) in edits {
            let start = boundary(&text, at.index(text.len() + 1));
            let end = boundary(&text, start + del);
            text.replace_range(start..end, &insert);
        }
        (i, text)
    })
}

/// Header names the parsers read, in odd spellings, and others.
const HEADER_NAMES: &[&str] = &[
    "x-page",
    "X-Per-Page",
    "x-total",
    "X-TOTAL-PAGES",
    "x-next-page",
    "x-prev-page",
    "link",
    "Link",
    "retry-after",
    "Retry-After",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "content-type",
    "",
];

fn link_value() -> impl Strategy<Value = String> {
    let url = prop_oneof![
        proptest::sample::select(NUMBERS)
            .prop_map(|n| format!("https://x/api?page={n}&per_page={n}")),
        proptest::sample::select(STRINGS).prop_map(str::to_owned),
        "[a-z/:?&=#<>;, \"]{0,20}",
    ];
    let rel = prop_oneof![
        proptest::sample::select(
            &[
                "next",
                "prev",
                "previous",
                "first",
                "last",
                "NEXT last",
                "",
                "\"",
                " "
            ][..]
        )
        .prop_map(str::to_owned),
        any::<String>(),
    ];
    let link = (url, rel, any::<bool>()).prop_map(|(url, rel, quoted)| {
        if quoted {
            format!("<{url}>; rel=\"{rel}\"")
        } else {
            format!("<{url}>;rel={rel}")
        }
    });
    prop_oneof![
        3 => proptest::collection::vec(link, 0..5).prop_map(|l| l.join(", ")),
        1 => any::<String>(),
        1 => "[<>;=, \"a-z]{0,30}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(NUMBERS).prop_map(str::to_owned),
        2 => any::<u64>().prop_map(|n| n.to_string()),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        1 => proptest::sample::select(&[
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 +2359",
            "Tue, 31 Feb 2024 00:00:00 GMT",
        ][..])
        .prop_map(str::to_owned),
        2 => link_value(),
        1 => any::<String>(),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        4 => proptest::sample::select(HEADER_NAMES).prop_map(str::to_owned),
        1 => any::<String>(),
    ];
    proptest::collection::vec((name, header_value()), 0..10)
}

/// An error body: a GitLab or GitHub error shape with random parts, random JSON, or text.
fn error_body() -> impl Strategy<Value = String> {
    let message = prop_oneof![
        json_string().prop_map(Value::String),
        json_value(),
        proptest::collection::vec((json_string(), json_value()), 0..4)
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
    ];
    let shaped = (message, proptest::option::of(json_value()), json_value()).prop_map(
        |(message, errors, extra)| {
            let mut o = Map::new();
            o.insert("message".into(), message);
            if let Some(errors) = errors {
                o.insert("errors".into(), errors);
            }
            o.insert("documentation_url".into(), extra);
            Value::Object(o).to_string()
        },
    );
    prop_oneof![
        2 => shaped,
        1 => json_value().prop_map(|v| v.to_string()),
        1 => any::<String>(),
        1 => "(<html>|Retry later|400 Bad request - )?[a-z <>]{0,40}",
    ]
}

// ---------------------------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------------------------

/// The first header `name` parsed as the pagination code parses numbers.
fn number_header(headers: &[(String, String)], name: &str) -> Option<u64> {
    header(headers, name).and_then(|v| v.trim().parse().ok())
}

fn check_pagination(headers: &[(String, String)]) {
    let p = Pagination::from_headers(headers);
    assert_eq!(p.has_next(), p.next_page.is_some() || p.next_url.is_some());
    for (name, got) in [
        ("x-page", p.page),
        ("x-per-page", p.per_page),
        ("x-total", p.total),
        ("x-total-pages", p.total_pages),
        ("x-next-page", p.next_page),
        ("x-prev-page", p.prev_page),
    ] {
        if let Some(n) = number_header(headers, name) {
            assert_eq!(got, Some(n), "{name} from {headers:?}");
        }
    }
    let links = header(headers, "link").map(parse_link).unwrap_or_default();
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
}

fn check_link(value: &str) {
    for (rel, url) in parse_link(value) {
        assert!(!rel.is_empty(), "empty rel from {value:?}");
        assert!(!rel.chars().any(|c| c.is_ascii_whitespace()));
        assert_eq!(rel, rel.to_ascii_lowercase());
        assert!(
            !url.contains('>') && value.contains(&url),
            "{url:?} from {value:?}"
        );
    }
}

fn check_error(status: u16, headers: &[(String, String)], body: &str) {
    let err = ApiError::from_response(status, headers, body, now());
    assert_eq!(err.status, Some(status));
    assert!(
        !err.message.is_empty(),
        "empty message for {status} {body:?}"
    );
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
        assert_eq!(err.kind, want, "{status}");
    }
    if let Some(secs) = header(headers, "retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
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
    );
    let redacted = err.clone().redact("secret-token");
    assert_eq!(redacted.kind, err.kind);
    // Through the response entry points: any non-2xx is this same error.
    if !response::is_success(status) {
        assert_eq!(
            parse::<Value>(status, headers, body, now()),
            Err(err.clone())
        );
        assert_eq!(parse_empty(status, headers, body, now()), Err(err));
    }
}

fn check_config(text: &str) {
    match config::parse(text) {
        Ok(c) => {
            for s in &c.sources {
                assert!(!s.name.is_empty() && s.name == s.name.trim());
                assert_eq!(config::check_api_url(&s.api_url), Ok(()), "{}", s.api_url);
                assert!(!s.api_url.ends_with('/'));
                for repo in &s.repos {
                    assert_eq!(config::check_repo(repo), Ok(()));
                }
                assert!(!format!("{s:?}").contains("secret-token-value"));
                let _ = s.targets();
            }
        }
        Err(e) => assert!(e.starts_with("config.json"), "{e}"),
    }
}

fn config_text() -> impl Strategy<Value = String> {
    let field = |name: &'static str, good: &'static [&'static str]| {
        proptest::option::weighted(
            0.9,
            prop_oneof![
                3 => proptest::sample::select(good).prop_map(Value::from),
                1 => json_value(),
            ],
        )
        .prop_map(move |v| (name, v))
    };
    let source = (
        field("name", &["Demo", " x ", ""]),
        field("kind", &["gitlab", "github", "GitLab", ""]),
        field(
            "api_url",
            &[
                "https://gitlab.com/api/v4/",
                "http://127.0.0.1:8090/github",
                "https://u:p@x",
                "https://",
                "https:///x",
                "https://x?y",
                "ftp://x",
            ],
        ),
        field("token", &["secret-token-value", "", " "]),
        field("projects", &["1"]),
        proptest::option::weighted(
            0.5,
            proptest::collection::vec(
                prop_oneof![
                    proptest::sample::select(&["o/r", "o/", "/r", "o/r/x", "", " o/r "][..])
                        .prop_map(Value::from),
                    json_value(),
                ],
                0..3,
            ),
        )
        .prop_map(|v| ("repos", v.map(Value::Array))),
    )
        .prop_map(|fields| {
            let (a, b, c, d, e, f) = fields;
            let o: Map<String, Value> = [a, b, c, d, e, f]
                .into_iter()
                .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                .collect();
            Value::Object(o)
        });
    let user = (
        field("username", &["alice", ""]),
        field("token", &["secret-token-value", ""]),
    )
        .prop_map(|(a, b)| {
            Value::Object(
                [a, b]
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                    .collect(),
            )
        });
    let structured = (
        proptest::collection::vec(prop_oneof![5 => source, 1 => json_value()], 0..4),
        proptest::option::of(proptest::collection::vec(user, 0..3)),
    )
        .prop_map(|(sources, users)| {
            let mut o = Map::new();
            o.insert("sources".into(), Value::Array(sources));
            if let Some(users) = users {
                o.insert("users".into(), Value::Array(users));
            }
            Value::Object(o).to_string()
        });
    prop_oneof![
        4 => structured,
        1 => json_value().prop_map(|v| v.to_string()),
        1 => any::<String>(),
    ]
}

/// Parameter names the route reads, plus unknown ones.
const ROUTE_NAMES: &[&str] = &[
    "source",
    "project",
    "view",
    "q",
    "page",
    "per_page",
    "deployment",
    "col",
    "dir",
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
    "sta%74us",
    "unknown",
    "",
];

fn route_query() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        proptest::sample::select(NUMBERS).prop_map(str::to_owned),
        proptest::sample::select(STRINGS).prop_map(str::to_owned),
        proptest::sample::select(
            &[
                "%",
                "%z",
                "%zz",
                "%ff%fe",
                "%00",
                "+",
                "%2B",
                "%20x%20",
                "a=b",
                "%E2%82",
                "deployments",
                "environments",
                "approvals",
                "settings",
                "updated_at",
                "finished_at",
                "asc",
                "desc",
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-z0-9%+=&#/ ]{0,12}",
        any::<String>(),
    ];
    let name = prop_oneof![
        5 => proptest::sample::select(ROUTE_NAMES).prop_map(str::to_owned),
        1 => "[a-z%+=_]{0,8}",
    ];
    let structured = (
        any::<bool>(),
        proptest::collection::vec((name, proptest::option::weighted(0.9, value)), 0..8),
    )
        .prop_map(|(mark, pairs)| {
            let joined: Vec<String> = pairs
                .into_iter()
                .map(|(n, v)| match v {
                    Some(v) => format!("{n}={v}"),
                    None => n,
                })
                .collect();
            format!("{}{}", if mark { "?" } else { "" }, joined.join("&"))
        });
    prop_oneof![4 => structured, 1 => any::<String>()]
}

fn check_route(query_text: &str) {
    let route = Route::from_query(query_text);
    assert!(route.page >= 1);
    assert_ne!(route.per_page, Some(0));
    for (name, value) in &route.filters {
        assert!(FILTER_NAMES.contains(&name.as_str()), "{name}");
        assert!(!value.is_empty() && value == value.trim(), "{value:?}");
    }
    let canonical = route.to_query();
    assert!(canonical.starts_with('?'));
    assert_eq!(
        Route::from_query(&canonical),
        route,
        "{query_text:?} → {canonical:?}"
    );
    let terms = SearchTerms::parse(&route.q);
    let _ = (
        terms.is_empty(),
        route.filter("col").and_then(SortKey::parse),
    );
    let gitlab_source = Source::new(
        request::Forge::GitLab,
        "https://gitlab.example/api/v4",
        None,
    );
    let project = route.project.as_deref().unwrap_or("1");
    match route.gitlab_deployments(20) {
        Ok(params) => {
            assert_eq!(params.page, Some(route.page));
            assert!(params.per_page.is_some_and(|p| (1..=100).contains(&p)));
            let req = request::gitlab::list_deployments(&gitlab_source, project, &params);
            assert!(req.url.starts_with("https://gitlab.example/api/v4/"));
        }
        Err(errors) => assert!(!errors.is_empty()),
    }
    let params = route.github_deployments(30);
    assert!(params.per_page.is_some_and(|p| (1..=100).contains(&p)));
    let github_source = Source::new(request::Forge::GitHub, "https://api.github.com", None);
    let req = request::github::list_deployments(&github_source, "o", project, &params);
    assert!(req.url.starts_with("https://api.github.com/"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_through_every_body_parser(body in any::<String>()) {
        all_body_parsers(&body);
    }

    #[test]
    fn any_json_through_every_body_parser(value in json_value()) {
        all_body_parsers(&value.to_string());
    }

    #[test]
    fn mutated_fixtures_through_their_parser((i, value) in mutated_fixture()) {
        let body = value.to_string();
        let _ = (fixtures()[i].2)(&body);
        all_body_parsers(&body);
    }

    #[test]
    fn mutated_fixture_text_through_their_parser((i, text) in mutated_text()) {
        match (fixtures()[i].2)(&text) {
            Ok(()) => prop_assert!(serde_json::from_str::<Value>(&text).is_ok()),
            Err(e) => prop_assert_eq!(e.kind, ErrorKind::Decode),
        }
    }

    #[test]
    fn pagination_from_any_headers(headers in headers()) {
        check_pagination(&headers);
    }

    #[test]
    fn link_header_from_any_text(value in link_value()) {
        check_link(&value);
    }

    #[test]
    fn error_responses(status in prop_oneof![
        3 => proptest::sample::select(
            &[0u16, 100, 204, 304, 400, 401, 403, 404, 409, 422, 429, 500, 503, 599, 600][..]
        ),
        1 => any::<u16>(),
    ], headers in headers(), body in error_body()) {
        check_error(status, &headers, &body);
    }

    #[test]
    fn config_json(text in config_text()) {
        check_config(&text);
    }

    #[test]
    fn route_from_any_query(query_text in route_query()) {
        check_route(&query_text);
    }
}

/// Header values at the edges of every integer type, one header at a time and all together.
#[test]
fn extreme_header_values() {
    for value in NUMBERS {
        for name in HEADER_NAMES {
            let one = vec![(name.to_string(), value.to_string())];
            check_pagination(&one);
            for status in [403, 429, 503] {
                check_error(status, &one, "");
            }
        }
        let all: Vec<(String, String)> = HEADER_NAMES
            .iter()
            .map(|n| (n.to_string(), value.to_string()))
            .collect();
        check_pagination(&all);
        check_error(403, &all, "{}");
        let exhausted = vec![
            ("x-ratelimit-remaining".to_owned(), "0".to_owned()),
            ("x-ratelimit-reset".to_owned(), value.to_string()),
        ];
        check_error(403, &exhausted, "");
        check_error(429, &exhausted, "{\"message\":\"API rate limit exceeded\"}");
        let link = format!("<https://x/?page={value}&per_page={value}>; rel=\"next\", <https://x/?page={value}>; rel=\"prev\", <https://x/?page={value}>; rel=\"last\"");
        check_pagination(&[("link".into(), link.clone())]);
        check_link(&link);
        check_route(&format!(
            "?page={value}&per_page={value}&deployment={value}&source={value}"
        ));
    }
}

/// Found by the fuzzer: `x-ratelimit-reset: -9223372036854775808` with no requests remaining
/// overflowed `reset - now` (a panic in debug builds, a wrapped wait in release).
#[test]
fn regression_rate_limit_reset_at_the_ends_of_i64() {
    for (reset, want) in [
        (i64::MIN, 0),
        (i64::MAX, (i64::MAX - now().timestamp()) as u64),
    ] {
        let headers = vec![
            ("x-ratelimit-remaining".to_owned(), "0".to_owned()),
            ("x-ratelimit-reset".to_owned(), reset.to_string()),
        ];
        let err = ApiError::from_response(403, &headers, "", now());
        assert_eq!(err.kind, ErrorKind::RateLimited);
        assert_eq!(err.retry_after_secs, Some(want), "reset {reset}");
    }
}

/// Found by the fuzzer: `X-Prev-Page: 18446744073709551615` (and no `X-Page`) overflowed
/// `prev + 1` when inferring the current page.
#[test]
fn regression_prev_page_at_u64_max() {
    let headers = vec![("X-Prev-Page".to_owned(), u64::MAX.to_string())];
    let p = Pagination::from_headers(&headers);
    assert_eq!(p.prev_page, Some(u64::MAX));
    assert_eq!(p.page, None, "no page number after u64::MAX");
    let headers = vec![(
        "link".to_owned(),
        format!("<https://x/?page={}>; rel=\"prev\"", u64::MAX),
    )];
    assert_eq!(Pagination::from_headers(&headers).page, None);
}
