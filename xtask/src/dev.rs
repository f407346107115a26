//! `cargo xtask dev`: forge-sim (seeded data) and `trunk serve` (live reload) together, with the app's `config.json` served from memory.
//!
//! forge-sim serves its `config.json` (pointing at its own API) from memory on its app listener;
//! that listener runs on a free port over an empty temporary directory, and `trunk serve` proxies
//! `/config.json` to it (`--proxy-backend`). So the page gets a `config.json` while nothing is
//! ever written into a `dist/` (Trunk's dev output goes to `target/trunk-dev/dist`, so the
//! release `dist/` is never touched either). Ctrl-C stops both; when either exits, the other is
//! stopped too.
//!
//! `cargo xtask dev --check` (a step of `cargo xtask test`) starts everything on free ports,
//! checks that `/` is the app's `index.html` (with the `post_build` hook's loader) and that
//! `/config.json` is the JSON config with its sources, then stops both and exits.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::install;

/// Where `trunk serve` builds to: never the release `dist/`.
const DEV_DIST: &str = "target/trunk-dev/dist";

const DEV_USAGE: &str =
    "usage: cargo xtask dev [--api-addr HOST:PORT] [--app-addr HOST:PORT] [--check]

  --api-addr  forge-sim's API (default 127.0.0.1:8090)
  --app-addr  trunk serve, the app with live reload (default 127.0.0.1:8080)
  --check     start both on free ports, GET / and /config.json, stop both (a test step)";

/// Set by the SIGINT handler: the user pressed Ctrl-C.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The command's options.
struct Options {
    api_addr: String,
    app_addr: String,
    check: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        api_addr: "127.0.0.1:8090".into(),
        app_addr: "127.0.0.1:8080".into(),
        check: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--api-addr" => o.api_addr = it.next().ok_or("--api-addr needs HOST:PORT")?.clone(),
            "--app-addr" => o.app_addr = it.next().ok_or("--app-addr needs HOST:PORT")?.clone(),
            "--check" => o.check = true,
            other => return Err(format!("unknown dev option {other}\n{DEV_USAGE}")),
        }
    }
    if o.check {
        o.api_addr = free_addr_besides(&[])?;
        o.app_addr = free_addr_besides(&[&o.api_addr])?;
    }
    Ok(o)
}

/// The entry point of `cargo xtask dev`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let o = parse(args)?;
    let (app_host, app_port) = o
        .app_addr
        .rsplit_once(':')
        .ok_or_else(|| format!("--app-addr {} is not HOST:PORT", o.app_addr))?;
    install::all(root, false)?;
    crate::step(
        "forge-sim build",
        crate::cargo().args(["build", "-p", "forge-sim"]),
    )?;
    install_sigint_handler();

    // forge-sim's app listener over an empty directory: it only serves config.json from memory.
    let empty = std::env::temp_dir().join(format!("shipboard-dev-{}", std::process::id()));
    std::fs::create_dir_all(&empty)
        .map_err(|e| format!("cannot create {}: {e}", empty.display()))?;
    let _cleanup = RemoveOnDrop(empty.clone());
    let config_addr = free_addr_besides(&[&o.api_addr, &o.app_addr])?;

    let mut sim_cmd = Command::new(root.join("target").join("debug").join("forge-sim"));
    sim_cmd
        .args([
            "--addr",
            &o.api_addr,
            "--app-addr",
            &config_addr,
            "--app-dir",
        ])
        .arg(&empty);
    if o.check {
        sim_cmd.arg("--quiet").stdout(Stdio::null());
    }
    println!("\n==> starting forge-sim: API on http://{}", o.api_addr);
    println!("    $ {}", crate::display(&sim_cmd));
    let mut children = Children(Vec::new());
    children.spawn("forge-sim", &mut sim_cmd)?;
    wait_until(&mut children, Duration::from_secs(30), || {
        get(&config_addr, "/config.json").is_ok_and(|r| r.status == 200)
    })
    .map_err(|e| format!("forge-sim: {e}"))?;

    let mut trunk = Command::new("trunk");
    trunk
        .arg("serve")
        .args([
            "--address",
            app_host,
            "--port",
            app_port,
            "--dist",
            DEV_DIST,
        ])
        .arg("--proxy-backend")
        .arg(format!("http://{config_addr}/config.json"));
    if o.check {
        // Right after `trunk build --release` in `cargo xtask test`: cargo has nothing to rebuild.
        trunk.arg("--release").stdout(Stdio::null());
    }
    println!(
        "\n==> starting trunk serve (live reload) on http://{}/",
        o.app_addr
    );
    println!("    $ {}", crate::display(&trunk));
    children.spawn("trunk serve", &mut trunk)?;
    let first_build = if o.check { 240 } else { 900 };
    wait_until(&mut children, Duration::from_secs(first_build), || {
        get(&o.app_addr, "/").is_ok_and(|r| r.status == 200)
    })
    .map_err(|e| format!("trunk serve: {e}"))?;

    if o.check {
        let result = check(&o.app_addr, root);
        children.stop_all();
        result?;
        println!("    ok: the dev server serves the app and its config.json");
        return Ok(());
    }
    println!(
        "\n    Open http://{}/ in your browser: it reloads on every change (Ctrl-C stops both).\n",
        o.app_addr
    );
    let outcome = loop {
        if INTERRUPTED.load(Ordering::SeqCst) {
            break Ok(());
        }
        if let Some((name, status)) = children.exited() {
            break if status.success() {
                Err(format!("{name} stopped"))
            } else {
                Err(format!("{name} stopped: {status}"))
            };
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    children.stop_all();
    println!("\nxtask dev: stopped forge-sim and trunk serve");
    outcome
}

/// What `--check` asserts about the running dev server.
fn check(app_addr: &str, root: &Path) -> Result<(), String> {
    let index = get(app_addr, "/")?;
    if index.status != 200 || !index.body.contains("<html") {
        return Err(format!("GET / answered {} without a page", index.status));
    }
    if !index.body.contains("init-") {
        return Err("GET /: no init-<hash>.js loader (the post_build hook did not run)".into());
    }
    let config = get(app_addr, "/config.json")?;
    let ctype = config.header("content-type").unwrap_or_default();
    if config.status != 200 || !ctype.contains("json") {
        return Err(format!(
            "GET /config.json answered {} ({ctype}), not JSON",
            config.status
        ));
    }
    let body = config.body.trim_start();
    if !body.starts_with('{') || !body.contains("\"sources\"") || !body.contains("\"api_url\"") {
        return Err(format!(
            "GET /config.json is not a config with sources: {}",
            &body[..body.len().min(80)]
        ));
    }
    for dir in [root.join("dist"), root.join(DEV_DIST)] {
        if dir.join("config.json").exists() {
            return Err(format!("{} has a config.json", dir.display()));
        }
    }
    println!("    GET / -> 200 text/html; GET /config.json -> 200 {ctype} with sources");
    Ok(())
}

/// Polls `ready` every 250 ms until it holds, a child exits or the time is up.
fn wait_until(
    children: &mut Children,
    limit: Duration,
    mut ready: impl FnMut() -> bool,
) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if ready() {
            return Ok(());
        }
        if let Some((name, status)) = children.exited() {
            children.stop_all();
            return Err(format!("{name} exited before it answered ({status})"));
        }
        if INTERRUPTED.load(Ordering::SeqCst) {
            children.stop_all();
            return Err("interrupted".into());
        }
        if started.elapsed() > limit {
            children.stop_all();
            return Err(format!("no answer within {} s", limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The started processes, stopped together.
struct Children(Vec<(&'static str, Child)>);

impl Children {
    fn spawn(&mut self, name: &'static str, cmd: &mut Command) -> Result<(), String> {
        match cmd.spawn() {
            Ok(child) => {
                self.0.push((name, child));
                Ok(())
            }
            Err(e) => {
                self.stop_all();
                Err(format!("cannot start {name}: {e}"))
            }
        }
    }

    /// The first child that has exited, if any.
    fn exited(&mut self) -> Option<(&'static str, std::process::ExitStatus)> {
        self.0
            .iter_mut()
            .find_map(|(name, c)| c.try_wait().ok().flatten().map(|s| (*name, s)))
    }

    /// SIGINT (Trunk and forge-sim shut down on it), then after 5 s SIGKILL; waits for each.
    fn stop_all(&mut self) {
        for (_, child) in &mut self.0 {
            if child.try_wait().ok().flatten().is_none() {
                interrupt(child);
            }
        }
        for (name, child) in &mut self.0 {
            let started = Instant::now();
            while child.try_wait().ok().flatten().is_none() {
                if started.elapsed() > Duration::from_secs(5) {
                    eprintln!("xtask dev: {name} did not stop on SIGINT; killing it");
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        self.0.clear();
    }
}

impl Drop for Children {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// Removes the temporary directory when the command ends.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
mod sys {
    use std::ffi::c_int;

    pub const SIGINT: c_int = 2;

    extern "C" {
        pub fn signal(signum: c_int, handler: usize) -> usize;
        pub fn kill(pid: i32, sig: c_int) -> c_int;
    }

    /// Only sets a flag (async-signal-safe); a handler, unlike `SIG_IGN`, is not inherited by
    /// the children, so Ctrl-C still reaches Trunk and forge-sim.
    pub extern "C" fn on_sigint(_: c_int) {
        super::INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[cfg(unix)]
fn install_sigint_handler() {
    // SAFETY: libc's `signal` with a handler that only stores to an atomic.
    unsafe {
        sys::signal(sys::SIGINT, sys::on_sigint as extern "C" fn(_) as usize);
    }
}

#[cfg(not(unix))]
fn install_sigint_handler() {}

#[cfg(unix)]
fn interrupt(child: &mut Child) {
    let Ok(pid) = i32::try_from(child.id()) else {
        let _ = child.kill();
        return;
    };
    // SAFETY: `kill` on the pid of a child that has not been waited for.
    if unsafe { sys::kill(pid, sys::SIGINT) } != 0 {
        let _ = child.kill();
    }
}

#[cfg(not(unix))]
fn interrupt(child: &mut Child) {
    let _ = child.kill();
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// `127.0.0.1:PORT` with a port free a moment ago and none of `taken`: a port let go can be
/// handed out again at once, and two listeners of forge-sim on one port stop it at start.
fn free_addr_besides(taken: &[&str]) -> Result<String, String> {
    loop {
        let addr = format!("127.0.0.1:{}", free_port()?);
        if !taken.contains(&addr.as_str()) {
            return Ok(addr);
        }
    }
}

/// An HTTP answer.
#[derive(Debug, PartialEq)]
struct Response {
    status: u16,
    /// Lower-case names.
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// `GET path` over HTTP/1.1 with `Connection: close`.
fn get(addr: &str, path: &str) -> Result<Response, String> {
    let sock = addr
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("{addr} is not an address"))?;
    let mut stream = TcpStream::connect_timeout(&sock, Duration::from_secs(2))
        .map_err(|e| format!("GET http://{addr}{path}: {e}"))?;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| format!("GET http://{addr}{path}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("GET http://{addr}{path}: {e}"))?;
    parse_response(&raw).ok_or_else(|| format!("GET http://{addr}{path}: not an HTTP answer"))
}

fn parse_response(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_plain_answer() {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json")
        );
        assert_eq!(r.body, "{}");
    }

    #[test]
    fn decodes_a_chunked_answer() {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"so\r\n5;x=1\r\nurce\"\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.body, "{\"source\"");
        assert!(dechunk(b"zz\r\n").is_none());
        assert!(dechunk(b"9\r\nshort\r\n").is_none());
    }

    #[test]
    fn check_mode_picks_free_ports() {
        let o = parse(&["--check".to_string()]).unwrap();
        assert!(o.check);
        assert_ne!(o.api_addr, "127.0.0.1:8090");
        assert_ne!(o.app_addr, "127.0.0.1:8080");
        assert!(parse(&["--nope".to_string()]).is_err());
    }
}
