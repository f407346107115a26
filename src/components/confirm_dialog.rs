//! An inline confirmation for destructive actions: says what will happen, optionally asks to
//! type a name, and cannot be confirmed twice while the request is in flight.

use leptos::prelude::*;

use crate::components::write::Submit;
use crate::text::writes as t;

/// A confirmation panel (`data-testid="confirm"`, `role="alertdialog"`). `children` explain what
/// will happen; with `require` the user must type that text before confirming.
#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    #[prop(optional, into)] require: Option<String>,
    children: Children,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let required = require.clone();
    let matches = Signal::derive(move || required.as_ref().is_none_or(|r| typed.with(|t| t == r)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if matches.get_untracked() && !pending.get_untracked() {
            on_confirm.run(());
        }
    };
    let label = title.clone();
    view! {
        <form class="confirm" role="alertdialog" aria-label=label data-testid="confirm" on:submit=submit>
            <p class="confirm-title">{title}</p>
            {children()}
            {require.map(|name| {
                let label = t::type_to_confirm(&name);
                view! {
                    <label>
                        <span class="label-text">{label}</span>
                        <input
                            type="text"
                            data-testid="confirm-text"
                            autocomplete="off"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                        />
                    </label>
                }
            })}
            <div class="actions">
                <Submit
                    pending=pending
                    label=confirm_label
                    testid="confirm-button"
                    danger=true
                    disabled=Signal::derive(move || !matches.get())
                />
                <button type="button" data-testid="confirm-cancel" on:click=move |_| on_cancel.run(())>
                    {t::CANCEL}
                </button>
            </div>
        </form>
    }
}
