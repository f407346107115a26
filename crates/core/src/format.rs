//! Display formatting that needs no browser: relative times ("3 hours ago"), durations
//! ("2m 05s"), short SHAs. `now` is always a parameter.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::lang::Lang;

/// "just now", "5 minutes ago", "in 2 hours", "3 days ago", "2 months ago", "1 year ago".
pub fn relative(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match relative_parts(then, now) {
        None => "just now".into(),
        Some((n, unit)) => relative_words(Lang::En, n, unit),
    }
}

/// [`relative_parts`]' amount and unit in `lang`'s words, as
/// `Intl.RelativeTimeFormat(lang, { numeric: "always" }).format(n, unit)` writes them
/// ("5 minutes ago", "5分钟前", "5분 전"; "in 2 hours", "2小时后", "2시간 후"). Written here, not
/// by `Intl`: the first `Intl` formatter a page builds costs about 8 ms (a browser test
/// compares the two).
pub fn relative_words(lang: Lang, n: i64, unit: &str) -> String {
    let count = grouped(n.unsigned_abs());
    let past = n < 0;
    match lang {
        Lang::En => {
            let plural = if n.unsigned_abs() == 1 { "" } else { "s" };
            if past {
                format!("{count} {unit}{plural} ago")
            } else {
                format!("in {count} {unit}{plural}")
            }
        }
        Lang::ZhCn => {
            let word = match unit {
                "minute" => "分钟",
                "hour" => "小时",
                "day" => "天",
                "month" => "个月",
                _ => "年",
            };
            format!("{count}{word}{}", if past { "前" } else { "后" })
        }
        Lang::Ko => {
            let word = match unit {
                "minute" => "분",
                "hour" => "시간",
                "day" => "일",
                "month" => "개월",
                _ => "년",
            };
            format!("{count}{word} {}", if past { "전" } else { "후" })
        }
    }
}

/// `n` with a comma between groups of three digits (`12,345`), as all three languages write it.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What [`relative`] says as a signed amount and a unit, for a locale's own wording
/// (`Intl.RelativeTimeFormat`'s `format(value, unit)`): `(-5, "minute")` is 5 minutes ago,
/// `(2, "hour")` in 2 hours; `None` under 45 seconds ("just now").
pub fn relative_parts(then: DateTime<Utc>, now: DateTime<Utc>) -> Option<(i64, &'static str)> {
    let secs = (now - then).num_seconds();
    let future = secs < 0;
    let s = secs.unsigned_abs();
    if s < 45 {
        return None;
    }
    let round = |unit: u64| ((s + unit / 2) / unit).max(1);
    let (n, unit) = match s {
        0..=2_699 => (round(60), "minute"),
        2_700..=79_199 => (round(3_600), "hour"),
        79_200..=2_246_399 => (round(86_400), "day"),
        2_246_400..=27_647_999 => (round(2_592_000), "month"),
        _ => (round(31_536_000), "year"),
    };
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    Some((if future { n } else { -n }, unit))
}

/// The absolute time (UTC) for tooltips and screen readers, in `lang`'s usual way, as the
/// browser's `Intl.DateTimeFormat` (medium date, long time) writes it:
/// `Nov 21, 2026, 2:03:07 PM UTC`, `2026年11月21日 UTC 14:03:07`,
/// `2026. 11. 21. 오후 2시 3분 7초 UTC`. Written here, not by `Intl`: building that formatter
/// took 8 ms of a cold load's first rows.
pub fn absolute(lang: Lang, t: DateTime<Utc>) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d) = (t.year(), t.month(), t.day());
    let (h, mi, s) = (t.hour(), t.minute(), t.second());
    let h12 = match h % 12 {
        0 => 12,
        n => n,
    };
    match lang {
        Lang::En => {
            let month = MONTHS[mo.clamp(1, 12) as usize - 1];
            let half = if h < 12 { "AM" } else { "PM" };
            format!("{month} {d}, {y}, {h12}:{mi:02}:{s:02} {half} UTC")
        }
        Lang::ZhCn => format!("{y}年{mo}月{d}日 UTC {h:02}:{mi:02}:{s:02}"),
        Lang::Ko => {
            let half = if h < 12 { "오전" } else { "오후" };
            format!("{y}. {mo}. {d}. {half} {h12}시 {mi}분 {s}초 UTC")
        }
    }
}

/// "42s", "2m 05s", "1h 03m", "2d 4h"; negative or non-finite inputs give "—".
pub fn duration(secs: f64) -> String {
    duration_in(secs, ["d", "h", "m", "s"])
}

/// [`duration`] with a language's unit words for days, hours, minutes and seconds
/// (`["天", "小时", "分", "秒"]` gives "2分 05秒").
pub fn duration_in(secs: f64, [d, h, m, sec]: [&str; 4]) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "—".into();
    }
    let s = secs.round() as u64;
    match s {
        0..=59 => format!("{s}{sec}"),
        60..=3_599 => format!("{}{m} {:02}{sec}", s / 60, s % 60),
        3_600..=86_399 => format!("{}{h} {:02}{m}", s / 3_600, (s % 3_600) / 60),
        _ => format!("{}{d} {}{h}", s / 86_400, (s % 86_400) / 3_600),
    }
}

/// The first 8 characters of a commit SHA.
pub fn short_sha(sha: &str) -> &str {
    sha.get(..8).unwrap_or(sha)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn check_relative(secs_ago: i64, expect: &str) {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
        let then = now - chrono::Duration::seconds(secs_ago);
        assert_eq!(relative(then, now), expect, "{secs_ago}s ago");
    }

    #[test]
    fn relative_times() {
        check_relative(0, "just now");
        check_relative(44, "just now");
        check_relative(45, "1 minute ago");
        check_relative(90, "2 minutes ago");
        check_relative(3_600, "1 hour ago");
        check_relative(7_200, "2 hours ago");
        check_relative(86_400 * 2, "2 days ago");
        check_relative(86_400 * 40, "1 month ago");
        check_relative(86_400 * 400, "1 year ago");
        check_relative(-7_200, "in 2 hours");
    }

    #[test]
    fn relative_parts_are_signed_units() {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap();
        let at = |secs: i64| now - chrono::Duration::seconds(secs);
        assert_eq!(relative_parts(at(10), now), None);
        assert_eq!(relative_parts(at(300), now), Some((-5, "minute")));
        assert_eq!(relative_parts(at(-7_200), now), Some((2, "hour")));
        assert_eq!(relative_parts(at(3 * 86_400), now), Some((-3, "day")));
        assert_eq!(duration_in(125.0, ["天", "小时", "分", "秒"]), "2分 05秒");
        assert_eq!(duration_in(-1.0, ["일", "시간", "분", "초"]), "—");
    }

    #[test]
    fn durations_and_shas() {
        assert_eq!(duration(42.4), "42s");
        assert_eq!(duration(125.0), "2m 05s");
        assert_eq!(duration(3_780.0), "1h 03m");
        assert_eq!(duration(187_200.0), "2d 4h");
        assert_eq!(duration(-1.0), "—");
        assert_eq!(duration(f64::NAN), "—");
        assert_eq!(
            short_sha("a91957a858320c0e17f3a0eca7cfacbff50ea29a"),
            "a91957a8"
        );
        assert_eq!(short_sha("abc"), "abc");
    }

    #[test]
    fn relative_words_in_each_language() {
        assert_eq!(relative_words(Lang::En, -1, "minute"), "1 minute ago");
        assert_eq!(relative_words(Lang::En, 3, "day"), "in 3 days");
        assert_eq!(
            relative_words(Lang::En, -12_345, "year"),
            "12,345 years ago"
        );
        assert_eq!(relative_words(Lang::ZhCn, -5, "month"), "5个月前");
        assert_eq!(relative_words(Lang::ZhCn, 2, "hour"), "2小时后");
        assert_eq!(relative_words(Lang::Ko, -1, "day"), "1일 전");
        assert_eq!(relative_words(Lang::Ko, 1_000, "year"), "1,000년 후");
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }

    #[test]
    fn absolute_times_in_each_language() {
        let at = |h, mi, s| Utc.with_ymd_and_hms(2026, 11, 21, h, mi, s).unwrap();
        let cases = [
            (at(14, 3, 7), Lang::En, "Nov 21, 2026, 2:03:07 PM UTC"),
            (at(0, 5, 9), Lang::En, "Nov 21, 2026, 12:05:09 AM UTC"),
            (at(12, 0, 0), Lang::En, "Nov 21, 2026, 12:00:00 PM UTC"),
            (at(14, 3, 7), Lang::ZhCn, "2026年11月21日 UTC 14:03:07"),
            (at(0, 5, 9), Lang::ZhCn, "2026年11月21日 UTC 00:05:09"),
            (at(14, 3, 7), Lang::Ko, "2026. 11. 21. 오후 2시 3분 7초 UTC"),
            (at(0, 5, 9), Lang::Ko, "2026. 11. 21. 오전 12시 5분 9초 UTC"),
        ];
        for (t, lang, want) in cases {
            assert_eq!(absolute(lang, t), want, "{lang:?}");
        }
        let jan = Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap();
        assert_eq!(absolute(Lang::En, jan), "Jan 2, 2026, 9:00:00 AM UTC");
        assert_eq!(absolute(Lang::ZhCn, jan), "2026年1月2日 UTC 09:00:00");
        assert_eq!(absolute(Lang::Ko, jan), "2026. 1. 2. 오전 9시 0분 0초 UTC");
    }
}
