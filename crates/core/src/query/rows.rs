//! [`Rows`]: the loaded deployments together with their [`SearchIndex`], which grows page by
//! page with them (never rebuilt for an appended page) and is ready for every query.

use std::collections::HashMap;
use std::ops::Index;

use super::{Query, SearchIndex};
use crate::model::view::DeploymentRow;

/// Rows per chunk (of rows: about 1.1 MB on wasm32; of index entries: 192 KB).
pub(crate) const CHUNK: usize = 4096;

/// The loaded row set and its search index, always in step: every change goes through a method
/// that updates both.
///
/// Rows are stored in chunks of [`CHUNK`], never in one growing vector: the row set is the
/// app's largest allocation and linear memory never shrinks, so a doubling vector's slack (up
/// to the size of the set) and the copy made beside the old block while it moves would stay
/// paid for the whole session. Appending a page costs at most one new chunk.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    chunks: Vec<Vec<DeploymentRow>>,
    len: usize,
    index: SearchIndex,
}

impl Rows {
    /// No rows.
    pub fn new() -> Self {
        Self::default()
    }

    /// `rows`, indexed.
    pub fn from_vec(rows: Vec<DeploymentRow>) -> Self {
        let mut set = Self::new();
        set.extend(rows);
        set
    }

    /// Appends `rows` (the next page) and indexes them.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = DeploymentRow>) {
        for row in rows {
            self.index.extend([&row]);
            push_chunked(&mut self.chunks, row);
            self.len += 1;
        }
    }

    /// Changes row `i` with `change`, and its index entry with it. `false` if there is no row
    /// `i`.
    pub fn update(&mut self, i: usize, change: impl FnOnce(&mut DeploymentRow)) -> bool {
        let Some(row) = self
            .chunks
            .get_mut(i / CHUNK)
            .and_then(|c| c.get_mut(i % CHUNK))
        else {
            return false;
        };
        change(row);
        self.index.set(i, row)
    }

    /// How a live refresh's `fresh` rows differ from these: `(position here, position in
    /// fresh)` of each known row that changed, or `None` if one is new (it needs a place among
    /// these: merge by rebuilding). With only known rows, [`Rows::update`] applies the changes
    /// in place, and no change at all leaves the set (and every query over it) untouched.
    pub fn changes(&self, fresh: &[DeploymentRow]) -> Option<Vec<(usize, usize)>> {
        // One pass over the set, whatever the number of fresh rows.
        let wanted: HashMap<u64, usize> =
            fresh.iter().enumerate().map(|(k, r)| (r.id, k)).collect();
        let mut found = 0;
        let mut changed = Vec::new();
        for (at, row) in self.iter().enumerate() {
            if let Some(&k) = wanted.get(&row.id) {
                found += 1;
                if *row != fresh[k] {
                    changed.push((at, k));
                }
            }
        }
        (found == wanted.len()).then_some(changed)
    }

    /// Replaces every row (a live refresh's merge), re-indexing them.
    pub fn replace_all(&mut self, rows: Vec<DeploymentRow>) {
        *self = Self::from_vec(rows);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Row `i`.
    pub fn get(&self, i: usize) -> Option<&DeploymentRow> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    /// The rows in order.
    pub fn iter(&self) -> impl Iterator<Item = &DeploymentRow> + '_ {
        self.chunks.iter().flatten()
    }

    /// A copy of the rows (their strings are shared, not copied).
    pub fn to_vec(&self) -> Vec<DeploymentRow> {
        self.iter().cloned().collect()
    }

    /// The index of the rows.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// [`Query::apply_indexed`] over these rows.
    pub fn query(&self, query: &Query) -> Vec<usize> {
        query.run(&|i| &self[i], &self.index)
    }

    /// Where the row with forge id `id` is.
    pub fn position(&self, id: u64) -> Option<usize> {
        self.iter().position(|r| r.id == id)
    }
}

/// Appends `item` to the last chunk, or to a new one when it is full. The first chunk grows as
/// needed (a page of 50 stays small); later ones are allocated whole, once.
pub(crate) fn push_chunked<T>(chunks: &mut Vec<Vec<T>>, item: T) {
    match chunks.last_mut() {
        Some(last) if last.len() < CHUNK => last.push(item),
        _ => {
            let mut chunk = if chunks.is_empty() {
                Vec::new()
            } else {
                Vec::with_capacity(CHUNK)
            };
            chunk.push(item);
            chunks.push(chunk);
        }
    }
}

impl Index<usize> for Rows {
    type Output = DeploymentRow;
    fn index(&self, i: usize) -> &DeploymentRow {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::view::Status;
    use crate::query::{synth, Sort, SortDir, SortKey};

    /// The index answers every query as the rows themselves do.
    fn check_in_step(rows: &Rows) {
        let all = rows.to_vec();
        for search in ["", "main", "fix login", "prod", "#5", "e3", "totally"] {
            for key in [
                SortKey::Created,
                SortKey::Ref,
                SortKey::Environment,
                SortKey::Status,
            ] {
                let q = Query {
                    search: search.into(),
                    sort: Some(Sort {
                        key,
                        dir: SortDir::Desc,
                    }),
                    ..Query::default()
                };
                assert!(rows.query(&q) == q.apply(&all), "{search} by {key:?}");
            }
        }
    }

    #[test]
    fn pages_appended_are_indexed_as_if_built_at_once() {
        let all = synth::rows(1_000, 7);
        let mut rows = Rows::new();
        for page in all.chunks(100) {
            rows.extend(page.to_vec());
        }
        assert!(rows.to_vec() == all);
        assert!(
            rows.index() == &SearchIndex::new(&all),
            "as if built at once"
        );
        check_in_step(&rows);
        let sha = all[17].sha.to_uppercase();
        let (long, eight, short) = (&sha[..12], &sha[..8], &sha[..3]);
        let mut other = sha[..12].to_owned();
        other.replace_range(10..11, if &sha[10..11] == "0" { "1" } else { "0" });
        for search in [
            "main",
            "fix login",
            "prod",
            "#5",
            "e3",
            long,
            eight,
            short,
            &other,
        ] {
            let q = Query {
                search: search.into(),
                ..Query::default()
            };
            assert_eq!(rows.query(&q), q.apply(&all), "{search}");
        }
        for (prefix, found) in [(long, true), (eight, true), (short, true), (&other, false)] {
            let q = Query {
                search: prefix.into(),
                ..Query::default()
            };
            assert_eq!(rows.query(&q).contains(&17), found, "row 17 by {prefix}");
        }
    }

    #[test]
    fn rows_sit_in_whole_chunks_without_slack() {
        let all = synth::rows(CHUNK * 2 + 10, 3);
        let mut rows = Rows::new();
        for page in all.chunks(100) {
            rows.extend(page.to_vec());
        }
        assert_eq!(rows.chunks.len(), 3);
        assert!(rows.chunks[1..].iter().all(|c| c.capacity() == CHUNK));
        assert_eq!(rows.len(), all.len());
        assert_eq!(rows[CHUNK + 5], all[CHUNK + 5]);
        assert_eq!(rows.get(all.len()), None);
        assert_eq!(rows.position(all[CHUNK * 2 + 3].id), Some(CHUNK * 2 + 3));
    }

    #[test]
    fn a_refresh_of_known_rows_lists_only_what_changed() {
        let rows = Rows::from_vec(synth::rows(30, 2));
        let mut fresh = rows.to_vec()[5..10].to_vec();
        assert_eq!(rows.changes(&fresh), Some(vec![]));
        fresh[2].status = Status::Failed;
        fresh[2].forge_status = "failed".into();
        assert_eq!(rows.changes(&fresh), Some(vec![(7, 2)]));
        fresh[0].id = 999_999;
        assert_eq!(rows.changes(&fresh), None, "a new row needs a merge");
    }

    #[test]
    fn an_update_in_place_keeps_the_index_in_step() {
        let mut rows = Rows::from_vec(synth::rows(50, 1));
        assert!(rows.update(3, |r| r.status = Status::Inactive));
        check_in_step(&rows);
        assert!(rows.update(4, |r| r.git_ref = "totally-new-ref".into()));
        check_in_step(&rows);
        let q = Query {
            search: "totally-new".into(),
            ..Query::default()
        };
        assert_eq!(rows.query(&q), vec![4]);
        assert!(!rows.update(50, |_| {}));
    }
}
