//! The approval form: approve or reject (an explicit choice: nothing is pre-selected), a comment
//! with a live 255-character counter, and, when the deployment has several rules, which one to
//! approve as (`represented_as`). Sending asks first, naming the deployment and environment.

use leptos::prelude::*;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::Forge;
use shipboard_core::request::gitlab::{Approval, ApprovalStatus};
use shipboard_core::response::ApiError;
use shipboard_core::validate::gitlab::{approval as check, MAX_COMMENT_CHARS};
use shipboard_core::validate::ValidationError;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::write::{checked, maybe_applied, valid, Counter, Invalid, Outcome, Submit};
use crate::text::approvals as t;

/// The request body the form's inputs make.
pub fn approval_of(approve: bool, comment: &str, represented_as: &str) -> Approval {
    let comment = comment.trim();
    let rule = represented_as.trim();
    Approval {
        status: if approve {
            ApprovalStatus::Approved
        } else {
            ApprovalStatus::Rejected
        },
        comment: (!comment.is_empty()).then(|| comment.to_owned()),
        represented_as: (!rule.is_empty()).then(|| rule.to_owned()),
    }
}

/// What the confirmation names: the deployment (`#iid`, ref) and its environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subject {
    /// The deployment's iid (what users type after `#`).
    pub iid: u64,
    /// Branch or tag.
    pub git_ref: String,
    /// The environment's name (empty when the answer had none).
    pub environment: String,
}

impl Subject {
    /// The subject of a GitLab deployment.
    pub fn of(d: &gl_model::Deployment) -> Subject {
        Subject {
            iid: d.iid,
            git_ref: d.git_ref.clone(),
            environment: d
                .environment
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
        }
    }
}

/// The question asked before sending: "Approve deployment #12 (main) to production?".
pub fn question(approve: bool, subject: Option<&Subject>) -> String {
    match subject {
        Some(s) => t::confirm_answer(approve, s.iid, &s.git_ref, &s.environment),
        None => t::confirm_answer_unnamed(approve),
    }
}

/// The form (`data-testid="approval-form"`); `rules` are the names to approve as; `subject`
/// names the deployment in the confirmation; `reload` runs when an answer may have been recorded
/// although it never arrived (a network failure). What was typed stays after any answer.
#[component]
pub fn ApprovalForm(
    rules: Vec<String>,
    action: Action<Approval, Result<gl_model::Approval, ApiError>>,
    #[prop(optional)] subject: Option<Subject>,
    #[prop(optional)] reload: Option<Callback<()>>,
) -> impl IntoView {
    // None until the user picks: approving must be a choice, never a default.
    let approve = RwSignal::new(None::<bool>);
    let comment = RwSignal::new(String::new());
    let rule = RwSignal::new(String::new());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let unchosen = RwSignal::new(false);
    // The checked body waiting for confirmation; any edit withdraws it.
    let confirming = RwSignal::new(None::<Approval>);
    let pending = action.pending();
    let name = format!("answer-{}", js_sys::Math::random().to_bits());
    let edited = move || confirming.set(None);

    // A lost answer may still have been recorded: reload what this form touched.
    if let Some(reload) = reload {
        let version = action.version();
        Effect::new(move |seen: Option<usize>| {
            let now = version.get();
            if seen.is_some_and(|s| s != now)
                && action
                    .value()
                    .with_untracked(|v| matches!(v, Some(Err(e)) if maybe_applied(e)))
            {
                reload.try_run(());
            }
            now
        });
    }

    let submit = move |ev| {
        let body = checked(ev, pending.into(), invalid, || {
            let Some(choice) = approve.get_untracked() else {
                unchosen.set(true);
                return Err(Vec::new());
            };
            let body = approval_of(choice, &comment.get_untracked(), &rule.get_untracked());
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
    let several = rules.len() > 1;
    view! {
        <form class="approval-form" data-testid="approval-form" on:submit=submit>
            <Choice name=name approve=approve unchosen=unchosen on_choose=Callback::new(choose) />
            {several.then(|| view! {
                <label>
                    <span class="label-text">{t::REPRESENTED_AS()}</span>
                    <select data-testid="represented-as" prop:value=move || rule.get()
                        on:change=move |ev| { edited(); rule.set(event_target_value(&ev)) }>
                        <option value="">{t::ANY_RULE()}</option>
                        {rules.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <label>
                <span class="label-text">{t::COMMENT()} " " <Counter text=comment max=MAX_COMMENT_CHARS /></span>
                <textarea data-testid="comment" rows="2" prop:value=move || comment.get()
                    on:input=move |ev| { edited(); comment.set(event_target_value(&ev)) }></textarea>
            </label>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitLab done=t::SENT() />
            <div class="actions">
                <Submit pending=pending label=t::SUBMIT().to_owned() />
            </div>
        </form>
        {move || confirming.get().map(|body| {
            let approving = body.status == ApprovalStatus::Approved;
            let title = question(approving, subject.as_ref());
            view! {
                <ConfirmDialog
                    title=title
                    confirm_label=if approving { t::CONFIRM_APPROVE() } else { t::CONFIRM_REJECT() }.to_owned()
                    pending=pending
                    on_confirm=confirm
                    on_cancel=Callback::new(move |_| confirming.set(None))
                >
                    {body.represented_as.map(|r| view! { <p class="hint">{t::REPRESENTED_AS()} ": " {r}</p> })}
                </ConfirmDialog>
            }
        })}
    }
}

/// Approve or reject, with nothing chosen at first (GitLab's approval form and GitHub's review
/// form). Choosing clears the "choose first" message and calls `on_choose`.
#[component]
pub fn Choice(
    name: String,
    approve: RwSignal<Option<bool>>,
    unchosen: RwSignal<bool>,
    on_choose: Callback<bool>,
) -> impl IntoView {
    let choose = move |choice: bool| {
        approve.set(Some(choice));
        unchosen.set(false);
        on_choose.run(choice);
    };
    view! {
        <fieldset class="choice">
            <legend>{t::ANSWER()}</legend>
            <label class="check">
                <input type="radio" name=name.clone() value="approve" data-testid="approve"
                    prop:checked=move || approve.get() == Some(true)
                    on:change=move |_| choose(true) />
                " " {t::APPROVE()}
            </label>
            <label class="check">
                <input type="radio" name=name value="reject" data-testid="reject"
                    prop:checked=move || approve.get() == Some(false)
                    on:change=move |_| choose(false) />
                " " {t::REJECT()}
            </label>
            {move || unchosen.get().then(|| view! {
                <p class="error-message" role="alert" data-testid="choose">{t::CHOOSE()}</p>
            })}
        </fieldset>
    }
}
