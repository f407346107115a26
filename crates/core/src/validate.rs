//! Validation: form and filter checks that mirror GitLab's and GitHub's own rules and wording.
//!
//! Each check returns **every** problem as a `Vec<ValidationError>` (empty = valid), in the order
//! the server checks them, so the UI can show each message next to its field; the first one is
//! what the server itself would answer. Messages are the server's exact text where it is known
//! (the contract, GitLab's Grape/ActiveRecord wording); where it is not, a clear message is
//! written and a comment says so.

pub mod github;
pub mod gitlab;
pub mod target;

pub use target::check_target;

use std::fmt;

use crate::model::StringEnum;

/// One problem with one input field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The request parameter the problem is about, e.g. `"order_by"`.
    pub field: &'static str,
    /// The message to show, in the server's wording when known.
    pub message: String,
}

impl ValidationError {
    /// A problem with `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> ValidationError {
        ValidationError {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ValidationError {}

/// Pushes Grape's `<field> does not have a valid value` unless `value` is one of `allowed`
/// (`<field> is missing` when its text is blank).
fn check_enum<T: StringEnum + PartialEq>(
    errors: &mut Vec<ValidationError>,
    field: &'static str,
    value: &T,
    allowed: &[T],
) {
    if value.as_str().trim().is_empty() {
        // Grape's wording for a missing required parameter.
        errors.push(ValidationError::new(field, format!("{field} is missing")));
        return;
    }
    if !allowed.contains(value) {
        errors.push(ValidationError::new(
            field,
            format!("{field} does not have a valid value"),
        ));
    }
}
