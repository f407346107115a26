//! Keeps the view state in the page's own query string: reads `location.search`, writes with
//! `history.pushState`/`replaceState`, and follows Back/Forward (`popstate`). The path is never
//! touched, so any static server and any sub-path work without rewrite rules.
//!
//! Embedded (`<shipboard-dashboard>`, see `crate::embed`), only Shipboard's parameters are read
//! and written (those named with `param-prefix`, e.g. `sb_view`; with no prefix, the route's own
//! names): every other parameter of the host page, its order and encoding, the fragment and
//! `history.state` of a replaced entry stay as they are (`shipboard_core::embed`). The `popstate`
//! listener is removed when the app's owner is cleaned up.

use std::cell::RefCell;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use shipboard_core::route::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Which part of the query string is the route's.
#[derive(Clone, Debug, Default)]
struct Scope {
    /// Embedded: only Shipboard's parameters are ours.
    embedded: bool,
    /// Their prefix (embedded only; may be empty).
    prefix: String,
}

// The scope of each live route signal (one per mounted app; standalone has none: the whole query).
thread_local! {
    static SCOPES: RefCell<Vec<(RwSignal<Route>, Scope)>> = const { RefCell::new(Vec::new()) };
}

fn scope_of(route: RwSignal<Route>) -> Scope {
    SCOPES.with(|s| {
        s.borrow()
            .iter()
            .find(|(r, _)| *r == route)
            .map(|(_, scope)| scope.clone())
            .unwrap_or_default()
    })
}

fn current(scope: &Scope) -> Route {
    let search = window().location().search().unwrap_or_default();
    if scope.embedded {
        Route::from_query(&shipboard_core::embed::ours(&search, &scope.prefix))
    } else {
        Route::from_query(&search)
    }
}

/// A signal holding the route, kept in sync with the URL both ways.
pub fn use_route() -> RwSignal<Route> {
    let scope = use_context::<crate::embed::Options>()
        .map(|o| Scope {
            embedded: true,
            prefix: o.param_prefix,
        })
        .unwrap_or_default();
    let route = RwSignal::new(current(&scope));
    SCOPES.with(|s| s.borrow_mut().push((route, scope.clone())));
    let on_pop = Closure::<dyn Fn()>::new(move || {
        let next = current(&scope);
        // Embedded, the host's own navigations pop too: only a change of ours is a change.
        if scope.embedded && route.try_with_untracked(|r| *r == next) != Some(false) {
            return;
        }
        route.try_set(next);
    });
    let _ = window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    let kept = SendWrapper::new(on_pop);
    on_cleanup(move || {
        let _ =
            window().remove_event_listener_with_callback("popstate", kept.as_ref().unchecked_ref());
        SCOPES.with(|s| s.borrow_mut().retain(|(r, _)| *r != route));
    });
    route
}

/// Reads the route again from the address bar (after something else rewrote it, e.g. the
/// sign-in putting the view back): embedded, only Shipboard's parameters.
pub fn reread(route: RwSignal<Route>) {
    route.try_set(current(&scope_of(route)));
}

/// Navigates to `next`: a new history entry when the query changes.
pub fn push(route: RwSignal<Route>, next: Route) {
    write_history(&scope_of(route), &next, false);
    route.set(next);
}

/// Replaces the current history entry (for typing in a search box).
pub fn replace(route: RwSignal<Route>, next: Route) {
    write_history(&scope_of(route), &next, true);
    route.set(next);
}

fn write_history(scope: &Scope, next: &Route, replace: bool) {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let query = if scope.embedded {
        shipboard_core::embed::merge(&search, &scope.prefix, &next.to_query())
    } else {
        next.to_query()
    };
    if search == query {
        return;
    }
    let path = location.pathname().unwrap_or_default();
    let Ok(history) = window().history() else {
        return;
    };
    // Embedded, the host's fragment and (on replace) its history state are kept.
    let (url, state) = if scope.embedded {
        let hash = location.hash().unwrap_or_default();
        let state = if replace {
            history.state().unwrap_or(wasm_bindgen::JsValue::NULL)
        } else {
            wasm_bindgen::JsValue::NULL
        };
        (format!("{path}{query}{hash}"), state)
    } else {
        (format!("{path}{query}"), wasm_bindgen::JsValue::NULL)
    };
    let _ = if replace {
        history.replace_state_with_url(&state, "", Some(&url))
    } else {
        history.push_state_with_url(&state, "", Some(&url))
    };
}
