//! Integration tests of forge-sim: calls go through the router in-process (no ports), one module per area.

mod contract;
mod frontdoor;
mod github;
mod gitlab_approvals;
mod gitlab_deployments;
mod gitlab_environments;
mod hardening;
mod schema;
mod support;
