//! Precompressed copies of a release build: `<file>.gz` (gzip level 9) and `<file>.br` (brotli
//! quality 11) beside every asset of `dist/`, for servers that send them as they are (nginx
//! `gzip_static`/`brotli_static`, Caddy `precompressed`, Apache `mod_rewrite`; see the README).

use std::io::Write;
use std::path::Path;

/// Files worth compressing (text and wasm); images other than SVG are already compressed.
const EXTENSIONS: &[&str] = &["wasm", "js", "css", "html", "svg", "json"];

/// A copy is kept only when it is at least this much smaller (a server falls back to the file).
const MIN_SAVING: f64 = 0.05;

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    enc.finish()
}

fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

fn compressible(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
}

/// Writes `.gz` and `.br` beside every compressible file of `dir` (not recursive: Trunk's output
/// is flat); returns `(files, raw bytes, gzip bytes, brotli bytes)` over the files compressed.
pub fn precompress(dir: &Path) -> Result<(usize, usize, usize, usize), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut totals = (0, 0, 0, 0);
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths.into_iter().filter(|p| compressible(p)) {
        let data =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let fail = |e: std::io::Error| format!("cannot compress {}: {e}", path.display());
        let copies = [
            ("gz", gzip(&data).map_err(fail)?),
            ("br", brotli(&data).map_err(fail)?),
        ];
        totals.0 += 1;
        totals.1 += data.len();
        for (ext, bytes) in &copies {
            let name = format!("{}.{ext}", path.display());
            if (bytes.len() as f64) > data.len() as f64 * (1.0 - MIN_SAVING) {
                // Not worth it: no copy, and no stale one from an earlier run either.
                let _ = std::fs::remove_file(&name);
                continue;
            }
            std::fs::write(&name, bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
            if *ext == "gz" {
                totals.2 += bytes.len();
            } else {
                totals.3 += bytes.len();
            }
        }
    }
    Ok(totals)
}

/// Fails unless the wasm, every script and every style sheet of `dir` has both copies, each
/// decompressing to the file itself.
pub fn check(dir: &Path) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut checked = 0;
    for path in entries.flatten().map(|e| e.path()) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !path.is_file() || !["wasm", "js", "css"].contains(&ext) {
            continue;
        }
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        let gz = std::fs::read(format!("{}.gz", path.display()))
            .map_err(|_| format!("{} has no .gz copy", path.display()))?;
        let br = std::fs::read(format!("{}.br", path.display()))
            .map_err(|_| format!("{} has no .br copy", path.display()))?;
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain)
            .map_err(|e| format!("{}.gz does not decompress: {e}", path.display()))?;
        if plain != data {
            return Err(format!("{}.gz is not a copy of it", path.display()));
        }
        plain.clear();
        brotli::BrotliDecompress(&mut &br[..], &mut plain)
            .map_err(|e| format!("{}.br does not decompress: {e}", path.display()))?;
        if plain != data {
            return Err(format!("{}.br is not a copy of it", path.display()));
        }
        checked += 1;
    }
    if checked == 0 {
        return Err(format!(
            "{} has no wasm, script or style sheet",
            dir.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_copies_that_decompress_to_the_files() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let text = "fn main() { println!(\"hello\"); }\n".repeat(200);
        std::fs::write(dir.join("app.js"), &text).unwrap();
        std::fs::write(dir.join("app.wasm"), text.as_bytes()).unwrap();
        std::fs::write(dir.join("main.css"), &text).unwrap();
        std::fs::write(dir.join("photo.png"), &text).unwrap();
        assert!(check(&dir).unwrap_err().contains("no .gz copy"));
        let (files, raw, gz, br) = precompress(&dir).unwrap();
        assert_eq!(files, 3, "png is not compressed");
        assert_eq!(raw, 3 * text.len());
        assert!(gz < raw / 10 && br < raw / 10, "{gz} {br} of {raw}");
        assert!(!dir.join("photo.png.gz").exists());
        check(&dir).unwrap();
        // A wrong copy is found.
        std::fs::write(dir.join("main.css.br"), brotli(b"other").unwrap()).unwrap();
        assert!(check(&dir)
            .unwrap_err()
            .contains("main.css.br is not a copy"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
