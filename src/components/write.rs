//! Shared pieces of every write: the one way a write is made ([`write_action`]: where it goes,
//! "no project" when nowhere, what happens on success and when the answer was lost) and
//! submitted ([`submit`]), sending (the transport keeps the token out of errors), choosing whose
//! token to act with, and showing validation problems and server refusals beside a form.

use std::future::Future;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use shipboard_core::config::{users_for, SourceConfig, UserToken};
use shipboard_core::model::view::Forge;
use shipboard_core::request::{HttpRequest, Source};
use shipboard_core::response::github::{
    self as github_answer, NewDeploymentAnswer, NewDeploymentRefusal,
};
use shipboard_core::response::{ApiError, ErrorKind};
use shipboard_core::validate::ValidationError;

use crate::api::{self, source_of};
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

/// A write's failure: it can say the write was never sent, and whether it may have been applied.
pub trait WriteError: 'static {
    /// The write was never sent (no project to send it to).
    fn not_sent(message: &str) -> Self;
    /// See [`maybe_applied`].
    fn maybe_applied(&self) -> bool;
}

impl WriteError for ApiError {
    fn not_sent(message: &str) -> Self {
        not_sent(message)
    }
    fn maybe_applied(&self) -> bool {
        maybe_applied(self)
    }
}

impl WriteError for NewDeploymentRefusal {
    fn not_sent(message: &str) -> Self {
        NewDeploymentRefusal::from(not_sent(message))
    }
    fn maybe_applied(&self) -> bool {
        maybe_applied(&self.error)
    }
}

/// What a write does once answered: `done` with a success, `unsure` after a failure that may
/// have been applied (typically: read the data again). Both run after an await, so they write
/// through `try_*` (the form may be gone).
pub struct After<O> {
    done: Box<dyn Fn(&O)>,
    unsure: Box<dyn Fn()>,
}

impl<O> After<O> {
    /// `done` on success, nothing else.
    pub fn done(done: impl Fn(&O) + 'static) -> Self {
        After {
            done: Box::new(done),
            unsure: Box::new(|| ()),
        }
    }

    /// `refresh` on success and after a failure that may have been applied.
    pub fn refresh(refresh: impl Fn() + Clone + 'static) -> Self {
        let again = refresh.clone();
        After::done(move |_| refresh()).or_unsure(again)
    }

    /// Also `unsure` after a failure that may have been applied.
    pub fn or_unsure(self, unsure: impl Fn() + 'static) -> Self {
        After {
            unsure: Box::new(unsure),
            ..self
        }
    }
}

/// The one shape of a write: when dispatched with `input`, reads where it goes (`dest`: the
/// acting source, with the chosen user's token, and the project; `None` answers "no project"
/// without sending), runs `write` (build the request, send it, read the answer), then `after`.
pub fn write_action<I, O, E, Fut>(
    dest: impl Fn() -> Option<(SourceConfig, String)> + 'static,
    write: impl Fn(Source, String, I) -> Fut + 'static,
    after: After<O>,
) -> Action<I, Result<O, E>>
where
    I: Clone + 'static,
    O: 'static,
    E: WriteError,
    Fut: Future<Output = Result<O, E>> + 'static,
{
    let after = std::rc::Rc::new(after);
    Action::new_local(move |input: &I| {
        let dest = dest();
        let sent = dest.map(|(src, project)| write(source_of(&src), project, input.clone()));
        let after = after.clone();
        async move {
            let Some(sent) = sent else {
                return Err(E::not_sent(crate::text::deployments::NO_PROJECT()));
            };
            let r = sent.await;
            match &r {
                Ok(out) => (after.done)(out),
                Err(e) if e.maybe_applied() => (after.unsure)(),
                Err(_) => {}
            }
            r
        }
    })
}

/// The guard of every form's submit: the browser's own submit is stopped; nothing happens while
/// `pending`; otherwise `check` builds the body or the problems with it (shown in `invalid`, in
/// the server's words). Gives the body to send (or to confirm first) when there are none.
pub fn checked<I>(
    ev: leptos::ev::SubmitEvent,
    pending: Signal<bool>,
    invalid: RwSignal<Vec<ValidationError>>,
    check: impl FnOnce() -> Result<I, Vec<ValidationError>>,
) -> Option<I> {
    ev.prevent_default();
    if pending.get_untracked() {
        return None;
    }
    match check() {
        Ok(body) => {
            invalid.set(Vec::new());
            Some(body)
        }
        Err(problems) => {
            invalid.set(problems);
            None
        }
    }
}

/// A form's submit straight through `action` (see [`checked`]).
pub fn submit<I, O>(
    ev: leptos::ev::SubmitEvent,
    action: Action<I, O>,
    invalid: RwSignal<Vec<ValidationError>>,
    check: impl FnOnce() -> Result<I, Vec<ValidationError>>,
) where
    I: 'static,
    O: 'static,
{
    if let Some(body) = checked(ev, action.pending().into(), invalid, check) {
        action.dispatch_local(body);
    }
}

/// `Ok(body)` when `problems` is empty, else the problems.
pub fn valid<I>(body: I, problems: Vec<ValidationError>) -> Result<I, Vec<ValidationError>> {
    if problems.is_empty() {
        Ok(body)
    } else {
        Err(problems)
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
        view! { <p class="warning" role="status" data-testid="maybe-applied">{t::MAYBE_APPLIED()}</p> }
    })
}

/// `source` with the token of `user` (one of `users`, from `config.json`) when one is chosen
/// and that user's token belongs to `source` (a token never goes to another source).
pub fn acting(source: &SourceConfig, user: Option<&str>, users: &[UserToken]) -> SourceConfig {
    let mut out = source.clone();
    let mine = users_for(users, source);
    if let Some(u) = user.and_then(|name| mine.into_iter().find(|u| u.username == name)) {
        out.token = Some(u.token.clone());
        // The chosen user's token, not this tab's "Sign in with GitLab" token.
        out.oauth_client_id = None;
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
                <label class="act-as" title=t::ACT_AS_HINT()>
                    <span class="label-text">{t::ACT_AS()}</span>
                    <select
                        data-testid="act-as"
                        prop:value=move || user.get().unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            user.set((!v.is_empty()).then_some(v));
                        }
                    >
                        <option value="">{t::ACT_AS_SOURCE()}</option>
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
                    <p class="error-message">{t::INVALID()}</p>
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
            {move || if pending.get() { t::SENDING().to_owned() } else { label.get() }}
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
