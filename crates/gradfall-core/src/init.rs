//! Weight initialisation schemes (the `init` key).
//!
//! Every scheme is described by the variance it gives each weight, [`variance`], and drawn by
//! [`fill`]. Both take the same arguments, so the mean-field theory ([`crate::theory`]) and the
//! tests use exactly the numbers the trainer draws from. `gain` multiplies the standard
//! deviation of every scheme, so it multiplies the variance by `gain²`.
//!
//! Weights are drawn and computed in f64 and stored as f32, in the layout the trainer uses:
//! `w[o * fan_in + i]` is the weight from input `i` to output `o` (`[fan_out][fan_in]`).
//!
//! The schemes and their sources:
//!
//! - `uniform` — U[−1/√fan_in, +1/√fan_in], the long-standing default of Torch7 and PyTorch's
//!   `nn.Linear` (whose `kaiming_uniform_(a=√5)` gives the same bound), of the order LeCun,
//!   Bottou, Orr & Müller recommend in "Efficient BackProp" (1998). Var = 1/(3·fan_in): a
//!   sixth of what ReLU needs (2/fan_in), so the signal of a deep ReLU net shrinks ×√6 a layer.
//! - `xavier` — Glorot & Bengio, "Understanding the difficulty of training deep feedforward
//!   neural networks" (AISTATS 2010): U[±√(6/(fan_in+fan_out))], Var = 2/(fan_in+fan_out),
//!   the compromise between preserving the forward and the backward variance of a linear net.
//! - `xavier-normal` — the same variance from N(0, 2/(fan_in+fan_out)).
//! - `he` — He, Zhang, Ren & Sun, "Delving Deep into Rectifiers" (ICCV 2015): N(0, 2/fan_in),
//!   which keeps E[a²] constant through ReLU layers. For the leaky family (leaky, prelu, necro)
//!   the paper's general form 2/((1+α²)·fan_in) with α the negative slope.
//! - `he-uniform` — the same variance from U[±√(3·Var)].
//! - `lecun` — LeCun et al., "Efficient BackProp" (1998): N(0, 1/fan_in); the init SELU's
//!   self-normalisation assumes (Klambauer et al., "Self-Normalizing Neural Networks", 2017).
//! - `orthogonal` — Saxe, McClelland & Ganguli, "Exact solutions to the nonlinear dynamics of
//!   learning in deep linear neural networks" (ICLR 2014): a Haar-random matrix with
//!   orthonormal rows (fan_out ≤ fan_in) or orthonormal columns (fan_out > fan_in), from the
//!   QR decomposition of a Gaussian matrix (Mezzadri, "How to generate random matrices from the
//!   classical compact groups", 2007). Var = 1/max(fan_in, fan_out).
//! - `lsuv` — Mishkin & Matas, "All you need is a good init" (ICLR 2016): the orthogonal start
//!   filled here; the data-driven part (rescale each layer until its pre-activation variance on
//!   the first batch is 1) needs the data and the network, so the trainer does it.
//! - `zeros` — every weight 0: all units of a layer compute the same function and receive the
//!   same gradient (the symmetry is never broken), and with ReLU every output stays 0.

use crate::config::{Activation, Init};
use crate::rng::Rng;

/// The variance Var[w] the scheme's formula prescribes (gain included), for the mean-field
/// theory and for the tests. `Lsuv` returns the orthogonal start's variance (the data-driven
/// rescaling happens in the trainer); `Zeros` returns 0.
///
/// For `orthogonal` (and `lsuv`) this is the exact mean square of the drawn matrix, gain²/max(fan_in,
/// fan_out): every orthonormal row (or column) has unit norm. A zero fan is treated as 1, so the
/// result is always finite.
pub fn variance(
    init: Init,
    act: Activation,
    alpha: f32,
    gain: f32,
    fan_in: usize,
    fan_out: usize,
) -> f64 {
    let fan_in = fan_in.max(1) as f64;
    let fan_out = fan_out.max(1) as f64;
    let gain2 = (gain as f64) * (gain as f64);
    let unit = match init {
        Init::Uniform => 1.0 / (3.0 * fan_in),
        Init::Xavier | Init::XavierNormal => 2.0 / (fan_in + fan_out),
        Init::He | Init::HeUniform => he_variance(act, alpha, fan_in),
        Init::Lecun => 1.0 / fan_in,
        Init::Orthogonal | Init::Lsuv => 1.0 / fan_in.max(fan_out),
        Init::Zeros => 0.0,
    };
    gain2 * unit
}

/// Fill `w` (`[fan_out][fan_in]`, row-major) according to `init`.
///
/// Deterministic: the same `rng` state gives the same weights on every platform.
///
/// # Panics
/// If `w.len() != fan_in * fan_out` (a programming error in the caller, never user input).
pub fn fill(
    init: Init,
    act: Activation,
    alpha: f32,
    gain: f32,
    fan_in: usize,
    fan_out: usize,
    rng: &mut Rng,
    w: &mut [f32],
) {
    assert_eq!(
        w.len(),
        fan_in * fan_out,
        "init::fill: w must hold fan_out × fan_in weights"
    );
    let var = variance(init, act, alpha, gain, fan_in, fan_out);
    match init {
        Init::Uniform | Init::Xavier | Init::HeUniform => fill_uniform(rng, (3.0 * var).sqrt(), w),
        Init::XavierNormal | Init::He | Init::Lecun => fill_normal(rng, var.sqrt(), w),
        Init::Orthogonal | Init::Lsuv => fill_orthogonal(rng, gain as f64, fan_in, fan_out, w),
        Init::Zeros => w.fill(0.0),
    }
}

/// He's variance 2/((1+α²)·fan_in): α is the negative slope of the leaky family (leaky, prelu,
/// and necro, whose backward pass has that slope), 0 for every other activation.
fn he_variance(act: Activation, alpha: f32, fan_in: f64) -> f64 {
    let slope = act.he_slope(alpha) as f64;
    2.0 / ((1.0 + slope * slope) * fan_in)
}

/// U[−bound, +bound) for every weight (Var = bound²/3).
fn fill_uniform(rng: &mut Rng, bound: f64, w: &mut [f32]) {
    for x in w.iter_mut() {
        *x = ((2.0 * rng.uniform_f64() - 1.0) * bound) as f32;
    }
}

/// N(0, std²) for every weight.
fn fill_normal(rng: &mut Rng, std: f64, w: &mut [f32]) {
    for x in w.iter_mut() {
        *x = (rng.normal() * std) as f32;
    }
}

/// `gain` × a Haar-random matrix with orthonormal rows (fan_out ≤ fan_in, so W·Wᵀ = I) or
/// orthonormal columns (fan_out > fan_in, so Wᵀ·W = I).
///
/// Draws `k = min(fan_in, fan_out)` Gaussian vectors of length `n = max(fan_in, fan_out)` and
/// orthonormalises them in order. That is the Q factor of the QR decomposition of the n×k
/// Gaussian matrix whose columns they are, normalised so that diag(R) > 0 — exactly the sign
/// correction that makes Q Haar-distributed rather than biased by the QR algorithm's choices.
/// The vectors become the rows of W when fan_out ≤ fan_in, its columns otherwise.
fn fill_orthogonal(rng: &mut Rng, gain: f64, fan_in: usize, fan_out: usize, w: &mut [f32]) {
    let k = fan_in.min(fan_out);
    let n = fan_in.max(fan_out);
    if k == 0 {
        return;
    }
    let mut vectors: Vec<f64> = (0..k * n).map(|_| rng.normal()).collect();
    orthonormalise(&mut vectors, n);
    for (v, vector) in vectors.chunks_exact(n).enumerate() {
        for (e, &x) in vector.iter().enumerate() {
            // Vector v is row v of W (rows orthonormal) or column v (columns orthonormal).
            let (row, col) = if fan_out <= fan_in { (v, e) } else { (e, v) };
            w[row * fan_in + col] = (gain * x) as f32;
        }
    }
}

/// Modified Gram–Schmidt on the consecutive vectors of length `n` held in `vectors`, in place.
///
/// Each vector is made orthogonal to all earlier ones, one projection at a time and in order,
/// then scaled to unit norm; its norm before scaling is the (positive) diagonal entry of R.
/// MGS loses orthogonality only in proportion to κ·ε (Björck 1967); a Gaussian n×n matrix has
/// κ of order n, so the result is orthonormal to about 1e-12 here. A vector that vanishes
/// numerically (probability zero for Gaussian input) is left as zeros rather than divided by 0.
/// Cost: 2·n·k² flops (about 0.5 s natively for 1024×1024, 70 ms for 512×512).
fn orthonormalise(vectors: &mut [f64], n: usize) {
    let count = vectors.len() / n;
    for j in 0..count {
        let (done, rest) = vectors.split_at_mut(j * n);
        let v = &mut rest[..n];
        for q in done.chunks_exact(n) {
            project_out(q, v);
        }
        let norm = dot(v, v).sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
    }
}

/// v ← v − (q·v)·q for a unit vector q.
fn project_out(q: &[f64], v: &mut [f64]) {
    let proj = dot(q, v);
    for (x, &qi) in v.iter_mut().zip(q) {
        *x -= proj * qi;
    }
}

/// Σ a_i·b_i with four independent partial sums, so that the compiler may keep them in SIMD
/// lanes (a single running sum is a serial dependency chain it must not reorder).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for k in 0..4 {
            lanes[k] += x[k] * y[k];
        }
    }
    (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orthonormalise_small_case_by_hand() {
        // (3, 4) → (0.6, 0.8); (1, 0) minus its projection → (0.64, −0.48) → (0.8, −0.6).
        let mut v = vec![3.0, 4.0, 1.0, 0.0];
        orthonormalise(&mut v, 2);
        let expected = [0.6, 0.8, 0.8, -0.6];
        for (a, b) in v.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{v:?}");
        }
    }

    #[test]
    fn leaky_gain_only_for_the_leaky_family() {
        let relu = he_variance(Activation::Relu, 0.5, 10.0);
        let leaky = he_variance(Activation::Leaky, 0.5, 10.0);
        assert_eq!(relu, 0.2);
        assert!((leaky - 0.2 / 1.25).abs() < 1e-15);
        assert_eq!(he_variance(Activation::Elu, 0.5, 10.0), relu);
    }
}
