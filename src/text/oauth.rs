//! Words of "Sign in with GitLab": the header's buttons and the sign-in's messages.

/// The sign-in button (one GitLab source with an OAuth application).
pub const SIGN_IN: &str = "Sign in with GitLab";
/// The sign-out button.
pub const SIGN_OUT: &str = "Sign out";
/// Closes a sign-in message.
pub const DISMISS: &str = "Dismiss";
/// Said while the code is exchanged for a token.
pub const SIGNING_IN: &str = "Signing in with GitLab…";
/// The browser gave no random numbers (no `crypto.getRandomValues`).
pub const NO_RANDOM: &str =
    "Sign-in with GitLab needs the browser's crypto.getRandomValues, which is not available here.";
/// The source's API URL names no GitLab instance.
pub const NO_INSTANCE: &str = "Sign-in with GitLab needs the source's api_url to end with /api/v4.";
/// The page came back with a code, but no sign-in was started in this tab.
pub const NOT_STARTED: &str = "Sign-in with GitLab failed: no sign-in was started in this tab (or it was answered already). Sign in again.";
/// The token endpoint could not be reached.
pub const UNREACHABLE: &str = "Sign-in with GitLab failed: GitLab's token endpoint could not be reached (network, CORS or Content-Security-Policy).";

/// Why a renewal failed when GitLab did not answer.
pub const NOT_REACHED: &str = "GitLab could not be reached";

/// The sign-in button for one of several GitLab sources.
pub fn sign_in_to(source: &str) -> String {
    format!("Sign in with GitLab ({source})")
}

/// Who is signed in where.
pub fn signed_in(source: &str) -> String {
    format!("Signed in to {source} with GitLab")
}

/// The sign-out button for one of several GitLab sources.
pub fn sign_out_of(source: &str) -> String {
    format!("Sign out of {source}")
}

/// A refresh that failed: the user must sign in again.
pub fn renewal_failed(source: &str, why: &str) -> String {
    format!("Your GitLab sign-in to {source} could not be renewed ({why}); sign in again.")
}
