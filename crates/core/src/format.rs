//! Display formatting that needs no browser: relative times ("3 hours ago"), durations
//! ("2m 05s"), short SHAs. `now` is always a parameter.

use chrono::{DateTime, Utc};

/// "just now", "5 minutes ago", "in 2 hours", "3 days ago", "2 months ago", "1 year ago".
pub fn relative(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - then).num_seconds();
    let future = secs < 0;
    let s = secs.unsigned_abs();
    if s < 45 {
        return "just now".into();
    }
    let round = |unit: u64| ((s + unit / 2) / unit).max(1);
    let (n, unit) = match s {
        0..=2_699 => (round(60), "minute"),
        2_700..=79_199 => (round(3_600), "hour"),
        79_200..=2_246_399 => (round(86_400), "day"),
        2_246_400..=27_647_999 => (round(2_592_000), "month"),
        _ => (round(31_536_000), "year"),
    };
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {unit}{plural}")
    } else {
        format!("{n} {unit}{plural} ago")
    }
}

/// The absolute time for tooltips and screen readers: `2026-11-21 14:03:07 UTC`.
pub fn absolute(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// "42s", "2m 05s", "1h 03m", "2d 4h"; negative or non-finite inputs give "—".
pub fn duration(secs: f64) -> String {
    if !secs.is_finite() || secs < 0.0 {
        return "—".into();
    }
    let s = secs.round() as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3_599 => format!("{}m {:02}s", s / 60, s % 60),
        3_600..=86_399 => format!("{}h {:02}m", s / 3_600, (s % 3_600) / 60),
        _ => format!("{}d {}h", s / 86_400, (s % 86_400) / 3_600),
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
