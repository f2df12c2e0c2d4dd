//! Dead units of the whole training set, and their revival.
//!
//! `dead_frac` in [`LayerStats`] looks at one batch. Here a hidden unit is *dead* when
//! f′(z) = 0 on every example of the whole training set, z being the activation's input in
//! evaluation mode (batch norm with its running averages, as the test accuracy is measured).
//! A unit *revives* when it was dead at the previous measurement and is alive now.
//!
//! The measurement is one evaluation-mode forward pass over the training set (no backward, no
//! update), so it is made every [`DEAD_EVERY`] steps (and at step 0), like the test accuracy,
//! not every step. It costs about `n_train / batch` batch-sized forward passes, a third of a
//! training step each: on the 2-D sets (800 training points) at batch 64, roughly 4 training
//! steps' worth of work per 50 steps. `gradfall bench` prints the measured figure.
//! The rows of steps where nothing was measured carry `None` (`null` in JSON), so a
//! run reported every K steps shows exactly the values of an every-step run at the same steps.
//!
//! Why a layer-1 unit cannot revive under plain SGD without weight decay: its pre-activation
//! is x·w + b with x the fixed training inputs; dead on all of them, it receives exactly zero
//! gradient on every batch, so w and b never change and it stays dead. A deeper unit's inputs
//! are the outputs of the layers below, which keep training, so it can come back.

use crate::data::Data;
use crate::network::{EvalScratch, Network};
use crate::stats::LayerStats;

/// Steps between two measurements of the whole-data dead units (step 0 is measured too).
pub const DEAD_EVERY: u64 = 50;

/// Rows per chunk of the evaluation-mode forward pass.
const CHUNK: usize = 64;

/// The whole-data dead units of every hidden layer at the latest measurement.
pub struct DeadUnits {
    /// Per hidden layer, per unit: dead on the whole training set at the latest measurement.
    dead: Vec<Vec<bool>>,
    /// Per hidden layer, per unit: f′ ≠ 0 somewhere so far in the current measurement.
    alive: Vec<Vec<bool>>,
    /// Per hidden layer, from the latest measurement: dead fraction and units revived.
    fraction: Vec<f32>,
    revived: Vec<u32>,
    /// Every unit revived since step 0, summed over measurements and layers.
    total_revived: u64,
    /// The step of the latest measurement.
    measured_at: Option<u64>,
    /// Scratch of the forward pass.
    logits: Vec<f32>,
    scratch: EvalScratch,
}

impl DeadUnits {
    /// Buffers for `net`; nothing measured yet.
    pub fn new(net: &Network) -> DeadUnits {
        let hidden: Vec<usize> = net
            .layers
            .iter()
            .filter(|l| l.hidden)
            .map(|l| l.fan_out)
            .collect();
        DeadUnits {
            dead: hidden.iter().map(|&u| vec![false; u]).collect(),
            alive: hidden.iter().map(|&u| vec![false; u]).collect(),
            fraction: vec![f32::NAN; hidden.len()],
            revived: vec![0; hidden.len()],
            total_revived: 0,
            measured_at: None,
            logits: vec![0.0; CHUNK * net.n_outputs()],
            scratch: net.eval_scratch(CHUNK),
        }
    }

    /// Measure at `step`: which hidden units have f′ = 0 on every training example, and how
    /// many of those dead at the previous measurement are alive now. Allocates nothing.
    pub fn measure(&mut self, net: &Network, data: &Data, step: u64) {
        self.alive.iter_mut().for_each(|layer| layer.fill(false));
        let d = data.n_inputs;
        let (act, alive) = (net.act, &mut self.alive);
        for start in (0..data.n_train()).step_by(CHUNK) {
            let rows = CHUNK.min(data.n_train() - start);
            let mut observe = |i: usize, z: &[f32]| {
                let alpha = net.alpha_of(i);
                let units = &mut alive[i];
                for row in z.chunks_exact(units.len()) {
                    for (unit, &v) in units.iter_mut().zip(row) {
                        *unit |= act.df(v, alpha) != 0.0;
                    }
                }
            };
            net.forward_eval_observed(
                &data.train_x[start * d..],
                rows,
                &mut self.logits,
                &mut self.scratch,
                &mut observe,
            );
        }
        let first = self.measured_at.is_none();
        for (i, (dead, alive)) in self.dead.iter_mut().zip(&self.alive).enumerate() {
            let mut revived = 0;
            for (was_dead, &is_alive) in dead.iter_mut().zip(alive) {
                revived += (*was_dead && is_alive && !first) as u32;
                *was_dead = !is_alive;
            }
            let n_dead = dead.iter().filter(|&&x| x).count();
            self.fraction[i] = n_dead as f32 / dead.len().max(1) as f32;
            self.revived[i] = revived;
            self.total_revived += revived as u64;
        }
        self.measured_at = Some(step);
    }

    /// Write the latest measurement into `rows` when it was made at `step`, else `None`.
    /// The output layer (linear) has no dead units: 0 at measured steps.
    pub fn write_rows(&self, step: u64, rows: &mut [LayerStats]) {
        let measured = self.measured_at == Some(step);
        for (i, row) in rows.iter_mut().enumerate() {
            let (fraction, revived) = match (self.fraction.get(i), self.revived.get(i)) {
                (Some(&f), Some(&r)) => (f, r),
                _ => (0.0, 0),
            };
            row.dead_data_frac = measured.then_some(fraction);
            row.revived = measured.then_some(revived);
        }
    }

    /// Fraction of all hidden units dead on the whole training set at the latest measurement.
    pub fn total_fraction(&self) -> f32 {
        let units: usize = self.dead.iter().map(Vec::len).sum();
        let dead = self.dead.iter().flatten().filter(|&&x| x).count();
        dead as f32 / units.max(1) as f32
    }

    /// Units revived since step 0, over every measurement and layer.
    pub fn total_revived(&self) -> u64 {
        self.total_revived
    }

    /// Per hidden layer, the fraction of units dead on the whole training set at the latest
    /// measurement (NaN before the first).
    pub fn fractions(&self) -> &[f32] {
        &self.fraction
    }

    /// Per hidden layer, the units revived at the latest measurement.
    pub fn revived(&self) -> &[u32] {
        &self.revived
    }

    /// The step of the latest measurement.
    pub fn measured_at(&self) -> Option<u64> {
        self.measured_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Activation, Loss, Norm};
    use crate::data::{self, Data};
    use crate::network::Spec;
    use crate::{Config, Dataset, Trainer};

    /// Per measurement of `query` trained `steps` steps: per hidden layer, the whole-data
    /// dead fraction and the units revived.
    fn measurements(query: &str, steps: u64) -> Vec<Vec<(f32, u32)>> {
        let config = Config::from_query(query).config;
        let depth = config.depth;
        let mut t = Trainer::new(config).unwrap();
        let mut seen = Vec::new();
        loop {
            let rows = &t.stats().layers[..depth];
            let row: Vec<(f32, u32)> = rows
                .iter()
                .map(|l| (l.dead_data_frac.unwrap(), l.revived.unwrap()))
                .collect();
            seen.push(row);
            if t.stats().step >= steps || t.diverged().is_some() {
                return seen;
            }
            t.step(DEAD_EVERY as usize);
        }
    }

    /// The dying-relu setup (plain SGD, no weight decay) on eight seeds: layer 1 loses units
    /// on a few of them (2, 6 and 8 today).
    fn dying_runs() -> Vec<Vec<Vec<(f32, u32)>>> {
        (1..=8)
            .map(|seed| measurements(&format!("depth=8&lr=0.3&seed={seed}"), 1500))
            .collect()
    }

    #[test]
    fn under_plain_sgd_dead_layer_one_units_never_revive_but_deeper_ones_do() {
        let runs = dying_runs();
        let mut layer_one_deaths = 0;
        let mut deeper_revivals = 0;
        for (seed, run) in runs.iter().enumerate() {
            for pair in run.windows(2) {
                let (before, after) = (pair[0][0], pair[1][0]);
                assert_eq!(after.1, 0, "seed {}: a layer-1 unit revived", seed + 1);
                // Dead layer-1 units stay dead, so their share can only grow.
                assert!(
                    after.0 >= before.0,
                    "seed {}: {before:?} → {after:?}",
                    seed + 1
                );
            }
            layer_one_deaths += (run.last().unwrap()[0].0 > 0.0) as usize;
            deeper_revivals += run.iter().flat_map(|m| &m[1..]).map(|l| l.1).sum::<u32>();
        }
        // The test means something only if layer-1 units did die and deeper ones came back.
        assert!(
            layer_one_deaths >= 2,
            "layer 1 lost units on {layer_one_deaths} seeds"
        );
        assert!(deeper_revivals > 0, "no deeper unit revived");
    }

    /// Two inputs, hidden layers of 2 and 1 ReLU units, weights set by hand.
    fn tiny() -> (Network, Data) {
        let spec = Spec {
            act: Activation::Relu,
            alpha: 0.0,
            norm: Norm::None,
            res: false,
            loss: Loss::Ce,
            sizes: vec![2, 2, 1, 3],
            max_batch: 4,
        };
        (Network::new(&spec), data::generate(Dataset::Spiral, 0.1, 1))
    }

    #[test]
    fn a_deeper_unit_revives_when_the_layer_below_changes_and_counts_once() {
        let (mut net, data) = tiny();
        let (l1, l2) = (net.layers[0].clone(), net.layers[1].clone());
        // Layer 1: unit 0 = relu(x₀ + 100) > 0 on every input; unit 1 dead (bias −100).
        net.params[l1.w.clone()].copy_from_slice(&[1.0, 0.0, 0.0, 0.0]);
        net.params[l1.b.clone()].copy_from_slice(&[100.0, -100.0]);
        // Layer 2: −h₀ + 1 < 0 everywhere, so dead; it depends only on layer 1.
        net.params[l2.w.clone()].copy_from_slice(&[-1.0, 0.0]);
        net.params[l2.b.clone()].copy_from_slice(&[1.0]);
        let mut dead = DeadUnits::new(&net);
        let mut rows: Vec<_> = (1..=3).map(crate::measure::empty_row).collect();
        dead.measure(&net, &data, 0);
        dead.write_rows(0, &mut rows);
        assert_eq!(
            (rows[0].dead_data_frac, rows[0].revived),
            (Some(0.5), Some(0))
        );
        assert_eq!(
            (rows[1].dead_data_frac, rows[1].revived),
            (Some(1.0), Some(0))
        );
        assert_eq!(
            (rows[2].dead_data_frac, rows[2].revived),
            (Some(0.0), Some(0))
        );
        // Only the layer below changes: unit 0 of layer 1 now outputs relu(x₀ − 100) = 0.
        net.params[l1.b.start] = -100.0;
        dead.measure(&net, &data, 50);
        dead.write_rows(50, &mut rows);
        assert_eq!(
            (rows[1].dead_data_frac, rows[1].revived),
            (Some(0.0), Some(1))
        );
        assert_eq!(rows[0].dead_data_frac, Some(1.0));
        assert_eq!(dead.total_revived(), 1);
        assert_eq!(dead.total_fraction(), 2.0 / 3.0);
        // A row of a step that was not measured says so.
        dead.write_rows(51, &mut rows);
        assert!(rows
            .iter()
            .all(|r| r.dead_data_frac.is_none() && r.revived.is_none()));
        // Measuring again without change revives nothing more.
        dead.measure(&net, &data, 100);
        dead.write_rows(100, &mut rows);
        assert_eq!(rows[1].revived, Some(0));
        assert_eq!(dead.total_revived(), 1);
    }

    #[test]
    fn measured_every_dead_every_steps_and_null_between() {
        let mut t = Trainer::new(Config::from_query("depth=3&width=8").config).unwrap();
        assert!(t.stats().layers.iter().all(|l| l.dead_data_frac.is_some()));
        t.step(1);
        assert!(t.stats().layers.iter().all(|l| l.dead_data_frac.is_none()));
        t.step(DEAD_EVERY as usize - 1);
        assert!(t.stats().layers.iter().all(|l| l.revived.is_some()));
        // Passing over a measured step without stopping there reports none.
        t.step(DEAD_EVERY as usize + 1);
        assert!(t.stats().layers.iter().all(|l| l.revived.is_none()));
        assert_eq!(t.dead_units().measured_at(), Some(2 * DEAD_EVERY));
    }
}
