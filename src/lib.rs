//! Shipboard: the web app (views, reactive state and the browser transport); logic lives in
//! `shipboard-core`.
//!
//! [`mount`] renders the dashboard into `<body>` (the standalone `index.html`); a portal embeds it
//! with `embed.js` and `<shipboard-dashboard>`, which mounts [`App`] in the element's shadow root
//! through [`embed::shipboard_embed`].

pub mod api;
pub mod app;
pub mod clipboard;
pub mod components;
pub mod embed;
pub mod focus;
pub mod intl;
pub mod live;
pub mod oauth;
pub mod pages;
pub mod projects;
pub mod state;
pub mod storage;
pub mod text;
pub mod url;

pub use app::App;

/// Mounts the dashboard into the page's `<body>`, unless the page loaded it through `embed.js`
/// (then each `<shipboard-dashboard>` mounts its own).
pub fn mount() {
    if embed::requested() {
        return;
    }
    app::mount_standalone();
}
