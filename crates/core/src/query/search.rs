//! Free-text search: parsed terms and a precomputed lowercase haystack of every row.

use std::collections::HashMap;

use memchr::memmem;

use crate::model::view::DeploymentRow;

/// Search text split into terms; a row matches when it matches every term.
///
/// A term matches a row, case-insensitively, when it occurs in the ref, environment, author or
/// commit title, or is a prefix of the SHA, or (as `N` or `#N`) equals the row's number (GitLab
/// iid, GitHub id). A `#N` term matches only the number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchTerms {
    terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq)]
enum Term {
    /// `#N`: the row number only.
    Number(u64),
    /// Lowercased text, and its value if it is a number.
    Text(String, Option<u64>),
}

impl SearchTerms {
    /// Splits on whitespace and lowercases; control characters are dropped.
    pub fn parse(text: &str) -> Self {
        let terms = text
            .split_whitespace()
            .filter_map(|word| {
                if let Some(n) = word.strip_prefix('#').and_then(|n| n.parse().ok()) {
                    return Some(Term::Number(n));
                }
                let clean: String = word.chars().filter(|c| !c.is_control()).collect();
                if clean.is_empty() {
                    return None;
                }
                let lower = clean.to_lowercase();
                let number = lower.parse().ok();
                Some(Term::Text(lower, number))
            })
            .collect();
        Self { terms }
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether `row` matches every term, read straight from the row (no index, no allocation
    /// for ASCII text): the path for one-shot queries, same semantics as [`SearchIndex`].
    pub fn matches_row(&self, row: &DeploymentRow) -> bool {
        self.terms.iter().all(|term| match term {
            Term::Number(n) => row.number() == *n,
            Term::Text(text, number) => {
                let fields = [
                    row.git_ref.as_str(),
                    row.environment.as_str(),
                    row.author.as_deref().unwrap_or_default(),
                    row.commit_title.as_deref().unwrap_or_default(),
                ];
                let anchor = anchor_of(text.as_bytes());
                fields
                    .iter()
                    .any(|field| contains_lower(field, text, anchor))
                    || sha_has_prefix(&row.sha, text)
                    || number.is_some_and(|n| row.number() == n)
            }
        })
    }
}

/// Whether `field`, lowercased, contains `needle` (already lowercase and without control
/// characters, as [`SearchTerms::parse`] makes it); ASCII fields are searched in place from the
/// places of the needle's rarest byte (`anchor`, either case), without allocating.
fn contains_lower(field: &str, needle: &str, anchor: usize) -> bool {
    if !field.is_ascii() {
        return field.to_lowercase().contains(needle);
    }
    let (hay, needle) = (field.as_bytes(), needle.as_bytes());
    let Some(&byte) = needle.get(anchor) else {
        return true;
    };
    if needle.len() > hay.len() {
        return false;
    }
    let hi = hay.len() - needle.len() + anchor;
    let mut from = anchor;
    while let Some(at) = memchr::memchr2(byte, byte.to_ascii_uppercase(), &hay[from..=hi]) {
        let start = from + at - anchor;
        if hay[start..start + needle.len()].eq_ignore_ascii_case(needle) {
            return true;
        }
        from += at + 1;
    }
    false
}

/// Lowercase search text and compact columns of every row, built once per loaded row set.
///
/// One buffer holds every row's `ref SEP environment SEP author SEP title SEP`; a term is
/// searched once over the whole buffer (SIMD substring search) and each hit is mapped back to
/// its row. `SEP` is a control character, which terms never contain, so no hit spans two fields.
/// SHAs sit in a second buffer, each after a `SHA` marker byte, so `SHA term` finds prefixes only.
/// Small columns (number, creation time, status rank, environment id) let filters run without
/// touching the (large) rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchIndex {
    hay: Vec<u8>,
    /// `starts[i]..starts[i + 1]` is row `i`'s text.
    starts: Vec<u32>,
    shas: Vec<u8>,
    /// `sha_starts[i]` is where row `i`'s marker is in `shas`.
    sha_starts: Vec<u32>,
    pub(crate) number: Vec<u64>,
    /// Creation times in microseconds since the epoch.
    pub(crate) created: Vec<i64>,
    pub(crate) status: Vec<u8>,
    pub(crate) env: Vec<u32>,
    pub(crate) env_names: Vec<String>,
    /// Each environment id's rank among the distinct names in byte order: sorting by it is
    /// sorting by the name.
    pub(crate) env_rank: Vec<u32>,
}

/// A term ready to run against one row's text at a time (see [`SearchIndex::row_matches`]).
pub(crate) enum RowTerm<'t> {
    Number(u64),
    Text(&'t [u8], usize, Option<u64>),
}

const SEP: u8 = 0x01;
const SHA: u8 = 0x02;

impl SearchIndex {
    /// Builds the index of `rows`.
    pub fn new(rows: &[DeploymentRow]) -> Self {
        let mut index = Self {
            hay: Vec::with_capacity(rows.len() * 64),
            starts: Vec::with_capacity(rows.len() + 1),
            shas: Vec::with_capacity(rows.len() * 41),
            sha_starts: Vec::with_capacity(rows.len() + 1),
            number: Vec::with_capacity(rows.len()),
            created: Vec::with_capacity(rows.len()),
            status: Vec::with_capacity(rows.len()),
            env: Vec::with_capacity(rows.len()),
            env_names: Vec::new(),
            env_rank: Vec::new(),
        };
        let mut env_ids: HashMap<&str, u32> = HashMap::new();
        for row in rows {
            index.starts.push(index.hay.len() as u32);
            for field in [
                row.git_ref.as_str(),
                row.environment.as_str(),
                row.author.as_deref().unwrap_or_default(),
                row.commit_title.as_deref().unwrap_or_default(),
            ] {
                push_lower(&mut index.hay, field);
                index.hay.push(SEP);
            }
            index.sha_starts.push(index.shas.len() as u32);
            index.shas.push(SHA);
            push_lower(&mut index.shas, &row.sha);
            index.number.push(row.number());
            index.created.push(row.created_at.timestamp_micros());
            index.status.push(row.status.rank());
            let next = env_ids.len() as u32;
            let id = *env_ids.entry(row.environment.as_str()).or_insert_with(|| {
                index.env_names.push(row.environment.clone());
                next
            });
            index.env.push(id);
        }
        index.starts.push(index.hay.len() as u32);
        index.sha_starts.push(index.shas.len() as u32);
        let mut by_name: Vec<u32> = (0..index.env_names.len() as u32).collect();
        by_name.sort_by(|&a, &b| {
            index.env_names[a as usize]
                .as_bytes()
                .cmp(index.env_names[b as usize].as_bytes())
        });
        index.env_rank = vec![0; by_name.len()];
        for (rank, &id) in by_name.iter().enumerate() {
            index.env_rank[id as usize] = rank as u32;
        }
        index
    }

    /// The terms prepared for [`SearchIndex::row_matches`].
    pub(crate) fn row_terms<'t>(terms: &'t SearchTerms) -> Vec<RowTerm<'t>> {
        terms
            .terms
            .iter()
            .map(|term| match term {
                Term::Number(n) => RowTerm::Number(*n),
                Term::Text(text, number) => {
                    RowTerm::Text(text.as_bytes(), anchor_of(text.as_bytes()), *number)
                }
            })
            .collect()
    }

    /// Whether row `i` matches every term, from the index alone: the path when filters have
    /// already left few rows (searching them one by one beats a pass over every row's text).
    pub(crate) fn row_matches(&self, i: usize, terms: &[RowTerm<'_>]) -> bool {
        let (Some(&start), Some(&end)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return false;
        };
        let text = &self.hay[start as usize..end as usize];
        let number = self.number[i];
        terms.iter().all(|term| match term {
            RowTerm::Number(n) => number == *n,
            RowTerm::Text(needle, anchor, n) => {
                short_contains(text, needle, *anchor)
                    || self.sha_starts_with(i, needle)
                    || n.is_some_and(|n| number == n)
            }
        })
    }

    /// Whether row `i`'s lowercase SHA starts with `prefix` (lowercase).
    fn sha_starts_with(&self, i: usize, prefix: &[u8]) -> bool {
        let (Some(&start), Some(&end)) = (self.sha_starts.get(i), self.sha_starts.get(i + 1))
        else {
            return false;
        };
        // After the marker byte.
        self.shas[start as usize + 1..end as usize].starts_with(prefix)
    }

    /// Number of rows indexed.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether no row is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// For each indexed row, whether it matches every term.
    pub fn mask(&self, terms: &SearchTerms) -> Vec<bool> {
        let mut keep = vec![true; self.len()];
        let mut hit = vec![false; keep.len()];
        let mut sha_needle = Vec::new();
        for term in &terms.terms {
            match term {
                Term::Number(n) => {
                    for (k, number) in keep.iter_mut().zip(&self.number) {
                        *k = *k && number == n;
                    }
                }
                Term::Text(text, number) => {
                    hit.fill(false);
                    mark_hits(&self.hay, &self.starts, text.as_bytes(), &mut hit);
                    sha_needle.clear();
                    sha_needle.push(SHA);
                    sha_needle.extend_from_slice(text.as_bytes());
                    mark_hits(&self.shas, &self.sha_starts, &sha_needle, &mut hit);
                    if let Some(n) = number {
                        for (h, number) in hit.iter_mut().zip(&self.number) {
                            *h = *h || number == n;
                        }
                    }
                    for (k, h) in keep.iter_mut().zip(&hit) {
                        *k = *k && *h;
                    }
                }
            }
        }
        keep
    }

    /// Whether row `i` (which is `row`) matches every term; for one row at a time.
    pub fn matches(&self, i: usize, row: &DeploymentRow, terms: &SearchTerms) -> bool {
        let (Some(&start), Some(&end)) = (self.starts.get(i), self.starts.get(i + 1)) else {
            return false;
        };
        let text = &self.hay[start as usize..end as usize];
        terms.terms.iter().all(|term| match term {
            Term::Number(n) => row.number() == *n,
            Term::Text(t, number) => {
                memmem::find(text, t.as_bytes()).is_some()
                    || sha_has_prefix(&row.sha, t)
                    || number.is_some_and(|n| row.number() == n)
            }
        })
    }
}

/// How common a byte is in refs, names and commit titles (higher: more common); the search
/// anchors on a needle's rarest byte, so `memchr` stops less often.
fn commonness(b: u8) -> u8 {
    const LETTERS: &[u8] = b"zqjxkvbpgwyfmculdhrsnioate";
    match b {
        b'a'..=b'z' => LETTERS
            .iter()
            .position(|&l| l == b)
            .map_or(0, |p| p as u8 + 10),
        b'0'..=b'9' | b'-' | b'/' | b'_' | b'.' | b' ' => 20,
        _ => 0,
    }
}

/// Whether `hay` (one row's text: tens of bytes) contains `needle`: the places of the needle's
/// rarest byte found with `memchr`, then the whole needle compared there (a substring
/// searcher's set-up costs more than this at that length).
fn short_contains(hay: &[u8], needle: &[u8], anchor: usize) -> bool {
    if needle.len() > hay.len() {
        return false;
    }
    let Some(&byte) = needle.get(anchor) else {
        return true;
    };
    // The anchor can only sit where the whole needle fits around it.
    let (lo, hi) = (anchor, hay.len() - needle.len() + anchor);
    let mut from = lo;
    while let Some(at) = memchr::memchr(byte, &hay[from..=hi]) {
        let start = from + at - anchor;
        if hay[start..start + needle.len()] == *needle {
            return true;
        }
        from += at + 1;
    }
    false
}

/// The position of `needle`'s rarest byte (see [`commonness`]).
fn anchor_of(needle: &[u8]) -> usize {
    (0..needle.len())
        .min_by_key(|&i| commonness(needle[i]))
        .unwrap_or(0)
}

/// Sets `hit[row]` for every row whose text (`starts[row]..starts[row + 1]` in `hay`) contains
/// `needle`.
fn mark_hits(hay: &[u8], starts: &[u32], needle: &[u8], hit: &mut [bool]) {
    let finder = memmem::Finder::new(needle);
    let mut row = 0;
    let mut from = 0;
    while let Some(found) = finder.find(&hay[from..]) {
        let at = from + found;
        // Hits only move forward: advance to the row holding byte `at`.
        while starts.get(row + 1).is_some_and(|&end| end as usize <= at) {
            row += 1;
        }
        if let Some(h) = hit.get_mut(row) {
            *h = true;
        }
        // Skip to the next row: one hit per row is enough.
        row += 1;
        let Some(&next) = starts.get(row) else {
            break;
        };
        from = next as usize;
    }
}

fn push_lower(out: &mut Vec<u8>, text: &str) {
    let start = out.len();
    if text.is_ascii() {
        out.extend_from_slice(text.as_bytes());
        out[start..].make_ascii_lowercase();
    } else {
        out.extend_from_slice(text.to_lowercase().as_bytes());
    }
    // A stray marker byte in the data must not split a field.
    for b in &mut out[start..] {
        if *b == SEP || *b == SHA {
            *b = b' ';
        }
    }
}

fn sha_has_prefix(sha: &str, prefix: &str) -> bool {
    sha.len() >= prefix.len()
        && sha.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_contains_agrees_with_a_plain_search_at_every_anchor() {
        let hays: [&[u8]; 5] = [
            b"fix/main\x01prod",
            b"",
            b"x",
            b"aaxaaxaab",
            b"review/fix-1",
        ];
        let needles: [&[u8]; 8] = [
            b"fix",
            b"main",
            b"x",
            b"aab",
            b"xaab",
            b"review/fix-1x",
            b"",
            b"z",
        ];
        for hay in hays {
            for needle in needles {
                let plain = needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle);
                for anchor in 0..needle.len().max(1) {
                    assert_eq!(
                        short_contains(hay, needle, anchor),
                        plain,
                        "{hay:?} {needle:?} at {anchor}"
                    );
                }
                assert_eq!(short_contains(hay, needle, anchor_of(needle)), plain);
            }
        }
        assert_eq!(anchor_of(b"fix"), 2, "x is rarer than f and i");
    }
}
