//! The overview view's words.

/// The page's heading.
pub const TITLE: &str = "What runs where";
/// The environment filter's label.
pub const ENVIRONMENT: &str = "Environment";
/// The environment filter's placeholder.
pub const ENVIRONMENT_HINT: &str = "production, review…";
/// The source filter's label.
pub const SOURCE: &str = "Source";
/// Every source.
pub const ALL_SOURCES: &str = "Every source";
/// The order chooser's label.
pub const ORDER: &str = "Projects by";
/// Order by name.
pub const BY_NAME: &str = "name";
/// Order by last activity.
pub const BY_ACTIVITY: &str = "last activity";
/// The project column's heading.
pub const PROJECT: &str = "Project";
/// The table's caption (for screen readers).
pub const CAPTION: &str =
    "Every project by environment: the current deployment and what runs, waits or failed on top of it";
/// A cell whose environment never had a successful deployment.
pub const NOTHING_YET: &str = "nothing deployed yet";
/// Before a newer deployment shown on top of the current one.
pub const ON_TOP: &str = "then";
/// No project configured.
pub const NO_PROJECTS: &str = "No project to show: add one in Settings or in config.json.";
/// Above the list of projects that could not be read.
pub const SOME_FAILED: &str = "Some projects could not be read; the others are shown.";

/// `12 projects` or `12 projects, 3 loading`.
pub fn summary(total: usize, pending: usize) -> String {
    let projects = if total == 1 { "project" } else { "projects" };
    match pending {
        0 => format!("{total} {projects}"),
        n => format!("{total} {projects}, {n} loading"),
    }
}

/// A folder cell's size: `(+2 more)` for three environments.
pub fn more(count: usize) -> String {
    format!("(+{} more)", count.saturating_sub(1))
}

/// The accessible name of a cell's button.
pub fn open_cell(project: &str, environment: &str) -> String {
    format!("Deployments of {project} to {environment}")
}
