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
    // Keyboard: focus moves in when it appears (to the text to type, else to Cancel, the safe
    // choice), Tab stays inside, Escape cancels, and focus goes back to what opened it.
    crate::focus::return_focus_on_close("[data-testid=confirm]", None);
    let root = NodeRef::<leptos::html::Form>::new();
    let first = if require.is_some() {
        "[data-testid=confirm-text]"
    } else {
        "[data-testid=confirm-cancel]"
    };
    Effect::new(move |_| {
        if let Some(form) = root.get() {
            if let Ok(Some(el)) = form.query_selector(first) {
                crate::focus::focus(&el);
            }
        }
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            // Not the drawer around it: only this confirmation closes.
            ev.prevent_default();
            ev.stop_propagation();
            on_cancel.run(());
        } else if ev.key() == "Tab" {
            if let Some(form) = root.get_untracked() {
                ev.stop_propagation();
                crate::focus::trap_tab(&ev, &form);
            }
        }
    };
    view! {
        <form
            class="confirm"
            role="alertdialog"
            aria-modal="true"
            aria-label=label
            data-testid="confirm"
            node_ref=root
            on:submit=submit
            on:keydown=keydown
        >
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
                    {t::CANCEL()}
                </button>
            </div>
        </form>
    }
}
