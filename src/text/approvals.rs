//! User-facing strings of the approvals view and the approval form.

use crate::text::{lang, Lang};

tr! {
    /// Page heading.
    TITLE: [
        "Waiting for approval",
        "等待批准",
        "승인 대기 중",
    ]
}
tr! {
    /// Intro of one source's view.
    INTRO: [
        "Every deployment of this source's projects waiting for approval (GitLab blocked deployments, GitHub runs waiting for an environment's reviewers), oldest first.",
        "此来源各项目中所有等待批准的部署（GitLab 被阻止的部署、等待环境审核者的 GitHub 运行），最早的在前。",
        "이 소스의 프로젝트에서 승인을 기다리는 모든 배포(GitLab 차단된 배포, 환경 검토자를 기다리는 GitHub 실행), 오래된 순.",
    ]
}
tr! {
    /// Intro of the inbox (every source).
    INBOX_INTRO: [
        "Every deployment waiting for approval across every source (GitLab blocked deployments, GitHub runs waiting for an environment's reviewers), oldest first.",
        "所有来源中所有等待批准的部署（GitLab 被阻止的部署、等待环境审核者的 GitHub 运行），最早的在前。",
        "모든 소스에서 승인을 기다리는 모든 배포(GitLab 차단된 배포, 환경 검토자를 기다리는 GitHub 실행), 오래된 순.",
    ]
}
tr! {
    /// Link from one source's view to the inbox.
    ALL_SOURCES: [
        "Show every source",
        "显示所有来源",
        "모든 소스 보기",
    ]
}
tr! {
    /// Source label.
    SOURCE: [
        "Source",
        "来源",
        "소스",
    ]
}
tr! {
    /// A GitHub run's label.
    RUN: [
        "Run",
        "运行",
        "실행",
    ]
}
tr! {
    /// Who may review a GitHub pending deployment.
    REVIEWERS: [
        "Required reviewers",
        "必需的审核者",
        "필수 검토자",
    ]
}
tr! {
    /// The comment in a review confirmation.
    COMMENT_SENT: [
        "Comment",
        "评论",
        "댓글",
    ]
}
tr! {
    /// This token may not review a GitHub pending deployment (GitHub does not say which reason).
    CANNOT_REVIEW: [
        "You cannot review this one: this token's user is not one of the environment's required reviewers, or triggered the run while the environment prevents self-review.",
        "您无法审核此项：此令牌的用户不是该环境的必需审核者之一，或者触发了该运行而环境禁止自我审核。",
        "이 항목을 검토할 수 없습니다. 이 토큰의 사용자가 환경의 필수 검토자가 아니거나, 환경이 자체 검토를 막는데 실행을 트리거했습니다.",
    ]
}
tr! {
    /// The badge's accessible name suffix.
    WAITING_BADGE: [
        "waiting for approval",
        "等待批准",
        "승인 대기 중",
    ]
}
tr! {
    /// None waiting.
    NONE: [
        "No deployment is waiting for approval.",
        "没有等待批准的部署。",
        "승인을 기다리는 배포가 없습니다.",
    ]
}
tr! {
    /// Reload button.
    RELOAD: [
        "Reload",
        "重新加载",
        "새로고침",
    ]
}
tr! {
    /// Waits for heading.
    WAITING_FOR: [
        "Waiting for",
        "已等待",
        "대기 시간",
    ]
}
tr! {
    /// No longer waiting.
    NOT_WAITING: [
        "No longer waiting for approval.",
        "已不再等待批准。",
        "더 이상 승인을 기다리지 않습니다.",
    ]
}
tr! {
    /// Form legend.
    ANSWER: [
        "Your answer",
        "您的答复",
        "내 응답",
    ]
}
tr! {
    /// Approve radio.
    APPROVE: [
        "Approve",
        "批准",
        "승인",
    ]
}
tr! {
    /// Reject radio.
    REJECT: [
        "Reject",
        "拒绝",
        "거부",
    ]
}
tr! {
    /// Comment field.
    COMMENT: [
        "Comment (optional)",
        "评论（可选）",
        "댓글(선택)",
    ]
}
tr! {
    /// Rule chooser.
    REPRESENTED_AS: [
        "Approve as (rule)",
        "以此规则批准",
        "승인 규칙",
    ]
}
tr! {
    /// Let the server choose.
    ANY_RULE: [
        "the first rule that applies to me",
        "第一条适用于我的规则",
        "나에게 적용되는 첫 규칙",
    ]
}
tr! {
    /// Submit button.
    SUBMIT: [
        "Send answer",
        "发送答复",
        "응답 보내기",
    ]
}
tr! {
    /// Submitted without choosing approve or reject: nothing is sent.
    CHOOSE: [
        "Choose Approve or Reject first: nothing was sent.",
        "请先选择批准或拒绝：未发送任何内容。",
        "먼저 승인 또는 거부를 선택하세요. 아무것도 보내지 않았습니다.",
    ]
}
tr! {
    /// The confirmation's button when approving.
    CONFIRM_APPROVE: [
        "Approve",
        "批准",
        "승인",
    ]
}
tr! {
    /// The confirmation's button when rejecting.
    CONFIRM_REJECT: [
        "Reject",
        "拒绝",
        "거부",
    ]
}
tr! {
    /// Sent.
    SENT: [
        "Answer recorded.",
        "答复已记录。",
        "응답이 기록되었습니다.",
    ]
}
tr! {
    /// Rules table heading.
    RULE: [
        "Rule",
        "规则",
        "규칙",
    ]
}
tr! {
    /// Progress column.
    PROGRESS: [
        "Progress",
        "进度",
        "진행",
    ]
}
tr! {
    /// Deployed by.
    BY: [
        "by",
        "由",
        "작성자",
    ]
}
tr! {
    /// Project label.
    PROJECT: [
        "Project",
        "项目",
        "프로젝트",
    ]
}

/// The question before sending: "Approve deployment #12 (main) to production?".
pub fn confirm_answer(approve: bool, iid: u64, git_ref: &str, environment: &str) -> String {
    match lang() {
        Lang::En => {
            let verb = if approve { "Approve" } else { "Reject" };
            let to = if environment.is_empty() {
                String::new()
            } else {
                format!(" to {environment}")
            };
            format!("{verb} deployment #{iid} ({git_ref}){to}?")
        }
        Lang::ZhCn => {
            let verb = if approve { "批准" } else { "拒绝" };
            let to = if environment.is_empty() {
                String::new()
            } else {
                format!("到 {environment} ")
            };
            format!("{verb}{to}的部署 #{iid}（{git_ref}）？")
        }
        Lang::Ko => {
            let verb = if approve { "승인" } else { "거부" };
            let to = if environment.is_empty() {
                String::new()
            } else {
                format!("{environment}(으)로의 ")
            };
            format!("{to}배포 #{iid}({git_ref})을(를) {verb}할까요?")
        }
    }
}

/// The question before a GitHub review: "Approve run #1 (main) to production?".
pub fn confirm_review(approve: bool, number: u64, git_ref: &str, environment: &str) -> String {
    match (lang(), approve) {
        (Lang::En, true) => format!("Approve run #{number} ({git_ref}) to {environment}?"),
        (Lang::En, false) => format!("Reject run #{number} ({git_ref}) to {environment}?"),
        (Lang::ZhCn, true) => format!("批准到 {environment} 的运行 #{number}（{git_ref}）？"),
        (Lang::ZhCn, false) => format!("拒绝到 {environment} 的运行 #{number}（{git_ref}）？"),
        (Lang::Ko, true) => {
            format!("{environment}(으)로의 실행 #{number}({git_ref})을(를) 승인할까요?")
        }
        (Lang::Ko, false) => {
            format!("{environment}(으)로의 실행 #{number}({git_ref})을(를) 거부할까요?")
        }
    }
}

/// After a GitHub review, once the item left the list.
pub fn reviewed(approve: bool, number: u64, environment: &str) -> String {
    match (lang(), approve) {
        (Lang::En, true) => format!("Approved run #{number} to {environment}."),
        (Lang::En, false) => format!("Rejected run #{number} to {environment}."),
        (Lang::ZhCn, true) => format!("已批准到 {environment} 的运行 #{number}。"),
        (Lang::ZhCn, false) => format!("已拒绝到 {environment} 的运行 #{number}。"),
        (Lang::Ko, true) => format!("{environment}(으)로의 실행 #{number}을(를) 승인했습니다."),
        (Lang::Ko, false) => format!("{environment}(으)로의 실행 #{number}을(를) 거부했습니다."),
    }
}

/// "waits 5 min after approval".
pub fn wait_timer(minutes: u32) -> String {
    say!(
        "then a {minutes}-minute wait timer",
        "然后等待计时 {minutes} 分钟",
        "이후 {minutes}분 대기 타이머",
    )
}

/// The question when the deployment is not known by name.
pub fn confirm_answer_unnamed(approve: bool) -> String {
    match (lang(), approve) {
        (Lang::En, true) => "Approve this deployment?".to_owned(),
        (Lang::En, false) => "Reject this deployment?".to_owned(),
        (Lang::ZhCn, true) => "批准此部署？".to_owned(),
        (Lang::ZhCn, false) => "拒绝此部署？".to_owned(),
        (Lang::Ko, true) => "이 배포를 승인할까요?".to_owned(),
        (Lang::Ko, false) => "이 배포를 거부할까요?".to_owned(),
    }
}

/// "security: 1 of 2".
pub fn progress(name: &str, approved: u32, required: u32) -> String {
    say!(
        "{name}: {approved} of {required}",
        "{name}：{approved} / {required}",
        "{name}: {required}건 중 {approved}건",
    )
}

/// "3 deployments waiting".
pub fn count(n: usize) -> String {
    match (lang(), n) {
        (Lang::En, 1) => "1 deployment waiting".to_owned(),
        (Lang::En, n) => format!("{n} deployments waiting"),
        (Lang::ZhCn, n) => format!("{n} 个部署等待中"),
        (Lang::Ko, n) => format!("배포 {n}건 대기 중"),
    }
}

tr! {
    /// Shown above a project's error on the approvals view (the others are still listed).
    PROJECT_FAILED: [
        "its deployments waiting for approval could not be loaded; the other projects are shown below",
        "无法加载其等待批准的部署；其他项目显示在下方",
        "승인 대기 중인 배포를 불러올 수 없습니다. 다른 프로젝트는 아래에 표시됩니다",
    ]
}
