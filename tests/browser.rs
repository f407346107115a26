//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted into a real DOM,
//! on fixture data and generated rows.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use shipboard::components::deployments_table::DeploymentsTable;
use shipboard::components::error_view::ErrorView;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::query::{Query, Sort, SortDir, SortKey};
use shipboard_core::response::ApiError;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GITLAB_LIST: &str = include_str!("../fixtures/gitlab/examples/deployments_list.json");

/// A fresh container element appended to `<body>`.
fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets Leptos run its scheduled effects and re-render.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn fixture_rows() -> Vec<DeploymentRow> {
    let list: Vec<gl_model::Deployment> = serde_json::from_str(GITLAB_LIST).unwrap();
    list.iter()
        .map(|d| DeploymentRow::from_gitlab("acme/web", d))
        .collect()
}

fn row_ids(el: &web_sys::HtmlElement) -> Vec<String> {
    let nodes = el
        .query_selector_all("[data-testid=deployment-row]")
        .unwrap();
    (0..nodes.length())
        .map(|i| {
            let e: web_sys::Element = nodes.item(i).unwrap().unchecked_into();
            e.get_attribute("data-id").unwrap()
        })
        .collect()
}

fn click(el: &web_sys::HtmlElement, css: &str) {
    let target: web_sys::HtmlElement = el
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into();
    target.click();
}

/// Mounts the table with a query the test controls, wired like the page wires it.
fn mount_table(
    rows: Vec<DeploymentRow>,
    search: RwSignal<String>,
) -> (web_sys::HtmlElement, RwSignal<Option<Sort>>) {
    let el = container();
    let sort = RwSignal::new(None::<Sort>);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let rows = RwSignal::new(rows.clone());
        let order = Memo::new(move |_| {
            let q = Query {
                search: search.get(),
                sort: sort.get(),
                ..Query::default()
            };
            rows.with(|r| q.apply(r))
        });
        let on_sort = Callback::new(move |key: SortKey| {
            let dir = match sort.get_untracked() {
                Some(s) if s.key == key && s.dir == SortDir::Asc => SortDir::Desc,
                _ => SortDir::Asc,
            };
            sort.set(Some(Sort { key, dir }));
        });
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
        view! {
            <DeploymentsTable
                rows=rows
                order=order
                sort=sort
                on_sort=on_sort
                on_open=Callback::new(|_| {})
                forge=Forge::GitLab
                now=Signal::stored(now)
            />
        }
    });
    handle.forget();
    (el, sort)
}

#[wasm_bindgen_test]
async fn app_shell_renders_header_and_navigation() {
    let el = container();
    leptos::mount::mount_to(el.clone(), shipboard::App).forget();
    settle().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains(shipboard::text::APP_NAME), "got {text:?}");
    assert!(el
        .query_selector("[data-testid=nav-deployments]")
        .unwrap()
        .is_some());
    assert!(el
        .query_selector("[data-testid=nav-settings]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn clicking_a_header_sorts_fixture_rows_both_ways() {
    let (el, sort) = mount_table(fixture_rows(), RwSignal::new(String::new()));
    settle().await;
    assert_eq!(row_ids(&el), ["41", "42"], "input order first");
    click(&el, "[data-testid=sort-iid]");
    settle().await;
    assert_eq!(sort.get_untracked().map(|s| s.dir), Some(SortDir::Asc));
    assert_eq!(row_ids(&el), ["41", "42"]);
    click(&el, "[data-testid=sort-iid]");
    settle().await;
    assert_eq!(row_ids(&el), ["42", "41"], "second click sorts descending");
    let th = el.query_selector("th[aria-sort=descending]").unwrap();
    assert!(th.is_some(), "the sorted header says so to screen readers");
}

#[wasm_bindgen_test]
async fn search_filters_rows_and_everything_can_be_hidden() {
    let rows = shipboard_core::query::synth::rows(500, 7);
    let wanted = rows[3].sha[..10].to_string();
    let search = RwSignal::new(String::new());
    let (el, _) = mount_table(rows.clone(), search);
    settle().await;
    search.set(wanted.clone());
    settle().await;
    let ids = row_ids(&el);
    assert!(!ids.is_empty());
    for id in &ids {
        let row = rows.iter().find(|r| r.id.to_string() == *id).unwrap();
        assert!(
            row.sha.starts_with(&wanted),
            "row {id} does not match {wanted}"
        );
    }
    search.set("no-such-deployment-anywhere".into());
    settle().await;
    assert!(row_ids(&el).is_empty());
}

#[wasm_bindgen_test]
async fn only_the_visible_rows_are_in_the_dom() {
    let rows = shipboard_core::query::synth::rows(10_000, 3);
    let (el, _) = mount_table(rows, RwSignal::new(String::new()));
    settle().await;
    let rendered = row_ids(&el).len();
    assert!(rendered > 0, "some rows render");
    assert!(rendered <= 150, "{rendered} row elements for 10,000 rows");
}

#[wasm_bindgen_test]
async fn an_expired_token_is_explained() {
    let el = container();
    let error = ApiError::from_response(
        401,
        &[],
        r#"{"message":"401 Unauthorized"}"#,
        Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap(),
    );
    leptos::mount::mount_to(el.clone(), move || {
        view! { <ErrorView error=error.clone() forge=Forge::GitLab /> }
    })
    .forget();
    settle().await;
    let box_ = el.query_selector("[data-testid=error]").unwrap().unwrap();
    let text = box_.text_content().unwrap();
    assert!(text.contains("401"), "{text}");
    assert!(text.contains("read_api"), "advice names the scope: {text}");
    assert!(!text.contains('{'), "no raw JSON: {text}");
}
