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

/** A job in a fresh worker whenever `ask` gets a new key; `onMessage(data)` hears its answers. */
export class LabJob {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.worker = null;
    this.key = null;
  }

  /** Start `message` in a new worker unless `key` is the running job's. Returns whether it did. */
  ask(key, module, message) {
    if (key === this.key) return false;
    this.key = key;
    if (this.worker) this.worker.terminate();
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (worker === this.worker) this.onMessage(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (worker === this.worker) this.onMessage({ error: event.message || 'the lab worker failed to load' });
    };
    this.worker = worker;
    worker.postMessage({ module, ...message });
    return true;
  }
}
