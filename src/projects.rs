//! Project names: each GitLab project of the shown source is named by its `path_with_namespace`
//! (`GET /projects/:id`, once per project and session), never by a bare id like `1`.
//!
//! [`fetch_names`] runs for the whole app: when a GitLab source is shown it asks for the names it
//! does not know yet (four at a time, through [`api::get`] with a [`Ticket`] of the app's own
//! [`Loader`], so switching sources aborts the previous source's requests). Names are kept in
//! [`AppState::project_names`] and in `sessionStorage`. A name that cannot be read (403, 404, a
//! network error after the retries) is remembered as unknown and the configured value is shown:
//! no message, and nothing waits for it. Only numeric ids are asked: a project configured by its
//! path (`acme/platform/web`) is already named by it, like a GitHub `owner/repo`, so an overview
//! of 200 path-configured projects costs no name request at all.

use std::collections::HashMap;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::gitlab::Project;
use shipboard_core::model::view::Forge;
use shipboard_core::request::gitlab;
use shipboard_core::validate::check_target;

use crate::api::{self, source_of, Loader, Ticket};
use crate::state::AppState;

/// Name requests in flight at once.
const CONCURRENCY: usize = 4;
/// Where the known names are kept for the tab's session (no token is ever part of it).
const STORAGE_KEY: &str = "shipboard.project-names";

/// Which project of which source: the source's id and API URL (a source edited to point at
/// another host does not keep the old host's names) and the configured value (`"1"`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NameKey {
    /// The source's id.
    pub source: String,
    /// The source's API URL.
    pub api_url: String,
    /// The project as configured or as the URL says it.
    pub project: String,
}

impl NameKey {
    /// The key of `project` on `source`.
    pub fn new(source: &SourceConfig, project: &str) -> NameKey {
        NameKey {
            source: source.id.clone(),
            api_url: source.api_url.clone(),
            project: project.to_owned(),
        }
    }
}

/// What is known of a project's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    /// Its `path_with_namespace`.
    Known(String),
    /// The server would not say (the configured value is shown); not asked again this session.
    Unknown,
}

/// Every name asked for in this session.
pub type Names = HashMap<NameKey, Name>;

/// The known path of `project` on `source`, if any (always `None` for GitHub).
pub fn known(names: &Names, source: &SourceConfig, project: &str) -> Option<String> {
    if source.kind != Forge::GitLab {
        return None;
    }
    match names.get(&NameKey::new(source, project)) {
        Some(Name::Known(path)) => Some(path.clone()),
        _ => None,
    }
}

/// The names kept in `sessionStorage` by an earlier load of this tab.
pub fn load_saved() -> Names {
    let saved: Vec<(String, String, String, String)> = session_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    saved
        .into_iter()
        .map(|(source, api_url, project, path)| {
            let key = NameKey {
                source,
                api_url,
                project,
            };
            (key, Name::Known(path))
        })
        .collect()
}

fn save(names: &Names) {
    let mut known: Vec<(&str, &str, &str, &str)> = names
        .iter()
        .filter_map(|(k, v)| match v {
            Name::Known(path) => Some((
                k.source.as_str(),
                k.api_url.as_str(),
                k.project.as_str(),
                path.as_str(),
            )),
            Name::Unknown => None,
        })
        .collect();
    known.sort_unstable();
    if let (Some(store), Ok(text)) = (session_storage(), serde_json::to_string(&known)) {
        // A full or disabled storage only costs the names a refetch after a reload.
        let _ = store.set_item(STORAGE_KEY, &text);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The shown source (GitLab only) and the projects whose names are wanted: the configured ones,
/// and the URL's project when it is another one that passes the path checks.
fn wanted(state: AppState) -> Option<(SourceConfig, Vec<String>)> {
    let (_, source) = state.current_source()?;
    if source.kind != Forge::GitLab {
        return None;
    }
    let mut projects = source.targets().to_vec();
    if let Some(p) = state.route.with(|r| r.project.clone()) {
        if !projects.contains(&p) && check_target(source.kind, &p).is_ok() {
            projects.push(p);
        }
    }
    projects.retain(|p| is_id(p));
    Some((source, projects))
}

/// Whether a configured project is a numeric id (named by asking), not a path (its own name).
fn is_id(project: &str) -> bool {
    !project.is_empty() && project.bytes().all(|b| b.is_ascii_digit())
}

/// Starts naming the projects of whichever GitLab source is shown, for as long as the current
/// reactive owner (the app) lives.
pub fn fetch_names(state: AppState) {
    let loader = StoredValue::new_local(Loader::new());
    let wanted = Memo::new(move |_| wanted(state));
    Effect::new(move |_| {
        let Some((source, projects)) = wanted.get() else {
            return;
        };
        // A newer source or project list aborts what the previous one still had in flight
        // (those names stay unasked and are asked again when that source is shown).
        let ticket = loader.with_value(Loader::next);
        let missing: Vec<String> = state.project_names.with_untracked(|names| {
            projects
                .into_iter()
                .filter(|p| !names.contains_key(&NameKey::new(&source, p)))
                .collect()
        });
        if missing.is_empty() {
            return;
        }
        let work = ask(source, missing, ticket.clone(), state.project_names);
        // Names are not the page's content: they wait until its first answer is on screen.
        let work = async move {
            api::after_first_answer().await;
            work.await;
        };
        loader.with_value(|l| l.spawn(&ticket, work));
    });
    Effect::new(move |_| state.project_names.with(save));
}

/// Asks for each project's name, a few at a time, and writes each answer as it arrives.
async fn ask(source: SourceConfig, projects: Vec<String>, ticket: Ticket, names: RwSignal<Names>) {
    let src = source_of(&source);
    let ticket = &ticket;
    stream::iter(projects)
        .map(|project| {
            let req = gitlab::get_project(&src, &project);
            async move {
                let answer = api::get::<Project>(&req, ticket, None).await;
                (project, answer)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .for_each(|(project, answer)| {
            let name = match &answer {
                Ok((p, _)) => p.display_path().map(|path| Name::Known(path.to_owned())),
                Err(_) => None,
            };
            // A stale ticket writes nothing (an aborted request is not a failure).
            ticket.update(names, |n| {
                n.insert(
                    NameKey::new(&source, &project),
                    name.unwrap_or(Name::Unknown),
                );
            });
            async {}
        })
        .await;
}
