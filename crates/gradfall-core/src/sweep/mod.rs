//! Sweeps: one experiment run over many seeds and settings, summarised as distributions.
//!
//! A sweep is a base experiment in the URL language (compare mode's configurations A–D
//! included) plus [`Axis`]es over configuration keys (`act=relu,leaky`, `seed=1..8`,
//! `gain=0.5:2.5:9`). [`Plan::new`] enumerates the runs: every point of the axes' product
//! (the first axis slowest), and at each point every configuration of the experiment; the
//! run index is the position in that order. Each run trains from its own configuration only,
//! so runs are independent and deterministic: how they are scheduled, on how many threads or
//! machines, changes nothing ([`summary::run`]). Runs that differ only by their seed form a
//! cell, summarised by medians and quartiles ([`cells::cells`]).
//!
//! Output lines ([`Line`]) carry the sweep's fingerprint ([`Plan::id`]: a hash of the base,
//! the axes, the step count, the target and the engine version) so that shard outputs of
//! different sweeps are never merged. Cell statistics are computed from run summaries; the
//! command line computes them from the summaries as printed (read back), so a sweep and the
//! merge of its shards print the same cells to the bit.

pub mod axis;
pub mod cells;
pub mod plan;
pub mod profile;
pub mod summary;

use serde::{Deserialize, Serialize};

pub use axis::Axis;
pub use cells::{cells, CellSummary, Spread};
pub use plan::{Plan, RunSpec};
pub use summary::RunSummary;

/// Most runs one sweep (before sharding) may hold.
pub const MAX_RUNS: usize = 4096;

/// Training steps per run when not given (the command line's `--steps`, the page's Seeds).
pub const DEFAULT_STEPS: u64 = 1000;

/// The test accuracy a run must reach to count as reaching the target, when not given.
pub const DEFAULT_TARGET: f32 = 0.9;

/// Most seeds the page's Seeds mode runs (`seeds=N`).
pub const MAX_PAGE_SEEDS: usize = 64;

/// Why a sweep cannot be planned or its output read, in one sentence for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepError(pub String);

impl std::fmt::Display for SweepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SweepError {}

/// One output line of a sweep: a run's summary or a cell's statistics, tagged by `kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Line {
    // Boxed: both are a few hundred bytes, and lines are moved around whole.
    Run(Box<RunSummary>),
    Cell(Box<CellSummary>),
}
