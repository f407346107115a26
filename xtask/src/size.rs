//! Where the wasm's bytes go: the release wasm's code and data size by crate, from `twiggy`.
//!
//! Trunk leaves the `wasm-bindgen` output (with its names section) in
//! `target/wasm-bindgen/release/`; this runs the same `wasm-opt -Oz` as the release build on it
//! with `-g` (names kept, so the functions are the shipped ones), lists every function and data
//! segment with `twiggy top`, and sums them by the crate their name starts with (a generic
//! function counts for the crate that defines it: `core::slice::sort` instantiated for the app's
//! rows is `core`). Prints the table and writes `target/bench/size_by_crate.json`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::step;

/// The crate an item of twiggy's list belongs to, or None for the names section itself.
pub fn crate_of(name: &str) -> Option<String> {
    if name.contains("\"function names\"") || name.contains("\"data names\"") {
        return None;
    }
    if name.starts_with("data segment") {
        return Some("(data: strings and constants)".into());
    }
    if name.starts_with("custom section") {
        return Some("(custom sections)".into());
    }
    if name.starts_with("elem[") || name.starts_with("table[") {
        return Some("(function tables)".into());
    }
    // `<A as B>::f`, `<&mut A>::f`, `<dyn A>::f`: the crate of A.
    let mut rest = name;
    loop {
        let before = rest;
        rest = rest.trim_start_matches('<');
        for prefix in ["dyn ", "&mut ", "&", "*const ", "*mut ", "impl "] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        if rest == before {
            break;
        }
    }
    let head: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = &rest[head.len()..];
    // `core[c5930c85a12de822]::…` is how std's crates are named in a build-std or mangled name.
    let after = match after.strip_prefix('[') {
        Some(a) => a.split_once(']').map_or(a, |(_, r)| r),
        None => after,
    };
    if !head.is_empty() && after.starts_with("::") {
        return Some(head.trim_start_matches('_').to_string());
    }
    if matches!(
        head.as_str(),
        "f64" | "f32" | "str" | "char" | "u8" | "T" | "F"
    ) {
        return Some("core".into());
    }
    Some("(unnamed: wasm-bindgen shims, exports)".into())
}

/// Sums twiggy's `top` items (`name`, `shallow_size`) by crate, largest first.
pub fn by_crate(items: &[Value]) -> Vec<(String, u64, u64)> {
    let mut sums: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for item in items {
        let name = item["name"].as_str().unwrap_or("");
        let size = item["shallow_size"].as_u64().unwrap_or(0);
        if let Some(krate) = crate_of(name) {
            let e = sums.entry(krate).or_default();
            e.0 += size;
            e.1 += 1;
        }
    }
    let mut list: Vec<_> = sums.into_iter().map(|(k, (b, n))| (k, b, n)).collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// Prints the table and writes `target/bench/size_by_crate.json`.
pub fn report(root: &Path) -> Result<(), String> {
    let bindgen = root.join("target/wasm-bindgen/release/shipboard_bg.wasm");
    if !bindgen.is_file() {
        return Err(format!(
            "{} is missing: run `trunk build --release` first",
            bindgen.display()
        ));
    }
    let out_dir = root.join("target").join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let named = out_dir.join("shipboard-named.wasm");
    step(
        "wasm-opt -Oz -g on the wasm-bindgen output (the shipped code, with names)",
        Command::new("wasm-opt")
            .args([
                "-Oz",
                "-g",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
            ])
            .args([
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
            ])
            .args(["--enable-multivalue", "-o"])
            .arg(&named)
            .arg(&bindgen),
    )?;
    let out = Command::new("twiggy")
        .args(["top", "-n", "10000000", "--format", "json"])
        .arg(&named)
        .output()
        .map_err(|e| format!("cannot run twiggy: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "twiggy failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let items: Vec<Value> = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("twiggy's JSON does not parse: {e}"))?;
    let list = by_crate(&items);
    let total: u64 = list.iter().map(|(_, b, _)| b).sum();
    println!("\nwasm code and data by crate (after wasm-opt -Oz, names section excluded):");
    println!(
        "    {:<44} {:>10} {:>7} {:>7}",
        "crate", "bytes", "share", "items"
    );
    for (krate, bytes, n) in &list {
        println!(
            "    {krate:<44} {bytes:>10} {:>6.1}% {n:>7}",
            100.0 * *bytes as f64 / total.max(1) as f64
        );
    }
    println!("    {:<44} {total:>10}", "total");
    let rows: Vec<Value> = list
        .iter()
        .map(|(k, b, n)| json!({"crate": k, "bytes": b, "items": n}))
        .collect();
    let path = out_dir.join("size_by_crate.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&json!({"total_bytes": total, "crates": rows}))
            .unwrap_or_default(),
    )
    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("    written to {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_to_the_crate_that_defines_them() {
        let cases = [
            (
                "shipboard::app::__component_shell::{{closure}}::h24ea",
                "shipboard",
            ),
            (
                "<reactive_graph::signal::RwSignal<T> as Get>::get::h1",
                "reactive_graph",
            ),
            (
                "<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::x",
                "serde_json",
            ),
            (
                "<core[c5930c85a12de822]::str::iter::EscapeDebug as Display>::fmt",
                "core",
            ),
            ("<f64 as core[c5930c85a12de822]::fmt::Display>::fmt", "core"),
            (
                "<dlmalloc[e24a]::dlmalloc::Dlmalloc<System>>::malloc",
                "dlmalloc",
            ),
            ("__rustc[b7974e8690430dd9]::__rdl_realloc", "rustc"),
            ("data segment \".rodata\"", "(data: strings and constants)"),
            (
                "shipboard_embed externref shim",
                "(unnamed: wasm-bindgen shims, exports)",
            ),
        ];
        for (name, krate) in cases {
            assert_eq!(crate_of(name).as_deref(), Some(krate), "{name}");
        }
        assert_eq!(crate_of("\"function names\" subsection"), None);
    }

    #[test]
    fn sums_by_crate_largest_first() {
        let items = vec![
            json!({"name": "a::f", "shallow_size": 5}),
            json!({"name": "b::g", "shallow_size": 7}),
            json!({"name": "<a::T as b::X>::h", "shallow_size": 4}),
            json!({"name": "\"function names\" subsection", "shallow_size": 1000}),
        ];
        assert_eq!(
            by_crate(&items),
            vec![("a".to_string(), 9, 2), ("b".to_string(), 7, 1)]
        );
    }
}
