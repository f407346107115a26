//! A time shown relative ("3 hours ago") with the absolute time on hover and for screen readers.

use crate::intl;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// `<time>` with relative text (against `now`, the app's clock: it follows its ticks), `title`
/// and `datetime`; "—" when there is no time.
#[component]
pub fn Time(at: Option<DateTime<Utc>>, #[prop(into)] now: Signal<DateTime<Utc>>) -> impl IntoView {
    match at {
        Some(t) => {
            let absolute = intl::absolute(t);
            view! {
                <time datetime=t.to_rfc3339() title=absolute.clone() aria-label=absolute>
                    {move || intl::relative(t, now.get())}
                </time>
            }
            .into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}
