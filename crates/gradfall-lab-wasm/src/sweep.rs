//! The sweep engine over seeds, as the page's Seeds mode uses it: the same plan, run
//! summaries and cell statistics as `gradfall sweep QUERY --over seed=1..N`, written as the
//! same JSON lines (the core's `Line`, by the core's `json` writer, as the command line
//! writes them), so a page's numbers can be checked against the command line's, line for
//! line.

use gradfall_core::sweep::{cells, summary, Axis, Line, Plan, RunSummary, SweepError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use gradfall_js as convert;

/// `{id, steps, target, runs: [{run, config, query}]}` returned by `sweepPlan`.
#[derive(Serialize)]
struct PlanJs {
    id: String,
    steps: u64,
    target: f32,
    runs: Vec<RunJs>,
}

#[derive(Serialize)]
struct RunJs {
    run: usize,
    config: String,
    query: String,
}

fn plan(query: &str, seeds: u32, steps: u64) -> Result<Plan, JsError> {
    let fail = |e: SweepError| JsError::new(&e.0);
    if seeds == 0 {
        return Err(JsError::new("the number of seeds must be at least 1"));
    }
    let axis = Axis::parse(&format!("seed=1..{seeds}")).map_err(fail)?;
    Plan::new(query, &[axis], steps, gradfall_core::sweep::DEFAULT_TARGET).map_err(fail)
}

/// Plans `query` (an experiment, A–D) over seeds 1..=`seeds` for `steps` steps per run, as
/// `gradfall sweep QUERY --over seed=1..N --steps STEPS` does: `{id, steps, target, runs:
/// [{run, config, query}]}` in run order (every configuration at seed 1, then seed 2, …).
/// Throws on a query the sweep refuses or too many runs.
#[wasm_bindgen(js_name = sweepPlan)]
pub fn sweep_plan(query: &str, seeds: u32, steps: u64) -> Result<JsValue, JsError> {
    let plan = plan(query, seeds, steps)?;
    Ok(convert::to_js(&PlanJs {
        id: plan.id.clone(),
        steps: plan.steps,
        target: plan.target,
        runs: plan
            .runs
            .iter()
            .map(|r| RunJs {
                run: r.index,
                config: r.label.to_string(),
                query: r.config.to_query(),
            })
            .collect(),
    }))
}

/// Trains run `run` of the plan of `sweepPlan(query, seeds, steps)` and returns its JSON
/// line, the text the command line prints for it. Throws on a bad plan, a run index out of
/// range or a configuration that cannot be trained.
#[wasm_bindgen(js_name = sweepRun)]
pub fn sweep_run(query: &str, seeds: u32, steps: u64, run: usize) -> Result<String, JsError> {
    run_line(&plan(query, seeds, steps)?, run)
}

/// Trains run `run` of `plan` and returns its JSON line (the Seeds mode's sweeps and the
/// lab's grid sweeps alike). Throws on a run index out of range or a configuration that cannot
/// be trained.
pub(crate) fn run_line(plan: &Plan, run: usize) -> Result<String, JsError> {
    let spec = plan.runs.get(run).ok_or_else(|| {
        JsError::new(&format!(
            "run {run} does not exist: the sweep has {} runs",
            plan.runs.len()
        ))
    })?;
    let summary = summary::run(&plan.id, plan.runs.len(), spec, plan.steps, plan.target)
        .map_err(|e| JsError::new(&e.0))?;
    line(&Line::Run(Box::new(summary)))
}

/// The cell lines (JSON, as the command line prints them) of a sweep's run lines, given in
/// run order. Throws when a line is not a run line of a sweep.
///
/// The lines are read by the browser's `JSON.parse` and then taken apart by serde, rather than
/// by serde_json's parser, which would be the largest thing in the module (80 KB before
/// optimisation) with the deserialiser of the tagged `Line` (53 KB): the tag is checked here
/// and only `RunSummary` is deserialised. Each f32 reads as the f64 nearest its text, rounded
/// to f32, as serde_json reads it.
#[wasm_bindgen(js_name = sweepCells)]
pub fn sweep_cells(run_lines: Vec<String>) -> Result<Vec<String>, JsError> {
    let mut runs: Vec<RunSummary> = Vec::with_capacity(run_lines.len());
    for (i, text) in run_lines.iter().enumerate() {
        match read_run_line(text) {
            Some(run) => runs.push(run),
            _ => {
                return Err(JsError::new(&format!(
                    "line {} is not a run line of a sweep",
                    i + 1
                )))
            }
        }
    }
    cells(&runs)
        .into_iter()
        .map(|cell| line(&Line::Cell(Box::new(cell))))
        .collect()
}

/// The run summary of a run line (`{"kind":"run",…}`), or `None` when it is not one.
fn read_run_line(text: &str) -> Option<RunSummary> {
    let value = js_sys::JSON::parse(text).ok()?;
    if !value.is_object() {
        return None;
    }
    let kind = js_sys::Reflect::get(&value, &JsValue::from_str("kind")).ok()?;
    if kind.as_string().as_deref() != Some("run") {
        return None;
    }
    serde_wasm_bindgen::from_value(value).ok()
}

fn line(line: &Line) -> Result<String, JsError> {
    gradfall_core::json::to_string(line).map_err(|e| JsError::new(&format!("a sweep line: {e}")))
}
