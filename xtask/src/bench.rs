//! `cargo xtask bench`: speed and size benchmarks (being written).

use std::path::Path;

/// Runs every benchmark and writes `target/bench/summary.json`.
pub fn run(_root: &Path) -> Result<(), String> {
    Err("cargo xtask bench is not written yet".into())
}
