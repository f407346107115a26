//! Keeps the view state in the page's own query string: reads `location.search`, writes with
//! `history.pushState`/`replaceState`, and follows Back/Forward (`popstate`). The path is never
//! touched, so any static server and any sub-path work without rewrite rules.

use leptos::prelude::*;
use shipboard_core::route::Route;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

fn current() -> Route {
    let search = window().location().search().unwrap_or_default();
    Route::from_query(&search)
}

/// A signal holding the route, kept in sync with the URL both ways.
pub fn use_route() -> RwSignal<Route> {
    let route = RwSignal::new(current());
    let on_pop = Closure::<dyn Fn()>::new(move || route.set(current()));
    window()
        .add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref())
        .expect("popstate listener");
    // The listener lives as long as the page.
    on_pop.forget();
    route
}

/// Navigates to `next`: a new history entry when the query changes.
pub fn push(route: RwSignal<Route>, next: Route) {
    write_history(&next, false);
    route.set(next);
}

/// Replaces the current history entry (for typing in a search box).
pub fn replace(route: RwSignal<Route>, next: Route) {
    write_history(&next, true);
    route.set(next);
}

fn write_history(next: &Route, replace: bool) {
    let query = next.to_query();
    let location = window().location();
    if location.search().unwrap_or_default() == query {
        return;
    }
    let path = location.pathname().unwrap_or_default();
    let url = format!("{path}{query}");
    let Ok(history) = window().history() else {
        return;
    };
    let state = wasm_bindgen::JsValue::NULL;
    let _ = if replace {
        history.replace_state_with_url(&state, "", Some(&url))
    } else {
        history.push_state_with_url(&state, "", Some(&url))
    };
}
