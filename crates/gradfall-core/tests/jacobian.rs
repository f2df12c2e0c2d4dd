//! The SVD against independent references, and the Jacobian spectra of ∂h_L/∂h_1 against
//! the dynamical-isometry picture (Saxe et al. 2014; Pennington, Schoenholz & Ganguli 2017).

use gradfall_core::theory::jacobian::{jacobian, singular_values};
use gradfall_core::theory::svd::svd;
use gradfall_core::Config;

/// A fixed pseudo-random matrix (a linear congruential sequence), independent of the engine.
fn matrix(rows: usize, cols: usize, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..rows * cols)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        })
        .collect()
}

#[test]
fn svd_reconstructs_the_matrix_with_orthonormal_factors() {
    let (m, n) = (7, 5);
    let a = matrix(m, n, 3);
    let d = svd(&a, m, n).unwrap();
    for i in 0..m {
        for j in 0..n {
            let back: f64 = (0..n)
                .map(|k| d.u[i * n + k] * d.s[k] * d.v[j * n + k])
                .sum();
            assert!((back - a[i * n + j]).abs() < 1e-10, "A[{i}][{j}]");
        }
    }
    for p in 0..n {
        for q in 0..n {
            let want = if p == q { 1.0 } else { 0.0 };
            let utu: f64 = (0..m).map(|i| d.u[i * n + p] * d.u[i * n + q]).sum();
            let vtv: f64 = (0..n).map(|i| d.v[i * n + p] * d.v[i * n + q]).sum();
            assert!((utu - want).abs() < 1e-10 && (vtv - want).abs() < 1e-10);
        }
    }
    assert!(d.s.windows(2).all(|w| w[0] >= w[1]), "descending");
}

#[test]
fn svd_of_a_2x2_matches_the_closed_form_eigenvalues_of_ata() {
    let a = [3.0, 1.0, -2.0, 0.5];
    // AᵀA = [[p, r], [r, t]]; its eigenvalues are (p+t)/2 ± √(((p−t)/2)² + r²).
    let (p, r, t) = (3.0f64 * 3.0 + 2.0 * 2.0, 3.0 * 1.0 - 2.0 * 0.5, 1.0 + 0.25);
    let mid = (p + t) / 2.0;
    let half = (((p - t) / 2.0).powi(2) + r * r).sqrt();
    let want = [(mid + half).sqrt(), (mid - half).sqrt()];
    let got = svd(&a, 2, 2).unwrap().s;
    assert!((got[0] - want[0]).abs() < 1e-12 && (got[1] - want[1]).abs() < 1e-12);
    // |det A| = σ₁σ₂.
    assert!((got[0] * got[1] - (3.0f64 * 0.5 + 2.0).abs()).abs() < 1e-12);
}

#[test]
fn an_orthogonal_matrix_has_every_singular_value_one_and_a_rank_one_has_one() {
    let (c1, s1, c2, s2) = (0.6, 0.8, 0.28, 0.96); // exact Pythagorean pairs
                                                   // Rotation about z times rotation about x.
    let rz = [c1, -s1, 0.0, s1, c1, 0.0, 0.0, 0.0, 1.0];
    let rx = [1.0, 0.0, 0.0, 0.0, c2, -s2, 0.0, s2, c2];
    let q: Vec<f64> = (0..9)
        .map(|k| {
            (0..3)
                .map(|m| rz[(k / 3) * 3 + m] * rx[m * 3 + k % 3])
                .sum()
        })
        .collect();
    for s in svd(&q, 3, 3).unwrap().s {
        assert!((s - 1.0).abs() < 1e-12, "{s}");
    }
    // u·vᵀ with |u| = 3, |v| = 5: σ = (15, 0, 0).
    let (u, v) = ([1.0, 2.0, 2.0], [3.0, 0.0, 4.0]);
    let outer: Vec<f64> = (0..9).map(|k| u[k / 3] * v[k % 3]).collect();
    let s = svd(&outer, 3, 3).unwrap().s;
    assert!((s[0] - 15.0).abs() < 1e-12 && s[1].abs() < 1e-12 && s[2].abs() < 1e-12);
}

#[test]
fn svd_refuses_bad_shapes_and_values() {
    assert!(svd(&[1.0, 2.0], 1, 2).is_err(), "rows < cols");
    assert!(svd(&[1.0], 2, 1).is_err(), "wrong length");
    assert!(svd(&[f64::NAN], 1, 1).is_err());
}

fn spectrum(query: &str) -> Vec<f64> {
    let parsed = Config::from_query(query);
    assert!(parsed.warnings.is_empty(), "{query}");
    singular_values(&parsed.config).unwrap()
}

fn condition(s: &[f64]) -> f64 {
    s[0] / s[s.len() - 1]
}

/// Measured (width 64, depth 20, seed 1): orthogonal tanh at σ_w² = 1, σ_b² = 0 gives σ in
/// [0.24, 0.77], condition number 3.2; ReLU + He gives σ_max 13.5 and a condition number
/// over 1e100 (dead units make the product singular); Gaussian tanh 9e16.
#[test]
fn orthogonal_tanh_near_criticality_concentrates_and_relu_he_spreads() {
    let ortho = spectrum("act=tanh&init=orthogonal&depth=20&width=64");
    assert_eq!(ortho.len(), 64);
    assert!(condition(&ortho) < 5.0, "orthogonal tanh: {ortho:?}");
    assert!(ortho.iter().all(|&s| (0.2..=1.0).contains(&s)), "{ortho:?}");
    let relu = spectrum("act=relu&init=he&depth=20&width=64");
    assert!(condition(&relu) > 1e6, "relu he: {relu:?}");
    assert!(relu[0] > 5.0, "the largest direction grows: {}", relu[0]);
    let gauss = spectrum("act=tanh&init=xavier-normal&depth=20&width=64");
    assert!(condition(&gauss) > 1e6, "gaussian tanh: {gauss:?}");
}

#[test]
fn the_jacobian_of_a_linear_orthogonal_stack_is_orthogonal() {
    // Identity activation: ∂h_L/∂h_1 = W_L⋯W_2, a product of orthogonal matrices.
    let s = spectrum("act=linear&init=orthogonal&depth=6&width=16");
    assert!(s.iter().all(|&v| (v - 1.0).abs() < 1e-5), "{s:?}");
}

#[test]
fn one_hidden_layer_gives_the_identity_and_norms_are_refused() {
    let one = jacobian(&Config::from_query("depth=1&width=4").config).unwrap();
    assert_eq!(
        one,
        [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    );
    for q in ["norm=batch", "norm=layer", "width=512"] {
        assert!(
            singular_values(&Config::from_query(q).config).is_err(),
            "{q}"
        );
    }
}
