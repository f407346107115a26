//! End-to-end tests of the deployments flows (being written).
