//! Pure helpers for the write actions: GitLab's deployment state machine, approval rules (names,
//! progress, what a blocked deployment still waits for), environment card ordering and the
//! stop_stale date window. `now` is always a parameter.

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};

use crate::model::gitlab::{ApprovalRule, ApprovalStatus, Deployment, DeploymentStatus};
use crate::model::view::EnvironmentCard;

/// The statuses a GitLab deployment in `current` may be updated to through the API, in the
/// server's order (see [`DeploymentStatus::transitions`]).
pub fn next_statuses(current: &DeploymentStatus) -> Vec<&'static DeploymentStatus> {
    current.transitions()
}

/// Whether the API may update this deployment: only deployments made through the API (no CI job).
pub fn updatable(d: &Deployment) -> bool {
    d.deployable.is_none()
}

/// The name a rule is shown and approved as (`represented_as`): its role, group or user name.
pub fn rule_name(rule: &ApprovalRule) -> String {
    if let Some(name) = rule
        .access_level_description
        .as_deref()
        .filter(|n| !n.is_empty())
    {
        return name.to_owned();
    }
    if let Some(group) = rule.group_id {
        return format!("group {group}");
    }
    if let Some(user) = rule.user_id {
        return format!("user {user}");
    }
    "rule".to_owned()
}

/// `(approved, required)` for one rule.
pub fn rule_progress(rule: &ApprovalRule) -> (u32, u32) {
    let approved = rule
        .deployment_approvals
        .iter()
        .filter(|a| a.status == ApprovalStatus::Approved)
        .count() as u32;
    (approved, rule.required_approvals)
}

/// The rules of a deployment (empty when it has none or the answer had no summary).
pub fn rules(d: &Deployment) -> Vec<ApprovalRule> {
    d.approval_summary
        .as_ref()
        .map(|s| s.rules.clone())
        .unwrap_or_default()
}

/// What a blocked deployment still waits for: one `(name, approved, required)` per rule that is
/// not yet satisfied; without rules, one `("approvals", 0, pending)` entry when approvals are
/// pending. Empty when it waits for nothing.
pub fn waiting_for(d: &Deployment) -> Vec<(String, u32, u32)> {
    let rules = rules(d);
    if rules.is_empty() {
        return match d.pending_approval_count {
            Some(n) if n > 0 => vec![("approvals".to_owned(), 0, n)],
            _ => Vec::new(),
        };
    }
    rules
        .iter()
        .filter_map(|r| {
            let (approved, required) = rule_progress(r);
            (approved < required).then(|| (rule_name(r), approved, required))
        })
        .collect()
}

/// Blocked deployments, oldest first (by creation time, then id).
pub fn oldest_first(deployments: &mut [Deployment]) {
    deployments.sort_by_key(|d| (d.created_at, d.id));
}

/// Indices of `items` (into `cards`) ordered by tier (production first, no tier last), then name.
pub fn by_tier(cards: &[EnvironmentCard], items: &[usize]) -> Vec<usize> {
    let mut out = items.to_vec();
    out.sort_by(|&a, &b| {
        let rank = |i: usize| cards[i].tier.as_ref().map_or(u8::MAX, |t| t.rank());
        (rank(a), &cards[a].name).cmp(&(rank(b), &cards[b].name))
    });
    out
}

/// The best (lowest) tier rank among `items`, for ordering folder groups after their members.
pub fn best_rank(cards: &[EnvironmentCard], items: &[usize]) -> u8 {
    items
        .iter()
        .map(|&i| cards[i].tier.as_ref().map_or(u8::MAX, |t| t.rank()))
        .min()
        .unwrap_or(u8::MAX)
}

/// The dates stop_stale accepts for `before`, as `(oldest, newest)`: 10 years ago .. 1 week ago
/// (inclusive), for a date picker's `min` and `max`. The newest date is rounded down and the
/// oldest up so that midnight of either day passes [`crate::validate::gitlab::stop_stale`].
pub fn stop_stale_window(now: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let oldest = now.checked_sub_months(Months::new(120)).unwrap_or(now);
    let newest = now - Duration::weeks(1);
    let oldest_day = oldest.date_naive();
    let oldest_day = if oldest_day.and_hms_opt(0, 0, 0).map(|t| t.and_utc()) < Some(oldest) {
        oldest_day.succ_opt().unwrap_or(oldest_day)
    } else {
        oldest_day
    };
    (oldest_day, newest.date_naive())
}

/// Characters in `text` (not bytes), for the live counters.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::gitlab::{Approval, ApprovalSummary, Tier, User};
    use chrono::TimeZone;

    /// The transitions from `from`, as text.
    fn next(from: &str) -> Vec<String> {
        next_statuses(&DeploymentStatus::parse(from))
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect()
    }

    #[test]
    fn running_only_from_created_or_blocked() {
        assert_eq!(
            next("created"),
            ["running", "success", "failed", "canceled"]
        );
        assert_eq!(
            next("blocked"),
            ["running", "success", "failed", "canceled"]
        );
        assert_eq!(next("running"), ["success", "failed", "canceled"]);
    }

    #[test]
    fn finished_statuses_not_to_themselves() {
        assert_eq!(next("success"), ["failed", "canceled"]);
        assert_eq!(next("failed"), ["success", "canceled"]);
        assert_eq!(next("canceled"), ["success", "failed"]);
        assert_eq!(next("skipped"), ["success", "failed", "canceled"]);
    }

    fn user(name: &str) -> User {
        serde_json::from_value(serde_json::json!({"id": 1, "username": name, "name": name}))
            .unwrap()
    }

    fn rule(
        name: Option<&str>,
        group: Option<u64>,
        required: u32,
        yes: u32,
        no: u32,
    ) -> ApprovalRule {
        let answer = |status: ApprovalStatus| Approval {
            user: user("x"),
            status,
            created_at: None,
            comment: None,
        };
        let mut approvals: Vec<Approval> =
            (0..yes).map(|_| answer(ApprovalStatus::Approved)).collect();
        approvals.extend((0..no).map(|_| answer(ApprovalStatus::Rejected)));
        ApprovalRule {
            user_id: None,
            group_id: group,
            access_level: None,
            access_level_description: name.map(str::to_owned),
            required_approvals: required,
            deployment_approvals: approvals,
        }
    }

    #[test]
    fn rule_names_and_progress() {
        assert_eq!(
            rule_name(&rule(Some("security"), Some(135), 1, 0, 0)),
            "security"
        );
        assert_eq!(rule_name(&rule(None, Some(135), 1, 0, 0)), "group 135");
        assert_eq!(rule_name(&rule(Some(""), None, 1, 0, 0)), "rule");
        assert_eq!(rule_progress(&rule(None, None, 2, 1, 1)), (1, 2));
    }

    fn deployment(rules: Vec<ApprovalRule>, pending: Option<u32>) -> Deployment {
        let mut d: Deployment = serde_json::from_value(serde_json::json!({
            "id": 1, "iid": 1, "ref": "main", "sha": "abc", "created_at": "2025-01-01T00:00:00Z",
            "status": "blocked", "user": null, "environment": null, "deployable": null
        }))
        .unwrap();
        d.pending_approval_count = pending;
        d.approval_summary = (!rules.is_empty()).then_some(ApprovalSummary { rules });
        d
    }

    #[test]
    fn waiting_for_lists_unsatisfied_rules() {
        let d = deployment(
            vec![
                rule(Some("security"), None, 1, 0, 0),
                rule(Some("qa"), None, 1, 1, 0),
                rule(Some("Maintainers"), None, 2, 1, 0),
            ],
            Some(2),
        );
        assert_eq!(
            waiting_for(&d),
            [
                ("security".to_owned(), 0, 1),
                ("Maintainers".to_owned(), 1, 2)
            ]
        );
        assert_eq!(
            waiting_for(&deployment(vec![], Some(2))),
            [("approvals".to_owned(), 0, 2)]
        );
        assert!(waiting_for(&deployment(vec![], Some(0))).is_empty());
        assert!(updatable(&d));
    }

    #[test]
    fn oldest_first_sorts_by_creation() {
        let mut a = deployment(vec![], None);
        a.id = 2;
        a.created_at = Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap();
        let mut b = deployment(vec![], None);
        b.id = 3;
        let mut list = vec![a, b];
        oldest_first(&mut list);
        assert_eq!(list.iter().map(|d| d.id).collect::<Vec<_>>(), [3, 2]);
    }

    fn card(name: &str, tier: Option<Tier>) -> EnvironmentCard {
        let env: crate::model::gitlab::Environment = serde_json::from_value(serde_json::json!({
            "id": 1, "name": name, "state": "available"
        }))
        .unwrap();
        let mut c = EnvironmentCard::from_gitlab("p", &env);
        c.tier = tier;
        c
    }

    #[test]
    fn cards_by_tier_production_first() {
        let cards = vec![
            card("dev", Some(Tier::Development)),
            card("zzz", None),
            card("production", Some(Tier::Production)),
            card("staging", Some(Tier::Staging)),
            card("qa", Some(Tier::Testing)),
        ];
        assert_eq!(by_tier(&cards, &[0, 1, 2, 3, 4]), [2, 3, 4, 0, 1]);
        assert_eq!(best_rank(&cards, &[0, 3]), Tier::Staging.rank());
        assert_eq!(best_rank(&cards, &[]), u8::MAX);
    }

    #[test]
    fn stop_stale_window_passes_validation_at_both_ends() {
        let now = Utc.with_ymd_and_hms(2026, 5, 20, 15, 30, 0).unwrap();
        let (oldest, newest) = stop_stale_window(now);
        assert_eq!(newest.to_string(), "2026-05-13");
        assert_eq!(oldest.to_string(), "2016-05-21");
        for day in [oldest, newest] {
            let at = day.and_hms_opt(0, 0, 0).unwrap().and_utc();
            assert!(
                crate::validate::gitlab::stop_stale(at, now).is_empty(),
                "{day}"
            );
        }
        let too_new = (newest + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc();
        assert!(!crate::validate::gitlab::stop_stale(too_new, now).is_empty());
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(char_count("héllo"), 5);
    }
}
