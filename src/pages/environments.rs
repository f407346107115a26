//! The environments page (being written).

use leptos::prelude::*;

/// Environment cards of the current project.
#[component]
pub fn Environments() -> impl IntoView {
    view! { <p class="empty" data-testid="empty">{crate::text::not_yet(shipboard_core::route::View::Environments)}</p> }
}
