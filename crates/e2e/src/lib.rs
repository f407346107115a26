//! The end-to-end harness: starts forge-sim (serving the release `dist/` on its own origin) and
//! ChromeDriver, and drives headless Chromium over WebDriver.
//!
//! Environment (set by `cargo xtask test`): `FORGE_SIM_BIN` (the simulator binary),
//! `SHIPBOARD_DIST` (the release build), `CHROMEDRIVER`, `CHROMIUM`. A missing one is an error,
//! never a silent skip.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    listener.local_addr().expect("bound").port()
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            app_base: "/shipboard/".into(),
            sim_args: Vec::new(),
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
        let dist = env_path("SHIPBOARD_DIST");
        let chromedriver = env_path("CHROMEDRIVER");
        let chromium = env_path("CHROMIUM");
        assert!(
            dist.join("index.html").exists(),
            "{} has no index.html: build it with `trunk build --release`",
            dist.display()
        );

        let (api_port, app_port, driver_port) = (free_port(), free_port(), free_port());
        let token = "demo-token".to_string();
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
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic",
                    "--window-size=1400,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
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

    /// The visible text of `<body>`.
    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Console entries logged since the last call (Chromium's `browser` log).
    pub async fn console(&self) -> Vec<ConsoleEntry> {
        let value = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("chromedriver returns the browser log");
        let Value::Array(entries) = value else {
            return Vec::new();
        };
        entries
            .iter()
            .map(|e| ConsoleEntry {
                level: e["level"].as_str().unwrap_or("").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            })
            .collect()
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
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/e2e-screenshots");
        std::fs::create_dir_all(&dir).expect("target/ is writable");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is written");
        path
    }

    /// Ends the browser session (call at the end of each test; Drop kills the processes).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.sim.kill();
        let _ = self.driver.kill();
        let _ = self.sim.wait();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
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
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}
