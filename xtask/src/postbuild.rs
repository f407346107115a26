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
    check(&dir)
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
