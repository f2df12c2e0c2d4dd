// Computes the papers page's "ours", one reproduction after another, off the main thread
// (the Monte Carlo and Jacobian entries take up to a few seconds in wasm). Messages:
//   page → worker {module (the lab module, www/wasm.js loadLabModule), names}
//   worker → page {name, line} (the JSON line `gradfall reproduce NAME` prints) or
//                 {name, error}, then {done: true}

import init, { reproduce } from '../pkg/gradfall_lab_wasm.js';

self.onmessage = async ({ data }) => {
  await init({ module_or_path: data.module });
  for (const name of data.names) {
    try {
      self.postMessage({ name, line: reproduce(name) });
    } catch (err) {
      self.postMessage({ name, error: err && err.message ? err.message : String(err) });
    }
  }
  self.postMessage({ done: true });
};
