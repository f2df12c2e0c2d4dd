//! One run of a sweep, trained and summarised.

use serde::{Deserialize, Serialize};

use crate::trainer::TEST_EVERY;
use crate::Trainer;

use super::profile::{self, RunProfile};
use super::{RunSpec, SweepError};

/// What one run gave. After a divergence the final figures (loss, accuracies, dead units)
/// are `None`: the weights are no longer numbers; `best_test_accuracy` and `reached_target`
/// keep what happened before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The sweep's fingerprint ([`super::Plan::id`]).
    pub sweep: String,
    /// This run's index, and how many runs the whole sweep has.
    pub run: usize,
    pub runs: usize,
    /// The configuration's letter in the experiment (A–D).
    pub config: String,
    /// The axes' values at this run (`act=relu&seed=3`).
    pub point: String,
    /// The configuration's canonical query.
    pub query: String,
    pub seed: u64,
    /// Steps trained (fewer than asked when training diverged).
    pub steps: u64,
    /// Batch loss and batch accuracy of the last step.
    pub loss: Option<f32>,
    pub accuracy: Option<f32>,
    /// Test accuracy at the last step, and the best of every evaluation (every 50 steps).
    pub test_accuracy: Option<f32>,
    pub best_test_accuracy: Option<f32>,
    /// The target, and the first evaluated step whose test accuracy reached it.
    pub target: f32,
    pub reached_target: Option<u64>,
    /// The step at which training diverged.
    pub diverged: Option<u64>,
    /// `grad_a` of layer 1 over that of the last hidden layer, at step 0.
    pub grad_a_ratio: Option<f32>,
    /// Mean over hidden layers of the last batch's `dead_frac`.
    pub dead_frac: Option<f32>,
    /// Share of all hidden units dead on the whole training set at the last step.
    pub dead_data_frac: Option<f32>,
    /// Units that came back to life, summed over every measurement and layer.
    pub revived: u64,
    /// The depth profile: per metric, log₁₀ of its value in every layer (1..L, then the
    /// output layer) at step 0 and at the last step ([`profile`]).
    pub log10_profile: RunProfile,
}

/// Trains `spec` for `steps` steps and summarises it. Fails when the configuration cannot be
/// trained (e.g. it needs too much memory). Depends on nothing but its arguments.
pub fn run(
    sweep: &str,
    runs: usize,
    spec: &RunSpec,
    steps: u64,
    target: f32,
) -> Result<RunSummary, SweepError> {
    let config = spec.config.clone();
    let depth = config.depth;
    let query = config.to_query();
    let mut trainer = Trainer::new(config)
        .map_err(|e| SweepError(format!("run {} ({query}): {e}", spec.index)))?;
    let start = trainer.stats().layers.clone();
    let layers = &start;
    let grad_a_ratio = finite(layers[0].grad_a / layers[depth - 1].grad_a);
    let mut best: Option<f32> = None;
    let mut reached = None;
    let mut note = |step: u64, test: f32| {
        if test.is_finite() {
            best = Some(best.map_or(test, |b| b.max(test)));
            if test >= target && reached.is_none() {
                reached = Some(step);
            }
        }
    };
    note(0, trainer.stats().test_accuracy);
    let mut step = 0;
    while step < steps && trainer.diverged().is_none() {
        // Stop at every evaluation of the test accuracy, and at the last step.
        let chunk = (TEST_EVERY - step % TEST_EVERY).min(steps - step);
        let applied = trainer.step(chunk as usize) as u64;
        step += applied;
        if applied == 0 {
            break;
        }
        if step.is_multiple_of(TEST_EVERY) {
            note(step, trainer.stats().test_accuracy);
        }
    }
    if !step.is_multiple_of(TEST_EVERY) && trainer.diverged().is_none() {
        trainer.evaluate_now();
        note(step, trainer.stats().test_accuracy);
    }
    let stats = trainer.stats();
    let hidden = &stats.layers[..depth];
    let dead_frac = hidden.iter().map(|l| l.dead_frac).sum::<f32>() / depth as f32;
    let dead = trainer.dead_units();
    let last = |x: f32| finite(x).filter(|_| stats.diverged.is_none());
    Ok(RunSummary {
        sweep: sweep.to_string(),
        run: spec.index,
        runs,
        config: spec.label.to_string(),
        point: spec.point.clone(),
        query,
        seed: spec.config.seed,
        steps: stats.step,
        loss: last(stats.loss),
        accuracy: last(stats.accuracy),
        test_accuracy: last(stats.test_accuracy),
        best_test_accuracy: best,
        target,
        reached_target: reached,
        diverged: stats.diverged,
        grad_a_ratio,
        dead_frac: last(dead_frac),
        dead_data_frac: last(dead.total_fraction()),
        revived: dead.total_revived(),
        log10_profile: profile::of_run(
            &start,
            Some(&stats.layers[..]).filter(|_| stats.diverged.is_none()),
        ),
    })
}

fn finite(x: f32) -> Option<f32> {
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::{Axis, Plan};

    fn plan(base: &str, over: &[&str], steps: u64) -> Plan {
        let axes: Vec<Axis> = over.iter().map(|t| Axis::parse(t).unwrap()).collect();
        Plan::new(base, &axes, steps, 0.5).unwrap()
    }

    #[test]
    fn a_run_summarises_its_training() {
        let p = plan("depth=3&width=16&opt=adam", &["seed=2"], 120);
        let s = run(&p.id, 1, &p.runs[0], p.steps, p.target).unwrap();
        assert_eq!(
            (s.run, s.seed, s.steps, s.config.as_str()),
            (0, 2, 120, "A")
        );
        assert_eq!(s.query, "v=1&depth=3&width=16&opt=adam&seed=2");
        assert_eq!(s.point, "seed=2");
        // The same training, done by hand.
        let mut t = Trainer::new(p.runs[0].config.clone()).unwrap();
        let step0 = t.stats().layers.clone();
        let ratio = t.stats().layers[0].grad_a / t.stats().layers[2].grad_a;
        t.step(120);
        t.evaluate_now();
        assert_eq!(s.loss, Some(t.stats().loss));
        assert_eq!(s.test_accuracy, Some(t.stats().test_accuracy));
        assert_eq!(s.grad_a_ratio, Some(ratio));
        assert_eq!(s.dead_data_frac, Some(t.dead_units().total_fraction()));
        // The profile: log10 of the metrics of every layer, output layer included.
        let log10 = |rows: &[crate::stats::LayerStats]| -> Vec<Option<f32>> {
            rows.iter()
                .map(|l| Some(crate::math::log10(l.grad_a)))
                .collect()
        };
        let profile = &s.log10_profile.grad_a;
        assert_eq!(profile.start, log10(&step0));
        assert_eq!(profile.end, log10(&t.stats().layers));
        assert_eq!(profile.end.len(), 4);
        assert!(s
            .log10_profile
            .update_ratio
            .start
            .iter()
            .all(Option::is_none));
        assert!(s.log10_profile.update_ratio.end.iter().all(Option::is_some));
        let best = s.best_test_accuracy.unwrap();
        assert!(best >= s.test_accuracy.unwrap());
        // Reached at an evaluated step, with at least the target's accuracy.
        let at = s.reached_target.expect("adam reaches 50 % on the spiral");
        assert!(at.is_multiple_of(TEST_EVERY) || at == 120, "{at}");
        assert!(s.diverged.is_none());
        // Deterministic.
        assert_eq!(s, run(&p.id, 1, &p.runs[0], p.steps, p.target).unwrap());
    }

    #[test]
    fn a_diverged_run_reports_where_and_no_numbers() {
        let p = plan("depth=6&lr=100&init=he&gain=3", &[], 200);
        let s = run(&p.id, 1, &p.runs[0], p.steps, p.target).unwrap();
        let at = s.diverged.expect("lr=100 diverges");
        assert_eq!(s.steps, at);
        let finals = [
            s.loss,
            s.accuracy,
            s.test_accuracy,
            s.dead_frac,
            s.dead_data_frac,
        ];
        assert_eq!(finals, [None; 5]);
        let profile = &s.log10_profile.grad_w;
        assert!(profile.end.iter().all(Option::is_none));
        assert!(profile.start.iter().all(Option::is_some));
    }

    #[test]
    fn an_untrainable_configuration_is_an_error_naming_the_run() {
        let p = plan("depth=100&width=1024&opt=adam", &[], 1);
        let e = run(&p.id, 1, &p.runs[0], 1, 0.5).unwrap_err();
        assert!(
            e.0.starts_with("run 0 (v=1&depth=100&width=1024&opt=adam): "),
            "{e}"
        );
    }
}
