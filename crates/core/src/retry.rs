//! When to retry a failed read, and after how long: a pure policy the transport asks after each
//! failure (it supplies the clock and the random jitter, so every decision here is testable).
//!
//! - Only `GET` is retried ([`retryable`]): a write that timed out may have been applied.
//! - Retried: network errors (the request did not complete), 429, 502, 503, 504, and a 403 that
//!   is a GitHub rate limit (`x-ratelimit-remaining: 0`, or `Retry-After` on a secondary limit).
//!   Never: other statuses, or something the client refused before sending.
//! - The wait is the server's when it gives one ([`crate::response::error::retry_after`]:
//!   `Retry-After` in seconds or as a date, GitHub's `x-ratelimit-reset`, GitLab's
//!   `RateLimit-Reset`), else exponential backoff with equal jitter: attempt `n` waits between
//!   half and all of `base_ms · 2^(n-1)`, capped at `max_delay_ms`.
//! - A server that asks for longer than `max_delay_ms` is not retried: the caller shows the rate
//!   limit error (with its reset time) instead of a silent minute-long wait.

use chrono::{DateTime, Utc};

use crate::request::Method;
use crate::response::error::rate_limit_wait;
use crate::response::{header, Headers};

/// How many times and how long to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (4: one try and up to three retries).
    pub max_attempts: u32,
    /// The first backoff step in milliseconds (500); each later one doubles.
    pub base_ms: u64,
    /// The longest wait in milliseconds (60,000). A server asking for more gets no retry.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_ms: 500,
            max_delay_ms: 60_000,
        }
    }
}

/// How an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The request did not complete: offline, DNS, connection refused, CORS, timeout.
    Network,
    /// The server answered with this status (a success is never asked about, but gives up).
    Status(u16),
    /// The client refused to send it (a bad header, a redirect, a cancelled load): never retried.
    Refused,
}

/// Why a retry is scheduled (for the message the UI shows while it waits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RetryReason {
    /// 429, or GitHub's 403 rate limit.
    RateLimited,
    /// 502, 503 or 504: the status.
    ServerBusy(u16),
    /// The request did not complete.
    Network,
}

/// What to do after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Send the same request again after `after_ms` milliseconds.
    Retry {
        /// Milliseconds to wait first.
        after_ms: u64,
        /// Why, for the message.
        reason: RetryReason,
    },
    /// Stop and show the error.
    GiveUp,
}

/// Whether a request with `method` may be sent again after a failure: only `GET` (reads have no
/// effect to repeat; a write that failed on the way back may have been applied).
pub fn retryable(method: Method) -> bool {
    matches!(method, Method::Get)
}

impl RetryPolicy {
    /// The decision after attempt number `attempt` (1 for the first try) ended with `outcome`;
    /// `headers` are the response's (empty for a network error), `now` the clock, `jitter` a
    /// random number in `0..1` (values outside are clamped, NaN counts as 0).
    pub fn decide(
        &self,
        attempt: u32,
        outcome: Outcome,
        headers: &Headers,
        now: DateTime<Utc>,
        jitter: f64,
    ) -> Decision {
        if attempt.max(1) >= self.max_attempts {
            return Decision::GiveUp;
        }
        let reason = match outcome {
            Outcome::Network => RetryReason::Network,
            Outcome::Status(429) => RetryReason::RateLimited,
            Outcome::Status(403) if github_rate_limited(headers) => RetryReason::RateLimited,
            Outcome::Status(status @ (502..=504)) => RetryReason::ServerBusy(status),
            Outcome::Status(_) | Outcome::Refused => return Decision::GiveUp,
        };
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        let server_ms = match reason {
            RetryReason::Network => None,
            _ => rate_limit_wait(headers, now).map(|secs| secs.saturating_mul(1000)),
        };
        let after_ms = match server_ms {
            Some(ms) if ms > self.max_delay_ms => return Decision::GiveUp,
            // The server's time, plus a little jitter so that clients do not all come back at
            // the same instant (never past the cap).
            Some(ms) if ms > 0 => ms
                .saturating_add(scale(self.base_ms, jitter))
                .min(self.max_delay_ms),
            // No wait given (or a reset already past): back off.
            _ => self.backoff(attempt, jitter),
        };
        Decision::Retry { after_ms, reason }
    }

    /// Exponential backoff with equal jitter: `step = min(base · 2^(attempt-1), max)`, then
    /// `step/2 + jitter · step/2`.
    fn backoff(&self, attempt: u32, jitter: f64) -> u64 {
        let doublings = attempt.max(1) - 1;
        let step = 2u64
            .checked_pow(doublings)
            .and_then(|factor| self.base_ms.checked_mul(factor))
            .unwrap_or(u64::MAX)
            .min(self.max_delay_ms);
        let half = step / 2;
        half.saturating_add(scale(step - half, jitter))
    }
}

/// `ms · fraction` for a fraction in `0..=1`, without going through a float for large values.
fn scale(ms: u64, fraction: f64) -> u64 {
    // Parts per million: exact enough for milliseconds, and integer arithmetic from here on.
    let ppm = (fraction * 1_000_000.0).round().clamp(0.0, 1_000_000.0) as u64;
    let whole = ms / 1_000_000 * ppm;
    let rest = ms % 1_000_000 * ppm / 1_000_000;
    whole.saturating_add(rest)
}

/// GitHub answers an exhausted rate limit (or a secondary one) with 403: `x-ratelimit-remaining:
/// 0`, or a `Retry-After`.
fn github_rate_limited(headers: &Headers) -> bool {
    header(headers, "x-ratelimit-remaining").map(str::trim) == Some("0")
        || header(headers, "retry-after").is_some()
}

/// What the UI says while it waits: `rate limited, retrying in 12 s`, `server busy (503),
/// retrying in 2 s`, `network error, retrying in 1 s` (seconds rounded up, at least 1).
pub fn retry_message(reason: RetryReason, after_ms: u64) -> String {
    let secs = after_ms.div_ceil(1000).max(1);
    match reason {
        RetryReason::RateLimited => format!("rate limited, retrying in {secs} s"),
        RetryReason::ServerBusy(status) => {
            format!("server busy ({status}), retrying in {secs} s")
        }
        RetryReason::Network => format!("network error, retrying in {secs} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::error::retry_after;
    use crate::response::{ApiError, ErrorKind};
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn decide(attempt: u32, outcome: Outcome, headers: &[(&str, &str)], jitter: f64) -> Decision {
        RetryPolicy::default().decide(attempt, outcome, &h(headers), now(), jitter)
    }

    fn retry(after_ms: u64, reason: RetryReason) -> Decision {
        Decision::Retry { after_ms, reason }
    }

    #[test]
    fn defaults() {
        assert_eq!(
            RetryPolicy::default(),
            RetryPolicy {
                max_attempts: 4,
                base_ms: 500,
                max_delay_ms: 60_000
            }
        );
    }

    #[test]
    fn only_get_is_retryable() {
        assert!(retryable(Method::Get));
        for m in [Method::Post, Method::Put, Method::Delete] {
            assert!(!retryable(m), "{m:?}");
        }
    }

    #[test]
    fn which_outcomes_are_retried() {
        use RetryReason::*;
        for (outcome, headers, expect) in [
            (Outcome::Network, &[][..], Some(Network)),
            (Outcome::Status(429), &[], Some(RateLimited)),
            (Outcome::Status(502), &[], Some(ServerBusy(502))),
            (Outcome::Status(503), &[], Some(ServerBusy(503))),
            (Outcome::Status(504), &[], Some(ServerBusy(504))),
            (
                Outcome::Status(403),
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1772366410"),
                ],
                Some(RateLimited),
            ),
            (
                Outcome::Status(403),
                &[("Retry-After", "5")],
                Some(RateLimited),
            ),
            (Outcome::Status(403), &[], None),
            (
                Outcome::Status(403),
                &[("x-ratelimit-remaining", "12")],
                None,
            ),
            (Outcome::Status(500), &[], None),
            (Outcome::Status(501), &[], None),
            (Outcome::Status(505), &[], None),
            (Outcome::Status(400), &[], None),
            (Outcome::Status(401), &[], None),
            (Outcome::Status(404), &[], None),
            (Outcome::Status(409), &[], None),
            (Outcome::Status(422), &[], None),
            (Outcome::Status(200), &[], None),
            (Outcome::Status(304), &[], None),
            (Outcome::Status(0), &[], None),
            (Outcome::Status(u16::MAX), &[], None),
            (Outcome::Refused, &[], None),
        ] {
            let got = match decide(1, outcome, headers, 0.5) {
                Decision::Retry { reason, .. } => Some(reason),
                Decision::GiveUp => None,
            };
            assert_eq!(got, expect, "{outcome:?} {headers:?}");
        }
    }

    #[test]
    fn attempts_are_limited() {
        for attempt in [0, 1, 2, 3] {
            assert!(
                matches!(
                    decide(attempt, Outcome::Network, &[], 0.0),
                    Decision::Retry { .. }
                ),
                "{attempt}"
            );
        }
        for attempt in [4, 5, u32::MAX] {
            assert_eq!(
                decide(attempt, Outcome::Network, &[], 0.0),
                Decision::GiveUp
            );
        }
        let once = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        };
        assert_eq!(
            once.decide(1, Outcome::Status(503), &[], now(), 0.0),
            Decision::GiveUp
        );
        let never = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(
            never.decide(0, Outcome::Network, &[], now(), 0.0),
            Decision::GiveUp
        );
    }

    #[test]
    fn backoff_doubles_with_equal_jitter() {
        use RetryReason::Network;
        // Attempt n: between half and all of 500 · 2^(n-1).
        assert_eq!(decide(1, Outcome::Network, &[], 0.0), retry(250, Network));
        assert_eq!(decide(1, Outcome::Network, &[], 1.0), retry(500, Network));
        assert_eq!(decide(1, Outcome::Network, &[], 0.5), retry(375, Network));
        assert_eq!(decide(2, Outcome::Network, &[], 0.0), retry(500, Network));
        assert_eq!(decide(2, Outcome::Network, &[], 1.0), retry(1000, Network));
        assert_eq!(decide(3, Outcome::Network, &[], 0.0), retry(1000, Network));
        assert_eq!(decide(3, Outcome::Network, &[], 1.0), retry(2000, Network));
        // Attempt 0 counts as the first.
        assert_eq!(decide(0, Outcome::Network, &[], 1.0), retry(500, Network));
        // Jitter outside 0..1 or NaN is clamped.
        assert_eq!(decide(1, Outcome::Network, &[], -3.0), retry(250, Network));
        assert_eq!(decide(1, Outcome::Network, &[], 7.0), retry(500, Network));
        assert_eq!(
            decide(1, Outcome::Network, &[], f64::NAN),
            retry(250, Network)
        );
        assert_eq!(
            decide(1, Outcome::Network, &[], f64::INFINITY),
            retry(500, Network)
        );
        // 503 without a wait backs off the same way.
        assert_eq!(
            decide(2, Outcome::Status(503), &[], 1.0),
            retry(1000, RetryReason::ServerBusy(503))
        );
    }

    #[test]
    fn backoff_is_capped_and_never_overflows() {
        let p = RetryPolicy {
            max_attempts: u32::MAX,
            base_ms: 500,
            max_delay_ms: 60_000,
        };
        for attempt in [8, 20, 63, 64, 65, 1000, u32::MAX - 1] {
            let d = p.decide(attempt, Outcome::Network, &[], now(), 1.0);
            assert_eq!(d, retry(60_000, RetryReason::Network), "{attempt}");
            let d = p.decide(attempt, Outcome::Network, &[], now(), 0.0);
            assert_eq!(d, retry(30_000, RetryReason::Network), "{attempt}");
        }
        let huge = RetryPolicy {
            max_attempts: u32::MAX,
            base_ms: u64::MAX,
            max_delay_ms: u64::MAX,
        };
        for jitter in [0.0, 0.3, 1.0] {
            let Decision::Retry { after_ms, .. } =
                huge.decide(40, Outcome::Network, &[], now(), jitter)
            else {
                panic!("retries");
            };
            assert!(after_ms >= u64::MAX / 2, "{after_ms}");
        }
        let zero = RetryPolicy {
            max_attempts: 4,
            base_ms: 0,
            max_delay_ms: 0,
        };
        assert_eq!(
            zero.decide(1, Outcome::Network, &[], now(), 1.0),
            retry(0, RetryReason::Network)
        );
    }

    #[test]
    fn retry_after_seconds_and_dates_are_honoured() {
        use RetryReason::*;
        // Seconds, plus up to one base step of jitter.
        assert_eq!(
            decide(1, Outcome::Status(429), &[("Retry-After", "12")], 0.0),
            retry(12_000, RateLimited)
        );
        assert_eq!(
            decide(1, Outcome::Status(429), &[("retry-after", " 12 ")], 1.0),
            retry(12_500, RateLimited)
        );
        assert_eq!(
            decide(3, Outcome::Status(503), &[("Retry-After", "2")], 0.0),
            retry(2_000, ServerBusy(503))
        );
        // An HTTP date 30 s from now.
        assert_eq!(
            decide(
                1,
                Outcome::Status(429),
                &[("Retry-After", "Sun, 01 Mar 2026 12:00:30 GMT")],
                0.0
            ),
            retry(30_000, RateLimited)
        );
        // A date in the past, or 0: back off instead of hammering.
        assert_eq!(
            decide(
                1,
                Outcome::Status(429),
                &[("Retry-After", "Sun, 01 Mar 2026 11:00:00 GMT")],
                0.0
            ),
            retry(250, RateLimited)
        );
        assert_eq!(
            decide(2, Outcome::Status(429), &[("Retry-After", "0")], 0.0),
            retry(500, RateLimited)
        );
        // Garbage is ignored.
        assert_eq!(
            decide(1, Outcome::Status(429), &[("Retry-After", "soon")], 0.0),
            retry(250, RateLimited)
        );
        // Exactly the cap is fine, jitter does not push it past.
        assert_eq!(
            decide(1, Outcome::Status(429), &[("Retry-After", "60")], 1.0),
            retry(60_000, RateLimited)
        );
        // A network error has no headers to honour.
        assert_eq!(
            decide(1, Outcome::Network, &[("Retry-After", "30")], 0.0),
            retry(250, Network)
        );
    }

    #[test]
    fn waits_longer_than_the_cap_give_up() {
        for headers in [
            &[("Retry-After", "61")][..],
            &[("Retry-After", "18446744073709551615")],
            &[("Retry-After", "Mon, 02 Mar 2026 12:00:00 GMT")],
            // GitHub: reset in an hour.
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1772370000"),
            ],
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "9223372036854775807"),
            ],
            // GitLab: epoch an hour away, or a relative hour.
            &[
                ("RateLimit-Remaining", "0"),
                ("RateLimit-Reset", "1772370000"),
            ],
            &[("RateLimit-Reset", "3600")],
        ] {
            assert_eq!(
                decide(1, Outcome::Status(429), headers, 0.5),
                Decision::GiveUp,
                "{headers:?}"
            );
        }
        // A GitHub 403 whose reset is far: shown as the rate-limit error.
        assert_eq!(
            decide(
                1,
                Outcome::Status(403),
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1772370000")
                ],
                0.5
            ),
            Decision::GiveUp
        );
    }

    #[test]
    fn reset_headers_are_honoured() {
        use RetryReason::RateLimited;
        // now() is 1772366400.
        assert_eq!(now().timestamp(), 1_772_366_400);
        // GitHub: epoch seconds when nothing is left.
        assert_eq!(
            decide(
                1,
                Outcome::Status(403),
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1772366410")
                ],
                0.0
            ),
            retry(10_000, RateLimited)
        );
        // GitLab: RateLimit-Reset as epoch seconds…
        assert_eq!(
            decide(
                1,
                Outcome::Status(429),
                &[
                    ("RateLimit-Remaining", "0"),
                    ("RateLimit-Reset", "1772366420")
                ],
                0.0
            ),
            retry(20_000, RateLimited)
        );
        // … or, when small, as delay seconds; remaining not sent counts as exhausted on a 429.
        assert_eq!(
            decide(1, Outcome::Status(429), &[("ratelimit-reset", "7")], 0.0),
            retry(7_000, RateLimited)
        );
        // A reset of a limit with requests left is not this limit's: back off.
        assert_eq!(
            decide(
                1,
                Outcome::Status(429),
                &[
                    ("RateLimit-Remaining", "595"),
                    ("RateLimit-Reset", "1772370000")
                ],
                0.0
            ),
            retry(250, RateLimited)
        );
        // Past or absurd resets: no overflow, back off.
        for reset in [
            "-9223372036854775808",
            "-1",
            "0",
            "1772366400",
            "9223372036854775808",
            "x",
        ] {
            for name in ["x-ratelimit-reset", "ratelimit-reset"] {
                let headers = [(name, reset), ("x-ratelimit-remaining", "0")];
                let d = decide(1, Outcome::Status(429), &headers, 0.0);
                assert!(
                    matches!(d, Decision::Retry { .. } | Decision::GiveUp),
                    "{name}: {reset}"
                );
            }
        }
        assert_eq!(
            decide(
                1,
                Outcome::Status(429),
                &[
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "-9223372036854775808")
                ],
                0.0
            ),
            retry(250, RateLimited)
        );
        // Retry-After wins over the reset headers.
        assert_eq!(
            decide(
                1,
                Outcome::Status(429),
                &[
                    ("Retry-After", "3"),
                    ("x-ratelimit-remaining", "0"),
                    ("x-ratelimit-reset", "1772370000")
                ],
                0.0
            ),
            retry(3_000, RateLimited)
        );
    }

    #[test]
    fn extreme_clocks_do_not_overflow() {
        let headers = h(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "9223372036854775807"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", "-9223372036854775808"),
        ]);
        for now in [DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC, now()] {
            let _ = retry_after(&headers, now);
            let _ = rate_limit_wait(&headers, now);
            let _ = RetryPolicy::default().decide(1, Outcome::Status(429), &headers, now, 0.5);
            let e = ApiError::from_response(429, &headers, "", now);
            assert_eq!(e.kind, ErrorKind::RateLimited);
        }
    }

    #[test]
    fn api_errors_read_the_same_waits() {
        let e = ApiError::from_response(
            429,
            &h(&[
                ("RateLimit-Remaining", "0"),
                ("RateLimit-Reset", "1772366460"),
            ]),
            r#"{"message":{"error":"Retry later"}}"#,
            now(),
        );
        assert_eq!(e.retry_after_secs, Some(60));
        let e = ApiError::from_response(
            403,
            &h(&[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "-9223372036854775808"),
            ]),
            r#"{"message":"API rate limit exceeded"}"#,
            now(),
        );
        assert_eq!(
            (e.kind, e.retry_after_secs),
            (ErrorKind::RateLimited, Some(0))
        );
        // A reset header alone (requests left) says nothing about waiting.
        assert_eq!(
            retry_after(
                &h(&[
                    ("x-ratelimit-remaining", "4999"),
                    ("x-ratelimit-reset", "1772370000")
                ]),
                now()
            ),
            None
        );
        assert_eq!(
            retry_after(&h(&[("RateLimit-Reset", "30")]), now()),
            None,
            "not known to be limited"
        );
        assert_eq!(
            rate_limit_wait(&h(&[("RateLimit-Reset", "30")]), now()),
            Some(30)
        );
    }

    #[test]
    fn messages() {
        use RetryReason::*;
        assert_eq!(
            retry_message(RateLimited, 12_000),
            "rate limited, retrying in 12 s"
        );
        assert_eq!(
            retry_message(RateLimited, 11_001),
            "rate limited, retrying in 12 s"
        );
        assert_eq!(
            retry_message(ServerBusy(503), 2_000),
            "server busy (503), retrying in 2 s"
        );
        assert_eq!(
            retry_message(ServerBusy(502), 1_500),
            "server busy (502), retrying in 2 s"
        );
        assert_eq!(
            retry_message(Network, 250),
            "network error, retrying in 1 s"
        );
        assert_eq!(retry_message(Network, 0), "network error, retrying in 1 s");
        assert_eq!(
            retry_message(Network, u64::MAX),
            format!("network error, retrying in {} s", u64::MAX.div_ceil(1000))
        );
    }

    #[test]
    fn scale_is_exact_enough() {
        assert_eq!(scale(1000, 0.5), 500);
        assert_eq!(scale(1000, 0.0), 0);
        assert_eq!(scale(1000, 1.0), 1000);
        assert_eq!(scale(u64::MAX, 1.0), u64::MAX);
        assert_eq!(scale(u64::MAX, 0.0), 0);
        assert!(scale(u64::MAX, 0.5) >= u64::MAX / 2 - 1_000_000);
    }
}
