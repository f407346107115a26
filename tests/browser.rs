//! Browser tests (wasm-bindgen-test in headless Chromium): the app and its components mounted into
//! a real DOM. Sorting and searching go through the real deployments page (the whole app, with
//! `window.fetch` answering the fixture's rows), never a copy of its wiring.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use shipboard::components::deployments_table::DeploymentsTable;
use shipboard::components::error_view::ErrorView;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::query::Rows;
use shipboard_core::response::ApiError;
use wasm_bindgen::{JsCast, JsValue};
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

/// Three deployments made from the fixture's first, with ids and iids A = 1, B = 2, C = 3 and
/// commits `a…`, `b…`, `c…`, in the order B, C, A: neither ascending nor descending, so a sort
/// that does nothing, or the wrong way, cannot pass.
fn unsorted_deployments() -> String {
    let list: Vec<serde_json::Value> = serde_json::from_str(GITLAB_LIST).unwrap();
    let rows: Vec<serde_json::Value> = [(2, 'b'), (3, 'c'), (1, 'a')]
        .into_iter()
        .map(|(n, letter)| {
            let mut d = list[0].clone();
            d["id"] = n.into();
            d["iid"] = n.into();
            d["sha"] = letter.to_string().repeat(40).into();
            d["deployable"]["commit"]["id"] = d["sha"].clone();
            d
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}

/// Replaces `window.fetch` (which the app's transport calls) with one that answers GitLab project
/// 1's deployments list with `body` (one page of three) and anything else with a 404 (no
/// `config.json`, no project name), so the real page runs without a server.
fn stub_fetch(body: &str) {
    let install = js_sys::Function::new_with_args(
        "body",
        r#"
        if (!window.__realFetch) { window.__realFetch = window.fetch; }
        window.fetch = function (input) {
            const url = new URL(typeof input === "string" ? input : input.url, location.href);
            if (/\/projects\/1\/deployments$/.test(url.pathname)) {
                return Promise.resolve(new Response(body, { status: 200, headers: {
                    "Content-Type": "application/json", "X-Page": "1", "X-Per-Page": "50",
                    "X-Total": "3", "X-Total-Pages": "1" } }));
            }
            return Promise.resolve(new Response('{"message":"404 Not Found"}',
                { status: 404, headers: { "Content-Type": "application/json" } }));
        };
        "#,
    );
    install
        .call1(&JsValue::NULL, &JsValue::from_str(body))
        .unwrap();
}

fn restore_fetch() {
    js_sys::eval("if (window.__realFetch) { window.fetch = window.__realFetch; }").unwrap();
}

/// One GitLab source saved in this tab, as Settings saves it (the app reads it at mount).
fn save_source() {
    let sources = serde_json::json!([
        {"id": "stub", "name": "Stub GitLab", "kind": "gitlab",
         "api_url": "http://127.0.0.1:9/api/v4", "token": "stub-token", "projects": ["1"]},
    ]);
    session_storage()
        .set_item("shipboard.sources", &sources.to_string())
        .unwrap();
}

fn session_storage() -> web_sys::Storage {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
}

/// The page's query string.
fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
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

/// The whole app, mounted the way `main` mounts it, on GitLab project 1's deployments, answered
/// by [`stub_fetch`]; waits until the rows are shown. Call [`App::unmount`] at the end.
struct App {
    el: web_sys::HtmlElement,
    /// Unmounts the app when dropped (`leptos::mount::UnmountHandle`).
    handle: Option<Box<dyn std::any::Any>>,
}

impl App {
    async fn deployments(query: &str) -> App {
        save_source();
        stub_fetch(&unsorted_deployments());
        open(&format!("?source=stub&project=1&view=deployments{query}"));
        let el = container();
        let handle = leptos::mount::mount_to(el.clone(), shipboard::App);
        let app = App {
            el,
            handle: Some(Box::new(handle)),
        };
        for _ in 0..100 {
            if !row_ids(&app.el).is_empty() {
                break;
            }
            settle().await;
        }
        app
    }

    fn unmount(mut self) {
        drop(self.handle.take());
        self.el.remove();
        restore_fetch();
        session_storage().remove_item("shipboard.sources").unwrap();
        open("");
    }
}

/// Types `text` into the `<input>` matching `css`, as a user does (an `input` event).
fn type_into(el: &web_sys::HtmlElement, css: &str, text: &str) {
    let input: web_sys::HtmlInputElement = el
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn app_shell_renders_header_and_navigation() {
    let el = container();
    leptos::mount::mount_to(el.clone(), shipboard::App).forget();
    settle().await;
    let text = el.text_content().unwrap_or_default();
    assert!(text.contains(shipboard::text::APP_NAME()), "got {text:?}");
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
async fn clicking_a_header_sorts_the_pages_rows_both_ways_through_the_url() {
    let app = App::deployments("").await;
    let el = &app.el;
    assert_eq!(row_ids(el), ["2", "3", "1"], "the server's order first");
    click(el, "[data-testid=sort-iid]");
    settle().await;
    assert_eq!(row_ids(el), ["1", "2", "3"], "first click: ascending");
    assert!(
        search().contains("col=iid") && search().contains("dir=asc"),
        "{}",
        search()
    );
    let th = el.query_selector("th[aria-sort=ascending]").unwrap();
    assert!(th.is_some(), "the sorted header says so to screen readers");
    click(el, "[data-testid=sort-iid]");
    settle().await;
    assert_eq!(row_ids(el), ["3", "2", "1"], "second click: descending");
    assert!(search().contains("dir=desc"), "{}", search());
    let th = el.query_selector("th[aria-sort=descending]").unwrap();
    assert!(th.is_some());
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_sort_in_the_link_is_applied_to_the_loaded_rows() {
    let app = App::deployments("&col=iid&dir=desc").await;
    assert_eq!(row_ids(&app.el), ["3", "2", "1"]);
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_search_box_filters_the_pages_rows_through_the_url() {
    let app = App::deployments("").await;
    let el = &app.el;
    type_into(el, "[data-testid=search]", "aaaaaaaaaa");
    settle().await;
    assert_eq!(row_ids(el), ["1"], "only the commit searched for");
    assert!(search().contains("q=aaaaaaaaaa"), "{}", search());
    type_into(el, "[data-testid=search]", "no-such-deployment-anywhere");
    settle().await;
    assert!(row_ids(el).is_empty());
    let empty = el.query_selector("[data-testid=empty]").unwrap();
    assert!(empty.is_some(), "says that nothing matches");
    type_into(el, "[data-testid=search]", "");
    settle().await;
    assert_eq!(
        row_ids(el),
        ["2", "3", "1"],
        "everything again, in the server's order"
    );
    app.unmount();
}

/// The table alone (its virtual window is the subject here, not the page's sort or search).
fn mount_table(rows: Vec<DeploymentRow>) -> web_sys::HtmlElement {
    let order = RwSignal::new((0..rows.len()).collect());
    mount_table_in_order(rows, order)
}

/// The table alone, showing the rows `order` names (a signal the test changes).
fn mount_table_in_order(
    rows: Vec<DeploymentRow>,
    order: RwSignal<Vec<usize>>,
) -> web_sys::HtmlElement {
    let el = container();
    leptos::mount::mount_to(el.clone(), move || {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
        view! {
            <DeploymentsTable
                rows=Signal::stored(Rows::from_vec(rows.clone()))
                order=order
                sort=Signal::stored(None::<shipboard_core::query::Sort>)
                on_sort=Callback::new(|_| {})
                on_open=Callback::new(|_| {})
                forge=Forge::GitLab
                now=Signal::stored(now)
            />
        }
    })
    .forget();
    el
}

/// The first row as it reads: for each element in tree order, its tag, its attributes (sorted)
/// and its own text.
fn first_row(el: &web_sys::HtmlElement) -> Vec<String> {
    let row = el
        .query_selector("[data-testid=deployment-row]")
        .unwrap()
        .expect("a row");
    let inner = row.query_selector_all("*").unwrap();
    std::iter::once(row)
        .chain((0..inner.length()).map(|i| inner.item(i).unwrap().unchecked_into()))
        .map(|e: web_sys::Element| {
            let mut attrs: Vec<String> = e
                .get_attribute_names()
                .iter()
                .map(|name| {
                    let name = name.as_string().unwrap();
                    let value = e.get_attribute(&name).unwrap_or_default();
                    format!("{name}={value:?}")
                })
                .collect();
            attrs.sort();
            let children = e.child_nodes();
            let text: String = (0..children.length())
                .map(|i| children.item(i).unwrap())
                .filter(|n| n.node_type() == web_sys::Node::TEXT_NODE)
                .filter_map(|n| n.node_value())
                .collect();
            format!("<{} {}> {text:?}", e.tag_name(), attrs.join(" "))
        })
        .collect()
}

/// A row slot follows the row now at its position by writing into the elements it made: after
/// showing one row, then another, it must read exactly as a slot that only ever showed the
/// second (no text, attribute, link or hidden tag left from the first).
#[wasm_bindgen_test]
async fn a_slot_showing_another_row_reads_as_one_made_for_it() {
    let mut rows = shipboard_core::query::synth::rows(2, 7);
    // A: a tag, with a job, a pipeline, an author, a finish time and every link.
    rows[0].iid = Some(1);
    rows[0].is_tag = true;
    rows[0].status = shipboard_core::model::view::Status::Success;
    rows[0].forge_status = "success".into();
    rows[0].finished_at = Some(rows[0].created_at + chrono::Duration::seconds(90));
    rows[0].duration_secs = Some(90.0);
    assert!(rows[0].job.is_some() || rows[0].forge == Forge::GitHub);
    rows[0].job = Some(shipboard_core::model::view::JobRef {
        id: 7,
        name: "deploy".into(),
        web_url: shipboard_core::model::view::Link::Usual,
    });
    rows[0].pipeline = Some(shipboard_core::model::view::PipelineRef {
        id: 8,
        web_url: shipboard_core::model::view::Link::Usual,
    });
    rows[0].author = Some("alice".into());
    // B: none of these, another status, and no page for its commit.
    rows[1].iid = None;
    rows[1].is_tag = false;
    rows[1].status = shipboard_core::model::view::Status::Running;
    rows[1].forge_status = "running".into();
    rows[1].finished_at = None;
    rows[1].duration_secs = None;
    rows[1].job = None;
    rows[1].pipeline = None;
    rows[1].author = None;
    rows[1].commit_link = shipboard_core::model::view::Link::None;
    rows[1].web_base = None;

    for (first, then) in [(0, 1), (1, 0)] {
        let order = RwSignal::new(vec![first]);
        let reused = mount_table_in_order(rows.clone(), order);
        settle().await;
        let before = first_row(&reused);
        order.set(vec![then]);
        settle().await;
        let fresh = mount_table_in_order(rows.clone(), RwSignal::new(vec![then]));
        settle().await;
        assert_ne!(before, first_row(&fresh), "the two rows read differently");
        assert_eq!(
            first_row(&reused),
            first_row(&fresh),
            "row {first} then row {then}"
        );
    }
}

#[wasm_bindgen_test]
async fn only_the_visible_rows_are_in_the_dom() {
    let rows = shipboard_core::query::synth::rows(10_000, 3);
    let el = mount_table(rows);
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

/// The core writes absolute times as the browser's `Intl.DateTimeFormat` (medium date, long
/// time, UTC) does in each language, so the app never builds that formatter (8 ms of a cold
/// load's first rows).
#[wasm_bindgen_test]
fn absolute_times_match_the_browsers_intl_in_every_language() {
    let intl = js_sys::Function::new_with_args(
        "tag, ms",
        "return new Intl.DateTimeFormat(tag, \
         { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' }).format(ms);",
    );
    let mut checked = 0;
    for lang in shipboard_core::lang::Lang::ALL {
        // Every month, every hour (midnight and noon included), a few minutes and seconds.
        for month in 1..=12 {
            for hour in 0..24 {
                let (min, sec) = ((hour * 7 + month) % 60, (hour * 13 + month * 3) % 60);
                let t = Utc
                    .with_ymd_and_hms(2026, month, 1 + hour % 28, hour, min, sec)
                    .unwrap();
                let want = intl
                    .call2(
                        &JsValue::NULL,
                        &JsValue::from_str(lang.tag()),
                        &JsValue::from_f64(t.timestamp_millis() as f64),
                    )
                    .unwrap()
                    .as_string()
                    .unwrap();
                assert_eq!(
                    shipboard_core::format::absolute(lang, t),
                    want,
                    "{lang:?} {t}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 12 * 24);
}

/// The core's relative times read as the browser's `Intl.RelativeTimeFormat` (`numeric:
/// "always"`) in every language, past and future, singular, plural and grouped thousands.
#[wasm_bindgen_test]
fn relative_times_match_the_browsers_intl_in_every_language() {
    let intl = js_sys::Function::new_with_args(
        "tag, n, unit",
        "return new Intl.RelativeTimeFormat(tag, { numeric: 'always' }).format(n, unit);",
    );
    let mut checked = 0;
    for lang in shipboard_core::lang::Lang::ALL {
        for unit in ["minute", "hour", "day", "month", "year"] {
            for n in [
                -12_345_i64,
                -1_000,
                -999,
                -21,
                -2,
                -1,
                1,
                2,
                5,
                1_000,
                54_321,
            ] {
                let want = intl
                    .call3(
                        &JsValue::NULL,
                        &JsValue::from_str(lang.tag()),
                        &JsValue::from_f64(n as f64),
                        &JsValue::from_str(unit),
                    )
                    .unwrap()
                    .as_string()
                    .unwrap();
                let got = shipboard_core::format::relative_words(lang, n, unit);
                assert_eq!(got, want, "{lang:?} {n} {unit}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 5 * 11);
}
