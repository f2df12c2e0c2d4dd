//! How far a real network of finite width N should stray from the mean-field prediction: the
//! standard deviation of ln(measured/predicted), to first order in 1/N, along each example's
//! path through the map. The band the tests hold the prediction to is a multiple of it.
//!
//! Forwards, a layer of N units measures its output's second moment as an average over the
//! units, p̂_l = P(q̂_l)·(1 + η_l) with Var η_l = v_l = (E[f⁴]/E[f²]² − 1)/N. With
//! δ_l = ln q̂_l − ln q_l, r_l = σ_w²·p_l/q_{l+1} (the share of q_{l+1} that comes through the
//! weights) and e_l = d ln P/d ln q:
//!
//! ```text
//! δ_{l+1} = r_l·(e_l·δ_l + η_l)
//! ```
//!
//! Where e_l ≈ 1 (GELU and swish under He, whose variance collapses "slowly at first, then
//! fast") the errors are not damped but carried along, and where the map's slope exceeds 1
//! they grow: the spread is then far larger than √(L/N) suggests, and it is the map that says so.
//!
//! Backwards, each layer measures χ as an average of f'(a)²·δ² over its units: a relative
//! error ζ_l with Var ζ_l = u_l = (3·E[f'⁴]/E[f'²]² − 1)/N (δ Gaussian: Hanin & Nica's 5/N for
//! ReLU); and χ_l itself moves with the forward error, by g_l = d ln χ/d ln q. So
//! ln(Ĝ/G) = Σ_l ζ_l + Σ_l g_l·δ_l, G the squared gradient ratio of layer 1 over layer L.
//! The derivatives come from Stein's identity, d/dq E[g(b + √q z)] = E[g·(z² − 1)]/(2q), so
//! no f'' is needed.
//!
//! Each example's variance is combined over the batch with the weight it has in the predicted
//! RMS at layer 1 (the examples share the weights, so their errors are not averaged away).

use super::map::{trace, MapSpec};
use super::moments::Unit;
use super::per_example::Example;
use super::quadrature::gaussian_expectations;

/// Standard deviations of ln(measured/predicted) for a batch at width N.
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// Of the ratio `grad_a` layer 1 / layer L (the anchor's own layer has none).
    pub grad_ratio: f64,
    /// Of `act_std`, per hidden layer.
    pub act_std: Vec<f64>,
}

/// What one layer contributes, at variance q.
struct LayerTerms {
    /// v_l, u_l (times N), e_l, g_l.
    forward_noise: f64,
    backward_noise: f64,
    forward_slope: f64,
    chi_slope: f64,
}

fn layer_terms(unit: &Unit, q: f64) -> LayerTerms {
    let (act, alpha, bias) = (unit.act, unit.alpha, unit.bias);
    let std = q.sqrt();
    let [f2, f4, d2, d4, f2_stein, d2_stein] = gaussian_expectations(
        |x| {
            let z = if std > 0.0 { (x - bias) / std } else { 0.0 };
            let (f, df) = (act.f(x, alpha), act.df(x, alpha));
            let (f2, d2) = (f * f, df * df);
            let stein = 0.5 * (z * z - 1.0);
            [f2, f2 * f2, d2, d2 * d2, f2 * stein, d2 * stein]
        },
        bias,
        std,
        act.has_kink_at_zero(),
    );
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    LayerTerms {
        forward_noise: (ratio(f4, f2 * f2) - 1.0).max(0.0),
        backward_noise: (3.0 * ratio(d4, d2 * d2) - 1.0).max(0.0),
        // d ln E[g]/d ln q = q·(d/dq E[g])/E[g] = E[g·(z² − 1)/2]/E[g].
        forward_slope: ratio(f2_stein, f2),
        chi_slope: ratio(d2_stein, d2),
    }
}

/// (Var of ln G, Var of ln act_std per layer, ∏_{l<L} χ_l) for one example at width `width`.
fn example_variances(spec: &MapSpec, example: &Example, width: usize) -> (f64, Vec<f64>, f64) {
    let unit = spec.unit;
    let path = trace(
        spec,
        &mut |q| unit.moments(q),
        example.input_second,
        example.input_mean,
    );
    let depth = path.q.len();
    let n = width.max(1) as f64;
    let terms: Vec<LayerTerms> = path.q.iter().map(|&q| layer_terms(&unit, q)).collect();
    // r_l: the share of q_{l+1} that comes through the weights.
    let share: Vec<f64> = (0..depth)
        .map(|l| match path.q.get(l + 1) {
            Some(&next) if next > 0.0 => (spec.sigma_w2[l + 1] * path.second[l] / next).min(1.0),
            _ => 1.0,
        })
        .collect();

    // Forwards: Var δ_l, and Var of ln act_std ≈ ¼·Var(e_l·δ_l + η_l).
    let mut var_delta = vec![0.0; depth];
    let mut act_std = vec![0.0; depth];
    for l in 0..depth {
        let t = &terms[l];
        let here = t.forward_slope * t.forward_slope * var_delta[l] + t.forward_noise / n;
        act_std[l] = 0.25 * here;
        if l + 1 < depth {
            var_delta[l + 1] = share[l] * share[l] * here;
        }
    }

    // Backwards over the layers 1..L−1 whose χ enters G: Σ ζ_l + Σ g_l·δ_l, with
    // Σ_l g_l·δ_l = Σ_m η_m·r_m·A_m, A_m = g_{m+1} + r_{m+1}·e_{m+1}·A_{m+1}.
    let last = depth.saturating_sub(1);
    let mut var_g: f64 = terms[..last].iter().map(|t| t.backward_noise / n).sum();
    let mut a = 0.0;
    for m in (0..last.saturating_sub(1)).rev() {
        a = terms[m + 1].chi_slope + share[m + 1] * terms[m + 1].forward_slope * a;
        let k = share[m] * a;
        var_g += k * k * terms[m].forward_noise / n;
    }
    let chi_product = super::map::sqrt_chi(spec, &path.slope2)[..last]
        .iter()
        .map(|s| s * s)
        .product();
    (var_g, act_std, chi_product)
}

/// The spread for a batch: each example's variances weighted by its share of the predicted
/// RMS `grad_a` at layer 1 (for the gradient) or equally (for `act_std`).
pub fn spread(spec: &MapSpec, examples: &[Example], width: usize) -> Spread {
    let depth = spec.depth();
    let (mut grad_var, mut grad_weight) = (0.0, 0.0);
    let mut act_var = vec![0.0; depth];
    for e in examples {
        let (var_g, var_act, chi_product) = example_variances(spec, e, width);
        // The example's weight in the layer-1 RMS: anchor² × its own ∏ χ.
        let weight = e.anchor * e.anchor * chi_product;
        if weight.is_finite() {
            grad_var += weight * var_g;
            grad_weight += weight;
        }
        for (total, v) in act_var.iter_mut().zip(var_act) {
            *total += v;
        }
    }
    let count = examples.len().max(1) as f64;
    Spread {
        grad_ratio: if grad_weight > 0.0 {
            (0.25 * grad_var / grad_weight).sqrt()
        } else {
            0.0
        },
        act_std: act_var.iter().map(|v| (v / count).sqrt()).collect(),
    }
}
