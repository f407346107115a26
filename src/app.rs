//! The application shell: header, navigation and the routed view.

use leptos::prelude::*;

use crate::text;

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="app" data-testid="app">
            <header class="app-header">
                <h1 class="app-title">{text::APP_NAME}</h1>
                <p class="app-tagline">{text::TAGLINE}</p>
            </header>
            <main class="app-main">
                <p class="empty" data-testid="empty">{text::NO_SOURCES}</p>
            </main>
        </div>
    }
}
