// Search + filter + sort over the same generated rows, by shipboard-core in wasm and by a
// straightforward JavaScript peer written as a typical dashboard would (Array.prototype.filter
// and Array.prototype.sort on parsed JSON objects). Runs alternate between the two; the result
// (medians in ms) lands in `window.benchResult` for the WebDriver bench to read.

import init, { load, rows_json, run, run_indexed, order } from "./shipboard_bench_wasm.js";

const params = new URLSearchParams(location.search);
const SIZES = (params.get("sizes") || "10000,100000").split(",").map(Number);
const RUNS = Number(params.get("runs") || 11);
const WARMUP = 3;
const SEED = 42;

const noFilter = {
  statuses: [], environment: null, tiers: [], created_from: null, created_before: null,
  forge: null, project: null,
};
// The same workloads as crates/core/benches/query.rs.
const WORKLOADS = {
  search_filter_sort: {
    search: "fix main",
    filter: { ...noFilter, statuses: ["success", "failed", "running"] },
    sort: { key: "environment", dir: "desc" },
  },
  filter_sort: {
    search: "",
    filter: { ...noFilter, environment: "review/" },
    sort: { key: "created", dir: "desc" },
  },
};

// ---- The JavaScript peer: same semantics as shipboard_core::query, written plainly. ----

function parseTerms(text) {
  const terms = [];
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    if (/^#\d+$/.test(word)) {
      terms.push({ number: Number(word.slice(1)) });
      continue;
    }
    const clean = word.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
    if (!clean) continue;
    const lower = clean.toLowerCase();
    terms.push({ text: lower, number: /^\d+$/.test(lower) ? Number(lower) : null });
  }
  return terms;
}

function matchesTerms(row, terms) {
  const number = row.iid ?? row.id;
  return terms.every((t) => {
    if (t.text === undefined) return number === t.number;
    return (
      row.git_ref.toLowerCase().includes(t.text) ||
      row.environment.toLowerCase().includes(t.text) ||
      (row.author || "").toLowerCase().includes(t.text) ||
      (row.commit_title || "").toLowerCase().includes(t.text) ||
      row.sha.toLowerCase().startsWith(t.text) ||
      (t.number !== null && number === t.number)
    );
  });
}

function environmentMatches(env, name) {
  if (env.endsWith("/")) return name.startsWith(env); // a folder: `review/` keeps `review/a`
  return name === env;
}

function matchesFilter(row, f) {
  if (f.created_from && new Date(row.created_at) < new Date(f.created_from)) return false;
  if (f.created_before && new Date(row.created_at) >= new Date(f.created_before)) return false;
  if (f.forge && row.forge !== f.forge) return false;
  if (f.statuses.length && !f.statuses.includes(row.status)) return false;
  if (f.environment && !environmentMatches(f.environment, row.environment)) return false;
  if (f.tiers.length && !f.tiers.includes(row.tier)) return false;
  if (f.project && row.project !== f.project) return false;
  return true;
}

const SORT_FIELDS = {
  forge: (r) => (r.forge === "gitlab" ? 0 : 1),
  project: (r) => r.project,
  id: (r) => r.id,
  iid: (r) => r.iid,
  environment: (r) => r.environment,
  ref: (r) => r.git_ref,
  sha: (r) => r.sha,
  author: (r) => r.author,
  // RFC 3339 strings in one format and zone: string order is time order.
  created: (r) => r.created_at,
  updated: (r) => r.updated_at,
  finished: (r) => r.finished_at,
  duration: (r) => r.duration_secs,
};

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1; // missing values sort as the smallest
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : 1;
}

function peer(rows, query) {
  const terms = parseTerms(query.search);
  const kept = rows.filter((row) => matchesFilter(row, query.filter) && matchesTerms(row, terms));
  if (query.sort) {
    const field = SORT_FIELDS[query.sort.key];
    if (!field) throw new Error(`the peer has no sort for ${query.sort.key}`);
    const dir = query.sort.dir === "desc" ? -1 : 1;
    kept.sort((a, b) => dir * compare(field(a), field(b))); // stable in both directions
  }
  return kept;
}

// ---- The harness. ----

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const tick = () => new Promise((r) => setTimeout(r, 0));

function timeWasm(fn, json) {
  const t0 = performance.now();
  const kept = fn(json);
  return [performance.now() - t0, kept];
}

function timeJs(rows, query) {
  const t0 = performance.now();
  const kept = peer(rows, query);
  return [performance.now() - t0, kept];
}

async function main() {
  await init();
  const results = [];
  for (const n of SIZES) {
    load(n, SEED);
    const rows = JSON.parse(rows_json());
    rows.forEach((r, i) => Object.defineProperty(r, "__i", { value: i }));
    for (const [name, query] of Object.entries(WORKLOADS)) {
      const json = JSON.stringify(query);
      // Same output? Same rows in the same order.
      const keptWasm = run(json);
      const wasmOrder = order();
      const jsOrder = peer(rows, query).map((r) => r.__i);
      const same = jsOrder.length === wasmOrder.length && jsOrder.every((v, i) => v === wasmOrder[i]);
      for (let w = 0; w < WARMUP; w++) {
        run(json);
        run_indexed(json);
        peer(rows, query);
        await tick();
      }
      const wasm = [], indexed = [], js = [];
      for (let r = 0; r < RUNS; r++) {
        if (r % 2 === 0) {
          wasm.push(timeWasm(run, json)[0]);
          await tick();
          js.push(timeJs(rows, query)[0]);
        } else {
          js.push(timeJs(rows, query)[0]);
          await tick();
          wasm.push(timeWasm(run, json)[0]);
        }
        await tick();
        indexed.push(timeWasm(run_indexed, json)[0]);
        await tick();
      }
      results.push({
        n, workload: name, runs: RUNS,
        wasm_ms: median(wasm), wasm_indexed_ms: median(indexed), js_ms: median(js),
        kept_wasm: keptWasm, kept_js: jsOrder.length, same_order: same,
      });
      document.getElementById("status").textContent = `done ${n} ${name}`;
    }
  }
  window.benchResult = { ok: true, user_agent: navigator.userAgent, results };
  document.getElementById("status").textContent = "done";
}

main().catch((e) => {
  window.benchResult = { ok: false, error: String(e && e.stack ? e.stack : e) };
});
