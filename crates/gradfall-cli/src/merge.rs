//! `gradfall merge FILE…`: the shards of one sweep, put back together.
//!
//! Reads the JSON lines of `gradfall sweep --shard` (cell lines are skipped: they are
//! recomputed), checks that every line belongs to the same sweep and that every run is there
//! exactly once, then prints the runs in order, verbatim, and the cells: the output of the
//! unsharded sweep, byte for byte.

use std::io;

use gradfall_core::sweep::Line;

use crate::report::Format;
use crate::sweep_output::{read_line, Output};
use crate::Failure;

/// Most missing runs named in the error message.
const MISSING_SHOWN: usize = 10;

/// Combine the shard outputs of one sweep and compute its cells
#[derive(clap::Args)]
pub struct Args {
    /// Output files of `gradfall sweep --shard I/N` (JSON lines), in any order
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// json lines, or csv (a runs table, a blank line, a cells table)
    #[arg(long, value_name = "F", value_enum, default_value_t = Format::Json)]
    pub format: Format,
}

/// One run line and where it came from.
struct Found {
    text: String,
    place: String,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let mut texts = Vec::new();
    for file in &args.files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::Usage(format!("cannot read {file}: {e}")))?;
        texts.push((file.as_str(), text));
    }
    let lines = collect(&texts).map_err(Failure::Usage)?;
    let mut output = Output::new(io::stdout().lock(), args.format);
    for line in &lines {
        output.run(line).map_err(Failure::from_io)?;
    }
    output.cells(&lines).map_err(Failure::from_io)
}

/// The run lines of `files` (name, content) in run order, or why they do not make one
/// complete sweep.
fn collect(files: &[(&str, String)]) -> Result<Vec<String>, String> {
    // (sweep id, total runs, where first seen)
    let mut sweep: Option<(String, usize, String)> = None;
    let mut runs: Vec<Option<Found>> = Vec::new();
    for (file, content) in files {
        for (n, text) in content.lines().enumerate() {
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let place = format!("{file} line {}", n + 1);
            let line = read_line(text).map_err(|e| format!("{place}: {e}"))?;
            let (id, total) = match &line {
                Line::Run(r) => (r.sweep.clone(), r.runs),
                Line::Cell(c) => (c.sweep.clone(), 0),
            };
            match &sweep {
                None => sweep = Some((id.clone(), total, place.clone())),
                Some((first, _, seen)) if *first != id => {
                    return Err(format!(
                        "{place} is from sweep {id}, but {seen} is from sweep {first}: these files are not shards of one sweep"
                    ))
                }
                _ => {}
            }
            let Line::Run(run) = line else { continue };
            let expected = sweep.as_mut().map_or(0, |s| {
                if s.1 == 0 {
                    s.1 = total; // the first line was a cell
                }
                s.1
            });
            if run.runs != expected || run.run >= run.runs {
                return Err(format!(
                    "{place}: run {} of {} does not fit a sweep of {expected} runs",
                    run.run, run.runs
                ));
            }
            runs.resize_with(expected, || None);
            if let Some(earlier) = &runs[run.run] {
                return Err(format!(
                    "run {} is in {} and again in {place}: give each shard once",
                    run.run, earlier.place
                ));
            }
            runs[run.run] = Some(Found {
                text: text.to_string(),
                place,
            });
        }
    }
    let total = sweep.map_or(0, |s| s.1);
    if total == 0 {
        return Err("the files hold no run lines of gradfall sweep".to_string());
    }
    runs.resize_with(total, || None);
    let missing: Vec<String> = (0..total)
        .filter(|&i| runs[i].is_none())
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        let shown = missing[..missing.len().min(MISSING_SHOWN)].join(", ");
        let more = if missing.len() > MISSING_SHOWN {
            ", …"
        } else {
            ""
        };
        return Err(format!(
            "incomplete sweep: {} of {total} runs missing ({shown}{more}); is a shard missing?",
            missing.len()
        ));
    }
    Ok(runs.into_iter().flatten().map(|f| f.text).collect())
}
