//! `config.json` (served beside `index.html`) and saved sources: parsing with messages that name
//! the problem, e.g. `sources[1].api_url must start with http:// or https://`.
//!
//! Format (extra fields are ignored, so tools may add their own):
//! `{"sources":[{"name","kind":"gitlab"|"github","api_url","token"?,"projects"?:[..],"repos"?:[..]}],
//! "users"?:[{"username","token"}]}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::view::Forge;

/// The whole configuration: the sources to show, and optional extra users (the demo's tokens).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Forge connections, in display order; the URL's `source=` is an index into this list.
    pub sources: Vec<SourceConfig>,
    /// Other users' tokens (forge-sim's demo users), to switch identity when approving.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserToken>,
}

/// One forge connection.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceConfig {
    /// A display name, e.g. `Demo GitLab`.
    pub name: String,
    /// Which forge.
    pub kind: Forge,
    /// API base URL, e.g. `https://gitlab.com/api/v4` or `https://api.github.com`.
    pub api_url: String,
    /// Personal access token; only ever sent in a header to `api_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// GitLab projects: numeric ids or `group/sub/project` paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<String>,
    /// GitHub repositories as `owner/repo`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repos: Vec<String>,
}

impl SourceConfig {
    /// The projects (GitLab) or repositories (GitHub) of this source.
    pub fn targets(&self) -> &[String] {
        match self.kind {
            Forge::GitLab => &self.projects,
            Forge::GitHub => &self.repos,
        }
    }
}

impl std::fmt::Debug for SourceConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceConfig")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("api_url", &self.api_url)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("projects", &self.projects)
            .field("repos", &self.repos)
            .finish()
    }
}

/// A named token (forge-sim's seeded users).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct UserToken {
    /// The user's name on the forge.
    pub username: String,
    /// Their token.
    pub token: String,
}

impl std::fmt::Debug for UserToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserToken")
            .field("username", &self.username)
            .field("token", &"[redacted]")
            .finish()
    }
}

/// Parses `config.json`; the error names the file, the place and the problem.
pub fn parse(text: &str) -> Result<Config, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "config.json is not valid JSON (line {}, column {}): {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        )
    })?;
    let Value::Object(root) = &value else {
        return Err("config.json must be a JSON object with a \"sources\" list".into());
    };
    let sources = match root.get("sources") {
        None => return Err("config.json has no \"sources\" list".into()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("config.json: \"sources\" must be a list".into()),
    };
    let mut config = Config::default();
    for (i, item) in sources.iter().enumerate() {
        config.sources.push(source(item, &format!("sources[{i}]"))?);
    }
    if let Some(users) = root.get("users") {
        let Value::Array(items) = users else {
            return Err("config.json: \"users\" must be a list".into());
        };
        for (i, item) in items.iter().enumerate() {
            let at = format!("users[{i}]");
            let username = string_field(item, &at, "username")?;
            let token = string_field(item, &at, "token")?;
            config.users.push(UserToken { username, token });
        }
    }
    Ok(config)
}

fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn string_field(item: &Value, at: &str, name: &str) -> Result<String, String> {
    match item.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::String(_)) => Err(format!("config.json: {at}.{name} is empty")),
        Some(_) => Err(format!("config.json: {at}.{name} must be a string")),
        None => Err(format!("config.json: {at} has no \"{name}\"")),
    }
}

fn string_list(item: &Value, at: &str, name: &str) -> Result<Vec<String>, String> {
    let Some(value) = item.get(name) else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err(format!(
            "config.json: {at}.{name} must be a list of strings"
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(j, v)| match v {
            Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(format!(
                "config.json: {at}.{name}[{j}] must be a non-empty string"
            )),
        })
        .collect()
}

fn source(item: &Value, at: &str) -> Result<SourceConfig, String> {
    if !item.is_object() {
        return Err(format!("config.json: {at} must be an object"));
    }
    let name = string_field(item, at, "name")?;
    let kind = match string_field(item, at, "kind")?.as_str() {
        "gitlab" => Forge::GitLab,
        "github" => Forge::GitHub,
        other => {
            return Err(format!(
                "config.json: {at}.kind is \"{other}\"; use \"gitlab\" or \"github\""
            ))
        }
    };
    let api_url = string_field(item, at, "api_url")?;
    check_api_url(&api_url).map_err(|e| format!("config.json: {at}.api_url {e}"))?;
    let token = match item.get("token") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(_) => return Err(format!("config.json: {at}.token must be a string")),
    };
    let projects = string_list(item, at, "projects")?;
    let repos = string_list(item, at, "repos")?;
    for (j, repo) in repos.iter().enumerate() {
        check_repo(repo).map_err(|e| format!("config.json: {at}.repos[{j}] {e}"))?;
    }
    Ok(SourceConfig {
        name,
        kind,
        api_url: api_url.trim_end_matches('/').to_string(),
        token,
        projects,
        repos,
    })
}

/// An API base URL must be absolute `http(s)` with a host; the message completes "api_url …".
pub fn check_api_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("must start with http:// or https:// (got \"{url}\")"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("has no host (got \"{url}\")"));
    }
    if url.contains(['?', '#']) {
        return Err("must not contain a query or fragment".into());
    }
    if host.contains('@') {
        return Err("must not contain credentials: put the token in the token field".into());
    }
    Ok(())
}

/// A GitHub repository must be `owner/repo`; the message completes "repository …".
pub fn check_repo(repo: &str) -> Result<(), String> {
    let mut parts = repo.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(o), Some(r), None) if !o.is_empty() && !r.is_empty() => Ok(()),
        _ => Err(format!("must look like owner/repo (got \"{repo}\")")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = r#"{"sources":[{"name":"Demo GitLab","kind":"gitlab","api_url":"http://127.0.0.1:8090/api/v4","token":"demo-token","projects":["1","acme/platform/web"]},{"name":"Demo GitHub","kind":"github","api_url":"http://127.0.0.1:8090/github","token":"demo-token","repos":["acme/shop"]}]}"#;

    #[test]
    fn parses_the_documented_format() {
        let c = parse(DEMO).unwrap();
        assert_eq!(c.sources.len(), 2);
        assert_eq!(c.sources[0].kind, Forge::GitLab);
        assert_eq!(c.sources[0].targets(), ["1", "acme/platform/web"]);
        assert_eq!(c.sources[1].targets(), ["acme/shop"]);
        assert_eq!(c.sources[1].token.as_deref(), Some("demo-token"));
    }

    #[test]
    fn debug_never_shows_a_token() {
        let c = parse(DEMO).unwrap();
        assert!(!format!("{c:?}").contains("demo-token"));
    }

    fn check_err(text: &str, expect: &str) {
        let got = parse(text).unwrap_err();
        assert_eq!(got, expect);
    }

    #[test]
    fn errors_name_the_problem() {
        check_err(
            "",
            "config.json is not valid JSON (line 1, column 0): EOF while parsing a value",
        );
        check_err(
            "[]",
            "config.json must be a JSON object with a \"sources\" list",
        );
        check_err("{}", "config.json has no \"sources\" list");
        check_err(
            r#"{"sources":{}}"#,
            "config.json: \"sources\" must be a list",
        );
        check_err(
            r#"{"sources":[1]}"#,
            "config.json: sources[0] must be an object",
        );
        check_err(
            r#"{"sources":[{"name":"x","kind":"bitbucket","api_url":"https://x"}]}"#,
            "config.json: sources[0].kind is \"bitbucket\"; use \"gitlab\" or \"github\"",
        );
        check_err(
            r#"{"sources":[{"name":"x","kind":"gitlab","api_url":"ftp://x"}]}"#,
            "config.json: sources[0].api_url must start with http:// or https:// (got \"ftp://x\")",
        );
        check_err(
            r#"{"sources":[{"name":"x","kind":"github","api_url":"https://x","repos":["nope"]}]}"#,
            "config.json: sources[0].repos[0] must look like owner/repo (got \"nope\")",
        );
        check_err(
            r#"{"sources":[{"kind":"github","api_url":"https://x"}]}"#,
            "config.json: sources[0] has no \"name\"",
        );
        check_err(
            r#"{"sources":[{"name":"x","kind":"gitlab","api_url":"https://u:p@x"}]}"#,
            "config.json: sources[0].api_url must not contain credentials: put the token in the token field",
        );
    }

    #[test]
    fn extra_fields_and_users_are_accepted() {
        let c = parse(
            r#"{"sources":[],"users":[{"username":"alice","token":"alice-token"}],"extra":1}"#,
        )
        .unwrap();
        assert_eq!(c.users[0].username, "alice");
    }
}
