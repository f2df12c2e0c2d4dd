//! The trainer: builds the network from a [`Config`], steps it, and reports [`Stats`].
//!
//! SKELETON: the public API below is final; the body is being written.

use serde::Serialize;

use crate::config::{Config, ConfigError};
use crate::stats::Stats;

/// A network training on its data set, step by step.
pub struct Trainer {
    config: Config,
    stats: Stats,
}

/// The decision function on a grid over the 2-D input plane (row-major, y from top).
#[derive(Clone, Debug, Serialize)]
pub struct Boundary {
    pub resolution: usize,
    /// [x_min, x_max, y_min, y_max] in (standardised) input coordinates.
    pub extent: [f32; 4],
    /// Predicted class per grid cell.
    pub class: Vec<u8>,
    /// Probability (softmax) of the predicted class per grid cell.
    pub confidence: Vec<f32>,
}

/// Step-0 state for checking the gradients with any autodiff library (`gradfall dump`).
#[derive(Clone, Debug, Serialize)]
pub struct Dump {
    /// Canonical query of the configuration.
    pub query: String,
    pub activation: String,
    pub alpha: f32,
    /// First batch, `[batch][inputs]`, standardised.
    pub x: Vec<Vec<f32>>,
    /// Class indices of the first batch.
    pub y: Vec<u32>,
    /// Batch-mean loss at step 0.
    pub loss: f32,
    pub layers: Vec<DumpLayer>,
}

/// One layer's parameters and step-0 gradients (of the batch-mean loss).
#[allow(non_snake_case)]
#[derive(Clone, Debug, Serialize)]
pub struct DumpLayer {
    pub layer: usize,
    /// `[fan_out][fan_in]`.
    pub W: Vec<Vec<f32>>,
    pub b: Vec<f32>,
    pub dW: Vec<Vec<f32>>,
    pub db: Vec<f32>,
    /// Whether a residual connection adds the layer's input to its output.
    pub residual: bool,
    /// Normalisation scale and shift (empty without `norm`) and their gradients.
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
    pub dgamma: Vec<f32>,
    pub dbeta: Vec<f32>,
    /// PReLU slope and its gradient (absent for other activations).
    pub slope: Option<f32>,
    pub dslope: Option<f32>,
}

impl Trainer {
    /// Build the network, initialise it, and compute the step-0 statistics on the first batch.
    /// Fails (never panics) when the configuration cannot be trained, e.g. too much memory.
    pub fn new(config: Config) -> Result<Trainer, ConfigError> {
        let _ = config;
        todo!("trainer")
    }

    /// Apply up to `n` updates (fewer if training diverges). Returns the number applied.
    /// Allocates nothing.
    pub fn step(&mut self, n: usize) -> usize {
        let _ = n;
        todo!("trainer")
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

    /// The decision function for 2-D data sets (`None` for digits). `resolution` is clamped
    /// to 2..=256.
    pub fn boundary(&self, resolution: usize) -> Option<Boundary> {
        let _ = resolution;
        todo!("trainer")
    }

    /// Up to `max` training points of a 2-D data set: (x,y pairs flattened, class).
    pub fn points(&self, max: usize) -> Option<(Vec<f32>, Vec<u32>)> {
        let _ = max;
        todo!("trainer")
    }
}

/// The step-0 dump of a configuration.
pub fn dump(config: Config) -> Result<Dump, ConfigError> {
    let _ = config;
    todo!("trainer")
}
