//! Weight initialisation schemes (DESIGN.md, point 5).
//!
//! SKELETON: signatures final; bodies being written.

use crate::config::{Activation, Init};
use crate::rng::Rng;

/// The variance Var[w] the scheme's formula prescribes (gain included), for the mean-field
/// theory and for the tests. `Lsuv` returns the orthogonal start's variance (the data-driven
/// rescaling happens in the trainer); `Zeros` returns 0.
pub fn variance(init: Init, act: Activation, alpha: f32, gain: f32, fan_in: usize, fan_out: usize) -> f64 {
    let _ = (init, act, alpha, gain, fan_in, fan_out);
    todo!("init")
}

/// Fill `w` (`[fan_out][fan_in]`, row-major) according to `init`.
pub fn fill(init: Init, act: Activation, alpha: f32, gain: f32, fan_in: usize, fan_out: usize, rng: &mut Rng, w: &mut [f32]) {
    let _ = (init, act, alpha, gain, fan_in, fan_out, rng, w);
    todo!("init")
}
