//! Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural
//! networks" (AISTATS), Sec. 4.2.1: in the linear regime of tanh (small pre-activations, where
//! tanh′ ≈ 1) each layer multiplies the variance of the activations going forward, and of the
//! back-propagated gradient going backward, by n·Var[W]. The standard initialisation
//! U[−1/√n, 1/√n] has n·Var[W] = 1/3, so both shrink by 3 per layer; the normalised one,
//! U[±√6/√(n_j + n_{j+1})], has n·Var[W] = 1 on square layers and keeps them.
//!
//! We measure both factors in a real tanh network at step 0, width 256, depth 10, as the
//! geometric mean over layers 2…10 (layer 1 sees the 2-D input, fan-in 2, and is left out).

use super::{per_layer, step0, Entry};
use crate::stats::LayerStats;

const STANDARD: &str = "act=tanh&init=uniform&depth=10&width=256&batch=64&metric=act_std";
const NORMALISED: &str = "act=tanh&init=xavier&depth=10&width=256&batch=64&metric=act_std";
const STANDARD_GRADIENTS: &str = "act=tanh&init=uniform&depth=10&width=256&batch=64";
const NORMALISED_GRADIENTS: &str = "act=tanh&init=xavier&depth=10&width=256&batch=64";

const PAPER: &str = "Glorot & Bengio 2010, Understanding the difficulty of training deep \
                     feedforward neural networks (Sec. 4.2.1: n·Var[W] = 1/3 for the standard \
                     initialisation, 1 for the normalised one, eq. 16)";

/// The first and last hidden layers of the measurement (0-based: layers 2 and 10).
const FIRST: usize = 1;
const LAST: usize = 9;

pub const ENTRIES: &[Entry] = &[
    Entry {
        name: "glorot-standard-activations",
        paper: PAPER,
        what: "tanh + standard init U[−1/√n, 1/√n], width 256, depth 10, step 0: per-layer \
               factor of the activation variance, (Var h_10 / Var h_2)^(1/8)",
        paper_value: 1.0 / 3.0,
        tolerance: 0.03,
        query: STANDARD,
        compute: standard_activations,
    },
    Entry {
        name: "glorot-standard-gradients",
        paper: PAPER,
        what: "tanh + standard init, width 256, depth 10, step 0: per-layer factor of the \
               back-propagated gradient's variance toward the input, \
               (grad_a(2)² / grad_a(10)²)^(1/8)",
        paper_value: 1.0 / 3.0,
        tolerance: 0.03,
        query: STANDARD_GRADIENTS,
        compute: standard_gradients,
    },
    Entry {
        name: "glorot-normalised-activations",
        paper: PAPER,
        what: "tanh + normalised init (Xavier), width 256, depth 10, step 0: per-layer factor \
               of the activation variance, (Var h_10 / Var h_2)^(1/8)",
        paper_value: 1.0,
        tolerance: 0.05,
        query: NORMALISED,
        compute: normalised_activations,
    },
    Entry {
        name: "glorot-normalised-gradients",
        paper: PAPER,
        what: "tanh + normalised init (Xavier), width 256, depth 10, step 0: per-layer factor \
               of the back-propagated gradient's variance, (grad_a(2)² / grad_a(10)²)^(1/8)",
        paper_value: 1.0,
        tolerance: 0.05,
        query: NORMALISED_GRADIENTS,
        compute: normalised_gradients,
    },
];

/// The geometric-mean per-layer factor of `value²` from layer `from` to layer `to`.
fn factor(
    query: &str,
    value: fn(&LayerStats) -> f32,
    from: usize,
    to: usize,
) -> Result<f64, String> {
    let t = step0(query)?;
    let square = |i: usize| f64::from(value(&t.stats().layers[i])).powi(2);
    let steps = from.abs_diff(to) as f64;
    Ok(per_layer(square(to), square(from), steps))
}

fn standard_activations() -> Result<f64, String> {
    factor(STANDARD, |l| l.act_std, FIRST, LAST)
}

fn standard_gradients() -> Result<f64, String> {
    factor(STANDARD_GRADIENTS, |l| l.grad_a, LAST, FIRST)
}

fn normalised_activations() -> Result<f64, String> {
    factor(NORMALISED, |l| l.act_std, FIRST, LAST)
}

fn normalised_gradients() -> Result<f64, String> {
    factor(NORMALISED_GRADIENTS, |l| l.grad_a, LAST, FIRST)
}
