//! User-facing strings of the environments views.
