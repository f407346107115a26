//! Project and repository identifiers (from `config.json`, Settings or the URL) checked before any
//! request is built: GitHub `owner/repo`, GitLab a numeric id or a `group/…/project` path, with
//! no `.`/`..` segment (also percent-encoded), no empty segment and no `?`, `#` or `\`.

use super::ValidationError;
use crate::config::is_dot_segment;
use crate::model::view::Forge;

/// Checks a project (GitLab) or repository (GitHub) identifier; the message completes the name
/// of the place it came from (`sources[0].repos[1] …`, `project …`).
pub fn check_target(forge: Forge, target: &str) -> Result<(), ValidationError> {
    let err = |message: String| Err(ValidationError::new("project", message));
    let shown = target.escape_debug();
    if target.trim().is_empty() {
        return err("is empty".into());
    }
    if target.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return err(format!(
            "must not contain spaces or control characters (got \"{shown}\")"
        ));
    }
    if target.contains(['?', '#', '\\']) {
        return err(format!(
            "must not contain \"?\", \"#\" or \"\\\" (got \"{shown}\")"
        ));
    }
    let segments: Vec<&str> = target.split('/').collect();
    match forge {
        Forge::GitHub if segments.len() != 2 || segments.iter().any(|s| s.is_empty()) => {
            return err(format!("must look like owner/repo (got \"{shown}\")"));
        }
        Forge::GitLab if target.bytes().all(|b| b.is_ascii_digit()) => return Ok(()),
        Forge::GitLab if segments.len() < 2 => {
            return err(format!(
                "must be a numeric project id or a group/project path (got \"{shown}\")"
            ));
        }
        Forge::GitLab if segments.iter().any(|s| s.is_empty()) => {
            return err(format!("must not have an empty segment (got \"{shown}\")"));
        }
        _ => {}
    }
    if segments.iter().any(|s| is_dot_segment(s)) {
        return err(format!(
            "must not have a \".\" or \"..\" segment (got \"{shown}\")"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(forge: Forge, target: &str) -> Option<String> {
        check_target(forge, target).err().map(|e| {
            assert_eq!(e.field, "project");
            e.message
        })
    }

    #[test]
    fn good_targets() {
        for t in [
            "1",
            "42",
            "acme/web",
            "acme/platform/web",
            "a.b/c-d_e",
            "acme/..web",
        ] {
            assert_eq!(message(Forge::GitLab, t), None, "{t}");
        }
        for t in [
            "acme/shop",
            "octo-org/octo.repo",
            "a/.github",
            "a/...",
            "a/b%20c",
        ] {
            assert_eq!(message(Forge::GitHub, t), None, "{t}");
        }
    }

    #[test]
    fn bad_targets() {
        let dots = |t: &str| format!("must not have a \".\" or \"..\" segment (got \"{t}\")");
        let gl = Forge::GitLab;
        let gh = Forge::GitHub;
        for (forge, t, expect) in [
            (gl, "", "is empty".to_owned()),
            (gl, "  ", "is empty".to_owned()),
            (
                gl,
                "..",
                "must be a numeric project id or a group/project path (got \"..\")".to_owned(),
            ),
            (
                gl,
                "web",
                "must be a numeric project id or a group/project path (got \"web\")".to_owned(),
            ),
            (gl, "acme/../admin", dots("acme/../admin")),
            (gl, "../acme", dots("../acme")),
            (gl, "acme/.", dots("acme/.")),
            (gl, "acme/%2e%2e", dots("acme/%2e%2e")),
            (gl, "acme/%2E%2e/x", dots("acme/%2E%2e/x")),
            (gl, "acme/.%2E", dots("acme/.%2E")),
            (gl, "acme/%252e%252e", dots("acme/%252e%252e")),
            (
                gl,
                "acme//web",
                "must not have an empty segment (got \"acme//web\")".to_owned(),
            ),
            (
                gl,
                "/acme/web",
                "must not have an empty segment (got \"/acme/web\")".to_owned(),
            ),
            (
                gl,
                "acme/web/",
                "must not have an empty segment (got \"acme/web/\")".to_owned(),
            ),
            (
                gl,
                "acme/web?x=1",
                "must not contain \"?\", \"#\" or \"\\\" (got \"acme/web?x=1\")".to_owned(),
            ),
            (
                gl,
                "acme/web#x",
                "must not contain \"?\", \"#\" or \"\\\" (got \"acme/web#x\")".to_owned(),
            ),
            (
                gl,
                "acme\\..\\x",
                "must not contain \"?\", \"#\" or \"\\\" (got \"acme\\\\..\\\\x\")".to_owned(),
            ),
            (
                gl,
                "acme/w eb",
                "must not contain spaces or control characters (got \"acme/w eb\")".to_owned(),
            ),
            (
                gl,
                "1\n",
                "must not contain spaces or control characters (got \"1\\n\")".to_owned(),
            ),
            (
                gh,
                "nope",
                "must look like owner/repo (got \"nope\")".to_owned(),
            ),
            (
                gh,
                "a/b/c",
                "must look like owner/repo (got \"a/b/c\")".to_owned(),
            ),
            (
                gh,
                "/b",
                "must look like owner/repo (got \"/b\")".to_owned(),
            ),
            (
                gh,
                "a/",
                "must look like owner/repo (got \"a/\")".to_owned(),
            ),
            (
                gh,
                "42",
                "must look like owner/repo (got \"42\")".to_owned(),
            ),
            (gh, "../x", dots("../x")),
            (gh, "a/..", dots("a/..")),
            (gh, "%2e/x", dots("%2e/x")),
            (
                gh,
                "a/b?c",
                "must not contain \"?\", \"#\" or \"\\\" (got \"a/b?c\")".to_owned(),
            ),
        ] {
            assert_eq!(message(forge, t), Some(expect), "{forge} {t:?}");
        }
    }
}
