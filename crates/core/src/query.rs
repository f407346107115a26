//! Search, filters, sorting and grouping over loaded rows: the logic the table runs in memory.
//!
//! [`Query::apply`] returns indices into the input slice (zero copy, ready for a virtual list).
//! Filters and the free-text search select rows, then a stable sort orders them. For repeated
//! queries over the same rows (the UI's case), keep them in a [`Rows`]: its [`SearchIndex`] grows
//! with each appended page, and [`Rows::query`] searches one lowercase buffer and filters on
//! compact columns, reading the rows themselves only for the filters and sort keys it has no
//! column for.

mod group;
mod rows;
mod search;
mod sort;
pub mod synth;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::view::{DeploymentRow, Forge, Status, Tier};

pub use group::{
    attach_latest, fill_tiers, group_by_folder, group_by_tier, latest_per_environment, Group,
};
pub use rows::Rows;
pub use search::{SearchIndex, SearchTerms};
pub use sort::{sort_indices, Sort, SortDir, SortKey};

/// Filters on rows; every field left empty lets every row through.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// Keep rows whose status is one of these (empty: any).
    pub statuses: Vec<Status>,
    /// Keep rows of this environment: an exact name, or a folder when it ends with `/`
    /// (`review/` keeps `review/a` and `review/b`).
    pub environment: Option<String>,
    /// Keep rows whose tier is known and one of these (empty: any, unknown tiers included).
    pub tiers: Vec<Tier>,
    /// Keep rows created at or after this time.
    pub created_from: Option<DateTime<Utc>>,
    /// Keep rows created strictly before this time.
    pub created_before: Option<DateTime<Utc>>,
    /// Keep rows of this forge.
    pub forge: Option<Forge>,
    /// Keep rows of this project (exact path or `owner/repo`).
    pub project: Option<String>,
}

impl Filter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether `row` passes every filter.
    pub fn matches(&self, row: &DeploymentRow) -> bool {
        if let Some(from) = self.created_from {
            if row.created_at < from {
                return false;
            }
        }
        if let Some(before) = self.created_before {
            if row.created_at >= before {
                return false;
            }
        }
        if let Some(forge) = self.forge {
            if row.forge != forge {
                return false;
            }
        }
        if !self.statuses.is_empty() && !self.statuses.contains(&row.status) {
            return false;
        }
        if let Some(env) = self.environment.as_deref() {
            if !environment_matches(env, &row.environment) {
                return false;
            }
        }
        if !self.tiers.is_empty() {
            let Some(tier) = row.tier.as_ref() else {
                return false;
            };
            if !self.tiers.contains(tier) {
                return false;
            }
        }
        if let Some(project) = self.project.as_deref() {
            if row.project != project {
                return false;
            }
        }
        true
    }
}

/// A whole table query: search text, filters and sort order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Free text, see [`SearchTerms`].
    pub search: String,
    /// Filters.
    pub filter: Filter,
    /// Sort order; `None` keeps the input order.
    pub sort: Option<Sort>,
}

impl Query {
    /// Indices of the rows that pass the filters and the search, in sort order (stable).
    ///
    /// For one-shot queries: the cheap filters run first and only their survivors are searched,
    /// straight from the rows. Use [`Query::apply_indexed`] to query the same rows repeatedly.
    pub fn apply(&self, rows: &[DeploymentRow]) -> Vec<usize> {
        let terms = SearchTerms::parse(&self.search);
        let filtering = !self.filter.is_empty();
        let searching = !terms.is_empty();
        let mut matcher = terms.matcher();
        let mut out: Vec<usize> = if filtering || searching {
            rows.iter()
                .enumerate()
                .filter(|(_, row)| {
                    (!filtering || self.filter.matches(row)) && (!searching || matcher.matches(row))
                })
                .map(|(i, _)| i)
                .collect()
        } else {
            (0..rows.len()).collect()
        };
        if let Some(sort) = self.sort {
            sort_indices(rows, &mut out, sort);
        }
        out
    }

    /// Like [`Query::apply`] with a prebuilt index of the same rows (ignored if its length
    /// differs).
    pub fn apply_indexed(&self, rows: &[DeploymentRow], index: &SearchIndex) -> Vec<usize> {
        if index.len() != rows.len() {
            return self.apply(rows);
        }
        self.run(&|i| &rows[i], index)
    }

    /// The indexed query over rows read through `row` (`index.len()` of them).
    pub(crate) fn run<'r>(
        &self,
        row: &dyn Fn(usize) -> &'r DeploymentRow,
        index: &SearchIndex,
    ) -> Vec<usize> {
        let terms = SearchTerms::parse(&self.search);
        let mut out = self.filter_indexed(row, &terms, index);
        if let Some(sort) = self.sort {
            sort::sort_indices_indexed(row, index, &mut out, sort);
        }
        out
    }

    /// Search and filters over the index's columns; rows are read only for the filters the
    /// index has no column for (tiers, forge, project, unknown statuses).
    fn filter_indexed<'r>(
        &self,
        row: &dyn Fn(usize) -> &'r DeploymentRow,
        terms: &SearchTerms,
        index: &SearchIndex,
    ) -> Vec<usize> {
        let f = &self.filter;
        let hits = index.term_hits(terms);
        let status_ok = (!f.statuses.is_empty()).then(|| {
            let mut ok = [false; 256];
            for status in &f.statuses {
                ok[usize::from(status.rank())] = true;
            }
            ok
        });
        let env_ok: Option<Vec<bool>> = f
            .environment
            .as_deref()
            .map(|env| index.words_where(|name| environment_matches(env, name)));
        let rest = Filter {
            tiers: f.tiers.clone(),
            forge: f.forge,
            project: f.project.clone(),
            ..Filter::default()
        };
        let rest_on = !rest.is_empty();
        let unknown = u8::MAX;
        let from = f.created_from.map(|t| t.timestamp_micros());
        let before = f.created_before.map(|t| t.timestamp_micros());
        (0..index.len())
            .filter(|&i| {
                let entry = index.entry(i);
                let created = entry.created;
                if from.is_some_and(|from| created < from) {
                    return false;
                }
                if before.is_some_and(|before| created >= before) {
                    return false;
                }
                if let Some(ok) = &status_ok {
                    let rank = entry.status;
                    if !ok[usize::from(rank)] {
                        return false;
                    }
                    if rank == unknown && !f.statuses.contains(&row(i).status) {
                        return false;
                    }
                }
                if env_ok
                    .as_ref()
                    .is_some_and(|ok| !ok[entry.text[search::ENV] as usize])
                {
                    return false;
                }
                if rest_on && !rest.matches(row(i)) {
                    return false;
                }
                hits.is_empty() || index.row_hits(i, &hits, row)
            })
            .collect()
    }
}

/// Whether environment `name` passes the environment filter `env` (exact, or folder when `env`
/// ends with `/`).
fn environment_matches(env: &str, name: &str) -> bool {
    match env.strip_suffix('/') {
        Some(folder) => name
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/')),
        None => name == env,
    }
}
