//! One environment as a card: name, tier, state, safe external link, auto-stop time, last
//! deployment; and its actions (edit, stop with an optional force, delete once stopped). The edit
//! form starts from the server's raw values and survives the card's updates.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use shipboard_core::config::SourceConfig;
use shipboard_core::format;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::{EnvironmentCard, EnvironmentState, Forge};
use shipboard_core::request::gitlab;
use shipboard_core::response::ErrorKind;

use crate::api::{source_of, Loader, Ticket};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::environment_form::{EnvironmentDraft, EnvironmentForm};
use crate::components::status_badge::StatusBadge;
use crate::components::time::Time;
use crate::components::write::{maybe_applied_notice, send, send_empty, write_action, After};
use crate::text::environments as t;

/// What a card needs from its page to act: where to send writes and how to report changes.
#[derive(Clone, Copy)]
pub struct EnvOps {
    /// The acting source (token of the chosen user) and the project, when there is one.
    pub target: Signal<Option<(SourceConfig, String)>>,
    /// An environment changed (edit, stop): the page replaces the card and refreshes it.
    pub replaced: Callback<gl_model::Environment>,
    /// An environment was deleted.
    pub deleted: Callback<u64>,
    /// Ids whose last deployment has been fetched.
    pub loaded: RwSignal<HashSet<u64>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Edit,
    Stop,
    Delete,
}

fn state_class(state: Option<&EnvironmentState>) -> &'static str {
    match state {
        Some(EnvironmentState::Available) => "env-state state-available",
        Some(EnvironmentState::Stopping) => "env-state state-stopping",
        Some(EnvironmentState::Stopped) => "env-state state-stopped",
        _ => "env-state",
    }
}

fn draft_of(card: &EnvironmentCard) -> EnvironmentDraft {
    EnvironmentDraft {
        name: card.name.clone(),
        // The server's value as it is: the checked link would drop (and a save wipe) a URL it
        // refuses, such as `ftp://…`.
        external_url: card.external_url_raw.clone().unwrap_or_default(),
        tier: card
            .tier
            .as_ref()
            .map(|x| x.as_str().to_owned())
            .unwrap_or_default(),
        description: card.description.clone().unwrap_or_default(),
    }
}

/// After a write whose answer never arrived: fetches the environment again and reports what the
/// server has now (replaced, or deleted when it is gone).
async fn resync(src: SourceConfig, project: String, ops: EnvOps, id: u64, ticket: Ticket) {
    let req = gitlab::get_environment(&source_of(&src), &project, id);
    match crate::api::get::<gl_model::Environment>(&req, &ticket, None).await {
        Ok((e, _)) => {
            ops.replaced.try_run(e);
        }
        Err(e) if e.kind == ErrorKind::NotFound => {
            ops.deleted.try_run(id);
        }
        Err(_) => {}
    }
}

/// The card (`data-testid="environment-card"`) of the environment `card` currently holds.
///
/// Every part reads `card` narrowly, so the card's updates (its last deployment streaming in, a
/// refresh after a write) never re-create an open panel: an edit form keeps what was typed.
#[component]
pub fn EnvironmentCardView(
    #[prop(into)] card: Signal<Option<EnvironmentCard>>,
    ops: EnvOps,
    #[prop(into)] now: Signal<DateTime<Utc>>,
    /// Set briefly when a live refresh found the card new or changed (`data-changed`).
    #[prop(optional, into)]
    changed: Option<Signal<bool>>,
) -> impl IntoView {
    let panel = RwSignal::new(Panel::None);
    let highlighted = move || changed.is_some_and(|c| c.get()).then_some("");
    let id = card.with_untracked(|c| c.as_ref().map_or(0, |c| c.id));
    let forge = card.with_untracked(|c| c.as_ref().map_or(Forge::GitLab, |c| c.forge));
    let gitlab = forge == Forge::GitLab;
    let force = RwSignal::new(false);

    let dest = move || ops.target.get_untracked();
    // Reads the card again after a write whose answer was lost (it may have been applied).
    let loader = StoredValue::new_local(Loader::new());
    let resync = move || {
        if let Some((src, project)) = ops.target.try_get_untracked().flatten() {
            loader.try_with_value(|l| l.run(|ticket| resync(src, project, ops, id, ticket)));
        }
    };
    // After a change the page replaces the card; after a lost answer it reads the card again.
    let changed = move || {
        After::done(move |e: &gl_model::Environment| {
            ops.replaced.try_run(e.clone());
            panel.try_set(Panel::None);
        })
        .or_unsure(resync)
    };
    let edit = write_action(
        dest,
        move |src, project, d: EnvironmentDraft| {
            send(gitlab::update_environment(
                &src,
                &project,
                id,
                &d.to_update(),
            ))
        },
        changed(),
    );
    let stop = write_action(
        dest,
        move |src, project, force: bool| send(gitlab::stop_environment(&src, &project, id, force)),
        changed(),
    );
    let delete = write_action(
        dest,
        move |src, project, ()| send_empty(gitlab::delete_environment(&src, &project, id)),
        After::done(move |_: &()| {
            ops.deleted.try_run(id);
        })
        .or_unsure(resync),
    );
    // A refusal from the last action, shown on the card.
    let failure = move || {
        let last = [
            stop.value().get().and_then(Result::err),
            delete.value().get().and_then(Result::err),
        ];
        last.into_iter().flatten().next()
    };

    // Narrow reads of the card: each part re-renders only when what it shows changes.
    let present = Memo::new(move |_| card.with(Option::is_some));
    let name =
        Memo::new(move |_| card.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default()));
    let state = Memo::new(move |_| card.with(|c| c.as_ref().and_then(|c| c.state.clone())));
    let stopped = Memo::new(move |_| state.with(|s| *s == Some(EnvironmentState::Stopped)));
    let stoppable = Memo::new(move |_| {
        state.with(|s| {
            matches!(
                s,
                Some(EnvironmentState::Available | EnvironmentState::Stopping)
            )
        })
    });
    let field = move |f: fn(&EnvironmentCard) -> Option<String>| {
        Memo::new(move |_| card.with(|c| c.as_ref().and_then(f)))
    };
    // Links only from a `SafeUrl` (http(s) only), as their text.
    let external_url = field(|c| c.external_url.as_ref().map(|u| u.as_str().to_owned()));
    let web_url = field(|c| c.web_url.as_ref().map(|u| u.as_str().to_owned()));
    let description = field(|c| c.description.clone());
    let protection = field(|c| (!c.protection.is_empty()).then(|| c.protection.join(", ")));
    let tier = Memo::new(move |_| card.with(|c| c.as_ref().and_then(|c| c.tier.clone())));
    let auto_stop_at = Memo::new(move |_| card.with(|c| c.as_ref().and_then(|c| c.auto_stop_at)));
    let last =
        Memo::new(move |_| card.with(|c| c.as_ref().and_then(|c| c.last_deployment.clone())));
    let loaded = move || ops.loaded.with(|l| l.contains(&id));
    let state_text = move || state.with(|s| s.as_ref().map(|s| s.as_str().to_owned()));

    move || {
        present.get().then(|| view! {
            <article
                class="env-card"
                data-testid="environment-card"
                data-changed=highlighted
                data-name=move || name.get()
                data-state=move || state_text().unwrap_or_default()
            >
                <header class="env-card-header">
                    <h3 class="env-name">{move || name.get()}</h3>
                    <span class=move || format!("tier tier-{}", tier.with(|x| x.as_ref().map_or(5, |x| x.rank())))
                        data-testid="tier">
                        {move || tier.with(|x| x.as_ref().map_or_else(|| t::NO_TIER().to_owned(), |x| x.as_str().to_owned()))}
                    </span>
                    {move || state_text().map(|s| view! {
                        <span class=state.with(|x| state_class(x.as_ref())) data-testid="state">{s}</span>
                    })}
                </header>
                {move || external_url.get().map(|u| {
                    let href = u.clone();
                    view! {
                        <a class="env-url" href=href target="_blank" rel="noopener noreferrer" data-testid="external-url">{u}</a>
                    }
                })}
                {move || web_url.get().map(|u| view! {
                    <a class="env-url" href=u target="_blank" rel="noopener noreferrer">{t::OPEN()}</a>
                })}
                {move || description.get().map(|d| view! { <p class="env-description">{d}</p> })}
                {move || auto_stop_at.get().map(|at| view! {
                    <p class="muted env-auto-stop">{t::AUTO_STOP()} " " <Time at=Some(at) now=now /></p>
                })}
                {move || protection.get().map(|p| view! {
                    <p class="muted">{t::PROTECTION()} ": " {p}</p>
                })}
                <section class="env-last" data-testid="last-deployment">
                    <h4>{t::LAST_DEPLOYMENT()}</h4>
                    {move || match last.get() {
                        Some(d) => view! {
                            <p>
                                <StatusBadge status=d.status.clone() label=d.forge_status.clone() />
                                " " <span class="mono">{d.git_ref.to_string()}</span>
                                " · " <span class="mono" data-testid="short-sha">{format::short_sha(&d.sha).to_owned()}</span>
                                " · " {d.author.as_deref().unwrap_or("—").to_owned()}
                                " · " <Time at=Some(d.created_at) now=now />
                            </p>
                        }.into_any(),
                        None if loaded() || !gitlab => view! { <p class="muted">{t::NEVER()}</p> }.into_any(),
                        None => view! { <p class="muted loading">{t::LOADING_LAST()}</p> }.into_any(),
                    }}
                </section>
                {gitlab.then(|| view! {
                    <div class="card-actions">
                        <button type="button" data-testid="edit" aria-expanded=move || (panel.get() == Panel::Edit).to_string()
                            on:click=move |_| panel.update(|p| *p = if *p == Panel::Edit { Panel::None } else { Panel::Edit })>
                            {t::EDIT()}
                        </button>
                        {move || stoppable.get().then(|| view! {
                            <button type="button" data-testid="stop" on:click=move |_| { force.set(false); panel.set(Panel::Stop) }>{t::STOP()}</button>
                        })}
                        {move || if stopped.get() {
                            view! { <button type="button" class="danger-outline" data-testid="delete" on:click=move |_| panel.set(Panel::Delete)>{t::DELETE()}</button> }.into_any()
                        } else {
                            view! { <span class="hint">{t::DELETE_ONLY_STOPPED()}</span> }.into_any()
                        }}
                    </div>
                })}
                // Tracks `panel` only: the draft is taken once, when the form opens.
                {move || match panel.get() {
                    Panel::None => ().into_any(),
                    Panel::Edit => {
                        let initial = card.with_untracked(|c| c.as_ref().map(draft_of).unwrap_or_default());
                        view! {
                            <EnvironmentForm initial=initial editing=true action=edit on_cancel=Callback::new(move |_| panel.set(Panel::None)) />
                        }.into_any()
                    }
                    Panel::Stop => view! {
                        <ConfirmDialog
                            title=format!("{} {}", t::STOP(), name.get_untracked())
                            confirm_label=Signal::derive(move || if force.get() { t::FORCE_STOP_CONFIRM() } else { t::STOP_CONFIRM() }.to_owned())
                            pending=stop.pending()
                            on_confirm=Callback::new(move |_| { stop.dispatch_local(force.get_untracked()); })
                            on_cancel=Callback::new(move |_| panel.set(Panel::None))
                        >
                            <p>{t::STOP_EXPLAIN()}</p>
                            <label class="check">
                                <input type="checkbox" data-testid="force" prop:checked=move || force.get()
                                    on:change=move |ev| force.set(event_target_checked(&ev)) />
                                " " {t::FORCE()}
                            </label>
                            <p class="warning" class:hidden=move || !force.get() data-testid="force-warning">{t::FORCE_WARN()}</p>
                        </ConfirmDialog>
                    }.into_any(),
                    Panel::Delete => {
                        let name = name.get_untracked();
                        view! {
                            <ConfirmDialog
                                title=format!("{} {}", t::DELETE(), name)
                                confirm_label=t::DELETE_CONFIRM().to_owned()
                                pending=delete.pending()
                                require=name.clone()
                                on_confirm=Callback::new(move |_| { delete.dispatch_local(()); })
                                on_cancel=Callback::new(move |_| panel.set(Panel::None))
                            >
                                <p>{t::DELETE_EXPLAIN()}</p>
                            </ConfirmDialog>
                        }.into_any()
                    }
                }}
                {move || failure().map(|e| view! {
                    {maybe_applied_notice(&e)}
                    <crate::components::error_view::ErrorView error=e forge=forge />
                })}
            </article>
        })
    }
}
