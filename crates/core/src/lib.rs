//! shipboard-core: the pure logic of Shipboard, with no browser crate, no clock and no I/O.
//!
//! - [`model`]: GitLab and GitHub payloads (serde) and the unified view model both map to.
//! - [`request`]: every call Shipboard makes, as a plain [`request::HttpRequest`].
//! - [`response`]: status + headers + body into a typed value or an [`response::ApiError`];
//!   pagination headers.
//! - [`validate`]: form and filter checks that mirror the servers' rules and wording.
//! - [`query`]: search, filters, sorting and grouping over loaded rows.
//!
//! Time is always a parameter (`now: DateTime<Utc>`), never read here.

pub mod model;
pub mod query;
pub mod request;
pub mod response;
pub mod validate;
