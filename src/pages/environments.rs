//! The environments page: cards grouped by folder (`review/*` collapsed with a count) and
//! ordered by tier, filtered by name, search and state from the URL; each card's last deployment
//! is fetched a few at a time and shown as it arrives. GitLab projects also get the write actions;
//! GitHub repositories get "New deployment".

use std::collections::HashSet;

use futures::stream::{self, StreamExt};
use leptos::prelude::*;
use shipboard_core::actions::{best_rank, by_tier};
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::{DeploymentRow, EnvironmentCard, EnvironmentState, Forge};
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::query::group_by_folder;
use shipboard_core::request::gitlab::EnvironmentListParams;
use shipboard_core::request::{github, gitlab, PageParams};
use shipboard_core::response::ApiError;
use shipboard_core::route::Target;
use shipboard_core::validate::gitlab::environment_list;
use shipboard_core::validate::ValidationError;

use crate::api::load;
use crate::api::{self, source_of, Loader, Ticket};
use crate::components::environment_card::{EnvOps, EnvironmentCardView};
use crate::components::error_view::ErrorView;
use crate::components::github_deployment_form::GitHubNewDeployment;
use crate::components::project_actions::ProjectActions;
use crate::components::write::{acting, ActAs, Invalid};
use crate::live::{self, Changed};
use crate::state::{filter_draft, use_now, use_state};
use crate::text::{self, environments as t};
use crate::url;

/// Last-deployment requests in flight at once.
const CONCURRENCY: usize = 4;
/// Environments per list page (the forges' maximum).
const PER_PAGE: u32 = 100;

/// The list parameters the route asks for.
fn params_of(target: &Target) -> EnvironmentListParams {
    let f = |n: &str| target.server.filter(n).map(str::to_owned);
    EnvironmentListParams {
        page: Some(1),
        per_page: Some(PER_PAGE),
        name: f("name"),
        search: f("search"),
        // An unknown state in the URL is ignored rather than sent.
        states: target
            .server
            .filter("states")
            .map(gitlab::EnvironmentState::parse)
            .filter(|s| !s.is_unknown()),
    }
}

/// The page's data: only signals, written by background work through its [`Ticket`].
#[derive(Clone, Copy)]
struct Data {
    cards: RwSignal<Vec<EnvironmentCard>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    invalid: RwSignal<Vec<ValidationError>>,
    loaded: RwSignal<HashSet<u64>>,
    /// "rate limited, retrying in 12 s" while a request waits to be retried.
    notice: RwSignal<Option<String>>,
    /// Set when the list was not read to its end (page cap): "N of M".
    partial: RwSignal<Option<Option<u64>>>,
    loader: StoredValue<Loader, LocalStorage>,
    /// Bumped by every change made here (a write's answer, a card read again): a live refresh
    /// that began before one drops its older answer.
    edits: StoredValue<u64>,
    /// The running live refresh, cancelled by the next one.
    quiet: StoredValue<Option<Ticket>, LocalStorage>,
}

impl Data {
    /// Puts `card` in place of the card with its id (keeping a known last deployment), or adds it.
    fn put(&self, ticket: &Ticket, mut card: EnvironmentCard) {
        self.edited();
        ticket.update(self.cards, |cards| {
            match cards.iter_mut().find(|c| c.id == card.id) {
                Some(slot) => {
                    if card.last_deployment.is_none() {
                        card.last_deployment = slot.last_deployment.take();
                    }
                    *slot = card;
                }
                None => cards.push(card),
            }
        });
    }

    fn edited(&self) {
        self.edits.try_update_value(|n| *n = n.wrapping_add(1));
    }

    fn done(&self, ticket: &Ticket, id: u64) {
        ticket.update(self.loaded, |l| {
            l.insert(id);
        });
    }
}

/// Whether a GitHub environment passes the route's name/search/state filters (done in memory:
/// GitHub's list has none).
fn github_matches(target: &Target, name: &str) -> bool {
    if let Some(exact) = target.server.filter("name") {
        return name == exact;
    }
    if let Some(q) = target.server.filter("search") {
        return name.to_lowercase().contains(&q.to_lowercase());
    }
    // GitHub environments are never stopped: only a filter for stopped ones hides them.
    let state = target.server.filter("states").map(EnvironmentState::parse);
    !matches!(
        state,
        Some(EnvironmentState::Stopping | EnvironmentState::Stopped)
    )
}

async fn load(data: Data, target: Target, ticket: Ticket) {
    let src = source_of(&target.source);
    let fail = |e: ApiError| {
        ticket.fail(data.error, e);
        ticket.set(data.loading, false);
    };
    // A project from the URL is outside input: no `..` segment or `?` reaches a request.
    if let Err(problem) =
        shipboard_core::validate::check_target(target.source.kind, &target.project)
    {
        ticket.set(data.invalid, vec![problem]);
        ticket.set(data.loading, false);
        return;
    }
    match target.source.kind {
        Forge::GitLab => {
            let params = params_of(&target);
            let problems = environment_list(&params);
            if !problems.is_empty() {
                ticket.set(data.invalid, problems);
                ticket.set(data.loading, false);
                return;
            }
            let listed = load::all_pages::<Vec<gl_model::Environment>, _>(
                |page| {
                    let params = EnvironmentListParams {
                        page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
                        ..params.clone()
                    };
                    gitlab::list_environments(&src, &target.project, &params)
                },
                u64::from(PER_PAGE),
                |items| items,
                |e| e.id,
                &ticket,
                Some(data.notice),
            )
            .await;
            let listed = match listed {
                Ok(listed) => listed,
                Err(e) => return fail(e),
            };
            if !listed.complete() {
                ticket.set(data.partial, Some(listed.total));
            }
            let ids: Vec<u64> = listed.items.iter().map(|e| e.id).collect();
            ticket.set(
                data.cards,
                listed
                    .items
                    .iter()
                    .map(|e| EnvironmentCard::from_gitlab(&target.project, e))
                    .collect(),
            );
            ticket.set(data.loading, false);
            let mut answers = stream::iter(ids.into_iter().map(|id| {
                let req = gitlab::get_environment(&src, &target.project, id);
                let ticket = &ticket;
                async move {
                    (
                        id,
                        api::get::<gl_model::Environment>(&req, ticket, None).await,
                    )
                }
            }))
            .buffer_unordered(CONCURRENCY);
            while let Some((id, answer)) = answers.next().await {
                if !ticket.live() {
                    return;
                }
                if let Ok((env, _)) = answer {
                    data.put(&ticket, EnvironmentCard::from_gitlab(&target.project, &env));
                }
                data.done(&ticket, id);
            }
        }
        Forge::GitHub => {
            let Some((owner, repo)) = target.owner_repo() else {
                ticket.set(
                    data.invalid,
                    vec![ValidationError::new(
                        "project",
                        text::deployments::BAD_REPO(),
                    )],
                );
                ticket.set(data.loading, false);
                return;
            };
            let listed = load::all_pages::<gh_model::EnvironmentList, _>(
                |page| {
                    let page = PageParams {
                        page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
                        per_page: Some(PER_PAGE),
                    };
                    github::list_environments(&src, owner, repo, &page)
                },
                u64::from(PER_PAGE),
                |list| list.environments,
                |e| e.id,
                &ticket,
                Some(data.notice),
            )
            .await;
            let listed = match listed {
                Ok(listed) => listed,
                Err(e) => return fail(e),
            };
            if !listed.complete() {
                ticket.set(data.partial, Some(listed.total));
            }
            let cards: Vec<EnvironmentCard> = listed
                .items
                .iter()
                .filter(|e| github_matches(&target, &e.name))
                .map(|e| EnvironmentCard::from_github(&target.project, e))
                .collect();
            let wanted: Vec<(u64, String)> = cards.iter().map(|c| (c.id, c.name.clone())).collect();
            ticket.set(data.cards, cards);
            ticket.set(data.loading, false);
            let one = PageParams {
                page: Some(1),
                per_page: Some(1),
            };
            let mut answers = stream::iter(wanted.into_iter().map(|(id, name)| {
                let params = github::DeploymentListParams {
                    environment: Some(name),
                    per_page: Some(1),
                    ..Default::default()
                };
                let req = github::list_deployments(&src, owner, repo, &params);
                let src = src.clone();
                let ticket = &ticket;
                async move {
                    let deployment = api::get::<Vec<gh_model::Deployment>>(&req, ticket, None)
                        .await
                        .ok()
                        .and_then(|(list, _)| list.into_iter().next());
                    let status = match &deployment {
                        Some(d) => {
                            let req =
                                github::list_deployment_statuses(&src, owner, repo, d.id, &one);
                            api::get::<Vec<gh_model::DeploymentStatus>>(&req, ticket, None)
                                .await
                                .map(|(s, _)| s.into_iter().next())
                        }
                        None => Ok(None),
                    };
                    (id, deployment, status)
                }
            }))
            .buffer_unordered(CONCURRENCY);
            while let Some((id, deployment, status)) = answers.next().await {
                if !ticket.live() {
                    return;
                }
                if let Some(d) = deployment {
                    let row = match status {
                        Ok(status) => {
                            DeploymentRow::from_github(&target.project, &d, status.as_ref())
                        }
                        Err(_) => {
                            DeploymentRow::from_github(&target.project, &d, None).status_unknown()
                        }
                    };
                    ticket.update(data.cards, |cards| {
                        if let Some(c) = cards.iter_mut().find(|c| c.id == id) {
                            c.last_deployment = Some(Box::new(row));
                        }
                    });
                }
                data.done(&ticket, id);
            }
        }
    }
}

/// Fetches one GitLab environment again (with its last deployment) and updates its card.
async fn refresh_one(data: Data, target: Target, id: u64, ticket: Ticket) {
    let req = gitlab::get_environment(&source_of(&target.source), &target.project, id);
    if let Ok((env, _)) = api::get::<gl_model::Environment>(&req, &ticket, None).await {
        data.put(&ticket, EnvironmentCard::from_gitlab(&target.project, &env));
    }
    data.done(&ticket, id);
}

/// A live refresh: re-reads every card (with its last deployment) before anything changes on
/// screen, then merges them by id (`shipboard_core::live::merge_by_id`): changed cards are
/// replaced, new ones added, gone ones leave; an open card, folder or form stays. Skipped while
/// the page loads or shows an error; an error of the refresh itself keeps what is shown, and an
/// answer older than a change made here since (a write) is dropped.
fn refresh_quietly(data: Data, target: Target, changed: Changed<u64>) {
    let busy = data.loading.get_untracked()
        || data.error.with_untracked(Option::is_some)
        || !data.invalid.with_untracked(Vec::is_empty);
    if busy {
        return;
    }
    let ticket = data.loader.with_value(Loader::current).child();
    if let Some(previous) = data.quiet.get_value() {
        previous.cancel();
    }
    data.quiet.set_value(Some(ticket.clone()));
    let edits = data.edits.get_value();
    let work = {
        let ticket = ticket.clone();
        async move {
            let Some((fresh, partial)) = read_cards(&target, &ticket).await else {
                return;
            };
            if !ticket.live() || data.edits.try_get_value() != Some(edits) {
                return;
            }
            let merged = ticket.read(data.cards, |old| {
                // A card whose last deployment could not be read now keeps the one shown.
                let fresh: Vec<EnvironmentCard> = fresh
                    .into_iter()
                    .map(|mut card| {
                        if card.last_deployment.is_none() {
                            card.last_deployment = old
                                .iter()
                                .find(|c| c.id == card.id)
                                .and_then(|c| c.last_deployment.clone());
                        }
                        card
                    })
                    .collect();
                let (merged, ids) = shipboard_core::live::merge_by_id(old, fresh, |c| c.id, true);
                (merged != *old).then_some((merged, ids))
            });
            if let Some(Some((merged, ids))) = merged {
                let all: HashSet<u64> = merged.iter().map(|c| c.id).collect();
                ticket.set(data.cards, merged);
                ticket.update(data.loaded, |l| l.extend(all));
                changed.mark(ids);
            }
            if data.partial.try_get_untracked() != Some(partial) {
                ticket.set(data.partial, partial);
            }
        }
    };
    data.loader.with_value(|l| l.spawn(&ticket, work));
}

/// Every card of `target` with its last deployment, read in full (list pages, then each card a
/// few at a time, in the list's order), and the "N of M" when the list was capped; `None` when
/// the list could not be read.
async fn read_cards(
    target: &Target,
    ticket: &Ticket,
) -> Option<(Vec<EnvironmentCard>, Option<Option<u64>>)> {
    shipboard_core::validate::check_target(target.source.kind, &target.project).ok()?;
    let src = source_of(&target.source);
    match target.source.kind {
        Forge::GitLab => {
            let params = params_of(target);
            if !environment_list(&params).is_empty() {
                return None;
            }
            let listed = load::all_pages::<Vec<gl_model::Environment>, _>(
                |page| {
                    let params = EnvironmentListParams {
                        page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
                        ..params.clone()
                    };
                    gitlab::list_environments(&src, &target.project, &params)
                },
                u64::from(PER_PAGE),
                |items| items,
                |e| e.id,
                ticket,
                None,
            )
            .await
            .ok()?;
            let partial = (!listed.complete()).then_some(listed.total);
            let cards = stream::iter(listed.items.into_iter().map(|e| {
                let req = gitlab::get_environment(&src, &target.project, e.id);
                async move {
                    let env = match api::get::<gl_model::Environment>(&req, ticket, None).await {
                        Ok((env, _)) => env,
                        Err(_) => e,
                    };
                    EnvironmentCard::from_gitlab(&target.project, &env)
                }
            }))
            .buffered(CONCURRENCY)
            .collect()
            .await;
            Some((cards, partial))
        }
        Forge::GitHub => {
            let (owner, repo) = target.owner_repo()?;
            let listed = load::all_pages::<gh_model::EnvironmentList, _>(
                |page| {
                    let page = PageParams {
                        page: Some(u32::try_from(page).unwrap_or(u32::MAX)),
                        per_page: Some(PER_PAGE),
                    };
                    github::list_environments(&src, owner, repo, &page)
                },
                u64::from(PER_PAGE),
                |list| list.environments,
                |e| e.id,
                ticket,
                None,
            )
            .await
            .ok()?;
            let partial = (!listed.complete()).then_some(listed.total);
            let one = PageParams {
                page: Some(1),
                per_page: Some(1),
            };
            let cards = stream::iter(
                listed
                    .items
                    .iter()
                    .filter(|e| github_matches(target, &e.name))
                    .map(|e| EnvironmentCard::from_github(&target.project, e))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .map(|mut card| {
                        let params = github::DeploymentListParams {
                            environment: Some(card.name.clone()),
                            per_page: Some(1),
                            ..Default::default()
                        };
                        let req = github::list_deployments(&src, owner, repo, &params);
                        let src = src.clone();
                        async move {
                            let deployment =
                                api::get::<Vec<gh_model::Deployment>>(&req, ticket, None)
                                    .await
                                    .ok()
                                    .and_then(|(list, _)| list.into_iter().next());
                            if let Some(d) = deployment {
                                let req =
                                    github::list_deployment_statuses(&src, owner, repo, d.id, &one);
                                let row = match api::get::<Vec<gh_model::DeploymentStatus>>(
                                    &req, ticket, None,
                                )
                                .await
                                {
                                    Ok((s, _)) => {
                                        DeploymentRow::from_github(&target.project, &d, s.first())
                                    }
                                    Err(_) => DeploymentRow::from_github(&target.project, &d, None)
                                        .status_unknown(),
                                };
                                card.last_deployment = Some(Box::new(row));
                            }
                            card
                        }
                    }),
            )
            .buffered(CONCURRENCY)
            .collect()
            .await;
            Some((cards, partial))
        }
    }
}

/// The environments page.
#[component]
pub fn Environments() -> impl IntoView {
    let state = use_state();
    let now = use_now();
    let data = Data {
        cards: RwSignal::new(Vec::new()),
        loading: RwSignal::new(false),
        error: RwSignal::new(None),
        invalid: RwSignal::new(Vec::new()),
        loaded: RwSignal::new(HashSet::new()),
        notice: RwSignal::new(None),
        partial: RwSignal::new(None),
        loader: StoredValue::new_local(Loader::new()),
        edits: StoredValue::new(0),
        quiet: StoredValue::new_local(None),
    };
    let user = RwSignal::new(None::<String>);
    let reloads = RwSignal::new(0u32);
    // The environments list has no pages in the URL: a `page` there is the deployments'.
    let target = Memo::new(move |_| {
        let mut t = state.target.get()?;
        t.server.page = 1;
        Some(t)
    });
    Effect::new(move |_| {
        reloads.track();
        let Some(target) = target.get() else {
            return;
        };
        let ticket = data.loader.with_value(Loader::next);
        data.cards.set(Vec::new());
        data.loaded.set(HashSet::new());
        data.error.set(None);
        data.invalid.set(Vec::new());
        data.notice.set(None);
        data.partial.set(None);
        data.loading.set(true);
        data.loader
            .with_value(|l| l.spawn(&ticket, load(data, target, ticket.clone())));
    });
    // A live refresh re-reads every card and merges them in (never the reload above).
    let changed = Changed::<u64>::new();
    live::on_tick(move || {
        if let Some(target) = target.get_untracked() {
            refresh_quietly(data, target, changed);
        }
    });
    let acting_target = Signal::derive(move || {
        let t = target.get()?;
        let src: SourceConfig = acting(&t.source, user.get().as_deref(), &state.users.get());
        Some((src, t.project))
    });
    let refresh = move |id: u64| {
        if let Some(t) = target.get_untracked() {
            let ticket = data.loader.with_value(Loader::current);
            data.loader
                .with_value(|l| l.spawn(&ticket, refresh_one(data, t, id, ticket.clone())));
        }
    };
    let ops = EnvOps {
        target: acting_target,
        replaced: Callback::new(move |env: gl_model::Environment| {
            if let Some(t) = target.get_untracked() {
                let ticket = data.loader.with_value(Loader::current);
                data.put(&ticket, EnvironmentCard::from_gitlab(&t.project, &env));
            }
            refresh(env.id);
        }),
        deleted: Callback::new(move |id: u64| {
            data.edited();
            data.cards.update(|c| c.retain(|c| c.id != id))
        }),
        loaded: data.loaded,
    };
    let created = Callback::new(move |env: gl_model::Environment| {
        ops.replaced.try_run(env);
    });
    let deployed = Callback::new(move |d: gl_model::Deployment| {
        let name = d
            .environment
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default();
        let known = data
            .cards
            .with_untracked(|c| c.iter().find(|c| c.name == name).map(|c| c.id));
        match known {
            Some(id) => refresh(id),
            None => reloads.update(|n| *n += 1),
        }
    });
    let reload = Callback::new(move |_| reloads.update(|n| *n += 1));
    let names = Signal::derive(move || {
        data.cards
            .with(|c| c.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
    });

    // Groups: top-level environments first, then folders by their best tier, then name.
    let groups = Memo::new(move |_| {
        data.cards.with(|cards| {
            let mut groups: Vec<(Option<String>, Vec<u64>, u8)> = group_by_folder(cards)
                .into_iter()
                .map(|g| {
                    let rank = best_rank(cards, &g.items);
                    let ids = by_tier(cards, &g.items)
                        .into_iter()
                        .map(|i| cards[i].id)
                        .collect();
                    (g.key, ids, rank)
                })
                .collect();
            groups.sort_by(|a, b| (a.0.is_some(), a.2, &a.0).cmp(&(b.0.is_some(), b.2, &b.0)));
            groups
        })
    });

    let forge = move || target.with(|t| t.as_ref().map(|t| t.source.kind));
    move || {
        let Some(kind) = forge() else {
            return view! { <p class="empty" data-testid="empty">{text::deployments::NO_PROJECT()}</p> }.into_any();
        };
        let card_view = move |id: u64| {
            // One memo per card: a card re-renders only when its own data changed.
            let card: Signal<Option<EnvironmentCard>> =
                Memo::new(move |_| data.cards.with(|c| c.iter().find(|c| c.id == id).cloned()))
                    .into();
            let highlighted = Signal::derive(move || changed.has(&id));
            view! { <EnvironmentCardView card=card ops=ops now=now changed=highlighted /> }
        };
        view! {
            <section class="environments-page" data-testid="environments-page">
                // The cards' names are h3: this h2 keeps the heading levels in order.
                <h2 class="sr-only">{t::TITLE()}</h2>
                <Filters invalid=data.invalid />
                <div class="toolbar">
                    <p class="summary" data-testid="summary" aria-live="polite">
                        {move || match data.partial.get() {
                            Some(total) => t::count_partial(data.cards.with(Vec::len), total),
                            None => t::count(data.cards.with(Vec::len)),
                        }}
                    </p>
                    <button type="button" data-testid="reload" on:click=move |_| reloads.update(|n| *n += 1)>{t::RELOAD()}</button>
                    {(kind == Forge::GitLab).then(|| view! { <ActAs user=user /> })}
                </div>
                {match kind {
                    Forge::GitLab => view! {
                        <ProjectActions target=acting_target environments=names created=created deployed=deployed reload=reload now=now />
                    }.into_any(),
                    Forge::GitHub => view! {
                        <GitHubNewDeployment target=acting_target environments=names reload=reload />
                    }.into_any(),
                }}
                {move || data.notice.get().map(|n| view! { <p class="notice" role="status" data-testid="retry-notice">{n}</p> })}
                {move || data.error.get().map(|e| view! { <ErrorView error=e forge=kind /> })}
                {move || data.loading.get().then(|| view! {
                    <p class="loading" data-testid="loading" role="status">{text::LOADING()}</p>
                })}
                {move || {
                    let idle = !data.loading.get() && data.error.with(Option::is_none) && data.invalid.with(Vec::is_empty);
                    (idle && data.cards.with(Vec::is_empty)).then(|| view! { <p class="empty" data-testid="empty">{t::EMPTY()}</p> })
                }}
                // Keyed by folder only: a card added or removed by a refresh never closes an open
                // folder or re-creates the other cards (an open form keeps what was typed).
                <For
                    each=move || groups.with(|g| g.iter().map(|(folder, _, _)| folder.clone()).collect::<Vec<_>>())
                    key=|folder| folder.clone()
                    children=move |folder| {
                        let ids = {
                            let folder = folder.clone();
                            Memo::new(move |_| {
                                groups.with(|g| {
                                    g.iter().find(|(f, _, _)| *f == folder).map(|(_, ids, _)| ids.clone()).unwrap_or_default()
                                })
                            })
                        };
                        let cards = move || view! { <For each=move || ids.get() key=|id| *id children=card_view /> };
                        match folder {
                            None => view! {
                                <div class="env-grid" data-testid="env-top-level">{cards}</div>
                            }.into_any(),
                            Some(name) => {
                                let label = {
                                    let name = name.clone();
                                    move || t::folder(&name, ids.with(Vec::len))
                                };
                                view! {
                                    <details class="env-folder" data-testid="env-folder" data-folder=name.clone()>
                                        <summary data-testid="folder-summary">{label}</summary>
                                        <div class="env-grid">{cards}</div>
                                    </details>
                                }.into_any()
                            }
                        }
                    }
                />
            </section>
        }
        .into_any()
    }
}

/// Name, search and state filters, kept in the URL; checked by `shipboard-core` before sending.
#[component]
fn Filters(invalid: RwSignal<Vec<ValidationError>>) -> impl IntoView {
    let state = use_state();
    let draft = filter_draft();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = draft.get_untracked();
        next.page = 1;
        let target = Target::from_route(&next, state.current_source().map(|(_, s)| s));
        if let Some(t) = target.filter(|t| t.source.kind == Forge::GitLab) {
            let problems = environment_list(&params_of(&t));
            if !problems.is_empty() {
                invalid.set(problems);
                return;
            }
        }
        invalid.set(Vec::new());
        url::push(state.route, next);
    };
    let clear = move |_| {
        let mut next = state.route.get_untracked();
        for n in ["name", "search", "states"] {
            next.set_filter(n, "");
        }
        invalid.set(Vec::new());
        url::push(state.route, next);
    };
    let input = move |name: &'static str, label: &'static str| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input type="search" name=name data-testid=format!("filter-{name}")
                    prop:value=move || draft.with(|d| d.filter(name).unwrap_or("").to_string())
                    on:input=move |ev| draft.update(|d| d.set_filter(name, &event_target_value(&ev))) />
            </label>
        }
    };
    view! {
        <form class="filters" data-testid="env-filters" on:submit=apply>
            <div class="filter-fields">
                {input("name", t::NAME())}
                {input("search", t::SEARCH())}
                <label>
                    <span class="label-text">{t::STATE()}</span>
                    <select name="states" data-testid="filter-states"
                        prop:value=move || draft.with(|d| d.filter("states").unwrap_or("").to_string())
                        on:change=move |ev| draft.update(|d| d.set_filter("states", &event_target_value(&ev)))>
                        <option value="">{t::ANY()}</option>
                        {[EnvironmentState::Available, EnvironmentState::Stopping, EnvironmentState::Stopped]
                            .iter()
                            .map(|s| view! { <option value=s.as_str().to_owned()>{s.as_str().to_owned()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="apply-filters">{t::APPLY()}</button>
                <button type="button" data-testid="clear-filters" on:click=clear>{t::CLEAR()}</button>
            </div>
            <Invalid errors=invalid />
        </form>
    }
}
