//! The release build starts in headless Chromium from a sub-path, renders, and logs no error
//! (under forge-sim's Content-Security-Policy, which `close()` checks).

use shipboard_e2e::Harness;

#[tokio::test]
async fn release_build_renders_from_a_sub_path_without_console_errors() {
    let h = Harness::start().await;
    h.open("").await;
    h.wait_for("[data-testid=app]").await;
    let title = h.client.title().await.expect("a title");
    assert_eq!(title, "Shipboard");
    let shot = h.screenshot("smoke").await;
    assert!(shot.exists());
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}
