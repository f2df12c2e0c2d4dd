//! Cells: the runs of a sweep that differ only by their seed, summarised as distributions.
//!
//! Quantiles are linear interpolations between order statistics (Hyndman & Fan's type 7,
//! the default of R and NumPy): for sorted values x₀ ≤ … ≤ x₍ₙ₋₁₎ and 0 ≤ p ≤ 1, with
//! h = (n − 1)·p, q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). The median is q(0.5), the
//! quartiles q(0.25) and q(0.75). They are computed in f64 over the runs' f32 figures and
//! rounded to f32; runs without the figure (diverged) are left out and counted in `diverged`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::Config;

use super::profile::{self, CellProfile};
use super::RunSummary;

/// The distribution of one figure over a cell's runs, rounded to f32 (the figures' own
/// precision).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// How many runs had the figure; the rest are `None` when this is 0.
    pub n: usize,
    pub min: Option<f32>,
    pub q1: Option<f32>,
    pub median: Option<f32>,
    pub q3: Option<f32>,
    pub max: Option<f32>,
}

/// One cell: its runs' settings but the seed, and the spread of their figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellSummary {
    pub sweep: String,
    /// This cell's index (cells in the order of their first run) and how many there are.
    pub cell: usize,
    pub cells: usize,
    /// The configuration, canonical, with the default seed (what the runs share).
    pub query: String,
    /// The axes' values without the seed (`act=relu`).
    pub point: String,
    /// The runs' indices and seeds, in run order.
    pub run_indices: Vec<usize>,
    pub seeds: Vec<u64>,
    /// The target, and how many runs reached it.
    pub target: f32,
    pub reached_target: usize,
    /// How many runs diverged.
    pub diverged: usize,
    pub test_accuracy: Spread,
    pub best_test_accuracy: Spread,
    pub loss: Spread,
    pub dead_data_frac: Spread,
    pub grad_a_ratio: Spread,
    /// Units revived over each run (see [`RunSummary::revived`]).
    pub revived: Spread,
    /// The depth profile's spread over seeds, per metric, layer and end
    /// ([`RunSummary::log10_profile`]).
    pub log10_profile: CellProfile,
}

/// The cells of `runs` (in run order), in the order of each cell's first run.
pub fn cells(runs: &[RunSummary]) -> Vec<CellSummary> {
    let mut keys: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut members: Vec<Vec<&RunSummary>> = Vec::new();
    for run in runs {
        let key = seedless(&run.query);
        match index.get(&key) {
            Some(&i) => members[i].push(run),
            None => {
                index.insert(key.clone(), keys.len());
                keys.push(key);
                members.push(vec![run]);
            }
        }
    }
    let count = keys.len();
    keys.into_iter()
        .zip(members)
        .enumerate()
        .map(|(cell, (query, runs))| summarise(cell, count, query, &runs))
        .collect()
}

fn summarise(cell: usize, cells: usize, query: String, runs: &[&RunSummary]) -> CellSummary {
    let first = runs[0];
    let spread = |figure: fn(&RunSummary) -> Option<f32>| {
        Spread::of(
            runs.iter()
                .filter_map(|r| figure(r))
                .map(f64::from)
                .collect(),
        )
    };
    CellSummary {
        sweep: first.sweep.clone(),
        cell,
        cells,
        query,
        point: without_seed(&first.point),
        run_indices: runs.iter().map(|r| r.run).collect(),
        seeds: runs.iter().map(|r| r.seed).collect(),
        target: first.target,
        reached_target: runs.iter().filter(|r| r.reached_target.is_some()).count(),
        diverged: runs.iter().filter(|r| r.diverged.is_some()).count(),
        test_accuracy: spread(|r| r.test_accuracy),
        best_test_accuracy: spread(|r| r.best_test_accuracy),
        loss: spread(|r| r.loss),
        dead_data_frac: spread(|r| r.dead_data_frac),
        grad_a_ratio: spread(|r| r.grad_a_ratio),
        revived: spread(|r| Some(r.revived as f32)),
        log10_profile: profile::of_cell(&runs.iter().map(|r| &r.log10_profile).collect::<Vec<_>>()),
    }
}

impl Spread {
    /// The spread of `values` (any order).
    pub fn of(mut values: Vec<f64>) -> Spread {
        values.sort_by(f64::total_cmp);
        let q = |p| quantile(&values, p).map(|x| x as f32);
        Spread {
            n: values.len(),
            min: q(0.0),
            q1: q(0.25),
            median: q(0.5),
            q3: q(0.75),
            max: q(1.0),
        }
    }
}

/// Type-7 quantile of sorted `values` (see the module docs); `None` when empty.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p;
    let below = h.floor() as usize;
    let above = (below + 1).min(last);
    Some(sorted[below] + (h - below as f64) * (sorted[above] - sorted[below]))
}

/// `query` with its seed set to the default: the key of the runs that differ only by seed.
fn seedless(query: &str) -> String {
    let config = Config::from_query(query).config;
    Config {
        seed: Config::default().seed,
        ..config
    }
    .to_query()
}

/// A point (`act=relu&seed=3`) without its seed keys (`seed`, `b.seed`…).
fn without_seed(point: &str) -> String {
    point
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            key != "seed" && !key.ends_with(".seed")
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let s = Spread::of(vec![4.0, 1.0, 3.0, 2.0]);
        assert_eq!(s.n, 4);
        assert_eq!((s.min, s.max), (Some(1.0), Some(4.0)));
        // h = 3p: 0.75 → 1.75, 1.5 → 2.5, 2.25 → 3.25 (NumPy's defaults).
        assert_eq!((s.q1, s.median, s.q3), (Some(1.75), Some(2.5), Some(3.25)));
        let odd = Spread::of(vec![5.0, 1.0, 3.0]);
        assert_eq!(
            (odd.q1, odd.median, odd.q3),
            (Some(2.0), Some(3.0), Some(4.0))
        );
        let one = Spread::of(vec![7.0]);
        assert_eq!(
            (one.q1, one.median, one.q3),
            (Some(7.0), Some(7.0), Some(7.0))
        );
        assert_eq!(Spread::of(vec![]), Spread::default());
    }

    fn run(index: usize, query: &str, point: &str, seed: u64, test: Option<f32>) -> RunSummary {
        RunSummary {
            sweep: "0123456789abcdef".into(),
            run: index,
            runs: 5,
            config: "A".into(),
            point: point.into(),
            query: query.into(),
            seed,
            steps: 100,
            loss: test.map(|t| 1.0 - t),
            accuracy: test,
            test_accuracy: test,
            best_test_accuracy: test,
            target: 0.9,
            reached_target: test.filter(|&t| t >= 0.9).map(|_| 50),
            diverged: test.is_none().then_some(10),
            grad_a_ratio: Some(1.0),
            dead_frac: Some(0.0),
            dead_data_frac: Some(0.0),
            revived: 0,
            log10_profile: Default::default(),
        }
    }

    #[test]
    fn runs_differing_only_by_seed_share_a_cell() {
        let runs = [
            run(0, "v=1&act=tanh", "act=tanh&seed=1", 1, Some(0.8)),
            run(1, "v=1&seed=2", "act=relu&seed=2", 2, Some(0.95)),
            run(2, "v=1&act=tanh&seed=2", "act=tanh&seed=2", 2, Some(0.6)),
            run(3, "v=1&act=tanh&seed=3", "act=tanh&seed=3", 3, None),
            run(4, "v=1&act=tanh&seed=4", "act=tanh&seed=4", 4, Some(0.9)),
        ];
        let cells = cells(&runs);
        assert_eq!(cells.len(), 2);
        let tanh = &cells[0];
        assert_eq!((tanh.cell, tanh.cells), (0, 2));
        assert_eq!(
            (tanh.query.as_str(), tanh.point.as_str()),
            ("v=1&act=tanh", "act=tanh")
        );
        assert_eq!(tanh.run_indices, [0, 2, 3, 4]);
        assert_eq!(tanh.seeds, [1, 2, 3, 4]);
        assert_eq!((tanh.reached_target, tanh.diverged), (1, 1));
        assert_eq!(tanh.test_accuracy.n, 3);
        assert_eq!(tanh.test_accuracy.median, Some(0.8));
        assert_eq!(tanh.test_accuracy.min, Some(0.6));
        assert_eq!(cells[1].query, "v=1");
        assert_eq!(cells[1].run_indices, [1]);
    }
}
