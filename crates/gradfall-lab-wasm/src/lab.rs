//! The signal-propagation lab's exports: the mean-field summary of a configuration, its phase
//! diagram a row at a time, the Jacobian spectrum, and a sweep over (`gain`, `bstd`) for
//! "Fill with real runs". The numbers are the engine's (`gradfall theory`, `gradfall
//! jacobian`, `gradfall sweep`); grids travel as `Float64Array`s, not serde arrays. Every
//! failure is a JS `Error` with the engine's sentence.

use gradfall_core::sweep::{Axis, Plan, SweepError, DEFAULT_TARGET};
use gradfall_core::theory::jacobian;
use gradfall_core::theory::summary::{
    not_applicable, sigma_w2, PhaseGrid, PhaseRow, Summary, PLANE,
};
use gradfall_core::Config;
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

use gradfall_js as convert;

/// The configuration of a single query (A's keys; warnings are the page's business).
fn config(query: &str) -> Config {
    Config::from_query(query).config
}

/// `{sigma_w2, sigma_b2, q_star, chi1, xi_q, xi_c, c_star, critical_sigma_w2,
/// trainable_depth, note}`: what `gradfall theory QUERY` prints (null: none or infinite).
#[wasm_bindgen(js_name = theorySummary)]
pub fn theory_summary(query: &str) -> JsValue {
    convert::to_js(&Summary::of(&config(query)))
}

/// σ_w² of `query`'s hidden layers at `gain` = 1: a point of the plane at σ_w² has `gain` =
/// √(σ_w² / this). The engine's definition (width × the initialisation's variance).
#[wasm_bindgen(js_name = planeSigmaW2)]
pub fn plane_sigma_w2(query: &str) -> f64 {
    let mut config = config(query);
    config.gain = 1.0;
    sigma_w2(&config)
}

/// The phase diagram's axes at `resolution` (2..=64): `{sigmaW2, sigmaB2, extent: [σ_w² max,
/// σ_b² max]}`, as `gradfall theory --grid --resolution N` has them.
#[wasm_bindgen(js_name = phaseAxes)]
pub fn phase_axes(resolution: usize) -> JsValue {
    let (w, b) = PhaseGrid::axes(resolution);
    convert::object(&[
        ("sigmaW2", Float64Array::from(&w[..]).into()),
        ("sigmaB2", Float64Array::from(&b[..]).into()),
        ("extent", Float64Array::from(&[PLANE.0, PLANE.1][..]).into()),
    ])
}

/// Row `row` (one σ_b²) of the phase diagram of `query`'s activation: `{xiC: Float64Array
/// (Infinity where infinite), critical: σ_w² with χ₁ = 1 at this σ_b² (NaN: none)}`. Throws
/// when the theory does not apply (a normalisation) or the row is outside the grid.
#[wasm_bindgen(js_name = phaseRow)]
pub fn phase_row(query: &str, resolution: usize, row: usize) -> Result<JsValue, JsError> {
    let config = config(query);
    if let Some(note) = not_applicable(&config) {
        return Err(JsError::new(note));
    }
    let PhaseRow { xi_c, critical } = PhaseRow::of(&config, resolution, row).ok_or_else(|| {
        JsError::new(&format!(
            "row {row} is outside a phase diagram of resolution {resolution}"
        ))
    })?;
    let xi_c: Vec<f64> = xi_c.iter().map(|x| x.unwrap_or(f64::INFINITY)).collect();
    Ok(convert::object(&[
        ("xiC", Float64Array::from(&xi_c[..]).into()),
        (
            "critical",
            JsValue::from_f64(critical.sigma_w2.unwrap_or(f64::NAN)),
        ),
    ]))
}

/// The singular values of ∂h_L/∂h_1 at initialisation, descending, as `gradfall jacobian
/// QUERY` prints them. Throws on a normalisation, a width above the limit or a configuration
/// the trainer cannot build.
#[wasm_bindgen(js_name = jacobianSpectrum)]
pub fn jacobian_spectrum(query: &str) -> Result<Float64Array, JsError> {
    let values = jacobian::singular_values(&config(query)).map_err(|e| JsError::new(&e))?;
    Ok(Float64Array::from(&values[..]))
}

fn grid_plan(query: &str, axes: &[String], steps: u64) -> Result<Plan, JsError> {
    let fail = |e: SweepError| JsError::new(&e.0);
    let axes: Vec<Axis> = axes
        .iter()
        .map(|a| Axis::parse(a))
        .collect::<Result<_, _>>()
        .map_err(fail)?;
    Plan::new(query, &axes, steps, DEFAULT_TARGET).map_err(fail)
}

/// How many runs `gradfall sweep QUERY --over AXIS… --steps STEPS` plans (`axes`: one
/// `KEY=VALUES` per axis, first slowest). Throws on a sweep the engine refuses.
#[wasm_bindgen(js_name = gridSweepSize)]
pub fn grid_sweep_size(query: &str, axes: Vec<String>, steps: u64) -> Result<usize, JsError> {
    Ok(grid_plan(query, &axes, steps)?.runs.len())
}

/// Trains run `run` of `gradfall sweep QUERY --over AXIS… --steps STEPS` and returns its
/// JSON line, the text the command line prints for it. Throws on a bad sweep, a run index out
/// of range or a configuration that cannot be trained.
#[wasm_bindgen(js_name = gridSweepRun)]
pub fn grid_sweep_run(
    query: &str,
    axes: Vec<String>,
    steps: u64,
    run: usize,
) -> Result<String, JsError> {
    crate::sweep::run_line(&grid_plan(query, &axes, steps)?, run)
}
