//! End-to-end tests: one binary, one module per flow; each test starts its own harness.

mod approvals;
mod deployments;
mod environments;
mod smoke;
mod writes;
