//! shipboard-core: the pure logic of Shipboard, with no browser crate, no clock and no I/O.
//!
//! - [`actions`]: write-action helpers: deployment transitions, approval rules, date windows.
//! - [`config`]: `config.json` and saved sources, with messages that name the problem.
//! - [`embed`]: Shipboard's parameters among a host page's (`param-prefix`), and merging them back.
//! - [`format`]: relative times, durations, short SHAs (for display; `now` is a parameter).
//! - [`insights`]: DORA-style metrics (frequency, failure rate, lead time, time to restore)
//!   over a window ending at `now`, a daily series, and the list queries that feed them.
//! - [`intern`]: [`intern::Text`], a shared string, and the interner a loaded row set uses.
//! - [`model`]: GitLab and GitHub payloads (serde) and the unified view model both map to.
//! - [`oauth`]: "Sign in with GitLab": OAuth 2 authorization code with PKCE (URLs, form
//!   bodies, answers, when to refresh).
//! - [`request`]: every call Shipboard makes, as a plain [`request::HttpRequest`].
//! - [`response`]: status + headers + body into a typed value or an [`response::ApiError`];
//!   pagination headers.
//! - [`safe_url`]: [`safe_url::SafeUrl`], the only URL that becomes a link.
//! - [`route`]: the view state kept in the page's query string.
//! - [`retry`]: when to retry a failed read and after how long (backoff, `Retry-After`).
//! - [`validate`]: form and filter checks that mirror the servers' rules and wording.
//! - [`query`]: search, filters, sorting and grouping over loaded rows.
//!
//! Time is always a parameter (`now: DateTime<Utc>`), never read here.

pub mod actions;
pub mod config;
pub mod embed;
pub mod format;
pub mod insights;
pub mod intern;
pub mod lang;
pub mod live;
pub mod model;
pub mod oauth;
pub mod overview;
pub mod paging;
pub mod query;
pub mod request;
pub mod response;
pub mod retry;
pub mod route;
pub mod safe_url;
pub mod validate;
