//! The overview view's words.

use crate::text::{lang, Lang};

tr! {
    /// The page's heading.
    TITLE: [
        "What runs where",
        "什么在哪里运行",
        "어디서 무엇이 실행되나",
    ]
}
tr! {
    /// The environment filter's label.
    ENVIRONMENT: [
        "Environment",
        "环境",
        "환경",
    ]
}
tr! {
    /// The environment filter's placeholder.
    ENVIRONMENT_HINT: [
        "production, review…",
        "例如 production、review…",
        "예: production, review…",
    ]
}
tr! {
    /// The source filter's label.
    SOURCE: [
        "Source",
        "来源",
        "소스",
    ]
}
tr! {
    /// Every source.
    ALL_SOURCES: [
        "Every source",
        "所有来源",
        "모든 소스",
    ]
}
tr! {
    /// The order chooser's label.
    ORDER: [
        "Projects by",
        "项目排序",
        "프로젝트 정렬",
    ]
}
tr! {
    /// Order by name.
    BY_NAME: [
        "name",
        "名称",
        "이름",
    ]
}
tr! {
    /// Order by last activity.
    BY_ACTIVITY: [
        "last activity",
        "最近活动",
        "최근 활동",
    ]
}
tr! {
    /// The project column's heading.
    PROJECT: [
        "Project",
        "项目",
        "프로젝트",
    ]
}
tr! {
    /// The table's caption (for screen readers).
    CAPTION: [
        "Every project by environment: the current deployment and what runs, waits or failed on top of it",
        "按环境列出所有项目：当前部署，以及在其之上运行、等待或失败的部署",
        "환경별 모든 프로젝트: 현재 배포와 그 위에서 실행 중이거나 대기 중이거나 실패한 배포",
    ]
}
tr! {
    /// A cell whose environment never had a successful deployment.
    NOTHING_YET: [
        "nothing deployed yet",
        "尚未部署",
        "아직 배포 없음",
    ]
}
tr! {
    /// Before a newer deployment shown on top of the current one.
    ON_TOP: [
        "then",
        "之后",
        "그다음",
    ]
}
tr! {
    /// No project configured.
    NO_PROJECTS: [
        "No project to show: add one in Settings or in config.json.",
        "没有可显示的项目：请在“设置”或 config.json 中添加。",
        "표시할 프로젝트가 없습니다. 설정이나 config.json에서 추가하세요.",
    ]
}
tr! {
    /// Above the list of projects that could not be read.
    SOME_FAILED: [
        "Some projects could not be read; the others are shown.",
        "部分项目无法读取；已显示其他项目。",
        "일부 프로젝트를 읽을 수 없어 나머지를 표시합니다.",
    ]
}

/// `12 projects` or `12 projects, 3 loading`.
pub fn summary(total: usize, pending: usize) -> String {
    let projects = if total == 1 { "project" } else { "projects" };
    let n = pending;
    match (lang(), pending) {
        (Lang::En, 0) => format!("{total} {projects}"),
        (Lang::En, _) => format!("{total} {projects}, {n} loading"),
        (Lang::ZhCn, 0) => format!("{total} 个项目"),
        (Lang::ZhCn, _) => format!("{total} 个项目，{n} 个加载中"),
        (Lang::Ko, 0) => format!("프로젝트 {total}개"),
        (Lang::Ko, _) => format!("프로젝트 {total}개, {n}개 불러오는 중"),
    }
}

/// A folder cell's size: `(+2 more)` for three environments.
pub fn more(count: usize) -> String {
    let n = count.saturating_sub(1);
    say!("(+{n} more)", "（还有 {n} 个）", "(+{n}개 더)")
}

/// The accessible name of a cell's button.
pub fn open_cell(project: &str, environment: &str) -> String {
    say!(
        "Deployments of {project} to {environment}",
        "{project} 到 {environment} 的部署",
        "{project}의 {environment} 배포",
    )
}
