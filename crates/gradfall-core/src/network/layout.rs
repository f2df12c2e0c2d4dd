//! Where everything of a network lives: the parameter layout ([`Layer`]) in the flat vectors
//! and the per-layer working memory ([`Buffers`]), sized once from a [`Spec`].

use std::ops::Range;

use crate::config::{Activation, Loss, Norm};

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
pub(super) struct Buffers {
    /// Pre-activation `h_{i−1}·Wᵀ + b`; for the output layer the logits.
    pub(super) a: Vec<f32>,
    /// Normalised pre-activation and the activation's input γ·x̂ + β (empty without norm).
    pub(super) xhat: Vec<f32>,
    pub(super) z: Vec<f32>,
    /// The layer's output (hidden layers only).
    pub(super) h: Vec<f32>,
    /// ∂loss/∂a, ∂loss/∂h and, with norm, ∂loss/∂z (all of the batch-mean loss).
    pub(super) da: Vec<f32>,
    pub(super) dh: Vec<f32>,
    pub(super) dz: Vec<f32>,
    /// Normalisation statistics of the last forward pass (per unit for batch norm, per
    /// sample for layer norm), and batch norm's running averages.
    pub(super) mean: Vec<f32>,
    pub(super) istd: Vec<f32>,
    pub(super) run_mean: Vec<f32>,
    pub(super) run_var: Vec<f32>,
}

/// The parameter layout of `spec`, and the total number of parameters.
pub(super) fn layout(spec: &Spec) -> (Vec<Layer>, usize) {
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

impl Buffers {
    /// Zeroed buffers for layer `l` of `spec`.
    pub(super) fn new(spec: &Spec, l: &Layer) -> Buffers {
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
    }

    /// The number of f32 values held (equals the sum of [`buffer_lens`]).
    pub(super) fn floats(&self) -> usize {
        [
            &self.a,
            &self.xhat,
            &self.z,
            &self.h,
            &self.da,
            &self.dh,
            &self.dz,
            &self.mean,
            &self.istd,
            &self.run_mean,
            &self.run_var,
        ]
        .iter()
        .map(|v| v.len())
        .sum()
    }
}

/// The number of f32 values of `spec`'s buffers, every layer together.
pub(super) fn buffer_floats(spec: &Spec, layers: &[Layer]) -> usize {
    layers
        .iter()
        .map(|l| buffer_lens(spec, l).iter().sum::<usize>())
        .sum()
}
