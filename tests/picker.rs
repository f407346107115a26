//! Browser tests (wasm-bindgen-test in headless Chromium) of the header pickers: a deep link shows
//! the source and project the URL names (by id, by an old link's index), never the first ones.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Two sources saved in this tab (the app reads them at mount; no `config.json` is served).
fn save_sources() {
    let sources = serde_json::json!([
        {"id": "first", "name": "First GitLab", "kind": "gitlab",
         "api_url": "http://127.0.0.1:9/api/v4", "projects": ["1", "acme/web"]},
        {"id": "second", "name": "Second GitLab", "kind": "gitlab",
         "api_url": "http://127.0.0.1:9/api/v4", "projects": ["7", "acme/api"]},
    ]);
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .set_item("shipboard.sources", &sources.to_string())
        .unwrap();
}

/// Puts `query` in the page's URL, as a followed link would.
fn open(query: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")))
        .unwrap();
}

/// Lets Leptos run its effects, and the (absent) `config.json` load finish.
async fn settle() {
    for _ in 0..10 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// The current `value` of the `<select>` with `data-testid=testid` inside `el`.
fn select_value(el: &web_sys::HtmlElement, testid: &str) -> String {
    let select = el
        .query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {testid}"));
    js_sys::Reflect::get(&select, &JsValue::from_str("value"))
        .unwrap()
        .as_string()
        .unwrap()
}

/// Mounts the whole app for `query` and returns what the two pickers show.
async fn pickers_for(query: &str) -> (String, String) {
    save_sources();
    open(query);
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    let handle = leptos::mount::mount_to(el.clone(), shipboard::App);
    settle().await;
    let shown = (
        select_value(&el, "source-select"),
        select_value(&el, "project-select"),
    );
    drop(handle);
    el.remove();
    shown
}

#[wasm_bindgen_test]
async fn a_deep_link_shows_its_source_and_project() {
    assert_eq!(
        pickers_for("?source=second&project=acme/api&view=settings").await,
        ("second".to_owned(), "acme/api".to_owned())
    );
}

#[wasm_bindgen_test]
async fn an_old_index_link_shows_the_source_it_meant() {
    assert_eq!(
        pickers_for("?source=1&view=settings").await,
        ("second".to_owned(), "7".to_owned())
    );
}

#[wasm_bindgen_test]
async fn no_source_in_the_link_shows_the_first() {
    assert_eq!(
        pickers_for("?view=settings").await,
        ("first".to_owned(), "1".to_owned())
    );
}

#[wasm_bindgen_test]
async fn an_unknown_source_is_not_shown_as_another() {
    let (source, _) = pickers_for("?source=nope&view=settings").await;
    assert_eq!(source, "", "the placeholder, not the first source");
}
