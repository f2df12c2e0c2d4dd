//! The kernels as the browser runs them: the same checks as the native tests
//! (`gradfall_core::kernels::verify`), here on the wasm build, in Node via wasm-bindgen-test:
//! each kernel against the f64 reference, and every kernel bit for bit against the scalar one
//! (the determinism rule). `cargo xtask test wasm` runs them on the page's SIMD128 build.
#![cfg(target_arch = "wasm32")]

use gradfall_core::kernels::{self, verify};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_build_dispatches_to_the_kernel_its_features_allow() {
    let expected = if cfg!(target_feature = "simd128") {
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
fn every_kernel_matches_the_f64_reference_on_every_size() {
    for name in kernels::available() {
        let gemm = kernels::by_name(name).unwrap();
        verify::check_all(gemm).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The determinism rule: the SIMD128 kernel gives exactly the scalar kernel's bits, so the
/// page computes what the CLI computes.
#[wasm_bindgen_test]
fn every_kernel_gives_the_scalar_kernels_bits() {
    let names = kernels::available();
    assert_eq!(
        names.len(),
        if cfg!(target_feature = "simd128") {
            2
        } else {
            1
        }
    );
    for name in names {
        let gemm = kernels::by_name(name).unwrap();
        verify::check_same_bits(gemm, kernels::gemm_scalar)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}
