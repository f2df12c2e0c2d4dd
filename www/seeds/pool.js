// A pool of Web Workers (worker.js) running the runs of one sweep over seeds, sized by the
// machine's cores. Each run is independent and deterministic, so which worker trains it
// changes nothing: the result is the list of run lines in run order.

/** Workers at once: every core the browser reports, at least 1, at most 16. */
export function poolSize() {
  return Math.max(1, Math.min(16, navigator.hardwareConcurrency || 2));
}

export class SeedPool {
  /**
   * @param module compiled wasm module; @param query the experiment (A–D)
   * @param seeds how many seeds (1..N); @param steps steps per run
   * @param runs how many runs the plan holds; @param onProgress (done, total) after each run
   * @param job optional fields added to every message (`{axes}`: the runs of a grid sweep)
   */
  constructor({ module, query, seeds, steps, runs, onProgress, job }) {
    Object.assign(this, { module, query, seeds, steps, total: runs, onProgress });
    this.workerUrl = new URL('./worker.js', import.meta.url);
    this.job = job || {};
    this.lines = new Array(runs);
    this.workers = [];
    this.cancelled = false;
    this.busy = 0; // workers training a run right now
    this.peak = 0; // the most that ever trained at once
  }

  /** Resolves with the run lines in run order; rejects on a failure or on cancel(). */
  run() {
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      this.reject = reject;
      const feed = (worker) => {
        if (next >= this.total) {
          worker.terminate();
          worker.terminatedByPool = true;
          return;
        }
        const run = next;
        next += 1;
        const { module, query, seeds, steps } = this;
        this.busy += 1;
        this.peak = Math.max(this.peak, this.busy);
        worker.postMessage({ ...this.job, module, query, seeds, steps, run });
      };
      const onAnswer = (worker, data) => {
        if (this.cancelled) return;
        this.busy -= 1;
        if (data.error) {
          this.stop();
          reject(new Error(data.error));
          return;
        }
        this.lines[data.run] = data.line;
        done += 1;
        this.onProgress(done, this.total);
        if (done === this.total) {
          this.stop();
          resolve(this.lines);
        } else feed(worker);
      };
      for (let i = 0; i < Math.min(poolSize(), this.total); i += 1) {
        const worker = new Worker(this.workerUrl, { type: 'module' });
        worker.onmessage = ({ data }) => onAnswer(worker, data);
        worker.onerror = (event) => {
          event.preventDefault();
          this.stop();
          reject(new Error(event.message || 'a seeds worker failed to load'));
        };
        this.workers.push(worker);
        feed(worker);
      }
    });
  }

  /** How many workers are alive (not yet terminated). */
  get alive() {
    return this.workers.filter((w) => !w.terminatedByPool).length;
  }

  stop() {
    this.cancelled = true;
    for (const worker of this.workers) {
      worker.terminate();
      worker.terminatedByPool = true;
    }
  }

  /** Stop every worker; run() rejects with 'cancelled'. */
  cancel() {
    this.stop();
    if (this.reject) this.reject(new Error('cancelled'));
  }
}
