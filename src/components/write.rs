//! Shared pieces of every write: sending (the transport keeps the token out of errors), choosing whose
//! token to act with, and showing validation problems and server refusals beside a form.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use shipboard_core::config::{users_for, SourceConfig, UserToken};
use shipboard_core::model::view::Forge;
use shipboard_core::request::HttpRequest;
use shipboard_core::response::github::{
    self as github_answer, NewDeploymentAnswer, NewDeploymentRefusal,
};
use shipboard_core::response::{ApiError, ErrorKind};
use shipboard_core::validate::ValidationError;

use crate::api;
use crate::components::error_view::ErrorView;
use crate::state::use_state;
use crate::text::writes as t;

/// Sends `req` (built for `source`) and parses the answer; the token never appears in an error
/// (the transport scrubs error answers).
pub async fn send<T: DeserializeOwned>(req: HttpRequest) -> Result<T, ApiError> {
    api::fetch::<T>(&req).await.map(|(v, _)| v)
}

/// Sends a GitHub new deployment (built for `source`) and reads GitHub's answer: created (201),
/// auto-merged with nothing deployed (202), or a refusal (with the 409's conflict); the token
/// never appears in an error.
pub async fn send_github_deployment(
    req: HttpRequest,
) -> Result<NewDeploymentAnswer, NewDeploymentRefusal> {
    api::fetch_with(&req, github_answer::new_deployment).await
}

/// Sends a request whose answer has no body (deletes).
pub async fn send_empty(req: HttpRequest) -> Result<(), ApiError> {
    api::fetch_empty(&req).await
}

/// Whether a failed write may still have been applied: the request did not get an HTTP answer
/// (`Network`: fetch failed or the answer could not be read) or the 2xx answer could not be read
/// (`Decode`). A refusal with a status (4xx, 5xx) was not applied.
pub fn maybe_applied(e: &ApiError) -> bool {
    matches!(e.kind, ErrorKind::Network | ErrorKind::Decode)
}

/// The error of a write that was never sent (e.g. no project to send it to): not a network
/// error, so never taken for one that may have been applied.
pub fn not_sent(message: &str) -> ApiError {
    ApiError {
        kind: ErrorKind::Other,
        message: message.to_owned(),
        ..ApiError::network(message)
    }
}

/// Runs `reload` when `r` is a failure that may have been applied (see [`maybe_applied`]).
pub fn reload_if_maybe_applied<T>(r: &Result<T, ApiError>, reload: impl FnOnce()) {
    if r.as_ref().err().is_some_and(maybe_applied) {
        reload();
    }
}

/// The notice (`data-testid="maybe-applied"`) shown above a failure that may have been applied.
pub fn maybe_applied_notice(e: &ApiError) -> Option<impl IntoView> {
    maybe_applied(e).then(|| {
        view! { <p class="warning" role="status" data-testid="maybe-applied">{t::MAYBE_APPLIED}</p> }
    })
}

/// `source` with the token of `user` (one of `users`, from `config.json`) when one is chosen
/// and that user's token belongs to `source` (a token never goes to another source).
pub fn acting(source: &SourceConfig, user: Option<&str>, users: &[UserToken]) -> SourceConfig {
    let mut out = source.clone();
    let mine = users_for(users, source);
    if let Some(u) = user.and_then(|name| mine.into_iter().find(|u| u.username == name)) {
        out.token = Some(u.token.clone());
    }
    out
}

/// A chooser of whose token writes use: the source's own, or one of `config.json`'s users of
/// the current source. Hidden when that source has no extra users.
#[component]
pub fn ActAs(user: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_state();
    move || {
        let users = state
            .current_source()
            .map(|(_, s)| state.users_of(&s))
            .unwrap_or_default();
        (!users.is_empty()).then(|| {
            view! {
                <label class="act-as" title=t::ACT_AS_HINT>
                    <span class="label-text">{t::ACT_AS}</span>
                    <select
                        data-testid="act-as"
                        prop:value=move || user.get().unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            user.set((!v.is_empty()).then_some(v));
                        }
                    >
                        <option value="">{t::ACT_AS_SOURCE}</option>
                        {users
                            .into_iter()
                            .map(|u| view! { <option value=u.username.clone()>{u.username.clone()}</option> })
                            .collect_view()}
                    </select>
                </label>
            }
        })
    }
}

/// Client-side validation problems (`data-testid="invalid"`), in the server's words.
#[component]
pub fn Invalid(#[prop(into)] errors: Signal<Vec<ValidationError>>) -> impl IntoView {
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="error-box" role="alert" data-testid="invalid">
                    <p class="error-message">{t::INVALID}</p>
                    <ul>
                        {list
                            .into_iter()
                            .map(|e| view! { <li><code>{e.field}</code> " " {e.message}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// The outcome of the last submit of `action`: the server's refusal (with advice) or `done`.
#[component]
pub fn Outcome<I, O>(
    action: Action<I, Result<O, ApiError>>,
    forge: Forge,
    #[prop(into)] done: String,
) -> impl IntoView
where
    I: Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    move || match action.value().get() {
        Some(Err(e)) if !action.pending().get() => view! {
            {maybe_applied_notice(&e)}
            <ErrorView error=e forge=forge />
        }
        .into_any(),
        Some(Ok(_)) if !action.pending().get() && !done.is_empty() => view! {
            <p class="success" role="status" data-testid="success">{done.clone()}</p>
        }
        .into_any(),
        _ => ().into_any(),
    }
}

/// A submit button that is disabled (and says so) while `pending`.
#[component]
pub fn Submit(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] testid: Option<String>,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let testid = testid.unwrap_or_else(|| "submit".to_owned());
    view! {
        <button
            type="submit"
            class=if danger { "danger" } else { "primary" }
            data-testid=testid
            disabled=move || pending.get() || disabled.is_some_and(|d| d.get())
            aria-busy=move || pending.get().then_some("true")
        >
            {move || if pending.get() { t::SENDING.to_owned() } else { label.get() }}
        </button>
    }
}

/// A live character counter (`data-testid="counter"`) that turns red past `max`.
#[component]
pub fn Counter(#[prop(into)] text: Signal<String>, max: usize) -> impl IntoView {
    let used = move || text.with(|s| s.chars().count());
    view! {
        <span
            class=move || { if used() > max { "counter over" } else { "counter" } }
            data-testid="counter"
            aria-live="polite"
        >
            {move || t::counter(used(), max)}
            {move || (used() > max).then(|| view! { <span class="sr-only">{t::over_by(used(), max)}</span> })}
        </span>
    }
}
