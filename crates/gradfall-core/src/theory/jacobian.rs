//! The input–output Jacobian of the hidden stack at initialisation, ∂h_L/∂h_1, and its
//! singular values (Saxe et al. 2014; Pennington, Schoenholz & Ganguli 2017): `gradfall
//! jacobian`.
//!
//! For one example, hidden layer l maps h_{l−1} to h_l = f(W_l·h_{l−1} + b_l) (+ h_{l−1}
//! with a residual connection), so ∂h_l/∂h_{l−1} = D_l·W_l (+ I), with D_l = diag f′(a_l).
//! The Jacobian from the first hidden layer's output to the last's is the product of those
//! matrices for l = L … 2. It is built from the trainer's own network at step 0 (same
//! weights, same first batch, same f′), for the first example of the first batch.
//!
//! With batch normalisation one example's output depends on the whole batch, and layer
//! normalisation adds a projection per layer: neither is a product of D·W, so both are refused
//! rather than approximated.

use super::svd::svd;
use crate::config::{Config, Norm};
use crate::network::Network;
use crate::trainer::Trainer;

/// The widest hidden layer accepted: the product costs depth × width³.
pub const MAX_WIDTH: usize = 256;

/// ∂h_L/∂h_1 of `config`'s network at initialisation for the first example of the first
/// batch, `width × width` row-major (the identity for one hidden layer). Errors (never panics)
/// on a configuration that cannot be built, a normalisation, or a width over [`MAX_WIDTH`].
pub fn jacobian(config: &Config) -> Result<Vec<f64>, String> {
    if config.norm != Norm::None {
        return Err(format!(
            "the Jacobian spectrum is for networks without normalisation (norm={} couples \
             the units{}); use norm=none",
            config.norm.as_str(),
            if config.norm == Norm::Batch {
                " and the examples of a batch"
            } else {
                ""
            }
        ));
    }
    if config.width > MAX_WIDTH {
        return Err(format!(
            "the Jacobian spectrum takes width ≤ {MAX_WIDTH}, got width={}",
            config.width
        ));
    }
    let trainer = Trainer::new(config.clone()).map_err(|e| e.to_string())?;
    Ok(product(trainer.network(), config.width))
}

/// The singular values of [`jacobian`], descending.
pub fn singular_values(config: &Config) -> Result<Vec<f64>, String> {
    let j = jacobian(config)?;
    Ok(svd(&j, config.width, config.width)?.s)
}

/// ∏_{l=L}^{2} (D_l·W_l (+ I)) over the hidden layers of `net`, for row 0 of its batch.
fn product(net: &Network, width: usize) -> Vec<f64> {
    let mut p = vec![0.0; width * width];
    for k in 0..width {
        p[k * width + k] = 1.0;
    }
    let hidden = net.layers.iter().take_while(|l| l.hidden).count();
    let mut next = vec![0.0; width * width];
    for i in 1..hidden {
        let l = &net.layers[i];
        let w = &net.params[l.w.clone()];
        let z = &net.activation_input(i)[..width];
        let alpha = net.alpha_of(i);
        // next = J_i · p, J_i[r][c] = f′(z_r)·W[r][c] + [residual]·δ_rc.
        for r in 0..width {
            let d = f64::from(net.act.df(z[r], alpha));
            let row = &mut next[r * width..(r + 1) * width];
            row.fill(0.0);
            for c in 0..width {
                let jrc = d * f64::from(w[r * width + c]);
                let from = &p[c * width..(c + 1) * width];
                for (o, &v) in row.iter_mut().zip(from) {
                    *o += jrc * v;
                }
            }
            if l.residual {
                for (o, &v) in row.iter_mut().zip(&p[r * width..(r + 1) * width]) {
                    *o += v;
                }
            }
        }
        std::mem::swap(&mut p, &mut next);
    }
    p
}
