//! Idempotent installs of the tools the README's commands need; each is skipped when present.
//!
//! wasm32 target (rustup), trunk 0.21.14 and wasm-bindgen-cli (crates.io), wasm-opt from npm's
//! `binaryen` into the git-ignored `tools/` folder (never Debian's old binaryen), and for the
//! tests Debian's Chromium + ChromeDriver and npm's `axe-core` (the end-to-end accessibility
//! checks) into the same `tools/`; for `cargo xtask bench` also `twiggy` (crates.io).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::step;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";
/// npm's `axe-core`, pinned exactly: the end-to-end tests inject its `axe.min.js` into the page.
pub const AXE_CORE_VERSION: &str = "4.14.1";
/// `twiggy` (crates.io): `cargo xtask bench`'s table of the wasm's code size by crate.
pub const TWIGGY_VERSION: &str = "0.8.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// A font of fonts-noto-cjk (Chinese and Korean in the screenshots).
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Puts `tools/node_modules/.bin` (wasm-opt) and cargo's bin folder first on PATH for every child.
pub fn prepend_tool_paths(root: &Path) {
    let mut paths = vec![root.join("tools").join("node_modules").join(".bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        paths.push(Path::new(&home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        paths.push(Path::new(&home).join(".cargo").join("bin"));
    }
    if let Some(old) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&old));
    }
    let joined = std::env::join_paths(paths).expect("PATH entries contain no separator");
    std::env::set_var("PATH", joined);
}

/// Installs whatever is missing. `browser`: also Chromium and ChromeDriver (tests need them).
pub fn all(root: &Path, browser: bool) -> Result<(), String> {
    let started = Instant::now();
    println!("==> checking tools (installing only what is missing)");
    wasm_target()?;
    trunk()?;
    wasm_bindgen(root)?;
    wasm_opt(root)?;
    if browser {
        chromium()?;
        axe_core(root)?;
    }
    println!("    tools ready ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// `twiggy`, for the bench's size-by-crate table (not needed by the tests).
pub fn twiggy() -> Result<(), String> {
    if let Some(v) = version_of("twiggy", &["--version"]) {
        if v.contains(TWIGGY_VERSION) {
            present("twiggy", &v);
            return Ok(());
        }
        println!("    found {v}, need twiggy {TWIGGY_VERSION}");
    }
    step(
        &format!("install twiggy {TWIGGY_VERSION} (about 3 minutes on 2 cores)"),
        Command::new("cargo").args(["install", "twiggy", "--version", TWIGGY_VERSION, "--locked"]),
    )
}

/// The first line a command prints for `args`, or None when it cannot run.
fn version_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.lines().next().unwrap_or("").trim().to_string())
}

fn present(what: &str, version: &str) {
    println!("    have {what}: {version}");
}

fn wasm_target() -> Result<(), String> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the wasm32 target: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        present("rust target", "wasm32-unknown-unknown");
        return Ok(());
    }
    step(
        "install the wasm32-unknown-unknown target",
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
    )
}

fn trunk() -> Result<(), String> {
    if let Some(v) = version_of("trunk", &["--version"]) {
        if v.contains(TRUNK_VERSION) {
            present("trunk", &v);
            return Ok(());
        }
        println!("    found {v}, need trunk {TRUNK_VERSION}");
    }
    step(
        &format!("install trunk {TRUNK_VERSION} (about 8 minutes on 2 cores)"),
        Command::new("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]),
    )
}

/// The `wasm-bindgen` version recorded in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen(root: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "name = \"wasm-bindgen\"" {
            continue;
        }
        let version = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("version = \""))
            .and_then(|l| l.strip_suffix('"'));
        if let Some(v) = version {
            return Ok(v.to_string());
        }
    }
    Err("Cargo.lock records no wasm-bindgen package".into())
}

fn wasm_bindgen(root: &Path) -> Result<(), String> {
    let want = locked_wasm_bindgen(root)?;
    let cli = version_of("wasm-bindgen", &["--version"]);
    let runner = version_of("wasm-bindgen-test-runner", &["--version"]);
    if let (Some(c), Some(r)) = (&cli, &runner) {
        if c.ends_with(&want) && r.ends_with(&want) {
            present("wasm-bindgen-cli", c);
            return Ok(());
        }
    }
    if let Some(c) = cli {
        println!("    found {c}, Cargo.lock needs {want}");
    }
    // `--locked` fails for wasm-bindgen-cli on this toolchain; the version itself is pinned.
    step(
        &format!("install wasm-bindgen-cli {want} (about 3 minutes)"),
        Command::new("cargo").args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={want}"),
            "--force",
        ]),
    )
}

fn wasm_opt(root: &Path) -> Result<(), String> {
    let tools = root.join("tools");
    let bin = tools.join("node_modules").join(".bin").join("wasm-opt");
    if let Some(v) = version_of(&bin.to_string_lossy(), &["--version"]) {
        if v.contains(&format!("version {BINARYEN_VERSION}")) {
            present("wasm-opt", &v);
            return Ok(());
        }
    }
    std::fs::create_dir_all(&tools).map_err(|e| format!("cannot create tools/: {e}"))?;
    step(
        &format!("install wasm-opt (npm binaryen@{BINARYEN_VERSION}) into tools/"),
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tools)
            .arg(format!("binaryen@{BINARYEN_VERSION}")),
    )
}

/// Where `axe_core` puts axe's browser bundle (the end-to-end harness reads it via `AXE_JS`).
pub fn axe_js(root: &Path) -> std::path::PathBuf {
    root.join("tools")
        .join("node_modules")
        .join("axe-core")
        .join("axe.min.js")
}

/// The `version` field of an installed npm package's `package.json`, if it is there.
fn npm_package_version(root: &Path, package: &str) -> Option<String> {
    let manifest = root
        .join("tools")
        .join("node_modules")
        .join(package)
        .join("package.json");
    let text = std::fs::read_to_string(manifest).ok()?;
    // The first `"version": "…"` of the manifest (npm writes it at the top level, before any
    // nested object could have one); no JSON parser needed for one field.
    let after = &text[text.find("\"version\"")? + "\"version\"".len()..];
    let after = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(after[..after.find('"')?].to_string())
}

fn axe_core(root: &Path) -> Result<(), String> {
    let have = npm_package_version(root, "axe-core");
    if have.as_deref() == Some(AXE_CORE_VERSION) && axe_js(root).exists() {
        present("axe-core", AXE_CORE_VERSION);
        return Ok(());
    }
    if let Some(v) = have {
        println!("    found axe-core {v}, need {AXE_CORE_VERSION}");
    }
    let tools = root.join("tools");
    std::fs::create_dir_all(&tools).map_err(|e| format!("cannot create tools/: {e}"))?;
    step(
        &format!("install axe-core {AXE_CORE_VERSION} (npm) into tools/"),
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--save-exact",
                "--prefix",
            ])
            .arg(&tools)
            .arg(format!("axe-core@{AXE_CORE_VERSION}")),
    )
}

fn chromium() -> Result<(), String> {
    let have_browser = Path::new(CHROMIUM).exists();
    let have_driver = Path::new(CHROMEDRIVER).exists();
    // Debian's Chromium has no CJK font: without one the zh-CN and ko screenshots show boxes.
    let have_cjk_font = Path::new(CJK_FONT).exists();
    if have_browser && have_driver && have_cjk_font {
        let v = version_of(CHROMIUM, &["--version"]).unwrap_or_default();
        present("chromium + chromedriver + fonts-noto-cjk", &v);
        return Ok(());
    }
    let root_user = version_of("id", &["-u"]).as_deref() == Some("0");
    let mut update = Command::new(if root_user { "apt-get" } else { "sudo" });
    let mut install = Command::new(if root_user { "apt-get" } else { "sudo" });
    if !root_user {
        update.arg("apt-get");
        install.arg("apt-get");
    }
    update.args(["update", "-q"]);
    install
        .args([
            "install",
            "-y",
            "-q",
            "chromium",
            "chromium-driver",
            "fonts-noto-cjk",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive");
    step("apt-get update", &mut update)?;
    step(
        "install Debian's chromium, chromium-driver and fonts-noto-cjk",
        &mut install,
    )
}
