//! Stable sorting of row indices by any column, ascending or descending.

use serde::{Deserialize, Serialize};

use crate::model::view::DeploymentRow;

use super::SearchIndex;

/// A sortable column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Forge (GitLab before GitHub).
    Forge,
    /// Project path.
    Project,
    /// Status, in [`Status::ALL`](crate::model::Status::ALL) order, unknown values last.
    Status,
    /// Forge id.
    Id,
    /// GitLab iid (GitHub rows have none).
    Iid,
    /// Environment name.
    Environment,
    /// Ref.
    Ref,
    /// SHA.
    Sha,
    /// Author.
    Author,
    /// Creation time.
    Created,
    /// Last update.
    Updated,
    /// Finish time.
    Finished,
    /// Duration.
    Duration,
}

impl SortKey {
    /// Every column.
    pub const ALL: &'static [SortKey] = &[
        Self::Forge,
        Self::Project,
        Self::Status,
        Self::Id,
        Self::Iid,
        Self::Environment,
        Self::Ref,
        Self::Sha,
        Self::Author,
        Self::Created,
        Self::Updated,
        Self::Finished,
        Self::Duration,
    ];

    /// Name for URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Forge => "forge",
            Self::Project => "project",
            Self::Status => "status",
            Self::Id => "id",
            Self::Iid => "iid",
            Self::Environment => "environment",
            Self::Ref => "ref",
            Self::Sha => "sha",
            Self::Author => "author",
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Finished => "finished",
            Self::Duration => "duration",
        }
    }

    /// Parses a name from [`SortKey::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.as_str() == text)
    }
}

/// Sort direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDir {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// A column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sort {
    /// Column.
    pub key: SortKey,
    /// Direction.
    pub dir: SortDir,
}

/// Sorts `indices` (into `rows`) by `sort`, stably: rows with equal keys keep their order in
/// `indices`, in both directions. Missing values (no iid, not finished, no author…) sort as the
/// smallest; text sorts by bytes.
///
/// Every column is reduced to `u64` keys with the same order and sorted with a stable LSD radix
/// sort; text is sorted 8 bytes at a time, refining only runs whose bytes so far are equal.
pub fn sort_indices(rows: &[DeploymentRow], indices: &mut [usize], sort: Sort) {
    sort_by_row(&|i| &rows[i], indices, sort);
}

/// [`sort_indices`] over rows read through `row`.
fn sort_by_row<'r>(row: &dyn Fn(usize) -> &'r DeploymentRow, indices: &mut [usize], sort: Sort) {
    let flip = if sort.dir == SortDir::Desc {
        u64::MAX
    } else {
        0
    };
    let number = |f: &dyn Fn(&DeploymentRow) -> u64| -> Vec<(u64, u32)> {
        indices
            .iter()
            .map(|&i| (f(row(i)) ^ flip, i as u32))
            .collect()
    };
    let keyed = match sort.key {
        SortKey::Forge => number(&|r| r.forge as u64),
        SortKey::Id => number(&|r| r.id),
        SortKey::Iid => number(&|r| some(r.iid)),
        SortKey::Created => number(&|r| time(r.created_at.timestamp_micros())),
        SortKey::Updated => number(&|r| time(r.updated_at.timestamp_micros())),
        SortKey::Finished => number(&|r| some(r.finished_at.map(|t| time(t.timestamp_micros())))),
        SortKey::Duration => number(&|r| some(r.duration_secs.map(ordered_f64))),
        SortKey::Status => {
            let mut keyed = number(&|r| u64::from(r.status.rank()));
            radix_sort(&mut keyed);
            // Unknown statuses share the last rank: order them by text.
            let unknown = u64::from(u8::MAX) ^ flip;
            for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
                if run[0].0 != unknown {
                    continue;
                }
                let texts: Vec<&str> = run
                    .iter()
                    .map(|&(_, i)| row(i as usize).status.as_str())
                    .collect();
                let mut local: Vec<(u64, u32)> = (0..run.len() as u32).map(|p| (0, p)).collect();
                refine_text(&mut local, 0, flip, &texts);
                let rows_of: Vec<u32> = run.iter().map(|&(_, i)| i).collect();
                for (item, &(_, p)) in run.iter_mut().zip(&local) {
                    item.1 = rows_of[p as usize];
                }
            }
            return write_back(indices, &keyed);
        }
        SortKey::Project => return text_sort(indices, flip, &|i| Some(row(i).project.as_str())),
        SortKey::Environment => {
            return text_sort(indices, flip, &|i| Some(row(i).environment.as_str()))
        }
        SortKey::Ref => return text_sort(indices, flip, &|i| Some(row(i).git_ref.as_str())),
        SortKey::Sha => return text_sort(indices, flip, &|i| Some(row(i).sha.as_str())),
        SortKey::Author => return text_sort(indices, flip, &|i| row(i).author.as_deref()),
    };
    let mut keyed = keyed;
    radix_sort(&mut keyed);
    write_back(indices, &keyed);
}

/// [`sort_indices`] with the keys a [`SearchIndex`] of the rows already holds (creation time,
/// the ranks of refs, environments, authors and SHAs): the same order, without reading the
/// rows; other keys read them through `row`.
pub(crate) fn sort_indices_indexed<'r>(
    row: &dyn Fn(usize) -> &'r DeploymentRow,
    index: &SearchIndex,
    indices: &mut [usize],
    sort: Sort,
) {
    let flip = if sort.dir == SortDir::Desc {
        u64::MAX
    } else {
        0
    };
    let key: &dyn Fn(usize) -> u64 = match sort.key {
        SortKey::Created => &|i| time(index.entry(i).created),
        SortKey::Environment => &|i| index.text_key(i, super::search::ENV),
        SortKey::Ref => &|i| index.text_key(i, super::search::REF),
        SortKey::Author => &|i| index.text_key(i, super::search::AUTHOR),
        _ => return sort_by_row(row, indices, sort),
    };
    let mut keyed: Vec<(u64, u32)> = indices.iter().map(|&i| (key(i) ^ flip, i as u32)).collect();
    radix_sort(&mut keyed);
    write_back(indices, &keyed);
}

fn write_back(indices: &mut [usize], keyed: &[(u64, u32)]) {
    for (slot, &(_, i)) in indices.iter_mut().zip(keyed) {
        *slot = i as usize;
    }
}

/// Sorts by optional text, `None` smallest.
fn text_sort<'a>(indices: &mut [usize], flip: u64, text: &dyn Fn(usize) -> Option<&'a str>) {
    let (nones, somes): (Vec<usize>, Vec<usize>) =
        indices.iter().partition(|&&i| text(i).is_none());
    // Read each text once; the refinement works on positions in `texts`.
    let texts: Vec<&str> = somes.iter().map(|&i| text(i).unwrap_or_default()).collect();
    let mut keyed: Vec<(u64, u32)> = (0..texts.len() as u32).map(|p| (0, p)).collect();
    refine_text(&mut keyed, 0, flip, &texts);
    let sorted = keyed.iter().map(|&(_, p)| somes[p as usize]);
    let order: Vec<usize> = if flip == 0 {
        nones.iter().copied().chain(sorted).collect()
    } else {
        sorted.chain(nones.iter().copied()).collect()
    };
    indices.copy_from_slice(&order);
}

/// Stably sorts `run` (positions in `texts` in `.1`) by the text from byte `offset` on, given
/// that all their texts agree before `offset`.
fn refine_text(run: &mut [(u64, u32)], offset: usize, flip: u64, texts: &[&str]) {
    if run.len() < 2 {
        return;
    }
    if run.iter().all(|&(_, p)| texts[p as usize].len() <= offset) {
        // Equal up to zero padding: the shorter text first.
        for item in run.iter_mut() {
            item.0 = texts[item.1 as usize].len() as u64 ^ flip;
        }
        radix_sort(run);
        return;
    }
    for item in run.iter_mut() {
        item.0 = chunk(texts[item.1 as usize], offset) ^ flip;
    }
    radix_sort(run);
    for sub in run.chunk_by_mut(|a, b| a.0 == b.0) {
        refine_text(sub, offset + 8, flip, texts);
    }
}

/// Bytes `offset..offset + 8` of a text as a big-endian number, zero-padded.
fn chunk(s: &str, offset: usize) -> u64 {
    let bytes = s.as_bytes().get(offset..).unwrap_or_default();
    let mut head = [0u8; 8];
    let n = bytes.len().min(8);
    head[..n].copy_from_slice(&bytes[..n]);
    u64::from_be_bytes(head)
}

/// `None` below every value (`u64::MAX` shares the top slot with `u64::MAX - 1`).
fn some(x: Option<u64>) -> u64 {
    x.map_or(0, |v| v.saturating_add(1))
}

/// Maps an `i64` to a `u64` with the same order.
fn time(micros: i64) -> u64 {
    (micros as u64) ^ (1 << 63)
}

/// Maps an `f64` to a `u64` with the same total order (`f64::total_cmp`).
fn ordered_f64(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Stable sort by `.0`: LSD radix, one byte per pass, skipping bytes every key shares.
fn radix_sort(items: &mut [(u64, u32)]) {
    if items.len() <= 64 {
        items.sort_by_key(|item| item.0);
        return;
    }
    // Already in order (common: rows arrive sorted by id or time).
    if items.is_sorted_by_key(|item| item.0) {
        return;
    }
    // Strictly decreasing: reversing is stable since no two keys are equal.
    if items.windows(2).all(|w| w[0].0 > w[1].0) {
        items.reverse();
        return;
    }
    let mut counts = [[0usize; 256]; 8];
    for &(key, _) in items.iter() {
        for (byte, count) in counts.iter_mut().enumerate() {
            count[((key >> (8 * byte)) & 0xff) as usize] += 1;
        }
    }
    let mut from: Vec<(u64, u32)> = items.to_vec();
    let mut to: Vec<(u64, u32)> = vec![(0, 0); items.len()];
    for (byte, count) in counts.iter().enumerate() {
        if count.contains(&items.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (slot, &n) in next.iter_mut().zip(count) {
            *slot = sum;
            sum += n;
        }
        for &item in &from {
            let digit = ((item.0 >> (8 * byte)) & 0xff) as usize;
            to[next[digit]] = item;
            next[digit] += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    items.copy_from_slice(&from);
}
