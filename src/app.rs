//! The application shell: loads the sources, keeps the route in the URL, and shows the header,
//! the navigation and the current page.

use futures::future::{Either, FutureExt, LocalBoxFuture};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shipboard_core::route::View;

use crate::pages;
use crate::state::AppState;
use crate::{api, projects, storage, text, url};

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(url::use_route(), storage::load(), projects::load_saved());
    provide_context(state);
    crate::live::provide();
    // The number waiting for approval, set by the approvals inbox (the badge below).
    let waiting = pages::approvals::WaitingCount(RwSignal::new(None));
    provide_context(waiting);
    projects::fetch_names(state);
    // Embedded (`<shipboard-dashboard>`): where config.json is, the theme and the language.
    let embed = use_context::<crate::embed::Options>();
    let config_url = embed
        .as_ref()
        .map_or_else(|| "config.json".to_owned(), |e| e.config_url.clone());
    let theme = embed
        .as_ref()
        .map_or_else(theme_from_url, |e| e.theme.clone().or_else(theme_from_url));
    let embedded = embed.is_some();
    let element_lang = embed.as_ref().and_then(|e| e.lang.clone());
    let lang =
        Memo::new(move |_| negotiate(state.route.with(|r| r.lang.clone()), element_lang.clone()));
    text::set_lang(lang.get_untracked());
    let config_abort = web_sys::AbortController::new().ok();
    if let Some(abort) = config_abort.clone() {
        let abort = send_wrapper::SendWrapper::new(abort);
        on_cleanup(move || abort.abort());
    }
    let oauth = crate::oauth::provide();
    // Standalone, `mount` started reading config.json before this; embedded, it starts now.
    let early = (!embedded).then(|| EARLY_CONFIG.take()).flatten();
    let abort = config_abort.map(|a| a.signal());
    let config =
        early.unwrap_or_else(|| ConfigRead::Reading(read_config(config_url, abort.clone())));
    // Already here (and no sign-in answer to finish first): applied before the first render,
    // so the shell is drawn once with its sources, not as "Loading…" and then again.
    match config {
        ConfigRead::Read(loaded) if !crate::oauth::answer_in_url() => apply_config(state, loaded),
        config => spawn_local(async move {
            // A sign-in's answer in the URL: the token first, so no page loads without it.
            oauth.finish(state).await;
            let loaded = match config {
                ConfigRead::Read(loaded) => loaded,
                ConfigRead::Reading(read) => read.await,
            };
            if abort.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
                return;
            }
            apply_config(state, loaded);
        }),
    }

    // The theme root carries `data-theme` (style/theme.css defines every token there and
    // nothing below it does, so a portal's `--sb-*` on the element reach the whole dashboard):
    // `<html>` standalone, the `<shipboard-dashboard>` element embedded.
    let app_root = NodeRef::<leptos::html::Div>::new();
    let theme_root = theme.clone();
    Effect::new(move |_| {
        let Some(app) = app_root.get() else { return };
        let Some(root) = theme_root_of(&app) else {
            return;
        };
        match &theme_root {
            Some(theme) => {
                let _ = root.set_attribute("data-theme", theme);
            }
            None => {
                let _ = root.remove_attribute("data-theme");
            }
        }
        let root = send_wrapper::SendWrapper::new(root);
        on_cleanup(move || {
            let _ = root.remove_attribute("data-theme");
        });
    });

    // A new language re-renders everything below the root (no page reload: the state, the
    // sources and the URL stay); every word reads the language when it is rendered.
    move || {
        let lang = lang.get();
        text::set_lang(lang);
        if !embedded {
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", lang.tag());
            }
        }
        view! {
            // `part="app"`: embedded, a portal sets `--sb-*` tokens with `shipboard-dashboard::part(app)`.
            <div class="app" part="app" data-testid="app" data-theme=theme.clone() lang=lang.tag() node_ref=app_root>
                <Shell waiting />
            </div>
        }
    }
}

type ConfigResult = Result<Option<shipboard_core::config::Config>, String>;

/// The standalone page's read of config.json, handed from [`mount_standalone`] to the app.
enum ConfigRead {
    /// Its answer.
    Read(ConfigResult),
    /// Still under way.
    Reading(LocalBoxFuture<'static, ConfigResult>),
}

/// Reads config.json from `url` (cancelled by `abort`).
fn read_config(
    url: String,
    abort: Option<web_sys::AbortSignal>,
) -> LocalBoxFuture<'static, ConfigResult> {
    async move { api::load_config(&url, abort.as_ref()).await }.boxed_local()
}

thread_local! {
    /// The standalone page's config.json read, started by [`mount_standalone`] before the app.
    static EARLY_CONFIG: std::cell::Cell<Option<ConfigRead>> = const { std::cell::Cell::new(None) };
}

/// How long the standalone page waits for config.json before it draws the shell without it. It
/// was preloaded beside the wasm, so it is usually here already; a slow one is waited for under
/// "Loading…", as before.
const CONFIG_WAIT_MS: u64 = 100;

/// Mounts the app into `<body>` once config.json is read (at most [`CONFIG_WAIT_MS`]): the first
/// render then knows the sources and starts the page's request at once.
pub fn mount_standalone() {
    // The language first: a problem with config.json is worded when the read ends, which may
    // be before the app (which sets it again, the same way) exists.
    let search = window().location().search().unwrap_or_default();
    text::set_lang(negotiate(
        shipboard_core::route::Route::from_query(&search).lang,
        None,
    ));
    let read = read_config("config.json".to_owned(), None);
    // Not Leptos' spawner: it is set up by the mount below.
    wasm_bindgen_futures::spawn_local(async move {
        let wait = std::pin::pin!(api::sleep(CONFIG_WAIT_MS));
        let config = match futures::future::select(read, wait).await {
            Either::Left((loaded, _)) => ConfigRead::Read(loaded),
            Either::Right((_, read)) => ConfigRead::Reading(read),
        };
        EARLY_CONFIG.set(Some(config));
        leptos::mount::mount_to_body(App);
    });
}

/// Puts a config.json read into the state (its sources, users and request timeout, or its
/// problem).
fn apply_config(state: AppState, loaded: ConfigResult) {
    match loaded {
        Ok(Some(config)) => {
            if let Some(secs) = config.timeout_secs {
                api::set_timeout_secs(secs);
            }
            state.configured.set(config.sources);
            state.users.set(config.users);
            state.config_status.set(Some(Ok(())));
        }
        Ok(None) => state.config_status.set(Some(Ok(()))),
        Err(problem) => state.config_status.set(Some(Err(problem))),
    }
}

/// Where the theme's tokens are defined: the shadow root's host (embedded) or `<html>`.
fn theme_root_of(app: &web_sys::HtmlElement) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    match app.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        Ok(shadow) => Some(shadow.host()),
        Err(_) => document().document_element(),
    }
}

/// The language: `asked` (`?lang=`), else the element's `lang`, else the browser's languages,
/// else English.
fn negotiate(asked: Option<String>, element: Option<String>) -> text::Lang {
    let preferred: Vec<String> = asked
        .into_iter()
        .chain(element)
        .chain(browser_languages())
        .collect();
    text::Lang::negotiate(preferred.iter().map(String::as_str))
}

/// The browser's preferred languages (`navigator.languages`, else `navigator.language`).
fn browser_languages() -> Vec<String> {
    let navigator = window().navigator();
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// The header, the navigation and the current page, in the current language.
#[component]
fn Shell(waiting: pages::approvals::WaitingCount) -> impl IntoView {
    let state = crate::state::use_state();
    // A memo, so typing in a search box (a route change) does not rebuild the page.
    let view = Memo::new(move |_| state.route.with(|r| r.view));
    // The URL's `source=` when it names no source: said plainly, never another host instead.
    let unknown_source = Memo::new(move |_| state.unknown_source());
    view! {
            <header class="app-header">
                <h1 class="app-title">{text::APP_NAME()}</h1>
                <nav class="app-nav" aria-label=text::NAV_LABEL()>
                    {View::ALL
                        .into_iter()
                        .map(|v| {
                            view! {
                                <button
                                    type="button"
                                    class="nav-link"
                                    data-testid=format!("nav-{}", v.as_str())
                                    aria-current=move || (view.get() == v).then_some("page")
                                    on:click=move |_| {
                                        let mut next = state.route.get_untracked();
                                        next.view = v;
                                        next.deployment = None;
                                        next.page = 1;
                                        url::push(state.route, next);
                                    }
                                >
                                    {text::view_name(v)}
                                    {(v == View::Approvals)
                                        .then_some(move || {
                                            waiting
                                                .0
                                                .get()
                                                .map(|n| {
                                                    view! {
                                                        " "
                                                        <span class="nav-count" data-testid="approvals-count">
                                                            {n.to_string()}
                                                        </span>
                                                        <span class="sr-only">
                                                            " " {text::approvals::WAITING_BADGE()}
                                                        </span>
                                                    }
                                                })
                                        })}
                                </button>
                            }
                        })
                        .collect_view()}
                </nav>
                <SourcePicker />
                <LangPicker />
                <crate::oauth::SignIn />
            </header>
            <ConfigProblem />
            <main class="app-main">
                {move || match (state.config_status.get(), view.get()) {
                    // Settings never waits for config.json (it may be stalled or slow).
                    (_, View::Settings) => view! { <pages::settings::Settings /> }.into_any(),
                    (None, _) => {
                        view! {
                            <p class="loading" data-testid="loading" role="status">
                                {text::LOADING()}
                            </p>
                        }
                            .into_any()
                    }
                    (Some(_), view) => {
                        match view {
                            View::Settings => ().into_any(),
                            _ if state.sources().is_empty() => {
                                view! {
                                    <p class="empty" data-testid="empty">
                                        {text::NO_SOURCES()}
                                    </p>
                                }
                                    .into_any()
                            }
                            _ if unknown_source.get().is_some() => {
                                let key = unknown_source.get().unwrap_or_default();
                                view! {
                                    <p class="empty" role="alert" data-testid="unknown-source">
                                        {text::no_such_source(&key)}
                                    </p>
                                }
                                    .into_any()
                            }
                            View::Deployments => {
                                view! { <pages::deployments::Deployments /> }.into_any()
                            }
                            View::Environments => {
                                view! { <pages::environments::Environments /> }.into_any()
                            }
                            View::Approvals => {
                                view! { <pages::approvals::Approvals /> }.into_any()
                            }
                            View::Overview => {
                                view! { <pages::overview::Overview /> }.into_any()
                            }
                            View::Insights => {
                                view! { <pages::insights::Insights /> }.into_any()
                            }
                        }
                    }
                }}
            </main>
    }
}

/// The language chooser: puts `lang=` in the URL, which re-renders the app in that language.
#[component]
fn LangPicker() -> impl IntoView {
    let state = crate::state::use_state();
    let current = text::lang();
    view! {
        // Styled as the source chooser beside it (label above, right-aligned without sources).
        <div class="source-picker lang-picker">
            <label>
                <span class="label-text">{text::LANGUAGE()}</span>
                <select
                    data-testid="lang-picker"
                    on:change=move |ev| {
                        let mut next = state.route.get_untracked();
                        next.lang = Some(event_target_value(&ev));
                        url::push(state.route, next);
                    }
                >
                    {text::Lang::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.tag() lang=l.tag() prop:selected=l == current>
                                    {l.native_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

/// `?theme=light` or `?theme=dark` at load sets `data-theme` on the root element (style/theme.css);
/// `auto`, anything else or none follows the system's `prefers-color-scheme`. Embedded, the
/// element's `theme` attribute wins, and the parameter carries the `param-prefix` (`sb_theme`).
fn theme_from_url() -> Option<String> {
    let search = window().location().search().ok()?;
    let search = match use_context::<crate::embed::Options>() {
        Some(e) => shipboard_core::embed::ours(&search, &e.param_prefix),
        None => search,
    };
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    match params.get("theme").as_deref() {
        Some("light") => Some("light".into()),
        Some("dark") => Some("dark".into()),
        _ => None,
    }
}

/// Shows a malformed `config.json` problem above the page, without hiding the rest.
#[component]
fn ConfigProblem() -> impl IntoView {
    let state = crate::state::use_state();
    move || {
        state
            .config_status
            .get()
            .and_then(Result::err)
            .map(|problem| {
                view! {
                    <p class="banner banner-error" role="alert" data-testid="config-error">
                        {problem}
                    </p>
                }
            })
    }
}

/// Source and project choosers in the header. Each `<option>` carries its own `selected`
/// property bound to the route, so a deep link (`?source=demo-github&project=acme/shop`) shows
/// its source and project however the options render (a `<select>`'s `value` set before its
/// options exist would be lost and show the first one).
#[component]
fn SourcePicker() -> impl IntoView {
    let state = crate::state::use_state();
    let sources = Memo::new(move |_| state.sources());
    let current = Memo::new(move |_| state.current_source().map(|(_, s)| s));
    let current_id = Memo::new(move |_| current.with(|c| c.as_ref().map(|s| s.id.clone())));
    let targets = Memo::new(move |_| {
        current
            .with(|c| c.as_ref().map(|s| s.targets().to_vec()))
            .unwrap_or_default()
    });
    // The project the URL names, else the source's first.
    let project = Memo::new(move |_| {
        state
            .route
            .with(|r| r.project.clone())
            .or_else(|| targets.with(|t| t.first().cloned()))
    });
    view! {
        <div class="source-picker" class:hidden=move || sources.with(Vec::is_empty)>
            <label>
                <span class="label-text">{text::SOURCE()}</span>
                <select
                    data-testid="source-select"
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        if id.is_empty() {
                            return;
                        }
                        let mut next = state.route.get_untracked();
                        next.source = Some(id);
                        next.project = None;
                        next.filters.clear();
                        next.page = 1;
                        next.deployment = None;
                        url::push(state.route, next);
                    }
                >
                    {move || {
                        current_id
                            .with(Option::is_none)
                            .then(|| {
                                view! {
                                    <option value="" disabled=true prop:selected=true>
                                        {text::UNKNOWN_SOURCE()}
                                    </option>
                                }
                            })
                    }}
                    {move || {
                        sources
                            .get()
                            .into_iter()
                            .map(|s| {
                                let id = s.id.clone();
                                let selected = move || current_id.with(|c| c.as_deref() == Some(id.as_str()));
                                view! { <option value=s.id prop:selected=selected>{s.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label>
                <span class="label-text">{text::PROJECT()}</span>
                <select
                    data-testid="project-select"
                    on:change=move |ev| {
                        let mut next = state.route.get_untracked();
                        next.project = Some(event_target_value(&ev));
                        next.page = 1;
                        next.deployment = None;
                        url::push(state.route, next);
                    }
                >
                    {move || {
                        // A project the URL names that is not in the list is shown too: the
                        // chooser says what the page shows.
                        let mut list = targets.get();
                        if let Some(p) = project.get().filter(|p| !list.contains(p)) {
                            list.insert(0, p);
                        }
                        // Named by path once known (`acme/platform/web`, not `1`); the value
                        // stays what the URL says.
                        let labels = current
                            .with(|c| c.as_ref().map(|s| state.project_labels(s, &list)))
                            .unwrap_or_else(|| list.clone());
                        list.into_iter()
                            .zip(labels)
                            .map(|(t, label)| {
                                let value = t.clone();
                                let selected = move || project.with(|p| p.as_deref() == Some(value.as_str()));
                                view! { <option value=t prop:selected=selected>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </div>
    }
}
