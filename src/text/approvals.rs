//! User-facing strings of the approvals views.
