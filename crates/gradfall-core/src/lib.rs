//! Gradfall's engine: everything numeric lives here.
//!
//! A deterministic deep-MLP trainer that reports, per step and per layer, how large the
//! back-propagated gradient is, next to the mean-field prediction. Pure Rust with no
//! platform dependencies, so the native CLI and the wasm page compute the same numbers.
//!
//! The one configuration language is the URL query ([`Config::from_query`],
//! [`Config::to_query`]); the one entry point for training is [`Trainer`].

pub mod activation;
pub mod bare_step;
pub mod config;
pub mod data;
pub mod dead_units;
pub mod embed;
pub mod experiment;
pub mod init;
pub mod json;
pub mod kernels;
pub mod loss;
pub mod math;
pub mod measure;
pub mod network;
pub mod norm;
pub mod optim;
pub mod presets;
pub mod reproduce;
pub mod rng;
pub mod small_sort;
pub mod stats;
pub mod sweep;
pub mod theory;
pub mod trainer;
pub mod warning;

pub use config::Activation;
pub use config::{Config, ConfigError, Dataset, Init, Loss, Norm, Optimizer, Parsed};
pub use stats::{LayerStats, Stats};
pub use trainer::{Dump, Trainer};
pub use warning::Warning;
