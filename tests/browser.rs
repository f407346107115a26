//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted into a real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container element appended to `<body>`.
fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

#[wasm_bindgen_test]
fn app_shell_renders_header_and_empty_state() {
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), shipboard::App);
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains(shipboard::text::APP_NAME), "got {text:?}");
    let empty = el.query_selector("[data-testid=empty]").unwrap();
    assert!(empty.is_some(), "the empty state is shown when no source is configured");
}
