//! End-to-end tests of the environments flows (being written).
