//! The deployments table: a real `<table>` with sortable column headers, rendering only the rows
//! in view (plus a margin) between two spacer rows, so 100,000 loaded rows stay smooth.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shipboard_core::format;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::query::{Rows, Sort, SortDir, SortKey};
use shipboard_core::safe_url::SafeUrl;

use crate::components::status_badge;
use crate::components::time::TimeIn;
use crate::text::table as t;

/// Height of one row in pixels (fixed, see `style/main.css`), the unit of the virtual window.
pub const ROW_HEIGHT: f64 = 41.0;
/// Rows rendered above and below the visible ones (164 px each way). Every slot follows a new
/// row on each frame of a fast scroll, so each one costs its updates and its share of the
/// frame's layout: 8 gave a few long frames per 2-second scroll through 100,000 rows, 4 none
/// (`cargo xtask bench`, BENCHMARKS.md).
pub const OVERSCAN: usize = 4;

/// The first and one-past-last positions to render for a scroll offset and viewport height.
pub fn window(scroll_top: f64, viewport: f64, len: usize) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / ROW_HEIGHT).floor() as usize;
    let visible = (viewport.max(ROW_HEIGHT) / ROW_HEIGHT).ceil() as usize;
    let start = first.saturating_sub(OVERSCAN).min(len);
    let end = (first + visible + OVERSCAN).min(len);
    (start, end)
}

/// The scroller's height, at most the window's: a scroller the page's CSS does not bound grows
/// with the rows it holds, and its own height would then ask for every row.
fn visible_height(el: &web_sys::HtmlElement) -> f64 {
    let window = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::MAX);
    (el.client_height() as f64).min(window)
}

/// The first and one-past-last positions in the viewport itself (no overscan): partly visible
/// rows count.
pub fn in_view(scroll_top: f64, viewport: f64, len: usize) -> (usize, usize) {
    let top = scroll_top.max(0.0);
    let first = ((top / ROW_HEIGHT).floor() as usize).min(len);
    let last = (((top + viewport.max(0.0)) / ROW_HEIGHT).ceil() as usize).clamp(first, len);
    (first, last)
}

fn aria_sort(sort: Option<Sort>, key: SortKey) -> &'static str {
    match sort {
        Some(s) if s.key == key && s.dir == SortDir::Asc => "ascending",
        Some(s) if s.key == key => "descending",
        _ => "none",
    }
}

/// The table. `order` holds indices into `rows` (already filtered and sorted).
#[component]
pub fn DeploymentsTable(
    /// Every loaded row.
    #[prop(into)]
    rows: Signal<Rows>,
    /// Which rows to show, in order.
    #[prop(into)]
    order: Signal<Vec<usize>>,
    /// The in-memory sort, for the headers' `aria-sort`.
    #[prop(into)]
    sort: Signal<Option<Sort>>,
    /// A header was activated.
    on_sort: Callback<SortKey>,
    /// A deployment was opened (its id).
    on_open: Callback<u64>,
    /// The forge, for the GitLab-only job column.
    forge: Forge,
    /// "Now" for relative times.
    #[prop(into)]
    now: Signal<DateTime<Utc>>,
    /// Rows a live refresh found new or changed (highlighted briefly: `data-changed`).
    #[prop(optional, into)]
    changed: Option<Signal<HashSet<u64>>>,
    /// Told the ids of the rows in the viewport (overscan excluded) whenever they may have
    /// changed: after scrolling, and when the rows or their order change. `None`: nobody asks,
    /// and scrolling computes nothing for it.
    #[prop(default = None)]
    on_view: Option<Callback<Vec<u64>>>,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(640.0_f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let visible = Memo::new(move |_| {
        let len = order.with(Vec::len);
        let (start, end) = window(scroll_top.get(), viewport.get(), len);
        (start, end, len)
    });
    // The real viewport height once the table is in the page (before any scroll), read in the
    // next animation frame: the frame lays the page out anyway, and reading it now forced a
    // layout of its own (8 ms of a cold load's critical path, from a CPU profile).
    let measured = RwSignal::new(false);
    Effect::new(move |_| {
        if scroller.get().is_some() {
            request_animation_frame(move || {
                if let Some(el) = scroller.try_get_untracked().flatten() {
                    let height = visible_height(&el);
                    if height > 0.0 {
                        viewport.try_set(height);
                    }
                }
                measured.try_set(true);
            });
        }
    });
    if let Some(on_view) = on_view {
        Effect::new(move |_| {
            // Not before the viewport is known: a guess would ask for rows that are not in view.
            if !measured.get() {
                return;
            }
            let (first, last) = in_view(scroll_top.get(), viewport.get(), order.with(Vec::len));
            let ids = order.with(|o| {
                rows.with(|r| {
                    o[first..last]
                        .iter()
                        .filter_map(|&i| r.get(i).map(|row| row.id))
                        .collect::<Vec<_>>()
                })
            });
            on_view.run(ids);
        });
    }
    // Row slots, one per position in the window: a slot keeps its elements and shows the row
    // now at its position, so scrolling changes text and a few small parts, never a whole row's
    // elements (a 2-second scroll through 100,000 rows replaces the window every frame).
    let slots = Memo::new(move |_| {
        let (start, end, _) = visible.get();
        end - start
    });
    let slot = move |k: usize| {
        Memo::new(move |_| {
            let (start, _, _) = visible.get();
            order.with(|o| {
                o.get(start + k)
                    .and_then(|&i| rows.with(|r| r.get(i).cloned()))
            })
        })
    };
    // Set through the CSSOM (`style.setProperty`), never a `style` attribute: the
    // Content-Security-Policy refuses inline style attributes.
    let top_pad = move || format!("{}px", visible.get().0 as f64 * ROW_HEIGHT);
    let bottom_pad = move || {
        let (_, end, len) = visible.get();
        format!("{}px", (len - end) as f64 * ROW_HEIGHT)
    };
    let header = move |key: SortKey, label: &'static str| {
        view! {
            <th scope="col" class=format!("col-{}", key.as_str()) aria-sort=move || aria_sort(sort.get(), key)>
                <button
                    type="button"
                    class="th-button"
                    data-testid=format!("sort-{}", key.as_str())
                    on:click=move |_| on_sort.run(key)
                >
                    {label}
                    <span class="sort-mark" aria-hidden="true">
                        {move || match aria_sort(sort.get(), key) {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    let gitlab = forge == Forge::GitLab;
    view! {
        <div
            class="table-scroll"
            node_ref=scroller
            data-testid="table-scroll"
            on:scroll=move |_| {
                if let Some(el) = scroller.get() {
                    scroll_top.set(el.scroll_top() as f64);
                    viewport.set(visible_height(&el));
                }
            }
        >
            <table class="deployments" data-testid="deployments-table">
                <thead>
                    <tr>
                        {header(SortKey::Status, t::STATUS())}
                        {header(if gitlab { SortKey::Iid } else { SortKey::Id }, t::NUMBER())}
                        {header(SortKey::Environment, t::ENVIRONMENT())}
                        {header(SortKey::Ref, t::REF())}
                        {header(SortKey::Sha, t::COMMIT())}
                        {header(SortKey::Author, t::AUTHOR())}
                        {gitlab.then(|| view! { <th scope="col" class="col-job">{t::JOB()}</th> })}
                        {header(SortKey::Created, t::CREATED())}
                        {header(SortKey::Finished, t::FINISHED())}
                        {header(SortKey::Duration, t::DURATION())}
                    </tr>
                </thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true" style:height=top_pad></tr>
                    <For
                        each=move || 0..slots.get()
                        key=|k: &usize| *k
                        children=move |k: usize| {
                            view! { <Row row=slot(k) gitlab=gitlab on_open=on_open now=now changed=changed /> }
                        }
                    />
                    <tr class="spacer" aria-hidden="true" style:height=bottom_pad></tr>
                </tbody>
            </table>
        </div>
    }
}

/// One slot of the table: the row at its position in the window, whichever that is now. Every
/// part follows the row in place (text, attributes, a link's `href`): scrolling makes no element,
/// so a frame only updates what changed.
#[component]
fn Row(
    row: Memo<Option<DeploymentRow>>,
    gitlab: bool,
    on_open: Callback<u64>,
    #[prop(into)] now: Signal<DateTime<Utc>>,
    changed: Option<Signal<HashSet<u64>>>,
) -> impl IntoView {
    /// A part of the row (empty while the slot has none).
    fn part<T: Default>(row: Memo<Option<DeploymentRow>>, f: impl Fn(&DeploymentRow) -> T) -> T {
        row.with(|r| r.as_ref().map(f).unwrap_or_default())
    }
    let id = move || part(row, |r| r.id);
    let highlighted = move || {
        let id = id();
        changed
            .is_some_and(|c| c.with(|c| c.contains(&id)))
            .then_some("")
    };
    let number = move || {
        part(row, |r| {
            r.iid
                .map_or_else(|| r.id.to_string(), |iid| format!("#{iid}"))
        })
    };
    let sha = move || part(row, |r| r.sha.to_string());
    // The badge's class and `data-status` (the English name), each from the row itself.
    let status_class = move || row.with(|r| r.as_ref().map(|r| status_badge::class(&r.status)));
    let status_name = move || row.with(|r| r.as_ref().map(|r| r.status.as_str().to_string()));
    let status_word = move || part(row, |r| crate::text::status_word(&r.forge_status));
    // A missing link is an `<a>` without `href`: not a link, and no element is swapped.
    let url = |link: fn(&DeploymentRow) -> Option<SafeUrl>| {
        move || row.with(|r| r.as_ref().and_then(link).map(SafeUrl::into_string))
    };
    let job_text = move || {
        part(row, |r| {
            r.job.as_ref().map(|j| format!("{} #{}", j.name, j.id))
        })
    };
    let pipeline_text = move || {
        part(row, |r| {
            r.pipeline
                .as_ref()
                .map(|p| format!("{} #{}", t::PIPELINE(), p.id))
        })
    };
    let via_api = move || part(row, |r| r.job.is_none().then_some(t::VIA_API()));
    let time = |at: fn(&DeploymentRow) -> Option<DateTime<Utc>>| {
        Signal::derive(move || row.with(|r| r.as_ref().and_then(at)))
    };
    view! {
        <tr data-testid="deployment-row" data-id=move || id().to_string() data-changed=highlighted>
            <td>
                <span class=status_class data-status=status_name>
                    {status_word}
                </span>
            </td>
            <td>
                <button
                    type="button"
                    class="link-button"
                    data-testid="open-deployment"
                    aria-label=move || format!("{} {}", t::OPEN(), number())
                    on:click=move |_| on_open.run(id())
                >
                    {number}
                </button>
            </td>
            // The whole name on hover when the fixed column cuts it.
            <td class="env" title=move || part(row, |r| r.environment.to_string())>
                {move || part(row, |r| r.environment.to_string())}
            </td>
            <td class="ref" title=move || part(row, |r| r.git_ref.to_string())>
                <span class="mono">{move || part(row, |r| r.git_ref.to_string())}</span>
                <span class="tag" title=t::TAG() hidden=move || !part(row, |r| r.is_tag)>{t::TAG()}</span>
            </td>
            <td class="sha">
                <a href=url(DeploymentRow::commit_url) class="mono" title=sha target="_blank" rel="noopener noreferrer">
                    {move || part(row, |r| format::short_sha(&r.sha).to_string())}
                </a>
                <button
                    type="button"
                    class="icon-button"
                    title=t::COPY_SHA()
                    aria-label=t::COPY_SHA()
                    on:click=move |_| crate::clipboard::copy(&sha())
                >
                    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                        <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"></rect>
                        <path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"></path>
                    </svg>
                </button>
            </td>
            <td>{move || part(row, |r| r.author.as_deref().unwrap_or("—").to_owned())}</td>
            {gitlab.then(|| view! {
                <td class="job">
                    <a href=url(DeploymentRow::job_url) target="_blank" rel="noopener noreferrer">{job_text}</a>
                    " "
                    <a href=url(DeploymentRow::pipeline_url) class="muted" target="_blank" rel="noopener noreferrer">
                        {pipeline_text}
                    </a>
                    <span class="muted">{via_api}</span>
                </td>
            })}
            <td><TimeIn at=time(|r| Some(r.created_at)) now=now /></td>
            <td><TimeIn at=time(|r| r.finished_at) now=now /></td>
            <td class="num">
                {move || part(row, |r| {
                    r.duration_secs
                        .map_or_else(|| "—".to_string(), crate::text::duration)
                })}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_covers_the_viewport_plus_overscan() {
        assert_eq!(window(0.0, 410.0, 100_000), (0, 10 + OVERSCAN));
        let (start, end) = window(ROW_HEIGHT * 5_000.0, 410.0, 100_000);
        assert_eq!((start, end), (5_000 - OVERSCAN, 5_000 + 10 + OVERSCAN));
        assert_eq!(window(ROW_HEIGHT * 5_000.0, 410.0, 20), (20, 20));
        assert_eq!(window(0.0, 410.0, 3), (0, 3));
    }

    #[test]
    fn in_view_is_the_viewport_without_overscan() {
        assert_eq!(in_view(0.0, 410.0, 30), (0, 10));
        // Partly visible rows at both ends count.
        assert_eq!(in_view(20.0, 410.0, 30), (0, 11));
        assert_eq!(in_view(ROW_HEIGHT * 25.0, 410.0, 30), (25, 30));
        assert_eq!(in_view(ROW_HEIGHT * 50.0, 410.0, 30), (30, 30));
        assert_eq!(in_view(0.0, 0.0, 30), (0, 0));
        assert_eq!(in_view(0.0, 410.0, 0), (0, 0));
    }
}
