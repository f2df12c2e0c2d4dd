// The signal-propagation lab's computations, off the page's thread (a phase diagram takes
// seconds): the engine's mean-field summary, the phase diagram a row at a time, and the
// Jacobian spectrum, with the lab module (www/wasm.js loadLabModule). Messages:
//   page → worker {module, job: 'point', query} → {summary, scale} (theorySummary,
//                 planeSigmaW2)
//   page → worker {module, job: 'grid', query, resolution, rows} → one {row, xiC, critical}
//                 per σ_b² row of `rows` (indices, in order), then {done: true}
//   page → worker {module, job: 'spectrum', query} → {values}
//   worker → page {error} on any failure (the page shows the engine's sentence)

import init, {
  theorySummary,
  planeSigmaW2,
  phaseRow,
  jacobianSpectrum,
  digitsLoaded,
  provideDigits,
} from '../pkg/gradfall_lab_wasm.js';
import { ensureDigits } from '../digits.js';

let ready = null;

function grid({ query, resolution, rows }) {
  for (const row of rows) {
    const { xiC, critical } = phaseRow(query, resolution, row);
    self.postMessage({ row, xiC, critical });
  }
  return self.postMessage({ done: true });
}

self.onmessage = async ({ data }) => {
  try {
    ready = ready || init({ module_or_path: data.module });
    await ready;
    if (data.job === 'grid') grid(data);
    else if (data.job === 'point')
      self.postMessage({ summary: theorySummary(data.query), scale: planeSigmaW2(data.query) });
    else {
      await ensureDigits(data.query, { digitsLoaded, provideDigits });
      self.postMessage({ values: jacobianSpectrum(data.query) });
    }
  } catch (err) {
    self.postMessage({ error: err && err.message ? err.message : String(err) });
  }
};
