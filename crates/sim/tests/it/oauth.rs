//! "Sign in with GitLab" against forge-sim's OAuth provider: consent page, code with PKCE
//! (S256 checked, single use), token endpoint errors, refresh rotation, expiry on the API.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::support::{sim, sim_with, Resp, Sim};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const REDIRECT: &str = "http://127.0.0.1:8080/shipboard/";
const FORM: &str = "application/x-www-form-urlencoded";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn enc(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap()[2..].to_owned()
}

/// The authorize query the dashboard sends.
fn authorize_query(redirect: &str, state: &str) -> String {
    format!(
        "response_type=code&client_id=shipboard-demo&redirect_uri={}&state={state}&scope=api%20read_api&code_challenge={}&code_challenge_method=S256",
        enc(redirect),
        challenge(VERIFIER)
    )
}

/// Consents as `user` and returns the `Location` the browser is sent to.
async fn consent(s: &Sim, decision: &str, user: &str) -> String {
    let body = format!(
        "{}&user={user}&decision={decision}",
        authorize_query(REDIRECT, "st4te")
    );
    let r = s
        .call("POST", "/oauth/authorize", &[], Some((FORM, body)))
        .await;
    assert_eq!(r.status, 302, "{}", r.text);
    r.header("location").unwrap().to_owned()
}

async fn code(s: &Sim) -> String {
    let location = consent(s, "authorize", "demo").await;
    let query = location
        .strip_prefix(&format!("{REDIRECT}?"))
        .expect(&location);
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    assert_eq!(pairs[1], ("state".into(), "st4te".into()));
    assert_eq!(pairs[0].0, "code");
    pairs[0].1.clone()
}

async fn token(s: &Sim, form: &str) -> Resp {
    s.call("POST", "/oauth/token", &[], Some((FORM, form.to_owned())))
        .await
}

fn exchange(code: &str, verifier: &str) -> String {
    format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id=shipboard-demo&code_verifier={verifier}",
        enc(REDIRECT)
    )
}

async fn bearer(s: &Sim, token: &str, path: &str) -> Resp {
    let auth = format!("Bearer {token}");
    s.call(
        "GET",
        &format!("/api/v4{path}"),
        &[("authorization", auth.as_str())],
        None,
    )
    .await
}

fn invalid_grant(r: &Resp) {
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.body["error"], "invalid_grant");
    assert_eq!(r.body["error_description"], forge_sim::oauth::INVALID_GRANT);
}

#[tokio::test]
async fn the_consent_page_shows_the_application_and_its_choices() {
    let s = sim();
    let q = authorize_query(REDIRECT, "abc");
    let r = s
        .call("GET", &format!("/oauth/authorize?{q}"), &[], None)
        .await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    for part in [
        "Shipboard (demo)",
        "data-testid=\"oauth-authorize\"",
        "data-testid=\"oauth-deny\"",
        "name=\"state\" value=\"abc\"",
        "<code>read_api</code>",
        REDIRECT,
    ] {
        assert!(r.text.contains(part), "{part} in {}", r.text);
    }
    assert!(!r.text.contains("<script"));
    // An unknown client or a redirect URI off loopback: GitLab's own error page, no redirect.
    let r = s
        .call(
            "GET",
            &format!("/oauth/authorize?{}", q.replace("shipboard-demo", "nope")),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 401);
    assert!(r.header("location").is_none());
    let evil = authorize_query("http://evil.test/cb", "abc");
    let r = s
        .call("GET", &format!("/oauth/authorize?{evil}"), &[], None)
        .await;
    assert_eq!(r.status, 400);
    assert!(r.text.contains("The redirect URI included is not valid."));
    // No PKCE or a scope the application does not have: sent back as errors.
    let no_pkce = q.replace("&code_challenge=", "&x=");
    let r = s
        .call("GET", &format!("/oauth/authorize?{no_pkce}"), &[], None)
        .await;
    assert_eq!(r.status, 302);
    assert!(r
        .header("location")
        .unwrap()
        .contains("error=invalid_request"));
    let sudo = q.replace("scope=api%20read_api", "scope=sudo");
    let r = s
        .call("GET", &format!("/oauth/authorize?{sudo}"), &[], None)
        .await;
    assert!(r
        .header("location")
        .unwrap()
        .starts_with(&format!("{REDIRECT}?error=invalid_scope")));
}

#[tokio::test]
async fn denied_consent_goes_back_with_access_denied() {
    let s = sim();
    let location = consent(&s, "deny", "demo").await;
    assert!(
        location.starts_with(&format!(
            "{REDIRECT}?error=access_denied&error_description="
        )),
        "{location}"
    );
    assert!(location.ends_with("&state=st4te"), "{location}");
}

#[tokio::test]
async fn pkce_is_verified_and_a_code_is_used_once() {
    let s = sim();
    let c = code(&s).await;
    // The wrong verifier: invalid_grant, and the code is still unused.
    let wrong = "x".repeat(43);
    invalid_grant(&token(&s, &exchange(&c, &wrong)).await);
    // Another redirect URI or client: invalid_grant / invalid_client.
    let other = exchange(&c, VERIFIER).replace("shipboard%2F", "other%2F");
    invalid_grant(&token(&s, &other).await);
    let r = token(
        &s,
        &exchange(&c, VERIFIER).replace("client_id=shipboard-demo", "client_id=x"),
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["error"], "invalid_client");
    // No verifier at all.
    let r = token(
        &s,
        &exchange(&c, VERIFIER).replace(&format!("&code_verifier={VERIFIER}"), ""),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"], "invalid_request");
    // The right one.
    let r = token(&s, &exchange(&c, VERIFIER)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 7200);
    assert_eq!(r.body["scope"], "api read_api");
    assert!(r.body["created_at"].as_i64().unwrap() > 1_600_000_000);
    let access = r.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(access.len(), 64);
    assert!(r.body["refresh_token"].as_str().unwrap().len() == 64);
    // Used once.
    invalid_grant(&token(&s, &exchange(&c, VERIFIER)).await);
    // The token works on GitLab routes as the consenting user, not on GitHub's.
    let r = bearer(&s, &access, "/projects/1/deployments?per_page=1").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = bearer(&s, &access, "/projects/1/environments").await;
    assert_eq!(r.status, 200);
    let auth = format!("Bearer {access}");
    let r = s
        .call(
            "GET",
            "/github/repos/acme/shop/deployments",
            &[("authorization", auth.as_str())],
            None,
        )
        .await;
    assert_eq!(r.status, 401);
    // Not as PRIVATE-TOKEN (GitLab reads that header for personal access tokens).
    let r = s
        .gl_as(&access, "GET", "/projects/1/environments", None)
        .await;
    assert_eq!(r.status, 401);
    let report = s.call("GET", "/__sim/oauth", &[], None).await;
    assert_eq!(report.body["tokens_issued"], 1);
    assert_eq!(report.body["bearer_requests"], 2);
    assert!(!report.text.contains(&access));
}

#[tokio::test]
async fn the_chosen_user_is_who_the_token_acts_as() {
    let s = sim();
    let body = format!(
        "{}&user=reader&decision=authorize",
        authorize_query(REDIRECT, "s")
    );
    let r = s
        .call("POST", "/oauth/authorize", &[], Some((FORM, body)))
        .await;
    let location = r.header("location").unwrap();
    let c = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let r = token(&s, &exchange(&c, VERIFIER)).await;
    let access = r.body["access_token"].as_str().unwrap().to_owned();
    // The reporter reads but may not write.
    assert_eq!(
        bearer(&s, &access, "/projects/1/environments").await.status,
        200
    );
    let auth = format!("Bearer {access}");
    let r = s
        .call(
            "POST",
            "/api/v4/projects/1/environments",
            &[("authorization", auth.as_str())],
            Some(("application/json", r#"{"name":"x"}"#.into())),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.text);
}

#[tokio::test]
async fn refresh_rotates_the_refresh_token() {
    let s = sim();
    let c = code(&s).await;
    let first = token(&s, &exchange(&c, VERIFIER)).await;
    let refresh = first.body["refresh_token"].as_str().unwrap().to_owned();
    let form = |rt: &str| {
        format!(
            "grant_type=refresh_token&refresh_token={rt}&client_id=shipboard-demo&redirect_uri={}",
            enc(REDIRECT)
        )
    };
    let second = token(&s, &form(&refresh)).await;
    assert_eq!(second.status, 200, "{}", second.text);
    let access = second.body["access_token"].as_str().unwrap();
    assert_ne!(access, first.body["access_token"].as_str().unwrap());
    assert_ne!(second.body["refresh_token"], first.body["refresh_token"]);
    assert_eq!(bearer(&s, access, "/projects/1").await.status, 200);
    // The old refresh token is spent; the new one works.
    invalid_grant(&token(&s, &form(&refresh)).await);
    let next = second.body["refresh_token"].as_str().unwrap();
    assert_eq!(token(&s, &form(next)).await.status, 200);
    // Unknown grant types and refresh tokens.
    invalid_grant(&token(&s, &form("nope")).await);
    let r = token(&s, "grant_type=password&client_id=shipboard-demo").await;
    assert_eq!(r.body["error"], "unsupported_grant_type");
    assert_eq!(
        s.call("GET", "/__sim/oauth", &[], None).await.body["refreshed"],
        2
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_with_401() {
    let s = sim_with(|c| c.oauth_expires_in = 1);
    let c = code(&s).await;
    let r = token(&s, &exchange(&c, VERIFIER)).await;
    assert_eq!(r.body["expires_in"], 1);
    let access = r.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(bearer(&s, &access, "/projects/1").await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = bearer(&s, &access, "/projects/1").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["error"], "invalid_token");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    // An unknown bearer token: GitLab's plain 401.
    let r = bearer(&s, "not-a-token", "/projects/1").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["message"], "401 Unauthorized");
}

#[tokio::test]
async fn the_token_endpoint_allows_cors() {
    let s = sim();
    let r = s
        .call(
            "OPTIONS",
            "/oauth/token",
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("access-control-request-method", "POST"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let r = token(&s, "grant_type=authorization_code&client_id=shipboard-demo").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn oauth_client_id_only_with_the_flag() {
    let plain = forge_sim::dashboard_config(&forge_sim::Config::default());
    assert!(plain["sources"][0].get("oauth_client_id").is_none());
    let cfg = forge_sim::Config {
        oauth: true,
        ..Default::default()
    };
    let with = forge_sim::dashboard_config(&cfg);
    assert_eq!(with["sources"][0]["oauth_client_id"], "shipboard-demo");
    assert!(with["sources"][1].get("oauth_client_id").is_none());
}

#[test]
fn loopback_redirects_only() {
    use forge_sim::oauth::redirect_allowed as ok;
    assert!(ok("http://127.0.0.1:8080/shipboard/"));
    assert!(ok("http://localhost:1/"));
    assert!(ok("http://[::1]:9/x/"));
    assert!(!ok("https://127.0.0.1/"));
    assert!(!ok("http://127.0.0.1.evil.test/"));
    assert!(!ok("http://evil.test@127.0.0.1/"));
    assert!(!ok("http://127.0.0.1/#frag"));
    assert!(!ok("javascript:alert(1)"));
}
