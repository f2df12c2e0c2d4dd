//! The page's second wasm module, the lab: everything beyond training one run on the page.
//! The Seeds mode's sweep (`sweepPlan`, `sweepRun`, `sweepCells`), the signal-propagation
//! lab (theory summary, phase diagram, Jacobian spectrum, "Fill with real runs"), the papers
//! page's reproductions, and `trainJson` (a whole run as the CLI prints it, for `cargo xtask
//! test determinism`).
//!
//! Why a second module: the playground's first paint needs only the engine (`gradfall-wasm`);
//! these exports drag in the sweep statistics, the mean-field theory's solvers, the Jacobian's
//! SVD and a float formatter, about a third of the old single module. The page loads this one
//! lazily (www/wasm.js `loadLabModule`) the first time a reader asks for one of them.
//!
//! Like the engine, type translation only, no maths; errors become JS `Error`s carrying the
//! core's message, and nothing may panic across the boundary (the hook below only makes a
//! bug readable in the console).

mod lab;
mod replay;
mod reproduce;
mod sweep;

use wasm_bindgen::prelude::*;

pub use lab::{
    grid_sweep_run, grid_sweep_size, jacobian_spectrum, phase_axes, phase_row, plane_sigma_w2,
    theory_summary,
};
pub use replay::train_json;
pub use reproduce::{reproduce, reproductions};
pub use sweep::{sweep_cells, sweep_plan, sweep_run};

/// Runs once when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Hand this module the digits data set (the bytes of `pkg/digits.bin`), as the engine's
/// `provideDigits`: a sweep or a spectrum may train on `data=digits`. Throws when the bytes
/// are not the asset.
#[wasm_bindgen(js_name = provideDigits)]
pub fn provide_digits(asset: &[u8]) -> Result<(), JsError> {
    gradfall_js::provide_digits(asset)
}

/// Whether this module has the digits data set.
#[wasm_bindgen(js_name = digitsLoaded)]
pub fn digits_loaded() -> bool {
    gradfall_js::digits_loaded()
}
