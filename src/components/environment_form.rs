//! The environment form, for a new environment (name, external URL, tier, description) and for
//! editing one (the name is shown read-only: GitLab no longer lets it change).

use leptos::prelude::*;
use shipboard_core::model::gitlab as gl_model;
use shipboard_core::model::view::Forge;
use shipboard_core::request::gitlab::{EnvironmentUpdate, NewEnvironment};
use shipboard_core::response::ApiError;
use shipboard_core::validate::ValidationError;

use crate::components::write::{submit, valid, Invalid, Outcome, Submit};
use crate::text::environments as t;
use crate::text::writes as w;

/// What the form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvironmentDraft {
    /// Name (read-only when editing).
    pub name: String,
    /// External URL.
    pub external_url: String,
    /// Tier, or empty for the server's guess.
    pub tier: String,
    /// Description.
    pub description: String,
}

fn some(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl EnvironmentDraft {
    /// The draft of an existing environment.
    pub fn of(e: &gl_model::Environment) -> EnvironmentDraft {
        EnvironmentDraft {
            name: e.name.clone(),
            external_url: e.external_url.clone().unwrap_or_default(),
            tier: e
                .tier
                .as_ref()
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
            description: e.description.clone().unwrap_or_default(),
        }
    }

    /// The body of a create.
    pub fn to_new(&self) -> NewEnvironment {
        NewEnvironment {
            name: self.name.trim().to_owned(),
            external_url: some(&self.external_url),
            tier: some(&self.tier).map(|t| gl_model::Tier::parse(&t)),
            description: some(&self.description),
            auto_stop_setting: None,
        }
    }

    /// The body of an update (an emptied URL or description is sent empty, to clear it).
    pub fn to_update(&self) -> EnvironmentUpdate {
        EnvironmentUpdate {
            external_url: Some(self.external_url.trim().to_owned()),
            tier: some(&self.tier).map(|t| gl_model::Tier::parse(&t)),
            description: Some(self.description.trim().to_owned()),
            auto_stop_setting: None,
        }
    }

    /// Problems the server would refuse (a new environment needs a name).
    pub fn problems(&self, editing: bool) -> Vec<ValidationError> {
        if !editing && self.name.trim().is_empty() {
            return vec![ValidationError::new("name", t::NAME_REQUIRED())];
        }
        Vec::new()
    }
}

/// The form (`data-testid="environment-form"`). Submitting dispatches `action` with the draft;
/// the draft is kept whatever the answer. `initial` is read once, when the form is made: what is
/// typed is never replaced by later data (mount the form where its parent does not re-create it).
/// Editing, `initial` holds the server's raw values (an `external_url` the link check refuses
/// included), so saving never wipes a field the user did not touch.
#[component]
pub fn EnvironmentForm(
    initial: EnvironmentDraft,
    editing: bool,
    action: Action<EnvironmentDraft, Result<gl_model::Environment, ApiError>>,
    #[prop(optional)] on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let draft = RwSignal::new(initial);
    let invalid = RwSignal::new(Vec::<ValidationError>::new());
    let pending = action.pending();
    let submit = move |ev| {
        submit(ev, action, invalid, || {
            let d = draft.get_untracked();
            let problems = d.problems(editing);
            valid(d, problems)
        })
    };
    let text = move |label: &'static str,
                     testid: &'static str,
                     get: fn(&EnvironmentDraft) -> &String,
                     set: fn(&mut EnvironmentDraft, String),
                     kind: &'static str| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input
                    type=kind
                    data-testid=testid
                    prop:value=move || draft.with(|d| get(d).clone())
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))
                />
            </label>
        }
    };
    view! {
        <form class="form env-form" data-testid="environment-form" on:submit=submit>
            {if editing {
                view! {
                    <label>
                        <span class="label-text">{t::FIELD_NAME()}</span>
                        <input type="text" data-testid="env-name" readonly prop:value=move || draft.with(|d| d.name.clone()) aria-describedby="env-name-hint" />
                        <span class="hint" id="env-name-hint">{t::NAME_READ_ONLY()}</span>
                    </label>
                }.into_any()
            } else {
                text(t::FIELD_NAME(), "env-name", |d| &d.name, |d, v| d.name = v, "text").into_any()
            }}
            {text(t::FIELD_URL(), "env-url", |d| &d.external_url, |d, v| d.external_url = v, "url")}
            <label>
                <span class="label-text">{t::FIELD_TIER()}</span>
                <select
                    data-testid="env-tier"
                    prop:value=move || draft.with(|d| d.tier.clone())
                    on:change=move |ev| draft.update(|d| d.tier = event_target_value(&ev))
                >
                    <option value="">{t::TIER_DEFAULT()}</option>
                    {gl_model::Tier::ALL.iter().map(|x| view! { <option value=x.as_str()>{x.as_str()}</option> }).collect_view()}
                </select>
            </label>
            <label>
                <span class="label-text">{t::FIELD_DESCRIPTION()}</span>
                <textarea
                    data-testid="env-description"
                    rows="2"
                    prop:value=move || draft.with(|d| d.description.clone())
                    on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))
                ></textarea>
            </label>
            <Invalid errors=invalid />
            <Outcome action=action forge=Forge::GitLab done=w::DONE() />
            <div class="actions">
                <Submit pending=pending label=if editing { t::SAVE() } else { t::CREATE() } />
                {on_cancel.map(|c| view! {
                    <button type="button" data-testid="cancel" on:click=move |_| c.run(())>{w::CANCEL()}</button>
                })}
            </div>
        </form>
    }
}
