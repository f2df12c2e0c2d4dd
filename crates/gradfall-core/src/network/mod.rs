//! The multilayer perceptron: parameters, forward and backward passes, all buffers made once.
//!
//! input → hidden layers → output layer (the logits). Layer `i` (0-based; layer
//! i+1 in the statistics) computes the pre-activation `a = h_{i−1}·Wᵀ + b` with `W` stored `[fan_out][fan_in]`
//! row-major, then for hidden layers optionally normalises it (`z = γ·x̂ + β`, else `z = a`),
//! applies the activation `h = f(z)`, and with a residual connection adds its input:
//! `h = f(z) + h_{i−1}` (only where fan-in equals fan-out). The output layer is linear.
//!
//! Every parameter lives in one flat vector (`params`) and its gradient at the same index in
//! `grads`, so the optimiser is one loop; [`Layer`] says where each piece of a layer is.
//! Activations are `[batch][units]`; every matrix product goes through [`crate::kernels::gemm`].
//!
//! Files: [`layout`] (where parameters and buffers live), `forward.rs` (the one forward
//! sequence, for training and evaluation) and this file (building, the loss and the backward
//! pass).

mod forward;
mod layout;
#[cfg(test)]
mod tests;

pub use forward::EvalScratch;
use layout::{buffer_floats, layout, Buffers};
pub use layout::{Layer, Spec};

use crate::config::{Activation, Loss, Norm};
use crate::kernels::{gemm, Shape};
use crate::{loss, norm};

/// A network with its parameters, gradients and buffers.
pub struct Network {
    pub act: Activation,
    pub alpha: f32,
    pub norm: Norm,
    pub loss: Loss,
    pub layers: Vec<Layer>,
    pub params: Vec<f32>,
    pub grads: Vec<f32>,
    /// The input batch, `[max_batch][n_inputs]`.
    x: Vec<f32>,
    bufs: Vec<Buffers>,
    /// Whether batch norm's running averages hold anything yet.
    running_ready: bool,
}

impl Network {
    /// The number of f32 values `Network::new(spec)` allocates (parameters, gradients,
    /// input and every buffer), so a caller can refuse a configuration before building it.
    pub fn floats_for(spec: &Spec) -> usize {
        let (layers, n_params) = layout(spec);
        2 * n_params + spec.max_batch * spec.sizes[0] + buffer_floats(spec, &layers)
    }

    /// The number of parameters (weights, biases, γ, β, slopes) of `spec`.
    pub fn params_for(spec: &Spec) -> usize {
        layout(spec).1
    }

    /// A network with weights and biases 0, γ = 1, β = 0 and PReLU slopes `alpha`: the caller
    /// initialises the weights (see `trainer`).
    pub fn new(spec: &Spec) -> Network {
        let (layers, n_params) = layout(spec);
        let mut params = vec![0.0f32; n_params];
        for l in &layers {
            params[l.gamma.clone()].fill(1.0);
            if let Some(s) = l.slope {
                params[s] = spec.alpha;
            }
        }
        let bufs = layers.iter().map(|l| Buffers::new(spec, l)).collect();
        Network {
            act: spec.act,
            alpha: spec.alpha,
            norm: spec.norm,
            loss: spec.loss,
            layers,
            grads: vec![0.0; n_params],
            params,
            x: vec![0.0; spec.max_batch * spec.sizes[0]],
            bufs,
            running_ready: false,
        }
    }

    /// The number of f32 values actually allocated (equals [`Network::floats_for`]).
    pub fn allocated_floats(&self) -> usize {
        let bufs: usize = self.bufs.iter().map(Buffers::floats).sum();
        self.params.len() + self.grads.len() + self.x.len() + bufs
    }

    pub fn n_inputs(&self) -> usize {
        self.layers[0].fan_in
    }

    pub fn n_outputs(&self) -> usize {
        self.layers[self.layers.len() - 1].fan_out
    }

    /// The input batch to fill before [`Network::forward`], `[max_batch][n_inputs]`.
    pub fn input_mut(&mut self) -> &mut [f32] {
        &mut self.x
    }

    pub fn input(&self) -> &[f32] {
        &self.x
    }

    /// The slope / α layer `i`'s activation uses now (PReLU's learned slope, else `alpha`).
    pub fn alpha_of(&self, i: usize) -> f32 {
        alpha_of(&self.params, &self.layers[i], self.alpha)
    }

    /// The raw pre-activation `a` of layer `i` (the logits for the output layer).
    pub fn pre_activation(&self, i: usize) -> &[f32] {
        &self.bufs[i].a
    }

    /// What the activation of hidden layer `i` is applied to: z with norm, else `a`.
    pub fn activation_input(&self, i: usize) -> &[f32] {
        let b = &self.bufs[i];
        if self.layers[i].normed {
            &b.z
        } else {
            &b.a
        }
    }

    /// The output h of hidden layer `i`, or the logits of the output layer.
    pub fn output(&self, i: usize) -> &[f32] {
        let b = &self.bufs[i];
        if self.layers[i].hidden {
            &b.h
        } else {
            &b.a
        }
    }

    /// ∂(batch-mean loss)/∂a of layer `i`, after [`Network::backward`].
    pub fn grad_pre_activation(&self, i: usize) -> &[f32] {
        &self.bufs[i].da
    }

    /// Forget batch norm's running averages: the next forward pass sets them afresh.
    pub fn reset_running(&mut self) {
        self.running_ready = false;
    }

    /// The loss of the last forward pass against the class indices `y` (batch mean), and the
    /// number of correct predictions; seeds the backward pass with ∂loss/∂logits.
    pub fn loss(&mut self, n: usize, y: &[u32]) -> (f32, usize) {
        let classes = self.n_outputs();
        let out = self.bufs.last_mut().expect("a network has an output layer");
        loss::loss_and_grad(self.loss, n, classes, &out.a, y, &mut out.da)
    }

    /// Backward pass of the batch-mean loss: fills `grads` and every layer's ∂loss/∂a.
    /// Must follow [`Network::forward`] and [`Network::loss`] on the same `n` rows.
    pub fn backward(&mut self, n: usize) {
        let act = self.act;
        for i in (0..self.layers.len()).rev() {
            let l = &self.layers[i];
            let units = l.fan_out;
            let (before, rest) = self.bufs.split_at_mut(i);
            let buf = &mut rest[0];
            if l.hidden {
                let alpha = alpha_of(&self.params, l, self.alpha);
                let Buffers {
                    a,
                    xhat,
                    z,
                    dh,
                    da,
                    dz,
                    istd,
                    ..
                } = buf;
                let (input, target) = if l.normed {
                    (&z[..], &mut dz[..])
                } else {
                    (&a[..], &mut da[..])
                };
                let mut dslope = 0.0f32;
                for k in 0..n * units {
                    let (d, zv) = (dh[k], input[k]);
                    target[k] = d * act.df(zv, alpha);
                    dslope += d * act.df_dalpha(zv);
                }
                if let Some(s) = l.slope {
                    self.grads[s] = dslope;
                }
                if l.normed {
                    let gamma = &self.params[l.gamma.clone()];
                    let (dgamma, dbeta) = self.grads[l.gamma.start..l.beta.end].split_at_mut(units);
                    match self.norm {
                        Norm::Batch => {
                            norm::batch_backward(n, units, xhat, istd, gamma, dz, dgamma, dbeta, da)
                        }
                        _ => {
                            norm::layer_backward(n, units, xhat, istd, gamma, dz, dgamma, dbeta, da)
                        }
                    }
                }
            }
            let input: &[f32] = if i == 0 { &self.x } else { &before[i - 1].h };
            gemm(
                Shape::AtB,
                units,
                n,
                l.fan_in,
                &buf.da,
                input,
                &mut self.grads[l.w.clone()],
                false,
            );
            let db = &mut self.grads[l.b.clone()];
            db.fill(0.0);
            for row in buf.da[..n * units].chunks_exact(units) {
                for (g, &d) in db.iter_mut().zip(row) {
                    *g += d;
                }
            }
            if i > 0 {
                let prev = &mut before[i - 1];
                if l.residual {
                    prev.dh[..n * units].copy_from_slice(&buf.dh[..n * units]);
                }
                gemm(
                    Shape::AB,
                    n,
                    units,
                    l.fan_in,
                    &buf.da,
                    &self.params[l.w.clone()],
                    &mut prev.dh,
                    l.residual,
                );
            }
        }
    }

    /// The widest layer including the input: the row length of [`EvalScratch`]'s buffers.
    pub fn widest(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.fan_in.max(l.fan_out))
            .max()
            .unwrap_or(1)
    }
}

pub(super) fn alpha_of(params: &[f32], l: &Layer, alpha: f32) -> f32 {
    match l.slope {
        Some(s) => params[s],
        None => alpha,
    }
}
