//! Every user-facing string of the app, in one place, so translations change no component.

use shipboard_core::route::View;

pub mod approvals;
pub mod environments;
pub mod insights;
pub mod live;
pub mod oauth;
pub mod overview;
pub mod writes;

/// The product name shown in the header and the title.
pub const APP_NAME: &str = "Shipboard";
/// Shown while data loads.
pub const LOADING: &str = "Loading…";
/// Shown when no source is configured yet.
pub const NO_SOURCES: &str = "No source is configured yet. Add a GitLab or GitHub source in Settings, or serve a config.json beside index.html.";
/// The URL's `source=` names no source (never silently shows another host instead).
pub fn no_such_source(key: &str) -> String {
    format!("There is no source named \"{key}\". Pick one in the header, or add it in Settings.")
}
/// The source chooser's entry while the URL names no source.
pub const UNKNOWN_SOURCE: &str = "(no such source)";
/// A fetch that did not complete: the words a user can act on.
pub const FETCH_FAILED: &str = "the server could not be reached. Check the API URL, that the server is up, and that no proxy strips its CORS headers (Access-Control-Allow-Origin)";
/// `config.json` did not answer in time.
pub const CONFIG_STALLED: &str = "config.json did not answer within 10 s; continuing without it. Sources can still be added in Settings.";
/// `config.json` came back as a web page.
pub const CONFIG_IS_HTML: &str = "config.json came back as an HTML page, not JSON: the server answers unknown paths with index.html (a single-page-app fallback). Put config.json beside index.html, or remove the fallback for it (with `trunk serve`, use `cargo xtask dev`).";
/// A request aborted because its page or load went away (never shown).
pub const CANCELLED: &str = "cancelled";
/// The API answered with a redirect, which is never followed with the token.
pub const REDIRECTED: &str = "The API answered with a redirect to another address. Shipboard never follows redirects with your token: check the API URL (https://, the host, and the /api/v4 path for GitLab).";

/// A request that took longer than the timeout.
pub fn timed_out(secs: u32) -> String {
    format!("the server did not answer within {secs} s (the request was aborted). Check the API URL and the network, then reload")
}

/// The browser refused to store the sources (private mode, quota).
pub const STORAGE_UNAVAILABLE: &str =
    "The browser refused to save sources (storage disabled or full); they will be lost on reload.";
/// The main navigation's accessible name.
pub const NAV_LABEL: &str = "Views";
/// The source chooser's label.
pub const SOURCE: &str = "Source";
/// The project chooser's label.
pub const PROJECT: &str = "Project";

/// A view's name in the navigation.
pub fn view_name(view: View) -> &'static str {
    match view {
        View::Overview => "Overview",
        View::Deployments => "Deployments",
        View::Environments => "Environments",
        View::Approvals => "Approvals",
        View::Insights => "Insights",
        View::Settings => "Settings",
    }
}

/// A view that is not built yet says so plainly.
pub fn not_yet(view: View) -> String {
    format!(
        "The {} view is not available in this version yet.",
        view_name(view)
    )
}

/// Settings page strings.
pub mod settings {
    /// Page heading.
    pub const TITLE: &str = "Sources";
    /// Intro under the heading.
    pub const INTRO: &str = "Shipboard calls each forge's API from this browser with your token. A token is sent only to its own API URL.";
    /// Marks a source that comes from config.json.
    pub const FROM_CONFIG: &str = "from config.json";
    /// Marks a source kept in localStorage.
    pub const REMEMBERED: &str = "remembered on this device";
    /// Marks a source kept in sessionStorage.
    pub const THIS_TAB: &str = "this tab only";
    /// No source saved yet.
    pub const NONE: &str = "No source yet.";
    /// Add form heading.
    pub const ADD: &str = "Add a source";
    /// Edit form heading.
    pub const EDIT: &str = "Edit source";
    /// Field labels.
    pub const NAME: &str = "Name";
    /// Forge chooser label.
    pub const KIND: &str = "Forge";
    /// API URL label.
    pub const API_URL: &str = "API URL";
    /// API URL hint.
    pub const API_URL_HINT: &str = "GitLab: https://gitlab.com/api/v4 or https://HOST/api/v4 · GitHub: https://api.github.com or https://HOST/api/v3";
    /// Token label.
    pub const TOKEN: &str = "Personal access token";
    /// Token hint per forge.
    pub const TOKEN_HINT: &str = "GitLab: read_api scope to read, api to make changes · GitHub: fine-grained \"Deployments\" permission or classic repo_deployment";
    /// Projects label.
    pub const TARGETS: &str = "Projects or repositories (one per line)";
    /// Projects hint.
    pub const TARGETS_HINT: &str =
        "GitLab: a numeric id or group/project path · GitHub: owner/repo";
    /// Remember checkbox.
    pub const REMEMBER: &str = "Remember on this device (otherwise forgotten when the tab closes)";
    /// Save button.
    pub const SAVE: &str = "Save source";
    /// Cancel editing.
    pub const CANCEL: &str = "Cancel";
    /// Edit button.
    pub const EDIT_BUTTON: &str = "Edit";
    /// Remove button.
    pub const REMOVE: &str = "Remove";
    /// A name is needed.
    pub const NAME_REQUIRED: &str = "Give the source a name.";
    /// At least one project.
    pub const TARGETS_REQUIRED: &str = "Add at least one project or repository.";
}

/// Deployments table strings.
pub mod table {
    /// Column headers.
    pub const STATUS: &str = "Status";
    /// The iid (GitLab) or id (GitHub) column.
    pub const NUMBER: &str = "#";
    /// Environment column.
    pub const ENVIRONMENT: &str = "Environment";
    /// Ref column.
    pub const REF: &str = "Ref";
    /// Commit column.
    pub const COMMIT: &str = "Commit";
    /// Author column.
    pub const AUTHOR: &str = "Deployed by";
    /// Job column (GitLab).
    pub const JOB: &str = "Job / pipeline";
    /// Created column.
    pub const CREATED: &str = "Created";
    /// Finished column.
    pub const FINISHED: &str = "Finished";
    /// Duration column.
    pub const DURATION: &str = "Duration";
    /// Pipeline prefix.
    pub const PIPELINE: &str = "pipeline";
    /// A deployment created through the API (no CI job).
    pub const VIA_API: &str = "via API";
    /// Tag marker.
    pub const TAG: &str = "tag";
    /// Copy button.
    pub const COPY_SHA: &str = "Copy the full commit SHA";
    /// Open-deployment button prefix.
    pub const OPEN: &str = "Open deployment";
}

/// Deployments page strings.
pub mod deployments {
    /// Search label.
    pub const SEARCH: &str = "Search loaded rows";
    /// Search placeholder.
    pub const SEARCH_HINT: &str = "ref, SHA, author, environment, #iid…";
    /// Status filter label.
    pub const STATUS: &str = "Status";
    /// Any status.
    pub const ANY: &str = "any";
    /// Environment filter label.
    pub const ENVIRONMENT: &str = "Environment";
    /// The server's default order.
    pub const DEFAULT_ORDER: &str = "id (default)";
    /// The app's default direction.
    pub const DEFAULT_SORT: &str = "newest first";
    /// Order-by label.
    pub const ORDER_BY: &str = "Order by (server)";
    /// Sort direction label.
    pub const SORT: &str = "Direction";
    /// Updated after label.
    pub const UPDATED_AFTER: &str = "Updated after";
    /// Updated before label.
    pub const UPDATED_BEFORE: &str = "Updated before";
    /// Finished after label.
    pub const FINISHED_AFTER: &str = "Finished after";
    /// Finished before label.
    pub const FINISHED_BEFORE: &str = "Finished before";
    /// GitHub ref filter.
    pub const REF: &str = "Ref";
    /// GitHub sha filter.
    pub const SHA: &str = "SHA";
    /// GitHub task filter.
    pub const TASK: &str = "Task";
    /// Apply filters button.
    pub const APPLY: &str = "Apply filters";
    /// Clear filters button.
    pub const CLEAR: &str = "Clear";
    /// Page size label.
    pub const PER_PAGE: &str = "Per page";
    /// The pager's accessible name.
    pub const PAGES: &str = "Pages";
    /// Previous page.
    pub const PREV: &str = "Previous";
    /// Next page.
    pub const NEXT: &str = "Next";
    /// Load every page.
    pub const LOAD_ALL: &str = "Load all pages";
    /// Some GitHub statuses could not be loaded.
    pub const STATUSES_MISSING: &str = "Some statuses could not be loaded (rate limit or network) and read \"unknown\"; reload later to fill them in.";

    /// "Load all" after an error or a cancel.
    pub fn resume_from(page: u64) -> String {
        format!("Resume loading from page {page}")
    }

    /// Why "load all" stopped before the end.
    pub fn stopped(end: shipboard_core::paging::End) -> String {
        use shipboard_core::paging::{End, MAX_PAGES};
        match end {
            End::Complete => String::new(),
            End::Capped => format!("Stopped after {MAX_PAGES} pages: the rest of this list is not loaded. Narrow it with filters."),
            End::Repeating(page) => format!("Stopped at page {page}: the server kept answering rows already loaded (it may ignore the page parameter)."),
        }
    }
    /// Cancel loading.
    pub const CANCEL: &str = "Cancel";
    /// No deployments at all.
    pub const EMPTY: &str = "No deployments match these filters.";
    /// Search hides every row.
    pub const NO_MATCH: &str = "No loaded deployment matches the search.";
    /// A project must be chosen.
    pub const NO_PROJECT: &str = "This source lists no project or repository. Add one in Settings.";
    /// GitHub repo format.
    pub const BAD_REPO: &str = "GitHub repositories must look like owner/repo.";
    /// Filters rejected before sending.
    pub const INVALID: &str = "These filters would be refused by the server:";
}

/// "Page 2 of 7" / "Page 2" when the total is unknown.
pub fn page_of(page: u32, total: Option<u64>) -> String {
    match total {
        Some(t) => format!("Page {page} of {t}"),
        None => format!("Page {page}"),
    }
}

/// "1,234 deployments" style count (no locale grouping, to stay simple and exact).
pub fn rows_summary(shown: usize, loaded: usize, total: Option<u64>) -> String {
    let total = total.map(|t| format!(" of {t}")).unwrap_or_default();
    if shown == loaded {
        format!("{loaded} deployments loaded{total}")
    } else {
        format!("{shown} shown · {loaded} loaded{total}")
    }
}

/// Load-all progress text.
pub fn loading_pages(done: u64, total: Option<u64>) -> String {
    match total {
        Some(t) => format!("Loading pages… {done} of {t}"),
        None => format!("Loading pages… {done}"),
    }
}

/// Deployment detail strings.
pub mod detail {
    /// Drawer title prefix.
    pub const TITLE: &str = "Deployment";
    /// Close button.
    pub const CLOSE: &str = "Close the deployment details";
    /// Facts.
    pub const STATUS: &str = "Status";
    /// Environment fact.
    pub const ENVIRONMENT: &str = "Environment";
    /// Ref fact.
    pub const REF: &str = "Ref";
    /// Commit fact and section.
    pub const COMMIT: &str = "Commit";
    /// Author fact.
    pub const AUTHOR: &str = "Deployed by";
    /// Created fact.
    pub const CREATED: &str = "Created";
    /// Finished fact.
    pub const FINISHED: &str = "Finished";
    /// Duration fact.
    pub const DURATION: &str = "Duration";
    /// No commit details.
    pub const NO_COMMIT: &str = "The API gave no commit details for this deployment.";
    /// Job section.
    pub const JOB: &str = "Job and pipeline";
    /// Stage prefix.
    pub const STAGE: &str = "stage";
    /// Pipeline prefix.
    pub const PIPELINE: &str = "Pipeline";
    /// API-made deployment.
    pub const VIA_API: &str = "Created through the API: no CI job.";
    /// Approvals section.
    pub const APPROVALS: &str = "Approvals";
    /// Rule column.
    pub const RULE: &str = "Rule";
    /// Progress column.
    pub const PROGRESS: &str = "Progress";
    /// Approvers column.
    pub const APPROVED_BY: &str = "Answers";
    /// No approvals yet.
    pub const NO_APPROVALS: &str = "No approvals or rejections yet.";
    /// Merge requests section.
    pub const MERGE_REQUESTS: &str = "Merge requests shipped";
    /// None shipped.
    pub const NO_MERGE_REQUESTS: &str = "No merge request is linked to this deployment.";
    /// GitHub statuses section.
    pub const STATUS_HISTORY: &str = "Status history";
    /// No statuses.
    pub const NO_STATUSES: &str = "No status has been reported for this deployment yet.";
    /// Log link.
    pub const LOG: &str = "Log";
    /// Environment link.
    pub const ENV_URL: &str = "Environment";
}

/// "2 approvals pending".
pub fn pending_approvals(n: u32) -> String {
    match n {
        0 => "No approval pending.".into(),
        1 => "1 approval pending.".into(),
        n => format!("{n} approvals pending."),
    }
}

/// "approved 1 of 2".
pub fn approved_of(approved: usize, required: u32) -> String {
    format!("approved {approved} of {required}")
}
