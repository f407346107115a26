//! Numbers, dates and relative times in the current language: decimals and percentages through
//! the browser's `Intl` (native builds, which have none, fall back to English-style formatting);
//! dates and relative times written by the core as `Intl` writes them, without building a
//! formatter on the way to the first rows.

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
    numbers: Vec<(u32, js::NumberFormat)>,
    percent: Option<js::NumberFormat>,
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

/// A number with exactly `digits` fraction digits, without grouping separators.
#[cfg(target_arch = "wasm32")]
pub fn number(value: f64, digits: u32) -> String {
    use wasm_bindgen::JsValue;
    with_cache(|cache, tag| {
        if let Some((_, f)) = cache.numbers.iter().find(|(d, _)| *d == digits) {
            return f.format(value);
        }
        let o = js::options(&[
            ("useGrouping", JsValue::FALSE),
            ("maximumFractionDigits", JsValue::from(digits)),
            ("minimumFractionDigits", JsValue::from(digits)),
        ]);
        let f = js::NumberFormat::new(tag, &o);
        let text = f.format(value);
        cache.numbers.push((digits, f));
        text
    })
}

/// A number (native builds: Rust's formatting).
#[cfg(not(target_arch = "wasm32"))]
pub fn number(value: f64, digits: u32) -> String {
    let _ = tag();
    format!("{value:.*}", digits as usize)
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
/// (`Nov 21, 2026, 2:03:07 PM UTC`, `2026年11月21日 UTC 14:03:07`): the core writes what
/// `Intl.DateTimeFormat` would (a browser test compares them), without building one.
pub fn absolute(t: DateTime<Utc>) -> String {
    shipboard_core::format::absolute(crate::text::lang(), t)
}

/// "5 minutes ago", "5分钟前", "5분 전": the core's rounding and words (the browser's
/// `Intl.RelativeTimeFormat` ones: a browser test compares them).
pub fn relative(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    match shipboard_core::format::relative_parts(then, now) {
        None => crate::text::JUST_NOW().to_owned(),
        Some((n, unit)) => shipboard_core::format::relative_words(crate::text::lang(), n, unit),
    }
}
