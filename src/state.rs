//! App-wide reactive state, provided as context: the sources (from `config.json` and the
//! browser), the route and the target it points at, the projects' names, and the one clock.
//! Plain data inside signals; no I/O here.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shipboard_core::config::{assign_ids, users_for, SourceConfig, UserToken};
use shipboard_core::route::{resolve_source, Route, Target};

use shipboard_core::model::gitlab::project_labels;

use crate::projects::{self, Names};
use crate::storage::Saved;

/// Shared state of the dashboard.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Sources from `config.json` (read-only in the UI).
    pub configured: RwSignal<Vec<SourceConfig>>,
    /// Sources added in Settings.
    pub saved: RwSignal<Vec<Saved>>,
    /// Extra users from `config.json` (the demo's tokens).
    pub users: RwSignal<Vec<UserToken>>,
    /// `None` while `config.json` loads, then `Some(Ok(()))` or the problem with it.
    pub config_status: RwSignal<Option<Result<(), String>>>,
    /// What the URL says to show.
    pub route: RwSignal<Route>,
    /// Bumped after a write that changes deployments: the table and the drawer reload.
    pub refresh: RwSignal<u64>,
    /// GitLab projects' paths, asked once per project and session (`crate::projects`).
    pub project_names: RwSignal<Names>,
    /// What the route asks the server for (source, project, server-side filters), built once
    /// here; searching or sorting does not change it, so it never reloads a page.
    pub target: Memo<Option<Target>>,
    /// The one clock relative times are shown against ([`use_now`]).
    now: RwSignal<DateTime<Utc>>,
}

/// How often the clock behind "3 min ago" ticks.
const CLOCK_TICK: std::time::Duration = std::time::Duration::from_secs(30);

/// Every source, `config.json`'s first, each with a unique id.
fn all_sources(
    configured: RwSignal<Vec<SourceConfig>>,
    saved: RwSignal<Vec<Saved>>,
) -> Vec<SourceConfig> {
    let mut all = configured.get();
    all.extend(saved.get().into_iter().map(|s| s.source));
    assign_ids(&mut all);
    all
}

impl AppState {
    /// The state for `route`, with sources saved in this browser; `config.json`'s arrive later.
    /// Starts the clock (stopped when the owner is cleaned up).
    pub fn new(route: RwSignal<Route>, saved: Vec<Saved>, names: Names) -> AppState {
        let configured = RwSignal::new(Vec::new());
        let saved = RwSignal::new(saved);
        let target = Memo::new(move |_| {
            let sources = all_sources(configured, saved);
            route.with(|r| {
                let source = resolve_source(&sources, r.source.as_deref())
                    .and_then(|i| sources.get(i).cloned());
                Target::from_route(r, source)
            })
        });
        let now = RwSignal::new(crate::api::now());
        if let Ok(handle) = set_interval_with_handle(move || now.set(crate::api::now()), CLOCK_TICK)
        {
            on_cleanup(move || handle.clear());
        }
        AppState {
            configured,
            saved,
            users: RwSignal::new(Vec::new()),
            config_status: RwSignal::new(None),
            route,
            refresh: RwSignal::new(0),
            project_names: RwSignal::new(names),
            target,
            now,
        }
    }

    /// Asks the views showing deployments to load them again (after a write).
    pub fn changed(&self) {
        self.refresh.update(|n| *n += 1);
    }

    /// Every source, `config.json`'s first, each with a unique id (the URL's `source=`).
    pub fn sources(&self) -> Vec<SourceConfig> {
        all_sources(self.configured, self.saved)
    }

    /// The source the route points at (by id; an old link's index still works), if any.
    pub fn current_source(&self) -> Option<(usize, SourceConfig)> {
        let sources = self.sources();
        let index = self
            .route
            .with(|r| resolve_source(&sources, r.source.as_deref()))?;
        sources.get(index).cloned().map(|s| (index, s))
    }

    /// The route's `source=` value when it names no source (the page says so instead of showing
    /// another host).
    pub fn unknown_source(&self) -> Option<String> {
        let key = self.route.with(|r| r.source.clone())?;
        self.current_source().is_none().then_some(key)
    }

    /// How `source`'s projects are named, in order: each one's path once known (GitLab's
    /// `path_with_namespace`; a GitHub `owner/repo` as configured), else the configured value;
    /// two entries naming one project also show their configured value (`acme/web (1)`).
    pub fn project_labels(&self, source: &SourceConfig, targets: &[String]) -> Vec<String> {
        self.project_names
            .with(|names| project_labels(targets, |t| projects::known(names, source, t)))
    }

    /// How `project` of `source` is named (see [`AppState::project_labels`]).
    pub fn project_label(&self, source: &SourceConfig, project: &str) -> String {
        let mut targets = source.targets().to_vec();
        if !targets.iter().any(|t| t == project) {
            targets.push(project.to_owned());
        }
        let index = targets.iter().position(|t| t == project).unwrap_or(0);
        self.project_labels(source, &targets)
            .into_iter()
            .nth(index)
            .unwrap_or_else(|| project.to_owned())
    }

    /// The `config.json` users whose tokens belong to `source` (never another source's).
    pub fn users_of(&self, source: &SourceConfig) -> Vec<UserToken> {
        self.users
            .with(|users| users_for(users, source).into_iter().cloned().collect())
    }
}

/// The state provided by [`crate::App`].
pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// A filter form's own copy of the route, so typing never loses input and nothing is sent until
/// the form applies it. Only a change of the applied filters (Apply, Clear, Back) replaces the
/// draft: typing a search or sorting a column never erases filters typed but not applied yet.
pub fn filter_draft() -> RwSignal<Route> {
    let state = use_state();
    let draft = RwSignal::new(state.route.get_untracked());
    let applied = Memo::new(move |_| state.route.with(|r| r.applied_filters()));
    Effect::new(move |_| {
        applied.track();
        draft.set(state.route.get_untracked());
    });
    draft
}

/// The current time, ticking every 30 s: the one clock every relative time ("3 min ago") and
/// every default date in a form is computed from.
pub fn use_now() -> Signal<DateTime<Utc>> {
    use_state().now.into()
}
