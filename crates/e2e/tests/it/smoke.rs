//! The release build starts in headless Chromium from a sub-path, renders, and logs no error
//! (under forge-sim's Content-Security-Policy, which `close()` checks), also from its precompressed
//! copies.

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

/// The release build's precompressed copies work in a browser: served by forge-sim with
/// `--precompressed` (as nginx `brotli_static` would), the wasm arrives brotli-encoded, the app
/// starts and shows rows, and nothing is logged.
#[tokio::test]
async fn the_precompressed_build_starts_from_its_brotli_copies() {
    let h = Harness::start_with(shipboard_e2e::Options {
        sim_args: vec!["--precompressed".into()],
        ..shipboard_e2e::Options::default()
    })
    .await;
    h.open("?source=0&project=1&view=deployments").await;
    h.wait_for("[data-testid=deployment-row]").await;
    let sizes = h
        .client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter((e) => /_bg\\.wasm$|\\.css$/.test(new URL(e.name).pathname))
               .map((e) => [new URL(e.name).pathname, e.encodedBodySize, e.decodedBodySize]);",
            vec![],
        )
        .await
        .expect("a script runs");
    let sizes = sizes.as_array().expect("a list").clone();
    assert!(sizes.len() >= 2, "the wasm and the style sheets: {sizes:?}");
    for entry in &sizes {
        let (encoded, decoded) = (
            entry[1].as_u64().unwrap_or(0),
            entry[2].as_u64().unwrap_or(0),
        );
        assert!(
            encoded > 0 && encoded * 2 < decoded,
            "{} arrived compressed (encoded {encoded} of {decoded} bytes)",
            entry[0]
        );
    }
    let errors = h.console_errors().await;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    h.close().await;
}
