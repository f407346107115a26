//! Deployment writes: a new GitLab deployment; in the deployment drawer, GitLab's status update
//! (only the transitions its state machine allows from the status the server last reported, so an
//! update offers the new status's transitions) and delete, GitHub's new status (with a live
//! 140-character counter) and delete. A write whose answer never arrived reloads the drawer.

use leptos::prelude::*;
use shipboard_core::actions::{next_statuses, updatable};
use shipboard_core::model::view::Forge;
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::request::github::NewDeploymentStatus;
use shipboard_core::request::gitlab::NewDeployment;
use shipboard_core::request::{github, gitlab};
use shipboard_core::response::ApiError;
use shipboard_core::route::Target;
use shipboard_core::validate::github::{new_deployment_status, MAX_DESCRIPTION_CHARS};
use shipboard_core::validate::gitlab::new_deployment;
use shipboard_core::validate::ValidationError;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::write::{
    acting, maybe_applied_notice, send, send_empty, submit, valid, write_action, ActAs, After,
    Counter, Invalid, Outcome, Submit,
};
use crate::state::use_state;
use crate::text::writes::deployment as t;
use crate::url;

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The new-deployment form (`data-testid="deployment-form"`); `environments` feed suggestions.
#[component]
pub fn NewDeploymentForm(
    #[prop(into)] environments: Signal<Vec<String>>,
    action: Action<NewDeployment, Result<gl_model::Deployment, ApiError>>,
) -> impl IntoView {
    let draft = RwSignal::new(NewDeployment {
        status: gl_model::DeploymentStatus::Running,
        ..NewDeployment::default()
    });
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let submit = move |ev| {
        submit(ev, action, invalid, || {
            let mut body = draft.get_untracked();
            body.environment = body.environment.trim().to_owned();
            body.sha = body.sha.trim().to_owned();
            body.ref_ = body.ref_.trim().to_owned();
            let problems = new_deployment(&body);
            valid(body, problems)
        })
    };
    let field = move |label: &'static str,
                      testid: &'static str,
                      get: fn(&NewDeployment) -> String,
                      set: fn(&mut NewDeployment, String)| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input type="text" data-testid=testid list=(testid == "dep-environment").then_some("env-names")
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
            </label>
        }
    };
    let created = move || match action.value().get() {
        Some(Ok(d)) if !pending.get() => Some(view! {
            <p class="success" role="status" data-testid="success">
                {t::CREATED()} " #" {d.iid.to_string()} " (" {d.status.as_str().to_owned()} ")"
            </p>
        }),
        _ => None,
    };
    view! {
        <form class="form" data-testid="deployment-form" on:submit=submit>
            <datalist id="env-names">
                {move || environments.get().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
            </datalist>
            {field(t::ENVIRONMENT(), "dep-environment", |d| d.environment.clone(), |d, v| d.environment = v)}
            {field(t::SHA(), "dep-sha", |d| d.sha.clone(), |d, v| d.sha = v)}
            {field(t::REF(), "dep-ref", |d| d.ref_.clone(), |d, v| d.ref_ = v)}
            <label class="check">
                <input type="checkbox" data-testid="dep-tag" prop:checked=move || draft.with(|d| d.tag)
                    on:change=move |ev| draft.update(|d| d.tag = event_target_checked(&ev)) />
                " " {t::TAG()}
            </label>
            <label>
                <span class="label-text">{t::STATUS()}</span>
                <select data-testid="dep-status" prop:value=move || draft.with(|d| d.status.as_str().to_owned())
                    on:change=move |ev| draft.update(|d| d.status = gl_model::DeploymentStatus::parse(&event_target_value(&ev)))>
                    {gl_model::DeploymentStatus::WRITABLE.iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <Invalid errors=invalid />
            {move || match action.value().get() {
                Some(Err(e)) if !pending.get() => Some(view! {
                    {maybe_applied_notice(&e)}
                    <ErrorView error=e forge=Forge::GitLab />
                }),
                _ => None,
            }}
            {created}
            <div class="actions"><Submit pending=pending label=t::CREATE().to_owned() testid="create-deployment" /></div>
        </form>
    }
}

/// GitHub's new-status form (`data-testid="status-form"`); a description over 140 characters is
/// stopped before sending.
#[component]
pub fn GitHubStatusForm(
    #[prop(into)] environment: String,
    action: Action<NewDeploymentStatus, Result<gh_model::DeploymentStatus, ApiError>>,
) -> impl IntoView {
    let state_ = RwSignal::new("success".to_owned());
    let description = RwSignal::new(String::new());
    let log_url = RwSignal::new(String::new());
    let env = RwSignal::new(environment);
    let env_url = RwSignal::new(String::new());
    let auto_inactive = RwSignal::new(true);
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let submit = move |ev| {
        submit(ev, action, invalid, || {
            let body = NewDeploymentStatus {
                state: gh_model::StatusState::parse(&state_.get_untracked()),
                target_url: None,
                log_url: some(&log_url.get_untracked()),
                description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
                environment: some(&env.get_untracked()),
                environment_url: some(&env_url.get_untracked()),
                auto_inactive: Some(auto_inactive.get_untracked()),
            };
            let problems = new_deployment_status(&body);
            valid(body, problems)
        })
    };
    let input = move |label: &'static str,
                      testid: &'static str,
                      kind: &'static str,
                      sig: RwSignal<String>| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input type=kind data-testid=testid prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <form class="form" data-testid="status-form" on:submit=submit>
            <label>
                <span class="label-text">{t::STATE()}</span>
                <select data-testid="status-state" prop:value=move || state_.get() on:change=move |ev| state_.set(event_target_value(&ev))>
                    {gh_model::StatusState::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span class="label-text">{t::DESCRIPTION()} " " <Counter text=description max=MAX_DESCRIPTION_CHARS /></span>
                <textarea data-testid="status-description" rows="2" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </label>
            {input(t::LOG_URL(), "status-log-url", "url", log_url)}
            {input(t::ENVIRONMENT(), "status-environment", "text", env)}
            {input(t::ENVIRONMENT_URL(), "status-environment-url", "url", env_url)}
            <label class="check">
                <input type="checkbox" data-testid="status-auto-inactive" prop:checked=move || auto_inactive.get()
                    on:change=move |ev| auto_inactive.set(event_target_checked(&ev)) />
                " " {t::AUTO_INACTIVE()}
            </label>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitHub done=t::STATUS_CREATED() />
            <div class="actions"><Submit pending=pending label=t::CREATE_STATUS().to_owned() testid="create-status" /></div>
        </form>
    }
}

/// GitLab's status update: a choice among the allowed transitions (`data-testid="update-form"`).
#[component]
pub fn UpdateStatusForm(
    current: gl_model::DeploymentStatus,
    action: Action<String, Result<gl_model::Deployment, ApiError>>,
) -> impl IntoView {
    let options = next_statuses(&current);
    let chosen = RwSignal::new(options.first().map(|s| s.to_string()).unwrap_or_default());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let submit = move |ev| {
        submit(ev, action, invalid, || {
            let status = chosen.get_untracked();
            let problems =
                shipboard_core::validate::gitlab::deployment_update(&status.as_str().into());
            valid(status, problems)
        })
    };
    view! {
        <form class="form" data-testid="update-form" on:submit=submit>
            <label>
                <span class="label-text">{t::STATUS()}</span>
                <select data-testid="update-status" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {options.iter().map(|s| view! { <option value=s.as_str()>{s.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <p class="hint">{t::TRANSITIONS()}</p>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitLab done=t::UPDATED() />
            <div class="actions"><Submit pending=pending label=t::UPDATE_BUTTON().to_owned() testid="update-submit" /></div>
        </form>
    }
}

/// The write actions of deployment `id` of `target` in the drawer
/// (`data-testid="deployment-actions"`). `deployment` is the drawer's loaded GitLab deployment
/// (`None` while it loads, and for GitHub): the update form offers its status's transitions.
#[component]
pub fn DeploymentActions(
    target: Target,
    id: u64,
    #[prop(into)] deployment: Signal<Option<gl_model::Deployment>>,
) -> impl IntoView {
    let state = use_state();
    let user = RwSignal::new(None::<String>);
    let kind = target.source.kind;
    let users = state.users;
    // The acting source (the chosen user's token, if any) and the project, read on submit.
    let dest = move || {
        let src = acting(
            &target.source,
            user.get_untracked().as_deref(),
            &users.get_untracked(),
        );
        Some((src, target.project.clone()))
    };
    let deleting = RwSignal::new(false);

    let delete = write_action(
        dest.clone(),
        move |src, project, ()| {
            send_empty(match kind {
                Forge::GitLab => gitlab::delete_deployment(&src, &project, id),
                Forge::GitHub => {
                    let (owner, repo) = project.split_once('/').unwrap_or((&project, ""));
                    github::delete_deployment(&src, owner, repo, id)
                }
            })
        },
        After::done(move |_: &()| {
            let mut next = state.route.get_untracked();
            next.deployment = None;
            url::push(state.route, next);
            state.changed();
        })
        // The drawer and the table reload: the deployment may be gone.
        .or_unsure(move || state.changed()),
    );
    let delete_panel = move |explain: &'static str| {
        view! {
            <section class="detail-section" data-testid="delete-deployment">
                <h3>{t::DELETE()}</h3>
                <p class="hint">{explain}</p>
                {move || if deleting.get() {
                    view! {
                        <ConfirmDialog
                            title=t::DELETE()
                            confirm_label=t::DELETE().to_owned()
                            pending=delete.pending()
                            on_confirm=Callback::new(move |_| { delete.dispatch_local(()); })
                            on_cancel=Callback::new(move |_| deleting.set(false))
                        >
                            <p>{t::DELETE_CONFIRM()}</p>
                        </ConfirmDialog>
                    }.into_any()
                } else {
                    view! { <button type="button" class="danger-outline" data-testid="delete-deployment-button" on:click=move |_| deleting.set(true)>{t::DELETE()}</button> }.into_any()
                }}
                <Outcome action=delete forge=kind done=t::DELETED() />
            </section>
        }
    };

    match kind {
        Forge::GitLab => {
            // The status the last update's answer reported, until the drawer has reloaded: the
            // transitions offered start there.
            let answered = RwSignal::new(None::<gl_model::DeploymentStatus>);
            let update = write_action(
                dest,
                move |src, project, status: String| {
                    send(gitlab::update_deployment(
                        &src,
                        &project,
                        id,
                        &status.as_str().into(),
                    ))
                },
                After::done(move |d: &gl_model::Deployment| {
                    answered.try_set(Some(d.status.clone()));
                    // Re-shows the drawer and the table with fresh data.
                    state.changed();
                })
                .or_unsure(move || {
                    // The status is unknown now: offer what the server says after the reload.
                    answered.try_set(None);
                    state.changed();
                }),
            );
            // The form for the current status; a new status re-creates it with its transitions.
            let current = Memo::new(move |_| {
                let d = deployment.get()?;
                Some(if updatable(&d) {
                    Ok(answered.get().unwrap_or(d.status))
                } else {
                    Err(())
                })
            });
            view! {
                <section class="detail-section deployment-actions" data-testid="deployment-actions">
                    <h3>{t::ACTIONS()}</h3>
                    <ActAs user=user />
                    <h4>{t::UPDATE()}</h4>
                    {move || match current.get() {
                        Some(Ok(status)) => view! { <UpdateStatusForm current=status action=update /> }.into_any(),
                        Some(Err(())) => view! { <p class="hint" data-testid="ci-made">{t::CI_MADE()}</p> }.into_any(),
                        None => ().into_any(),
                    }}
                    {delete_panel(t::DELETE_REFUSALS())}
                </section>
            }
            .into_any()
        }
        Forge::GitHub => {
            let create = write_action(
                dest,
                move |src, project, body: NewDeploymentStatus| {
                    let (owner, repo) = project.split_once('/').unwrap_or((&project, ""));
                    send(github::create_deployment_status(
                        &src, owner, repo, id, &body,
                    ))
                },
                // Re-shows the drawer and the table with fresh data.
                After::refresh(move || state.changed()),
            );
            let create: Action<_, Result<gh_model::DeploymentStatus, ApiError>> = create;
            view! {
                <section class="detail-section deployment-actions" data-testid="deployment-actions">
                    <h3>{t::NEW_STATUS()}</h3>
                    <ActAs user=user />
                    <GitHubStatusForm environment=String::new() action=create />
                    {delete_panel(t::GITHUB_DELETE())}
                </section>
            }
            .into_any()
        }
    }
}
