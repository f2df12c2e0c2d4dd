//! Pennington, Schoenholz & Ganguli 2017, "Resurrecting the sigmoid in deep learning through
//! dynamical isometry: theory and practice" (NeurIPS), Sec. 2: at criticality (mean squared
//! singular value 1) the variance of the squared singular values λ of the input–output
//! Jacobian J grows linearly with the number of layers L,
//! σ²_JJᵀ = L·(μ₂/μ₁² − 1 − s₁), with μ_k = E[f′(h)^{2k}] and s₁ = −1 for Gaussian and 0 for
//! orthogonal weights. So linear networks give L (Gaussian) and 0 (orthogonal: isometry),
//! ReLU gives 2L (Gaussian) and L (orthogonal: μ₂/μ₁² = 2 since half the units pass, so ReLU
//! cannot reach isometry).
//!
//! We measure Var[λ]/E[λ]² (the variance at unit mean, so the measurement does not depend on
//! being exactly critical) of ∂h_L/∂h_1 at step 0 (`theory::jacobian`, L − 1 = 10 layers of
//! D·W), width 128, averaged over seeds 1…4. tanh stands in for the linear network: with
//! Xavier's or the orthogonal first layer (fan-in 2, fan-out 128) its pre-activations are
//! small, where tanh′ ≈ 1. The section's equation number was not checked here.

use super::{config, Entry};
use crate::theory::jacobian::singular_values;

/// Seeds averaged per entry: one Jacobian's λ are correlated, so one seed is noisy.
const SEEDS: u64 = 4;
/// Layers of D·W in ∂h_L/∂h_1: depth − 1.
const LAYERS: f64 = 10.0;

const TANH_ORTHOGONAL: &str = "act=tanh&init=orthogonal&depth=11&width=128";
const TANH_GAUSSIAN: &str = "act=tanh&init=xavier-normal&depth=11&width=128";
const RELU_GAUSSIAN: &str = "act=relu&init=he&depth=11&width=128";
const RELU_ORTHOGONAL: &str = "act=relu&init=orthogonal&gain=1.41421&depth=11&width=128";

const PAPER: &str = "Pennington, Schoenholz & Ganguli 2017, Resurrecting the sigmoid in deep \
                     learning through dynamical isometry (abstract: ReLU networks cannot reach \
                     dynamical isometry, sigmoidal ones can with orthogonal weights; Sec. 2: \
                     σ²_JJᵀ = L·(μ₂/μ₁² − 1 − s₁), section and equation not verified here)";

pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "isometry-orthogonal-linear",
        paper: PAPER,
        what: "near-linear tanh (σ_w² = 1, σ_b² = 0) with orthogonal weights, width 128, 10 \
               layers: Var[λ]/E[λ]² of the Jacobian's squared singular values (linear \
               orthogonal: 0, isometry), mean of seeds 1–4",
        paper_value: 0.0,
        tolerance: 0.1,
        query: TANH_ORTHOGONAL,
        compute: tanh_orthogonal,
    },
    Entry {
        name: "isometry-gaussian-linear",
        paper: PAPER,
        what: "near-linear tanh (σ_w² = 1, σ_b² = 0) with Gaussian weights, width 128, 10 \
               layers: Var[λ]/E[λ]² (linear Gaussian: L = 10), mean of seeds 1–4",
        paper_value: LAYERS,
        tolerance: 2.0,
        query: TANH_GAUSSIAN,
        compute: tanh_gaussian,
    },
    Entry {
        name: "isometry-relu-gaussian",
        paper: PAPER,
        what: "ReLU + He (Gaussian, σ_w² = 2), width 128, 10 layers: Var[λ]/E[λ]² \
               (2L = 20), mean of seeds 1–4",
        paper_value: 2.0 * LAYERS,
        tolerance: 4.0,
        query: RELU_GAUSSIAN,
        compute: relu_gaussian,
    },
    Entry {
        name: "isometry-relu-orthogonal",
        paper: PAPER,
        what: "ReLU with orthogonal weights, gain √2 (σ_w² = 2), width 128, 10 layers: \
               Var[λ]/E[λ]² (L = 10: orthogonal weights do not make ReLU isometric), mean of \
               seeds 1–4",
        paper_value: LAYERS,
        tolerance: 2.0,
        query: RELU_ORTHOGONAL,
        compute: relu_orthogonal,
    },
];

/// Var[λ]/E[λ]² of λ = s² over the singular values `s` (summed in order).
pub fn normalised_spread(s: &[f64]) -> f64 {
    let n = s.len() as f64;
    let m1 = s.iter().map(|v| v * v).sum::<f64>() / n;
    let m2 = s.iter().map(|v| (v * v).powi(2)).sum::<f64>() / n;
    m2 / (m1 * m1) - 1.0
}

/// [`normalised_spread`] of `query`'s Jacobian, averaged over seeds 1…[`SEEDS`].
fn mean_spread(query: &str) -> Result<f64, String> {
    let mut sum = 0.0;
    for seed in 1..=SEEDS {
        let mut c = config(query)?;
        c.seed = seed;
        sum += normalised_spread(&singular_values(&c)?);
    }
    Ok(sum / SEEDS as f64)
}

fn tanh_orthogonal() -> Result<f64, String> {
    mean_spread(TANH_ORTHOGONAL)
}

fn tanh_gaussian() -> Result<f64, String> {
    mean_spread(TANH_GAUSSIAN)
}

fn relu_gaussian() -> Result<f64, String> {
    mean_spread(RELU_GAUSSIAN)
}

fn relu_orthogonal() -> Result<f64, String> {
    mean_spread(RELU_ORTHOGONAL)
}
