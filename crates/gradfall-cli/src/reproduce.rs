//! `gradfall reproduce`: published numbers next to ours, one JSON line each.

use std::io::{self, Write};

use gradfall_core::reproduce::{entries, find, Entry};

use crate::Failure;

const AFTER_HELP: &str = "\
Each line: `name`, `paper` (with the table, figure or section), `what` is measured, the
`paper_value`, `ours` (computed now, by the engine), the `tolerance` and whether the
paper's number `holds` (|ours − paper_value| ≤ tolerance). Without NAME or --all: the names.";

/// Reproduce published numbers with the engine and print each next to the paper's
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// One reproduction by name (see the list without arguments)
    #[arg(conflicts_with = "all")]
    pub name: Option<String>,
    /// Run every reproduction
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let entries: Vec<&Entry> = match (&args.name, args.all) {
        (_, true) => entries().collect(),
        (Some(name), false) => vec![find(name).ok_or_else(|| {
            Failure::Usage(format!(
                "no reproduction called {name:?}; one of: {}",
                names()
            ))
        })?],
        (None, false) => {
            let mut out = io::stdout().lock();
            for e in entries() {
                writeln!(out, "{}", e.name).map_err(Failure::from_io)?;
            }
            return Ok(());
        }
    };
    let mut out = io::stdout().lock();
    for entry in entries {
        let line = entry
            .run()
            .map_err(|e| Failure::Runtime(format!("{}: {e}", entry.name)))?;
        serde_json::to_writer(&mut out, &line)
            .map_err(|e| Failure::Runtime(format!("cannot write the output: {e}")))?;
        writeln!(out).map_err(Failure::from_io)?;
    }
    Ok(())
}

fn names() -> String {
    entries().map(|e| e.name).collect::<Vec<_>>().join(", ")
}
