//! End-to-end tests of the insights view: the four metrics against the simulator's own answers,
//! the two SVG charts with their data tables, the URL state of the form, the server-side filters
//! of the requests, an empty window, GitHub (no commit time), and axe-core in both themes.

use fantoccini::Locator;
use serde_json::Value;
use shipboard_e2e::{wait_text, Harness};

/// The text of `css`'s attribute `name` (waiting for the element).
async fn attr(h: &Harness, css: &str, name: &str) -> String {
    h.wait_for(css)
        .await
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Every deployment of a GitLab list, read page by page from the simulator.
async fn gitlab_all(h: &Harness, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1..=100 {
        let list = h
            .api_get(&format!(
                "/api/v4/projects/1/deployments?{query}&per_page=100&page={page}"
            ))
            .await;
        let items = list.as_array().expect("a list").clone();
        let short = items.len() < 100;
        out.extend(items);
        if short {
            break;
        }
    }
    out
}

async fn open_all_tables(h: &Harness) {
    for summary in h
        .client
        .find_all(Locator::Css(".chart-data summary"))
        .await
        .unwrap()
    {
        summary.click().await.unwrap();
    }
}

#[tokio::test]
async fn gitlab_metrics_charts_and_tables_match_the_server() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=insights&environment=production&days=7")
        .await;
    h.wait_for("[data-testid=metric-deploy-frequency]").await;
    let start = attr(&h, "[data-testid=insights-window]", "data-start").await;
    let end = attr(&h, "[data-testid=insights-window]", "data-end").await;

    // The ground truth, with the server's own filters: successes finished in the window, and
    // failures updated since its start (a failure's update is its finish in the simulator).
    let successes = gitlab_all(
        &h,
        &format!("environment=production&status=success&order_by=finished_at&sort=desc&finished_after={start}&finished_before={end}"),
    )
    .await
    .len();
    let failed = gitlab_all(
        &h,
        &format!("environment=production&status=failed&order_by=updated_at&sort=desc&updated_after={start}"),
    )
    .await
    .len();
    assert!(successes > 0, "the seeded week has successful deployments");
    let frequency = attr(&h, "[data-testid=metric-deploy-frequency]", "data-value").await;
    assert_eq!(frequency, format!("{:.4}", successes as f64 / 7.0));
    let rate = attr(&h, "[data-testid=metric-change-failure-rate]", "data-value").await;
    assert_eq!(
        rate,
        format!("{:.4}", failed as f64 * 100.0 / (successes + failed) as f64)
    );
    let rate_text = h.texts("[data-testid=metric-change-failure-rate]").await;
    assert!(rate_text[0].ends_with('%'), "{rate_text:?}");
    // GitLab gives the commit time: the lead time is a duration.
    let lead = h.texts("[data-testid=metric-lead-time]").await;
    assert_ne!(lead[0], "not available");
    assert!(!attr(&h, "[data-testid=metric-lead-time]", "data-value")
        .await
        .is_empty());
    h.wait_for("[data-testid=metric-time-to-restore]").await;

    // Two SVG charts, each an image named by its title, each with a data table.
    let charts = h.attrs("[data-testid=insights-chart]", "data-chart").await;
    assert_eq!(charts, vec!["deployments", "lead-time"]);
    let names = h
        .attrs(
            "[data-testid=insights-chart] svg[role=img]",
            "aria-labelledby",
        )
        .await;
    assert_eq!(names.len(), 2);
    open_all_tables(&h).await;
    let table = "[data-testid=insights-table][data-chart=deployments] tbody tr";
    let rows = h.client.find_all(Locator::Css(table)).await.unwrap();
    assert_eq!(rows.len(), 7, "one row per day");
    let mut table_successes = 0;
    let mut table_failed = 0;
    for row in rows {
        let cells = row.find_all(Locator::Css("td")).await.unwrap();
        table_successes += cells[0].text().await.unwrap().parse::<usize>().unwrap();
        table_failed += cells[1].text().await.unwrap().parse::<usize>().unwrap();
    }
    assert_eq!((table_successes, table_failed), (successes, failed));
    let lead_rows = h
        .client
        .find_all(Locator::Css(
            "[data-testid=insights-table][data-chart=lead-time] tbody tr",
        ))
        .await
        .unwrap();
    assert_eq!(lead_rows.len(), 7);

    // Every deployments request was narrowed on the server: environment and a date filter.
    let log = h.api_get("/__sim/requests").await;
    let lists: Vec<String> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/api/v4/projects/1/deployments")
        .map(|r| r["query"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(!lists.is_empty());
    for q in &lists {
        assert!(q.contains("environment=production"), "{q}");
        assert!(
            q.contains("updated_after=") || q.contains("finished_before="),
            "{q}"
        );
    }
    h.screenshot("insights").await;
    h.assert_no_serious_axe("insights (GitLab, light)").await;

    // The window chooser is URL state.
    let select = h.wait_for("[data-testid=insights-days]").await;
    select.select_by_value("30").await.unwrap();
    wait_text(&h, "[data-testid=insights-heading]", "last 30 days").await;
    let url = h.client.current_url().await.unwrap();
    assert!(url.as_str().contains("days=30"), "{url}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let rows = h.client.find_all(Locator::Css(table)).await.unwrap();
        if rows.len() == 30 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the table never had 30 days (last: {})",
            rows.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // An environment with no deployment says so.
    let field = h.wait_for("[data-testid=insights-environment]").await;
    field.clear().await.unwrap();
    field.send_keys("nowhere").await.unwrap();
    h.click("[data-testid=insights-apply]").await;
    wait_text(&h, "[data-testid=empty]", "No deployment to nowhere").await;
    let url = h.client.current_url().await.unwrap();
    assert!(url.as_str().contains("environment=nowhere"), "{url}");
    let rate = h.texts("[data-testid=metric-change-failure-rate]").await;
    assert_eq!(rate, vec!["not available"]);
    let frequency = h.texts("[data-testid=metric-deploy-frequency]").await;
    assert_eq!(frequency, vec!["0.00 per day"]);
    h.close().await;
}

#[tokio::test]
async fn github_has_no_lead_time_and_both_themes_pass_axe() {
    let h = Harness::start().await;
    // No environment in the URL: production.
    h.open("?source=demo-github&project=acme%2Fshop&view=insights&days=30&theme=dark")
        .await;
    wait_text(&h, "[data-testid=insights-heading]", "production").await;
    let lead = wait_text(&h, "[data-testid=metric-lead-time]", "not available").await;
    assert_eq!(lead, "not available");
    let frequency = attr(&h, "[data-testid=metric-deploy-frequency]", "data-value").await;
    assert!(
        frequency.parse::<f64>().unwrap() > 0.0,
        "the seeded month has successful deployments: {frequency}"
    );
    let charts = h.attrs("[data-testid=insights-chart]", "data-chart").await;
    assert_eq!(charts, vec!["deployments"]);
    h.wait_for("[data-testid=no-lead-chart]").await;
    open_all_tables(&h).await;
    h.screenshot("insights-github-dark").await;
    h.assert_no_serious_axe("insights (GitHub, dark)").await;

    // GitHub: environment-filtered lists only.
    let log = h.api_get("/__sim/requests").await;
    let lists: Vec<String> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == "/github/repos/acme/shop/deployments")
        .map(|r| r["query"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(!lists.is_empty());
    for q in &lists {
        assert!(q.contains("environment=production"), "{q}");
    }

    h.open("?source=0&project=1&view=insights&days=30&theme=dark")
        .await;
    h.wait_for("[data-testid=insights-chart]").await;
    open_all_tables(&h).await;
    h.assert_no_serious_axe("insights (GitLab, dark)").await;
    h.close().await;
}

#[tokio::test]
async fn insights_fit_a_375_px_screen() {
    let h = Harness::start().await;
    h.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({ "width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await;
    h.open("?source=0&project=1&view=insights&days=90").await;
    h.wait_for("[data-testid=insights-chart]").await;
    open_all_tables(&h).await;
    let width = h
        .client
        .execute("return document.documentElement.scrollWidth;", vec![])
        .await
        .unwrap();
    assert!(width.as_u64().unwrap() <= 375, "{width} px wide");
    h.close().await;
}

#[tokio::test]
async fn a_live_refresh_updates_the_figures_without_a_loading_state() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=insights&environment=production&days=7&refresh=5")
        .await;
    h.wait_for("[data-testid=metric-deploy-frequency][data-value]")
        .await;
    let css = "[data-testid=metric-deploy-frequency]";
    let before: f64 = attr(&h, css, "data-value").await.parse().unwrap();
    h.client
        .execute("window.__marker = 1; return true;", vec![])
        .await
        .unwrap();
    // A new successful production deployment: the next refresh counts it.
    let (sha, git_ref) = shipboard_e2e::known_commit(&h);
    shipboard_e2e::api(
        &h,
        "POST",
        "/api/v4/projects/1/deployments",
        Some(serde_json::json!({
            "environment": "production", "sha": sha, "ref": git_ref, "tag": false, "status": "success"
        })),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let now: f64 = attr(&h, css, "data-value").await.parse().unwrap();
        if now > before {
            break;
        }
        // Quiet: the figures stay on screen while the window is read again.
        assert!(
            h.texts("[data-testid=loading]").await.is_empty(),
            "a live refresh showed a loading state"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "the frequency never rose from {before}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let marker = h
        .client
        .execute("return window.__marker;", vec![])
        .await
        .unwrap();
    assert_eq!(marker, Value::from(1), "the page was reloaded");
    assert!(h.console_errors().await.is_empty());
    h.close().await;
}
