//! Published numbers, reproduced by running the engine (`gradfall reproduce`): each entry
//! names the paper and where it states the number (table, figure, equation or section), says
//! what we measure, computes ours (from the theory engine or real networks at step 0) and
//! says whether the paper's number holds within the stated tolerance. Each entry also carries
//! a `query`: the experiment, in the URL language, that shows it in the playground.
//!
//! One file per paper (or group of papers): `classic.rs` (SELU, He, Glorot–Bordes–Bengio),
//! `glorot.rs` (Glorot & Bengio 2010), `criticality.rs` (Schoenholz et al. 2017),
//! `spectra.rs` (Pennington et al. 2017), `dying.rs` (Lu et al. 2019).

mod classic;
mod criticality;
mod dying;
mod glorot;
mod spectra;

use serde::Serialize;

use crate::config::Config;
use crate::experiment::Experiment;
use crate::trainer::Trainer;

pub use dying::{dead_for_one_input, dead_on_the_data, one_input_dead_probability};
pub use spectra::normalised_spread;

/// One published number next to ours.
#[derive(Clone, Debug, Serialize)]
pub struct Reproduction {
    pub name: &'static str,
    pub paper: &'static str,
    pub what: &'static str,
    pub paper_value: f64,
    pub ours: f64,
    pub tolerance: f64,
    pub holds: bool,
    /// The experiment that shows it, in the URL language (open it in the playground).
    pub query: &'static str,
}

/// One entry of the table: its text and how to compute ours.
pub struct Entry {
    pub name: &'static str,
    pub paper: &'static str,
    pub what: &'static str,
    pub paper_value: f64,
    pub tolerance: f64,
    pub query: &'static str,
    compute: fn() -> Result<f64, String>,
}

impl Entry {
    /// Compute ours and compare it with the paper's value.
    pub fn run(&self) -> Result<Reproduction, String> {
        let ours = (self.compute)()?;
        Ok(Reproduction {
            name: self.name,
            paper: self.paper,
            what: self.what,
            paper_value: self.paper_value,
            ours,
            tolerance: self.tolerance,
            holds: (ours - self.paper_value).abs() <= self.tolerance,
            query: self.query,
        })
    }
}

/// The papers' tables, in the order `--all` prints them.
const TABLES: &[&[Entry]] = &[
    classic::ENTRIES,
    glorot::ENTRIES,
    criticality::ENTRIES,
    spectra::ENTRIES,
    dying::ENTRIES,
];

/// Every reproduction, in the order `--all` prints them.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    TABLES.iter().flat_map(|t| t.iter())
}

/// The entry called `name`.
pub fn find(name: &str) -> Option<&'static Entry> {
    // Plain loops rather than `entries().find`: the iterator adaptors inlined into 7 KB of
    // the page's wasm.
    for table in TABLES {
        for entry in table.iter() {
            if entry.name == name {
                return Some(entry);
            }
        }
    }
    None
}

/// `(a/b)^(1/n)`, the geometric mean per-layer factor over n layers, through the one
/// implementation of `exp` and `ln` ([`crate::math`]) rather than a `pow` of its own.
fn per_layer(a: f64, b: f64, n: f64) -> f64 {
    crate::math::exp(crate::math::ln(a / b) / n)
}

/// Configuration A of the experiment `query` (an entry's own query, so the number and the
/// playground link cannot differ). A query with warnings is a bug in the table, so it is an
/// error rather than silently corrected.
fn config(query: &str) -> Result<Config, String> {
    let (experiment, warnings) = Experiment::from_query(query);
    if let Some(w) = warnings.first() {
        return Err(format!("{query}: {w}"));
    }
    experiment
        .configs
        .into_iter()
        .next()
        .ok_or_else(|| format!("{query}: no configuration"))
}

/// The trainer of `query`'s configuration A at step 0.
fn step0(query: &str) -> Result<Trainer, String> {
    Trainer::new(config(query)?).map_err(|e| e.to_string())
}
