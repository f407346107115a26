//! Live refresh: a deployment created by another client appears without a page reload (and is
//! highlighted) while everything on screen stays (a marker in `window`, a filter typed but not
//! applied, the search text, the scroll position); a refresh of unchanged data costs only
//! `304`s on both forges (the browser revalidates its cached answers with `If-None-Match`); a
//! hidden tab sends nothing and refreshes at once when shown again.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shipboard_e2e::{api, approval_item, fill, inside, known_commit, Harness};

const LIST: &str = "[data-testid=deployment-row]";
/// A table row's height in pixels (`src/components/deployments_table.rs` `ROW_HEIGHT`).
const ROW_HEIGHT: f64 = 41.0;

/// Runs a script and returns its value.
async fn js(h: &Harness, script: &str) -> Value {
    h.client
        .execute(script, vec![])
        .await
        .expect("a script runs")
}

/// The value of the input matching `css`.
async fn value_of(h: &Harness, css: &str) -> String {
    h.wait_for(css)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Waits (up to `secs`) until the simulator's log has a `GET` for `path`; returns its statuses.
async fn wait_for_reads(h: &Harness, path: &str, secs: u64) -> Vec<u16> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let statuses = h.statuses("GET", path).await;
        if !statuses.is_empty() || Instant::now() > deadline {
            return statuses;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_new_deployment_appears_without_a_reload_and_nothing_typed_is_lost() {
    let h = Harness::start().await;
    let (sha, git_ref) = known_commit(&h);
    h.open("?source=demo-gitlab&project=1&view=deployments&order_by=id&sort=desc&refresh=5")
        .await;
    h.wait_for(LIST).await;
    // What must survive: the page itself, a filter typed but not applied, the scroll position
    // (and, below, the search text).
    js(&h, "window.__marker = 'still here'; return null;").await;
    let env = h.wait_for("[data-testid=filter-environment]").await;
    env.send_keys("stag").await.expect("typed");
    let scrolled = js(
        &h,
        "const s = document.querySelector('[data-testid=table-scroll]'); s.scrollTop = 120; return s.scrollTop;",
    )
    .await;
    assert!(
        scrolled.as_f64().is_some_and(|t| t > 0.0),
        "the table scrolls: {scrolled}"
    );

    let created = api(
        &h,
        "POST",
        "/api/v4/projects/1/deployments",
        Some(
            json!({"environment": "qa", "sha": sha, "ref": git_ref, "tag": false, "status": "running"}),
        ),
    );
    let id = created["id"].as_u64().expect("an id");
    let row = format!("{LIST}[data-id=\"{id}\"]");
    // Within one interval (5 s) and its reads, the row is there and highlighted.
    let has_mark = format!(
        "const r = document.querySelector('{row}'); return r ? r.hasAttribute('data-changed') : null;"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    let highlighted = loop {
        if let Value::Bool(mark) = js(&h, &has_mark).await {
            break mark;
        }
        assert!(
            Instant::now() < deadline,
            "deployment {id} never appeared; page:\n{}",
            h.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(highlighted, "the new row is highlighted (data-changed)");
    assert_eq!(
        h.attrs(LIST, "data-id").await.first().map(String::as_str),
        Some(id.to_string().as_str()),
        "newest first: the new row opens the list"
    );
    assert_eq!(
        js(&h, "return window.__marker || null;").await,
        json!("still here"),
        "the page was not reloaded"
    );
    assert_eq!(
        value_of(&h, "[data-testid=filter-environment]").await,
        "stag"
    );
    let scroll = js(
        &h,
        "return document.querySelector('[data-testid=table-scroll]').scrollTop;",
    )
    .await;
    // Never reset: the rows in view stay where they were (Chromium's scroll anchoring moves the
    // offset by the one row inserted above them).
    let (before, after) = (
        scrolled.as_f64().unwrap_or_default(),
        scroll.as_f64().unwrap_or_default(),
    );
    assert!(
        after == before || after == before + ROW_HEIGHT,
        "the table keeps its scroll position: {before} then {after}"
    );
    assert!(
        h.texts("[data-testid=loading]").await.is_empty(),
        "a live refresh shows no loading state"
    );
    // A search typed now stays through the next refresh, which still shows the new row.
    let search = h.wait_for("[data-testid=search]").await;
    search.send_keys(&git_ref).await.expect("typed");
    h.clear_requests();
    let reads = wait_for_reads(&h, "/api/v4/projects/1/deployments", 12).await;
    assert!(!reads.is_empty(), "another refresh came");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(value_of(&h, "[data-testid=search]").await, git_ref);
    assert_eq!(
        value_of(&h, "[data-testid=filter-environment]").await,
        "stag"
    );
    assert!(h.attrs(LIST, "data-id").await.contains(&id.to_string()));
    // The highlight fades: the attribute leaves after a few seconds.
    let deadline = Instant::now() + Duration::from_secs(8);
    while js(&h, &has_mark).await == json!(true) {
        assert!(Instant::now() < deadline, "the highlight stays too long");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    h.close().await;
}

#[tokio::test]
async fn an_unchanged_refresh_costs_only_304s_on_both_forges() {
    let h = Harness::start().await;
    // GitLab, with a drawer open: the refresh keeps it.
    let list = api(&h, "GET", "/api/v4/projects/1/deployments?per_page=1", None);
    let open = list[0]["id"].as_u64().expect("an id");
    h.open(&format!(
        "?source=demo-gitlab&project=1&view=deployments&refresh=5&deployment={open}"
    ))
    .await;
    h.wait_for(LIST).await;
    h.wait_for("[data-testid=deployment-detail]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    h.clear_requests();
    let path = "/api/v4/projects/1/deployments";
    let statuses = wait_for_reads(&h, path, 12).await;
    eprintln!("GitLab refresh: GET {path} -> {statuses:?}");
    assert!(!statuses.is_empty(), "a live refresh read the list again");
    assert!(
        statuses.iter().all(|s| *s == 304),
        "an unchanged list is revalidated, not sent again: {statuses:?}"
    );
    h.wait_for("[data-testid=deployment-detail]").await;
    assert!(
        h.texts("[data-changed]").await.is_empty(),
        "nothing changed, nothing highlighted"
    );

    // GitHub: the list and each row's latest status.
    h.open("?source=demo-github&project=acme/shop&view=deployments&refresh=5")
        .await;
    h.wait_for(LIST).await;
    // Every row's status arrived before the log is cleared.
    let deadline = Instant::now() + Duration::from_secs(20);
    while h
        .texts(&format!("{LIST} [data-status]"))
        .await
        .iter()
        .any(|s| s == "unknown")
    {
        assert!(Instant::now() < deadline, "statuses never arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    h.clear_requests();
    let path = "/github/repos/acme/shop/deployments";
    let statuses = wait_for_reads(&h, path, 12).await;
    // Let the statuses of that refresh arrive too.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let log: Value = h.api_get("/__sim/requests").await;
    let reads: Vec<(String, u64)> = log
        .as_array()
        .expect("a log")
        .iter()
        .filter(|r| r["method"] == "GET" && r["path"].as_str().is_some_and(|p| p.starts_with(path)))
        .map(|r| {
            (
                r["path"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    eprintln!("GitHub refresh: {} reads -> {reads:?}", reads.len());
    assert!(!statuses.is_empty(), "a live refresh read the list again");
    assert!(
        reads.iter().any(|(p, _)| p.ends_with("/statuses")),
        "and each row's status: {reads:?}"
    );
    assert!(
        reads.iter().all(|(_, s)| *s == 304),
        "every read of an unchanged page is a 304: {reads:?}"
    );

    // The other views: every read of a refresh of unchanged data is a 304 too.
    for (query, ready, path) in [
        (
            "?source=demo-gitlab&project=1&view=environments&refresh=5",
            "[data-testid=environment-card]",
            "/api/v4/projects/1/environments",
        ),
        (
            "?source=demo-github&project=acme/shop&view=environments&refresh=5",
            "[data-testid=environment-card]",
            "/github/repos/acme/shop/environments",
        ),
        (
            "?view=approvals&refresh=5",
            "[data-testid=approval-item]",
            "/github/repos/acme/shop/actions/runs",
        ),
    ] {
        h.open(query).await;
        h.wait_for(ready).await;
        // Let the first load's detail reads end.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        h.clear_requests();
        let statuses = wait_for_reads(&h, path, 12).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let log: Value = h.api_get("/__sim/requests").await;
        let reads: Vec<u64> = log
            .as_array()
            .expect("a log")
            .iter()
            .filter(|r| r["method"] == "GET")
            .map(|r| r["status"].as_u64().unwrap_or_default())
            .collect();
        eprintln!("{query}: {} reads, statuses {:?}", reads.len(), {
            let mut s = reads.clone();
            s.dedup();
            s
        });
        assert!(
            !statuses.is_empty(),
            "{query}: a live refresh read {path} again"
        );
        assert!(
            reads.iter().all(|s| *s == 304),
            "{query}: every read of unchanged data is a 304: {reads:?}"
        );
    }
    h.close().await;
}

#[tokio::test]
async fn a_hidden_tab_sends_nothing_and_refreshes_at_once_when_shown() {
    let h = Harness::start().await;
    h.open("?source=demo-gitlab&project=1&view=deployments&refresh=5")
        .await;
    h.wait_for(LIST).await;
    let path = "/api/v4/projects/1/deployments";
    h.set_hidden(true).await;
    h.clear_requests();
    tokio::time::sleep(Duration::from_secs(8)).await;
    assert!(
        h.statuses("GET", path).await.is_empty(),
        "a hidden tab sends no refresh"
    );
    // Shown again: a refresh at once, well before the 5 s interval.
    let shown = Instant::now();
    h.set_hidden(false).await;
    let statuses = wait_for_reads(&h, path, 3).await;
    assert!(
        !statuses.is_empty(),
        "no refresh within 3 s of being shown ({:?})",
        shown.elapsed()
    );
    h.close().await;
}

#[tokio::test]
async fn refresh_off_in_the_url_sends_nothing_and_settings_saves_the_interval() {
    let h = Harness::start().await;
    h.open("?source=demo-gitlab&project=1&view=deployments&refresh=0")
        .await;
    h.wait_for(LIST).await;
    h.clear_requests();
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert!(h
        .statuses("GET", "/api/v4/projects/1/deployments")
        .await
        .is_empty());
    // Settings: choose 15 s; it is kept in this browser.
    h.open("?view=settings").await;
    let select = h.wait_for("[data-testid=refresh-select]").await;
    select.select_by_value("15").await.expect("15 s is offered");
    let saved = js(&h, "return localStorage.getItem('shipboard.refresh');").await;
    assert_eq!(saved, json!("15"));
    h.open("?view=settings").await;
    let chosen = h
        .wait_for("[data-testid=refresh-select]")
        .await
        .prop("value")
        .await
        .ok()
        .flatten();
    assert_eq!(chosen.as_deref(), Some("15"));
    // "Other…": a number of seconds.
    let select = h.wait_for("[data-testid=refresh-select]").await;
    select
        .select_by_value("custom")
        .await
        .expect("other is offered");
    let input = h.wait_for("[data-testid=refresh-secs]").await;
    input.clear().await.expect("cleared");
    input.send_keys("45\n").await.expect("typed");
    js(&h, "document.querySelector('[data-testid=refresh-secs]').dispatchEvent(new Event('change')); return null;").await;
    let saved = js(&h, "return localStorage.getItem('shipboard.refresh');").await;
    assert_eq!(saved, json!("45"));
    h.close().await;
}

#[tokio::test]
async fn environments_and_approvals_update_in_place() {
    let h = Harness::start().await;
    // Environments: a new one appears (highlighted); an open folder stays open.
    h.open("?source=demo-gitlab&project=1&view=environments&refresh=5")
        .await;
    h.wait_for("[data-testid=environment-card]").await;
    let folder = h.wait_for("[data-testid=folder-summary]").await;
    folder.click().await.expect("the folder opens");
    api(
        &h,
        "POST",
        "/api/v4/projects/1/environments",
        Some(json!({"name": "live-preview", "tier": "development"})),
    );
    let card = "[data-testid=environment-card][data-name=live-preview]";
    let has_mark = format!(
        "const c = document.querySelector('{card}'); return c ? c.hasAttribute('data-changed') : null;"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    let highlighted = loop {
        if let Value::Bool(mark) = js(&h, &has_mark).await {
            break mark;
        }
        assert!(
            Instant::now() < deadline,
            "the new environment never appeared; page:\n{}",
            h.body_text().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(highlighted, "the new card is highlighted");
    assert_eq!(
        js(
            &h,
            "return document.querySelector('[data-testid=env-folder]').open;"
        )
        .await,
        json!(true),
        "the open folder stays open"
    );

    // Approvals: another client approves as `security`; the item updates in place and keeps the
    // comment typed in its form.
    h.open("?source=demo-gitlab&view=approvals&refresh=5").await;
    let bob = h.wait_for(&approval_item("bob")).await;
    let id = bob.attr("data-id").await.unwrap().unwrap();
    fill(&bob, "[data-testid=comment]", "typed, not sent").await;
    api(
        &h,
        "POST",
        &format!("/api/v4/projects/1/deployments/{id}/approval"),
        Some(json!({"status": "approved", "represented_as": "security", "comment": "elsewhere"})),
    );
    let waiting = format!("{} [data-testid=waiting-for]", approval_item("bob"));
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = h.texts(&waiting).await.join(" ");
        if !text.contains("security: 0 of 1") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the approval never showed: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let bob = h.wait_for(&approval_item("bob")).await;
    assert_eq!(
        bob.attr("data-changed").await.unwrap().as_deref(),
        Some(""),
        "the changed item is highlighted"
    );
    let comment = inside(&bob, "[data-testid=comment]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(comment.as_deref(), Some("typed, not sent"));
    h.close().await;
}
