//! WebAssembly bindings of `gradfall-core`: type translation only, no maths.
//!
//! Everything here converts between Rust and JavaScript values. Errors become JS `Error`
//! objects carrying the core's message; nothing is allowed to panic across the boundary
//! (the panic hook below only exists so that a bug, should one slip through, prints a
//! readable message in the console instead of "unreachable").

#[cfg(feature = "bench")]
mod bench;
mod convert;
mod names;
#[cfg(feature = "bench")]
mod pixels;
mod trainer;

use wasm_bindgen::prelude::*;

use gradfall_core::config::KEYS;
use gradfall_core::data;
use gradfall_core::experiment::Experiment;
use gradfall_core::kernels::{gemm, Shape};
use gradfall_core::presets::{COMPARE_PRESETS, PRESETS};
use gradfall_core::stats::{HIST_A_RANGE, HIST_BINS, HIST_GRAD_RANGE};
use gradfall_core::Config;

pub use names::{embed_iframe, key_owner, names};
#[cfg(feature = "bench")]
pub use pixels::colour_map_rgba;
pub use trainer::Trainer;

/// Name and tile of the kernel `gemm` uses in this build, e.g. "simd128 4x8".
#[wasm_bindgen(js_name = kernelName)]
pub fn kernel_name() -> String {
    gradfall_core::kernels::kernel_name().to_string()
}

/// Runs once when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Parse a compare-mode URL query (A plain, B–D as `b.key=value`, plus the page's UI keys)
/// into `{query, warnings, configs, ui}`: the canonical whole query, one message per
/// problem, the canonical single query of each configuration (A first, for `new Trainer`),
/// and the UI settings as an object (`{metric: "grad_w", …}`). Never throws.
#[wasm_bindgen(js_name = parseExperiment)]
pub fn parse_experiment(query: &str) -> JsValue {
    let (experiment, warnings) = Experiment::from_query(query);
    convert::to_js(&convert::ExperimentJs {
        query: experiment.to_query(),
        warnings: convert::texts(&warnings),
        messages: warnings,
        configs: experiment.configs.iter().map(Config::to_query).collect(),
        ui: convert::UiSettings(experiment.ui),
    })
}

/// The side-by-side presets (compare mode): `[{name, query}]` (titles and explanations are in the
/// page's catalogues, `preset.<name>.title` and `.text`).
#[wasm_bindgen(js_name = comparePresets)]
pub fn compare_presets() -> JsValue {
    convert::to_js(&convert::presets(COMPARE_PRESETS))
}

/// The named experiments: `[{name, query}]` (titles and explanations are in the
/// page's catalogues, `preset.<name>.title` and `.text`).
#[wasm_bindgen]
pub fn presets() -> JsValue {
    convert::to_js(&convert::presets(PRESETS))
}

/// The configuration key table the page builds its controls from: `[{name, default,
/// kind: {type: 'choice', values} | {type: 'float', min, max, auto} |
/// {type: 'int', min, max} | {type: 'bool'}}]`, in canonical order (labels and tooltips
/// are in the page's catalogues, `key.<name>.label` and `.help`).
#[wasm_bindgen]
pub fn keys() -> JsValue {
    convert::to_js(KEYS)
}

/// Layout of the per-layer histograms in `stats()`: `{bins, a_range, grad_range}`.
#[wasm_bindgen(js_name = histogramLayout)]
pub fn histogram_layout() -> JsValue {
    convert::to_js(&convert::HistogramLayout {
        bins: HIST_BINS,
        a_range: [HIST_A_RANGE.0, HIST_A_RANGE.1],
        grad_range: [HIST_GRAD_RANGE.0, HIST_GRAD_RANGE.1],
    })
}

/// Hand the engine the digits data set (the bytes of `pkg/digits.bin`): the page's build
/// leaves it out of the module, and the worker fetches it the first time a run asks for
/// `data=digits`. Throws when the bytes are not the asset (bad layout or checksum).
#[wasm_bindgen(js_name = provideDigits)]
pub fn provide_digits(asset: &[u8]) -> Result<(), JsError> {
    gradfall_js::provide_digits(asset)
}

/// Whether the digits data set is available (embedded, or given by `provideDigits`).
#[wasm_bindgen(js_name = digitsLoaded)]
pub fn digits_loaded() -> bool {
    gradfall_js::digits_loaded()
}

/// Check a CSV file's bytes (your own data, `data=csv`) and summarise it: `{rows,
/// features: [name…], classes: [name…]}`. Throws an `Error` whose message names the line and
/// the reason ("line 7: column 2 is \"abc\", not a number") when the file cannot be used.
#[wasm_bindgen(js_name = parseCsv)]
pub fn parse_csv(csv: &[u8]) -> Result<JsValue, JsError> {
    let table = data::csv::parse(csv).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(convert::to_js(&convert::CsvSummary {
        rows: table.n_rows(),
        features: table.features,
        classes: table.classes,
    }))
}

/// C = A·B for row-major A (m×k) and B (k×n), with the engine's GEMM kernel.
/// Throws when the slices do not match the dimensions.
#[wasm_bindgen]
pub fn matmul(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Result<Vec<f32>, JsError> {
    let need = |rows: usize, cols: usize| rows.checked_mul(cols);
    match (need(m, k), need(k, n), need(m, n)) {
        (Some(ak), Some(bk), Some(cn)) if a.len() == ak && b.len() == bk => {
            let mut c = vec![0.0f32; cn];
            gemm(Shape::AB, m, k, n, a, b, &mut c, false);
            Ok(c)
        }
        _ => Err(JsError::new(&format!(
            "matmul: expected A of {m}×{k} and B of {k}×{n} values, got {} and {}",
            a.len(),
            b.len()
        ))),
    }
}
