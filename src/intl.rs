//! Numbers, dates and relative times in the current language, through the browser's `Intl`
//! (native builds, which have no `Intl`, fall back to plain English-style formatting).

use chrono::{DateTime, Utc};

#[cfg(target_arch = "wasm32")]
mod js {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Intl)]
        pub type NumberFormat;
        #[wasm_bindgen(constructor, js_namespace = Intl)]
        pub fn new(locale: &str, options: &Object) -> NumberFormat;
        #[wasm_bindgen(method)]
        pub fn format(this: &NumberFormat, value: f64) -> String;

        #[wasm_bindgen(js_namespace = Intl)]
        pub type DateTimeFormat;
        #[wasm_bindgen(constructor, js_namespace = Intl)]
        pub fn new(locale: &str, options: &Object) -> DateTimeFormat;
        #[wasm_bindgen(method)]
        pub fn format(this: &DateTimeFormat, millis: f64) -> String;

        #[wasm_bindgen(js_namespace = Intl)]
        pub type RelativeTimeFormat;
        #[wasm_bindgen(constructor, js_namespace = Intl)]
        pub fn new(locale: &str, options: &Object) -> RelativeTimeFormat;
        #[wasm_bindgen(method)]
        pub fn format(this: &RelativeTimeFormat, value: f64, unit: &str) -> String;
    }

    /// An options object from name/value pairs.
    pub fn options(pairs: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in pairs {
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o
    }
}

fn tag() -> &'static str {
    crate::text::lang().tag()
}

/// The formatters of the current language, each built once: constructing an `Intl` formatter
/// costs far more than formatting with one (a table row has three times in it).
#[cfg(target_arch = "wasm32")]
#[derive(Default)]
struct Cache {
    tag: &'static str,
    numbers: Vec<((u32, bool), js::NumberFormat)>,
    percent: Option<js::NumberFormat>,
    absolute: Option<js::DateTimeFormat>,
    relative: Option<js::RelativeTimeFormat>,
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::default();
}

/// Runs `f` with the current language's formatters (dropped when the language changes).
#[cfg(target_arch = "wasm32")]
fn with_cache<R>(f: impl FnOnce(&mut Cache, &'static str) -> R) -> R {
    CACHE.with_borrow_mut(|cache| {
        let tag = tag();
        if cache.tag != tag {
            *cache = Cache {
                tag,
                ..Cache::default()
            };
        }
        f(cache, tag)
    })
}

/// A number with at most `max_fraction` fraction digits (exactly that many when `fixed`), without
/// grouping separators (counts stay exact and searchable: `1000 deployments`).
#[cfg(target_arch = "wasm32")]
pub fn number(value: f64, max_fraction: u32, fixed: bool) -> String {
    use wasm_bindgen::JsValue;
    let min = if fixed { max_fraction } else { 0 };
    with_cache(|cache, tag| {
        let key = (max_fraction, fixed);
        if let Some((_, f)) = cache.numbers.iter().find(|(k, _)| *k == key) {
            return f.format(value);
        }
        let o = js::options(&[
            ("useGrouping", JsValue::FALSE),
            ("maximumFractionDigits", JsValue::from(max_fraction)),
            ("minimumFractionDigits", JsValue::from(min)),
        ]);
        let f = js::NumberFormat::new(tag, &o);
        let text = f.format(value);
        cache.numbers.push((key, f));
        text
    })
}

/// A number (native builds: Rust's formatting).
#[cfg(not(target_arch = "wasm32"))]
pub fn number(value: f64, max_fraction: u32, fixed: bool) -> String {
    let _ = (tag(), fixed);
    format!("{value:.*}", max_fraction as usize)
}

/// A share (`0.125`) as a percentage with one fraction digit, in the locale's way (`12.5%`).
#[cfg(target_arch = "wasm32")]
pub fn percent(share: f64) -> String {
    use wasm_bindgen::JsValue;
    with_cache(|cache, tag| {
        cache
            .percent
            .get_or_insert_with(|| {
                let o = js::options(&[
                    ("style", JsValue::from_str("percent")),
                    ("maximumFractionDigits", JsValue::from(1)),
                    ("minimumFractionDigits", JsValue::from(1)),
                ]);
                js::NumberFormat::new(tag, &o)
            })
            .format(share)
    })
}

/// A percentage (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// A moment in UTC, date and time with seconds, in the locale's way
/// (`Nov 21, 2026, 2:03:07 PM UTC`, `2026年11月21日 UTC 14:03:07`).
#[cfg(target_arch = "wasm32")]
pub fn absolute(t: DateTime<Utc>) -> String {
    use wasm_bindgen::JsValue;
    with_cache(|cache, tag| {
        cache
            .absolute
            .get_or_insert_with(|| {
                let o = js::options(&[
                    ("dateStyle", JsValue::from_str("medium")),
                    ("timeStyle", JsValue::from_str("long")),
                    ("timeZone", JsValue::from_str("UTC")),
                ]);
                js::DateTimeFormat::new(tag, &o)
            })
            .format(t.timestamp_millis() as f64)
    })
}

/// A moment (native builds: the core's English format).
#[cfg(not(target_arch = "wasm32"))]
pub fn absolute(t: DateTime<Utc>) -> String {
    shipboard_core::format::absolute(t)
}

/// "5 minutes ago", "5分钟前", "5분 전": the core's rounding, the locale's words.
pub fn relative(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match shipboard_core::format::relative_parts(then, now) {
        None => crate::text::JUST_NOW().to_owned(),
        Some((n, unit)) => relative_in(n, unit),
    }
}

#[cfg(target_arch = "wasm32")]
fn relative_in(n: i64, unit: &str) -> String {
    use wasm_bindgen::JsValue;
    with_cache(|cache, tag| {
        cache
            .relative
            .get_or_insert_with(|| {
                let o = js::options(&[("numeric", JsValue::from_str("always"))]);
                js::RelativeTimeFormat::new(tag, &o)
            })
            .format(n as f64, unit)
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn relative_in(n: i64, unit: &str) -> String {
    let now = chrono::DateTime::<Utc>::UNIX_EPOCH;
    let secs = match unit {
        "minute" => 60,
        "hour" => 3_600,
        "day" => 86_400,
        "month" => 2_592_000,
        _ => 31_536_000,
    };
    shipboard_core::format::relative(now + chrono::Duration::seconds(n * secs), now)
}
