//! User-facing strings of the writes views.
