//! Tests of request: the exact method, URL, headers and body of every GitLab and GitHub call.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use shipboard_core::request::{
    encode, github as gh, gitlab as gl, Body, Forge, HttpRequest, PageParams, Source,
};

const GL: &str = "https://gitlab.example.com/api/v4";
const GH: &str = "http://127.0.0.1:8090/github";
const GL_TOKEN: &str = "glpat-SECRET123";
const GH_TOKEN: &str = "ghp_SECRET456";

fn gitlab() -> Source {
    Source::new(
        Forge::GitLab,
        "https://gitlab.example.com/api/v4/",
        Some(GL_TOKEN),
    )
}

fn github() -> Source {
    Source::new(
        Forge::GitHub,
        "http://127.0.0.1:8090/github//",
        Some(GH_TOKEN),
    )
}

fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
}

/// The headers each forge must get: the token header, GitHub's Accept, and the body's type.
fn expected_headers(url: &str, has_body: bool) -> Vec<(String, String)> {
    let mut headers: Vec<(&str, String)> = if url.starts_with(GL) {
        vec![("PRIVATE-TOKEN", GL_TOKEN.to_owned())]
    } else {
        vec![
            ("Accept", "application/vnd.github+json".to_owned()),
            ("Authorization", format!("Bearer {GH_TOKEN}")),
        ]
    };
    if has_body {
        headers.push(("Content-Type", "application/json".to_owned()));
    }
    headers
        .into_iter()
        .map(|(n, v)| (n.to_owned(), v))
        .collect()
}

fn check(request: HttpRequest, method: &str, url: &str, body: Option<Value>) {
    assert_eq!(request.method.as_str(), method, "method of {url}");
    assert_eq!(request.url, url);
    assert_eq!(
        request.headers,
        expected_headers(url, body.is_some()),
        "headers of {url}"
    );
    assert_eq!(request.body, body.map(Body::Json), "body of {url}");
    assert!(!request.url.contains("SECRET"), "token in URL {url}");
    assert!(
        request.header("X-GitHub-Api-Version").is_none(),
        "X-GitHub-Api-Version is not CORS-allowed"
    );
}

#[test]
fn gitlab_deployments() {
    let src = gitlab();
    let p = "group/sub/project";
    let all_filters = gl::DeploymentListParams {
        page: Some(2),
        per_page: Some(100),
        order_by: Some(gl::OrderBy::FinishedAt),
        sort: Some(gl::Sort::Desc),
        updated_after: Some(t(2024, 1, 2, 3, 4, 5)),
        updated_before: Some(t(2024, 2, 1, 0, 0, 0)),
        finished_after: Some(t(2024, 3, 1, 12, 0, 0)),
        finished_before: Some(t(2024, 4, 1, 12, 0, 0)),
        environment: Some("review/fix foo".to_owned()),
        status: Some(gl::DeploymentStatus::Success),
    };
    let approval = gl::Approval {
        status: "approved".into(),
        comment: Some("Looks good".to_owned()),
        represented_as: Some("security".to_owned()),
    };
    let bare_approval = gl::Approval {
        status: gl::ApprovalStatus::Rejected,
        comment: None,
        represented_as: None,
    };
    let new = gl::NewDeployment {
        environment: "production".to_owned(),
        sha: "a91957a858320c0e17f3a0eca7cfacbff50ea29a".to_owned(),
        ref_: "main".to_owned(),
        tag: false,
        status: "success".into(),
    };
    let cases: Vec<(HttpRequest, &str, String, Option<Value>)> = vec![
        (
            gl::list_deployments(&src, p, &gl::DeploymentListParams::default()),
            "GET",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments"),
            None,
        ),
        (
            gl::list_deployments(&src, "42", &all_filters),
            "GET",
            format!(
                "{GL}/projects/42/deployments?page=2&per_page=100&order_by=finished_at&sort=desc\
                 &updated_after=2024-01-02T03%3A04%3A05Z&updated_before=2024-02-01T00%3A00%3A00Z\
                 &finished_after=2024-03-01T12%3A00%3A00Z&finished_before=2024-04-01T12%3A00%3A00Z\
                 &environment=review%2Ffix%20foo&status=success"
            ),
            None,
        ),
        (
            gl::list_deployments(
                &src,
                p,
                &gl::DeploymentListParams {
                    status: Some(gl::DeploymentStatus::Blocked),
                    ..Default::default()
                },
            ),
            "GET",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments?status=blocked"),
            None,
        ),
        (
            gl::get_deployment(&src, p, 7),
            "GET",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments/7"),
            None,
        ),
        (
            gl::create_deployment(&src, p, &new),
            "POST",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments"),
            Some(json!({
                "environment": "production",
                "sha": "a91957a858320c0e17f3a0eca7cfacbff50ea29a",
                "ref": "main",
                "tag": false,
                "status": "success"
            })),
        ),
        (
            gl::update_deployment(&src, p, 7, &gl::DeploymentStatus::Canceled),
            "PUT",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments/7"),
            Some(json!({ "status": "canceled" })),
        ),
        (
            gl::delete_deployment(&src, p, 7),
            "DELETE",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments/7"),
            None,
        ),
        (
            gl::deployment_merge_requests(&src, p, 7, &PageParams::default()),
            "GET",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments/7/merge_requests"),
            None,
        ),
        (
            gl::deployment_merge_requests(
                &src,
                p,
                7,
                &PageParams {
                    page: Some(3),
                    per_page: Some(50),
                },
            ),
            "GET",
            format!(
                "{GL}/projects/group%2Fsub%2Fproject/deployments/7/merge_requests?page=3&per_page=50"
            ),
            None,
        ),
        (
            gl::approve_deployment(&src, p, 7, &approval),
            "POST",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments/7/approval"),
            Some(json!({
                "status": "approved",
                "comment": "Looks good",
                "represented_as": "security"
            })),
        ),
        (
            gl::approve_deployment(&src, p, 7, &bare_approval),
            "POST",
            format!("{GL}/projects/group%2Fsub%2Fproject/deployments/7/approval"),
            Some(json!({ "status": "rejected" })),
        ),
    ];
    for (request, method, url, body) in cases {
        check(request, method, &url, body);
    }
}

#[test]
fn gitlab_environments() {
    let src = gitlab();
    let p = "my.group/app";
    let base = format!("{GL}/projects/my.group%2Fapp/environments");
    let cases: Vec<(HttpRequest, &str, String, Option<Value>)> = vec![
        (
            gl::list_environments(&src, p, &gl::EnvironmentListParams::default()),
            "GET",
            base.clone(),
            None,
        ),
        (
            gl::list_environments(
                &src,
                p,
                &gl::EnvironmentListParams {
                    page: Some(1),
                    per_page: Some(20),
                    name: Some("review/x".to_owned()),
                    search: Some("rev".to_owned()),
                    states: Some(gl::EnvironmentState::Stopping),
                },
            ),
            "GET",
            format!("{base}?page=1&per_page=20&name=review%2Fx&search=rev&states=stopping"),
            None,
        ),
        (
            gl::list_environments(
                &src,
                p,
                &gl::EnvironmentListParams {
                    states: Some(gl::EnvironmentState::Available),
                    ..Default::default()
                },
            ),
            "GET",
            format!("{base}?states=available"),
            None,
        ),
        (
            gl::get_environment(&src, p, 3),
            "GET",
            format!("{base}/3"),
            None,
        ),
        (
            gl::create_environment(
                &src,
                p,
                &gl::NewEnvironment {
                    name: "staging".to_owned(),
                    external_url: Some("https://staging.example.com".to_owned()),
                    tier: Some("staging".into()),
                    description: Some("pre-prod".to_owned()),
                    auto_stop_setting: Some("with_action".into()),
                },
            ),
            "POST",
            base.clone(),
            Some(json!({
                "name": "staging",
                "external_url": "https://staging.example.com",
                "tier": "staging",
                "description": "pre-prod",
                "auto_stop_setting": "with_action"
            })),
        ),
        (
            gl::create_environment(
                &src,
                p,
                &gl::NewEnvironment {
                    name: "dev".to_owned(),
                    ..Default::default()
                },
            ),
            "POST",
            base.clone(),
            Some(json!({ "name": "dev" })),
        ),
        (
            gl::update_environment(
                &src,
                p,
                3,
                &gl::EnvironmentUpdate {
                    external_url: Some("https://new.example.com".to_owned()),
                    tier: Some("production".into()),
                    ..Default::default()
                },
            ),
            "PUT",
            format!("{base}/3"),
            Some(json!({ "external_url": "https://new.example.com", "tier": "production" })),
        ),
        (
            gl::delete_environment(&src, p, 3),
            "DELETE",
            format!("{base}/3"),
            None,
        ),
        (
            gl::stop_environment(&src, p, 3, true),
            "POST",
            format!("{base}/3/stop"),
            Some(json!({ "force": true })),
        ),
        (
            gl::stop_environment(&src, p, 3, false),
            "POST",
            format!("{base}/3/stop"),
            Some(json!({ "force": false })),
        ),
        (
            gl::stop_stale_environments(&src, p, t(2024, 5, 1, 0, 0, 0)),
            "POST",
            format!("{base}/stop_stale"),
            Some(json!({ "before": "2024-05-01T00:00:00Z" })),
        ),
        (
            gl::delete_review_apps(&src, p, &gl::ReviewAppsCleanup::default()),
            "DELETE",
            format!("{base}/review_apps"),
            None,
        ),
        (
            gl::delete_review_apps(
                &src,
                p,
                &gl::ReviewAppsCleanup {
                    before: Some(t(2024, 5, 1, 8, 30, 0)),
                    limit: Some(1000),
                    dry_run: Some(false),
                },
            ),
            "DELETE",
            format!("{base}/review_apps?before=2024-05-01T08%3A30%3A00Z&limit=1000&dry_run=false"),
            None,
        ),
    ];
    for (request, method, url, body) in cases {
        check(request, method, &url, body);
    }
}

#[test]
fn github_calls() {
    let src = github();
    let r = format!("{GH}/repos/octo-org/hello.world");
    let (o, n) = ("octo-org", "hello.world");
    let new = gh::NewDeployment {
        ref_: "topic-branch".to_owned(),
        payload: Some(json!("{ \"deploy\": \"migrate\" }")),
        description: Some("Deploy request from hubot".to_owned()),
        ..Default::default()
    };
    let advanced = gh::NewDeployment {
        ref_: "main".to_owned(),
        task: Some("deploy:migrations".to_owned()),
        auto_merge: Some(false),
        required_contexts: Some(vec![]),
        environment: Some("staging".to_owned()),
        transient_environment: Some(true),
        production_environment: Some(false),
        ..Default::default()
    };
    let status = gh::NewDeploymentStatus {
        environment: Some("production".to_owned()),
        log_url: Some("https://example.com/deployment/42/output".to_owned()),
        description: Some("Deployment finished successfully.".to_owned()),
        ..gh::NewDeploymentStatus::of(gh::StatusState::Success)
    };
    let settings = gh::EnvironmentSettings {
        wait_timer: Some(30),
        prevent_self_review: Some(false),
        reviewers: Some(vec![
            gh::Reviewer {
                kind: "User".into(),
                id: 1,
            },
            gh::Reviewer {
                kind: "Team".into(),
                id: 1,
            },
        ]),
        deployment_branch_policy: Some(Some(gh::BranchPolicy {
            protected_branches: false,
            custom_branch_policies: true,
        })),
    };
    let review = gh::PendingDeploymentReview {
        environment_ids: vec![161171787],
        state: "approved".into(),
        comment: "Ship it!".to_owned(),
    };
    let cases: Vec<(HttpRequest, &str, String, Option<Value>)> = vec![
        (
            gh::list_deployments(&src, o, n, &gh::DeploymentListParams::default()),
            "GET",
            format!("{r}/deployments"),
            None,
        ),
        (
            gh::list_deployments(
                &src,
                o,
                n,
                &gh::DeploymentListParams {
                    sha: Some("abc123".to_owned()),
                    ref_: Some("feature/x".to_owned()),
                    task: Some("deploy".to_owned()),
                    environment: Some("prod eu".to_owned()),
                    page: Some(2),
                    per_page: Some(100),
                },
            ),
            "GET",
            format!(
                "{r}/deployments?sha=abc123&ref=feature%2Fx&task=deploy&environment=prod%20eu\
                 &page=2&per_page=100"
            ),
            None,
        ),
        (
            gh::get_deployment(&src, o, n, 9),
            "GET",
            format!("{r}/deployments/9"),
            None,
        ),
        (
            gh::create_deployment(&src, o, n, &new),
            "POST",
            format!("{r}/deployments"),
            Some(json!({
                "ref": "topic-branch",
                "payload": "{ \"deploy\": \"migrate\" }",
                "description": "Deploy request from hubot"
            })),
        ),
        (
            gh::create_deployment(&src, o, n, &advanced),
            "POST",
            format!("{r}/deployments"),
            Some(json!({
                "ref": "main",
                "task": "deploy:migrations",
                "auto_merge": false,
                "required_contexts": [],
                "environment": "staging",
                "transient_environment": true,
                "production_environment": false
            })),
        ),
        (
            gh::delete_deployment(&src, o, n, 9),
            "DELETE",
            format!("{r}/deployments/9"),
            None,
        ),
        (
            gh::list_deployment_statuses(
                &src,
                o,
                n,
                9,
                &PageParams {
                    page: None,
                    per_page: Some(10),
                },
            ),
            "GET",
            format!("{r}/deployments/9/statuses?per_page=10"),
            None,
        ),
        (
            gh::get_deployment_status(&src, o, n, 9, 11),
            "GET",
            format!("{r}/deployments/9/statuses/11"),
            None,
        ),
        (
            gh::create_deployment_status(&src, o, n, 9, &status),
            "POST",
            format!("{r}/deployments/9/statuses"),
            Some(json!({
                "environment": "production",
                "state": "success",
                "log_url": "https://example.com/deployment/42/output",
                "description": "Deployment finished successfully."
            })),
        ),
        (
            gh::list_environments(&src, o, n, &PageParams::default()),
            "GET",
            format!("{r}/environments"),
            None,
        ),
        (
            gh::get_environment(&src, o, n, "review/pr 1"),
            "GET",
            format!("{r}/environments/review%2Fpr%201"),
            None,
        ),
        (
            gh::create_or_update_environment(&src, o, n, "production", &settings),
            "PUT",
            format!("{r}/environments/production"),
            Some(json!({
                "wait_timer": 30,
                "prevent_self_review": false,
                "reviewers": [{ "type": "User", "id": 1 }, { "type": "Team", "id": 1 }],
                "deployment_branch_policy": {
                    "protected_branches": false,
                    "custom_branch_policies": true
                }
            })),
        ),
        (
            gh::create_or_update_environment(&src, o, n, "qa", &gh::EnvironmentSettings::default()),
            "PUT",
            format!("{r}/environments/qa"),
            None,
        ),
        (
            gh::delete_environment(&src, o, n, "review/pr-1"),
            "DELETE",
            format!("{r}/environments/review%2Fpr-1"),
            None,
        ),
        (
            gh::list_workflow_runs(
                &src,
                o,
                n,
                &gh::RunListParams {
                    status: Some("waiting".into()),
                    page: Some(2),
                    per_page: Some(100),
                },
            ),
            "GET",
            format!("{r}/actions/runs?status=waiting&page=2&per_page=100"),
            None,
        ),
        (
            gh::list_workflow_runs(&src, o, n, &gh::RunListParams::default()),
            "GET",
            format!("{r}/actions/runs"),
            None,
        ),
        (
            gh::review_pending_deployments(
                &src,
                o,
                n,
                7001,
                &gh::PendingDeploymentReview::of(false, 12, "  Not now "),
            ),
            "POST",
            format!("{r}/actions/runs/7001/pending_deployments"),
            Some(json!({"environment_ids": [12], "state": "rejected", "comment": "Not now"})),
        ),
        (
            gh::pending_deployments(&src, o, n, 30433642),
            "GET",
            format!("{r}/actions/runs/30433642/pending_deployments"),
            None,
        ),
        (
            gh::review_pending_deployments(&src, o, n, 30433642, &review),
            "POST",
            format!("{r}/actions/runs/30433642/pending_deployments"),
            Some(json!({
                "environment_ids": [161171787],
                "state": "approved",
                "comment": "Ship it!"
            })),
        ),
        (
            gh::run_reviews(&src, o, n, 30433642),
            "GET",
            format!("{r}/actions/runs/30433642/approvals"),
            None,
        ),
    ];
    for (request, method, url, body) in cases {
        check(request, method, &url, body);
    }
}

#[test]
fn github_examples_match_fixture_request_bodies() {
    let src = github();
    let fixture = |name: &str| -> Value {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/github/examples"
        );
        let path = format!("{dir}/{name}");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (the fixtures are part of the repository)"));
        serde_json::from_str(&text).unwrap()
    };
    let review = gh::PendingDeploymentReview {
        environment_ids: vec![161171787],
        state: "approved".into(),
        comment: "Ship it!".to_owned(),
    };
    let cases = [
        (
            gh::review_pending_deployments(&src, "o", "r", 1, &review),
            "actions__review-pending-deployments-for-run.request.default.json",
        ),
        (
            gh::create_deployment_status(
                &src,
                "o",
                "r",
                1,
                &gh::NewDeploymentStatus {
                    environment: Some("production".to_owned()),
                    log_url: Some("https://example.com/deployment/42/output".to_owned()),
                    description: Some("Deployment finished successfully.".to_owned()),
                    ..gh::NewDeploymentStatus::of(gh::StatusState::Success)
                },
            ),
            "repos__create-deployment-status.request.default.json",
        ),
    ];
    for (request, name) in cases {
        let expected = fixture(name);
        assert_eq!(request.body, Some(Body::Json(expected)), "{name}");
    }
}

#[test]
fn anonymous_requests_send_no_credentials() {
    let gl_src = Source::new(Forge::GitLab, " https://gitlab.com/api/v4 ", Some("  "));
    let req = gl::get_deployment(&gl_src, "1", 2);
    assert_eq!(
        req.url,
        "https://gitlab.com/api/v4/projects/1/deployments/2"
    );
    assert!(req.headers.is_empty(), "{:?}", req.headers);

    let gh_src = Source::new(Forge::GitHub, "https://HOST/api/v3/", None);
    let req = gh::get_deployment(&gh_src, "o", "r", 2);
    assert_eq!(req.url, "https://HOST/api/v3/repos/o/r/deployments/2");
    assert_eq!(
        req.headers,
        vec![(
            "Accept".to_owned(),
            "application/vnd.github+json".to_owned()
        )]
    );
}

#[test]
fn project_ids_and_paths() {
    let src = gitlab();
    let cases = [
        ("42", "/projects/42/deployments/1"),
        ("group/project", "/projects/group%2Fproject/deployments/1"),
        (
            "/group/sub/project/",
            "/projects/group%2Fsub%2Fproject/deployments/1",
        ),
        (
            "my-group/my_project.rs",
            "/projects/my-group%2Fmy_project.rs/deployments/1",
        ),
    ];
    for (project, path) in cases {
        assert_eq!(
            gl::get_deployment(&src, project, 1).url,
            format!("{GL}{path}")
        );
    }
}

#[test]
fn gitlab_project() {
    let src = gitlab();
    check(
        gl::get_project(&src, "1"),
        "GET",
        &format!("{GL}/projects/1"),
        None,
    );
    check(
        gl::get_project(&src, "acme/platform/web"),
        "GET",
        &format!("{GL}/projects/acme%2Fplatform%2Fweb"),
        None,
    );
    // The same segment rules as every other project call.
    check(
        gl::get_project(&src, "/group/sub/my project/"),
        "GET",
        &format!("{GL}/projects/group%2Fsub%2Fmy%20project"),
        None,
    );
    let anonymous = Source::new(Forge::GitLab, GL, None);
    assert!(gl::get_project(&anonymous, "1").headers.is_empty());
}

#[test]
fn encoding_keeps_only_unreserved() {
    let cases = [
        ("abc-._~XYZ09", "abc-._~XYZ09"),
        ("a b/c?d&e=f#g+h%", "a%20b%2Fc%3Fd%26e%3Df%23g%2Bh%25"),
        ("déploiement", "d%C3%A9ploiement"),
    ];
    for (input, expected) in cases {
        assert_eq!(encode(input), expected);
    }
}

#[test]
fn debug_redacts_tokens() {
    let cases: Vec<String> = vec![
        format!("{:?}", gitlab()),
        format!("{:?}", github()),
        format!("{:?}", gl::get_deployment(&gitlab(), "1", 1)),
        format!("{:?}", gh::get_deployment(&github(), "o", "r", 1)),
    ];
    for text in cases {
        assert!(!text.contains("SECRET"), "token leaked: {text}");
        assert!(text.contains("[redacted]"), "no redaction marker: {text}");
    }
    // The real value is still sent.
    let req = gh::get_deployment(&github(), "o", "r", 1);
    assert_eq!(req.header("authorization"), Some("Bearer ghp_SECRET456"));
}

#[test]
fn order_by_and_sort_have_one_spelling() {
    let texts: Vec<&str> = gl::OrderBy::ALL.iter().map(|o| o.as_str()).collect();
    assert_eq!(
        texts,
        ["id", "iid", "created_at", "updated_at", "finished_at"]
    );
    for o in gl::OrderBy::ALL {
        assert_eq!(gl::OrderBy::parse(o.as_str()), Some(o));
    }
    assert_eq!(gl::OrderBy::parse("ID"), None);
    assert_eq!(gl::OrderBy::parse(""), None);
    for s in gl::Sort::ALL {
        assert_eq!(gl::Sort::parse(s.as_str()), Some(s));
    }
    assert_eq!(
        gl::Sort::ALL.map(|s| s.as_str()),
        ["asc", "desc"],
        "ascending first"
    );
    assert_eq!(gl::Sort::parse("down"), None);
}

#[test]
fn bodies_send_the_models_enum_texts() {
    let body = serde_json::to_value(gl::NewDeployment::default()).unwrap();
    assert_eq!(body["status"], "running", "a new deployment starts running");
    let env = gl::NewEnvironment {
        name: "qa".to_owned(),
        tier: Some(gl::Tier::Testing),
        auto_stop_setting: Some(gl::AutoStopSetting::WithAction),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&env).unwrap(),
        json!({"name": "qa", "tier": "testing", "auto_stop_setting": "with_action"})
    );
    // A value the enum does not know is sent verbatim (validation refuses it first).
    let odd = gh::NewDeploymentStatus::of("destroyed".into());
    assert_eq!(
        serde_json::to_value(&odd).unwrap(),
        json!({"state": "destroyed"})
    );
    assert_eq!(
        serde_json::to_value(gh::PendingDeploymentReview::of(true, 1, " ok ")).unwrap(),
        json!({"environment_ids": [1], "state": "approved", "comment": "ok"})
    );
    let settings = gh::EnvironmentSettings {
        deployment_branch_policy: Some(None),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&settings).unwrap(),
        json!({"deployment_branch_policy": null}),
        "Some(None) lets every branch deploy"
    );
}
