//! `Trainer` for JavaScript: the core trainer plus the warnings its query produced.

use wasm_bindgen::prelude::*;

use gradfall_core::data;
use gradfall_core::stats::HIST_A_RANGE;
use gradfall_core::{Config, Trainer as CoreTrainer, Warning};

use crate::convert;

/// The largest step count one call accepts; a frame never needs more, and it keeps a
/// mistaken `step(1e9)` from freezing the worker for minutes.
const MAX_STEPS_PER_CALL: u32 = 100_000;

/// A network training on its data set (`new Trainer("act=sigmoid&depth=20")`).
#[wasm_bindgen]
pub struct Trainer {
    inner: CoreTrainer,
    warnings: Vec<Warning>,
}

#[wasm_bindgen]
impl Trainer {
    /// Parse `query` and build the network. Parse problems are not errors (see
    /// `warnings()`); a configuration the engine refuses throws an `Error` listing why.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Result<Trainer, JsError> {
        let parsed = Config::from_query(query);
        match CoreTrainer::new(parsed.config) {
            Ok(inner) => Ok(Trainer {
                inner,
                warnings: parsed.warnings,
            }),
            Err(e) => Err(JsError::new(&format!(
                "cannot train this configuration: {e}"
            ))),
        }
    }

    /// Like `new`, but training on a CSV file's bytes (`parseCsv` says what the format is)
    /// instead of the query's data set; the trainer's query then says `data=csv`. Throws an
    /// `Error` naming the line and the reason when the file cannot be used.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(query: &str, csv: &[u8]) -> Result<Trainer, JsError> {
        let table = data::csv::parse(csv).map_err(|e| JsError::new(&e.to_string()))?;
        let parsed = Config::from_query(query);
        match CoreTrainer::with_table(parsed.config, &table) {
            Ok(inner) => Ok(Trainer {
                inner,
                warnings: parsed.warnings,
            }),
            Err(e) => Err(JsError::new(&format!(
                "cannot train this configuration: {e}"
            ))),
        }
    }

    /// Apply up to `n` updates (at most 100 000 per call); returns how many were applied
    /// (fewer once training has diverged).
    pub fn step(&mut self, n: u32) -> u32 {
        self.inner.step(n.min(MAX_STEPS_PER_CALL) as usize) as u32
    }

    /// Statistics of the latest step: `{step, loss, accuracy, test_accuracy, diverged,
    /// layers: [{layer, grad_a, …, hist_a, hist_grad}]}` with the field names of `gradfall_core::stats`.
    pub fn stats(&self) -> JsValue {
        convert::to_js(self.inner.stats())
    }

    /// The whole-data dead units at their latest measurement (made at step 0 and every
    /// `deadEvery` steps): `{step, dead_data_frac: Float32Array, revived: Uint32Array}`, one
    /// entry per hidden layer, the numbers `gradfall train` prints in that step's rows.
    #[wasm_bindgen(js_name = deadUnits)]
    pub fn dead_units(&self) -> JsValue {
        let dead = self.inner.dead_units();
        let Some(step) = dead.measured_at() else {
            return JsValue::NULL;
        };
        convert::object(&[
            ("step", JsValue::from(step as f64)),
            (
                "dead_data_frac",
                js_sys::Float32Array::from(dead.fractions()).into(),
            ),
            ("revived", js_sys::Uint32Array::from(dead.revived()).into()),
        ])
    }

    /// The canonical query of the configuration being trained.
    pub fn config(&self) -> String {
        self.inner.config().to_query()
    }

    /// What was wrong with the query this trainer was built from (one message each).
    pub fn warnings(&self) -> Vec<String> {
        convert::texts(&self.warnings)
    }

    /// The same warnings as `[{id, args, config, text}]`, for the page's message catalogues.
    #[wasm_bindgen(js_name = warningMessages)]
    pub fn warning_messages(&self) -> JsValue {
        convert::to_js(&self.warnings)
    }

    /// The step at which training diverged, or `undefined`.
    pub fn diverged(&self) -> Option<f64> {
        self.inner.diverged().map(|s| s as f64)
    }

    /// The decision function on a `resolution`² grid (2..=256) for 2-D data:
    /// `{resolution, extent: [x0,x1,y0,y1], class: Uint8Array, confidence: Float32Array}`,
    /// rows from the top; `null` for data sets that are not 2-D.
    pub fn boundary(&self, resolution: u32) -> JsValue {
        match self.inner.boundary(resolution as usize) {
            Some(b) => convert::object(&[
                ("resolution", JsValue::from(b.resolution as u32)),
                ("extent", js_sys::Float32Array::from(&b.extent[..]).into()),
                ("class", js_sys::Uint8Array::from(&b.class[..]).into()),
                (
                    "confidence",
                    js_sys::Float32Array::from(&b.confidence[..]).into(),
                ),
            ]),
            None => JsValue::NULL,
        }
    }

    /// Up to `max` training points for 2-D data: `{xy: Float32Array (x,y pairs),
    /// class: Uint32Array}`; `null` for data sets that are not 2-D.
    pub fn points(&self, max: u32) -> JsValue {
        match self.inner.points(max as usize) {
            Some((xy, class)) => convert::object(&[
                ("xy", js_sys::Float32Array::from(&xy[..]).into()),
                ("class", js_sys::Uint32Array::from(&class[..]).into()),
            ]),
            None => JsValue::NULL,
        }
    }

    /// The activation's derivative f'(a) at `n` evenly spaced points (2..=1024) over the
    /// pre-activation histogram's range, so the page can draw it under `hist_a`.
    #[wasm_bindgen(js_name = derivativeCurve)]
    pub fn derivative_curve(&self, n: u32) -> Vec<f32> {
        let config = self.inner.config();
        let (act, alpha) = (config.act, config.alpha());
        let n = n.clamp(2, 1024) as usize;
        let (lo, hi) = HIST_A_RANGE;
        (0..n)
            .map(|i| lo + (hi - lo) * i as f32 / (n - 1) as f32)
            .map(|x| act.df(x, alpha))
            .collect()
    }
}
