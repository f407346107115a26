//! xtask: the README's commands (`demo`, `test`, `bench`, `size`, `fuzz`, `tidy`), each installing what it is missing first.
//!
//! Standard library only, so it compiles in seconds on a fresh machine.

mod bench;
mod compress;
mod dev;
mod install;
mod postbuild;
mod size;
mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo      build the dashboard, start forge-sim with seeded data and serve the app (prints the URL)
  dev       forge-sim (seeded data) on 127.0.0.1:8090 and `trunk serve` (live reload) on
            127.0.0.1:8080 together, config.json proxied from forge-sim's memory; Ctrl-C stops both
            (options: --api-addr HOST:PORT, --app-addr HOST:PORT, --check: start on free ports,
            GET / and /config.json, stop)
  test      every check and test, in order, stopping at the first failure
  tidy      the README's invariants and figures, in about a second and without compiling: core
            has no browser crate and reads no clock, forge-sim uses no workspace crate, no
            component imports a page, every .rs file opens with //!, the README's numbers are the
            constants' values (also a step of `test`, after the format check)
  bench     speed and size benchmarks; prints a table, writes target/bench/summary.json
            (options: --runs N, --only query,first-row,load-all,github,overview,100k,bundle,
            --skip-native)
  size      the release wasm's code and data by crate (twiggy; after `trunk build --release`),
            also printed by bench; writes target/bench/size_by_crate.json
  install   only install the tools the other commands need (idempotent)
  postbuild Trunk's post_build hook (Trunk.toml): moves the inline module loader out of index.html
            into init-<hash>.js, for the Content-Security-Policy, and writes embed.js (the
            <shipboard-dashboard> loader); release builds get .gz and .br copies of every asset
            (DIR: $TRUNK_STAGING_DIR or dist)
  fuzz      fuzz every shipboard-core parser of outside input (10 million inputs by default);
            prints inputs and panics per parser, fails on a panic (inputs in target/fuzz/crashes)
            (options: --inputs N, --seed S, --secs T, --threads N, --only a,b, --list, --replay FILE)

demo options: --api-addr HOST:PORT (default 127.0.0.1:8090), --app-addr HOST:PORT (default 127.0.0.1:8080)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root).expect("the project root is readable");
    install::prepend_tool_paths(&root);
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("demo") => demo(&root, &args[1..]),
        Some("dev") => dev::run(&root, &args[1..]),
        Some("install") => install::all(&root, true),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("size") => install::twiggy().and_then(|()| size::report(&root)),
        Some("postbuild") => postbuild::run(&args[1..]),
        Some("tidy") => tidy::run(&root),
        Some("fuzz") => fuzz(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's manifest directory.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

/// Runs a command, printing what it is and how long it took; fails on a non-zero exit.
pub fn step(what: &str, cmd: &mut Command) -> Result<(), String> {
    println!("\n==> {what}");
    println!("    $ {}", display(cmd));
    let started = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{what}: cannot start {:?}: {e}", cmd.get_program()))?;
    let secs = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{what} (exit {status}, after {secs:.1} s)"));
    }
    println!("    ok: {what} ({secs:.1} s)");
    Ok(())
}

fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Every check and test, in order; the first failure stops the run.
fn test(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    install::all(root, true)?;
    step("format check", cargo().args(["fmt", "--all", "--check"]))?;
    tidy::run(root)?;
    step(
        "clippy (native, every crate and target)",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "clippy (wasm32: the app and the core)",
        cargo().args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "shipboard",
            "-p",
            "shipboard-core",
            "--lib",
            "--bins",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "clippy (wasm32: the app's browser tests)",
        cargo().args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "shipboard",
            "--tests",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "native tests (whole workspace but the browser end-to-end crate)",
        cargo().args(["test", "--workspace", "--exclude", "shipboard-e2e"]),
    )?;
    step(
        "browser tests (wasm-bindgen-test in headless Chromium)",
        cargo()
            .args([
                "test",
                "-p",
                "shipboard",
                "--target",
                "wasm32-unknown-unknown",
                "--tests",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", install::CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )?;
    release_build()?;
    step(
        "dev server check (cargo xtask dev --check: trunk serve + forge-sim on free ports, GET / and /config.json)",
        Command::new(std::env::current_exe().map_err(|e| format!("xtask's own path: {e}"))?)
            .args(["dev", "--check"]),
    )?;
    step(
        "forge-sim build (the end-to-end tests' server)",
        cargo().args(["build", "-p", "forge-sim"]),
    )?;
    step(
        "end-to-end tests (release dist/ in headless Chromium over WebDriver, against forge-sim)",
        cargo()
            .args([
                "test",
                "-p",
                "shipboard-e2e",
                "--test",
                "it",
                "--",
                "--test-threads",
                "1",
            ])
            .env("SHIPBOARD_DIST", root.join("dist"))
            .env(
                "FORGE_SIM_BIN",
                root.join("target").join("debug").join("forge-sim"),
            )
            .env("CHROMEDRIVER", install::CHROMEDRIVER)
            .env("CHROMIUM", install::CHROMIUM)
            .env("AXE_JS", install::axe_js(root)),
    )?;
    println!(
        "\nxtask: every check passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The fuzzer's build profile: release optimisation, but `panic = "unwind"` (the workspace's
/// release profile aborts, and the fuzzer must catch, count and save panics) and overflow checks
/// (an overflow is a panic there, as in debug builds, not a silent wrap). Given as `--config`
/// so the root manifest keeps one profile; artifacts go to `target/fuzzing/`.
const FUZZ_PROFILE: [&str; 7] = [
    "profile.fuzzing.inherits=\"release\"",
    "profile.fuzzing.opt-level=3",
    "profile.fuzzing.lto=false",
    "profile.fuzzing.codegen-units=16",
    "profile.fuzzing.panic=\"unwind\"",
    "profile.fuzzing.overflow-checks=true",
    "profile.fuzzing.debug-assertions=true",
];

/// `cargo xtask fuzz`: builds and runs `shipboard-fuzz` with the options given.
fn fuzz(args: &[String]) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args(["run", "--profile", "fuzzing"]);
    for setting in FUZZ_PROFILE {
        cmd.args(["--config", setting]);
    }
    cmd.args(["-p", "shipboard-fuzz", "--"]).args(args);
    step("fuzz shipboard-core's parsers (shipboard-fuzz)", &mut cmd)
}

/// `trunk build --release`: wasm-bindgen and wasm-opt from PATH, never downloaded; Trunk's
/// `post_build` hook (`cargo xtask postbuild`) moves the inline loader out, and this checks that
/// `dist/index.html` has nothing inline left that the Content-Security-Policy would refuse, and
/// that `dist/embed.js` (the embedding loader the hook writes) names this build's files and
/// that every asset has its precompressed `.gz` and `.br` copy (also written by the hook).
fn release_build() -> Result<(), String> {
    step(
        "release build of the dashboard (trunk, wasm-opt, post_build hook)",
        Command::new("trunk").args(["build", "--release"]),
    )?;
    postbuild::check(Path::new("dist")).map_err(|e| format!("release build: {e}"))?;
    postbuild::check_embed(Path::new("dist")).map_err(|e| format!("release build: {e}"))?;
    compress::check(Path::new("dist")).map_err(|e| format!("release build: {e}"))
}

/// Builds the app, starts forge-sim with seeded data, serves the app beside it, and waits.
fn demo(root: &Path, args: &[String]) -> Result<(), String> {
    let mut api_addr = "127.0.0.1:8090".to_string();
    let mut app_addr = "127.0.0.1:8080".to_string();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--api-addr" => api_addr = it.next().ok_or("--api-addr needs HOST:PORT")?.clone(),
            "--app-addr" => app_addr = it.next().ok_or("--app-addr needs HOST:PORT")?.clone(),
            other => return Err(format!("unknown demo option {other}\n{USAGE}")),
        }
    }
    install::all(root, false)?;
    release_build()?;
    step(
        "forge-sim build (release)",
        cargo().args(["build", "--release", "-p", "forge-sim"]),
    )?;
    let sim = root.join("target").join("release").join("forge-sim");
    println!("\n==> starting forge-sim: API on http://{api_addr}, dashboard on http://{app_addr}/");
    println!("\n    Open http://{app_addr}/ in your browser (Ctrl-C stops the demo).\n");
    let status = Command::new(sim)
        .args([
            "--addr",
            &api_addr,
            "--app-addr",
            &app_addr,
            "--precompressed",
            "--app-dir",
        ])
        .arg(root.join("dist"))
        .status()
        .map_err(|e| format!("cannot start forge-sim: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("forge-sim stopped: {status}"))
    }
}
