// Trains one run of the Seeds mode, headless, and answers with its summary: the JSON line
// `gradfall sweep QUERY --over seed=1..N` prints for that run. Messages:
//   page → worker {module (the lab module, www/wasm.js loadLabModule), query, seeds, steps, run}
//   worker → page {run, line} or {run, error}

import init, { sweepRun, digitsLoaded, provideDigits } from '../pkg/gradfall_lab_wasm.js';
import { ensureDigits } from '../digits.js';

let ready = null;

self.onmessage = async ({ data }) => {
  try {
    ready = ready || init({ module_or_path: data.module });
    await ready;
    await ensureDigits(data.query, { digitsLoaded, provideDigits });
    const line = sweepRun(data.query, data.seeds, BigInt(data.steps), data.run);
    self.postMessage({ run: data.run, line });
  } catch (err) {
    self.postMessage({ run: data.run, error: err && err.message ? err.message : String(err) });
  }
};
