//! Tests of response: success parsing, every error body shape and status kind, and pagination.

use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;
use shipboard_core::request::Forge;
use shipboard_core::response::{
    error::clean, pagination::parse_link, parse, parse_empty, ApiError, ErrorKind, Pagination,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// What an error response must turn into.
struct Expect<'a> {
    kind: ErrorKind,
    message: &'a str,
    fields: &'a [(&'a str, &'a str)],
    retry: Option<u64>,
}

fn expect(kind: ErrorKind, message: &str) -> Expect<'_> {
    Expect {
        kind,
        message,
        fields: &[],
        retry: None,
    }
}

fn check(status: u16, hdrs: &[(&str, &str)], body: &str, want: Expect<'_>) {
    let err = parse::<serde_json::Value>(status, &headers(hdrs), body, now())
        .expect_err("non-2xx must be an error");
    assert_eq!(err.kind, want.kind, "kind for {status} {body}");
    assert_eq!(err.status, Some(status));
    assert_eq!(err.message, want.message, "message for {status} {body}");
    let fields: Vec<(String, String)> = want
        .fields
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    assert_eq!(err.field_errors, fields, "fields for {body}");
    assert_eq!(
        err.retry_after_secs, want.retry,
        "retry for {status} {hdrs:?}"
    );
    // The same through the empty-body variant.
    let again = parse_empty(status, &headers(hdrs), body, now()).expect_err("still an error");
    assert_eq!(again, err);
}

#[test]
fn gitlab_error_bodies() {
    check(
        401,
        &[],
        r#"{"message":"401 Unauthorized"}"#,
        expect(ErrorKind::Unauthorized, "Unauthorized"),
    );
    check(
        403,
        &[],
        r#"{"message":"403 Forbidden"}"#,
        expect(ErrorKind::Forbidden, "Forbidden"),
    );
    check(
        403,
        &[],
        r#"{"message":"403 Forbidden - Deployments created using GitLab CI can not be updated using the API"}"#,
        expect(
            ErrorKind::Forbidden,
            "Deployments created using GitLab CI can not be updated using the API",
        ),
    );
    check(
        404,
        &[],
        r#"{"message":"404 Project Not Found"}"#,
        expect(ErrorKind::NotFound, "Project Not Found"),
    );
    check(
        400,
        &[],
        r#"{"message":"400 Bad request - `updated_at` filter requires `updated_at` sort"}"#,
        expect(
            ErrorKind::Validation,
            "`updated_at` filter requires `updated_at` sort",
        ),
    );
    // The docs' variant and the server's variant read the same.
    for body in [
        r#"{ "message": "400 Cannot destroy running deployment" }"#,
        r#"{"message":"Cannot destroy running deployment"}"#,
    ] {
        check(
            400,
            &[],
            body,
            expect(ErrorKind::Validation, "Cannot destroy running deployment"),
        );
    }
    check(
        400,
        &[],
        r#"{"message":{"sha":["The commit does not exist"]}}"#,
        Expect {
            fields: &[("sha", "The commit does not exist")],
            ..expect(ErrorKind::Validation, "sha The commit does not exist")
        },
    );
    check(
        400,
        &[],
        r#"{"message":{"ref":["The branch or tag does not exist"],"sha":["The commit does not exist","is too short"]}}"#,
        Expect {
            fields: &[
                ("ref", "The branch or tag does not exist"),
                ("sha", "The commit does not exist"),
                ("sha", "is too short"),
            ],
            ..expect(
                ErrorKind::Validation,
                "ref The branch or tag does not exist; sha The commit does not exist; sha is too short",
            )
        },
    );
    check(
        400,
        &[],
        r#"{"message":{"status":["cannot transition via \"run\""]}}"#,
        Expect {
            fields: &[("status", "cannot transition via \"run\"")],
            ..expect(
                ErrorKind::Validation,
                "status cannot transition via \"run\"",
            )
        },
    );
    check(
        400,
        &[],
        r#"{"message":["Comment is too long (maximum is 255 characters)"]}"#,
        expect(
            ErrorKind::Validation,
            "Comment is too long (maximum is 255 characters)",
        ),
    );
    check(
        400,
        &[],
        r#"{"error":"status does not have a valid value"}"#,
        expect(ErrorKind::Validation, "status does not have a valid value"),
    );
    check(
        400,
        &[],
        r#"{"error":"environment is missing"}"#,
        expect(ErrorKind::Validation, "environment is missing"),
    );
    check(
        401,
        &[],
        r#"{"error":"invalid_token","error_description":"Token is expired. You can either do re-authorization or token refresh."}"#,
        expect(
            ErrorKind::Unauthorized,
            "Token is expired. You can either do re-authorization or token refresh.",
        ),
    );
    check(
        429,
        &[],
        r#"{"message":{"error":"This endpoint has been requested too many times. Try again later."}}"#,
        expect(
            ErrorKind::RateLimited,
            "This endpoint has been requested too many times. Try again later.",
        ),
    );
    check(
        429,
        &[("Retry-After", "60")],
        "Retry later\n",
        Expect {
            retry: Some(60),
            ..expect(ErrorKind::RateLimited, "Retry later")
        },
    );
    check(
        409,
        &[],
        r#"{"message":"409 Conflict"}"#,
        expect(ErrorKind::Conflict, "Conflict"),
    );
}

#[test]
fn github_error_bodies() {
    let doc = "https://docs.github.com/rest/deployments/deployments#create-a-deployment";
    check(
        404,
        &[],
        &format!(r#"{{"message":"Not Found","documentation_url":"{doc}"}}"#),
        expect(ErrorKind::NotFound, "Not Found"),
    );
    check(
        401,
        &[],
        r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"#,
        expect(ErrorKind::Unauthorized, "Bad credentials"),
    );
    check(
        403,
        &[("x-ratelimit-remaining", "12")],
        r#"{"message":"Resource not accessible by personal access token"}"#,
        expect(
            ErrorKind::Forbidden,
            "Resource not accessible by personal access token",
        ),
    );
    check(
        422,
        &[],
        r#"{"message":"Validation Failed","errors":[{"resource":"Deployment","field":"ref","code":"missing_field"}],"documentation_url":"https://docs.github.com/rest"}"#,
        Expect {
            fields: &[("ref", "is missing")],
            ..expect(ErrorKind::Validation, "Validation Failed: ref is missing")
        },
    );
    check(
        422,
        &[],
        r#"{"message":"Validation Failed","errors":[{"resource":"DeploymentStatus","field":"description","code":"custom","message":"description is too long (maximum is 140 characters)"},{"resource":"DeploymentStatus","field":"state","code":"invalid"}]}"#,
        Expect {
            fields: &[
                ("description", "description is too long (maximum is 140 characters)"),
                ("state", "is invalid"),
            ],
            ..expect(
                ErrorKind::Validation,
                "Validation Failed: description is too long (maximum is 140 characters); state is invalid",
            )
        },
    );
    check(
        422,
        &[],
        r#"{"message":"Validation Failed","errors":["No ref found for: nope"]}"#,
        expect(
            ErrorKind::Validation,
            "Validation Failed: No ref found for: nope",
        ),
    );
    check(
        409,
        &[],
        r#"{"message":"Conflict merging main into topic-branch."}"#,
        expect(
            ErrorKind::Conflict,
            "Conflict merging main into topic-branch.",
        ),
    );
    let reset = (now().timestamp() + 90).to_string();
    check(
        403,
        &[
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", &reset),
        ],
        r#"{"message":"API rate limit exceeded for user ID 1."}"#,
        Expect {
            retry: Some(90),
            ..expect(
                ErrorKind::RateLimited,
                "API rate limit exceeded for user ID 1.",
            )
        },
    );
    // A reset already past means retry now, not a negative wait.
    let past = (now().timestamp() - 5).to_string();
    check(
        429,
        &[("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", &past)],
        r#"{"message":"API rate limit exceeded"}"#,
        Expect {
            retry: Some(0),
            ..expect(ErrorKind::RateLimited, "API rate limit exceeded")
        },
    );
    check(
        403,
        &[],
        r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
        expect(
            ErrorKind::RateLimited,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        ),
    );
    check(
        403,
        &[("retry-after", "Sat, 01 Jun 2024 12:02:00 GMT")],
        r#"{"message":"Slow down"}"#,
        Expect {
            retry: Some(120),
            ..expect(ErrorKind::RateLimited, "Slow down")
        },
    );
}

#[test]
fn non_json_and_empty_bodies() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    check(
        502,
        &[("content-type", "text/html")],
        html,
        expect(
            ErrorKind::Server,
            "Bad gateway (HTTP 502): the server answered with a web page instead of the API's JSON",
        ),
    );
    check(
        500,
        &[],
        "",
        expect(ErrorKind::Server, "Internal server error (HTTP 500)"),
    );
    check(
        503,
        &[("Retry-After", "30")],
        "   ",
        Expect {
            retry: Some(30),
            ..expect(ErrorKind::Server, "Service unavailable (HTTP 503)")
        },
    );
    check(
        404,
        &[],
        "",
        expect(ErrorKind::NotFound, "Not found (HTTP 404)"),
    );
    check(
        405,
        &[],
        "",
        expect(ErrorKind::Other, "Method not allowed (HTTP 405)"),
    );
    check(
        400,
        &[],
        "not json at all",
        expect(ErrorKind::Validation, "not json at all"),
    );
    check(
        500,
        &[],
        r#"{"unexpected":true}"#,
        expect(ErrorKind::Server, "Internal server error (HTTP 500)"),
    );
    let long = "x".repeat(2000);
    let err = parse::<()>(500, &[], &long, now()).unwrap_err();
    assert_eq!(err.message, "Internal server error (HTTP 500)");
    assert_eq!(err.raw.len(), 1000);
}

#[test]
fn raw_text_and_documentation_url_are_kept() {
    let cases = [
        (
            r#"{"message":"400 Cannot destroy running deployment"}"#,
            "400 Cannot destroy running deployment",
            None,
        ),
        (
            r#"{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}"#,
            "Not Found",
            Some("https://docs.github.com/rest"),
        ),
        (
            r#"{"message":"Not Found","documentation_url":"javascript:alert(1)"}"#,
            "Not Found",
            None,
        ),
    ];
    for (body, raw, doc) in cases {
        let err = parse::<()>(404, &[], body, now()).unwrap_err();
        assert_eq!(err.raw, raw);
        assert_eq!(err.documentation_url.as_deref(), doc);
    }
}

#[test]
fn clean_strips_status_and_reason_prefixes() {
    let cases = [
        ("401 Unauthorized", "Unauthorized"),
        ("400 Bad request - Invalid Date", "Invalid Date"),
        ("400 Bad Request - x", "x"),
        ("Bad request - only reason", "only reason"),
        ("404 Not found", "Not found"),
        ("2024 was a year", "2024 was a year"),
        ("Not found - but - dashes", "but - dashes"),
        ("  plain  ", "plain"),
    ];
    for (input, expected) in cases {
        assert_eq!(clean(input), expected, "{input}");
    }
}

#[test]
fn success_bodies() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: u64,
    }
    let items: Vec<Item> = parse(200, &[], r#"[{"id":1},{"id":2,"extra":true}]"#, now()).unwrap();
    assert_eq!(items, vec![Item { id: 1 }, Item { id: 2 }]);

    let unit: () = parse(204, &[], "", now()).unwrap();
    assert_eq!(unit, ());
    let none: Option<Item> = parse(204, &[], "", now()).unwrap();
    assert_eq!(none, None);
    assert_eq!(parse_empty(204, &[], "", now()), Ok(()));
    assert_eq!(
        parse_empty(200, &[], r#"{"message":"204 Deployment destroyed"}"#, now()),
        Ok(())
    );

    let bad = parse::<Item>(200, &[], "<html>login</html>", now()).unwrap_err();
    assert_eq!(bad.kind, ErrorKind::Decode);
    assert_eq!(bad.status, Some(200));
    assert!(
        bad.message
            .starts_with("Unexpected answer from the server: "),
        "{}",
        bad.message
    );
    let wrong_shape = parse::<Item>(201, &[], r#"{"name":"x"}"#, now()).unwrap_err();
    assert_eq!(wrong_shape.kind, ErrorKind::Decode);
}

#[test]
fn parses_gitlab_fixture_error_bodies() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/gitlab/examples"
    );
    let cases = [
        (
            "deployment_delete_400_running.json",
            400,
            ErrorKind::Validation,
            "Cannot destroy running deployment",
        ),
        (
            "deployment_delete_400_current.json",
            400,
            ErrorKind::Validation,
            "Deployment currently deployed to environment",
        ),
        (
            "deployment_delete_403.json",
            403,
            ErrorKind::Forbidden,
            "Forbidden",
        ),
    ];
    for (file, status, kind, message) in cases {
        let body = std::fs::read_to_string(format!("{dir}/{file}"))
            .unwrap_or_else(|e| panic!("{file}: {e} (the fixtures are part of the repository)"));
        let err = parse::<()>(status, &[], &body, now()).unwrap_err();
        assert_eq!((err.kind, err.message.as_str()), (kind, message), "{file}");
    }
}

#[test]
fn network_decode_and_redaction() {
    let err = ApiError::network("TypeError: Failed to fetch");
    assert_eq!(err.kind, ErrorKind::Network);
    assert_eq!(err.status, None);
    assert_eq!(err.message, "Network error: TypeError: Failed to fetch");
    assert_eq!(
        ApiError::network("  ").message,
        "Network error: the request did not complete"
    );

    let echoed = parse::<()>(
        401,
        &[],
        r#"{"message":{"token":["glpat-SECRET is invalid"]}}"#,
        now(),
    )
    .unwrap_err()
    .redact("glpat-SECRET");
    assert_eq!(echoed.message, "token [redacted] is invalid");
    assert!(!format!("{echoed:?}").contains("SECRET"));
    assert_eq!(echoed.field_error("token"), Some("[redacted] is invalid"));
    assert_eq!(echoed.to_string(), echoed.message);
}

#[test]
fn advice_per_kind_and_forge() {
    let cases = [
        (ErrorKind::Unauthorized, Forge::GitLab, "read_api"),
        (ErrorKind::Unauthorized, Forge::GitHub, "repo_deployment"),
        (ErrorKind::Forbidden, Forge::GitLab, "api scope"),
        (ErrorKind::Forbidden, Forge::GitHub, "\"Deployments\""),
        (ErrorKind::NotFound, Forge::GitLab, "project"),
        (ErrorKind::NotFound, Forge::GitHub, "repository"),
        (ErrorKind::RateLimited, Forge::GitHub, "wait"),
        (ErrorKind::Network, Forge::GitLab, "CORS"),
        (ErrorKind::Decode, Forge::GitLab, "/api/v4"),
        (ErrorKind::Decode, Forge::GitHub, "/api/v3"),
        (ErrorKind::Server, Forge::GitHub, "later"),
    ];
    for (kind, forge, needle) in cases {
        let err = ApiError {
            kind,
            ..ApiError::network("x")
        };
        let advice = err.advice(forge);
        assert!(advice.contains(needle), "{kind:?}/{forge:?}: {advice}");
    }
}

fn check_pages(hdrs: &[(&str, &str)], want: Pagination) {
    assert_eq!(Pagination::from_headers(&headers(hdrs)), want, "{hdrs:?}");
}

const GL_LINK: &str = "https://gitlab.example.com/api/v4/projects/8/deployments";

#[test]
fn gitlab_pagination() {
    let link = format!(
        "<{GL_LINK}?id=8&page=1&per_page=3>; rel=\"prev\", <{GL_LINK}?id=8&page=3&per_page=3>; rel=\"next\", \
         <{GL_LINK}?id=8&page=1&per_page=3>; rel=\"first\", <{GL_LINK}?id=8&page=4&per_page=3>; rel=\"last\""
    );
    check_pages(
        &[
            ("X-Page", "2"),
            ("X-Per-Page", "3"),
            ("X-Total", "10"),
            ("X-Total-Pages", "4"),
            ("X-Next-Page", "3"),
            ("X-Prev-Page", "1"),
            ("Link", &link),
        ],
        Pagination {
            page: Some(2),
            per_page: Some(3),
            total: Some(10),
            total_pages: Some(4),
            next_page: Some(3),
            prev_page: Some(1),
            first_url: Some(format!("{GL_LINK}?id=8&page=1&per_page=3")),
            prev_url: Some(format!("{GL_LINK}?id=8&page=1&per_page=3")),
            next_url: Some(format!("{GL_LINK}?id=8&page=3&per_page=3")),
            last_url: Some(format!("{GL_LINK}?id=8&page=4&per_page=3")),
        },
    );
    // First and only page: empty next/prev strings mean none; lower-case names.
    check_pages(
        &[
            ("x-page", "1"),
            ("x-per-page", "20"),
            ("x-total", "2"),
            ("x-total-pages", "1"),
            ("x-next-page", ""),
            ("x-prev-page", ""),
        ],
        Pagination {
            page: Some(1),
            per_page: Some(20),
            total: Some(2),
            total_pages: Some(1),
            ..Pagination::default()
        },
    );
    // More than 10,000 records: no totals, no rel="last"; follow X-Next-Page.
    let big = format!(
        "<{GL_LINK}?page=1&per_page=100>; rel=\"prev\", <{GL_LINK}?page=3&per_page=100>; rel=\"next\", \
         <{GL_LINK}?page=1&per_page=100>; rel=\"first\""
    );
    let p = Pagination::from_headers(&headers(&[
        ("X-Page", "2"),
        ("X-Per-Page", "100"),
        ("X-Next-Page", "3"),
        ("X-Prev-Page", "1"),
        ("Link", &big),
    ]));
    assert_eq!(
        (p.total, p.total_pages, p.last_url.as_deref()),
        (None, None, None)
    );
    assert_eq!(
        (p.page, p.next_page, p.prev_page),
        (Some(2), Some(3), Some(1))
    );
    assert!(p.has_next());
}

#[test]
fn github_pagination() {
    let base = "https://api.github.com/repositories/1296269/deployments";
    let middle = format!(
        "<{base}?per_page=30&page=1>; rel=\"prev\", <{base}?per_page=30&page=3>; rel=\"next\", \
         <{base}?per_page=30&page=7>; rel=\"last\", <{base}?per_page=30&page=1>; rel=\"first\""
    );
    check_pages(
        &[("link", &middle)],
        Pagination {
            page: Some(2),
            per_page: Some(30),
            total: None,
            total_pages: Some(7),
            next_page: Some(3),
            prev_page: Some(1),
            first_url: Some(format!("{base}?per_page=30&page=1")),
            prev_url: Some(format!("{base}?per_page=30&page=1")),
            next_url: Some(format!("{base}?per_page=30&page=3")),
            last_url: Some(format!("{base}?per_page=30&page=7")),
        },
    );
    // Last page: only prev and first; the current page is the last.
    let last = format!("<{base}?page=6>; rel=\"prev\", <{base}?page=1>; rel=\"first\"");
    let p = Pagination::from_headers(&headers(&[("LINK", &last)]));
    assert_eq!(
        (p.page, p.total_pages, p.next_page),
        (Some(7), Some(7), None)
    );
    assert!(!p.has_next());
    // A single page has no Link header at all.
    check_pages(&[("etag", "W/\"abc\"")], Pagination::default());
}

#[test]
fn link_header_forms() {
    let cases: [(&str, &[(&str, &str)]); 4] = [
        ("", &[]),
        (
            "<https://a/?page=2>; rel=next",
            &[("next", "https://a/?page=2")],
        ),
        (
            "<https://a/?page=2>;rel=\"next last\",<https://a/?page=1>; title=\"x\"; rel=\"FIRST\"",
            &[
                ("next", "https://a/?page=2"),
                ("last", "https://a/?page=2"),
                ("first", "https://a/?page=1"),
            ],
        ),
        ("garbage without brackets", &[]),
    ];
    for (value, expected) in cases {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(r, u)| (r.to_string(), u.to_string()))
            .collect();
        assert_eq!(parse_link(value), expected, "{value}");
    }
}

#[test]
fn waiting_workflow_runs_and_their_reviewers() {
    use shipboard_core::model::github::{PendingDeployment, WorkflowRuns};
    let body = r#"{"total_count":1,"workflow_runs":[{"id":7001,"name":"Deploy","head_branch":"main",
        "head_sha":"abc123","run_number":1,"status":"waiting","conclusion":null,
        "created_at":"2026-11-30T11:00:00Z","actor":{"login":"bob","id":3},"extra":[1]}]}"#;
    let runs: WorkflowRuns = parse(200, &[], body, now()).unwrap();
    assert_eq!(runs.total_count, 1);
    let run = &runs.workflow_runs[0];
    assert_eq!(
        (run.id, run.head_branch.as_deref(), run.status.as_deref()),
        (7001, Some("main"), Some("waiting"))
    );
    assert_eq!(
        run.created_at,
        Utc.with_ymd_and_hms(2026, 11, 30, 11, 0, 0).unwrap()
    );
    assert_eq!(run.actor.as_ref().map(|a| a.login.as_str()), Some("bob"));

    let pending: Vec<PendingDeployment> = parse(
        200,
        &[],
        r#"[{"environment":{"id":12,"name":"production"},"wait_timer":5,"current_user_can_approve":true,
            "reviewers":[{"type":"Team","reviewer":{"id":1,"name":"Release managers","slug":"release"}},
                         {"type":"User","reviewer":{"id":2,"login":"alice"}}]}]"#,
        now(),
    )
    .unwrap();
    assert_eq!(
        pending[0].reviewer_labels(),
        vec!["Release managers".to_owned(), "alice".to_owned()]
    );
}
