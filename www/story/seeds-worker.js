// Trains one run of a chapter's over-seeds experiment, headless, and answers with its step-0
// and final statistics (histograms left out). Messages:
//   page → worker {module, query, steps}
//   worker → page {start, end} or {error}

import init, { Trainer } from '../pkg/gradfall_wasm.js';

let ready = null;

/** The statistics without the histograms, which the measures do not use. */
function lean(stats, diverged) {
  const layers = stats.layers.map((layer) => {
    const rest = { ...layer };
    delete rest.hist_a;
    delete rest.hist_grad;
    return rest;
  });
  return { ...stats, layers, diverged: diverged === undefined ? null : diverged };
}

self.onmessage = async ({ data }) => {
  let trainer = null;
  try {
    ready = ready || init({ module_or_path: data.module });
    await ready;
    trainer = new Trainer(data.query);
    const start = lean(trainer.stats(), undefined);
    trainer.step(data.steps);
    const end = lean(trainer.stats(), trainer.diverged());
    self.postMessage({ start, end });
  } catch (err) {
    self.postMessage({ error: err && err.message ? err.message : String(err) });
  } finally {
    if (trainer) trainer.free();
  }
};
