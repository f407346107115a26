//! shipboard-fuzz: a deterministic mutational fuzzer (stable Rust, no instrumentation) for every
//! shipboard-core parser that sees outside input: response bodies of each payload type and their
//! mapping to the view model, error responses, pagination and `Link` headers, `config.json` and
//! the route's query string. Run it with `cargo xtask fuzz`; it prints inputs and panics per
//! parser and exits non-zero if anything panicked (inputs saved under `target/fuzz/crashes/`).

mod mutate;
mod rng;
mod runner;
mod seeds;
mod targets;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use runner::Options;
use targets::{Target, TARGETS};

const USAGE: &str = "usage: shipboard-fuzz [options]

options:
  --inputs N       inputs in total, over every parser (default 10000000; `_` allowed: 10_000_000)
  --seed S         seed of the generators (default 1; the same seed gives the same inputs per thread)
  --secs T         stop after T seconds even if fewer inputs ran
  --threads N      worker threads (default: 2, or 1 on a single core)
  --only A,B       only these parsers (see --list)
  --fixtures DIR   the shared fixtures folder (default: the repository's fixtures/)
  --crashes DIR    where panicking inputs are saved (default: target/fuzz/crashes)
  --replay FILE    run one saved input through its parser (from the file name, or --only) and
                   let a panic show
  --list           list the parsers";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match real_main(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("shipboard-fuzz: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn number(flag: &str, value: Option<&String>) -> Result<u64, String> {
    let value = value.ok_or_else(|| format!("{flag} needs a value"))?;
    value
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{flag}: not a number: {value}"))
}

fn real_main(args: &[String]) -> Result<ExitCode, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let default_threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    let mut opts = Options {
        inputs: 10_000_000,
        seed: 1,
        time_limit: None,
        threads: default_threads,
        crash_dir: root.join("target").join("fuzz").join("crashes"),
        progress: Some(Duration::from_secs(10)),
    };
    let mut only: Option<Vec<String>> = None;
    let mut fixtures = seeds::default_fixtures();
    let mut replay: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--inputs" => opts.inputs = number(a, it.next())?,
            "--seed" => opts.seed = number(a, it.next())?,
            "--secs" => opts.time_limit = Some(Duration::from_secs(number(a, it.next())?)),
            "--threads" => opts.threads = number(a, it.next())?.max(1) as usize,
            "--only" => {
                let list = it.next().ok_or("--only needs parser names")?;
                only = Some(list.split(',').map(str::to_owned).collect());
            }
            "--fixtures" => fixtures = PathBuf::from(it.next().ok_or("--fixtures needs a DIR")?),
            "--crashes" => {
                opts.crash_dir = PathBuf::from(it.next().ok_or("--crashes needs a DIR")?)
            }
            "--replay" => replay = Some(PathBuf::from(it.next().ok_or("--replay needs a FILE")?)),
            "--list" => {
                for t in TARGETS {
                    println!("{:<24} {}", t.name, t.what);
                }
                return Ok(ExitCode::SUCCESS);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    let targets: Vec<&Target> = match &only {
        None => TARGETS.iter().collect(),
        Some(names) => names
            .iter()
            .map(|n| {
                TARGETS
                    .iter()
                    .find(|t| t.name == n)
                    .ok_or_else(|| format!("no parser named {n} (see --list)"))
            })
            .collect::<Result<_, _>>()?,
    };
    if let Some(file) = replay {
        return replay_one(&file, only.is_some().then(|| targets[0]));
    }
    let targets: Vec<Target> = targets.into_iter().copied().collect();
    let seeds = targets
        .iter()
        .map(|t| seeds::seeds(t, &fixtures))
        .collect::<Result<Vec<_>, _>>()?;
    let corpus: usize = seeds.iter().map(Vec::len).sum();
    println!(
        "shipboard-fuzz: {} inputs over {} parsers, {} threads, seed {}, {corpus} seeds from {}{}",
        opts.inputs,
        targets.len(),
        opts.threads,
        opts.seed,
        fixtures.display(),
        opts.time_limit
            .map(|t| format!(", at most {} s", t.as_secs()))
            .unwrap_or_default(),
    );
    if cfg!(panic = "abort") {
        println!(
            "    warning: built with panic=abort: the first panic saves its input and aborts \
             (cargo xtask fuzz builds with panic=unwind and overflow checks)"
        );
    }
    if !overflow_checks() {
        println!("    warning: built without overflow checks: integer overflow wraps silently");
    }
    let report = runner::run(&targets, &seeds, &opts);
    print_table(&targets, &report);
    if report.panics() > 0 {
        println!(
            "\nFAILED: {} panics; {} inputs saved in {} (rerun one with --replay FILE):",
            report.panics(),
            report.saved.len(),
            opts.crash_dir.display()
        );
        for file in report.saved.iter().take(10) {
            println!("    {}", file.display());
        }
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether arithmetic overflow panics in this build (probed: `cfg(overflow_checks)` is unstable).
fn overflow_checks() -> bool {
    if cfg!(panic = "abort") {
        return false;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let checked = std::panic::catch_unwind(|| std::hint::black_box(u8::MAX) + 1).is_err();
    std::panic::set_hook(previous);
    checked
}

const RULE: &str = "-------------------------+------------+----------+----------+--------+------------------------------------------";

fn print_table(targets: &[Target], report: &runner::Report) {
    let secs = report.elapsed.as_secs_f64();
    println!();
    println!(
        "{:<24} | {:>10} | {:>8} | {:>8} | {:>6} | calls",
        "parser", "inputs", "accepted", "µs/input", "panics"
    );
    println!("{RULE}");
    for (t, row) in targets.iter().zip(&report.rows) {
        println!(
            "{:<24} | {:>10} | {:>7.1}% | {:>8.1} | {:>6} | {}",
            t.name,
            row.inputs,
            100.0 * row.accepted as f64 / row.inputs.max(1) as f64,
            row.nanos as f64 / 1000.0 / row.inputs.max(1) as f64,
            row.panics,
            t.what
        );
    }
    println!("{RULE}");
    println!(
        "{:<24} | {:>10} | {:>8} | {:>8} | {:>6} |",
        "total",
        report.inputs(),
        "",
        "",
        report.panics()
    );
    println!(
        "\n{} inputs in {secs:.1} s ({:.0} inputs/s){}; panics: {}",
        report.inputs(),
        report.inputs() as f64 / secs.max(1e-9),
        if report.timed_out {
            " (stopped by --secs)"
        } else {
            ""
        },
        report.panics()
    );
}

/// Runs one saved input through its parser, without catching a panic.
fn replay_one(file: &Path, target: Option<&Target>) -> Result<ExitCode, String> {
    let input = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let target = match target {
        Some(t) => t,
        None => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let parser = name.rsplit_once('-').map_or(name.as_str(), |(p, _)| p);
            TARGETS
                .iter()
                .find(|t| t.name == parser)
                .ok_or_else(|| format!("{name}: no parser named {parser}; pass --only NAME"))?
        }
    };
    let accepted = (target.run)(&input);
    println!(
        "{}: no panic ({}accepted)",
        target.name,
        if accepted { "" } else { "not " }
    );
    Ok(ExitCode::SUCCESS)
}
