//! Every user-facing string of the app, in one place, in English, Simplified Chinese and Korean.
//!
//! A word is a function (`text::LOADING()`, `t::SEARCH()`) that answers in the current language
//! ([`lang`]); `tr!` declares one from its `[en, zh-CN, ko]` triple, so a language cannot be left
//! out (it does not compile), and the test at the end fails on an empty entry or one left in
//! English. Words with arguments `match` on [`lang`], so each language has its own grammar.
//! Server messages are never translated: they are shown in the server's own words.

use std::cell::Cell;

pub use shipboard_core::lang::Lang;
use shipboard_core::route::View;

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language every word is said in now.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Chooses the language of every word (the app re-renders after it; see `app::App`).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// The current language's entry of an `[en, zh-CN, ko]` triple (English if it is empty).
pub fn pick(words: [&'static str; 3]) -> &'static str {
    match words[lang().index()] {
        "" => words[0],
        w => w,
    }
}

/// `say!("en {x}", "zh {x}", "ko {x}")`: a `format!` in the current language (each language
/// has its own sentence, with the arguments where its grammar puts them).
macro_rules! say {
    ($en:literal, $zh:literal, $ko:literal $(,)?) => {
        match $crate::text::lang() {
            $crate::text::Lang::En => format!($en),
            $crate::text::Lang::ZhCn => format!($zh),
            $crate::text::Lang::Ko => format!($ko),
        }
    };
}

/// A whole number in the current language, without grouping (counts stay exact and
/// searchable). English, Chinese and Korean all write it in ASCII digits, so no `Intl` formatter
/// is built for it: constructing one took 9 ms of a cold load's first render (CPU profile).
pub fn number(n: impl Into<Count>) -> String {
    n.into().0.to_string()
}

/// A count for [`number`] (`u32`, `u64`, `usize`).
pub struct Count(u64);

impl From<u32> for Count {
    fn from(n: u32) -> Count {
        Count(u64::from(n))
    }
}

impl From<u64> for Count {
    fn from(n: u64) -> Count {
        Count(n)
    }
}

impl From<usize> for Count {
    fn from(n: usize) -> Count {
        Count(n as u64)
    }
}

/// A decimal number with exactly `digits` fraction digits, in the current language.
pub fn decimal(value: f64, digits: u32) -> String {
    crate::intl::number(value, digits)
}

/// A duration ("2m 05s", "2分 05秒", "2분 05초"); "—" when there is none.
pub fn duration(secs: f64) -> String {
    let units = match lang() {
        Lang::En => ["d", "h", "m", "s"],
        Lang::ZhCn => ["天", "小时", "分", "秒"],
        Lang::Ko => ["일", "시간", "분", "초"],
    };
    shipboard_core::format::duration_in(secs, units)
}

/// A forge's status word on a badge: GitLab's own translations of its statuses where it has
/// them (and the same words for GitHub's states); an unknown word stays as the forge wrote it.
pub fn status_word(word: &str) -> String {
    let words: [&'static str; 3] = match word {
        "created" => ["created", "已创建", "생성됨"],
        "pending" => ["pending", "等待中", "대기 중"],
        "queued" => ["queued", "已排队", "대기열"],
        "waiting" => ["waiting", "等待中", "대기 중"],
        "running" => ["running", "运行中", "실행 중"],
        "in_progress" => ["in_progress", "进行中", "진행 중"],
        "success" => ["success", "成功", "성공"],
        "failed" => ["failed", "失败", "실패"],
        "failure" => ["failure", "失败", "실패"],
        "error" => ["error", "错误", "오류"],
        "canceled" => ["canceled", "已取消", "취소됨"],
        "cancelled" => ["cancelled", "已取消", "취소됨"],
        "skipped" => ["skipped", "已跳过", "건너뜀"],
        "blocked" => ["blocked", "已阻止", "차단됨"],
        "manual" => ["manual", "手动", "수동"],
        "inactive" => ["inactive", "未激活", "비활성"],
        "unknown" => ["unknown", "未知", "알 수 없음"],
        _ => return word.to_owned(),
    };
    pick(words).to_owned()
}

/// Declares a word: `tr! { /// doc \n NAME: ["English", "中文", "한국어"] }` makes
/// `pub fn NAME() -> &'static str`. Names stay upper-case (as the constants they were), so call
/// sites only gained `()` and names such as `REF` need no keyword escape.
macro_rules! tr {
    ($(#[$meta:meta])* $name:ident: [$en:literal, $zh:literal, $ko:literal $(,)?]) => {
        $(#[$meta])*
        #[allow(non_snake_case)]
        pub fn $name() -> &'static str {
            $crate::text::pick([$en, $zh, $ko])
        }
    };
}

pub mod approvals;
pub mod environments;
pub mod insights;
pub mod live;
pub mod oauth;
pub mod overview;
pub mod writes;

tr! {
    /// The product name shown in the header and the title.
    APP_NAME: [
        "Shipboard",
        "Shipboard",
        "Shipboard",
    ]
}
tr! {
    /// Shown while data loads.
    LOADING: [
        "Loading…",
        "加载中…",
        "불러오는 중…",
    ]
}
tr! {
    /// Shown when no source is configured yet.
    NO_SOURCES: [
        "No source is configured yet. Add a GitLab or GitHub source in Settings, or serve a config.json beside index.html.",
        "尚未配置任何来源。请在“设置”中添加 GitLab 或 GitHub 来源，或在 index.html 旁提供 config.json。",
        "아직 구성된 소스가 없습니다. 설정에서 GitLab 또는 GitHub 소스를 추가하거나 index.html 옆에 config.json을 두세요.",
    ]
}
/// The URL's `source=` names no source (never silently shows another host instead).
pub fn no_such_source(key: &str) -> String {
    say!(
        "There is no source named \"{key}\". Pick one in the header, or add it in Settings.",
        "没有名为“{key}”的来源。请在页头选择一个，或在“设置”中添加。",
        "\"{key}\"(이)라는 소스가 없습니다. 헤더에서 하나를 고르거나 설정에서 추가하세요.",
    )
}
tr! {
    /// The source chooser's entry while the URL names no source.
    UNKNOWN_SOURCE: [
        "(no such source)",
        "（无此来源）",
        "(없는 소스)",
    ]
}
tr! {
    /// A fetch that did not complete: the words a user can act on.
    FETCH_FAILED: [
        "the server could not be reached. Check the API URL, that the server is up, and that no proxy strips its CORS headers (Access-Control-Allow-Origin)",
        "无法连接到服务器。请检查 API URL、服务器是否运行，以及是否有代理删除了其 CORS 标头（Access-Control-Allow-Origin）",
        "서버에 연결할 수 없습니다. API URL, 서버 가동 여부, 프록시가 CORS 헤더(Access-Control-Allow-Origin)를 제거하지 않는지 확인하세요",
    ]
}
tr! {
    /// `config.json` did not answer in time.
    CONFIG_STALLED: [
        "config.json did not answer within 10 s; continuing without it. Sources can still be added in Settings.",
        "config.json 在 10 秒内未响应；将在没有它的情况下继续。仍可在“设置”中添加来源。",
        "config.json이 10초 안에 응답하지 않아 없이 계속합니다. 설정에서 소스를 추가할 수 있습니다.",
    ]
}
tr! {
    /// `config.json` came back as a web page.
    CONFIG_IS_HTML: [
        "config.json came back as an HTML page, not JSON: the server answers unknown paths with index.html (a single-page-app fallback). Put config.json beside index.html, or remove the fallback for it (with `trunk serve`, use `cargo xtask dev`).",
        "config.json 返回的是 HTML 页面而不是 JSON：服务器用 index.html 响应未知路径（单页应用回退）。请将 config.json 放在 index.html 旁，或为其移除回退（使用 `trunk serve` 时，请改用 `cargo xtask dev`）。",
        "config.json이 JSON이 아닌 HTML 페이지로 돌아왔습니다. 서버가 알 수 없는 경로에 index.html로 응답합니다(단일 페이지 앱 대체). config.json을 index.html 옆에 두거나 해당 대체를 제거하세요(`trunk serve` 대신 `cargo xtask dev` 사용).",
    ]
}
tr! {
    /// A request aborted because its page or load went away (never shown).
    CANCELLED: [
        "cancelled",
        "已取消",
        "취소됨",
    ]
}
tr! {
    /// The API answered with a redirect, which is never followed with the token.
    REDIRECTED: [
        "The API answered with a redirect to another address. Shipboard never follows redirects with your token: check the API URL (https://, the host, and the /api/v4 path for GitLab).",
        "API 以重定向到其他地址作为响应。Shipboard 绝不会带着您的令牌跟随重定向：请检查 API URL（https://、主机，以及 GitLab 的 /api/v4 路径）。",
        "API가 다른 주소로의 리디렉션으로 응답했습니다. Shipboard는 토큰을 가진 채 리디렉션을 따르지 않습니다. API URL(https://, 호스트, GitLab의 /api/v4 경로)을 확인하세요.",
    ]
}

/// A request that took longer than the timeout.
pub fn timed_out(secs: u32) -> String {
    say!(
        "the server did not answer within {secs} s (the request was aborted). Check the API URL and the network, then reload",
        "服务器在 {secs} 秒内未响应（请求已中止）。请检查 API URL 和网络，然后重新加载",
        "서버가 {secs}초 안에 응답하지 않았습니다(요청 중단). API URL과 네트워크를 확인한 뒤 새로고침하세요",
    )
}

tr! {
    /// The browser refused to store the sources (private mode, quota).
    STORAGE_UNAVAILABLE: [
        "The browser refused to save sources (storage disabled or full); they will be lost on reload.",
        "浏览器拒绝保存来源（存储已禁用或已满）；重新加载后将丢失。",
        "브라우저가 소스 저장을 거부했습니다(저장소 비활성 또는 가득 참). 새로고침하면 사라집니다.",
    ]
}
tr! {
    /// The main navigation's accessible name.
    NAV_LABEL: [
        "Views",
        "视图",
        "보기",
    ]
}
tr! {
    /// The source chooser's label.
    SOURCE: [
        "Source",
        "来源",
        "소스",
    ]
}
tr! {
    /// The project chooser's label.
    PROJECT: [
        "Project",
        "项目",
        "프로젝트",
    ]
}

tr! {
    /// A moment less than a minute away.
    JUST_NOW: ["just now", "刚刚", "방금"]
}

tr! {
    /// The language chooser's label.
    LANGUAGE: ["Language", "语言", "언어"]
}

/// A view's name in the navigation.
pub fn view_name(view: View) -> &'static str {
    let words = match view {
        View::Overview => ["Overview", "概览", "개요"],
        View::Deployments => ["Deployments", "部署", "배포"],
        View::Environments => ["Environments", "环境", "환경"],
        View::Approvals => ["Approvals", "批准", "승인"],
        View::Insights => ["Insights", "洞察", "인사이트"],
        View::Settings => ["Settings", "设置", "설정"],
    };
    pick(words)
}

/// A view that is not built yet says so plainly.
pub fn not_yet(view: View) -> String {
    let name = view_name(view);
    say!(
        "The {name} view is not available in this version yet.",
        "此版本尚未提供“{name}”视图。",
        "이 버전에서는 아직 {name} 보기를 사용할 수 없습니다.",
    )
}

/// Settings page strings.
pub mod settings {
    tr! {
        /// Page heading.
        TITLE: [
            "Sources",
            "来源",
            "소스",
        ]
    }
    tr! {
        /// Intro under the heading.
        INTRO: [
            "Shipboard calls each forge's API from this browser with your token. A token is sent only to its own API URL.",
            "Shipboard 在此浏览器中使用您的令牌调用各平台的 API。令牌只会发送到它自己的 API URL。",
            "Shipboard는 이 브라우저에서 토큰으로 각 포지의 API를 호출합니다. 토큰은 자신의 API URL로만 전송됩니다.",
        ]
    }
    tr! {
        /// Marks a source that comes from config.json.
        FROM_CONFIG: [
            "from config.json",
            "来自 config.json",
            "config.json에서",
        ]
    }
    tr! {
        /// Marks a source kept in localStorage.
        REMEMBERED: [
            "remembered on this device",
            "已在此设备上记住",
            "이 기기에 기억됨",
        ]
    }
    tr! {
        /// Marks a source kept in sessionStorage.
        THIS_TAB: [
            "this tab only",
            "仅此标签页",
            "이 탭에서만",
        ]
    }
    tr! {
        /// No source saved yet.
        NONE: [
            "No source yet.",
            "还没有来源。",
            "아직 소스가 없습니다.",
        ]
    }
    tr! {
        /// Add form heading.
        ADD: [
            "Add a source",
            "添加来源",
            "소스 추가",
        ]
    }
    tr! {
        /// Edit form heading.
        EDIT: [
            "Edit source",
            "编辑来源",
            "소스 편집",
        ]
    }
    tr! {
        /// Field labels.
        NAME: [
            "Name",
            "名称",
            "이름",
        ]
    }
    tr! {
        /// Forge chooser label.
        KIND: [
            "Forge",
            "平台",
            "포지",
        ]
    }
    tr! {
        /// API URL label.
        API_URL: [
            "API URL",
            "API 地址",
            "API URL",
        ]
    }
    tr! {
        /// API URL hint.
        API_URL_HINT: [
            "GitLab: https://gitlab.com/api/v4 or https://HOST/api/v4 · GitHub: https://api.github.com or https://HOST/api/v3",
            "GitLab：https://gitlab.com/api/v4 或 https://主机/api/v4 · GitHub：https://api.github.com 或 https://主机/api/v3",
            "GitLab: https://gitlab.com/api/v4 또는 https://호스트/api/v4 · GitHub: https://api.github.com 또는 https://호스트/api/v3",
        ]
    }
    tr! {
        /// Token label.
        TOKEN: [
            "Personal access token",
            "个人访问令牌",
            "개인 액세스 토큰",
        ]
    }
    tr! {
        /// Token hint per forge.
        TOKEN_HINT: [
            "GitLab: read_api scope to read, api to make changes · GitHub: fine-grained \"Deployments\" permission or classic repo_deployment",
            "GitLab：读取需要 read_api 范围，修改需要 api · GitHub：细粒度的“Deployments”权限或经典的 repo_deployment",
            "GitLab: 읽기는 read_api 범위, 변경은 api · GitHub: 세분화된 \"Deployments\" 권한 또는 클래식 repo_deployment",
        ]
    }
    tr! {
        /// Projects label.
        TARGETS: [
            "Projects or repositories (one per line)",
            "项目或仓库（每行一个）",
            "프로젝트 또는 저장소(한 줄에 하나)",
        ]
    }
    tr! {
        /// Projects hint.
        TARGETS_HINT: [
            "GitLab: a numeric id or group/project path · GitHub: owner/repo",
            "GitLab：数字 ID 或 group/project 路径 · GitHub：owner/repo",
            "GitLab: 숫자 ID 또는 group/project 경로 · GitHub: owner/repo",
        ]
    }
    tr! {
        /// Remember checkbox.
        REMEMBER: [
            "Remember on this device (otherwise forgotten when the tab closes)",
            "在此设备上记住（否则关闭标签页时忘记）",
            "이 기기에 기억(아니면 탭을 닫을 때 잊음)",
        ]
    }
    tr! {
        /// Save button.
        SAVE: [
            "Save source",
            "保存来源",
            "소스 저장",
        ]
    }
    tr! {
        /// Cancel editing.
        CANCEL: [
            "Cancel",
            "取消",
            "취소",
        ]
    }
    tr! {
        /// Edit button.
        EDIT_BUTTON: [
            "Edit",
            "编辑",
            "편집",
        ]
    }
    tr! {
        /// Remove button.
        REMOVE: [
            "Remove",
            "移除",
            "제거",
        ]
    }
    tr! {
        /// A name is needed.
        NAME_REQUIRED: [
            "Give the source a name.",
            "请为来源命名。",
            "소스 이름을 입력하세요.",
        ]
    }
    tr! {
        /// At least one project.
        TARGETS_REQUIRED: [
            "Add at least one project or repository.",
            "请至少添加一个项目或仓库。",
            "프로젝트나 저장소를 하나 이상 추가하세요.",
        ]
    }
}

/// Deployments table strings.
pub mod table {
    tr! {
        /// Column headers.
        STATUS: [
            "Status",
            "状态",
            "상태",
        ]
    }
    tr! {
        /// The iid (GitLab) or id (GitHub) column.
        NUMBER: [
            "#",
            "编号",
            "번호",
        ]
    }
    tr! {
        /// Environment column.
        ENVIRONMENT: [
            "Environment",
            "环境",
            "환경",
        ]
    }
    tr! {
        /// Ref column.
        REF: [
            "Ref",
            "引用",
            "참조",
        ]
    }
    tr! {
        /// Commit column.
        COMMIT: [
            "Commit",
            "提交",
            "커밋",
        ]
    }
    tr! {
        /// Author column.
        AUTHOR: [
            "Deployed by",
            "部署者",
            "배포자",
        ]
    }
    tr! {
        /// Job column (GitLab).
        JOB: [
            "Job / pipeline",
            "作业 / 流水线",
            "작업 / 파이프라인",
        ]
    }
    tr! {
        /// Created column.
        CREATED: [
            "Created",
            "创建时间",
            "생성",
        ]
    }
    tr! {
        /// Finished column.
        FINISHED: [
            "Finished",
            "完成时间",
            "완료",
        ]
    }
    tr! {
        /// Duration column.
        DURATION: [
            "Duration",
            "持续时间",
            "소요 시간",
        ]
    }
    tr! {
        /// Pipeline prefix.
        PIPELINE: [
            "pipeline",
            "流水线",
            "파이프라인",
        ]
    }
    tr! {
        /// A deployment created through the API (no CI job).
        VIA_API: [
            "via API",
            "通过 API",
            "API로",
        ]
    }
    tr! {
        /// Tag marker.
        TAG: [
            "tag",
            "标签",
            "태그",
        ]
    }
    tr! {
        /// Copy button.
        COPY_SHA: [
            "Copy the full commit SHA",
            "复制完整的提交 SHA",
            "전체 커밋 SHA 복사",
        ]
    }
    tr! {
        /// Open-deployment button prefix.
        OPEN: [
            "Open deployment",
            "打开部署",
            "배포 열기",
        ]
    }
}

/// Deployments page strings.
pub mod deployments {
    tr! {
        /// Search label.
        SEARCH: [
            "Search loaded rows",
            "搜索已加载的行",
            "불러온 행 검색",
        ]
    }
    tr! {
        /// Search placeholder.
        SEARCH_HINT: [
            "ref, SHA, author, environment, #iid…",
            "引用、SHA、作者、环境、#iid…",
            "참조, SHA, 작성자, 환경, #iid…",
        ]
    }
    tr! {
        /// Status filter label.
        STATUS: [
            "Status",
            "状态",
            "상태",
        ]
    }
    tr! {
        /// Any status.
        ANY: [
            "any",
            "任意",
            "모두",
        ]
    }
    tr! {
        /// Environment filter label.
        ENVIRONMENT: [
            "Environment",
            "环境",
            "환경",
        ]
    }
    tr! {
        /// The server's default order.
        DEFAULT_ORDER: [
            "id (default)",
            "id（默认）",
            "id(기본값)",
        ]
    }
    tr! {
        /// The app's default direction.
        DEFAULT_SORT: [
            "newest first",
            "最新优先",
            "최신순",
        ]
    }
    tr! {
        /// Order-by label.
        ORDER_BY: [
            "Order by (server)",
            "排序依据（服务器）",
            "정렬 기준(서버)",
        ]
    }
    tr! {
        /// Sort direction label.
        SORT: [
            "Direction",
            "方向",
            "방향",
        ]
    }
    tr! {
        /// Updated after label.
        UPDATED_AFTER: [
            "Updated after",
            "更新晚于",
            "이후 업데이트",
        ]
    }
    tr! {
        /// Updated before label.
        UPDATED_BEFORE: [
            "Updated before",
            "更新早于",
            "이전 업데이트",
        ]
    }
    tr! {
        /// Finished after label.
        FINISHED_AFTER: [
            "Finished after",
            "完成晚于",
            "이후 완료",
        ]
    }
    tr! {
        /// Finished before label.
        FINISHED_BEFORE: [
            "Finished before",
            "完成早于",
            "이전 완료",
        ]
    }
    tr! {
        /// GitHub ref filter.
        REF: [
            "Ref",
            "引用",
            "참조",
        ]
    }
    tr! {
        /// GitHub sha filter.
        SHA: [
            "SHA",
            "SHA",
            "SHA",
        ]
    }
    tr! {
        /// GitHub task filter.
        TASK: [
            "Task",
            "任务",
            "태스크",
        ]
    }
    tr! {
        /// Apply filters button.
        APPLY: [
            "Apply filters",
            "应用筛选",
            "필터 적용",
        ]
    }
    tr! {
        /// Clear filters button.
        CLEAR: [
            "Clear",
            "清除",
            "지우기",
        ]
    }
    tr! {
        /// Page size label.
        PER_PAGE: [
            "Per page",
            "每页",
            "페이지당",
        ]
    }
    tr! {
        /// The pager's accessible name.
        PAGES: [
            "Pages",
            "分页",
            "페이지",
        ]
    }
    tr! {
        /// Previous page.
        PREV: [
            "Previous",
            "上一页",
            "이전",
        ]
    }
    tr! {
        /// Next page.
        NEXT: [
            "Next",
            "下一页",
            "다음",
        ]
    }
    tr! {
        /// Load every page.
        LOAD_ALL: [
            "Load all pages",
            "加载所有页",
            "모든 페이지 불러오기",
        ]
    }
    tr! {
        /// Some GitHub statuses could not be loaded.
        STATUSES_MISSING: [
            "Some statuses could not be loaded (rate limit or network) and read \"unknown\"; reload later to fill them in.",
            "部分状态无法加载（速率限制或网络），显示为“未知”；请稍后重新加载以补全。",
            "일부 상태를 불러오지 못해(속도 제한 또는 네트워크) \"알 수 없음\"으로 표시됩니다. 나중에 새로고침하여 채우세요.",
        ]
    }

    /// "Load all" after an error or a cancel.
    pub fn resume_from(page: u64) -> String {
        say!(
            "Resume loading from page {page}",
            "从第 {page} 页继续加载",
            "{page}페이지부터 다시 불러오기",
        )
    }

    /// Why "load all" stopped before the end.
    pub fn stopped(end: shipboard_core::paging::End) -> String {
        use shipboard_core::paging::{End, MAX_PAGES};
        match end {
            End::Complete => String::new(),
            End::Capped => say!(
                "Stopped after {MAX_PAGES} pages: the rest of this list is not loaded. Narrow it with filters.",
                "已在 {MAX_PAGES} 页后停止：列表的其余部分未加载。请用筛选条件缩小范围。",
                "{MAX_PAGES}페이지 후 멈췄습니다. 목록의 나머지는 불러오지 않았습니다. 필터로 범위를 좁히세요.",
            ),
            End::Repeating(page) => say!(
                "Stopped at page {page}: the server kept answering rows already loaded (it may ignore the page parameter).",
                "已在第 {page} 页停止：服务器一直返回已加载的行（它可能忽略了 page 参数）。",
                "{page}페이지에서 멈췄습니다. 서버가 이미 불러온 행을 계속 응답합니다(page 매개변수를 무시할 수 있음).",
            ),
        }
    }
    tr! {
        /// Cancel loading.
        CANCEL: [
            "Cancel",
            "取消",
            "취소",
        ]
    }
    tr! {
        /// No deployments at all.
        EMPTY: [
            "No deployments match these filters.",
            "没有符合这些筛选条件的部署。",
            "이 필터와 일치하는 배포가 없습니다.",
        ]
    }
    tr! {
        /// Search hides every row.
        NO_MATCH: [
            "No loaded deployment matches the search.",
            "没有已加载的部署符合搜索。",
            "검색과 일치하는 불러온 배포가 없습니다.",
        ]
    }
    tr! {
        /// A project must be chosen.
        NO_PROJECT: [
            "This source lists no project or repository. Add one in Settings.",
            "此来源未列出任何项目或仓库。请在“设置”中添加。",
            "이 소스에는 프로젝트나 저장소가 없습니다. 설정에서 추가하세요.",
        ]
    }
    tr! {
        /// GitHub repo format.
        BAD_REPO: [
            "GitHub repositories must look like owner/repo.",
            "GitHub 仓库必须形如 owner/repo。",
            "GitHub 저장소는 owner/repo 형식이어야 합니다.",
        ]
    }
    tr! {
        /// Filters rejected before sending.
        INVALID: [
            "These filters would be refused by the server:",
            "服务器会拒绝这些筛选条件：",
            "서버가 이 필터를 거부합니다:",
        ]
    }
}

/// "Page 2 of 7" / "Page 2" when the total is unknown.
pub fn page_of(page: u32, total: Option<u64>) -> String {
    let (page, total) = (number(page), total.map(number));
    match total {
        Some(t) => say!(
            "Page {page} of {t}",
            "第 {page} 页，共 {t} 页",
            "{t}페이지 중 {page}페이지"
        ),
        None => say!("Page {page}", "第 {page} 页", "{page}페이지"),
    }
}

/// "1,234 deployments" style count (no locale grouping, to stay simple and exact).
pub fn rows_summary(shown: usize, loaded: usize, total: Option<u64>) -> String {
    let (shown, loaded) = (number(shown), number(loaded));
    match (shown == loaded, total.map(number)) {
        (true, None) => say!(
            "{loaded} deployments loaded",
            "已加载 {loaded} 个部署",
            "배포 {loaded}개 불러옴",
        ),
        (true, Some(t)) => say!(
            "{loaded} deployments loaded of {t}",
            "已加载 {loaded} 个部署，共 {t} 个",
            "배포 {t}개 중 {loaded}개 불러옴",
        ),
        (false, None) => say!(
            "{shown} shown · {loaded} loaded",
            "显示 {shown} 个 · 已加载 {loaded} 个",
            "{shown}개 표시 · {loaded}개 불러옴",
        ),
        (false, Some(t)) => say!(
            "{shown} shown · {loaded} loaded of {t}",
            "显示 {shown} 个 · 已加载 {loaded} 个，共 {t} 个",
            "{shown}개 표시 · {t}개 중 {loaded}개 불러옴",
        ),
    }
}

/// Load-all progress text.
pub fn loading_pages(done: u64, total: Option<u64>) -> String {
    let done = number(done);
    match total.map(number) {
        Some(t) => say!(
            "Loading pages… {done} of {t}",
            "正在加载页面… {done} / {t}",
            "페이지 불러오는 중… {t}개 중 {done}개",
        ),
        None => say!(
            "Loading pages… {done}",
            "正在加载页面… {done}",
            "페이지 불러오는 중… {done}",
        ),
    }
}

/// Deployment detail strings.
pub mod detail {
    tr! {
        /// Drawer title prefix.
        TITLE: [
            "Deployment",
            "部署",
            "배포",
        ]
    }
    tr! {
        /// Close button.
        CLOSE: [
            "Close the deployment details",
            "关闭部署详情",
            "배포 세부 정보 닫기",
        ]
    }
    tr! {
        /// Facts.
        STATUS: [
            "Status",
            "状态",
            "상태",
        ]
    }
    tr! {
        /// Environment fact.
        ENVIRONMENT: [
            "Environment",
            "环境",
            "환경",
        ]
    }
    tr! {
        /// Ref fact.
        REF: [
            "Ref",
            "引用",
            "참조",
        ]
    }
    tr! {
        /// Commit fact and section.
        COMMIT: [
            "Commit",
            "提交",
            "커밋",
        ]
    }
    tr! {
        /// Author fact.
        AUTHOR: [
            "Deployed by",
            "部署者",
            "배포자",
        ]
    }
    tr! {
        /// Created fact.
        CREATED: [
            "Created",
            "创建时间",
            "생성",
        ]
    }
    tr! {
        /// Finished fact.
        FINISHED: [
            "Finished",
            "完成时间",
            "완료",
        ]
    }
    tr! {
        /// Duration fact.
        DURATION: [
            "Duration",
            "持续时间",
            "소요 시간",
        ]
    }
    tr! {
        /// No commit details.
        NO_COMMIT: [
            "The API gave no commit details for this deployment.",
            "API 未提供此部署的提交详情。",
            "API가 이 배포의 커밋 세부 정보를 제공하지 않았습니다.",
        ]
    }
    tr! {
        /// Job section.
        JOB: [
            "Job and pipeline",
            "作业和流水线",
            "작업 및 파이프라인",
        ]
    }
    tr! {
        /// Stage prefix.
        STAGE: [
            "stage",
            "阶段",
            "단계",
        ]
    }
    tr! {
        /// Pipeline prefix.
        PIPELINE: [
            "Pipeline",
            "流水线",
            "파이프라인",
        ]
    }
    tr! {
        /// API-made deployment.
        VIA_API: [
            "Created through the API: no CI job.",
            "通过 API 创建：没有 CI 作业。",
            "API로 생성됨: CI 작업 없음.",
        ]
    }
    tr! {
        /// Approvals section.
        APPROVALS: [
            "Approvals",
            "批准",
            "승인",
        ]
    }
    tr! {
        /// Rule column.
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
        /// Approvers column.
        APPROVED_BY: [
            "Answers",
            "答复",
            "응답",
        ]
    }
    tr! {
        /// No approvals yet.
        NO_APPROVALS: [
            "No approvals or rejections yet.",
            "尚无批准或拒绝。",
            "아직 승인이나 거부가 없습니다.",
        ]
    }
    tr! {
        /// Merge requests section.
        MERGE_REQUESTS: [
            "Merge requests shipped",
            "已发布的合并请求",
            "배포된 병합 요청",
        ]
    }
    tr! {
        /// None shipped.
        NO_MERGE_REQUESTS: [
            "No merge request is linked to this deployment.",
            "没有合并请求关联到此部署。",
            "이 배포에 연결된 병합 요청이 없습니다.",
        ]
    }
    tr! {
        /// GitHub statuses section.
        STATUS_HISTORY: [
            "Status history",
            "状态历史",
            "상태 기록",
        ]
    }
    tr! {
        /// No statuses.
        NO_STATUSES: [
            "No status has been reported for this deployment yet.",
            "此部署尚未报告任何状态。",
            "이 배포에 대해 보고된 상태가 아직 없습니다.",
        ]
    }
    tr! {
        /// Log link.
        LOG: [
            "Log",
            "日志",
            "로그",
        ]
    }
    tr! {
        /// Environment link.
        ENV_URL: [
            "Environment",
            "环境",
            "환경",
        ]
    }
}

/// "2 approvals pending".
pub fn pending_approvals(n: u32) -> String {
    match (lang(), n) {
        (Lang::En, 0) => "No approval pending.".into(),
        (Lang::En, 1) => "1 approval pending.".into(),
        (Lang::En, n) => format!("{n} approvals pending."),
        (Lang::ZhCn, 0) => "没有待处理的批准。".into(),
        (Lang::ZhCn, n) => format!("{n} 个批准待处理。"),
        (Lang::Ko, 0) => "대기 중인 승인이 없습니다.".into(),
        (Lang::Ko, n) => format!("승인 {n}건 대기 중."),
    }
}

/// "approved 1 of 2".
pub fn approved_of(approved: usize, required: u32) -> String {
    say!(
        "approved {approved} of {required}",
        "已批准 {approved} / {required}",
        "{required}건 중 {approved}건 승인",
    )
}

/// What the user can do about an API failure (the core's advice, in the current language; the
/// server's own message beside it is never translated).
pub fn advice(
    error: &shipboard_core::response::ApiError,
    forge: shipboard_core::model::view::Forge,
) -> &'static str {
    use shipboard_core::model::view::Forge::{GitHub, GitLab};
    use shipboard_core::response::ErrorKind as K;
    let [zh, ko] = match (error.kind, forge) {
        (K::Unauthorized, GitLab) => [
            "令牌被拒绝：它可能输错、过期或已被撤销。请创建具有 read_api 范围（读取）或 api 范围（修改）的个人访问令牌。",
            "토큰이 거부되었습니다. 잘못 입력했거나 만료 또는 취소되었을 수 있습니다. 읽기는 read_api 범위, 변경은 api 범위로 개인 액세스 토큰을 만드세요.",
        ],
        (K::Unauthorized, GitHub) => [
            "令牌被拒绝：它可能输错、过期或已被撤销。请使用具有“Deployments”仓库权限的细粒度令牌，或具有 repo_deployment 范围（私有仓库需要 repo）的经典令牌。",
            "토큰이 거부되었습니다. 잘못 입력했거나 만료 또는 취소되었을 수 있습니다. \"Deployments\" 저장소 권한이 있는 세분화된 토큰이나 repo_deployment 범위(비공개 저장소는 repo)의 클래식 토큰을 사용하세요.",
        ],
        (K::Forbidden, GitLab) => [
            "该令牌无权执行此操作：写操作需要 api 范围（read_api 为只读）以及至少 Developer 角色；批准需要是允许的批准者，删除环境需要先停止它。",
            "이 토큰으로는 할 수 없습니다. 쓰기에는 api 범위(read_api는 읽기 전용)와 Developer 이상의 역할이 필요하고, 승인은 허용된 승인자여야 하며, 환경을 삭제하려면 먼저 중지해야 합니다.",
        ],
        (K::Forbidden, GitHub) => [
            "该令牌无权执行此操作：请授予“Deployments”权限（读写，用于更改部署或审核运行）、“Administration”权限（用于更改环境），或经典令牌的 repo_deployment / repo 范围。",
            "이 토큰으로는 할 수 없습니다. \"Deployments\" 권한(배포 변경이나 실행 검토에는 읽기 및 쓰기), 환경 변경에는 \"Administration\", 또는 클래식 토큰의 repo_deployment / repo 범위를 부여하세요.",
        ],
        (K::NotFound, GitLab) => [
            "未找到：请检查项目路径或 ID，以及该令牌能否看到该项目（对令牌无权访问的项目，GitLab 返回 404）。",
            "찾을 수 없음: 프로젝트 경로나 ID, 그리고 토큰이 프로젝트를 볼 수 있는지 확인하세요(GitLab은 접근 권한이 없는 프로젝트에 404로 응답합니다).",
        ],
        (K::NotFound, GitHub) => [
            "未找到：请检查所有者和仓库，以及该令牌能否看到它（对令牌无权访问的私有仓库，GitHub 返回 404）。",
            "찾을 수 없음: 소유자와 저장소, 그리고 토큰이 볼 수 있는지 확인하세요(GitHub는 접근 권한이 없는 비공개 저장소에 404로 응답합니다).",
        ],
        (K::Validation, _) => [
            "服务器拒绝了输入：请更正后重试。",
            "서버가 입력을 거부했습니다. 수정한 뒤 다시 시도하세요.",
        ],
        (K::Conflict, _) => [
            "资源处于冲突状态：请重新加载后重试。",
            "리소스가 충돌 상태입니다. 다시 불러온 뒤 다시 시도하세요.",
        ],
        (K::RateLimited, _) => [
            "请求过多：请稍候再重试；经过身份验证的令牌限额更高。",
            "요청이 너무 많습니다. 잠시 기다린 뒤 다시 시도하세요. 인증된 토큰은 한도가 더 높습니다.",
        ],
        (K::Server, _) => [
            "服务器出现问题或不可用：请稍后再试。",
            "서버에 문제가 있거나 사용할 수 없습니다. 나중에 다시 시도하세요.",
        ],
        (K::Network, _) => [
            "请求未能送达：请检查 API URL、服务器是否可达，以及是否有代理删除了 CORS 标头（Access-Control-Allow-Origin）。",
            "요청이 전달되지 않았습니다. API URL, 서버 접근 가능 여부, 프록시가 CORS 헤더(Access-Control-Allow-Origin)를 제거하지 않는지 확인하세요.",
        ],
        (K::Decode, GitLab) => [
            "响应不是 API 应发送的内容：请检查 API URL 是否以 /api/v4 结尾。",
            "응답이 API가 보내는 형식이 아닙니다. API URL이 /api/v4로 끝나는지 확인하세요.",
        ],
        (K::Decode, GitHub) => [
            "响应不是 API 应发送的内容：请检查 API URL（https://api.github.com，GitHub Enterprise Server 为 https://主机/api/v3）。",
            "응답이 API가 보내는 형식이 아닙니다. API URL(https://api.github.com, GitHub Enterprise Server는 https://호스트/api/v3)을 확인하세요.",
        ],
        (K::Other, _) => ["服务器拒绝了请求。", "서버가 요청을 거부했습니다."],
    };
    pick([error.advice(forge), zh, ko])
}

#[cfg(test)]
mod tests {
    //! Every word has all three languages: `tr!` does not compile without them, and this test
    //! fails on an empty entry or one left in English (outside a short list of names and codes
    //! that are the same in every language).

    /// The text modules, read as source: every `tr!` entry is checked.
    const SOURCES: [(&str, &str); 8] = [
        ("text.rs", include_str!("text.rs")),
        ("text/approvals.rs", include_str!("text/approvals.rs")),
        ("text/environments.rs", include_str!("text/environments.rs")),
        ("text/insights.rs", include_str!("text/insights.rs")),
        ("text/live.rs", include_str!("text/live.rs")),
        ("text/oauth.rs", include_str!("text/oauth.rs")),
        ("text/overview.rs", include_str!("text/overview.rs")),
        ("text/writes.rs", include_str!("text/writes.rs")),
    ];

    /// Words that are the same in every language: names, codes and symbols.
    const SAME_EVERYWHERE: [&str; 4] = ["Shipboard", "SHA", "—", "API URL"];

    /// The string literals of a `tr!` entry's `[…]`, raw.
    fn literals(entry: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut chars = entry.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                continue;
            }
            let mut lit = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        lit.push(c);
                        lit.extend(chars.next());
                    }
                    '"' => break,
                    c => lit.push(c),
                }
            }
            out.push(lit);
        }
        out
    }

    #[test]
    fn every_word_is_in_every_language() {
        let mut problems = Vec::new();
        let mut words = 0;
        for (file, source) in SOURCES {
            // Each entry: a line `tr! {`, doc lines, `NAME: [`, three strings, `]`, `}`.
            let mut lines = source.lines().map(str::trim);
            while let Some(line) = lines.next() {
                if line != "tr! {" {
                    continue;
                }
                let entry: Vec<&str> = lines.by_ref().take_while(|l| *l != "}").collect();
                let name = entry
                    .iter()
                    .find(|l| !l.starts_with("///"))
                    .map_or("", |l| l.trim_end_matches(": ["));
                let strings = entry
                    .iter()
                    .filter(|l| !l.starts_with("///"))
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n");
                let [en, zh, ko] = <[String; 3]>::try_from(literals(&strings))
                    .unwrap_or_else(|l| panic!("{file}: {name}: not three strings: {l:?}"));
                words += 1;
                for (lang, word) in [("zh-CN", &zh), ("ko", &ko)] {
                    if word.trim().is_empty() {
                        problems.push(format!("{file}: {name}: no {lang}"));
                    } else if *word == en && !SAME_EVERYWHERE.contains(&en.as_str()) {
                        problems.push(format!("{file}: {name}: {lang} is still English"));
                    }
                }
                if en.trim().is_empty() {
                    problems.push(format!("{file}: {name}: no English"));
                }
            }
        }
        assert!(
            words > 250,
            "only {words} words found: is the parser still right?"
        );
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn words_with_arguments_speak_every_language() {
        use super::*;
        for l in Lang::ALL {
            set_lang(l);
            assert!(!rows_summary(2, 3, Some(9)).is_empty());
            assert!(overview::summary(3, 1).contains('3'));
            assert!(approvals::count(4).contains('4'));
            assert!(!status_word("success").is_empty());
            assert_eq!(status_word("something-new"), "something-new");
        }
        set_lang(Lang::ZhCn);
        assert_eq!(LOADING(), "加载中…");
        assert_eq!(status_word("success"), "成功");
        set_lang(Lang::Ko);
        assert_eq!(view_name(View::Settings), "설정");
        assert_eq!(status_word("canceled"), "취소됨");
        set_lang(Lang::En);
        assert_eq!(status_word("success"), "success");
        assert_eq!(
            rows_summary(1000, 1000, Some(1000)),
            "1000 deployments loaded of 1000"
        );
    }
}
