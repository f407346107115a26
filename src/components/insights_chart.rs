//! The insights charts, drawn as our own small SVG: deployments per day stacked by status, and
//! the median lead time per day. Each is an `<svg role="img">` named by its `<title>` and
//! described by its `<desc>`, followed by a real `<table>` with the same numbers.

use leptos::prelude::*;
use shipboard_core::insights::DayPoint;

use crate::text::insights as t;

/// The drawing's coordinate space (scaled to the width by CSS).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
/// Room for the axis labels.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

fn plot_width() -> f64 {
    WIDTH - LEFT - RIGHT
}

fn plot_height() -> f64 {
    HEIGHT - TOP - BOTTOM
}

/// The day's label: its start date (UTC).
fn day_label(p: &DayPoint) -> String {
    p.start.format("%Y-%m-%d").to_string()
}

/// A round upper bound for the y axis (at least `min`): one of `steps` times a power of ten
/// (counts use even steps, so the middle tick is a whole number).
fn nice_max(value: f64, min: f64, steps: &[f64]) -> f64 {
    let value = value.max(min);
    let mut step = 1.0;
    loop {
        for &m in steps {
            if m * step >= value {
                return m * step;
            }
        }
        step *= 10.0;
    }
}

/// Axis lines, three y labels (0, half, max) and x labels at the first, middle and last day.
fn axes(points: &[DayPoint], max: f64, label: fn(f64) -> String) -> impl IntoView {
    let n = points.len().max(1);
    let x_of = |i: usize| LEFT + (i as f64 + 0.5) * plot_width() / n as f64;
    let mut xs: Vec<usize> = vec![0, n / 2, n - 1];
    xs.dedup();
    let y_ticks = [0.0, max / 2.0, max];
    view! {
        <g class="chart-axes" aria-hidden="true">
            {y_ticks
                .into_iter()
                .map(|v| {
                    let y = TOP + plot_height() - v / max * plot_height();
                    view! {
                        <line class="chart-grid" x1=LEFT x2=WIDTH - RIGHT y1=y y2=y></line>
                        <text class="chart-label" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">{label(v)}</text>
                    }
                })
                .collect_view()}
            {xs
                .into_iter()
                .filter_map(|i| points.get(i).map(|p| (i, day_label(p))))
                .map(|(i, text)| {
                    let anchor = if i == 0 { "start" } else if i + 1 == n { "end" } else { "middle" };
                    let x = if i == 0 { LEFT } else if i + 1 == n { WIDTH - RIGHT } else { x_of(i) };
                    view! {
                        <text class="chart-label" x=x y=HEIGHT - 6.0 text-anchor=anchor>{text}</text>
                    }
                })
                .collect_view()}
        </g>
    }
}

fn count_label(v: f64) -> String {
    format!("{v:.0}")
}

/// Deployments per day, stacked: successful (bottom), failed, other.
#[component]
pub fn DeploysChart(points: Vec<DayPoint>) -> impl IntoView {
    let days = points.len() as u32;
    let (success, failed, other) = points.iter().fold((0, 0, 0), |(s, f, o), p| {
        (s + p.success, f + p.failed, o + p.other)
    });
    let tallest = points
        .iter()
        .map(|p| p.success + p.failed + p.other)
        .max()
        .unwrap_or(0);
    let max = nice_max(f64::from(tallest), 2.0, &[2.0, 4.0, 6.0, 8.0, 10.0]);
    let n = points.len().max(1) as f64;
    let slot = plot_width() / n;
    let bar = (slot * 0.7).max(1.0);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = LEFT + i as f64 * slot + (slot - bar) / 2.0;
            let mut base = TOP + plot_height();
            let mut segment = |count: u32, class: &'static str| {
                let h = f64::from(count) / max * plot_height();
                base -= h;
                (count > 0).then(|| {
                    view! { <rect class=class x=x y=base width=bar height=h></rect> }
                })
            };
            let s = segment(p.success, "bar bar-success");
            let f = segment(p.failed, "bar bar-failed");
            let o = segment(p.other, "bar bar-other");
            let title = t::bar_title(&day_label(p), p.success, p.failed, p.other);
            view! {
                <g class="chart-day">
                    <title>{title}</title>
                    {s}
                    {f}
                    {o}
                </g>
            }
        })
        .collect_view();
    let rows = points
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{day_label(p)}</th>
                    <td class="num">{p.success}</td>
                    <td class="num">{p.failed}</td>
                    <td class="num">{p.other}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="insights-chart" data-testid="insights-chart" data-chart="deployments">
            <svg
                class="chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="chart-deploys-title chart-deploys-desc"
                focusable="false"
            >
                <title id="chart-deploys-title">{t::DEPLOYS_CHART()}</title>
                <desc id="chart-deploys-desc">{t::deploys_desc(days, success, failed, other)}</desc>
                {axes(&points, max, count_label)}
                {bars}
            </svg>
            <figcaption>
                <span class="chart-heading">{t::DEPLOYS_CHART()}</span>
                <ul class="chart-legend">
                    <li><span class="swatch bar-success" aria-hidden="true"></span>{t::SUCCESSFUL()}</li>
                    <li><span class="swatch bar-failed" aria-hidden="true"></span>{t::FAILED()}</li>
                    <li><span class="swatch bar-other" aria-hidden="true"></span>{t::OTHER()}</li>
                </ul>
            </figcaption>
            <details class="chart-data">
                <summary>{t::DATA_TABLE()}</summary>
                <div class="chart-table-wrap" role="region" tabindex="0" aria-label=t::DEPLOYS_CHART()>
                    <table class="rules chart-table" data-testid="insights-table" data-chart="deployments">
                        <caption>{t::DEPLOYS_CHART()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t::DAY()}</th>
                                <th scope="col">{t::SUCCESSFUL()}</th>
                                <th scope="col">{t::FAILED()}</th>
                                <th scope="col">{t::OTHER()}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

fn hours_of(p: &DayPoint) -> Option<f64> {
    p.median_lead_time
        .map(|d| d.num_milliseconds() as f64 / 3_600_000.0)
}

/// The median lead time of each day's successful deployments, as points joined by a line;
/// days without one are gaps. Nothing is drawn when no day has one (the caller says why).
#[component]
pub fn LeadTimeChart(points: Vec<DayPoint>) -> impl IntoView {
    let days = points.len() as u32;
    let with_data = points
        .iter()
        .filter(|p| p.median_lead_time.is_some())
        .count();
    let highest = points.iter().filter_map(hours_of).fold(0.0, f64::max);
    let max = nice_max(highest, 1.0, &[1.0, 2.0, 5.0]);
    let n = points.len().max(1) as f64;
    let x_of = |i: usize| LEFT + (i as f64 + 0.5) * plot_width() / n;
    let y_of = |h: f64| TOP + plot_height() - h / max * plot_height();
    // One polyline per run of consecutive days with a value.
    let mut runs: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, p) in points.iter().enumerate() {
        match hours_of(p) {
            Some(h) => {
                current.push_str(&format!("{:.1},{:.1} ", x_of(i), y_of(h)));
            }
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    let lines = runs
        .into_iter()
        .map(|pts| view! { <polyline class="lead-line" points=pts></polyline> })
        .collect_view();
    let dots = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let h = hours_of(p)?;
            let lead = crate::text::duration(h * 3600.0);
            let title = t::point_title(&day_label(p), &lead);
            Some(view! {
                <g class="chart-day">
                    <title>{title}</title>
                    <circle class="lead-dot" cx=x_of(i) cy=y_of(h) r="3.5"></circle>
                </g>
            })
        })
        .collect_view();
    let rows = points
        .iter()
        .map(|p| {
            let lead = p
                .median_lead_time
                .map(|d| crate::text::duration(d.num_milliseconds() as f64 / 1000.0))
                .unwrap_or_else(|| t::NONE().to_owned());
            view! {
                <tr>
                    <th scope="row">{day_label(p)}</th>
                    <td class="num">{lead}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="insights-chart" data-testid="insights-chart" data-chart="lead-time">
            <svg
                class="chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="chart-lead-title chart-lead-desc"
                focusable="false"
            >
                <title id="chart-lead-title">{t::LEAD_CHART()}</title>
                <desc id="chart-lead-desc">{t::lead_desc(with_data, days)}</desc>
                {axes(&points, max, t::hours)}
                {lines}
                {dots}
            </svg>
            <figcaption>
                <span class="chart-heading">{t::LEAD_CHART()}</span>
            </figcaption>
            <details class="chart-data">
                <summary>{t::DATA_TABLE()}</summary>
                <div class="chart-table-wrap" role="region" tabindex="0" aria-label=t::LEAD_CHART()>
                    <table class="rules chart-table" data-testid="insights-table" data-chart="lead-time">
                        <caption>{t::LEAD_CHART()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t::DAY()}</th>
                                <th scope="col">{t::MEDIAN_LEAD()}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
