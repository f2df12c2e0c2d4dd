//! The losses on one-hot targets and their gradient with respect to the output layer's
//! pre-activation (the logits).
//!
//! - `ce`: softmax cross-entropy, loss_i = log Σ_k e^{z_k} − z_y, computed with the
//!   log-sum-exp shift by max_k z_k so no exponential overflows; ∂loss_i/∂z = softmax(z) − onehot.
//! - `mse`: loss_i = ½·Σ_k (z_k − onehot_k)² (summed over the classes, with the ½ so that
//!   ∂loss_i/∂z = z − onehot exactly).
//!
//! The reported loss is the batch mean, so the gradient written is (1/n)·∂loss_i/∂z.

use crate::config::Loss;
use crate::math;

/// Batch-mean loss over the `n` rows of `logits` (`[n][classes]`), the number of rows whose
/// arg-max is the target, and ∂(batch-mean loss)/∂logits written into `grad`.
pub fn loss_and_grad(
    loss: Loss,
    n: usize,
    classes: usize,
    logits: &[f32],
    y: &[u32],
    grad: &mut [f32],
) -> (f32, usize) {
    let mut total = 0.0f64;
    let mut correct = 0;
    let inv_n = 1.0 / n as f32;
    for s in 0..n {
        let z = &logits[s * classes..(s + 1) * classes];
        let g = &mut grad[s * classes..(s + 1) * classes];
        let target = y[s] as usize;
        if argmax(z) == target {
            correct += 1;
        }
        match loss {
            Loss::Ce => {
                let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let mut sum = 0.0f32;
                for (gk, &zk) in g.iter_mut().zip(z) {
                    let e = math::exp(zk - max);
                    *gk = e;
                    sum += e;
                }
                let lse = max + math::ln(sum);
                total += (lse - z[target]) as f64;
                for (k, gk) in g.iter_mut().enumerate() {
                    let onehot = if k == target { 1.0 } else { 0.0 };
                    *gk = (*gk / sum - onehot) * inv_n;
                }
            }
            Loss::Mse => {
                let mut sq = 0.0f32;
                for (k, (gk, &zk)) in g.iter_mut().zip(z).enumerate() {
                    let onehot = if k == target { 1.0 } else { 0.0 };
                    let d = zk - onehot;
                    sq += d * d;
                    *gk = d * inv_n;
                }
                total += 0.5 * sq as f64;
            }
        }
    }
    ((total / n as f64) as f32, correct)
}

/// Index of the largest entry (the first on ties; NaN entries never win).
pub fn argmax(z: &[f32]) -> usize {
    let mut best = 0;
    for (k, &v) in z.iter().enumerate() {
        if v > z[best] || z[best].is_nan() {
            best = k;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ce_of_uniform_logits_is_log_classes() {
        let logits = [0.0f32; 6];
        let mut g = [0.0f32; 6];
        let (l, _) = loss_and_grad(Loss::Ce, 2, 3, &logits, &[0, 2], &mut g);
        assert!((l - 3f32.ln()).abs() < 1e-6);
        // softmax − onehot, divided by n = 2.
        assert!((g[0] - (1.0 / 3.0 - 1.0) / 2.0).abs() < 1e-6);
        assert!((g[1] - (1.0 / 3.0) / 2.0).abs() < 1e-6);
    }

    #[test]
    fn ce_is_stable_for_huge_logits() {
        let logits = [1e30f32, -1e30, 0.0];
        let mut g = [0.0f32; 3];
        let (l, c) = loss_and_grad(Loss::Ce, 1, 3, &logits, &[0], &mut g);
        assert_eq!(l, 0.0);
        assert_eq!(c, 1);
        assert!(g.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn mse_has_the_half() {
        let logits = [1.0f32, 1.0];
        let mut g = [0.0f32; 2];
        let (l, _) = loss_and_grad(Loss::Mse, 1, 2, &logits, &[0], &mut g);
        assert_eq!(l, 0.5); // ½·(0² + 1²)
        assert_eq!(g, [0.0, 1.0]);
    }
}
