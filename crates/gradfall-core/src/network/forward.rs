//! The forward pass: one sequence per layer — matrix product, bias, normalisation, activation,
//! residual — run by training ([`Network::forward`]) and evaluation ([`Network::forward_eval`])
//! alike. They differ only in how the normalisation step normalises ([`Normalise`]).

use super::{alpha_of, Layer, Network};
use crate::config::{Activation, Norm};
use crate::kernels::{gemm, Shape};
use crate::norm;

/// How step 3 of a layer's sequence normalises the pre-activation `a`.
enum Normalise<'a> {
    /// No normalisation: the activation reads `a`.
    Off,
    /// Training: from `a` into `z = γ·x̂ + β` with this batch's statistics (kept in `mean`,
    /// `istd` and `xhat` for the backward pass); batch norm also updates its running averages
    /// (`first`: they hold nothing yet).
    Train {
        xhat: &'a mut [f32],
        z: &'a mut [f32],
        mean: &'a mut [f32],
        istd: &'a mut [f32],
        run_mean: &'a mut [f32],
        run_var: &'a mut [f32],
        first: bool,
    },
    /// Evaluation: `a` in place, batch norm with its running averages.
    Eval {
        run_mean: &'a [f32],
        run_var: &'a [f32],
    },
}

/// What a layer's sequence reads from the network: its parameters and settings.
struct Model<'a> {
    params: &'a [f32],
    act: Activation,
    alpha: f32,
    norm: Norm,
}

impl Model<'_> {
    /// The one forward sequence of layer `l` over `n` rows of `input`:
    /// 1. `a = input·Wᵀ`, 2. `a += b`; for a hidden layer then 3. `z = norm(a)` (or `z = a`),
    /// 4. `h = f(z)`, 5. `h += input` with a residual connection. The output layer stops at 2.
    fn layer(
        &self,
        l: &Layer,
        n: usize,
        input: &[f32],
        a: &mut [f32],
        normalise: Normalise<'_>,
        h: &mut [f32],
    ) {
        let units = l.fan_out;
        gemm(
            Shape::ABt,
            n,
            l.fan_in,
            units,
            input,
            &self.params[l.w.clone()],
            a,
            false,
        );
        let b = &self.params[l.b.clone()];
        for row in a[..n * units].chunks_exact_mut(units) {
            for (v, &bj) in row.iter_mut().zip(b) {
                *v += bj;
            }
        }
        if !l.hidden {
            return;
        }
        let gamma = &self.params[l.gamma.clone()];
        let beta = &self.params[l.beta.clone()];
        let z: &[f32] = match normalise {
            Normalise::Off => a,
            Normalise::Train {
                xhat,
                z,
                mean,
                istd,
                run_mean,
                run_var,
                first,
            } => {
                match self.norm {
                    Norm::Batch => {
                        norm::batch_forward(n, units, a, gamma, beta, xhat, z, mean, istd);
                        norm::batch_update_running(units, mean, istd, run_mean, run_var, first);
                    }
                    _ => norm::layer_forward(n, units, a, gamma, beta, xhat, z, mean, istd),
                }
                z
            }
            Normalise::Eval { run_mean, run_var } => {
                match self.norm {
                    Norm::Batch => {
                        let run = norm::BatchRunning {
                            mean: run_mean,
                            var: run_var,
                        };
                        norm::batch_eval(n, units, &run, gamma, beta, a);
                    }
                    _ => norm::layer_eval(n, units, gamma, beta, a),
                }
                a
            }
        };
        let alpha = alpha_of(self.params, l, self.alpha);
        let act = self.act;
        for (h, &zv) in h[..n * units].iter_mut().zip(z) {
            *h = act.f(zv, alpha);
        }
        if l.residual {
            for (h, &x) in h[..n * units].iter_mut().zip(input) {
                *h += x;
            }
        }
    }
}

/// Scratch for [`Network::forward_eval`]: the layer input, the pre-activation and the output,
/// each `rows` × the widest layer (inputs included), made once and reused.
pub struct EvalScratch {
    rows: usize,
    input: Vec<f32>,
    a: Vec<f32>,
    h: Vec<f32>,
}

impl EvalScratch {
    /// The number of f32 values scratch for `rows` rows of a network whose widest layer
    /// (inputs included) is `widest` holds, for memory budgets.
    pub fn floats_for(rows: usize, widest: usize) -> usize {
        3 * rows * widest
    }

    /// The most rows one [`Network::forward_eval`] call may take with this scratch.
    pub fn rows(&self) -> usize {
        self.rows
    }
}

impl Network {
    fn model(&self) -> Model<'_> {
        Model {
            params: &self.params,
            act: self.act,
            alpha: self.alpha,
            norm: self.norm,
        }
    }

    /// Forward pass in training mode over the first `n` rows of the input.
    pub fn forward(&mut self, n: usize) {
        for i in 0..self.layers.len() {
            self.forward_layer(i, n);
        }
        self.running_ready = true;
    }

    /// Layer `i` of the training-mode forward pass (its input must be computed already).
    pub fn forward_layer(&mut self, i: usize, n: usize) {
        let model = Model {
            params: &self.params,
            act: self.act,
            alpha: self.alpha,
            norm: self.norm,
        };
        let l = &self.layers[i];
        let (before, rest) = self.bufs.split_at_mut(i);
        let input: &[f32] = if i == 0 { &self.x } else { &before[i - 1].h };
        let buf = &mut rest[0];
        let normalise = if l.normed {
            Normalise::Train {
                xhat: &mut buf.xhat,
                z: &mut buf.z,
                mean: &mut buf.mean,
                istd: &mut buf.istd,
                run_mean: &mut buf.run_mean,
                run_var: &mut buf.run_var,
                first: !self.running_ready,
            }
        } else {
            Normalise::Off
        };
        model.layer(l, n, input, &mut buf.a, normalise, &mut buf.h);
    }

    /// Scratch for evaluating up to `rows` rows at a time with [`Network::forward_eval`].
    pub fn eval_scratch(&self, rows: usize) -> EvalScratch {
        let len = rows * self.widest();
        EvalScratch {
            rows,
            input: vec![0.0; len],
            a: vec![0.0; len],
            h: vec![0.0; len],
        }
    }

    /// Evaluation-mode forward pass of `n` rows of `x` (at most `scratch.rows()`) into
    /// `logits` (`[n][classes]`), using batch norm's running averages. Touches none of the
    /// training buffers.
    pub fn forward_eval(&self, x: &[f32], n: usize, logits: &mut [f32], scratch: &mut EvalScratch) {
        self.forward_eval_observed(x, n, logits, scratch, &mut |_, _| {});
    }

    /// [`Network::forward_eval`], showing `observe(i, z)` each hidden layer `i`'s activation
    /// input z (`[n][units]`, where f′ is evaluated) once the layer is computed.
    pub fn forward_eval_observed(
        &self,
        x: &[f32],
        n: usize,
        logits: &mut [f32],
        scratch: &mut EvalScratch,
        observe: &mut dyn FnMut(usize, &[f32]),
    ) {
        let n_in = self.n_inputs();
        let model = self.model();
        let EvalScratch { input, a, h, .. } = scratch;
        input[..n * n_in].copy_from_slice(&x[..n * n_in]);
        for (i, l) in self.layers.iter().enumerate() {
            if !l.hidden {
                model.layer(l, n, input, logits, Normalise::Off, &mut []);
                break;
            }
            let normalise = if l.normed {
                Normalise::Eval {
                    run_mean: &self.bufs[i].run_mean,
                    run_var: &self.bufs[i].run_var,
                }
            } else {
                Normalise::Off
            };
            model.layer(l, n, input, a, normalise, h);
            // Evaluation normalises `a` in place: it now holds z.
            observe(i, &a[..n * l.fan_out]);
            std::mem::swap(input, h);
        }
    }
}
