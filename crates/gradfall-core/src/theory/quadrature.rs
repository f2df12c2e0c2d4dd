//! Expectations over a Gaussian, E[g(μ + σZ)] with Z ~ N(0, 1), to near machine precision.
//!
//! Two Gauss rules, both computed here from the three-term recurrence of their orthonormal
//! polynomials (Golub & Welsch 1969: the nodes are the eigenvalues of the Jacobi matrix, found
//! by Sturm-sequence bisection; the weights are the Christoffel numbers 1/Σ_k p_k(x)²):
//!
//! - **Gauss–Hermite** (probabilists' form, weight e^{−z²/2}/√(2π)), [`HERMITE_POINTS`] points.
//!   Exact for polynomials of degree < 2·[`HERMITE_POINTS`] and spectrally accurate for
//!   integrands that are smooth on the scale of its node spacing (≈ π/√n ≈ 0.3 near z = 0).
//! - **Gauss–Legendre**, [`LEGENDRE_POINTS`] points, used on a graded mesh of panels for the
//!   integrands Gauss–Hermite cannot resolve: a kink (ReLU's f' jumps from 0 to 1, and a bias
//!   moves the jump off the centre of the Hermite rule, where the error can reach half a
//!   central node weight, ≈ 0.06 on a probability of ½) or a feature much narrower than the
//!   node spacing (tanh(σz) for σ ≫ 1).
//!
//! Every activation of Gradfall does all its non-linear work near x = 0, so the mesh is graded
//! geometrically towards z₀ = −μ/σ, the z where x = μ + σz crosses 0.

use std::sync::OnceLock;

/// Points of the Gauss–Hermite rule (even, so that z = 0 is not a node and the rule is exactly
/// symmetric: the kink of ReLU at the centre then splits the weights exactly in half).
pub const HERMITE_POINTS: usize = 96;
/// Points of the Gauss–Legendre rule used on each panel of the graded mesh.
pub const LEGENDRE_POINTS: usize = 12;
/// Gauss–Hermite is used for smooth integrands while σ ≤ this. Measured against the graded
/// mesh for f² and f'² of sigmoid, tanh, softplus, GELU and swish (test
/// `hermite_is_accurate_up_to_its_threshold`): relative error ~1e-15 at σ ≤ 0.5, 1.4e-9 at
/// σ = 1, then fast growth (7e-6 at 1.5, 4e-4 at 2, 2 % at 3): tanh(σz) has complex poles at
/// distance π/(2σ) from the real axis, which limits the rule's geometric convergence.
const HERMITE_MAX_STD: f64 = 1.0;
/// The mesh covers |z| ≤ this; the Gaussian mass beyond is Φ(−12) ≈ 2e-33.
const TAIL: f64 = 12.0;

/// A quadrature rule for a probability measure: Σ weights·g(nodes) ≈ E[g].
#[derive(Clone, Debug)]
pub struct GaussRule {
    pub nodes: Vec<f64>,
    pub weights: Vec<f64>,
}

impl GaussRule {
    /// Σ w_i·g(x_i).
    pub fn sum(&self, g: impl Fn(f64) -> f64) -> f64 {
        self.sums(|x| [g(x)])[0]
    }

    /// Σ w_i·g(x_i) for N integrands at once (one evaluation of g per node), summed in node
    /// order.
    pub fn sums<const N: usize>(&self, g: impl Fn(f64) -> [f64; N]) -> [f64; N] {
        let mut total = [0.0; N];
        for (&x, &w) in self.nodes.iter().zip(&self.weights) {
            for (t, v) in total.iter_mut().zip(g(x)) {
                *t += w * v;
            }
        }
        total
    }
}

/// The probabilists' Gauss–Hermite rule for Z ~ N(0, 1) (weights sum to 1), computed once.
pub fn hermite() -> &'static GaussRule {
    static RULE: OnceLock<GaussRule> = OnceLock::new();
    // He_{k+1} = x·He_k − k·He_{k−1}; orthonormal: b_k = √k.
    RULE.get_or_init(|| symmetric_rule(HERMITE_POINTS, |k| (k as f64).sqrt()))
}

/// The Gauss–Legendre rule for the uniform probability measure on [−1, 1] (weights sum to 1).
pub fn legendre() -> &'static GaussRule {
    static RULE: OnceLock<GaussRule> = OnceLock::new();
    // (k+1)·P_{k+1} = (2k+1)·x·P_k − k·P_{k−1}; orthonormal: b_k = k/√(4k² − 1).
    RULE.get_or_init(|| {
        symmetric_rule(LEGENDRE_POINTS, |k| {
            let k = k as f64;
            k / (4.0 * k * k - 1.0).sqrt()
        })
    })
}

/// The n-point Gauss rule of a symmetric probability measure whose orthonormal polynomials obey
/// x·p_k = b(k+1)·p_{k+1} + b(k)·p_{k−1} (p_0 = 1, p_{−1} = 0): the Jacobi matrix is
/// tridiagonal with zero diagonal and off-diagonal b(1), …, b(n−1).
fn symmetric_rule(n: usize, b: impl Fn(usize) -> f64) -> GaussRule {
    let off: Vec<f64> = (1..n).map(&b).collect();
    // Gershgorin: every eigenvalue lies within the largest row sum of |J|.
    let bound = (0..n)
        .map(|i| off.get(i).copied().unwrap_or(0.0) + if i > 0 { off[i - 1] } else { 0.0 })
        .fold(0.0, f64::max);
    let mut nodes: Vec<f64> = (0..n).map(|i| bisect_eigenvalue(&off, i, bound)).collect();
    let mut weights: Vec<f64> = nodes.iter().map(|&x| christoffel_weight(&off, x)).collect();
    // The measure is symmetric: make the rule exactly so (removes last-bit asymmetries).
    for i in 0..n / 2 {
        let j = n - 1 - i;
        let x = 0.5 * (nodes[j] - nodes[i]);
        let w = 0.5 * (weights[i] + weights[j]);
        (nodes[i], nodes[j]) = (-x, x);
        (weights[i], weights[j]) = (w, w);
    }
    if n % 2 == 1 {
        nodes[n / 2] = 0.0;
    }
    let total: f64 = weights.iter().sum();
    weights.iter_mut().for_each(|w| *w /= total);
    GaussRule { nodes, weights }
}

/// How many eigenvalues of the zero-diagonal Jacobi matrix with off-diagonal `off` are < x:
/// the number of negative pivots of the LDLᵀ factorisation of J − x·I (Sturm's theorem).
fn eigenvalues_below(off: &[f64], x: f64) -> usize {
    let mut count = 0;
    let mut d = 1.0;
    for k in 0..=off.len() {
        d = if k == 0 {
            -x
        } else {
            -x - off[k - 1] * off[k - 1] / d
        };
        // A zero pivot is perturbed to a tiny negative one, before it is counted and divided
        // by, so that the count is consistently that of a point just beside x.
        if d == 0.0 {
            d = -1e-300;
        }
        count += usize::from(d < 0.0);
    }
    count
}

/// The i-th smallest eigenvalue, by bisection down to adjacent floating-point numbers.
fn bisect_eigenvalue(off: &[f64], i: usize, bound: f64) -> f64 {
    let (mut lo, mut hi) = (-bound - 1.0, bound + 1.0);
    loop {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            return hi;
        }
        if eigenvalues_below(off, mid) > i {
            hi = mid;
        } else {
            lo = mid;
        }
    }
}

/// 1 / Σ_{k<n} p_k(x)² with the orthonormal polynomials of the recurrence.
fn christoffel_weight(off: &[f64], x: f64) -> f64 {
    let (mut prev, mut cur) = (0.0, 1.0);
    let mut sum = 1.0;
    for k in 0..off.len() {
        let below = if k == 0 { 0.0 } else { off[k - 1] };
        let next = (x * cur - below * prev) / off[k];
        (prev, cur) = (cur, next);
        sum += cur * cur;
    }
    1.0 / sum
}

/// E[g(mean + std·Z)], Z ~ N(0, 1).
///
/// `kinked` says that g is not smooth at x = 0 (a jump in g or in one of its derivatives).
/// Smooth g at moderate `std` uses Gauss–Hermite; otherwise the graded Gauss–Legendre mesh
/// with a breakpoint exactly at the kink. `std == 0` (or not finite) is the point mass g(mean).
pub fn gaussian_expectation(g: impl Fn(f64) -> f64, mean: f64, std: f64, kinked: bool) -> f64 {
    gaussian_expectations(|x| [g(x)], mean, std, kinked)[0]
}

/// [`gaussian_expectation`] of N integrands that share their evaluation (E[f], E[f²] and
/// E[f'²] of one activation cost one pass over the nodes, not three). Each entry is exactly
/// what [`gaussian_expectation`] returns for that integrand alone.
pub fn gaussian_expectations<const N: usize>(
    g: impl Fn(f64) -> [f64; N],
    mean: f64,
    std: f64,
    kinked: bool,
) -> [f64; N] {
    if !(std > 0.0 && std.is_finite()) {
        return g(mean);
    }
    let x = |z: f64| g(mean + std * z);
    let z0 = -mean / std;
    // A kink (or sharp feature) beyond the mesh carries no Gaussian mass worth resolving.
    let resolved_by_hermite = if kinked {
        z0.abs() >= TAIL
    } else {
        std <= HERMITE_MAX_STD || z0.abs() >= TAIL
    };
    if resolved_by_hermite {
        hermite().sums(x)
    } else {
        graded_mesh_expectation(x, z0, std)
    }
}

/// The standard normal density, with `libm`'s exp (the same bits on every target).
pub fn normal_density(z: f64) -> f64 {
    libm::exp(-0.5 * z * z) / (2.0 * std::f64::consts::PI).sqrt()
}

/// ∫ φ(z)·g(z) dz over [−TAIL, TAIL] on panels: unit panels across the bulk of the Gaussian,
/// plus breakpoints z₀ ± h·2^j (h = ¼·min(1, 1/σ), so the first panel spans |x| ≤ ¼) that
/// resolve everything g does near its kink or on the scale 1/σ, each panel by Gauss–Legendre.
fn graded_mesh_expectation<const N: usize>(
    g: impl Fn(f64) -> [f64; N],
    z0: f64,
    std: f64,
) -> [f64; N] {
    let mut breaks: Vec<f64> = (-(TAIL as i32)..=TAIL as i32).map(f64::from).collect();
    breaks.push(z0);
    let mut h = 0.25 * (1.0 / std).min(1.0);
    while h < 2.0 * TAIL {
        breaks.push(z0 - h);
        breaks.push(z0 + h);
        h *= 2.0;
    }
    breaks.retain(|z| z.abs() <= TAIL);
    crate::small_sort::sort_by(&mut breaks, f64::total_cmp);
    breaks.dedup();

    let rule = legendre();
    let mut total = [0.0; N];
    for ab in breaks.windows(2) {
        let (centre, half) = (0.5 * (ab[0] + ab[1]), 0.5 * (ab[1] - ab[0]));
        // The Legendre weights average over [−1, 1]: the panel's integral is 2·half·mean.
        let panel = rule.sums(|t| {
            let z = centre + half * t;
            let density = normal_density(z);
            g(z).map(|v| density * v)
        });
        for (t, p) in total.iter_mut().zip(panel) {
            *t += 2.0 * half * p;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// E[g(Z)] by the midpoint rule with 2·10⁶ cells on [−12, 12], split at `kink` so that a
    /// jump does not cost the rule its second order: slow, simple, independent.
    fn riemann(g: impl Fn(f64) -> f64, kink: f64) -> f64 {
        let kink = kink.clamp(-TAIL, TAIL);
        let cells = 2_000_000.0;
        let midpoint = |a: f64, b: f64| {
            let n = ((b - a) / (2.0 * TAIL) * cells).ceil().max(1.0) as usize;
            let dz = (b - a) / n as f64;
            (0..n)
                .map(|i| {
                    let z = a + (i as f64 + 0.5) * dz;
                    libm::exp(-0.5 * z * z) * g(z)
                })
                .sum::<f64>()
                * dz
        };
        (midpoint(-TAIL, kink) + midpoint(kink, TAIL)) / (2.0 * std::f64::consts::PI).sqrt()
    }

    #[test]
    fn hermite_moments() {
        let r = hermite();
        assert_eq!(r.nodes.len(), HERMITE_POINTS);
        assert!((r.sum(|_| 1.0) - 1.0).abs() < 1e-14);
        assert!(r.sum(|z| z).abs() < 1e-14);
        assert!((r.sum(|z| z * z) - 1.0).abs() < 1e-13);
        assert!((r.sum(|z| z.powi(4)) - 3.0).abs() < 1e-12);
        // E[Z^{2k}] = (2k−1)!!: the rule is exact up to degree 2n−1; check degree 20.
        assert!((r.sum(|z| z.powi(20)) / 654_729_075.0 - 1.0).abs() < 1e-11);
        // Nodes ascending and symmetric.
        assert!(r.nodes.windows(2).all(|p| p[0] < p[1]));
        assert!(r
            .nodes
            .iter()
            .zip(r.nodes.iter().rev())
            .all(|(a, b)| *a == -*b));
    }

    #[test]
    fn legendre_integrates_polynomials_exactly() {
        let r = legendre();
        // Mean of x^k over [−1, 1] is 1/(k+1) for even k, 0 for odd k.
        for k in 0..2 * LEGENDRE_POINTS as i32 {
            let want = if k % 2 == 0 {
                1.0 / (k as f64 + 1.0)
            } else {
                0.0
            };
            assert!((r.sum(|x| x.powi(k)) - want).abs() < 1e-14, "x^{k}");
        }
    }

    #[test]
    fn relu_square_is_half() {
        let relu = |x: f64| x.max(0.0);
        assert!((hermite().sum(|z| relu(z).powi(2)) - 0.5).abs() < 1e-14);
        assert!((gaussian_expectation(|x| relu(x).powi(2), 0.0, 1.0, true) - 0.5).abs() < 1e-14);
        // Step function with the kink off centre: E[1{Z > 0.7}] = Φ(−0.7) = 0.241963652223073.
        let e = gaussian_expectation(|x| if x > 0.0 { 1.0 } else { 0.0 }, -0.7, 1.0, true);
        assert!((e - 0.241_963_652_223_073_3).abs() < 1e-13, "{e}");
    }

    #[test]
    fn sigmoid_derivative_square_matches_riemann_sum() {
        let dsig = |x: f64| {
            let s = 1.0 / (1.0 + (-x).exp());
            s * (1.0 - s)
        };
        let want = riemann(|z| dsig(z).powi(2), 0.0);
        let got = gaussian_expectation(|x| dsig(x).powi(2), 0.0, 1.0, false);
        assert!((got / want - 1.0).abs() < 1e-10, "{got} vs {want}");
    }

    #[test]
    fn every_path_agrees_with_riemann_sums() {
        // Sharp smooth features (σ up to 30), kinks off centre, exponential pieces.
        type Case = (&'static str, Box<dyn Fn(f64) -> f64>, bool);
        let cases: Vec<Case> = vec![
            (
                "tanh'²",
                Box::new(|x: f64| (1.0 - x.tanh().powi(2)).powi(2)),
                false,
            ),
            ("tanh²", Box::new(|x: f64| x.tanh().powi(2)), false),
            (
                "elu'²",
                Box::new(|x: f64| if x > 0.0 { 1.0 } else { (2.0 * x).exp() }),
                true,
            ),
            (
                "elu²",
                Box::new(|x: f64| if x > 0.0 { x * x } else { x.exp_m1().powi(2) }),
                true,
            ),
            (
                "step",
                Box::new(|x: f64| if x > 0.0 { 1.0 } else { 0.0 }),
                true,
            ),
        ];
        for (name, g, kinked) in &cases {
            for (mean, std) in [
                (0.0, 0.3),
                (0.0, 1.0),
                (0.4, 1.7),
                (-1.0, 0.5),
                (0.0, 30.0),
                (3.0, 30.0),
            ] {
                let want = riemann(|z| g(mean + std * z), -mean / std);
                let got = gaussian_expectation(g, mean, std, *kinked);
                // The Riemann sum itself is accurate to ~1e-9 relative for the sharpest case.
                assert!(
                    (got - want).abs() <= 1e-8 * want.abs().max(1e-3),
                    "{name} μ={mean} σ={std}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn hermite_is_accurate_up_to_its_threshold() {
        use crate::Activation;
        let smooth = [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Softplus,
            Activation::Gelu,
            Activation::Swish,
        ];
        for act in smooth {
            for mean in [0.0, 0.5, -1.0, 2.0] {
                let f2 = |x: f64| act.f(x, 0.0).powi(2);
                let df2 = |x: f64| act.df(x, 0.0).powi(2);
                for (name, g) in [("f²", &f2 as &dyn Fn(f64) -> f64), ("f'²", &df2)] {
                    let std = HERMITE_MAX_STD;
                    let by_hermite = hermite().sum(|z| g(mean + std * z));
                    let by_mesh =
                        graded_mesh_expectation(|z| [g(mean + std * z)], -mean / std, std)[0];
                    assert!(
                        (by_hermite / by_mesh - 1.0).abs() < 5e-9,
                        "{act:?} {name} μ={mean}: {by_hermite} vs {by_mesh}"
                    );
                }
            }
        }
    }

    #[test]
    fn point_mass_when_std_is_zero() {
        assert_eq!(gaussian_expectation(|x| x * x, 3.0, 0.0, false), 9.0);
        assert_eq!(gaussian_expectation(|x| x * x, 3.0, f64::NAN, true), 9.0);
    }
}
