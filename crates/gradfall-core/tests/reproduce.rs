//! Every reproduction runs and holds, and the theory-engine ones agree with an independent
//! quadrature written here (a plain midpoint rule over N(0, q), no code from the engine).

use gradfall_core::experiment::Experiment;
use gradfall_core::reproduce::{
    dead_for_one_input, dead_on_the_data, entries, find, normalised_spread,
    one_input_dead_probability,
};
use gradfall_core::{Config, Trainer};

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
    for entry in entries() {
        let r = entry
            .run()
            .unwrap_or_else(|e| panic!("{}: {e}", entry.name));
        assert!(r.ours.is_finite() && r.tolerance > 0.0, "{r:?}");
        assert!(r.holds, "{r:?}");
        assert_eq!(
            entries().filter(|e| e.name == entry.name).count(),
            1,
            "{}",
            entry.name
        );
    }
    assert!(find("no-such-paper").is_none());
    assert!(entries().count() >= 16);
}

#[test]
fn every_query_opens_in_the_playground_without_warnings() {
    for entry in entries() {
        let (experiment, warnings) = Experiment::from_query(entry.query);
        assert!(warnings.is_empty(), "{}: {warnings:?}", entry.name);
        assert_eq!(experiment.configs.len(), 1, "{}", entry.name);
    }
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

/// Glorot & Bengio's contrast: the standard init loses 3× per layer where the normalised one
/// keeps the variance, forward and backward, in the same network.
#[test]
fn glorot_standard_init_loses_three_times_what_the_normalised_keeps() {
    for kind in ["activations", "gradients"] {
        let standard = ours(&format!("glorot-standard-{kind}"));
        let normalised = ours(&format!("glorot-normalised-{kind}"));
        let ratio = normalised / standard;
        assert!((ratio - 3.0).abs() < 0.3, "{kind}: {ratio}");
    }
}

#[test]
fn the_spread_of_squared_singular_values_is_computed_right() {
    assert!(normalised_spread(&[2.0; 7]).abs() < 1e-15);
    // λ = 1 and 3: mean 2, variance 1, so 1/4.
    let s = [1.0, 3.0f64.sqrt()];
    assert!((normalised_spread(&s) - 0.25).abs() < 1e-12);
}

/// Pennington et al.'s two terms, each seen on its own: Gaussian weights add 1 per layer over
/// orthogonal ones (s₁ = −1), and ReLU's D adds 1 per layer (μ₂/μ₁² − 1 = 1).
#[test]
fn gaussian_weights_and_relu_each_add_one_per_layer() {
    let weights = ours("isometry-gaussian-linear") - ours("isometry-orthogonal-linear");
    assert!((weights - 10.0).abs() < 2.5, "{weights}");
    let relu = ours("isometry-relu-gaussian") - ours("isometry-relu-orthogonal");
    assert!((relu - 10.0).abs() < 4.0, "{relu}");
    assert!(ours("isometry-relu-orthogonal") > 5.0);
}

/// 1/ξ_c is 0 only at the critical point: at σ_w² = 1, σ_b² = 0.05 tanh's ξ_c is finite.
#[test]
fn xi_c_is_finite_off_the_critical_line() {
    use gradfall_core::theory::phase::analyse;
    use gradfall_core::theory::Unit;
    let unit = Unit::new(gradfall_core::Activation::Tanh, 0.0, 0.0);
    let xi = analyse(&unit, 1.0, 0.05).xi_c.unwrap();
    assert!(xi > 1.0 && xi < 10.0, "{xi}");
    assert!(ours("tanh-xi-c-diverges") < 1e-3);
}

/// A tiny generator for the independent Monte Carlo below (SplitMix64 and Box–Muller), so
/// the check shares no code with the engine.
struct Mix(u64);

impl Mix {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (1.0 - self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// The derivation of 1 − (1 − 2⁻ᴺ)ᴸ checked by plain random ReLU nets written here.
#[test]
fn the_one_input_probability_matches_an_independent_monte_carlo() {
    let mut rng = Mix(7);
    for (width, depth) in [(2, 5), (3, 10), (4, 20)] {
        let trials = 20_000;
        let mut dead = 0;
        for _ in 0..trials {
            let mut h = vec![rng.normal(), rng.normal()];
            for _ in 0..depth {
                h = (0..width)
                    .map(|_| h.iter().map(|x| x * rng.normal()).sum::<f64>().max(0.0))
                    .collect();
            }
            dead += usize::from(h.iter().all(|&x| x == 0.0));
        }
        let p = one_input_dead_probability(width, depth);
        let measured = dead as f64 / trials as f64;
        assert!(
            (measured - p).abs() < 0.015,
            "N={width} L={depth}: {measured} vs {p}"
        );
    }
    assert!((ours("relu-born-dead") - find("relu-born-dead").unwrap().paper_value).abs() < 0.07);
}

/// The engine's networks at other widths and depths follow the same probability.
#[test]
fn engine_networks_are_born_dead_as_often_as_derived() {
    for (width, depth) in [(2, 5), (4, 20)] {
        let seeds = 300;
        let dead = (1..=seeds)
            .filter(|&seed| {
                let q = format!("act=relu&init=he&width={width}&depth={depth}&batch=8&seed={seed}");
                dead_for_one_input(&Trainer::new(Config::from_query(&q).config).unwrap())
            })
            .count();
        let p = one_input_dead_probability(width, depth);
        let sigma = (p * (1.0 - p) / seeds as f64).sqrt();
        let measured = dead as f64 / seeds as f64;
        assert!(
            (measured - p).abs() < 3.5 * sigma,
            "N={width} L={depth}: {measured} vs {p}"
        );
    }
}

/// Dead on the whole training set implies dead for its first example (so the derived
/// one-input probability bounds the born-dead one from above), and shallow networks are rarely
/// born dead, so the deep entry's 1 is a property of depth, not of the measurement.
#[test]
fn born_dead_on_the_data_implies_dead_for_one_input_and_needs_depth() {
    let born_dead = |depth: usize, seed: u64| {
        let q = format!("act=relu&init=he&width=2&depth={depth}&batch=8&seed={seed}");
        let t = Trainer::new(Config::from_query(&q).config).unwrap();
        assert!(!dead_on_the_data(&t) || dead_for_one_input(&t), "{q}");
        dead_on_the_data(&t)
    };
    let shallow = (1..=100).filter(|&s| born_dead(2, s)).count();
    assert!(shallow < 50, "{shallow} of 100 depth-2 networks born dead");
    let deep = (1..=100).filter(|&s| born_dead(40, s)).count();
    assert!(deep > 90, "{deep} of 100 depth-40 networks born dead");
}
