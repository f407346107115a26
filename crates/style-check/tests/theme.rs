//! The theme's checks: both themes keep WCAG AA contrast (>= 4.5:1) for every status badge and for body text, and main.css uses only defined --sb-* tokens.

use std::collections::BTreeMap;
use std::path::PathBuf;

use shipboard_style_check::{contrast, hex, rules, strip_comments, Rule};

const AA: f64 = 4.5;

const STATUSES: [&str; 9] = [
    "created", "running", "success", "failed", "canceled", "skipped", "blocked", "inactive",
    "unknown",
];

/// Text colour on background colour, each a custom property; every pair must reach AA.
const TEXT_PAIRS: [(&str, &str); 15] = [
    ("--sb-text", "--sb-bg"),
    ("--sb-text", "--sb-surface"),
    ("--sb-muted", "--sb-bg"),
    ("--sb-muted", "--sb-surface"),
    ("--sb-accent", "--sb-bg"),
    ("--sb-accent", "--sb-surface"),
    ("--sb-on-accent", "--sb-accent"),
    ("--sb-danger", "--sb-surface"),
    ("--sb-danger", "--sb-danger-surface"),
    ("--sb-text", "--sb-danger-surface"),
    ("--sb-on-danger", "--sb-danger"),
    ("--sb-success", "--sb-surface"),
    ("--sb-warning", "--sb-surface"),
    ("--sb-info", "--sb-surface"),
    ("--sb-neutral", "--sb-surface"),
];

fn style(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../style")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

struct Themes {
    light: BTreeMap<String, String>,
    dark: BTreeMap<String, String>,
}

fn one<'a>(all: &'a [Rule], what: &str, pick: impl Fn(&Rule) -> bool) -> &'a Rule {
    let found: Vec<&Rule> = all.iter().filter(|r| pick(r)).collect();
    assert_eq!(
        found.len(),
        1,
        "theme.css must have exactly one {what} rule"
    );
    found[0]
}

/// Light: the `:root, :host` rule. Dark: light with the `prefers-color-scheme: dark` rule over
/// it, which must equal the `[data-theme="dark"]` rule.
fn themes() -> Themes {
    let all = rules(&style("theme.css")).expect("theme.css parses");
    let base = one(&all, ":root, :host", |r| {
        r.media.is_none() && r.selectors == ":root, :host"
    });
    let media = one(&all, "prefers-color-scheme: dark", |r| {
        r.media.as_deref() == Some("(prefers-color-scheme: dark)")
    });
    assert_eq!(
        media.selectors,
        r#":root:not([data-theme="light"]), :host(:not([data-theme="light"]))"#
    );
    let forced = one(&all, "data-theme=dark", |r| {
        r.media.is_none()
            && r.selectors == r#":root[data-theme="dark"], :host([data-theme="dark"])"#
    });
    assert_eq!(
        media.declarations, forced.declarations,
        "the dark theme under prefers-color-scheme and under data-theme=\"dark\" must be identical"
    );
    let light = base.custom_properties();
    let mut dark = light.clone();
    for (name, value) in media.custom_properties() {
        assert!(
            light.contains_key(&name),
            "{name} is set for dark but not defined on :root, :host"
        );
        dark.insert(name, value);
    }
    Themes { light, dark }
}

fn colour(theme: &BTreeMap<String, String>, name: &str, which: &str) -> [u8; 3] {
    let value = theme
        .get(name)
        .unwrap_or_else(|| panic!("{which} theme: {name} is not defined"));
    hex(value).unwrap_or_else(|| panic!("{which} theme: {name}: {value} is not #rgb or #rrggbb"))
}

fn failures(theme: &BTreeMap<String, String>, which: &str) -> Vec<String> {
    let status_pairs = STATUSES
        .iter()
        .map(|s| (format!("--sb-status-{s}-fg"), format!("--sb-status-{s}-bg")));
    let text_pairs = TEXT_PAIRS
        .iter()
        .map(|(f, b)| (f.to_string(), b.to_string()));
    let mut bad = Vec::new();
    for (fg, bg) in status_pairs.chain(text_pairs) {
        let ratio = contrast(colour(theme, &fg, which), colour(theme, &bg, which));
        println!("{which:5} {fg:26} on {bg:24} {ratio:5.2}:1");
        if ratio < AA {
            bad.push(format!("{which}: {fg} on {bg} is {ratio:.2}:1 (< {AA})"));
        }
    }
    bad
}

#[test]
fn both_themes_keep_wcag_aa_contrast() {
    let t = themes();
    let mut bad = failures(&t.light, "light");
    bad.extend(failures(&t.dark, "dark"));
    assert!(
        bad.is_empty(),
        "contrast below WCAG AA:\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_status_class_uses_its_badge_pair() {
    let main = rules(&style("main.css")).expect("main.css parses");
    for s in STATUSES {
        let rule = main
            .iter()
            .find(|r| r.selectors == format!(".status-{s}"))
            .unwrap_or_else(|| panic!("main.css has no .status-{s} rule"));
        let get = |p: &str| {
            rule.declarations
                .iter()
                .find(|(n, _)| n == p)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(
            get("color"),
            Some(format!("var(--sb-status-{s}-fg)").as_str())
        );
        assert_eq!(
            get("background"),
            Some(format!("var(--sb-status-{s}-bg)").as_str())
        );
    }
}

#[test]
fn main_css_uses_only_defined_tokens() {
    let light = themes().light;
    let css = strip_comments(&style("main.css"));
    let mut rest = css.as_str();
    while let Some(at) = rest.find("var(") {
        let inner = &rest[at + 4..];
        let name = &inner[..inner.find([')', ',']).expect("var( is closed")];
        assert!(
            name.starts_with("--sb-"),
            "main.css uses {name}: not an --sb-* token"
        );
        assert!(
            light.contains_key(name),
            "main.css uses {name}, which theme.css does not define"
        );
        rest = inner;
    }
    for rule in rules(&css).expect("main.css parses") {
        for (name, value) in &rule.declarations {
            let what = format!("main.css `{}` {name}: {value}", rule.selectors);
            assert!(
                !name.starts_with("--"),
                "{what}: tokens belong in theme.css"
            );
            assert!(!value.contains('#'), "{what}: a literal colour");
            for f in ["rgb(", "rgba(", "hsl(", "color-mix("] {
                assert!(!value.contains(f), "{what}: a literal colour");
            }
            if matches!(
                name.as_str(),
                "font-size" | "font-family" | "font-weight" | "border-radius"
            ) || name.starts_with("padding")
                || name.starts_with("margin")
                || name == "gap"
            {
                assert!(!value.contains("px"), "{what}: use a --sb-* token");
            }
        }
    }
}

#[test]
fn the_font_stack_names_cjk_fallbacks() {
    let light = themes().light;
    let font = &light["--sb-font"];
    for family in [
        "Noto Sans CJK SC",
        "Noto Sans CJK KR",
        "PingFang SC",
        "Microsoft YaHei",
        "Malgun Gothic",
    ] {
        assert!(font.contains(family), "--sb-font lacks {family}");
    }
    assert!(font.trim_end().ends_with("sans-serif"));
}

#[test]
fn index_html_links_the_theme_before_the_styles() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../index.html");
    let html = std::fs::read_to_string(path).expect("index.html");
    let theme = html
        .find(r#"<link data-trunk rel="css" href="style/theme.css" />"#)
        .expect("index.html links style/theme.css");
    let main = html.find(r#"href="style/main.css""#).expect("main.css");
    assert!(theme < main);
}
