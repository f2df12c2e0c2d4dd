//! Exports for `cargo xtask bench` (bench/bench.mjs): products and training steps on data that
//! stays in wasm memory, so a timed call measures the kernel and the call, not copies. Built
//! only with the `bench` feature (the benchmark's builds), so the page's module does not carry
//! them, nor the scalar kernel they time.
//! Nothing here panics on bad input: sizes are checked and reported as JS errors.

use gradfall_core::bare_step::BareStep;
use gradfall_core::kernels::{self, verify, Shape};
use gradfall_core::{Config, Trainer};
use wasm_bindgen::prelude::*;

/// Largest operand a benchmark may ask for (elements), far above the training shapes.
const MAX_ELEMENTS: usize = 1 << 24;

fn parse_shape(shape: &str) -> Result<Shape, JsError> {
    match shape {
        "AB" => Ok(Shape::AB),
        "ABt" => Ok(Shape::ABt),
        "AtB" => Ok(Shape::AtB),
        other => Err(JsError::new(&format!(
            "unknown GEMM shape {other:?}: use AB, ABt or AtB"
        ))),
    }
}

/// Make every product of this instance use the kernel called `name` (see
/// `gradfall_core::kernels::use_kernel`): the benchmark forces `relaxed-madd` in the
/// relaxed-SIMD build to time what the determinism rule forbids. Throws on an unknown name.
#[wasm_bindgen(js_name = useKernel)]
pub fn use_kernel(name: &str) -> Result<(), JsError> {
    kernels::use_kernel(name).map_err(|e| JsError::new(&e))
}

/// One product C = op(A)·op(B) on seeded operands resident in wasm memory.
#[wasm_bindgen(js_name = GemmBench)]
pub struct GemmBench {
    shape: Shape,
    m: usize,
    k: usize,
    n: usize,
    a: Vec<f32>,
    b: Vec<f32>,
    c: Vec<f32>,
}

#[wasm_bindgen(js_class = GemmBench)]
impl GemmBench {
    /// `shape` is "AB", "ABt" or "AtB" (see `gradfall_core::kernels`).
    #[wasm_bindgen(constructor)]
    pub fn new(shape: &str, m: usize, k: usize, n: usize) -> Result<GemmBench, JsError> {
        let shape = parse_shape(shape)?;
        let too_big = |x: usize, y: usize| x.checked_mul(y).is_none_or(|e| e > MAX_ELEMENTS);
        if m == 0 || k == 0 || n == 0 || too_big(m, k) || too_big(k, n) || too_big(m, n) {
            return Err(JsError::new(&format!("GEMM size {m}×{k}×{n} out of range")));
        }
        Ok(GemmBench {
            shape,
            m,
            k,
            n,
            a: verify::random_matrix(m * k, 1),
            b: verify::random_matrix(k * n, 2),
            c: vec![0.0; m * n],
        })
    }

    /// One product with the build's best kernel.
    pub fn run(&mut self) {
        kernels::gemm(
            self.shape,
            self.m,
            self.k,
            self.n,
            &self.a,
            &self.b,
            &mut self.c,
            false,
        );
    }

    /// One product with the scalar reference kernel.
    #[wasm_bindgen(js_name = runScalar)]
    pub fn run_scalar(&mut self) {
        kernels::gemm_scalar(
            self.shape,
            self.m,
            self.k,
            self.n,
            &self.a,
            &self.b,
            &mut self.c,
            false,
        );
    }

    /// Sum of C, so the caller can check that the kernels agree.
    pub fn checksum(&self) -> f64 {
        self.c.iter().map(|&v| v as f64).sum()
    }
}

/// C = A·B for row-major A (m×k) and B (k×n) with the scalar reference kernel, beside the
/// page's `matmul` (best kernel) for tests and benchmarks.
#[wasm_bindgen(js_name = matmulScalar)]
pub fn matmul_scalar(
    a: &[f32],
    b: &[f32],
    m: usize,
    k: usize,
    n: usize,
) -> Result<Vec<f32>, JsError> {
    let fits = |len: usize, x: usize, y: usize| x.checked_mul(y) == Some(len);
    if !fits(a.len(), m, k)
        || !fits(b.len(), k, n)
        || m.checked_mul(n).is_none_or(|e| e > MAX_ELEMENTS)
    {
        return Err(JsError::new(&format!(
            "matmulScalar: a has {} values and b {}, expected {m}×{k} and {k}×{n}",
            a.len(),
            b.len()
        )));
    }
    let mut c = vec![0.0; m * n];
    kernels::gemm_scalar(Shape::AB, m, k, n, a, b, &mut c, false);
    Ok(c)
}

/// A training step of the configuration `query`, two ways: the trainer's whole step (with the
/// per-layer statistics the page shows) and the bare step (the work tfjs does).
#[wasm_bindgen(js_name = StepBench)]
pub struct StepBench {
    trainer: Trainer,
    bare: BareStep,
    inputs: usize,
    classes: usize,
}

#[wasm_bindgen(js_class = StepBench)]
impl StepBench {
    /// Fails on a query with warnings or one the trainer refuses.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Result<StepBench, JsError> {
        let parsed = Config::from_query(query);
        if !parsed.warnings.is_empty() {
            return Err(JsError::new(&format!(
                "{query}: {}",
                crate::convert::texts(&parsed.warnings).join("; ")
            )));
        }
        let config = parsed.config;
        let trainer =
            Trainer::new(config.clone()).map_err(|e| JsError::new(&e.problems.join("; ")))?;
        let (inputs, classes) = (trainer.data().n_inputs, trainer.data().n_classes);
        Ok(StepBench {
            bare: BareStep::new(&config),
            trainer,
            inputs,
            classes,
        })
    }

    /// One trainer step: update, next batch, forward, backward, statistics.
    pub fn step(&mut self) -> Result<(), JsError> {
        if self.trainer.step(1) == 1 {
            Ok(())
        } else {
            Err(JsError::new(
                "training diverged: the timing would not be meaningful",
            ))
        }
    }

    /// One bare step: update, forward, loss, backward on a fixed batch.
    #[wasm_bindgen(js_name = stepWithoutStats)]
    pub fn step_without_stats(&mut self) -> Result<(), JsError> {
        if self.bare.step() {
            Ok(())
        } else {
            Err(JsError::new(
                "training diverged: the timing would not be meaningful",
            ))
        }
    }

    /// Input features and classes of the data set, to build the same MLP elsewhere.
    pub fn inputs(&self) -> usize {
        self.inputs
    }

    pub fn classes(&self) -> usize {
        self.classes
    }
}
