//! Accessibility: axe-core finds no `serious` or `critical` violation on any view (deployments on
//! GitLab and GitHub, the deployment drawer, environments, approvals of one source and the inbox
//! of every source, settings) in either theme; the drawer closes on Escape and gives focus back
//! to the row button that opened it; a confirmation does the same for its button; Tab reaches the
//! table's row buttons; and no view is wider than a 375 px phone screen.

use serde_json::json;
use shipboard_e2e::{wait_gone, Harness, Violation};

const ROW: &str = "[data-testid=deployment-row]";
const OPEN: &str = "[data-testid=open-deployment]";

/// A view to check: a name, its query string and what shows once it has loaded.
struct Page {
    name: &'static str,
    query: String,
    ready: &'static str,
}

/// Every view, with the drawer open on the newest deployment of GitLab project 1.
async fn pages(h: &Harness) -> Vec<Page> {
    let newest = h
        .api_get("/api/v4/projects/1/deployments?per_page=1&sort=desc")
        .await;
    let id = newest[0]["id"].as_u64().expect("the seed has deployments");
    vec![
        Page {
            name: "deployments (GitLab)",
            query: "?source=0&project=1&view=deployments".into(),
            ready: ROW,
        },
        Page {
            name: "deployments (GitHub)",
            query: "?source=1&view=deployments".into(),
            ready: ROW,
        },
        Page {
            name: "deployment drawer",
            query: format!("?source=0&project=1&view=deployments&deployment={id}"),
            ready: "[data-testid=deployment-detail] .facts",
        },
        Page {
            name: "environments",
            query: "?source=0&project=1&view=environments".into(),
            ready: "[data-testid=environment-card]",
        },
        Page {
            name: "approvals",
            query: "?source=0&view=approvals".into(),
            ready: "[data-testid=approval-item]",
        },
        Page {
            name: "approvals inbox (every source)",
            query: "?view=approvals".into(),
            ready: "[data-testid=approval-item][data-kind=github]",
        },
        Page {
            name: "settings",
            query: "?view=settings".into(),
            ready: "[data-testid=source-form]",
        },
    ]
}

/// Opens `page` and waits until it has loaded and nothing says "Loading" any more.
async fn show(h: &Harness, page: &Page, extra: &str) {
    h.open(&format!("{}{extra}", page.query)).await;
    h.wait_for(page.ready).await;
    wait_gone(h, "[data-testid=loading]").await;
}

async fn no_serious_violations(theme: &str) {
    let h = Harness::start().await;
    let mut found: Vec<(String, Violation)> = Vec::new();
    for page in pages(&h).await {
        show(&h, &page, &format!("&theme={theme}")).await;
        let applied = h.attrs("[data-testid=app]", "data-theme").await;
        assert_eq!(applied, [theme], "{}: the theme from the URL", page.name);
        for v in h.axe().await {
            if v.is_serious() {
                found.push((format!("{} ({theme})", page.name), v));
            } else {
                println!("{} ({theme}), not failing: {v}", page.name);
            }
        }
    }
    let report: Vec<String> = found.iter().map(|(p, v)| format!("{p}: {v}")).collect();
    assert!(
        found.is_empty(),
        "axe-core found serious or critical violations:\n{}",
        report.join("\n")
    );
    h.close().await;
}

#[tokio::test]
async fn axe_finds_nothing_serious_on_any_view_in_the_light_theme() {
    no_serious_violations("light").await;
}

#[tokio::test]
async fn axe_finds_nothing_serious_on_any_view_in_the_dark_theme() {
    no_serious_violations("dark").await;
}

/// `data-testid` and `data-id` of the focused element.
async fn focused(h: &Harness) -> (String, String) {
    let v = h
        .client
        .execute(
            "const e = document.activeElement; const row = e && e.closest('[data-id]');
             return [e ? (e.getAttribute('data-testid') || e.tagName) : '',
                     row ? row.getAttribute('data-id') : ''];",
            vec![],
        )
        .await
        .expect("a script runs");
    (
        v[0].as_str().unwrap_or_default().to_string(),
        v[1].as_str().unwrap_or_default().to_string(),
    )
}

async fn press(h: &Harness, key: &str) {
    h.client
        .active_element()
        .await
        .expect("an element has focus")
        .send_keys(key)
        .await
        .expect("the key is sent");
}

#[tokio::test]
async fn the_drawer_closes_on_escape_and_focus_returns_to_its_row_button() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments").await;
    h.wait_for(ROW).await;
    let ids = h.attrs(ROW, "data-id").await;
    let id = ids[2].clone();
    h.click(&format!("{ROW}[data-id=\"{id}\"] {OPEN}")).await;
    h.wait_for("[data-testid=deployment-detail] .facts").await;
    let (inside, _) = focused(&h).await;
    assert_eq!(inside, "close-detail", "focus moves into the drawer");
    // Tab stays inside the open drawer (a modal dialog traps focus).
    for _ in 0..30 {
        press(&h, "\u{e004}").await;
        assert!(
            focus_inside(&h, "[data-testid=deployment-detail]").await,
            "Tab left the drawer"
        );
    }
    press(&h, "\u{e00c}").await; // Escape
    wait_gone(&h, "[data-testid=deployment-detail]").await;
    let url = h.client.current_url().await.unwrap();
    assert!(!url.as_str().contains("deployment="), "{url}");
    let mut now = focused(&h).await;
    for _ in 0..40 {
        if now == ("open-deployment".to_string(), id.clone()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        now = focused(&h).await;
    }
    assert_eq!(
        now,
        ("open-deployment".to_string(), id),
        "focus returns to the button that opened the drawer"
    );
    h.close().await;
}

/// Whether focus is inside the element matching `css`.
async fn focus_inside(h: &Harness, css: &str) -> bool {
    h.client
        .execute(
            "return !!(document.activeElement && document.activeElement.closest(arguments[0]));",
            vec![json!(css)],
        )
        .await
        .expect("a script runs")
        == json!(true)
}

#[tokio::test]
async fn a_confirmation_takes_focus_keeps_tab_inside_and_gives_focus_back_on_escape() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments&theme=dark")
        .await;
    let card = "[data-testid=environment-card][data-name=\"staging\"]";
    h.click(&format!("{card} [data-testid=stop]")).await;
    let confirm = format!("{card} [data-testid=confirm]");
    h.wait_for(&confirm).await;
    // Cancel, the safe choice, has focus first.
    let mut now = focused(&h).await;
    for _ in 0..40 {
        if now.0 == "confirm-cancel" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        now = focused(&h).await;
    }
    assert_eq!(now.0, "confirm-cancel");
    h.assert_no_serious_axe("with a confirmation open").await;
    for _ in 0..8 {
        press(&h, "\u{e004}").await;
        assert!(
            focus_inside(&h, &confirm).await,
            "Tab left the confirmation"
        );
    }
    press(&h, "\u{e008}\u{e004}").await; // Shift+Tab
    assert!(
        focus_inside(&h, &confirm).await,
        "Shift+Tab left the confirmation"
    );
    press(&h, "\u{e00c}").await; // Escape
    wait_gone(&h, &confirm).await; // Escape cancels
    assert!(
        focus_inside(&h, &format!("{card} [data-testid=stop]")).await,
        "focus returns to the Stop button: {:?}",
        focused(&h).await
    );
    h.close().await;
}

#[tokio::test]
async fn tab_reaches_the_tables_row_buttons() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments").await;
    h.wait_for(ROW).await;
    let first = h.attrs(ROW, "data-id").await[0].clone();
    h.client
        .execute(
            "document.activeElement && document.activeElement.blur();",
            vec![],
        )
        .await
        .unwrap();
    let mut path = Vec::new();
    for _ in 0..80 {
        press(&h, "\u{e004}").await;
        let now = focused(&h).await;
        path.push(now.0.clone());
        if now.0 == "open-deployment" {
            assert_eq!(now.1, first, "the first row's button comes first");
            h.close().await;
            return;
        }
    }
    panic!("80 Tabs never reached a row button; focus went: {path:?}");
}

#[tokio::test]
async fn every_view_fits_a_375_px_screen() {
    let h = Harness::start().await;
    h.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": true }),
    )
    .await;
    let mut wide = Vec::new();
    for page in pages(&h).await {
        show(&h, &page, "").await;
        let sizes = h
            .client
            .execute(
                "const d = document.documentElement;
                 const over = [...document.querySelectorAll('body *')]
                   .filter((e) => e.getBoundingClientRect().right > 375.5
                     && !e.closest('.table-scroll'))
                   .slice(0, 8)
                   .map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
                     + (e.dataset.testid ? '[' + e.dataset.testid + ']' : '')
                     + ' ' + Math.round(e.getBoundingClientRect().right));
                 return [d.scrollWidth, window.innerWidth, over];",
                vec![],
            )
            .await
            .unwrap();
        let width = sizes[0].as_u64().unwrap_or(u64::MAX);
        if width > 375 {
            wide.push(format!(
                "{}: {width} px wide (window {}); past the edge: {}",
                page.name, sizes[1], sizes[2]
            ));
        }
    }
    assert!(
        wide.is_empty(),
        "views wider than 375 px:\n{}",
        wide.join("\n")
    );
    h.close().await;
}
