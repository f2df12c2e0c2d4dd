//! The mean-field prediction beside the measured statistics, computed once at step 0: each
//! example of the first batch follows the variance map from its own input
//! ([`theory::per_example`]), and the predicted `grad_a` is anchored at each example's measured
//! step-0 gradient in the last hidden layer; the predicted `act_std` uses the inputs alone.

use crate::config::{Config, Init, Norm};
use crate::init;
use crate::network::Network;
use crate::stats::Stats;
use crate::theory::{self, per_example::Example, MapSpec, Unit};

/// Per layer (output layer included, where it stays NaN): the batch's effective √χ, the
/// predicted `grad_a` and the predicted `act_std`.
pub(crate) struct Prediction {
    pub sqrt_chi: Vec<f32>,
    pub grad_a: Vec<f32>,
    pub act_std: Vec<f32>,
}

/// What the map needs from the initialisation alone: σ_w² = fan_in·Var[w] per layer and
/// which hidden layers are residual.
pub(crate) struct Field {
    sigma_w2: Vec<f64>,
    residual: Vec<bool>,
}

impl Prediction {
    /// No prediction yet (NaN everywhere) for a network of `n_layers` layers.
    pub(crate) fn none(n_layers: usize) -> Prediction {
        Prediction {
            sqrt_chi: vec![f32::NAN; n_layers],
            grad_a: vec![f32::NAN; n_layers],
            act_std: vec![f32::NAN; n_layers],
        }
    }

    /// Computes the per-example prediction for the current batch of `n` examples (step 0)
    /// and stores it into `self` and into the rows of `stats`.
    pub(crate) fn anchor(
        &mut self,
        field: Option<Field>,
        config: &Config,
        net: &Network,
        n: usize,
        stats: &mut Stats,
    ) {
        let Some(field) = field else { return };
        let depth = self.sqrt_chi.len() - 1;
        if depth == 0 {
            return;
        }
        let p = theory::per_example::predict(&field.spec(config), &examples(net, n));
        for i in 0..depth {
            self.sqrt_chi[i] = p.sqrt_chi[i] as f32;
            self.grad_a[i] = p.grad_a[i] as f32;
            self.act_std[i] = p.act_std[i] as f32;
        }
        for (i, row) in stats.layers.iter_mut().enumerate() {
            row.theory = self.sqrt_chi[i];
            row.theory_grad_a = self.grad_a[i];
            row.theory_act_std = self.act_std[i];
        }
    }
}

impl Field {
    /// The map of this configuration.
    pub(crate) fn spec<'a>(&'a self, c: &Config) -> MapSpec<'a> {
        MapSpec {
            unit: Unit::new(c.act, c.alpha(), c.bias as f64),
            sigma_w2: &self.sigma_w2,
            residual: &self.residual,
            sigma_b2: (c.bstd as f64) * (c.bstd as f64),
        }
    }
}

/// Each example of the current batch of `n`: its input's moments and its anchor, the RMS of
/// its `grad_a` over the last hidden layer (`grad_a` is the per-sample gradient: n × the stored
/// batch-mean one).
pub(crate) fn examples(net: &Network, n: usize) -> Vec<Example> {
    let last = net.layers.len().saturating_sub(2);
    let d = net.n_inputs();
    let units = net.layers[last].fan_out;
    let (x, grad) = (net.input(), net.grad_pre_activation(last));
    (0..n)
        .map(|s| {
            Example::new(
                &x[s * d..(s + 1) * d],
                &grad[s * units..(s + 1) * units],
                n as f64,
            )
        })
        .collect()
}

/// σ_w² per layer from the initialisation alone — fan_in·Var[w] of the scheme's formula, or
/// of the realised weights for LSUV (whose scale is data-driven) — and the residual layers.
/// The output layer's entry is fan_out·Var[w] (n_classes·Var[w]), so that √χ_L is the backward
/// factor from the output to the last hidden layer. `None` with a normalisation, where the
/// map does not apply.
pub(crate) fn mean_field(c: &Config, net: &Network) -> Option<Field> {
    if c.norm != Norm::None {
        return None;
    }
    let layers = &net.layers;
    let sigma_w2 = layers
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
    let residual = layers
        .iter()
        .filter(|l| l.hidden)
        .map(|l| l.residual)
        .collect();
    Some(Field { sigma_w2, residual })
}
