//! End-to-end tests of writes in the deployment drawer and of refusals: an invalid GitLab status
//! transition shows the server's message, a 141-character GitHub status description is stopped
//! before sending, and a read-only token's 403 is explained.

use serde_json::json;
use shipboard_e2e::{api, fill, inside, known_commit, wait_text, Harness};

#[tokio::test]
async fn an_invalid_status_transition_shows_the_servers_message() {
    let h = Harness::start().await;
    let (sha, git_ref) = known_commit(&h);
    let created = api(
        &h,
        "POST",
        "/api/v4/projects/1/deployments",
        Some(
            json!({"environment": "qa", "sha": sha, "ref": git_ref, "tag": false, "status": "running"}),
        ),
    );
    let id = created["id"].as_u64().unwrap();
    h.open(&format!(
        "?source=0&project=1&view=deployments&deployment={id}"
    ))
    .await;
    let form = h.wait_for("[data-testid=update-form]").await;
    let options = inside(&form, "[data-testid=update-status]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !options.contains("running"),
        "running is not offered from running: {options}"
    );
    assert!(form.text().await.unwrap().contains("state machine"));
    h.screenshot("deployment-actions").await;
    // Meanwhile another client finishes it.
    api(
        &h,
        "PUT",
        &format!("/api/v4/projects/1/deployments/{id}"),
        Some(json!({"status": "success"})),
    );
    inside(&form, "[data-testid=update-status]")
        .await
        .select_by_value("success")
        .await
        .unwrap();
    inside(&form, "[data-testid=update-submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        "[data-testid=update-form] [data-testid=error]",
        "cannot transition via \"succeed\"",
    )
    .await;

    // A CI-made deployment explains why it cannot be updated.
    let list = api(
        &h,
        "GET",
        "/api/v4/projects/1/deployments?per_page=20&status=success",
        None,
    );
    let ci = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| !d["deployable"].is_null())
        .and_then(|d| d["id"].as_u64())
        .expect("a CI-made deployment");
    h.open(&format!(
        "?source=0&project=1&view=deployments&deployment={ci}"
    ))
    .await;
    wait_text(&h, "[data-testid=ci-made]", "CI job").await;
    h.close().await;
}

#[tokio::test]
async fn a_github_status_with_a_141_character_description_is_stopped_before_sending() {
    let h = Harness::start().await;
    let list = api(
        &h,
        "GET",
        "/github/repos/acme/shop/deployments?per_page=1",
        None,
    );
    let id = list[0]["id"].as_u64().unwrap();
    let statuses_path = format!("/github/repos/acme/shop/deployments/{id}/statuses?per_page=100");
    let before = api(&h, "GET", &statuses_path, None)
        .as_array()
        .unwrap()
        .len();
    h.open(&format!(
        "?source=1&project=acme/shop&view=deployments&deployment={id}"
    ))
    .await;
    let form = h.wait_for("[data-testid=status-form]").await;
    let long = "x".repeat(141);
    fill(&form, "[data-testid=status-description]", &long).await;
    wait_text(
        &h,
        "[data-testid=status-form] [data-testid=counter]",
        "141 / 140",
    )
    .await;
    inside(&form, "[data-testid=create-status]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        "[data-testid=status-form] [data-testid=invalid]",
        "maximum is 140 characters",
    )
    .await;
    h.screenshot("github-status-too-long").await;
    let after = api(&h, "GET", &statuses_path, None)
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after, "nothing was sent");

    // 140 characters pass and the status is created.
    fill(&form, "[data-testid=status-description]", &"y".repeat(140)).await;
    inside(&form, "[data-testid=create-status]")
        .await
        .click()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while api(&h, "GET", &statuses_path, None)
        .as_array()
        .unwrap()
        .len()
        == before
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the status was not created"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    h.close().await;
}

#[tokio::test]
async fn a_read_only_tokens_403_is_explained() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments").await;
    h.wait_for("[data-testid=environment-card]").await;
    h.wait_for("[data-testid=act-as]")
        .await
        .select_by_value("reader")
        .await
        .unwrap();
    h.wait_for("[data-testid=open-new-environment]")
        .await
        .click()
        .await
        .unwrap();
    let form = h
        .wait_for("[data-testid=project-actions] [data-testid=environment-form]")
        .await;
    fill(&form, "[data-testid=env-name]", "readonly-try").await;
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    let text = wait_text(
        &h,
        "[data-testid=project-actions] [data-testid=error]",
        "HTTP 403",
    )
    .await;
    assert!(text.contains("read_api is read-only"), "{text}");
    let name = inside(&form, "[data-testid=env-name]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("readonly-try"), "the input is kept");
    h.screenshot("read-only-403").await;
    h.close().await;
}

#[tokio::test]
async fn a_status_update_in_the_drawer_refreshes_the_table_row() {
    let h = Harness::start().await;
    let (sha, git_ref) = known_commit(&h);
    let created = api(
        &h,
        "POST",
        "/api/v4/projects/1/deployments",
        Some(
            json!({"environment": "qa", "sha": sha, "ref": git_ref, "tag": false, "status": "running"}),
        ),
    );
    let id = created["id"].as_u64().unwrap();
    // Newest first: the new deployment is the first row.
    h.open(&format!(
        "?source=0&project=1&view=deployments&deployment={id}"
    ))
    .await;
    let row_status = format!("[data-testid=deployment-row][data-id=\"{id}\"] [data-status]");
    let before = h.wait_for(&row_status).await.text().await.unwrap();
    assert_eq!(before, "running");
    let form = h.wait_for("[data-testid=update-form]").await;
    inside(&form, "[data-testid=update-status]")
        .await
        .select_by_value("success")
        .await
        .unwrap();
    inside(&form, "[data-testid=update-submit]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_for(&format!(
        "[data-testid=deployment-row][data-id=\"{id}\"] [data-status=success]"
    ))
    .await;
    h.close().await;
}
