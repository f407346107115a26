//! `cargo xtask tidy`: the README's invariants and figures, checked in about a second without
//! compiling anything (plain text and `cargo tree`, which only reads the lock file).
//!
//! - `shipboard-core` depends on no browser crate (its wasm32 dependency tree) and reads no clock
//!   (its `src/`, comments and `#[cfg(test)]` items left out);
//! - `forge-sim` depends on no workspace crate (no path dependency, dev- and build- included);
//! - no component imports a page (`src/components/**`);
//! - every `.rs` file of the workspace opens with a `//!` line;
//! - the tests stand alone: nothing under `crates/`, `tests/` or `xtask/` reads the shared folder
//!   beside the repository, and every fixture file a test names is in `fixtures/`;
//! - the figures the README states (requests in flight, page cap, timeouts, …) are the values of
//!   the constants they describe.
//!
//! Each check is a function of its input (the text of files, `cargo tree`'s output), so the unit
//! tests below feed each one a violation and watch it fail.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One problem: where (`file:line`, or a manifest) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub place: String,
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.problem)
    }
}

fn finding(place: impl Into<String>, problem: impl Into<String>) -> Finding {
    Finding {
        place: place.into(),
        problem: problem.into(),
    }
}

/// A source file: its path from the workspace root (with `/`) and its text.
pub type File = (String, String);

/// Runs every check, prints what each looked at, and fails naming every problem found.
pub fn run(root: &Path) -> Result<(), String> {
    println!("\n==> tidy: invariants and README figures (no compilation)");
    let mut problems = 0;
    let mut report = |what: &str, looked_at: String, found: Vec<Finding>| {
        if found.is_empty() {
            println!("    ok    {what} ({looked_at})");
        } else {
            println!("    FAIL  {what} ({looked_at}):");
            for f in &found {
                println!("          {f}");
            }
            problems += found.len();
        }
    };

    let tree = cargo_tree(&[
        "-p",
        "shipboard-core",
        "-e",
        "normal",
        "--target",
        "wasm32-unknown-unknown",
    ])?;
    report(
        "shipboard-core depends on no browser crate",
        format!(
            "{} packages in its wasm32 tree: no {}",
            packages(&tree).len(),
            BROWSER_CRATES.join(", ")
        ),
        core_browser_crates(&tree),
    );

    let core = rust_files(root, &[root.join("crates/core/src")])?;
    report(
        "shipboard-core reads no clock",
        format!(
            "{} files of crates/core/src, outside comments and #[cfg(test)]: no {}",
            core.len(),
            CLOCKS.join(", ")
        ),
        core_clock(&core),
    );

    let sim = cargo_tree(&["-p", "forge-sim", "-e", "normal,dev,build", "--depth", "1"])?;
    report(
        "forge-sim depends on no workspace crate",
        format!(
            "{} direct dependencies, dev and build included",
            packages(&sim).len().saturating_sub(1)
        ),
        sim_workspace_deps(&sim),
    );

    let components = rust_files(root, &[root.join("src/components")])?;
    report(
        "components import no page",
        format!("{} files of src/components", components.len()),
        component_imports_page(&components),
    );

    let mut dirs = vec![root.join("src"), root.join("tests"), root.join("xtask")];
    let mut crates: Vec<PathBuf> = read_dir(&root.join("crates"))?
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    crates.sort();
    dirs.extend(crates);
    dirs.push(root.join("build.rs"));
    let all = rust_files(root, &dirs)?;
    report(
        "every .rs file opens with a //! line",
        format!("{} files: src, tests, xtask, crates/*", all.len()),
        module_docs(&all),
    );

    let mut code = rust_files(
        root,
        &[root.join("crates"), root.join("tests"), root.join("xtask")],
    )?;
    code.retain(|(path, _)| path != SELF);
    code.extend(manifests(root)?);
    let missing = |file: &str| !root.join("fixtures").join(file).exists();
    let mut found = shared_paths(&code);
    found.extend(missing_fixtures(&code, &missing));
    if !root.join("fixtures/PROVENANCE.md").exists() {
        found.push(finding(
            "fixtures/PROVENANCE.md",
            "is missing: say where each copied fixture comes from",
        ));
    }
    report(
        "the tests stand alone (fixtures from fixtures/ only)",
        format!(
            "{} files of crates, tests and xtask: no {} or {} outside comments; every fixture named is in fixtures/",
            code.len(),
            SHARED[0],
            SHARED[1]
        ),
        found,
    );

    let readme = read(&root.join("README.md"))?;
    let source = |file: &str| std::fs::read_to_string(root.join(file)).ok();
    report(
        "the README's figures are the constants' values",
        format!("{} figures", FIGURES.len()),
        readme_figures(&readme, FIGURES, &source),
    );
    for line in figures_stated(&readme, FIGURES, &source) {
        println!("          {line}");
    }

    if problems == 0 {
        println!("    ok: tidy");
        Ok(())
    } else {
        Err(format!("tidy: {problems} problem(s), listed above"))
    }
}

// ---------------------------------------------------------------------------------------------
// Dependencies
// ---------------------------------------------------------------------------------------------

/// Crates that only make sense in a browser: `shipboard-core` must build and test natively.
/// An entry ending in `*` is a prefix.
pub const BROWSER_CRATES: &[&str] = &["web-sys", "js-sys", "wasm-bindgen*", "gloo*", "leptos*"];

/// `cargo tree --prefix none` with `args`, from the workspace root.
fn cargo_tree(args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(&cargo)
        .arg("tree")
        .args(args)
        .args(["--prefix", "none"])
        .output()
        .map_err(|e| format!("tidy: cannot start {cargo} tree: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "tidy: cargo tree {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The packages `cargo tree --prefix none` lists: (name, the rest of the line), first line first,
/// each once; section headers (`[dev-dependencies]`) left out.
fn packages(tree: &str) -> Vec<(&str, &str)> {
    let mut seen = BTreeSet::new();
    tree.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('['))
        .filter_map(|l| {
            let (name, rest) = l.split_once(' ').unwrap_or((l, ""));
            seen.insert(l.trim_end_matches(" (*)"))
                .then_some((name, rest))
        })
        .collect()
}

fn is_browser_crate(name: &str) -> bool {
    BROWSER_CRATES.iter().any(|c| match c.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *c,
    })
}

/// Browser crates in `shipboard-core`'s dependency tree (`cargo tree -p shipboard-core -e normal
/// --target wasm32-unknown-unknown --prefix none`).
pub fn core_browser_crates(tree: &str) -> Vec<Finding> {
    let mut names = BTreeSet::new();
    packages(tree)
        .into_iter()
        .filter(|(name, _)| is_browser_crate(name) && names.insert(*name))
        .map(|(name, rest)| {
            finding(
                "crates/core/Cargo.toml",
                format!(
                    "shipboard-core depends on the browser crate {name} {rest} (README invariant 1; \
                     `cargo tree -p shipboard-core -e normal --target wasm32-unknown-unknown -i {name}` shows through what)"
                ),
            )
        })
        .collect()
}

/// Path dependencies of forge-sim (`cargo tree -p forge-sim -e normal,dev,build --depth 1
/// --prefix none`): a path in parentheses after the version, on any line but forge-sim's own.
pub fn sim_workspace_deps(tree: &str) -> Vec<Finding> {
    packages(tree)
        .into_iter()
        .skip(1)
        .filter(|(_, rest)| {
            rest.contains("(/") || rest.contains(":\\")
        })
        .map(|(name, rest)| {
            finding(
                "crates/sim/Cargo.toml",
                format!(
                    "forge-sim depends on the workspace crate {name} {rest}: the simulator stands in for \
                     the forges and must not share code with the client it tests"
                ),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Source text
// ---------------------------------------------------------------------------------------------

/// Ways to read a clock; `shipboard-core` takes `now` as a parameter instead.
pub const CLOCKS: &[&str] = &[
    "Utc::now",
    "Local::now",
    "SystemTime",
    "Instant::now",
    "js_sys::Date",
];

/// Clock reads in `shipboard-core`'s sources, outside comments, string literals and
/// `#[cfg(test)]` items (also a `#[cfg(test)] mod x;` file).
pub fn core_clock(files: &[File]) -> Vec<Finding> {
    let test_files = cfg_test_module_files(files);
    let mut found = Vec::new();
    for (path, text) in files {
        if test_files.contains(path) {
            continue;
        }
        for (n, line) in without_test_items(&code_lines(text)) {
            for clock in CLOCKS {
                if contains_path(&line, clock) {
                    found.push(finding(
                        format!("{path}:{n}"),
                        format!("reads a clock ({clock}); shipboard-core takes `now` as a parameter (README invariant 1)"),
                    ));
                }
            }
        }
    }
    found
}

/// Whether `code` contains `path` not as the tail of a longer identifier (`MySystemTime`).
fn contains_path(code: &str, path: &str) -> bool {
    code.match_indices(path).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + path.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Components importing a page: `crate::pages`, `super::super::pages`, or `pages` inside a
/// `use crate::{…}` group. A component gets what it needs as props or from `crate::state`.
pub fn component_imports_page(files: &[File]) -> Vec<Finding> {
    let mut found = Vec::new();
    for (path, text) in files {
        let lines = code_lines(text);
        let mut hits = BTreeSet::new();
        for (i, line) in lines.iter().enumerate() {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.contains("crate::pages") || compact.contains("super::super::pages") {
                hits.insert(i + 1);
            }
        }
        // `use crate::{api, pages::x::Y}`, possibly over several lines.
        let joined: Vec<(usize, char)> = lines
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.chars().chain(['\n']).map(move |c| (i + 1, c)))
            .filter(|(_, c)| !c.is_whitespace() || *c == '\n')
            .collect();
        let text: String = joined.iter().map(|(_, c)| *c).collect();
        let chars: Vec<char> = text.chars().collect();
        for (start, _) in text.match_indices("crate::{") {
            let start = text[..start].chars().count() + "crate::{".len();
            let mut depth = 1;
            let mut word = String::new();
            let mut word_line = 0;
            for (k, &c) in chars.iter().enumerate().skip(start) {
                if is_ident(c) {
                    if word.is_empty() {
                        word_line = joined[k].0;
                    }
                    word.push(c);
                    continue;
                }
                if depth == 1 && word == "pages" && c != '\n' {
                    hits.insert(word_line);
                }
                if c != '\n' {
                    word.clear();
                }
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        for n in hits {
            found.push(finding(
                format!("{path}:{n}"),
                format!(
                    "a component imports a page (`{}`); pass it as a prop or move the type to a component or `crate::state`",
                    text_line(&lines, n)
                ),
            ));
        }
    }
    found
}

fn text_line(lines: &[String], n: usize) -> String {
    lines
        .get(n - 1)
        .map_or(String::new(), |l| l.trim().to_owned())
}

/// Files whose first line is not a `//!` module comment.
pub fn module_docs(files: &[File]) -> Vec<Finding> {
    files
        .iter()
        .filter(|(_, text)| !text.lines().next().unwrap_or("").starts_with("//!"))
        .map(|(path, text)| {
            finding(
                format!("{path}:1"),
                format!(
                    "the first line is not a `//!` module comment (it is {:?}); say in one line what the file is",
                    text.lines().next().unwrap_or("")
                ),
            )
        })
        .collect()
}

/// Each line of `src` as code only: comments removed, string and char literals emptied (`""`),
/// so what is left can be searched for paths and braces.
pub fn code_lines(src: &str) -> Vec<String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = vec![String::new()];
    let mut i = 0;
    let mut block = 0;
    let newline = |out: &mut Vec<String>| out.push(String::new());
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            newline(&mut out);
            i += 1;
        } else if block > 0 {
            if c == '*' && next == Some('/') {
                block -= 1;
                i += 2;
            } else if c == '/' && next == Some('*') {
                block += 1;
                i += 2;
            } else {
                i += 1;
            }
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            block = 1;
            i += 2;
        } else if c == '"' || (c == 'r' && raw_string_at(&chars, i).is_some()) {
            let hashes = if c == 'r' {
                let h = raw_string_at(&chars, i).unwrap_or(0);
                i += 1 + h;
                Some(h)
            } else {
                None
            };
            i += 1; // the opening quote
            out.last_mut().unwrap().push_str("\"\"");
            while i < chars.len() {
                let ch = chars[i];
                if ch == '\n' {
                    newline(&mut out);
                    out.last_mut().unwrap().push('"');
                }
                if hashes.is_none() && ch == '\\' {
                    if chars.get(i + 1) == Some(&'\n') {
                        newline(&mut out);
                    }
                    i += 2;
                    continue;
                }
                if ch == '"' {
                    let h = hashes.unwrap_or(0);
                    if chars[i + 1..].iter().take(h).filter(|&&x| x == '#').count() == h {
                        i += 1 + h;
                        break;
                    }
                }
                i += 1;
            }
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{7f}'), or a lifetime ('a), which stays.
            if next == Some('\\') {
                let end = chars
                    .get(i + 3..)
                    .and_then(|r| r.iter().position(|&x| x == '\''));
                i += end.map_or(1, |e| e + 4);
                out.last_mut().unwrap().push_str("' '");
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.last_mut().unwrap().push_str("' '");
            } else {
                out.last_mut().unwrap().push(c);
                i += 1;
            }
        } else {
            out.last_mut().unwrap().push(c);
            i += 1;
        }
    }
    out
}

/// The number of `#` of a raw string starting at `i` (`r"`, `r#"`, …), if one does (and `r` is not
/// the end of an identifier).
fn raw_string_at(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_ident(chars[i - 1]) {
        return None;
    }
    let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
    (chars.get(i + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// The (1-based line number, code) pairs outside `#[cfg(test)]` items: the attribute and the item
/// after it, to its closing brace or semicolon.
fn without_test_items(lines: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "#[cfg(test)]" {
            i = end_of_item(lines, i + 1);
            continue;
        }
        out.push((i + 1, lines[i].clone()));
        i += 1;
    }
    out
}

/// The index of the line after the item starting at (or after attributes from) `from`.
fn end_of_item(lines: &[String], from: usize) -> usize {
    let mut depth = 0i32;
    let mut opened = false;
    for (k, line) in lines.iter().enumerate().skip(from) {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                ';' if !opened && depth == 0 => return k + 1,
                _ => {}
            }
        }
        if opened && depth <= 0 {
            return k + 1;
        }
    }
    lines.len()
}

/// Files that are `#[cfg(test)] mod x;` of another file in `files`: `dir/x.rs` or `dir/x/mod.rs`
/// beside `lib.rs`/`main.rs`/`mod.rs`, under `dir/foo/` for `dir/foo.rs`.
fn cfg_test_module_files(files: &[File]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, text) in files {
        let lines = code_lines(text);
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[cfg(test)]" {
                continue;
            }
            let Some(item) = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.is_empty() && !l.starts_with("#["))
            else {
                continue;
            };
            let item = item.strip_prefix("pub ").unwrap_or(item);
            let Some(name) = item.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) else {
                continue;
            };
            let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
            let base = match file {
                "lib.rs" | "main.rs" | "mod.rs" => dir.to_owned(),
                other => format!("{dir}/{}", other.trim_end_matches(".rs")),
            };
            out.insert(format!("{base}/{}.rs", name.trim()));
            out.insert(format!("{base}/{}/mod.rs", name.trim()));
        }
    }
    out
}

/// This file, which names the shared folder to look for it.
const SELF: &str = "xtask/src/tidy.rs";

/// The shared folder beside the repository, as a path would name it.
pub const SHARED: [&str; 2] = ["../shared", "/work/shared"];

/// Lines outside comments that name the shared folder beside the repository: a clone must test
/// alone, from its own `fixtures/` (copied verbatim, with `PROVENANCE.md`).
pub fn shared_paths(files: &[File]) -> Vec<Finding> {
    let mut found = Vec::new();
    for (path, text) in files {
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || (code.starts_with('#') && path.ends_with(".toml")) {
                continue;
            }
            if let Some(shared) = SHARED.iter().find(|s| code.contains(*s)) {
                found.push(finding(
                    format!("{path}:{}", i + 1),
                    format!(
                        "reads {shared}: copy the file into fixtures/ (verbatim, with its PROVENANCE.md line) and read it from there"
                    ),
                ));
            }
        }
    }
    found
}

/// Fixture files named in string literals (`"gitlab/examples/x.json"`, `"github/…"`) that
/// `missing` says are not in `fixtures/`.
pub fn missing_fixtures(files: &[File], missing: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    let mut found = Vec::new();
    for (path, text) in files {
        for (i, line) in text.lines().enumerate() {
            for (k, literal) in line.split('"').enumerate() {
                let fixture = (literal.starts_with("gitlab/") || literal.starts_with("github/"))
                    && [".json", ".yaml", ".yml"]
                        .iter()
                        .any(|e| literal.ends_with(e));
                if k % 2 == 1 && fixture && missing(literal) {
                    found.push(finding(
                        format!("{path}:{}", i + 1),
                        format!("names the fixture {literal}, which is not in fixtures/"),
                    ));
                }
            }
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// README figures
// ---------------------------------------------------------------------------------------------

/// A number the README states and the constant it describes.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    /// What it is, for the report.
    pub what: &'static str,
    /// The README's words around the number, `{}` where the number is (`6`, `100,000` or `six`);
    /// line breaks and runs of spaces in the README count as one space.
    pub phrase: &'static str,
    /// The file that defines the constant, from the workspace root.
    pub file: &'static str,
    /// The constant (`const NAME` or `static NAME`); its first integer literal is the value.
    pub constant: &'static str,
    /// The value divided by this is the README's number (1000 for milliseconds stated in seconds).
    pub scale: u64,
}

/// The README's figures, checked by `cargo xtask tidy`.
pub const FIGURES: &[Figure] = &[
    Figure {
        what: "overview: projects in flight per source",
        phrase: "{} projects at a time per source",
        file: "src/pages/overview.rs",
        constant: "CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "insights: GitHub statuses in flight",
        phrase: "each one's latest statuses, {} at a time",
        file: "src/pages/insights.rs",
        constant: "STATUS_CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "load all: pages in flight",
        phrase: "fetches the remaining pages {} at a time",
        file: "src/api/load.rs",
        constant: "CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "full lists: pages in flight",
        phrase: "read page by page to the end ({} requests in flight)",
        file: "src/api/load.rs",
        constant: "CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "GitHub pending deployments in flight",
        phrase: "/pending_deployments` ({} at a time)",
        file: "src/pages/approvals.rs",
        constant: "CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "rows per chunk of the loaded row set (codemap)",
        phrase: "the loaded set in {}-row chunks",
        file: "crates/core/src/query/rows.rs",
        constant: "CHUNK",
        scale: 1,
    },
    Figure {
        what: "rows per chunk of the loaded row set (decisions)",
        phrase: "index entries sit in {}-row chunks",
        file: "crates/core/src/query/rows.rs",
        constant: "CHUNK",
        scale: 1,
    },
    Figure {
        what: "the table's overscan (decisions)",
        phrase: "with {} rows of overscan each way",
        file: "src/components/deployments_table.rs",
        constant: "OVERSCAN",
        scale: 1,
    },
    Figure {
        what: "how long the standalone page waits for config.json (bird's-eye view)",
        phrase: "it waits at most {} ms for it before mounting",
        file: "src/app.rs",
        constant: "CONFIG_WAIT_MS",
        scale: 1,
    },
    Figure {
        what: "how long the standalone page waits for config.json (decisions)",
        phrase: "reads `config.json` before it mounts (at most {} ms)",
        file: "src/app.rs",
        constant: "CONFIG_WAIT_MS",
        scale: 1,
    },
    Figure {
        what: "load all: the page cap",
        phrase: "it stops with a message after {} pages",
        file: "crates/core/src/response/pagination.rs",
        constant: "MAX_PAGES",
        scale: 1,
    },
    Figure {
        what: "the URL's largest page",
        phrase: "`page` (1–{})",
        file: "crates/core/src/response/pagination.rs",
        constant: "MAX_PAGES",
        scale: 1,
    },
    Figure {
        what: "the URL's largest per_page",
        phrase: "`per_page` (1–{})",
        file: "crates/core/src/route.rs",
        constant: "MAX_PER_PAGE",
        scale: 1,
    },
    Figure {
        what: "GitHub latest statuses in flight",
        phrase: "reports the ids in its viewport), {} at a time",
        file: "src/pages/deployments/loading.rs",
        constant: "STATUS_CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "project names in flight",
        phrase: "`GET /projects/:id`, {} at a time",
        file: "src/projects.rs",
        constant: "CONCURRENCY",
        scale: 1,
    },
    Figure {
        what: "config.json's wait (s)",
        phrase: "within {} s is skipped",
        file: "src/api.rs",
        constant: "CONFIG_TIMEOUT_MS",
        scale: 1000,
    },
    Figure {
        what: "the default request timeout (s)",
        phrase: "(optional, 1–600, default {})",
        file: "src/api.rs",
        constant: "TIMEOUT_MS",
        scale: 1000,
    },
];

/// Figures the README does not state, or states with another value than the constant's.
/// `source` reads a file by its path from the workspace root.
pub fn readme_figures(
    readme: &str,
    figures: &[Figure],
    source: &dyn Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let (flat, line_of) = flatten(readme);
    let mut found = Vec::new();
    for fig in figures {
        let Some(text) = source(fig.file) else {
            found.push(finding(
                fig.file,
                format!("cannot be read (for {})", fig.what),
            ));
            continue;
        };
        let Some((const_line, value)) = constant_value(&text, fig.constant) else {
            found.push(finding(
                fig.file,
                format!(
                    "has no `const {}` (or `static`) with an integer value any more (for {}); update tidy's FIGURES",
                    fig.constant, fig.what
                ),
            ));
            continue;
        };
        let stated = stated_numbers(&flat, fig.phrase);
        if stated.is_empty() {
            found.push(finding(
                "README.md",
                format!(
                    "no longer says {:?} ({}, {}:{} {} = {value}); update the README or tidy's FIGURES",
                    fig.phrase.replace("{}", "N"),
                    fig.what,
                    fig.file,
                    const_line,
                    fig.constant
                ),
            ));
        }
        for (at, word, number) in stated {
            if number.checked_mul(fig.scale) != Some(value) {
                found.push(finding(
                    format!("README.md:{}", line_of[at]),
                    format!(
                        "says {:?} ({}), but {}:{} has {} = {value}{}",
                        fig.phrase.replace("{}", &word),
                        fig.what,
                        fig.file,
                        const_line,
                        fig.constant,
                        if fig.scale == 1 {
                            String::new()
                        } else {
                            format!(" (÷ {} = {})", fig.scale, value as f64 / fig.scale as f64)
                        }
                    ),
                ));
            }
        }
    }
    found
}

/// What each figure was compared with, for the report: `README.md:LINE "…" = FILE:LINE CONST V`.
pub fn figures_stated(
    readme: &str,
    figures: &[Figure],
    source: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let (flat, line_of) = flatten(readme);
    let mut out = Vec::new();
    for fig in figures {
        let Some((line, value)) = source(fig.file).and_then(|t| constant_value(&t, fig.constant))
        else {
            continue;
        };
        for (at, word, _) in stated_numbers(&flat, fig.phrase) {
            out.push(format!(
                "README.md:{} {:?} = {}:{line} {} {value}",
                line_of[at],
                fig.phrase.replace("{}", &word),
                fig.file,
                fig.constant
            ));
        }
    }
    out
}

/// `text` with every run of whitespace as one space, and the 1-based line of each byte.
fn flatten(text: &str) -> (String, Vec<usize>) {
    let mut flat = String::new();
    let mut line_of = Vec::new();
    let mut line = 1;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                flat.push(' ');
                line_of.push(line);
                space = true;
            }
            if c == '\n' {
                line += 1;
            }
            continue;
        }
        space = false;
        flat.push(c);
        line_of.extend(std::iter::repeat_n(line, c.len_utf8()));
    }
    (flat, line_of)
}

/// Every place `phrase` occurs with a number at `{}`: (byte offset, the word as written, value).
fn stated_numbers(flat: &str, phrase: &str) -> Vec<(usize, String, u64)> {
    let (before, after) = phrase.split_once("{}").unwrap_or((phrase, ""));
    let mut out = Vec::new();
    for (at, _) in flat.match_indices(before) {
        let rest = &flat[at + before.len()..];
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == ',' || *c == '_')
            .collect();
        let word = word.trim_end_matches(',').to_owned();
        if !rest[word.len()..].starts_with(after) {
            continue;
        }
        if let Some(n) = number(&word) {
            out.push((at, word, n));
        }
    }
    out
}

/// `6`, `100,000`, `10_000` or a word from `one` to `twelve`.
fn number(word: &str) -> Option<u64> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    if let Some(i) = WORDS.iter().position(|w| w.eq_ignore_ascii_case(word)) {
        return Some(i as u64 + 1);
    }
    let digits: String = word.chars().filter(|c| *c != ',' && *c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The line and value of `const NAME … = <integer>` (or `static NAME`) in `source`: the first
/// integer literal after the `=` (`30_000` in `Cell::new(30_000)`), comments left out.
pub fn constant_value(source: &str, name: &str) -> Option<(usize, u64)> {
    let lines = code_lines(source);
    for (i, line) in lines.iter().enumerate() {
        let declared = ["const ", "static "].iter().any(|kw| {
            line.match_indices(&format!("{kw}{name}")).any(|(at, m)| {
                let before = line[..at].chars().next_back();
                let after = line[at + m.len()..].chars().next();
                !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
            })
        });
        if !declared {
            continue;
        }
        // The declaration, to its `;`.
        let mut decl = String::new();
        for l in &lines[i..] {
            decl.push_str(l);
            decl.push(' ');
            if l.contains(';') {
                break;
            }
        }
        let value = decl.split_once('=')?.1;
        let chars: Vec<char> = value.chars().collect();
        let mut k = 0;
        while k < chars.len() {
            let starts = chars[k].is_ascii_digit() && (k == 0 || !is_ident(chars[k - 1]));
            if starts {
                let digits: String = chars[k..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || **c == '_')
                    .filter(|c| **c != '_')
                    .collect();
                return digits.parse().ok().map(|v| (i + 1, v));
            }
            k += 1;
        }
        return None;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/// The workspace's `Cargo.toml` files (the root's and each crate's).
fn manifests(root: &Path) -> Result<Vec<File>, String> {
    let mut out = vec![("Cargo.toml".to_owned(), read(&root.join("Cargo.toml"))?)];
    for dir in read_dir(&root.join("crates"))? {
        let manifest = dir.join("Cargo.toml");
        if manifest.exists() {
            let rel = manifest
                .strip_prefix(root)
                .unwrap_or(&manifest)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, read(&manifest)?));
        }
    }
    out.push((
        "xtask/Cargo.toml".to_owned(),
        read(&root.join("xtask/Cargo.toml"))?,
    ));
    out.sort();
    Ok(out)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("tidy: cannot read {}: {e}", path.display()))
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("tidy: cannot list {}: {e}", dir.display()))?;
    Ok(entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
}

/// Every `.rs` file under `paths` (a path may be a file; a missing one is skipped), sorted, with
/// its path from `root`. Build output, installed tools and hidden directories are left out.
fn rust_files(root: &Path, paths: &[PathBuf]) -> Result<Vec<File>, String> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if matches!(name, "target" | "node_modules" | "dist" | "tools") || name.starts_with('.')
            {
                continue;
            }
            stack.extend(read_dir(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, read(&path)?));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<File> {
        list.iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_browser_crate_in_cores_tree_fails() {
        let clean = "shipboard-core v0.1.0 (/w/crates/core)\nchrono v0.4.45\nserde v1.0.229\nserde_derive v1.0.229 (proc-macro)\n";
        assert!(core_browser_crates(clean).is_empty());
        let dirty = format!("{clean}js-sys v0.3.77\nwasm-bindgen v0.2.130\nwasm-bindgen-shared v0.2.130\njs-sys v0.3.77 (*)\n");
        let found = core_browser_crates(&dirty);
        let names: Vec<_> = found
            .iter()
            .map(|f| f.problem.split(' ').nth(6).unwrap_or(""))
            .collect();
        assert_eq!(
            names,
            ["js-sys", "wasm-bindgen", "wasm-bindgen-shared"],
            "{found:?}"
        );
        assert!(found.iter().all(|f| f.place == "crates/core/Cargo.toml"));
        assert_eq!(
            core_browser_crates("shipboard-core v0.1.0 (/w)\nleptos_reactive v0.8.0\ngloo-net v0.6.0\nweb-sys v0.3.0\n").len(),
            3
        );
        assert!(core_browser_crates("x v1\nweb-sys-like v1\nnot-js-sys v1\n").is_empty());
    }

    #[test]
    fn a_clock_read_in_core_fails_but_not_in_comments_strings_or_tests() {
        let ok = files(&[(
            "crates/core/src/format.rs",
            "//! Formats.\n// Utc::now is not read here\n/// `Utc::now()` would be wrong\nfn f(now: DateTime<Utc>) -> &'static str { \"Instant::now\" }\n/* SystemTime */\n#[cfg(test)]\nmod tests {\n    fn t() {\n        let _ = Utc::now();\n    }\n}\n#[cfg(test)]\nmod clock;\n",
        ), (
            "crates/core/src/format/clock.rs",
            "//! Test clock.\npub fn now() { let _ = std::time::SystemTime::now(); }\n",
        )]);
        assert_eq!(core_clock(&ok), []);
        let bad = files(&[(
            "crates/core/src/insights.rs",
            "//! Metrics.\nfn window() {\n    let now = chrono::Utc::now(); // today\n    let t = std::time::Instant::now();\n    let d = js_sys::Date::now();\n}\nfn later() { let s = std::time::SystemTime::UNIX_EPOCH; }\n",
        )]);
        let found = core_clock(&bad);
        let places: Vec<&str> = found.iter().map(|f| f.place.as_str()).collect();
        assert_eq!(
            places,
            [
                "crates/core/src/insights.rs:3",
                "crates/core/src/insights.rs:4",
                "crates/core/src/insights.rs:5",
                "crates/core/src/insights.rs:7"
            ]
        );
        assert!(found[0].problem.contains("Utc::now"));
    }

    #[test]
    fn a_test_items_end_is_its_closing_brace() {
        let src = "#[cfg(test)]\nfn helper() {\n    if x { y(); }\n}\nfn real() { Utc::now(); }\n";
        let found = core_clock(&files(&[("crates/core/src/a.rs", src)]));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place, "crates/core/src/a.rs:5");
    }

    #[test]
    fn a_path_dependency_of_forge_sim_fails() {
        let clean = "forge-sim v0.1.0 (/work/main/crates/sim)\naxum v0.8.9\nserde_derive v1.0.229 (proc-macro)\ntokio v1.54.1\nserde v1.0.229 (*)\n";
        assert_eq!(sim_workspace_deps(clean), []);
        let dirty =
            format!("{clean}[dev-dependencies]\nshipboard-core v0.1.0 (/work/main/crates/core)\n");
        let found = sim_workspace_deps(&dirty);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].place, "crates/sim/Cargo.toml");
        assert!(found[0].problem.contains("shipboard-core"), "{}", found[0]);
    }

    #[test]
    fn a_component_importing_a_page_fails() {
        let ok = files(&[(
            "src/components/a.rs",
            "//! A.\nuse crate::state::use_state;\nuse crate::{api, components::b};\n// use crate::pages::x;\nconst S: &str = \"crate::pages\";\nfn pages() {}\n",
        )]);
        assert_eq!(component_imports_page(&ok), []);
        let bad = files(&[
            (
                "src/components/a.rs",
                "//! A.\nuse crate::pages::deployments::Target;\n",
            ),
            (
                "src/components/b.rs",
                "//! B.\nuse super::super::pages::settings;\n",
            ),
            (
                "src/components/c.rs",
                "//! C.\nuse crate::{\n    api,\n    pages::environments::Ops,\n    text,\n};\n",
            ),
            (
                "src/components/d.rs",
                "//! D.\nfn f() { crate::pages::approvals::x(); }\n",
            ),
        ]);
        let places: Vec<String> = component_imports_page(&bad)
            .into_iter()
            .map(|f| f.place)
            .collect();
        assert_eq!(
            places,
            [
                "src/components/a.rs:2",
                "src/components/b.rs:2",
                "src/components/c.rs:4",
                "src/components/d.rs:2"
            ]
        );
    }

    #[test]
    fn a_file_without_a_module_comment_first_fails() {
        let ok = files(&[("src/a.rs", "//! What it is.\n\nfn f() {}\n")]);
        assert_eq!(module_docs(&ok), []);
        let bad = files(&[
            ("src/b.rs", "#![allow(dead_code)]\n//! Too late.\n"),
            (
                "tests/c.rs",
                "/// An item comment, not a module one.\nfn f() {}\n",
            ),
            ("xtask/src/d.rs", ""),
            ("crates/x/benches/e.rs", "\n//! After a blank line.\n"),
        ]);
        let places: Vec<String> = module_docs(&bad).into_iter().map(|f| f.place).collect();
        assert_eq!(
            places,
            [
                "src/b.rs:1",
                "tests/c.rs:1",
                "xtask/src/d.rs:1",
                "crates/x/benches/e.rs:1"
            ]
        );
    }

    #[test]
    fn constants_are_read_with_underscores_casts_and_wrappers() {
        let src = "//! X.\n/// 7 at most.\npub const CONCURRENCY: usize = 6;\nconst CONFIG_TIMEOUT_MS: u32 = 10_000;\nthread_local! {\n    static TIMEOUT_MS: std::cell::Cell<u32> = const { std::cell::Cell::new(30_000) };\n}\npub const MAX_PAGE: u32 =\n    100_000u32;\n";
        assert_eq!(constant_value(src, "CONCURRENCY"), Some((3, 6)));
        assert_eq!(constant_value(src, "CONFIG_TIMEOUT_MS"), Some((4, 10_000)));
        assert_eq!(constant_value(src, "TIMEOUT_MS"), Some((6, 30_000)));
        assert_eq!(constant_value(src, "MAX_PAGE"), Some((8, 100_000)));
        assert_eq!(constant_value(src, "MISSING"), None);
    }

    #[test]
    fn a_test_reading_the_shared_folder_or_a_missing_fixture_fails() {
        let shared = format!("..{}", "/shared");
        let ok = files(&[
            (
                "crates/core/tests/it/fixtures.rs",
                "//! Copied from the shared folder (../shared/fixtures).\nconst F: &str = concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../../fixtures\");\nfn f() { load(\"gitlab/examples/deployments_list.json\"); }\n",
            ),
            ("crates/x/Cargo.toml", "# ../shared is beside it\n[dependencies]\n"),
        ]);
        let missing = |f: &str| f != "gitlab/examples/deployments_list.json";
        assert_eq!(shared_paths(&ok), []);
        assert_eq!(missing_fixtures(&ok, &missing), []);
        let bad = files(&[
            (
                "crates/sim/tests/it/schema.rs",
                &format!("//! Schemas.\nfn root() -> PathBuf {{ PathBuf::from(\"{shared}/fixtures\") }}\n"),
            ),
            (
                "tests/browser.rs",
                "//! B.\nconst L: &str = include_str!(\"/work/shared/fixtures/gitlab/examples/x.json\");\nconst M: &str = \"github/examples/gone.json\";\n",
            ),
        ]);
        let places: Vec<String> = shared_paths(&bad).into_iter().map(|f| f.place).collect();
        assert_eq!(
            places,
            ["crates/sim/tests/it/schema.rs:2", "tests/browser.rs:2"]
        );
        let found = missing_fixtures(&bad, &missing);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].place, "tests/browser.rs:3");
        assert!(found[0].problem.contains("github/examples/gone.json"));
    }

    const FIGS: &[Figure] = &[
        Figure {
            what: "pages in flight",
            phrase: "fetches the remaining pages {} at a time",
            file: "load.rs",
            constant: "CONCURRENCY",
            scale: 1,
        },
        Figure {
            what: "page cap",
            phrase: "stops after {} pages",
            file: "pagination.rs",
            constant: "MAX_PAGES",
            scale: 1,
        },
        Figure {
            what: "config wait",
            phrase: "within {} s is skipped",
            file: "api.rs",
            constant: "CONFIG_TIMEOUT_MS",
            scale: 1000,
        },
    ];

    fn sources(file: &str) -> Option<String> {
        match file {
            "load.rs" => Some("pub const CONCURRENCY: usize = 6;\n".into()),
            "pagination.rs" => Some("pub const MAX_PAGES: u64 = 100_000;\n".into()),
            "api.rs" => Some("const CONFIG_TIMEOUT_MS: u32 = 10_000;\n".into()),
            _ => None,
        }
    }

    #[test]
    fn readme_figures_that_match_their_constants_pass() {
        let readme = "# X\n\n\"Load all\" fetches the remaining\npages six at a time; it stops after 100,000 pages. One that does not answer\nwithin 10 s is skipped.\n";
        assert_eq!(readme_figures(readme, FIGS, &sources), []);
        let digits = "fetches the remaining pages 6 at a time; stops after 100000 pages; within 10 s is skipped";
        assert_eq!(readme_figures(digits, FIGS, &sources), []);
    }

    #[test]
    fn a_readme_figure_that_contradicts_its_constant_fails() {
        let readme = "# X\n\nfetches the remaining pages\nfour at a time; stops after 10,000 pages; within 30 s is skipped.\n";
        let found = readme_figures(readme, FIGS, &sources);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].place, "README.md:3");
        assert!(
            found[0]
                .problem
                .contains("\"fetches the remaining pages four at a time\"")
                && found[0].problem.contains("load.rs:1 has CONCURRENCY = 6"),
            "{}",
            found[0]
        );
        assert_eq!(found[1].place, "README.md:4");
        assert!(
            found[1].problem.contains("MAX_PAGES = 100000"),
            "{}",
            found[1]
        );
        assert!(
            found[2].problem.contains("CONFIG_TIMEOUT_MS = 10000"),
            "{}",
            found[2]
        );
    }

    #[test]
    fn a_figure_the_readme_no_longer_states_or_a_missing_constant_fails() {
        let found = readme_figures("nothing here", &FIGS[..1], &sources);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place, "README.md");
        assert!(found[0].problem.contains("no longer says"), "{}", found[0]);
        let gone = |_: &str| Some("const OTHER: u32 = 1;".to_owned());
        let found = readme_figures("fetches the remaining pages 6 at a time", &FIGS[..1], &gone);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].problem.contains("no `const CONCURRENCY`"),
            "{}",
            found[0]
        );
    }

    #[test]
    fn comments_and_literals_are_not_code() {
        let lines = code_lines("let a = \"// not a comment\"; // a comment\nlet b = '\"'; let c = r#\"x \" y\"#; /* z\n w */ let d = 1;\nfn f<'a>(x: &'a str) {}\n");
        assert_eq!(lines[0], "let a = \"\"; ");
        assert_eq!(lines[1], "let b = ' '; let c = \"\"; ");
        assert_eq!(lines[2], " let d = 1;");
        assert_eq!(lines[3], "fn f<'a>(x: &'a str) {}");
    }
}
