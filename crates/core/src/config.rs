//! `config.json` (served beside `index.html`) and saved sources: parsing with messages that name
//! the problem, e.g. `sources[1].api_url must start with http:// or https://`, and the checks
//! Settings shares (API URL, token, ids).
//!
//! Format (extra fields are ignored, so tools may add their own):
//! `{"sources":[{"id"?,"name","kind":"gitlab"|"github","api_url","token"?,"projects"?:[..],
//! "repos"?:[..]}], "users"?:[{"username","token","source"}]}`.
//!
//! - A source's `id` is what the URL's `?source=` names; it defaults to [`slug`] of the name
//!   (`Demo GitLab` → `demo-gitlab`, or `source-N` when the name has no letter or digit) and must
//!   be unique.
//! - A user's `source` is the id or the name of the one source its token belongs to: the token is
//!   only ever offered for that source ([`users_for`]).
//! - Tokens must be sendable in an HTTP header ([`check_token`]); API URLs must be `https://`
//!   unless the host is loopback ([`check_api_url`]); projects and repositories must be plain
//!   paths ([`crate::validate::check_target`]).

use std::net::{Ipv4Addr, Ipv6Addr};

use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::view::Forge;

/// The whole configuration: the sources to show, and optional extra users (the demo's tokens).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Forge connections, in display order; the URL's `source=` names one by its `id`.
    pub sources: Vec<SourceConfig>,
    /// Other users' tokens (forge-sim's demo users), to switch identity when approving.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserToken>,
    /// How long a request may take before it is aborted, in seconds (default 30, 1..=600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u32>,
}

/// One forge connection.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceConfig {
    /// Stable id, what the URL's `?source=` says, e.g. `demo-gitlab`. Sources saved before ids
    /// existed read back with an empty id: [`assign_ids`] fills it in.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
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
    /// GitLab only: the application ID of a non-confidential GitLab OAuth application (scopes
    /// `api read_api`); the header then offers "Sign in with GitLab" ([`crate::oauth`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_client_id: Option<String>,
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
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("api_url", &self.api_url)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("projects", &self.projects)
            .field("repos", &self.repos)
            .field("oauth_client_id", &self.oauth_client_id)
            .finish()
    }
}

/// A named token (forge-sim's seeded users), usable only with one source.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct UserToken {
    /// The user's name on the forge.
    pub username: String,
    /// Their token.
    pub token: String,
    /// The `id` of the source this token belongs to (`config.json` may give the id or the name;
    /// [`parse`] stores the id).
    pub source: String,
}

impl std::fmt::Debug for UserToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserToken")
            .field("username", &self.username)
            .field("token", &"[redacted]")
            .field("source", &self.source)
            .finish()
    }
}

/// The users whose tokens belong to `source` (never another source's: a token goes only to its
/// own API).
pub fn users_for<'a>(users: &'a [UserToken], source: &SourceConfig) -> Vec<&'a UserToken> {
    if source.id.is_empty() {
        return Vec::new();
    }
    users.iter().filter(|u| u.source == source.id).collect()
}

/// A source id made from a name: lower-case ASCII letters and digits, every other run of
/// characters one `-`, none at either end (`Demo GitLab (EU)` → `demo-gitlab-eu`). May be empty.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// An id for a new source named `name` that is not in `taken`: its [`slug`] (`source` when
/// that is empty), else the first free of `slug-2`, `slug-3`, ….
pub fn unique_id(name: &str, taken: &[&str]) -> String {
    let base = match slug(name) {
        s if s.is_empty() => "source".to_owned(),
        s => s,
    };
    if !taken.contains(&base.as_str()) {
        return base;
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(&id.as_str()))
        .unwrap_or(base)
}

/// Gives every source an id and makes ids unique, in order: a source with no id, or with one an
/// earlier source already uses, gets [`unique_id`] of its name. `config.json`'s sources come
/// first and are unique already, so only saved sources (from before ids, or clashing with a
/// later `config.json`) change.
pub fn assign_ids(sources: &mut [SourceConfig]) {
    let mut taken: Vec<String> = Vec::with_capacity(sources.len());
    for source in sources.iter_mut() {
        if source.id.is_empty() || taken.contains(&source.id) {
            let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
            source.id = unique_id(&source.name, &refs);
        }
        taken.push(source.id.clone());
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
        let (source, explicit_id) = source(item, i)?;
        if let Some(j) = config.sources.iter().position(|s| s.id == source.id) {
            let id = &source.id;
            return Err(if explicit_id {
                format!("config.json: sources[{i}].id \"{id}\" is already used by sources[{j}]")
            } else {
                format!(
                    "config.json: sources[{i}].id \"{id}\" (made from its name) is already used \
                     by sources[{j}]; give one of them an \"id\""
                )
            });
        }
        config.sources.push(source);
    }
    if let Some(timeout) = root.get("timeout_secs") {
        match timeout.as_u64().filter(|t| (1..=600).contains(t)) {
            Some(t) => config.timeout_secs = Some(t as u32),
            None => {
                return Err(format!(
                    "config.json: \"timeout_secs\" is {timeout}; give a number of seconds from 1 to 600"
                ))
            }
        }
    }
    if let Some(users) = root.get("users") {
        let Value::Array(items) = users else {
            return Err("config.json: \"users\" must be a list".into());
        };
        for (i, item) in items.iter().enumerate() {
            config.users.push(user(item, i, &config.sources)?);
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

/// Source `i`, and whether its id was given (rather than made from the name).
fn source(item: &Value, i: usize) -> Result<(SourceConfig, bool), String> {
    let at = format!("sources[{i}]");
    let at = at.as_str();
    if !item.is_object() {
        return Err(format!("config.json: {at} must be an object"));
    }
    let name = string_field(item, at, "name")?;
    let (id, explicit_id) = match item.get("id") {
        None | Some(Value::Null) => {
            let id = match slug(&name) {
                s if s.is_empty() => format!("source-{i}"),
                s => s,
            };
            (id, false)
        }
        Some(_) => {
            let id = string_field(item, at, "id")?;
            if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!(
                    "config.json: {at}.id \"{}\" must not contain spaces or control characters",
                    id.escape_debug()
                ));
            }
            (id, true)
        }
    };
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
        Some(Value::String(s)) => {
            let token = s.trim();
            if let Some(problem) = token_problem(token) {
                return Err(format!("config.json: {at}.token {problem}"));
            }
            Some(token.to_string())
        }
        Some(_) => return Err(format!("config.json: {at}.token must be a string")),
    };
    let projects = string_list(item, at, "projects")?;
    for (j, project) in projects.iter().enumerate() {
        crate::validate::check_target(Forge::GitLab, project)
            .map_err(|e| format!("config.json: {at}.projects[{j}] {}", e.message))?;
    }
    let repos = string_list(item, at, "repos")?;
    for (j, repo) in repos.iter().enumerate() {
        crate::validate::check_target(Forge::GitHub, repo)
            .map_err(|e| format!("config.json: {at}.repos[{j}] {}", e.message))?;
    }
    let oauth_client_id = match item.get("oauth_client_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            let id = s.trim();
            crate::oauth::check_client_id(id)
                .map_err(|e| format!("config.json: {at}.oauth_client_id {e}"))?;
            if kind != Forge::GitLab {
                return Err(format!(
                    "config.json: {at}.oauth_client_id is for GitLab sources only (GitHub's token \
                     endpoint cannot be called from a browser; use a fine-grained token)"
                ));
            }
            if crate::oauth::instance_url(&api_url).is_none() {
                return Err(format!(
                    "config.json: {at}.oauth_client_id needs an api_url that ends with /api/v4"
                ));
            }
            Some(id.to_owned())
        }
        Some(_) => {
            return Err(format!(
                "config.json: {at}.oauth_client_id must be a string"
            ))
        }
    };
    let source = SourceConfig {
        id,
        name,
        kind,
        api_url: api_url.trim_end_matches('/').to_string(),
        token,
        projects,
        repos,
        oauth_client_id,
    };
    Ok((source, explicit_id))
}

/// User `i`: its token checked, its `source` (an id or a name) turned into the source's id.
fn user(item: &Value, i: usize, sources: &[SourceConfig]) -> Result<UserToken, String> {
    let at = format!("users[{i}]");
    let at = at.as_str();
    if !item.is_object() {
        return Err(format!("config.json: {at} must be an object"));
    }
    let username = string_field(item, at, "username")?;
    let token = string_field(item, at, "token")?;
    if let Some(problem) = token_problem(&token) {
        return Err(format!("config.json: {at}.token {problem}"));
    }
    let key = match item.get("source") {
        None | Some(Value::Null) => {
            return Err(format!(
                "config.json: {at}.source is missing: give the id or name of the source this \
                 token belongs to"
            ))
        }
        Some(_) => string_field(item, at, "source")?,
    };
    let source = match sources.iter().find(|s| s.id == key) {
        Some(s) => s,
        None => {
            let named: Vec<usize> = (0..sources.len())
                .filter(|&j| sources[j].name == key)
                .collect();
            match named.as_slice() {
                [j] => &sources[*j],
                [] => {
                    let known: Vec<String> =
                        sources.iter().map(|s| format!("\"{}\"", s.id)).collect();
                    let known = if known.is_empty() {
                        "there are no sources".to_owned()
                    } else {
                        format!("the ids are {}", known.join(", "))
                    };
                    return Err(format!(
                        "config.json: {at}.source \"{key}\" is not the id or name of any source \
                         ({known})"
                    ));
                }
                several => {
                    let places: Vec<String> =
                        several.iter().map(|j| format!("sources[{j}]")).collect();
                    return Err(format!(
                        "config.json: {at}.source \"{key}\" is the name of {}; give the id instead",
                        places.join(" and ")
                    ));
                }
            }
        }
    };
    Ok(UserToken {
        username,
        token,
        source: source.id.clone(),
    })
}

/// What is wrong with a (trimmed) token, completing "the token …", or `None` when every
/// character can go in a header. Never includes the token.
fn token_problem(token: &str) -> Option<String> {
    let (index, c) = token
        .chars()
        .enumerate()
        .find(|(_, c)| !('\x21'..='\x7e').contains(c))?;
    let what = match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        c if c.is_ascii_control() => "a control character".to_owned(),
        c => format!("a non-ASCII character, U+{:04X},", u32::from(c)),
    };
    Some(format!(
        "has a character that cannot be sent in an HTTP header ({what} at position {}); paste \
         it again",
        index + 1
    ))
}

/// A pasted token, trimmed, when every character is visible ASCII (`!` to `~`), which is what an
/// HTTP header can carry; else what is wrong (the kind of character and its 1-based position,
/// never the token). An empty result means "no token".
pub fn check_token(token: &str) -> Result<String, String> {
    let token = token.trim();
    match token_problem(token) {
        None => Ok(token.to_owned()),
        Some(problem) => Err(format!("the token {problem}")),
    }
}

/// Whether `value` can be sent as an HTTP header value by a browser: printable ASCII, spaces and
/// tabs only (no line breaks, no control or non-ASCII characters). The transport checks every
/// header with it before sending, so a bad token is refused here rather than echoed by `fetch`.
pub fn header_value_ok(value: &str) -> bool {
    value.chars().all(|c| c == '\t' || (' '..='~').contains(&c))
}

/// An API base URL must be absolute `http(s)` with a host, `https://` unless the host is loopback,
/// with no credentials, query, fragment, backslash or `.`/`..` path segment; the message completes
/// "api_url …".
pub fn check_api_url(url: &str) -> Result<(), String> {
    let scheme_len = ["https://", "http://"]
        .into_iter()
        .find(|s| {
            url.get(..s.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(s))
        })
        .map(str::len)
        .ok_or_else(|| format!("must start with http:// or https:// (got \"{url}\")"))?;
    let secure = scheme_len == "https://".len();
    let rest = &url[scheme_len..];
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must not contain spaces or control characters".into());
    }
    if url.contains('\\') {
        return Err(format!("must not contain a backslash (got \"{url}\")"));
    }
    if url.contains(['?', '#']) {
        return Err("must not contain a query or fragment".into());
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if authority.contains('@') {
        return Err("must not contain credentials: put the token in the token field".into());
    }
    if authority.is_empty() {
        return Err(format!("has no host (got \"{url}\")"));
    }
    let loopback = loopback_host(authority).map_err(|e| format!("{e} (got \"{url}\")"))?;
    if path.split('/').any(is_dot_segment) {
        return Err(format!(
            "must not contain \".\" or \"..\" path segments (got \"{url}\")"
        ));
    }
    if !secure && !loopback {
        return Err(
            "uses http:// — only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use \
             https://"
                .into(),
        );
    }
    Ok(())
}

/// Whether the host of `authority` (`host[:port]`, `[v6][:port]`) is loopback; an error for an
/// unreadable host or port.
fn loopback_host(authority: &str) -> Result<bool, String> {
    if let Some(inner) = authority.strip_prefix('[') {
        let (v6, after) = inner
            .split_once(']')
            .ok_or_else(|| "has an unclosed \"[\" in its host".to_owned())?;
        let ip: Ipv6Addr = v6
            .parse()
            .map_err(|_| format!("has an invalid IPv6 host \"{v6}\""))?;
        match after {
            "" => {}
            p => check_port(Some(
                p.strip_prefix(':')
                    .ok_or_else(|| "has something after its IPv6 host".to_owned())?,
            ))?,
        }
        return Ok(ip.is_loopback());
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if host.is_empty() {
        return Err("has no host".into());
    }
    if !host
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
    {
        return Err(format!("has an invalid host \"{host}\""));
    }
    check_port(port)?;
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
    Ok(loopback)
}

fn check_port(port: Option<&str>) -> Result<(), String> {
    match port {
        None => Ok(()),
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            match p.parse::<u32>() {
                Ok(1..=65535) => Ok(()),
                _ => Err(format!("has an invalid port \"{p}\"")),
            }
        }
        Some(p) => Err(format!("has an invalid port \"{p}\"")),
    }
}

/// Whether a URL path segment means "this" or "parent" to a URL parser: `.` or `..`, also
/// percent-encoded (`%2e`, `.%2E`, `%2e%2e`, and `%252e` that a second decoding would turn into
/// `%2e`).
pub fn is_dot_segment(segment: &str) -> bool {
    let mut text = segment.to_owned();
    // A few rounds of decoding: enough for anything a client or server would decode.
    for _ in 0..4 {
        if text == "." || text == ".." {
            return true;
        }
        let decoded = percent_decode_str(&text).decode_utf8_lossy().into_owned();
        if decoded == text {
            return false;
        }
        text = decoded;
    }
    text == "." || text == ".."
}

/// A GitHub repository must be `owner/repo`; the message completes "repository …".
pub fn check_repo(repo: &str) -> Result<(), String> {
    crate::validate::check_target(Forge::GitHub, repo).map_err(|e| e.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = r#"{"sources":[{"name":"Demo GitLab","kind":"gitlab","api_url":"http://127.0.0.1:8090/api/v4","token":"demo-token","projects":["1","acme/platform/web"]},{"name":"Demo GitHub","kind":"github","api_url":"http://127.0.0.1:8090/github","token":"demo-token","repos":["acme/shop"]}]}"#;

    #[test]
    fn timeout_secs_is_read_and_bounded() {
        let ok = parse(r#"{"sources":[],"timeout_secs":5}"#).unwrap();
        assert_eq!(ok.timeout_secs, Some(5));
        assert_eq!(parse(r#"{"sources":[]}"#).unwrap().timeout_secs, None);
        for bad in ["0", "601", "-1", "\"30\"", "1.5"] {
            let e = parse(&format!(r#"{{"sources":[],"timeout_secs":{bad}}}"#)).unwrap_err();
            assert!(e.contains("timeout_secs"), "{e}");
        }
    }

    #[test]
    fn parses_the_documented_format() {
        let c = parse(DEMO).unwrap();
        assert_eq!(c.sources.len(), 2);
        assert_eq!(c.sources[0].kind, Forge::GitLab);
        assert_eq!(c.sources[0].id, "demo-gitlab");
        assert_eq!(c.sources[1].id, "demo-github");
        assert_eq!(c.sources[0].targets(), ["1", "acme/platform/web"]);
        assert_eq!(c.sources[1].targets(), ["acme/shop"]);
        assert_eq!(c.sources[1].token.as_deref(), Some("demo-token"));
    }

    #[test]
    fn debug_never_shows_a_token() {
        let c = parse(
            r#"{"sources":[{"name":"a","kind":"gitlab","api_url":"https://x","token":"src-secret"}],
                "users":[{"username":"u","token":"user-secret","source":"a"}]}"#,
        )
        .unwrap();
        let text = format!("{c:?}");
        assert!(
            !text.contains("src-secret") && !text.contains("user-secret"),
            "{text}"
        );
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
        check_err(
            r#"{"sources":[{"name":"x","kind":"gitlab","api_url":"http://gitlab.example.com/api/v4"}]}"#,
            "config.json: sources[0].api_url uses http:// — only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use https://",
        );
        check_err(
            r#"{"sources":[{"name":"x","kind":"gitlab","api_url":"https://x","projects":["acme/../admin"]}]}"#,
            "config.json: sources[0].projects[0] must not have a \".\" or \"..\" segment (got \"acme/../admin\")",
        );
        check_err(
            r#"{"sources":[{"name":"x","kind":"github","api_url":"https://x","repos":["acme/%2e%2E"]}]}"#,
            "config.json: sources[0].repos[0] must not have a \".\" or \"..\" segment (got \"acme/%2e%2E\")",
        );
    }

    #[test]
    fn ids_default_to_a_slug_of_the_name_and_must_be_unique() {
        let c = parse(
            r#"{"sources":[
                {"name":"Prod (EU)","kind":"gitlab","api_url":"https://a"},
                {"name":"***","kind":"gitlab","api_url":"https://b"},
                {"id":"gh","name":"Prod (EU)","kind":"github","api_url":"https://c"}]}"#,
        )
        .unwrap();
        let ids: Vec<&str> = c.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["prod-eu", "source-1", "gh"]);

        check_err(
            r#"{"sources":[
                {"id":"demo","name":"A","kind":"gitlab","api_url":"https://a"},
                {"id":"demo","name":"B","kind":"gitlab","api_url":"https://b"}]}"#,
            "config.json: sources[1].id \"demo\" is already used by sources[0]",
        );
        check_err(
            r#"{"sources":[
                {"id":"demo","name":"A","kind":"gitlab","api_url":"https://a"},
                {"name":"Demo","kind":"gitlab","api_url":"https://b"}]}"#,
            "config.json: sources[1].id \"demo\" (made from its name) is already used by sources[0]; give one of them an \"id\"",
        );
        check_err(
            r#"{"sources":[{"id":"","name":"A","kind":"gitlab","api_url":"https://a"}]}"#,
            "config.json: sources[0].id is empty",
        );
        check_err(
            r#"{"sources":[{"id":7,"name":"A","kind":"gitlab","api_url":"https://a"}]}"#,
            "config.json: sources[0].id must be a string",
        );
        check_err(
            r#"{"sources":[{"id":"my source","name":"A","kind":"gitlab","api_url":"https://a"}]}"#,
            "config.json: sources[0].id \"my source\" must not contain spaces or control characters",
        );
    }

    #[test]
    fn oauth_client_ids_are_optional_checked_and_gitlab_only() {
        let one = |extra: &str, kind: &str, url: &str| {
            parse(&format!(
                r#"{{"sources":[{{"name":"a","kind":"{kind}","api_url":"{url}"{extra}}}]}}"#
            ))
        };
        let gl = "https://gitlab.example.com/api/v4";
        let client =
            |extra: &str| one(extra, "gitlab", gl).map(|c| c.sources[0].oauth_client_id.clone());
        assert_eq!(client(""), Ok(None));
        assert_eq!(client(r#","oauth_client_id":null"#), Ok(None));
        assert_eq!(
            client(r#","oauth_client_id":" shipboard-demo ""#),
            Ok(Some("shipboard-demo".to_owned()))
        );
        assert_eq!(
            client(r#","oauth_client_id":7"#).unwrap_err(),
            "config.json: sources[0].oauth_client_id must be a string"
        );
        assert_eq!(
            client(r#","oauth_client_id":"a b""#).unwrap_err(),
            "config.json: sources[0].oauth_client_id has a character that is not visible ASCII (' ' at position 2)"
        );
        assert!(client(r#","oauth_client_id":"""#)
            .unwrap_err()
            .starts_with("config.json: sources[0].oauth_client_id is empty"));
        assert!(one(
            r#","oauth_client_id":"x""#,
            "github",
            "https://api.github.com"
        )
        .unwrap_err()
        .contains("is for GitLab sources only"));
        assert_eq!(
            one(
                r#","oauth_client_id":"x""#,
                "gitlab",
                "https://g.test/gitlab"
            )
            .unwrap_err(),
            "config.json: sources[0].oauth_client_id needs an api_url that ends with /api/v4"
        );
    }

    #[test]
    fn slugs() {
        for (name, expect) in [
            ("Demo GitLab", "demo-gitlab"),
            ("  Prod -- EU!! ", "prod-eu"),
            ("GitHub.com", "github-com"),
            ("Ünïcode Söurce", "n-code-s-urce"),
            ("***", ""),
            ("", ""),
            ("a_b", "a-b"),
            ("ABC123", "abc123"),
        ] {
            assert_eq!(slug(name), expect, "{name:?}");
        }
    }

    #[test]
    fn unique_ids_avoid_the_taken_ones() {
        assert_eq!(unique_id("Demo GitLab", &[]), "demo-gitlab");
        assert_eq!(unique_id("Demo GitLab", &["demo-gitlab"]), "demo-gitlab-2");
        assert_eq!(
            unique_id("Demo GitLab", &["demo-gitlab", "demo-gitlab-2"]),
            "demo-gitlab-3"
        );
        assert_eq!(unique_id("!!!", &[]), "source");
        assert_eq!(unique_id("!!!", &["source"]), "source-2");
    }

    fn saved(id: &str, name: &str) -> SourceConfig {
        SourceConfig {
            id: id.into(),
            name: name.into(),
            kind: Forge::GitLab,
            api_url: "https://x".into(),
            token: None,
            projects: vec![],
            repos: vec![],
            oauth_client_id: None,
        }
    }

    #[test]
    fn assign_ids_fills_in_and_deduplicates_in_order() {
        let mut all = vec![
            saved("demo-gitlab", "Demo GitLab"),
            saved("", "Demo GitLab"),
            saved("demo-gitlab", "Mine"),
            saved("kept", "Kept"),
            saved("", ""),
        ];
        assign_ids(&mut all);
        let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            ["demo-gitlab", "demo-gitlab-2", "mine", "kept", "source"]
        );
    }

    #[test]
    fn sources_saved_without_an_id_still_read() {
        let old = r#"[{"name":"Old","kind":"gitlab","api_url":"https://x","projects":["1"]}]"#;
        let mut list: Vec<SourceConfig> = serde_json::from_str(old).unwrap();
        assert_eq!(list[0].id, "");
        assign_ids(&mut list);
        assert_eq!(list[0].id, "old");
        let text = serde_json::to_string(&list).unwrap();
        assert!(text.contains(r#""id":"old""#), "{text}");
        let back: Vec<SourceConfig> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, list);
    }

    const TWO: &str = r#"{"id":"gl","name":"Demo GitLab","kind":"gitlab","api_url":"https://a"},
                         {"id":"gh","name":"Demo GitHub","kind":"github","api_url":"https://b"}"#;

    fn with_users(users: &str) -> Result<Config, String> {
        parse(&format!(
            r#"{{"sources":[{TWO}],"users":{users},"extra":1}}"#
        ))
    }

    #[test]
    fn users_name_their_source_by_id_or_name() {
        let c = with_users(
            r#"[{"username":"alice","token":"alice-token","source":"gl"},
                {"username":"bob","token":"bob-token","source":"Demo GitHub"}]"#,
        )
        .unwrap();
        assert_eq!(c.users[0].username, "alice");
        assert_eq!(c.users[0].source, "gl");
        assert_eq!(c.users[1].source, "gh", "a name is stored as the id");
        let gl: Vec<&str> = users_for(&c.users, &c.sources[0])
            .iter()
            .map(|u| u.username.as_str())
            .collect();
        assert_eq!(gl, ["alice"]);
        let gh: Vec<&str> = users_for(&c.users, &c.sources[1])
            .iter()
            .map(|u| u.username.as_str())
            .collect();
        assert_eq!(gh, ["bob"]);
        // A source without an id (not yet assigned) gets nobody's token.
        assert!(users_for(&c.users, &saved("", "gl")).is_empty());
    }

    #[test]
    fn user_errors_name_the_problem() {
        assert_eq!(
            with_users(r#"[{"username":"alice","token":"alice-token"}]"#).unwrap_err(),
            "config.json: users[0].source is missing: give the id or name of the source this token belongs to"
        );
        assert_eq!(
            with_users(r#"[{"username":"alice","token":"t","source":"nope"}]"#).unwrap_err(),
            "config.json: users[0].source \"nope\" is not the id or name of any source (the ids are \"gl\", \"gh\")"
        );
        assert_eq!(
            with_users(r#"[{"username":"alice","token":"t","source":""}]"#).unwrap_err(),
            "config.json: users[0].source is empty"
        );
        assert_eq!(
            with_users(r#"[1]"#).unwrap_err(),
            "config.json: users[0] must be an object"
        );
        assert_eq!(
            parse(r#"{"sources":[],"users":[{"username":"a","token":"t","source":"x"}]}"#)
                .unwrap_err(),
            "config.json: users[0].source \"x\" is not the id or name of any source (there are no sources)"
        );
        let same_name = r#"{"sources":[
            {"id":"a","name":"Same","kind":"gitlab","api_url":"https://a"},
            {"id":"b","name":"Same","kind":"gitlab","api_url":"https://b"}],
            "users":[{"username":"u","token":"t","source":"Same"}]}"#;
        assert_eq!(
            parse(same_name).unwrap_err(),
            "config.json: users[0].source \"Same\" is the name of sources[0] and sources[1]; give the id instead"
        );
        let err = with_users(r#"[{"username":"u","token":"abc def","source":"gl"}]"#).unwrap_err();
        assert_eq!(
            err,
            "config.json: users[0].token has a character that cannot be sent in an HTTP header (a space at position 4); paste it again"
        );
    }

    #[test]
    fn tokens_are_checked_without_being_shown() {
        assert_eq!(check_token("  glpat-abc\n").as_deref(), Ok("glpat-abc"));
        assert_eq!(check_token("   ").as_deref(), Ok(""));
        let cases = [
            ("abc def", "a space at position 4"),
            ("ab\ncd", "a line break at position 3"),
            ("ab\rcd", "a line break at position 3"),
            ("a\tb", "a tab at position 2"),
            ("a\u{7f}b", "a control character at position 2"),
            (
                "secret\u{200b}x",
                "a non-ASCII character, U+200B, at position 7",
            ),
            ("sécret", "a non-ASCII character, U+00E9, at position 2"),
        ];
        for (token, what) in cases {
            let err = check_token(token).unwrap_err();
            assert_eq!(
                err,
                format!("the token has a character that cannot be sent in an HTTP header ({what}); paste it again")
            );
            assert!(!err.contains(token.trim()), "{err}");
        }
        let err = parse(
            r#"{"sources":[{"name":"a","kind":"gitlab","api_url":"https://a","token":"sec ret-value"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err,
            "config.json: sources[0].token has a character that cannot be sent in an HTTP header (a space at position 4); paste it again"
        );
        assert!(!err.contains("ret-value"));
    }

    #[test]
    fn header_values() {
        assert!(header_value_ok("Bearer abc-123_~!"));
        assert!(header_value_ok("application/vnd.github+json"));
        assert!(header_value_ok(""));
        for bad in ["a\nb", "a\rb", "é", "a\u{0}b", "\u{200b}"] {
            assert!(!header_value_ok(bad), "{bad:?}");
        }
    }

    #[test]
    fn api_urls() {
        for ok in [
            "https://gitlab.com/api/v4",
            "https://api.github.com",
            "HTTPS://GHE.example.com:8443/api/v3",
            "http://localhost:8090/api/v4",
            "http://LOCALHOST/api/v4",
            "http://127.0.0.1:8090/github",
            "http://127.1.2.3/x",
            "http://[::1]:8090/api/v4",
            "http://[0:0:0:0:0:0:0:1]/x",
            "https://[2001:db8::1]/api/v4",
            "https://gitlab.example.com/sub.path/api/v4",
            "https://gitlab.example.com/..x/api/v4",
        ] {
            assert_eq!(check_api_url(ok), Ok(()), "{ok}");
        }
        let http = "uses http:// — only loopback hosts (localhost, 127.0.0.1, ::1) may use http; use https://";
        for (bad, expect) in [
            (
                "gitlab.com",
                "must start with http:// or https:// (got \"gitlab.com\")",
            ),
            (
                "javascript:alert(1)",
                "must start with http:// or https:// (got \"javascript:alert(1)\")",
            ),
            ("http://gitlab.com/api/v4", http),
            ("http://10.0.0.1/api/v4", http),
            ("http://[2001:db8::1]/x", http),
            ("http://localhost.evil.com/x", http),
            ("http://127.0.0.1.evil.com/x", http),
            ("https://", "has no host (got \"https://\")"),
            ("https:///api", "has no host (got \"https:///api\")"),
            (
                "https://u:p@x",
                "must not contain credentials: put the token in the token field",
            ),
            (
                "https://x@y/api",
                "must not contain credentials: put the token in the token field",
            ),
            (
                "https://x/api?private_token=1",
                "must not contain a query or fragment",
            ),
            ("https://x/api#frag", "must not contain a query or fragment"),
            (
                "https://x\\@y/api",
                "must not contain a backslash (got \"https://x\\@y/api\")",
            ),
            (
                "https://x/a b",
                "must not contain spaces or control characters",
            ),
            (
                "https://x/api/../v4",
                "must not contain \".\" or \"..\" path segments (got \"https://x/api/../v4\")",
            ),
            (
                "https://x/api/%2E%2e/v4",
                "must not contain \".\" or \"..\" path segments (got \"https://x/api/%2E%2e/v4\")",
            ),
            (
                "https://x/./v4",
                "must not contain \".\" or \"..\" path segments (got \"https://x/./v4\")",
            ),
            (
                "https://x:99999/",
                "has an invalid port \"99999\" (got \"https://x:99999/\")",
            ),
            (
                "https://x:/",
                "has an invalid port \"\" (got \"https://x:/\")",
            ),
            (
                "https://x:0/",
                "has an invalid port \"0\" (got \"https://x:0/\")",
            ),
            (
                "https://[::1/",
                "has an unclosed \"[\" in its host (got \"https://[::1/\")",
            ),
            (
                "https://[nope]/",
                "has an invalid IPv6 host \"nope\" (got \"https://[nope]/\")",
            ),
            (
                "https://a<b/",
                "has an invalid host \"a<b\" (got \"https://a<b/\")",
            ),
        ] {
            assert_eq!(check_api_url(bad), Err(expect.to_owned()), "{bad}");
        }
    }

    #[test]
    fn dot_segments() {
        for dot in [
            ".",
            "..",
            "%2e",
            "%2E%2e",
            ".%2E",
            "%2e.",
            "%252e%252E",
            "%25252e",
        ] {
            assert!(is_dot_segment(dot), "{dot}");
        }
        for not in ["", "...", "a.", ".a", "%2e%2e%2e", "%2f", "a..b", "%"] {
            assert!(!is_dot_segment(not), "{not}");
        }
    }
}
