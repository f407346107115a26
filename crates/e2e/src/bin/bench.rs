//! `bench`: the browser and size benchmarks behind `cargo xtask bench` (issue 6); prints a table
//! and writes `target/bench/summary.json`.
//!
//! Sections, each in its own harness (forge-sim + ChromeDriver + headless Chromium):
//! - `query`: shipboard-core in wasm vs a plain and an indexed JavaScript peer, same page, same
//!   rows, alternating runs (the page is `crates/bench-wasm/www`, built into `--www`);
//! - `first-row`: navigation start → first deployment row, cold browser each run, 0 and 50 ms
//!   added latency, with the requests started before the first row (the critical path);
//! - `load-all`: 1,000 deployments with 50 ms latency, the app's "load all" vs the same pages
//!   fetched one after another, fresh browser each run;
//! - `github`: the GitHub API requests of a page of 30 deployments with their statuses;
//! - `overview`: the overview of 200 projects at 50 ms latency;
//! - `100k`: 100,000 loaded rows: row elements in the DOM, JS heap, time to apply a search,
//!   long frames while scrolling the table top to bottom in 2 s;
//! - `bundle`: the release `dist/`'s wasm, js and css, raw, gzip (level 9) and brotli (q 11).
//!
//! It also folds in criterion's medians from `target/criterion` when they are there. Only
//! prints numbers: no timed assertion anywhere. Environment as for the end-to-end tests
//! (`FORGE_SIM_BIN`, `SHIPBOARD_DIST`, `CHROMEDRIVER`, `CHROMIUM`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::wd::TimeoutConfiguration;
use serde_json::{json, Map, Value};
use shipboard_e2e::{Harness, Options};

const USAGE: &str =
    "bench [--out target/bench/summary.json] [--www target/bench/www] [--runs N] [--rows 100000]
      [--criterion target/criterion] [--only query,first-row,load-all,github,overview,100k,bundle]";

struct Args {
    out: PathBuf,
    www: PathBuf,
    criterion: PathBuf,
    runs: usize,
    rows: u64,
    only: Option<Vec<String>>,
}

fn parse_args() -> Result<Args, String> {
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target");
    let mut args = Args {
        out: target.join("bench/summary.json"),
        www: target.join("bench/www"),
        criterion: target.join("criterion"),
        runs: 5,
        rows: 100_000,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--out" => args.out = value()?.into(),
            "--www" => args.www = value()?.into(),
            "--criterion" => args.criterion = value()?.into(),
            "--runs" => {
                args.runs = value()?
                    .parse()
                    .map_err(|_| "--runs: not a number".to_string())?
            }
            "--rows" => {
                args.rows = value()?
                    .parse()
                    .map_err(|_| "--rows: not a number".to_string())?
            }
            "--only" => args.only = Some(value()?.split(',').map(str::to_owned).collect()),
            _ => return Err(USAGE.into()),
        }
    }
    Ok(args)
}

/// The results so far, by key; printed and written at the end.
#[derive(Default)]
struct Results {
    values: Map<String, Value>,
    notes: Vec<String>,
}

impl Results {
    fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.values.insert(key.to_owned(), value.into());
    }
    fn ms(&mut self, key: &str, value: f64) {
        self.set(key, round(value, 1));
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn median(xs: &[f64]) -> f64 {
    let mut s: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if s.is_empty() {
        return f64::NAN;
    }
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

fn fmt_runs(xs: &[f64]) -> String {
    let parts: Vec<String> = xs.iter().map(|x| format!("{x:.0}")).collect();
    parts.join(" ")
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let wants = |s: &str| args.only.as_ref().is_none_or(|o| o.iter().any(|x| x == s));
    let mut results = Results::default();
    let started = Instant::now();

    if wants("bundle") {
        section("bundle sizes (release dist/)");
        match bundle(&dist_dir()) {
            Ok(values) => results.values.extend(values),
            Err(e) => fail(&mut results, "bundle", &e),
        }
    }
    if wants("query") {
        section("search + filter + sort: wasm vs JavaScript peer, same page, alternating runs");
        let www = args.www.clone();
        match tokio::spawn(query(www)).await {
            Ok(Ok(values)) => results.values.extend(values),
            Ok(Err(e)) => fail(&mut results, "query", &e),
            Err(e) => fail(&mut results, "query", &e.to_string()),
        }
    }
    if wants("first-row") {
        for latency in [0u64, 50] {
            section(&format!(
                "cold load: navigation start → first row, {latency} ms latency, {} runs",
                args.runs
            ));
            match tokio::spawn(first_row(latency, args.runs)).await {
                Ok(Ok((runs, before, log))) => {
                    println!("    runs (ms): {}", fmt_runs(&runs));
                    let key = if latency == 0 {
                        "first_row_ms".to_string()
                    } else {
                        format!("first_row_{latency}ms_latency_ms")
                    };
                    results.ms(&key, median(&runs));
                    if latency == 50 {
                        let paths = critical_path(&before, &log);
                        results.set("first_row_critical_requests", json!(paths));
                    }
                }
                Ok(Err(e)) => fail(&mut results, "first-row", &e),
                Err(e) => fail(&mut results, "first-row", &e.to_string()),
            }
        }
    }
    if wants("load-all") {
        section(&format!(
            "1,000 deployments, 50 ms latency: load all vs sequential, {} runs",
            args.runs
        ));
        match tokio::spawn(load_all(args.runs)).await {
            Ok(Ok((parallel, sequential))) => {
                println!("    load all (ms):   {}", fmt_runs(&parallel));
                println!("    sequential (ms): {}", fmt_runs(&sequential));
                results.ms("load_1000_parallel_ms", median(&parallel));
                results.ms("load_1000_sequential_ms", median(&sequential));
            }
            Ok(Err(e)) => fail(&mut results, "load-all", &e),
            Err(e) => fail(&mut results, "load-all", &e.to_string()),
        }
    }
    if wants("github") {
        section("a GitHub page of 30 deployments with statuses: API requests");
        match tokio::spawn(github_first_page()).await {
            Ok(Ok((gets, statuses))) => {
                results.set("github_requests_first_page", gets);
                results.set("github_status_requests_first_page", statuses);
            }
            Ok(Err(e)) => fail(&mut results, "github", &e),
            Err(e) => fail(&mut results, "github", &e.to_string()),
        }
    }
    if wants("overview") {
        section(&format!(
            "overview of 200 GitLab projects × 11 environments, 50 ms latency, {} runs",
            args.runs
        ));
        match tokio::spawn(overview(args.runs)).await {
            Ok(Ok((runs, requests, preflights))) => {
                println!("    runs (ms): {}", fmt_runs(&runs));
                println!("    requests: {requests} GET + {preflights} preflights (last run)");
                results.ms("overview_200_projects_ms", median(&runs));
                results.set("overview_200_projects_requests", requests);
                results.set("overview_200_projects_preflights", preflights);
            }
            Ok(Err(e)) => fail(&mut results, "overview", &e),
            Err(e) => fail(&mut results, "overview", &e.to_string()),
        }
    }
    if wants("100k") {
        section("100,000 loaded rows: DOM rows, JS heap, time to apply a search");
        match tokio::spawn(at_100k(args.runs, args.rows)).await {
            Ok(Ok(values)) => results.values.extend(values),
            Ok(Err(e)) => fail(&mut results, "100k", &e),
            Err(e) => fail(&mut results, "100k", &e.to_string()),
        }
    }
    criterion(&args.criterion, &mut results);
    results.set("bench_seconds", round(started.elapsed().as_secs_f64(), 0));
    results.set("machine", machine());

    print_table(&results);
    let mut doc = results.values.clone();
    if !results.notes.is_empty() {
        doc.insert("errors".into(), json!(results.notes));
    }
    if let Some(dir) = args.out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let text = serde_json::to_string_pretty(&Value::Object(doc)).expect("JSON");
    match std::fs::write(&args.out, text + "\n") {
        Ok(()) => println!("\nwrote {}", args.out.display()),
        Err(e) => {
            eprintln!("cannot write {}: {e}", args.out.display());
            std::process::exit(1);
        }
    }
    if !results.notes.is_empty() {
        eprintln!("\n{} section(s) failed:", results.notes.len());
        for n in &results.notes {
            eprintln!("  {n}");
        }
        std::process::exit(1);
    }
}

fn section(title: &str) {
    println!("\n--> {title}");
    let _ = std::io::stdout().flush();
}

fn fail(results: &mut Results, what: &str, e: &str) {
    eprintln!("    FAILED {what}: {e}");
    results.notes.push(format!("{what}: {e}"));
}

fn dist_dir() -> PathBuf {
    std::env::var_os("SHIPBOARD_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"))
}

// ---------------------------------------------------------------------------------------------
// Bundle sizes.

fn gzip_len(data: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("in memory");
    enc.finish().expect("in memory").len()
}

fn brotli_len(data: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).expect("in memory");
    out.len()
}

fn bundle(dist: &Path) -> Result<Map<String, Value>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    let mut sums: std::collections::BTreeMap<&str, [usize; 3]> = Default::default();
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let kind = match ext {
            "wasm" => "wasm",
            "js" => "js",
            "css" => "css",
            _ => continue,
        };
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        let sizes = [data.len(), gzip_len(&data), brotli_len(&data)];
        println!(
            "    {:<44} raw {:>9}  gzip {:>8}  brotli {:>8}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            sizes[0],
            sizes[1],
            sizes[2]
        );
        files.push(kind);
        let sum = sums.entry(kind).or_default();
        for (s, v) in sum.iter_mut().zip(sizes) {
            *s += v;
        }
    }
    if !files.contains(&"wasm") {
        return Err(format!(
            "{} has no .wasm: build it with `trunk build --release`",
            dist.display()
        ));
    }
    let mut out = Map::new();
    let mut total = [0usize; 3];
    for (kind, sizes) in &sums {
        for (name, (v, t)) in ["raw", "gzip", "brotli"]
            .iter()
            .zip(sizes.iter().zip(total.iter_mut()))
        {
            out.insert(format!("bundle_{kind}_{name}_bytes"), json!(v));
            *t += v;
        }
    }
    out.insert("bundle_raw_bytes".into(), json!(total[0]));
    out.insert("bundle_gzip_bytes".into(), json!(total[1]));
    out.insert("bundle_brotli_bytes".into(), json!(total[2]));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Browser helpers.

type Res<T> = Result<T, String>;

async fn start(opts: Options) -> Harness {
    let h = Harness::start_with(opts).await;
    // Scripts that wait on the page (execute_async) may take a while at 100,000 rows.
    let timeouts = TimeoutConfiguration::new(
        Some(Duration::from_secs(300)),
        Some(Duration::from_secs(60)),
        None,
    );
    h.client
        .update_timeouts(timeouts)
        .await
        .expect("chromedriver takes timeouts");
    h
}

/// Evaluates `expr` (a JS expression) until it is not null, polling, up to `limit`.
async fn poll(h: &Harness, expr: &str, limit: Duration) -> Res<Value> {
    let deadline = Instant::now() + limit;
    let script = format!("return ({expr}) ?? null;");
    loop {
        let v = h
            .client
            .execute(&script, vec![])
            .await
            .map_err(|e| format!("script failed: {e}"))?;
        if !v.is_null() {
            return Ok(v);
        }
        if Instant::now() > deadline {
            let body = h.body_text().await;
            let body: String = body.chars().take(400).collect();
            return Err(format!(
                "waited {} s for `{expr}`; the page says: {body}",
                limit.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn exec_async(h: &Harness, script: &str, args: Vec<Value>) -> Res<Value> {
    h.client
        .execute_async(script, args)
        .await
        .map_err(|e| format!("script failed: {e}"))
}

fn num(v: &Value, what: &str) -> Res<f64> {
    v.as_f64()
        .ok_or_else(|| format!("{what}: not a number: {v}"))
}

/// Runs before any page script: records `performance.now()` (ms since navigation start) when
/// the first deployment row is in the DOM with its content (an id and its number written: a
/// row slot's elements are made before its row is written into them).
const FIRST_ROW_OBSERVER: &str = r#"
(() => {
  const seen = () => {
    const row = document.querySelector('[data-testid=deployment-row][data-id]');
    const number = row && row.querySelector('[data-testid=open-deployment]');
    if (window.__benchFirstRow === undefined && number && number.textContent !== '') {
      window.__benchFirstRow = performance.now();
      return true;
    }
    return false;
  };
  const obs = new MutationObserver(() => { if (seen()) obs.disconnect(); });
  obs.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-id'] });
})();
"#;

/// Clicks "load all" and resolves with the ms until `want` rows are loaded and the progress is
/// gone (watched by a MutationObserver on the page, so no polling delay is counted).
const LOAD_ALL: &str = r#"
const [want, done] = arguments;
const finished = () => {
  if (document.querySelector('[data-testid=load-all-progress]')) return false;
  if (document.querySelector('[data-testid=load-all]')) return false;
  const summary = document.querySelector('[data-testid=summary]');
  return !!summary && summary.textContent.startsWith(`${want} deployments loaded`);
};
window.__benchLoad = null;
const t0 = performance.now();
const obs = new MutationObserver(() => {
  if (window.__benchLoad === null && finished()) {
    window.__benchLoad = performance.now() - t0;
    obs.disconnect();
    if (done) done(window.__benchLoad);
  }
});
obs.observe(document.body, { childList: true, subtree: true, characterData: true });
document.querySelector('[data-testid=load-all]').click();
"#;

/// Fetches `pages` one after another as a plain client would, with the token header, parsing
/// each body; resolves with [ms, rows].
const SEQUENTIAL: &str = r#"
const [api, token, project, perPage, first, last, tag, done] = arguments;
(async () => {
  const t0 = performance.now();
  let rows = 0;
  for (let page = first; page <= last; page++) {
    const url = `${api}/api/v4/projects/${project}/deployments?per_page=${perPage}&page=${page}&order_by=created_at&sort=desc&bench=${tag}`;
    const res = await fetch(url, { headers: { 'PRIVATE-TOKEN': token } });
    rows += (await res.json()).length;
  }
  done([performance.now() - t0, rows]);
})().catch((e) => done([null, String(e)]));
"#;

/// Types `text` into the search box (one input event, as a paste) and resolves with
/// [ms until the summary changed, ms until the next frame, summary text].
const SEARCH: &str = r#"
const [text, done] = arguments;
const input = document.querySelector('[data-testid=search]');
const summary = () => (document.querySelector('[data-testid=summary]') || {}).textContent;
const before = summary();
const t0 = performance.now();
let t1 = null;
const obs = new MutationObserver(() => {
  if (t1 === null && summary() !== before) {
    t1 = performance.now();
    obs.disconnect();
    requestAnimationFrame(() => setTimeout(() => done([t1 - t0, performance.now() - t0, summary()]), 0));
  }
});
obs.observe(document.body, { childList: true, subtree: true, characterData: true });
input.value = text;
input.dispatchEvent(new InputEvent('input', { bubbles: true, data: text, inputType: 'insertFromPaste' }));
setTimeout(() => { if (t1 === null) { obs.disconnect(); done([null, null, `${before} → ${summary()} (${location.search})`]); } }, 60000);
"#;

/// Scrolls the table from top to bottom in 2 s (the scroll position follows the clock, one step
/// per animation frame) and resolves with [frames, long frames, longest gap (ms), rows seen]. A
/// frame is long when the gap since the previous one exceeds 1.25 × 16.7 ms: at least one
/// 60 Hz frame was missed (rAF timestamps jitter by a fraction of a millisecond).
const SCROLL: &str = r#"
const [done] = arguments;
const scroller = document.querySelector('[data-testid=table-scroll]');
const max = scroller.scrollHeight - scroller.clientHeight;
const seen = new Set();
scroller.scrollTop = 0;
requestAnimationFrame((start) => {
  let last = start, frames = 0, long = 0, longest = 0;
  const detail = [];
  const step = (now) => {
    const entered = performance.now();
    const gap = now - last;
    last = now;
    frames++;
    if (gap > 16.7 * 1.25) long++;
    longest = Math.max(longest, gap);
    const first = document.querySelector('[data-testid=deployment-row]');
    if (first) seen.add(first.dataset.id);
    const t = Math.min(1, (now - start) / 2000);
    scroller.scrollTop = Math.round(t * max);
    detail.push([Math.round(gap * 10) / 10, Math.round((entered - now) * 10) / 10, Math.round((performance.now() - entered) * 10) / 10]);
    if (t < 1) requestAnimationFrame(step);
    else setTimeout(() => done([frames, long, longest, seen.size, scroller.scrollTop, max, detail]), 0);
  };
  requestAnimationFrame(step);
});
"#;

/// Resource timings of the requests the page started before `limit` ms (the first row):
/// [[path and query, start ms, end ms]], in start order.
const REQUESTS_BEFORE: &str = r#"
const [limit] = arguments;
return performance.getEntriesByType('resource')
  .filter((e) => e.startTime < limit)
  .map((e) => { const u = new URL(e.name); return [u.pathname + u.search, Math.round(e.startTime), Math.round(e.responseEnd)]; });
"#;

const DEPLOYMENTS: &str = "?source=0&project=1&view=deployments";

// ---------------------------------------------------------------------------------------------
// Sections.

async fn query(www: PathBuf) -> Res<Map<String, Value>> {
    if !www.join("shipboard_bench_wasm_bg.wasm").exists() {
        return Err(format!(
            "{} has no benchmark module: run `cargo xtask bench`",
            www.display()
        ));
    }
    let h = start(Options {
        app_base: "/".into(),
        app_dir: Some(www),
        ..Options::default()
    })
    .await;
    h.open("?sizes=10000,100000&runs=11").await;
    let result = poll(&h, "window.benchResult", Duration::from_secs(600)).await?;
    h.close().await;
    if result["ok"] != json!(true) {
        return Err(format!("the page failed: {}", result["error"]));
    }
    let mut out = Map::new();
    let empty = Vec::new();
    for r in result["results"].as_array().unwrap_or(&empty) {
        let n = r["n"].as_u64().unwrap_or(0);
        let size = format!("{}k", n / 1000);
        let workload = r["workload"].as_str().unwrap_or("?");
        let wasm = num(&r["wasm_ms"], "wasm_ms")?;
        let indexed = num(&r["wasm_indexed_ms"], "wasm_indexed_ms")?;
        let js = num(&r["js_ms"], "js_ms")?;
        let js_indexed = num(&r["js_indexed_ms"], "js_indexed_ms")?;
        println!(
            "    {workload:<20} {n:>7} rows: wasm {wasm:>7.1} ms  js {js:>7.1} ms  ratio {:.2} | indexed: wasm {indexed:>6.1} js {js_indexed:>6.1} ratio {:.2} (JS index built in {:.0} ms) | kept {}/{}  same order: {}",
            wasm / js,
            indexed / js_indexed,
            r["js_index_build_ms"].as_f64().unwrap_or(f64::NAN),
            r["kept_wasm"],
            r["kept_js"],
            r["same_order"]
        );
        if r["same_order"] != json!(true) {
            return Err(format!(
                "the wasm and JavaScript results differ for {workload} at {n} rows"
            ));
        }
        // The headline key is the full workload (search + filter + sort).
        let prefix = if workload == "search_filter_sort" {
            format!("filter_sort_{size}")
        } else {
            format!("{workload}_only_{size}")
        };
        out.insert(format!("{prefix}_wasm_ms"), json!(round(wasm, 2)));
        out.insert(
            format!("{prefix}_wasm_indexed_ms"),
            json!(round(indexed, 2)),
        );
        out.insert(format!("{prefix}_js_ms"), json!(round(js, 2)));
        out.insert(
            format!("{prefix}_js_indexed_ms"),
            json!(round(js_indexed, 2)),
        );
        out.insert(
            format!("{prefix}_wasm_indexed_js_indexed_ratio"),
            json!(round(indexed / js_indexed, 3)),
        );
        out.insert(
            format!("{prefix}_wasm_js_ratio"),
            json!(round(wasm / js, 3)),
        );
    }
    if let Some(ua) = result["user_agent"].as_str() {
        out.insert("browser".into(), json!(ua));
    }
    Ok(out)
}

/// Opens a GitHub repository's deployments (a page of 30, the default), waits until the
/// simulator's request log has been quiet for 1.5 s, and counts the GitHub API GETs the view
/// made: the page itself and the statuses (`…/deployments/{id}/statuses`).
async fn github_first_page() -> Res<(usize, usize)> {
    let h = start(Options::default()).await;
    h.open("?source=1&project=acme%2Fshop&view=deployments")
        .await;
    h.wait_for("[data-testid=deployment-row]").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last = 0;
    let mut quiet_since = Instant::now();
    let log = loop {
        let log = h.api_get("/__sim/requests").await;
        let n = log.as_array().map_or(0, Vec::len);
        if n != last {
            last = n;
            quiet_since = Instant::now();
        } else if quiet_since.elapsed() > Duration::from_millis(1500) || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let rows = h
        .client
        .execute(
            "return [document.querySelectorAll('[data-testid=deployment-row]').length, (() => { const s = document.querySelector('[data-testid=table-scroll]'); return s ? Math.ceil(s.clientHeight / 41) : null; })()];",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let errors = h.console_errors().await;
    h.close().await;
    if !errors.is_empty() {
        return Err(format!("console errors: {errors:?}"));
    }
    let empty = Vec::new();
    let gets: Vec<&str> = log
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|r| r["method"] == "GET")
        .filter_map(|r| r["path"].as_str())
        .filter(|p| p.starts_with("/github/repos/"))
        .collect();
    let statuses = gets.iter().filter(|p| p.ends_with("/statuses")).count();
    println!(
        "    {} GitHub API GETs ({} of them statuses, {} others: {:?}); rows rendered {}, rows in view about {}",
        gets.len(),
        statuses,
        gets.len() - statuses,
        gets.iter().filter(|p| !p.ends_with("/statuses")).collect::<Vec<_>>(),
        rows[0],
        rows[1]
    );
    Ok((gets.len(), statuses))
}

/// Prints and returns the requests of a cold load that started before the first row: the
/// page's own files and API calls (resource timings), each API call with its preflight when the
/// simulator logged one for the same path.
fn critical_path(before: &Value, log: &Value) -> Vec<String> {
    let empty = Vec::new();
    let preflighted: Vec<&str> = log
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter(|r| r["method"] == "OPTIONS")
        .filter_map(|r| r["path"].as_str())
        .collect();
    println!("    requests started before the first row (last run, 50 ms latency):");
    let mut out = Vec::new();
    for r in before.as_array().unwrap_or(&empty) {
        let path = r[0].as_str().unwrap_or("?");
        let bare = path.split('?').next().unwrap_or(path);
        let what = if preflighted.contains(&bare) {
            format!("OPTIONS + GET {path}")
        } else {
            format!("GET {path}")
        };
        println!("      {:>5} → {:>5} ms  {what}", r[1], r[2]);
        out.push(what);
    }
    out
}

/// Navigation start → the first deployment row, on a fresh browser and simulator per run; the
/// last run's requests started before the first row (resource timings) and the simulator's
/// request log (preflights included) come with the times.
async fn first_row(latency: u64, runs: usize) -> Res<(Vec<f64>, Value, Value)> {
    let mut times = Vec::new();
    let mut critical = (Value::Null, Value::Null);
    for _ in 0..runs {
        // A fresh browser (empty HTTP, code and preflight caches) and simulator per run.
        let h = start(Options {
            sim_args: vec!["--latency-ms".into(), latency.to_string()],
            ..Options::default()
        })
        .await;
        h.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": FIRST_ROW_OBSERVER }),
        )
        .await;
        // SHIPBOARD_BENCH_PROFILE_FIRST_ROW=FILE: a CPU profile of the cold load at 0 ms
        // latency (the last run), from navigation to the first row.
        let profile =
            std::env::var_os("SHIPBOARD_BENCH_PROFILE_FIRST_ROW").filter(|_| latency == 0);
        if profile.is_some() {
            profile_start(&h).await;
        }
        h.open(DEPLOYMENTS).await;
        let v = match poll(&h, "window.__benchFirstRow", Duration::from_secs(30)).await {
            Ok(v) => v,
            Err(e) => {
                // The browser is closed, not left running beside the next runs.
                h.close().await;
                return Err(e);
            }
        };
        let at = num(&v, "first row")?;
        if let Some(path) = profile {
            profile_stop(&h, &path).await?;
        }
        let before = h
            .client
            .execute(REQUESTS_BEFORE, vec![json!(at)])
            .await
            .map_err(|e| format!("resource timings: {e}"))?;
        let log = h.api_get("/__sim/requests").await;
        let errors = h.console_errors().await;
        h.close().await;
        if !errors.is_empty() {
            return Err(format!("console errors: {errors:?}"));
        }
        times.push(at);
        critical = (before, log);
    }
    Ok((times, critical.0, critical.1))
}

/// Navigation start → the overview's last cell filled (its summary says every project loaded),
/// on a fresh browser and simulator per run; with the API requests (GET and preflight) the
/// last run cost, from the simulator's request log.
async fn overview(runs: usize) -> Res<(Vec<f64>, usize, usize)> {
    const FILLED: &str =
        "(() => { const s = document.querySelector('[data-testid=overview-summary]'); \
        return s && s.textContent.trim() === '200 projects' ? performance.now() : null; })()";
    let (mut times, mut gets, mut preflights) = (Vec::new(), 0, 0);
    for _ in 0..runs {
        let h = start(Options {
            sim_args: ["--projects", "200", "--latency-ms", "50"]
                .map(String::from)
                .to_vec(),
            ..Options::default()
        })
        .await;
        h.open("?view=overview&source=demo-gitlab").await;
        let v = poll(&h, FILLED, Duration::from_secs(120)).await?;
        times.push(num(&v, "overview filled")?);
        let log = h.api_get("/__sim/requests").await;
        let api = |method: &str| {
            log.as_array().map_or(0, |l| {
                l.iter()
                    .filter(|r| r["method"] == method)
                    .filter(|r| {
                        r["path"]
                            .as_str()
                            .is_some_and(|p| p.starts_with("/api/v4/"))
                    })
                    .count()
            })
        };
        gets = api("GET");
        preflights = api("OPTIONS");
        let errors = h.console_errors().await;
        h.close().await;
        if !errors.is_empty() {
            return Err(format!("console errors: {errors:?}"));
        }
    }
    Ok((times, gets, preflights))
}

async fn load_all(runs: usize) -> Res<(Vec<f64>, Vec<f64>)> {
    let (mut parallel, mut sequential) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Fresh browser per run: no preflight is cached for pages 2–10 in either measurement.
        let h = start(Options {
            sim_args: ["--deployments", "1000", "--latency-ms", "50"]
                .map(String::from)
                .to_vec(),
            ..Options::default()
        })
        .await;
        h.open(&format!("{DEPLOYMENTS}&per_page=100")).await;
        h.wait_for("[data-testid=load-all]").await;
        let seq = |tag: String| {
            exec_async(
                &h,
                SEQUENTIAL,
                vec![
                    json!(h.api_origin),
                    json!(h.token),
                    json!(1),
                    json!(100),
                    json!(2),
                    json!(10),
                    json!(tag),
                ],
            )
        };
        let par = || exec_async(&h, LOAD_ALL, vec![json!(1000)]);
        // Alternate which goes first; both fetch pages 2–10 (page 1 is already shown).
        let (p, s) = if run % 2 == 0 {
            let s = seq(format!("s{run}")).await?;
            (par().await?, s)
        } else {
            let p = par().await?;
            (p, seq(format!("s{run}")).await?)
        };
        h.close().await;
        parallel.push(num(&p, "load all")?);
        if s[1] != json!(900) {
            return Err(format!("sequential fetch got {} rows, not 900", s[1]));
        }
        sequential.push(num(&s[0], "sequential")?);
    }
    Ok((parallel, sequential))
}

/// Clicks "load all" and waits for `rows` rows: the milliseconds the page measured.
async fn load_all_ms(h: &Harness, rows: u64, what: &str) -> Res<f64> {
    h.client
        .execute(LOAD_ALL, vec![json!(rows), Value::Null])
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    num(
        &poll(h, "window.__benchLoad", Duration::from_secs(900)).await?,
        what,
    )
}

/// The size of the app's wasm linear memory (Trunk's loader hands its exports to the page).
async fn wasm_memory_bytes(h: &Harness) -> Res<Option<f64>> {
    let bytes = h
        .client
        .execute(
            "return window.__benchWasm && window.__benchWasm.memory ? window.__benchWasm.memory.buffer.byteLength : null;",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(bytes.as_f64())
}

/// Starts a DevTools CPU profile (one sample every 200 µs).
async fn profile_start(h: &Harness) {
    h.cdp("Profiler.enable", json!({})).await;
    h.cdp("Profiler.setSamplingInterval", json!({ "interval": 200 }))
        .await;
    h.cdp("Profiler.start", json!({})).await;
}

/// Stops the profile, prints its heaviest functions and writes it to `path`.
async fn profile_stop(h: &Harness, path: &std::ffi::OsStr) -> Res<()> {
    let stopped = h.cdp("Profiler.stop", json!({})).await;
    print_profile(&stopped["profile"]);
    std::fs::write(path, stopped["profile"].to_string())
        .map_err(|e| format!("{}: {e}", path.to_string_lossy()))
}

/// Prints the functions of a DevTools CPU profile with the most self time (samples).
fn print_profile(profile: &Value) {
    let empty = Vec::new();
    let nodes = profile["nodes"].as_array().unwrap_or(&empty);
    let mut by_name: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut total = 0;
    for node in nodes {
        let hits = node["hitCount"].as_u64().unwrap_or(0);
        let frame = &node["callFrame"];
        let name = frame["functionName"].as_str().unwrap_or_default();
        let url = frame["url"].as_str().unwrap_or_default();
        let file = url.rsplit('/').next().unwrap_or_default();
        *by_name.entry(format!("{name} ({file})")).or_default() += hits;
        total += hits;
    }
    let mut top: Vec<_> = by_name.into_iter().collect();
    top.sort_by_key(|t| std::cmp::Reverse(t.1));
    println!("    CPU profile: {total} samples; heaviest by self time:");
    for (name, hits) in top.iter().take(40) {
        println!(
            "      {:5.1}%  {name}",
            *hits as f64 * 100.0 / total.max(1) as f64
        );
    }
}

async fn at_100k(runs: usize, rows: u64) -> Res<Map<String, Value>> {
    let mut out = Map::new();
    let h = start(Options {
        sim_args: vec![
            "--deployments".into(),
            rows.to_string(),
            "--projects".into(),
            "1".into(),
        ],
        // SHIPBOARD_BENCH_BROWSER_ARGS: more Chromium flags, e.g. a startup trace
        // (`--trace-startup=… --trace-startup-file=…`) of the load and the scrolls.
        browser_args: std::iter::once("--enable-precise-memory-info".to_owned())
            .chain(
                std::env::var("SHIPBOARD_BENCH_BROWSER_ARGS")
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_owned),
            )
            .collect(),
        ..Options::default()
    })
    .await;
    // Trunk's loader announces the wasm exports (with the linear memory) in this event.
    h.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "addEventListener('TrunkApplicationStarted', (e) => { window.__benchWasm = e.detail.wasm; });" }),
    )
    .await;
    // First load: the simulator renders each deployment's JSON as it is asked for (about 7 ms
    // of its own CPU a page of 100, on a core the browser shares). Kept as its own figure.
    h.open(&format!("{DEPLOYMENTS}&per_page=100")).await;
    h.wait_for("[data-testid=load-all]").await;
    let cold_ms = load_all_ms(&h, rows, "load 100k, simulator cold").await?;
    println!("    load all of 100,000 rows, simulator rendering each page afresh: {cold_ms:.0} ms");
    out.insert("load_100k_sim_cold_ms".into(), json!(round(cold_ms, 0)));
    // The timed loads, each in a fresh page: the simulator now answers from the JSON it
    // rendered (until a write), so the figure is the client's. The median of three (one load
    // varies by ±15 % on this kind of machine); the last page stays for what follows.
    let warm_runs = runs.clamp(1, 3);
    let mut loads = Vec::new();
    for run in 0..warm_runs {
        h.open(&format!("{DEPLOYMENTS}&per_page=100")).await;
        h.wait_for("[data-testid=load-all]").await;
        if run == 0 {
            if let Some(b) = wasm_memory_bytes(&h).await? {
                println!(
                    "    wasm linear memory with the first page shown: {:.1} MB",
                    b / 1_048_576.0
                );
                out.insert(
                    "wasm_memory_mb_first_page".into(),
                    json!(round(b / 1_048_576.0, 1)),
                );
            }
        }
        // SHIPBOARD_BENCH_PROFILE=FILE: a CPU profile of the last load (DevTools format) is
        // written there and its heaviest functions printed (build with `data-keep-debug` for
        // wasm names).
        let profile = std::env::var_os("SHIPBOARD_BENCH_PROFILE").filter(|_| run + 1 == warm_runs);
        if profile.is_some() {
            profile_start(&h).await;
        }
        loads.push(load_all_ms(&h, rows, "load 100k").await?);
        if let Some(path) = profile {
            profile_stop(&h, &path).await?;
        }
    }
    let load_ms = median(&loads);
    println!(
        "    load all of 100,000 rows (1,000 pages of 100, 0 ms latency, simulator warm, fresh page each), runs (ms): {} → median {load_ms:.0}",
        fmt_runs(&loads)
    );
    out.insert("load_100k_ms".into(), json!(round(load_ms, 0)));

    let counts = h
        .client
        .execute(
            "return [document.querySelectorAll('[data-testid=deployment-row]').length, document.getElementsByTagName('*').length];",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let rows = counts[0].as_u64().unwrap_or(0);
    let elements = counts[1].as_u64().unwrap_or(0);
    println!("    row elements in the DOM: {rows} (all elements: {elements})");
    out.insert("dom_rows_at_100k".into(), json!(rows));
    out.insert("dom_elements_at_100k".into(), json!(elements));

    h.cdp("HeapProfiler.enable", json!({})).await;
    h.cdp("HeapProfiler.collectGarbage", json!({})).await;
    let heap = h
        .client
        .execute(
            "return performance.memory ? performance.memory.usedJSHeapSize : null;",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    let mb = |b: f64| round(b / 1_048_576.0, 1);
    let js_heap = num(&heap, "usedJSHeapSize")?;
    println!(
        "    JS heap (usedJSHeapSize, after GC): {:.1} MB",
        mb(js_heap)
    );
    out.insert("js_heap_mb_at_100k".into(), json!(mb(js_heap)));
    if let Some(b) = wasm_memory_bytes(&h).await? {
        println!("    wasm linear memory: {:.1} MB", mb(b));
        out.insert("wasm_memory_mb_at_100k".into(), json!(mb(b)));
    }
    let errors = h.console_errors().await;
    if !errors.is_empty() {
        return Err(format!("console errors while loading: {errors:?}"));
    }

    let (mut apply, mut frame, mut clear) = (Vec::new(), Vec::new(), Vec::new());
    let mut shown = String::new();
    for _ in 0..runs {
        let v = exec_async(&h, SEARCH, vec![json!("fix main")]).await?;
        apply.push(num(&v[0], &format!("search ({})", v[2]))?);
        frame.push(num(&v[1], "search + frame")?);
        shown = v[2].as_str().unwrap_or_default().to_owned();
        let v = exec_async(&h, SEARCH, vec![json!("")]).await?;
        clear.push(num(&v[0], "clear search")?);
    }
    println!(
        "    search \"fix main\" over 100,000 rows (ms): {} → {shown}",
        fmt_runs(&apply)
    );
    println!("    … until the next frame (ms): {}", fmt_runs(&frame));
    println!("    clearing the search (ms): {}", fmt_runs(&clear));
    // Scrolling the whole table (search cleared: 100,000 rows) in 2 s: one run to warm the row
    // rendering code, then `runs` runs; the medians are kept (a 2-core VM's frame times vary
    // from run to run by a factor of several).
    let mut scrolls = Vec::new();
    // SHIPBOARD_BENCH_PROFILE_SCROLL=FILE: a CPU profile of the last scroll.
    let profile = std::env::var_os("SHIPBOARD_BENCH_PROFILE_SCROLL");
    for run in 0..=runs {
        if run == runs && profile.is_some() {
            profile_start(&h).await;
        }
        let scroll = exec_async(&h, SCROLL, vec![]).await?;
        if run > 0 {
            scrolls.push(scroll);
        }
    }
    if let Some(path) = profile {
        profile_stop(&h, &path).await?;
    }
    let pick = |k: usize| -> Vec<f64> {
        scrolls
            .iter()
            .map(|s| s[k].as_f64().unwrap_or(f64::NAN))
            .collect()
    };
    let (frames, long, longest) = (pick(0), pick(1), pick(2));
    if let Some(last) = scrolls.last() {
        println!(
            "    scroll top to bottom in 2 s: frames {}, long (> 20.8 ms) {}, longest gap (ms) {}; last run: {} distinct first rows, scrollTop {} of {}",
            fmt_runs(&frames), fmt_runs(&long), fmt_runs(&longest), last[3], last[4], last[5]
        );
    }
    // Where a frame's main-thread time went, as the page sees it: from the frame's start to the
    // rAF callback (the scroll handlers: the table's update) and the `scrollTop` write (the
    // layout the update left to do).
    let mut handlers = Vec::new();
    let mut layout = Vec::new();
    for (run, s) in scrolls.iter().enumerate() {
        let mut long_ones = Vec::new();
        for f in s[6].as_array().into_iter().flatten() {
            let part = |k: usize| f[k].as_f64().unwrap_or(f64::NAN);
            handlers.push(part(1));
            layout.push(part(2));
            if part(0) > 16.7 * 1.25 {
                long_ones.push(format!("{}/{}/{}", part(0), part(1), part(2)));
            }
        }
        if std::env::var_os("SHIPBOARD_BENCH_SCROLL_DETAIL").is_some() && !long_ones.is_empty() {
            println!(
                "      run {}: long frames as gap/update/layout (ms): {}",
                run + 1,
                long_ones.join(" ")
            );
        }
    }
    handlers.sort_by(f64::total_cmp);
    layout.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: f64| v.get(((v.len() as f64 - 1.0) * p) as usize).copied();
    println!(
        "    each frame: table update (ms) median {:?}, 95th {:?}; layout (ms) median {:?}, 95th {:?}",
        pct(&handlers, 0.5), pct(&handlers, 0.95), pct(&layout, 0.5), pct(&layout, 0.95)
    );
    out.insert("scroll_100k_long_frames".into(), json!(median(&long)));
    out.insert("scroll_100k_frames".into(), json!(median(&frames)));
    out.insert(
        "scroll_100k_longest_frame_ms".into(),
        json!(round(median(&longest), 1)),
    );
    let errors = h.console_errors().await;
    // SHIPBOARD_BENCH_HOLD_SECS=N keeps this browser open N seconds more: Chromium writes a
    // startup trace (`--trace-startup-duration=…` in SHIPBOARD_BENCH_BROWSER_ARGS) only when
    // its duration ends while it runs.
    if let Some(secs) = std::env::var("SHIPBOARD_BENCH_HOLD_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        tokio::time::sleep(Duration::from_secs(secs)).await;
    }
    h.close().await;
    if let Some(first) = errors.first() {
        // The app broke while searching: report it instead of timing a dead page.
        let first: String = first.chars().take(400).collect();
        println!("    THE APP FAILED WHILE SEARCHING (search timings dropped): {first}");
        out.insert("app_error_on_search_at_100k".into(), json!(first));
        return Ok(out);
    }
    out.insert(
        "filter_apply_100k_ms".into(),
        json!(round(median(&apply), 1)),
    );
    out.insert(
        "filter_apply_100k_frame_ms".into(),
        json!(round(median(&frame), 1)),
    );
    out.insert(
        "filter_clear_100k_ms".into(),
        json!(round(median(&clear), 1)),
    );
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Criterion's medians, the machine, the table.

/// `(key, criterion id)`: medians folded into the summary when criterion has run.
const CRITERION: &[(&str, &str)] = &[
    ("native_query_apply_10k_ms", "query/apply/10000"),
    ("native_query_apply_100k_ms", "query/apply/100000"),
    (
        "native_query_apply_indexed_100k_ms",
        "query/apply_indexed/100000",
    ),
    ("native_filter_sort_100k_ms", "query/filter_sort/100000"),
    (
        "native_parse_gitlab_page_100_us",
        "parse/gitlab_deployments_page/100",
    ),
    (
        "native_rows_from_gitlab_page_100_us",
        "parse/rows_from_gitlab_page/100",
    ),
    ("native_group_by_folder_1000_us", "group/by_folder/1000"),
    ("native_group_by_tier_1000_us", "group/by_tier/1000"),
    (
        "native_latest_per_environment_100k_ms",
        "group/latest_per_environment/100000",
    ),
];

fn criterion(dir: &Path, results: &mut Results) {
    for (key, id) in CRITERION {
        let path = dir.join(id).join("new/estimates.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let Some(ns) = v["median"]["point_estimate"].as_f64() else {
            continue;
        };
        let value = if key.ends_with("_us") {
            ns / 1e3
        } else {
            ns / 1e6
        };
        results.set(key, round(value, 3));
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores, {}", std::env::consts::OS)
}

/// `(key, what, target)`: the issue's figures with their targets, in table order.
const TABLE: &[(&str, &str, &str)] = &[
    (
        "filter_sort_100k_wasm_ms",
        "search+filter+sort 100k, wasm (ms)",
        "≤ 0.5 × js",
    ),
    (
        "filter_sort_100k_js_ms",
        "search+filter+sort 100k, JS peer (ms)",
        "",
    ),
    ("filter_sort_100k_wasm_js_ratio", "  wasm / js", "≤ 0.5"),
    (
        "filter_sort_100k_wasm_indexed_ms",
        "  wasm with the app's prebuilt index (ms)",
        "",
    ),
    (
        "filter_sort_100k_js_indexed_ms",
        "  indexed JS peer (same precomputation) (ms)",
        "",
    ),
    (
        "filter_sort_100k_wasm_indexed_js_indexed_ratio",
        "  wasm indexed / JS indexed",
        "≤ 0.7",
    ),
    (
        "filter_sort_10k_wasm_ms",
        "search+filter+sort 10k, wasm (ms)",
        "",
    ),
    (
        "filter_sort_10k_js_ms",
        "search+filter+sort 10k, JS peer (ms)",
        "",
    ),
    (
        "filter_sort_only_100k_wasm_ms",
        "filter+sort (no search) 100k, wasm (ms)",
        "",
    ),
    (
        "filter_sort_only_100k_js_ms",
        "filter+sort (no search) 100k, JS peer (ms)",
        "",
    ),
    (
        "bundle_gzip_bytes",
        "bundle wasm+js+css, gzip (bytes)",
        "≤ 256000",
    ),
    (
        "bundle_brotli_bytes",
        "bundle wasm+js+css, brotli (bytes)",
        "≤ 204800",
    ),
    ("bundle_raw_bytes", "bundle wasm+js+css, raw (bytes)", ""),
    ("bundle_wasm_gzip_bytes", "  wasm, gzip (bytes)", ""),
    ("first_row_ms", "first row, 0 ms latency (ms)", "≤ 300"),
    (
        "first_row_50ms_latency_ms",
        "first row, 50 ms latency (ms)",
        "≤ 450",
    ),
    (
        "load_1000_parallel_ms",
        "load all 1,000 rows, 50 ms latency (ms)",
        "≤ 300",
    ),
    (
        "load_1000_sequential_ms",
        "same pages one after another (ms)",
        "≥ 3.5 × load all",
    ),
    (
        "overview_200_projects_ms",
        "overview, 200 projects, 50 ms latency (ms)",
        "",
    ),
    ("overview_200_projects_requests", "  … API GETs it took", ""),
    (
        "github_requests_first_page",
        "GitHub page of 30 with statuses: API GETs",
        "≤ 1 + rows in view",
    ),
    (
        "load_100k_ms",
        "load all 100,000 rows, 0 ms latency, simulator warm (ms)",
        "≤ 6000",
    ),
    (
        "load_100k_sim_cold_ms",
        "  … the first load, simulator rendering every page (ms)",
        "",
    ),
    (
        "dom_rows_at_100k",
        "row elements in the DOM at 100k rows",
        "≤ 150",
    ),
    ("js_heap_mb_at_100k", "JS heap at 100k rows (MB)", ""),
    (
        "wasm_memory_mb_at_100k",
        "wasm linear memory at 100k rows (MB)",
        "≤ 40",
    ),
    (
        "filter_apply_100k_ms",
        "apply a search at 100k rows (ms)",
        "≤ 50",
    ),
    (
        "filter_apply_100k_frame_ms",
        "  … to the next frame (ms)",
        "",
    ),
    (
        "scroll_100k_long_frames",
        "long frames scrolling 100k rows in 2 s",
        "0",
    ),
    (
        "native_query_apply_100k_ms",
        "native search+filter+sort 100k (ms)",
        "",
    ),
    (
        "native_parse_gitlab_page_100_us",
        "native parse 100-deployment page (µs)",
        "",
    ),
    (
        "native_group_by_folder_1000_us",
        "native group 1,000 environments (µs)",
        "",
    ),
];

fn print_table(results: &Results) {
    println!("\n| measure | value | target |");
    println!("|---|---:|---|");
    for (key, what, target) in TABLE {
        let value = match results.values.get(*key) {
            Some(v) => v.to_string(),
            None => "—".into(),
        };
        println!("| {what} | {value} | {target} |");
    }
    println!("\nmachine: {}", machine());
}
