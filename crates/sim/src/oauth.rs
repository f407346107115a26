//! GitLab's OAuth 2 provider (Doorkeeper), as "Sign in with GitLab" uses it: `GET /oauth/authorize`
//! (a consent page: choose a seeded user, Authorize or Deny), `POST /oauth/authorize` (302 back
//! to the redirect URI with `code` and `state`, or `error=access_denied`), `POST /oauth/token`
//! (authorization code with PKCE, refresh token; CORS allowed, as on GitLab), and the check of
//! an OAuth access token sent as `Authorization: Bearer` on every GitLab route
//! ([`bearer_user`]).
//!
//! One non-confidential application is registered: [`DEMO_CLIENT_ID`], scopes `api read_api`,
//! redirect URIs: any `http://` URI on a loopback host (GitLab wants an exact match with a
//! registered URI; a test's port is not known in advance). Codes live 10 minutes and are used
//! once; access tokens live `--oauth-expires-in` seconds (7200, GitLab's default); a refresh
//! token is used once and replaced by a new one (the old access token stays valid until it
//! expires). `GET /__sim/oauth` reports counts (never a token).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::req::{json, Req};
use crate::seed::USERS;
use crate::store::{mix, now_ms, Ms};
use crate::AppState;

/// The seeded application's ID (`--oauth` puts it in the dashboard's config).
pub const DEMO_CLIENT_ID: &str = "shipboard-demo";
/// The seeded application's name, shown on the consent page.
pub const DEMO_APP_NAME: &str = "Shipboard (demo)";
/// The scopes the seeded application may ask for.
pub const APP_SCOPES: [&str; 2] = ["api", "read_api"];
/// How long an authorization code is valid (Doorkeeper's default: 10 minutes).
pub const CODE_TTL_MS: Ms = 10 * 60 * 1000;

/// Doorkeeper's `invalid_grant` description.
pub const INVALID_GRANT: &str = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";
/// Doorkeeper's `invalid_client` description.
pub const INVALID_CLIENT: &str = "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";
/// Doorkeeper's `access_denied` description.
pub const ACCESS_DENIED: &str = "The resource owner or authorization server denied the request.";

#[derive(Debug)]
struct Grant {
    client_id: String,
    redirect_uri: String,
    user: usize,
    challenge: String,
    method: String,
    scope: String,
    expires_at: Ms,
    used: bool,
}

#[derive(Debug)]
struct Access {
    user: usize,
    expires_at: Ms,
    revoked: bool,
}

#[derive(Debug)]
struct Refresh {
    user: usize,
    client_id: String,
    scope: String,
    revoked: bool,
}

#[derive(Debug, Default)]
struct Inner {
    counter: u64,
    grants: HashMap<String, Grant>,
    access: HashMap<String, Access>,
    refresh: HashMap<String, Refresh>,
    codes_issued: u64,
    tokens_issued: u64,
    refreshed: u64,
    bearer_requests: u64,
}

/// The provider's state: codes, tokens and counts.
#[derive(Debug, Default)]
pub struct OAuthStore(Mutex<Inner>);

impl OAuthStore {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    /// 64 hex digits no one can guess from the outside (a per-process random key, the clock
    /// and a counter).
    fn secret(&mut self) -> String {
        self.counter += 1;
        let mut out = String::with_capacity(64);
        for i in 0..4u64 {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(self.counter);
            h.write_u64(i);
            h.write_i64(now_ms());
            out.push_str(&format!("{:016x}", mix(h.finish() ^ self.counter)));
        }
        out
    }

    fn issue(&mut self, user: usize, client_id: &str, scope: &str, ttl_secs: u64) -> Response {
        let access = self.secret();
        let refresh = self.secret();
        let now = now_ms();
        self.access.insert(
            access.clone(),
            Access {
                user,
                expires_at: now + (ttl_secs as Ms) * 1000,
                revoked: false,
            },
        );
        self.refresh.insert(
            refresh.clone(),
            Refresh {
                user,
                client_id: client_id.to_owned(),
                scope: scope.to_owned(),
                revoked: false,
            },
        );
        self.tokens_issued += 1;
        token_json(
            StatusCode::OK,
            json!({
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": ttl_secs,
                "refresh_token": refresh,
                "scope": scope,
                "created_at": now / 1000,
            }),
        )
    }
}

/// The provider's routes (on the API listener, outside `/api/v4`: no token needed).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth/authorize", get(authorize_page).post(authorize))
        .route(
            "/oauth/token",
            axum::routing::post(token).options(preflight),
        )
        .route("/__sim/oauth", get(report))
}

// ------------------------------------------------------------------ the consent page

/// Whether `uri` may receive codes: `http://` on a loopback host, no fragment.
pub fn redirect_allowed(uri: &str) -> bool {
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    if uri.contains('#') || uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return false;
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host == "localhost"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What an authorization request asks for, checked.
struct AuthRequest {
    redirect_uri: String,
    state: Option<String>,
    scope: String,
    challenge: String,
    method: String,
}

/// Checks an authorization request. `Err(Ok(page))`: a problem shown on GitLab's own page (an
/// unknown client or a bad redirect URI, never redirected); `Err(Err(uri))`: an error sent back
/// to the redirect URI.
fn check_request(req: &Req) -> Result<AuthRequest, Result<Response, String>> {
    let p = |k: &str| req.params.str(k).unwrap_or_default();
    if p("client_id") != DEMO_CLIENT_ID {
        return Err(Ok(page(
            StatusCode::UNAUTHORIZED,
            "An error has occurred",
            INVALID_CLIENT,
        )));
    }
    let redirect_uri = p("redirect_uri");
    if !redirect_allowed(&redirect_uri) {
        return Err(Ok(page(
            StatusCode::BAD_REQUEST,
            "An error has occurred",
            "The redirect URI included is not valid.",
        )));
    }
    let state = req.params.str("state");
    let back = |error: &str, description: &str| {
        Err(Err(with_query(
            &redirect_uri,
            &[
                ("error", error),
                ("error_description", description),
                ("state", state.as_deref().unwrap_or("")),
            ],
            state.is_none(),
        )))
    };
    if p("response_type") != "code" {
        return back(
            "unsupported_response_type",
            "The authorization server does not support this response type.",
        );
    }
    let scope = match p("scope").trim() {
        "" => APP_SCOPES.join(" "),
        s => s.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    if scope.split(' ').any(|s| !APP_SCOPES.contains(&s)) {
        return back(
            "invalid_scope",
            "The requested scope is invalid, unknown, or malformed.",
        );
    }
    let challenge = p("code_challenge");
    if challenge.is_empty() {
        // A non-confidential application must use PKCE.
        return back(
            "invalid_request",
            "The request is missing a required parameter: code_challenge.",
        );
    }
    let method = match p("code_challenge_method").as_str() {
        "" | "plain" => "plain",
        "S256" => "S256",
        _ => {
            return back(
                "invalid_request",
                "The code challenge method must be plain or S256.",
            )
        }
    };
    Ok(AuthRequest {
        redirect_uri,
        state,
        scope,
        challenge,
        method: method.to_owned(),
    })
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html(status: StatusCode, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // No script at all; the page may not be framed (clickjacking), as on GitLab.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
        ),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    html(
        status,
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>{t}</title></head>\
             <body><main><h1>{t}</h1><p data-testid=\"oauth-error\">{x}</p></main></body></html>",
            t = html_escape(title),
            x = html_escape(text)
        ),
    )
}

/// `GET /oauth/authorize`: the consent page.
async fn authorize_page(State(_s): State<AppState>, req: Req) -> Response {
    let ask = match check_request(&req) {
        Ok(a) => a,
        Err(Ok(page)) => return page,
        Err(Err(uri)) => return found(&uri),
    };
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            html_escape(name),
            html_escape(value)
        )
    };
    let mut fields = String::new();
    for (k, v) in [
        ("client_id", DEMO_CLIENT_ID),
        ("redirect_uri", ask.redirect_uri.as_str()),
        ("response_type", "code"),
        ("scope", ask.scope.as_str()),
        ("code_challenge", ask.challenge.as_str()),
        ("code_challenge_method", ask.method.as_str()),
    ] {
        fields.push_str(&hidden(k, v));
    }
    if let Some(state) = &ask.state {
        fields.push_str(&hidden("state", state));
    }
    let users: String = USERS
        .iter()
        .map(|(u, name, _)| {
            format!(
                "<option value=\"{u}\"{}>{} ({u})</option>",
                if *u == "demo" { " selected" } else { "" },
                html_escape(name)
            )
        })
        .collect();
    let scopes: String = ask
        .scope
        .split(' ')
        .map(|s| format!("<li><code>{}</code></li>", html_escape(s)))
        .collect();
    html(
        StatusCode::OK,
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <link rel=\"icon\" href=\"data:,\"><title>Authorize {app}</title>\
             <style>body{{font-family:sans-serif;max-width:36rem;margin:3rem auto}}\
             button{{margin-right:1rem;padding:.4rem 1rem}}</style></head>\
             <body><main><h1>Authorize {app} to use your account?</h1>\
             <p>An application called {app} is requesting access to your forge-sim GitLab \
             account. It will be redirected to <code data-testid=\"oauth-redirect\">{uri}</code>.</p>\
             <p>Scopes:</p><ul>{scopes}</ul>\
             <form method=\"post\" action=\"authorize\">{fields}\
             <p><label>Sign in as <select name=\"user\" data-testid=\"oauth-user\">{users}</select>\
             </label></p>\
             <p><button type=\"submit\" name=\"decision\" value=\"authorize\" \
             data-testid=\"oauth-authorize\">Authorize</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\" \
             data-testid=\"oauth-deny\">Deny</button></p></form></main></body></html>",
            app = html_escape(DEMO_APP_NAME),
            uri = html_escape(&ask.redirect_uri),
        ),
    )
}

/// `redirect_uri` with `params` added to its query (`state` left out when `skip_state`).
fn with_query(redirect_uri: &str, params: &[(&str, &str)], skip_state: bool) -> String {
    let mut out = redirect_uri.to_owned();
    let mut sep = if out.contains('?') { '&' } else { '?' };
    for (k, v) in params {
        if *k == "state" && skip_state {
            continue;
        }
        let encoded = serde_urlencoded::to_string([(k, v)]).unwrap_or_default();
        out.push(sep);
        out.push_str(&encoded);
        sep = '&';
    }
    out
}

fn found(location: &str) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// `POST /oauth/authorize`: the consent page's answer, sent back to the application.
async fn authorize(State(s): State<AppState>, req: Req) -> Response {
    let ask = match check_request(&req) {
        Ok(a) => a,
        Err(Ok(page)) => return page,
        Err(Err(uri)) => return found(&uri),
    };
    let state = ask.state.as_deref().unwrap_or("");
    if req.params.str("decision").as_deref() != Some("authorize") {
        return found(&with_query(
            &ask.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", ACCESS_DENIED),
                ("state", state),
            ],
            ask.state.is_none(),
        ));
    }
    let username = req.params.str("user").unwrap_or_else(|| "demo".into());
    let user = {
        let st = s.read();
        st.users.iter().position(|u| u.username == username)
    };
    let Some(user) = user else {
        return page(
            StatusCode::BAD_REQUEST,
            "An error has occurred",
            "Unknown user.",
        );
    };
    let mut inner = s.0.oauth.lock();
    let code = inner.secret();
    inner.grants.insert(
        code.clone(),
        Grant {
            client_id: DEMO_CLIENT_ID.to_owned(),
            redirect_uri: ask.redirect_uri.clone(),
            user,
            challenge: ask.challenge,
            method: ask.method,
            scope: ask.scope,
            expires_at: now_ms() + CODE_TTL_MS,
            used: false,
        },
    );
    inner.codes_issued += 1;
    found(&with_query(
        &ask.redirect_uri,
        &[("code", code.as_str()), ("state", state)],
        ask.state.is_none(),
    ))
}

// ------------------------------------------------------------------ the token endpoint

/// GitLab allows any origin on `/oauth/token` (no credentials).
fn cors(h: &mut HeaderMap) {
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
}

fn token_json(status: StatusCode, v: serde_json::Value) -> Response {
    let mut r = json(status, v);
    let h = r.headers_mut();
    cors(h);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    r
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    token_json(
        status,
        json!({"error": error, "error_description": description}),
    )
}

fn invalid_grant() -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", INVALID_GRANT)
}

fn missing(param: &str) -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        &format!("Missing required parameter: {param}."),
    )
}

/// `OPTIONS /oauth/token`: GitLab's rack-cors rule for it (POST, the `Authorization` header).
async fn preflight() -> Response {
    let mut r = Response::new(Body::empty());
    let h = r.headers_mut();
    cors(h);
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("POST"),
    );
    h.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("Authorization"),
    );
    h.insert("access-control-max-age", HeaderValue::from_static("7200"));
    r
}

/// Whether `verifier` matches the grant's challenge (RFC 7636 §4.6).
pub fn pkce_ok(method: &str, challenge: &str, verifier: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if !well_formed {
        return false;
    }
    match method {
        "S256" => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge,
        _ => verifier == challenge,
    }
}

/// `POST /oauth/token`: `authorization_code` (with PKCE) or `refresh_token`.
async fn token(State(s): State<AppState>, req: Req) -> Response {
    let p = |k: &str| req.params.str(k).filter(|v| !v.is_empty());
    let Some(grant_type) = p("grant_type") else {
        return missing("grant_type");
    };
    let Some(client_id) = p("client_id") else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", INVALID_CLIENT);
    };
    if client_id != DEMO_CLIENT_ID {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", INVALID_CLIENT);
    }
    let ttl = s.cfg().oauth_expires_in;
    let mut inner = s.0.oauth.lock();
    match grant_type.as_str() {
        "authorization_code" => {
            let Some(code) = p("code") else {
                return missing("code");
            };
            let Some(redirect_uri) = p("redirect_uri") else {
                return missing("redirect_uri");
            };
            let Some(grant) = inner.grants.get_mut(&code) else {
                return invalid_grant();
            };
            if grant.used
                || grant.expires_at <= now_ms()
                || grant.client_id != client_id
                || grant.redirect_uri != redirect_uri
            {
                return invalid_grant();
            }
            let Some(verifier) = p("code_verifier") else {
                return missing("code_verifier");
            };
            if !pkce_ok(&grant.method, &grant.challenge, &verifier) {
                return invalid_grant();
            }
            grant.used = true;
            let (user, scope) = (grant.user, grant.scope.clone());
            inner.issue(user, &client_id, &scope, ttl)
        }
        "refresh_token" => {
            let Some(refresh) = p("refresh_token") else {
                return missing("refresh_token");
            };
            let Some(r) = inner.refresh.get_mut(&refresh) else {
                return invalid_grant();
            };
            if r.revoked || r.client_id != client_id {
                return invalid_grant();
            }
            r.revoked = true;
            let (user, scope) = (r.user, r.scope.clone());
            inner.refreshed += 1;
            inner.issue(user, &client_id, &scope, ttl)
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        ),
    }
}

// ------------------------------------------------------------------ the API's check

/// The user of an OAuth access token sent as `Authorization: Bearer` to a GitLab route, or
/// GitLab's 401: `invalid_token` for an expired or revoked one, `401 Unauthorized` otherwise.
pub fn bearer_user(state: &AppState, headers: &HeaderMap) -> Result<usize, Response> {
    let unauthorized = || {
        json(
            StatusCode::UNAUTHORIZED,
            json!({"message": "401 Unauthorized"}),
        )
    };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .and_then(|a| {
            a.strip_prefix("Bearer ")
                .or_else(|| a.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(unauthorized)?;
    let mut inner = state.0.oauth.lock();
    let Some(access) = inner.access.get(token) else {
        return Err(unauthorized());
    };
    if access.revoked {
        return Err(json(
            StatusCode::UNAUTHORIZED,
            json!({"error": "invalid_token", "error_description": "Token was revoked. You have to re-authorize from the user."}),
        ));
    }
    if access.expires_at <= now_ms() {
        return Err(json(
            StatusCode::UNAUTHORIZED,
            json!({"error": "invalid_token", "error_description": "Token is expired. You can either do re-authorization or token refresh."}),
        ));
    }
    let user = access.user;
    inner.bearer_requests += 1;
    Ok(user)
}

/// `GET /__sim/oauth`: what the provider did (counts only, never a code or token).
async fn report(State(s): State<AppState>) -> Response {
    let inner = s.0.oauth.lock();
    let now = now_ms();
    json(
        StatusCode::OK,
        json!({
            "codes_issued": inner.codes_issued,
            "tokens_issued": inner.tokens_issued,
            "refreshed": inner.refreshed,
            "bearer_requests": inner.bearer_requests,
            "live_tokens": inner.access.values().filter(|a| !a.revoked && a.expires_at > now).count(),
        }),
    )
}
