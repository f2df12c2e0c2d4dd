//! The multilayer perceptron: parameters, forward and backward passes, all buffers made once.
//!
//! input → hidden layers → output layer (the logits). Layer `i` (0-based; DESIGN's layer
//! i+1) computes the pre-activation `a = h_{i−1}·Wᵀ + b` with `W` stored `[fan_out][fan_in]`
//! row-major, then for hidden layers optionally normalises it (`z = γ·x̂ + β`, else `z = a`),
//! applies the activation `h = f(z)`, and with a residual connection adds its input:
//! `h = f(z) + h_{i−1}` (only where fan-in equals fan-out). The output layer is linear.
//!
//! Every parameter lives in one flat vector (`params`) and its gradient at the same index in
//! `grads`, so the optimiser is one loop; [`Layer`] says where each piece of a layer is.
//! Activations are `[batch][units]`; every matrix product goes through [`crate::kernels::gemm`].

use std::ops::Range;

use crate::config::{Activation, Loss, Norm};
use crate::kernels::{gemm, Shape};
use crate::{loss, norm};

/// What to build: the architecture without any initialisation.
#[derive(Clone, Debug)]
pub struct Spec {
    pub act: Activation,
    /// Negative-side slope / ELU α, and PReLU's initial slope.
    pub alpha: f32,
    pub norm: Norm,
    /// Residual connections around hidden layers whose fan-in equals fan-out.
    pub res: bool,
    pub loss: Loss,
    /// Inputs, then each hidden layer's width, then the classes.
    pub sizes: Vec<usize>,
    /// The largest batch `forward`/`backward` will be called with.
    pub max_batch: usize,
}

/// Where one layer's parameters are in the flat vectors, and what the layer does.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub fan_in: usize,
    pub fan_out: usize,
    /// Hidden (activation, optional norm and residual) or the linear output layer.
    pub hidden: bool,
    pub residual: bool,
    pub normed: bool,
    /// `[fan_out][fan_in]` row-major.
    pub w: Range<usize>,
    pub b: Range<usize>,
    /// γ and β of the normalisation (empty without it); β directly follows γ.
    pub gamma: Range<usize>,
    pub beta: Range<usize>,
    /// PReLU's learned slope.
    pub slope: Option<usize>,
}

/// The per-layer working memory of a training step.
struct Buffers {
    /// Pre-activation `h_{i−1}·Wᵀ + b`; for the output layer the logits.
    a: Vec<f32>,
    /// Normalised pre-activation and the activation's input γ·x̂ + β (empty without norm).
    xhat: Vec<f32>,
    z: Vec<f32>,
    /// The layer's output (hidden layers only).
    h: Vec<f32>,
    /// ∂loss/∂a, ∂loss/∂h and, with norm, ∂loss/∂z (all of the batch-mean loss).
    da: Vec<f32>,
    dh: Vec<f32>,
    dz: Vec<f32>,
    /// Normalisation statistics of the last forward pass (per unit for batch norm, per
    /// sample for layer norm), and batch norm's running averages.
    mean: Vec<f32>,
    istd: Vec<f32>,
    run_mean: Vec<f32>,
    run_var: Vec<f32>,
}

/// A network with its parameters, gradients and buffers.
pub struct Network {
    pub act: Activation,
    pub alpha: f32,
    pub norm: Norm,
    pub loss: Loss,
    pub layers: Vec<Layer>,
    pub params: Vec<f32>,
    pub grads: Vec<f32>,
    max_batch: usize,
    /// The input batch, `[max_batch][n_inputs]`.
    x: Vec<f32>,
    bufs: Vec<Buffers>,
    /// Whether batch norm's running averages hold anything yet.
    running_ready: bool,
}

/// The parameter layout of `spec`, and the total number of parameters.
fn layout(spec: &Spec) -> (Vec<Layer>, usize) {
    let n_layers = spec.sizes.len() - 1;
    let mut next = 0;
    let mut take = |len: usize| {
        let r = next..next + len;
        next += len;
        r
    };
    let layers = (0..n_layers)
        .map(|i| {
            let (fan_in, fan_out) = (spec.sizes[i], spec.sizes[i + 1]);
            let hidden = i + 1 < n_layers;
            let normed = hidden && spec.norm != Norm::None;
            let w = take(fan_in * fan_out);
            let b = take(fan_out);
            let gamma = take(if normed { fan_out } else { 0 });
            let beta = take(if normed { fan_out } else { 0 });
            let slope = (hidden && spec.act == Activation::Prelu).then(|| take(1).start);
            Layer {
                fan_in,
                fan_out,
                hidden,
                residual: hidden && spec.res && fan_in == fan_out,
                normed,
                w,
                b,
                gamma,
                beta,
                slope,
            }
        })
        .collect();
    (layers, next)
}

/// Lengths of one layer's buffers: (a, xhat, z, h, da, dh, dz, mean, istd, run_mean, run_var).
fn buffer_lens(spec: &Spec, l: &Layer) -> [usize; 11] {
    let full = spec.max_batch * l.fan_out;
    let hidden = if l.hidden { full } else { 0 };
    let normed = if l.normed { full } else { 0 };
    let (stats, running) = match spec.norm {
        _ if !l.normed => (0, 0),
        Norm::Batch => (l.fan_out, l.fan_out),
        _ => (spec.max_batch, 0),
    };
    [
        full, normed, normed, hidden, full, hidden, normed, stats, stats, running, running,
    ]
}

impl Network {
    /// The number of f32 values `Network::new(spec)` allocates (parameters, gradients,
    /// input and every buffer), so a caller can refuse a configuration before building it.
    pub fn floats_for(spec: &Spec) -> usize {
        let (layers, n_params) = layout(spec);
        let bufs: usize = layers
            .iter()
            .map(|l| buffer_lens(spec, l).iter().sum::<usize>())
            .sum();
        2 * n_params + spec.max_batch * spec.sizes[0] + bufs
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
        let bufs = layers
            .iter()
            .map(|l| {
                let [a, xhat, z, h, da, dh, dz, mean, istd, run_mean, run_var] =
                    buffer_lens(spec, l).map(|n| vec![0.0f32; n]);
                Buffers {
                    a,
                    xhat,
                    z,
                    h,
                    da,
                    dh,
                    dz,
                    mean,
                    istd,
                    run_mean,
                    run_var,
                }
            })
            .collect();
        Network {
            act: spec.act,
            alpha: spec.alpha,
            norm: spec.norm,
            loss: spec.loss,
            layers,
            grads: vec![0.0; n_params],
            params,
            max_batch: spec.max_batch,
            x: vec![0.0; spec.max_batch * spec.sizes[0]],
            bufs,
            running_ready: false,
        }
    }

    /// The number of f32 values actually allocated (equals [`Network::floats_for`]).
    pub fn allocated_floats(&self) -> usize {
        let bufs: usize = self
            .bufs
            .iter()
            .map(|b| {
                [
                    &b.a,
                    &b.xhat,
                    &b.z,
                    &b.h,
                    &b.da,
                    &b.dh,
                    &b.dz,
                    &b.mean,
                    &b.istd,
                    &b.run_mean,
                    &b.run_var,
                ]
                .iter()
                .map(|v| v.len())
                .sum::<usize>()
            })
            .sum();
        self.params.len() + self.grads.len() + self.x.len() + bufs
    }

    pub fn n_inputs(&self) -> usize {
        self.layers[0].fan_in
    }

    pub fn n_outputs(&self) -> usize {
        self.layers[self.layers.len() - 1].fan_out
    }

    pub fn max_batch(&self) -> usize {
        self.max_batch
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

    /// Forward pass in training mode over the first `n` rows of the input.
    pub fn forward(&mut self, n: usize) {
        for i in 0..self.layers.len() {
            self.forward_layer(i, n);
        }
        self.running_ready = true;
    }

    /// Layer `i` of the training-mode forward pass (its input must be computed already).
    pub fn forward_layer(&mut self, i: usize, n: usize) {
        let l = &self.layers[i];
        let (before, rest) = self.bufs.split_at_mut(i);
        let buf = &mut rest[0];
        let input: &[f32] = if i == 0 { &self.x } else { &before[i - 1].h };
        let units = l.fan_out;
        gemm(
            Shape::ABt,
            n,
            l.fan_in,
            units,
            input,
            &self.params[l.w.clone()],
            &mut buf.a,
            false,
        );
        let b = &self.params[l.b.clone()];
        for row in buf.a[..n * units].chunks_exact_mut(units) {
            for (v, &bj) in row.iter_mut().zip(b) {
                *v += bj;
            }
        }
        if !l.hidden {
            return;
        }
        let z: &[f32] = if l.normed {
            let gamma = &self.params[l.gamma.clone()];
            let beta = &self.params[l.beta.clone()];
            let Buffers {
                a,
                xhat,
                z,
                mean,
                istd,
                run_mean,
                run_var,
                ..
            } = buf;
            match self.norm {
                Norm::Batch => {
                    norm::batch_forward(n, units, a, gamma, beta, xhat, z, mean, istd);
                    norm::batch_update_running(
                        units,
                        mean,
                        istd,
                        run_mean,
                        run_var,
                        !self.running_ready,
                    );
                }
                _ => norm::layer_forward(n, units, a, gamma, beta, xhat, z, mean, istd),
            }
            &buf.z
        } else {
            &buf.a
        };
        let alpha = alpha_of(&self.params, l, self.alpha);
        let act = self.act;
        for (h, &zv) in buf.h[..n * units].iter_mut().zip(z) {
            *h = act.f(zv, alpha);
        }
        if l.residual {
            for (h, &x) in buf.h[..n * units].iter_mut().zip(input) {
                *h += x;
            }
        }
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

    /// Evaluation-mode forward pass of `n` rows of `x` into `logits` (`[n][classes]`), using
    /// batch norm's running averages. `s1`, `s2` are scratch of at least n × the widest layer
    /// (inputs included). Touches none of the training buffers.
    pub fn forward_eval(
        &self,
        x: &[f32],
        n: usize,
        logits: &mut [f32],
        s1: &mut [f32],
        s2: &mut [f32],
    ) {
        self.forward_eval_observed(x, n, logits, s1, s2, &mut |_, _| {});
    }

    /// [`Network::forward_eval`], showing `observe(i, z)` each hidden layer `i`'s activation
    /// input z (`[n][units]`, where f′ is evaluated) before the activation is applied.
    pub fn forward_eval_observed(
        &self,
        x: &[f32],
        n: usize,
        logits: &mut [f32],
        s1: &mut [f32],
        s2: &mut [f32],
        observe: &mut dyn FnMut(usize, &[f32]),
    ) {
        let n_in = self.n_inputs();
        s1[..n * n_in].copy_from_slice(&x[..n * n_in]);
        let (mut cur, mut next) = (s1, s2);
        for (i, l) in self.layers.iter().enumerate() {
            let out: &mut [f32] = if l.hidden {
                &mut next[..]
            } else {
                &mut logits[..]
            };
            let units = l.fan_out;
            gemm(
                Shape::ABt,
                n,
                l.fan_in,
                units,
                cur,
                &self.params[l.w.clone()],
                out,
                false,
            );
            let b = &self.params[l.b.clone()];
            for row in out[..n * units].chunks_exact_mut(units) {
                for (v, &bj) in row.iter_mut().zip(b) {
                    *v += bj;
                }
            }
            if !l.hidden {
                break;
            }
            if l.normed {
                let gamma = &self.params[l.gamma.clone()];
                let beta = &self.params[l.beta.clone()];
                match self.norm {
                    Norm::Batch => {
                        let run = norm::BatchRunning {
                            mean: &self.bufs[i].run_mean,
                            var: &self.bufs[i].run_var,
                        };
                        norm::batch_eval(n, units, &run, gamma, beta, out);
                    }
                    _ => norm::layer_eval(n, units, gamma, beta, out),
                }
            }
            observe(i, &out[..n * units]);
            let alpha = alpha_of(&self.params, l, self.alpha);
            for (k, v) in out[..n * units].iter_mut().enumerate() {
                *v = self.act.f(*v, alpha) + if l.residual { cur[k] } else { 0.0 };
            }
            std::mem::swap(&mut cur, &mut next);
        }
    }

    /// The widest layer including the input: the row length [`Network::forward_eval`]'s
    /// scratch buffers need.
    pub fn widest(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.fan_in.max(l.fan_out))
            .max()
            .unwrap_or(1)
    }
}

fn alpha_of(params: &[f32], l: &Layer, alpha: f32) -> f32 {
    match l.slope {
        Some(s) => params[s],
        None => alpha,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(norm: Norm, res: bool, act: Activation) -> Spec {
        Spec {
            act,
            alpha: 0.25,
            norm,
            res,
            loss: Loss::Ce,
            sizes: vec![3, 4, 4, 4, 2],
            max_batch: 5,
        }
    }

    #[test]
    fn allocation_matches_the_estimate() {
        for norm in [Norm::None, Norm::Batch, Norm::Layer] {
            for act in [Activation::Relu, Activation::Prelu] {
                let s = spec(norm, true, act);
                assert_eq!(Network::new(&s).allocated_floats(), Network::floats_for(&s));
            }
        }
    }

    #[test]
    fn residual_only_where_widths_match() {
        let net = Network::new(&spec(Norm::None, true, Activation::Relu));
        let res: Vec<bool> = net.layers.iter().map(|l| l.residual).collect();
        assert_eq!(res, [false, true, true, false]);
    }

    /// With layer norm (no running averages) evaluation equals the training-mode forward pass.
    #[test]
    fn eval_forward_matches_training_forward() {
        for norm in [Norm::None, Norm::Layer] {
            let s = spec(norm, true, Activation::Tanh);
            let mut net = Network::new(&s);
            let mut rng = crate::rng::Rng::new(5, 0);
            for p in net.params.iter_mut() {
                *p += rng.normal() as f32 * 0.5;
            }
            let x: Vec<f32> = (0..15).map(|_| rng.normal() as f32).collect();
            net.input_mut()[..15].copy_from_slice(&x);
            net.forward(5);
            let mut logits = vec![0.0; 10];
            let (mut s1, mut s2) = (vec![0.0; 20], vec![0.0; 20]);
            net.forward_eval(&x, 5, &mut logits, &mut s1, &mut s2);
            for (a, b) in logits.iter().zip(net.output(3)) {
                assert!((a - b).abs() < 1e-5, "{a} vs {b}");
            }
        }
    }
}
