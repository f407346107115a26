//! Tests of validate: one passing and one failing case per rule, with the exact message.

use chrono::{DateTime, Duration, TimeZone, Utc};
use shipboard_core::request::{github as gh, gitlab as gl};
use shipboard_core::validate::{github, gitlab, ValidationError};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 1, 12, 0, 0).unwrap()
}

/// `expected`: the `(field, message)` pairs, in order; empty means valid.
fn check(errors: Vec<ValidationError>, expected: &[(&str, &str)]) {
    let got: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field, e.message.as_str()))
        .collect();
    assert_eq!(got, expected);
}

const BOTH: &str = "Both `updated_at` filter and `finished_at` filter can not be specified";
const UPDATED_SORT: &str = "`updated_at` filter requires `updated_at` sort";
const FINISHED_SORT: &str = "`finished_at` filter requires `finished_at` sort.";
const FINISHED_NEEDS: &str = "`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses.";
const SUCCESS_ONLY: &str = "`finished_at` filter must be combined with `success` status filter.";

#[test]
fn deployment_list_filters() {
    use gl::DeploymentStatus::*;
    use gl::OrderBy::*;
    let t = Some(now() - Duration::days(3));
    let list = |order_by, status, updated: bool, finished: bool| gl::DeploymentListParams {
        order_by,
        status,
        updated_after: updated.then_some(t).flatten(),
        finished_before: finished.then_some(t).flatten(),
        ..Default::default()
    };
    let cases: Vec<(gl::DeploymentListParams, Vec<(&str, &str)>)> = vec![
        (gl::DeploymentListParams::default(), vec![]),
        (list(Some(CreatedAt), Some(Running), false, false), vec![]),
        // rule 1
        (
            list(Some(UpdatedAt), Some(Success), true, true),
            vec![("updated_after", BOTH), ("order_by", FINISHED_SORT)],
        ),
        (
            list(None, None, true, true),
            vec![
                ("updated_after", BOTH),
                ("order_by", UPDATED_SORT),
                ("order_by", FINISHED_SORT),
                ("status", SUCCESS_ONLY),
            ],
        ),
        // rule 2
        (list(Some(UpdatedAt), None, true, false), vec![]),
        (
            list(None, None, true, false),
            vec![("order_by", UPDATED_SORT)],
        ),
        (
            list(Some(Id), None, true, false),
            vec![("order_by", UPDATED_SORT)],
        ),
        // rule 3 (and 5, since no status)
        (
            list(Some(CreatedAt), Some(Success), false, true),
            vec![("order_by", FINISHED_SORT)],
        ),
        (list(Some(FinishedAt), Some(Success), false, true), vec![]),
        // rule 4
        (
            list(Some(FinishedAt), None, false, false),
            vec![("order_by", FINISHED_NEEDS)],
        ),
        (
            list(Some(FinishedAt), Some(Blocked), false, false),
            vec![("order_by", FINISHED_NEEDS)],
        ),
        (list(Some(FinishedAt), Some(Failed), false, false), vec![]),
        (list(Some(FinishedAt), Some(Canceled), false, false), vec![]),
        // rule 5
        (
            list(Some(FinishedAt), Some(Failed), false, true),
            vec![("status", SUCCESS_ONLY)],
        ),
        (
            list(Some(FinishedAt), None, false, true),
            vec![("status", SUCCESS_ONLY)],
        ),
    ];
    for (params, expected) in cases {
        check(gitlab::deployment_list(&params), &expected);
    }
}

#[test]
fn environment_list_filters() {
    let list = |name: Option<&str>, search: Option<&str>| gl::EnvironmentListParams {
        name: name.map(str::to_owned),
        search: search.map(str::to_owned),
        ..Default::default()
    };
    let exclusive = ("search", "name, search cannot be used together");
    let short = ("search", "Search query is less than 3 characters");
    let cases: Vec<(gl::EnvironmentListParams, Vec<(&str, &str)>)> = vec![
        (list(Some("production"), None), vec![]),
        (list(None, Some("rev")), vec![]),
        (list(None, Some("日本語")), vec![]),
        (list(None, Some("re")), vec![short]),
        (list(None, Some("日本")), vec![short]),
        (list(Some("production"), Some("prod")), vec![exclusive]),
        (list(Some("p"), Some("pr")), vec![exclusive, short]),
    ];
    for (params, expected) in cases {
        check(gitlab::environment_list(&params), &expected);
    }
}

#[test]
fn gitlab_create_and_update_deployment() {
    let new = |env: &str, sha: &str, r: &str, status: &str| gl::NewDeployment {
        environment: env.to_owned(),
        sha: sha.to_owned(),
        ref_: r.to_owned(),
        tag: false,
        status: status.into(),
    };
    let cases: Vec<(gl::NewDeployment, Vec<(&str, &str)>)> = vec![
        (new("production", "abc", "main", "running"), vec![]),
        (new("production", "abc", "main", "canceled"), vec![]),
        (
            new("production", "abc", "main", "created"),
            vec![("status", "status does not have a valid value")],
        ),
        (
            new("production", "abc", "main", ""),
            vec![("status", "status is missing")],
        ),
        (
            new(" ", "", "\t", "success"),
            vec![
                ("environment", "environment is empty"),
                ("sha", "sha is empty"),
                ("ref", "ref is empty"),
            ],
        ),
    ];
    for (deployment, expected) in cases {
        check(gitlab::new_deployment(&deployment), &expected);
    }
    for status in gl::DeploymentStatus::WRITABLE {
        check(gitlab::deployment_update(status), &[]);
    }
    for status in ["blocked", "Success", "skipped"] {
        check(
            gitlab::deployment_update(&status.into()),
            &[("status", "status does not have a valid value")],
        );
    }
}

#[test]
fn gitlab_approval() {
    let approval = |status: &str, comment: Option<String>| gl::Approval {
        status: status.into(),
        comment,
        represented_as: None,
    };
    let too_long = ("comment", "Comment is too long (maximum is 255 characters)");
    let cases: Vec<(gl::Approval, Vec<(&str, &str)>)> = vec![
        (approval("approved", None), vec![]),
        (approval("rejected", Some("a".repeat(255))), vec![]),
        // 255 characters of 3 bytes each: fine, chars are counted, not bytes.
        (approval("approved", Some("é".repeat(255))), vec![]),
        (approval("approved", Some("é".repeat(256))), vec![too_long]),
        (approval("rejected", Some("a".repeat(256))), vec![too_long]),
        (
            approval("pending", None),
            vec![("status", "status does not have a valid value")],
        ),
    ];
    for (input, expected) in cases {
        check(gitlab::approval(&input), &expected);
    }
}

/// The `(field, message)` pairs a check must return.
type Expected<'a> = &'a [(&'a str, &'a str)];

#[test]
fn review_apps_limit() {
    let limit = |limit| gl::ReviewAppsCleanup {
        limit,
        ..Default::default()
    };
    let bad = [("limit", "limit does not have a valid value")];
    let cases: Vec<(Option<u32>, Expected)> = vec![
        (None, &[]),
        (Some(1), &[]),
        (Some(1000), &[]),
        (Some(0), &bad),
        (Some(1001), &bad),
    ];
    for (value, expected) in cases {
        check(gitlab::review_apps_cleanup(&limit(value)), expected);
    }
}

#[test]
fn stop_stale_window() {
    let invalid = [("before", "Invalid Date")];
    let ten_years_ago = Utc.with_ymd_and_hms(2014, 6, 1, 12, 0, 0).unwrap();
    let cases: Vec<(DateTime<Utc>, Expected)> = vec![
        (now() - Duration::weeks(1), &[]),
        (now() - Duration::days(30), &[]),
        (ten_years_ago, &[]),
        (now() - Duration::weeks(1) + Duration::seconds(1), &invalid),
        (now(), &invalid),
        (now() + Duration::days(1), &invalid),
        (ten_years_ago - Duration::seconds(1), &invalid),
    ];
    for (before, expected) in cases {
        check(gitlab::stop_stale(before, now()), expected);
    }
}

#[test]
fn github_deployment_and_status() {
    let deployment = |r: &str| gh::NewDeployment {
        ref_: r.to_owned(),
        ..Default::default()
    };
    check(github::new_deployment(&deployment("main")), &[]);
    check(
        github::new_deployment(&deployment("  ")),
        &[("ref", "ref is missing")],
    );

    let status = |state: &str, description: Option<String>| gh::NewDeploymentStatus {
        description,
        ..gh::NewDeploymentStatus::of(state.into())
    };
    let too_long = (
        "description",
        "description is too long (maximum is 140 characters)",
    );
    let cases: Vec<(gh::NewDeploymentStatus, Vec<(&str, &str)>)> = vec![
        (status("in_progress", None), vec![]),
        (status("success", Some("ü".repeat(140))), vec![]),
        (status("success", Some("x".repeat(141))), vec![too_long]),
        (
            status("running", None),
            vec![("state", "state does not have a valid value")],
        ),
        (status("", None), vec![("state", "state is missing")]),
    ];
    for (input, expected) in cases {
        check(github::new_deployment_status(&input), &expected);
    }
    for state in gh::StatusState::ALL {
        check(
            github::new_deployment_status(&status(state.as_str(), None)),
            &[],
        );
    }
}

#[test]
fn github_pending_review() {
    let review = |ids: Vec<u64>, state: &str| gh::PendingDeploymentReview {
        environment_ids: ids,
        state: state.into(),
        comment: String::new(),
    };
    let cases: Vec<(gh::PendingDeploymentReview, Vec<(&str, &str)>)> = vec![
        (review(vec![1], "approved"), vec![]),
        (review(vec![1, 2], "rejected"), vec![]),
        (
            review(vec![], "approved"),
            vec![(
                "environment_ids",
                "environment_ids needs at least one environment",
            )],
        ),
        (
            review(vec![1], "approve"),
            vec![("state", "state does not have a valid value")],
        ),
    ];
    for (input, expected) in cases {
        check(github::pending_deployment_review(&input), &expected);
    }
}
