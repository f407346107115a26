// Search + filter + sort over the same generated rows, by shipboard-core in wasm and by two
// JavaScript peers: a straightforward one written as a typical dashboard would
// (Array.prototype.filter and Array.prototype.sort on parsed JSON objects), and an indexed one
// with the same precomputation as the wasm's `SearchIndex` (beside `run_indexed`). Runs
// alternate wasm and JS; the medians (ms) land in `window.benchResult` for the WebDriver bench.

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

// ---- The indexed JavaScript peer: what a performance-minded JS engineer would build. ----
// Everything that does not depend on the query is computed once per row set (as the wasm's
// `SearchIndex` is): one lowercased haystack per row (fields joined by a control character no
// term contains), typed columns for the filters, and for every sortable column a typed key
// (numbers as they are, text as its rank among the column's distinct values, missing as the
// smallest). A query is then one pass over typed arrays and a sort of an index array.

const STATUS_CODES = new Map();
const code = (map, value) => {
  let c = map.get(value);
  if (c === undefined) {
    c = map.size;
    map.set(value, c);
  }
  return c;
};

function rankColumn(rows, get) {
  const distinct = [...new Set(rows.map(get).filter((v) => v !== null && v !== undefined))];
  distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(distinct.map((v, i) => [v, i + 1]));
  const keys = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const v = get(r);
    keys[i] = v === null || v === undefined ? 0 : rank.get(v);
  });
  return keys;
}

function buildIndex(rows) {
  const n = rows.length;
  const hay = new Array(n);
  const sha = new Array(n);
  const number = new Float64Array(n);
  const created = new Float64Array(n);
  const status = new Uint16Array(n);
  const envs = new Map();
  const env = new Uint32Array(n);
  const tiers = new Map();
  const tier = new Uint16Array(n);
  const forge = new Uint8Array(n);
  const projects = new Map();
  const project = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    hay[i] = `${r.git_ref}\u0001${r.environment}\u0001${r.author || ""}\u0001${r.commit_title || ""}`.toLowerCase();
    sha[i] = r.sha.toLowerCase();
    number[i] = r.iid ?? r.id;
    created[i] = Date.parse(r.created_at);
    status[i] = code(STATUS_CODES, r.status);
    env[i] = code(envs, r.environment);
    tier[i] = code(tiers, r.tier);
    forge[i] = r.forge === "gitlab" ? 0 : 1;
    project[i] = code(projects, r.project);
  }
  const envNames = [...envs.keys()];
  const sortKeys = {};
  const numeric = (get) => {
    const keys = new Float64Array(n);
    rows.forEach((r, i) => {
      const v = get(r);
      keys[i] = v === null || v === undefined ? -Infinity : v;
    });
    return keys;
  };
  sortKeys.forge = Float64Array.from(forge);
  sortKeys.id = numeric((r) => r.id);
  sortKeys.iid = numeric((r) => r.iid);
  sortKeys.duration = numeric((r) => r.duration_secs);
  sortKeys.project = rankColumn(rows, (r) => r.project);
  sortKeys.environment = rankColumn(rows, (r) => r.environment);
  sortKeys.ref = rankColumn(rows, (r) => r.git_ref);
  sortKeys.sha = rankColumn(rows, (r) => r.sha);
  sortKeys.author = rankColumn(rows, (r) => r.author);
  sortKeys.created = rankColumn(rows, (r) => r.created_at);
  sortKeys.updated = rankColumn(rows, (r) => r.updated_at);
  sortKeys.finished = rankColumn(rows, (r) => r.finished_at);
  return { n, hay, sha, number, created, status, env, envNames, tier, tiers, forge, project, projects, sortKeys };
}

function indexedPeer(ix, query) {
  const terms = parseTerms(query.search);
  const f = query.filter;
  const statuses = new Set(f.statuses.map((s) => STATUS_CODES.get(s) ?? -1));
  const tierSet = new Set(f.tiers.map((t) => ix.tiers.get(t) ?? -1));
  const from = f.created_from ? Date.parse(f.created_from) : -Infinity;
  const before = f.created_before ? Date.parse(f.created_before) : Infinity;
  const forge = f.forge ? (f.forge === "gitlab" ? 0 : 1) : -1;
  const project = f.project ? ix.projects.get(f.project) ?? -1 : -2;
  let envOk = null;
  if (f.environment) {
    envOk = new Uint8Array(ix.envNames.length);
    ix.envNames.forEach((name, e) => {
      envOk[e] = environmentMatches(f.environment, name) ? 1 : 0;
    });
  }
  const kept = new Uint32Array(ix.n);
  let k = 0;
  for (let i = 0; i < ix.n; i++) {
    const c = ix.created[i];
    if (c < from || c >= before) continue;
    if (forge >= 0 && ix.forge[i] !== forge) continue;
    if (statuses.size && !statuses.has(ix.status[i])) continue;
    if (envOk && !envOk[ix.env[i]]) continue;
    if (tierSet.size && !tierSet.has(ix.tier[i])) continue;
    if (project !== -2 && ix.project[i] !== project) continue;
    let all = true;
    for (const t of terms) {
      const num = ix.number[i];
      const ok = t.text === undefined
        ? num === t.number
        : ix.hay[i].includes(t.text) || ix.sha[i].startsWith(t.text) || (t.number !== null && num === t.number);
      if (!ok) {
        all = false;
        break;
      }
    }
    if (all) kept[k++] = i;
  }
  const out = kept.subarray(0, k);
  if (query.sort) {
    const keys = ix.sortKeys[query.sort.key];
    if (!keys) throw new Error(`the indexed peer has no sort for ${query.sort.key}`);
    // Ties keep row order in both directions (stable), as the wasm does.
    if (query.sort.dir === "desc") out.sort((a, b) => keys[b] - keys[a] || a - b);
    else out.sort((a, b) => keys[a] - keys[b] || a - b);
  }
  return out;
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

function timeIndexed(ix, query) {
  const t0 = performance.now();
  indexedPeer(ix, query);
  return performance.now() - t0;
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
    const t0 = performance.now();
    const ix = buildIndex(rows);
    const jsIndexBuildMs = performance.now() - t0;
    for (const [name, query] of Object.entries(WORKLOADS)) {
      const json = JSON.stringify(query);
      // Same output? Same rows in the same order.
      const keptWasm = run(json);
      const wasmOrder = order();
      const jsOrder = peer(rows, query).map((r) => r.__i);
      const same = jsOrder.length === wasmOrder.length && jsOrder.every((v, i) => v === wasmOrder[i]);
      const ixOrder = indexedPeer(ix, query);
      const sameIndexed = ixOrder.length === wasmOrder.length && ixOrder.every((v, i) => v === wasmOrder[i]);
      for (let w = 0; w < WARMUP; w++) {
        run(json);
        run_indexed(json);
        peer(rows, query);
        indexedPeer(ix, query);
        await tick();
      }
      const wasm = [], indexed = [], js = [], jsIndexed = [];
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
        // The two indexed ones alternate too.
        if (r % 2 === 0) {
          indexed.push(timeWasm(run_indexed, json)[0]);
          await tick();
          jsIndexed.push(timeIndexed(ix, query));
        } else {
          jsIndexed.push(timeIndexed(ix, query));
          await tick();
          indexed.push(timeWasm(run_indexed, json)[0]);
        }
        await tick();
      }
      results.push({
        n, workload: name, runs: RUNS,
        wasm_ms: median(wasm), wasm_indexed_ms: median(indexed), js_ms: median(js),
        js_indexed_ms: median(jsIndexed), js_index_build_ms: jsIndexBuildMs,
        kept_wasm: keptWasm, kept_js: jsOrder.length, same_order: same && sameIndexed,
        same_order_plain: same, same_order_indexed: sameIndexed,
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
