//! Writing sweep lines (runs, then cells) as JSON lines or CSV, for `sweep` and `merge`.
//!
//! JSON: each line as printed by [`run_line`], one per line. CSV: the runs as one table
//! (header from the first run), a blank line, the cells as a second table; nested figures
//! become `figure_statistic` columns (`test_accuracy_median`), lists are space-separated,
//! `null` is an empty cell.
//!
//! The cells are always computed from the run lines *as printed*, read back: so a sweep and
//! the merge of its shards, which read the same text, print the same cells to the bit.

use std::io::{self, Write};

use gradfall_core::sweep::{cells, Line, RunSummary};
use serde_json::{Map, Value};

use crate::report::Format;

/// The JSON line of a run.
pub fn run_line(run: RunSummary) -> String {
    gradfall_core::json::to_string(&Line::Run(Box::new(run))).unwrap_or_default()
}

/// Reads one JSON line of a sweep.
pub fn read_line(text: &str) -> Result<Line, String> {
    serde_json::from_str(text).map_err(|e| format!("not a line of gradfall sweep ({e})"))
}

/// Writes run lines as they come, then the cells.
pub struct Output<W: Write> {
    out: W,
    format: Format,
    header: Option<Vec<String>>,
}

impl<W: Write> Output<W> {
    pub fn new(out: W, format: Format) -> Output<W> {
        Output {
            out,
            format,
            header: None,
        }
    }

    /// One run line (the text of [`run_line`]).
    pub fn run(&mut self, line: &str) -> io::Result<()> {
        self.write(line)?;
        self.out.flush()
    }

    /// The cells of `run_lines` (every run of a sweep, in order).
    pub fn cells(&mut self, run_lines: &[String]) -> io::Result<()> {
        let runs: Vec<RunSummary> = run_lines
            .iter()
            .filter_map(|l| match read_line(l) {
                Ok(Line::Run(run)) => Some(*run),
                _ => None,
            })
            .collect();
        if self.format == Format::Csv && self.header.is_some() {
            writeln!(self.out)?;
            self.header = None;
        }
        for cell in cells(&runs) {
            let line = gradfall_core::json::to_string(&Line::Cell(Box::new(cell)));
            self.write(&line.unwrap_or_default())?;
        }
        self.out.flush()
    }

    fn write(&mut self, line: &str) -> io::Result<()> {
        if self.format == Format::Json {
            return writeln!(self.out, "{line}");
        }
        let Ok(Value::Object(object)) = serde_json::from_str::<Value>(line) else {
            return Ok(());
        };
        let mut row = Vec::new();
        flatten("", &Value::Object(object), &mut row);
        if self.header.is_none() {
            let names: Vec<String> = row.iter().map(|(k, _)| k.clone()).collect();
            writeln!(self.out, "{}", names.join(","))?;
            self.header = Some(names);
        }
        let cells: Vec<String> = row.into_iter().map(|(_, v)| v).collect();
        writeln!(self.out, "{}", cells.join(","))
    }
}

/// `(column, cell)` pairs of a JSON value, nested objects joined with `_`.
fn flatten(prefix: &str, value: &Value, row: &mut Vec<(String, String)>) {
    let name = |key: &str| {
        if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}_{key}")
        }
    };
    match value {
        Value::Object(map) => flatten_object(map, &name, row),
        other => row.push((prefix.to_string(), csv_cell(other))),
    }
}

fn flatten_object(
    map: &Map<String, Value>,
    name: &dyn Fn(&str) -> String,
    row: &mut Vec<(String, String)>,
) {
    for (key, value) in map {
        flatten(&name(key), value, row);
    }
}

fn csv_cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(csv_cell).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    };
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
