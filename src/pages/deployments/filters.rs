//! The deployments page's server-side filters, with the forges' own names and values (option
//! lists come from the models' enums); a draft the user edits, checked by `shipboard-core`
//! before it becomes the URL.

use leptos::prelude::*;
use shipboard_core::model::view::Forge;
use shipboard_core::request::gitlab::{DeploymentStatus, OrderBy, Sort as ServerSort};
use shipboard_core::validate::ValidationError;

use crate::state::{filter_draft, use_state};
use crate::text::deployments as t;
use crate::url;

use super::PER_PAGE;

/// Server-side filters with the forges' own names; checked by `shipboard-core` before sending.
#[component]
pub(super) fn Filters(kind: Forge, invalid: RwSignal<Vec<ValidationError>>) -> impl IntoView {
    let state = use_state();
    let draft = filter_draft();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = draft.get_untracked();
        next.page = 1;
        if kind == Forge::GitLab {
            if let Err(errors) = next.gitlab_deployments(PER_PAGE) {
                invalid.set(errors);
                return;
            }
        }
        invalid.set(Vec::new());
        url::push(state.route, next);
    };
    let clear = move |_| {
        let mut next = state.route.get_untracked();
        next.filters.clear();
        next.page = 1;
        invalid.set(Vec::new());
        url::push(state.route, next);
    };
    let input = move |name: &'static str, label: &'static str, kind_attr: &'static str| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <input
                    type=kind_attr
                    name=name
                    data-testid=format!("filter-{name}")
                    prop:value=move || draft.with(|d| d.filter(name).unwrap_or("").to_string())
                    on:input=move |ev| draft.update(|d| d.set_filter(name, &event_target_value(&ev)))
                />
            </label>
        }
    };
    let select = move |name: &'static str,
                       label: &'static str,
                       default: &'static str,
                       options: Vec<&'static str>| {
        view! {
            <label>
                <span class="label-text">{label}</span>
                <select
                    name=name
                    data-testid=format!("filter-{name}")
                    prop:value=move || draft.with(|d| d.filter(name).unwrap_or("").to_string())
                    on:change=move |ev| draft.update(|d| d.set_filter(name, &event_target_value(&ev)))
                >
                    <option value="">{default}</option>
                    {options.into_iter().map(|o| view! { <option value=o>{o}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let fields = match kind {
        Forge::GitLab => view! {
            {select("status", t::STATUS(), t::ANY(), DeploymentStatus::ALL.iter().map(DeploymentStatus::as_str).collect())}
            {input("environment", t::ENVIRONMENT(), "text")}
            {select("order_by", t::ORDER_BY(), t::DEFAULT_ORDER(), OrderBy::ALL.iter().map(|o| o.as_str()).collect())}
            {select("sort", t::SORT(), t::DEFAULT_SORT(), ServerSort::ALL.iter().map(|s| s.as_str()).collect())}
            {input("updated_after", t::UPDATED_AFTER(), "date")}
            {input("updated_before", t::UPDATED_BEFORE(), "date")}
            {input("finished_after", t::FINISHED_AFTER(), "date")}
            {input("finished_before", t::FINISHED_BEFORE(), "date")}
        }
        .into_any(),
        Forge::GitHub => view! {
            {input("environment", t::ENVIRONMENT(), "text")}
            {input("ref", t::REF(), "text")}
            {input("sha", t::SHA(), "text")}
            {input("task", t::TASK(), "text")}
        }
        .into_any(),
    };
    view! {
        <form class="filters" on:submit=apply data-testid="filters">
            <div class="filter-fields">{fields}</div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="apply-filters">{t::APPLY()}</button>
                <button type="button" on:click=clear>{t::CLEAR()}</button>
            </div>
            {move || {
                let errors = invalid.get();
                (!errors.is_empty())
                    .then(|| {
                        view! {
                            <div class="error-box" role="alert" data-testid="error">
                                <p>{t::INVALID()}</p>
                                <ul>
                                    {errors
                                        .into_iter()
                                        .map(|e| view! { <li><code>{e.field}</code> ": " {e.message}</li> })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </form>
    }
}
