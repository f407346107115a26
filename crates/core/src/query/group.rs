//! Grouping environments (by folder, by tier) and finding each environment's latest deployment.

use std::collections::{BTreeMap, HashMap};

use crate::model::view::{DeploymentRow, EnvironmentCard, Forge, Tier};

/// A group of items: its key and the indices of its members, in input order.
#[derive(Clone, Debug, PartialEq)]
pub struct Group<K> {
    /// What the members share.
    pub key: K,
    /// Indices into the input slice.
    pub items: Vec<usize>,
}

/// Groups cards by folder (`review` for `review/fix-foo`): top-level environments first
/// (key `None`), then folders by name.
pub fn group_by_folder(cards: &[EnvironmentCard]) -> Vec<Group<Option<String>>> {
    let mut groups: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
    for (i, card) in cards.iter().enumerate() {
        groups.entry(card.folder.as_deref()).or_default().push(i);
    }
    groups
        .into_iter()
        .map(|(key, items)| Group {
            key: key.map(str::to_owned),
            items,
        })
        .collect()
}

/// Groups cards by tier: production, staging, testing, development, other, unknown values
/// (by name), then cards without a tier (key `None`).
pub fn group_by_tier(cards: &[EnvironmentCard]) -> Vec<Group<Option<Tier>>> {
    type Members = (Option<Tier>, Vec<usize>);
    let mut groups: BTreeMap<(u8, &str), Members> = BTreeMap::new();
    for (i, card) in cards.iter().enumerate() {
        let rank = match &card.tier {
            Some(tier) => (tier.rank(), tier.as_str()),
            None => (u8::MAX, ""),
        };
        groups
            .entry(rank)
            .or_insert_with(|| (card.tier.clone(), Vec::new()))
            .1
            .push(i);
    }
    groups
        .into_values()
        .map(|(key, items)| Group { key, items })
        .collect()
}

/// The latest row (greatest `created_at`, then greatest id) of each environment of each
/// project, as indices ordered by forge, project, then environment name.
pub fn latest_per_environment(rows: &[DeploymentRow]) -> Vec<usize> {
    let mut latest: HashMap<(Forge, &str, &str), usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let key = (row.forge, row.project.as_str(), row.environment.as_str());
        latest
            .entry(key)
            .and_modify(|best| {
                if newer(row, &rows[*best]) {
                    *best = i;
                }
            })
            .or_insert(i);
    }
    let mut out: Vec<((Forge, &str, &str), usize)> = latest.into_iter().collect();
    out.sort_unstable();
    out.into_iter().map(|(_, i)| i).collect()
}

/// Sets each card's `last_deployment` to the latest matching row (same forge, project and
/// environment name) when the card has none or an older one.
pub fn attach_latest(cards: &mut [EnvironmentCard], rows: &[DeploymentRow]) {
    let latest: HashMap<(Forge, &str, &str), &DeploymentRow> = latest_per_environment(rows)
        .into_iter()
        .map(|i| {
            let row = &rows[i];
            (
                (row.forge, row.project.as_str(), row.environment.as_str()),
                row,
            )
        })
        .collect();
    for card in cards.iter_mut() {
        let Some(row) = latest.get(&(card.forge, card.project.as_str(), card.name.as_str())) else {
            continue;
        };
        let replace = card
            .last_deployment
            .as_deref()
            .is_none_or(|current| newer(row, current));
        if replace {
            card.last_deployment = Some(Box::new((*row).clone()));
        }
    }
}

fn newer(a: &DeploymentRow, b: &DeploymentRow) -> bool {
    (a.created_at, a.id) > (b.created_at, b.id)
}

/// Sets the tier of rows that have none from the card of their environment (same forge,
/// project and name): GitLab deployments do not carry their environment's tier.
pub fn fill_tiers(rows: &mut [DeploymentRow], cards: &[EnvironmentCard]) {
    let tiers: HashMap<(Forge, &str, &str), &Tier> = cards
        .iter()
        .filter_map(|c| {
            Some((
                (c.forge, c.project.as_str(), c.name.as_str()),
                c.tier.as_ref()?,
            ))
        })
        .collect();
    for row in rows.iter_mut().filter(|r| r.tier.is_none()) {
        let key = (row.forge, row.project.as_str(), row.environment.as_str());
        if let Some(tier) = tiers.get(&key) {
            row.tier = Some((*tier).clone());
        }
    }
}
