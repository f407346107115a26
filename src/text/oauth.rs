//! Words of "Sign in with GitLab": the header's buttons and the sign-in's messages.

tr! {
    /// The sign-in button (one GitLab source with an OAuth application).
    SIGN_IN: [
        "Sign in with GitLab",
        "使用 GitLab 登录",
        "GitLab으로 로그인",
    ]
}
tr! {
    /// The sign-out button.
    SIGN_OUT: [
        "Sign out",
        "退出登录",
        "로그아웃",
    ]
}
tr! {
    /// Closes a sign-in message.
    DISMISS: [
        "Dismiss",
        "关闭",
        "닫기",
    ]
}
tr! {
    /// Said while the code is exchanged for a token.
    SIGNING_IN: [
        "Signing in with GitLab…",
        "正在使用 GitLab 登录…",
        "GitLab으로 로그인하는 중…",
    ]
}
tr! {
    /// The browser gave no random numbers (no `crypto.getRandomValues`).
    NO_RANDOM: [
        "Sign-in with GitLab needs the browser's crypto.getRandomValues, which is not available here.",
        "使用 GitLab 登录需要浏览器的 crypto.getRandomValues，但此处不可用。",
        "GitLab 로그인에는 브라우저의 crypto.getRandomValues가 필요하지만 여기서는 사용할 수 없습니다.",
    ]
}
tr! {
    /// The source's API URL names no GitLab instance.
    NO_INSTANCE: [
        "Sign-in with GitLab needs the source's api_url to end with /api/v4.",
        "使用 GitLab 登录需要来源的 api_url 以 /api/v4 结尾。",
        "GitLab 로그인에는 소스의 api_url이 /api/v4로 끝나야 합니다.",
    ]
}
tr! {
    /// The page came back with a code, but no sign-in was started in this tab.
    NOT_STARTED: [
        "Sign-in with GitLab failed: no sign-in was started in this tab (or it was answered already). Sign in again.",
        "使用 GitLab 登录失败：此标签页中没有发起登录（或已被响应）。请重新登录。",
        "GitLab 로그인 실패: 이 탭에서 시작된 로그인이 없습니다(또는 이미 응답됨). 다시 로그인하세요.",
    ]
}
tr! {
    /// The token endpoint could not be reached.
    UNREACHABLE: [
        "Sign-in with GitLab failed: GitLab's token endpoint could not be reached (network, CORS or Content-Security-Policy).",
        "使用 GitLab 登录失败：无法连接 GitLab 的令牌端点（网络、CORS 或内容安全策略）。",
        "GitLab 로그인 실패: GitLab의 토큰 엔드포인트에 연결할 수 없습니다(네트워크, CORS 또는 콘텐츠 보안 정책).",
    ]
}

tr! {
    /// Why a renewal failed when GitLab did not answer.
    NOT_REACHED: [
        "GitLab could not be reached",
        "无法连接 GitLab",
        "GitLab에 연결할 수 없음",
    ]
}

/// The sign-in button for one of several GitLab sources.
pub fn sign_in_to(source: &str) -> String {
    say!(
        "Sign in with GitLab ({source})",
        "使用 GitLab 登录（{source}）",
        "GitLab으로 로그인({source})",
    )
}

/// Who is signed in where.
pub fn signed_in(source: &str) -> String {
    say!(
        "Signed in to {source} with GitLab",
        "已使用 GitLab 登录 {source}",
        "GitLab으로 {source}에 로그인됨",
    )
}

/// The sign-out button for one of several GitLab sources.
pub fn sign_out_of(source: &str) -> String {
    say!(
        "Sign out of {source}",
        "退出 {source}",
        "{source}에서 로그아웃"
    )
}

/// A refresh that failed: the user must sign in again.
pub fn renewal_failed(source: &str, why: &str) -> String {
    say!(
        "Your GitLab sign-in to {source} could not be renewed ({why}); sign in again.",
        "您在 {source} 的 GitLab 登录无法续期（{why}）；请重新登录。",
        "{source}의 GitLab 로그인을 갱신할 수 없습니다({why}). 다시 로그인하세요.",
    )
}
