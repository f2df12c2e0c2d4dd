//! `gradfall train`: train a configuration and report its statistics as it goes.

use std::io;

use gradfall_core::data::csv::{self, Table};
use gradfall_core::Trainer;

use crate::args::{self, Spec};
use crate::report::{Format, Reporter};
use crate::{query, Failure};

const SPEC: Spec = Spec {
    command: "gradfall train",
    valued: &["steps", "every", "format", "data-file"],
    switches: &[],
};

/// Steps trained when `--steps` is not given.
const DEFAULT_STEPS: u64 = 100;

pub const HELP: &str = "\
Train a configuration and print its statistics.

USAGE:
    gradfall train <QUERY> [--steps N] [--every K] [--format json|csv] [--data-file FILE]

ARGUMENTS:
    <QUERY>   the experiment: a query like \"act=sigmoid&depth=20\", a page URL holding one,
              or a preset name (see `gradfall presets`)

OPTIONS:
    --steps N      updates to apply (default 100)
    --every K      report every K steps (default 1); step 0 and the last step are always reported
    --data-file F  train on your own CSV file instead of the query's data set (the query then
                   says data=csv): numeric feature columns and a class column, an optional
                   header; the README's \"Your own data\" gives the format
    --format F     json (default): one object per reported step, with `step`, `loss`,
                   `accuracy`, `test_accuracy`, `diverged` and `layers` (one object per layer,
                   hidden layers 1..depth then the output layer);
                   csv: a header, then one row per (step, layer), without the histograms
    -h, --help     this text

Warnings about the query go to stderr and training goes on with the corrected value.
If training diverges (a non-finite loss or gradient), the last statistics are printed with
`diverged` set, stderr says \"diverged at step N — lower the learning rate\", and the exit
code is still 0: a diverged run is a result. Exit code 2 means bad input.
";

pub fn run(words: &[String]) -> Result<(), Failure> {
    let args = args::parse(&SPEC, words).map_err(Failure::Usage)?;
    if args.switch("help") {
        print!("{HELP}");
        return Ok(());
    }
    let argument = args.single(&SPEC, "a query").map_err(Failure::Usage)?;
    let steps = args
        .number("steps", DEFAULT_STEPS)
        .map_err(Failure::Usage)?;
    let every = args.number("every", 1).map_err(Failure::Usage)?;
    if every == 0 {
        return Err(Failure::Usage("--every must be at least 1".to_string()));
    }
    let format = Format::parse(args.value("format").unwrap_or("json")).map_err(Failure::Usage)?;

    let config = query::config(argument);
    let built = match args.value("data-file") {
        Some(path) => Trainer::with_table(config, &read_table(path)?),
        None => Trainer::new(config),
    };
    let mut trainer =
        built.map_err(|e| Failure::Usage(format!("cannot train this configuration: {e}")))?;
    let mut reporter = Reporter::new(io::stdout().lock(), format);
    train(&mut trainer, steps, every, &mut reporter).map_err(Failure::from_io)?;
    if let Some(step) = trainer.diverged() {
        eprintln!("diverged at step {step} — lower the learning rate");
    }
    Ok(())
}

/// Read and parse the CSV file at `path`; a file that cannot be read or used is bad input.
fn read_table(path: &str) -> Result<Table, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Usage(format!("cannot read the data file {path}: {e}")))?;
    csv::parse(&bytes).map_err(|e| Failure::Usage(format!("data file {path}, {e}")))
}

/// Report step 0, then train `steps` updates in chunks that end on multiples of `every`
/// (and on the last step), reporting after each chunk. Stops early on divergence, after
/// reporting the statistics that carry the `diverged` mark.
fn train<W: io::Write>(
    trainer: &mut Trainer,
    steps: u64,
    every: u64,
    reporter: &mut Reporter<W>,
) -> io::Result<()> {
    reporter.write(trainer.stats())?;
    let mut last_reported = (trainer.stats().step, trainer.diverged());
    let mut done = 0u64;
    while done < steps && trainer.diverged().is_none() {
        let target = (done / every + 1).saturating_mul(every).min(steps);
        let wanted = usize::try_from(target - done).unwrap_or(usize::MAX);
        let applied = trainer.step(wanted) as u64;
        done += applied;
        let now = (trainer.stats().step, trainer.diverged());
        if now != last_reported {
            reporter.write(trainer.stats())?;
            last_reported = now;
        }
        if applied == 0 {
            break; // No progress and no divergence: nothing more will happen.
        }
    }
    Ok(())
}
