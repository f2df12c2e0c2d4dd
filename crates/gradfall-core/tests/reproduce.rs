//! Every reproduction runs and holds, and the theory-engine ones agree with an independent
//! quadrature written here (a plain midpoint rule over N(0, q), no code from the engine).

use gradfall_core::reproduce::{find, ENTRIES};

/// E[g(√q·z)], z ~ N(0, 1), by the midpoint rule on [−12, 12] with 200 000 cells.
fn gauss(q: f64, g: impl Fn(f64) -> f64) -> f64 {
    let (n, lo, hi) = (200_000, -12.0f64, 12.0f64);
    let dz = (hi - lo) / n as f64;
    (0..n)
        .map(|i| {
            let z = lo + (i as f64 + 0.5) * dz;
            g(q.sqrt() * z) * (-z * z / 2.0).exp() * dz
        })
        .sum::<f64>()
        / (2.0 * std::f64::consts::PI).sqrt()
}

fn ours(name: &str) -> f64 {
    find(name).unwrap().run().unwrap().ours
}

#[test]
fn every_reproduction_holds_and_names_are_unique() {
    for entry in ENTRIES {
        let r = entry
            .run()
            .unwrap_or_else(|e| panic!("{}: {e}", entry.name));
        assert!(r.ours.is_finite() && r.tolerance > 0.0, "{r:?}");
        assert!(r.holds, "{r:?}");
        assert_eq!(
            ENTRIES.iter().filter(|e| e.name == entry.name).count(),
            1,
            "{}",
            entry.name
        );
    }
    assert!(find("no-such-paper").is_none());
}

#[test]
fn selu_fixed_point_agrees_with_an_independent_quadrature() {
    let (lambda, alpha) = (1.050_700_987_355_480_5, 1.673_263_242_354_377_2);
    let selu = |x: f64| lambda * if x > 0.0 { x } else { alpha * (x.exp() - 1.0) };
    assert!(gauss(1.0, selu).abs() < 1e-6);
    let second = gauss(1.0, |x| selu(x).powi(2));
    assert!((second - 1.0).abs() < 1e-6, "{second}");
    assert!((ours("selu-fixed-point-theory") - second).abs() < 1e-5);
}

/// At the engine's critical σ_w² for σ_b² = 0.05: iterate q ← σ_w² E[tanh²] + σ_b² to q*,
/// then χ₁ = σ_w² E[tanh′(√q* z)²] must be 1.
#[test]
fn tanh_critical_point_has_chi1_one_by_an_independent_quadrature() {
    let (w, b) = (ours("tanh-critical-line"), 0.05);
    let mut q = 1.0;
    for _ in 0..300 {
        q = w * gauss(q, |x| x.tanh().powi(2)) + b;
    }
    let chi1 = w * gauss(q, |x| (1.0 - x.tanh().powi(2)).powi(2));
    assert!(
        (chi1 - 1.0).abs() < 1e-4,
        "χ₁ = {chi1} at σ_w² = {w}, q* = {q}"
    );
}

/// He's point is the contrast: the same network with Var[w] = 1/n loses half per layer,
/// so the He factor is not 1 by construction of the measurement.
#[test]
fn he_and_xavier_differ_by_the_factor_of_two() {
    let ratio = ours("he-variance-kept") / ours("xavier-relu-halves");
    assert!((ratio - 2.0).abs() < 0.1, "{ratio}");
}
