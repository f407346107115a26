//! Benchmark of parsing a 100-deployment GitLab page (JSON → models → view rows) and of grouping
//! environments (by folder, by tier) and finding each environment's latest deployment.
//!
//! The page is the shared fixture `gitlab/examples/deployments_list.json` repeated to 100 entries
//! with distinct ids; the environments are generated. Numbers only: no timed assertion.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use serde_json::Value;
use shipboard_core::model::gitlab;
use shipboard_core::model::view::{DeploymentRow, EnvironmentCard};
use shipboard_core::query::{group_by_folder, group_by_tier, latest_per_environment, synth};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/gitlab/examples/deployments_list.json"
);

/// A GitLab `GET /projects/:id/deployments` body of `n` deployments.
fn gitlab_page(n: usize) -> String {
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap_or_else(|e| panic!("{FIXTURE}: {e} (the shared fixtures sit beside the repo)"));
    let list: Vec<Value> = serde_json::from_str(&text).expect("the fixture is a JSON array");
    let page: Vec<Value> = (0..n)
        .map(|i| {
            let mut d = list[i % list.len()].clone();
            d["id"] = Value::from(10_000 + i as u64);
            d["iid"] = Value::from(1 + i as u64);
            d
        })
        .collect();
    serde_json::to_string(&page).expect("JSON")
}

/// `n` environment cards spread over folders and tiers.
fn cards(n: usize) -> Vec<EnvironmentCard> {
    const TIERS: [&str; 5] = ["production", "staging", "testing", "development", "other"];
    (0..n)
        .map(|i| {
            let name = match i % 4 {
                0 => format!("env-{i}"),
                1 => format!("review/branch-{i}"),
                2 => format!("feature/{}/x-{i}", i % 7),
                _ => format!("team-{}/svc-{i}", i % 13),
            };
            let env: gitlab::Environment = serde_json::from_value(serde_json::json!({
                "id": i,
                "name": name,
                "slug": format!("env-{i}"),
                "external_url": null,
                "state": "available",
                "tier": TIERS[i % TIERS.len()],
                "created_at": "2024-01-01T00:00:00Z",
                "updated_at": "2024-01-02T00:00:00Z",
            }))
            .expect("an environment");
            EnvironmentCard::from_gitlab("group/app", &env)
        })
        .collect()
}

fn main() {
    let mut c = Criterion::default().configure_from_args();

    let body = gitlab_page(100);
    let mut group = c.benchmark_group("parse");
    group.bench_with_input(
        BenchmarkId::new("gitlab_deployments_page", 100),
        &body,
        |b, body| {
            b.iter(|| {
                let list: Vec<gitlab::Deployment> =
                    serde_json::from_str(black_box(body)).expect("parses");
                list
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("rows_from_gitlab_page", 100),
        &body,
        |b, body| {
            b.iter(|| {
                let list: Vec<gitlab::Deployment> =
                    serde_json::from_str(black_box(body)).expect("parses");
                list.iter()
                    .map(|d| DeploymentRow::from_gitlab("group/app", d))
                    .collect::<Vec<_>>()
            })
        },
    );
    group.finish();

    let cards = cards(1_000);
    let rows = synth::rows(100_000, 42);
    let mut group = c.benchmark_group("group");
    group.bench_with_input(BenchmarkId::new("by_folder", 1_000), &cards, |b, cards| {
        b.iter(|| group_by_folder(black_box(cards)))
    });
    group.bench_with_input(BenchmarkId::new("by_tier", 1_000), &cards, |b, cards| {
        b.iter(|| group_by_tier(black_box(cards)))
    });
    group.sample_size(20);
    group.bench_with_input(
        BenchmarkId::new("latest_per_environment", 100_000),
        &rows,
        |b, rows| b.iter(|| latest_per_environment(black_box(rows))),
    );
    group.finish();
    c.final_summary();
}
