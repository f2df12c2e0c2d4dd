//! Normalisation of the pre-activation (`norm=batch|layer`) with its exact backward pass.
//!
//! Both kinds compute x̂ = (a − μ)/√(σ² + ε) and hand z = γ·x̂ + β to the activation; they
//! differ only in the group the statistics run over:
//! - batch norm: per unit, over the samples of the batch (training mode uses the batch's own
//!   statistics; evaluation uses running averages, see [`BatchRunning`]);
//! - layer norm: per sample, over the units of the layer.
//!
//! σ² is the biased variance (divide by the group size), as in the original papers.
//! Buffers are row-major `[batch][units]`.

/// ε added to the variance.
pub const EPS: f32 = 1e-5;
/// Weight of the current batch in the running averages of batch norm.
pub const RUNNING_MOMENTUM: f32 = 0.1;

/// Forward of batch norm in training mode: statistics per unit over the `n` samples.
/// Writes x̂ and z = γ·x̂ + β, and the per-unit mean and 1/√(σ²+ε) for the backward pass.
pub fn batch_forward(
    n: usize,
    units: usize,
    a: &[f32],
    gamma: &[f32],
    beta: &[f32],
    xhat: &mut [f32],
    z: &mut [f32],
    mean: &mut [f32],
    istd: &mut [f32],
) {
    mean[..units].fill(0.0);
    for row in a[..n * units].chunks_exact(units) {
        for (m, &v) in mean.iter_mut().zip(row) {
            *m += v;
        }
    }
    let inv_n = 1.0 / n as f32;
    for m in mean[..units].iter_mut() {
        *m *= inv_n;
    }
    let var = &mut istd[..units];
    var.fill(0.0);
    for row in a[..n * units].chunks_exact(units) {
        for ((s, &v), &m) in var.iter_mut().zip(row).zip(mean.iter()) {
            let d = v - m;
            *s += d * d;
        }
    }
    for s in var.iter_mut() {
        *s = 1.0 / (*s * inv_n + EPS).sqrt();
    }
    for s in 0..n {
        let r = s * units..(s + 1) * units;
        for j in 0..units {
            let x = (a[r.start + j] - mean[j]) * istd[j];
            xhat[r.start + j] = x;
            z[r.start + j] = gamma[j] * x + beta[j];
        }
    }
}

/// Running mean and variance of batch norm, used when evaluating (test accuracy, boundary).
pub struct BatchRunning<'a> {
    pub mean: &'a [f32],
    pub var: &'a [f32],
}

/// Fold the batch statistics just computed by [`batch_forward`] into the running averages.
/// `first` replaces them instead (the running averages start at the first batch's values).
pub fn batch_update_running(
    units: usize,
    mean: &[f32],
    istd: &[f32],
    run_mean: &mut [f32],
    run_var: &mut [f32],
    first: bool,
) {
    let w = if first { 1.0 } else { RUNNING_MOMENTUM };
    for j in 0..units {
        let var = 1.0 / (istd[j] * istd[j]) - EPS;
        run_mean[j] += w * (mean[j] - run_mean[j]);
        run_var[j] += w * (var.max(0.0) - run_var[j]);
    }
}

/// Batch norm in evaluation mode: the running statistics, z = γ·(a − μ)/√(σ²+ε) + β in place.
pub fn batch_eval(
    n: usize,
    units: usize,
    run: &BatchRunning<'_>,
    gamma: &[f32],
    beta: &[f32],
    a: &mut [f32],
) {
    for row in a[..n * units].chunks_exact_mut(units) {
        for j in 0..units {
            let x = (row[j] - run.mean[j]) / (run.var[j] + EPS).sqrt();
            row[j] = gamma[j] * x + beta[j];
        }
    }
}

/// Backward of batch norm. From ∂L/∂z (`dz`) computes ∂L/∂γ, ∂L/∂β (accumulated into the
/// zeroed `dgamma`, `dbeta`) and ∂L/∂a:
/// ∂L/∂a = istd/n · (n·g − Σ_s g − x̂·Σ_s g·x̂) with g = γ·∂L/∂z, sums over the batch.
pub fn batch_backward(
    n: usize,
    units: usize,
    xhat: &[f32],
    istd: &[f32],
    gamma: &[f32],
    dz: &[f32],
    dgamma: &mut [f32],
    dbeta: &mut [f32],
    da: &mut [f32],
) {
    dgamma[..units].fill(0.0);
    dbeta[..units].fill(0.0);
    for s in 0..n {
        let o = s * units;
        for j in 0..units {
            dgamma[j] += dz[o + j] * xhat[o + j];
            dbeta[j] += dz[o + j];
        }
    }
    // Σ_s g = γ·dβ and Σ_s g·x̂ = γ·dγ.
    let nf = n as f32;
    for s in 0..n {
        let o = s * units;
        for j in 0..units {
            let g = gamma[j] * dz[o + j];
            let sum_g = gamma[j] * dbeta[j];
            let sum_gx = gamma[j] * dgamma[j];
            da[o + j] = istd[j] / nf * (nf * g - sum_g - xhat[o + j] * sum_gx);
        }
    }
}

/// Forward of layer norm: statistics per sample over the `units`. `mean`, `istd` are per sample.
pub fn layer_forward(
    n: usize,
    units: usize,
    a: &[f32],
    gamma: &[f32],
    beta: &[f32],
    xhat: &mut [f32],
    z: &mut [f32],
    mean: &mut [f32],
    istd: &mut [f32],
) {
    let inv_m = 1.0 / units as f32;
    for s in 0..n {
        let r = s * units..(s + 1) * units;
        let row = &a[r.clone()];
        let mu = row.iter().sum::<f32>() * inv_m;
        let var = row.iter().map(|&v| (v - mu) * (v - mu)).sum::<f32>() * inv_m;
        let is = 1.0 / (var + EPS).sqrt();
        mean[s] = mu;
        istd[s] = is;
        for j in 0..units {
            let x = (row[j] - mu) * is;
            xhat[r.start + j] = x;
            z[r.start + j] = gamma[j] * x + beta[j];
        }
    }
}

/// Layer norm of one sample in place (evaluation; identical to training mode).
pub fn layer_eval(n: usize, units: usize, gamma: &[f32], beta: &[f32], a: &mut [f32]) {
    let inv_m = 1.0 / units as f32;
    for row in a[..n * units].chunks_exact_mut(units) {
        let mu = row.iter().sum::<f32>() * inv_m;
        let var = row.iter().map(|&v| (v - mu) * (v - mu)).sum::<f32>() * inv_m;
        let is = 1.0 / (var + EPS).sqrt();
        for j in 0..units {
            row[j] = gamma[j] * (row[j] - mu) * is + beta[j];
        }
    }
}

/// Backward of layer norm: as [`batch_backward`] with the sums over the units of each sample.
pub fn layer_backward(
    n: usize,
    units: usize,
    xhat: &[f32],
    istd: &[f32],
    gamma: &[f32],
    dz: &[f32],
    dgamma: &mut [f32],
    dbeta: &mut [f32],
    da: &mut [f32],
) {
    dgamma[..units].fill(0.0);
    dbeta[..units].fill(0.0);
    let mf = units as f32;
    for (s, &is) in istd[..n].iter().enumerate() {
        let o = s * units;
        let (mut sum_g, mut sum_gx) = (0.0f32, 0.0f32);
        for j in 0..units {
            dgamma[j] += dz[o + j] * xhat[o + j];
            dbeta[j] += dz[o + j];
            let g = gamma[j] * dz[o + j];
            sum_g += g;
            sum_gx += g * xhat[o + j];
        }
        for j in 0..units {
            let g = gamma[j] * dz[o + j];
            da[o + j] = is / mf * (mf * g - sum_g - xhat[o + j] * sum_gx);
        }
    }
}
