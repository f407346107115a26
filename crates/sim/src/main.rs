//! forge-sim binary: parses the command line, prints what it serves, and runs the API (and optional app) listeners.

use std::path::PathBuf;

use forge_sim::{app, dashboard_config, public_base, seed, site, AppState, Config};

const USAGE: &str =
    "forge-sim [--addr 127.0.0.1:8090] [--token demo-token] [--read-only-token read-only-token]
          [--seed N] [--projects N] [--deployments N] [--latency-ms N] [--fail-rate F]
          [--dump-config PATH] [--app-dir DIR] [--app-addr 127.0.0.1:8080] [--app-base /] [--quiet]
          [--insert-per-list K] [--many-environments N] [--stall-config] [--expose-retry-after]
          [--now RFC3339] [--oauth] [--oauth-expires-in SECS] [--precompressed]

  --fail-rate F          fail this share of API requests (502, 503, 504, 429; 429 and 503 with
                         Retry-After: 1); below 1 the retry of a request that just failed succeeds
  --insert-per-list K    before answering a deployments list for page 2 or later, add K newer
                         deployments to that project or repo (offset pages shift)
  --many-environments N  add GitLab project acme/big/monorepo and GitHub repo acme/monorepo with N
                         environments each
  --stall-config         the app listener's config.json never answers
  --precompressed        the app listener sends <file>.br or <file>.gz (a release build writes
                         them) to a browser that accepts them, with Content-Encoding
  --expose-retry-after   add Retry-After to Access-Control-Expose-Headers (neither forge does)
  --now RFC3339          the instant the seeded data is relative to (its newest deployments ended
                         minutes before it); default: the clock at start, truncated to the minute.
                         The same --seed and --now give the same data
  --oauth                put oauth_client_id \"shipboard-demo\" on the GitLab source of the
                         dashboard's config (Sign in with GitLab; /oauth/authorize and
                         /oauth/token answer either way)
  --oauth-expires-in S   OAuth access tokens expire after S seconds (default 7200)

  test endpoints on the API listener: GET/DELETE /__sim/requests (request log), GET/DELETE
  /__sim/leaks (the leak trap's findings); /redirect/PATH answers 302 to /leak/PATH on the app
  listener (or this one without --app-dir), which records whether a token header arrived";

fn parse(args: &[String]) -> Result<Config, String> {
    let mut cfg = Config::default();
    let mut i = 0;
    while i < args.len() {
        let (flag, inline) = match args[i].split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (args[i].clone(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.into());
        }
        let switch = match flag.as_str() {
            "--quiet" => Some(&mut cfg.log),
            "--stall-config" => Some(&mut cfg.stall_config),
            "--precompressed" => Some(&mut cfg.precompressed),
            "--expose-retry-after" => Some(&mut cfg.expose_retry_after),
            "--oauth" => Some(&mut cfg.oauth),
            _ => None,
        };
        if let Some(on) = switch {
            // `--quiet` turns logging off; the others turn their behaviour on.
            *on = flag != "--quiet";
            i += 1;
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i)
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?
            }
        };
        let num = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--addr" => cfg.addr = value,
            "--token" => cfg.token = value,
            "--read-only-token" => cfg.read_only_token = value,
            "--seed" => cfg.seed = num(&value)?,
            "--projects" => cfg.projects = num(&value)?.max(1) as usize,
            "--deployments" => cfg.deployments = num(&value)? as usize,
            "--latency-ms" => cfg.latency_ms = num(&value)?,
            "--insert-per-list" => cfg.insert_per_list = num(&value)? as usize,
            "--many-environments" => cfg.many_environments = num(&value)? as usize,
            "--oauth-expires-in" => cfg.oauth_expires_in = num(&value)?.max(1),
            "--fail-rate" => {
                cfg.fail_rate = value
                    .parse::<f64>()
                    .map_err(|_| format!("--fail-rate: not a number: {value}"))?;
                if !(0.0..=1.0).contains(&cfg.fail_rate) {
                    return Err("--fail-rate must be between 0 and 1".into());
                }
            }
            "--dump-config" => cfg.dump_config = Some(PathBuf::from(value)),
            "--app-dir" => cfg.app_dir = Some(PathBuf::from(value)),
            "--app-addr" => cfg.app_addr = value,
            "--app-base" => cfg.app_base = value,
            "--now" => {
                let t = chrono::DateTime::parse_from_rfc3339(value.trim())
                    .map_err(|_| format!("--now: not an RFC 3339 time: {value}"))?;
                cfg.now = Some(t.timestamp_millis());
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
        i += 1;
    }
    Ok(cfg)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cfg = match parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let config_json = serde_json::to_string_pretty(&dashboard_config(&cfg)).unwrap_or_default();
    if let Some(path) = &cfg.dump_config {
        if let Err(e) = std::fs::write(path, &config_json) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
    // Fixed once, so the data and what is printed agree.
    let mut cfg = cfg;
    cfg.now = Some(seed::seed_now(&cfg));
    let state = AppState::new(cfg.clone());
    let listener = match tokio::net::TcpListener::bind(&cfg.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", cfg.addr);
            std::process::exit(1);
        }
    };
    let base = public_base(&cfg.addr);
    println!(
        "forge-sim (seed {}, {} projects, {} deployments each, data relative to --now {})",
        cfg.seed,
        cfg.projects,
        cfg.deployments,
        forge_sim::store::fmt_gh(cfg.now.unwrap_or_default())
    );
    println!("  GitLab API: {base}/api/v4");
    println!("  GitHub API: {base}/github");
    {
        let st = state.read();
        println!("  GitLab projects:");
        for p in &st.projects {
            println!("    {:>3}  {}", p.id, p.path);
        }
        println!("  GitHub repos:");
        for r in &st.repos {
            println!("         {}", r.full_name());
        }
    }
    println!("  users and tokens:");
    for (u, _, level) in seed::USERS {
        let note = match u {
            "demo" => " (the default token)",
            "reader" => " (read-only: every write answers 403)",
            _ => "",
        };
        let role = seed::role_name(level);
        let line = format!(
            "    {u:<11} {:<18} {role:<10}{note}",
            seed::user_token(&cfg, u)
        );
        println!("{}", line.trim_end());
    }
    if cfg.insert_per_list > 0 {
        println!(
            "  {} new deployments before each deployments list page >= 2",
            cfg.insert_per_list
        );
    }
    if cfg.stall_config {
        println!("  config.json on the app listener never answers");
    }
    if cfg.oauth {
        println!(
            "  Sign in with GitLab: client id {} at {base}/oauth/authorize, tokens live {} s",
            forge_sim::oauth::DEMO_CLIENT_ID,
            cfg.oauth_expires_in
        );
    }
    if cfg.latency_ms > 0 || cfg.fail_rate > 0.0 {
        println!(
            "  latency {} ms, fail rate {}",
            cfg.latency_ms, cfg.fail_rate
        );
    }
    if let Some(dir) = cfg.app_dir.clone() {
        let site_cfg = site::Site::new(&cfg, dir, config_json.clone(), state.0.leaks.clone());
        let app_base = site_cfg.base.clone();
        match tokio::net::TcpListener::bind(&cfg.app_addr).await {
            Ok(l) => {
                println!("  app: {}{}", public_base(&cfg.app_addr), app_base);
                tokio::spawn(async move {
                    if let Err(e) = axum::serve(l, site::router(site_cfg)).await {
                        eprintln!("app listener failed: {e}");
                    }
                });
            }
            Err(e) => {
                eprintln!("cannot listen on {}: {e}", cfg.app_addr);
                std::process::exit(1);
            }
        }
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("server failed: {e}");
        std::process::exit(1);
    }
}
