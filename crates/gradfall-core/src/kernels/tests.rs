//! Native tests of the kernels against the f64 reference (the wasm build runs the same checks in
//! `gradfall-wasm/tests/kernels.rs`).

use super::verify::{check_all, random_matrix};
use super::{gemm, gemm_scalar, kernel_name, Shape};

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
fn native_builds_dispatch_to_the_scalar_kernel() {
    assert_eq!(kernel_name(), "scalar 4x4");
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
