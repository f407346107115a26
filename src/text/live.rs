//! Words of the live refresh: the Settings control and its hints.

/// The Settings section's heading.
pub const TITLE: &str = "Live refresh";
/// What the section does.
pub const INTRO: &str = "Every view reloads what it shows on this interval, quietly: scroll, an open drawer and anything typed stay. It pauses while the tab is hidden and refreshes at once when it is shown again.";
/// The interval chooser's label.
pub const EVERY: &str = "Refresh every";
/// The number input's label.
pub const SECONDS: &str = "Seconds (at least 5)";
/// The "off" choice.
pub const OFF: &str = "Off";
/// The choice that shows the number input.
pub const CUSTOM: &str = "Other…";
/// Said when the number typed is not one.
pub const NOT_A_NUMBER: &str = "Type a number of seconds (5 or more), or 0 for off.";

/// A choice's label: `15 s`, `5 min`, with "(default)" for the default.
pub fn choice(secs: u32) -> String {
    let base = match secs {
        0 => OFF.to_owned(),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    };
    if secs == shipboard_core::live::DEFAULT_REFRESH_SECS {
        format!("{base} (default)")
    } else {
        base
    }
}

/// Said when the URL's `?refresh=` overrides the setting in this tab.
pub fn url_overrides(secs: u32) -> String {
    match secs {
        0 => "This tab's address turns live refresh off (?refresh=0).".to_owned(),
        s => format!("This tab's address sets {s} s (?refresh={s})."),
    }
}
