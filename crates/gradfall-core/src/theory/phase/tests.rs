use super::*;
use crate::config::Activation;

fn unit(act: Activation) -> Unit {
    Unit::new(act, act.default_alpha(), 0.0)
}

/// E[g(√q·z)] by the composite Simpson rule on z ∈ [−10, 10] with 20 000 intervals: a rule
/// independent of the module's Gauss quadrature (accurate to ~1e-12 for smooth g).
fn simpson(g: impl Fn(f64) -> f64, q: f64) -> f64 {
    let (a, n) = (10.0, 20_000);
    let h = 2.0 * a / n as f64;
    let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let term = |i: usize| {
        let z = -a + i as f64 * h;
        density(z) * g(q.sqrt() * z)
    };
    let inner: f64 = (1..n)
        .map(|i| if i % 2 == 1 { 4.0 } else { 2.0 } * term(i))
        .sum();
    (term(0) + inner + term(n)) * h / 3.0
}

/// tanh's q*, χ₁ and Q'(q*) by iterating the Simpson map to convergence.
fn tanh_reference(sigma_w2: f64, sigma_b2: f64) -> (f64, f64, f64) {
    let map = |q: f64| sigma_w2 * simpson(|x| x.tanh().powi(2), q) + sigma_b2;
    let mut q = 1.0;
    for _ in 0..10_000 {
        let next = map(q);
        if (next - q).abs() < 1e-15 {
            break;
        }
        q = next;
    }
    let chi1 = sigma_w2 * simpson(|x| (1.0 - x.tanh().powi(2)).powi(2), q);
    let h = 1e-5 * q;
    let slope = (map(q + h) - map(q - h)) / (2.0 * h);
    (q, chi1, slope)
}

/// ReLU in closed form: Q(q) = σ_w²·q/2 + σ_b², so q* = σ_b²/(1 − σ_w²/2) for σ_w² < 2
/// (none beyond), χ₁ = Q'(q*) = σ_w²/2, c* = 1 in the ordered phase, and the critical
/// σ_w² is 2 for every σ_b².
#[test]
fn relu_matches_its_closed_forms() {
    let relu = unit(Activation::Relu);
    for (w, b) in [(1.5, 0.1), (1.0, 0.05), (1.9, 0.3)] {
        let p = analyse(&relu, w, b);
        let q = b / (1.0 - w / 2.0);
        assert!((p.q_star.unwrap() / q - 1.0).abs() < 1e-10, "{p:?}");
        assert!((p.chi1 - w / 2.0).abs() < 1e-12, "{p:?}");
        let xi = -1.0 / (w / 2.0f64).ln();
        assert!((p.xi_q.unwrap() / xi - 1.0).abs() < 1e-6, "{p:?}");
        assert!((p.xi_c.unwrap() / xi - 1.0).abs() < 1e-10, "{p:?}");
        assert_eq!(p.c_star, 1.0);
        let critical = critical_sigma_w2(&relu, b).unwrap();
        assert!((critical - 2.0).abs() < 1e-9, "{critical}");
    }
    let p = analyse(&relu, 2.5, 0.1);
    assert_eq!(p.q_star, None);
    assert!((p.chi1 - 1.25).abs() < 1e-12);
}

/// tanh against the Simpson reference, ordered and chaotic, and its critical line against a
/// bisection on the reference's χ₁.
#[test]
fn tanh_matches_an_independent_quadrature() {
    let tanh = unit(Activation::Tanh);
    for (w, b) in [(1.0, 0.05), (1.5, 0.05), (2.5, 0.1), (4.0, 0.3)] {
        let p = analyse(&tanh, w, b);
        let (q, chi1, slope) = tanh_reference(w, b);
        println!("tanh σ_w² {w} σ_b² {b}: {p:?}");
        assert!(
            (p.q_star.unwrap() / q - 1.0).abs() < 1e-9,
            "{p:?} vs q* {q}"
        );
        assert!((p.chi1 / chi1 - 1.0).abs() < 1e-9, "{p:?} vs χ₁ {chi1}");
        assert!(
            (p.xi_q.unwrap() / (-1.0 / slope.ln()) - 1.0).abs() < 1e-6,
            "{p:?} vs Q' {slope}"
        );
        if chi1 < 1.0 {
            assert!((p.xi_c.unwrap() / (-1.0 / chi1.ln()) - 1.0).abs() < 1e-9);
        }
    }
    // The critical σ_w² at σ_b² = 0.05: bisect the reference's χ₁ = 1.
    let (mut lo, mut hi) = (1.0, 3.0);
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if tanh_reference(mid, 0.05).1 >= 1.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let critical = critical_sigma_w2(&tanh, 0.05).unwrap();
    println!("tanh critical σ_w² at σ_b² = 0.05: {critical} (reference {lo})");
    assert!((critical / lo - 1.0).abs() < 1e-7, "{critical} vs {lo}");
    // At σ_b² = 0 the line starts at σ_w² = 1 (tanh'(0) = 1, q* = 0 below it).
    let start = critical_sigma_w2(&tanh, 0.0).unwrap();
    assert!((start - 1.0).abs() < 1e-6, "{start}");
}

/// In the chaotic phase of an odd activation without bias variance, c* = 0 by symmetry, and
/// χ_c = σ_w²·E[f'(u₁)]·E[f'(u₂)] with u₁, u₂ independent: one-dimensional integrals.
#[test]
fn tanh_chaotic_correlation_length_from_independent_integrals() {
    let tanh = unit(Activation::Tanh);
    for w in [1.5, 2.0, 3.0] {
        let p = analyse(&tanh, w, 0.0);
        let (q, _, _) = tanh_reference(w, 0.0);
        let slope = simpson(|x| 1.0 - x.tanh().powi(2), q);
        let xi_c = -1.0 / (w * slope * slope).ln();
        assert!(p.c_star.abs() < 1e-9, "{p:?}");
        assert!(
            (p.xi_c.unwrap() / xi_c - 1.0).abs() < 1e-7,
            "{p:?} vs {xi_c}"
        );
    }
}

/// SELU at σ_w² = 1, σ_b² = 0 has its fixed point at q* = 1 (Klambauer et al. 2017).
#[test]
fn selu_fixed_point_is_one() {
    let p = analyse(&unit(Activation::Selu), 1.0, 0.0);
    assert!((p.q_star.unwrap() - 1.0).abs() < 1e-8, "{p:?}");
}

#[test]
fn odd_inputs_stay_finite() {
    for &act in Activation::VARIANTS {
        let u = unit(act);
        for (w, b) in [(0.0, 0.0), (1e-3, 0.0), (1e3, 1.0), (1.0, f64::NAN)] {
            let p = analyse(&u, w, b);
            assert!(!p.chi1.is_nan(), "{act:?} {w} {b}: {p:?}");
        }
    }
    // Linear units: χ₁ = σ_w² at every q, critical at 1 whatever σ_b² (q* runs away there).
    let linear = critical_sigma_w2(&unit(Activation::Linear), 0.1).unwrap();
    assert!((linear - 1.0).abs() < 1e-12, "{linear}");
}
