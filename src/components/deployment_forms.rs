//! Deployment writes: a new GitLab deployment; in the deployment drawer, GitLab's status update
//! (only the transitions its state machine allows from the status the server last reported, so an
//! update offers the new status's transitions) and delete, GitHub's new status (with a live
//! 140-character counter) and delete. A write whose answer never arrived reloads the drawer.

use leptos::prelude::*;
use shipboard_core::actions::{next_statuses, updatable};
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::Forge;
use shipboard_core::model::{github as gh_model, gitlab as gl_model};
use shipboard_core::request::github::NewDeploymentStatus;
use shipboard_core::request::gitlab::NewDeployment;
use shipboard_core::request::{github, gitlab};
use shipboard_core::response::ApiError;
use shipboard_core::validate::github::{new_deployment_status, MAX_DESCRIPTION_CHARS, STATES};
use shipboard_core::validate::gitlab::{new_deployment, WRITABLE_STATUSES};
use shipboard_core::validate::ValidationError;

use crate::api::source_of;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::write::{
    acting, maybe_applied_notice, reload_if_maybe_applied, send, send_empty, ActAs, Counter,
    Invalid, Outcome, Submit,
};
use crate::pages::deployments::Target;
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
        status: "running".to_owned(),
        ..NewDeployment::default()
    });
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let mut body = draft.get_untracked();
        body.environment = body.environment.trim().to_owned();
        body.sha = body.sha.trim().to_owned();
        body.ref_ = body.ref_.trim().to_owned();
        let problems = new_deployment(&body);
        invalid.set(problems.clone());
        if problems.is_empty() {
            action.dispatch_local(body);
        }
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
                {t::CREATED} " #" {d.iid.to_string()} " (" {d.status.as_str().to_owned()} ")"
            </p>
        }),
        _ => None,
    };
    view! {
        <form class="form" data-testid="deployment-form" on:submit=submit>
            <datalist id="env-names">
                {move || environments.get().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
            </datalist>
            {field(t::ENVIRONMENT, "dep-environment", |d| d.environment.clone(), |d, v| d.environment = v)}
            {field(t::SHA, "dep-sha", |d| d.sha.clone(), |d, v| d.sha = v)}
            {field(t::REF, "dep-ref", |d| d.ref_.clone(), |d, v| d.ref_ = v)}
            <label class="check">
                <input type="checkbox" data-testid="dep-tag" prop:checked=move || draft.with(|d| d.tag)
                    on:change=move |ev| draft.update(|d| d.tag = event_target_checked(&ev)) />
                " " {t::TAG}
            </label>
            <label>
                <span class="label-text">{t::STATUS}</span>
                <select data-testid="dep-status" prop:value=move || draft.with(|d| d.status.clone())
                    on:change=move |ev| draft.update(|d| d.status = event_target_value(&ev))>
                    {WRITABLE_STATUSES.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
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
            <div class="actions"><Submit pending=pending label=t::CREATE.to_owned() testid="create-deployment" /></div>
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let body = NewDeploymentStatus {
            state: state_.get_untracked(),
            target_url: None,
            log_url: some(&log_url.get_untracked()),
            description: Some(description.get_untracked()).filter(|d| !d.trim().is_empty()),
            environment: some(&env.get_untracked()),
            environment_url: some(&env_url.get_untracked()),
            auto_inactive: Some(auto_inactive.get_untracked()),
        };
        let problems = new_deployment_status(&body);
        invalid.set(problems.clone());
        if problems.is_empty() {
            action.dispatch_local(body);
        }
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
                <span class="label-text">{t::STATE}</span>
                <select data-testid="status-state" prop:value=move || state_.get() on:change=move |ev| state_.set(event_target_value(&ev))>
                    {STATES.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span class="label-text">{t::DESCRIPTION} " " <Counter text=description max=MAX_DESCRIPTION_CHARS /></span>
                <textarea data-testid="status-description" rows="2" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </label>
            {input(t::LOG_URL, "status-log-url", "url", log_url)}
            {input(t::ENVIRONMENT, "status-environment", "text", env)}
            {input(t::ENVIRONMENT_URL, "status-environment-url", "url", env_url)}
            <label class="check">
                <input type="checkbox" data-testid="status-auto-inactive" prop:checked=move || auto_inactive.get()
                    on:change=move |ev| auto_inactive.set(event_target_checked(&ev)) />
                " " {t::AUTO_INACTIVE}
            </label>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitHub done=t::STATUS_CREATED />
            <div class="actions"><Submit pending=pending label=t::CREATE_STATUS.to_owned() testid="create-status" /></div>
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
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let status = chosen.get_untracked();
        let problems = shipboard_core::validate::gitlab::deployment_update(&status);
        invalid.set(problems.clone());
        if problems.is_empty() {
            action.dispatch_local(status);
        }
    };
    view! {
        <form class="form" data-testid="update-form" on:submit=submit>
            <label>
                <span class="label-text">{t::STATUS}</span>
                <select data-testid="update-status" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {options.iter().map(|s| view! { <option value=*s>{*s}</option> }).collect_view()}
                </select>
            </label>
            <p class="hint">{t::TRANSITIONS}</p>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitLab done=t::UPDATED />
            <div class="actions"><Submit pending=pending label=t::UPDATE_BUTTON.to_owned() testid="update-submit" /></div>
        </form>
    }
}

/// The write actions of deployment `id` in the drawer (`data-testid="deployment-actions"`).
#[component]
pub fn DeploymentActions(id: u64) -> impl IntoView {
    let state = use_state();
    let user = RwSignal::new(None::<String>);
    let target = Target::from_route(
        &state.route.get_untracked(),
        state.current_source().map(|(_, s)| s),
    );
    let Some(target) = target else {
        return ().into_any();
    };
    let kind = target.source.kind;
    let base = target.source.clone();
    let project = target.project.clone();
    let users = state.users;
    let writer = move || -> SourceConfig {
        acting(
            &base,
            user.get_untracked().as_deref(),
            &users.get_untracked(),
        )
    };
    let deleting = RwSignal::new(false);

    let delete = {
        let project = project.clone();
        let writer = writer.clone();
        Action::new_local(move |_: &()| {
            let src = writer();
            let project = project.clone();
            async move {
                let req = match src.kind {
                    Forge::GitLab => gitlab::delete_deployment(&source_of(&src), &project, id),
                    Forge::GitHub => {
                        let (owner, repo) = project.split_once('/').unwrap_or((&project, ""));
                        github::delete_deployment(&source_of(&src), owner, repo, id)
                    }
                };
                let r = send_empty(req).await;
                if r.is_ok() {
                    let mut next = state.route.get_untracked();
                    next.deployment = None;
                    url::push(state.route, next);
                    state.changed();
                }
                // The drawer and the table reload: the deployment may be gone.
                reload_if_maybe_applied(&r, || state.changed());
                r
            }
        })
    };
    let delete_panel = move |explain: &'static str| {
        view! {
            <section class="detail-section" data-testid="delete-deployment">
                <h3>{t::DELETE}</h3>
                <p class="hint">{explain}</p>
                {move || if deleting.get() {
                    view! {
                        <ConfirmDialog
                            title=t::DELETE
                            confirm_label=t::DELETE.to_owned()
                            pending=delete.pending()
                            on_confirm=Callback::new(move |_| { delete.dispatch_local(()); })
                            on_cancel=Callback::new(move |_| deleting.set(false))
                        >
                            <p>{t::DELETE_CONFIRM}</p>
                        </ConfirmDialog>
                    }.into_any()
                } else {
                    view! { <button type="button" class="danger-outline" data-testid="delete-deployment-button" on:click=move |_| deleting.set(true)>{t::DELETE}</button> }.into_any()
                }}
                <Outcome action=delete forge=kind done=t::DELETED />
            </section>
        }
    };

    match kind {
        Forge::GitLab => {
            let project_for_load = project.clone();
            let src_for_load = target.source.clone();
            let loaded = LocalResource::new(move || {
                let src = src_for_load.clone();
                let project = project_for_load.clone();
                async move {
                    send::<gl_model::Deployment>(gitlab::get_deployment(
                        &source_of(&src),
                        &project,
                        id,
                    ))
                    .await
                }
            });
            // The status the last update's answer reported: the transitions offered start there.
            let answered = RwSignal::new(None::<gl_model::DeploymentStatus>);
            let update = {
                let project = project.clone();
                Action::new_local(move |status: &String| {
                    let src = writer();
                    let project = project.clone();
                    let status = status.clone();
                    async move {
                        let req =
                            gitlab::update_deployment(&source_of(&src), &project, id, &status);
                        let r = send::<gl_model::Deployment>(req).await;
                        if let Ok(d) = &r {
                            answered.set(Some(d.status.clone()));
                            // Re-shows the drawer and the table with fresh data.
                            state.changed();
                        }
                        reload_if_maybe_applied(&r, || {
                            // The status is unknown now: offer what the server says after a reload.
                            answered.set(None);
                            loaded.refetch();
                            state.changed();
                        });
                        r
                    }
                })
            };
            view! {
                <section class="detail-section deployment-actions" data-testid="deployment-actions">
                    <h3>{t::ACTIONS}</h3>
                    <ActAs user=user />
                    <h4>{t::UPDATE}</h4>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match loaded.await {
                                Ok(d) if updatable(&d) => {
                                    let current = Memo::new(move |_| answered.get().unwrap_or_else(|| d.status.clone()));
                                    // A new status re-creates the form with that status's transitions.
                                    (move || view! { <UpdateStatusForm current=current.get() action=update /> }).into_any()
                                }
                                Ok(_) => view! { <p class="hint" data-testid="ci-made">{t::CI_MADE}</p> }.into_any(),
                                Err(_) => ().into_any(),
                            }
                        })}
                    </Suspense>
                    {delete_panel(t::DELETE_REFUSALS)}
                </section>
            }
            .into_any()
        }
        Forge::GitHub => {
            let create = {
                let project = project.clone();
                Action::new_local(move |body: &NewDeploymentStatus| {
                    let src = writer();
                    let project = project.clone();
                    let body = body.clone();
                    async move {
                        let (owner, repo) = project.split_once('/').unwrap_or((&project, ""));
                        let req = github::create_deployment_status(
                            &source_of(&src),
                            owner,
                            repo,
                            id,
                            &body,
                        );
                        let r = send::<gh_model::DeploymentStatus>(req).await;
                        if r.is_ok() {
                            // Re-shows the drawer and the table with fresh data.
                            state.changed();
                        }
                        reload_if_maybe_applied(&r, || state.changed());
                        r
                    }
                })
            };
            view! {
                <section class="detail-section deployment-actions" data-testid="deployment-actions">
                    <h3>{t::NEW_STATUS}</h3>
                    <ActAs user=user />
                    <GitHubStatusForm environment=String::new() action=create />
                    {delete_panel(t::GITHUB_DELETE)}
                </section>
            }
            .into_any()
        }
    }
}
