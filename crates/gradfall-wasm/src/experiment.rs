//! `parseExperiment`: the compare/share form of the URL (A–D plus the page's UI keys), as
//! `gradfall_core::experiment::Experiment` reads it. Translation only.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use gradfall_core::experiment::{Experiment, LABELS};

use crate::convert;

/// `{query, configs: [{label, query}], ui: {key: value}, warnings}` as JavaScript sees it.
#[derive(Serialize)]
struct ExperimentJs {
    /// The canonical query of the whole experiment (A, B–D, UI keys).
    query: String,
    /// Each configuration with its own canonical (plain, unprefixed) query; A first.
    configs: Vec<ConfigJs>,
    /// The UI settings in canonical form; keys absent when not set.
    ui: std::collections::BTreeMap<String, String>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ConfigJs {
    label: String,
    query: String,
}

/// Parse a whole experiment URL query (see `gradfall_core::experiment`). Never throws: bad
/// parts become warnings and every configuration returned is valid.
#[wasm_bindgen(js_name = parseExperiment)]
pub fn parse_experiment(query: &str) -> JsValue {
    let (experiment, warnings) = Experiment::from_query(query);
    let configs = experiment
        .configs
        .iter()
        .zip(LABELS)
        .map(|(config, label)| ConfigJs {
            label: label.to_string(),
            query: config.to_query(),
        })
        .collect();
    convert::to_js(&ExperimentJs {
        query: experiment.to_query(),
        configs,
        ui: experiment.ui.iter().cloned().collect(),
        warnings,
    })
}
