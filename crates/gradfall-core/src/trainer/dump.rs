//! The step-0 dump (`gradfall dump`): parameters, the first batch, the loss and every
//! gradient, for checking the gradients with any autodiff library.

use serde::Serialize;

use super::Trainer;
use crate::config::{Config, ConfigError};

/// Step-0 state for checking the gradients with any autodiff library (`gradfall dump`).
#[derive(Clone, Debug, Serialize)]
pub struct Dump {
    /// Canonical query of the configuration.
    pub query: String,
    pub activation: String,
    pub alpha: f32,
    /// First batch, `[batch][inputs]`, standardised.
    pub x: Vec<Vec<f32>>,
    /// Class indices of the first batch.
    pub y: Vec<u32>,
    /// Batch-mean loss at step 0.
    pub loss: f32,
    pub layers: Vec<DumpLayer>,
}

/// One layer's parameters and step-0 gradients (of the batch-mean loss).
// `W` and `dW` keep the matrix notation: they are the JSON field names autodiff scripts read.
#[allow(non_snake_case)]
#[derive(Clone, Debug, Serialize)]
pub struct DumpLayer {
    pub layer: usize,
    /// `[fan_out][fan_in]`.
    pub W: Vec<Vec<f32>>,
    pub b: Vec<f32>,
    pub dW: Vec<Vec<f32>>,
    pub db: Vec<f32>,
    /// Whether a residual connection adds the layer's input to its output.
    pub residual: bool,
    /// Normalisation scale and shift (empty without `norm`) and their gradients.
    pub gamma: Vec<f32>,
    pub beta: Vec<f32>,
    pub dgamma: Vec<f32>,
    pub dbeta: Vec<f32>,
    /// PReLU slope and its gradient (absent for other activations).
    pub slope: Option<f32>,
    pub dslope: Option<f32>,
}

/// The step-0 dump of a configuration.
pub fn dump(config: Config) -> Result<Dump, ConfigError> {
    Ok(Trainer::new(config)?.dump())
}

impl Trainer {
    /// The step-0 dump: parameters, first batch, loss and gradients.
    pub(super) fn dump(&self) -> Dump {
        let net = &self.net;
        let d = net.n_inputs();
        let rows =
            |v: &[f32], cols: usize| v.chunks_exact(cols).map(|r| r.to_vec()).collect::<Vec<_>>();
        let layers = net
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| DumpLayer {
                layer: i + 1,
                W: rows(&net.params[l.w.clone()], l.fan_in),
                b: net.params[l.b.clone()].to_vec(),
                dW: rows(&net.grads[l.w.clone()], l.fan_in),
                db: net.grads[l.b.clone()].to_vec(),
                residual: l.residual,
                gamma: net.params[l.gamma.clone()].to_vec(),
                beta: net.params[l.beta.clone()].to_vec(),
                dgamma: net.grads[l.gamma.clone()].to_vec(),
                dbeta: net.grads[l.beta.clone()].to_vec(),
                slope: l.slope.map(|s| net.params[s]),
                dslope: l.slope.map(|s| net.grads[s]),
            })
            .collect();
        Dump {
            query: self.config.to_query(),
            activation: self.config.act.as_str().to_string(),
            alpha: self.config.alpha(),
            x: rows(&net.input()[..self.batches.size() * d], d),
            y: self.batches.labels().to_vec(),
            loss: self.stats.loss,
            layers,
        }
    }
}
