//! The insights view (`?view=insights&environment=…&days=…`): how one project ships to one
//! environment over the last 7, 30 or 90 days. The window's deployments are read with
//! server-side filters (GitLab: the last success before the window, then every deployment updated
//! since; GitHub: newest-first pages of the environment until the window's start, then each
//! one's latest status), then `shipboard_core::insights` computes the four metrics and the
//! per-day series the charts draw. No environment in the URL means `production`.

use std::collections::HashSet;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::insights::{self, Metrics, Window};
use shipboard_core::model::view::{DeploymentRow, Forge};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::request::gitlab::EnvironmentListParams;
use shipboard_core::request::{github, gitlab, PageParams, Source};
use shipboard_core::response::ApiError;
use shipboard_core::route::{Target, INSIGHTS_DAYS, MAX_PAGE};
use shipboard_core::validate::ValidationError;

use crate::api::load;
use crate::api::{self, source_of, Loader, Ticket};
use crate::components::error_view::ErrorView;
use crate::components::insights_chart::{DeploysChart, LeadTimeChart};
use crate::state::{use_now, use_state};
use crate::text::{self, insights as t};
use crate::url;

/// Rows per list page (the forges' maximum: fewest round trips).
const PER_PAGE: u32 = 100;
/// GitHub latest-status requests in flight at once.
const STATUS_CONCURRENCY: usize = 6;
/// The window when the URL gives none.
const DEFAULT_DAYS: u32 = 30;

/// The page's data: only signals, written by background work through its [`Ticket`].
#[derive(Clone, Copy)]
struct Data {
    rows: RwSignal<Vec<DeploymentRow>>,
    /// The window the rows were read for (its end is the clock when the load started).
    window: RwSignal<Option<Window>>,
    loading: RwSignal<bool>,
    /// What the load is doing ("… 120 so far").
    progress: RwSignal<Option<String>>,
    error: RwSignal<Option<ApiError>>,
    invalid: RwSignal<Vec<ValidationError>>,
    /// "rate limited, retrying in 12 s" while a request waits to be retried.
    notice: RwSignal<Option<String>>,
    /// The list stopped at the page cap.
    partial: RwSignal<bool>,
    /// GitHub deployments whose latest status could not be read.
    missing: RwSignal<usize>,
    /// The project's environment names, for the field's suggestions.
    suggestions: RwSignal<Vec<String>>,
    suggestions_failed: RwSignal<bool>,
    loader: StoredValue<Loader, LocalStorage>,
    names: StoredValue<Loader, LocalStorage>,
}

impl Data {
    fn new() -> Data {
        Data {
            rows: RwSignal::new(Vec::new()),
            window: RwSignal::new(None),
            loading: RwSignal::new(false),
            progress: RwSignal::new(None),
            error: RwSignal::new(None),
            invalid: RwSignal::new(Vec::new()),
            notice: RwSignal::new(None),
            partial: RwSignal::new(false),
            missing: RwSignal::new(0),
            suggestions: RwSignal::new(Vec::new()),
            suggestions_failed: RwSignal::new(false),
            loader: StoredValue::new_local(Loader::new()),
            names: StoredValue::new_local(Loader::new()),
        }
    }

    fn fail(&self, ticket: &Ticket, e: ApiError) {
        ticket.fail(self.error, e);
        self.finish(ticket);
    }

    fn finish(&self, ticket: &Ticket) {
        ticket.set(self.loading, false);
        ticket.set(self.progress, None);
        ticket.set(self.notice, None);
    }
}

/// The environment the route asks for (`production` when none).
fn environment_of(target: &Target) -> String {
    target
        .server
        .filter("environment")
        .unwrap_or(t::DEFAULT_ENVIRONMENT)
        .to_owned()
}

/// The window length the route asks for (7, 30 or 90; else 30).
fn days_of(days: Option<u32>) -> u32 {
    days.filter(|d| INSIGHTS_DAYS.contains(d))
        .unwrap_or(DEFAULT_DAYS)
}

fn page_u32(page: u64) -> Option<u32> {
    Some(u32::try_from(page).unwrap_or(u32::MAX))
}

/// GitLab: the last success before the window (one row), then every deployment of the
/// environment updated since it (or since the window's start), every page.
async fn load_gitlab(
    data: Data,
    src: Source,
    project: String,
    env: String,
    window: Window,
    ticket: Ticket,
) {
    let anchor_q = insights::gitlab_last_success_before(&window, Some(&env));
    let req = gitlab::list_deployments(&src, &project, &anchor_q);
    let anchor = match api::get::<Vec<gl_model::Deployment>>(&req, &ticket, Some(data.notice)).await
    {
        Ok((list, _)) => list
            .first()
            .map(|d| DeploymentRow::from_gitlab(&project, d)),
        Err(e) => return data.fail(&ticket, e),
    };
    let since = insights::gitlab_since(&window, anchor.as_ref().and_then(|r| r.finished_at));
    let params = insights::gitlab_updated_since(since, Some(&env), PER_PAGE);
    let listed = load::all_pages::<Vec<gl_model::Deployment>, _>(
        |page| {
            let params = gitlab::DeploymentListParams {
                page: page_u32(page),
                ..params.clone()
            };
            gitlab::list_deployments(&src, &project, &params)
        },
        u64::from(PER_PAGE),
        |items| items,
        |d| d.id,
        &ticket,
        Some(data.notice),
    )
    .await;
    let listed = match listed {
        Ok(listed) => listed,
        Err(e) => return data.fail(&ticket, e),
    };
    let mut rows: Vec<DeploymentRow> = listed
        .items
        .iter()
        .map(|d| DeploymentRow::from_gitlab(&project, d))
        .collect();
    if let Some(anchor) = anchor {
        if !rows.iter().any(|r| r.id == anchor.id) {
            rows.push(anchor);
        }
    }
    ticket.set(data.partial, !listed.complete());
    ticket.set(data.rows, rows);
    data.finish(&ticket);
}

/// A GitHub repository: its owner, its name, and the project as configured (`owner/repo`).
struct Repo {
    owner: String,
    repo: String,
    project: String,
}

/// GitHub (no date filter): the environment's deployments newest first, page by page, until a
/// page reaches the window's start; then each one's latest status, a few at a time.
async fn load_github(
    data: Data,
    src: Source,
    repo: Repo,
    env: String,
    window: Window,
    ticket: Ticket,
) {
    let Repo {
        owner,
        repo,
        project,
    } = repo;
    let base = insights::github_window_query(Some(&env), PER_PAGE);
    let mut seen = HashSet::new();
    let mut deployments: Vec<gh_model::Deployment> = Vec::new();
    let mut page = 1;
    loop {
        let params = github::DeploymentListParams {
            page: page_u32(page),
            ..base.clone()
        };
        let req = github::list_deployments(&src, &owner, &repo, &params);
        let items =
            match api::get::<Vec<gh_model::Deployment>>(&req, &ticket, Some(data.notice)).await {
                Ok((items, _)) => items,
                Err(e) => return data.fail(&ticket, e),
            };
        let created: Vec<_> = items.iter().map(|d| d.created_at).collect();
        let short = items.len() < PER_PAGE as usize;
        deployments.extend(items.into_iter().filter(|d| seen.insert(d.id)));
        ticket.set(data.progress, Some(t::loading(deployments.len())));
        if short || insights::github_page_reaches_start(&created, &window) {
            break;
        }
        if page >= u64::from(MAX_PAGE) {
            ticket.set(data.partial, true);
            break;
        }
        page += 1;
    }
    let total = deployments.len();
    ticket.set(data.progress, Some(t::loading_statuses(0, total)));
    // Two: a superseded deployment's latest is `inactive`, the one before it its success.
    let one = PageParams {
        page: Some(1),
        per_page: Some(2),
    };
    let mut answers = stream::iter(deployments.into_iter().map(|d| {
        let req = github::list_deployment_statuses(&src, &owner, &repo, d.id, &one);
        let ticket = &ticket;
        async move {
            let answer = api::get::<Vec<gh_model::DeploymentStatus>>(&req, ticket, None).await;
            (d, answer)
        }
    }))
    .buffer_unordered(STATUS_CONCURRENCY);
    let mut rows = Vec::with_capacity(total);
    let mut missing = 0;
    while let Some((d, answer)) = answers.next().await {
        if !ticket.live() {
            return;
        }
        match answer {
            Ok((statuses, _)) => rows.push(DeploymentRow::from_github(
                &project,
                &d,
                as_finished(&statuses),
            )),
            Err(_) => {
                missing += 1;
                rows.push(DeploymentRow::from_github(&project, &d, None).status_unknown());
            }
        }
        ticket.set(data.progress, Some(t::loading_statuses(rows.len(), total)));
    }
    ticket.set(data.missing, missing);
    ticket.set(data.rows, rows);
    data.finish(&ticket);
}

/// The status a GitHub deployment counts by: its latest, except that a deployment GitHub later
/// marked `inactive` (superseded; GitHub adds it only to deployments that succeeded, in
/// non-production environments) counts as the success it was, finished when that success was
/// reported. `statuses` is newest first.
fn as_finished(statuses: &[gh_model::DeploymentStatus]) -> Option<&gh_model::DeploymentStatus> {
    use gh_model::StatusState as S;
    let latest = statuses.first()?;
    if latest.state == S::Inactive {
        if let Some(success) = statuses.iter().find(|s| s.state == S::Success) {
            return Some(success);
        }
    }
    Some(latest)
}

/// Starts reading `target`'s window afresh (the previous load is aborted). A `quiet` read (a
/// live refresh) keeps what is shown, without a loading state, until the new figures are in.
fn reload(data: Data, target: Target, now: chrono::DateTime<chrono::Utc>, quiet: bool) {
    let ticket = data.loader.with_value(Loader::next);
    if !quiet {
        data.rows.set(Vec::new());
        data.error.set(None);
        data.invalid.set(Vec::new());
        data.notice.set(None);
        data.partial.set(false);
        data.missing.set(0);
        data.progress.set(Some(t::loading(0)));
    }
    let days = days_of(target.server.days);
    let Some(window) = Window::new(now, days) else {
        data.window.set(None);
        return;
    };
    data.window.set(Some(window));
    if !quiet {
        data.loading.set(true);
    }
    let env = environment_of(&target);
    // A project from the URL is outside input: no `..` segment or `?` reaches a request.
    if let Err(problem) =
        shipboard_core::validate::check_target(target.source.kind, &target.project)
    {
        data.invalid.set(vec![problem]);
        data.loading.set(false);
        data.progress.set(None);
        return;
    }
    let src = source_of(&target.source);
    let project = target.project.clone();
    let work = match target.source.kind {
        Forge::GitLab => futures::future::Either::Left(load_gitlab(
            data,
            src,
            project,
            env,
            window,
            ticket.clone(),
        )),
        Forge::GitHub => {
            let Some((owner, repo)) = target.owner_repo() else {
                data.invalid.set(vec![ValidationError::new(
                    "project",
                    text::deployments::BAD_REPO(),
                )]);
                data.loading.set(false);
                data.progress.set(None);
                return;
            };
            let (owner, repo) = (owner.to_owned(), repo.to_owned());
            let repo = Repo {
                owner,
                repo,
                project,
            };
            futures::future::Either::Right(load_github(
                data,
                src,
                repo,
                env,
                window,
                ticket.clone(),
            ))
        }
    };
    data.loader.with_value(|l| l.spawn(&ticket, work));
}

/// Reads the project's environment names for the field's suggestions (every page).
fn load_names(data: Data, target: Target) {
    let ticket = data.names.with_value(Loader::next);
    data.suggestions.set(Vec::new());
    data.suggestions_failed.set(false);
    if shipboard_core::validate::check_target(target.source.kind, &target.project).is_err() {
        return;
    }
    let src = source_of(&target.source);
    let job = ticket.clone();
    let work = async move {
        let ticket = job;
        let names = match target.source.kind {
            Forge::GitLab => load::all_pages::<Vec<gl_model::Environment>, _>(
                |page| {
                    let params = EnvironmentListParams {
                        page: page_u32(page),
                        per_page: Some(PER_PAGE),
                        ..Default::default()
                    };
                    gitlab::list_environments(&src, &target.project, &params)
                },
                u64::from(PER_PAGE),
                |items| items,
                |e| e.id,
                &ticket,
                None,
            )
            .await
            .map(|l| l.items.into_iter().map(|e| e.name).collect::<Vec<_>>()),
            Forge::GitHub => {
                let Some((owner, repo)) = target.owner_repo() else {
                    return;
                };
                load::all_pages::<gh_model::EnvironmentList, _>(
                    |page| {
                        let params = PageParams {
                            page: page_u32(page),
                            per_page: Some(PER_PAGE),
                        };
                        github::list_environments(&src, owner, repo, &params)
                    },
                    u64::from(PER_PAGE),
                    |list| list.environments,
                    |e| e.id,
                    &ticket,
                    None,
                )
                .await
                .map(|l| l.items.into_iter().map(|e| e.name).collect::<Vec<_>>())
            }
        };
        match names {
            Ok(mut names) => {
                names.sort();
                names.dedup();
                ticket.set(data.suggestions, names);
            }
            Err(_) => ticket.set(data.suggestions_failed, true),
        }
    };
    data.names.with_value(|l| l.spawn(&ticket, work));
}

/// The insights page.
#[component]
pub fn Insights() -> impl IntoView {
    let state = use_state();
    let now = use_now();
    let data = Data::new();
    let target = state.target;
    Effect::new(move |_| {
        state.refresh.track();
        if let Some(target) = target.get() {
            reload(data, target, now.get_untracked(), false);
        }
    });
    // A live refresh reads the window again quietly (not while a load runs or an error shows).
    let tick = crate::live::use_tick();
    Effect::new(move |seen: Option<u64>| {
        let n = tick.get();
        let busy = data.loading.get_untracked() || data.error.with_untracked(Option::is_some);
        if seen.is_some() && !busy {
            if let Some(target) = target.get_untracked() {
                // The window ends at this moment, not at the last tick of the display clock.
                reload(data, target, crate::api::now(), true);
            }
        }
        n
    });
    // Suggestions depend on the source and project only.
    let names_key = Memo::new(move |_| {
        target.with(|t| {
            t.as_ref().map(|t| {
                (
                    t.source.id.clone(),
                    t.source.api_url.clone(),
                    t.project.clone(),
                )
            })
        })
    });
    Effect::new(move |_| {
        if names_key.with(Option::is_some) {
            if let Some(target) = target.get_untracked() {
                load_names(data, target);
            }
        }
    });

    let forge = Memo::new(move |_| target.with(|t| t.as_ref().map(|t| t.source.kind)));
    let environment = Memo::new(move |_| {
        state.route.with(|r| {
            r.filter("environment")
                .unwrap_or(t::DEFAULT_ENVIRONMENT)
                .to_owned()
        })
    });
    let days = Memo::new(move |_| state.route.with(|r| days_of(r.days)));
    let draft = RwSignal::new(String::new());
    Effect::new(move |_| {
        let typed = state
            .route
            .with(|r| r.filter("environment").unwrap_or("").to_owned());
        draft.set(typed);
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = state.route.get_untracked();
        next.set_filter("environment", &draft.get_untracked());
        next.days = Some(days.get_untracked());
        url::push(state.route, next);
    };
    let choose_days = move |ev: leptos::ev::Event| {
        let chosen: u32 = event_target_value(&ev).parse().unwrap_or(DEFAULT_DAYS);
        let mut next = state.route.get_untracked();
        next.days = Some(days_of(Some(chosen)));
        url::push(state.route, next);
    };

    let computed = Memo::new(move |_| {
        let window = data.window.get()?;
        if data.loading.get() || data.error.with(Option::is_some) {
            return None;
        }
        Some(data.rows.with(|rows| {
            (
                insights::metrics(rows, &window),
                insights::daily(rows, &window),
            )
        }))
    });

    move || {
        let Some(kind) = forge.get() else {
            return view! { <p class="empty" data-testid="empty">{t::NO_PROJECT()}</p> }.into_any();
        };
        view! {
            <section class="insights-page" data-testid="insights">
                <div class="page-header">
                    <div>
                        <h2>{t::TITLE()}</h2>
                        <p data-testid="insights-heading">
                            {move || t::heading(&environment.get(), days.get())}
                        </p>
                    </div>
                </div>
                <form class="filters insights-form" aria-label=t::FORM() on:submit=apply data-testid="insights-form">
                    <div class="filter-fields">
                        <label>
                            <span class="label-text">{t::ENVIRONMENT()}</span>
                            <input
                                type="text"
                                name="environment"
                                list="insights-environments"
                                autocomplete="off"
                                placeholder=t::DEFAULT_ENVIRONMENT
                                aria-describedby="insights-environment-hint"
                                data-testid="insights-environment"
                                prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev))
                            />
                            <span class="hint" id="insights-environment-hint">{t::ENVIRONMENT_HINT()}</span>
                        </label>
                        <datalist id="insights-environments">
                            {move || {
                                data.suggestions
                                    .get()
                                    .into_iter()
                                    .map(|name| view! { <option value=name></option> })
                                    .collect_view()
                            }}
                        </datalist>
                        <label>
                            <span class="label-text">{t::DAYS()}</span>
                            <select
                                name="days"
                                data-testid="insights-days"
                                prop:value=move || days.get().to_string()
                                on:change=choose_days
                            >
                                {INSIGHTS_DAYS
                                    .into_iter()
                                    .map(|d| {
                                        view! {
                                            <option value=d.to_string() selected=move || days.get() == d>
                                                {t::last_days(d)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="insights-apply">{t::APPLY()}</button>
                    </div>
                    {move || data.suggestions_failed.get().then(|| view! {
                        <p class="hint">{t::NO_SUGGESTIONS()}</p>
                    })}
                </form>
                {move || data.window.get().map(|w| view! {
                    <p
                        class="hint"
                        data-testid="insights-window"
                        data-start=w.start.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                        data-end=w.end.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                    >
                        {move || t::window_range(w.start, w.end, &crate::intl::relative(w.end, now.get()))}
                    </p>
                })}
                {move || data.notice.get().map(|n| view! {
                    <p class="notice" role="status" data-testid="retry-notice">{n}</p>
                })}
                {move || {
                    let errors = data.invalid.get();
                    (!errors.is_empty()).then(|| view! {
                        <div class="error-box" role="alert" data-testid="error">
                            <ul>
                                {errors
                                    .into_iter()
                                    .map(|e| view! { <li><code>{e.field}</code> ": " {e.message}</li> })
                                    .collect_view()}
                            </ul>
                        </div>
                    })
                }}
                {move || data.error.get().map(|e| view! { <ErrorView error=e forge=kind /> })}
                {move || {
                    data.loading
                        .get()
                        .then(|| {
                            view! {
                                <p class="loading" data-testid="loading" role="status">
                                    {move || data.progress.get().unwrap_or_else(|| text::LOADING().to_owned())}
                                </p>
                            }
                        })
                }}
                {move || data.partial.get().then(|| view! {
                    <p class="notice" role="status" data-testid="insights-partial">{t::PARTIAL()}</p>
                })}
                {move || {
                    let missing = data.missing.get();
                    (missing > 0).then(|| view! {
                        <p class="hint" data-testid="statuses-missing">{t::statuses_missing(missing)}</p>
                    })
                }}
                {move || {
                    computed
                        .get()
                        .map(|(metrics, points)| {
                            let env = environment.get_untracked();
                            let any = points.iter().any(|p| p.success + p.failed + p.other > 0);
                            let days = metrics.window.days;
                            view! {
                                <MetricsView metrics=metrics forge=kind />
                                {if any {
                                    view! {
                                        <div class="insights-charts">
                                            <DeploysChart points=points.clone() />
                                            {if points.iter().any(|p| p.median_lead_time.is_some()) {
                                                view! { <LeadTimeChart points=points /> }.into_any()
                                            } else {
                                                view! {
                                                    <p class="hint" data-testid="no-lead-chart">
                                                        {if kind == Forge::GitHub { t::NO_LEAD_CHART_GITHUB() } else { t::NO_LEAD_CHART() }}
                                                    </p>
                                                }
                                                    .into_any()
                                            }}
                                        </div>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p class="empty" data-testid="empty">{t::empty(&env, days)}</p>
                                    }
                                        .into_any()
                                }}
                            }
                        })
                }}
            </section>
        }
        .into_any()
    }
}

/// The four figures, each with what it is computed from.
#[component]
fn MetricsView(metrics: Metrics, forge: Forge) -> impl IntoView {
    let m = metrics;
    let frequency = t::per_day(m.deployments_per_day);
    let frequency_value = format!("{:.4}", m.deployments_per_day);
    let (rate, rate_value, rate_detail) = match m.change_failure_rate {
        Some(r) => (
            t::percent(r),
            format!("{r:.4}"),
            t::failure_detail(m.failed, m.successful),
        ),
        None => (
            t::NOT_AVAILABLE().to_owned(),
            String::new(),
            t::NO_FINISHED().to_owned(),
        ),
    };
    let secs = |d: chrono::Duration| d.num_milliseconds() as f64 / 1000.0;
    let (lead, lead_value, lead_detail) = match m.lead_time {
        Some(d) => (
            crate::text::duration(secs(d)),
            format!("{}", secs(d)),
            t::median_of(m.lead_time_samples, t::DEPLOYMENTS()),
        ),
        None => (
            t::NOT_AVAILABLE().to_owned(),
            String::new(),
            if forge == Forge::GitHub {
                t::NO_COMMIT_TIME()
            } else {
                t::NO_LEAD_SAMPLES()
            }
            .to_owned(),
        ),
    };
    let (restore, restore_value, restore_detail) = match m.time_to_restore {
        Some(d) => (
            crate::text::duration(secs(d)),
            format!("{}", secs(d)),
            t::median_of(m.restores, t::RESTORES()),
        ),
        None => (
            t::NOT_AVAILABLE().to_owned(),
            String::new(),
            t::NO_RESTORE().to_owned(),
        ),
    };
    let card = move |name: &'static str,
                     testid: &'static str,
                     value: String,
                     raw: String,
                     detail: String| {
        view! {
            <div class="metric">
                <dt>{name}</dt>
                <dd class="metric-value" data-testid=testid data-value=raw>{value}</dd>
                <dd class="hint">{detail}</dd>
            </div>
        }
    };
    view! {
        <dl class="insights-metrics" aria-label=t::METRICS() data-testid="insights-metrics">
            {card(t::FREQUENCY(), "metric-deploy-frequency", frequency, frequency_value, t::frequency_detail(m.successful, m.window.days))}
            {card(t::FAILURE_RATE(), "metric-change-failure-rate", rate, rate_value, rate_detail)}
            {card(t::LEAD_TIME(), "metric-lead-time", lead, lead_value, lead_detail)}
            {card(t::RESTORE(), "metric-time-to-restore", restore, restore_value, restore_detail)}
        </dl>
    }
}
