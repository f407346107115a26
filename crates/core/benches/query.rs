//! Benchmark of search + filter + sort over 10,000 and 100,000 generated rows; also prints the
//! median of 31 timed runs per workload (`median_ms`), with no timed assertion.

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion};
use shipboard_core::model::view::{DeploymentRow, Status};
use shipboard_core::query::{synth, Filter, Query, SearchIndex, Sort, SortDir, SortKey};

const SIZES: [usize; 2] = [10_000, 100_000];
const RUNS: usize = 31;

/// The benched query: two search terms, a status filter, a sort on a text column.
fn workload() -> Query {
    Query {
        search: "fix main".into(),
        filter: Filter {
            statuses: vec![Status::Success, Status::Failed, Status::Running],
            ..Filter::default()
        },
        sort: Some(Sort {
            key: SortKey::Environment,
            dir: SortDir::Desc,
        }),
    }
}

/// Filter + sort only (no search), on a time column.
fn filter_sort() -> Query {
    Query {
        search: String::new(),
        filter: Filter {
            environment: Some("review/".into()),
            ..Filter::default()
        },
        sort: Some(Sort {
            key: SortKey::Created,
            dir: SortDir::Desc,
        }),
    }
}

fn median_ms(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(RUNS);
    let mut kept = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        kept = black_box(f());
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], kept)
}

fn print_medians(rows_by_size: &[(usize, Vec<DeploymentRow>)]) {
    for (n, rows) in rows_by_size {
        let index = SearchIndex::new(rows);
        let (ms, kept) = median_ms(|| workload().apply(rows).len());
        println!(
            "query/apply/{n}: median_ms={ms:.3} rows_kept={kept} (one-shot: filters first, then search on the rows)"
        );
        let (ms, kept) = median_ms(|| workload().apply_indexed(rows, &index).len());
        println!("query/apply_indexed/{n}: median_ms={ms:.3} rows_kept={kept}");
        let (ms, kept) = median_ms(|| filter_sort().apply(rows).len());
        println!(
            "query/filter_sort/{n}: median_ms={ms:.3} rows_kept={kept} (no index: reads rows)"
        );
        let (ms, kept) = median_ms(|| filter_sort().apply_indexed(rows, &index).len());
        println!("query/filter_sort_indexed/{n}: median_ms={ms:.3} rows_kept={kept}");
        let (ms, _) = median_ms(|| SearchIndex::new(rows).len());
        println!("query/index_build/{n}: median_ms={ms:.3}");
    }
}

fn main() {
    let rows_by_size: Vec<(usize, Vec<DeploymentRow>)> =
        SIZES.iter().map(|&n| (n, synth::rows(n, 42))).collect();
    print_medians(&rows_by_size);

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("query");
    for (n, rows) in &rows_by_size {
        let index = SearchIndex::new(rows);
        group.bench_with_input(BenchmarkId::new("apply_indexed", n), rows, |b, rows| {
            b.iter(|| workload().apply_indexed(black_box(rows), &index))
        });
        group.bench_with_input(BenchmarkId::new("apply", n), rows, |b, rows| {
            b.iter(|| workload().apply(black_box(rows)))
        });
        group.bench_with_input(BenchmarkId::new("filter_sort", n), rows, |b, rows| {
            b.iter(|| filter_sort().apply(black_box(rows)))
        });
        group.bench_with_input(
            BenchmarkId::new("filter_sort_indexed", n),
            rows,
            |b, rows| b.iter(|| filter_sort().apply_indexed(black_box(rows), &index)),
        );
    }
    group.finish();
    c.final_summary();
}
