//! Reusable view pieces, one per file.

pub mod deployments_table;
pub mod error_view;
pub mod status_badge;
pub mod time;
