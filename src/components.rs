//! Reusable view pieces, one per file.

pub mod approval_form;
pub mod confirm_dialog;
pub mod deployment_forms;
pub mod deployments_table;
pub mod environment_card;
pub mod environment_form;
pub mod error_view;
pub mod github_deployment_form;
pub mod insights_chart;
pub mod project_actions;
pub mod review_form;
pub mod status_badge;
pub mod time;
pub mod write;
