//! The insights view's words.

use crate::text::decimal;

use chrono::{DateTime, Utc};

tr! {
    /// Page heading.
    TITLE: [
        "How we ship",
        "我们如何交付",
        "배포 현황",
    ]
}
tr! {
    /// The form's accessible name.
    FORM: [
        "Insights filters",
        "洞察筛选",
        "인사이트 필터",
    ]
}
tr! {
    /// Environment field label.
    ENVIRONMENT: [
        "Environment",
        "环境",
        "환경",
    ]
}
tr! {
    /// Under the environment field.
    ENVIRONMENT_HINT: [
        "Empty: production",
        "留空：production",
        "비우면: production",
    ]
}
/// The environment shown when the URL names none: a name the forge knows, never translated.
pub const DEFAULT_ENVIRONMENT: &str = "production";
tr! {
    /// Window chooser label.
    DAYS: [
        "Window",
        "时间窗口",
        "기간",
    ]
}
tr! {
    /// Apply button.
    APPLY: [
        "Show",
        "显示",
        "보기",
    ]
}
tr! {
    /// No project to show.
    NO_PROJECT: [
        "Choose a project in the header to see how it ships (delivery metrics need one project).",
        "请在页头选择一个项目以查看其交付情况（交付指标需要一个项目）。",
        "헤더에서 프로젝트를 선택해 배포 현황을 보세요(전달 지표에는 프로젝트 하나가 필요합니다).",
    ]
}
tr! {
    /// A value the forge cannot give.
    NOT_AVAILABLE: [
        "not available",
        "不可用",
        "사용할 수 없음",
    ]
}
/// A window option, e.g. "Last 30 days".
pub fn last_days(days: u32) -> String {
    say!("Last {days} days", "最近 {days} 天", "최근 {days}일")
}
/// The heading of what is shown: "production · last 30 days".
pub fn heading(environment: &str, days: u32) -> String {
    say!(
        "{environment} · last {days} days",
        "{environment} · 最近 {days} 天",
        "{environment} · 최근 {days}일",
    )
}
/// The window's absolute range and when it was read.
pub fn window_range(start: DateTime<Utc>, end: DateTime<Utc>, read: &str) -> String {
    let start = start.format("%Y-%m-%d %H:%M UTC");
    let end = end.format("%Y-%m-%d %H:%M UTC");
    say!(
        "From {start} to {end} (read {read}).",
        "从 {start} 到 {end}（读取于{read}）。",
        "{start}부터 {end}까지({read} 읽음).",
    )
}
/// Shown while the window's deployments load, with how many have arrived.
pub fn loading(rows: usize) -> String {
    if rows == 0 {
        say!(
            "Loading the window's deployments…",
            "正在加载时间窗口内的部署…",
            "기간 내 배포를 불러오는 중…",
        )
    } else {
        say!(
            "Loading the window's deployments… {rows} so far",
            "正在加载时间窗口内的部署… 已有 {rows} 个",
            "기간 내 배포를 불러오는 중… 지금까지 {rows}개",
        )
    }
}
/// Shown while GitHub statuses load.
pub fn loading_statuses(done: usize, total: usize) -> String {
    say!(
        "Reading each deployment's latest status… {done} of {total}",
        "正在读取每个部署的最新状态… {done} / {total}",
        "각 배포의 최신 상태를 읽는 중… {total}개 중 {done}개",
    )
}
/// Nothing finished in the window.
pub fn empty(environment: &str, days: u32) -> String {
    say!(
        "No deployment to {environment} finished in the last {days} days. Choose another environment or a longer window.",
        "最近 {days} 天内没有到 {environment} 的部署完成。请选择其他环境或更长的时间窗口。",
        "최근 {days}일 동안 {environment}(으)로 완료된 배포가 없습니다. 다른 환경이나 더 긴 기간을 선택하세요.",
    )
}
tr! {
    /// The environment suggestions could not be read (the field still works).
    NO_SUGGESTIONS: [
        "The environment list could not be read; type a name.",
        "无法读取环境列表；请输入名称。",
        "환경 목록을 읽을 수 없습니다. 이름을 입력하세요.",
    ]
}
/// GitHub statuses that could not be read.
pub fn statuses_missing(n: usize) -> String {
    say!(
        "The latest status of {n} deployment(s) could not be read; they are not counted.",
        "无法读取 {n} 个部署的最新状态；它们未被计入。",
        "배포 {n}개의 최신 상태를 읽을 수 없어 집계하지 않았습니다.",
    )
}
tr! {
    /// The list was cut at the page cap.
    PARTIAL: [
        "The list was cut at the page limit: the figures cover only the deployments read.",
        "列表在页数上限处被截断：数据仅涵盖已读取的部署。",
        "목록이 페이지 한도에서 잘렸습니다. 수치는 읽은 배포만 반영합니다.",
    ]
}

tr! {
    /// Metric names and explanations.
    METRICS: [
        "Delivery metrics",
        "交付指标",
        "전달 지표",
    ]
}
tr! {
    /// Deployment frequency.
    FREQUENCY: [
        "Deployment frequency",
        "部署频率",
        "배포 빈도",
    ]
}
tr! {
    /// Change failure rate.
    FAILURE_RATE: [
        "Change failure rate",
        "变更失败率",
        "변경 실패율",
    ]
}
tr! {
    /// Lead time for changes.
    LEAD_TIME: [
        "Lead time for changes",
        "变更前置时间",
        "변경 리드 타임",
    ]
}
tr! {
    /// Time to restore.
    RESTORE: [
        "Time to restore",
        "恢复时间",
        "복구 시간",
    ]
}

/// "1.23 per day".
pub fn per_day(value: f64) -> String {
    let value = decimal(value, 2);
    say!("{value} per day", "每天 {value} 次", "하루 {value}회")
}
/// "12 successful in 30 days".
pub fn frequency_detail(successful: u32, days: u32) -> String {
    say!(
        "{successful} successful in {days} days",
        "{days} 天内成功 {successful} 次",
        "{days}일 동안 {successful}회 성공",
    )
}
/// "12.5 %".
pub fn percent(value: f64) -> String {
    crate::intl::percent(value / 100.0)
}
/// "3 failed of 24 (successful + failed)".
pub fn failure_detail(failed: u32, successful: u32) -> String {
    let all = failed + successful;
    say!(
        "{failed} failed of {all} successful or failed",
        "{all} 次成功或失败中有 {failed} 次失败",
        "성공 또는 실패 {all}회 중 {failed}회 실패",
    )
}
tr! {
    /// Nothing succeeded or failed in the window.
    NO_FINISHED: [
        "no successful or failed deployment in the window",
        "时间窗口内没有成功或失败的部署",
        "기간 내 성공하거나 실패한 배포 없음",
    ]
}
/// "median of 12 deployments".
pub fn median_of(n: u32, what: &str) -> String {
    say!(
        "median of {n} {what}",
        "{n} 个{what}的中位数",
        "{what} {n}건의 중앙값"
    )
}
tr! {
    /// GitHub gives no commit time.
    NO_COMMIT_TIME: [
        "GitHub deployments carry no commit time",
        "GitHub 部署不含提交时间",
        "GitHub 배포에는 커밋 시간이 없음",
    ]
}
tr! {
    /// No successful deployment with a commit time.
    NO_LEAD_SAMPLES: [
        "no successful deployment with a commit time in the window",
        "时间窗口内没有带提交时间的成功部署",
        "기간 내 커밋 시간이 있는 성공한 배포 없음",
    ]
}
tr! {
    /// No failure was restored in the window.
    NO_RESTORE: [
        "no failure was followed by a success in the window",
        "时间窗口内没有失败之后接着成功",
        "기간 내 실패 뒤에 성공한 경우 없음",
    ]
}
tr! {
    /// Sample noun for lead time.
    DEPLOYMENTS: [
        "deployments",
        "次部署",
        "배포",
    ]
}
tr! {
    /// Sample noun for time to restore.
    RESTORES: [
        "restored failures",
        "已恢复的失败",
        "복구된 실패",
    ]
}

tr! {
    /// Charts.
    DEPLOYS_CHART: [
        "Deployments per day",
        "每日部署数",
        "일별 배포 수",
    ]
}
/// The chart's description for assistive technology.
pub fn deploys_desc(days: u32, successful: u32, failed: u32, other: u32) -> String {
    say!(
        "Stacked bars, one per day of the last {days} days: {successful} successful, {failed} failed, {other} other (canceled, skipped, running, created, blocked). The data table below has each day.",
        "堆叠柱状图，最近 {days} 天每天一根：成功 {successful} 次、失败 {failed} 次、其他 {other} 次（已取消、已跳过、运行中、已创建、已阻止）。下方的数据表列出每一天。",
        "최근 {days}일의 하루당 하나씩 쌓은 막대: 성공 {successful}회, 실패 {failed}회, 기타 {other}회(취소됨, 건너뜀, 실행 중, 생성됨, 차단됨). 아래 데이터 표에 날짜별로 있습니다.",
    )
}
tr! {
    /// Lead time chart title.
    LEAD_CHART: [
        "Lead time per day (median, hours)",
        "每日前置时间（中位数，小时）",
        "일별 리드 타임(중앙값, 시간)",
    ]
}
/// The lead time chart's description.
pub fn lead_desc(days_with_data: usize, days: u32) -> String {
    say!(
        "Points joined by a line: the median lead time of each day's successful deployments, on {days_with_data} of {days} days. The data table below has each day.",
        "以线连接的点：每天成功部署的前置时间中位数，{days} 天中有 {days_with_data} 天有数据。下方的数据表列出每一天。",
        "선으로 이은 점: 하루별 성공 배포의 리드 타임 중앙값, {days}일 중 {days_with_data}일. 아래 데이터 표에 날짜별로 있습니다.",
    )
}
tr! {
    /// The lead time chart has nothing to draw.
    NO_LEAD_CHART: [
        "No lead time to draw: no successful deployment in the window has a commit time.",
        "没有可绘制的前置时间：时间窗口内没有带提交时间的成功部署。",
        "그릴 리드 타임이 없습니다. 기간 내 성공한 배포 중 커밋 시간이 있는 것이 없습니다.",
    ]
}
tr! {
    /// GitHub deployments carry no commit time.
    NO_LEAD_CHART_GITHUB: [
        "No lead time to draw: GitHub deployments carry no commit time.",
        "没有可绘制的前置时间：GitHub 部署不含提交时间。",
        "그릴 리드 타임이 없습니다. GitHub 배포에는 커밋 시간이 없습니다.",
    ]
}
tr! {
    /// The data table disclosure.
    DATA_TABLE: [
        "Data table",
        "数据表",
        "데이터 표",
    ]
}
tr! {
    /// Table columns.
    DAY: [
        "Day (UTC, from the window start)",
        "日期（UTC，自窗口开始）",
        "날짜(UTC, 기간 시작부터)",
    ]
}
tr! {
    /// Successful column.
    SUCCESSFUL: [
        "Successful",
        "成功",
        "성공",
    ]
}
tr! {
    /// Failed column.
    FAILED: [
        "Failed",
        "失败",
        "실패",
    ]
}
tr! {
    /// Other column.
    OTHER: [
        "Other",
        "其他",
        "기타",
    ]
}
tr! {
    /// Median lead time column.
    MEDIAN_LEAD: [
        "Median lead time",
        "前置时间中位数",
        "리드 타임 중앙값",
    ]
}
tr! {
    /// A day without a value.
    NONE: [
        "—",
        "—",
        "—",
    ]
}
/// One bar's tooltip.
pub fn bar_title(day: &str, success: u32, failed: u32, other: u32) -> String {
    say!(
        "{day}: {success} successful, {failed} failed, {other} other",
        "{day}：成功 {success}，失败 {failed}，其他 {other}",
        "{day}: 성공 {success}, 실패 {failed}, 기타 {other}",
    )
}
/// One point's tooltip.
pub fn point_title(day: &str, lead: &str) -> String {
    say!(
        "{day}: median lead time {lead}",
        "{day}：前置时间中位数 {lead}",
        "{day}: 리드 타임 중앙값 {lead}",
    )
}
/// "3 h" axis label.
pub fn hours(h: f64) -> String {
    let h = if h >= 10.0 || h == 0.0 {
        decimal(h, 0)
    } else {
        decimal(h, 1)
    };
    say!("{h} h", "{h} 小时", "{h}시간")
}
