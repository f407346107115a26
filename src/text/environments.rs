//! User-facing strings of the environments view: cards, filters and environment actions.

use crate::text::{lang, Lang};

tr! {
    /// The page's heading (for screen readers; the navigation shows the same word).
    TITLE: [
        "Environments",
        "环境",
        "환경",
    ]
}

tr! {
    /// Filters.
    NAME: [
        "Name (exact)",
        "名称（精确）",
        "이름(정확히)",
    ]
}
tr! {
    /// Search filter.
    SEARCH: [
        "Search (3+ characters)",
        "搜索（3 个以上字符）",
        "검색(3자 이상)",
    ]
}
tr! {
    /// State filter.
    STATE: [
        "State",
        "状态",
        "상태",
    ]
}
tr! {
    /// Any state.
    ANY: [
        "any",
        "任意",
        "모두",
    ]
}
tr! {
    /// Apply.
    APPLY: [
        "Apply filters",
        "应用筛选",
        "필터 적용",
    ]
}
tr! {
    /// Clear.
    CLEAR: [
        "Clear",
        "清除",
        "지우기",
    ]
}
tr! {
    /// No environments.
    EMPTY: [
        "No environment matches these filters.",
        "没有符合这些筛选条件的环境。",
        "이 필터와 일치하는 환경이 없습니다.",
    ]
}
tr! {
    /// Filters refused before sending.
    INVALID: [
        "These filters would be refused by the server:",
        "服务器会拒绝这些筛选条件：",
        "서버가 이 필터를 거부합니다:",
    ]
}
tr! {
    /// Top-level group heading.
    TOP_LEVEL: [
        "Environments",
        "环境",
        "환경",
    ]
}
tr! {
    /// Card facts.
    TIER: [
        "Tier",
        "层级",
        "계층",
    ]
}
tr! {
    /// No tier.
    NO_TIER: [
        "no tier",
        "无层级",
        "계층 없음",
    ]
}
tr! {
    /// Auto-stop fact.
    AUTO_STOP: [
        "Auto-stops",
        "自动停止",
        "자동 중지",
    ]
}
tr! {
    /// Last deployment heading.
    LAST_DEPLOYMENT: [
        "Last deployment",
        "最近部署",
        "최근 배포",
    ]
}
tr! {
    /// Never deployed.
    NEVER: [
        "Never deployed.",
        "从未部署。",
        "배포된 적 없음.",
    ]
}
tr! {
    /// Still loading the last deployment.
    LOADING_LAST: [
        "Loading the last deployment…",
        "正在加载最近部署…",
        "최근 배포를 불러오는 중…",
    ]
}
tr! {
    /// Protection rules (GitHub).
    PROTECTION: [
        "Protection",
        "保护",
        "보호",
    ]
}
tr! {
    /// Open link.
    OPEN: [
        "Open",
        "打开",
        "열기",
    ]
}
tr! {
    /// Card actions.
    EDIT: [
        "Edit",
        "编辑",
        "편집",
    ]
}
tr! {
    /// Stop.
    STOP: [
        "Stop",
        "停止",
        "중지",
    ]
}
tr! {
    /// Delete.
    DELETE: [
        "Delete",
        "删除",
        "삭제",
    ]
}
tr! {
    /// Save.
    SAVE: [
        "Save changes",
        "保存更改",
        "변경 사항 저장",
    ]
}
tr! {
    /// Name field.
    FIELD_NAME: [
        "Name",
        "名称",
        "이름",
    ]
}
tr! {
    /// Name read-only hint.
    NAME_READ_ONLY: [
        "The name cannot be changed after creation.",
        "名称创建后无法更改。",
        "이름은 생성 후 변경할 수 없습니다.",
    ]
}
tr! {
    /// External URL field.
    FIELD_URL: [
        "External URL",
        "外部 URL",
        "외부 URL",
    ]
}
tr! {
    /// Tier field.
    FIELD_TIER: [
        "Tier",
        "层级",
        "계층",
    ]
}
tr! {
    /// Default tier.
    TIER_DEFAULT: [
        "(guessed from the name)",
        "（根据名称推测）",
        "(이름에서 추측)",
    ]
}
tr! {
    /// Description field.
    FIELD_DESCRIPTION: [
        "Description",
        "描述",
        "설명",
    ]
}
tr! {
    /// Stop explanation.
    STOP_EXPLAIN: [
        "Stopping runs the environment's on_stop job, if it has one, to tear down what was deployed; the environment shows \"stopping\" until that job finishes, then \"stopped\". Without an on_stop job it stops at once.",
        "停止会运行环境的 on_stop 作业（如有）以拆除已部署的内容；在该作业完成前环境显示“正在停止”，之后显示“已停止”。没有 on_stop 作业时会立即停止。",
        "중지하면 환경의 on_stop 작업(있는 경우)을 실행해 배포된 것을 정리합니다. 그 작업이 끝날 때까지 환경은 \"중지 중\"으로, 이후 \"중지됨\"으로 표시됩니다. on_stop 작업이 없으면 즉시 중지됩니다.",
    ]
}
tr! {
    /// Force option.
    FORCE: [
        "Force: mark it stopped without running the on_stop job",
        "强制：不运行 on_stop 作业，直接标记为已停止",
        "강제: on_stop 작업을 실행하지 않고 중지됨으로 표시",
    ]
}
tr! {
    /// Force warning.
    FORCE_WARN: [
        "Resources the environment created (servers, DNS records, databases) may be left behind and keep running or costing money.",
        "环境创建的资源（服务器、DNS 记录、数据库）可能会遗留下来，继续运行或产生费用。",
        "환경이 만든 리소스(서버, DNS 레코드, 데이터베이스)가 남아 계속 실행되거나 비용이 발생할 수 있습니다.",
    ]
}
tr! {
    /// Stop confirm button.
    STOP_CONFIRM: [
        "Stop environment",
        "停止环境",
        "환경 중지",
    ]
}
tr! {
    /// Force-stop confirm button.
    FORCE_STOP_CONFIRM: [
        "Force stop",
        "强制停止",
        "강제 중지",
    ]
}
tr! {
    /// Delete explanation.
    DELETE_EXPLAIN: [
        "Deleting removes the environment and its deployment history. This cannot be undone.",
        "删除会移除该环境及其部署历史。此操作无法撤消。",
        "삭제하면 환경과 배포 기록이 제거됩니다. 되돌릴 수 없습니다.",
    ]
}
tr! {
    /// Delete confirm button.
    DELETE_CONFIRM: [
        "Delete environment",
        "删除环境",
        "환경 삭제",
    ]
}
tr! {
    /// Why delete is missing.
    DELETE_ONLY_STOPPED: [
        "Only a stopped environment can be deleted.",
        "只能删除已停止的环境。",
        "중지된 환경만 삭제할 수 있습니다.",
    ]
}
tr! {
    /// Project actions heading.
    PROJECT_ACTIONS: [
        "Project actions",
        "项目操作",
        "프로젝트 작업",
    ]
}
tr! {
    /// New environment.
    NEW: [
        "New environment",
        "新建环境",
        "새 환경",
    ]
}
tr! {
    /// Create button.
    CREATE: [
        "Create environment",
        "创建环境",
        "환경 만들기",
    ]
}
tr! {
    /// Name required.
    NAME_REQUIRED: [
        "name is missing",
        "缺少名称",
        "이름이 없습니다",
    ]
}
tr! {
    /// Stop stale.
    STOP_STALE: [
        "Stop stale environments",
        "停止过期环境",
        "오래된 환경 중지",
    ]
}
tr! {
    /// Stop stale explanation.
    STOP_STALE_EXPLAIN: [
        "Stops every available, unprotected environment whose last deployment is older than this date. GitLab accepts dates from 10 years ago to 1 week ago.",
        "停止所有最近部署早于此日期的可用且未受保护的环境。GitLab 接受 10 年前到 1 周前之间的日期。",
        "최근 배포가 이 날짜보다 오래된 사용 가능하고 보호되지 않은 모든 환경을 중지합니다. GitLab은 10년 전부터 1주 전까지의 날짜를 받습니다.",
    ]
}
tr! {
    /// Before field.
    BEFORE: [
        "Last deployed before",
        "最近部署早于",
        "최근 배포가 이 날짜 이전",
    ]
}
tr! {
    /// Stop stale button.
    STOP_STALE_BUTTON: [
        "Stop stale environments",
        "停止过期环境",
        "오래된 환경 중지",
    ]
}
tr! {
    /// Window explanation added to GitLab's "Invalid Date".
    WINDOW: [
        "Choose a date between 10 years ago and 1 week ago.",
        "请选择 10 年前到 1 周前之间的日期。",
        "10년 전과 1주 전 사이의 날짜를 선택하세요.",
    ]
}
tr! {
    /// Review apps cleanup.
    CLEANUP: [
        "Clean up stopped review apps",
        "清理已停止的评审应用",
        "중지된 리뷰 앱 정리",
    ]
}
tr! {
    /// Cleanup explanation.
    CLEANUP_EXPLAIN: [
        "Deletes stopped review apps (review/*) created before a date. Start with a dry run: it lists what would be deleted without deleting anything.",
        "删除某日期之前创建的已停止评审应用（review/*）。请先试运行：它会列出将被删除的内容而不删除任何东西。",
        "날짜 이전에 생성된 중지된 리뷰 앱(review/*)을 삭제합니다. 먼저 시험 실행하세요. 아무것도 삭제하지 않고 삭제될 항목을 나열합니다.",
    ]
}
tr! {
    /// Cleanup before field.
    CLEANUP_BEFORE: [
        "Created before (default: 30 days ago)",
        "创建早于（默认：30 天前）",
        "이전에 생성(기본값: 30일 전)",
    ]
}
tr! {
    /// Cleanup limit field.
    LIMIT: [
        "At most (1–1000)",
        "最多（1–1000）",
        "최대(1–1000)",
    ]
}
tr! {
    /// Dry run button.
    DRY_RUN: [
        "Dry run",
        "试运行",
        "시험 실행",
    ]
}
tr! {
    /// Would be deleted.
    WOULD_DELETE: [
        "Would be deleted",
        "将被删除",
        "삭제될 항목",
    ]
}
tr! {
    /// Cannot be deleted.
    CANNOT_DELETE: [
        "Cannot be deleted",
        "无法删除",
        "삭제할 수 없음",
    ]
}
tr! {
    /// Scheduled.
    SCHEDULED: [
        "Scheduled for deletion",
        "已计划删除",
        "삭제 예정",
    ]
}
tr! {
    /// Nothing.
    NOTHING: [
        "Nothing to clean up.",
        "没有需要清理的内容。",
        "정리할 것이 없습니다.",
    ]
}
tr! {
    /// Real-run button.
    REALLY_DELETE: [
        "Delete these review apps",
        "删除这些评审应用",
        "이 리뷰 앱 삭제",
    ]
}
tr! {
    /// Real-run confirmation.
    CLEANUP_CONFIRM: [
        "Delete the review apps listed above? The real run uses the same date and limit as the dry run.",
        "删除上面列出的评审应用？正式运行使用与试运行相同的日期和数量上限。",
        "위에 나열된 리뷰 앱을 삭제할까요? 실제 실행은 시험 실행과 같은 날짜와 한도를 사용합니다.",
    ]
}
tr! {
    /// Reload.
    RELOAD: [
        "Reload",
        "重新加载",
        "새로고침",
    ]
}

/// The stop-stale confirmation, naming what will be stopped.
pub fn stop_stale_confirm(day: &str) -> String {
    say!(
        "Stop environments not updated since {day}? Every available, unprotected environment whose last deployment is older than that day is stopped, and its on_stop job runs.",
        "停止自 {day} 以来未更新的环境？所有最近部署早于该日期的可用且未受保护的环境都将停止，并运行其 on_stop 作业。",
        "{day} 이후 업데이트되지 않은 환경을 중지할까요? 최근 배포가 그날보다 오래된 사용 가능하고 보호되지 않은 모든 환경이 중지되고 on_stop 작업이 실행됩니다.",
    )
}

/// "review (4)".
pub fn folder(name: &str, count: usize) -> String {
    format!("{name}/ ({count})")
}

/// "Cleanup would delete 3 review apps".
pub fn review_apps(n: usize) -> String {
    match (lang(), n) {
        (Lang::En, 1) => "1 review app".to_owned(),
        (Lang::En, n) => format!("{n} review apps"),
        (Lang::ZhCn, n) => format!("{n} 个评审应用"),
        (Lang::Ko, n) => format!("리뷰 앱 {n}개"),
    }
}

/// "12 environments".
pub fn count(n: usize) -> String {
    match (lang(), n) {
        (Lang::En, 1) => "1 environment".to_owned(),
        (Lang::En, n) => format!("{n} environments"),
        (Lang::ZhCn, n) => format!("{n} 个环境"),
        (Lang::Ko, n) => format!("환경 {n}개"),
    }
}

/// How many environments are shown when the list was not read to its end.
pub fn count_partial(n: usize, total: Option<u64>) -> String {
    match total {
        Some(t) => say!(
            "{n} of {t} environments (the rest were not loaded)",
            "{n} / {t} 个环境（其余未加载）",
            "환경 {t}개 중 {n}개(나머지는 불러오지 않음)",
        ),
        None => say!(
            "{n} environments (more exist; the rest were not loaded)",
            "{n} 个环境（还有更多；其余未加载）",
            "환경 {n}개(더 있음, 나머지는 불러오지 않음)",
        ),
    }
}
