//! Project-wide environment actions: a new environment, a new deployment, stopping stale
//! environments (a date 1 week..10 years ago, then a confirmation naming that date), and cleaning
//! up stopped review apps (a dry run first, then a confirmed real run with the same `before` and
//! `limit`). A write whose answer never arrived reloads the environments (it may have applied).

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use shipboard_core::actions::stop_stale_window;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::Forge;
use shipboard_core::request::gitlab::{self, NewDeployment, ReviewAppsCleanup as CleanupParams};
use shipboard_core::response::ApiError;
use shipboard_core::validate::gitlab::{review_apps_cleanup, stop_stale};
use shipboard_core::validate::ValidationError;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::deployment_forms::NewDeploymentForm;
use crate::components::environment_form::{EnvironmentDraft, EnvironmentForm};
use crate::components::write::{
    checked, maybe_applied_notice, send, valid, write_action, After, Invalid, Outcome, Submit,
};
use crate::text::environments as t;
use crate::text::writes::deployment as dt;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    NewEnvironment,
    NewDeployment,
    StopStale,
    Cleanup,
}

fn midnight(day: &str) -> Option<DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The project actions bar (`data-testid="project-actions"`) and the open panel.
#[component]
pub fn ProjectActions(
    /// The acting source and the project.
    #[prop(into)]
    target: Signal<Option<(SourceConfig, String)>>,
    /// Environment names, for the deployment form's suggestions.
    #[prop(into)]
    environments: Signal<Vec<String>>,
    /// A new environment was created.
    created: Callback<gl_model::Environment>,
    /// A deployment was created.
    deployed: Callback<gl_model::Deployment>,
    /// Environments changed in bulk: reload them.
    reload: Callback<()>,
    /// The clock.
    #[prop(into)]
    now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let open = RwSignal::new(Open::None);
    let toggle =
        move |which: Open| open.update(|o| *o = if *o == which { Open::None } else { which });

    let dest = move || target.get_untracked();
    let reload_all = move || {
        reload.try_run(());
    };
    let new_env = write_action(
        dest,
        |src, project, d: EnvironmentDraft| {
            send(gitlab::create_environment(&src, &project, &d.to_new()))
        },
        After::done(move |e: &gl_model::Environment| {
            created.try_run(e.clone());
        })
        .or_unsure(reload_all),
    );
    let new_deployment = write_action(
        dest,
        |src, project, d: NewDeployment| send(gitlab::create_deployment(&src, &project, &d)),
        After::done(move |d: &gl_model::Deployment| {
            deployed.try_run(d.clone());
        })
        .or_unsure(reload_all),
    );

    let button = move |which: Open, label: &'static str, testid: &'static str| {
        view! {
            <button type="button" data-testid=testid aria-expanded=move || (open.get() == which).to_string()
                class:active=move || open.get() == which on:click=move |_| toggle(which)>
                {label}
            </button>
        }
    };
    view! {
        <section class="project-actions" data-testid="project-actions" aria-label=t::PROJECT_ACTIONS()>
            <div class="actions">
                {button(Open::NewEnvironment, t::NEW(), "open-new-environment")}
                {button(Open::NewDeployment, dt::NEW(), "open-new-deployment")}
                {button(Open::StopStale, t::STOP_STALE(), "open-stop-stale")}
                {button(Open::Cleanup, t::CLEANUP(), "open-cleanup")}
            </div>
            {move || match open.get() {
                Open::None => ().into_any(),
                Open::NewEnvironment => view! {
                    <EnvironmentForm initial=EnvironmentDraft::default() editing=false action=new_env
                        on_cancel=Callback::new(move |_| open.set(Open::None)) />
                }.into_any(),
                Open::NewDeployment => view! {
                    <NewDeploymentForm environments=environments action=new_deployment />
                }.into_any(),
                Open::StopStale => view! { <StopStale target=target reload=reload now=now /> }.into_any(),
                Open::Cleanup => view! { <Cleanup target=target reload=reload /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn StopStale(
    target: Signal<Option<(SourceConfig, String)>>,
    reload: Callback<()>,
    now: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let (oldest, newest) = stop_stale_window(now.get_untracked());
    let day = RwSignal::new(String::new());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    // The checked date waiting for confirmation; any edit of the date withdraws it.
    let confirming = RwSignal::new(None::<DateTime<Utc>>);
    let action = write_action(
        move || target.get_untracked(),
        |src, project, before: DateTime<Utc>| {
            send::<gl_model::StopStaleResult>(gitlab::stop_stale_environments(
                &src, &project, before,
            ))
        },
        After::refresh(move || {
            reload.try_run(());
        }),
    );
    let pending = action.pending();
    let submit = move |ev| {
        let before = checked(ev, pending.into(), invalid, || {
            let Some(before) = midnight(&day.get_untracked()) else {
                return Err(vec![ValidationError::new("before", "before is missing")]);
            };
            let problems = stop_stale(before, now.get_untracked())
                .into_iter()
                .map(|e| ValidationError::new(e.field, format!("{} — {}", e.message, t::WINDOW())))
                .collect();
            valid(before, problems)
        });
        confirming.set(before);
    };
    let confirm = Callback::new(move |_| {
        if let Some(before) = confirming.get_untracked() {
            confirming.set(None);
            action.dispatch_local(before);
        }
    });
    let message = move || match action.value().get() {
        Some(Ok(m)) if !pending.get() => {
            Some(view! { <p class="success" role="status" data-testid="success">{m.message}</p> })
        }
        _ => None,
    };
    view! {
        <form class="form" data-testid="stop-stale-form" on:submit=submit>
            <p class="hint">{t::STOP_STALE_EXPLAIN()}</p>
            <label>
                <span class="label-text">{t::BEFORE()}</span>
                <input type="date" data-testid="stop-stale-before" min=oldest.to_string() max=newest.to_string()
                    prop:value=move || day.get() on:input=move |ev| { confirming.set(None); day.set(event_target_value(&ev)) } />
            </label>
            <Invalid errors=invalid />
            {move || match action.value().get() {
                Some(Err(e)) if !pending.get() => Some(view! {
                    {maybe_applied_notice(&e)}
                    <crate::components::error_view::ErrorView error=e forge=Forge::GitLab />
                }),
                _ => None,
            }}
            {message}
            <div class="actions"><Submit pending=pending label=t::STOP_STALE_BUTTON().to_owned() danger=true testid="stop-stale-submit" /></div>
        </form>
        {move || confirming.get().map(|before| view! {
            <ConfirmDialog
                title=t::STOP_STALE()
                confirm_label=t::STOP_STALE_BUTTON().to_owned()
                pending=pending
                on_confirm=confirm
                on_cancel=Callback::new(move |_| confirming.set(None))
            >
                <p data-testid="stop-stale-confirm">{t::stop_stale_confirm(&before.date_naive().to_string())}</p>
            </ConfirmDialog>
        })}
    }
}

/// The review-app cleanup answer with the parameters it was asked with.
type CleanupAnswer = (CleanupParams, gl_model::ReviewAppsCleanup);

fn cleanup_action(
    target: Signal<Option<(SourceConfig, String)>>,
    reload: Option<Callback<()>>,
) -> Action<CleanupParams, Result<CleanupAnswer, ApiError>> {
    // The real run (a dry run changes nothing): reload on success and on a lost answer.
    let refresh = move || {
        if let Some(r) = reload {
            r.try_run(());
        }
    };
    write_action(
        move || target.get_untracked(),
        |src, project, params: CleanupParams| async move {
            let answer = send(gitlab::delete_review_apps(&src, &project, &params)).await?;
            Ok((params, answer))
        },
        After::refresh(refresh),
    )
}

fn names(list: &[gl_model::BasicEnvironment], testid: &'static str) -> impl IntoView {
    view! {
        <ul class="names" data-testid=testid>
            {list.iter().map(|e| view! { <li class="mono">{e.name.clone()}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn Cleanup(target: Signal<Option<(SourceConfig, String)>>, reload: Callback<()>) -> impl IntoView {
    let day = RwSignal::new(String::new());
    let limit = RwSignal::new("100".to_owned());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let dry = cleanup_action(target, None);
    let real = cleanup_action(target, Some(reload));
    let confirming = RwSignal::new(false);
    let pending = Signal::derive(move || dry.pending().get() || real.pending().get());
    let submit = move |ev| {
        let params = checked(ev, pending, invalid, || {
            let limit_value = limit.get_untracked().trim().parse::<i64>();
            let params = CleanupParams {
                before: midnight(&day.get_untracked()),
                limit: limit_value
                    .as_ref()
                    .ok()
                    .map(|l| (*l).clamp(0, u32::MAX as i64) as u32),
                dry_run: Some(true),
            };
            let mut problems = review_apps_cleanup(&params);
            if limit_value.is_err() && !limit.get_untracked().trim().is_empty() {
                problems.push(ValidationError::new("limit", "limit is invalid"));
            }
            valid(params, problems)
        });
        if let Some(params) = params {
            confirming.set(false);
            real.clear();
            dry.dispatch_local(params);
        }
    };
    let run_real = Callback::new(move |_| {
        if let Some(Ok((params, _))) = dry.value().get_untracked() {
            real.dispatch_local(CleanupParams {
                dry_run: Some(false),
                ..params
            });
        }
    });
    view! {
        <form class="form" data-testid="cleanup-form" on:submit=submit>
            <p class="hint">{t::CLEANUP_EXPLAIN()}</p>
            <div class="filter-fields">
                <label>
                    <span class="label-text">{t::CLEANUP_BEFORE()}</span>
                    <input type="date" data-testid="cleanup-before" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span class="label-text">{t::LIMIT()}</span>
                    <input type="number" min="1" max="1000" data-testid="cleanup-limit" prop:value=move || limit.get() on:input=move |ev| limit.set(event_target_value(&ev)) />
                </label>
            </div>
            <Invalid errors=invalid />
            <Outcome action=dry forge=Forge::GitLab done="" />
            <div class="actions"><Submit pending=pending label=t::DRY_RUN().to_owned() testid="dry-run" /></div>
        </form>
        {move || {
            let (_, answer) = dry.value().get().and_then(Result::ok)?;
            let real_done = real.value().get().and_then(Result::ok);
            Some(view! {
                <section class="cleanup-result" data-testid="dry-run-result">
                    <h4>{t::WOULD_DELETE()} " · " {t::review_apps(answer.scheduled_entries.len())}</h4>
                    {if answer.scheduled_entries.is_empty() {
                        view! { <p class="muted">{t::NOTHING()}</p> }.into_any()
                    } else {
                        names(&answer.scheduled_entries, "would-delete").into_any()
                    }}
                    <h4>{t::CANNOT_DELETE()} " · " {answer.unprocessable_entries.len().to_string()}</h4>
                    {names(&answer.unprocessable_entries, "cannot-delete")}
                    {match real_done {
                        Some((_, done)) => view! {
                            <p class="success" role="status" data-testid="cleanup-done">
                                {t::SCHEDULED()} ": " {t::review_apps(done.scheduled_entries.len())}
                            </p>
                        }.into_any(),
                        None if answer.scheduled_entries.is_empty() => ().into_any(),
                        None if confirming.get() => view! {
                            <ConfirmDialog
                                title=t::CLEANUP()
                                confirm_label=t::REALLY_DELETE().to_owned()
                                pending=pending
                                on_confirm=run_real
                                on_cancel=Callback::new(move |_| confirming.set(false))
                            >
                                <p>{t::CLEANUP_CONFIRM()}</p>
                            </ConfirmDialog>
                        }.into_any(),
                        None => view! {
                            <button type="button" class="danger" data-testid="real-run" on:click=move |_| confirming.set(true)>
                                {t::REALLY_DELETE()}
                            </button>
                        }.into_any(),
                    }}
                    <Outcome action=real forge=Forge::GitLab done="" />
                </section>
            })
        }}
    }
}
