//! "Sign in with GitLab": the pure parts of OAuth 2's authorization code flow with PKCE
//! (RFC 6749 + RFC 7636, `S256`) as GitLab's Doorkeeper speaks it.
//!
//! The app supplies the randomness (`crypto.getRandomValues`) and the clock; this module builds
//! the authorize URL and the token requests' form bodies, reads the answers and the callback's
//! query, and says when a token needs refreshing. Nothing here does I/O.
//!
//! - the instance is the source's `api_url` without `/api/v4` ([`instance_url`]);
//! - the authorize URL carries `response_type=code`, `client_id`, `redirect_uri`, `state`,
//!   `scope=api read_api`, `code_challenge`, `code_challenge_method=S256` ([`authorize_url`]);
//! - the code is exchanged by a form-encoded `POST <instance>/oauth/token`
//!   ([`code_request_body`]), the token renewed with its refresh token ([`refresh_request_body`]);
//! - the access token is then sent as `Authorization: Bearer` to the API
//!   ([`crate::request::Source::oauth`]).

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::request::{encode, REDACTED};

/// The scopes Shipboard asks for: `api` (writes: approvals, deployments, environments) and
/// `read_api`.
pub const SCOPE: &str = "api read_api";

/// How many random bytes make a code verifier (32 → 43 characters, RFC 7636's minimum length).
pub const VERIFIER_BYTES: usize = 32;

/// How many random bytes make a `state` value.
pub const STATE_BYTES: usize = 16;

/// A token is renewed this long before it expires at most (a quarter of its life when shorter).
pub const REFRESH_MARGIN_SECS: i64 = 300;

/// The GitLab instance behind an API URL: `https://gitlab.example.com/api/v4` →
/// `https://gitlab.example.com` (also under a sub-path: `https://x/gitlab/api/v4` →
/// `https://x/gitlab`). `None` when the URL does not end with `/api/v4`.
pub fn instance_url(api_url: &str) -> Option<String> {
    let url = api_url.trim().trim_end_matches('/');
    let base = url.strip_suffix("/api/v4")?;
    (base.contains("://") && !base.ends_with(':') && !base.ends_with('/')).then(|| base.to_owned())
}

/// Where the code is exchanged: `<instance>/oauth/token`.
pub fn token_url(instance: &str) -> String {
    format!("{}/oauth/token", instance.trim_end_matches('/'))
}

/// A random value as URL-safe text (base64url without padding: only unreserved characters).
pub fn random_text(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `verifier` is a valid PKCE code verifier: 43 to 128 characters from
/// `A-Z a-z 0-9 - . _ ~` (RFC 7636 §4.1).
pub fn verifier_ok(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// The `S256` code challenge of a verifier: BASE64URL-NOPAD(SHA-256(verifier)).
pub fn code_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The redirect URI for a page: its URL without query and fragment
/// (`https://x/shipboard/?view=a#b` → `https://x/shipboard/`), so any sub-path works.
pub fn redirect_uri(page_url: &str) -> String {
    let end = page_url.find(['?', '#']).unwrap_or(page_url.len());
    page_url[..end].to_owned()
}

/// The URL that asks the user's consent: `<instance>/oauth/authorize?response_type=code&…`.
pub fn authorize_url(
    instance: &str,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    verifier: &str,
) -> String {
    let params = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("state", state),
        ("scope", SCOPE),
        ("code_challenge", &code_challenge(verifier)),
        ("code_challenge_method", "S256"),
    ];
    format!(
        "{}/oauth/authorize?{}",
        instance.trim_end_matches('/'),
        form(&params)
    )
}

/// `application/x-www-form-urlencoded` text of `params` (every non-unreserved byte encoded).
pub fn form(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The form body that exchanges an authorization code.
pub fn code_request_body(
    code: &str,
    redirect_uri: &str,
    client_id: &str,
    verifier: &str,
) -> String {
    form(&[
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
        ("code_verifier", verifier),
    ])
}

/// The form body that renews a token with its refresh token.
pub fn refresh_request_body(refresh_token: &str, redirect_uri: &str, client_id: &str) -> String {
    form(&[
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("redirect_uri", redirect_uri),
        ("client_id", client_id),
    ])
}

/// A token endpoint's successful answer.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct TokenAnswer {
    /// The access token, sent as `Authorization: Bearer`.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds the access token lives (GitLab: 7200); `None`: it does not expire.
    #[serde(default)]
    pub expires_in: Option<i64>,
    /// Renews the access token once.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// The granted scopes.
    #[serde(default)]
    pub scope: Option<String>,
    /// When the server issued it (seconds since the epoch).
    #[serde(default)]
    pub created_at: Option<i64>,
}

impl fmt::Debug for TokenAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenAnswer")
            .field("access_token", &REDACTED)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| REDACTED),
            )
            .field("scope", &self.scope)
            .field("created_at", &self.created_at)
            .finish()
    }
}

/// An OAuth error: the server's `error` code and `error_description`, or one of ours.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OAuthError {
    /// `invalid_grant`, `access_denied`, `invalid_client`, … (RFC 6749 §5.2, §4.1.2.1).
    pub error: String,
    /// The server's explanation, if any.
    #[serde(default)]
    pub error_description: Option<String>,
}

impl OAuthError {
    fn new(error: &str, description: &str) -> OAuthError {
        OAuthError {
            error: error.to_owned(),
            error_description: Some(description.to_owned()),
        }
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.error.as_str() {
            "access_denied" => "access was denied (the sign-in was cancelled)",
            "invalid_grant" => "GitLab refused the sign-in (invalid_grant)",
            "invalid_client" => "GitLab does not know this application (invalid_client)",
            "invalid_scope" => "GitLab refused the scopes asked for (invalid_scope)",
            "state_mismatch" => "the answer does not belong to this sign-in (state mismatch)",
            other => other,
        };
        write!(f, "Sign-in with GitLab failed: {what}")?;
        match &self.error_description {
            Some(d) if !d.trim().is_empty() => write!(f, ": {}", d.trim()),
            _ => Ok(()),
        }
    }
}

/// Reads a token endpoint's answer: `200` with a Bearer token, or the server's OAuth error
/// (`{"error":"invalid_grant","error_description":"…"}`), or a description of what came back.
pub fn parse_token_answer(status: u16, body: &str) -> Result<TokenAnswer, OAuthError> {
    if (200..300).contains(&status) {
        let answer: TokenAnswer = serde_json::from_str(body).map_err(|_| {
            OAuthError::new(
                "invalid_response",
                "the token endpoint's answer is not a token",
            )
        })?;
        if answer.access_token.is_empty() {
            return Err(OAuthError::new(
                "invalid_response",
                "the answer has no access token",
            ));
        }
        if !answer.token_type.eq_ignore_ascii_case("bearer") {
            return Err(OAuthError::new(
                "invalid_response",
                &format!("the token type is \"{}\", not Bearer", answer.token_type),
            ));
        }
        if !answer.access_token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(OAuthError::new(
                "invalid_response",
                "the access token cannot be sent in an HTTP header",
            ));
        }
        return Ok(answer);
    }
    match serde_json::from_str::<OAuthError>(body) {
        Ok(e) if !e.error.is_empty() => Err(e),
        _ => Err(OAuthError::new(
            "server_error",
            &format!("the token endpoint answered HTTP {status}"),
        )),
    }
}

/// What a page load's query says about a sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callback {
    /// No sign-in answer in the URL.
    None,
    /// The server granted a code.
    Code {
        /// The authorization code.
        code: String,
        /// The `state` sent with the request.
        state: String,
    },
    /// The server (or the user) refused: `error=access_denied&state=…`.
    Error {
        /// The error and its description.
        error: OAuthError,
        /// The `state` sent with the request, if any.
        state: Option<String>,
    },
}

/// Reads `?code=…&state=…` or `?error=…&error_description=…&state=…` from a query string.
pub fn callback(query: &str) -> Callback {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (k, v) in query_pairs(query) {
        match k.as_str() {
            "code" => code = Some(v),
            "state" => state = Some(v),
            "error" => error = Some(v),
            "error_description" => description = Some(v),
            _ => {}
        }
    }
    match (code, error) {
        (_, Some(error)) => Callback::Error {
            error: OAuthError {
                error,
                error_description: description,
            },
            state,
        },
        (Some(code), None) => match state {
            Some(state) => Callback::Code { code, state },
            None => Callback::Error {
                error: OAuthError::new("state_mismatch", "the answer carries no state"),
                state: None,
            },
        },
        (None, None) => Callback::None,
    }
}

/// The query without the sign-in answer's parameters (`code`, `state`, `error`,
/// `error_description`), `?`-prefixed, or empty.
pub fn strip_callback(query: &str) -> String {
    let q = query.strip_prefix('?').unwrap_or(query);
    let kept: Vec<&str> = q
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| {
            let k = kv.split('=').next().unwrap_or("");
            !matches!(k, "code" | "state" | "error" | "error_description")
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let q = query.strip_prefix('?').unwrap_or(query);
    q.split('&').filter(|kv| !kv.is_empty()).map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (decode(k), decode(v))
    })
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8_lossy()
        .into_owned()
}

/// A sign-in in progress, kept in `sessionStorage` between leaving for the consent page and
/// coming back.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    /// The source being signed in to.
    pub source: String,
    /// Its API URL (the token is only ever used with it).
    pub api_url: String,
    /// The OAuth application.
    pub client_id: String,
    /// The redirect URI sent (must be sent again with the code).
    pub redirect_uri: String,
    /// The `state` sent; the answer must carry the same.
    pub state: String,
    /// The PKCE code verifier.
    pub verifier: String,
    /// The page's query when the sign-in started (restored afterwards).
    pub query: String,
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("source", &self.source)
            .field("api_url", &self.api_url)
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .field("state", &REDACTED)
            .field("verifier", &REDACTED)
            .field("query", &self.query)
            .finish()
    }
}

impl Pending {
    /// Checks a callback's `state` against this attempt's.
    pub fn check_state(&self, state: &str) -> Result<(), OAuthError> {
        if !state.is_empty() && state == self.state {
            Ok(())
        } else {
            Err(OAuthError::new(
                "state_mismatch",
                "start the sign-in again from this page",
            ))
        }
    }
}

/// A signed-in source's tokens, kept in `sessionStorage`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    /// The source's id.
    pub source: String,
    /// The API URL the token belongs to (never sent anywhere else).
    pub api_url: String,
    /// The OAuth application (for refreshing).
    pub client_id: String,
    /// The redirect URI of the sign-in (sent again when refreshing).
    pub redirect_uri: String,
    /// The access token.
    pub access_token: String,
    /// The refresh token, if any.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// When the access token expires (by this browser's clock), if it does.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// When to renew it ([`refresh_at`] when it was received); `None`: never.
    #[serde(default)]
    pub refresh_after: Option<DateTime<Utc>>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("source", &self.source)
            .field("api_url", &self.api_url)
            .field("client_id", &self.client_id)
            .field("access_token", &REDACTED)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| REDACTED),
            )
            .field("expires_at", &self.expires_at)
            .field("refresh_after", &self.refresh_after)
            .finish()
    }
}

impl Tokens {
    /// The tokens of an answer received at `now` (the expiry is counted from `now`, this
    /// browser's clock, not the server's `created_at`, so clock skew does not matter).
    pub fn from_answer(pending: &Pending, answer: TokenAnswer, now: DateTime<Utc>) -> Tokens {
        let expires_at = expiry(answer.expires_in, now);
        Tokens {
            source: pending.source.clone(),
            api_url: pending.api_url.clone(),
            client_id: pending.client_id.clone(),
            redirect_uri: pending.redirect_uri.clone(),
            access_token: answer.access_token,
            refresh_after: renewal(expires_at, answer.refresh_token.is_some(), now),
            refresh_token: answer.refresh_token,
            expires_at,
        }
    }

    /// These tokens renewed by `answer` at `now` (a refresh answer without a new refresh
    /// token keeps the old one).
    pub fn renewed(&self, answer: TokenAnswer, now: DateTime<Utc>) -> Tokens {
        let refresh_token = answer.refresh_token.or_else(|| self.refresh_token.clone());
        let expires_at = expiry(answer.expires_in, now);
        Tokens {
            access_token: answer.access_token,
            refresh_after: renewal(expires_at, refresh_token.is_some(), now),
            refresh_token,
            expires_at,
            ..self.clone()
        }
    }

    /// Whether the access token should be renewed at `now` (it has a refresh token and its
    /// renewal time has come).
    pub fn needs_refresh(&self, now: DateTime<Utc>) -> bool {
        self.refresh_after.is_some_and(|at| at <= now)
    }

    /// Whether the access token has expired at `now`.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }
}

fn renewal(
    expires_at: Option<DateTime<Utc>>,
    renewable: bool,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    renewable.then_some(())?;
    Some(refresh_at(expires_at?, now))
}

fn expiry(expires_in: Option<i64>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let secs = expires_in?.clamp(0, 10 * 365 * 24 * 3600);
    Some(now + Duration::seconds(secs))
}

/// When a token that expires at `expires_at` should be renewed, seen at `now`: a quarter of the
/// time left before it expires, at most [`REFRESH_MARGIN_SECS`] before (GitLab's two hours →
/// five minutes before); `now` when that has passed or it has expired already.
pub fn refresh_at(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
    let left = (expires_at - now).num_seconds();
    if left <= 0 {
        return now;
    }
    let margin = (left / 4).clamp(1, REFRESH_MARGIN_SECS);
    expires_at - Duration::seconds(margin)
}

/// Checks an `oauth_client_id` as `config.json` gives it (already trimmed): visible ASCII, at
/// most 256 characters. The message completes "oauth_client_id …".
pub fn check_client_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("is empty: give the application ID of the GitLab OAuth application".into());
    }
    if id.len() > 256 {
        return Err("is longer than 256 characters".into());
    }
    if let Some((i, c)) = id.char_indices().find(|(_, c)| !c.is_ascii_graphic()) {
        return Err(format!(
            "has a character that is not visible ASCII ({:?} at position {})",
            c,
            i + 1
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn rfc7636_appendix_b_challenge() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(verifier_ok(verifier));
        assert_eq!(
            code_challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        // The verifier of RFC 7636's example is these 32 bytes.
        let bytes = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(random_text(&bytes), verifier);
    }

    #[test]
    fn verifiers_are_checked() {
        assert!(verifier_ok(&"a".repeat(43)));
        assert!(verifier_ok(&"a-._~".repeat(26)[..128]));
        assert!(!verifier_ok(&"a".repeat(42)));
        assert!(!verifier_ok(&"a".repeat(129)));
        assert!(!verifier_ok(&format!("{}+", "a".repeat(43))));
        assert!(verifier_ok(&random_text(&[0xff; VERIFIER_BYTES])));
    }

    #[test]
    fn instance_and_urls() {
        assert_eq!(
            instance_url("https://gitlab.example.com/api/v4/").as_deref(),
            Some("https://gitlab.example.com")
        );
        assert_eq!(
            instance_url("http://127.0.0.1:8090/api/v4").as_deref(),
            Some("http://127.0.0.1:8090")
        );
        assert_eq!(
            instance_url("https://x.test/gitlab/api/v4").as_deref(),
            Some("https://x.test/gitlab")
        );
        assert_eq!(instance_url("https://api.github.com"), None);
        assert_eq!(instance_url("/api/v4"), None);
        assert_eq!(
            token_url("http://127.0.0.1:8090"),
            "http://127.0.0.1:8090/oauth/token"
        );
        assert_eq!(
            redirect_uri("http://127.0.0.1:8080/shipboard/?view=environments&project=1#x"),
            "http://127.0.0.1:8080/shipboard/"
        );
        assert_eq!(
            redirect_uri("https://a/b/index.html#f"),
            "https://a/b/index.html"
        );
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            authorize_url(
                "https://gitlab.example.com/",
                "abc123",
                "https://x.test/shipboard/",
                "st4te",
                verifier
            ),
            "https://gitlab.example.com/oauth/authorize?response_type=code&client_id=abc123\
             &redirect_uri=https%3A%2F%2Fx.test%2Fshipboard%2F&state=st4te&scope=api%20read_api\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256"
        );
    }

    #[test]
    fn token_request_bodies() {
        assert_eq!(
            code_request_body("c0de", "http://127.0.0.1:8080/s/", "app", "v"),
            "grant_type=authorization_code&code=c0de&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fs%2F\
             &client_id=app&code_verifier=v"
        );
        assert_eq!(
            refresh_request_body("r+1", "https://a/", "app"),
            "grant_type=refresh_token&refresh_token=r%2B1&redirect_uri=https%3A%2F%2Fa%2F&client_id=app"
        );
    }

    #[test]
    fn token_answers_and_errors() {
        let ok = parse_token_answer(
            200,
            r#"{"access_token":"at","token_type":"Bearer","expires_in":7200,"refresh_token":"rt","scope":"api read_api","created_at":1607635748}"#,
        )
        .unwrap();
        assert_eq!(ok.access_token, "at");
        assert_eq!(ok.expires_in, Some(7200));
        assert_eq!(ok.refresh_token.as_deref(), Some("rt"));
        assert_eq!(ok.created_at, Some(1607635748));
        assert!(!format!("{ok:?}").contains("\"at\""));
        let err = parse_token_answer(
            400,
            r#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}"#,
        )
        .unwrap_err();
        assert_eq!(err.error, "invalid_grant");
        assert!(err.to_string().starts_with(
            "Sign-in with GitLab failed: GitLab refused the sign-in (invalid_grant): The provided"
        ));
        assert_eq!(
            parse_token_answer(502, "<html>").unwrap_err().to_string(),
            "Sign-in with GitLab failed: server_error: the token endpoint answered HTTP 502"
        );
        assert_eq!(
            parse_token_answer(200, r#"{"access_token":"a","token_type":"mac"}"#)
                .unwrap_err()
                .error,
            "invalid_response"
        );
        assert_eq!(
            parse_token_answer(200, "nope").unwrap_err().error,
            "invalid_response"
        );
        assert_eq!(
            parse_token_answer(200, r#"{"access_token":"a b","token_type":"bearer"}"#)
                .unwrap_err()
                .error,
            "invalid_response"
        );
    }

    #[test]
    fn callbacks() {
        assert_eq!(callback("?view=environments"), Callback::None);
        assert_eq!(callback(""), Callback::None);
        assert_eq!(
            callback("?code=abc&state=x%2By"),
            Callback::Code {
                code: "abc".into(),
                state: "x+y".into()
            }
        );
        match callback("?error=access_denied&error_description=The+resource+owner+denied&state=s") {
            Callback::Error { error, state } => {
                assert_eq!(error.error, "access_denied");
                assert_eq!(state.as_deref(), Some("s"));
                assert_eq!(
                    error.to_string(),
                    "Sign-in with GitLab failed: access was denied (the sign-in was cancelled): \
                     The resource owner denied"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(callback("?code=abc"), Callback::Error { .. }));
        assert_eq!(strip_callback("?code=a&state=b"), "");
        assert_eq!(
            strip_callback("?view=x&code=a&state=b&error=e&error_description=d&project=1"),
            "?view=x&project=1"
        );
    }

    fn pending() -> Pending {
        Pending {
            source: "gl".into(),
            api_url: "https://g/api/v4".into(),
            client_id: "app".into(),
            redirect_uri: "https://s/".into(),
            state: "st".into(),
            verifier: "v".repeat(43),
            query: "?view=environments".into(),
        }
    }

    #[test]
    fn state_is_verified() {
        let p = pending();
        assert!(p.check_state("st").is_ok());
        assert_eq!(p.check_state("other").unwrap_err().error, "state_mismatch");
        let empty = Pending {
            state: String::new(),
            ..pending()
        };
        assert!(empty.check_state("").is_err());
        assert!(!format!("{p:?}").contains("vvvv"));
    }

    #[test]
    fn tokens_expire_and_renew() {
        let answer = |at: &str, rt: Option<&str>| TokenAnswer {
            access_token: at.into(),
            token_type: "Bearer".into(),
            expires_in: Some(7200),
            refresh_token: rt.map(Into::into),
            scope: None,
            created_at: None,
        };
        let tokens = Tokens::from_answer(&pending(), answer("a1", Some("r1")), t(0));
        assert_eq!(tokens.expires_at, Some(t(7200)));
        assert_eq!(tokens.refresh_after, Some(t(6900)));
        assert!(!tokens.needs_refresh(t(6899)));
        assert!(tokens.needs_refresh(t(6900)));
        assert!(!tokens.expired(t(7199)));
        assert!(tokens.expired(t(7200)));
        let renewed = tokens.renewed(answer("a2", None), t(7000));
        assert_eq!(renewed.access_token, "a2");
        assert_eq!(renewed.refresh_token.as_deref(), Some("r1"));
        assert_eq!(renewed.expires_at, Some(t(14200)));
        assert_eq!(renewed.refresh_after, Some(t(13900)));
        let no_refresh = Tokens::from_answer(&pending(), answer("a1", None), t(0));
        assert_eq!(no_refresh.refresh_after, None);
        assert!(!no_refresh.needs_refresh(t(100_000)));
        assert!(!format!("{tokens:?}").contains("a1"));
    }

    #[test]
    fn when_to_refresh() {
        // Two hours: five minutes before.
        assert_eq!(refresh_at(t(7200), t(0)), t(6900));
        // Twenty seconds: a quarter before (5 s).
        assert_eq!(refresh_at(t(20), t(0)), t(15));
        // Expired or about to: now.
        assert_eq!(refresh_at(t(0), t(10)), t(10));
        assert_eq!(refresh_at(t(2), t(0)), t(1));
    }

    #[test]
    fn client_ids() {
        assert!(check_client_id("shipboard-demo").is_ok());
        assert!(check_client_id(&"a".repeat(64)).is_ok());
        assert!(check_client_id("").is_err());
        assert!(check_client_id(&"a".repeat(257)).is_err());
        assert_eq!(
            check_client_id("ab c").unwrap_err(),
            "has a character that is not visible ASCII (' ' at position 3)"
        );
    }
}
