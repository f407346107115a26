//! The release build under forge-sim's strict Content-Security-Policy: the exact header and its
//! companions on every file, a deployments table that renders and scrolls with no violation, and a
//! negative control proving a violation is seen (both as an event and in the console log).

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shipboard_e2e::{is_csp_message, Harness};

const ROWS: &str = "[data-testid=deployment-row]";

/// What the page records: every `securitypolicyviolation` event, from the document's start.
const RECORD_VIOLATIONS: &str = "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";

fn policy(api_origin: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self' {api_origin}; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'self'"
    )
}

async fn recorded(h: &Harness) -> Vec<String> {
    let v = h
        .client
        .execute("return window.__csp || null;", vec![])
        .await
        .expect("the script runs");
    match v {
        Value::Array(a) => a
            .into_iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect(),
        other => panic!("the violation recorder is not installed: {other}"),
    }
}

#[tokio::test]
async fn the_app_runs_under_a_strict_content_security_policy() {
    let h = Harness::start().await;
    let expected = policy(&h.api_origin);

    // The headers, on the page and on each kind of file it loads.
    let index = h.http_get(&h.app_url).await;
    assert_eq!(index.status, 200);
    assert_eq!(
        index.header("content-security-policy"),
        Some(expected.as_str())
    );
    assert_eq!(
        index
            .headers
            .iter()
            .filter(|(k, _)| k == "content-security-policy")
            .count(),
        1,
        "one policy"
    );
    let html = index.body;
    assert!(!html.contains("import init"), "no inline loader:\n{html}");
    assert!(!html.contains(" style="), "no inline style:\n{html}");
    let init = html
        .split("src=\"./")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .find(|s| s.starts_with("init-") && s.ends_with(".js"))
        .unwrap_or_else(|| panic!("index.html loads init-<hash>.js:\n{html}"))
        .to_string();
    let init_js = h.http_get(&format!("{}{init}", h.app_url)).await;
    let wasm = init_js
        .body
        .split('\'')
        .find(|s| s.ends_with("_bg.wasm"))
        .unwrap_or_else(|| panic!("the loader names the wasm:\n{}", init_js.body))
        .trim_start_matches("./")
        .to_string();
    for (file, ctype) in [
        ("", "text/html; charset=utf-8"),
        (init.as_str(), "text/javascript; charset=utf-8"),
        (wasm.as_str(), "application/wasm"),
        ("config.json", "application/json"),
    ] {
        let r = h.http_get(&format!("{}{file}", h.app_url)).await;
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(r.header("content-type"), Some(ctype), "{file}");
        assert_eq!(
            r.header("content-security-policy"),
            Some(expected.as_str()),
            "{file}"
        );
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{file}"
        );
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{file}");
    }

    // The page: a deployments table with enough rows to scroll the virtual window.
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_VIOLATIONS }),
    )
    .await;
    h.open("?source=0&project=1&view=deployments&sort=desc&per_page=100")
        .await;
    h.wait_for(ROWS).await;
    h.wait_for("[data-testid=deployments-table]").await;
    h.client
        .execute(
            "const s = document.querySelector('[data-testid=table-scroll]'); s.scrollTop = 1500; s.dispatchEvent(new Event('scroll'));",
            vec![],
        )
        .await
        .expect("the table scrolls");
    // The spacer above the rows in view grows through the CSSOM (allowed), not an attribute.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let height = h
            .client
            .execute(
                "return document.querySelector('[data-testid=table-scroll] > .spacer').style.height;",
                vec![],
            )
            .await
            .expect("the spacer is there");
        let px = height
            .as_str()
            .and_then(|s| s.strip_suffix("px"))
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(0.0);
        if px > 0.0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the top spacer never grew: {height}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!h.attrs(ROWS, "data-id").await.is_empty());
    assert_eq!(
        recorded(&h).await,
        Vec::<String>::new(),
        "no violation event"
    );
    h.assert_no_csp_violations().await;
    h.screenshot("csp-deployments").await;
    h.close().await;
}

#[tokio::test]
async fn a_violation_is_caught_negative_control() {
    let h = Harness::start().await;
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_VIOLATIONS }),
    )
    .await;
    h.open("").await;
    h.wait_for("[data-testid=app]").await;
    assert_eq!(recorded(&h).await, Vec::<String>::new());
    assert!(h.csp_violations().await.is_empty());

    // What the policy forbids: an inline style attribute and an inline script.
    h.client
        .execute(
            "const d = document.createElement('div'); d.id = 'inline-style'; d.setAttribute('style', 'color: rgb(255, 0, 0)'); d.textContent = 'x'; document.body.appendChild(d);
             const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true;'; document.body.appendChild(s);",
            vec![],
        )
        .await
        .expect("the script runs");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut console = vec![];
    loop {
        console.extend(h.take_csp_violations().await);
        let events = recorded(&h).await;
        let styles = events.iter().any(|e| e.starts_with("style-src"));
        let scripts = events.iter().any(|e| e.starts_with("script-src"));
        if styles && scripts && console.len() >= 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "expected both violations; events {events:?}, console {console:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(console.iter().all(|m| is_csp_message(m)));
    assert!(
        console.iter().any(|m| m.contains("inline style")),
        "{console:?}"
    );
    assert!(
        console.iter().any(|m| m.contains("inline script")),
        "{console:?}"
    );
    // Refused, not just reported.
    let ran = h
        .client
        .execute("return window.__inlineRan === true;", vec![])
        .await
        .unwrap();
    assert_eq!(ran, Value::Bool(false));
    let color = h
        .client
        .execute(
            "return getComputedStyle(document.getElementById('inline-style')).color;",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(color, json!("rgb(255, 0, 0)"));
    // Taken: the automatic check in close() has nothing left to fail on.
    assert!(h.csp_violations().await.is_empty());
    h.close().await;
}

/// The redirect trap works in the browser under this policy: its target, the app's own origin,
/// is in `connect-src`, so a fetch that follows the redirect delivers its token header to the
/// leak trap, and one that refuses redirects delivers nothing.
#[tokio::test]
async fn the_redirect_trap_catches_a_fetch_that_follows_redirects() {
    let h = Harness::start().await;
    h.open("").await;
    h.wait_for("[data-testid=app]").await;
    let fetch = |redirect: &'static str| {
        format!(
            "const done = arguments[arguments.length - 1];
             fetch('{}/redirect/api/v4/projects/1/deployments?page=2', {{ headers: {{ 'PRIVATE-TOKEN': 'demo-token' }}, redirect: '{redirect}' }})
               .then((r) => done('status ' + r.status), (e) => done('error ' + e.name));",
            h.api_origin
        )
    };
    let refused = h
        .client
        .execute_async(&fetch("error"), vec![])
        .await
        .expect("the script runs");
    assert_eq!(refused, json!("error TypeError"));
    assert_eq!(h.api_get("/__sim/leaks").await["requests"], 0);
    let followed = h
        .client
        .execute_async(&fetch("follow"), vec![])
        .await
        .expect("the script runs");
    assert_eq!(followed, json!("status 200"));
    let leaks = h.api_get("/__sim/leaks").await;
    assert_eq!(leaks["with_token"], 1, "{leaks}");
    assert_eq!(leaks["leaks"][0]["private_token"], true, "{leaks}");
    assert_eq!(
        leaks["leaks"][0]["path"],
        "/leak/api/v4/projects/1/deployments"
    );
    let redirects = h
        .requests(Some("GET"), "/redirect/api/v4/projects/1/deployments")
        .await;
    assert_eq!(
        redirects, 2,
        "the preflighted GET reached the redirect twice"
    );
    h.close().await;
}
