//! Mean-field theory of signal propagation at initialisation (Poole et al. 2016,
//! Schoenholz et al. 2017): the predicted per-layer gradient factor √χ_l.
//!
//! SKELETON: signature final; body being written.

use crate::config::Activation;

/// The prediction for a plain (no residual, no normalisation) network.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanField {
    /// q_l, the pre-activation variance of hidden layer l (index 0 = layer 1).
    pub q: Vec<f64>,
    /// √χ_l per hidden layer, χ_l = σ_w²(l+1)·E[f'(√q_l z)²].
    pub sqrt_chi: Vec<f64>,
}

/// Iterate q_1 = σ_w²(1)·E[x²] + σ_b², q_{l+1} = σ_w²(l+1)·E[f(√q_l z)²] + σ_b² and
/// χ_l = σ_w²(l+1)·E[f'(√q_l z)²] with Gauss–Hermite quadrature. `sigma_w2[l]` is
/// fan_in·Var[w] of layer l+1 (hidden layers then the output layer); `input_q` is E[x²].
pub fn mean_field(act: Activation, alpha: f32, sigma_w2: &[f64], sigma_b2: f64, input_q: f64) -> MeanField {
    let _ = (act, alpha, sigma_w2, sigma_b2, input_q);
    todo!("theory")
}
