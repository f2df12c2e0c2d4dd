//! Every initialisation scheme draws what its formula says (issue 2, item 5): the empirical
//! variance of a 512×512 layer within 5 % of `init::variance`, uniform schemes inside their
//! bounds, orthogonal matrices orthonormal, zeros zero, the leaky gain applied, `gain` scaling
//! the standard deviation, and the same seed giving the same weights.

use gradfall_core::init::{fill, variance};
use gradfall_core::rng::Rng;
use gradfall_core::{Activation, Init};

const ALL_INITS: [Init; 9] = [
    Init::He,
    Init::Xavier,
    Init::XavierNormal,
    Init::HeUniform,
    Init::Lecun,
    Init::Uniform,
    Init::Orthogonal,
    Init::Lsuv,
    Init::Zeros,
];

fn draw(
    init: Init,
    act: Activation,
    alpha: f32,
    gain: f32,
    fan_in: usize,
    fan_out: usize,
    seed: u64,
) -> Vec<f32> {
    let mut w = vec![f32::NAN; fan_in * fan_out];
    fill(
        init,
        act,
        alpha,
        gain,
        fan_in,
        fan_out,
        &mut Rng::new(seed, 7),
        &mut w,
    );
    w
}

/// Mean and variance (about the mean) in f64.
fn moments(w: &[f32]) -> (f64, f64) {
    let n = w.len() as f64;
    let mean = w.iter().map(|&x| x as f64).sum::<f64>() / n;
    let var = w.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
    (mean, var)
}

fn assert_close(got: f64, want: f64, rel: f64, what: &str) {
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "{what}: got {got}, want {want} (±{}%)",
        rel * 100.0
    );
}

#[test]
fn empirical_variance_matches_formula_at_width_512() {
    for init in ALL_INITS {
        if init == Init::Zeros {
            continue;
        }
        for (act, alpha) in [
            (Activation::Relu, 0.0),
            (Activation::Leaky, 0.3),
            (Activation::Tanh, 0.0),
        ] {
            let w = draw(init, act, alpha, 1.0, 512, 512, 42);
            let (mean, var) = moments(&w);
            let want = variance(init, act, alpha, 1.0, 512, 512);
            assert_close(var, want, 0.05, &format!("{init:?} {act:?}"));
            // The mean is zero up to sampling error (std of the mean = √(var/n) ≈ 0.002·√var).
            assert!(mean.abs() < 0.01 * want.sqrt(), "{init:?}: mean {mean}");
        }
    }
}

#[test]
fn variance_formulas() {
    let (fi, fo) = (100, 300);
    let v = |init| variance(init, Activation::Relu, 0.0, 1.0, fi, fo);
    assert_close(v(Init::Uniform), 1.0 / 300.0, 1e-12, "uniform");
    assert_close(v(Init::Xavier), 2.0 / 400.0, 1e-12, "xavier");
    assert_close(v(Init::XavierNormal), 2.0 / 400.0, 1e-12, "xavier-normal");
    assert_close(v(Init::He), 2.0 / 100.0, 1e-12, "he");
    assert_close(v(Init::HeUniform), 2.0 / 100.0, 1e-12, "he-uniform");
    assert_close(v(Init::Lecun), 1.0 / 100.0, 1e-12, "lecun");
    assert_close(v(Init::Orthogonal), 1.0 / 300.0, 1e-12, "orthogonal");
    assert_close(v(Init::Lsuv), 1.0 / 300.0, 1e-12, "lsuv");
    assert_eq!(v(Init::Zeros), 0.0);
}

#[test]
fn rectangular_layers_match_their_formula_too() {
    for init in ALL_INITS {
        for (fi, fo) in [(512, 128), (128, 512), (2, 512), (512, 10)] {
            let w = draw(init, Activation::Relu, 0.0, 1.0, fi, fo, 3);
            let (_, var) = moments(&w);
            let want = variance(init, Activation::Relu, 0.0, 1.0, fi, fo);
            if init == Init::Zeros {
                assert_eq!(var, 0.0);
            } else {
                // At least 1 024 samples: 10 % covers 3 standard errors of a uniform or normal variance.
                assert_close(var, want, 0.10, &format!("{init:?} {fi}→{fo}"));
            }
        }
    }
}

#[test]
fn uniform_schemes_stay_inside_their_bounds() {
    let (fi, fo) = (512, 256);
    for (init, bound) in [
        (Init::Uniform, 1.0 / (fi as f64).sqrt()),
        (Init::Xavier, (6.0 / (fi + fo) as f64).sqrt()),
        (Init::HeUniform, (6.0 / fi as f64).sqrt()),
    ] {
        for gain in [1.0f32, 2.5] {
            let w = draw(init, Activation::Relu, 0.0, gain, fi, fo, 9);
            let b = bound * gain as f64;
            let max = w.iter().map(|x| x.abs() as f64).fold(0.0, f64::max);
            assert!(max <= b * (1.0 + 1e-6), "{init:?} gain {gain}: {max} > {b}");
            // … and fill them: the largest |w| of 131 072 draws is within 0.1 % of the bound.
            assert!(
                max >= b * 0.999,
                "{init:?} gain {gain}: max {max} far below {b}"
            );
        }
    }
}

/// max |(M·Mᵀ − I)_ij| over the k×k Gram matrix of the k rows (length n) of `m`.
fn gram_error(m: &[f64], k: usize, n: usize) -> f64 {
    let mut worst = 0.0f64;
    for a in 0..k {
        for b in 0..=a {
            let dot: f64 = (0..n).map(|e| m[a * n + e] * m[b * n + e]).sum();
            let want = if a == b { 1.0 } else { 0.0 };
            worst = worst.max((dot - want).abs());
        }
    }
    worst
}

fn transpose(w: &[f32], rows: usize, cols: usize) -> Vec<f64> {
    let mut t = vec![0.0; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            t[c * rows + r] = w[r * cols + c] as f64;
        }
    }
    t
}

#[test]
fn orthogonal_is_orthonormal_square_wide_and_tall() {
    for init in [Init::Orthogonal, Init::Lsuv] {
        // Square: both W·Wᵀ and Wᵀ·W are the identity.
        let w = draw(init, Activation::Relu, 0.0, 1.0, 256, 256, 5);
        let rows: Vec<f64> = w.iter().map(|&x| x as f64).collect();
        assert!(gram_error(&rows, 256, 256) < 1e-4, "{init:?} square rows");
        assert!(
            gram_error(&transpose(&w, 256, 256), 256, 256) < 1e-4,
            "{init:?} square columns"
        );

        // fan_out < fan_in: orthonormal rows, W·Wᵀ = I (fan_out × fan_out).
        let (fi, fo) = (300, 120);
        let w = draw(init, Activation::Relu, 0.0, 1.0, fi, fo, 6);
        let rows: Vec<f64> = w.iter().map(|&x| x as f64).collect();
        assert!(gram_error(&rows, fo, fi) < 1e-4, "{init:?} wide");

        // fan_out > fan_in: orthonormal columns, Wᵀ·W = I (fan_in × fan_in).
        let (fi, fo) = (120, 300);
        let w = draw(init, Activation::Relu, 0.0, 1.0, fi, fo, 7);
        assert!(
            gram_error(&transpose(&w, fo, fi), fi, fo) < 1e-4,
            "{init:?} tall"
        );
    }
}

#[test]
fn orthogonal_gain_scales_the_singular_values() {
    let w = draw(Init::Orthogonal, Activation::Relu, 0.0, 3.0, 64, 64, 8);
    let scaled: Vec<f64> = w.iter().map(|&x| x as f64 / 3.0).collect();
    assert!(gram_error(&scaled, 64, 64) < 1e-5);
}

#[test]
fn zeros_are_zeros() {
    let w = draw(Init::Zeros, Activation::Relu, 0.0, 5.0, 33, 17, 1);
    assert!(w.iter().all(|&x| x == 0.0));
}

#[test]
fn leaky_gain_is_applied_for_the_leaky_family() {
    let alpha = 0.5f32;
    for init in [Init::He, Init::HeUniform] {
        let relu = variance(init, Activation::Relu, alpha, 1.0, 512, 512);
        for act in [Activation::Leaky, Activation::Prelu, Activation::Necro] {
            let want = 2.0 / ((1.0 + 0.25) * 512.0);
            assert_close(
                variance(init, act, alpha, 1.0, 512, 512),
                want,
                1e-12,
                &format!("{init:?} {act:?}"),
            );
            let (_, var) = moments(&draw(init, act, alpha, 1.0, 512, 512, 11));
            assert_close(var, want, 0.05, &format!("{init:?} {act:?} drawn"));
            assert!(
                var < relu * 0.85,
                "{init:?} {act:?}: leaky gain not applied ({var} vs relu {relu})"
            );
        }
    }
}

#[test]
fn gain_scales_the_standard_deviation() {
    for init in ALL_INITS {
        if init == Init::Zeros {
            continue;
        }
        let base = variance(init, Activation::Tanh, 0.0, 1.0, 256, 128);
        assert_close(
            variance(init, Activation::Tanh, 0.0, 2.0, 256, 128),
            4.0 * base,
            1e-12,
            &format!("{init:?}"),
        );
        assert_eq!(variance(init, Activation::Tanh, 0.0, 0.0, 256, 128), 0.0);
        // Same seed, gain 2: every weight doubles (to f32 rounding).
        let w1 = draw(init, Activation::Tanh, 0.0, 1.0, 256, 128, 4);
        let w2 = draw(init, Activation::Tanh, 0.0, 2.0, 256, 128, 4);
        for (a, b) in w1.iter().zip(&w2) {
            assert!(
                (2.0 * a - b).abs() <= 1e-6 * b.abs().max(1e-3),
                "{init:?}: {a} → {b}"
            );
        }
    }
}

#[test]
fn deterministic_per_seed() {
    for init in ALL_INITS {
        let a = draw(init, Activation::Relu, 0.0, 1.0, 64, 48, 21);
        let b = draw(init, Activation::Relu, 0.0, 1.0, 64, 48, 21);
        assert_eq!(a, b, "{init:?}");
        assert!(
            a.iter().all(|x| x.is_finite()),
            "{init:?} left unfilled entries"
        );
        if init != Init::Zeros {
            let c = draw(init, Activation::Relu, 0.0, 1.0, 64, 48, 22);
            assert_ne!(a, c, "{init:?}: the seed is ignored");
        }
    }
}

#[test]
fn tiny_layers_do_not_panic() {
    for init in ALL_INITS {
        for (fi, fo) in [(1, 1), (1, 5), (5, 1)] {
            let w = draw(init, Activation::Relu, 0.0, 1.0, fi, fo, 2);
            assert!(w.iter().all(|x| x.is_finite()), "{init:?} {fi}→{fo}");
        }
        assert!(variance(init, Activation::Relu, 0.0, 1.0, 0, 0).is_finite());
    }
}
