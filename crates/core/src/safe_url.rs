//! [`SafeUrl`]: a forge URL checked to be an absolute `http://` or `https://` URL, the only
//! value the app puts in an `href`.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::intern::Interner;

/// An absolute `http://` or `https://` URL with a host, trimmed, with no whitespace or control
/// character. Made only by [`SafeUrl::parse`] (or deserialized through it), so holding one proves
/// the check ran: `javascript:`, `data:`, relative and scheme-relative URLs never become links.
/// Clones share the text (a GitLab row's job page is also its log link).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SafeUrl(Arc<str>);

impl SafeUrl {
    /// The URL, trimmed, if it is an absolute `http://` or `https://` URL (scheme in any case)
    /// with a host and no whitespace or control character; `None` otherwise.
    pub fn parse(url: &str) -> Option<SafeUrl> {
        checked(url).map(|url| SafeUrl(Arc::from(url)))
    }

    /// [`SafeUrl::parse`], its text shared through `names` (an environment's URL, repeated on
    /// each of its deployments).
    pub fn parse_in(url: &str, names: &mut Interner) -> Option<SafeUrl> {
        checked(url).map(|url| SafeUrl(names.intern(url).into_arc()))
    }

    /// `url` trimmed if [`SafeUrl::parse`] would take it, without making a copy of it.
    pub fn check(url: &str) -> Option<&str> {
        checked(url)
    }

    /// The URL text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL text, owned (for an `href`).
    pub fn into_string(self) -> String {
        self.0.to_string()
    }
}

/// `url` trimmed, if it passes [`SafeUrl::parse`]'s check.
fn checked(url: &str) -> Option<&str> {
    let url = url.trim();
    let has_scheme = |scheme: &str| {
        url.len() >= scheme.len()
            && url.as_bytes()[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes())
    };
    let rest = if has_scheme("http://") {
        &url[7..]
    } else if has_scheme("https://") {
        &url[8..]
    } else {
        return None;
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || authority.contains('\\') {
        return None;
    }
    Some(url)
}

impl Deref for SafeUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SafeUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for SafeUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SafeUrl {
    /// Goes through [`SafeUrl::parse`]: a stored value that is not a safe URL is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        SafeUrl::parse(&text).ok_or_else(|| serde::de::Error::custom("not an absolute http(s) URL"))
    }
}

#[cfg(test)]
mod tests {
    use super::SafeUrl;

    fn check(input: &str, expect: Option<&str>) {
        assert_eq!(
            SafeUrl::parse(input).as_ref().map(SafeUrl::as_str),
            expect,
            "{input:?}"
        );
    }

    #[test]
    fn http_and_https_in_any_case() {
        check(
            "https://example.com/a?b#c",
            Some("https://example.com/a?b#c"),
        );
        check(
            "http://localhost:3000/root",
            Some("http://localhost:3000/root"),
        );
        check("HTTPS://Example.com", Some("HTTPS://Example.com"));
        check("HtTp://x", Some("HtTp://x"));
        check("https://user@host/x", Some("https://user@host/x"));
    }

    #[test]
    fn padding_is_trimmed_inner_whitespace_refused() {
        check("  HTTPS://Example.com ", Some("HTTPS://Example.com"));
        check("\thttps://example.com\n", Some("https://example.com"));
        check("https://exa mple.com", None);
        check("https://example.com/\nx", None);
        check("https://example.com/\u{7}", None);
        check("https://example.com/a\u{a0}b", None);
    }

    #[test]
    fn other_schemes_and_relative_urls_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<b>x</b>",
            "vbscript:x",
            "ftp://example.com",
            "file:///etc/passwd",
            "//evil.example",
            "/relative/path",
            "relative/path",
            "example.com",
            "https:example.com",
            "http:/example.com",
            "",
            "   ",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn a_host_is_required() {
        for bad in [
            "https://",
            "http://",
            "https:///path",
            "https://?q",
            "https://#f",
            "https://user@/x",
            "https://:80/x",
            "https://a\\b@evil/x",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn text_display_deref_and_serde_agree() {
        let url = SafeUrl::parse(" https://example.com/x ").unwrap();
        assert_eq!(url.as_str(), "https://example.com/x");
        assert_eq!(url.to_string(), "https://example.com/x");
        assert_eq!(&*url, "https://example.com/x");
        let json = serde_json::to_string(&url).unwrap();
        assert_eq!(json, "\"https://example.com/x\"");
        assert_eq!(serde_json::from_str::<SafeUrl>(&json).unwrap(), url);
        assert!(serde_json::from_str::<SafeUrl>("\"javascript:alert(1)\"").is_err());
        assert!(serde_json::from_str::<Option<SafeUrl>>("null")
            .unwrap()
            .is_none());
    }
}
