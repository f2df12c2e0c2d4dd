//! `cargo xtask bench`: gradfall against TensorFlow.js in one run.
//!
//! STUB: owned and written by the SIMD work (issue 5); it replaces this file.

/// Run the benchmark with the words after `bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    let _ = args;
    Err("`cargo xtask bench` is not built yet".to_string())
}
