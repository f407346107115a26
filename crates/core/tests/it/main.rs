//! shipboard-core's one integration-test binary: one module per area, each with a `check` helper.

mod fixtures;
mod fuzz;
mod github_create;
mod insights;
mod query;
mod request;
mod response;
mod validate;
