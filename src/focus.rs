//! Keyboard focus for dialogs (the deployment drawer, confirmations): move it in when they open,
//! keep Tab inside while they are open (a focus trap), and give it back when they close.

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What Tab can land on (visible ones only, see [`focusables`]).
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The element that has focus now, if any (`<body>` counts as none). Inside an open shadow root
/// (the embedded `<shipboard-dashboard>`) it is the focused element in there, not the host.
pub fn active_element() -> Option<Element> {
    let doc = web_sys::window()?.document()?;
    let mut active = doc.active_element()?;
    // A shadow host whose tree has no focus left (e.g. a dialog just removed) counts as none.
    while let Some(root) = active.shadow_root() {
        active = root.active_element()?;
    }
    let body: Option<Element> = doc.body().map(Into::into);
    (Some(&active) != body.as_ref()).then_some(active)
}

/// Focuses `el` when it is an HTML element.
pub fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
}

/// Focuses the first element matching `css` in the document.
pub fn focus_css(css: &str) -> bool {
    focus_css_in(None, css)
}

/// Focuses the first element matching `css` in the tree of `near` (its shadow root when the app
/// is embedded), else in the document.
fn focus_css_in(near: Option<&Element>, css: &str) -> bool {
    let root = near.map(|n| n.get_root_node());
    let in_shadow = root
        .as_ref()
        .and_then(|r| r.dyn_ref::<web_sys::ShadowRoot>())
        .and_then(|r| r.query_selector(css).ok().flatten());
    let found = in_shadow.or_else(|| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(css).ok().flatten())
    });
    match found {
        Some(el) => {
            focus(&el);
            true
        }
        None => false,
    }
}

/// The visible elements inside `root` that Tab can reach, in document order.
pub fn focusables(root: &Element) -> Vec<HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_width() > 0 || e.offset_height() > 0)
        .collect()
}

/// A focus trap: Tab on the last focusable element of `root` goes to the first, Shift+Tab on
/// the first goes to the last, and Tab from outside `root` goes in. Other keys are left alone.
pub fn trap_tab(ev: &KeyboardEvent, root: &Element) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        ev.prevent_default();
        return;
    };
    let active = active_element();
    let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
    let (edge, wrap_to) = if ev.shift_key() {
        (first, last)
    } else {
        (last, first)
    };
    if !inside || active.as_ref() == Some(edge.as_ref()) {
        ev.prevent_default();
        let _ = wrap_to.focus();
    }
}

/// Call while building a dialog: remembers what has focus now (the button that opened it), and
/// when the dialog goes away gives focus back — to the first element matching `prefer` if one
/// is there (a virtualized row may have been re-created), else to the remembered element. Focus
/// is only moved when it would otherwise be lost: it is inside an element matching `dialog`
/// (being removed) or nowhere; a click elsewhere (e.g. the navigation) keeps its focus.
pub fn return_focus_on_close(dialog: &'static str, prefer: Option<String>) {
    let opener = SendWrapper::new(active_element());
    on_cleanup(move || {
        let active = active_element();
        let lost = match &active {
            None => true,
            Some(a) => a.closest(dialog).ok().flatten().is_some() || !a.is_connected(),
        };
        if !lost {
            return;
        }
        // Searched in the tree the opener (or the dialog's focused element) is in.
        let near = opener.as_ref().or(active.as_ref());
        if prefer.as_deref().is_some_and(|css| focus_css_in(near, css)) {
            return;
        }
        if let Some(el) = opener.take() {
            if el.is_connected() && el.closest(dialog).ok().flatten().is_none() {
                focus(&el);
            }
        }
    });
}
