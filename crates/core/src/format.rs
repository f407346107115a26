//! Display formatting that needs no browser: relative times ("3 hours ago"), durations
//! ("2m 05s"), short SHAs. `now` is always a parameter.

use chrono::{DateTime, Utc};

/// "just now", "5 minutes ago", "in 2 hours", "3 days ago", "2 months ago", "1 year ago".
pub fn relative(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match relative_parts(then, now) {
        None => "just now".into(),
        Some((n, unit)) => {
            let plural = if n.unsigned_abs() == 1 { "" } else { "s" };
            let count = n.unsigned_abs();
            if n > 0 {
                format!("in {count} {unit}{plural}")
            } else {
                format!("{count} {unit}{plural} ago")
            }
        }
    }
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

/// The absolute time for tooltips and screen readers: `2026-11-21 14:03:07 UTC`.
pub fn absolute(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
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
        assert_eq!(
            absolute(Utc.with_ymd_and_hms(2026, 11, 21, 14, 3, 7).unwrap()),
            "2026-11-21 14:03:07 UTC"
        );
    }
}
