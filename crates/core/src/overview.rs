//! The overview matrix ("what runs where"): every project of every source as a row, every
//! environment as a column (top-level names by tier, then each folder such as `review/*`
//! collapsed into one column with a count), and in each cell the environment's current
//! deployment with a newer one that is running, blocked or failed on top of it. Pure: the app
//! feeds it what arrived so far, so the matrix fills progressively.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::model::view::{DeploymentRow, Status, Tier};

/// A column: one top-level environment name, or one folder (`review` for `review/*`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnKey {
    /// A top-level environment (`production`).
    Environment(String),
    /// Every environment of a folder (`review` holds `review/fix-1`, `review/fix-2`).
    Folder(String),
}

impl ColumnKey {
    /// The column an environment name falls in.
    pub fn of(environment: &str) -> ColumnKey {
        match environment.split_once('/') {
            Some((folder, _)) => ColumnKey::Folder(folder.to_owned()),
            None => ColumnKey::Environment(environment.to_owned()),
        }
    }

    /// The column's heading text: the name, or `review/*` for a folder.
    pub fn label(&self) -> String {
        match self {
            ColumnKey::Environment(name) => name.clone(),
            ColumnKey::Folder(folder) => format!("{folder}/*"),
        }
    }
}

/// One environment of one project, as the overview needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct EnvironmentInput {
    /// Full name (`production`, `review/fix-1`).
    pub name: String,
    /// Tier, when known (orders the columns).
    pub tier: Option<Tier>,
}

/// What the overview shows in a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The environment the cell shows (for a folder: the one deployed to most recently).
    pub environment: String,
    /// How many environments the cell stands for (1, or a folder's size).
    pub count: usize,
    /// The environment's tier, when known (orders the columns).
    pub tier: Option<Tier>,
    /// What runs there: the latest successful deployment (`None`: nothing succeeded yet).
    pub current: Option<DeploymentRow>,
    /// The latest deployment when it is newer than `current` and running, blocked, failed or
    /// waiting to start: what is about to replace it, or tried and failed to.
    pub newer: Option<DeploymentRow>,
}

impl Cell {
    /// The time of the cell's latest activity (its newest deployment's update).
    pub fn last_activity(&self) -> Option<DateTime<Utc>> {
        [&self.newer, &self.current]
            .into_iter()
            .flatten()
            .map(|d| d.updated_at)
            .max()
    }
}

/// Whether `a` is a later deployment than `b` (creation time, then id).
fn later(a: &DeploymentRow, b: &DeploymentRow) -> bool {
    (a.created_at, a.id) > (b.created_at, b.id)
}

/// The cell of environment `name` from `rows` (any deployments of the project, in any order;
/// rows of other environments are ignored).
pub fn cell(name: &str, rows: &[DeploymentRow]) -> Cell {
    let mut current: Option<&DeploymentRow> = None;
    let mut latest: Option<&DeploymentRow> = None;
    for row in rows.iter().filter(|r| r.environment == name) {
        if latest.is_none_or(|l| later(row, l)) {
            latest = Some(row);
        }
        if row.status == Status::Success && current.is_none_or(|c| later(row, c)) {
            current = Some(row);
        }
    }
    let on_top = |d: &DeploymentRow| {
        matches!(
            d.status,
            Status::Running | Status::Blocked | Status::Failed | Status::Created
        )
    };
    let newer = latest
        .filter(|l| current.is_none_or(|c| later(l, c)))
        .filter(|l| on_top(l));
    Cell {
        environment: name.to_owned(),
        count: 1,
        tier: None,
        current: current.cloned(),
        newer: newer.cloned(),
    }
}

/// One row of the matrix: a project of a source, and its cells by column.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectRow {
    /// The source's index in the sources list.
    pub source: usize,
    /// The project as in `?project=` (GitLab id or path, GitHub `owner/repo`).
    pub project: String,
    /// How the project is named on screen.
    pub label: String,
    /// The cells; a column missing here is an empty cell (no such environment).
    pub cells: BTreeMap<ColumnKey, Cell>,
}

impl ProjectRow {
    /// The row of `project` from its environments and deployments: one cell per top-level
    /// environment, and per folder the cell of its most recently active environment.
    pub fn new(
        source: usize,
        project: &str,
        label: &str,
        environments: &[EnvironmentInput],
        rows: &[DeploymentRow],
    ) -> ProjectRow {
        let mut cells: BTreeMap<ColumnKey, Cell> = BTreeMap::new();
        for env in environments {
            let key = ColumnKey::of(&env.name);
            let mut c = cell(&env.name, rows);
            c.tier = env.tier.clone();
            match cells.get_mut(&key) {
                None => {
                    cells.insert(key, c);
                }
                Some(existing) => {
                    c.count = existing.count + 1;
                    if c.last_activity() > existing.last_activity() {
                        *existing = c;
                    } else {
                        existing.count = c.count;
                    }
                }
            }
        }
        ProjectRow {
            source,
            project: project.to_owned(),
            label: label.to_owned(),
            cells,
        }
    }

    /// The row's latest activity over every cell.
    pub fn last_activity(&self) -> Option<DateTime<Utc>> {
        self.cells.values().filter_map(Cell::last_activity).max()
    }
}

/// How the overview orders its projects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectOrder {
    /// By name (label), then source.
    #[default]
    Name,
    /// Most recent activity first; projects without any after them, by name.
    Activity,
}

impl ProjectOrder {
    /// The URL value (`name`, `activity`).
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectOrder::Name => "name",
            ProjectOrder::Activity => "activity",
        }
    }

    /// Reads a URL value; anything else is the default.
    pub fn parse(text: &str) -> ProjectOrder {
        match text {
            "activity" => ProjectOrder::Activity,
            _ => ProjectOrder::Name,
        }
    }
}

/// What the overview shows of the matrix.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverviewQuery {
    /// Only columns whose label contains this (case-insensitive); empty = all.
    pub environment: String,
    /// Only this source's projects.
    pub source: Option<usize>,
    /// The project order.
    pub order: ProjectOrder,
}

/// The matrix as shown: its columns in order and its rows (indices into the input) in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    /// Columns: top-level environments by tier (production first) then name, then folders.
    pub columns: Vec<ColumnKey>,
    /// Row indices, in the query's order.
    pub rows: Vec<usize>,
}

/// Columns and row order for `rows` under `query`. A top-level column's tier is the highest its
/// environments have in any project (production first); columns without one come after.
pub fn shown(rows: &[ProjectRow], query: &OverviewQuery) -> Shown {
    let needle = query.environment.trim().to_lowercase();
    let mut order: Vec<usize> = (0..rows.len())
        .filter(|&i| query.source.is_none_or(|s| rows[i].source == s))
        .collect();
    let name_key = |i: usize| (rows[i].label.to_lowercase(), rows[i].source, i);
    match query.order {
        ProjectOrder::Name => order.sort_by_key(|&i| name_key(i)),
        ProjectOrder::Activity => order.sort_by(|&a, &b| {
            rows[b]
                .last_activity()
                .cmp(&rows[a].last_activity())
                .then_with(|| name_key(a).cmp(&name_key(b)))
        }),
    }
    let mut columns: Vec<ColumnKey> = order
        .iter()
        .flat_map(|&i| rows[i].cells.keys().cloned())
        .filter(|k| needle.is_empty() || k.label().to_lowercase().contains(&needle))
        .collect();
    columns.sort();
    columns.dedup();
    let rank = |key: &ColumnKey| {
        order
            .iter()
            .filter_map(|&i| rows[i].cells.get(key)?.tier.as_ref().map(Tier::rank))
            .min()
            .unwrap_or(u8::MAX)
    };
    columns.sort_by_cached_key(|k| match k {
        ColumnKey::Environment(name) => (0, rank(k), name.clone()),
        ColumnKey::Folder(folder) => (1, 0, folder.clone()),
    });
    Shown {
        columns,
        rows: order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::view::Forge;
    use chrono::TimeZone;

    fn row(id: u64, env: &str, status: Status, minute: u32) -> DeploymentRow {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 12, minute, 0).unwrap();
        DeploymentRow {
            forge: Forge::GitLab,
            project: "p".into(),
            id,
            iid: Some(id),
            environment: env.into(),
            tier: None,
            status,
            forge_status: "".into(),
            git_ref: "main".into(),
            is_tag: false,
            sha: format!("{id:040}").into(),
            author: Some("ann".into()),
            created_at: at,
            updated_at: at,
            finished_at: None,
            duration_secs: None,
            job: None,
            pipeline: None,
            web_base: None,
            commit_link: Default::default(),
            commit_title: None,
            commit_created_at: None,
            status_log_url: None,
            environment_url: None,
            description: None,
            pending_approval_count: None,
        }
    }

    fn env(name: &str, tier: Option<Tier>) -> EnvironmentInput {
        EnvironmentInput {
            name: name.into(),
            tier,
        }
    }

    #[test]
    fn a_cell_shows_what_runs_and_what_is_on_top_of_it() {
        let rows = [
            row(1, "production", Status::Success, 1),
            row(2, "production", Status::Success, 2),
            row(3, "production", Status::Failed, 3),
            row(4, "staging", Status::Running, 4),
        ];
        let c = cell("production", &rows);
        assert_eq!(c.current.as_ref().map(|d| d.id), Some(2));
        assert_eq!(c.newer.as_ref().map(|d| d.id), Some(3));
        // Nothing succeeded yet: no current, the running one is on top.
        let s = cell("staging", &rows);
        assert_eq!(
            (s.current.map(|d| d.id), s.newer.map(|d| d.id)),
            (None, Some(4))
        );
        // A newer canceled deployment is not on top: the cell shows what runs.
        let rows = [
            row(1, "production", Status::Success, 1),
            row(2, "production", Status::Canceled, 2),
        ];
        assert_eq!(cell("production", &rows).newer, None);
        // An older failure under a newer success is history, not on top.
        let rows = [
            row(1, "production", Status::Failed, 1),
            row(2, "production", Status::Success, 2),
        ];
        assert_eq!(cell("production", &rows).newer, None);
        // No deployment at all: an empty (but existing) cell.
        let c = cell("qa", &rows);
        assert_eq!((c.current, c.newer, c.count), (None, None, 1));
    }

    #[test]
    fn folders_collapse_into_one_cell_with_a_count() {
        let envs = [
            env("production", Some(Tier::Production)),
            env("review/a", Some(Tier::Development)),
            env("review/b", Some(Tier::Development)),
            env("review/c", Some(Tier::Development)),
        ];
        let rows = [
            row(1, "review/a", Status::Success, 1),
            row(2, "review/b", Status::Success, 9),
            row(3, "review/c", Status::Success, 5),
        ];
        let r = ProjectRow::new(0, "1", "acme/web", &envs, &rows);
        let folder = &r.cells[&ColumnKey::Folder("review".into())];
        assert_eq!(folder.count, 3);
        assert_eq!(
            folder.environment, "review/b",
            "the most recently active one"
        );
        assert_eq!(r.cells.len(), 2);
        assert_eq!(ColumnKey::Folder("review".into()).label(), "review/*");
    }

    #[test]
    fn columns_by_tier_then_name_then_folders_and_rows_by_the_query() {
        let a = ProjectRow::new(
            0,
            "1",
            "zeta",
            &[env("staging", Some(Tier::Staging)), env("review/x", None)],
            &[row(1, "staging", Status::Success, 1)],
        );
        let b = ProjectRow::new(
            1,
            "acme/shop",
            "Alpha",
            &[
                env("production", Some(Tier::Production)),
                env("canary", None),
            ],
            &[row(2, "production", Status::Success, 30)],
        );
        let c = ProjectRow::new(0, "3", "mid", &[env("production", None)], &[]);
        let rows = [a, b, c];
        let all = shown(&rows, &OverviewQuery::default());
        assert_eq!(
            all.columns,
            [
                ColumnKey::Environment("production".into()),
                ColumnKey::Environment("staging".into()),
                ColumnKey::Environment("canary".into()),
                ColumnKey::Folder("review".into()),
            ]
        );
        // By name: case-insensitive; input order differs from both orders.
        assert_eq!(all.rows, [1, 2, 0]);
        let by_activity = OverviewQuery {
            order: ProjectOrder::Activity,
            ..OverviewQuery::default()
        };
        assert_eq!(shown(&rows, &by_activity).rows, [1, 0, 2]);
        let github_only = OverviewQuery {
            source: Some(1),
            environment: "PROD".into(),
            ..OverviewQuery::default()
        };
        let s = shown(&rows, &github_only);
        assert_eq!(s.rows, [1]);
        assert_eq!(s.columns, [ColumnKey::Environment("production".into())]);
        assert_eq!(ProjectOrder::parse("activity"), ProjectOrder::Activity);
        assert_eq!(ProjectOrder::parse("nope"), ProjectOrder::Name);
    }
}
