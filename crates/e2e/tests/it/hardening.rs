//! Hardening: leaving pages mid-load never crashes, "load all" is exact under churn and faults,
//! no list is silently cut, one project's error never hides the others, redirects never carry the
//! token, and absurd input from the URL, the config or Settings gets a message instead of a panic.

use std::time::{Duration, Instant};

use shipboard_e2e::{Harness, Options};

const LIST: &str = "[data-testid=deployment-row]";
const FORM: &str = "[data-testid=source-form]";

/// Console errors that are not the browser reporting an HTTP status the test asked for.
fn real_errors(errors: Vec<String>) -> Vec<String> {
    errors
        .into_iter()
        .filter(|e| !e.contains("Failed to load resource"))
        .collect()
}

/// Clicks a navigation button, lets the abandoned page's answers arrive, and checks the app
/// still answers by showing `then`.
async fn leave(h: &Harness, nav: &str, then: &str) {
    h.click(&format!("[data-testid=nav-{nav}]")).await;
    h.wait_for(then).await;
}

/// The number of loaded rows a summary gives ("120 deployments loaded of 240").
fn loaded(summary: &str) -> u64 {
    summary
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Scrolls the virtualized table from top to bottom and returns `(row position, id)` for every
/// row (positions from the top spacer's height, 41 px per row).
async fn every_row_id(h: &Harness, count: u64) -> Vec<(u64, String)> {
    let mut out = std::collections::BTreeMap::new();
    let mut top = 0u64;
    while (out.len() as u64) < count {
        let answer = h
            .client
            .execute(
                "const box = document.querySelector('[data-testid=table-scroll]');
                 box.scrollTop = arguments[0];
                 return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
                   const pad = document.querySelector('[data-testid=table-scroll] > .spacer');
                   const start = Math.round(pad.getBoundingClientRect().height / 41);
                   const ids = [...document.querySelectorAll('[data-testid=deployment-row]')]
                     .map(r => r.getAttribute('data-id'));
                   done([start, ids, box.scrollTop]);
                 })));",
                vec![serde_json::json!(top * 41)],
            )
            .await
            .expect("the table scrolls");
        let start = answer[0].as_u64().expect("a start row");
        let ids = answer[1].as_array().expect("ids");
        for (i, id) in ids.iter().enumerate() {
            out.insert(start + i as u64, id.as_str().unwrap_or("").to_owned());
        }
        let next = (start + ids.len() as u64).saturating_sub(1).max(top + 1);
        assert!(
            next > top || out.len() as u64 >= count,
            "the table did not scroll"
        );
        top = next;
        if top > count + 50 {
            break;
        }
    }
    out.into_iter().collect()
}

async fn summary(h: &Harness) -> String {
    h.wait_for("[data-testid=summary]")
        .await
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn leaving_each_page_mid_load_never_panics() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--latency-ms".into(), "400".into()],
        ..Options::default()
    })
    .await;
    // 1. Deployments while its first page is in flight.
    h.open("?source=0&project=1&view=deployments").await;
    h.wait_for("[data-testid=loading]").await;
    leave(&h, "environments", "[data-testid=environments-page]").await;
    // 2. Environments while the cards' last deployments are in flight.
    h.wait_for("[data-testid=environment-card]").await;
    leave(&h, "deployments", "[data-testid=summary]").await;
    // 3. Deployments during "load all".
    h.wait_for(LIST).await;
    h.click("[data-testid=load-all]").await;
    h.wait_for("[data-testid=load-all-progress]").await;
    leave(&h, "approvals", "[data-testid=approvals-page]").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // 4. A GitHub project's list while its statuses are in flight.
    h.open("?source=1&view=deployments").await;
    h.wait_for(LIST).await;
    leave(&h, "environments", "[data-testid=environments-page]").await;
    // 5. Approvals while its lists are in flight.
    h.open("?source=0&view=approvals").await;
    leave(&h, "deployments", "[data-testid=summary]").await;
    // Every abandoned answer has arrived by now; the app still works.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    h.click("[data-testid=nav-environments]").await;
    h.wait_for("[data-testid=environment-card]").await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn load_all_never_shows_a_row_twice_while_deployments_are_inserted() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--insert-per-list".into(), "3".into()],
        ..Options::default()
    })
    .await;
    // Newest first: rows inserted between page requests shift later pages down.
    h.open("?source=0&project=1&view=deployments&per_page=20&order_by=id&sort=desc")
        .await;
    h.wait_for(LIST).await;
    let first = summary(&h).await;
    let total: u64 = first
        .rsplit(" of ")
        .next()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or_else(|| panic!("the summary gives the total: {first}"));
    h.click("[data-testid=load-all]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = h
            .client
            .find(fantoccini::Locator::Css("[data-testid=load-all-progress]"))
            .await
            .is_err();
        let s = summary(&h).await;
        if done && loaded(&s) > 20 {
            break;
        }
        assert!(Instant::now() < deadline, "load all did not end: {s}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let s = summary(&h).await;
    let count = loaded(&s);
    // Offset pages under concurrent inserts can let a row fall between two pages, never repeat
    // one: at most every row of the list as it was at the first page, each once.
    assert!(count <= total, "{s}: more rows than the list had ({total})");
    let positions = every_row_id(&h, count).await;
    let mut seen = std::collections::HashMap::new();
    for (index, id) in &positions {
        if let Some(other) = seen.insert(id.clone(), *index) {
            panic!("deployment {id} is shown twice, at rows {other} and {index}");
        }
    }
    assert_eq!(seen.len() as u64, count, "every row position was read");
    // The simulator did insert rows while the pages were read.
    let now = h
        .api_get("/api/v4/projects/1/deployments?per_page=100&order_by=id&sort=desc")
        .await;
    let newest = now[0]["id"].as_u64().unwrap();
    let ids = h.attrs(LIST, "data-id").await;
    assert!(
        !ids.contains(&newest.to_string()),
        "rows inserted after the first page are not in this load"
    );
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn load_all_under_twenty_percent_faults_ends_with_every_row_once() {
    let h = Harness::start_with(Options {
        sim_args: vec![
            "--deployments".into(),
            "1000".into(),
            "--fail-rate".into(),
            "0.2".into(),
        ],
        ..Options::default()
    })
    .await;
    h.open("?source=0&project=1&view=deployments&per_page=50")
        .await;
    h.wait_for(LIST).await;
    h.click("[data-testid=load-all]").await;
    let body = h
        .wait_until_text("1,000 rows", |b| {
            b.contains("1000 deployments loaded of 1000") || b.contains("Resume loading")
        })
        .await;
    assert!(
        body.contains("1000 deployments loaded of 1000"),
        "retries did not carry the load through the faults:\n{body}"
    );
    let errors = real_errors(h.console_errors().await);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn a_project_with_180_environments_shows_all_180() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--many-environments".into(), "180".into()],
        ..Options::default()
    })
    .await;
    h.open("?source=0&project=acme%2Fbig%2Fmonorepo&view=environments")
        .await;
    h.wait_until_text("180 environments", |b| b.contains("180 environments"))
        .await;
    h.open("?source=1&project=acme%2Fmonorepo&view=environments")
        .await;
    h.wait_until_text("180 GitHub environments", |b| {
        b.contains("180 environments")
    })
    .await;
    h.close().await;
}

#[tokio::test]
async fn one_projects_error_never_hides_the_others_blocked_deployments() {
    let config = r#"{"sources":[{"id":"gl","name":"Demo GitLab","kind":"gitlab","api_url":"{api}/api/v4","token":"demo-token","projects":["acme/nope","1"]}]}"#;
    let h = Harness::start_with(Options {
        config_json: Some(config.into()),
        ..Options::default()
    })
    .await;
    h.open("?source=gl&view=approvals").await;
    let problem = h
        .wait_for("[data-testid=project-error][data-project='acme/nope']")
        .await;
    let text = problem.text().await.unwrap();
    assert!(text.contains("acme/nope"), "{text}");
    h.wait_for("[data-testid=approval-item]").await;
    h.close().await;
}

#[tokio::test]
async fn a_redirect_never_carries_the_token() {
    let config = r#"{"sources":[{"id":"trap","name":"Trap","kind":"gitlab","api_url":"{api}/redirect/api/v4","token":"secret-token-123","projects":["1"]}]}"#;
    let h = Harness::start_with(Options {
        config_json: Some(config.into()),
        ..Options::default()
    })
    .await;
    h.open("?source=trap&view=deployments").await;
    let error = h.wait_for("[data-testid=error-view], [role=alert]").await;
    let text = error.text().await.unwrap();
    assert!(text.contains("redirect"), "{text}");
    assert!(!h.body_text().await.contains("secret-token-123"));
    let leaks = h.api_get("/__sim/leaks").await;
    assert_eq!(leaks["with_token"], 0, "{leaks}");
    h.close().await;
}

#[tokio::test]
async fn absurd_pages_and_tokens_get_messages_not_panics() {
    let h = Harness::start().await;
    // A page far past the end: an empty page, and the pager still works.
    h.open("?source=0&project=1&view=deployments&page=4294967295")
        .await;
    h.wait_for("[data-testid=empty]").await;
    h.click("[data-testid=prev-page]").await;
    // A token no HTTP header can carry, typed in Settings: a message, the input kept.
    h.open("?view=settings").await;
    let name = h.wait_for(&format!("{FORM} input[type=text]")).await;
    name.send_keys("Odd").await.unwrap();
    let url = h.wait_for(&format!("{FORM} input[type=url]")).await;
    url.send_keys(&format!("{}/api/v4", h.api_origin))
        .await
        .unwrap();
    let token = h.wait_for(&format!("{FORM} input[type=password]")).await;
    token.send_keys("abc def\u{e9}").await.unwrap();
    let targets = h.wait_for(&format!("{FORM} textarea")).await;
    targets.send_keys("1").await.unwrap();
    h.click(&format!("{FORM} button[type=submit]")).await;
    h.wait_until_text("the token message", |b| {
        b.contains("cannot be sent in an HTTP header")
    })
    .await;
    // Plain http to a non-loopback host is refused with a message.
    let url = h.wait_for(&format!("{FORM} input[type=url]")).await;
    url.clear().await.unwrap();
    url.send_keys("http://gitlab.example.com/api/v4")
        .await
        .unwrap();
    let token = h.wait_for(&format!("{FORM} input[type=password]")).await;
    token.clear().await.unwrap();
    token.send_keys("good-token").await.unwrap();
    h.click(&format!("{FORM} button[type=submit]")).await;
    h.wait_until_text("the http message", |b| b.contains("only loopback hosts"))
        .await;
    let errors = real_errors(h.console_errors().await);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn a_bad_token_in_config_json_is_named_and_settings_still_work() {
    let config = "{\"sources\":[{\"name\":\"Odd\",\"kind\":\"gitlab\",\"api_url\":\"{api}/api/v4\",\"token\":\"abc\\u0007def\",\"projects\":[\"1\"]}]}";
    let h = Harness::start_with(Options {
        config_json: Some(config.into()),
        ..Options::default()
    })
    .await;
    h.open("").await;
    let banner = h.wait_for("[data-testid=config-error]").await;
    let text = banner.text().await.unwrap();
    assert!(text.contains("sources[0].token"), "{text}");
    h.click("[data-testid=nav-settings]").await;
    h.wait_for(FORM).await;
    let errors = real_errors(h.console_errors().await);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn a_stalled_config_json_never_blocks_settings() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--stall-config".into()],
        ..Options::default()
    })
    .await;
    h.open("?view=settings").await;
    h.wait_for(FORM).await;
    h.close().await;
}

#[tokio::test]
async fn cancel_keeps_the_rows_and_load_all_resumes_where_it_stopped() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--latency-ms".into(), "150".into()],
        ..Options::default()
    })
    .await;
    h.open("?source=0&project=1&view=deployments&per_page=20")
        .await;
    h.wait_for(LIST).await;
    h.click("[data-testid=load-all]").await;
    // Wait until some pages arrived, then cancel.
    let deadline = Instant::now() + Duration::from_secs(20);
    while loaded(&summary(&h).await) <= 20 {
        assert!(Instant::now() < deadline, "no page arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    h.click("[data-testid=cancel-load]").await;
    let resume = h.wait_for("[data-testid=load-all]").await;
    let label = resume.text().await.unwrap();
    assert!(label.starts_with("Resume loading from page"), "{label}");
    let kept = summary(&h).await;
    assert!(
        loaded(&kept) > 20,
        "rows loaded before the cancel are kept: {kept}"
    );
    // Paging still works after a cancel.
    let next = h.wait_for("[data-testid=next-page]").await;
    assert_eq!(next.attr("disabled").await.unwrap(), None);
    // Resuming reaches the end with every row once.
    resume.click().await.unwrap();
    h.wait_until_text("every row", |b| b.contains("240 deployments loaded of 240"))
        .await;
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_aborted_with_a_message() {
    let config = r#"{"sources":[{"id":"slow","name":"Slow","kind":"gitlab","api_url":"{api}/api/v4","token":"demo-token","projects":["1"]}],"timeout_secs":1}"#;
    let h = Harness::start_with(Options {
        config_json: Some(config.into()),
        sim_args: vec!["--latency-ms".into(), "2500".into()],
        ..Options::default()
    })
    .await;
    let started = Instant::now();
    h.open("?source=slow&view=deployments").await;
    // Four attempts of one second each, with backoff between them, then the message.
    let body = h
        .wait_until_text("the timeout message", |b| {
            b.contains("did not answer within 1 s")
        })
        .await;
    assert!(body.contains("did not answer within 1 s"));
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "aborted, not waited out: {:?}",
        started.elapsed()
    );
    h.close().await;
}
