//! End-to-end tests of the approvals flows (being written).
