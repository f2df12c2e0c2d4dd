//! The depth profile over seeds: per layer, log₁₀ of each depth-profile metric
//! ([`METRICS`](crate::experiment::METRICS): `grad_a`, `grad_w`, `update_ratio`,
//! `act_std`) at step 0 and at the last step, as the page's depth profile draws it (layers
//! 1..L hidden, L + 1 the output layer).
//!
//! Both ends are kept because they answer different questions: step 0 is the vanishing
//! gradient at initialisation (what the architecture and the initialisation do before any
//! learning), the last step is what training left. The values are log₁₀ (the `libm` one, so
//! the page's wasm and the CLI agree to the bit), so a cell's quartiles are quartiles of
//! orders of magnitude: the median line and the band between quartiles are what the chart
//! draws. A value that is not a positive finite number (`update_ratio` at step 0 is 0, a
//! diverged run's last step) is `null` and is left out of the cell's spread.

use serde::{Deserialize, Serialize};

use crate::math;
use crate::stats::LayerStats;

use super::Spread;

/// One metric's profile at both ends of a run (per layer).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ends<T> {
    /// At initialisation (step 0), before any update.
    pub start: T,
    /// At the run's last step (`null` throughout for a diverged run).
    pub end: T,
}

/// Every depth-profile metric's [`Ends`], one field per name of [`METRICS`] in its order (a
/// test holds them equal). Fixed fields rather than a map: the page's wasm carries less code.
///
/// [`METRICS`]: crate::experiment::METRICS
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile<T> {
    pub grad_a: Ends<T>,
    pub grad_w: Ends<T>,
    pub update_ratio: Ends<T>,
    pub act_std: Ends<T>,
}

impl<T> Profile<T> {
    /// The metric named `metric`, one of [`crate::experiment::METRICS`].
    pub fn get(&self, metric: &str) -> Option<&Ends<T>> {
        match metric {
            "grad_a" => Some(&self.grad_a),
            "grad_w" => Some(&self.grad_w),
            "update_ratio" => Some(&self.update_ratio),
            "act_std" => Some(&self.act_std),
            _ => None,
        }
    }

    /// The same profile with `f` applied to every metric's ends.
    fn map<U>(&self, mut f: impl FnMut(&str, &Ends<T>) -> Ends<U>) -> Profile<U> {
        Profile {
            grad_a: f("grad_a", &self.grad_a),
            grad_w: f("grad_w", &self.grad_w),
            update_ratio: f("update_ratio", &self.update_ratio),
            act_std: f("act_std", &self.act_std),
        }
    }
}

/// A run's profile: per metric, log₁₀ of the metric per layer at both ends.
pub type RunProfile = Profile<Vec<Option<f32>>>;

/// A cell's profile: per metric, the spread over seeds of every layer at both ends.
pub type CellProfile = Profile<LayerSpreads>;

/// The spread of one figure per layer, column-wise (index = layer − 1): compact in JSON and
/// one space-separated column per statistic in CSV.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LayerSpreads {
    pub n: Vec<usize>,
    pub min: Vec<Option<f32>>,
    pub q1: Vec<Option<f32>>,
    pub median: Vec<Option<f32>>,
    pub q3: Vec<Option<f32>>,
    pub max: Vec<Option<f32>>,
}

/// log₁₀ of `metric` in every row of `layers` (one step's rows); all `None` when `missing`.
fn at(layers: &[LayerStats], metric: &str, missing: bool) -> Vec<Option<f32>> {
    layers
        .iter()
        .map(|row| row.metric(metric).filter(|_| !missing).and_then(log10))
        .collect()
}

/// log₁₀ of a positive finite `x`, else `None`.
fn log10(x: f32) -> Option<f32> {
    (x.is_finite() && x > 0.0).then(|| math::log10(x))
}

/// The run profile of a run whose step-0 rows are `start` and last rows `end` (`None`: the
/// run diverged, so its last figures are not numbers).
pub fn of_run(start: &[LayerStats], end: Option<&[LayerStats]>) -> RunProfile {
    Profile::default().map(|metric, _: &Ends<()>| Ends {
        start: at(start, metric, false),
        end: at(end.unwrap_or(start), metric, end.is_none()),
    })
}

/// The spread over `runs` (one cell's run profiles) of every metric, end and layer. Runs may
/// differ in depth only if the sweep varies it, and then they are in different cells; a
/// layer missing from a run counts as `null`.
pub fn of_cell(runs: &[&RunProfile]) -> CellProfile {
    Profile::default().map(|metric, _: &Ends<()>| {
        let pick = |end: bool| {
            let columns: Vec<&Vec<Option<f32>>> = runs
                .iter()
                .filter_map(|r| r.get(metric))
                .map(|e| if end { &e.end } else { &e.start })
                .collect();
            spreads(&columns)
        };
        Ends {
            start: pick(false),
            end: pick(true),
        }
    })
}

/// Per layer, the spread of `columns[run][layer]` over runs.
fn spreads(columns: &[&Vec<Option<f32>>]) -> LayerSpreads {
    let layers = columns.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut out = LayerSpreads::default();
    for layer in 0..layers {
        let values = columns
            .iter()
            .filter_map(|c| c.get(layer).copied().flatten())
            .map(f64::from)
            .collect();
        let s = Spread::of(values);
        out.n.push(s.n);
        out.min.push(s.min);
        out.q1.push(s.q1);
        out.median.push(s.median);
        out.q3.push(s.q3);
        out.max.push(s.max);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(start: &[Option<f32>], end: &[Option<f32>]) -> RunProfile {
        RunProfile {
            grad_a: Ends {
                start: start.to_vec(),
                end: end.to_vec(),
            },
            ..RunProfile::default()
        }
    }

    #[test]
    fn a_cell_has_the_spread_of_every_layer_leaving_out_nulls() {
        let a = profile(&[Some(-1.0), Some(0.0)], &[Some(-3.0), None]);
        let b = profile(&[Some(-2.0), Some(1.0)], &[Some(-1.0), None]);
        let c = profile(&[Some(-4.0), Some(2.0)], &[None, Some(5.0)]);
        let cell = of_cell(&[&a, &b, &c]);
        let s = &cell.grad_a;
        assert_eq!(s.start.n, [3, 3]);
        // Layer 1 at the start: -4, -2, -1 → q1 = -3, median = -2, q3 = -1.5.
        assert_eq!(s.start.q1[0], Some(-3.0));
        assert_eq!(s.start.median[0], Some(-2.0));
        assert_eq!(s.start.q3[0], Some(-1.5));
        assert_eq!((s.start.min[1], s.start.max[1]), (Some(0.0), Some(2.0)));
        assert_eq!(s.end.n, [2, 1]);
        assert_eq!(s.end.median, [Some(-2.0), Some(5.0)]);
        assert_eq!(
            cell.grad_w,
            Ends::default(),
            "no layers in the other metrics"
        );
        assert_eq!(of_cell(&[]), CellProfile::default());
    }

    #[test]
    fn values_are_the_libm_log10_of_positive_finite_metrics() {
        assert_eq!(log10(100.0), Some(2.0));
        assert_eq!(log10(0.001), Some(math::log10(0.001_f32)));
        assert_eq!(log10(0.0), None);
        assert_eq!(log10(f32::NAN), None);
        assert_eq!(log10(f32::INFINITY), None);
    }

    #[test]
    fn the_fields_are_the_metrics_of_the_page_in_order() {
        let json = serde_json::to_value(RunProfile::default()).unwrap();
        let mut names: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        // A map's key order depends on serde_json's `preserve_order`, which the CLI turns on
        // for the whole workspace's test build: compare the sets.
        names.sort_unstable();
        let mut sorted = crate::experiment::METRICS.to_vec();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        let p = RunProfile::default();
        for metric in crate::experiment::METRICS {
            assert!(p.get(metric).is_some(), "{metric}");
        }
        assert!(p.get("dead_frac").is_none());
        // The text keeps declaration order, which is METRICS' order.
        let text = serde_json::to_string(&p).unwrap();
        let at = |m: &str| text.find(&format!("\"{m}\"")).unwrap();
        let positions: Vec<usize> = crate::experiment::METRICS.iter().map(|m| at(m)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    }
}
