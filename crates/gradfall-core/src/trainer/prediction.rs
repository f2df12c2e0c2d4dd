//! The mean-field prediction beside the measured statistics: √χ per hidden layer and the
//! `grad_a` it predicts, computed once from the initialisation and anchored at step 0.

use crate::config::{Config, Init, Norm};
use crate::data::Data;
use crate::init;
use crate::network::Network;
use crate::stats::Stats;
use crate::theory;

/// Per layer (output layer included, where it stays NaN): √χ and the predicted `grad_a`.
pub(crate) struct Prediction {
    pub sqrt_chi: Vec<f32>,
    pub grad_a: Vec<f32>,
}

impl Prediction {
    /// No prediction yet (NaN everywhere) for a network of `n_layers` layers.
    pub(crate) fn none(n_layers: usize) -> Prediction {
        Prediction {
            sqrt_chi: vec![f32::NAN; n_layers],
            grad_a: vec![f32::NAN; n_layers],
        }
    }

    /// Stores √χ per hidden layer and the predicted `grad_a`, anchored at the measured step-0
    /// `grad_a` of the last hidden layer (grad_a_L · ∏_{k=l}^{L−1} √χ_k), into `self` and
    /// into the rows of `stats`.
    pub(crate) fn anchor(&mut self, sqrt_chi: Option<Vec<f64>>, stats: &mut Stats) {
        let Some(sqrt_chi) = sqrt_chi else { return };
        let depth = self.sqrt_chi.len() - 1;
        if depth == 0 || sqrt_chi.len() < depth {
            return;
        }
        let anchor = stats.layers[depth - 1].grad_a as f64;
        for i in 0..depth {
            self.sqrt_chi[i] = sqrt_chi[i] as f32;
            self.grad_a[i] = (anchor * sqrt_chi[i..depth - 1].iter().product::<f64>()) as f32;
        }
        for (row, (&t, &g)) in stats
            .layers
            .iter_mut()
            .zip(self.sqrt_chi.iter().zip(&self.grad_a))
        {
            row.theory = t;
            row.theory_grad_a = g;
        }
    }
}

/// √χ per hidden layer from the mean-field theory ([`theory`]), computed from the
/// initialisation alone — σ_w² = fan_in·Var[w] of the scheme's formula, or of the realised
/// weights for LSUV (whose scale is data-driven) — and the constant `bias`. The output
/// layer's entry is fan_out·Var[w] (n_classes·Var[w]), so that √χ_L is the backward factor
/// from the output to the last hidden layer. With residual connections the theory's
/// residual map is used. `None` with a normalisation, where the plain map does not apply.
pub(crate) fn mean_field(c: &Config, net: &Network, data: &Data) -> Option<Vec<f64>> {
    if c.norm != Norm::None {
        return None;
    }
    let layers = &net.layers;
    let sigma_w2: Vec<f64> = layers
        .iter()
        .map(|l| {
            let fan = if l.hidden { l.fan_in } else { l.fan_out } as f64;
            let var = if c.init == Init::Lsuv {
                let w = &net.params[l.w.clone()];
                w.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / w.len() as f64
            } else {
                init::variance(c.init, c.act, c.alpha(), c.gain, l.fan_in, l.fan_out)
            };
            fan * var
        })
        .collect();
    let x = &data.train_x;
    let input_q = x.iter().map(|&v| (v as f64) * (v as f64)).sum::<f64>() / x.len() as f64;
    let bias = c.bias as f64;
    let residual: Vec<bool> = layers
        .iter()
        .filter(|l| l.hidden)
        .map(|l| l.residual)
        .collect();
    let field = if residual.contains(&true) {
        theory::mean_field_residual(c.act, c.alpha(), &sigma_w2, &residual, bias, input_q)
    } else {
        theory::mean_field_with_bias(c.act, c.alpha(), &sigma_w2, bias, 0.0, input_q)
    };
    Some(field.sqrt_chi)
}
