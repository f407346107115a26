//! End-to-end tests of the approvals inbox (`?view=approvals` without `source`): GitLab blocked
//! deployments and GitHub runs waiting for reviewers of every source together, oldest first,
//! the navigation's count, a GitHub review through the inbox (choice, comment, confirm), one
//! GitHub source alone, and a repository's error shown beside the other sources' items.

use fantoccini::Locator;
use shipboard_e2e::{api, fill, inside, wait_gone, wait_text, Harness};

/// One listed item's attributes.
#[derive(Debug)]
struct Listed {
    kind: String,
    source: String,
    project: String,
    id: String,
    environment: String,
}

async fn listed(h: &Harness) -> Vec<Listed> {
    let mut out = Vec::new();
    for el in h
        .client
        .find_all(Locator::Css("[data-testid=approval-item]"))
        .await
        .unwrap()
    {
        let attr = |name: &'static str| {
            let el = el.clone();
            async move { el.attr(name).await.unwrap().unwrap_or_default() }
        };
        out.push(Listed {
            kind: attr("data-kind").await,
            source: attr("data-source").await,
            project: attr("data-project").await,
            id: attr("data-id").await,
            environment: attr("data-environment").await,
        });
    }
    out
}

/// When an item started waiting, from the server (deployment or run creation), as
/// `YYYY-MM-DDTHH:MM:SS` in UTC (both forges answer in UTC; the seconds are enough to order).
fn created_at(h: &Harness, item: &Listed) -> String {
    let value = if item.kind == "github" {
        api(
            h,
            "GET",
            &format!("/github/repos/{}/actions/runs/{}", item.project, item.id),
            None,
        )
    } else {
        let project = item.project.replace('/', "%2F");
        api(
            h,
            "GET",
            &format!("/api/v4/projects/{project}/deployments/{}", item.id),
            None,
        )
    };
    let at = value["created_at"].as_str().unwrap().to_owned();
    assert!(at.ends_with('Z'), "not UTC: {at}");
    at.chars().take(19).collect()
}

fn waiting_runs(h: &Harness) -> Vec<u64> {
    let runs = api(
        h,
        "GET",
        "/github/repos/acme/shop/actions/runs?status=waiting",
        None,
    );
    runs["workflow_runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect()
}

const RUN_7001: &str =
    "[data-testid=approval-item][data-kind=github][data-source=demo-github][data-id=\"7001\"][data-environment=production]";

#[tokio::test]
async fn the_inbox_lists_every_source_oldest_first_and_a_github_review_removes_the_item() {
    let h = Harness::start().await;
    h.open("?view=approvals").await;
    h.wait_for(RUN_7001).await;
    h.wait_for("[data-testid=approval-item][data-kind=gitlab][data-source=demo-gitlab]")
        .await;
    let items = listed(&h).await;
    let n = items.len();
    wait_text(
        &h,
        "[data-testid=summary]",
        &format!("{n} deployments waiting"),
    )
    .await;
    // The navigation's count is the number listed.
    wait_text(&h, "[data-testid=approvals-count]", &n.to_string()).await;
    // GitHub: runs 7001 (production) and 7002 (production, staging) of acme/shop.
    let github: Vec<(&str, &str)> = items
        .iter()
        .filter(|i| i.kind == "github")
        .map(|i| (i.id.as_str(), i.environment.as_str()))
        .collect();
    assert_eq!(github.len(), 3, "{items:#?}");
    for want in [
        ("7001", "production"),
        ("7002", "production"),
        ("7002", "staging"),
    ] {
        assert!(github.contains(&want), "{want:?} missing: {items:#?}");
    }
    assert!(
        items.iter().filter(|i| i.kind == "gitlab").count() >= 2,
        "{items:#?}"
    );
    // Oldest first, across both forges.
    let times: Vec<String> = items.iter().map(|i| created_at(&h, i)).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "not oldest first: {:#?}",
        items.iter().zip(&times).collect::<Vec<_>>()
    );
    // The demo user triggered run 7002, whose production environment prevents self-review.
    let own = h
        .wait_for("[data-testid=approval-item][data-id=\"7002\"][data-environment=production]")
        .await;
    inside(&own, "[data-testid=cannot-review]").await;
    // Who it waits for.
    let item = h.wait_for(RUN_7001).await;
    let waiting = inside(&item, "[data-testid=waiting-for]")
        .await
        .text()
        .await
        .unwrap();
    assert!(waiting.contains("alice"), "{waiting}");
    h.screenshot("approvals-inbox").await;

    // Approve 7001's production: nothing is sent without a choice and a confirmation.
    let form = inside(&item, "[data-testid=review-form]").await;
    fill(&form, "[data-testid=comment]", "Release approved").await;
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    inside(&form, "[data-testid=choose]").await;
    assert!(waiting_runs(&h).contains(&7001));
    inside(&form, "[data-testid=approve]")
        .await
        .click()
        .await
        .unwrap();
    inside(&form, "[data-testid=submit]")
        .await
        .click()
        .await
        .unwrap();
    let confirm = h
        .wait_for(&format!("{RUN_7001} [data-testid=confirm]"))
        .await;
    let question = confirm.text().await.unwrap();
    assert!(
        question.contains("Approve run #") && question.contains("(main) to production"),
        "{question}"
    );
    assert!(
        waiting_runs(&h).contains(&7001),
        "nothing is sent before confirming"
    );
    h.click(&format!("{RUN_7001} [data-testid=confirm-button]"))
        .await;
    wait_text(&h, "[data-testid=answered]", "Approved run #").await;
    // The item left; the run no longer waits; the count follows.
    wait_gone(&h, RUN_7001).await;
    assert!(!waiting_runs(&h).contains(&7001));
    let reviews = api(
        &h,
        "GET",
        "/github/repos/acme/shop/actions/runs/7001/approvals",
        None,
    );
    assert_eq!(reviews[0]["state"], "approved");
    assert_eq!(reviews[0]["comment"], "Release approved");
    assert_eq!(listed(&h).await.len(), n - 1);
    wait_text(&h, "[data-testid=approvals-count]", &(n - 1).to_string()).await;
    h.close().await;
}

#[tokio::test]
async fn a_github_source_alone_lists_its_waiting_runs() {
    let h = Harness::start().await;
    h.open("?source=demo-github&view=approvals").await;
    h.wait_for(RUN_7001).await;
    wait_text(&h, "[data-testid=summary]", "3 deployments waiting").await;
    let items = listed(&h).await;
    assert!(
        items.iter().all(|i| i.source == "demo-github"),
        "{items:#?}"
    );
    // The link back to every source.
    h.click("[data-testid=all-sources]").await;
    h.wait_for("[data-testid=approval-item][data-source=demo-gitlab]")
        .await;
    h.close().await;
}

#[tokio::test]
async fn one_repositorys_error_never_hides_the_other_sources_items() {
    let config = r#"{"sources":[
        {"id":"gl","name":"Demo GitLab","kind":"gitlab","api_url":"{api}/api/v4","token":"demo-token","projects":["1"]},
        {"id":"gh","name":"Demo GitHub","kind":"github","api_url":"{api}/github","token":"demo-token","repos":["acme/nope","acme/shop"]}]}"#;
    let h = Harness::start_with(shipboard_e2e::Options {
        config_json: Some(config.into()),
        ..shipboard_e2e::Options::default()
    })
    .await;
    h.open("?view=approvals").await;
    let problem = h
        .wait_for("[data-testid=project-error][data-source=gh][data-project='acme/nope']")
        .await;
    let text = problem.text().await.unwrap();
    assert!(text.contains("acme/nope"), "{text}");
    h.wait_for("[data-testid=approval-item][data-source=gh][data-project='acme/shop']")
        .await;
    h.wait_for("[data-testid=approval-item][data-source=gl]")
        .await;
    h.close().await;
}
