//! The variance map of one input, layer by layer, and the backward factors √χ_l it implies.

use super::moments::{clean, Moments, Unit, Q_MAX};
use crate::config::{Activation, Init};
use crate::init;

/// The prediction for a network without normalisation layers.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanField {
    /// q_l, the pre-activation variance of hidden layer l (index 0 = layer 1).
    pub q: Vec<f64>,
    /// √χ_l per hidden layer, χ_l = σ_w²(l+1)·E[f'(√q_l z)²]: the factor by which the RMS
    /// `grad_a` of layer l exceeds that of layer l+1. (For a residual layer l+1 the factor has
    /// an extra term, see [`mean_field_residual`]; the field holds the whole factor.)
    pub sqrt_chi: Vec<f64>,
    /// The standard deviation of the output h_l of hidden layer l over its units.
    pub act_std: Vec<f64>,
}

impl MeanField {
    /// The predicted `grad_a` of each hidden layer relative to the last hidden layer L:
    /// `ratio[l−1]` = ∏_{k=l}^{L−1} √χ_k for l = 1..L (so the last entry is 1). Index 0 is
    /// layer 1, as in `q` and `sqrt_chi`. √χ_L (through the output layer) is not used.
    pub fn grad_a_ratios(&self) -> Vec<f64> {
        let depth = self.sqrt_chi.len();
        let mut ratios = vec![1.0; depth];
        for l in (0..depth.saturating_sub(1)).rev() {
            ratios[l] = ratios[l + 1] * self.sqrt_chi[l];
        }
        ratios
    }
}

/// What the maps need to know about a network without normalisation.
#[derive(Clone, Copy, Debug)]
pub struct MapSpec<'a> {
    /// The activation and the constant mean of every hidden pre-activation (`bias`).
    pub unit: Unit,
    /// fan_in·Var[w] per layer, hidden layers then the output layer (see [`mean_field`]).
    pub sigma_w2: &'a [f64],
    /// Whether hidden layer l+1 adds its input to its output (missing entries: false).
    pub residual: &'a [bool],
    /// The variance of a random bias (`bstd`²), added to every pre-activation's variance.
    pub sigma_b2: f64,
}

impl MapSpec<'_> {
    /// The number of hidden layers, L.
    pub fn depth(&self) -> usize {
        self.sigma_w2.len().saturating_sub(1)
    }

    fn is_residual(&self, l: usize) -> bool {
        self.residual.get(l).copied().unwrap_or(false)
    }
}

/// One input's path through the map, per hidden layer l (index 0 = layer 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// q_l, the variance of the pre-activation a_l over units.
    pub q: Vec<f64>,
    /// E[f'(a_l)²].
    pub slope2: Vec<f64>,
    /// Mean and second moment of the layer's output h_l over units.
    pub mean: Vec<f64>,
    pub second: Vec<f64>,
}

/// Follow one input — second moment `input_second` and mean `input_mean` of its coordinates —
/// through the map, asking `moments` for E[f], E[f²], E[f'²] at each q (the exact
/// [`Unit::moments`] or a [`super::MomentTable`]).
///
/// Forwards, a_l ~ N(bias, σ_w²(l)·p_{l−1} + σ_b²) where p is the second moment of the layer's
/// input h_{l−1}; through a plain layer p_l = E[f(a_l)²] and m_l = E[f(a_l)]; through a
/// residual layer p_l = p_{l−1} + E[f(a_l)²] + 2·m_{l−1}·E[f(a_l)] and m_l = m_{l−1} + E[f(a_l)]
/// (a ReLU stream accumulates a mean that enters the variance).
pub fn trace(
    spec: &MapSpec,
    moments: &mut impl FnMut(f64) -> Moments,
    input_second: f64,
    input_mean: f64,
) -> Trace {
    let depth = spec.depth();
    let sigma_b2 = clean(spec.sigma_b2);
    let mut out = Trace {
        q: Vec::with_capacity(depth),
        slope2: Vec::with_capacity(depth),
        mean: Vec::with_capacity(depth),
        second: Vec::with_capacity(depth),
    };
    let mut second = clean(input_second);
    let mut mean = if input_mean.is_finite() {
        input_mean
    } else {
        0.0
    };
    for (l, &layer_sigma_w2) in spec.sigma_w2[..depth].iter().enumerate() {
        let var = clean(clean(layer_sigma_w2) * second + sigma_b2);
        let m = moments(var);
        if spec.is_residual(l) {
            second = clean(second + m.second + 2.0 * mean * m.mean);
            mean += m.mean;
        } else {
            second = clean(m.second);
            mean = m.mean;
        }
        out.q.push(var);
        out.slope2.push(m.slope2);
        out.mean.push(mean);
        out.second.push(second);
    }
    out
}

/// The backward factor from grad_a_{l+1} to grad_a_l for every hidden layer l, from the
/// E[f'(a_l)²] of a [`Trace`]. Plain: χ_l = σ_w²(l+1)·E[f'(a_l)²]. With g_l = ∂loss/∂h_l and
/// grad_a = f'(a_l) ⊙ g_l, a residual layer l+1 has g_l = g_{l+1} + W_{l+1}ᵀ·grad_a_{l+1}, so
///
/// ```text
/// E[grad_a_l²] / E[grad_a_{l+1}²] = E[f'(a_l)²]/E[f'(a_{l+1})²] + χ_l
/// ```
///
/// A ratio whose denominator E[f'²] is 0 (a fully dead layer) is capped at [`Q_MAX`].
pub fn sqrt_chi(spec: &MapSpec, slope2: &[f64]) -> Vec<f64> {
    let depth = slope2.len().min(spec.depth());
    (0..depth)
        .map(|l| {
            let chi = clean(spec.sigma_w2[l + 1]) * slope2[l];
            let skip = if l + 1 < depth && spec.is_residual(l + 1) {
                match (slope2[l], slope2[l + 1]) {
                    (0.0, _) => 0.0,
                    (_, 0.0) => Q_MAX,
                    (here, above) => here / above,
                }
            } else {
                0.0
            };
            clean(chi + skip).sqrt()
        })
        .collect()
}

/// Iterate q_1 = σ_w²(1)·E[x²] + σ_b², q_{l+1} = σ_w²(l+1)·E[f(√q_l z)²] + σ_b² and
/// χ_l = σ_w²(l+1)·E[f'(√q_l z)²] with Gauss quadrature (see [`super::quadrature`]).
///
/// `sigma_w2` has L+1 entries for L hidden layers, `sigma_w2[0]` = n_input·Var[w_1] (sets
/// q_1), `sigma_w2[l]` = width·Var[w_{l+1}] for 1 ≤ l < L (hidden→hidden: fan_in = fan_out,
/// used forwards and backwards), and `sigma_w2[L]` is the output layer's, used only for χ_L
/// (pass n_classes·Var[w_{L+1}] if you want χ_L to be the backward factor through the output
/// layer; it does not enter [`MeanField::grad_a_ratios`]). [`sigma_w2`] builds the vector from
/// the configuration. `input_q` is the mean of x² over the inputs' coordinates (≈ 1 for
/// standardised data). `sigma_b2` is the variance of a *random* bias (`bstd`²); for the
/// constant `bias` key use [`mean_field_with_bias`]. `alpha` is the activation's slope / ELU α.
///
/// The result has L entries in `q` and `sqrt_chi`. Negative or NaN variances are read as 0;
/// zero variances (e.g. `init=zeros`) give q = σ_b² and χ = 0 without NaNs.
pub fn mean_field(
    act: Activation,
    alpha: f32,
    sigma_w2: &[f64],
    sigma_b2: f64,
    input_q: f64,
) -> MeanField {
    mean_field_with_bias(act, alpha, sigma_w2, 0.0, sigma_b2, input_q)
}

/// [`mean_field`] with a constant bias `bias` (Gradfall's `bias` key) on every hidden unit, plus
/// a random part of variance `sigma_b2`.
///
/// With zero-mean weights, W·h has mean 0 whatever the mean of h, so the pre-activation is
/// a_l ~ N(bias, q_l): the bias shifts the Gaussian, it does not add variance. Then
/// q_1 = σ_w²(1)·E[x²] + σ_b², q_{l+1} = σ_w²(l+1)·E[f(bias + √q_l z)²] + σ_b² and
/// χ_l = σ_w²(l+1)·E[f'(bias + √q_l z)²]. `q` holds the variance; the second moment of a_l is
/// q_l + bias². (A negative bias, for instance, pushes ReLU units below their kink: E[f'²] < ½.)
pub fn mean_field_with_bias(
    act: Activation,
    alpha: f32,
    sigma_w2: &[f64],
    bias: f64,
    sigma_b2: f64,
    input_q: f64,
) -> MeanField {
    let spec = MapSpec {
        unit: Unit::new(act, alpha, bias),
        sigma_w2,
        residual: &[],
        sigma_b2,
    };
    follow(&spec, input_q)
}

/// [`mean_field_with_bias`] (σ_b² = 0) for a network whose hidden layer l+1 adds its input to
/// its output, h = f(a) + h_prev, wherever `residual[l]` is true (Gradfall: `res=1` and
/// fan_in = fan_out; missing entries are false). Inputs are assumed centred (standardised
/// data), which only matters when the first layer is residual. See [`trace`] and [`sqrt_chi`]
/// for the maps; `sqrt_chi[l]` holds the whole factor of hidden layer l+1, so
/// [`MeanField::grad_a_ratios`] applies unchanged.
pub fn mean_field_residual(
    act: Activation,
    alpha: f32,
    sigma_w2: &[f64],
    residual: &[bool],
    bias: f64,
    input_q: f64,
) -> MeanField {
    let spec = MapSpec {
        unit: Unit::new(act, alpha, bias),
        sigma_w2,
        residual,
        sigma_b2: 0.0,
    };
    follow(&spec, input_q)
}

/// The map of one centred input of second moment `input_q`, with exact moments.
fn follow(spec: &MapSpec, input_q: f64) -> MeanField {
    let unit = spec.unit;
    let path = trace(spec, &mut |q| unit.moments(q), input_q, 0.0);
    MeanField {
        sqrt_chi: sqrt_chi(spec, &path.slope2),
        act_std: path
            .second
            .iter()
            .zip(&path.mean)
            .map(|(&p, &m)| clean(p - m * m).sqrt())
            .collect(),
        q: path.q,
    }
}

/// The `sigma_w2` vector [`mean_field`] expects, from the initialisation formula: `dims` lists
/// the layer widths from the input to the output, `[n_input, width, …, width, n_classes]`
/// (L+2 entries for L hidden layers), and entry l is dims[l]·Var[w_{l+1}] (fan_in·Var[w]).
///
/// For `init=lsuv` this is the orthogonal start; after the trainer's data-driven rescaling,
/// pass fan_in·(mean of W_l²) of the rescaled weights instead.
pub fn sigma_w2(init: Init, act: Activation, alpha: f32, gain: f32, dims: &[usize]) -> Vec<f64> {
    dims.windows(2)
        .map(|fans| fans[0] as f64 * init::variance(init, act, alpha, gain, fans[0], fans[1]))
        .collect()
}

#[cfg(test)]
mod tests;
