//! End-to-end tests of the environments view: cards grouped and filtered from the URL, stop and
//! force-stop then delete, review-app cleanup (dry run, then real run), creating an environment
//! and a deployment.

use fantoccini::Locator;
use shipboard_e2e::{api, fill, inside, known_commit, wait_gone, wait_text, Harness};

fn card(name: &str) -> String {
    format!("[data-testid=environment-card][data-name=\"{name}\"]")
}

#[tokio::test]
async fn cards_are_grouped_ordered_by_tier_and_filtered_from_the_url() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments").await;
    h.wait_for("[data-testid=environment-card]").await;
    // The top-level cards come first, production first.
    let top = h.wait_for("[data-testid=env-top-level]").await;
    let first = inside(&top, "[data-testid=environment-card]").await;
    assert_eq!(
        first.attr("data-name").await.unwrap().as_deref(),
        Some("production")
    );
    // review/* is one collapsed folder with a count.
    let summary = wait_text(&h, "[data-testid=folder-summary]", "review/ (6)").await;
    assert_eq!(summary, "review/ (6)");
    let folder = h.wait_for("[data-testid=env-folder]").await;
    assert_eq!(
        folder.attr("open").await.unwrap(),
        None,
        "collapsed by default"
    );
    // Each card's last deployment arrives.
    wait_text(
        &h,
        &format!("{} [data-testid=last-deployment]", card("production")),
        "·",
    )
    .await;
    wait_gone(&h, ".env-last .loading").await;
    let link = h
        .wait_for(&format!(
            "{} [data-testid=external-url]",
            card("production")
        ))
        .await;
    assert!(link
        .attr("href")
        .await
        .unwrap()
        .unwrap()
        .starts_with("https://"));
    inside(&folder, "summary").await.click().await.unwrap();
    h.screenshot("environments").await;

    // State filter goes to the URL and to the server.
    let states = h.wait_for("[data-testid=filter-states]").await;
    states.select_by_value("stopped").await.unwrap();
    h.wait_for("[data-testid=apply-filters]")
        .await
        .click()
        .await
        .unwrap();
    wait_gone(&h, "[data-testid=environment-card][data-state=available]").await;
    let url = h.client.current_url().await.unwrap();
    assert!(url.as_str().contains("states=stopped"), "{url}");
    let cards = h
        .client
        .find_all(Locator::Css("[data-testid=environment-card]"))
        .await
        .unwrap();
    assert_eq!(cards.len(), 4, "sandbox + three stopped review apps");

    // A 2-character search is refused before sending, in GitLab's words.
    let filters = h.wait_for("[data-testid=env-filters]").await;
    fill(&filters, "[data-testid=filter-search]", "ab").await;
    h.wait_for("[data-testid=apply-filters]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        "[data-testid=invalid]",
        "Search query is less than 3 characters",
    )
    .await;
    assert!(!h
        .client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("search="));
    fill(&filters, "[data-testid=filter-search]", "review").await;
    h.wait_for("[data-testid=apply-filters]")
        .await
        .click()
        .await
        .unwrap();
    wait_gone(&h, &card("sandbox")).await;
    assert!(h
        .client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("search=review"));

    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn stop_then_force_stop_then_delete_an_environment() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments").await;
    let staging = h.wait_for(&card("staging")).await;
    inside(&staging, "[data-testid=stop]")
        .await
        .click()
        .await
        .unwrap();
    let confirm = h
        .wait_for(&format!("{} [data-testid=confirm]", card("staging")))
        .await;
    let text = confirm.text().await.unwrap();
    assert!(text.contains("on_stop job"), "{text}");
    // Delete is not offered before the environment is stopped.
    assert!(staging
        .find(Locator::Css("[data-testid=delete]"))
        .await
        .is_err());
    inside(&confirm, "[data-testid=confirm-button]")
        .await
        .click()
        .await
        .unwrap();
    // It has an on_stop job: it is stopping.
    h.wait_for(&format!("{}[data-state=stopping]", card("staging")))
        .await;

    // Force-stop: the warning explains what may be left behind.
    let staging = h.wait_for(&card("staging")).await;
    inside(&staging, "[data-testid=stop]")
        .await
        .click()
        .await
        .unwrap();
    let confirm = h
        .wait_for(&format!("{} [data-testid=confirm]", card("staging")))
        .await;
    inside(&confirm, "[data-testid=force]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        &format!("{} [data-testid=force-warning]", card("staging")),
        "left behind",
    )
    .await;
    let button = inside(&confirm, "[data-testid=confirm-button]").await;
    assert_eq!(button.text().await.unwrap(), "Force stop");
    h.screenshot("environment-force-stop").await;
    button.click().await.unwrap();
    h.wait_for(&format!("{}[data-state=stopped]", card("staging")))
        .await;

    // Delete: confirmed by typing the name.
    let staging = h.wait_for(&card("staging")).await;
    inside(&staging, "[data-testid=delete]")
        .await
        .click()
        .await
        .unwrap();
    let confirm = h
        .wait_for(&format!("{} [data-testid=confirm]", card("staging")))
        .await;
    let button = inside(&confirm, "[data-testid=confirm-button]").await;
    assert!(
        button.attr("disabled").await.unwrap().is_some(),
        "disabled until the name is typed"
    );
    fill(&confirm, "[data-testid=confirm-text]", "staging").await;
    assert!(button.attr("disabled").await.unwrap().is_none());
    button.click().await.unwrap();
    wait_gone(&h, &card("staging")).await;
    let envs = api(
        &h,
        "GET",
        "/api/v4/projects/1/environments?name=staging",
        None,
    );
    assert_eq!(envs.as_array().unwrap().len(), 0, "deleted on the server");
    h.close().await;
}

#[tokio::test]
async fn review_apps_dry_run_then_real_cleanup() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments").await;
    h.wait_for("[data-testid=open-cleanup]")
        .await
        .click()
        .await
        .unwrap();
    let form = h.wait_for("[data-testid=cleanup-form]").await;
    fill(&form, "[data-testid=cleanup-limit]", "2").await;
    inside(&form, "[data-testid=dry-run]")
        .await
        .click()
        .await
        .unwrap();
    let result = wait_text(&h, "[data-testid=dry-run-result]", "Would be deleted").await;
    assert!(result.contains("2 review apps"), "{result}");
    let would = h
        .wait_for("[data-testid=would-delete]")
        .await
        .text()
        .await
        .unwrap();
    assert!(would.contains("review/legacy-nav"), "{would}");
    // Nothing was deleted by the dry run.
    let before = api(
        &h,
        "DELETE",
        "/api/v4/projects/1/environments/review_apps?dry_run=true&limit=1000",
        None,
    );
    assert_eq!(before["scheduled_entries"].as_array().unwrap().len(), 3);
    h.screenshot("review-apps-dry-run").await;

    h.wait_for("[data-testid=real-run]")
        .await
        .click()
        .await
        .unwrap();
    let confirm = h
        .wait_for("[data-testid=dry-run-result] [data-testid=confirm]")
        .await;
    inside(&confirm, "[data-testid=confirm-button]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(&h, "[data-testid=cleanup-done]", "2 review apps").await;
    // The same limit was used: one stopped review app is left.
    let after = api(
        &h,
        "DELETE",
        "/api/v4/projects/1/environments/review_apps?dry_run=true&limit=1000",
        None,
    );
    assert_eq!(after["scheduled_entries"].as_array().unwrap().len(), 1);
    h.close().await;
}

#[tokio::test]
async fn create_an_environment_and_a_deployment() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments").await;
    h.wait_for("[data-testid=environment-card]").await;
    h.wait_for("[data-testid=open-new-environment]")
        .await
        .click()
        .await
        .unwrap();
    let form = h
        .wait_for("[data-testid=project-actions] [data-testid=environment-form]")
        .await;
    // The name is required (checked before sending).
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        "[data-testid=project-actions] [data-testid=invalid]",
        "name is missing",
    )
    .await;
    fill(&form, "[data-testid=env-name]", "canary").await;
    fill(
        &form,
        "[data-testid=env-url]",
        "https://canary.web.acme.test",
    )
    .await;
    inside(&form, "[data-testid=env-tier]")
        .await
        .select_by_value("production")
        .await
        .unwrap();
    fill(
        &form,
        "[data-testid=env-description]",
        "Canary for 5% of traffic",
    )
    .await;
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    let canary = h.wait_for(&card("canary")).await;
    let text = canary.text().await.unwrap();
    assert!(
        text.contains("production") && text.contains("Canary for 5% of traffic"),
        "{text}"
    );
    wait_text(
        &h,
        &format!("{} [data-testid=last-deployment]", card("canary")),
        "Never deployed",
    )
    .await;

    let (sha, git_ref) = known_commit(&h);
    h.wait_for("[data-testid=open-new-deployment]")
        .await
        .click()
        .await
        .unwrap();
    let form = h.wait_for("[data-testid=deployment-form]").await;
    fill(&form, "[data-testid=dep-environment]", "canary").await;
    fill(
        &form,
        "[data-testid=dep-sha]",
        "0000000000000000000000000000000000000000",
    )
    .await;
    fill(&form, "[data-testid=dep-ref]", &git_ref).await;
    inside(&form, "[data-testid=dep-status]")
        .await
        .select_by_value("success")
        .await
        .unwrap();
    inside(&form, "[data-testid=create-deployment]")
        .await
        .click()
        .await
        .unwrap();
    // The server's refusal appears and the input stays.
    wait_text(
        &h,
        "[data-testid=deployment-form] [data-testid=error]",
        "The commit does not exist",
    )
    .await;
    let typed = inside(&form, "[data-testid=dep-ref]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some(git_ref.as_str()));
    fill(&form, "[data-testid=dep-sha]", &sha).await;
    inside(&form, "[data-testid=create-deployment]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        "[data-testid=deployment-form] [data-testid=success]",
        "Deployment created",
    )
    .await;
    // The card shows its new last deployment without a reload.
    wait_text(
        &h,
        &format!("{} [data-testid=short-sha]", card("canary")),
        &sha[..8],
    )
    .await;
    h.screenshot("environment-created").await;
    let errors = h.console_errors().await;
    assert!(
        errors.iter().all(|e| e.contains("400")),
        "console errors: {errors:#?}"
    );
    h.close().await;
}
