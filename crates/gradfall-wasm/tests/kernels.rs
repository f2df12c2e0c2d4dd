//! The kernels as the browser runs them: the same f64-reference checks as the native tests
//! (`gradfall_core::kernels::verify`), here on the wasm build, in Node via wasm-bindgen-test.
//!
//! Run on the SIMD128 build (and again with `+relaxed-simd`, in Node 20 with
//! `--experimental-wasm-relaxed-simd`); `cargo xtask test` does both.
#![cfg(target_arch = "wasm32")]

use gradfall_core::kernels::{self, verify};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_build_dispatches_to_the_kernel_its_features_allow() {
    let expected = if cfg!(target_feature = "relaxed-simd") {
        "relaxed-simd"
    } else if cfg!(target_feature = "simd128") {
        "simd128"
    } else {
        "scalar"
    };
    assert!(
        kernels::kernel_name().starts_with(expected),
        "{} for {expected}",
        kernels::kernel_name()
    );
}

#[wasm_bindgen_test]
fn dispatched_kernel_matches_the_f64_reference_on_every_size() {
    verify::check_all(kernels::gemm).unwrap();
}

#[cfg(target_feature = "simd128")]
#[wasm_bindgen_test]
fn plain_simd128_kernel_matches_the_f64_reference_on_every_size() {
    verify::check_all(kernels::gemm_simd128).unwrap();
}

#[wasm_bindgen_test]
fn scalar_kernel_matches_the_f64_reference_on_every_size() {
    verify::check_all(kernels::gemm_scalar).unwrap();
}

/// The SIMD and scalar kernels sum in different orders, so they may differ in the last bits,
/// but each is reproducible: two runs give the same bits.
#[wasm_bindgen_test]
fn dispatched_kernel_is_deterministic() {
    let (m, k, n) = (64, 300, 72);
    let a = verify::random_matrix(m * k, 5);
    let b = verify::random_matrix(k * n, 6);
    for shape in [kernels::Shape::AB, kernels::Shape::ABt, kernels::Shape::AtB] {
        let mut first = vec![0.0; m * n];
        let mut second = vec![1.0; m * n];
        kernels::gemm(shape, m, k, n, &a, &b, &mut first, false);
        kernels::gemm(shape, m, k, n, &a, &b, &mut second, false);
        assert!(
            first
                .iter()
                .zip(&second)
                .all(|(x, y)| x.to_bits() == y.to_bits()),
            "{shape:?}"
        );
    }
}
