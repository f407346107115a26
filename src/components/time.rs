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

/// [`Time`] for a time that changes (a table slot showing another row): the same `<time>`
/// element, its text and attributes updated in place; "—" (muted) when there is none.
#[component]
pub fn TimeIn(
    #[prop(into)] at: Signal<Option<DateTime<Utc>>>,
    #[prop(into)] now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let absolute = Memo::new(move |_| at.get().map(intl::absolute));
    view! {
        <time
            class=move || at.with(Option::is_none).then_some("muted")
            datetime=move || at.get().map(|t| t.to_rfc3339())
            title=absolute
            aria-label=absolute
        >
            {move || at.get().map_or_else(|| "—".to_owned(), |t| intl::relative(t, now.get()))}
        </time>
    }
}
