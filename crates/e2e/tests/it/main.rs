//! End-to-end tests: one binary, one module per flow; each test starts its own harness.

mod smoke;
