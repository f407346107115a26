//! Copying text (a commit SHA) to the clipboard; silently does nothing where the browser refuses.

/// Writes `text` to the clipboard.
pub fn copy(text: &str) {
    if let Some(window) = web_sys::window() {
        let _promise = window.navigator().clipboard().write_text(text);
    }
}
