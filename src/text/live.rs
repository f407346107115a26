//! Words of the live refresh: the Settings control and its hints.

tr! {
    /// The Settings section's heading.
    TITLE: [
        "Live refresh",
        "实时刷新",
        "실시간 새로고침",
    ]
}
tr! {
    /// What the section does.
    INTRO: [
        "Every view reloads what it shows on this interval, quietly: scroll, an open drawer and anything typed stay. It pauses while the tab is hidden and refreshes at once when it is shown again.",
        "每个视图都会按此间隔静默重新加载其内容：滚动位置、打开的抽屉和输入的内容都会保留。标签页隐藏时暂停，再次显示时立即刷新。",
        "모든 보기는 이 간격으로 조용히 내용을 다시 불러옵니다. 스크롤, 열린 서랍, 입력한 내용은 유지됩니다. 탭이 숨겨지면 멈추고 다시 보이면 즉시 새로고침합니다.",
    ]
}
tr! {
    /// The interval chooser's label.
    EVERY: [
        "Refresh every",
        "刷新间隔",
        "새로고침 간격",
    ]
}
tr! {
    /// The number input's label.
    SECONDS: [
        "Seconds (at least 5)",
        "秒（至少 5）",
        "초(최소 5)",
    ]
}
tr! {
    /// The "off" choice.
    OFF: [
        "Off",
        "关闭",
        "끄기",
    ]
}
tr! {
    /// The choice that shows the number input.
    CUSTOM: [
        "Other…",
        "其他…",
        "기타…",
    ]
}
tr! {
    /// Said when the number typed is not one.
    NOT_A_NUMBER: [
        "Type a number of seconds (5 or more), or 0 for off.",
        "请输入秒数（5 或以上），或输入 0 以关闭。",
        "초 단위 숫자(5 이상)를 입력하거나 끄려면 0을 입력하세요.",
    ]
}

/// A choice's label: `15 s`, `5 min`, with "(default)" for the default.
pub fn choice(secs: u32) -> String {
    let base = match secs {
        0 => OFF().to_owned(),
        s if s % 60 == 0 => {
            let m = s / 60;
            say!("{m} min", "{m} 分钟", "{m}분")
        }
        s => say!("{s} s", "{s} 秒", "{s}초"),
    };
    if secs == shipboard_core::live::DEFAULT_REFRESH_SECS {
        say!("{base} (default)", "{base}（默认）", "{base}(기본값)")
    } else {
        base
    }
}

/// Said when the URL's `?refresh=` overrides the setting in this tab.
pub fn url_overrides(secs: u32) -> String {
    match secs {
        0 => say!(
            "This tab's address turns live refresh off (?refresh=0).",
            "此标签页的地址关闭了实时刷新（?refresh=0）。",
            "이 탭의 주소가 실시간 새로고침을 끕니다(?refresh=0).",
        ),
        s => say!(
            "This tab's address sets {s} s (?refresh={s}).",
            "此标签页的地址设置为 {s} 秒（?refresh={s}）。",
            "이 탭의 주소가 {s}초로 설정합니다(?refresh={s}).",
        ),
    }
}
