//! `gradfall sweep`: one experiment over seeds and settings, on every core.
//!
//! Runs are handed out from a shared counter to `--threads` workers (`std::thread::scope`);
//! their lines are printed in run order as soon as every earlier run is done, so the output
//! is the same whatever the thread count. `--shard I/N` runs the runs whose index is I
//! modulo N and prints no cells (they need every run: `gradfall merge` computes them).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

use gradfall_core::sweep::{summary, Axis, Plan, RunSpec, DEFAULT_STEPS, DEFAULT_TARGET, MAX_RUNS};

use crate::report::Format;
use crate::sweep_output::{run_line, Output};
use crate::{query, Failure};

const AFTER_HELP: &str = "\
Axes (--over KEY=VALUES, any configuration key, b./c./d. for one compare configuration):
  a list act=relu,leaky,necro   an integer range seed=1..8   a linear grid gain=0.5:2.5:9
Runs are the product of the axes (first axis slowest) times the experiment's
configurations, at most 4096. Each run trains alone, so the output does not depend on
--threads or --shard. Lines: {\"kind\":\"run\", \"sweep\", \"run\", …} per run, then
{\"kind\":\"cell\", …} per cell (runs that differ only by seed: median, quartiles, min, max,
how many reached --target). Quantiles interpolate linearly between order statistics.

Examples:
  gradfall sweep dying-relu --over act=relu,leaky,necro --over seed=1..16 --steps 1500
  gradfall sweep \"depth=20\" --over gain=0.5:2.5:9 --over seed=1..4 --shard 0/2 > a.jsonl
  gradfall merge a.jsonl b.jsonl";

/// Run an experiment over seeds and settings: one JSON line per run and per cell
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The base experiment: a query (compare mode's A–D included), a page URL holding one,
    /// or a preset name
    pub query: String,
    /// An axis: KEY=a,b,c or KEY=1..8 or KEY=start:stop:count (repeat for a grid)
    #[arg(long = "over", value_name = "KEY=VALUES")]
    pub over: Vec<String>,
    /// Training steps per run
    #[arg(long, value_name = "N", default_value_t = DEFAULT_STEPS)]
    pub steps: u64,
    /// The test accuracy a run must reach to count in a cell's `reached_target`
    #[arg(long, value_name = "ACC", default_value_t = DEFAULT_TARGET)]
    pub target: f32,
    /// Worker threads (default: the machine's cores)
    #[arg(long, value_name = "T", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Run only part I of N (0 ≤ I < N): the runs whose index is I modulo N
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// json lines, or csv (a runs table, a blank line, a cells table)
    #[arg(long, value_name = "F", value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// `I/N` with 0 ≤ I < N ≤ [`MAX_RUNS`].
fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let (i, n) = text
        .split_once('/')
        .ok_or_else(|| format!("'{text}' is not I/N (e.g. 0/4)"))?;
    let number = |t: &str| {
        t.trim()
            .parse::<usize>()
            .map_err(|_| format!("'{t}' in '{text}' is not a whole number"))
    };
    let (i, n) = (number(i)?, number(n)?);
    if n == 0 || n > MAX_RUNS {
        return Err(format!("the shard count {n} is not in 1..={MAX_RUNS}"));
    }
    if i >= n {
        return Err(format!(
            "shard {i}/{n} does not exist: shards are numbered 0 to {}",
            n - 1
        ));
    }
    Ok((i, n))
}

pub fn run(args: Args) -> Result<(), Failure> {
    let axes = args
        .over
        .iter()
        .map(|text| Axis::parse(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Failure::Usage(e.0))?;
    let base = query::resolve_experiment(&args.query);
    let plan = Plan::new(&base, &axes, args.steps, args.target).map_err(|e| Failure::Usage(e.0))?;
    for warning in &plan.warnings {
        eprintln!("warning: {warning}");
    }
    let threads = args.threads.map_or_else(
        || thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let (shard, shards) = args.shard.unwrap_or((0, 1));
    let runs: Vec<&RunSpec> = plan.shard(shard, shards).collect();
    let mut output = Output::new(io::stdout().lock(), args.format);
    let lines = execute(&plan, &runs, threads, &mut output)?;
    if args.shard.is_none() {
        output.cells(&lines).map_err(Failure::from_io)?;
    }
    Ok(())
}

/// Trains `runs` on `threads` workers, printing each run's line in order; returns the lines.
pub fn execute<W: Write>(
    plan: &Plan,
    runs: &[&RunSpec],
    threads: usize,
    output: &mut Output<W>,
) -> Result<Vec<String>, Failure> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (send, receive) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 0..threads.clamp(1, runs.len().max(1)) {
            let send = send.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(spec) = runs.get(k) else { break };
                    let result =
                        summary::run(&plan.id, plan.runs.len(), spec, plan.steps, plan.target);
                    if send.send((k, result.map(run_line))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Lines arrive in any order; print each as soon as every earlier one is printed.
        let mut waiting = BTreeMap::new();
        let mut lines = Vec::with_capacity(runs.len());
        let mut failure = None;
        for (k, result) in receive {
            waiting.insert(k, result);
            while let Some(result) = waiting.remove(&lines.len()) {
                let written = result
                    .map_err(|e| Failure::Usage(e.0))
                    .and_then(|line| output.run(&line).map(|()| line).map_err(Failure::from_io));
                match written {
                    Ok(line) => lines.push(line),
                    Err(f) => {
                        stop.store(true, Ordering::Relaxed);
                        failure.get_or_insert(f);
                        break;
                    }
                }
            }
            if failure.is_some() {
                break;
            }
        }
        match failure {
            Some(f) => Err(f),
            None => Ok(lines),
        }
    })
}
