//! End-to-end tests: one binary, one module per flow; each test starts its own harness.

mod a11y;
mod approvals;
mod csp;
mod deployments;
mod embed;
mod environments;
mod github_create;
mod hardening;
mod i18n;
mod inbox;
mod insights;
mod live;
mod names;
mod oauth;
mod overview;
mod smoke;
mod trust;
mod writes;
