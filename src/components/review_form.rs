//! The GitHub review form of a pending deployment: approve or reject (an explicit choice: nothing
//! is pre-selected) with a comment, for one environment of a waiting workflow run. Sending asks
//! first, naming the run, its ref and the environment (the pattern of `approval_form`).

use leptos::prelude::*;
use serde::de::IgnoredAny;
use shipboard_core::model::view::Forge;
use shipboard_core::request::github::{PendingDeploymentReview, ReviewState};
use shipboard_core::response::ApiError;
use shipboard_core::validate::github::pending_deployment_review as check;
use shipboard_core::validate::ValidationError;

use crate::components::approval_form::Choice;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::write::{checked, valid, Invalid, Outcome, Submit};
use crate::text::approvals as t;

/// What the confirmation names: the run (`#number`, ref) and the environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSubject {
    /// The run's number (what GitHub shows after `#`).
    pub number: u64,
    /// Branch the run is on.
    pub git_ref: String,
    /// The environment's name.
    pub environment: String,
}

/// The form (`data-testid="review-form"`) for environment `environment_id`; what was typed stays
/// after any answer.
#[component]
pub fn ReviewForm(
    environment_id: u64,
    action: Action<PendingDeploymentReview, Result<IgnoredAny, ApiError>>,
    subject: RunSubject,
) -> impl IntoView {
    // None until the user picks: approving must be a choice, never a default.
    let approve = RwSignal::new(None::<bool>);
    let comment = RwSignal::new(String::new());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let unchosen = RwSignal::new(false);
    // The checked body waiting for confirmation; any edit withdraws it.
    let confirming = RwSignal::new(None::<PendingDeploymentReview>);
    let pending = action.pending();
    let name = format!("review-{}", js_sys::Math::random().to_bits());
    let edited = move || confirming.set(None);

    let submit = move |ev| {
        let body = checked(ev, pending.into(), invalid, || {
            let Some(choice) = approve.get_untracked() else {
                unchosen.set(true);
                return Err(Vec::new());
            };
            let body =
                PendingDeploymentReview::of(choice, environment_id, &comment.get_untracked());
            let problems = check(&body);
            valid(body, problems)
        });
        confirming.set(body);
    };
    let confirm = Callback::new(move |_| {
        if let Some(body) = confirming.get_untracked() {
            confirming.set(None);
            action.dispatch_local(body);
        }
    });
    let choose = move |_: bool| edited();
    view! {
        <form class="approval-form" data-testid="review-form" on:submit=submit>
            <Choice name=name approve=approve unchosen=unchosen on_choose=Callback::new(choose) />
            <label>
                <span class="label-text">{t::COMMENT()}</span>
                <textarea data-testid="comment" rows="2" prop:value=move || comment.get()
                    on:input=move |ev| { edited(); comment.set(event_target_value(&ev)) }></textarea>
            </label>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitHub done=t::SENT() />
            <div class="actions">
                <Submit pending=pending label=t::SUBMIT().to_owned() />
            </div>
        </form>
        {move || confirming.get().map(|body| {
            let approving = body.state == ReviewState::Approved;
            let title = t::confirm_review(approving, subject.number, &subject.git_ref, &subject.environment);
            view! {
                <ConfirmDialog
                    title=title
                    confirm_label=if approving { t::CONFIRM_APPROVE() } else { t::CONFIRM_REJECT() }.to_owned()
                    pending=pending
                    on_confirm=confirm
                    on_cancel=Callback::new(move |_| confirming.set(None))
                >
                    {(!body.comment.is_empty()).then(|| view! { <p class="hint">{t::COMMENT_SENT()} ": " {body.comment.clone()}</p> })}
                </ConfirmDialog>
            }
        })}
    }
}
