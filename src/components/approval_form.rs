//! The approval form: approve or reject, a comment with a live 255-character counter, and, when
//! the deployment has several rules, which one to approve as (`represented_as`).

use leptos::prelude::*;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::Forge;
use shipboard_core::request::gitlab::Approval;
use shipboard_core::response::ApiError;
use shipboard_core::validate::gitlab::{approval as check, MAX_COMMENT_CHARS};
use shipboard_core::validate::ValidationError;

use crate::components::write::{Counter, Invalid, Outcome, Submit};
use crate::text::approvals as t;

/// The request body the form's inputs make.
pub fn approval_of(approve: bool, comment: &str, represented_as: &str) -> Approval {
    let comment = comment.trim();
    let rule = represented_as.trim();
    Approval {
        status: if approve { "approved" } else { "rejected" }.to_owned(),
        comment: (!comment.is_empty()).then(|| comment.to_owned()),
        represented_as: (!rule.is_empty()).then(|| rule.to_owned()),
    }
}

/// The form (`data-testid="approval-form"`); `rules` are the names to approve as. What was typed
/// stays after any answer.
#[component]
pub fn ApprovalForm(
    rules: Vec<String>,
    action: Action<Approval, Result<gl_model::Approval, ApiError>>,
) -> impl IntoView {
    let approve = RwSignal::new(true);
    let comment = RwSignal::new(String::new());
    let rule = RwSignal::new(String::new());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let name = format!("answer-{}", js_sys::Math::random().to_bits());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let body = approval_of(
            approve.get_untracked(),
            &comment.get_untracked(),
            &rule.get_untracked(),
        );
        let problems = check(&body);
        invalid.set(problems.clone());
        if problems.is_empty() {
            action.dispatch_local(body);
        }
    };
    let several = rules.len() > 1;
    view! {
        <form class="approval-form" data-testid="approval-form" on:submit=submit>
            <fieldset class="choice">
                <legend>{t::ANSWER}</legend>
                <label class="check">
                    <input type="radio" name=name.clone() data-testid="approve" prop:checked=move || approve.get()
                        on:change=move |_| approve.set(true) />
                    " " {t::APPROVE}
                </label>
                <label class="check">
                    <input type="radio" name=name data-testid="reject" prop:checked=move || !approve.get()
                        on:change=move |_| approve.set(false) />
                    " " {t::REJECT}
                </label>
            </fieldset>
            {several.then(|| view! {
                <label>
                    <span class="label-text">{t::REPRESENTED_AS}</span>
                    <select data-testid="represented-as" prop:value=move || rule.get()
                        on:change=move |ev| rule.set(event_target_value(&ev))>
                        <option value="">{t::ANY_RULE}</option>
                        {rules.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <label>
                <span class="label-text">{t::COMMENT} " " <Counter text=comment max=MAX_COMMENT_CHARS /></span>
                <textarea data-testid="comment" rows="2" prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
            </label>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitLab done=t::SENT />
            <div class="actions">
                <Submit pending=pending label=t::SUBMIT.to_owned() />
            </div>
        </form>
    }
}
