//! Shipboard embedded in a host page (`embed.js` + `<shipboard-dashboard>`): a portal with its
//! own DOM, CSS and `?tab=ops` loads the element from another path; using the dashboard (search,
//! sort, a deployment's drawer, Back) writes only `sb_`-prefixed parameters, leaves the host's
//! DOM, styles and parameters alone and logs no error; removing the element removes its
//! listeners and stops its requests.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shipboard_e2e::{Harness, Options};

/// The host page: its own header, text, table, button and CSS that would wreck the dashboard if
/// it reached inside; no inline script (the CSP), the element loaded from `/tools/shipboard/`.
const PORTAL: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Ops portal</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="portal.css" />
    <script type="module" src="/tools/shipboard/embed.js"></script>
  </head>
  <body>
    <header id="portal-header"><h1>Ops portal</h1><nav><a href="?tab=ops">Ops</a> <a href="?tab=dev">Dev</a></nav></header>
    <main id="portal-main">
      <p id="portal-text">Our deployments, embedded below.</p>
      <table id="portal-table"><tr><td>host cell</td></tr></table>
      <button id="portal-button" type="button">host button</button>
      <shipboard-dashboard config-url="/config.json" param-prefix="sb_" refresh="5" theme="dark" lang="en"></shipboard-dashboard>
    </main>
    <footer id="portal-footer">host footer</footer>
  </body>
</html>
"#;

/// CSS that would break the dashboard if it applied inside it (it must not).
const PORTAL_CSS: &str = "body { background: rgb(250, 240, 230); }\n\
    * { color: rgb(255, 0, 0) !important; font-family: serif; letter-spacing: 3px; }\n\
    table, .app, .app-header, button, [data-testid] { display: none !important; }\n\
    shipboard-dashboard { --sb-accent: rgb(107, 47, 179); --sb-surface: rgb(20, 30, 40); }\n\
    shipboard-dashboard::part(app) { --sb-radius: 3px; }\n";

/// `root` below is the element's shadow root.
const ROOT: &str = "const root = document.querySelector('shipboard-dashboard').shadowRoot;";

fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("dist/ is readable") {
        let entry = entry.expect("an entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("a copy");
        }
    }
}

/// A site: `/portal/` (the host page) and the release build under `/tools/shipboard/`.
fn site() -> PathBuf {
    let dist = PathBuf::from(std::env::var_os("SHIPBOARD_DIST").expect("SHIPBOARD_DIST is set"));
    let dir = std::env::temp_dir().join(format!("shipboard-e2e-portal-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_files(&dist, &dir.join("tools/shipboard"));
    std::fs::create_dir_all(dir.join("portal")).expect("portal/");
    std::fs::write(dir.join("portal/index.html"), PORTAL).expect("portal page");
    std::fs::write(dir.join("portal/portal.css"), PORTAL_CSS).expect("portal css");
    // The harness wants an index.html at the root; this one is not the portal.
    std::fs::write(dir.join("index.html"), "<!doctype html><title>root</title>")
        .expect("root page");
    dir
}

async fn js(h: &Harness, script: &str) -> Value {
    h.client
        .execute(&format!("{ROOT}\n{script}"), vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed ({e}):\n{script}"))
}

/// Waits (20 s) until `css` matches inside the shadow root.
async fn wait_in(h: &Harness, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = js(
            h,
            &format!("return !!(root && root.querySelector({}));", json!(css)),
        )
        .await;
        if found == Value::Bool(true) {
            return;
        }
        if Instant::now() > deadline {
            let text = js(h, "return root ? root.textContent : '(no shadow root)';").await;
            panic!("{css:?} never appeared inside <shipboard-dashboard>; it says: {text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits (20 s) until nothing matches `css` inside the shadow root.
async fn wait_gone_in(h: &Harness, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(h, &format!("return !!root.querySelector({});", json!(css))).await == Value::Bool(true)
    {
        assert!(
            Instant::now() < deadline,
            "{css:?} is still there after 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn click_in(h: &Harness, css: &str) {
    wait_in(h, css).await;
    // As a pointer does: focus, then click.
    js(
        h,
        &format!(
            "const el = root.querySelector({}); el.focus(); el.click();",
            json!(css)
        ),
    )
    .await;
}

async fn search(h: &Harness) -> String {
    h.client
        .execute("return location.search;", vec![])
        .await
        .expect("a script runs")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The host's light DOM and styles: what the dashboard must never change.
async fn host_snapshot(h: &Harness) -> Value {
    h.client
        .execute(
            "return [document.head.innerHTML, document.body.innerHTML, document.styleSheets.length,
                     getComputedStyle(document.body).backgroundColor,
                     getComputedStyle(document.getElementById('portal-button')).borderRadius];",
            vec![],
        )
        .await
        .expect("a script runs")
}

/// Waits until `search()` satisfies `check` (10 s).
async fn wait_search(h: &Harness, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = search(h).await;
        if check(&s) {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "waited for {what}; the query is {s}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many listeners of `kind` the page has on `target` (`window` or `document`), through the
/// DevTools protocol (what `getEventListeners` shows in the console).
async fn listeners(h: &Harness, target: &str, kind: &str) -> usize {
    let obj = h
        .cdp(
            "Runtime.evaluate",
            json!({ "expression": target, "objectGroup": "embed-test" }),
        )
        .await;
    let id = obj["result"]["objectId"]
        .as_str()
        .unwrap_or_else(|| panic!("no object id for {target}: {obj}"))
        .to_string();
    let list = h
        .cdp("DOMDebugger.getEventListeners", json!({ "objectId": id }))
        .await;
    list["listeners"]
        .as_array()
        .map(|l| l.iter().filter(|x| x["type"] == kind).count())
        .unwrap_or_default()
}

async fn api_requests(h: &Harness) -> usize {
    let log: Value = h.api_get("/__sim/requests").await;
    log.as_array().map(Vec::len).unwrap_or_default()
}

#[tokio::test]
async fn the_element_embeds_the_dashboard_without_touching_the_host_and_cleans_up() {
    let dir = site();
    let h = Harness::start_with(Options {
        app_dir: Some(dir.clone()),
        app_base: "/".into(),
        ..Options::default()
    })
    .await;
    let origin = h.app_url.trim_end_matches('/').to_string();
    h.client
        .goto(&format!("{origin}/portal/index.html?tab=ops"))
        .await
        .expect("navigation succeeds");
    wait_in(&h, "[data-testid=app]").await;
    let before = host_snapshot(&h).await;

    // Rendered inside its open shadow root, themed by its attributes, styled by its own CSS only.
    let app = js(
        &h,
        "const app = root.querySelector('.app'); const s = getComputedStyle(app);
         return [root.mode, app.dataset.theme, app.lang, s.display,
                 s.color, s.letterSpacing, document.querySelector('shipboard-dashboard').shadowRoot !== null,
                 s.getPropertyValue('--sb-accent').trim(),
                 getComputedStyle(root.querySelector('.app-header')).backgroundColor,
                 s.getPropertyValue('--sb-radius').trim(),
                 s.getPropertyValue('--sb-text').trim(),
                 document.querySelector('shipboard-dashboard').dataset.theme];",
    )
    .await;
    assert_eq!(app[0], "open", "{app}");
    assert_eq!(app[1], "dark", "theme attribute: {app}");
    assert_eq!(app[2], "en", "lang attribute: {app}");
    assert_ne!(app[3], "none", "the host's CSS reached inside: {app}");
    assert_ne!(
        app[4], "rgb(255, 0, 0)",
        "the host's colour reached inside: {app}"
    );
    assert_eq!(
        app[5], "normal",
        "the host's letter-spacing was inherited: {app}"
    );
    assert_eq!(app[6], true, "an open shadow root");
    assert_eq!(
        app[7], "rgb(107, 47, 179)",
        "the portal's token set on the element: {app}"
    );
    assert_eq!(
        app[8], "rgb(20, 30, 40)",
        "the portal's surface token reaches the header: {app}"
    );
    assert_eq!(app[9], "3px", "a token through ::part(app): {app}");
    assert_eq!(
        app[10], "#e6e9ee",
        "the dark theme's own tokens still apply: {app}"
    );
    assert_eq!(
        app[11], "dark",
        "the theme root (the element) carries data-theme: {app}"
    );
    let host_text = h
        .client
        .execute(
            "return getComputedStyle(document.getElementById('portal-text')).color;",
            vec![],
        )
        .await
        .expect("a script runs");
    assert_eq!(
        host_text, "rgb(255, 0, 0)",
        "the host's own CSS still applies to it"
    );

    // The deployments table, then search (replace), sort (push), a drawer (push), Back.
    wait_in(&h, "[data-testid=deployment-row]").await;
    let table = js(
        &h,
        "return getComputedStyle(root.querySelector('[data-testid=deployments-table]')).display;",
    )
    .await;
    assert_eq!(
        table, "table",
        "the host's `table {{ display: none }}` reached inside"
    );
    let start = search(&h).await;
    assert_eq!(start, "?tab=ops", "mounting alone writes nothing");

    js(
        &h,
        "const input = root.querySelector('[data-testid=search]');
         input.value = 'main';
         input.dispatchEvent(new Event('input', { bubbles: true }));",
    )
    .await;
    let s = wait_search(&h, "sb_q=main", |s| s.contains("sb_q=main")).await;
    assert!(s.starts_with("?tab=ops&sb_"), "{s}");

    click_in(&h, "[data-testid=sort-status]").await;
    let sorted = wait_search(&h, "sb_col=status", |s| s.contains("sb_col=status")).await;

    click_in(
        &h,
        "[data-testid=deployment-row] [data-testid=open-deployment]",
    )
    .await;
    wait_in(&h, "[data-testid=deployment-detail]").await;
    let open = wait_search(&h, "sb_deployment=", |s| s.contains("sb_deployment=")).await;
    for pair in open.trim_start_matches('?').split('&') {
        assert!(
            pair == "tab=ops" || pair.starts_with("sb_"),
            "an unprefixed parameter {pair:?} in {open}"
        );
    }
    assert!(open.starts_with("?tab=ops&"), "{open}");
    println!("with the drawer open: {open}");
    // Focus moves into the drawer inside the shadow root, and comes back to the row on close.
    let focused = "return root.activeElement ? root.activeElement.dataset.testid || '' : '';";
    assert_eq!(js(&h, focused).await, "close-detail", "focus in the drawer");

    h.client.back().await.expect("Back");
    wait_gone_in(&h, "[data-testid=deployment-detail]").await;
    assert_eq!(
        js(&h, focused).await,
        "open-deployment",
        "focus back on the row"
    );
    let back = search(&h).await;
    assert_eq!(
        back, sorted,
        "Back returns to the sorted view, host parameters as they were"
    );
    assert!(
        back.contains("sb_q=main") && back.starts_with("?tab=ops&"),
        "{back}"
    );

    // The host's DOM and styles are untouched; nothing went wrong.
    assert_eq!(host_snapshot(&h).await, before, "the host page changed");
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // Live refresh runs every 5 s (the `refresh` attribute) while the element is there ...
    assert!(listeners(&h, "window", "popstate").await >= 1);
    assert!(listeners(&h, "document", "visibilitychange").await >= 1);
    let n = api_requests(&h).await;
    let deadline = Instant::now() + Duration::from_secs(12);
    while api_requests(&h).await == n {
        assert!(
            Instant::now() < deadline,
            "no refresh within 12 s while mounted"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // ... and removing it stops everything: no request, no listener, no error.
    js(
        &h,
        "window.__kept = root; document.querySelector('shipboard-dashboard').remove();",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let n = api_requests(&h).await;
    assert_eq!(
        listeners(&h, "window", "popstate").await,
        0,
        "popstate listener left"
    );
    assert_eq!(
        listeners(&h, "document", "visibilitychange").await,
        0,
        "visibilitychange listener left"
    );
    let left = h
        .client
        .execute("return window.__kept.childNodes.length;", vec![])
        .await
        .expect("a script runs");
    assert_eq!(left, 0, "the shadow root still holds the dashboard");
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert_eq!(
        api_requests(&h).await,
        n,
        "requests after the element was removed"
    );
    // Back/Forward after removal: nobody listens, the URL is the browser's alone.
    h.client.back().await.expect("Back");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let errors = h.console_errors().await;
    assert!(
        errors.is_empty(),
        "console errors after removal: {errors:#?}"
    );
    assert_eq!(search(&h).await.split('&').next(), Some("?tab=ops"));
    h.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_standalone_page_still_owns_its_whole_query() {
    // Beside the element, the standalone index.html behaves as before: the whole query is the
    // route's (an unknown parameter is dropped when the view changes).
    let h = Harness::start().await;
    h.open("?view=deployments&tab=ops").await;
    h.wait_for("[data-testid=app]").await;
    h.click("[data-testid=nav-environments]").await;
    let s = wait_search(&h, "view=environments", |s| s.contains("view=environments")).await;
    assert!(!s.contains("tab=ops") && !s.contains("sb_"), "{s}");
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}
