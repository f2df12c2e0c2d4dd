//! `gradfall bench`: native GEMM and training-step timings.
//!
//! STUB: owned and written by the SIMD work (issue 5); it replaces this file.

/// Run the benchmark named by `args`.
pub fn run(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("`gradfall bench` is not built yet".to_string())
}
