//! Every shared fixture parses with its model (request examples round-trip through the request
//! bodies of `request::*`, the types the app sends), every enum keeps unknown
//! values, and the fixtures map to the expected view rows and cards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use shipboard_core::model::view::{folder_of, DeploymentRow, EnvironmentCard, Forge, Status};
use shipboard_core::model::{github, gitlab, StringEnum};
use shipboard_core::request::github as gh_request;
use shipboard_core::safe_url::SafeUrl;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures");

type Parser = fn(&str) -> Result<(), String>;

/// File (relative to the fixtures root) → how it must parse. A file missing here fails the test.
const TABLE: &[(&str, Parser)] = &[
    // GitLab
    (
        "gitlab/examples/deployment_approval_create.json",
        parse::<gitlab::Approval>,
    ),
    (
        "gitlab/examples/deployment_approval_summary.fragment.json",
        parse::<gitlab::DeploymentApprovalFragment>,
    ),
    (
        "gitlab/examples/deployment_approvals.fragment.json",
        parse::<gitlab::DeploymentApprovalFragment>,
    ),
    (
        "gitlab/examples/deployment_create.json",
        parse::<gitlab::Deployment>,
    ),
    ("gitlab/examples/deployment_delete_204_doc.json", error_body),
    (
        "gitlab/examples/deployment_delete_400_current.json",
        error_body,
    ),
    (
        "gitlab/examples/deployment_delete_400_running.json",
        error_body,
    ),
    ("gitlab/examples/deployment_delete_403.json", error_body),
    (
        "gitlab/examples/deployment_get.json",
        parse::<gitlab::Deployment>,
    ),
    (
        "gitlab/examples/deployment_update.json",
        parse::<gitlab::Deployment>,
    ),
    (
        "gitlab/examples/deployments_list.json",
        parse::<Vec<gitlab::Deployment>>,
    ),
    (
        "gitlab/examples/environment_create.json",
        parse::<gitlab::Environment>,
    ),
    (
        "gitlab/examples/environment_get.json",
        parse::<gitlab::Environment>,
    ),
    (
        "gitlab/examples/environment_stop.json",
        parse::<gitlab::Environment>,
    ),
    (
        "gitlab/examples/environment_update.json",
        parse::<gitlab::Environment>,
    ),
    (
        "gitlab/examples/environments_list.json",
        parse::<Vec<gitlab::Environment>>,
    ),
    (
        "gitlab/examples/environments_review_apps_delete.json",
        parse::<gitlab::ReviewAppsCleanup>,
    ),
    (
        "gitlab/examples/environments_stop_stale.json",
        parse::<gitlab::StopStaleResult>,
    ),
    // GitHub
    (
        "github/examples/actions__get-pending-deployments-for-run.response.200.default.json",
        parse::<Vec<github::PendingDeployment>>,
    ),
    (
        "github/examples/actions__get-reviews-for-run.response.200.default.json",
        parse::<Vec<github::EnvironmentApprovals>>,
    ),
    (
        "github/examples/actions__review-pending-deployments-for-run.request.default.json",
        round_trip::<gh_request::PendingDeploymentReview>,
    ),
    (
        "github/examples/actions__review-pending-deployments-for-run.response.200.default.json",
        parse::<Vec<github::Deployment>>,
    ),
    (
        "github/examples/repos__create-deployment-status.request.default.json",
        round_trip::<gh_request::NewDeploymentStatus>,
    ),
    (
        "github/examples/repos__create-deployment-status.response.201.default.json",
        parse::<github::DeploymentStatus>,
    ),
    (
        "github/examples/repos__create-deployment.request.advanced-example.json",
        round_trip::<gh_request::NewDeployment>,
    ),
    (
        "github/examples/repos__create-deployment.request.simple-example.json",
        round_trip::<gh_request::NewDeployment>,
    ),
    (
        "github/examples/repos__create-deployment.response.201.simple-example.json",
        parse::<github::Deployment>,
    ),
    (
        "github/examples/repos__create-deployment.response.202.merged-branch-response.json",
        parse::<github::DeploymentAccepted>,
    ),
    (
        "github/examples/repos__create-or-update-environment.request.default.json",
        round_trip::<gh_request::EnvironmentSettings>,
    ),
    (
        "github/examples/repos__create-or-update-environment.response.200.default.json",
        parse::<github::Environment>,
    ),
    (
        "github/examples/repos__get-all-environments.response.200.default.json",
        parse::<github::EnvironmentList>,
    ),
    (
        "github/examples/repos__get-deployment-status.response.200.default.json",
        parse::<github::DeploymentStatus>,
    ),
    (
        "github/examples/repos__get-deployment.response.200.default.json",
        parse::<github::Deployment>,
    ),
    (
        "github/examples/repos__get-environment.response.200.default.json",
        parse::<github::Environment>,
    ),
    (
        "github/examples/repos__list-deployment-statuses.response.200.default.json",
        parse::<Vec<github::DeploymentStatus>>,
    ),
    (
        "github/examples/repos__list-deployments.response.200.default.json",
        parse::<Vec<github::Deployment>>,
    ),
];

fn parse<T: DeserializeOwned>(text: &str) -> Result<(), String> {
    serde_json::from_str::<T>(text)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Request bodies: parse, serialize, and compare as JSON values, ignoring nothing.
fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> Result<(), String> {
    let value: T = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&value).map_err(|e| e.to_string())?;
    let original: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if back != original {
        return Err(format!(
            "round trip differs:\n  got  {back}\n  want {original}"
        ));
    }
    Ok(())
}

/// GitLab error bodies (the typed parser lives in `response`): a string `message`.
fn error_body(text: &str) -> Result<(), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    match value.get("message") {
        Some(Value::String(m)) if !m.is_empty() => Ok(()),
        _ => Err("no message in error body".to_owned()),
    }
}

fn example_files() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "json") {
                out.push(path);
            }
        }
    }
    let root = Path::new(FIXTURES);
    let mut files = Vec::new();
    for forge in std::fs::read_dir(root).expect("fixtures folder beside the repository") {
        let examples = forge.expect("dir entry").path().join("examples");
        if examples.is_dir() {
            walk(&examples, &mut files);
        }
    }
    let mut names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

fn read(name: &str) -> String {
    let path = Path::new(FIXTURES).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn load<T: DeserializeOwned>(name: &str) -> T {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_example_parses_with_its_model() {
    let table: BTreeMap<&str, Parser> = TABLE.iter().copied().collect();
    assert_eq!(table.len(), TABLE.len(), "duplicate table entries");
    let files = example_files();
    assert!(
        files.len() >= TABLE.len(),
        "found only {} fixtures",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let Some(parser) = table.get(file.as_str()) else {
            failures.push(format!("{file}: not in the table; add its model"));
            continue;
        };
        if let Err(e) = parser(&read(file)) {
            failures.push(format!("{file}: {e}"));
        }
    }
    for name in table.keys() {
        if !files.iter().any(|f| f == name) {
            failures.push(format!("{name}: in the table but not on disk"));
        }
    }
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn round_trip_is_strict() {
    // A field the model drops must fail the round trip.
    let err = round_trip::<gh_request::PendingDeploymentReview>(
        r#"{"environment_ids":[1],"state":"approved","comment":"","extra":1}"#,
    );
    assert!(err.is_err());
    // null and absent stay distinct for the branch policy.
    round_trip::<gh_request::EnvironmentSettings>(r#"{"deployment_branch_policy":null}"#).unwrap();
    round_trip::<gh_request::EnvironmentSettings>(r#"{}"#).unwrap();
}

/// Every known value round-trips through serde, `as_str`, `Display` and `parse`; an unknown one
/// becomes `Unknown` and round-trips verbatim.
fn check_enum<T>(expected: &[&str])
where
    T: StringEnum + Serialize + DeserializeOwned + std::fmt::Debug + PartialEq + std::fmt::Display,
{
    let texts: Vec<&str> = T::ALL.iter().map(StringEnum::as_str).collect();
    assert_eq!(texts, expected, "{}", std::any::type_name::<T>());
    for value in T::ALL {
        let text = value.as_str();
        assert!(!value.is_unknown());
        assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{text}\""));
        assert_eq!(
            &serde_json::from_str::<T>(&format!("\"{text}\"")).unwrap(),
            value
        );
        assert_eq!(&T::parse(text), value);
        assert_eq!(value.to_string(), text);
    }
    let unknown: T = serde_json::from_str("\"brand_new\"").unwrap();
    assert!(unknown.is_unknown(), "{unknown:?}");
    assert_eq!(unknown.as_str(), "brand_new");
    assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"brand_new\"");
    assert!(
        serde_json::from_str::<T>("3").is_err(),
        "a number is not a string enum"
    );
}

#[test]
fn enums_keep_unknown_values() {
    check_enum::<gitlab::DeploymentStatus>(&[
        "created", "running", "success", "failed", "canceled", "skipped", "blocked",
    ]);
    check_enum::<gitlab::JobStatus>(&[
        "created",
        "waiting_for_resource",
        "preparing",
        "pending",
        "running",
        "success",
        "failed",
        "canceling",
        "canceled",
        "skipped",
        "manual",
        "scheduled",
        "waiting_for_callback",
    ]);
    check_enum::<gitlab::ApprovalStatus>(&["approved", "rejected"]);
    check_enum::<gitlab::EnvironmentState>(&["available", "stopping", "stopped"]);
    check_enum::<gitlab::Tier>(&["production", "staging", "testing", "development", "other"]);
    check_enum::<gitlab::AutoStopSetting>(&["always", "with_action"]);
    check_enum::<gitlab::MergeRequestState>(&["opened", "closed", "locked", "merged"]);
    check_enum::<github::StatusState>(&[
        "error",
        "failure",
        "inactive",
        "in_progress",
        "queued",
        "pending",
        "success",
    ]);
    check_enum::<github::ReviewState>(&["approved", "rejected", "pending"]);
    check_enum::<github::ReviewerType>(&["User", "Team"]);
    check_enum::<github::ProtectionRuleType>(&[
        "wait_timer",
        "required_reviewers",
        "branch_policy",
    ]);
    check_enum::<Status>(&[
        "created", "running", "success", "failed", "canceled", "skipped", "blocked", "inactive",
    ]);
}

fn check_status_gitlab(forge: &str, status: Status) {
    let parsed = gitlab::DeploymentStatus::parse(forge);
    assert_eq!(Status::from_gitlab(&parsed), status, "gitlab {forge}");
}

#[test]
fn gitlab_status_mapping() {
    for (text, status) in [
        ("created", Status::Created),
        ("running", Status::Running),
        ("success", Status::Success),
        ("failed", Status::Failed),
        ("canceled", Status::Canceled),
        ("skipped", Status::Skipped),
        ("blocked", Status::Blocked),
        ("paused", Status::Unknown("paused".into())),
    ] {
        check_status_gitlab(text, status);
    }
    // The table covers every known GitLab status.
    assert_eq!(gitlab::DeploymentStatus::ALL.len(), 7);
}

fn github_deployment() -> github::Deployment {
    load("github/examples/repos__get-deployment.response.200.default.json")
}

fn github_status(state: &str) -> github::DeploymentStatus {
    let mut s: github::DeploymentStatus =
        load("github/examples/repos__get-deployment-status.response.200.default.json");
    s.state = github::StatusState::parse(state);
    s
}

/// Maps a GitHub deployment with a latest status of `state` (`None`: no status yet).
fn check_github(state: Option<&str>, status: Status, forge_status: &str, finished: bool) {
    let d = github_deployment();
    let latest = state.map(github_status);
    let row = DeploymentRow::from_github("octocat/example", &d, latest.as_ref());
    assert_eq!(row.status, status, "{state:?}");
    assert_eq!(row.forge_status, forge_status, "{state:?}");
    assert_eq!(row.finished_at.is_some(), finished, "{state:?}");
    assert_eq!(row.duration_secs.is_some(), finished, "{state:?}");
    if let (Some(s), true) = (latest.as_ref(), finished) {
        assert_eq!(row.finished_at, Some(s.created_at));
    }
}

#[test]
fn github_status_mapping() {
    check_github(None, Status::Created, "pending", false);
    check_github(Some("queued"), Status::Created, "queued", false);
    check_github(Some("pending"), Status::Created, "pending", false);
    check_github(Some("in_progress"), Status::Running, "in_progress", false);
    check_github(Some("success"), Status::Success, "success", true);
    check_github(Some("failure"), Status::Failed, "failure", true);
    check_github(Some("error"), Status::Failed, "error", true);
    check_github(Some("inactive"), Status::Inactive, "inactive", true);
    check_github(
        Some("destroyed"),
        Status::Unknown("destroyed".into()),
        "destroyed",
        false,
    );
    // The table covers every known GitHub state.
    assert_eq!(github::StatusState::ALL.len(), 7);
}

#[test]
fn github_row_fields() {
    let d = github_deployment();
    let latest = github_status("success");
    let row = DeploymentRow::from_github("octocat/example", &d, Some(&latest));
    assert_eq!(row.forge, Forge::GitHub);
    assert_eq!(row.project, "octocat/example");
    assert_eq!((row.id, row.iid), (d.id, None));
    assert_eq!(row.environment, d.environment);
    assert_eq!(row.git_ref, d.git_ref);
    assert_eq!(row.sha, d.sha);
    assert_eq!(row.author.as_deref(), Some("octocat"));
    assert_eq!(row.tier, Some(gitlab::Tier::Production));
    assert_eq!(
        row.commit_url().as_deref(),
        Some("https://github.com/octocat/example/commit/a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d")
    );
    assert_eq!(row.log_url().as_deref(), latest.log_url.as_deref());
    assert_eq!(
        row.environment_url.as_deref(),
        latest.environment_url.as_deref()
    );
    assert_eq!(row.description.as_deref(), latest.description.as_deref());
}

#[test]
fn gitlab_rows_from_fixtures() {
    let list: Vec<gitlab::Deployment> = load("gitlab/examples/deployments_list.json");
    let rows: Vec<DeploymentRow> = list
        .iter()
        .map(|d| DeploymentRow::from_gitlab("root/project", d))
        .collect();
    let first = &rows[0];
    assert_eq!(first.forge, Forge::GitLab);
    assert_eq!((first.id, first.iid), (41, Some(1)));
    assert_eq!(first.environment, "production");
    assert_eq!(first.status, Status::Created);
    assert_eq!(first.forge_status, "created");
    assert_eq!(first.author.as_deref(), Some("root"));
    assert_eq!(
        first.commit_title.as_deref(),
        Some("Merge branch 'new-title' into 'main'")
    );
    // Finished time comes from the job even when the deployment is not finished.
    assert_eq!(
        first.finished_at,
        list[0].deployable.as_ref().unwrap().finished_at
    );
    assert_eq!(first.pipeline.as_ref().map(|p| p.id), Some(36));
    assert_eq!(
        first.commit_url().as_deref(),
        Some("http://gitlab.dev/root/project/-/commit/99d03678b90d914dbb1b109132516d71a4a03ea8")
    );
    assert_eq!(
        first.environment_url.as_deref(),
        Some("https://about.gitlab.com")
    );

    // No job: finished = updated_at when finished, else none; duration = finished - created.
    let mut api: gitlab::Deployment = load("gitlab/examples/deployment_create.json");
    let row = DeploymentRow::from_gitlab("p", &api);
    assert!(row.job.is_none());
    assert_eq!(row.finished_at, None, "no updated_at in this example");
    api.updated_at = Some(api.created_at + chrono::Duration::seconds(90));
    let row = DeploymentRow::from_gitlab("p", &api);
    assert_eq!(row.finished_at, api.updated_at);
    assert_eq!(row.duration_secs, Some(90.0));
    api.status = gitlab::DeploymentStatus::Running;
    assert_eq!(DeploymentRow::from_gitlab("p", &api).finished_at, None);
}

#[test]
fn gitlab_environment_cards() {
    let env: gitlab::Environment = load("gitlab/examples/environment_get.json");
    let card = EnvironmentCard::from_gitlab("root/project", &env);
    assert_eq!(card.name, "review/fix-foo");
    assert_eq!(card.folder.as_deref(), Some("review"));
    assert_eq!(card.tier, Some(gitlab::Tier::Development));
    assert_eq!(card.state, Some(gitlab::EnvironmentState::Available));
    assert_eq!(card.external_url.as_deref(), env.external_url.as_deref());
    assert_eq!(card.auto_stop_at, env.auto_stop_at);
    let last = card.last_deployment.as_deref().expect("last deployment");
    assert_eq!(
        last.environment, "review/fix-foo",
        "filled from the environment"
    );
    assert_eq!(last.duration_secs, Some(21623.13423));
    assert_eq!(
        last.job_url().as_deref(),
        Some("http://localhost:3000/Commit451/lab-coat/-/jobs/710")
    );

    let stopped: gitlab::Environment = load("gitlab/examples/environment_stop.json");
    let card = EnvironmentCard::from_gitlab("p", &stopped);
    assert_eq!((card.folder, card.tier), (None, None));
    assert_eq!(card.state, Some(gitlab::EnvironmentState::Stopped));
}

#[test]
fn github_environment_cards() {
    let list: github::EnvironmentList =
        load("github/examples/repos__get-all-environments.response.200.default.json");
    let card = EnvironmentCard::from_github("github/hello-world", &list.environments[0]);
    assert_eq!(card.name, "staging");
    assert_eq!(card.tier, Some(gitlab::Tier::Staging));
    assert_eq!(card.state, None);
    assert_eq!(
        card.protection,
        ["wait_timer", "required_reviewers", "branch_policy"]
    );
    assert_eq!(
        card.web_url.as_deref(),
        list.environments[0].html_url.as_deref()
    );
}

fn check_safe_url(input: &str, expect: Option<&str>) {
    assert_eq!(SafeUrl::parse(input).as_deref(), expect, "{input:?}");
}

#[test]
fn only_http_urls_become_links() {
    check_safe_url(
        "https://example.com/a?b#c",
        Some("https://example.com/a?b#c"),
    );
    check_safe_url(
        "http://localhost:3000/root",
        Some("http://localhost:3000/root"),
    );
    check_safe_url("  HTTPS://Example.com ", Some("HTTPS://Example.com"));
    check_safe_url("javascript:alert(1)", None);
    check_safe_url("data:text/html,<b>x</b>", None);
    check_safe_url("//evil.example", None);
    check_safe_url("/relative/path", None);
    check_safe_url("ftp://example.com", None);
    check_safe_url("https://", None);
    check_safe_url("https:///path", None);
    check_safe_url("https://exa mple.com", None);
    check_safe_url("https://example.com/\nx", None);
    check_safe_url("https://user@/x", None);
    check_safe_url("", None);
}

fn check_folder(name: &str, expect: Option<&str>) {
    assert_eq!(folder_of(name), expect, "{name:?}");
}

#[test]
fn folders() {
    check_folder("review/fix-foo", Some("review"));
    check_folder("review/a/b", Some("review"));
    check_folder("production", None);
    check_folder("/x", None);
    check_folder("x/", None);
}

fn check_tier_guess(name: &str, tier: gitlab::Tier) {
    assert_eq!(gitlab::Tier::guess(name), tier, "{name:?}");
}

#[test]
fn tier_guess() {
    use gitlab::Tier::*;
    check_tier_guess("production", Production);
    check_tier_guess("eu-prod", Production);
    check_tier_guess("staging", Staging);
    check_tier_guess("pre-release", Staging);
    check_tier_guess("qa", Testing);
    check_tier_guess("integration", Testing);
    check_tier_guess("development", Development);
    check_tier_guess("review/fix-foo", Development);
    check_tier_guess("canary", Other);
    // GitLab's order and substring rule: development is checked first, production last.
    check_tier_guess("preview", Development);
    check_tier_guess("eu-staging", Staging);
    check_tier_guess("uat", Other);
    check_tier_guess("Live-EU", Production);
    check_tier_guess("demo-prod", Staging);
    check_tier_guess("my-dev-box", Development);
}

/// A project as `GET /projects/:id` answers it: every field `project.json` requires.
const PROJECT: &str = r#"{
  "id": 1, "name": "web", "name_with_namespace": "acme / platform / web", "description": null,
  "path": "web", "path_with_namespace": "acme/platform/web", "created_at": "2024-01-02T03:04:05.000Z",
  "default_branch": "main", "tag_list": [], "ssh_url_to_repo": "git@gitlab.acme.test:acme/platform/web.git",
  "http_url_to_repo": "https://gitlab.acme.test/acme/platform/web.git",
  "web_url": "https://gitlab.acme.test/acme/platform/web", "readme_url": null, "avatar_url": null,
  "star_count": 3, "forks_count": 0, "last_activity_at": "2024-02-01T00:00:00.000Z",
  "namespace": {"id": 101, "name": "platform", "path": "platform", "kind": "group", "full_path": "acme/platform", "parent_id": null}
}"#;

#[test]
fn project_parses_the_schema_shape_and_embedded_projects() {
    // What the model requires is required by the schema too (an answer always has it).
    let schema: Value = load("gitlab/schemas/spec/fixtures/api/schemas/public_api/v4/project.json");
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for field in [
        "id",
        "path_with_namespace",
        "name_with_namespace",
        "web_url",
    ] {
        assert!(required.contains(&field), "{field} is not required");
    }
    let sample: Value = serde_json::from_str(PROJECT).unwrap();
    let keys: Vec<&String> = sample.as_object().unwrap().keys().collect();
    for field in &required {
        assert!(keys.iter().any(|k| k == field), "sample lacks {field}");
    }

    let p: gitlab::Project = serde_json::from_str(PROJECT).unwrap();
    assert_eq!(p.id, 1);
    assert_eq!(p.path_with_namespace, "acme/platform/web");
    assert_eq!(p.name_with_namespace, "acme / platform / web");
    assert_eq!(
        p.web_url.as_deref(),
        Some("https://gitlab.acme.test/acme/platform/web")
    );
    assert_eq!(p.display_path(), Some("acme/platform/web"));

    // An environment's `cluster_agent.config_project` has no web_url: it still parses.
    let env: Value = load("gitlab/examples/environment_get.json");
    let embedded: gitlab::Project =
        serde_json::from_value(env["cluster_agent"]["config_project"].clone()).unwrap();
    assert_eq!(embedded.path_with_namespace, "root/test");
    assert_eq!(embedded.web_url, None);

    // No path, no project: the caller keeps the configured value.
    assert!(serde_json::from_str::<gitlab::Project>(r#"{"id": 1}"#).is_err());
    for blank in ["", "  ", "a\u{7}b"] {
        let p = gitlab::Project {
            path_with_namespace: blank.into(),
            ..embedded.clone()
        };
        assert_eq!(p.display_path(), None, "{blank:?}");
    }
}

#[test]
fn project_labels_use_paths_and_tell_twins_apart() {
    let targets: Vec<String> = ["1", "acme/platform/web", "2", "acme/mobile/app"]
        .map(String::from)
        .to_vec();
    let known = |t: &str| match t {
        "1" | "acme/platform/web" => Some("acme/platform/web".to_owned()),
        "2" => Some("acme/platform/api".to_owned()),
        _ => None,
    };
    assert_eq!(
        gitlab::project_labels(&targets, known),
        [
            "acme/platform/web (1)",
            "acme/platform/web",
            "acme/platform/api",
            "acme/mobile/app"
        ]
    );
    // Nothing known yet (or every fetch failed): the configured values.
    assert_eq!(gitlab::project_labels(&targets, |_| None), targets);
    assert!(gitlab::project_labels(&[], known).is_empty());
}

#[test]
fn write_subsets_come_from_the_enums() {
    use gitlab::DeploymentStatus as D;
    let texts = |list: &[D]| {
        list.iter()
            .map(|s| s.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        texts(D::WRITABLE),
        ["running", "success", "failed", "canceled"]
    );
    assert!(D::WRITABLE.iter().all(|s| D::ALL.contains(s)));
    // Every status may move to a writable one, never to itself; running only before it ran.
    for from in D::ALL.iter().cloned().chain([D::parse("paused")]) {
        let to = from.transitions();
        assert!(to.iter().all(|s| D::WRITABLE.contains(s)), "{from}");
        assert!(!to.contains(&&from), "{from}");
        assert_eq!(
            to.contains(&&D::Running),
            matches!(from, D::Created | D::Blocked),
            "{from}"
        );
    }
    assert_eq!(
        github::ReviewState::ANSWERS
            .iter()
            .map(StringEnum::as_str)
            .collect::<Vec<_>>(),
        ["approved", "rejected"]
    );
    // `From<&str>` is `parse`: known text, or kept verbatim.
    assert_eq!(D::from("success"), D::Success);
    assert_eq!(D::from("paused"), D::Unknown("paused".into()));
}
