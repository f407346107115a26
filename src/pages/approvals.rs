//! The approvals page (being written).

use leptos::prelude::*;

/// Deployments waiting for approval.
#[component]
pub fn Approvals() -> impl IntoView {
    view! { <p class="empty" data-testid="empty">{crate::text::not_yet(shipboard_core::route::View::Approvals)}</p> }
}
