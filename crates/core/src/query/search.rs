//! Free-text search: parsed terms, and the row set's dictionary-encoded index.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use memchr::memmem;

use super::rows::{push_chunked, CHUNK};
use crate::intern::{FxHasher, Text};

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

    /// A matcher for many rows, read straight from each row (no index, no allocation for ASCII
    /// text): the path for one-shot queries, same semantics as [`SearchIndex`]: each term's anchor found once, and each field's answer
    /// remembered by the field's address (rows of a set share their strings, so a few dozen
    /// distinct refs and environments are searched once each, not once per row).
    pub(crate) fn matcher(&self) -> RowMatcher<'_> {
        RowMatcher {
            terms: self
                .terms
                .iter()
                .map(|term| match term {
                    Term::Number(n) => (term, 0, *n),
                    Term::Text(text, _) => (term, anchor_of(text.as_bytes()), 0),
                })
                .collect(),
            seen: vec![[(0, 0, false); MEMO]; self.terms.len()],
        }
    }
}

/// Remembered answers per term: a direct-mapped table of `(address, length, matched)`.
const MEMO: usize = 64;

/// [`SearchTerms`] ready to test many rows (see [`SearchTerms::matcher`]).
pub(crate) struct RowMatcher<'t> {
    /// Each term, its anchor (text terms) or number.
    terms: Vec<(&'t Term, usize, u64)>,
    seen: Vec<[(usize, usize, bool); MEMO]>,
}

impl RowMatcher<'_> {
    /// Whether `row` matches every term.
    pub(crate) fn matches(&mut self, row: &DeploymentRow) -> bool {
        let number = row.number();
        self.terms
            .iter()
            .zip(self.seen.iter_mut())
            .all(|(&(term, anchor, n), seen)| match term {
                Term::Number(_) => number == n,
                Term::Text(text, value) => {
                    let fields = [
                        Some(row.git_ref.as_str()),
                        Some(row.environment.as_str()),
                        row.author.as_deref(),
                        row.commit_title.as_deref(),
                    ];
                    fields.into_iter().flatten().any(|field| {
                        let (at, len) = (field.as_ptr() as usize, field.len());
                        let slot = &mut seen[(at >> 3) % MEMO];
                        if slot.0 == at && slot.1 == len {
                            return slot.2;
                        }
                        let hit = contains_lower(field, text, anchor);
                        *slot = (at, len, hit);
                        hit
                    }) || sha_has_prefix(&row.sha, text)
                        || value.is_some_and(|v| number == v)
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

/// The search index of a row set: dictionary-encoded columns, grown page by page with the rows
/// ([`SearchIndex::extend`]) and updated in place ([`SearchIndex::set`]).
///
/// A deployment's ref, environment, author and commit title repeat across rows (a few dozen
/// environments and refs among 100,000 deployments; one title per commit), so each row holds
/// four ids into one [`Dict`] of distinct strings. A term is searched once over the distinct
/// strings (one lowercase buffer, SIMD substring search), then each row looks its ids up: the
/// work is per distinct string plus four loads per row. SHAs are mostly distinct, so a row
/// keeps its SHA's first 8 bytes as a number instead: a prefix of up to 8 characters is one
/// masked comparison, a longer one is confirmed on the row. The index costs 48 bytes a row,
/// kept in chunks like the rows. The same ids sort text columns by rank without reading
/// the rows. Small columns (number, creation time, status rank) let filters run without
/// touching the (large) rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchIndex {
    /// Distinct refs, environment names, authors and commit titles.
    words: Dict,
    /// Per row, in chunks of [`CHUNK`] (no doubling's slack, no copy as the set grows).
    chunks: Vec<Vec<Entry>>,
    len: usize,
}

/// One row's index entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Entry {
    /// Ids in `words` of its ref, environment, author and title ([`NONE`] if absent).
    pub(crate) text: [u32; 4],
    /// Its SHA's first 8 bytes, lowercase, big-endian, zero-padded.
    sha: u64,
    /// The number users type after `#`.
    pub(crate) number: u64,
    /// Creation time in microseconds since the epoch.
    pub(crate) created: i64,
    /// Status rank.
    pub(crate) status: u8,
}

/// The id of an absent author or title.
pub(crate) const NONE: u32 = u32::MAX;
/// Column of each text field in [`SearchIndex::text`].
pub(crate) const REF: usize = 0;
pub(crate) const ENV: usize = 1;
pub(crate) const AUTHOR: usize = 2;

const SEP: u8 = 0x01;

/// Distinct strings with ids in order of first sight; their lowercase forms in one buffer
/// (`text SEP` each; `SEP` is a control character, which terms never contain, so no hit
/// spans two strings), and their rank in byte order, computed when a sort first needs it.
#[derive(Clone, Debug, Default)]
struct Dict {
    ids: HashMap<Text, u32, BuildHasherDefault<FxHasher>>,
    names: Vec<Text>,
    hay: Vec<u8>,
    /// `starts[id]..starts[id + 1]` is string `id`'s lowercase form in `hay`.
    starts: Vec<u32>,
    rank: OnceLock<Vec<u32>>,
}

impl PartialEq for Dict {
    /// The same strings with the same ids (the lazily computed rank follows from them).
    fn eq(&self, other: &Self) -> bool {
        self.names == other.names && self.hay == other.hay && self.starts == other.starts
    }
}

impl Dict {
    /// The id of `text`, given on first sight.
    fn id(&mut self, text: &Text) -> u32 {
        if let Some(&id) = self.ids.get(text.as_str()) {
            return id;
        }
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let id = self.names.len() as u32;
        push_lower(&mut self.hay, text);
        self.hay.push(SEP);
        self.starts.push(self.hay.len() as u32);
        self.names.push(text.clone());
        self.ids.insert(text.clone(), id);
        self.rank.take();
        id
    }

    /// For each string, whether its lowercase form contains `needle`.
    fn hits(&self, needle: &[u8]) -> Vec<bool> {
        let mut hit = vec![false; self.names.len()];
        mark_hits(&self.hay, &self.starts, needle, &mut hit);
        hit
    }

    /// Each id's rank among the strings in byte order: sorting by it is sorting by the text.
    fn rank(&self) -> &[u32] {
        self.rank.get_or_init(|| {
            let mut by_text: Vec<u32> = (0..self.names.len() as u32).collect();
            by_text.sort_unstable_by(|&a, &b| {
                self.names[a as usize]
                    .as_bytes()
                    .cmp(self.names[b as usize].as_bytes())
            });
            let mut rank = vec![0; by_text.len()];
            for (r, &id) in by_text.iter().enumerate() {
                rank[id as usize] = r as u32;
            }
            rank
        })
    }
}

/// A term's matches among the distinct strings, ready to test rows with.
pub(crate) enum TermHits {
    /// `#N`: the row number only.
    Number(u64),
    /// Which words match, the term as a SHA prefix, and its value if it is a number.
    Text(Vec<bool>, ShaPrefix, Option<u64>),
}

/// A term as a SHA prefix: its first 8 bytes packed like [`SearchIndex::sha`] and the mask of
/// those it has; a longer term is kept whole, for the row's SHA to confirm the rest.
pub(crate) struct ShaPrefix {
    head: u64,
    mask: u64,
    long: Option<Box<str>>,
}

impl ShaPrefix {
    fn of(term: &str) -> Self {
        let n = term.len().min(8);
        Self {
            head: sha_head(term.as_bytes()),
            mask: if n == 0 { 0 } else { u64::MAX << (64 - 8 * n) },
            long: (term.len() > 8).then(|| term.into()),
        }
    }
}

/// The first 8 bytes of `sha`, lowercase, as a big-endian number (zero-padded).
fn sha_head(sha: &[u8]) -> u64 {
    let mut head = [0u8; 8];
    for (h, b) in head.iter_mut().zip(sha) {
        *h = b.to_ascii_lowercase();
    }
    u64::from_be_bytes(head)
}

impl SearchIndex {
    /// Builds the index of `rows`.
    pub fn new(rows: &[DeploymentRow]) -> Self {
        let mut index = Self::default();
        index.extend(rows);
        index
    }

    /// Indexes `rows` after the ones already indexed (the next page of the same set).
    pub fn extend<'r>(&mut self, rows: impl IntoIterator<Item = &'r DeploymentRow>) {
        for row in rows {
            let entry = self.entry_of(row);
            push_chunked(&mut self.chunks, entry);
            self.len += 1;
        }
    }

    /// Row `i` is now `row` (a GitHub row's status arrived); `false` if there is no row `i`.
    pub fn set(&mut self, i: usize, row: &DeploymentRow) -> bool {
        if i >= self.len {
            return false;
        }
        let entry = self.entry_of(row);
        self.chunks[i / CHUNK][i % CHUNK] = entry;
        true
    }

    /// Row `i`'s entry (`i` < [`SearchIndex::len`]).
    pub(crate) fn entry(&self, i: usize) -> &Entry {
        &self.chunks[i / CHUNK][i % CHUNK]
    }

    fn entry_of(&mut self, row: &DeploymentRow) -> Entry {
        let (text, sha) = self.ids_of(row);
        Entry {
            text,
            sha,
            number: row.number(),
            created: row.created_at.timestamp_micros(),
            status: row.status.rank(),
        }
    }

    fn ids_of(&mut self, row: &DeploymentRow) -> ([u32; 4], u64) {
        let words = &mut self.words;
        let text = [
            words.id(&row.git_ref),
            words.id(&row.environment),
            row.author.as_ref().map_or(NONE, |a| words.id(a)),
            row.commit_title.as_ref().map_or(NONE, |t| words.id(t)),
        ];
        (text, sha_head(row.sha.as_bytes()))
    }

    /// Number of rows indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no row is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of distinct words held.
    pub fn distinct_words(&self) -> usize {
        self.words.names.len()
    }

    /// Each term's matches among the distinct strings (the per-string part of a search).
    pub(crate) fn term_hits(&self, terms: &SearchTerms) -> Vec<TermHits> {
        terms
            .terms
            .iter()
            .map(|term| match term {
                Term::Number(n) => TermHits::Number(*n),
                Term::Text(text, number) => TermHits::Text(
                    self.words.hits(text.as_bytes()),
                    ShaPrefix::of(text),
                    *number,
                ),
            })
            .collect()
    }

    /// Whether row `i` (which `row` reads) matches every term (see
    /// [`SearchIndex::term_hits`]). The row itself is read only to confirm a SHA prefix longer
    /// than 8 characters.
    pub(crate) fn row_hits<'r>(
        &self,
        i: usize,
        terms: &[TermHits],
        row: &dyn Fn(usize) -> &'r DeploymentRow,
    ) -> bool {
        let entry = self.entry(i);
        let number = entry.number;
        terms.iter().all(|term| match term {
            TermHits::Number(n) => number == *n,
            TermHits::Text(words, sha, n) => {
                entry
                    .text
                    .iter()
                    .any(|&id| id != NONE && words[id as usize])
                    || (entry.sha & sha.mask == sha.head
                        && sha
                            .long
                            .as_deref()
                            .is_none_or(|term| sha_has_prefix(&row(i).sha, term)))
                    || n.is_some_and(|n| number == n)
            }
        })
    }

    /// For each distinct word, `keep(word)`: a filter evaluated once per name, not per row.
    pub(crate) fn words_where(&self, keep: impl Fn(&str) -> bool) -> Vec<bool> {
        self.words.names.iter().map(|w| keep(w)).collect()
    }

    /// Row `i`'s sort key for text column `field` (`REF`, `ENV`, `AUTHOR`): its word's rank,
    /// absent (0) below every text.
    pub(crate) fn text_key(&self, i: usize, field: usize) -> u64 {
        match self.entry(i).text[field] {
            NONE => 0,
            id => u64::from(self.words.rank()[id as usize]) + 1,
        }
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
    // A stray separator in the data must not split a string: it becomes another control
    // character, which no term contains either (as in the one-shot search of the raw field).
    for b in &mut out[start..] {
        if *b == SEP {
            *b = 0x02;
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
    fn contains_lower_agrees_with_a_plain_search() {
        let hays = [
            "Fix/Main\u{1}prod",
            "",
            "x",
            "AAXaaxaab",
            "review/fix-1",
            "Émile",
        ];
        let needles = [
            "fix",
            "main",
            "x",
            "aab",
            "xaab",
            "review/fix-1x",
            "z",
            "émile",
        ];
        for hay in hays {
            for needle in needles {
                let plain = hay.to_lowercase().contains(needle);
                assert_eq!(
                    contains_lower(hay, needle, anchor_of(needle.as_bytes())),
                    plain,
                    "{hay:?} {needle:?}"
                );
            }
        }
        assert_eq!(anchor_of(b"fix"), 2, "x is rarer than f and i");
    }

    #[test]
    fn words_are_stored_once_and_ranked_by_bytes() {
        let rows = crate::query::synth::rows(2_000, 9);
        let index = SearchIndex::new(&rows);
        let words = index.distinct_words();
        assert!(words < 60, "{words} distinct words in 2,000 rows");
        let mut by_env: Vec<usize> = (0..rows.len()).collect();
        by_env.sort_by_key(|&i| index.text_key(i, ENV));
        assert!(by_env
            .windows(2)
            .all(|w| rows[w[0]].environment <= rows[w[1]].environment));
    }
}
