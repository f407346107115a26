//! The fuzz loop: per thread, round-robin over the targets, derive each input from the target's
//! pool (seeds plus inputs its parser accepted) or a generator, run it under `catch_unwind`,
//! and save any input that panics to the crash folder.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::mutate::{self, MAX_INPUT};
use crate::rng::Rng;
use crate::seeds::Entry;
use crate::targets::{Kind, Target};

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Inputs in total, over every target and thread.
    pub inputs: u64,
    /// The seed every thread's generator derives from.
    pub seed: u64,
    /// Stop early after this long.
    pub time_limit: Option<Duration>,
    /// Worker threads.
    pub threads: usize,
    /// Where crashing inputs are written.
    pub crash_dir: PathBuf,
    /// Print progress every this often (`None`: quiet).
    pub progress: Option<Duration>,
}

/// One target's results.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Row {
    /// Inputs run.
    pub inputs: u64,
    /// Inputs the parser accepted.
    pub accepted: u64,
    /// Inputs that panicked.
    pub panics: u64,
    /// Time spent in the parser (not in generating inputs), in nanoseconds.
    pub nanos: u64,
}

/// The results of a run.
#[derive(Clone, Debug)]
pub struct Report {
    /// Per target, in the order given.
    pub rows: Vec<Row>,
    /// Wall time.
    pub elapsed: Duration,
    /// Files written to the crash folder.
    pub saved: Vec<PathBuf>,
    /// Whether the time limit stopped the run before `inputs`.
    pub timed_out: bool,
}

impl Report {
    /// Inputs run in total.
    pub fn inputs(&self) -> u64 {
        self.rows.iter().map(|r| r.inputs).sum()
    }

    /// Panics in total.
    pub fn panics(&self) -> u64 {
        self.rows.iter().map(|r| r.panics).sum()
    }
}

/// At most this many crashing inputs are saved per run (the count goes on).
const MAX_SAVED: u64 = 100;
/// At most this many panics are described on stderr per run.
const MAX_PRINTED: u64 = 10;
/// Pool size per target and thread for accepted inputs.
const MAX_FINDS: usize = 256;

/// Shared by the threads of one run, for the panic hook.
struct Crashes {
    dir: PathBuf,
    next: AtomicU64,
    saved: std::sync::Mutex<Vec<PathBuf>>,
}

/// What the panic hook needs to know about the input being run on this thread.
struct Current {
    target: &'static str,
    input: Vec<u8>,
    crashes: Arc<Crashes>,
}

thread_local! {
    static CURRENT: RefCell<Option<Current>> = const { RefCell::new(None) };
}

/// Installs (once per process) a panic hook that saves and describes the input being fuzzed on
/// the panicking thread, and defers to the previous hook for every other panic.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let handled = CURRENT.with(|c| {
                let Ok(current) = c.try_borrow() else {
                    return false;
                };
                let Some(cur) = current.as_ref() else {
                    return false;
                };
                let n = cur.crashes.next.fetch_add(1, Ordering::Relaxed);
                let mut where_saved = String::new();
                if n < MAX_SAVED {
                    let path = cur.crashes.dir.join(format!("{}-{n}", cur.target));
                    let written = std::fs::create_dir_all(&cur.crashes.dir)
                        .and_then(|()| std::fs::write(&path, &cur.input));
                    match written {
                        Ok(()) => {
                            where_saved = format!("; input saved to {}", path.display());
                            if let Ok(mut saved) = cur.crashes.saved.lock() {
                                saved.push(path);
                            }
                        }
                        Err(e) => where_saved = format!("; could not save the input: {e}"),
                    }
                }
                if n < MAX_PRINTED {
                    eprintln!("PANIC in {}: {info}{where_saved}", cur.target);
                }
                true
            });
            if !handled {
                previous(info);
            }
        }));
    });
}

/// A target's pool: its seeds, and inputs its parser accepted (the only feedback on stable).
struct Pool {
    seeds: Vec<Entry>,
    finds: Vec<Entry>,
}

impl Pool {
    fn pick<'a>(&'a self, rng: &mut Rng) -> &'a Entry {
        if self.finds.is_empty() || rng.one_in(3) {
            rng.pick(&self.seeds)
        } else {
            rng.pick(&self.finds)
        }
    }

    fn keep(&mut self, rng: &mut Rng, entry: Entry) {
        if self.finds.len() < MAX_FINDS {
            self.finds.push(entry);
        } else {
            let i = rng.below(MAX_FINDS);
            self.finds[i] = entry;
        }
    }
}

/// One input for `target`, and its JSON value when it was built as one.
fn next_input(
    rng: &mut Rng,
    kind: Kind,
    pool: &Pool,
    all_seeds: &[Entry],
) -> (Vec<u8>, Option<Value>) {
    let other = &rng.pick(all_seeds).bytes;
    match kind {
        Kind::Json => match rng.below(20) {
            0..=8 => {
                let base = pool.pick(rng);
                let Some(mut value) = base.value.clone() else {
                    return (byte_mutant(rng, &base.bytes, other), None);
                };
                for _ in 0..rng.small(4) {
                    mutate::mutate_value(rng, &mut value);
                }
                let mut bytes = serde_json::to_vec(&value).expect("a Value serialises");
                if bytes.len() > MAX_INPUT {
                    bytes.truncate(MAX_INPUT);
                    return (bytes, None);
                }
                if rng.one_in(4) {
                    mutate::mutate_bytes(rng, &mut bytes, other);
                    return (bytes, None);
                }
                (bytes, Some(value))
            }
            9..=16 => {
                let base = &pool.pick(rng).bytes;
                (byte_mutant(rng, base, other), None)
            }
            17 => {
                // Another payload type's seed, lightly changed: the wrong shape.
                let base = rng.pick(all_seeds);
                let mut bytes = base.bytes.clone();
                mutate::mutate_bytes(rng, &mut bytes, &[]);
                (bytes, None)
            }
            18 => {
                let value = mutate::random_value(rng, 6);
                (
                    serde_json::to_vec(&value).expect("a Value serialises"),
                    Some(value),
                )
            }
            _ => {
                let n = rng.below(64);
                ((0..n).map(|_| rng.next_u64() as u8).collect(), None)
            }
        },
        _ if rng.one_in(2) => {
            let base = &pool.pick(rng).bytes;
            (byte_mutant(rng, base, other), None)
        }
        Kind::Headers => (mutate::header_lines(rng).into_bytes(), None),
        Kind::Link => (mutate::link_value(rng).into_bytes(), None),
        Kind::Route => (mutate::route_query(rng).into_bytes(), None),
        Kind::Error => {
            let body = &pool.pick(rng).bytes;
            let body = body
                .windows(2)
                .position(|w| w == b"\n\n")
                .map_or(&body[..], |p| &body[p + 2..]);
            (mutate::error_response(rng, body), None)
        }
    }
}

fn byte_mutant(rng: &mut Rng, base: &[u8], other: &[u8]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for _ in 0..rng.small(6) {
        mutate::mutate_bytes(rng, &mut bytes, other);
    }
    bytes
}

/// Runs `opts.inputs` inputs over `targets` (with their seeds, in the same order).
pub fn run(targets: &[Target], seeds: &[Vec<Entry>], opts: &Options) -> Report {
    install_hook();
    let started = Instant::now();
    let crashes = Arc::new(Crashes {
        dir: opts.crash_dir.clone(),
        next: AtomicU64::new(0),
        saved: std::sync::Mutex::new(Vec::new()),
    });
    let done = AtomicU64::new(0);
    let timed_out = AtomicBool::new(false);
    let all_seeds: Vec<Entry> = seeds.iter().flatten().cloned().collect();
    let threads = opts.threads.max(1);
    let rows = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let share = opts.inputs / threads as u64
                    + u64::from((t as u64) < opts.inputs % threads as u64);
                let crashes = Arc::clone(&crashes);
                let (done, timed_out, all_seeds) = (&done, &timed_out, &all_seeds);
                std::thread::Builder::new()
                    .name(format!("fuzz-{t}"))
                    .stack_size(64 << 20)
                    .spawn_scoped(scope, move || {
                        let mut rng =
                            Rng::new(opts.seed ^ (t as u64).wrapping_mul(0xA24B_AED4_963E_E407));
                        worker(
                            &mut rng,
                            targets,
                            seeds,
                            all_seeds,
                            share,
                            opts,
                            started,
                            crashes,
                            done,
                            timed_out,
                            t == 0,
                        )
                    })
                    .expect("a fuzz thread starts")
            })
            .collect();
        if let Some(every) = opts.progress {
            let mut last = Instant::now();
            while workers.iter().any(|w| !w.is_finished()) {
                std::thread::sleep(Duration::from_millis(100));
                if last.elapsed() >= every {
                    last = Instant::now();
                    let n = done.load(Ordering::Relaxed);
                    let secs = started.elapsed().as_secs_f64();
                    println!(
                        "    {n:>12} inputs, {:>3.0}%, {secs:>5.0} s, {:>7.0} inputs/s, {} panics",
                        100.0 * n as f64 / opts.inputs.max(1) as f64,
                        n as f64 / secs,
                        crashes.next.load(Ordering::Relaxed),
                    );
                }
            }
        }
        let mut rows = vec![Row::default(); targets.len()];
        for w in workers {
            let part = w.join().expect("fuzz threads catch their panics");
            for (row, p) in rows.iter_mut().zip(part) {
                row.inputs += p.inputs;
                row.accepted += p.accepted;
                row.panics += p.panics;
                row.nanos += p.nanos;
            }
        }
        rows
    });
    let saved = crashes.saved.lock().map(|s| s.clone()).unwrap_or_default();
    Report {
        rows,
        elapsed: started.elapsed(),
        saved,
        timed_out: timed_out.load(Ordering::Relaxed),
    }
}

#[allow(clippy::too_many_arguments)]
fn worker(
    rng: &mut Rng,
    targets: &[Target],
    seeds: &[Vec<Entry>],
    all_seeds: &[Entry],
    share: u64,
    opts: &Options,
    started: Instant,
    crashes: Arc<Crashes>,
    done: &AtomicU64,
    timed_out: &AtomicBool,
    first_thread: bool,
) -> Vec<Row> {
    let mut pools: Vec<Pool> = seeds
        .iter()
        .map(|s| Pool {
            seeds: s.clone(),
            finds: Vec::new(),
        })
        .collect();
    let mut rows = vec![Row::default(); targets.len()];
    // The first thread runs every seed unchanged before mutating it (in each target's turn).
    let mut unrun_seeds = if first_thread {
        vec![0; targets.len()]
    } else {
        Vec::new()
    };
    CURRENT.with(|c| {
        *c.borrow_mut() = Some(Current {
            target: "",
            input: Vec::new(),
            crashes,
        });
    });
    for k in 0..share {
        if k % 1024 == 0 && k > 0 {
            done.fetch_add(1024, Ordering::Relaxed);
            if opts
                .time_limit
                .is_some_and(|limit| started.elapsed() >= limit)
            {
                timed_out.store(true, Ordering::Relaxed);
                break;
            }
        }
        let i = (k % targets.len() as u64) as usize;
        let target = &targets[i];
        let (input, value) = match unrun_seeds.get_mut(i) {
            Some(next) if *next < pools[i].seeds.len() => {
                let seed = &pools[i].seeds[*next];
                *next += 1;
                (seed.bytes.clone(), seed.value.clone())
            }
            _ => next_input(rng, target.kind, &pools[i], all_seeds),
        };
        CURRENT.with(|c| {
            if let Some(cur) = c.borrow_mut().as_mut() {
                cur.target = target.name;
                cur.input.clear();
                cur.input.extend_from_slice(&input);
            }
        });
        let row = &mut rows[i];
        row.inputs += 1;
        let t0 = Instant::now();
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
        row.nanos += t0.elapsed().as_nanos() as u64;
        match outcome {
            Ok(true) => {
                row.accepted += 1;
                // Keep some accepted inputs: mutants of valid inputs reach deeper.
                if pools[i].finds.len() < MAX_FINDS || rng.one_in(16) {
                    let entry = match value {
                        Some(value) => Entry {
                            bytes: input,
                            value: Some(value),
                        },
                        None => Entry::new(input),
                    };
                    pools[i].keep(rng, entry);
                }
            }
            Ok(false) => {}
            Err(_) => row.panics += 1,
        }
    }
    CURRENT.with(|c| *c.borrow_mut() = None);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds;

    fn options(inputs: u64, dir: &str) -> Options {
        Options {
            inputs,
            seed: 1,
            time_limit: None,
            threads: 2,
            crash_dir: std::env::temp_dir().join(dir),
            progress: None,
        }
    }

    /// A short run over every real target: no panic, every target gets its share, and the
    /// generators and mutators reach inputs each parser accepts.
    #[test]
    fn a_short_run_over_every_target() {
        let targets = crate::targets::TARGETS;
        let fixtures = seeds::default_fixtures();
        let all: Vec<Vec<Entry>> = targets
            .iter()
            .map(|t| seeds::seeds(t, &fixtures).unwrap())
            .collect();
        let n = 40 * targets.len() as u64;
        let report = run(targets, &all, &options(n, "shipboard-fuzz-test-ok"));
        assert_eq!(report.inputs(), n);
        assert_eq!(report.panics(), 0, "{:?}", report.saved);
        for (t, row) in targets.iter().zip(&report.rows) {
            assert_eq!(row.inputs, 40, "{}", t.name);
        }
        assert!(report.rows.iter().map(|r| r.accepted).sum::<u64>() > 0);
    }

    fn panics_on_x(input: &[u8]) -> bool {
        assert!(!input.contains(&b'x'), "found an x");
        true
    }

    /// A panicking parser is counted, its input saved, and the run goes on.
    #[test]
    fn panics_are_caught_counted_and_saved() {
        let targets = [Target {
            name: "test-x",
            what: "panics on x",
            kind: Kind::Link,
            fixtures: &[],
            seeds: &["<a>; rel=\"x\""],
            run: panics_on_x,
        }];
        let seeds = vec![vec![Entry::new(b"<a>; rel=\"x\"".to_vec())]];
        let opts = options(500, "shipboard-fuzz-test-crash");
        let _ = std::fs::remove_dir_all(&opts.crash_dir);
        let report = run(&targets, &seeds, &opts);
        assert_eq!(report.inputs(), 500);
        assert!(report.panics() > 0);
        assert!(!report.saved.is_empty());
        let first = std::fs::read(&report.saved[0]).unwrap();
        assert!(first.contains(&b'x'));
        assert!(report.saved[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("test-x-"));
        let _ = std::fs::remove_dir_all(&opts.crash_dir);
    }
}
