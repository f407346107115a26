//! The end-to-end harness: starts forge-sim (serving the release `dist/` on its own origin) and
//! ChromeDriver, and drives headless Chromium over WebDriver.
//!
//! Environment (set by `cargo xtask test`): `FORGE_SIM_BIN` (the simulator binary),
//! `SHIPBOARD_DIST` (the release build), `CHROMEDRIVER`, `CHROMIUM`. A missing one is an error,
//! never a silent skip. `AXE_JS` (axe-core's `axe.min.js`, for [`Harness::axe`]) falls back to
//! `<repo>/tools/node_modules/axe-core/axe.min.js`, where `cargo xtask install` puts it.
//!
//! forge-sim serves the app under a strict Content-Security-Policy, and every test runs under it:
//! [`Harness::close`] fails the test when the browser logged a CSP message (`Refused to …`,
//! `Content Security Policy`) at any time during the test. A test that provokes one on purpose
//! takes it with [`Harness::take_csp_violations`] first.
//!
//! Every helper the tests share lives here, once: the [`Harness`] methods (open, wait, click,
//! read texts and attributes, the console, axe-core, the simulator's request log) and the free
//! functions below it ([`api`], [`wait_text`], [`wait_gone`], [`inside`], [`fill`],
//! [`known_commit`], [`approval_item`]). A test file keeps only what is its own.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// A running simulator + browser pair; both processes end when it is dropped.
pub struct Harness {
    /// The WebDriver session.
    pub client: Client,
    /// Where the dashboard is served, ending in `/` (e.g. `http://127.0.0.1:41234/app/`).
    pub app_url: String,
    /// The simulator's origin (e.g. `http://127.0.0.1:41235`).
    pub api_origin: String,
    /// The simulator's default token.
    pub token: String,
    sim: Child,
    driver: Child,
    profile: PathBuf,
    own_dist: Option<PathBuf>,
    /// Every console entry read so far in this test (ChromeDriver hands each out only once).
    seen: Mutex<Vec<ConsoleEntry>>,
}

/// Whether a console message reports a Content-Security-Policy violation.
pub fn is_csp_message(message: &str) -> bool {
    message.contains("Refused to") || message.contains("Content Security Policy")
}

/// A plain HTTP answer (see [`Harness::http_get`]).
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    pub status: u16,
    /// Header names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpAnswer {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One rule axe-core found broken on the page (see [`Harness::axe`]).
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// One line on what the rule wants.
    pub help: String,
    /// Deque's page on the rule.
    pub help_url: String,
    /// Each failing element: its CSS selector and axe's summary of what is wrong with it.
    pub nodes: Vec<(String, String)>,
}

impl Violation {
    /// Whether the impact is `serious` or `critical`.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} ({}): {} <{}>",
            self.id, self.impact, self.help, self.help_url
        )?;
        // The first few elements say what is wrong; the rest are usually the same markup.
        for (target, summary) in self.nodes.iter().take(5) {
            writeln!(f, "    {target}: {}", summary.replace('\n', " / "))?;
        }
        if self.nodes.len() > 5 {
            writeln!(f, "    … and {} more elements", self.nodes.len() - 5)?;
        }
        Ok(())
    }
}

/// axe-core's browser bundle: `AXE_JS`, or the copy `cargo xtask install` puts in `tools/`.
fn axe_source() -> String {
    let path = std::env::var_os("AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../tools/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read axe-core at {} ({e}): run `cargo xtask install` or set AXE_JS",
            path.display()
        )
    })
}

/// One console entry Chromium logged.
#[derive(Debug, Clone)]
pub struct ConsoleEntry {
    /// `SEVERE`, `WARNING`, `INFO`…
    pub level: String,
    /// The message text.
    pub message: String,
}

fn env_path(name: &str) -> PathBuf {
    match std::env::var_os(name) {
        Some(v) => PathBuf::from(v),
        None => panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`"),
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("a temporary folder");
    for entry in std::fs::read_dir(from).expect("dist/ is readable") {
        let entry = entry.expect("a dist/ entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("a copy");
        }
    }
}

/// `N` loopback ports free now, all different: each is held until all are chosen (a port let go
/// can be handed out again at once, and forge-sim cannot start with its API and app listeners
/// on one port).
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: [TcpListener; N] =
        std::array::from_fn(|_| TcpListener::bind("127.0.0.1:0").expect("a loopback port is free"));
    listeners.map(|l| l.local_addr().expect("bound").port())
}

fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before it listened on port {port}: {status}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on port {port} within 30 s");
}

/// Options for [`Harness::start_with`].
#[derive(Debug, Clone)]
pub struct Options {
    /// The path the dashboard is served under (tests a sub-path deployment).
    pub app_base: String,
    /// Extra forge-sim arguments (e.g. `--latency-ms 50`).
    pub sim_args: Vec<String>,
    /// A `config.json` to serve instead of the simulator's own; `{api}` is replaced by the
    /// simulator's origin (e.g. `http://127.0.0.1:41235`).
    pub config_json: Option<String>,
    /// The folder to serve instead of `SHIPBOARD_DIST` (the benchmarks' own page).
    pub app_dir: Option<PathBuf>,
    /// Extra Chromium switches (e.g. `--enable-precise-memory-info`).
    pub browser_args: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            app_base: "/shipboard/".into(),
            sim_args: Vec::new(),
            config_json: None,
            app_dir: None,
            browser_args: Vec::new(),
        }
    }
}

impl Harness {
    /// Starts forge-sim with its seeded data and the dashboard under `/shipboard/`, and a browser.
    pub async fn start() -> Harness {
        Harness::start_with(Options::default()).await
    }

    /// Starts with explicit options.
    pub async fn start_with(opts: Options) -> Harness {
        let sim_bin = env_path("FORGE_SIM_BIN");
        let dist = match &opts.app_dir {
            Some(dir) => dir.clone(),
            None => env_path("SHIPBOARD_DIST"),
        };
        let chromedriver = env_path("CHROMEDRIVER");
        let chromium = env_path("CHROMIUM");
        assert!(
            dist.join("index.html").exists(),
            "{} has no index.html: build it with `trunk build --release`",
            dist.display()
        );

        let [api_port, app_port, driver_port] = free_ports();
        let token = "demo-token".to_string();
        let mut own_dist = None;
        let dist = match &opts.config_json {
            None => dist,
            Some(config) => {
                let copy = std::env::temp_dir().join(format!(
                    "shipboard-e2e-dist-{}-{app_port}",
                    std::process::id()
                ));
                copy_dir(&dist, &copy);
                let config = config.replace("{api}", &format!("http://127.0.0.1:{api_port}"));
                std::fs::write(copy.join("config.json"), config).expect("config.json is written");
                own_dist = Some(copy.clone());
                copy
            }
        };
        let mut sim = Command::new(&sim_bin)
            .arg("--addr")
            .arg(format!("127.0.0.1:{api_port}"))
            .arg("--app-addr")
            .arg(format!("127.0.0.1:{app_port}"))
            .arg("--app-dir")
            .arg(&dist)
            .arg("--app-base")
            .arg(&opts.app_base)
            .arg("--token")
            .arg(&token)
            .args(&opts.sim_args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", sim_bin.display()));
        wait_for_port(api_port, "forge-sim", &mut sim);
        wait_for_port(app_port, "forge-sim (app listener)", &mut sim);

        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        wait_for_port(driver_port, "chromedriver", &mut driver);

        let profile = std::env::temp_dir().join(format!(
            "shipboard-e2e-profile-{}-{driver_port}",
            std::process::id()
        ));
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--window-size=1400,900",
        ]
        .map(String::from)
        .to_vec();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(opts.browser_args.iter().cloned());
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!("built as an object"),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .expect("a WebDriver session starts in headless Chromium");

        let base = opts.app_base.trim_matches('/');
        let app_url = if base.is_empty() {
            format!("http://127.0.0.1:{app_port}/")
        } else {
            format!("http://127.0.0.1:{app_port}/{base}/")
        };
        Harness {
            client,
            app_url,
            api_origin: format!("http://127.0.0.1:{api_port}"),
            token,
            sim,
            driver,
            profile,
            own_dist,
            seen: Mutex::new(Vec::new()),
        }
    }

    /// Opens the dashboard with a query string (e.g. `?view=deployments`), or bare with "".
    pub async fn open(&self, query: &str) {
        let url = format!("{}{query}", self.app_url);
        self.client.goto(&url).await.expect("navigation succeeds");
    }

    /// Waits until `css` matches an element, up to 20 s; panics with the page text if not.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(el) => el,
            Err(e) => {
                let body = self.body_text().await;
                panic!("no element matched {css:?} within 20 s ({e}); the page says:\n{body}");
            }
        }
    }

    /// The texts of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            out.push(el.text().await.unwrap_or_default());
        }
        out
    }

    /// An attribute of every element matching `css`, in document order.
    pub async fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            out.push(el.attr(name).await.ok().flatten().unwrap_or_default());
        }
        out
    }

    /// Clicks the element matching `css` (waiting for it first).
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .expect("the element takes a click");
    }

    /// Waits until `check(body text)` holds, up to 20 s; panics with the page text if not.
    pub async fn wait_until_text(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let body = self.body_text().await;
            if check(&body) {
                return body;
            }
            if Instant::now() > deadline {
                panic!("waited 20 s for {what}; the page says:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// GETs `path` (e.g. `/api/v4/projects/1/deployments?…`) from the simulator with the default
    /// token, returning the JSON body: the ground truth the UI is compared with.
    pub async fn api_get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.api_origin);
        let token = self.token.clone();
        tokio::task::spawn_blocking(move || {
            let body = ureq::get(&url)
                .set("PRIVATE-TOKEN", &token)
                .set("Authorization", &format!("Bearer {token}"))
                .call()
                .unwrap_or_else(|e| panic!("GET {url}: {e}"))
                .into_string()
                .expect("a text body");
            serde_json::from_str(&body).expect("a JSON body")
        })
        .await
        .expect("the request task")
    }

    /// How many requests the simulator answered for `path` (exactly, query string excluded),
    /// with `method` or, given `None`, any method: from its request log (`GET /__sim/requests`).
    pub async fn requests(&self, method: Option<&str>, path: &str) -> usize {
        let log: Value = self.api_get("/__sim/requests").await;
        log.as_array()
            .expect("a request log")
            .iter()
            .filter(|r| method.is_none_or(|m| r["method"] == m) && r["path"] == path)
            .count()
    }

    /// The statuses the simulator answered to `method` requests for `path` (exactly, query
    /// string excluded), in order: from its request log (a `304` is a revalidated read).
    pub async fn statuses(&self, method: &str, path: &str) -> Vec<u16> {
        let log: Value = self.api_get("/__sim/requests").await;
        log.as_array()
            .expect("a request log")
            .iter()
            .filter(|r| r["method"] == method && r["path"] == path)
            .map(|r| r["status"].as_u64().unwrap_or_default() as u16)
            .collect()
    }

    /// Empties the simulator's request log (`DELETE /__sim/requests`).
    pub fn clear_requests(&self) {
        api(self, "DELETE", "/__sim/requests", None);
    }

    /// Makes the page believe its tab was hidden (`true`) or shown again (`false`): overrides
    /// `document.hidden` and `document.visibilityState` and dispatches `visibilitychange`, as
    /// the browser does when the tab is switched (headless Chromium keeps every tab visible).
    pub async fn set_hidden(&self, hidden: bool) {
        self.client
            .execute(
                "const hidden = arguments[0];
                 Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
                 Object.defineProperty(document, 'visibilityState', {configurable: true,
                     get: () => hidden ? 'hidden' : 'visible'});
                 document.dispatchEvent(new Event('visibilitychange'));",
                vec![json!(hidden)],
            )
            .await
            .expect("a script runs");
    }

    /// The visible text of `<body>`.
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Console entries logged since the last call (Chromium's `browser` log). The harness keeps
    /// them too, for the CSP check of [`Harness::close`].
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        let value = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("chromedriver returns the browser log");
        let Value::Array(entries) = value else {
            return Vec::new();
        };
        let new: Vec<ConsoleEntry> = entries
            .iter()
            .map(|e| ConsoleEntry {
                level: e["level"].as_str().unwrap_or("").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            })
            .collect();
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(new.iter().cloned());
        new
    }

    /// Every CSP message logged so far in this test (see [`is_csp_message`]); they stay recorded.
    pub async fn csp_violations(&self) -> Vec<String> {
        self.console().await;
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|e| is_csp_message(&e.message))
            .map(|e| e.message.clone())
            .collect()
    }

    /// Like [`Harness::csp_violations`], but forgets them, so [`Harness::close`] passes: for tests
    /// that provoke a violation on purpose.
    pub async fn take_csp_violations(&self) -> Vec<String> {
        let found = self.csp_violations().await;
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|e| !is_csp_message(&e.message));
        found
    }

    /// Panics when the browser logged a CSP message during this test.
    pub async fn assert_no_csp_violations(&self) {
        let found = self.csp_violations().await;
        assert!(
            found.is_empty(),
            "the page broke its Content-Security-Policy:\n{}",
            found.join("\n")
        );
    }

    /// A plain GET of any URL (e.g. the app's own files, to read their headers); any status.
    pub async fn http_get(&self, url: &str) -> HttpAnswer {
        let url = url.to_string();
        tokio::task::spawn_blocking(move || {
            let resp = match ureq::get(&url).call() {
                Ok(r) => r,
                Err(ureq::Error::Status(_, r)) => r,
                Err(e) => panic!("GET {url}: {e}"),
            };
            let status = resp.status();
            let headers = resp
                .headers_names()
                .into_iter()
                .flat_map(|name| {
                    resp.all(&name)
                        .into_iter()
                        .map(|v| (name.to_ascii_lowercase(), v.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect();
            let body = resp.into_string().unwrap_or_default();
            HttpAnswer {
                status,
                headers,
                body,
            }
        })
        .await
        .expect("the request task")
    }

    /// Console errors (`SEVERE`) since the last call.
    pub async fn console_errors(&self) -> Vec<String> {
        self.console()
            .await
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            .map(|e| e.message)
            .collect()
    }

    /// Saves a PNG screenshot as `target/e2e-screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("target/ is writable");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is written");
        path
    }

    /// Runs a Chrome DevTools Protocol command through ChromeDriver (`goog/cdp/execute`), e.g.
    /// `Page.addScriptToEvaluateOnNewDocument`; returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp {
                cmd: cmd.to_string(),
                params,
            })
            .await
            .unwrap_or_else(|e| panic!("chromedriver runs CDP {cmd}: {e}"))
    }

    /// Runs axe-core on the current page (WCAG 2.0/2.1/2.2 A and AA rules and axe's best
    /// practices) and returns every violation, of any impact.
    ///
    /// axe is injected through WebDriver's Execute Script, which ChromeDriver runs over the
    /// DevTools protocol: the page's `script-src 'self'` does not apply to it, and no CSP message
    /// is logged (the check in [`Harness::close`] stays armed for the app itself).
    pub async fn axe(&self) -> Vec<Violation> {
        self.axe_run().await
    }

    /// Runs axe-core and fails the test on a `serious` or `critical` violation, naming `what` was
    /// on screen and each violation; lesser ones are printed.
    pub async fn assert_no_serious_axe(&self, what: &str) {
        let mut serious = Vec::new();
        for v in self.axe().await {
            if v.is_serious() {
                serious.push(v.to_string());
            } else {
                println!("{what}, not failing: {v}");
            }
        }
        assert!(
            serious.is_empty(),
            "axe-core, {what}:\n{}",
            serious.join("\n")
        );
    }

    async fn axe_run(&self) -> Vec<Violation> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("the page runs a script");
        if loaded != Value::Bool(true) {
            // The bundle assigns `window.axe` itself when it runs inside a function.
            let script = format!("{}\n;return typeof window.axe === 'object';", axe_source());
            let ok = self
                .client
                .execute(&script, vec![])
                .await
                .expect("axe-core loads into the page");
            assert_eq!(ok, Value::Bool(true), "axe-core did not define window.axe");
        }
        let run = r#"
            const done = arguments[arguments.length - 1];
            window.axe
                .run(document, {
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                    resultTypes: ['violations'],
                })
                .then((r) => done(r.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact || '',
                    help: v.help,
                    helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => [n.target.join(' '), n.failureSummary || '']),
                }))))
                .catch((e) => done({ error: String(e) }));
        "#;
        let result = self
            .client
            .execute_async(run, vec![])
            .await
            .expect("axe.run answers");
        if let Some(error) = result.get("error") {
            panic!("axe.run failed: {error}");
        }
        let Value::Array(list) = result else {
            panic!("axe.run answered {result}");
        };
        list.iter()
            .map(|v| Violation {
                id: v["id"].as_str().unwrap_or_default().to_string(),
                impact: v["impact"].as_str().unwrap_or_default().to_string(),
                help: v["help"].as_str().unwrap_or_default().to_string(),
                help_url: v["helpUrl"].as_str().unwrap_or_default().to_string(),
                nodes: v["nodes"]
                    .as_array()
                    .map(|nodes| {
                        nodes
                            .iter()
                            .map(|n| {
                                (
                                    n[0].as_str().unwrap_or_default().to_string(),
                                    n[1].as_str().unwrap_or_default().to_string(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// Ends the browser session (call at the end of each test; Drop kills the processes), and
    /// fails the test if the browser logged a Content-Security-Policy message at any time.
    pub async fn close(self) {
        let found = self.csp_violations().await;
        let _ = self.client.clone().close().await;
        assert!(
            found.is_empty(),
            "the page broke its Content-Security-Policy:\n{}",
            found.join("\n")
        );
    }
}

/// Calls forge-sim's API directly (as another client would), with the demo token; panics on an
/// error answer. An empty body is `Value::Null`.
pub fn api(h: &Harness, method: &str, path: &str, body: Option<Value>) -> Value {
    let url = format!("{}{path}", h.api_origin);
    let req = ureq::request(method, &url)
        .set("PRIVATE-TOKEN", &h.token)
        .set("Authorization", &format!("Bearer {}", h.token))
        .set("Content-Type", "application/json");
    let resp = match body {
        Some(b) => req.send_string(&b.to_string()),
        None => req.call(),
    };
    let text = match resp {
        Ok(r) => r.into_string().expect("a body"),
        Err(ureq::Error::Status(code, r)) => {
            panic!(
                "{method} {path}: HTTP {code}: {}",
                r.into_string().unwrap_or_default()
            )
        }
        Err(e) => panic!("{method} {path}: {e}"),
    };
    if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON")
    }
}

/// A commit and ref the simulator knows (GitLab project 1's newest deployment's).
pub fn known_commit(h: &Harness) -> (String, String) {
    let list = api(h, "GET", "/api/v4/projects/1/deployments?per_page=1", None);
    let d = &list[0];
    (
        d["sha"].as_str().unwrap().to_owned(),
        d["ref"].as_str().unwrap().to_owned(),
    )
}

/// Waits until an element matching `css` has a text containing `want` (20 s), returning the text.
pub async fn wait_text(h: &Harness, css: &str, want: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut last = String::new();
        if let Ok(els) = h.client.find_all(Locator::Css(css)).await {
            for el in els {
                let text = el.text().await.unwrap_or_default();
                if text.contains(want) {
                    return text;
                }
                last = text;
            }
        }
        if Instant::now() > deadline {
            panic!(
                "{css:?} never contained {want:?} (last: {last:?}); page:\n{}",
                h.body_text().await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until nothing matches `css` (20 s); panics with the page text if something still does.
pub async fn wait_gone(h: &Harness, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.client.find(Locator::Css(css)).await.is_ok() {
        if Instant::now() > deadline {
            panic!(
                "{css:?} is still there after 20 s; page:\n{}",
                h.body_text().await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The element matching `css` inside `parent`.
pub async fn inside(parent: &Element, css: &str) -> Element {
    parent
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css:?} inside: {e}"))
}

/// Types `text` into the input matching `css` inside `parent`, replacing what was there.
pub async fn fill(parent: &Element, css: &str, text: &str) {
    let input = inside(parent, css).await;
    input.clear().await.expect("cleared");
    input.send_keys(text).await.expect("typed");
}

/// The approvals view's item for GitLab project 1's blocked production deployment by `author`.
pub fn approval_item(author: &str) -> String {
    format!("[data-testid=approval-item][data-project=\"1\"][data-environment=production][data-author={author}]")
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.sim.kill();
        let _ = self.driver.kill();
        let _ = self.sim.wait();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
        if let Some(dir) = &self.own_dist {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// ChromeDriver's `POST /session/{id}/se/log` for the `browser` log (not in W3C WebDriver).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/se/log"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// ChromeDriver's `POST /session/{id}/goog/cdp/execute`: one DevTools Protocol command.
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
