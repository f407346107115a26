//! Browser tests of the write forms (wasm-bindgen-test in headless Chromium): each form's
//! client-side validation (in the server's words, nothing sent), its in-flight state (the submit
//! button is disabled and a second submit sends nothing) and that a refusal keeps the input; and
//! the writes people can trust: explicit, confirmed approvals, a confirmed stop-stale, edits that
//! start from the server's raw values and survive card updates, and lost answers that reload.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use shipboard::components::approval_form::{ApprovalForm, Subject};
use shipboard::components::confirm_dialog::ConfirmDialog;
use shipboard::components::deployment_forms::{
    GitHubStatusForm, NewDeploymentForm, UpdateStatusForm,
};
use shipboard::components::environment_card::{EnvOps, EnvironmentCardView};
use shipboard::components::environment_form::{EnvironmentDraft, EnvironmentForm};
use shipboard::components::github_deployment_form::{Answer, GitHubDeploymentForm};
use shipboard::components::project_actions::ProjectActions;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::{DeploymentRow, EnvironmentCard};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::request::github::NewDeploymentStatus;
use shipboard_core::request::gitlab::{Approval, NewDeployment};
use shipboard_core::response::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn find(el: &web_sys::HtmlElement, css: &str) -> web_sys::HtmlElement {
    el.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into()
}

fn text(el: &web_sys::HtmlElement, css: &str) -> String {
    el.query_selector(css)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Sets an input's value and fires a bubbling `input` event, as typing does.
fn type_into(el: &web_sys::HtmlElement, css: &str, value: &str) {
    let target = find(el, css);
    let f = js_sys::Function::new_with_args(
        "el, v",
        "el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));",
    );
    f.call2(&JsValue::NULL, &target, &JsValue::from_str(value))
        .unwrap();
}

fn value(el: &web_sys::HtmlElement, css: &str) -> String {
    js_sys::Reflect::get(&find(el, css), &JsValue::from_str("value"))
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn disabled(el: &web_sys::HtmlElement, css: &str) -> bool {
    find(el, css).has_attribute("disabled")
}

fn exists(el: &web_sys::HtmlElement, css: &str) -> bool {
    el.query_selector(css).unwrap().is_some()
}

fn checked(el: &web_sys::HtmlElement, css: &str) -> bool {
    js_sys::Reflect::get(&find(el, css), &JsValue::from_str("checked"))
        .unwrap()
        .as_bool()
        .unwrap_or(false)
}

fn fixed_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap()
}

/// A GitLab environment card as the environments page makes it from the server's answer.
fn gitlab_card(external_url: Option<&str>) -> EnvironmentCard {
    let env: gl_model::Environment = serde_json::from_value(serde_json::json!({
        "id": 5, "name": "production", "state": "available", "tier": "production",
        "external_url": external_url, "description": "Main site"
    }))
    .unwrap();
    EnvironmentCard::from_gitlab("group/app", &env)
}

/// Ops with no project: a write fails before sending (nothing reaches a server).
fn offline_ops() -> EnvOps {
    EnvOps {
        target: Signal::stored(None),
        replaced: Callback::new(|_| {}),
        deleted: Callback::new(|_| {}),
        loaded: RwSignal::new(HashSet::new()),
    }
}

/// A GitLab source whose API nobody answers: a fetch to it fails (a network error).
fn unreachable_source() -> SourceConfig {
    serde_json::from_value(serde_json::json!({
        "name": "Nowhere", "kind": "gitlab", "api_url": "http://127.0.0.1:9/api/v4",
        "token": "t", "projects": ["1"]
    }))
    .unwrap()
}

fn err() -> ApiError {
    ApiError::network("refused for the test")
}

/// An action that counts dispatches and never finishes (to observe the in-flight state).
fn hanging<I: 'static, O: 'static>(count: Rc<Cell<u32>>) -> Action<I, Result<O, ApiError>> {
    Action::new_local(move |_: &I| {
        count.set(count.get() + 1);
        futures::future::pending::<Result<O, ApiError>>()
    })
}

/// An action that counts dispatches and fails at once.
fn failing<I: 'static, O: 'static>(count: Rc<Cell<u32>>) -> Action<I, Result<O, ApiError>> {
    Action::new_local(move |_: &I| {
        count.set(count.get() + 1);
        async { Err(err()) }
    })
}

#[wasm_bindgen_test]
async fn approval_form_counts_characters_and_refuses_a_256_character_comment() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let action = hanging::<Approval, gl_model::Approval>(c.clone());
        view! { <ApprovalForm rules=vec!["security".into(), "qa".into()] action=action /> }
    })
    .forget();
    settle().await;
    assert!(
        el.query_selector("[data-testid=represented-as]")
            .unwrap()
            .is_some(),
        "several rules: a choice"
    );
    type_into(&el, "[data-testid=comment]", &"é".repeat(256));
    settle().await;
    let counter = text(&el, "[data-testid=counter]");
    assert!(counter.starts_with("256 / 255"), "{counter}");
    find(&el, "[data-testid=approve]").click();
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert!(text(&el, "[data-testid=invalid]")
        .contains("Comment is too long (maximum is 255 characters)"));
    assert!(!exists(&el, "[data-testid=confirm]"), "nothing to confirm");
    assert_eq!(count.get(), 0, "nothing was sent");
}

#[wasm_bindgen_test]
async fn approval_form_is_busy_in_flight_and_cannot_be_sent_twice() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let action = hanging::<Approval, gl_model::Approval>(c.clone());
        view! { <ApprovalForm rules=vec!["Maintainers".into()] action=action /> }
    })
    .forget();
    settle().await;
    assert!(
        el.query_selector("[data-testid=represented-as]")
            .unwrap()
            .is_none(),
        "one rule: no choice"
    );
    type_into(&el, "[data-testid=comment]", "ok");
    find(&el, "[data-testid=approve]").click();
    find(&el, "[data-testid=submit]").click();
    settle().await;
    find(&el, "[data-testid=confirm-button]").click();
    settle().await;
    assert!(disabled(&el, "[data-testid=submit]"));
    assert_eq!(
        text(&el, "[data-testid=submit]"),
        shipboard::text::writes::SENDING()
    );
    find(&el, "[data-testid=submit]").click();
    let form: web_sys::HtmlFormElement = find(&el, "form").unchecked_into();
    let _ = form.request_submit();
    settle().await;
    assert!(
        !exists(&el, "[data-testid=confirm]"),
        "nothing to confirm in flight"
    );
    assert_eq!(count.get(), 1, "a single request");
}

#[wasm_bindgen_test]
async fn approval_form_keeps_the_comment_and_shows_the_refusal() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let action = failing::<Approval, gl_model::Approval>(c.clone());
        view! { <ApprovalForm rules=vec![] action=action /> }
    })
    .forget();
    settle().await;
    find(&el, "[data-testid=reject]").click();
    type_into(&el, "[data-testid=comment]", "not now");
    find(&el, "[data-testid=submit]").click();
    settle().await;
    find(&el, "[data-testid=confirm-button]").click();
    settle().await;
    assert_eq!(count.get(), 1);
    assert!(text(&el, "[data-testid=error]").contains("refused for the test"));
    assert_eq!(value(&el, "[data-testid=comment]"), "not now");
    assert!(!disabled(&el, "[data-testid=submit]"), "can be sent again");
}

#[wasm_bindgen_test]
async fn environment_form_needs_a_name_and_is_busy_in_flight() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let action = hanging::<EnvironmentDraft, gl_model::Environment>(c.clone());
        view! { <EnvironmentForm initial=EnvironmentDraft::default() editing=false action=action /> }
    })
    .forget();
    settle().await;
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert!(text(&el, "[data-testid=invalid]").contains("name is missing"));
    assert_eq!(count.get(), 0);
    type_into(&el, "[data-testid=env-name]", "canary");
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert_eq!(count.get(), 1);
    assert!(disabled(&el, "[data-testid=submit]"));
    assert!(el
        .query_selector("[data-testid=invalid]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn editing_an_environment_shows_the_name_read_only() {
    let el = container();
    leptos::mount::mount_to(el.clone(), move || {
        let action = hanging::<EnvironmentDraft, gl_model::Environment>(Rc::new(Cell::new(0)));
        let initial = EnvironmentDraft {
            name: "staging".into(),
            ..EnvironmentDraft::default()
        };
        view! { <EnvironmentForm initial=initial editing=true action=action /> }
    })
    .forget();
    settle().await;
    assert!(find(&el, "[data-testid=env-name]").has_attribute("readonly"));
    assert_eq!(value(&el, "[data-testid=env-name]"), "staging");
}

#[wasm_bindgen_test]
async fn github_status_form_stops_a_141_character_description() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let action = hanging::<NewDeploymentStatus, gh_model::DeploymentStatus>(c.clone());
        view! { <GitHubStatusForm environment="production" action=action /> }
    })
    .forget();
    settle().await;
    type_into(&el, "[data-testid=status-description]", &"x".repeat(141));
    settle().await;
    assert!(text(&el, "[data-testid=counter]").starts_with("141 / 140"));
    assert!(find(&el, "[data-testid=counter]")
        .class_name()
        .contains("over"));
    find(&el, "[data-testid=create-status]").click();
    settle().await;
    assert!(text(&el, "[data-testid=invalid]").contains("maximum is 140 characters"));
    assert_eq!(count.get(), 0);
    type_into(&el, "[data-testid=status-description]", &"x".repeat(140));
    find(&el, "[data-testid=create-status]").click();
    settle().await;
    assert_eq!(count.get(), 1);
    assert!(disabled(&el, "[data-testid=create-status]"));
}

#[wasm_bindgen_test]
async fn new_deployment_form_checks_every_required_field() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let action = failing::<NewDeployment, gl_model::Deployment>(c.clone());
        view! { <NewDeploymentForm environments=Signal::stored(vec!["production".to_owned()]) action=action /> }
    })
    .forget();
    settle().await;
    find(&el, "[data-testid=create-deployment]").click();
    settle().await;
    let problems = text(&el, "[data-testid=invalid]");
    for field in ["environment", "sha", "ref"] {
        assert!(
            problems.contains(&format!("{field} is empty")),
            "{problems}"
        );
    }
    assert_eq!(count.get(), 0);
    type_into(&el, "[data-testid=dep-environment]", "production");
    type_into(&el, "[data-testid=dep-sha]", "abc123");
    type_into(&el, "[data-testid=dep-ref]", "main");
    find(&el, "[data-testid=create-deployment]").click();
    settle().await;
    assert_eq!(count.get(), 1);
    assert!(text(&el, "[data-testid=error]").contains("refused for the test"));
    assert_eq!(value(&el, "[data-testid=dep-sha]"), "abc123", "input kept");
}

#[wasm_bindgen_test]
async fn update_form_offers_only_allowed_transitions() {
    let el = container();
    leptos::mount::mount_to(el.clone(), move || {
        let action = hanging::<String, gl_model::Deployment>(Rc::new(Cell::new(0)));
        view! { <UpdateStatusForm current=gl_model::DeploymentStatus::Success action=action /> }
    })
    .forget();
    settle().await;
    let options = text(&el, "[data-testid=update-status]");
    assert_eq!(options, "failedcanceled");
}

#[wasm_bindgen_test]
async fn confirm_dialog_needs_the_typed_name_and_is_busy_in_flight() {
    let el = container();
    let confirmed = RwSignal::new(0u32);
    let pending = RwSignal::new(false);
    leptos::mount::mount_to(el.clone(), move || {
        view! {
            <ConfirmDialog
                title="Delete staging"
                confirm_label="Delete".to_owned()
                pending=pending
                require="staging".to_owned()
                on_confirm=Callback::new(move |_| { confirmed.update(|n| *n += 1); pending.set(true); })
                on_cancel=Callback::new(|_| {})
            >
                <p>"Gone for good."</p>
            </ConfirmDialog>
        }
    })
    .forget();
    settle().await;
    assert!(disabled(&el, "[data-testid=confirm-button]"));
    type_into(&el, "[data-testid=confirm-text]", "stagin");
    settle().await;
    assert!(disabled(&el, "[data-testid=confirm-button]"));
    type_into(&el, "[data-testid=confirm-text]", "staging");
    settle().await;
    assert!(!disabled(&el, "[data-testid=confirm-button]"));
    find(&el, "[data-testid=confirm-button]").click();
    settle().await;
    assert_eq!(confirmed.get_untracked(), 1);
    assert!(
        disabled(&el, "[data-testid=confirm-button]"),
        "busy while in flight"
    );
    let form: web_sys::HtmlFormElement = find(&el, "form").unchecked_into();
    let _ = form.request_submit();
    settle().await;
    assert_eq!(confirmed.get_untracked(), 1, "no second confirmation");
}

#[wasm_bindgen_test]
async fn approval_needs_an_explicit_choice_and_a_confirmation_naming_the_deployment() {
    let el = container();
    let sent = Rc::new(RefCell::new(Vec::<String>::new()));
    let s = sent.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let s = s.clone();
        let action = Action::new_local(move |body: &Approval| {
            s.borrow_mut().push(body.status.as_str().to_owned());
            futures::future::pending::<Result<gl_model::Approval, ApiError>>()
        });
        let subject = Subject {
            iid: 12,
            git_ref: "main".into(),
            environment: "production".into(),
        };
        view! { <ApprovalForm rules=vec![] action=action subject=subject /> }
    })
    .forget();
    settle().await;
    assert!(
        !checked(&el, "[data-testid=approve]"),
        "approve is not pre-selected"
    );
    assert!(
        !checked(&el, "[data-testid=reject]"),
        "reject is not pre-selected"
    );

    // Without a choice: a clear message, no confirmation, nothing sent.
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert!(text(&el, "[data-testid=choose]").contains("Choose Approve or Reject"));
    assert!(!exists(&el, "[data-testid=confirm]"));
    assert!(sent.borrow().is_empty(), "nothing was sent");

    // Approve asks first, naming the deployment and environment; cancelling sends nothing.
    find(&el, "[data-testid=approve]").click();
    settle().await;
    assert!(
        !exists(&el, "[data-testid=choose]"),
        "the message goes once chosen"
    );
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert_eq!(
        text(&el, "[data-testid=confirm] .confirm-title"),
        "Approve deployment #12 (main) to production?"
    );
    assert!(sent.borrow().is_empty(), "asking sends nothing");
    find(&el, "[data-testid=confirm-cancel]").click();
    settle().await;
    assert!(!exists(&el, "[data-testid=confirm]"));
    assert!(sent.borrow().is_empty());

    // Changing the answer while asked withdraws the question; the new one names the rejection.
    find(&el, "[data-testid=submit]").click();
    settle().await;
    find(&el, "[data-testid=reject]").click();
    settle().await;
    assert!(
        !exists(&el, "[data-testid=confirm]"),
        "a stale question is withdrawn"
    );
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert_eq!(
        text(&el, "[data-testid=confirm] .confirm-title"),
        "Reject deployment #12 (main) to production?"
    );
    find(&el, "[data-testid=confirm-button]").click();
    settle().await;
    assert_eq!(*sent.borrow(), ["rejected"], "sent once, as confirmed");
    assert!(!exists(&el, "[data-testid=confirm]"));
}

#[wasm_bindgen_test]
async fn a_lost_approval_answer_says_it_may_have_applied_and_reloads() {
    let el = container();
    let reloads = RwSignal::new(0u32);
    leptos::mount::mount_to(el.clone(), move || {
        let action = failing::<Approval, gl_model::Approval>(Rc::new(Cell::new(0)));
        let reload = Callback::new(move |_| reloads.update(|n| *n += 1));
        view! { <ApprovalForm rules=vec![] action=action reload=reload /> }
    })
    .forget();
    settle().await;
    assert_eq!(reloads.get_untracked(), 0, "nothing reloads before a write");
    find(&el, "[data-testid=approve]").click();
    find(&el, "[data-testid=submit]").click();
    settle().await;
    find(&el, "[data-testid=confirm-button]").click();
    settle().await;
    assert!(text(&el, "[data-testid=maybe-applied]")
        .contains("the change may have been applied; reloading"));
    assert_eq!(
        reloads.get_untracked(),
        1,
        "what it touched is reloaded once"
    );
}

#[wasm_bindgen_test]
async fn a_refused_write_is_not_taken_for_one_that_may_have_applied() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let c = c.clone();
        let action = Action::new_local(move |_: &EnvironmentDraft| {
            c.set(c.get() + 1);
            async {
                Err::<gl_model::Environment, _>(ApiError::from_response(
                    403,
                    &[],
                    r#"{"message":"403 Forbidden"}"#,
                    fixed_now(),
                ))
            }
        });
        view! { <EnvironmentForm initial=EnvironmentDraft::default() editing=false action=action /> }
    })
    .forget();
    settle().await;
    type_into(&el, "[data-testid=env-name]", "canary");
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert_eq!(count.get(), 1);
    assert!(text(&el, "[data-testid=error]").contains("403"));
    assert!(!exists(&el, "[data-testid=maybe-applied]"));
}

#[wasm_bindgen_test]
async fn stop_stale_asks_first_naming_the_date_then_reloads_after_a_lost_answer() {
    let el = container();
    let reloads = RwSignal::new(0u32);
    leptos::mount::mount_to(el.clone(), move || {
        let target = Signal::stored(Some((unreachable_source(), "1".to_owned())));
        let now = fixed_now();
        view! {
            <ProjectActions
                target=target
                environments=Signal::stored(Vec::new())
                created=Callback::new(|_| {})
                deployed=Callback::new(|_| {})
                reload=Callback::new(move |_| reloads.update(|n| *n += 1))
                now=now
            />
        }
    })
    .forget();
    settle().await;
    find(&el, "[data-testid=open-stop-stale]").click();
    settle().await;
    type_into(&el, "[data-testid=stop-stale-before]", "2025-01-15");
    find(&el, "[data-testid=stop-stale-submit]").click();
    settle().await;
    assert!(
        text(&el, "[data-testid=stop-stale-confirm]")
            .contains("environments not updated since 2025-01-15"),
        "{}",
        text(&el, "[data-testid=confirm]")
    );
    assert!(
        !disabled(&el, "[data-testid=stop-stale-submit]"),
        "nothing in flight yet"
    );
    find(&el, "[data-testid=confirm-cancel]").click();
    settle().await;
    assert!(!exists(&el, "[data-testid=confirm]"));
    assert!(!exists(&el, "[data-testid=error]"), "nothing was sent");

    // Confirmed: sent to a server that never answers, so the change may have been applied.
    find(&el, "[data-testid=stop-stale-submit]").click();
    settle().await;
    find(&el, "[data-testid=confirm-button]").click();
    let deadline = js_sys::Date::now() + 10_000.0;
    while !exists(&el, "[data-testid=maybe-applied]") && js_sys::Date::now() < deadline {
        settle().await;
    }
    assert!(text(
        &el,
        "[data-testid=stop-stale-form] [data-testid=maybe-applied]"
    )
    .contains("the change may have been applied; reloading"));
    assert_eq!(reloads.get_untracked(), 1, "the environments are reloaded");
}

#[wasm_bindgen_test]
async fn editing_starts_from_the_raw_external_url_the_link_refuses() {
    for raw in ["ftp://files.example.com/app", "javascript:alert(1)"] {
        let el = container();
        leptos::mount::mount_to(el.clone(), move || {
            let card = Signal::stored(Some(gitlab_card(Some(raw))));
            view! { <EnvironmentCardView card=card ops=offline_ops() now=fixed_now() /> }
        })
        .forget();
        settle().await;
        assert!(
            !exists(&el, "[data-testid=external-url]"),
            "{raw} is never a link"
        );
        find(&el, "[data-testid=edit]").click();
        settle().await;
        assert_eq!(
            value(&el, "[data-testid=env-url]"),
            raw,
            "kept, so a save keeps it"
        );
        assert_eq!(value(&el, "[data-testid=env-description]"), "Main site");
    }
    // A link the check accepts is both shown and pre-filled.
    let el = container();
    leptos::mount::mount_to(el.clone(), move || {
        let card = Signal::stored(Some(gitlab_card(Some("https://app.example.com"))));
        view! { <EnvironmentCardView card=card ops=offline_ops() now=fixed_now() /> }
    })
    .forget();
    settle().await;
    assert_eq!(
        text(&el, "[data-testid=external-url]"),
        "https://app.example.com"
    );
    find(&el, "[data-testid=edit]").click();
    settle().await;
    assert_eq!(
        value(&el, "[data-testid=env-url]"),
        "https://app.example.com"
    );
}

#[wasm_bindgen_test]
async fn an_open_edit_form_keeps_what_was_typed_while_the_card_updates() {
    let el = container();
    let card = RwSignal::new(Some(gitlab_card(Some("https://app.example.com"))));
    leptos::mount::mount_to(el.clone(), move || {
        view! { <EnvironmentCardView card=card ops=offline_ops() now=fixed_now() /> }
    })
    .forget();
    settle().await;
    find(&el, "[data-testid=edit]").click();
    settle().await;
    type_into(&el, "[data-testid=env-url]", "https://new.example.com");
    type_into(&el, "[data-testid=env-description]", "Typed, not saved");
    let input = find(&el, "[data-testid=env-description]");

    // The last deployment arrives (as the environments page streams them in).
    let deployment: gl_model::Deployment = serde_json::from_value(serde_json::json!({
        "id": 90, "iid": 7, "ref": "main", "sha": "0123456789abcdef0123456789abcdef01234567",
        "created_at": "2025-05-01T10:00:00Z", "status": "success"
    }))
    .unwrap();
    card.update(|c| {
        let c = c.as_mut().unwrap();
        c.last_deployment = Some(Box::new(DeploymentRow::from_gitlab(
            "group/app",
            &deployment,
        )));
    });
    settle().await;
    assert_eq!(
        text(&el, "[data-testid=short-sha]"),
        "01234567",
        "the card updated"
    );
    assert!(
        input.is_connected(),
        "the form's inputs were not re-created"
    );
    assert_eq!(
        value(&el, "[data-testid=env-description]"),
        "Typed, not saved"
    );
    assert_eq!(
        value(&el, "[data-testid=env-url]"),
        "https://new.example.com"
    );

    // A refresh of the whole card (e.g. after another write) keeps the draft too.
    card.update(|c| {
        let c = c.as_mut().unwrap();
        c.description = Some("Changed on the server".into());
    });
    settle().await;
    assert!(text(&el, ".env-description").contains("Changed on the server"));
    assert_eq!(
        value(&el, "[data-testid=env-description]"),
        "Typed, not saved"
    );
}

#[wasm_bindgen_test]
async fn github_deployment_form_checks_the_payload_and_the_contexts_before_sending() {
    let el = container();
    let count = Rc::new(Cell::new(0));
    let c = count.clone();
    leptos::mount::mount_to(el.clone(), move || {
        let c = c.clone();
        let action =
            Action::new_local(move |_: &shipboard_core::request::github::NewDeployment| {
                c.set(c.get() + 1);
                futures::future::pending::<Answer>()
            });
        let none: Vec<String> = Vec::new();
        view! { <GitHubDeploymentForm environments=none action=action /> }
    })
    .forget();
    settle().await;
    assert!(text(&el, "[data-testid=gh-dep-contexts-preview]").contains("no required_contexts"));
    type_into(&el, "[data-testid=gh-dep-ref]", "main");
    type_into(&el, "[data-testid=gh-dep-payload]", "{\"deploy\": migrate}");
    find(&el, "[data-testid=gh-dep-submit]").click();
    settle().await;
    assert!(text(&el, "[data-testid=invalid]").contains("line 1, column 12"));
    assert_eq!(
        value(&el, "[data-testid=gh-dep-payload]"),
        "{\"deploy\": migrate}"
    );
    assert_eq!(count.get(), 0);
    // "Only these contexts" with none listed would send [] (skip every check): refused.
    type_into(&el, "[data-testid=gh-dep-payload]", "");
    find(&el, "[data-testid=gh-dep-contexts-only]").click();
    settle().await;
    assert!(text(&el, "[data-testid=gh-dep-contexts-preview]").contains("at least one context"));
    find(&el, "[data-testid=gh-dep-submit]").click();
    settle().await;
    assert!(text(&el, "[data-testid=invalid]").contains("needs at least one context"));
    assert_eq!(count.get(), 0);
    find(&el, "[data-testid=gh-dep-contexts-none]").click();
    settle().await;
    assert!(text(&el, "[data-testid=gh-dep-contexts-preview]").contains("required_contexts: []"));
    type_into(&el, "[data-testid=gh-dep-contexts]", "ci/build");
    settle().await;
    assert!(checked(&el, "[data-testid=gh-dep-contexts-only]"));
    assert!(text(&el, "[data-testid=gh-dep-contexts-preview]").contains("[\"ci/build\"]"));
    find(&el, "[data-testid=gh-dep-submit]").click();
    settle().await;
    assert_eq!(count.get(), 1);
    assert!(disabled(&el, "[data-testid=gh-dep-submit]"));
    find(&el, "[data-testid=gh-dep-submit]").click();
    settle().await;
    assert_eq!(count.get(), 1, "a second submit sends nothing");
}
