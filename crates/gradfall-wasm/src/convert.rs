//! The engine's JavaScript shapes; the conversion itself is `gradfall_js`'s, shared with the
//! lab module.

pub use gradfall_js::{object, to_js};

use gradfall_core::presets::Preset;
use gradfall_core::Warning;
use serde::{Serialize, Serializer};

/// `{query, warnings, messages, configs, ui}` returned by `parseExperiment`.
#[derive(Serialize)]
pub struct ExperimentJs {
    pub query: String,
    pub warnings: Vec<String>,
    /// The same warnings as `{id, args, config, text}`, for the page's message catalogues.
    pub messages: Vec<Warning>,
    pub configs: Vec<String>,
    pub ui: UiSettings,
}

/// The UI settings of a query, in [`UI_KEYS`](gradfall_core::experiment::UI_KEYS) order
/// (each key once), written as one JS object `{metric: "grad_w", …}`. Serialised by hand
/// rather than collected into a `BTreeMap`, whose `collect` sorts: std's sort is about 5 KB
/// of the wasm module per element type (gradfall_core::small_sort).
pub struct UiSettings(pub Vec<(String, String)>);

impl Serialize for UiSettings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
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
