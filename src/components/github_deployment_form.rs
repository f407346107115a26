//! GitHub's "New deployment" on the environments page (`data-testid="github-new-deployment"`):
//! ref, environment, task, description, `auto_merge`, `required_contexts` (all, none — an empty
//! list — or only listed contexts, with what will be sent shown), a JSON payload checked before
//! sending, `transient_environment` and `production_environment`. GitHub's three answers are
//! explained: 201 created (the environments reload), 202 auto-merged with nothing deployed, 409
//! merge conflict or failing status checks (with the contexts and what to do).

use leptos::prelude::*;
use shipboard_core::config::SourceConfig;
use shipboard_core::model::view::Forge;
use shipboard_core::request::github::{self, NewDeployment};
use shipboard_core::response::github::{ConflictReason, NewDeploymentAnswer, NewDeploymentRefusal};
use shipboard_core::validate::github::{
    deployment_draft, required_contexts, ContextsChoice, DeploymentDraft,
};
use shipboard_core::validate::ValidationError;

use crate::components::error_view::ErrorView;
use crate::components::write::{
    maybe_applied_notice, send_github_deployment, submit, write_action, After, Invalid, Submit,
};
use crate::state::use_state;
use crate::text::writes::github_deployment as t;

/// What a submit ends with.
pub type Answer = Result<NewDeploymentAnswer, NewDeploymentRefusal>;

/// The section with its "New deployment" button and, when open, the form.
#[component]
pub fn GitHubNewDeployment(
    /// The acting source and the repository (`owner/repo`).
    #[prop(into)]
    target: Signal<Option<(SourceConfig, String)>>,
    /// Environment names, for suggestions.
    #[prop(into)]
    environments: Signal<Vec<String>>,
    /// Something may have been deployed: reload what shows deployments.
    reload: Callback<()>,
) -> impl IntoView {
    let state = use_state();
    let open = RwSignal::new(false);
    // Something was (or may have been) deployed: reload what shows deployments. An auto-merge
    // (202) deployed nothing.
    let deployed = move || {
        reload.try_run(());
        state.changed();
    };
    let action = write_action(
        move || target.get_untracked(),
        |src, project, body: NewDeployment| {
            let (owner, repo) = project.split_once('/').unwrap_or((&project, ""));
            send_github_deployment(github::create_deployment(&src, owner, repo, &body))
        },
        After::done(move |answer: &NewDeploymentAnswer| {
            if matches!(answer, NewDeploymentAnswer::Created(_)) {
                deployed();
            }
        })
        .or_unsure(deployed),
    );
    view! {
        <section class="project-actions" data-testid="github-new-deployment" aria-label=t::SECTION()>
            <p class="hint">{t::HINT()}</p>
            <div class="actions">
                <button type="button" data-testid="open-github-new-deployment"
                    aria-expanded=move || open.get().to_string() class:active=move || open.get()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {t::NEW()}
                </button>
            </div>
            {move || open.get().then(|| view! { <GitHubDeploymentForm environments=environments action=action /> })}
        </section>
    }
}

/// The answer to the last submit, explained.
fn outcome(answer: Answer) -> AnyView {
    match answer {
        Ok(NewDeploymentAnswer::Created(d)) => view! {
            <p class="success" role="status" data-testid="gh-dep-created">
                {t::created(d.id, &d.git_ref, &d.environment)}
            </p>
        }
        .into_any(),
        Ok(NewDeploymentAnswer::AutoMerged { message }) => view! {
            <div class="warning" role="status" data-testid="gh-dep-merged">
                <p><strong>{t::MERGED_TITLE()}</strong> " " {message}</p>
                <p>{t::MERGED_ADVICE()}</p>
            </div>
        }
        .into_any(),
        Err(NewDeploymentRefusal {
            error,
            conflict: Some(c),
        }) => {
            let (reason, advice) = match c.reason {
                ConflictReason::MergeConflict => ("merge", t::MERGE_CONFLICT_ADVICE()),
                ConflictReason::StatusChecks => ("checks", t::CHECKS_ADVICE()),
                ConflictReason::Other => ("other", t::OTHER_CONFLICT_ADVICE()),
            };
            let status = error.status.map(|s| format!("HTTP {s}"));
            let contexts = (!c.contexts.is_empty()).then(|| {
                view! {
                    <p>{t::FAILING_CONTEXTS()}</p>
                    <ul data-testid="gh-dep-contexts-failed">
                        {c.contexts
                            .into_iter()
                            .map(|s| view! { <li><code>{s.context}</code> " " {s.state}</li> })
                            .collect_view()}
                    </ul>
                }
            });
            view! {
                <div class="error-box" role="alert" data-testid="gh-dep-conflict" data-reason=reason>
                    <p class="error-message">
                        {status.map(|s| view! { <span class="error-status">{s}</span> })}
                        {c.message}
                    </p>
                    {contexts}
                    <p class="error-advice">{advice}</p>
                </div>
            }
            .into_any()
        }
        Err(NewDeploymentRefusal { error, .. }) => view! {
            {maybe_applied_notice(&error)}
            <ErrorView error=error forge=Forge::GitHub />
        }
        .into_any(),
    }
}

/// The form (`data-testid="github-deployment-form"`): checked by `shipboard-core` before
/// `action` is dispatched (a bad payload or an empty "only these" list sends nothing); the input is
/// kept whatever the answer.
#[component]
pub fn GitHubDeploymentForm(
    #[prop(into)] environments: Signal<Vec<String>>,
    action: Action<NewDeployment, Answer>,
) -> impl IntoView {
    let draft = RwSignal::new(DeploymentDraft::default());
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let submit = move |ev| {
        submit(ev, action, invalid, || {
            deployment_draft(&draft.get_untracked())
        })
    };
    let text = move |label: &'static str,
                     testid: &'static str,
                     get: fn(&DeploymentDraft) -> String,
                     set: fn(&mut DeploymentDraft, String)| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input type="text" data-testid=testid list=(testid == "gh-dep-environment").then_some("gh-env-names")
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
            </label>
        }
    };
    let radio = move |choice: ContextsChoice, label: &'static str, testid: &'static str| {
        view! {
            <label class="check">
                <input type="radio" name="required_contexts" data-testid=testid
                    prop:checked=move || draft.with(|d| d.contexts == choice)
                    on:change=move |_| draft.update(|d| d.contexts = choice) />
                " " {label}
            </label>
        }
    };
    let preview = move || {
        draft.with(|d| match required_contexts(d.contexts, &d.contexts_text) {
            Some(list) if list.is_empty() && d.contexts == ContextsChoice::Only => {
                t::CONTEXTS_ONLY_EMPTY().to_owned()
            }
            sent => t::contexts_preview(sent.as_deref()),
        })
    };
    let production = move || match draft.with(|d| d.production_environment) {
        None => "",
        Some(true) => "true",
        Some(false) => "false",
    };
    view! {
        <form class="form" data-testid="github-deployment-form" on:submit=submit>
            <datalist id="gh-env-names">
                {move || environments.get().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
            </datalist>
            {text(t::REF(), "gh-dep-ref", |d| d.ref_.clone(), |d, v| d.ref_ = v)}
            {text(t::ENVIRONMENT(), "gh-dep-environment", |d| d.environment.clone(), |d, v| d.environment = v)}
            {text(t::TASK(), "gh-dep-task", |d| d.task.clone(), |d, v| d.task = v)}
            {text(t::DESCRIPTION(), "gh-dep-description", |d| d.description.clone(), |d, v| d.description = v)}
            <label class="check">
                <input type="checkbox" data-testid="gh-dep-auto-merge" prop:checked=move || draft.with(|d| d.auto_merge)
                    on:change=move |ev| draft.update(|d| d.auto_merge = event_target_checked(&ev)) />
                " " {t::AUTO_MERGE()}
            </label>
            <fieldset data-testid="gh-dep-contexts-choice">
                <legend>{t::CONTEXTS()}</legend>
                {radio(ContextsChoice::All, t::CONTEXTS_ALL(), "gh-dep-contexts-all")}
                {radio(ContextsChoice::None, t::CONTEXTS_NONE(), "gh-dep-contexts-none")}
                {radio(ContextsChoice::Only, t::CONTEXTS_ONLY(), "gh-dep-contexts-only")}
                <label>
                    <span class="label-text">{t::CONTEXTS_LIST()}</span>
                    // Typing a context chooses "Only these contexts".
                    <textarea data-testid="gh-dep-contexts" rows="2" prop:value=move || draft.with(|d| d.contexts_text.clone())
                        on:input=move |ev| draft.update(|d| {
                            d.contexts_text = event_target_value(&ev);
                            d.contexts = ContextsChoice::Only;
                        })></textarea>
                </label>
                <p class="hint" data-testid="gh-dep-contexts-preview" aria-live="polite">{preview}</p>
            </fieldset>
            <label>
                <span class="label-text">{t::PAYLOAD()}</span>
                <textarea data-testid="gh-dep-payload" rows="3" spellcheck="false" prop:value=move || draft.with(|d| d.payload.clone())
                    on:input=move |ev| draft.update(|d| d.payload = event_target_value(&ev))></textarea>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="gh-dep-transient" prop:checked=move || draft.with(|d| d.transient_environment)
                    on:change=move |ev| draft.update(|d| d.transient_environment = event_target_checked(&ev)) />
                " " {t::TRANSIENT()}
            </label>
            <label>
                <span class="label-text">{t::PRODUCTION()}</span>
                <select data-testid="gh-dep-production" prop:value=production
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| d.production_environment = match v.as_str() {
                            "true" => Some(true),
                            "false" => Some(false),
                            _ => None,
                        });
                    }>
                    <option value="">{t::PRODUCTION_DEFAULT()}</option>
                    <option value="true">{t::YES()}</option>
                    <option value="false">{t::NO()}</option>
                </select>
            </label>
            <Invalid errors=invalid />
            {move || match action.value().get() {
                Some(answer) if !pending.get() => Some(outcome(answer)),
                _ => None,
            }}
            <div class="actions"><Submit pending=pending label=t::CREATE().to_owned() testid="gh-dep-submit" /></div>
        </form>
    }
}
