//! A tiny CSS reader for the theme checks: rules with their declarations, hex colours and WCAG contrast ratios.
//!
//! Only what `style/*.css` uses: comments, plain rules, `@media` blocks (other at-rules are
//! skipped), `name: value;` declarations. The tests in `tests/theme.rs` hold the checks.

use std::collections::BTreeMap;

/// One style rule: its `@media` prelude (if inside one), its selector list and declarations.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub media: Option<String>,
    pub selectors: String,
    pub declarations: Vec<(String, String)>,
}

impl Rule {
    /// The `--…` custom properties this rule defines, by name.
    pub fn custom_properties(&self) -> BTreeMap<String, String> {
        self.declarations
            .iter()
            .filter(|(n, _)| n.starts_with("--"))
            .cloned()
            .collect()
    }
}

/// The CSS without its `/* … */` comments.
pub fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Every rule of a style sheet, in order (rules inside `@media` carry its prelude).
pub fn rules(css: &str) -> Result<Vec<Rule>, String> {
    let mut out = Vec::new();
    block(&strip_comments(css), None, &mut out)?;
    Ok(out)
}

fn block(text: &str, media: Option<&str>, out: &mut Vec<Rule>) -> Result<(), String> {
    let mut rest = text;
    loop {
        let Some(open) = rest.find('{') else {
            if rest.trim().is_empty() {
                return Ok(());
            }
            return Err(format!("text after the last rule: {}", rest.trim()));
        };
        let prelude = rest[..open].trim();
        let mut depth = 0usize;
        let mut close = None;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let close = close.ok_or_else(|| format!("unclosed block after {prelude}"))?;
        let body = &rest[open + 1..close];
        if let Some(query) = prelude.strip_prefix("@media") {
            block(body, Some(query.trim()), out)?;
        } else if !prelude.starts_with('@') {
            let declarations = body
                .split(';')
                .filter_map(|d| d.split_once(':'))
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
                .collect();
            out.push(Rule {
                media: media.map(str::to_string),
                selectors: prelude.split_whitespace().collect::<Vec<_>>().join(" "),
                declarations,
            });
        }
        rest = &rest[close + 1..];
    }
}

/// `#rgb` or `#rrggbb` as 0–255 channels.
pub fn hex(colour: &str) -> Option<[u8; 3]> {
    let h = colour.trim().strip_prefix('#')?;
    let digits: Vec<u8> = h
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio (1 to 21) of two colours, in either order.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ratios() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([255, 255, 255], [255, 255, 255]) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = hex("#767676").unwrap();
        assert!((contrast(grey, [255, 255, 255]) - 4.54).abs() < 0.01);
        assert_eq!(hex("#fff"), Some([255, 255, 255]));
        assert_eq!(hex("#1c2430"), Some([0x1c, 0x24, 0x30]));
        assert_eq!(hex("red"), None);
        assert_eq!(hex("#12345"), None);
    }

    #[test]
    fn reads_rules_media_and_comments() {
        let css = "/* a */ :root, .app { --x: #fff; color: red }\n@media (prefers-color-scheme: dark) { :root { --x: #000; } }\n@keyframes spin { to { transform: none; } }";
        let r = rules(css).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].selectors, ":root, .app");
        assert_eq!(r[0].custom_properties()["--x"], "#fff");
        assert_eq!(r[1].media.as_deref(), Some("(prefers-color-scheme: dark)"));
        assert!(rules("a { b: c").is_err());
    }
}
