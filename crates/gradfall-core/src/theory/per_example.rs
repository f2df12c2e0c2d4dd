//! The map followed one example at a time, combined over the batch the way the statistics are
//! measured (issue: the dashed line missed by 8–166× for ELU, SELU, tanh + He, GELU, swish).
//!
//! The batch-average map starts one variance from the mean E[x²] of the whole batch. That is
//! exact when every example has about the same input norm; the 2-D spiral runs from the centre
//! (norm ≈ 0) to the rim. Where χ depends on q (everything but the ReLU family), a small-norm
//! example keeps a small q for many layers and sees a different χ per layer than a large one;
//! and the batch's RMS `grad_a` is dominated by the examples whose gradient grows most. So each
//! example s follows its own map from q_1(s) = σ_w²(1)·mean_i x_{s,i}² + σ_b², and
//!
//! ```text
//! grad_a_l (predicted) = √( mean_s  g_s² · ∏_{k=l}^{L−1} χ_k(s) )
//! ```
//!
//! where g_s is the measured RMS of example s's `grad_a` over the last hidden layer's units
//! (the anchor; the batch's measured `grad_a_L` is √(mean_s g_s²), so the prediction meets the
//! measurement there). Forwards, the predicted std of h_l over batch × units is
//! √(mean_s p_l(s) − (mean_s m_l(s))²), with p and m each example's second moment and mean of
//! h_l. Nothing here reads a hidden activation: only the inputs and the anchor.
//!
//! The moments come from one [`MomentTable`] shared by all examples (see [`super::moments`] for
//! the measured cost against exact quadrature per example).

use super::map::{sqrt_chi, trace, MapSpec};
use super::moments::{clean, MomentTable};

/// What one example brings: its input's coordinates and its anchor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Example {
    /// mean_i x_i² and mean_i x_i over the input's coordinates.
    pub input_second: f64,
    pub input_mean: f64,
    /// The RMS over the last hidden layer's units of this example's `grad_a`.
    pub anchor: f64,
}

impl Example {
    /// From an input row and the example's gradient row at the last hidden layer, times
    /// `scale` (the trainer stores the batch-mean gradient; `grad_a` is n times it).
    pub fn new(input: &[f32], last_grad_a: &[f32], scale: f64) -> Example {
        let mean_of = |v: &[f32], g: fn(f64) -> f64| {
            v.iter().map(|&x| g(x as f64)).sum::<f64>() / v.len().max(1) as f64
        };
        Example {
            input_second: mean_of(input, |x| x * x),
            input_mean: mean_of(input, |x| x),
            anchor: scale * mean_of(last_grad_a, |x| x * x).sqrt(),
        }
    }
}

/// The per-example prediction for every hidden layer (index 0 = layer 1).
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Predicted RMS `grad_a` over the batch, equal to the anchor's RMS at the last layer.
    pub grad_a: Vec<f64>,
    /// The batch's effective factor grad_a_l / grad_a_{l+1}; for the last hidden layer, the
    /// anchor-weighted RMS of √χ_L through the output layer.
    pub sqrt_chi: Vec<f64>,
    /// Predicted std of h_l over batch × units.
    pub act_std: Vec<f64>,
    /// How many table nodes were computed (the cost, in quadrature passes).
    pub nodes_computed: usize,
}

/// The prediction for `examples` in the network `spec`. Empty for no hidden layer or no
/// example. When every anchor is 0 the examples count equally (the predicted `grad_a` is then
/// 0 everywhere, the factors still say how the map moves the gradient).
pub fn predict(spec: &MapSpec, examples: &[Example]) -> Prediction {
    let depth = spec.depth();
    let mut table = MomentTable::new(spec.unit);
    let anchors2: f64 = examples.iter().map(|e| e.anchor * e.anchor).sum();
    let weight = |e: &Example| {
        if anchors2 > 0.0 {
            e.anchor * e.anchor
        } else {
            1.0
        }
    };
    let total_weight: f64 = examples.iter().map(weight).sum();

    // Per example: ∏_{k=l}^{L−1} √χ_k(s) for every l (top down), and √χ_L(s).
    let mut products: Vec<Vec<f64>> = Vec::with_capacity(examples.len());
    let mut top = Vec::with_capacity(examples.len());
    let (mut second_sum, mut mean_sum) = (vec![0.0; depth], vec![0.0; depth]);
    for e in examples {
        let path = trace(
            spec,
            &mut |q| table.moments(q),
            e.input_second,
            e.input_mean,
        );
        for l in 0..depth {
            second_sum[l] += path.second[l];
            mean_sum[l] += path.mean[l];
        }
        let factors = sqrt_chi(spec, &path.slope2);
        let mut product = vec![1.0; depth];
        for l in (0..depth.saturating_sub(1)).rev() {
            product[l] = product[l + 1] * factors[l];
        }
        top.push(factors.last().copied().unwrap_or(0.0));
        products.push(product);
    }

    let weighted_rms = |value: &dyn Fn(usize) -> f64| {
        // Scaled by the largest value so that squares of huge products do not overflow.
        // (f64::max skips NaN, so `largest` is a number ≥ 0.)
        let largest = (0..examples.len()).map(value).fold(0.0, f64::max);
        if largest == 0.0 || total_weight == 0.0 {
            return 0.0;
        }
        let sum: f64 = examples
            .iter()
            .enumerate()
            .map(|(s, e)| {
                let r = value(s) / largest;
                weight(e) * r * r
            })
            .sum();
        largest * (sum / total_weight).sqrt()
    };
    let anchor_rms = (anchors2 / examples.len().max(1) as f64).sqrt();
    let relative: Vec<f64> = (0..depth)
        .map(|l| weighted_rms(&|s| products[s][l]))
        .collect();
    let grad_a = relative.iter().map(|r| anchor_rms * r).collect();
    let sqrt_chi = (0..depth)
        .map(|l| {
            if l + 1 == depth {
                weighted_rms(&|s| top[s])
            } else if relative[l + 1] > 0.0 {
                relative[l] / relative[l + 1]
            } else {
                0.0
            }
        })
        .collect();
    let n = examples.len().max(1) as f64;
    let act_std = (0..depth)
        .map(|l| {
            let mean = mean_sum[l] / n;
            clean(second_sum[l] / n - mean * mean).sqrt()
        })
        .collect();
    Prediction {
        grad_a,
        sqrt_chi,
        act_std,
        nodes_computed: table.nodes_computed(),
    }
}

#[cfg(test)]
mod tests;
