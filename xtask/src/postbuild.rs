//! `cargo xtask postbuild [DIR]`: Trunk's `post_build` hook (see `Trunk.toml`). Moves the inline
//! `<script type="module">` loader Trunk writes into `index.html` to its own file
//! `init-<hash>.js`, so the page runs under a Content-Security-Policy without `'unsafe-inline'`.
//!
//! DIR defaults to `$TRUNK_STAGING_DIR` (set by Trunk for hooks), else `dist`. The loader's
//! imports stay relative (`./shipboard-….js`), and the loader sits beside `index.html`, so they
//! resolve as before from any sub-path. Trunk's preload links and their `integrity` attributes
//! are left as they are (they name the bindings and the wasm, which do not change). A second run
//! finds nothing to move and says so. Inline styles, `<style>` elements and inline scripts other
//! than Trunk's development reload script (only `trunk serve` adds it) are refused.
//!
//! It also writes `embed.js` (a stable name, no hash) beside `index.html`: the loader a portal
//! includes to embed Shipboard as `<shipboard-dashboard>`. It names the hashed bindings, wasm and
//! style sheets that `index.html` links, each resolved against its own URL (`import.meta.url`),
//! so it works from any path; [`check_embed`] (run after every release build) checks it.
//!
//! Release builds (`TRUNK_PROFILE=release`) last get precompressed `.gz` and `.br` copies of
//! every asset (`crate::compress`).

use std::path::{Path, PathBuf};

/// The hook's entry point.
pub fn run(args: &[String]) -> Result<(), String> {
    let dir = match args.first() {
        Some(d) => PathBuf::from(d),
        None => std::env::var_os("TRUNK_STAGING_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("dist")),
    };
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "./".into());
    match externalize(&dir, &public_url)? {
        Some(file) => println!(
            "xtask postbuild: moved the inline module loader to {}",
            dir.join(file).display()
        ),
        None => println!(
            "xtask postbuild: {} has no inline module loader (already moved)",
            dir.join("index.html").display()
        ),
    }
    let embed = write_embed(&dir)?;
    println!(
        "xtask postbuild: wrote {} (<shipboard-dashboard>)",
        dir.join(embed).display()
    );
    check(&dir)?;
    check_embed(&dir)?;
    // Release builds only: brotli at quality 11 takes seconds, too slow for each `trunk serve`
    // rebuild (which serves uncompressed files anyway).
    if std::env::var("TRUNK_PROFILE").as_deref() == Ok("release") {
        let (files, raw, gz, br) = crate::compress::precompress(&dir)?;
        println!(
            "xtask postbuild: wrote .gz and .br beside {files} files ({raw} bytes: {gz} gzip, {br} brotli)"
        );
    }
    Ok(())
}

/// One `<script …>…</script>` element found in the HTML.
struct Script {
    /// Byte range of the whole element.
    start: usize,
    end: usize,
    /// The opening tag, lowercased.
    open: String,
    body: String,
}

impl Script {
    fn has_src(&self) -> bool {
        attr_present(&self.open, "src")
    }
    fn is_module(&self) -> bool {
        self.open.contains("type=\"module\"")
            || self.open.contains("type='module'")
            || self.open.contains("type=module")
    }
    /// Trunk's development reload script (`trunk serve` only).
    fn is_trunk_autoreload(&self) -> bool {
        self.body.contains(".well-known/trunk/ws")
    }
}

fn attr_present(open_tag: &str, name: &str) -> bool {
    open_tag
        .split(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .any(|word| word == name || word.starts_with(&format!("{name}=")))
}

fn scripts(html: &str) -> Result<Vec<Script>, String> {
    let lower = html.to_ascii_lowercase();
    let mut out = vec![];
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<script") {
        let start = from + pos;
        let open_end = lower[start..]
            .find('>')
            .map(|i| start + i + 1)
            .ok_or("index.html: a <script> tag does not end")?;
        let close = lower[open_end..]
            .find("</script>")
            .map(|i| open_end + i)
            .ok_or("index.html: a <script> element is not closed")?;
        let end = close + "</script>".len();
        out.push(Script {
            start,
            end,
            open: lower[start..open_end].to_string(),
            body: html[open_end..close].to_string(),
        });
        from = end;
    }
    Ok(out)
}

/// FNV-1a (64 bit) as 16 hex digits: a content hash for the file name, as Trunk names its files.
fn short_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Moves the inline module loader of `dir/index.html` into `dir/init-<hash>.js`; returns the new
/// file's name, or None when there was none to move.
pub fn externalize(dir: &Path, public_url: &str) -> Result<Option<String>, String> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let inline: Vec<Script> = scripts(&html)?
        .into_iter()
        .filter(|s| s.is_module() && !s.has_src())
        .collect();
    let loader = match inline.as_slice() {
        [] => return Ok(None),
        [one] => one,
        _ => {
            return Err(format!(
                "{}: {} inline module scripts; expected only Trunk's loader",
                index.display(),
                inline.len()
            ))
        }
    };
    let code = format!(
        "// Trunk's loader, moved out of index.html by `cargo xtask postbuild` (no inline script under the CSP).\n{}\n",
        loader.body.trim()
    );
    let name = format!("init-{}.js", short_hash(code.as_bytes()));
    std::fs::write(dir.join(&name), &code)
        .map_err(|e| format!("cannot write {}: {e}", dir.join(&name).display()))?;
    let tag = format!("<script type=\"module\" src=\"{public_url}{name}\"></script>");
    let rewritten = format!("{}{tag}{}", &html[..loader.start], &html[loader.end..]);
    std::fs::write(&index, rewritten)
        .map_err(|e| format!("cannot write {}: {e}", index.display()))?;
    Ok(Some(name))
}

/// The stable name of the embedding loader.
pub const EMBED_JS: &str = "embed.js";

/// The files `index.html` links, by name (the part after the last `/`): the wasm-bindgen
/// bindings (`modulepreload`), the wasm (`preload` of a `_bg.wasm`) and the style sheets in order.
#[derive(Debug, PartialEq)]
pub struct Linked {
    pub bindings: String,
    pub wasm: String,
    pub styles: Vec<String>,
}

fn attr_value(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&format!("{name}=")) {
        let start = from + pos;
        from = start + name.len() + 1;
        let before = lower[..start].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = &tag[from..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next()?,
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()?,
        };
        return Some(value.to_string());
    }
    None
}

fn file_name(href: &str) -> String {
    href.rsplit('/').next().unwrap_or(href).to_string()
}

/// Reads what `dir/index.html` links (see [`Linked`]).
pub fn linked(html: &str) -> Result<Linked, String> {
    let lower = html.to_ascii_lowercase();
    let (mut bindings, mut wasm, mut styles) = (None, None, Vec::new());
    let mut from = 0;
    while let Some(pos) = lower[from..].find("<link") {
        let start = from + pos;
        let end = lower[start..]
            .find('>')
            .map(|i| start + i + 1)
            .ok_or("index.html: a <link> tag does not end")?;
        let tag = &html[start..end];
        from = end;
        let rel = attr_value(tag, "rel")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let Some(href) = attr_value(tag, "href") else {
            continue;
        };
        match rel.as_str() {
            "modulepreload" if href.ends_with(".js") => bindings = Some(file_name(&href)),
            "preload" if href.ends_with("_bg.wasm") => wasm = Some(file_name(&href)),
            "stylesheet" => styles.push(file_name(&href)),
            _ => {}
        }
    }
    Ok(Linked {
        bindings: bindings.ok_or("index.html links no wasm-bindgen bindings (modulepreload)")?,
        wasm: wasm.ok_or("index.html links no _bg.wasm (preload)")?,
        styles,
    })
}

/// `embed.js`: defines `<shipboard-dashboard>` (see the README's "Embedding").
pub fn embed_js(files: &Linked) -> String {
    let styles: Vec<String> = files.styles.iter().map(|s| format!("{s:?}")).collect();
    EMBED_TEMPLATE
        .replace("{BINDINGS}", &files.bindings)
        .replace("{WASM}", &files.wasm)
        .replace("{STYLES}", &styles.join(", "))
}

const EMBED_TEMPLATE: &str = r#"// Shipboard's embedding loader, written by `cargo xtask postbuild`: defines <shipboard-dashboard>, loading the hashed files beside this one.
// <script type="module" src=".../embed.js"></script>
// <shipboard-dashboard config-url="..." param-prefix="sb_" theme="auto" lang="en" refresh="30"></shipboard-dashboard>
import init, { shipboard_embed } from "./{BINDINGS}";

const here = import.meta.url;
const WASM = "{WASM}";
const STYLES = [{STYLES}];
const ATTRIBUTES = ["config-url", "param-prefix", "theme", "lang", "refresh"];

let started = null;
/** Starts the wasm once per page; tells its `main` not to mount into the host's <body>. */
function start() {
  if (!started) {
    globalThis[Symbol.for("shipboard.embed")] = true;
    started = init({ module_or_path: new URL(WASM, here) });
  }
  return started;
}

class ShipboardDashboard extends HTMLElement {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  #handle = null;
  #run = 0;

  connectedCallback() {
    this.#mount();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback() {
    if (this.#handle) {
      this.#unmount();
      this.#mount();
    }
  }

  async #mount() {
    const run = ++this.#run;
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    root.replaceChildren();
    for (const file of STYLES) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(file, here).href;
      root.append(link);
    }
    const mount = document.createElement("div");
    mount.className = "shipboard-embed";
    root.append(mount);
    await start();
    if (run !== this.#run || !this.isConnected) {
      return;
    }
    const configUrl = this.getAttribute("config-url");
    this.#handle = shipboard_embed(mount, {
      configUrl: configUrl ? new URL(configUrl, document.baseURI).href : new URL("config.json", here).href,
      paramPrefix: this.getAttribute("param-prefix") ?? "",
      theme: this.getAttribute("theme") ?? "",
      lang: this.getAttribute("lang") ?? "",
      refresh: this.getAttribute("refresh") ?? "",
    });
  }

  #unmount() {
    this.#run++;
    if (this.#handle) {
      this.#handle.unmount();
      this.#handle.free();
      this.#handle = null;
    }
    this.shadowRoot?.replaceChildren();
  }
}

if (!customElements.get("shipboard-dashboard")) {
  customElements.define("shipboard-dashboard", ShipboardDashboard);
}
"#;

/// Writes `dir/embed.js` from what `dir/index.html` links; returns its name.
pub fn write_embed(dir: &Path) -> Result<&'static str, String> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let files = linked(&html).map_err(|e| format!("{}: {e}", index.display()))?;
    let path = dir.join(EMBED_JS);
    std::fs::write(&path, embed_js(&files))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(EMBED_JS)
}

/// Fails unless `dir/embed.js` exists and every file it names (bindings, wasm, style sheets) is
/// in `dir`.
pub fn check_embed(dir: &Path) -> Result<(), String> {
    let path = dir.join(EMBED_JS);
    let js = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: missing ({e}); the post_build hook writes it",
            path.display()
        )
    })?;
    let index = std::fs::read_to_string(dir.join("index.html"))
        .map_err(|e| format!("cannot read index.html: {e}"))?;
    let files = linked(&index)?;
    if js != embed_js(&files) {
        return Err(format!(
            "{} does not match index.html's files; run `cargo xtask postbuild`",
            path.display()
        ));
    }
    for name in [&files.bindings, &files.wasm]
        .into_iter()
        .chain(&files.styles)
    {
        if !dir.join(name).is_file() {
            return Err(format!(
                "{}: names {name}, which is missing",
                path.display()
            ));
        }
    }
    Ok(())
}

/// Fails when `dir/index.html` still has something a strict CSP refuses: an inline script (but
/// Trunk's development reload script), a `<style>` element or a `style` attribute.
pub fn check(dir: &Path) -> Result<(), String> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    for s in scripts(&html)? {
        if s.has_src() {
            continue;
        }
        if s.is_trunk_autoreload() {
            println!(
                "xtask postbuild: note: Trunk's reload script stays inline (only `trunk serve` adds it)"
            );
            continue;
        }
        return Err(format!(
            "{}: an inline script is left ({}…); the CSP refuses it",
            index.display(),
            s.open
        ));
    }
    let lower = html.to_ascii_lowercase();
    if lower.contains("<style") {
        return Err(format!(
            "{}: a <style> element; the CSP refuses it (use style/main.css)",
            index.display()
        ));
    }
    if lower
        .split('<')
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .any(|tag| attr_present(tag, "style"))
    {
        return Err(format!(
            "{}: a style attribute; the CSP refuses it (use a class)",
            index.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_OUTPUT: &str = r#"<!DOCTYPE html><html lang="en"><head>
<link rel="modulepreload" href="./shipboard-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-abc">
<link rel="preload" href="./shipboard-0123456789abcdef_bg.wasm" crossorigin="anonymous" integrity="sha384-def" as="fetch" type="application/wasm"></head>
<body>
<script type="module">
import init, * as bindings from './shipboard-0123456789abcdef.js';
const wasm = await init({ module_or_path: './shipboard-0123456789abcdef_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script></body></html>"#;

    fn temp(tag: &str, html: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("xtask-postbuild-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), html).unwrap();
        dir
    }

    #[test]
    fn moves_the_loader_and_keeps_the_preloads() {
        let dir = temp("move", TRUNK_OUTPUT);
        let name = externalize(&dir, "./").unwrap().unwrap();
        assert!(name.starts_with("init-") && name.ends_with(".js") && name.len() == 24);
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        assert!(html.contains(&format!(
            "<script type=\"module\" src=\"./{name}\"></script></body>"
        )));
        assert!(html.contains("integrity=\"sha384-abc\"") && html.contains("sha384-def"));
        assert!(!html.contains("import init"));
        let js = std::fs::read_to_string(dir.join(&name)).unwrap();
        assert!(js.contains("import init, * as bindings from './shipboard-0123456789abcdef.js';"));
        assert!(js.contains("TrunkApplicationStarted"));
        check(&dir).unwrap();
        // Idempotent.
        assert_eq!(externalize(&dir, "./").unwrap(), None);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn writes_embed_js_naming_the_hashed_files() {
        let html = TRUNK_OUTPUT.replace(
            "</head>",
            "<link rel=\"stylesheet\" href=\"./theme-aa.css\" integrity=\"x\"/><link rel=\"stylesheet\" href=\"./main-bb.css\"/></head>",
        );
        let dir = temp("embed", &html);
        externalize(&dir, "./").unwrap();
        let files = linked(&std::fs::read_to_string(dir.join("index.html")).unwrap()).unwrap();
        assert_eq!(
            files,
            Linked {
                bindings: "shipboard-0123456789abcdef.js".into(),
                wasm: "shipboard-0123456789abcdef_bg.wasm".into(),
                styles: vec!["theme-aa.css".into(), "main-bb.css".into()],
            }
        );
        assert_eq!(write_embed(&dir).unwrap(), "embed.js");
        let js = std::fs::read_to_string(dir.join("embed.js")).unwrap();
        assert!(js.starts_with("// Shipboard's embedding loader"));
        assert!(js.contains(
            "import init, { shipboard_embed } from \"./shipboard-0123456789abcdef.js\";"
        ));
        assert!(js.contains("const WASM = \"shipboard-0123456789abcdef_bg.wasm\";"));
        assert!(js.contains("const STYLES = [\"theme-aa.css\", \"main-bb.css\"];"));
        assert!(js.contains("customElements.define(\"shipboard-dashboard\""));
        assert!(js.contains("attachShadow({ mode: \"open\" })"));
        // The named files are missing from this folder: the check says which.
        assert!(check_embed(&dir).unwrap_err().contains("which is missing"));
        for f in [
            "shipboard-0123456789abcdef.js",
            "shipboard-0123456789abcdef_bg.wasm",
            "theme-aa.css",
            "main-bb.css",
        ] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        check_embed(&dir).unwrap();
        // A stale embed.js (another build's names) is refused; a missing one too.
        std::fs::write(dir.join("embed.js"), js.replace("main-bb", "main-cc")).unwrap();
        assert!(check_embed(&dir).unwrap_err().contains("does not match"));
        std::fs::remove_file(dir.join("embed.js")).unwrap();
        assert!(check_embed(&dir).unwrap_err().contains("missing"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn refuses_what_the_policy_refuses() {
        let dir = temp(
            "refuse",
            "<html><body><script>alert(1)</script></body></html>",
        );
        assert!(check(&dir).unwrap_err().contains("inline script"));
        std::fs::write(
            dir.join("index.html"),
            "<body><p style=\"color:red\">x</p></body>",
        )
        .unwrap();
        assert!(check(&dir).unwrap_err().contains("style attribute"));
        std::fs::write(dir.join("index.html"), "<head><style>p{}</style></head>").unwrap();
        assert!(check(&dir).unwrap_err().contains("<style>"));
        let two = TRUNK_OUTPUT.replace("</body>", "<script type=module>1</script></body>");
        std::fs::write(dir.join("index.html"), two).unwrap();
        assert!(externalize(&dir, "./").unwrap_err().contains("2 inline"));
        std::fs::write(
            dir.join("index.html"),
            "<body data-style=\"x\"><script src=\"./a.js\"></script></body>",
        )
        .unwrap();
        check(&dir).unwrap();
        let reload = "<body><script>const url = 'ws://' + address + base + '.well-known/trunk/ws';</script></body>";
        std::fs::write(dir.join("index.html"), reload).unwrap();
        check(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
    }
}
