// Where the lab's charts get their numbers: one worker (lab/worker.js) per kind of job,
// restarted when the question changes, so a phase diagram still being computed for the old
// activation never paints over the new one.

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

/**
 * A job in fresh workers whenever `ask` gets a new key; `onMessage(data)` hears their answers.
 * `ask` may hand each of several workers its own message (a phase diagram's rows).
 */
export class LabJob {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.workers = [];
    this.key = null;
  }

  /** Start one worker per message of `messages` (one object or a list) unless `key` is the
   * running job's. Returns whether it did. */
  ask(key, module, messages) {
    if (key === this.key) return false;
    this.key = key;
    for (const worker of this.workers) worker.terminate();
    this.workers = [messages].flat().map((message) => this.spawn(module, message));
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
