//! End-to-end tests of the writes flows (being written).
