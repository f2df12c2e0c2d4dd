// Trains one run of the Seeds mode, headless, and answers with its summary: the JSON line
// `gradfall sweep QUERY --over seed=1..N` prints for that run. Messages:
//   page → worker {module, query, seeds, steps, run}
//   worker → page {run, line} or {run, error}

import init, { sweepRun, digitsLoaded, provideDigits } from '../pkg/gradfall_wasm.js';

let ready = null;

/** The digits data set is fetched, as the playground's worker does, when a run needs it. */
async function ensureDigits(query) {
  if (!/(^|&)(b\.|c\.|d\.)?data=digits(&|$)/.test(query) || digitsLoaded()) return;
  const response = await fetch(new URL('../pkg/digits.bin', import.meta.url));
  if (!response.ok) throw new Error(`cannot load the digits data set (HTTP ${response.status})`);
  provideDigits(new Uint8Array(await response.arrayBuffer()));
}

self.onmessage = async ({ data }) => {
  try {
    ready = ready || init({ module_or_path: data.module });
    await ready;
    await ensureDigits(data.query);
    const line = sweepRun(data.query, data.seeds, BigInt(data.steps), data.run);
    self.postMessage({ run: data.run, line });
  } catch (err) {
    self.postMessage({ run: data.run, error: err && err.message ? err.message : String(err) });
  }
};
