//! The forges' timestamps (RFC 3339) read without chrono's general format parser, which took
//! about 8 % of the CPU of loading 100,000 GitLab deployments (ten timestamps each): the usual
//! `2026-11-21T14:03:07.123Z` / `+02:00` form is read directly, anything else goes to chrono,
//! so the result is always chrono's (a property test compares the two).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserializer, Visitor};

/// A timestamp as chrono's `DateTime<Utc>` deserialization reads it, or `None` where it fails.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    usual(s).or_else(|| {
        s.parse::<DateTime<FixedOffset>>()
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// `YYYY-MM-DDTHH:MM:SS`, up to 9 fraction digits, then `Z` or `±HH:MM`; `None` for any other
/// form (chrono then decides), including leap seconds.
fn usual(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0_u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let mut i = 19;
    let mut nanos = 0;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = num(start, i)? * 10_u32.pow(9 - digits as u32);
    }
    let offset = match &b[i..] {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(i + 1, i + 3)?, num(i + 4, i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3_600 + m * 60) as i32;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    let local = FixedOffset::east_opt(offset)?
        .from_local_datetime(&date.and_time(time))
        .single()?;
    Some(local.with_timezone(&Utc))
}

struct Rfc3339;

impl Visitor<'_> for Rfc3339 {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an RFC 3339 timestamp")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<DateTime<Utc>, E> {
        parse(s).ok_or_else(|| E::custom(format!("invalid timestamp {s:?}")))
    }
}

/// `#[serde(deserialize_with = "time::required")]` for a `DateTime<Utc>` field.
pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(Rfc3339)
}

/// `#[serde(default, deserialize_with = "time::optional")]` for an `Option<DateTime<Utc>>` field
/// (`null` or absent is `None`).
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct Maybe;
    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<DateTime<Utc>>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 timestamp or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            required(d).map(Some)
        }
    }
    d.deserialize_option(Maybe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What chrono's own `Deserialize for DateTime<Utc>` gives.
    fn chrono(s: &str) -> Option<DateTime<Utc>> {
        serde_json::from_value::<DateTime<Utc>>(serde_json::Value::String(s.into())).ok()
    }

    #[test]
    fn the_usual_forms_are_read_as_chrono_reads_them() {
        for s in [
            "2026-11-21T14:03:07Z",
            "2026-11-21T14:03:07.1Z",
            "2026-11-21T14:03:07.123Z",
            "2026-11-21T14:03:07.123456789Z",
            "2026-11-21T14:03:07+02:00",
            "2026-11-21T00:03:07.5-05:30",
            "2024-02-29T23:59:59Z",
            "2026-01-01T00:00:00+23:59",
        ] {
            assert!(usual(s).is_some(), "{s} should take the direct path");
            assert_eq!(parse(s), chrono(s), "{s}");
        }
    }

    #[test]
    fn other_forms_are_left_to_chrono() {
        for s in [
            "2026-11-21 14:03:07Z",
            "2026-11-21t14:03:07z",
            "2026-11-21T14:03:60Z",
            "2026-11-21T14:03:07.1234567891Z",
            "2026-11-21T14:03:07",
            "2025-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-11-21T24:00:00Z",
            "2026-11-21T14:03:07+24:00",
            "2026-11-21T14:03:07.Z",
            "",
            "not a time",
        ] {
            assert!(usual(s).is_none(), "{s} should go to chrono");
            assert_eq!(parse(s), chrono(s), "{s}");
        }
    }

    #[test]
    fn fields_read_through_serde() {
        #[derive(serde::Deserialize)]
        struct T {
            #[serde(deserialize_with = "required")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "optional")]
            maybe: Option<DateTime<Utc>>,
            #[serde(default, deserialize_with = "optional")]
            absent: Option<DateTime<Utc>>,
        }
        let t: T = serde_json::from_str(r#"{"at":"2026-11-21T14:03:07Z","maybe":null}"#).unwrap();
        assert_eq!(t.at, chrono("2026-11-21T14:03:07Z").unwrap());
        assert_eq!((t.maybe, t.absent), (None, None));
        let t: T = serde_json::from_str(
            r#"{"at":"2026-11-21T14:03:07Z","maybe":"2026-11-21T16:03:07+02:00"}"#,
        )
        .unwrap();
        assert_eq!(t.maybe, Some(t.at));
        assert!(serde_json::from_str::<T>(r#"{"at":"yesterday"}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"at":"2026-11-21T14:03:07Z","maybe":3}"#).is_err());
    }

    proptest! {
        /// Any string shaped like a timestamp (digits and separators in every place) is read
        /// exactly as chrono reads it, accepted or refused.
        #[test]
        fn reads_like_chrono(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,11})?(Z|z|[+-][0-9]{2}:[0-9]{2}|[+-][0-9]{4})?") {
            prop_assert_eq!(parse(&s), chrono(&s));
        }

        /// Valid instants written in the usual form come back as themselves.
        #[test]
        fn round_trips(secs in 0_i64..8_000_000_000, nanos in 0_u32..1_000_000_000, offset in -86_399_i32..86_400) {
            let t = Utc.timestamp_opt(secs, nanos).unwrap();
            let written = t.with_timezone(&FixedOffset::east_opt(offset / 60 * 60).unwrap()).to_rfc3339();
            prop_assert_eq!(parse(&written), chrono(&written));
            prop_assert_eq!(parse(&written), Some(t));
        }
    }
}
