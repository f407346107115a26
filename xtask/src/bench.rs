//! `cargo xtask bench`: speed and size benchmarks (issue 6); prints a table and writes
//! `target/bench/summary.json`.
//!
//! Steps: install what is missing, `trunk build --release` (the dist/ that is measured) and the
//! wasm's size by crate (`crate::size`, twiggy), the
//! forge-sim binary, the benchmark-only wasm module (`crates/bench-wasm`, through the
//! `wasm-bindgen` CLI into `target/bench/www/` beside its page), criterion's native benches, then
//! the browser bench (`crates/e2e/src/bin/bench.rs`), which reads criterion's medians, prints the
//! table and writes the summary. Options after `bench` go to the browser bench (e.g. `--runs 7`,
//! `--only query,bundle`); `--skip-native` skips criterion.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::{cargo, install, release_build, step};

/// Runs every benchmark and writes `target/bench/summary.json`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let skip_native = args.iter().any(|a| a == "--skip-native");
    let pass: Vec<&String> = args.iter().filter(|a| *a != "--skip-native").collect();
    install::all(root, true)?;
    install::twiggy()?;
    release_build()?;
    crate::size::report(root)?;
    step(
        "forge-sim build (release: the simulator must not be the bottleneck)",
        cargo().args(["build", "--release", "-p", "forge-sim"]),
    )?;
    step(
        "benchmark wasm module (shipboard-core's query, release, wasm32)",
        cargo().args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "shipboard-bench-wasm",
        ]),
    )?;
    let www = root.join("target").join("bench").join("www");
    std::fs::create_dir_all(&www).map_err(|e| format!("cannot create {}: {e}", www.display()))?;
    let module = root
        .join("target")
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("shipboard_bench_wasm.wasm");
    step(
        "wasm-bindgen for the benchmark page",
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&www)
            .arg(&module),
    )?;
    let page = root.join("crates").join("bench-wasm").join("www");
    for file in ["index.html", "bench.js"] {
        std::fs::copy(page.join(file), www.join(file))
            .map_err(|e| format!("cannot copy {file} into {}: {e}", www.display()))?;
    }
    if !skip_native {
        // Criterion's medians land in target/criterion/*/new/estimates.json for the summary.
        for bench in ["query", "parse"] {
            step(
                &format!("native benchmark `{bench}` (criterion)"),
                cargo().args([
                    "bench",
                    "-p",
                    "shipboard-core",
                    "--bench",
                    bench,
                    "--",
                    "--warm-up-time",
                    "1",
                    "--measurement-time",
                    "3",
                ]),
            )?;
        }
    }
    step(
        "browser and size benchmarks (headless Chromium over WebDriver, against forge-sim)",
        cargo()
            // The driver itself is a debug build: it only waits on the browser.
            .args(["run", "-p", "shipboard-e2e", "--bin", "bench", "--"])
            .args(pass)
            .env("SHIPBOARD_DIST", root.join("dist"))
            .env(
                "FORGE_SIM_BIN",
                root.join("target").join("release").join("forge-sim"),
            )
            .env("CHROMEDRIVER", install::CHROMEDRIVER)
            .env("CHROMIUM", install::CHROMIUM),
    )?;
    println!(
        "\nxtask: benchmarks done in {:.0} s; summary in target/bench/summary.json",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
