//! The fixed point of the variance map and what it says about trainability (Poole et al. 2016;
//! Schoenholz et al. 2017), for a deep network whose hidden layers all have the same σ_w²
//! (fan_in·Var[w]) and random biases of variance σ_b² around the constant `bias`.
//!
//! - q*: the fixed point of q ↦ Q(q) = σ_w²·E[f(bias + √q z)²] + σ_b² that an input of q = 1
//!   runs to (0 when the signal dies out; none when it grows without bound).
//! - χ₁ = σ_w²·E[f'(a)²] at q*: the per-layer factor of a gradient's squared norm, and the
//!   slope of the correlation map at c = 1. χ₁ < 1 is the ordered phase (nearby inputs
//!   converge, gradients vanish), χ₁ > 1 the chaotic one (they decorrelate, gradients explode);
//!   χ₁ = 1 is the critical line ([`critical_sigma_w2`]).
//! - ξ_q = −1/ln Q'(q*): how many layers a perturbation of the input's length survives.
//! - ξ_c = −1/ln χ_c with χ_c = σ_w²·E[f'(u₁)f'(u₂)] at the correlation map's stable fixed
//!   point c*: how many layers two inputs' correlation survives. In the ordered phase c* = 1
//!   and χ_c = χ₁; in the chaotic phase c* < 1 is found from the two-dimensional map
//!   C(c) = (σ_w²·E[f(u₁)f(u₂)] + σ_b²)/q*, (u₁, u₂) Gaussian with variance q* and correlation
//!   c. Schoenholz et al. found networks trainable up to a depth of about 6 ξ_c.
//!
//! What this does not cover: with batch or layer normalisation every pre-activation is
//! rescaled to unit variance, so σ_w² drops out of the forward map and there is no critical
//! line in the (σ_w², σ_b²) plane; batch norm's own mean-field theory (Yang et al. 2019)
//! predicts gradients that explode with depth at initialisation whatever σ_w² — not
//! implemented here.

use super::moments::{Unit, Q_MAX};
use super::quadrature::gaussian_expectations;

/// The quantities above at one (σ_w², σ_b²). `None` stands for "none / infinite".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub sigma_w2: f64,
    pub sigma_b2: f64,
    pub q_star: Option<f64>,
    pub chi1: f64,
    pub c_star: f64,
    pub xi_q: Option<f64>,
    pub xi_c: Option<f64>,
}

/// Bisection steps in ln q, ln σ_w² or c: enough to pin each to ~1e-12 relative.
const BISECTIONS: usize = 100;
/// σ_w² is searched for the critical line within these bounds.
pub const SIGMA_W2_RANGE: (f64, f64) = (1e-3, 1e3);

/// The variance map Q(q).
fn variance_map(unit: &Unit, sigma_w2: f64, sigma_b2: f64, q: f64) -> f64 {
    sigma_w2 * unit.moments(q).second + sigma_b2
}

/// The fixed point q* that q = 1 runs to: the root of Q(q) − q next to 1, bracketed by
/// doubling or halving and then bisected in ln q. `Some(0.0)` when the signal dies out (Q(q) <
/// q all the way down to 1e-300), `None` when it grows past [`Q_MAX`].
pub fn fixed_point(unit: &Unit, sigma_w2: f64, sigma_b2: f64) -> Option<f64> {
    let gap = |q: f64| variance_map(unit, sigma_w2, sigma_b2, q) - q;
    let (mut lo, mut hi) = (1.0, 1.0);
    if gap(1.0) >= 0.0 {
        while gap(hi) >= 0.0 {
            lo = hi;
            hi *= 2.0;
            if hi > Q_MAX {
                return None;
            }
        }
    } else {
        while gap(lo) < 0.0 {
            hi = lo;
            lo *= 0.5;
            if lo < 1e-300 {
                return Some(0.0);
            }
        }
    }
    for _ in 0..BISECTIONS {
        let mid = (lo * hi).sqrt();
        if mid <= lo || mid >= hi {
            break;
        }
        if gap(mid) >= 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo * hi).sqrt())
}

/// χ₁ at the fixed point, or — when the signal grows without bound — in the limit it runs to
/// (q = [`Q_MAX`]; for ReLU χ₁ = σ_w²/2 at every q).
pub fn chi1(unit: &Unit, sigma_w2: f64, sigma_b2: f64) -> f64 {
    let q = evaluation_point(fixed_point(unit, sigma_w2, sigma_b2));
    sigma_w2 * unit.moments(q).slope2
}

/// Where to evaluate χ₁ and the slopes for a fixed point: q* itself, [`Q_MAX`] when there is
/// none, and the limit q → 0⁺ (a tiny q, not the point mass) when the signal dies out — so a
/// kink at the origin counts with both its sides, as it does for any q > 0 (ReLU: χ₁ = σ_w²/2).
fn evaluation_point(q_star: Option<f64>) -> f64 {
    q_star.unwrap_or(Q_MAX).max(TINY_Q)
}

/// The q standing for the limit q → 0⁺.
const TINY_Q: f64 = 1e-200;

/// E[g₁(u₁)·g₂(u₂)] for every pair (f·f and f'·f'), (u₁, u₂) Gaussian around `bias` with
/// variance q and correlation c, as an iterated integral: u₂ given z₁ is Gaussian with mean
/// bias + √q·c·z₁ and std √q·√(1 − c²), integrated by the one-dimensional rule.
fn pair_moments(unit: &Unit, q: f64, c: f64) -> [f64; 2] {
    let (act, alpha, bias) = (unit.act, unit.alpha, unit.bias);
    let kinked = act.has_kink_at_zero();
    let std = q.sqrt();
    let c = c.clamp(-1.0, 1.0);
    let spread = std * (1.0 - c * c).max(0.0).sqrt();
    gaussian_expectations(
        |u1| {
            let z1 = (u1 - bias) / std;
            let [f2, df2] = gaussian_expectations(
                |u2| [act.f(u2, alpha), act.df(u2, alpha)],
                bias + std * c * z1,
                spread,
                kinked,
            );
            [act.f(u1, alpha) * f2, act.df(u1, alpha) * df2]
        },
        bias,
        std,
        kinked,
    )
}

/// The correlation map's stable fixed point c* and χ_c there, at the variance fixed point q*.
/// Ordered (χ₁ ≤ 1): c* = 1, χ_c = χ₁. Chaotic: the root of C(c) − c below 1 by safeguarded
/// Newton steps (C'(c) = χ_c(c)) inside a bisection bracket.
fn correlation_fixed_point(
    unit: &Unit,
    sigma_w2: f64,
    sigma_b2: f64,
    q: f64,
    chi1: f64,
) -> (f64, f64) {
    if chi1 <= 1.0 || q <= 0.0 {
        return (1.0, chi1);
    }
    let map = |c: f64| {
        let [ff, dd] = pair_moments(unit, q, c);
        ((sigma_w2 * ff + sigma_b2) / q, sigma_w2 * dd)
    };
    // C(c) − c ≥ 0 at c = −1 (|C| ≤ 1) and < 0 just below 1 (slope χ₁ > 1 there).
    let (mut lo, mut hi) = (-1.0, 1.0 - 1e-6);
    let (gap_hi, _) = map(hi);
    if gap_hi - hi >= 0.0 {
        return (hi, map(hi).1);
    }
    let mut c = 0.0;
    for _ in 0..60 {
        let (value, slope) = map(c);
        let gap = value - c;
        if gap >= 0.0 {
            lo = c;
        } else {
            hi = c;
        }
        let newton = c - gap / (slope - 1.0);
        let next = if newton > lo && newton < hi && newton.is_finite() {
            newton
        } else {
            0.5 * (lo + hi)
        };
        if (next - c).abs() < 1e-12 || hi - lo < 1e-12 {
            c = next;
            break;
        }
        c = next;
    }
    (c, map(c).1)
}

/// −1/ln x, `None` (infinite) for x ≥ 1 − 1e-12 (a depth scale beyond ~10¹² layers: at the
/// critical line itself rounding leaves x a few ulps from 1) or x not finite; 0 for x = 0.
fn depth_scale(x: f64) -> Option<f64> {
    if !(x.is_finite() && x < 1.0 - 1e-12) {
        None
    } else if x <= 0.0 {
        Some(0.0)
    } else {
        Some(-1.0 / libm::log(x))
    }
}

/// Everything at one (σ_w², σ_b²).
pub fn analyse(unit: &Unit, sigma_w2: f64, sigma_b2: f64) -> Point {
    let q_star = fixed_point(unit, sigma_w2, sigma_b2);
    let q = evaluation_point(q_star);
    let chi1 = sigma_w2 * unit.moments(q).slope2;
    let q_slope = sigma_w2 * unit.second_moment_slope(q);
    let (c_star, chi_c) = match q_star {
        Some(_) => correlation_fixed_point(unit, sigma_w2, sigma_b2, q, chi1),
        None => (f64::NAN, chi1),
    };
    Point {
        sigma_w2,
        sigma_b2,
        q_star,
        chi1,
        c_star,
        xi_q: q_star.and_then(|_| depth_scale(q_slope)),
        xi_c: depth_scale(chi_c),
    }
}

/// The σ_w² at which χ₁ = 1 for this σ_b² (bisection in ln σ_w² within [`SIGMA_W2_RANGE`]);
/// `None` if χ₁ stays on one side of 1 over the whole range (linear units with σ_b² > 0, say,
/// or a bias that kills every unit).
pub fn critical_sigma_w2(unit: &Unit, sigma_b2: f64) -> Option<f64> {
    let above = |w: f64| chi1(unit, w, sigma_b2) >= 1.0;
    let (mut lo, mut hi) = SIGMA_W2_RANGE;
    if above(lo) || !above(hi) {
        return None;
    }
    for _ in 0..BISECTIONS {
        let mid = (lo * hi).sqrt();
        if mid <= lo || mid >= hi {
            break;
        }
        if above(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some((lo * hi).sqrt())
}

/// The critical line: (σ_b², critical σ_w²) for each σ_b².
pub fn critical_line(unit: &Unit, sigma_b2: &[f64]) -> Vec<(f64, Option<f64>)> {
    sigma_b2
        .iter()
        .map(|&b| (b, critical_sigma_w2(unit, b)))
        .collect()
}

/// [`analyse`] over a grid: `sigma_w2` × `sigma_b2`, row by row (σ_b² outer).
pub fn grid(unit: &Unit, sigma_w2: &[f64], sigma_b2: &[f64]) -> Vec<Point> {
    sigma_b2
        .iter()
        .flat_map(|&b| sigma_w2.iter().map(move |&w| analyse(unit, w, b)))
        .collect()
}

#[cfg(test)]
mod tests;
