//! Benchmark-only wasm exports: generate rows once with `query::synth`, then run `Query::apply`
//! over them on demand, so a page can time shipboard-core in wasm beside a JavaScript peer.
//!
//! Never part of the app's bundle: `cargo xtask bench` builds it for wasm32, runs the
//! `wasm-bindgen` CLI into `target/bench/www/` and serves that folder with forge-sim. The
//! exports take and return plain numbers and strings, so the crate also compiles natively.

use std::cell::RefCell;

use shipboard_core::model::view::DeploymentRow;
use shipboard_core::query::{synth, Query, SearchIndex};
use wasm_bindgen::prelude::wasm_bindgen;

#[derive(Default)]
struct State {
    rows: Vec<DeploymentRow>,
    index: SearchIndex,
    last: Vec<u32>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Generates `n` rows from `seed` (replacing any earlier ones) and indexes them; returns `n`.
#[wasm_bindgen]
pub fn load(n: u32, seed: u32) -> u32 {
    let rows = synth::rows(n as usize, u64::from(seed));
    let index = SearchIndex::new(&rows);
    STATE.with_borrow_mut(|s| {
        s.rows = rows;
        s.index = index;
        s.last.clear();
    });
    n
}

/// The loaded rows as a JSON array (the JavaScript peer parses it once).
#[wasm_bindgen]
pub fn rows_json() -> String {
    STATE.with_borrow(|s| serde_json::to_string(&s.rows).unwrap_or_else(|_| "[]".into()))
}

fn parse(query_json: &str) -> Option<Query> {
    serde_json::from_str(query_json).ok()
}

/// Parses `query_json` (a serialized `Query`) and applies it to the rows from scratch, as
/// `Query::apply` does (filters first, then the search on the survivors, no index); returns the
/// number of rows kept, or -1 when the query does not parse. The order is kept for [`order`].
#[wasm_bindgen]
pub fn run(query_json: &str) -> i32 {
    let Some(query) = parse(query_json) else {
        return -1;
    };
    STATE.with_borrow_mut(|s| {
        let kept = query.apply(&s.rows);
        s.last = kept.iter().map(|&i| i as u32).collect();
        kept.len() as i32
    })
}

/// Like [`run`] with the index built once at [`load`] (the app's path: `apply_indexed`).
#[wasm_bindgen]
pub fn run_indexed(query_json: &str) -> i32 {
    let Some(query) = parse(query_json) else {
        return -1;
    };
    STATE.with_borrow_mut(|s| {
        let kept = query.apply_indexed(&s.rows, &s.index);
        s.last = kept.iter().map(|&i| i as u32).collect();
        kept.len() as i32
    })
}

/// The row indices the last [`run`] or [`run_indexed`] kept, in order (to check the peer).
#[wasm_bindgen]
pub fn order() -> Vec<u32> {
    STATE.with_borrow(|s| s.last.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_a_query_over_generated_rows() {
        assert_eq!(load(1_000, 42), 1_000);
        let all = run(
            r#"{"search":"","filter":{"statuses":[],"environment":null,"tiers":[],"created_from":null,"created_before":null,"forge":null,"project":null},"sort":null}"#,
        );
        assert_eq!(all, 1_000);
        assert_eq!(order().len(), 1_000);
        assert_eq!(run("not json"), -1);
        assert!(rows_json().starts_with('['));
    }
}
