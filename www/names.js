// The names the page shares with the engine — configuration letters A–D, UI keys, metrics,
// chart names, per-layer statistics fields, the default embed view — read from the wasm
// export `names()` (crates/gradfall-wasm/src/names.rs), never spelled out in JavaScript.

import { names } from './pkg/gradfall_wasm.js';

let table = null;

/**
 * `{letters, uiKeys, embedOnlyKeys, metrics, viewCharts, defaultView, layerFields,
 * versionKey, defaultEmbedTitle, sweepSteps, maxPageSeeds, deadEvery}`. The wasm glue must
 * be initialised first (`loadModule`).
 */
export function sharedNames() {
  if (!table) table = names();
  return table;
}
