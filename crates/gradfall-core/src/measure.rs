//! The per-layer statistics of [`LayerStats`], measured from the network's buffers after a
//! forward and backward pass, written in place into preallocated [`Stats`] rows (no allocation).
//!
//! Conventions where the definitions in [`crate::stats`] leave room:
//! - With a normalisation, `hist_a`, `dead_frac` and `sat_frac` look at the activation's input
//!   z = γ·x̂ + β (where f' is evaluated), while `grad_a` is ∂loss_i/∂a of the raw
//!   pre-activation a = h·Wᵀ + b, the quantity the weight gradient is built from.
//! - `grad_a` uses the per-sample loss: n × the batch-mean ∂loss/∂a (exact without batch norm;
//!   with batch norm the samples interact and this is the usual convention).
//! - The output layer (L+1) is linear: `dead_frac` and `sat_frac` are 0, `hist_a` holds the
//!   logits, `act_*` and `zero_frac` describe the logits, `theory` is NaN.
//! - Non-finite values (after divergence) are reported as NaN, never ±∞; histograms skip NaN.

use crate::config::Activation;
use crate::math;
use crate::network::Network;
use crate::stats::{LayerStats, Stats, HIST_A_RANGE, HIST_BINS, HIST_GRAD_RANGE};

/// Fill every row of `stats.layers` from the last forward/backward pass over `n` samples.
/// `update_ratio`, `theory`, `theory_grad_a` and `theory_act_std` are per layer (output layer
/// included).
pub fn measure(
    net: &Network,
    n: usize,
    update_ratio: &[f32],
    theory: &[f32],
    theory_grad_a: &[f32],
    theory_act_std: &[f32],
    stats: &mut Stats,
) {
    for (i, row) in stats.layers.iter_mut().enumerate() {
        let l = &net.layers[i];
        let units = l.fan_out;
        let count = n * units;
        row.layer = i + 1;

        let da = &net.grad_pre_activation(i)[..count];
        let scale = n as f32;
        row.grad_a = clean(rms(da) * scale);
        histogram(
            &mut row.hist_grad,
            HIST_GRAD_RANGE,
            da.iter().map(|&d| {
                if d == 0.0 {
                    f32::NEG_INFINITY
                } else {
                    math::log10((d * scale).abs())
                }
            }),
        );

        row.grad_w = clean(norm(&net.grads[l.w.clone()]));
        row.grad_b = clean(norm(&net.grads[l.b.clone()]));
        row.w_norm = clean(norm(&net.params[l.w.clone()]));
        row.update_ratio = clean(update_ratio[i]);

        let h = &net.output(i)[..count];
        let (mean, std) = mean_std(h);
        row.act_mean = clean(mean);
        row.act_std = clean(std);
        row.zero_frac = h.iter().filter(|&&v| v == 0.0).count() as f32 / count as f32;

        if l.hidden {
            let z = &net.activation_input(i)[..count];
            let alpha = net.alpha_of(i);
            measure_derivative(net.act, alpha, n, units, z, row);
            histogram(&mut row.hist_a, HIST_A_RANGE, z.iter().copied());
            row.slope = if l.slope.is_some() {
                clean(alpha)
            } else {
                f32::NAN
            };
        } else {
            row.dead_frac = 0.0;
            row.sat_frac = 0.0;
            histogram(&mut row.hist_a, HIST_A_RANGE, h.iter().copied());
            row.slope = f32::NAN;
        }
        row.theory = theory[i];
        row.theory_grad_a = theory_grad_a[i];
        row.theory_act_std = theory_act_std[i];
    }
}

/// `dead_frac` (units whose f' is 0 on every sample) and `sat_frac` (entries with
/// |f'| < 5 % of the activation's largest |f'|).
fn measure_derivative(
    act: Activation,
    alpha: f32,
    n: usize,
    units: usize,
    z: &[f32],
    row: &mut LayerStats,
) {
    let threshold = 0.05 * act.max_df(alpha);
    let mut saturated = 0usize;
    let mut dead = 0usize;
    for j in 0..units {
        let mut alive = false;
        for s in 0..n {
            let d = act.df(z[s * units + j], alpha).abs();
            alive |= d != 0.0;
            saturated += (d < threshold) as usize;
        }
        dead += !alive as usize;
    }
    row.dead_frac = dead as f32 / units as f32;
    row.sat_frac = saturated as f32 / (n * units) as f32;
}

/// Empty and fill `bins` with `values` over `range`; values outside land in the edge bins
/// (−∞ in bin 0), NaN is skipped.
fn histogram(bins: &mut [u32], range: (f32, f32), values: impl Iterator<Item = f32>) {
    bins.fill(0);
    let width = (range.1 - range.0) / HIST_BINS as f32;
    for v in values {
        if v.is_nan() {
            continue;
        }
        // Clamped to ≥ 0 first, so truncation is the floor (and no libm call).
        let k = ((v - range.0) / width).clamp(0.0, (HIST_BINS - 1) as f32) as usize;
        bins[k] += 1;
    }
}

fn clean(x: f32) -> f32 {
    if x.is_finite() {
        x
    } else {
        f32::NAN
    }
}

fn norm(v: &[f32]) -> f32 {
    v.iter()
        .map(|&x| (x as f64) * (x as f64))
        .sum::<f64>()
        .sqrt() as f32
}

fn rms(v: &[f32]) -> f32 {
    (v.iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>() / v.len().max(1) as f64).sqrt() as f32
}

fn mean_std(v: &[f32]) -> (f32, f32) {
    let n = v.len().max(1) as f64;
    let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
    (mean as f32, var.sqrt() as f32)
}

/// A row with every histogram allocated, for [`measure`] to overwrite.
pub fn empty_row(layer: usize) -> LayerStats {
    LayerStats {
        layer,
        grad_a: f32::NAN,
        grad_w: f32::NAN,
        grad_b: f32::NAN,
        w_norm: f32::NAN,
        update_ratio: 0.0,
        act_mean: f32::NAN,
        act_std: f32::NAN,
        zero_frac: f32::NAN,
        dead_frac: f32::NAN,
        dead_data_frac: None,
        revived: None,
        revived_total: 0,
        sat_frac: f32::NAN,
        theory: f32::NAN,
        theory_grad_a: f32::NAN,
        theory_act_std: f32::NAN,
        slope: f32::NAN,
        hist_a: vec![0; HIST_BINS],
        hist_grad: vec![0; HIST_BINS],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_clamps_into_edge_bins_and_skips_nan() {
        let mut bins = vec![0u32; HIST_BINS];
        histogram(
            &mut bins,
            (-5.0, 5.0),
            [-100.0, -5.0, 0.0, 4.99, 100.0, f32::NAN, f32::NEG_INFINITY].into_iter(),
        );
        assert_eq!(bins[0], 3);
        assert_eq!(bins[HIST_BINS / 2], 1);
        assert_eq!(bins[HIST_BINS - 1], 2);
        assert_eq!(bins.iter().sum::<u32>(), 6);
    }

    #[test]
    fn dead_and_saturated() {
        // Two units, three samples: unit 0 negative everywhere (dead), unit 1 alive once.
        let z = [-1.0f32, -2.0, -0.5, 3.0, -1.0, -1.0];
        let mut row = empty_row(1);
        measure_derivative(Activation::Relu, 0.0, 3, 2, &z, &mut row);
        assert_eq!(row.dead_frac, 0.5);
        assert!((row.sat_frac - 5.0 / 6.0).abs() < 1e-6);
        measure_derivative(Activation::Necro, 0.1, 3, 2, &z, &mut row);
        assert_eq!(row.dead_frac, 0.0);
    }
}
