//! "Sign in with GitLab" in the browser: starts the OAuth 2 authorization code flow with PKCE
//! (random verifier and state from `crypto.getRandomValues`, kept in `sessionStorage`), finishes
//! it when the consent page sends the user back (state checked, code exchanged by a form POST
//! to `<instance>/oauth/token`, the original view restored with `history.replaceState`), renews
//! the token before it expires and forgets it on "Sign out". The URLs, bodies and answers are
//! `shipboard_core::oauth`'s; [`access_token`] is what `api::source_of` asks.

use std::cell::RefCell;
use std::collections::HashMap;

use gloo_net::http::RequestBuilder;
use leptos::prelude::*;
use leptos::task::spawn_local;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::Forge;
use shipboard_core::oauth::{self as core, Callback, OAuthError, Pending, Tokens};
use web_sys::{RequestCredentials, RequestRedirect};

use crate::state::AppState;
use crate::text::oauth as t;
use crate::{api, storage, url};

thread_local! {
    /// The signed-in sources' tokens (mirrors `sessionStorage`), read by `api::source_of`.
    static TOKENS: RefCell<Option<Vec<Tokens>>> = const { RefCell::new(None) };
    /// The pending renewal of each source's token.
    static TIMERS: RefCell<HashMap<String, TimeoutHandle>> = RefCell::new(HashMap::new());
}

fn with_tokens<R>(f: impl FnOnce(&mut Vec<Tokens>) -> R) -> R {
    TOKENS.with(|cell| {
        let mut cell = cell.borrow_mut();
        f(cell.get_or_insert_with(storage::load_oauth))
    })
}

/// Whether `source` can sign in with GitLab (a GitLab source with an `oauth_client_id`).
pub fn offers_sign_in(source: &SourceConfig) -> bool {
    source.kind == Forge::GitLab && source.oauth_client_id.is_some()
}

fn tokens_of(source: &SourceConfig) -> Option<Tokens> {
    if !offers_sign_in(source) {
        return None;
    }
    let api_url = source.api_url.trim_end_matches('/');
    with_tokens(|all| {
        all.iter()
            .find(|t| t.source == source.id && t.api_url.trim_end_matches('/') == api_url)
            .cloned()
    })
}

/// The OAuth access token to send to `source`'s API instead of its configured token, when this
/// tab signed in to it (only ever to the API URL it was issued for).
pub fn access_token(source: &SourceConfig) -> Option<String> {
    tokens_of(source).map(|t| t.access_token)
}

/// What the header shows: which sources are signed in, and a message about the last sign-in.
#[derive(Clone, Copy)]
pub struct OAuth {
    /// Ids of the signed-in sources.
    signed_in: RwSignal<Vec<String>>,
    /// A sign-in problem (or progress) to show.
    message: RwSignal<Option<(bool, String)>>,
}

fn signed_in_ids() -> Vec<String> {
    with_tokens(|all| all.iter().map(|t| t.source.clone()).collect())
}

/// Provides the sign-in state and schedules the renewal of the tokens this tab already has.
pub fn provide() -> OAuth {
    let oauth = OAuth {
        signed_in: RwSignal::new(signed_in_ids()),
        message: RwSignal::new(None),
    };
    provide_context(oauth);
    let now = api::now();
    // Tokens that expired and cannot be renewed are of no use any more.
    let dead: Vec<String> = with_tokens(|all| {
        all.iter()
            .filter(|t| t.expired(now) && t.refresh_token.is_none())
            .map(|t| t.source.clone())
            .collect()
    });
    for source in dead {
        forget(&source);
    }
    oauth.signed_in.set(signed_in_ids());
    for tokens in with_tokens(|all| all.clone()) {
        schedule(oauth, tokens);
    }
    oauth
}

/// Whether the page was opened by a consent page's answer ([`OAuth::finish`] has work to do).
pub fn answer_in_url() -> bool {
    let search = window().location().search().unwrap_or_default();
    core::callback(&search) != Callback::None
}

impl OAuth {
    fn say(&self, error: bool, text: impl Into<String>) {
        self.message.try_set(Some((error, text.into())));
    }

    /// When the page was opened by the consent page's answer (`?code=…&state=…` or
    /// `?error=…`): puts the original view back in the URL at once (the code never stays in
    /// it), then exchanges the code for a token. Awaited before `config.json` loads, so no page
    /// loads before the token is there. Failures become a message, never a panic.
    pub async fn finish(self, state: AppState) {
        let search = window().location().search().unwrap_or_default();
        let answer = core::callback(&search);
        if answer == Callback::None {
            return;
        }
        let pending = storage::take_oauth_pending();
        let query = pending
            .as_ref()
            .map(|p| p.query.clone())
            .unwrap_or_else(|| core::strip_callback(&search));
        restore(state, &query);
        let Some(pending) = pending else {
            self.say(true, t::NOT_STARTED());
            return;
        };
        let (code, returned_state) = match answer {
            Callback::Code { code, state } => (code, state),
            Callback::Error { error, .. } => {
                self.say(true, error.to_string());
                return;
            }
            Callback::None => return,
        };
        if let Err(e) = pending.check_state(&returned_state) {
            self.say(true, e.to_string());
            return;
        }
        let Some(instance) = core::instance_url(&pending.api_url) else {
            self.say(true, t::NO_INSTANCE());
            return;
        };
        self.say(false, t::SIGNING_IN());
        let body = core::code_request_body(
            &code,
            &pending.redirect_uri,
            &pending.client_id,
            &pending.verifier,
        );
        match token_request(&core::token_url(&instance), body).await {
            Ok(answer) => {
                let tokens = Tokens::from_answer(&pending, answer, api::now());
                keep(tokens.clone());
                self.signed_in.try_set(signed_in_ids());
                self.message.try_set(None);
                schedule(self, tokens);
            }
            Err(e) => self.say(true, describe(&e)),
        }
    }
}

/// Puts `query` (the whole query before the sign-in: embedded, the host's parameters too) back
/// in the address bar, replacing the entry that carried the code, and reads the route from it.
fn restore(state: AppState, query: &str) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        );
    }
    url::reread(state.route);
}

/// POSTs a form to the token endpoint (no token header, no cookies, no redirect followed).
async fn token_request(token_url: &str, body: String) -> Result<core::TokenAnswer, OAuthError> {
    let unreachable = || OAuthError {
        error: "network".into(),
        error_description: None,
    };
    let sent = RequestBuilder::new(token_url)
        .method(gloo_net::http::Method::POST)
        .credentials(RequestCredentials::Omit)
        .redirect(RequestRedirect::Manual)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .body(body)
        .map_err(|_| unreachable())?
        .send()
        .await
        .map_err(|_| unreachable())?;
    let status = sent.status();
    let text = sent.text().await.map_err(|_| unreachable())?;
    core::parse_token_answer(status, &text)
}

/// The message of a failed token request.
fn describe(e: &OAuthError) -> String {
    if e.error == "network" {
        t::UNREACHABLE().to_owned()
    } else {
        e.to_string()
    }
}

fn keep(tokens: Tokens) {
    with_tokens(|all| {
        all.retain(|t| t.source != tokens.source);
        all.push(tokens);
        let _ = storage::save_oauth(all);
    });
}

fn forget(source: &str) {
    with_tokens(|all| {
        all.retain(|t| t.source != source);
        let _ = storage::save_oauth(all);
    });
    TIMERS.with(|timers| {
        if let Some(handle) = timers.borrow_mut().remove(source) {
            handle.clear();
        }
    });
}

/// Renews `tokens` when their renewal time comes (at once when it has passed).
fn schedule(oauth: OAuth, tokens: Tokens) {
    let Some(at) = tokens.refresh_after else {
        return;
    };
    let wait = (at - api::now())
        .num_milliseconds()
        .clamp(0, i32::MAX as i64) as u64;
    let source = tokens.source.clone();
    let renew = move || spawn_local(refresh(oauth, tokens));
    if let Ok(handle) = set_timeout_with_handle(renew, std::time::Duration::from_millis(wait)) {
        TIMERS.with(|timers| {
            if let Some(old) = timers.borrow_mut().insert(source, handle) {
                old.clear();
            }
        });
    }
}

/// Renews a token with its refresh token; on failure forgets it and says to sign in again.
async fn refresh(oauth: OAuth, tokens: Tokens) {
    TIMERS.with(|timers| timers.borrow_mut().remove(&tokens.source));
    // Signed out (or signed in again) meanwhile: nothing to renew.
    let current = with_tokens(|all| all.iter().find(|t| t.source == tokens.source).cloned());
    if current.as_ref() != Some(&tokens) {
        return;
    }
    let (Some(refresh_token), Some(instance)) = (
        tokens.refresh_token.clone(),
        core::instance_url(&tokens.api_url),
    ) else {
        return;
    };
    let body = core::refresh_request_body(&refresh_token, &tokens.redirect_uri, &tokens.client_id);
    match token_request(&core::token_url(&instance), body).await {
        Ok(answer) => {
            let renewed = tokens.renewed(answer, api::now());
            keep(renewed.clone());
            schedule(oauth, renewed);
        }
        Err(e) => {
            forget(&tokens.source);
            oauth.signed_in.try_set(signed_in_ids());
            let why = if e.error == "network" {
                t::NOT_REACHED().to_owned()
            } else {
                e.error_description
                    .clone()
                    .unwrap_or_else(|| e.error.clone())
            };
            oauth.say(true, t::renewal_failed(&tokens.source, &why));
        }
    }
}

/// `n` random bytes from `crypto.getRandomValues`.
fn random(n: usize) -> Option<Vec<u8>> {
    let crypto = window().crypto().ok()?;
    let mut bytes = vec![0u8; n];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// Leaves for `source`'s consent page, remembering the attempt and the current view.
fn start(oauth: OAuth, source: &SourceConfig) {
    let Some(client_id) = source.oauth_client_id.clone() else {
        return;
    };
    let Some(instance) = core::instance_url(&source.api_url) else {
        oauth.say(true, t::NO_INSTANCE());
        return;
    };
    let (Some(verifier), Some(state)) = (random(core::VERIFIER_BYTES), random(core::STATE_BYTES))
    else {
        oauth.say(true, t::NO_RANDOM());
        return;
    };
    let location = window().location();
    let pending = Pending {
        source: source.id.clone(),
        api_url: source.api_url.trim_end_matches('/').to_owned(),
        client_id,
        redirect_uri: core::redirect_uri(&location.href().unwrap_or_default()),
        state: core::random_text(&state),
        verifier: core::random_text(&verifier),
        query: location.search().unwrap_or_default(),
    };
    if let Err(e) = storage::save_oauth_pending(&pending) {
        oauth.say(true, e);
        return;
    }
    let target = core::authorize_url(
        &instance,
        &pending.client_id,
        &pending.redirect_uri,
        &pending.state,
        &pending.verifier,
    );
    let _ = location.assign(&target);
}

/// Forgets `source`'s token and reloads the page, so nothing read with it stays on screen.
fn sign_out(source: &str) {
    forget(source);
    let _ = window().location().reload();
}

/// The header's "Sign in with GitLab" / "Sign out" for each GitLab source with an OAuth
/// application, and the sign-in's messages. Nothing when no source has one.
#[component]
pub fn SignIn() -> impl IntoView {
    let state = crate::state::use_state();
    let oauth = expect_context::<OAuth>();
    let offered = Memo::new(move |_| {
        state
            .sources()
            .into_iter()
            .filter(offers_sign_in)
            .collect::<Vec<_>>()
    });
    let buttons = move || {
        let list = offered.get();
        let several = list.len() > 1;
        let signed = oauth.signed_in.get();
        list.into_iter()
            .map(|source| {
                let id = source.id.clone();
                let name = source.name.clone();
                if signed.contains(&id) && tokens_of(&source).is_some() {
                    let out_label = if several {
                        t::sign_out_of(&name)
                    } else {
                        t::SIGN_OUT().to_owned()
                    };
                    view! {
                        <span class="signed-in" data-testid="signed-in" data-source=id.clone()>
                            {t::signed_in(&name)}
                        </span>
                        <button
                            type="button"
                            class="sign-out"
                            data-testid="sign-out"
                            data-source=id.clone()
                            on:click=move |_| sign_out(&id)
                        >
                            {out_label}
                        </button>
                    }
                    .into_any()
                } else {
                    let label = if several {
                        t::sign_in_to(&name)
                    } else {
                        t::SIGN_IN().to_owned()
                    };
                    view! {
                        <button
                            type="button"
                            class="sign-in"
                            data-testid="sign-in"
                            data-source=id
                            on:click=move |_| start(oauth, &source)
                        >
                            {label}
                        </button>
                    }
                    .into_any()
                }
            })
            .collect_view()
    };
    let message = move || {
        oauth.message.get().map(|(error, text)| {
            view! {
                <p
                    class=if error { "sign-in-message error" } else { "sign-in-message" }
                    role=if error { "alert" } else { "status" }
                    data-testid=if error { "sign-in-error" } else { "sign-in-status" }
                >
                    {text}
                    " "
                    <button type="button" class="link" on:click=move |_| oauth.message.set(None)>
                        {t::DISMISS()}
                    </button>
                </p>
            }
        })
    };
    view! {
        <div class="sign-in-bar" class:hidden=move || offered.with(Vec::is_empty) && oauth.message.with(Option::is_none)>
            {buttons}
            {message}
        </div>
    }
}
