//! Browser tests of the write forms (wasm-bindgen-test in headless Chromium): each form's
//! client-side validation (in the server's words, nothing sent), its in-flight state (the submit
//! button is disabled and a second submit sends nothing) and that a refusal keeps the input.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use shipboard::components::approval_form::ApprovalForm;
use shipboard::components::confirm_dialog::ConfirmDialog;
use shipboard::components::deployment_forms::{
    GitHubStatusForm, NewDeploymentForm, UpdateStatusForm,
};
use shipboard::components::environment_form::{EnvironmentDraft, EnvironmentForm};
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
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert!(text(&el, "[data-testid=invalid]")
        .contains("Comment is too long (maximum is 255 characters)"));
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
    find(&el, "[data-testid=submit]").click();
    settle().await;
    assert!(disabled(&el, "[data-testid=submit]"));
    assert_eq!(
        text(&el, "[data-testid=submit]"),
        shipboard::text::writes::SENDING
    );
    find(&el, "[data-testid=submit]").click();
    let form: web_sys::HtmlFormElement = find(&el, "form").unchecked_into();
    let _ = form.request_submit();
    settle().await;
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
