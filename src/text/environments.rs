//! User-facing strings of the environments view: cards, filters and environment actions.

/// The page's heading (for screen readers; the navigation shows the same word).
pub const TITLE: &str = "Environments";

/// Filters.
pub const NAME: &str = "Name (exact)";
/// Search filter.
pub const SEARCH: &str = "Search (3+ characters)";
/// State filter.
pub const STATE: &str = "State";
/// Any state.
pub const ANY: &str = "any";
/// Apply.
pub const APPLY: &str = "Apply filters";
/// Clear.
pub const CLEAR: &str = "Clear";
/// No environments.
pub const EMPTY: &str = "No environment matches these filters.";
/// Filters refused before sending.
pub const INVALID: &str = "These filters would be refused by the server:";
/// Top-level group heading.
pub const TOP_LEVEL: &str = "Environments";
/// Card facts.
pub const TIER: &str = "Tier";
/// No tier.
pub const NO_TIER: &str = "no tier";
/// Auto-stop fact.
pub const AUTO_STOP: &str = "Auto-stops";
/// Last deployment heading.
pub const LAST_DEPLOYMENT: &str = "Last deployment";
/// Never deployed.
pub const NEVER: &str = "Never deployed.";
/// Still loading the last deployment.
pub const LOADING_LAST: &str = "Loading the last deployment…";
/// Protection rules (GitHub).
pub const PROTECTION: &str = "Protection";
/// Open link.
pub const OPEN: &str = "Open";
/// Card actions.
pub const EDIT: &str = "Edit";
/// Stop.
pub const STOP: &str = "Stop";
/// Delete.
pub const DELETE: &str = "Delete";
/// Save.
pub const SAVE: &str = "Save changes";
/// Name field.
pub const FIELD_NAME: &str = "Name";
/// Name read-only hint.
pub const NAME_READ_ONLY: &str = "The name cannot be changed after creation.";
/// External URL field.
pub const FIELD_URL: &str = "External URL";
/// Tier field.
pub const FIELD_TIER: &str = "Tier";
/// Default tier.
pub const TIER_DEFAULT: &str = "(guessed from the name)";
/// Description field.
pub const FIELD_DESCRIPTION: &str = "Description";
/// Stop explanation.
pub const STOP_EXPLAIN: &str = "Stopping runs the environment's on_stop job, if it has one, to tear down what was deployed; the environment shows \"stopping\" until that job finishes, then \"stopped\". Without an on_stop job it stops at once.";
/// Force option.
pub const FORCE: &str = "Force: mark it stopped without running the on_stop job";
/// Force warning.
pub const FORCE_WARN: &str = "Resources the environment created (servers, DNS records, databases) may be left behind and keep running or costing money.";
/// Stop confirm button.
pub const STOP_CONFIRM: &str = "Stop environment";
/// Force-stop confirm button.
pub const FORCE_STOP_CONFIRM: &str = "Force stop";
/// Delete explanation.
pub const DELETE_EXPLAIN: &str =
    "Deleting removes the environment and its deployment history. This cannot be undone.";
/// Delete confirm button.
pub const DELETE_CONFIRM: &str = "Delete environment";
/// Why delete is missing.
pub const DELETE_ONLY_STOPPED: &str = "Only a stopped environment can be deleted.";
/// Project actions heading.
pub const PROJECT_ACTIONS: &str = "Project actions";
/// New environment.
pub const NEW: &str = "New environment";
/// Create button.
pub const CREATE: &str = "Create environment";
/// Name required.
pub const NAME_REQUIRED: &str = "name is missing";
/// Stop stale.
pub const STOP_STALE: &str = "Stop stale environments";
/// Stop stale explanation.
pub const STOP_STALE_EXPLAIN: &str = "Stops every available, unprotected environment whose last deployment is older than this date. GitLab accepts dates from 10 years ago to 1 week ago.";
/// Before field.
pub const BEFORE: &str = "Last deployed before";
/// Stop stale button.
pub const STOP_STALE_BUTTON: &str = "Stop stale environments";
/// Window explanation added to GitLab's "Invalid Date".
pub const WINDOW: &str = "Choose a date between 10 years ago and 1 week ago.";
/// Review apps cleanup.
pub const CLEANUP: &str = "Clean up stopped review apps";
/// Cleanup explanation.
pub const CLEANUP_EXPLAIN: &str = "Deletes stopped review apps (review/*) created before a date. Start with a dry run: it lists what would be deleted without deleting anything.";
/// Cleanup before field.
pub const CLEANUP_BEFORE: &str = "Created before (default: 30 days ago)";
/// Cleanup limit field.
pub const LIMIT: &str = "At most (1–1000)";
/// Dry run button.
pub const DRY_RUN: &str = "Dry run";
/// Would be deleted.
pub const WOULD_DELETE: &str = "Would be deleted";
/// Cannot be deleted.
pub const CANNOT_DELETE: &str = "Cannot be deleted";
/// Scheduled.
pub const SCHEDULED: &str = "Scheduled for deletion";
/// Nothing.
pub const NOTHING: &str = "Nothing to clean up.";
/// Real-run button.
pub const REALLY_DELETE: &str = "Delete these review apps";
/// Real-run confirmation.
pub const CLEANUP_CONFIRM: &str = "Delete the review apps listed above? The real run uses the same date and limit as the dry run.";
/// Reload.
pub const RELOAD: &str = "Reload";

/// The stop-stale confirmation, naming what will be stopped.
pub fn stop_stale_confirm(day: &str) -> String {
    format!(
        "Stop environments not updated since {day}? Every available, unprotected environment whose \
         last deployment is older than that day is stopped, and its on_stop job runs."
    )
}

/// "review (4)".
pub fn folder(name: &str, count: usize) -> String {
    format!("{name}/ ({count})")
}

/// "Cleanup would delete 3 review apps".
pub fn review_apps(n: usize) -> String {
    match n {
        1 => "1 review app".to_owned(),
        n => format!("{n} review apps"),
    }
}

/// "12 environments".
pub fn count(n: usize) -> String {
    match n {
        1 => "1 environment".to_owned(),
        n => format!("{n} environments"),
    }
}

/// How many environments are shown when the list was not read to its end.
pub fn count_partial(n: usize, total: Option<u64>) -> String {
    match total {
        Some(t) => format!("{n} of {t} environments (the rest were not loaded)"),
        None => format!("{n} environments (more exist; the rest were not loaded)"),
    }
}
