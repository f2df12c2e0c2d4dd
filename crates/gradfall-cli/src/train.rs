//! `gradfall train`: train a configuration and report its statistics as it goes.

use std::io;
use std::path::Path;

use gradfall_core::data::csv::{self, Table};
use gradfall_core::Trainer;

use crate::report::{Format, Reporter};
use crate::{query, Failure};

const AFTER_HELP: &str = "\
Warnings about the query go to stderr and training goes on with the corrected value.
If training diverges (a non-finite loss or gradient), the last statistics are printed with
`diverged` set, stderr says \"diverged at step N — lower the learning rate\", and the exit
code is still 0: a diverged run is a result. Exit code 2 means bad input.";

/// Train a configuration and print its statistics
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The experiment: a query like "act=sigmoid&depth=20", a page URL holding one, or a
    /// preset name (see `gradfall presets`)
    pub query: String,
    /// Updates to apply
    #[arg(
        long,
        value_name = "N",
        default_value_t = 100,
        allow_negative_numbers = true
    )]
    pub steps: u64,
    /// Report every K steps; step 0 and the last step are always reported
    #[arg(long, value_name = "K", default_value_t = 1, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub every: u64,
    /// json: one object per reported step, with `step`, `loss`, `accuracy`,
    /// `test_accuracy`, `diverged` and `layers` (one object per layer, hidden layers
    /// 1..depth then the output layer); csv: a header, then one row per (step, layer),
    /// without the histograms
    #[arg(long, value_name = "F", value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Train on your own CSV file instead of the query's data set (the query then says
    /// data=csv): numeric feature columns and a class column, an optional header; the
    /// README's "Your own data" gives the format
    #[arg(long, value_name = "FILE")]
    pub data_file: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let config = query::config(&args.query);
    let built = match &args.data_file {
        Some(path) => Trainer::with_table(config, &read_table(path)?),
        None => Trainer::new(config),
    };
    let mut trainer =
        built.map_err(|e| Failure::Usage(format!("cannot train this configuration: {e}")))?;
    let mut reporter = Reporter::new(io::stdout().lock(), args.format);
    train(&mut trainer, args.steps, args.every, &mut reporter).map_err(Failure::from_io)?;
    if let Some(step) = trainer.diverged() {
        eprintln!("diverged at step {step} — lower the learning rate");
    }
    Ok(())
}

/// Read and parse the CSV file at `path`; a file that cannot be read or used is bad input.
fn read_table(path: &Path) -> Result<Table, Failure> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::Usage(format!("cannot read the data file {shown}: {e}")))?;
    csv::parse(&bytes).map_err(|e| Failure::Usage(format!("data file {shown}, {e}")))
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
