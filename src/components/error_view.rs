//! An API failure in words: the server's message, what went wrong, and what to check.

use leptos::prelude::*;
use shipboard_core::model::view::Forge;
use shipboard_core::response::ApiError;

/// The error area (`data-testid="error"`); never shows raw JSON or the token.
#[component]
pub fn ErrorView(error: ApiError, forge: Forge) -> impl IntoView {
    let advice = crate::text::advice(&error, forge);
    let status = error.status.map(|s| format!("HTTP {s}"));
    view! {
        <div class="error-box" role="alert" data-testid="error">
            <p class="error-message">
                {status.map(|s| view! { <span class="error-status">{s}</span> })}
                {error.message.clone()}
            </p>
            <p class="error-advice">{advice}</p>
        </div>
    }
}
