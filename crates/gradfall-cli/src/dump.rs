//! `gradfall dump`: the step-0 weights, batch, loss and gradients as JSON, for checking
//! the gradients with any autodiff library.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use gradfall_core::trainer;

use crate::{query, Failure};

const AFTER_HELP: &str = "\
The JSON holds `query` (canonical), `activation`, `alpha`, the first batch `x`
([batch][inputs], standardised) and `y` (class indices), the batch-mean `loss`, and
`layers`: per layer `W` as [fan_out][fan_in], `b`, their gradients `dW`, `db`, and the
normalisation (`gamma`, `beta`, `dgamma`, `dbeta`) and PReLU (`slope`, `dslope`) parameters.";

/// Write the step-0 state of a configuration as JSON
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The experiment: a query, a page URL holding one, or a preset name
    pub query: String,
    /// Where to write (default, or `-`: standard output)
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let config = query::config(&args.query);
    let dump = trainer::dump(config)
        .map_err(|e| Failure::Usage(format!("cannot build this configuration: {e}")))?;

    match args.out.as_deref() {
        None | Some("-") => write_json(io::stdout().lock(), &dump).map_err(Failure::from_io),
        Some(path) => {
            let file = File::create(path)
                .map_err(|e| Failure::Runtime(format!("cannot create {path}: {e}")))?;
            write_json(BufWriter::new(file), &dump)
                .map_err(|e| Failure::Runtime(format!("cannot write {path}: {e}")))?;
            eprintln!(
                "wrote {path}: {} layers, batch of {}",
                dump.layers.len(),
                dump.x.len()
            );
            Ok(())
        }
    }
}

fn write_json<W: Write>(mut out: W, dump: &trainer::Dump) -> io::Result<()> {
    serde_json::to_writer(&mut out, dump)?;
    writeln!(out)?;
    out.flush()
}
