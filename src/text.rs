//! Every user-facing string of the app, in one place, so translations change no component.

/// The product name shown in the header and the title.
pub const APP_NAME: &str = "Shipboard";
/// The header's tag line.
pub const TAGLINE: &str = "Deployments and environments on GitLab and GitHub";
/// Shown while the first data loads.
pub const LOADING: &str = "Loading…";
/// Shown when no source is configured yet.
pub const NO_SOURCES: &str =
    "No source is configured yet. Add a GitLab or GitHub source in Settings, or serve a config.json beside index.html.";
