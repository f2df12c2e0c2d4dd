//! `gradfall presets`: the named experiments. The core keeps each preset's name and query;
//! what it shows is a sentence of the page's English catalogue (`preset.<name>.text`), the
//! one place that sentence is written.

use std::io::{self, Write};

use gradfall_core::presets::PRESETS;

use crate::Failure;

/// List the preset experiments: name, query, and what each shows
#[derive(clap::Args)]
#[command(
    after_help = "A preset's name can stand for its query: `gradfall train vanishing-sigmoid --steps 50`."
)]
pub struct Args {
    /// Print a JSON array of {name, query, explanation}
    #[arg(long)]
    pub json: bool,
}

/// The page's English messages, compiled in.
const ENGLISH: &str = include_str!("../../../www/i18n/en.json");

/// The English explanation of preset `name` (empty if the catalogue lacks it, which
/// gradfall-core's catalogue test forbids).
fn explanation(name: &str) -> String {
    let catalogue: serde_json::Value = serde_json::from_str(ENGLISH).unwrap_or_default();
    catalogue[format!("preset.{name}.text")]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    let written = if args.json {
        write_json(&mut out)
    } else {
        write_text(&mut out)
    };
    written.map_err(Failure::from_io)
}

fn write_text(out: &mut impl Write) -> io::Result<()> {
    let width = PRESETS.iter().map(|p| p.name.len()).max().unwrap_or(0);
    for preset in PRESETS {
        writeln!(out, "{:width$}  {}", preset.name, preset.query)?;
        writeln!(out, "{:width$}  {}", "", explanation(preset.name))?;
    }
    out.flush()
}

fn write_json(out: &mut impl Write) -> io::Result<()> {
    let list: Vec<serde_json::Value> = PRESETS
        .iter()
        .map(|p| {
            serde_json::json!({"name": p.name, "query": p.query, "explanation": explanation(p.name)})
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &list)?;
    writeln!(out)?;
    out.flush()
}
