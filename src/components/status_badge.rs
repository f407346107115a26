//! A deployment status as a coloured badge with its text (colour is never the only signal).

use leptos::prelude::*;
use shipboard_core::model::view::Status;

/// The CSS class for a status; unknown statuses get a neutral one (API text never becomes a class).
pub fn class(status: &Status) -> &'static str {
    match status {
        Status::Created => "badge status-created",
        Status::Running => "badge status-running",
        Status::Success => "badge status-success",
        Status::Failed => "badge status-failed",
        Status::Canceled => "badge status-canceled",
        Status::Skipped => "badge status-skipped",
        Status::Blocked => "badge status-blocked",
        Status::Inactive => "badge status-inactive",
        Status::Unknown(_) => "badge status-unknown",
    }
}

/// A badge showing the forge's own status word (in the current language where the forge has a
/// translation; `data-status` stays the English name), coloured by the normalised status.
#[component]
pub fn StatusBadge(status: Status, #[prop(into)] label: String) -> impl IntoView {
    let label = crate::text::status_word(&label);
    view! { <span class=class(&status) data-status=status.as_str().to_string()>{label}</span> }
}
