//! Routed pages: each loads its data through `api` and lays out components.

pub mod deployment_detail;
pub mod deployments;
pub mod settings;
