//! The Gaussian moments every map of the theory is built from: for a pre-activation
//! a ~ N(bias, q), the mean E[f(a)], the second moment E[f(a)²] and the mean squared slope
//! E[f'(a)²] — exactly by quadrature ([`Unit::moments`]), or from a memoised table over ln q
//! ([`MomentTable`]) when many examples need them at many nearby q.
//!
//! Which is cheaper was measured (`per_example` tests, `--nocapture`): at the grid
//! (batch 64, depth 30) the table computes a few hundred nodes where the exact path would
//! compute ~2 000 quadratures, and its cost does not grow with the batch.

use std::collections::BTreeMap;

use super::quadrature::gaussian_expectations;
use crate::config::Activation;

/// The largest q the maps carry on. Past it the forward signal has exploded anyway (a gain-10
/// ReLU net grows ×100 per layer); the cap keeps every expectation finite, so deep exploding
/// nets still get a finite, honest χ (which for ReLU does not depend on q at all).
pub const Q_MAX: f64 = 1e30;

/// E[f(a)], E[f(a)²] and E[f'(a)²] for a ~ N(bias, q).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    pub mean: f64,
    pub second: f64,
    pub slope2: f64,
}

/// One activation with its `alpha` and the constant mean `bias` of its pre-activation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unit {
    pub act: Activation,
    pub alpha: f64,
    pub bias: f64,
}

impl Unit {
    /// A unit; a non-finite bias is read as 0.
    pub fn new(act: Activation, alpha: f32, bias: f64) -> Unit {
        let bias = if bias.is_finite() { bias } else { 0.0 };
        Unit {
            act,
            alpha: alpha as f64,
            bias,
        }
    }

    /// The moments at variance `q` (clamped to 0..=[`Q_MAX`]), by quadrature in f64 with the
    /// very `Activation::f`/`df` the trainer uses (for `necro`, its surrogate derivative).
    pub fn moments(&self, q: f64) -> Moments {
        let (act, alpha) = (self.act, self.alpha);
        let std = clean(q).sqrt();
        let [mean, second, slope2] = gaussian_expectations(
            |x| {
                let (f, df) = (act.f(x, alpha), act.df(x, alpha));
                [f, f * f, df * df]
            },
            self.bias,
            std,
            act.has_kink_at_zero(),
        );
        Moments {
            mean,
            second,
            slope2,
        }
    }

    /// d/dq E[f(bias + √q z)²] = E[f(a)·f'(a)·z]/√q (Gaussian integration by parts), which
    /// needs no f'': the slope of the variance map is σ_w² times this.
    pub fn second_moment_slope(&self, q: f64) -> f64 {
        let (act, alpha, bias) = (self.act, self.alpha, self.bias);
        let std = clean(q).sqrt();
        if std == 0.0 {
            let df = act.df(bias, alpha);
            return df * df + act.f(bias, alpha) * second_derivative(act, alpha, bias);
        }
        let [v] = gaussian_expectations(
            |x| [act.f(x, alpha) * act.df(x, alpha) * (x - bias) / std],
            bias,
            std,
            act.has_kink_at_zero(),
        );
        v / std
    }
}

/// f''(x) by a central difference, only for the q → 0 limit of the slope (a point mass).
fn second_derivative(act: Activation, alpha: f64, x: f64) -> f64 {
    let h = 1e-4;
    (act.df(x + h, alpha) - act.df(x - h, alpha)) / (2.0 * h)
}

/// Negative or NaN variances read as 0, huge ones as [`Q_MAX`].
pub(crate) fn clean(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, Q_MAX)
    }
}

/// Nodes of the table per unit of ln q (a step of 6.4 % in q).
pub const NODES_PER_LN: f64 = 16.0;
/// The table covers ln q in this range; outside it (or for q = 0) [`MomentTable::moments`]
/// falls back to the exact quadrature.
const LN_Q_RANGE: (f64, f64) = (-80.0, 69.0);

/// [`Unit::moments`] on nodes q_k = e^{k/16}, computed on first use, interpolated between by
/// the cubic through the four nearest nodes in u = ln q, in ln of the value where all four are
/// positive (the slopes of ReLU-like units with a negative bias fall like e^{−b²/2q}: smooth in
/// ln value, not in value). The mean is interpolated as its positive and negative parts.
///
/// The moments are smooth functions of ln q (a Gaussian smooths every kink), so the
/// interpolation error is O(h⁴) with h = 1/16. The test `table_matches_the_quadrature`
/// bounds it by 1e-4 relative (or 1e-7 of the moment's natural scale, for far tails) for every
/// activation and bias tried, q from 1e-6 to 1e6 (measured worst: 7.6e-6). The predictions it
/// feeds are compared with measurements within ±10 % or more. Deterministic: a node's value
/// depends only on its index, never on the order of the queries.
pub struct MomentTable {
    unit: Unit,
    nodes: BTreeMap<i32, [f64; 6]>,
}

impl MomentTable {
    pub fn new(unit: Unit) -> MomentTable {
        MomentTable {
            unit,
            nodes: BTreeMap::new(),
        }
    }

    /// How many nodes have been computed (each one quadrature pass).
    pub fn nodes_computed(&self) -> usize {
        self.nodes.len()
    }

    /// The moments at `q`, interpolated (exact outside the table's range).
    pub fn moments(&mut self, q: f64) -> Moments {
        let q = clean(q);
        let u = if q > 0.0 {
            libm::log(q)
        } else {
            f64::NEG_INFINITY
        };
        if !(u > LN_Q_RANGE.0 && u < LN_Q_RANGE.1) {
            return self.unit.moments(q);
        }
        let t = u * NODES_PER_LN;
        let k = libm::floor(t) as i32;
        let s = t - k as f64;
        let at: [[f64; 6]; 4] = [k - 1, k, k + 1, k + 2].map(|i| self.node(i));
        let part = |j: usize| interpolate(at.map(|node| node[j]), s).max(0.0);
        Moments {
            mean: part(0) - part(1),
            second: part(2) + part(3),
            slope2: part(4) + part(5),
        }
    }

    /// The moments at q_k in parts that are each smooth in ln of their value: the mean as
    /// E[max(f, 0)] and E[max(−f, 0)], E[f²] and E[f'²] split into E[·; a > 0] and E[·; a ≤ 0]
    /// (every activation has its kink and its sign change, if any, at 0). Whole, a mean may
    /// cross 0 between nodes, and leaky ReLU's E[f'²] = α² + (1 − α²)·Φ(b/√q) mixes a floor
    /// with a Gaussian tail: neither is smooth in ln value, each part is.
    fn node(&mut self, k: i32) -> [f64; 6] {
        let Unit { act, alpha, bias } = self.unit;
        *self.nodes.entry(k).or_insert_with(|| {
            let std = libm::exp(k as f64 / NODES_PER_LN).sqrt();
            gaussian_expectations(
                |x| {
                    let (f, df) = (act.f(x, alpha), act.df(x, alpha));
                    let (f2, df2) = (f * f, df * df);
                    let (plus, minus) = (f.max(0.0), (-f).max(0.0));
                    if x > 0.0 {
                        [plus, minus, f2, 0.0, df2, 0.0]
                    } else {
                        [plus, minus, 0.0, f2, 0.0, df2]
                    }
                },
                bias,
                std,
                true,
            )
        })
    }
}

/// The cubic through (−1, v0), (0, v1), (1, v2), (2, v3) at s ∈ [0, 1): in ln v when every v
/// is positive, else in v.
fn interpolate(v: [f64; 4], s: f64) -> f64 {
    if v.iter().all(|&x| x > 0.0 && x.is_finite()) {
        libm::exp(lagrange(v.map(libm::log), s))
    } else {
        lagrange(v, s)
    }
}

/// Lagrange's cubic on the nodes −1, 0, 1, 2.
fn lagrange(v: [f64; 4], s: f64) -> f64 {
    let w0 = -s * (s - 1.0) * (s - 2.0) / 6.0;
    let w1 = (s + 1.0) * (s - 1.0) * (s - 2.0) / 2.0;
    let w2 = -(s + 1.0) * s * (s - 2.0) / 2.0;
    let w3 = (s + 1.0) * s * (s - 1.0) / 6.0;
    w0 * v[0] + w1 * v[1] + w2 * v[2] + w3 * v[3]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_quadrature() {
        let mut worst: f64 = 0.0;
        for &act in Activation::VARIANTS {
            for bias in [0.0, -0.5, 0.3] {
                let unit = Unit::new(act, act.default_alpha(), bias);
                let mut table = MomentTable::new(unit);
                for i in 0..300 {
                    // Off-node points from q = 1e-6 to 1e6.
                    let q = libm::exp(-13.8 + i as f64 * 0.0921 + 0.013);
                    let (exact, table) = (unit.moments(q), table.moments(q));
                    for (name, e, t) in [
                        ("mean", exact.mean, table.mean),
                        ("second", exact.second, table.second),
                        ("slope2", exact.slope2, table.slope2),
                    ] {
                        // Within 1e-4 of the value, or 1e-7 of the moment's natural scale
                        // (E[a²] for f², max f'² for f'², √E[a²] for the mean, which near 0
                        // is the difference of two parts of that scale).
                        let natural = match name {
                            "mean" => (q + bias * bias).sqrt(),
                            "second" => q + bias * bias,
                            _ => (act.max_df(act.default_alpha()) as f64).powi(2),
                        };
                        let err = (t - e).abs() / (e.abs() + 1e-3 * natural);
                        worst = worst.max(err);
                        assert!(err < 1e-4, "{act:?} bias {bias} q {q:e} {name}: {t} vs {e}");
                    }
                }
            }
        }
        println!("worst relative interpolation error: {worst:.2e}");
    }

    #[test]
    fn slope_of_the_second_moment_is_its_derivative() {
        for &act in Activation::VARIANTS {
            for bias in [0.0, 0.4] {
                let unit = Unit::new(act, act.default_alpha(), bias);
                for q in [0.05, 0.7, 3.0] {
                    let h = 1e-5 * q;
                    let fd = (unit.moments(q + h).second - unit.moments(q - h).second) / (2.0 * h);
                    let slope = unit.second_moment_slope(q);
                    assert!(
                        (fd - slope).abs() < 1e-6 * (1.0 + slope.abs()),
                        "{act:?} bias {bias} q {q}: {slope} vs {fd}"
                    );
                }
            }
        }
    }

    #[test]
    fn table_falls_back_to_exact_outside_its_range() {
        let unit = Unit::new(Activation::Tanh, 0.0, 0.0);
        let mut table = MomentTable::new(unit);
        assert_eq!(table.moments(0.0), unit.moments(0.0));
        assert_eq!(table.moments(1e-40), unit.moments(1e-40));
        assert_eq!(table.moments(f64::NAN), unit.moments(0.0));
        assert_eq!(table.nodes_computed(), 0);
    }
}
