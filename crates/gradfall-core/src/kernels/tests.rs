//! Native tests of the kernels against the f64 reference (the wasm build runs the same checks in
//! `gradfall-wasm/tests/kernels.rs`).

use super::verify::{check_all, check_same_bits, random_matrix};
use super::{available, by_name, gemm, gemm_scalar, kernel_name, use_kernel, Shape};

#[test]
fn scalar_kernel_matches_the_f64_reference_on_every_size() {
    let checked = check_all(gemm_scalar).unwrap();
    assert!(checked > 100_000, "only {checked} products checked");
}

#[test]
fn dispatched_kernel_matches_the_f64_reference_on_every_size() {
    check_all(gemm).unwrap();
}

#[test]
fn native_builds_dispatch_to_the_best_kernel_the_cpu_has() {
    #[cfg(target_arch = "x86_64")]
    {
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        let avx512 = std::arch::is_x86_feature_detected!("avx512f");
        let mut expected = vec!["scalar"];
        expected.extend(avx2.then_some("avx2"));
        expected.extend(avx512.then_some("avx512"));
        assert_eq!(available(), expected);
        let label = match expected.last() {
            Some(&"avx512") => "avx512 12x16",
            Some(&"avx2") => "avx2 6x16",
            _ => "scalar 4x4",
        };
        assert_eq!(kernel_name(), label);
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        assert_eq!(available(), ["scalar"]);
        assert_eq!(kernel_name(), "scalar 4x4");
    }
}

/// Every kernel this CPU can run, not only the dispatched one (the AVX2 and AVX-512 kernels are
/// compiled on every x86-64 build; a CPU without the instructions skips them, and says so).
#[test]
fn every_available_kernel_matches_the_f64_reference() {
    for name in available() {
        let checked = check_all(by_name(name).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(checked > 100_000, "{name}: only {checked} products checked");
    }
}

/// The determinism rule: every kernel gives the scalar kernel's bits.
#[test]
fn every_available_kernel_gives_the_scalar_kernels_bits() {
    for name in available() {
        let compared = check_same_bits(by_name(name).unwrap(), gemm_scalar)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(compared > 100_000, "{name}: only {compared} products");
    }
    #[cfg(target_arch = "x86_64")]
    for (feature, detected) in [
        ("AVX2", std::arch::is_x86_feature_detected!("avx2")),
        ("AVX-512F", std::arch::is_x86_feature_detected!("avx512f")),
    ] {
        if !detected {
            eprintln!("note: this CPU has no {feature}; its kernel was not tested");
        }
    }
}

/// The comparison can fail: the same sums with a fused multiply-add (one rounding per step
/// instead of two) are caught.
#[test]
fn a_fused_multiply_add_breaks_the_bits() {
    fn fused(
        shape: Shape,
        m: usize,
        k: usize,
        n: usize,
        a: &[f32],
        b: &[f32],
        c: &mut [f32],
        accumulate: bool,
    ) {
        for i in 0..m {
            for j in 0..n {
                let mut sum = 0.0f32;
                for p in 0..k {
                    let (x, y) = match shape {
                        Shape::AB => (a[i * k + p], b[p * n + j]),
                        Shape::ABt => (a[i * k + p], b[j * k + p]),
                        Shape::AtB => (a[p * m + i], b[p * n + j]),
                    };
                    sum = x.mul_add(y, sum);
                }
                c[i * n + j] = if accumulate { c[i * n + j] + sum } else { sum };
            }
        }
    }
    let error = check_same_bits(fused, gemm_scalar).unwrap_err();
    assert!(error.contains("the reference gives"), "{error}");
}

#[test]
fn forcing_an_unknown_or_missing_kernel_is_a_clear_error() {
    let error = use_kernel("neon").unwrap_err();
    assert!(
        error.contains("unknown kernel 'neon'") && error.contains("scalar"),
        "{error}"
    );
    #[cfg(target_arch = "x86_64")]
    if !std::arch::is_x86_feature_detected!("avx2") {
        assert!(use_kernel("avx2").unwrap_err().contains("lacks"));
    }
}

/// Same inputs ⇒ same bits, wherever the operands sit in memory.
#[test]
fn results_do_not_depend_on_alignment() {
    let (m, k, n) = (37, 300, 45);
    for shape in [Shape::AB, Shape::ABt, Shape::AtB] {
        let a = random_matrix(m * k, 1);
        let b = random_matrix(k * n, 2);
        let mut first = vec![0.0; m * n];
        gemm(shape, m, k, n, &a, &b, &mut first, false);
        for offset in 1..4 {
            let mut a2 = vec![0.0; offset];
            a2.extend(&a);
            let mut b2 = vec![0.0; 3 - offset + 1];
            b2.extend(&b);
            let mut c2 = vec![0.0; m * n + offset];
            gemm(
                shape,
                m,
                k,
                n,
                &a2[offset..],
                &b2[4 - offset..],
                &mut c2[offset..],
                false,
            );
            let same = first
                .iter()
                .zip(&c2[offset..])
                .all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{shape:?}: bits differ at offset {offset}");
        }
    }
}

#[test]
#[should_panic(expected = "slices too short")]
fn short_slices_are_a_programming_error() {
    gemm(
        Shape::AB,
        2,
        2,
        2,
        &[0.0; 3],
        &[0.0; 4],
        &mut [0.0; 4],
        false,
    );
}
