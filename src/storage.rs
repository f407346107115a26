//! Sources saved in the browser: `sessionStorage` by default, `localStorage` when the user ticks
//! "remember on this device". Tokens never leave storage except in a header to their own API.

use shipboard_core::config::{assign_ids, SourceConfig};

const KEY: &str = "shipboard.sources";

fn storage(remember: bool) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    if remember {
        window.local_storage().ok().flatten()
    } else {
        window.session_storage().ok().flatten()
    }
}

fn read(remember: bool) -> Vec<SourceConfig> {
    storage(remember)
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// A saved source and where it is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The source.
    pub source: SourceConfig,
    /// Kept in `localStorage` (true) or `sessionStorage` (false).
    pub remember: bool,
}

/// Every saved source: this device's (`localStorage`) first, then this tab's. Sources saved
/// before ids existed get one here (unique among the saved ones; [`crate::state::AppState`]
/// makes them unique against `config.json`'s too).
pub fn load() -> Vec<Saved> {
    let mut all: Vec<Saved> = read(true)
        .into_iter()
        .map(|source| Saved {
            source,
            remember: true,
        })
        .collect();
    all.extend(read(false).into_iter().map(|source| Saved {
        source,
        remember: false,
    }));
    let mut sources: Vec<SourceConfig> = all.iter().map(|s| s.source.clone()).collect();
    assign_ids(&mut sources);
    for (saved, source) in all.iter_mut().zip(sources) {
        saved.source.id = source.id;
    }
    all
}

/// Writes the saved sources, each to its own storage; returns a message when storage refuses.
pub fn save(all: &[Saved]) -> Result<(), String> {
    for remember in [true, false] {
        let list: Vec<&SourceConfig> = all
            .iter()
            .filter(|s| s.remember == remember)
            .map(|s| &s.source)
            .collect();
        let Some(store) = storage(remember) else {
            return Err(crate::text::STORAGE_UNAVAILABLE().into());
        };
        let text = serde_json::to_string(&list).map_err(|e| e.to_string())?;
        store
            .set_item(KEY, &text)
            .map_err(|_| crate::text::STORAGE_UNAVAILABLE().to_string())?;
    }
    Ok(())
}

/// Where the live refresh interval chosen in Settings is kept (`localStorage`: a preference of
/// this device, not a secret).
const REFRESH_KEY: &str = "shipboard.refresh";

/// The live refresh interval saved in Settings (seconds, `0` = off), if any.
pub fn load_refresh() -> Option<u32> {
    storage(true)
        .and_then(|s| s.get_item(REFRESH_KEY).ok().flatten())
        .and_then(|text| shipboard_core::live::parse_setting(&text))
}

/// Saves the live refresh interval (`None` forgets it: the default applies); returns a message
/// when storage refuses.
pub fn save_refresh(secs: Option<u32>) -> Result<(), String> {
    let store = storage(true).ok_or_else(|| crate::text::STORAGE_UNAVAILABLE().to_string())?;
    match secs {
        Some(secs) => store.set_item(REFRESH_KEY, &secs.to_string()),
        None => store.remove_item(REFRESH_KEY),
    }
    .map_err(|_| crate::text::STORAGE_UNAVAILABLE().to_string())
}

/// Where "Sign in with GitLab" keeps the signed-in sources' tokens (`sessionStorage`: this tab
/// only, gone when it closes).
const OAUTH_KEY: &str = "shipboard.oauth";

/// Where a sign-in in progress waits for the consent page's answer (`sessionStorage`).
const OAUTH_PENDING_KEY: &str = "shipboard.oauth.pending";

/// The OAuth tokens of this tab's signed-in sources.
pub fn load_oauth() -> Vec<shipboard_core::oauth::Tokens> {
    storage(false)
        .and_then(|s| s.get_item(OAUTH_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes the signed-in sources' tokens (none: the key is removed).
pub fn save_oauth(tokens: &[shipboard_core::oauth::Tokens]) -> Result<(), String> {
    let store = storage(false).ok_or_else(|| crate::text::STORAGE_UNAVAILABLE().to_string())?;
    if tokens.is_empty() {
        return store
            .remove_item(OAUTH_KEY)
            .map_err(|_| crate::text::STORAGE_UNAVAILABLE().to_string());
    }
    let text = serde_json::to_string(tokens).map_err(|e| e.to_string())?;
    store
        .set_item(OAUTH_KEY, &text)
        .map_err(|_| crate::text::STORAGE_UNAVAILABLE().to_string())
}

/// Keeps a sign-in in progress until the consent page sends the user back.
pub fn save_oauth_pending(pending: &shipboard_core::oauth::Pending) -> Result<(), String> {
    let store = storage(false).ok_or_else(|| crate::text::STORAGE_UNAVAILABLE().to_string())?;
    let text = serde_json::to_string(pending).map_err(|e| e.to_string())?;
    store
        .set_item(OAUTH_PENDING_KEY, &text)
        .map_err(|_| crate::text::STORAGE_UNAVAILABLE().to_string())
}

/// The sign-in in progress, removed from storage (each attempt is answered once).
pub fn take_oauth_pending() -> Option<shipboard_core::oauth::Pending> {
    let store = storage(false)?;
    let text = store.get_item(OAUTH_PENDING_KEY).ok().flatten();
    let _ = store.remove_item(OAUTH_PENDING_KEY);
    serde_json::from_str(&text?).ok()
}
