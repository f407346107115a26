//! JSON-schema checks against the shared fixtures: GitLab's draft-4 schemas (relative `$ref`s inlined) and GitHub's OpenAPI schemas (`nullable` rewritten).

use std::path::{Path, PathBuf};

use jsonschema::Validator;
use serde_json::{json, Value};

pub fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("schema json")
}

/// Replaces every relative file `$ref` with the referenced document (recursively).
fn inline(v: Value, dir: &Path) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                let path = dir.join(r);
                let sub_dir = path.parent().expect("parent").to_path_buf();
                return inline(load(&path), &sub_dir);
            }
            Value::Object(m.into_iter().map(|(k, v)| (k, inline(v, dir))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|v| inline(v, dir)).collect()),
        other => other,
    }
}

fn gitlab_dir() -> PathBuf {
    fixtures().join("gitlab/schemas/spec/fixtures/api/schemas/public_api/v4")
}

/// The GitLab schema `name` (e.g. `deployment.json`) with refs inlined; `environment.json` also
/// allows the newer `description` and `auto_stop_setting` fields listed in PROVENANCE.md.
pub fn gitlab_schema(name: &str) -> Value {
    let dir = gitlab_dir();
    let mut s = inline(load(&dir.join(name)), &dir);
    allow_newer_env_fields(&mut s);
    s
}

fn allow_newer_env_fields(v: &mut Value) {
    match v {
        Value::Object(m) => {
            let is_env = m
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.contains(&json!("tier")))
                && m.get("properties")
                    .is_some_and(|p| p.get("state").is_some());
            let is_job = m
                .get("properties")
                .is_some_and(|p| p.get("stage").is_some() && p.get("pipeline").is_some());
            if is_job {
                // GitLab's job entity exposes `failure_reason` on failed jobs (the spec's
                // schema was written from jobs that did not fail).
                if let Some(props) = m.get_mut("properties").and_then(Value::as_object_mut) {
                    props.insert("failure_reason".into(), json!({"type": "string"}));
                }
            }
            if is_env {
                let props = m
                    .get_mut("properties")
                    .and_then(Value::as_object_mut)
                    .expect("properties");
                props.insert("description".into(), json!({"type": ["string", "null"]}));
                props.insert(
                    "auto_stop_setting".into(),
                    json!({"type": "string", "enum": ["always", "with_action"]}),
                );
            }
            for (_, x) in m.iter_mut() {
                allow_newer_env_fields(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(allow_newer_env_fields),
        _ => {}
    }
}

/// OpenAPI 3.0 `nullable: true` as JSON Schema.
fn denull(v: Value) -> Value {
    match v {
        Value::Object(mut m) => {
            let nullable = m.remove("nullable") == Some(Value::Bool(true));
            let mut m: serde_json::Map<String, Value> =
                m.into_iter().map(|(k, v)| (k, denull(v))).collect();
            if !nullable {
                return Value::Object(m);
            }
            if let Some(Value::String(t)) = m.get("type").cloned() {
                m.insert("type".into(), json!([t, "null"]));
                if let Some(Value::Array(e)) = m.get_mut("enum") {
                    e.push(Value::Null);
                }
                Value::Object(m)
            } else {
                json!({"anyOf": [{"type": "null"}, Value::Object(m)]})
            }
        }
        Value::Array(a) => Value::Array(a.into_iter().map(denull).collect()),
        other => other,
    }
}

pub fn github_schema(name: &str) -> Value {
    denull(load(&fixtures().join("github/schemas").join(name)))
}

pub fn validator(schema: &Value) -> Validator {
    jsonschema::draft4::new(schema).expect("valid schema")
}

/// Panics with every violation when `instance` does not validate.
#[track_caller]
pub fn assert_valid(schema: &Value, instance: &Value, what: &str) {
    let v = validator(schema);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} violates its schema:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

/// Validates each item of an array.
#[track_caller]
pub fn assert_all_valid(schema: &Value, items: &[Value], what: &str) {
    let v = validator(schema);
    for (i, item) in items.iter().enumerate() {
        let errors: Vec<String> = v
            .iter_errors(item)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what}[{i}] violates its schema:\n{}\n{item:#}",
            errors.join("\n")
        );
    }
}

#[test]
fn the_schemas_load_and_reject_junk() {
    for name in [
        "deployment.json",
        "environment.json",
        "environments.json",
        "basic_environment.json",
        "job.json",
    ] {
        let s = gitlab_schema(name);
        assert!(
            !validator(&s).is_valid(&json!({"id": "not a number"})),
            "{name} accepts junk"
        );
    }
    for name in [
        "deployment.json",
        "deployment-status.json",
        "environment.json",
        "pending-deployment.json",
    ] {
        let s = github_schema(name);
        assert!(
            !validator(&s).is_valid(&json!({"id": "x"})),
            "{name} accepts junk"
        );
    }
}
