//! "Sign in with GitLab": the header's button leads to forge-sim's consent page, Authorize
//! brings the user back to the view they left with the code exchanged (PKCE) and gone from the
//! URL, every GitLab call then sends the OAuth token (counted by `/__sim/oauth`), the token is
//! renewed before it expires, "Sign out" forgets it, and a denied consent is said plainly.

use std::time::{Duration, Instant};

use serde_json::Value;
use shipboard_e2e::{wait_gone, wait_text, Harness, Options};

const SIGN_IN: &str = "[data-testid=sign-in]";
const SIGN_OUT: &str = "[data-testid=sign-out]";
const CARD: &str = "[data-testid=environment-card]";

async fn js(h: &Harness, script: &str) -> Value {
    h.client
        .execute(script, vec![])
        .await
        .expect("a script runs")
}

async fn search(h: &Harness) -> String {
    js(h, "return location.search;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn oauth_report(h: &Harness) -> Value {
    h.api_get("/__sim/oauth").await
}

/// The tokens kept in this tab's `sessionStorage` (`null` when signed out).
async fn stored(h: &Harness) -> Value {
    js(h, "return sessionStorage.getItem('shipboard.oauth');").await
}

/// Clicks "Sign in with GitLab", waits for the consent page and answers it.
async fn consent(h: &Harness, button: &str) {
    h.click(SIGN_IN).await;
    h.wait_for(button).await;
    let url = h.client.current_url().await.expect("a URL");
    assert!(
        url.as_str()
            .starts_with(&format!("{}/oauth/authorize?", h.api_origin)),
        "{url}"
    );
    for part in [
        "response_type=code",
        "client_id=shipboard-demo",
        "scope=api%20read_api",
        "code_challenge_method=S256",
        "state=",
        "redirect_uri=http%3A%2F%2F127.0.0.1%3A",
    ] {
        assert!(url.as_str().contains(part), "{part} in {url}");
    }
    h.click(button).await;
}

async fn wait_until(what: &str, secs: u64, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn sign_in_with_gitlab_restores_the_view_uses_the_token_and_signs_out() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--oauth".into(), "--oauth-expires-in".into(), "8".into()],
        ..Options::default()
    })
    .await;
    let view = "?view=environments&project=1";
    h.open(view).await;
    h.wait_for(CARD).await;
    let button = wait_text(&h, SIGN_IN, "Sign in with GitLab").await;
    assert_eq!(button, "Sign in with GitLab");
    assert_eq!(oauth_report(&h).await["bearer_requests"], 0);

    consent(&h, "[data-testid=oauth-authorize]").await;
    // Back in the app, at the view left, signed in; the code is not in the URL (nor history).
    wait_text(&h, "[data-testid=signed-in]", "Signed in to Demo GitLab").await;
    h.wait_for(SIGN_OUT).await;
    h.wait_for(CARD).await;
    let q = search(&h).await;
    assert!(!q.contains("code=") && !q.contains("state="), "{q}");
    assert!(
        q.contains("view=environments") && q.contains("project=1"),
        "{q}"
    );
    assert!(stored(&h)
        .await
        .as_str()
        .unwrap_or("")
        .contains("access_token"));
    // Everything after the sign-in went out with the OAuth token.
    let report = oauth_report(&h).await;
    assert_eq!(report["tokens_issued"], 1, "{report}");
    assert!(report["bearer_requests"].as_u64().unwrap() >= 1, "{report}");
    let leaks: Value = h.api_get("/__sim/leaks").await;
    assert_eq!(leaks.as_array().map_or(0, Vec::len), 0, "{leaks}");
    // The pending attempt (verifier, state) is gone.
    assert_eq!(
        js(
            &h,
            "return sessionStorage.getItem('shipboard.oauth.pending');"
        )
        .await,
        Value::Null
    );

    // The token lives 8 s: renewed (refresh token) 2 s before it expires, and still works.
    wait_until("a refresh", 20, async || {
        oauth_report(&h).await["refreshed"].as_u64() >= Some(1)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = oauth_report(&h).await["bearer_requests"].as_u64().unwrap();
    h.clear_requests();
    h.click("[data-testid=nav-deployments]").await;
    h.wait_for("[data-testid=deployment-row]").await;
    let after = oauth_report(&h).await["bearer_requests"].as_u64().unwrap();
    assert!(after > before, "{before} → {after}");
    assert!(h
        .statuses("GET", "/api/v4/projects/1/deployments")
        .await
        .iter()
        .all(|s| *s == 200 || *s == 304));
    h.wait_for(SIGN_OUT).await;

    // Sign out: the token is forgotten, the button is back, calls use the configured token.
    h.click(SIGN_OUT).await;
    h.wait_for(SIGN_IN).await;
    h.wait_for("[data-testid=deployment-row]").await;
    assert_eq!(stored(&h).await, Value::Null);
    let out = oauth_report(&h).await["bearer_requests"].as_u64().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    h.click("[data-testid=nav-environments]").await;
    h.wait_for(CARD).await;
    assert_eq!(
        oauth_report(&h).await["bearer_requests"].as_u64(),
        Some(out)
    );
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    h.assert_no_csp_violations().await;
    h.close().await;
}

#[tokio::test]
async fn a_source_without_a_token_reads_only_once_signed_in() {
    let h = Harness::start_with(Options {
        config_json: Some(
            r#"{"sources":[{"id":"gl","name":"Company GitLab","kind":"gitlab","api_url":"{api}/api/v4","projects":["1"],"oauth_client_id":"shipboard-demo"}]}"#
                .into(),
        ),
        ..Options::default()
    })
    .await;
    h.open("?source=gl&view=environments").await;
    // Without a token: GitLab's 401.
    h.wait_for("[data-testid=error]").await;
    h.console_errors().await;
    consent(&h, "[data-testid=oauth-authorize]").await;
    h.wait_for(CARD).await;
    h.wait_for(SIGN_OUT).await;
    let q = search(&h).await;
    assert!(
        q.contains("source=gl") && q.contains("view=environments"),
        "{q}"
    );
    assert!(!q.contains("code="), "{q}");
    assert!(oauth_report(&h).await["bearer_requests"].as_u64().unwrap() >= 1);
    // Only the 401s from before the sign-in (their console lines may arrive late).
    let errors: Vec<String> = h
        .console_errors()
        .await
        .into_iter()
        .filter(|e| !e.contains("status of 401"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    h.close().await;
}

#[tokio::test]
async fn a_denied_consent_says_so_and_offers_sign_in_again() {
    let h = Harness::start_with(Options {
        sim_args: vec!["--oauth".into()],
        ..Options::default()
    })
    .await;
    h.open("?view=environments&project=1").await;
    h.wait_for(CARD).await;
    consent(&h, "[data-testid=oauth-deny]").await;
    let message = wait_text(&h, "[data-testid=sign-in-error]", "access was denied").await;
    assert!(message.contains("Sign-in with GitLab failed"), "{message}");
    h.wait_for(SIGN_IN).await;
    h.wait_for(CARD).await;
    let q = search(&h).await;
    assert!(!q.contains("error=") && !q.contains("state="), "{q}");
    assert!(q.contains("view=environments"), "{q}");
    assert_eq!(stored(&h).await, Value::Null);
    assert_eq!(oauth_report(&h).await["tokens_issued"], 0);
    // A forged answer (no sign-in started in this tab) is refused with a message, not a panic.
    h.open("?view=environments&project=1&code=forged&state=forged")
        .await;
    wait_text(&h, "[data-testid=sign-in-error]", "no sign-in was started").await;
    h.wait_for(CARD).await;
    assert!(!search(&h).await.contains("code="));
    assert_eq!(oauth_report(&h).await["tokens_issued"], 0);
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
    wait_gone(&h, SIGN_OUT).await;
    h.close().await;
}
