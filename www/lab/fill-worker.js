// Trains one run of "Fill with real runs", headless, and answers with its summary: the JSON
// line `gradfall sweep QUERY --over bstd=… --over gain=… --steps N` prints for that run.
// The pool (seeds/pool.js) drives it. Messages:
//   page → worker {module (the lab module, www/wasm.js loadLabModule), query, axes, steps, run}
//   worker → page {run, line} or {run, error}

import init, { gridSweepRun, digitsLoaded, provideDigits } from '../pkg/gradfall_lab_wasm.js';
import { ensureDigits } from '../digits.js';

let ready = null;

self.onmessage = async ({ data }) => {
  try {
    ready = ready || init({ module_or_path: data.module });
    await ready;
    await ensureDigits(data.query, { digitsLoaded, provideDigits });
    const line = gridSweepRun(data.query, data.axes, BigInt(data.steps), data.run);
    self.postMessage({ run: data.run, line });
  } catch (err) {
    self.postMessage({ run: data.run, error: err && err.message ? err.message : String(err) });
  }
};
