//! End-to-end tests of project names: a GitLab project configured as `"1"` is shown as
//! `acme/platform/web` in the project picker and on the approvals view, its name is asked for
//! once per session, and a name that cannot be read falls back to the configured value silently.

use std::time::{Duration, Instant};

use shipboard_e2e::{wait_text, Harness, Options};

/// `(value, label, selected)` of each project option.
async fn options(h: &Harness) -> Vec<(String, String, bool)> {
    let answer = h
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=project-select] option')]
               .map(o => [o.value, o.textContent, o.selected]);",
            vec![],
        )
        .await
        .expect("the options are read");
    answer
        .as_array()
        .map(|all| {
            all.iter()
                .map(|o| {
                    (
                        o[0].as_str().unwrap_or_default().to_owned(),
                        o[1].as_str().unwrap_or_default().to_owned(),
                        o[2].as_bool().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Waits (up to 20 s) until the project options' `(value, label)` pairs are `want`.
async fn wait_options(h: &Harness, want: &[(&str, &str)]) -> Vec<(String, String, bool)> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let got = options(h).await;
        let pairs: Vec<(&str, &str)> = got
            .iter()
            .map(|(v, l, _)| (v.as_str(), l.as_str()))
            .collect();
        if pairs == want {
            return got;
        }
        if Instant::now() > deadline {
            panic!("project options {pairs:?}, not {want:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn config(projects: &str) -> String {
    format!(
        r#"{{"sources":[
          {{"id":"gl","name":"Numbered GitLab","kind":"gitlab","api_url":"{{api}}/api/v4","token":"demo-token","projects":{projects}}},
          {{"id":"gh","name":"Demo GitHub","kind":"github","api_url":"{{api}}/github","token":"demo-token","repos":["acme/shop"]}}]}}"#
    )
}

#[tokio::test]
async fn numbered_projects_are_named_by_path_in_the_picker_and_on_approvals() {
    let h = Harness::start_with(Options {
        config_json: Some(config(r#"["1","2"]"#)),
        ..Options::default()
    })
    .await;
    h.open("?source=gl&view=approvals").await;
    let got = wait_options(
        &h,
        &[("1", "acme/platform/web"), ("2", "acme/platform/api")],
    )
    .await;
    // The value stays what the URL says; the first project is the one shown.
    assert!(got[0].2, "{got:?}");
    h.wait_for("[data-testid=approval-item][data-project=\"1\"]")
        .await;
    wait_text(&h, "[data-testid=summary]", "waiting").await;
    let mut named = Vec::new();
    for project in ["1", "2"] {
        let css = format!(
            "[data-testid=approval-item][data-project=\"{project}\"] [data-testid=item-project]"
        );
        named.extend(h.texts(&css).await);
    }
    assert!(!named.is_empty());
    for text in &named {
        assert!(
            text == "Project acme/platform/web" || text == "Project acme/platform/api",
            "an approval names its project by id: {text:?} (all: {named:?})"
        );
    }
    assert!(
        named.iter().any(|t| t == "Project acme/platform/web"),
        "{named:?}"
    );
    assert!(
        !h.body_text().await.contains("Project 1"),
        "a bare id is shown"
    );

    // Picking a project by its path keeps the id in the URL.
    h.client
        .find(fantoccini::Locator::Css("[data-testid=project-select]"))
        .await
        .unwrap()
        .select_by_value("2")
        .await
        .unwrap();
    h.click("[data-testid=nav-deployments]").await;
    h.wait_for("[data-testid=deployment-row]").await;
    let url = h.client.current_url().await.unwrap();
    assert!(url.as_str().contains("project=2"), "{url}");
    let got = options(&h).await;
    assert!(
        got.iter()
            .any(|(v, l, s)| v == "2" && l == "acme/platform/api" && *s),
        "{got:?}"
    );
    // Asked once each, however many views showed the names.
    assert_eq!(h.requests(Some("GET"), "/api/v4/projects/1").await, 1);
    assert_eq!(h.requests(Some("GET"), "/api/v4/projects/2").await, 1);
    h.close().await;
}

#[tokio::test]
async fn names_are_kept_for_the_session_and_an_unreadable_one_falls_back_silently() {
    let h = Harness::start_with(Options {
        config_json: Some(config(r#"["1","999","acme/nope"]"#)),
        ..Options::default()
    })
    .await;
    h.open("?source=gl&project=1&view=deployments").await;
    wait_options(
        &h,
        &[
            ("1", "acme/platform/web"),
            ("999", "999"),
            ("acme/nope", "acme/nope"),
        ],
    )
    .await;
    h.wait_for("[data-testid=deployment-row]").await;
    // The 404 of project 999's name shows no message anywhere; a project configured by its
    // path is named by it: nothing is asked.
    assert!(
        h.texts("[role=alert]").await.is_empty(),
        "{}",
        h.body_text().await
    );
    assert_eq!(h.requests(Some("GET"), "/api/v4/projects/999").await, 1);
    assert_eq!(
        h.requests(Some("GET"), "/api/v4/projects/acme%2Fnope")
            .await,
        0
    );

    // GitHub repositories are their own names: nothing is asked.
    h.open("?source=gh&view=deployments").await;
    wait_options(&h, &[("acme/shop", "acme/shop")]).await;

    // A reload in the same tab reads the names from sessionStorage: not asked again.
    h.open("?source=gl&project=1&view=environments").await;
    h.wait_for("[data-testid=environment-card]").await;
    wait_options(
        &h,
        &[
            ("1", "acme/platform/web"),
            ("999", "999"),
            ("acme/nope", "acme/nope"),
        ],
    )
    .await;
    assert_eq!(h.requests(Some("GET"), "/api/v4/projects/1").await, 1);
    assert_eq!(
        h.requests(None, "/github/repos/acme/shop").await,
        0,
        "a GitHub repository is never read for a name"
    );
    h.close().await;
}
