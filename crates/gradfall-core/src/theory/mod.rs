//! Mean-field theory of signal propagation at initialisation (Poole et al. 2016,
//! Schoenholz et al. 2017): the predicted per-layer gradient factor √χ_l and what follows from it.
//!
//! In a wide network with independent random weights, every pre-activation of hidden layer l is
//! (over units and samples) Gaussian, a_l ~ N(b, q_l), and the variances follow a
//! deterministic map, layer by layer:
//!
//! ```text
//! q_1     = σ_w²(1)·E[x²]                 + σ_b²
//! q_{l+1} = σ_w²(l+1)·E[f(b + √q_l z)²]   + σ_b²        z ~ N(0, 1)
//! ```
//!
//! because a_{l+1,i} = Σ_j W_ij·h_j + b sums fan_in independent zero-mean terms of variance
//! Var[w]·h_j². Backwards, δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f'(a_l) sums fan_out(l+1) such terms, so
//!
//! ```text
//! E[δ_l²] = fan_out(l+1)·Var[w_{l+1}] · E[f'(b + √q_l z)²] · E[δ_{l+1}²]  =  χ_l · E[δ_{l+1}²]
//! ```
//!
//! Between the square hidden layers fan_in = fan_out = width, so the σ_w² of the forward map is
//! also the backward one, and the predicted RMS `grad_a` of layer l over that of the last hidden
//! layer L is ∏_{k=l}^{L−1} √χ_k ([`MeanField::grad_a_ratios`]). Only hidden→hidden weights enter
//! that product; the input layer's σ_w² only sets q_1, and the output layer's only χ_L.
//!
//! The theory assumes no normalisation layers, Gaussian pre-activations (exact as width → ∞)
//! and gradients independent of the forward weights (the usual "gradient independence"
//! assumption). [`mean_field`] and [`mean_field_with_bias`] are for a plain network;
//! [`mean_field_residual`] adds skip connections. The tests check them against real random
//! networks at width 256 (layer-by-layer agreement within a few per cent).
//!
//! The modules, by concern:
//! - [`quadrature`]: E[g(μ + σZ)] to near machine precision (Gauss–Hermite where it is
//!   accurate, a kink-aware graded Gauss–Legendre mesh where it is not).
//! - [`moments`]: E[f], E[f²], E[f'²] of a Gaussian pre-activation, exactly or from a memoised
//!   table over ln q.
//! - `map`: the layer-by-layer variance map of one input variance ([`mean_field`], [`trace`]).
//! - [`per_example`]: the map followed by every example from its own input, combined over the
//!   batch as the statistics measure it (what the trainer reports).
//! - [`phase`]: the map's fixed point and what it says about trainability: q*, χ₁, the depth
//!   scales ξ_q and ξ_c, the critical line (Poole et al. 2016; Schoenholz et al. 2017).
//! - [`spread`]: how far a network of finite width should stray from the prediction (the
//!   band the tests hold it to).
//! - [`jacobian`], [`svd`]: the singular values of ∂h_L/∂h_1 at initialisation (`gradfall
//!   jacobian`) and the SVD they come from.
//! - [`summary`]: those quantities for a configuration, and a phase diagram's grid (what
//!   `gradfall theory` prints).
//!
//! Every transcendental function here comes from the `libm` crate, and every sum runs in a
//! fixed order, so the numbers are the same bits natively and in WebAssembly.

pub mod jacobian;
mod map;
pub mod moments;
pub mod per_example;
pub mod phase;
pub mod quadrature;
pub mod spread;
pub mod summary;
pub mod svd;

pub use map::{
    mean_field, mean_field_residual, mean_field_with_bias, sigma_w2, sqrt_chi, trace, MapSpec,
    MeanField, Trace,
};
pub use moments::{MomentTable, Moments, Unit, Q_MAX};
