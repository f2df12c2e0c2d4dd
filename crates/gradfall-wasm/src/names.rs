//! The names JavaScript shares with the engine, exported once so the page never spells them
//! itself: configuration letters, UI keys, metrics, charts, per-layer fields, the default
//! embed view, which configuration a key belongs to, and the embed `<iframe>`.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use gradfall_core::config::VERSION_KEY;
use gradfall_core::embed::{self, IframeWidth};
use gradfall_core::experiment::{self, LABELS, METRICS, UI_KEYS, VIEW_CHARTS};
use gradfall_core::stats::LAYER_FIELDS;
use gradfall_core::sweep;

use crate::convert;

/// Everything `names()` returns; the field names are the JavaScript ones.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Names {
    /// Configuration labels in order ("A"…"D"); the lower-case letter prefixes B–D's keys.
    pub letters: Vec<String>,
    /// The page settings carried beside the configurations, in canonical order.
    pub ui_keys: Vec<&'static str>,
    /// UI keys that only the embed page reads (dropped on the way back to the playground).
    pub embed_only_keys: &'static [&'static str],
    /// Metrics of the depth profile and history (the `metric` key); the first is the default.
    pub metrics: &'static [&'static str],
    /// Charts `view` may name.
    pub view_charts: &'static [&'static str],
    /// Charts the embed page shows when `view` is absent.
    pub default_view: &'static str,
    /// Per-layer scalars of the statistics, in `gradfall train`'s column order.
    pub layer_fields: &'static [&'static str],
    /// The version key (`v`), which belongs to no configuration.
    pub version_key: &'static str,
    /// Title of an embed `<iframe>` when none is given.
    pub default_embed_title: &'static str,
    /// Steps per run of the Seeds mode (the command line's default `--steps`).
    pub sweep_steps: u64,
    /// Most seeds the Seeds mode runs (the `seeds` key's maximum).
    pub max_page_seeds: usize,
    /// Steps between two measurements of the whole-data dead units (step 0 included).
    pub dead_every: u64,
}

/// The shared names (see [`Names`]).
pub fn table() -> Names {
    Names {
        letters: LABELS.iter().map(char::to_string).collect(),
        ui_keys: UI_KEYS.iter().map(|k| k.name).collect(),
        embed_only_keys: embed::EMBED_ONLY_KEYS,
        metrics: METRICS,
        view_charts: VIEW_CHARTS,
        default_view: embed::DEFAULT_VIEW,
        layer_fields: LAYER_FIELDS,
        version_key: VERSION_KEY,
        default_embed_title: embed::DEFAULT_TITLE,
        sweep_steps: sweep::DEFAULT_STEPS,
        max_page_seeds: sweep::MAX_PAGE_SEEDS,
        dead_every: gradfall_core::dead_units::DEAD_EVERY,
    }
}

/// `{letters, uiKeys, embedOnlyKeys, metrics, viewCharts, defaultView, layerFields,
/// versionKey, defaultEmbedTitle, sweepSteps, maxPageSeeds, deadEvery}`: the names the page shares with the engine.
#[wasm_bindgen]
pub fn names() -> JsValue {
    convert::to_js(&table())
}

/// Which configuration a query key belongs to: 0 for A, 1–3 for B–D, -1 for the version
/// key and the UI keys.
#[wasm_bindgen(js_name = keyOwner)]
pub fn key_owner(key: &str) -> i32 {
    experiment::key_owner(key).map_or(-1, |i| i as i32)
}

/// The `<iframe>` of the embed page at `src` for a blog post: as wide as its column,
/// `height` CSS pixels high (the oEmbed route writes the same element at a fixed width).
#[wasm_bindgen(js_name = embedIframe)]
pub fn embed_iframe(src: &str, title: &str, height: u32) -> String {
    embed::iframe_html(src, title, IframeWidth::Fill, height)
}
