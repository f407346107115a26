//! End-to-end tests of the overview (`?view=overview`): every project of both demo sources by
//! environment, each cell the environment's current deployment as the API says it is, a cell
//! opening the deployments view filtered to it, the environment, source and order controls in
//! the URL, and no serious accessibility violation in either theme.

use fantoccini::Locator;
use shipboard_e2e::Harness;

const GITLAB_PRODUCTION: &str = "[data-testid=overview-cell][data-source=\"0\"][data-project=\"1\"][data-environment=production]";
const GITHUB_PRODUCTION: &str = "[data-testid=overview-cell][data-source=\"1\"][data-project=\"acme/shop\"][data-environment=production]";

/// Waits until no project is loading any more.
async fn filled(h: &Harness) {
    h.wait_until_text("every project loaded", |body| {
        body.contains("projects") && !body.contains("loading")
    })
    .await;
}

#[tokio::test]
async fn every_project_of_both_forges_by_environment_with_what_runs_there() {
    let h = Harness::start().await;
    h.open("?view=overview").await;
    h.wait_for(GITLAB_PRODUCTION).await;
    filled(&h).await;
    // Every configured project is a row: 4 GitLab projects and 3 GitHub repositories.
    let rows = h.texts("[data-testid=overview-row]").await;
    assert_eq!(rows.len(), 7, "{rows:#?}");
    // GitLab project 1, production: its latest successful deployment, as the API says.
    let truth = h
        .api_get("/api/v4/projects/1/deployments?environment=production&status=success&order_by=id&sort=desc&per_page=1")
        .await;
    let sha = truth[0]["sha"].as_str().unwrap();
    let cell = h.wait_for(GITLAB_PRODUCTION).await;
    let text = cell.text().await.unwrap();
    assert!(text.contains(&sha[..8]), "{sha} not in {text:?}");
    assert!(text.contains(truth[0]["ref"].as_str().unwrap()), "{text:?}");
    // GitHub's production cell of acme/shop is there too, with a status badge.
    let gh = h.wait_for(GITHUB_PRODUCTION).await;
    gh.find(Locator::Css("[data-status]")).await.unwrap();
    // Review apps collapse into one column with a count; stopped environments have no cell.
    let columns = h.texts("[data-testid=overview-column]").await;
    assert!(columns.iter().any(|c| c == "review/*"), "{columns:?}");
    assert!(
        !columns
            .iter()
            .any(|c| c.starts_with("review/") && c != "review/*"),
        "{columns:?}"
    );
    assert_eq!(
        columns.first().map(String::as_str),
        Some("production"),
        "{columns:?}"
    );
    assert!(
        h.attrs("[data-testid=overview-cell]", "data-environment")
            .await
            .iter()
            .all(|e| e != "sandbox"),
        "a stopped environment shows no cell"
    );
    // Only the projects that have an environment get its cell: an empty cell is not a cell.
    let empties = h
        .client
        .find_all(Locator::Css("td.overview-empty"))
        .await
        .unwrap();
    for td in empties {
        assert_eq!(td.attr("data-testid").await.unwrap(), None);
    }
    h.assert_no_serious_axe("the overview, light theme").await;
    h.screenshot("overview-light").await;
    assert!(h.console_errors().await.is_empty());
    h.close().await;
}

#[tokio::test]
async fn a_cell_opens_the_deployments_of_that_project_and_environment() {
    let h = Harness::start().await;
    h.open("?view=overview").await;
    h.wait_for(GITLAB_PRODUCTION).await;
    filled(&h).await;
    h.click(&format!("{GITLAB_PRODUCTION} button")).await;
    h.wait_for("[data-testid=deployment-row]").await;
    let url = h.client.current_url().await.unwrap();
    let q = url.query().unwrap_or_default().to_owned();
    assert!(q.contains("view=deployments"), "{q}");
    assert!(q.contains("project=1"), "{q}");
    assert!(q.contains("environment=production"), "{q}");
    assert!(q.contains("source=demo-gitlab"), "{q}");
    let input = h.wait_for("[data-testid=filter-environment]").await;
    assert_eq!(
        input.prop("value").await.unwrap().as_deref(),
        Some("production")
    );
    // Every row shown is one of project 1's production deployments.
    let truth = h
        .api_get("/api/v4/projects/1/deployments?environment=production&per_page=100")
        .await;
    let ids: Vec<String> = truth
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].to_string())
        .collect();
    let shown = h.attrs("[data-testid=deployment-row]", "data-id").await;
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|id| ids.contains(id)),
        "{shown:?} not all in {ids:?}"
    );
    // Back returns to the overview.
    h.client.back().await.unwrap();
    h.wait_for(GITLAB_PRODUCTION).await;
    h.close().await;
}

#[tokio::test]
async fn environment_source_and_order_filters_live_in_the_url() {
    let h = Harness::start().await;
    h.open("?view=overview&environment=stag&source=demo-github&by=activity&theme=dark")
        .await;
    h.wait_for(GITHUB_PRODUCTION.replace("production", "staging").as_str())
        .await;
    filled(&h).await;
    let columns = h.texts("[data-testid=overview-column]").await;
    assert_eq!(columns, ["staging"], "{columns:?}");
    let sources = h.attrs("[data-testid=overview-cell]", "data-source").await;
    assert!(
        !sources.is_empty() && sources.iter().all(|s| s == "1"),
        "{sources:?}"
    );
    assert_eq!(h.texts("[data-testid=overview-row]").await.len(), 3);
    h.assert_no_serious_axe("the overview, dark theme").await;
    h.screenshot("overview-dark").await;
    // Every source again, by name.
    let select = h.wait_for("[data-testid=overview-source]").await;
    select
        .find(Locator::Css("option[value='']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    h.wait_until_text("both sources", |b| b.contains("7 projects"))
        .await;
    let url = h.client.current_url().await.unwrap();
    assert!(!url.as_str().contains("source="), "{url}");
    assert!(url.as_str().contains("by=activity"), "{url}");
    assert!(h.console_errors().await.is_empty());
    h.close().await;
}
