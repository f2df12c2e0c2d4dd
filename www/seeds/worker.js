// Trains one run of a sweep, headless, and answers with its summary: the JSON line the
// command line prints for that run. The Seeds mode's sweeps (`gradfall sweep QUERY --over
// seed=1..N`) and "Fill with real runs" (`--over bstd=… --over gain=…`, given as `axes`).
// The pool (pool.js) drives it. Messages:
//   page → worker {module (the lab module, www/wasm.js loadLabModule), query, seeds, steps, run,
//                  axes (a grid sweep only)}
//   worker → page {run, line} or {run, error}

import init, { sweepRun, gridSweepRun, digitsLoaded, provideDigits } from '../pkg/gradfall_lab_wasm.js';
import { ensureDigits } from '../digits.js';

let ready = null;

self.onmessage = async ({ data }) => {
  try {
    ready = ready || init({ module_or_path: data.module });
    await ready;
    await ensureDigits(data.query, { digitsLoaded, provideDigits });
    const steps = BigInt(data.steps);
    const line = data.axes
      ? gridSweepRun(data.query, data.axes, steps, data.run)
      : sweepRun(data.query, data.seeds, steps, data.run);
    self.postMessage({ run: data.run, line });
  } catch (err) {
    self.postMessage({ run: data.run, error: err && err.message ? err.message : String(err) });
  }
};
