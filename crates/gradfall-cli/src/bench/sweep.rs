//! Sweep throughput: runs per second of one small sweep trained by `gradfall sweep`'s own
//! scheduler ([`crate::sweep::execute`]) on 2 worker threads against 1, in the same process.
//!
//! Wall time, not the process CPU time the other figures use: what threads buy is finishing
//! sooner, while the CPU time they spend stays the same. So on a machine with fewer than two
//! idle cores the ratio shows the load, not the scheduler (the bench prints the load average
//! beside it on Linux).

use std::io;
use std::time::Instant;

use gradfall_core::sweep::{Axis, Plan, RunSpec};
use gradfall_core::Config;
use serde::Serialize;

use crate::report::Format;
use crate::sweep::execute;
use crate::sweep_output::Output;
use crate::Failure;

#[derive(Serialize)]
pub struct SweepFigure {
    /// The base query, the axis and the steps per run.
    pub query: String,
    pub over: String,
    pub steps: u64,
    pub runs: usize,
    pub runs_per_s_threads_1: f64,
    pub runs_per_s_threads_2: f64,
    /// Threads 2 over threads 1.
    pub ratio: f64,
    /// The 1-minute load average when the timing started (Linux), else `None`.
    pub load_average: Option<f64>,
}

/// Median seconds of `samples` sweeps of `plan` on `threads` threads, output discarded.
fn seconds(plan: &Plan, threads: usize, samples: usize) -> Result<f64, String> {
    let runs: Vec<&RunSpec> = plan.runs.iter().collect();
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let mut output = Output::new(io::sink(), Format::Json);
        let start = Instant::now();
        execute(plan, &runs, threads, &mut output).map_err(|e| match e {
            Failure::Usage(m) | Failure::Runtime(m) => format!("the sweep of the bench: {m}"),
            Failure::ReaderGone => "the sweep of the bench lost its output".to_string(),
        })?;
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

/// The figure: the default configuration over `seeds` seeds, `steps` steps each, timed on 1
/// and on 2 threads, alternating so that a change of load hits both.
pub fn figure(quick: bool) -> Result<SweepFigure, String> {
    let (seeds, steps, samples) = if quick { (4, 100, 1) } else { (16, 300, 3) };
    let query = Config::default().to_query();
    let over = format!("seed=1..{seeds}");
    let axis = Axis::parse(&over).map_err(|e| e.0)?;
    let plan = Plan::new(&query, &[axis], steps, 0.9).map_err(|e| e.0)?;
    let load_average = load_average();
    // Warm-up: page in the code and the allocator's arenas once.
    seconds(&plan, 2, 1)?;
    let mut one = Vec::new();
    let mut two = Vec::new();
    for _ in 0..samples {
        one.push(seconds(&plan, 1, 1)?);
        two.push(seconds(&plan, 2, 1)?);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (t1, t2) = (median(one), median(two));
    let runs = plan.runs.len();
    let figure = SweepFigure {
        query,
        over,
        steps,
        runs,
        runs_per_s_threads_1: runs as f64 / t1,
        runs_per_s_threads_2: runs as f64 / t2,
        ratio: t1 / t2,
        load_average,
    };
    println!(
        "  sweep throughput ({} runs of {} steps, wall time{}): {:.2} runs/s with --threads 2, {:.2} with --threads 1: {:.2}×",
        figure.runs,
        figure.steps,
        figure
            .load_average
            .map_or(String::new(), |l| format!(", load average {l:.2}")),
        figure.runs_per_s_threads_2,
        figure.runs_per_s_threads_1,
        figure.ratio
    );
    Ok(figure)
}

/// The 1-minute load average from /proc/loadavg (Linux), else `None`.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
