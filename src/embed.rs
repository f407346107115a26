//! Shipboard embedded in another page: `embed.js` (written by `cargo xtask postbuild`) defines
//! `<shipboard-dashboard>` and calls [`shipboard_embed`] with a mount point in the element's
//! shadow root and the element's attributes; the returned [`EmbedHandle`] unmounts it.
//!
//! The attributes reach the app as the [`Options`] context: `config-url` (where `config.json` is
//! read), `param-prefix` (the query parameters that are Shipboard's, see `src/url.rs`), `theme`,
//! `lang` and `refresh` (the live refresh default).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::App;

/// The `<shipboard-dashboard>` attributes, provided as context to an embedded app (absent in the
/// standalone `index.html`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Where `config.json` is read (absolute; `embed.js` resolves it).
    pub config_url: String,
    /// The prefix of every query parameter Shipboard reads or writes (empty: the route's own
    /// names, every other parameter stays the host's).
    pub param_prefix: String,
    /// `light` or `dark`; `None` follows the system (`auto`, or the URL's prefixed `theme`).
    pub theme: Option<String>,
    /// The element's `lang`: the interface language when the URL has no (prefixed) `lang=`
    /// (`zh-CN`, `ko`, `en`; one Shipboard does not speak falls through to the browser's). The
    /// app root's `lang` attribute is the language chosen.
    pub lang: Option<String>,
    /// The live refresh interval when neither the URL nor Settings says (seconds, `0` = off).
    pub refresh: Option<u32>,
}

/// The global `embed.js` sets before it starts the wasm, so `main` does not mount into the host
/// page's `<body>` ([`crate::mount`]).
const EMBED_FLAG: &str = "shipboard.embed";

/// Whether the page loaded Shipboard through `embed.js` (then only the element mounts it).
pub fn requested() -> bool {
    let key = js_sys::Symbol::for_(EMBED_FLAG);
    js_sys::Reflect::get(&js_sys::global(), &key).is_ok_and(|v| v.is_truthy())
}

fn text(options: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

impl Options {
    /// Reads `{configUrl, paramPrefix, theme, lang, refresh}` (strings; missing ones default).
    pub fn from_js(options: &JsValue) -> Options {
        Options {
            config_url: text(options, "configUrl").unwrap_or_else(|| "config.json".into()),
            param_prefix: text(options, "paramPrefix").unwrap_or_default(),
            theme: text(options, "theme").filter(|t| t == "light" || t == "dark"),
            lang: text(options, "lang"),
            refresh: text(options, "refresh")
                .as_deref()
                .and_then(shipboard_core::route::refresh_secs),
        }
    }
}

/// A mounted `<shipboard-dashboard>`: [`EmbedHandle::unmount`] removes it and everything it
/// started (listeners, timers, requests in flight).
#[wasm_bindgen]
pub struct EmbedHandle {
    unmount: Option<Box<dyn FnOnce()>>,
}

#[wasm_bindgen]
impl EmbedHandle {
    /// Removes the dashboard's DOM and disposes its reactive owner: every `on_cleanup` runs
    /// (loaders abort their requests, timers stop, window and document listeners go). Twice is
    /// harmless.
    pub fn unmount(&mut self) {
        if let Some(unmount) = self.unmount.take() {
            unmount();
        }
    }
}

/// Mounts the dashboard into `mount` (inside the element's shadow root) with the element's
/// `options` (see [`Options::from_js`]).
#[wasm_bindgen]
pub fn shipboard_embed(mount: web_sys::HtmlElement, options: JsValue) -> EmbedHandle {
    let options = Options::from_js(&options);
    // Our own root owner around Leptos' one, so unmounting cleans up everything below it even
    // while a task still holds a clone of an inner owner.
    let owner = Owner::new();
    let handle = owner.with(|| {
        provide_context(options.clone());
        if let Some(secs) = options.refresh {
            provide_context(crate::live::DefaultSecs(secs));
        }
        leptos::mount::mount_to(mount, App)
    });
    EmbedHandle {
        unmount: Some(Box::new(move || {
            drop(handle);
            owner.cleanup();
        })),
    }
}
