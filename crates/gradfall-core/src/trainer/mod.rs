//! The trainer: builds the network from a [`Config`], steps it, and reports [`Stats`].
//!
//! `Trainer::new` generates the data, initialises the weights (each layer from its own random
//! stream, LSUV rescaling if asked), allocates every buffer, and computes the step-0 statistics:
//! forward and backward on the first batch, no update. Each `step` then applies the update
//! from the current gradients, loads the next minibatch, and runs forward, backward and the
//! statistics again — all in the buffers made by `new`, so stepping allocates nothing.
//!
//! Minibatches come from a fresh shuffle of the training set each epoch (its own random
//! stream); an epoch's last partial batch is skipped. A `batch` larger than the training set is
//! clamped to it ([`Trainer::batch_size`] says what is used).
//!
//! The test accuracy is evaluated at step 0 and every [`TEST_EVERY`] steps, in evaluation
//! mode (batch norm uses its running averages), from buffers made in `new`; so are the
//! whole-training-set dead units ([`crate::dead_units`], every `DEAD_EVERY` steps).
//!
//! A configuration whose buffers (parameters, gradients, optimiser state, the batch's
//! activations, data) would exceed [`MAX_FLOATS`] f32 values (256 MB) is refused by `new` with
//! a message giving the size and the limit: depth 100 × width 1024 needs ~210 M floats even
//! with SGD. The statistics' conventions are documented in [`crate::measure`]; the mean-field
//! `theory` is computed once at initialisation ([`prediction`]).
//!
//! The pieces, one file each: `setup.rs` (check, build, initialise, LSUV — shared with the
//! benchmark's [`crate::bare_step`]), `batches.rs` (the epoch shuffle), `evaluation.rs` (test
//! accuracy and the decision boundary), `prediction.rs` (the mean-field prediction), `dump.rs`
//! (the step-0 dump) and this file (the step loop).

mod batches;
mod dump;
mod evaluation;
mod prediction;
pub(crate) mod setup;
#[cfg(test)]
mod tests;

pub use dump::{dump, Dump, DumpLayer};
pub use evaluation::Boundary;
pub use setup::MAX_FLOATS;

use batches::Batches;
use evaluation::Evaluator;
use prediction::Prediction;
use setup::Start;

use crate::config::{Config, ConfigError};
use crate::data::Data;
use crate::dead_units::{DeadUnits, DEAD_EVERY};
use crate::measure::{empty_row, measure};
use crate::network::Network;
use crate::optim::Optim;
use crate::stats::Stats;

/// Steps between evaluations of the test accuracy.
pub const TEST_EVERY: u64 = 50;

/// A network training on its data set, step by step.
pub struct Trainer {
    config: Config,
    stats: Stats,
    data: Data,
    net: Network,
    optim: Optim,
    batches: Batches,
    /// Per layer: ‖ΔW‖/‖W‖ of the last update.
    update_ratio: Vec<f32>,
    prediction: Prediction,
    evaluator: Evaluator,
    /// Whole-data dead units, measured every `DEAD_EVERY` steps.
    dead_units: DeadUnits,
}

impl Trainer {
    /// Build the network, initialise it, and compute the step-0 statistics on the first batch.
    /// Fails (never panics) when the configuration cannot be trained, e.g. too much memory.
    pub fn new(config: Config) -> Result<Trainer, ConfigError> {
        Trainer::start(config, None)
    }

    /// Train on a parsed CSV file ([`crate::data::csv::parse`]) instead of a built-in set: the
    /// table is split and standardised from the config's seed, and the config says `data=csv`.
    pub fn with_table(
        mut config: Config,
        table: &crate::data::csv::Table,
    ) -> Result<Trainer, ConfigError> {
        config.data = crate::config::Dataset::Csv;
        Trainer::start(config, Some(table))
    }

    fn start(
        config: Config,
        table: Option<&crate::data::csv::Table>,
    ) -> Result<Trainer, ConfigError> {
        let Start { data, net, batches } = setup::start(&config, table)?;
        let n_layers = net.layers.len();
        let mut trainer = Trainer {
            optim: Optim::new(config.opt, config.lr, config.l2, net.params.len()),
            stats: Stats {
                step: 0,
                loss: f32::NAN,
                accuracy: f32::NAN,
                test_accuracy: f32::NAN,
                diverged: None,
                layers: (1..=n_layers).map(empty_row).collect(),
            },
            batches,
            update_ratio: vec![0.0; n_layers],
            prediction: Prediction::none(n_layers),
            evaluator: Evaluator::new(&net),
            dead_units: DeadUnits::new(&net),
            config,
            data,
            net,
        };
        let field = prediction::mean_field(&trainer.config, &trainer.net);
        trainer.pass();
        trainer.measure();
        let n = trainer.batches.size();
        let (config, net) = (&trainer.config, &trainer.net);
        (trainer.prediction).anchor(field, config, net, n, &mut trainer.stats);
        trainer.evaluate_test();
        trainer.measure_dead_units();
        Ok(trainer)
    }

    /// Apply up to `n` updates (fewer if training diverges). Returns the number applied.
    /// Allocates nothing.
    pub fn step(&mut self, n: usize) -> usize {
        let mut done = 0;
        while done < n && self.stats.diverged.is_none() {
            let finite = self.optim.update(
                &mut self.net.params,
                &self.net.grads,
                &self.net.layers,
                &mut self.update_ratio,
            );
            self.stats.step += 1;
            done += 1;
            self.batches.next(&self.data, self.net.input_mut());
            self.pass();
            if !finite {
                self.stats.diverged = Some(self.stats.step);
            }
            if self.stats.step.is_multiple_of(TEST_EVERY) {
                self.evaluate_test();
            }
            if self.stats.step.is_multiple_of(DEAD_EVERY) {
                self.measure_dead_units();
            }
        }
        // Only the last step's statistics can be read, so only they are measured: measuring
        // reads the buffers and changes nothing, so step(10) and ten step(1) agree bit for bit.
        if done > 0 {
            self.measure();
        }
        done
    }

    /// Evaluate the test accuracy and the whole-data dead units at the current step (they are
    /// otherwise measured every `TEST_EVERY` and `DEAD_EVERY` steps): a sweep's final figures.
    pub fn evaluate_now(&mut self) {
        self.evaluate_test();
        if self.dead_units.measured_at() != Some(self.stats.step) {
            self.measure_dead_units();
        }
    }

    /// The whole-data dead units at their latest measurement.
    pub fn dead_units(&self) -> &DeadUnits {
        &self.dead_units
    }

    /// Statistics of the latest step.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The step at which training diverged, if it did.
    pub fn diverged(&self) -> Option<u64> {
        self.stats.diverged
    }

    /// The minibatch size in use: the configured `batch`, clamped to the training set's size.
    pub fn batch_size(&self) -> usize {
        self.batches.size()
    }

    /// The data set being trained on.
    pub fn data(&self) -> &Data {
        &self.data
    }

    /// The decision function for 2-D data sets (`None` for digits). `resolution` is clamped
    /// to 2..=256. The grid covers the training data plus a margin of 10 % on every side;
    /// cells are sampled at their centres.
    pub fn boundary(&self, resolution: usize) -> Option<Boundary> {
        evaluation::boundary(&self.net, &self.data, resolution)
    }

    /// Up to `max` training points of a 2-D data set: (x,y pairs flattened, class), spread
    /// evenly over the training set.
    pub fn points(&self, max: usize) -> Option<(Vec<f32>, Vec<u32>)> {
        evaluation::points(&self.data, max)
    }

    /// Forward, loss and backward on the current batch; flags divergence.
    fn pass(&mut self) {
        let n = self.batches.size();
        self.net.forward(n);
        let (loss, correct) = self.net.loss(n, self.batches.labels());
        self.net.backward(n);
        self.stats.loss = if loss.is_finite() { loss } else { f32::NAN };
        self.stats.accuracy = correct as f32 / n as f32;
        let finite = loss.is_finite() && self.net.grads.iter().all(|g| g.is_finite());
        if !finite && self.stats.diverged.is_none() {
            self.stats.diverged = Some(self.stats.step);
        }
    }

    /// The per-layer statistics of the last pass.
    fn measure(&mut self) {
        measure(
            &self.net,
            self.batches.size(),
            &self.update_ratio,
            &self.prediction.sqrt_chi,
            &self.prediction.grad_a,
            &self.prediction.act_std,
            &mut self.stats,
        );
        self.dead_units
            .write_rows(self.stats.step, &mut self.stats.layers);
    }

    /// The network, as built and initialised (the Jacobian spectrum reads it at step 0).
    pub(crate) fn network(&self) -> &Network {
        &self.net
    }

    /// How far this network, of its finite width, should stray from the step-0 prediction
    /// ([`crate::theory::spread`]); `None` after step 0 or with a normalisation.
    pub fn theory_spread(&self) -> Option<crate::theory::spread::Spread> {
        if self.stats.step != 0 || self.net.layers.len() < 2 {
            return None;
        }
        let field = prediction::mean_field(&self.config, &self.net)?;
        let examples = prediction::examples(&self.net, self.batches.size());
        let spec = field.spec(&self.config);
        Some(crate::theory::spread::spread(
            &spec,
            &examples,
            self.config.width,
        ))
    }

    /// Whole-data dead units now, into the rows (see [`crate::dead_units`]).
    fn measure_dead_units(&mut self) {
        self.dead_units
            .measure(&self.net, &self.data, self.stats.step);
        self.dead_units
            .write_rows(self.stats.step, &mut self.stats.layers);
    }

    /// Test accuracy in evaluation mode, in the preallocated buffers.
    fn evaluate_test(&mut self) {
        if let Some(accuracy) = self.evaluator.test_accuracy(&self.net, &self.data) {
            self.stats.test_accuracy = accuracy;
        }
    }
}
