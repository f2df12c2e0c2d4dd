//! The published numbers of `gradfall reproduce`, for the papers page: the table without
//! computing anything (`reproductions`), and one entry computed now by the engine
//! (`reproduce`), written as the very JSON line the command line prints (by
//! `gradfall_core::json`, which writes serde_json's text), so the page's
//! "ours" can be compared with `gradfall reproduce --all` as text.

use gradfall_core::reproduce::{entries, find};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use gradfall_js as convert;

/// One row of `reproductions()`: what the page shows before "ours" is computed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryJs {
    name: &'static str,
    paper: &'static str,
    what: &'static str,
    paper_value: f64,
    tolerance: f64,
    query: &'static str,
}

/// Every reproduction in `gradfall reproduce --all`'s order: `[{name, paper, what,
/// paperValue, tolerance, query}]`. Computes nothing, so it is instant.
#[wasm_bindgen]
pub fn reproductions() -> JsValue {
    let rows: Vec<EntryJs> = entries()
        .map(|e| EntryJs {
            name: e.name,
            paper: e.paper,
            what: e.what,
            paper_value: e.paper_value,
            tolerance: e.tolerance,
            query: e.query,
        })
        .collect();
    convert::to_js(&rows)
}

/// The reproduction `name`, computed now: the JSON line `gradfall reproduce NAME` prints
/// (`{name, paper, what, paper_value, ours, tolerance, holds, query}`). Throws on an unknown
/// name or when the computation fails. Some entries train hundreds of small networks or take
/// Jacobians' SVDs (up to about a second natively): call it from a worker.
#[wasm_bindgen]
pub fn reproduce(name: &str) -> Result<String, JsError> {
    let entry =
        find(name).ok_or_else(|| JsError::new(&format!("no reproduction called {name:?}")))?;
    let line = entry
        .run()
        .map_err(|e| JsError::new(&format!("{name}: {e}")))?;
    // The core's JSON writer: serde_json's text, without serde_json in the module.
    gradfall_core::json::to_string(&line).map_err(|e| JsError::new(&format!("{name}: {e}")))
}
