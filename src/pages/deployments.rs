//! The deployments page: server-side filters from the URL (checked by `shipboard-core` before
//! sending), one page or every page loaded, then search and column sorting in memory. This file
//! is the view; [`loading`] fetches, [`filters`] is the filter form.

mod filters;
mod loading;

use leptos::prelude::*;
use shipboard_core::model::view::Forge;
use shipboard_core::query::{Query, SortKey};
use shipboard_core::route::MAX_PAGE;

use crate::components::deployments_table::DeploymentsTable;
use crate::components::error_view::ErrorView;
use crate::live::{self, Changed};
use crate::pages::deployment_detail::DeploymentDetail;
use crate::state::{use_now, use_state};
use crate::text::{self, deployments as t};
use crate::url;

use filters::Filters;
use loading::Data;

/// Rows per page when the URL does not say (the forges' maximum: fewer round trips).
pub const PER_PAGE: u32 = 50;

/// The deployments page.
#[component]
pub fn Deployments() -> impl IntoView {
    let state = use_state();
    let data = Data::new();
    let now = use_now();
    let target = state.target;
    // The first load starts here, before the page's elements are built (an effect runs only
    // after them); the effect reloads on a later change of target or a refresh.
    let started = target.get_untracked();
    if let Some(target) = started.clone() {
        loading::reload(data, target);
    }
    Effect::new(move |ran: Option<()>| {
        state.refresh.track();
        let now = target.get();
        // Its first run only subscribes, unless the target changed since the load above.
        if ran.is_some() || now != started {
            if let Some(target) = now {
                loading::reload(data, target);
            }
        }
    });
    // A live refresh re-reads what is shown and merges it in (never the reload above).
    let changed = Changed::<u64>::new();
    live::on_tick(move || {
        if let Some(target) = target.get_untracked() {
            loading::refresh_quietly(data, target, changed);
        }
    });

    // The rows carry their search index, grown with each page: a query never rebuilds it.
    let sort = Memo::new(move |_| state.route.with(|r| r.sort));
    let order = Memo::new(move |_| {
        let search = state.route.with(|r| r.q.clone());
        let query = Query {
            search,
            sort: sort.get(),
            ..Query::default()
        };
        data.rows.with(|rows| rows.query(&query))
    });

    let on_sort = Callback::new(move |key: SortKey| {
        let mut next = state.route.get_untracked();
        next.sort = Some(next.toggled_sort(key));
        url::push(state.route, next);
    });
    let on_open = Callback::new(move |id: u64| {
        let mut next = state.route.get_untracked();
        next.deployment = Some(id);
        url::push(state.route, next);
    });
    // GitHub rows get their latest status when they come into view (all of them to sort by it);
    // the table reports what is in view only for GitHub (GitLab rows come with their status).
    let on_view = Callback::new(move |ids: Vec<u64>| {
        if let Some(target) = target.get_untracked() {
            let all = sort
                .get_untracked()
                .is_some_and(|s| s.key == SortKey::Status);
            loading::read_statuses(data, target, &ids, all);
        }
    });
    let start_load_all = move |_| {
        if let Some(target) = target.get_untracked() {
            loading::load_all(data, target);
        }
    };
    let cancel_load = move |_| loading::cancel_load_all(data);

    // Memos, so only a change of forge or of the open deployment rebuilds those parts.
    let forge = Memo::new(move |_| target.with(|t| t.as_ref().map(|t| t.source.kind)));
    let open_id = Memo::new(move |_| state.route.with(|r| r.deployment));
    move || {
        let Some(kind) = forge.get() else {
            return view! { <p class="empty" data-testid="empty">{t::NO_PROJECT()}</p> }.into_any();
        };
        view! {
            <section class="deployments-page">
                <Filters kind=kind invalid=data.invalid />
                <div class="toolbar">
                    <label class="search">
                        <span class="label-text">{t::SEARCH()}</span>
                        <input
                            type="search"
                            data-testid="search"
                            placeholder=t::SEARCH_HINT()
                            prop:value=move || state.route.with(|r| r.q.clone())
                            on:input=move |ev| {
                                let mut next = state.route.get_untracked();
                                next.q = event_target_value(&ev);
                                url::replace(state.route, next);
                            }
                        />
                    </label>
                    <p class="summary" data-testid="summary" aria-live="polite">
                        {move || {
                            let total = data.pagination.with(|p| p.as_ref().and_then(|p| p.total));
                            text::rows_summary(order.with(Vec::len), data.rows.with(|r| r.len()), total)
                        }}
                    </p>
                    <Pager data=data />
                    {move || {
                        let more = data
                            .pagination
                            .with(|p| p.as_ref().is_some_and(|p| p.next_page.is_some()));
                        match data.progress.get() {
                            Some(p) => {
                                let (value, max) = (p.done as f64, p.total.unwrap_or(p.done.saturating_add(1)) as f64);
                                view! {
                                    <div class="progress" data-testid="load-all-progress">
                                        <progress value=value max=max></progress>
                                        <span>{text::loading_pages(p.done, p.total)}</span>
                                        <button type="button" data-testid="cancel-load" on:click=cancel_load>
                                            {t::CANCEL()}
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                            None if more => {
                                let label = match data.resume.get() {
                                    Some(page) => t::resume_from(page),
                                    None => t::LOAD_ALL().to_owned(),
                                };
                                view! {
                                    <button type="button" data-testid="load-all" on:click=start_load_all>
                                        {label}
                                    </button>
                                }
                                    .into_any()
                            }
                            None => ().into_any(),
                        }
                    }}
                </div>
                {move || data.notice.get().map(|n| view! {
                    <p class="notice" role="status" data-testid="retry-notice">{n}</p>
                })}
                {move || data.stopped.get().map(|end| view! {
                    <p class="notice" role="status" data-testid="load-stopped">{t::stopped(end)}</p>
                })}
                {move || data.statuses_missing.get().then(|| view! {
                    <p class="hint" data-testid="statuses-missing">{t::STATUSES_MISSING()}</p>
                })}
                {move || {
                    data.error
                        .get()
                        .map(|e| {
                            let forge = kind;
                            view! { <ErrorView error=e forge=forge /> }
                        })
                }}
                {move || {
                    data.loading
                        .get()
                        .then(|| {
                            view! {
                                <p class="loading" data-testid="loading" role="status">
                                    {text::LOADING()}
                                </p>
                            }
                        })
                }}
                {move || {
                    let idle = !data.loading.get() && data.error.with(Option::is_none)
                        && data.invalid.with(Vec::is_empty);
                    let empty = data.rows.with(|r| r.is_empty());
                    let none_match = !empty && order.with(Vec::is_empty);
                    if idle && empty {
                        Some(view! { <p class="empty" data-testid="empty">{t::EMPTY()}</p> }.into_any())
                    } else if none_match {
                        Some(view! { <p class="empty" data-testid="empty">{t::NO_MATCH()}</p> }.into_any())
                    } else {
                        None
                    }
                }}
                <DeploymentsTable
                    rows=data.rows
                    order=order
                    sort=sort
                    on_sort=on_sort
                    on_open=on_open
                    forge=kind
                    now=now
                    changed=changed.signal()
                    on_view=(kind == Forge::GitHub).then_some(on_view)
                />
                {move || {
                    let id = open_id.get()?;
                    let target = target.get()?;
                    Some(view! { <DeploymentDetail target=target id=id /> })
                }}
            </section>
        }
            .into_any()
    }
}

/// Previous/next page and page size; shows totals when the server gave them.
#[component]
fn Pager(data: Data) -> impl IntoView {
    let state = use_state();
    let go = move |page: u32| {
        let mut next = state.route.get_untracked();
        next.page = page.clamp(1, MAX_PAGE);
        url::push(state.route, next);
    };
    let page = move || state.route.with(|r| r.page);
    let has_next = move || {
        data.pagination
            .with(|p| p.as_ref().is_some_and(|p| p.next_page.is_some()))
    };
    view! {
        <nav class="pager" aria-label=t::PAGES()>
            <button type="button" data-testid="prev-page" disabled=move || page() <= 1 on:click=move |_| go(page().saturating_sub(1))>
                {t::PREV()}
            </button>
            <span data-testid="page-of">
                {move || {
                    let total = data.pagination.with(|p| p.as_ref().and_then(|p| p.total_pages));
                    text::page_of(page(), total)
                }}
            </span>
            <button type="button" data-testid="next-page" disabled=move || !has_next() on:click=move |_| go(page().saturating_add(1).min(MAX_PAGE))>
                {t::NEXT()}
            </button>
            <label>
                <span class="label-text">{t::PER_PAGE()}</span>
                <select
                    data-testid="per-page"
                    prop:value=move || state.route.with(|r| r.per_page.unwrap_or(PER_PAGE).to_string())
                    on:change=move |ev| {
                        let mut next = state.route.get_untracked();
                        next.per_page = event_target_value(&ev).parse().ok();
                        next.page = 1;
                        url::push(state.route, next);
                    }
                >
                    {[20u32, 50, 100]
                        .into_iter()
                        .map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}
