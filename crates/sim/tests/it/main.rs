//! Integration tests of forge-sim: calls go through the router in-process (no ports), one module per area.

mod contract;
mod etag;
mod frontdoor;
mod github;
mod github_create;
mod github_runs;
mod gitlab_approvals;
mod gitlab_deployments;
mod gitlab_environments;
mod gitlab_roles;
mod gitlab_rules;
mod hardening;
mod oauth;
mod schema;
mod seed;
mod support;
