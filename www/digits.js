// The digits data set is not in the wasm module (a third of its size): every worker that
// trains fetches it, through this one function, the first time a run needs it (`cargo xtask
// build` puts it in pkg/).

import { digitsLoaded, provideDigits } from './pkg/gradfall_wasm.js';

/** `data=digits` in any configuration of a query (A's key, or B–D's `b.data=digits` …). */
const USES_DIGITS = /(^|&)([bcd]\.)?data=digits(&|$)/;

/** Hand the engine the digits data set if `query` trains on it and it is not loaded yet. */
export async function ensureDigits(query) {
  if (!USES_DIGITS.test(query) || digitsLoaded()) return;
  const response = await fetch(new URL('./pkg/digits.bin', import.meta.url));
  if (!response.ok) throw new Error(`cannot load the digits data set (HTTP ${response.status})`);
  provideDigits(new Uint8Array(await response.arrayBuffer()));
}
