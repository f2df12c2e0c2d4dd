//! The configuration's types: the choice enums, [`Config`] with its defaults, and the results
//! of parsing ([`Parsed`], [`ConfigError`]).

use serde::Serialize;

use super::names::query_names;
pub use crate::activation::Activation;

/// Weight initialisation (`init`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Init {
    He,
    Xavier,
    XavierNormal,
    HeUniform,
    Lecun,
    Uniform,
    Orthogonal,
    Lsuv,
    Zeros,
}

/// Normalisation before the activation (`norm`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Norm {
    None,
    Batch,
    Layer,
}

/// Loss on one-hot targets (`loss`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Loss {
    /// Softmax cross-entropy.
    Ce,
    /// Squared error of the raw outputs against one-hot targets.
    Mse,
}

/// Optimiser (`opt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Optimizer {
    Sgd,
    /// Heavy-ball momentum 0.9.
    Momentum,
    /// Adam (0.9, 0.999, 1e-8).
    Adam,
}

/// Data set (`data`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    Spiral,
    Xor,
    Circles,
    Gauss,
    Checker,
    Digits,
    /// Your own CSV file (`data::csv`): loaded on the page or given with `--data-file`.
    Csv,
}

/// One experiment. Field names are the query keys (see [`super::KEYS`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Config {
    pub act: Activation,
    /// Negative-side slope / ELU α; `None` means the activation's default
    /// ([`Activation::default_alpha`]).
    pub alpha: Option<f32>,
    /// Hidden layers, 1..=100.
    pub depth: usize,
    /// Units per hidden layer, 1..=1024.
    pub width: usize,
    pub init: Init,
    /// Multiplier on the initialisation's standard deviation, 0..=10.
    pub gain: f32,
    /// Initial bias of every layer (the mean, when `bstd` > 0).
    pub bias: f32,
    /// Standard deviation of the initial biases, drawn from N(`bias`, `bstd`²): the σ_b of the
    /// mean-field theory. 0 (the default) gives every bias exactly `bias`.
    pub bstd: f32,
    /// Residual connection around each hidden layer whose fan-in equals its fan-out.
    pub res: bool,
    pub norm: Norm,
    pub loss: Loss,
    pub opt: Optimizer,
    pub lr: f32,
    /// Minibatch size, 1..=1024.
    pub batch: usize,
    /// L2 weight decay.
    pub l2: f32,
    pub data: Dataset,
    /// Coordinate noise for the 2-D sets.
    pub noise: f32,
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            act: Activation::Relu,
            alpha: None,
            depth: 10,
            width: 32,
            init: Init::He,
            gain: 1.0,
            bias: 0.0,
            bstd: 0.0,
            res: false,
            norm: Norm::None,
            loss: Loss::Ce,
            opt: Optimizer::Sgd,
            lr: 0.01,
            batch: 64,
            l2: 0.0,
            data: Dataset::Spiral,
            noise: 0.1,
            seed: 1,
        }
    }
}

/// A parsed query: always a valid config, plus what was wrong with the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub config: Config,
    /// One per problem, with its English text ("width=99999999 is above the maximum 1024;
    /// using 1024") and its message id and arguments for other languages.
    pub warnings: Vec<crate::warning::Warning>,
}

/// Why a configuration cannot be trained (e.g. it would need too much memory).
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub problems: Vec<String>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.problems.join("; "))
    }
}

impl std::error::Error for ConfigError {}

query_names!(Init: He = "he", Xavier = "xavier", XavierNormal = "xavier-normal",
    HeUniform = "he-uniform", Lecun = "lecun", Uniform = "uniform", Orthogonal = "orthogonal",
    Lsuv = "lsuv", Zeros = "zeros");
query_names!(Norm: None = "none", Batch = "batch", Layer = "layer");
query_names!(Loss: Ce = "ce", Mse = "mse");
query_names!(Optimizer: Sgd = "sgd", Momentum = "momentum", Adam = "adam");
query_names!(Dataset: Spiral = "spiral", Xor = "xor", Circles = "circles", Gauss = "gauss",
    Checker = "checker", Digits = "digits", Csv = "csv");
