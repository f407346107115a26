//! Routed pages: each loads its data through `api` and lays out components.

pub mod approvals;
pub mod deployment_detail;
pub mod deployments;
pub mod environments;
pub mod insights;
pub mod overview;
pub mod settings;
