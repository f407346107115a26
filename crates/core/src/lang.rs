//! The languages Shipboard speaks and the choice of one from BCP 47 tags (`?lang=`, the element's
//! `lang`, `navigator.languages`).

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
    /// Korean (`ko`).
    Ko,
}

impl Lang {
    /// Every language, in the picker's order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::ZhCn, Lang::Ko];

    /// The BCP 47 tag written to `lang` attributes, `Intl` and `?lang=`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, as the picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
            Lang::Ko => "한국어",
        }
    }

    /// The position of this language's entry in a `[en, zh-CN, ko]` table.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The language a BCP 47 tag asks for, if Shipboard speaks it: `en`, `en-GB` → English;
    /// `zh`, `zh-CN`, `zh-Hans`, `zh-SG` → Simplified Chinese (Traditional `zh-TW`, `zh-HK`,
    /// `zh-Hant` are not Simplified and give `None`); `ko`, `ko-KR` → Korean. Case and `_` for
    /// `-` are tolerated.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest
                    .iter()
                    .any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                let simplified = rest.contains(&"hans");
                (simplified || !traditional).then_some(Lang::ZhCn)
            }
            _ => None,
        }
    }

    /// The first language of `preferred` (the URL's, then the element's, then the browser's
    /// list, best first) that Shipboard speaks; English when none is.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::parse)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_to_the_languages_spoken() {
        for tag in ["en", "EN", "en-US", "en_GB"] {
            assert_eq!(Lang::parse(tag), Some(Lang::En), "{tag}");
        }
        for tag in [
            "zh",
            "zh-CN",
            "zh-cn",
            "zh_CN",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-SG",
        ] {
            assert_eq!(Lang::parse(tag), Some(Lang::ZhCn), "{tag}");
        }
        for tag in ["ko", "ko-KR", "KO-kr"] {
            assert_eq!(Lang::parse(tag), Some(Lang::Ko), "{tag}");
        }
        for tag in ["zh-TW", "zh-Hant", "zh-HK", "fr", "", "  ", "k", "english"] {
            assert_eq!(Lang::parse(tag), None, "{tag}");
        }
    }

    #[test]
    fn tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.tag()), Some(lang));
            assert_eq!(Lang::ALL[lang.index()], lang);
        }
    }

    #[test]
    fn negotiation_takes_the_first_spoken_else_english() {
        assert_eq!(Lang::negotiate(["fr-FR", "ko-KR", "en"]), Lang::Ko);
        assert_eq!(Lang::negotiate(["zh-TW", "zh-CN"]), Lang::ZhCn);
        assert_eq!(Lang::negotiate(["de", "fr"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        assert_eq!(Lang::negotiate(["en-US", "ko"]), Lang::En);
    }
}
