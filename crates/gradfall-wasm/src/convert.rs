//! Rust → JavaScript value conversion shared by the bindings.

use std::collections::BTreeMap;

use gradfall_core::presets::Preset;
use gradfall_core::Warning;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// `{query, warnings, messages, configs, ui}` returned by `parseExperiment`.
#[derive(Serialize)]
pub struct ExperimentJs {
    pub query: String,
    pub warnings: Vec<String>,
    /// The same warnings as `{id, args, config, text}`, for the page's message catalogues.
    pub messages: Vec<Warning>,
    pub configs: Vec<String>,
    pub ui: BTreeMap<String, String>,
}

/// The English text of each warning.
pub fn texts(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(|w| w.text.clone()).collect()
}

/// One preset as JavaScript sees it.
#[derive(Serialize)]
pub struct PresetJs {
    pub name: &'static str,
    pub query: &'static str,
}

pub fn presets(table: &[Preset]) -> Vec<PresetJs> {
    table
        .iter()
        .map(|p| PresetJs {
            name: p.name,
            query: p.query,
        })
        .collect()
}

/// Where the histogram bins of `stats()` lie.
#[derive(Serialize)]
pub struct HistogramLayout {
    pub bins: usize,
    pub a_range: [f32; 2],
    pub grad_range: [f32; 2],
}

/// What `parseCsv` tells the page about a file it accepted.
#[derive(Serialize)]
pub struct CsvSummary {
    pub rows: usize,
    pub features: Vec<String>,
    pub classes: Vec<String>,
}

/// Serialise to a plain JS value: maps as plain objects, `None` as `null`.
/// The types passed here are plain data, so serialisation cannot fail; should it ever,
/// the result is `null` rather than a panic.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// A plain object from key/value pairs (used where typed arrays beat serde arrays).
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (key, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(key), value);
    }
    obj.into()
}
