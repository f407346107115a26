//! Shipboard: the web app (views, reactive state and the browser transport); logic lives in
//! `shipboard-core`.
//!
//! [`mount`] renders the dashboard into `<body>`; [`App`] can be mounted anywhere else by a portal
//! that embeds Shipboard.

pub mod api;
pub mod app;
pub mod clipboard;
pub mod components;
pub mod focus;
pub mod live;
pub mod pages;
pub mod projects;
pub mod state;
pub mod storage;
pub mod text;
pub mod url;

pub use app::App;

/// Mounts the dashboard into the page's `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}
