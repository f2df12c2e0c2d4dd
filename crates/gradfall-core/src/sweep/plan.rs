//! The run plan: every run of a sweep, in order, with its configuration.

use crate::config::{encode_component, split_query, VERSION_KEY};
use crate::experiment::{Experiment, LABELS};
use crate::Config;

use super::{Axis, SweepError, MAX_RUNS};

/// Most training steps per run.
pub const MAX_STEPS: u64 = 1_000_000;

/// One run: which configuration of which point of the axes.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec {
    /// Position in the sweep's order (0-based).
    pub index: usize,
    /// The configuration's letter in the experiment (A–D).
    pub label: char,
    /// The axes' values at this run, as a query (`act=relu&seed=3`); empty without axes.
    pub point: String,
    pub config: Config,
}

/// A planned sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The sweep's fingerprint: 16 hex digits (see [`Plan::new`]).
    pub id: String,
    /// The base experiment, canonical, without the axes' keys.
    pub base: String,
    pub axes: Vec<Axis>,
    pub steps: u64,
    /// The test accuracy a run must reach to count as reaching the target.
    pub target: f32,
    pub runs: Vec<RunSpec>,
    /// Warnings about the base query (unknown keys, clamped values), as the page gives them.
    pub warnings: Vec<String>,
}

impl Plan {
    /// Plans `base` (an experiment query) over `axes` for `steps` steps per run. Fails with
    /// a sentence for the user on repeated axes, a value an experiment refuses, more than
    /// [`MAX_RUNS`] runs, `steps` above [`MAX_STEPS`] or a `target` outside 0..=1.
    pub fn new(base: &str, axes: &[Axis], steps: u64, target: f32) -> Result<Plan, SweepError> {
        if steps > MAX_STEPS {
            return Err(SweepError(format!(
                "--steps {steps} is above the limit of {MAX_STEPS}"
            )));
        }
        if !(0.0..=1.0).contains(&target) {
            return Err(SweepError(format!(
                "the target test accuracy {target} is not between 0 and 1"
            )));
        }
        for (i, axis) in axes.iter().enumerate() {
            if axes[..i].iter().any(|a| a.key == axis.key) {
                return Err(SweepError(format!(
                    "two axes over {}; give its values in one --over",
                    axis.key
                )));
            }
        }
        let base_pairs = base_pairs(base, axes);
        let (experiment, warnings) = Experiment::from_query(&join(&base_pairs));
        let points = points(axes, experiment.configs.len())?;
        let mut runs = Vec::new();
        for point in points {
            let mut pairs = base_pairs.clone();
            pairs.extend(point.iter().cloned());
            let (run, run_warnings) = Experiment::from_query(&join(&pairs));
            let point = join(&point);
            if let Some(new) = run_warnings.iter().find(|w| !warnings.contains(w)) {
                return Err(SweepError(format!("at {point}: {new}")));
            }
            for (i, config) in run.configs.into_iter().enumerate() {
                runs.push(RunSpec {
                    index: runs.len(),
                    label: LABELS[i],
                    point: point.clone(),
                    config,
                });
            }
        }
        let base = experiment.to_query();
        let id = fingerprint(&base, axes, steps, target);
        Ok(Plan {
            id,
            base,
            axes: axes.to_vec(),
            steps,
            target,
            runs,
            warnings: warnings.into_iter().map(|w| w.text).collect(),
        })
    }

    /// The runs of shard `shard` of `shards` (0-based): those whose index is `shard` modulo
    /// `shards`, so every shard gets a share of every part of the grid.
    pub fn shard(&self, shard: usize, shards: usize) -> impl Iterator<Item = &RunSpec> {
        self.runs
            .iter()
            .filter(move |r| shards > 0 && r.index % shards == shard)
    }
}

/// The base's `(key, value)` pairs without `v` and without the axes' keys.
fn base_pairs(base: &str, axes: &[Axis]) -> Vec<(String, String)> {
    split_query(base)
        .into_iter()
        .filter(|(k, _)| k != VERSION_KEY && axes.iter().all(|a| &a.key != k))
        .map(|(k, v)| (k, v.unwrap_or_else(|| "1".into())))
        .collect()
}

fn join(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Every point of the axes' product, first axis slowest, refusing more than [`MAX_RUNS`]
/// runs of `configs` configurations each before building any.
fn points(axes: &[Axis], configs: usize) -> Result<Vec<Vec<(String, String)>>, SweepError> {
    let total = axes
        .iter()
        .try_fold(configs.max(1), |n, a| n.checked_mul(a.values.len()));
    match total {
        Some(n) if n <= MAX_RUNS => {}
        _ => {
            let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
            return Err(SweepError(format!(
                "{} values × {configs} configuration(s) is more than the limit of {MAX_RUNS} runs; split the sweep",
                sizes.join(" × ")
            )));
        }
    }
    let mut points = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|point: Vec<(String, String)>| {
                axis.values.iter().map(move |v| {
                    let mut next = point.clone();
                    next.push((axis.key.clone(), v.clone()));
                    next
                })
            })
            .collect();
    }
    Ok(points)
}

/// FNV-1a (64 bits) of everything that determines a sweep's results, engine version included.
fn fingerprint(base: &str, axes: &[Axis], steps: u64, target: f32) -> String {
    let axes: Vec<String> = axes
        .iter()
        .map(|a| format!("{}={}", a.key, a.values.join(",")))
        .collect();
    let text = format!(
        "gradfall {}\n{base}\n{}\n{steps}\n{target}",
        env!("CARGO_PKG_VERSION"),
        axes.join("\n")
    );
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Activation;

    fn axes(texts: &[&str]) -> Vec<Axis> {
        texts.iter().map(|t| Axis::parse(t).unwrap()).collect()
    }

    #[test]
    fn runs_are_the_product_first_axis_slowest_then_configurations() {
        let plan = Plan::new(
            "depth=3&act=tanh&b.act=leaky",
            &axes(&["depth=2,4", "seed=1..3"]),
            10,
            0.9,
        )
        .unwrap();
        assert_eq!(plan.runs.len(), 2 * 3 * 2);
        assert!(plan.warnings.is_empty());
        // The base without the axes' keys.
        assert_eq!(plan.base, "v=1&act=tanh&b.act=leaky");
        let r = &plan.runs;
        assert!(r.iter().enumerate().all(|(i, run)| run.index == i));
        assert_eq!((r[0].point.as_str(), r[0].label), ("depth=2&seed=1", 'A'));
        assert_eq!((r[1].label, r[1].config.act), ('B', Activation::Leaky));
        assert_eq!((r[2].config.seed, r[2].config.depth), (2, 2));
        assert_eq!(r[11].point, "depth=4&seed=3");
        assert_eq!((r[11].config.depth, r[11].config.seed), (4, 3));
        assert_eq!(r[10].config.act, Activation::Tanh);
    }

    #[test]
    fn a_prefixed_axis_varies_one_configuration() {
        let plan = Plan::new("b=1", &axes(&["b.act=relu,tanh"]), 10, 0.9).unwrap();
        let acts: Vec<_> = plan.runs.iter().map(|r| (r.label, r.config.act)).collect();
        use Activation::{Relu, Tanh};
        assert_eq!(acts, [('A', Relu), ('B', Relu), ('A', Relu), ('B', Tanh)]);
    }

    #[test]
    fn the_fingerprint_follows_what_changes_the_results() {
        let id = |base: &str, over: &[&str], steps: u64| {
            Plan::new(base, &axes(over), steps, 0.9).unwrap().id
        };
        let a = id("depth=3", &["seed=1..2"], 10);
        assert_eq!(a.len(), 16);
        // The same sweep however written.
        assert_eq!(a, id("v=1&depth=3&seed=7", &["seed=1..2"], 10));
        assert_ne!(a, id("depth=4", &["seed=1..2"], 10));
        assert_ne!(a, id("depth=3", &["seed=1..3"], 10));
        assert_ne!(a, id("depth=3", &["seed=1..2"], 11));
    }

    #[test]
    fn bad_sweeps_are_refused_with_a_reason() {
        let err = |base: &str, over: &[&str], steps: u64, target: f32| {
            Plan::new(base, &axes(over), steps, target).unwrap_err().0
        };
        let too_many = err("b=1", &["seed=1..64", "depth=1..40"], 10, 0.9);
        assert!(
            too_many.contains("64 × 40 values × 2 configuration(s) is more than the limit of 4096"),
            "{too_many}"
        );
        assert!(err("", &["seed=1..2", "seed=3..4"], 10, 0.9).contains("two axes over seed"));
        assert!(err("", &[], MAX_STEPS + 1, 0.9).contains("above the limit"));
        assert!(err("", &[], 10, 1.5).contains("not between 0 and 1"));
        // A value valid alone but not in this experiment.
        let alpha = err("act=relu", &["alpha=0.1,0.2"], 10, 0.9);
        assert!(
            alpha.starts_with("at alpha=0.1: alpha=0.1 has no effect"),
            "{alpha}"
        );
        // Warnings of the base itself are passed on, not refused.
        let plan = Plan::new("depht=3", &[], 10, 0.9).unwrap();
        assert_eq!(plan.runs.len(), 1);
        assert_eq!(plan.warnings.len(), 1);
    }

    #[test]
    fn shards_are_disjoint_and_cover_the_plan() {
        let plan = Plan::new("", &axes(&["seed=1..10"]), 10, 0.9).unwrap();
        let mut seen: Vec<usize> = (0..3)
            .flat_map(|s| plan.shard(s, 3).map(|r| r.index).collect::<Vec<_>>())
            .collect();
        seen.sort();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        assert_eq!(plan.shard(1, 3).count(), 3);
    }
}
