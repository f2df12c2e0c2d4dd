// Where the lab's charts get their numbers: one worker (lab/worker.js) per kind of job,
// restarted when the question changes, so a phase diagram still being computed for the old
// activation never paints over the new one. A job waits until its chart is first on screen:
// the lab module (www/wasm.js loadLabModule) is downloaded only then, so a playground whose
// lab section nobody scrolled to fetches the engine alone, and spends no core on theory.

import { loadLabModule } from '../wasm.js';

/** Keys of a configuration that shape the phase diagram (the engine's plane: the unit's
 * activation, α and mean bias, and whether a normalisation voids the theory). */
const GRID_KEYS = ['act', 'alpha', 'bias', 'norm'];

/** `query` reduced to the keys the phase diagram depends on. */
export function gridQuery(query) {
  const params = new URLSearchParams(query);
  const out = new URLSearchParams();
  for (const key of GRID_KEYS) if (params.has(key)) out.set(key, params.get(key));
  return out.toString();
}

/** Workers a job may split over: every core but one (the page and training need one), at
 * most 4, at least 1. */
export function jobWorkers() {
  return Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
}

/** Resolves the first time `element` is on screen (never while it is not displayed). */
function whenShown(element) {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(element);
  });
}

/**
 * A job in fresh workers whenever `ask` gets a new key; `onMessage(data)` hears their answers
 * (`{error}` too when the lab module cannot load). `host`: the chart's element, which must
 * have been on screen before anything starts. `onLoad(exports)`: called with the lab module's
 * functions before the workers of each job start. `ask` may hand each of several workers its
 * own message (a phase diagram's rows).
 */
export class LabJob {
  constructor(onMessage, host, onLoad = () => {}) {
    Object.assign(this, { onMessage, onLoad });
    this.shown = whenShown(host);
    this.workers = [];
    this.key = null;
  }

  /** Start one worker per message of `messages` (one object or a list), once the chart has
   * been shown and the lab module loaded, unless `key` is the running job's. Returns whether
   * the job is new. */
  ask(key, messages) {
    if (key === this.key) return false;
    this.key = key;
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
    this.shown
      .then(loadLabModule)
      .then(({ module, exports }) => {
        if (key !== this.key) return; // a newer question came while the module loaded
        this.onLoad(exports);
        this.workers = [messages].flat().map((message) => this.spawn(module, message));
      })
      .catch((err) => {
        if (key === this.key) this.onMessage({ error: err && err.message ? err.message : String(err) });
      });
    return true;
  }

  spawn(module, message) {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const current = () => this.workers.includes(worker);
    worker.onmessage = ({ data }) => {
      if (current()) this.onMessage(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (current()) this.onMessage({ error: event.message || 'the lab worker failed to load' });
    };
    worker.postMessage({ module, ...message });
    return worker;
  }
}
