//! End-to-end tests of GitHub's "New deployment" on the environments page, against forge-sim's
//! seeded refs (see `crates/sim/src/gh_checks.rs`): 201 created (the environments reload and
//! show it), 202 auto-merged (`topic-branch` is behind `main`: nothing deployed, said so with
//! GitHub's message; the next request deploys it), 409 merge conflict (`topic-conflict`) and
//! failing status checks (`topic-failing`, then deployed with `required_contexts: []`), and a
//! payload that is not JSON stopped before sending (nothing reaches the simulator). axe-core
//! finds nothing serious with the form and its answers open, in both themes, and they fit a
//! 375 px screen.

use fantoccini::elements::Element;
use shipboard_e2e::{api, fill, inside, wait_text, Harness};

const FORM: &str = "[data-testid=github-deployment-form]";
const DEPLOYMENTS: &str = "/github/repos/acme/shop/deployments";

/// Opens the GitHub environments view and the form.
async fn open_form(h: &Harness, theme: &str) -> Element {
    h.open(&format!(
        "?source=1&project=acme/shop&view=environments&theme={theme}"
    ))
    .await;
    h.wait_for("[data-testid=environment-card]").await;
    h.click("[data-testid=open-github-new-deployment]").await;
    h.wait_for(FORM).await
}

async fn submit(form: &Element) {
    inside(form, "[data-testid=gh-dep-submit]")
        .await
        .click()
        .await
        .unwrap();
}

/// Deployments of `git_ref` on the simulator.
fn deployments_of(h: &Harness, git_ref: &str) -> usize {
    api(
        h,
        "GET",
        &format!("{DEPLOYMENTS}?ref={git_ref}&per_page=100"),
        None,
    )
    .as_array()
    .unwrap()
    .len()
}

/// How many new-deployment `POST`s reached the simulator.
async fn posts(h: &Harness) -> usize {
    h.requests(Some("POST"), DEPLOYMENTS).await
}

async fn value(form: &Element, css: &str) -> String {
    inside(form, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_created_deployment_is_shown_and_the_environments_reload() {
    let h = Harness::start().await;
    let form = open_form(&h, "light").await;
    h.assert_no_serious_axe("the form (light)").await;
    fill(&form, "[data-testid=gh-dep-ref]", "main").await;
    fill(&form, "[data-testid=gh-dep-environment]", "e2e-preview").await;
    fill(&form, "[data-testid=gh-dep-description]", "from the app").await;
    fill(
        &form,
        "[data-testid=gh-dep-payload]",
        "{\"deploy\": \"migrate\"}",
    )
    .await;
    submit(&form).await;
    let text = wait_text(&h, "[data-testid=gh-dep-created]", "created").await;
    assert!(text.contains("main → e2e-preview"), "{text}");
    // The environments reload: the new environment has a card.
    h.wait_for("[data-testid=environment-card][data-name=\"e2e-preview\"]")
        .await;
    let list = api(
        &h,
        "GET",
        &format!("{DEPLOYMENTS}?environment=e2e-preview"),
        None,
    );
    assert_eq!(list[0]["description"], "from the app");
    assert_eq!(list[0]["payload"]["deploy"], "migrate");
    assert_eq!(list[0]["production_environment"], false);
    h.screenshot("github-deployment-created").await;
    h.close().await;
}

#[tokio::test]
async fn an_auto_merge_202_says_nothing_was_deployed() {
    let h = Harness::start().await;
    let form = open_form(&h, "dark").await;
    fill(&form, "[data-testid=gh-dep-ref]", "topic-branch").await;
    fill(&form, "[data-testid=gh-dep-environment]", "staging").await;
    submit(&form).await;
    let text = wait_text(
        &h,
        "[data-testid=gh-dep-merged]",
        "Auto-merged main into topic-branch on deployment.",
    )
    .await;
    assert!(text.contains("No deployment was created"), "{text}");
    assert!(text.contains("create the deployment again"), "{text}");
    assert_eq!(deployments_of(&h, "topic-branch"), 0);
    assert_eq!(
        value(&form, "[data-testid=gh-dep-ref]").await,
        "topic-branch"
    );
    h.assert_no_serious_axe("the 202 answer (dark)").await;
    h.screenshot("github-deployment-auto-merged").await;
    // The branch is merged now: the same request deploys it.
    submit(&form).await;
    wait_text(&h, "[data-testid=gh-dep-created]", "topic-branch → staging").await;
    assert_eq!(deployments_of(&h, "topic-branch"), 1);
    h.close().await;
}

#[tokio::test]
async fn a_409_explains_the_conflict_and_what_to_do() {
    let h = Harness::start().await;
    let form = open_form(&h, "light").await;
    // Merge conflict.
    fill(&form, "[data-testid=gh-dep-ref]", "topic-conflict").await;
    submit(&form).await;
    let text = wait_text(
        &h,
        "[data-testid=gh-dep-conflict][data-reason=merge]",
        "Conflict merging main into topic-conflict.",
    )
    .await;
    assert!(text.contains("HTTP 409"), "{text}");
    assert!(text.contains("turn off auto_merge"), "{text}");

    // Failing status checks, all contexts required (the field left out).
    fill(&form, "[data-testid=gh-dep-ref]", "topic-failing").await;
    wait_text(
        &h,
        "[data-testid=gh-dep-contexts-preview]",
        "Sends no required_contexts",
    )
    .await;
    submit(&form).await;
    let text = wait_text(
        &h,
        "[data-testid=gh-dep-conflict][data-reason=checks]",
        "Conflict: Commit status checks failed for topic-failing.",
    )
    .await;
    assert!(text.contains("ci/test failure"), "{text}");
    assert!(text.contains("security/scan pending"), "{text}");
    assert!(text.contains("required_contexts: []"), "{text}");
    h.assert_no_serious_axe("the 409 answer (light)").await;
    h.screenshot("github-deployment-checks-failed").await;
    assert_eq!(deployments_of(&h, "topic-failing"), 0);

    // Skipping the checks (an empty list) deploys it.
    inside(&form, "[data-testid=gh-dep-contexts-none]")
        .await
        .click()
        .await
        .unwrap();
    wait_text(
        &h,
        "[data-testid=gh-dep-contexts-preview]",
        "required_contexts: []",
    )
    .await;
    submit(&form).await;
    wait_text(
        &h,
        "[data-testid=gh-dep-created]",
        "topic-failing → production",
    )
    .await;
    assert_eq!(deployments_of(&h, "topic-failing"), 1);
    h.close().await;
}

#[tokio::test]
async fn a_payload_that_is_not_json_is_stopped_before_sending() {
    let h = Harness::start().await;
    let form = open_form(&h, "light").await;
    let before = posts(&h).await;
    fill(&form, "[data-testid=gh-dep-ref]", "main").await;
    let bad = "{\"deploy\": migrate}";
    fill(&form, "[data-testid=gh-dep-payload]", bad).await;
    submit(&form).await;
    let text = wait_text(
        &h,
        "[data-testid=github-deployment-form] [data-testid=invalid]",
        "payload is not valid JSON: line 1, column 12",
    )
    .await;
    assert!(text.contains("expected value"), "{text}");
    assert_eq!(
        value(&form, "[data-testid=gh-dep-payload]").await,
        bad,
        "input kept"
    );
    assert_eq!(
        value(&form, "[data-testid=gh-dep-ref]").await,
        "main",
        "input kept"
    );
    // "Only these contexts" with none listed is stopped too (an empty list would skip checks).
    fill(&form, "[data-testid=gh-dep-payload]", "").await;
    inside(&form, "[data-testid=gh-dep-contexts-only]")
        .await
        .click()
        .await
        .unwrap();
    submit(&form).await;
    wait_text(
        &h,
        "[data-testid=github-deployment-form] [data-testid=invalid]",
        "needs at least one context",
    )
    .await;
    h.screenshot("github-deployment-bad-payload").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(posts(&h).await, before, "nothing reached the server");
    h.close().await;
}

#[tokio::test]
async fn the_form_and_its_answers_fit_a_375_px_screen() {
    let h = Harness::start().await;
    h.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await;
    let form = open_form(&h, "light").await;
    fill(&form, "[data-testid=gh-dep-ref]", "topic-failing").await;
    submit(&form).await;
    h.wait_for("[data-testid=gh-dep-conflict]").await;
    let width = h
        .client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .unwrap();
    assert!(width.as_u64().unwrap_or(u64::MAX) <= 375, "{width} px wide");
    h.close().await;
}
