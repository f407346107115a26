//! The seed corpus: the shared JSON fixtures (whole files, or the values under one key) plus
//! each target's hand-made seeds.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::targets::{Kind, Target};

/// One corpus entry: its bytes and, for JSON, the parsed value (for JSON-aware mutations).
#[derive(Clone, Debug)]
pub struct Entry {
    /// The input.
    pub bytes: Vec<u8>,
    /// The input as JSON, when it is JSON.
    pub value: Option<Value>,
}

impl Entry {
    /// An entry from bytes, parsing them as JSON when they are.
    pub fn new(bytes: Vec<u8>) -> Entry {
        let value = serde_json::from_slice(&bytes).ok();
        Entry { bytes, value }
    }
}

/// Where the fixtures live by default: the repository's `fixtures/` (copied verbatim from the shared fixtures).
pub fn default_fixtures() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    std::fs::canonicalize(&path).unwrap_or(path)
}

/// Every value under `key`, anywhere in `v`.
fn under_key<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(o) => {
            for (k, child) in o {
                if k == key && !child.is_null() {
                    out.push(child);
                }
                under_key(child, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| under_key(c, key, out)),
        _ => {}
    }
}

/// The status in an error fixture's name (`deployment_delete_403.json` → 403), else 400.
fn status_of(file: &str) -> u16 {
    file.split(|c: char| !c.is_ascii_digit())
        .filter(|s| s.len() == 3)
        .find_map(|s| s.parse().ok())
        .unwrap_or(400)
}

/// The seeds of `target`, read from `fixtures`.
pub fn seeds(target: &Target, fixtures: &Path) -> Result<Vec<Entry>, String> {
    let mut out: Vec<Entry> = target
        .seeds
        .iter()
        .map(|s| Entry::new(s.as_bytes().to_vec()))
        .collect();
    for (file, key) in target.fixtures {
        let path = fixtures.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: {e} (the repository's fixtures/ folder, or the one given with --fixtures DIR)",
                path.display()
            )
        })?;
        if target.kind == Kind::Error {
            let input = format!(
                "{}\ncontent-type: application/json\n\n{text}",
                status_of(file)
            );
            out.push(Entry::new(input.into_bytes()));
            continue;
        }
        let Some(key) = key else {
            out.push(Entry::new(text.into_bytes()));
            continue;
        };
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
        let mut found = Vec::new();
        under_key(&value, key, &mut found);
        if found.is_empty() {
            return Err(format!("{file}: no \"{key}\" to seed {} from", target.name));
        }
        for v in found {
            out.push(Entry {
                bytes: serde_json::to_vec(v).expect("a Value serialises"),
                value: Some(v.clone()),
            });
        }
    }
    if out.is_empty() {
        return Err(format!("{}: no seeds", target.name));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_statuses() {
        let v: Value =
            serde_json::from_str(r#"[{"user":{"id":1},"x":{"user":{"id":2}}}]"#).unwrap();
        let mut found = Vec::new();
        under_key(&v, "user", &mut found);
        assert_eq!(found.len(), 2);
        assert_eq!(status_of("gitlab/examples/deployment_delete_403.json"), 403);
        assert_eq!(status_of("x.json"), 400);
    }
}
