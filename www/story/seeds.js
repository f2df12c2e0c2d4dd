// A chapter's experiment over seeds 1..n: every configuration with every seed, each run
// headless in a small pool of workers (seeds-worker.js). The result per configuration is
// the list of {start, end} statistics, seed 1 first, which measures.js reduces.

/** Workers run at once: the machine's cores, leaving one for the page, at most 4. */
function poolSize() {
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores - 1));
}

/** `query` with its seed set to `seed`. */
export function withSeed(query, seed) {
  const params = new URLSearchParams(query);
  params.set('seed', String(seed));
  return params.toString();
}

export class SeedRunner {
  /**
   * @param module compiled wasm module
   * @param configs canonical single-configuration queries, A first
   * @param steps updates per run; @param seeds how many seeds (1..n)
   * @param onProgress (done, total) after each run
   */
  constructor(module, configs, steps, seeds, onProgress) {
    this.jobs = [];
    configs.forEach((query, config) => {
      for (let seed = 1; seed <= seeds; seed += 1) this.jobs.push({ config, seed, query: withSeed(query, seed) });
    });
    this.module = module;
    this.steps = steps;
    this.results = configs.map(() => new Array(seeds));
    this.onProgress = onProgress;
    this.workers = [];
    this.cancelled = false;
  }

  /** Resolves with the results, or rejects on a failure or on cancel(). */
  run() {
    const total = this.jobs.length;
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      this.reject = reject;
      const feed = (worker) => {
        if (next >= total) {
          worker.terminate();
          return;
        }
        const job = this.jobs[next];
        next += 1;
        worker.onmessage = ({ data }) => {
          if (this.cancelled) return;
          if (data.error) {
            this.cancel();
            reject(new Error(data.error));
            return;
          }
          this.results[job.config][job.seed - 1] = data;
          done += 1;
          this.onProgress(done, total);
          if (done === total) resolve(this.results);
          else feed(worker);
        };
        worker.postMessage({ module: this.module, query: job.query, steps: this.steps });
      };
      for (let i = 0; i < Math.min(poolSize(), total); i += 1) {
        const worker = new Worker(new URL('./seeds-worker.js', import.meta.url), { type: 'module' });
        worker.onerror = (event) => {
          event.preventDefault();
          this.cancel();
          reject(new Error(event.message || 'a seeds worker failed to load'));
        };
        this.workers.push(worker);
        feed(worker);
      }
    });
  }

  /** Stop every worker; run() rejects. */
  cancel() {
    this.cancelled = true;
    for (const worker of this.workers) worker.terminate();
    if (this.reject) this.reject(new Error('cancelled'));
  }
}
