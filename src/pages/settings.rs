//! Settings: the list of sources, and a form to add, edit or remove the ones saved in the browser.

use leptos::prelude::*;
use shipboard_core::config::{check_api_url, check_token, unique_id, SourceConfig};
use shipboard_core::live::{parse_setting, DEFAULT_REFRESH_SECS, REFRESH_CHOICES};
use shipboard_core::model::view::Forge;
use shipboard_core::validate::check_target;

use crate::state::use_state;
use crate::storage::{self, Saved};
use crate::text::live as lt;
use crate::text::settings as t;

/// What the form holds, as typed (kept on every error).
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    /// The id of the source being edited (kept, so links to it keep working); empty for a new one.
    id: String,
    name: String,
    kind: String,
    api_url: String,
    token: String,
    targets: String,
    remember: bool,
}

impl Draft {
    fn from_saved(s: &Saved) -> Draft {
        Draft {
            id: s.source.id.clone(),
            name: s.source.name.clone(),
            kind: s.source.kind.as_str().into(),
            api_url: s.source.api_url.clone(),
            token: s.source.token.clone().unwrap_or_default(),
            targets: s.source.targets().join("\n"),
            remember: s.remember,
        }
    }

    /// The checked source, or the first problem in words. `taken` are the other sources' ids:
    /// a new source gets its name's slug, made unique against them.
    fn to_saved(&self, taken: &[&str]) -> Result<Saved, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(t::NAME_REQUIRED().into());
        }
        let kind = if self.kind == "github" {
            Forge::GitHub
        } else {
            Forge::GitLab
        };
        let api_url = self.api_url.trim().trim_end_matches('/');
        check_api_url(api_url).map_err(|e| format!("{} {e}", t::API_URL()))?;
        let targets: Vec<String> = self
            .targets
            .split(['\n', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if targets.is_empty() {
            return Err(t::TARGETS_REQUIRED().into());
        }
        let what = match kind {
            Forge::GitLab => "Project",
            Forge::GitHub => "Repository",
        };
        for target in &targets {
            check_target(kind, target).map_err(|e| format!("{what} {}", e.message))?;
        }
        let token = Some(check_token(&self.token)?).filter(|s| !s.is_empty());
        let id = match self.id.trim() {
            id if !id.is_empty() && !taken.contains(&id) => id.to_string(),
            _ => unique_id(name, taken),
        };
        let (projects, repos) = match kind {
            Forge::GitLab => (targets, Vec::new()),
            Forge::GitHub => (Vec::new(), targets),
        };
        Ok(Saved {
            source: SourceConfig {
                id,
                name: name.to_string(),
                kind,
                api_url: api_url.to_string(),
                token,
                projects,
                repos,
                oauth_client_id: None,
            },
            remember: self.remember,
        })
    }
}

/// The settings page.
#[component]
pub fn Settings() -> impl IntoView {
    let state = use_state();
    let draft = RwSignal::new(Draft {
        kind: "gitlab".into(),
        ..Draft::default()
    });
    // Index into `state.saved` of the source being edited.
    let editing = RwSignal::new(None::<usize>);
    let problem = RwSignal::new(None::<String>);

    let persist = move |all: Vec<Saved>| {
        if let Err(e) = storage::save(&all) {
            problem.set(Some(e));
        }
        state.saved.set(all);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Every other source's id: `config.json`'s, then the saved ones but the one edited.
        let configured = state.configured.with_untracked(Vec::len);
        let edited = editing.get_untracked().map(|i| configured + i);
        let others: Vec<String> = untrack(|| state.sources())
            .into_iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != edited)
            .map(|(_, s)| s.id)
            .collect();
        let taken: Vec<&str> = others.iter().map(String::as_str).collect();
        match draft.get_untracked().to_saved(&taken) {
            Err(e) => problem.set(Some(e)),
            Ok(saved) => {
                problem.set(None);
                let mut all = state.saved.get_untracked();
                match editing.get_untracked() {
                    Some(i) if i < all.len() => all[i] = saved,
                    _ => all.push(saved),
                }
                persist(all);
                editing.set(None);
                draft.set(Draft {
                    kind: "gitlab".into(),
                    ..Draft::default()
                });
            }
        }
    };

    let field = move |get: fn(&Draft) -> String, set: fn(&mut Draft, String)| {
        (
            move || draft.with(get),
            move |ev| draft.update(|d| set(d, event_target_value(&ev))),
        )
    };
    let (name, on_name) = field(|d| d.name.clone(), |d, v| d.name = v);
    let (kind, on_kind) = field(|d| d.kind.clone(), |d, v| d.kind = v);
    let (api_url, on_api_url) = field(|d| d.api_url.clone(), |d, v| d.api_url = v);
    let (token, on_token) = field(|d| d.token.clone(), |d, v| d.token = v);
    let (targets, on_targets) = field(|d| d.targets.clone(), |d, v| d.targets = v);

    view! {
        <section class="settings" data-testid="settings">
            <h2>{t::TITLE()}</h2>
            <p class="muted">{t::INTRO()}</p>
            <ul class="source-list">
                {move || {
                    state
                        .configured
                        .get()
                        .into_iter()
                        .map(|s| {
                            view! {
                                <li class="source-item">
                                    <strong>{s.name}</strong>
                                    <span class="muted">{s.api_url}</span>
                                    <span class="tag">{t::FROM_CONFIG()}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    state
                        .saved
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let where_kept = if s.remember { t::REMEMBERED() } else { t::THIS_TAB() };
                            let for_edit = s.clone();
                            view! {
                                <li class="source-item" data-testid="saved-source">
                                    <strong>{s.source.name.clone()}</strong>
                                    <span class="muted">{s.source.api_url.clone()}</span>
                                    <span class="tag">{where_kept}</span>
                                    <button
                                        type="button"
                                        on:click=move |_| {
                                            draft.set(Draft::from_saved(&for_edit));
                                            editing.set(Some(i));
                                            problem.set(None);
                                        }
                                    >
                                        {t::EDIT_BUTTON()}
                                    </button>
                                    <button
                                        type="button"
                                        class="danger"
                                        on:click=move |_| {
                                            let mut all = state.saved.get_untracked();
                                            if i < all.len() {
                                                all.remove(i);
                                            }
                                            editing.set(None);
                                            persist(all);
                                        }
                                    >
                                        {t::REMOVE()}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                {move || {
                    (state.configured.with(Vec::is_empty) && state.saved.with(Vec::is_empty))
                        .then(|| view! { <li class="muted">{t::NONE()}</li> })
                }}
            </ul>
            <LiveRefresh />
            <form class="form" on:submit=submit data-testid="source-form">
                <h3>{move || if editing.get().is_some() { t::EDIT() } else { t::ADD() }}</h3>
                <label>
                    <span class="label-text">{t::NAME()}</span>
                    <input type="text" prop:value=name on:input=on_name />
                </label>
                <label>
                    <span class="label-text">{t::KIND()}</span>
                    <select prop:value=kind on:change=on_kind>
                        <option value="gitlab">"GitLab"</option>
                        <option value="github">"GitHub"</option>
                    </select>
                </label>
                <label>
                    <span class="label-text">{t::API_URL()}</span>
                    <input
                        type="url"
                        inputmode="url"
                        prop:value=api_url
                        on:input=on_api_url
                        placeholder="https://gitlab.com/api/v4"
                    />
                    <small class="muted">{t::API_URL_HINT()}</small>
                </label>
                <label>
                    <span class="label-text">{t::TOKEN()}</span>
                    <input
                        type="password"
                        autocomplete="off"
                        prop:value=token
                        on:input=on_token
                    />
                    <small class="muted">{t::TOKEN_HINT()}</small>
                </label>
                <label>
                    <span class="label-text">{t::TARGETS()}</span>
                    <textarea rows="3" prop:value=targets on:input=on_targets></textarea>
                    <small class="muted">{t::TARGETS_HINT()}</small>
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || draft.with(|d| d.remember)
                        on:change=move |ev| draft.update(|d| d.remember = event_target_checked(&ev))
                    />
                    {t::REMEMBER()}
                </label>
                {move || {
                    problem
                        .get()
                        .map(|p| {
                            view! {
                                <p class="field-error" role="alert" data-testid="error">
                                    {p}
                                </p>
                            }
                        })
                }}
                <div class="actions">
                    <button type="submit" class="primary">{t::SAVE()}</button>
                    <button
                        type="button"
                        class:hidden=move || editing.get().is_none()
                        on:click=move |_| {
                            editing.set(None);
                            problem.set(None);
                        }
                    >
                        {t::CANCEL()}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// "Refresh every": off, 15 s, 30 s (the default), 60 s, 5 min or a number of seconds (at least
/// 5), saved in this browser (`localStorage`) and applied at once. A `?refresh=` in the address
/// overrides it for that tab, which the section says.
#[component]
fn LiveRefresh() -> impl IntoView {
    let state = use_state();
    let live = crate::live::use_live();
    let problem = RwSignal::new(None::<String>);
    // The interval the setting gives (the default when none is saved).
    let current = move || live.setting.get().unwrap_or(DEFAULT_REFRESH_SECS);
    let custom = RwSignal::new(!REFRESH_CHOICES.contains(&current_untracked(live)));
    let save = move |secs: u32| {
        problem.set(storage::save_refresh(Some(secs)).err());
        live.setting.set(Some(secs));
    };
    view! {
        <section class="form live-settings" data-testid="live-settings">
            <h3>{lt::TITLE()}</h3>
            <p class="muted">{lt::INTRO()}</p>
            <label>
                <span class="label-text">{lt::EVERY()}</span>
                <select
                    data-testid="refresh-select"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        match value.parse::<u32>() {
                            Ok(secs) => {
                                custom.set(false);
                                save(secs);
                            }
                            Err(_) => custom.set(true),
                        }
                    }
                >
                    {REFRESH_CHOICES
                        .into_iter()
                        .map(|secs| {
                            let selected = move || !custom.get() && current() == secs;
                            view! { <option value=secs.to_string() prop:selected=selected>{lt::choice(secs)}</option> }
                        })
                        .collect_view()}
                    <option value="custom" prop:selected=move || custom.get()>{lt::CUSTOM()}</option>
                </select>
            </label>
            {move || custom.get().then(|| view! {
                <label>
                    <span class="label-text">{lt::SECONDS()}</span>
                    <input
                        type="number"
                        min="0"
                        max="86400"
                        step="1"
                        inputmode="numeric"
                        data-testid="refresh-secs"
                        prop:value=move || current().to_string()
                        on:change=move |ev| match parse_setting(&event_target_value(&ev)) {
                            Some(secs) => save(secs),
                            None => problem.set(Some(lt::NOT_A_NUMBER().to_owned())),
                        }
                    />
                </label>
            })}
            {move || state.route.with(|r| r.refresh).map(|secs| view! {
                <p class="hint" data-testid="refresh-overridden">{lt::url_overrides(secs)}</p>
            })}
            {move || problem.get().map(|p| view! {
                <p class="field-error" role="alert" data-testid="refresh-error">{p}</p>
            })}
        </section>
    }
}

fn current_untracked(live: crate::live::Live) -> u32 {
    live.setting.get_untracked().unwrap_or(DEFAULT_REFRESH_SECS)
}
