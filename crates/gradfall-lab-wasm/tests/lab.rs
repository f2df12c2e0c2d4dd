//! The signal-propagation lab's exports as JavaScript sees them (Node, `cargo xtask test
//! wasm`): the same numbers as the engine's own functions (which `gradfall theory` and
//! `gradfall jacobian` print), and a JS `Error` with the engine's sentence for every bad input.
#![cfg(target_arch = "wasm32")]

use gradfall_core::theory::{jacobian, summary};
use gradfall_core::Config;
use gradfall_lab_wasm::{
    grid_sweep_run, grid_sweep_size, jacobian_spectrum, phase_axes, phase_row, plane_sigma_w2,
    theory_summary,
};
use js_sys::{Float64Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const TANH: &str = "act=tanh&init=lecun&bstd=0.2236068";

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("property read")
}

fn floats(value: &JsValue) -> Vec<f64> {
    value
        .clone()
        .dyn_into::<Float64Array>()
        .expect("a Float64Array")
        .to_vec()
}

fn message(err: wasm_bindgen::JsError) -> String {
    let error: js_sys::Error = JsValue::from(err).dyn_into().expect("a JS Error object");
    error.message().into()
}

#[wasm_bindgen_test]
fn the_summary_is_the_engines() {
    let expected = summary::Summary::of(&Config::from_query(TANH).config);
    let js = theory_summary(TANH);
    assert_eq!(get(&js, "q_star").as_f64(), expected.q_star);
    assert_eq!(get(&js, "chi1").as_f64(), expected.chi1);
    assert_eq!(get(&js, "xi_c").as_f64(), expected.xi_c);
    assert_eq!(
        get(&js, "critical_sigma_w2").as_f64(),
        expected.critical_sigma_w2
    );
    assert!(get(&js, "note").is_null());
    // tanh at σ_w² = 1, σ_b² = 0.05: ordered (χ₁ < 1), critical σ_w² ≈ 1.76 (README).
    let chi1 = expected.chi1.unwrap();
    assert!(chi1 > 0.7 && chi1 < 0.8, "{chi1}");
    // LeCun's variance is 1/fan_in: σ_w² = gain² exactly, so gain 1 gives 1.
    assert_eq!(plane_sigma_w2("act=tanh&init=lecun&gain=3"), 1.0);
    // He: 2 per gain².
    assert_eq!(plane_sigma_w2("act=relu&init=he"), 2.0);
}

#[wasm_bindgen_test]
fn phase_rows_are_the_grids_rows() {
    let config = Config::from_query("act=relu").config;
    let grid = summary::PhaseGrid::of(&config, 4).unwrap();
    let axes = phase_axes(4);
    assert_eq!(floats(&get(&axes, "sigmaW2")), grid.sigma_w2);
    assert_eq!(floats(&get(&axes, "sigmaB2")), grid.sigma_b2);
    for row in 0..4 {
        let js = phase_row("act=relu", 4, row).expect("a row");
        let xi: Vec<Option<f64>> = floats(&get(&js, "xiC"))
            .into_iter()
            .map(|v| Some(v).filter(|v| v.is_finite()))
            .collect();
        assert_eq!(xi, grid.xi_c[row]);
        let critical = get(&js, "critical").as_f64().unwrap();
        match grid.critical_line[row].sigma_w2 {
            Some(w) => assert_eq!(critical, w),
            None => assert!(critical.is_nan()),
        }
    }
    // ReLU at σ_b² = 0 is critical at σ_w² = 2: ξ_c infinite there (the grid's 2nd point).
    let first = floats(&get(&phase_row("act=relu", 4, 0).unwrap(), "xiC"));
    assert_eq!(first[1], f64::INFINITY);
}

#[wasm_bindgen_test]
fn bad_phase_questions_are_errors() {
    let text = message(phase_row("act=tanh&norm=batch", 8, 0).unwrap_err());
    assert!(text.contains("normalisation"), "{text}");
    let text = message(phase_row("act=tanh", 8, 8).unwrap_err());
    assert!(text.contains("row 8"), "{text}");
    let note = get(&theory_summary("norm=layer"), "note");
    assert!(note.as_string().unwrap().contains("critical line"));
}

#[wasm_bindgen_test]
fn the_spectrum_is_the_engines_and_refuses_what_it_cannot_do() {
    let query = "act=tanh&init=orthogonal&depth=6&width=16";
    let expected = jacobian::singular_values(&Config::from_query(query).config).unwrap();
    assert_eq!(jacobian_spectrum(query).unwrap().to_vec(), expected);
    assert_eq!(expected.len(), 16);
    let text = message(jacobian_spectrum("width=512").unwrap_err());
    assert!(text.contains("width"), "{text}");
    let text = message(jacobian_spectrum("norm=batch").unwrap_err());
    assert!(text.contains("norm=none"), "{text}");
}

#[wasm_bindgen_test]
fn the_grid_sweep_plans_and_trains_real_runs() {
    let query = "depth=2&width=4";
    let axes = || vec!["bstd=0,0.5".to_string(), "gain=0.5,1,2".to_string()];
    assert_eq!(grid_sweep_size(query, axes(), 10).unwrap(), 6);
    let line = grid_sweep_run(query, axes(), 10, 5).unwrap();
    assert!(line.contains("\"point\":\"bstd=0.5&gain=2\""), "{line}");
    assert!(line.contains("\"test_accuracy\""), "{line}");
    let text = message(grid_sweep_run(query, axes(), 10, 6).unwrap_err());
    assert!(text.contains("run 6"), "{text}");
    let text = message(grid_sweep_size(query, vec!["gian=1,2".into()], 10).unwrap_err());
    assert!(text.contains("gain"), "did you mean: {text}");
}
