//! The deployments table: a real `<table>` with sortable column headers, rendering only the rows
//! in view (plus a margin) between two spacers outside the table, so 100,000 loaded rows stay
//! smooth.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shipboard_core::format;
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::query::{Rows, Sort, SortDir, SortKey};
use shipboard_core::safe_url::SafeUrl;

use crate::components::status_badge;
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
    // The spacers above and below the table stand for the rows not rendered. They are outside
    // the table: a spacer inside it was a table row whose height changes on every frame of a
    // scroll; outside, the table keeps its size (less layout per frame, BENCHMARKS.md). Set
    // through the CSSOM (`style.setProperty`), never a `style` attribute: the
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
            <div class="spacer" aria-hidden="true" style:height=top_pad></div>
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
                    <For
                        each=move || 0..slots.get()
                        key=|k: &usize| *k
                        children=move |k: usize| {
                            view! { <Row row=slot(k) gitlab=gitlab on_open=on_open now=now changed=changed /> }
                        }
                    />
                </tbody>
            </table>
            <div class="spacer" aria-hidden="true" style:height=bottom_pad></div>
        </div>
    }
}

/// A text node of a slot and the text it shows.
struct Text {
    node: web_sys::Node,
    shown: String,
}

impl Text {
    /// A text node made in `el` (empty).
    fn new(el: &web_sys::Element) -> Self {
        let node: web_sys::Node = document().create_text_node("").into();
        let _ = el.append_child(&node);
        Self {
            node,
            shown: String::new(),
        }
    }

    fn set(&mut self, text: &str) {
        if self.shown != text {
            self.node.set_node_value(Some(text));
            text.clone_into(&mut self.shown);
        }
    }
}

/// An attribute of a slot's element and the value it has (`None`: absent).
struct Attr {
    el: web_sys::Element,
    name: &'static str,
    shown: Option<String>,
}

impl Attr {
    /// The attribute, absent from `el` as it was made.
    fn new(el: &web_sys::Element, name: &'static str) -> Self {
        Self {
            el: el.clone(),
            name,
            shown: None,
        }
    }

    /// The attribute, present (and empty) on `el` as it was made.
    fn present(el: &web_sys::Element, name: &'static str) -> Self {
        Self {
            shown: Some(String::new()),
            ..Self::new(el, name)
        }
    }

    fn set(&mut self, value: Option<&str>) {
        if self.shown.as_deref() != value {
            let _ = match value {
                Some(v) => self.el.set_attribute(self.name, v),
                None => self.el.remove_attribute(self.name),
            };
            self.shown = value.map(str::to_owned);
        }
    }
}

/// A `<time>` of a slot: relative text, the absolute time as `title` and label, `datetime`;
/// "—" (muted) when the row has no such time.
struct TimeParts {
    class: Attr,
    datetime: Attr,
    title: Attr,
    label: Attr,
    text: Text,
}

impl TimeParts {
    fn new(el: &web_sys::Element) -> Self {
        Self {
            class: Attr::new(el, "class"),
            datetime: Attr::new(el, "datetime"),
            title: Attr::new(el, "title"),
            label: Attr::new(el, "aria-label"),
            text: Text::new(el),
        }
    }

    fn set(&mut self, at: Option<DateTime<Utc>>, now: DateTime<Utc>) {
        let absolute = at.map(crate::intl::absolute);
        self.class.set(at.is_none().then_some("muted"));
        self.datetime.set(at.map(|t| t.to_rfc3339()).as_deref());
        self.title.set(absolute.as_deref());
        self.label.set(absolute.as_deref());
        self.text
            .set(&at.map_or_else(|| "—".to_owned(), |t| crate::intl::relative(t, now)));
    }
}

/// The GitLab job column of a slot: the job and pipeline links, or "via API".
struct JobParts {
    job_href: Attr,
    job: Text,
    pipeline_href: Attr,
    pipeline: Text,
    via_api: Text,
}

/// Everything of a slot that follows its row.
struct SlotParts {
    id: Attr,
    highlighted: Attr,
    badge_class: Attr,
    badge_status: Attr,
    badge: Text,
    number_label: Attr,
    number: Text,
    env_title: Attr,
    env: Text,
    ref_title: Attr,
    git_ref: Text,
    tag_hidden: Attr,
    sha_href: Attr,
    sha_title: Attr,
    sha: Text,
    author: Text,
    job: Option<JobParts>,
    created: TimeParts,
    finished: TimeParts,
    duration: Text,
}

impl SlotParts {
    /// Shows `row` (nothing while the slot has none); writes only what differs from what the
    /// slot shows.
    fn show(&mut self, row: Option<&DeploymentRow>, now: DateTime<Utc>, highlighted: bool) {
        let text = |f: &dyn Fn(&DeploymentRow) -> String| row.map(f).unwrap_or_default();
        let url = |link: fn(&DeploymentRow) -> Option<SafeUrl>| {
            row.and_then(link).map(SafeUrl::into_string)
        };
        self.id.set(Some(&row.map_or(0, |r| r.id).to_string()));
        self.highlighted.set(highlighted.then_some(""));
        self.badge_class
            .set(row.map(|r| status_badge::class(&r.status)));
        self.badge_status.set(row.map(|r| r.status.as_str()));
        self.badge
            .set(&text(&|r| crate::text::status_word(&r.forge_status)));
        let number = text(&|r| {
            r.iid
                .map_or_else(|| r.id.to_string(), |iid| format!("#{iid}"))
        });
        self.number_label
            .set(Some(&format!("{} {number}", t::OPEN())));
        self.number.set(&number);
        let env = text(&|r| r.environment.to_string());
        self.env_title.set(Some(&env));
        self.env.set(&env);
        let git_ref = text(&|r| r.git_ref.to_string());
        self.ref_title.set(Some(&git_ref));
        self.git_ref.set(&git_ref);
        self.tag_hidden
            .set((!row.is_some_and(|r| r.is_tag)).then_some(""));
        // A missing link is an `<a>` without `href`: not a link, and no element is swapped.
        self.sha_href.set(url(DeploymentRow::commit_url).as_deref());
        self.sha_title.set(Some(row.map_or("", |r| &r.sha)));
        self.sha.set(row.map_or("", |r| format::short_sha(&r.sha)));
        self.author
            .set(row.map_or("", |r| r.author.as_deref().unwrap_or("—")));
        if let Some(job) = &mut self.job {
            job.job_href.set(url(DeploymentRow::job_url).as_deref());
            job.job.set(&text(&|r| {
                r.job
                    .as_ref()
                    .map(|j| format!("{} #{}", j.name, j.id))
                    .unwrap_or_default()
            }));
            job.pipeline_href
                .set(url(DeploymentRow::pipeline_url).as_deref());
            job.pipeline.set(&text(&|r| {
                r.pipeline
                    .as_ref()
                    .map(|p| format!("{} #{}", t::PIPELINE(), p.id))
                    .unwrap_or_default()
            }));
            job.via_api
                .set(row.map_or("", |r| if r.job.is_none() { t::VIA_API() } else { "" }));
        }
        self.created.set(row.map(|r| r.created_at), now);
        self.finished.set(row.and_then(|r| r.finished_at), now);
        self.duration.set(&text(&|r| {
            r.duration_secs
                .map_or_else(|| "—".to_string(), crate::text::duration)
        }));
    }
}

/// One slot of the table: the row at its position in the window, whichever that is now. Its
/// elements are made once; one effect writes the row into them (text, attributes, a link's
/// `href`), and only what differs from what the slot shows. Scrolling makes no element, and a
/// frame of a fast scroll costs one effect per slot: a reactive binding per part had cost more
/// than the writes themselves (a trace of the scroll, BENCHMARKS.md).
#[component]
fn Row(
    row: Memo<Option<DeploymentRow>>,
    gitlab: bool,
    on_open: Callback<u64>,
    #[prop(into)] now: Signal<DateTime<Utc>>,
    changed: Option<Signal<HashSet<u64>>>,
) -> impl IntoView {
    use leptos::html;
    let tr = NodeRef::<html::Tr>::new();
    let badge = NodeRef::<html::Span>::new();
    let number = NodeRef::<html::Button>::new();
    let env_td = NodeRef::<html::Td>::new();
    let env = NodeRef::<html::Div>::new();
    let ref_td = NodeRef::<html::Td>::new();
    let git_ref = NodeRef::<html::Span>::new();
    let tag = NodeRef::<html::Span>::new();
    let sha = NodeRef::<html::A>::new();
    let author = NodeRef::<html::Div>::new();
    let job = NodeRef::<html::A>::new();
    let pipeline = NodeRef::<html::A>::new();
    let via_api = NodeRef::<html::Span>::new();
    let created = NodeRef::<html::Time>::new();
    let finished = NodeRef::<html::Time>::new();
    let duration = NodeRef::<html::Div>::new();
    Effect::new(move |parts: Option<Option<SlotParts>>| {
        let mut parts = match parts.flatten() {
            Some(parts) => parts,
            None => {
                // Every element of the slot, once they are all in the page.
                let el = |e: Option<web_sys::Element>| e;
                let (
                    Some(tr),
                    Some(badge),
                    Some(number),
                    Some(env_td),
                    Some(env),
                    Some(ref_td),
                    Some(git_ref),
                    Some(tag),
                    Some(sha),
                    Some(author),
                    Some(created),
                    Some(finished),
                    Some(duration),
                ) = (
                    el(tr.get().map(Into::into)),
                    el(badge.get().map(Into::into)),
                    el(number.get().map(Into::into)),
                    el(env_td.get().map(Into::into)),
                    el(env.get().map(Into::into)),
                    el(ref_td.get().map(Into::into)),
                    el(git_ref.get().map(Into::into)),
                    el(tag.get().map(Into::into)),
                    el(sha.get().map(Into::into)),
                    el(author.get().map(Into::into)),
                    el(created.get().map(Into::into)),
                    el(finished.get().map(Into::into)),
                    el(duration.get().map(Into::into)),
                )
                else {
                    return None;
                };
                let job = match (
                    el(job.get().map(Into::into)),
                    el(pipeline.get().map(Into::into)),
                    el(via_api.get().map(Into::into)),
                ) {
                    (Some(job), Some(pipeline), Some(via_api)) => Some(JobParts {
                        job_href: Attr::new(&job, "href"),
                        job: Text::new(&job),
                        pipeline_href: Attr::new(&pipeline, "href"),
                        pipeline: Text::new(&pipeline),
                        via_api: Text::new(&via_api),
                    }),
                    _ => None,
                };
                SlotParts {
                    id: Attr::new(&tr, "data-id"),
                    highlighted: Attr::new(&tr, "data-changed"),
                    badge_class: Attr::new(&badge, "class"),
                    badge_status: Attr::new(&badge, "data-status"),
                    badge: Text::new(&badge),
                    number_label: Attr::new(&number, "aria-label"),
                    number: Text::new(&number),
                    env_title: Attr::new(&env_td, "title"),
                    env: Text::new(&env),
                    ref_title: Attr::new(&ref_td, "title"),
                    git_ref: Text::new(&git_ref),
                    tag_hidden: Attr::present(&tag, "hidden"),
                    sha_href: Attr::new(&sha, "href"),
                    sha_title: Attr::new(&sha, "title"),
                    sha: Text::new(&sha),
                    author: Text::new(&author),
                    job,
                    created: TimeParts::new(&created),
                    finished: TimeParts::new(&finished),
                    duration: Text::new(&duration),
                }
            }
        };
        let now = now.get();
        row.with(|r| {
            let highlighted = r
                .as_ref()
                .is_some_and(|r| changed.is_some_and(|c| c.with(|c| c.contains(&r.id))));
            parts.show(r.as_ref(), now, highlighted);
        });
        Some(parts)
    });
    let id = move || row.with_untracked(|r| r.as_ref().map(|r| r.id));
    let sha_now = move || row.with_untracked(|r| r.as_ref().map(|r| r.sha.to_string()));
    view! {
        <tr data-testid="deployment-row" node_ref=tr>
            <td>
                <div class="cell"><span node_ref=badge></span></div>
            </td>
            <td>
                <div class="cell">
                    <button
                        type="button"
                        class="link-button"
                        data-testid="open-deployment"
                        node_ref=number
                        on:click=move |_| {
                            if let Some(id) = id() {
                                on_open.run(id);
                            }
                        }
                    ></button>
                </div>
            </td>
            // The whole name on hover when the fixed column cuts it.
            <td class="env" node_ref=env_td>
                <div class="cell" node_ref=env></div>
            </td>
            <td class="ref" node_ref=ref_td>
                <div class="cell">
                    <span class="mono" node_ref=git_ref></span>
                    <span class="tag" title=t::TAG() hidden node_ref=tag>{t::TAG()}</span>
                </div>
            </td>
            <td class="sha">
                <div class="cell">
                    <a class="mono" target="_blank" rel="noopener noreferrer" node_ref=sha></a>
                    <button
                        type="button"
                        class="icon-button"
                        title=t::COPY_SHA()
                        aria-label=t::COPY_SHA()
                        on:click=move |_| {
                            if let Some(sha) = sha_now() {
                                crate::clipboard::copy(&sha);
                            }
                        }
                    >
                        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"></rect>
                            <path d="M3 11V3.5A1.5 1.5 0 0 1 4.5 2H11" fill="none" stroke="currentColor" stroke-width="1.5"></path>
                        </svg>
                    </button>
                </div>
            </td>
            <td>
                <div class="cell" node_ref=author></div>
            </td>
            {gitlab.then(|| view! {
                <td class="job">
                    <div class="cell">
                        <a target="_blank" rel="noopener noreferrer" node_ref=job></a>
                        " "
                        <a class="muted" target="_blank" rel="noopener noreferrer" node_ref=pipeline></a>
                        <span class="muted" node_ref=via_api></span>
                    </div>
                </td>
            })}
            <td><div class="cell"><time node_ref=created></time></div></td>
            <td><div class="cell"><time node_ref=finished></time></div></td>
            <td class="num">
                <div class="cell" node_ref=duration></div>
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
