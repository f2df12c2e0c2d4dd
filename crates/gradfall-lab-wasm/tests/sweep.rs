//! The Seeds mode's sweep bindings in Node: cells computed from run lines read back in
//! JavaScript (`JSON.parse`) equal the core's cells of the same runs, as serde_json prints
//! them (what `gradfall sweep` prints).
#![cfg(target_arch = "wasm32")]

use gradfall_core::sweep::{cells, summary, Axis, Line, Plan, DEFAULT_TARGET};
use gradfall_lab_wasm::{sweep_cells, sweep_run};
use wasm_bindgen_test::wasm_bindgen_test;

fn error_message(err: wasm_bindgen::JsError) -> String {
    use wasm_bindgen::JsCast;
    let error: js_sys::Error = wasm_bindgen::JsValue::from(err)
        .dyn_into()
        .expect("an Error");
    error.message().into()
}

#[wasm_bindgen_test]
fn cells_of_the_run_lines_equal_the_cells_of_the_summaries() {
    let query = "act=tanh&depth=3&width=8&b.act=relu&b.lr=0.3";
    let (seeds, steps) = (3, 60);
    let plan = Plan::new(
        query,
        &[Axis::parse("seed=1..3").unwrap()],
        steps,
        DEFAULT_TARGET,
    )
    .unwrap();
    let summaries: Vec<_> = plan
        .runs
        .iter()
        .map(|spec| summary::run(&plan.id, plan.runs.len(), spec, steps, plan.target).unwrap())
        .collect();
    let lines: Vec<String> = (0..plan.runs.len())
        .map(|i| sweep_run(query, seeds, steps, i).unwrap())
        .collect();
    for (line, summary) in lines.iter().zip(&summaries) {
        let expected = Line::Run(Box::new(summary.clone()));
        assert_eq!(line, &serde_json::to_string(&expected).unwrap());
    }
    let expected: Vec<String> = cells(&summaries)
        .into_iter()
        .map(|cell| serde_json::to_string(&Line::Cell(Box::new(cell))).unwrap())
        .collect();
    assert_eq!(expected.len(), 2);
    assert_eq!(sweep_cells(lines).unwrap(), expected);
}

#[wasm_bindgen_test]
fn a_line_that_is_not_a_run_line_is_refused_by_number() {
    let good = sweep_run("depth=2&width=4", 1, 5, 0).unwrap();
    for bad in ["not json", "{}", "{\"kind\":\"cell\"}", "[1,2]"] {
        let err = sweep_cells(vec![good.clone(), bad.to_string()]).unwrap_err();
        assert_eq!(
            error_message(err),
            "line 2 is not a run line of a sweep",
            "{bad}"
        );
    }
}
