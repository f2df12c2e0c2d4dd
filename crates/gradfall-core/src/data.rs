//! Data sets: seeded 2-D generators and the UCI optical digits (DESIGN.md, `data`).
//!
//! SKELETON: signatures final; bodies being written.

use crate::config::Dataset;

/// A generated data set, inputs standardised (zero mean, unit variance per feature over the
/// training split), with a fixed train/test split per seed.
#[derive(Clone, Debug)]
pub struct Data {
    pub n_inputs: usize,
    pub n_classes: usize,
    /// `[n_train][n_inputs]` row-major.
    pub train_x: Vec<f32>,
    pub train_y: Vec<u32>,
    pub test_x: Vec<f32>,
    pub test_y: Vec<u32>,
}

impl Data {
    pub fn n_train(&self) -> usize {
        self.train_y.len()
    }
    pub fn n_test(&self) -> usize {
        self.test_y.len()
    }
}

/// Generate `data` with `noise` from `seed`. Deterministic.
pub fn generate(data: Dataset, noise: f32, seed: u64) -> Data {
    let _ = (data, noise, seed);
    todo!("data")
}
