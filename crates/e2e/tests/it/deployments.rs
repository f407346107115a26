//! The deployments flows: deep links, filters, sorting, paging, load all, the detail drawer
//! (approvals, merge requests, GitHub statuses), and the messages for a bad token or server.

use serde_json::Value;
use shipboard_e2e::{Harness, Options};

const LIST: &str = "[data-testid=deployment-row]";

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON array")
        .iter()
        .map(|d| d["id"].to_string())
        .collect()
}

fn numbers(texts: &[String]) -> Vec<u64> {
    texts
        .iter()
        .map(|t| t.trim_start_matches('#').parse().expect("a number"))
        .collect()
}

#[tokio::test]
async fn a_deep_link_shows_the_simulators_rows_for_its_filters() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments&status=success&environment=production&order_by=created_at&sort=desc")
        .await;
    h.wait_for(LIST).await;
    let shown = h.attrs(LIST, "data-id").await;
    let truth = h
        .api_get("/api/v4/projects/1/deployments?status=success&environment=production&order_by=created_at&sort=desc&per_page=50")
        .await;
    let truth = ids_of(&truth);
    assert!(!shown.is_empty() && shown.len() <= truth.len());
    assert_eq!(shown, truth[..shown.len()], "rows in the server's order");
    for status in h.texts(&format!("{LIST} [data-status]")).await {
        assert_eq!(status, "success");
    }
    for env in h.texts(&format!("{LIST} td.env")).await {
        assert_eq!(env, "production");
    }
    // The filter form shows what the URL says.
    let status = h.wait_for("[data-testid=filter-status]").await;
    assert_eq!(
        status.prop("value").await.unwrap().as_deref(),
        Some("success")
    );
    h.screenshot("deployments-filtered").await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn filters_rules_are_checked_before_sending() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments&updated_after=2025-01-01")
        .await;
    let error = h.wait_for("[data-testid=error]").await;
    let text = error.text().await.unwrap();
    assert!(
        text.contains("`updated_at` filter requires `updated_at` sort"),
        "{text}"
    );
    h.close().await;
}

#[tokio::test]
async fn header_clicks_sort_both_ways_and_land_in_the_url() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments").await;
    h.wait_for(LIST).await;
    h.click("[data-testid=sort-iid]").await;
    h.wait_for("th[aria-sort=ascending]").await;
    let asc = numbers(&h.texts("[data-testid=open-deployment]").await);
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "{asc:?}");
    h.click("[data-testid=sort-iid]").await;
    h.wait_for("th[aria-sort=descending]").await;
    let desc = numbers(&h.texts("[data-testid=open-deployment]").await);
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "{desc:?}");
    let url = h.client.current_url().await.unwrap();
    assert!(url.as_str().contains("col=iid&dir=desc"), "{url}");
    // Back restores the ascending order from the history entry.
    h.client.back().await.unwrap();
    h.wait_for("th[aria-sort=ascending]").await;
    h.close().await;
}

#[tokio::test]
async fn pages_follow_the_servers_pagination_and_back_works() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments&per_page=20")
        .await;
    h.wait_for(LIST).await;
    let total = h
        .api_get("/api/v4/projects/1/deployments?per_page=100")
        .await;
    assert!(!total.as_array().unwrap().is_empty());
    let page_of = h
        .wait_for("[data-testid=page-of]")
        .await
        .text()
        .await
        .unwrap();
    assert!(page_of.starts_with("Page 1 of "), "{page_of}");
    h.click("[data-testid=next-page]").await;
    h.wait_until_text("page 2", |b| b.contains("Page 2 of "))
        .await;
    let truth = ids_of(
        &h.api_get("/api/v4/projects/1/deployments?page=2&per_page=20&sort=desc")
            .await,
    );
    // Wait for page 2's rows to replace page 1's.
    let first = truth[0].clone();
    h.wait_for(&format!("{LIST}[data-id=\"{first}\"]")).await;
    let shown = h.attrs(LIST, "data-id").await;
    assert_eq!(shown, truth[..shown.len()]);
    h.client.back().await.unwrap();
    h.wait_until_text("page 1 again", |b| b.contains("Page 1 of "))
        .await;
    h.close().await;
}

#[tokio::test]
async fn load_all_fetches_every_page_and_keeps_the_dom_small() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments&per_page=20")
        .await;
    h.wait_for(LIST).await;
    let summary = h
        .wait_for("[data-testid=summary]")
        .await
        .text()
        .await
        .unwrap();
    let total: usize = summary
        .rsplit(" of ")
        .next()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or_else(|| panic!("the summary gives the total: {summary}"));
    h.click("[data-testid=load-all]").await;
    let expect = format!("{total} deployments loaded of {total}");
    h.wait_until_text("every page", |b| b.contains(&expect))
        .await;
    let rows = h.attrs(LIST, "data-id").await.len();
    assert!(
        rows > 0 && rows <= 150,
        "{rows} row elements for {total} rows"
    );
    // Search runs in memory over everything loaded.
    let search = h.wait_for("[data-testid=search]").await;
    search.send_keys("production").await.unwrap();
    // Typing is letter by letter: wait until the rows reflect the whole word.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let envs = h.texts(&format!("{LIST} td.env")).await;
        let summary = h
            .wait_for("[data-testid=summary]")
            .await
            .text()
            .await
            .unwrap();
        if !envs.is_empty() && envs.iter().all(|e| e.contains("production")) {
            assert!(summary.contains(" shown · "), "{summary}");
            break;
        }
        if std::time::Instant::now() > deadline {
            let shot = h.screenshot("failed-search").await;
            let q = h.client.current_url().await.unwrap();
            panic!("rows never narrowed to production: {envs:?} ({summary}, {q}, {shot:?})");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    h.screenshot("deployments-all-loaded").await;
    h.close().await;
}

#[tokio::test]
async fn a_blocked_deployment_shows_its_rules_and_approvals() {
    let h = Harness::start().await;
    let blocked = h
        .api_get("/api/v4/projects/1/deployments?status=blocked&environment=production")
        .await;
    let id = blocked[0]["id"]
        .as_u64()
        .expect("a blocked deployment is seeded");
    let truth = h
        .api_get(&format!("/api/v4/projects/1/deployments/{id}"))
        .await;
    let rules = truth["approval_summary"]["rules"].as_array().unwrap().len();
    assert!(
        rules >= 2,
        "the seed protects production with several rules"
    );
    h.open(&format!(
        "?source=0&project=1&view=deployments&deployment={id}"
    ))
    .await;
    h.wait_for("[data-testid=deployment-detail]").await;
    h.wait_for("[data-testid=approval-rule]").await;
    let shown = h.texts("[data-testid=approval-rule]").await;
    assert_eq!(shown.len(), rules);
    for (rule, text) in truth["approval_summary"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&shown)
    {
        let required = rule["required_approvals"].as_u64().unwrap();
        assert!(text.contains(&format!("of {required}")), "{text}");
    }
    h.wait_for("[data-testid=merge-requests]").await;
    h.screenshot("deployment-detail-gitlab").await;
    h.click("[data-testid=close-detail]").await;
    let url = h.client.current_url().await.unwrap();
    assert!(!url.as_str().contains("deployment="), "{url}");
    h.close().await;
}

#[tokio::test]
async fn a_github_deployment_shows_its_status_history() {
    let h = Harness::start().await;
    let list = h.api_get("/github/repos/acme/shop/deployments").await;
    let id = list[0]["id"].as_u64().expect("seeded GitHub deployments");
    let statuses = h
        .api_get(&format!(
            "/github/repos/acme/shop/deployments/{id}/statuses?per_page=100"
        ))
        .await;
    let count = statuses.as_array().unwrap().len();
    h.open(&format!(
        "?source=1&project=acme%2Fshop&view=deployments&deployment={id}"
    ))
    .await;
    h.wait_for("[data-testid=status-history]").await;
    if count > 0 {
        h.wait_for("[data-testid=status-entry]").await;
    }
    assert_eq!(h.texts("[data-testid=status-entry]").await.len(), count);
    // The table's rows carry each deployment's latest state once it arrives.
    h.wait_for(LIST).await;
    h.screenshot("deployment-detail-github").await;
    h.close().await;
}

#[tokio::test]
async fn an_expired_token_says_what_to_check() {
    let h = Harness::start_with(Options {
        config_json: Some(
            r#"{"sources":[{"name":"Old token","kind":"gitlab","api_url":"{api}/api/v4","token":"expired-token","projects":["1"]}]}"#
                .into(),
        ),
        ..Options::default()
    })
    .await;
    h.open("?source=0&view=deployments").await;
    let text = h
        .wait_for("[data-testid=error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("401"), "{text}");
    assert!(text.contains("read_api"), "{text}");
    assert!(
        !text.contains("expired-token"),
        "the token never shows: {text}"
    );
    h.screenshot("error-expired-token").await;
    h.close().await;
}

#[tokio::test]
async fn an_unreachable_server_is_named_as_such() {
    let h = Harness::start_with(Options {
        config_json: Some(
            r#"{"sources":[{"name":"Down","kind":"gitlab","api_url":"http://127.0.0.1:9/api/v4","token":"demo-token","projects":["1"]}]}"#
                .into(),
        ),
        ..Options::default()
    })
    .await;
    h.open("?source=0&view=deployments").await;
    let text = h
        .wait_for("[data-testid=error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("could not be reached"), "{text}");
    assert!(text.contains("CORS"), "{text}");
    h.close().await;
}

#[tokio::test]
async fn a_malformed_config_is_explained() {
    let h = Harness::start_with(Options {
        config_json: Some(
            r#"{"sources":[{"name":"x","kind":"bitbucket","api_url":"https://x"}]}"#.into(),
        ),
        ..Options::default()
    })
    .await;
    h.open("").await;
    let text = h
        .wait_for("[data-testid=config-error]")
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("sources[0].kind"), "{text}");
    h.close().await;
}

#[tokio::test]
async fn filters_that_match_nothing_say_so() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments&environment=no-such-environment")
        .await;
    let text = h
        .wait_for("[data-testid=empty]")
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("No deployments match"), "{text}");
    assert!(h.attrs(LIST, "data-id").await.is_empty());
    h.close().await;
}

/// The `GET …/deployments/{id}/statuses` requests in the simulator's log.
async fn status_reads(h: &Harness) -> Vec<String> {
    let log = h.api_get("/__sim/requests").await;
    log.as_array()
        .expect("a request log")
        .iter()
        .filter(|r| r["method"] == "GET")
        .filter_map(|r| r["path"].as_str())
        .filter(|p| {
            p.starts_with("/github/repos/acme/shop/deployments/") && p.ends_with("/statuses")
        })
        .map(str::to_owned)
        .collect()
}

/// Waits until the status reads stop growing for a second (10 s at most).
async fn settled_status_reads(h: &Harness) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut last = status_reads(h).await;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        let now = status_reads(h).await;
        if now.len() == last.len() || std::time::Instant::now() > deadline {
            return now;
        }
        last = now;
    }
}

#[tokio::test]
async fn github_statuses_are_read_for_the_rows_in_view_and_then_as_they_scroll_in() {
    let h = Harness::start().await;
    let all = h
        .api_get("/github/repos/acme/shop/deployments?per_page=30")
        .await;
    let total = all.as_array().expect("a list").len();
    assert_eq!(total, 30, "the seeded repository has a full page of 30");
    h.clear_requests();
    h.open("?source=1&project=acme%2Fshop&view=deployments&per_page=30")
        .await;
    h.wait_for(LIST).await;
    let first = settled_status_reads(&h).await;
    let in_view = h
        .client
        .execute(
            "const s = document.querySelector('[data-testid=table-scroll]'); return Math.ceil(s.clientHeight / 41) + 1;",
            vec![],
        )
        .await
        .expect("a script runs")
        .as_u64()
        .expect("a number") as usize;
    assert!(
        !first.is_empty() && first.len() <= in_view && first.len() < total,
        "{} status reads for a page of {total} with about {in_view} rows in view: {first:?}",
        first.len()
    );
    // The rows in view show their real status.
    let shown = h
        .attrs(&format!("{LIST} [data-status]"), "data-status")
        .await;
    assert!(
        shown.iter().take(5).all(|s| s != "unknown"),
        "the first rows have their status: {shown:?}"
    );
    // Scrolled through a screen at a time, the rest are read (each once) and the last row has
    // its status.
    for _ in 0..10 {
        let at_end = h
            .client
            .execute(
                "const s = document.querySelector('[data-testid=table-scroll]'); s.scrollTop += s.clientHeight / 2; return s.scrollTop + s.clientHeight >= s.scrollHeight - 1;",
                vec![],
            )
            .await
            .expect("a script runs");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        if at_end == Value::Bool(true) {
            break;
        }
    }
    let after = settled_status_reads(&h).await;
    let distinct: std::collections::HashSet<&String> = after.iter().collect();
    assert_eq!(
        distinct.len(),
        after.len(),
        "no status is read twice: {after:?}"
    );
    assert_eq!(
        after.len(),
        total,
        "every row's status once scrolled through"
    );
    let last_id = all[total - 1]["id"].to_string();
    let last = h
        .attrs(
            &format!("{LIST}[data-id='{last_id}'] [data-status]"),
            "data-status",
        )
        .await;
    assert!(
        last.len() == 1 && last[0] != "unknown",
        "the last row's status after scrolling: {last:?}"
    );
}
