//! Languages: `?lang=zh-CN` and `?lang=ko` translate the navigation, the headings and the status
//! badges (`data-status` stays English) and set `<html lang>`; the header's picker switches
//! without a reload; a server's message stays in the server's words; and every view is
//! photographed in both themes and three languages into `target/e2e-screenshots/`.

use serde_json::Value;
use shipboard_e2e::{wait_gone, Harness};

/// `<html lang>`.
async fn html_lang(h: &Harness) -> String {
    let v = h
        .client
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("a script runs");
    v.as_str().unwrap_or_default().to_string()
}

/// The text of the navigation button of `view`.
async fn nav(h: &Harness, view: &str) -> String {
    h.wait_for(&format!("[data-testid=nav-{view}]"))
        .await
        .text()
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn chinese_and_korean_translate_the_views_and_set_the_page_language() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=deployments&lang=zh-CN")
        .await;
    h.wait_for("[data-testid=deployment-row]").await;
    assert_eq!(nav(&h, "deployments").await, "部署");
    assert_eq!(nav(&h, "environments").await, "环境");
    assert!(nav(&h, "settings").await.starts_with("设置"));
    assert_eq!(html_lang(&h).await, "zh-CN");
    // Status badges use GitLab's own translations; data-status stays the English name.
    let statuses = h
        .attrs("[data-testid=deployment-row] [data-status]", "data-status")
        .await;
    let words = h.texts("[data-testid=deployment-row] [data-status]").await;
    for (status, word) in statuses.iter().zip(&words) {
        if status == "success" {
            assert_eq!(word, "成功");
        }
        if status == "failed" {
            assert_eq!(word, "失败");
        }
    }
    assert!(statuses.iter().any(|s| s == "success"), "{statuses:?}");

    h.open("?view=settings&lang=ko").await;
    h.wait_for("[data-testid=source-form]").await;
    assert_eq!(nav(&h, "overview").await, "개요");
    assert_eq!(nav(&h, "settings").await, "설정");
    assert_eq!(html_lang(&h).await, "ko");
    h.wait_until_text("Korean settings", |b| b.contains("소스 추가"))
        .await;

    // No `lang=`: English (the browser here asks for en-US).
    h.open("?view=settings").await;
    h.wait_for("[data-testid=source-form]").await;
    assert_eq!(nav(&h, "settings").await, "Settings");
    assert_eq!(html_lang(&h).await, "en");
    h.close().await;
}

#[tokio::test]
async fn the_picker_switches_language_without_a_reload() {
    let h = Harness::start().await;
    h.open("?source=0&project=1&view=environments").await;
    h.wait_for("[data-testid=environment-card]").await;
    assert_eq!(nav(&h, "environments").await, "Environments");
    h.client
        .execute("window.__marker = 'still here'; return true;", vec![])
        .await
        .expect("a script runs");
    let picker = h.wait_for("[data-testid=lang-picker]").await;
    picker
        .select_by_value("ko")
        .await
        .expect("the picker offers Korean");
    h.wait_until_text("Korean navigation", |b| b.contains("환경"))
        .await;
    assert_eq!(nav(&h, "environments").await, "환경");
    assert_eq!(html_lang(&h).await, "ko");
    let state: Value = h
        .client
        .execute("return [window.__marker || '', location.search];", vec![])
        .await
        .expect("a script runs");
    assert_eq!(state[0], "still here", "the page was reloaded");
    assert!(
        state[1].as_str().unwrap_or_default().contains("lang=ko"),
        "{state}"
    );
    h.wait_for("[data-testid=environment-card]").await;
    // And back to Chinese, then English.
    let picker = h.wait_for("[data-testid=lang-picker]").await;
    picker.select_by_value("zh-CN").await.expect("Chinese");
    h.wait_until_text("Chinese navigation", |b| b.contains("概览"))
        .await;
    assert_eq!(html_lang(&h).await, "zh-CN");
    let picker = h.wait_for("[data-testid=lang-picker]").await;
    picker.select_by_value("en").await.expect("English");
    h.wait_until_text("English navigation", |b| b.contains("Overview"))
        .await;
    assert_eq!(html_lang(&h).await, "en");
    let marker: Value = h
        .client
        .execute("return window.__marker || '';", vec![])
        .await
        .expect("a script runs");
    assert_eq!(marker, "still here");
    h.close().await;
}

#[tokio::test]
async fn a_server_message_stays_in_the_servers_words() {
    let h = Harness::start().await;
    h.open("?source=0&project=999&view=deployments&lang=ko")
        .await;
    let error = h.wait_for("[data-testid=error]").await;
    let text = error.text().await.unwrap_or_default();
    assert!(text.contains("Project Not Found"), "{text}");
    // Shipboard's own advice beside it is Korean.
    assert!(text.contains("찾을 수 없음"), "{text}");
    h.close().await;
}

#[tokio::test]
async fn every_view_in_both_themes_and_three_languages_is_photographed() {
    let h = Harness::start().await;
    let newest = h
        .api_get("/api/v4/projects/1/deployments?per_page=1&sort=desc")
        .await;
    let id = newest[0]["id"].as_u64().expect("the seed has deployments");
    let drawer = format!("?source=0&project=1&view=deployments&deployment={id}");
    let views: [(&str, &str, &str); 7] = [
        ("overview", "?view=overview", "[data-testid=overview-cell]"),
        (
            "deployments",
            "?source=0&project=1&view=deployments",
            "[data-testid=deployment-row]",
        ),
        ("drawer", &drawer, "[data-testid=deployment-detail] .facts"),
        (
            "environments",
            "?source=0&project=1&view=environments",
            "[data-testid=environment-card]",
        ),
        (
            "approvals",
            "?view=approvals",
            "[data-testid=approval-item]",
        ),
        (
            "insights",
            "?source=0&project=1&view=insights&days=30",
            "[data-testid=insights-metrics]",
        ),
        ("settings", "?view=settings", "[data-testid=source-form]"),
    ];
    for lang in ["en", "zh-CN", "ko"] {
        for theme in ["light", "dark"] {
            for (name, query, ready) in &views {
                h.open(&format!("{query}&lang={lang}&theme={theme}")).await;
                h.wait_for(ready).await;
                wait_gone(&h, "[data-testid=loading]").await;
                assert_eq!(html_lang(&h).await, lang);
                let shot = h.screenshot(&format!("i18n-{lang}-{theme}-{name}")).await;
                assert!(shot.exists(), "{}", shot.display());
            }
        }
    }
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}
