// The digits data set is not in the wasm modules (a third of the engine's size): every worker
// that trains fetches it, through this one function, the first time a run needs it (`cargo
// xtask build` puts it in pkg/). The engine and the lab module each keep their own copy (two
// wasm memories share nothing), so the caller says which module's functions to hand it to.

/** `data=digits` in any configuration of a query (A's key, or B–D's `b.data=digits` …). */
const USES_DIGITS = /(^|&)([bcd]\.)?data=digits(&|$)/;

/**
 * Hand `wasm` the digits data set if `query` trains on it and it is not loaded yet. `wasm`:
 * the initialised glue of either module, `{digitsLoaded, provideDigits}` (both export them).
 */
export async function ensureDigits(query, { digitsLoaded, provideDigits }) {
  if (!USES_DIGITS.test(query) || digitsLoaded()) return;
  const response = await fetch(new URL('./pkg/digits.bin', import.meta.url));
  if (!response.ok) throw new Error(`cannot load the digits data set (HTTP ${response.status})`);
  provideDigits(new Uint8Array(await response.arrayBuffer()));
}
