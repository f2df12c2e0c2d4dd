// One training run as the page sees it: a worker (worker.js) plus the statistics it has
// sent so far. Compare mode holds one per configuration; the charts take a list of runs.

import { MSG } from './protocol.js';
import { dataFor } from './data-upload.js';
import { sharedNames } from './names.js';
import { startWorker } from './worker-start.js';

/** History entries kept per run; beyond this every other entry is dropped (thinning). */
const MAX_HISTORY = 3000;

export class Run {
  /**
   * @param {WebAssembly.Module} module compiled once by the page, shared with workers
   * @param {(run: Run, event: string) => void} onChange called on every message
   */
  constructor(module, onChange) {
    this.module = module;
    this.onChange = onChange;
    this.worker = null;
    this.limit = null;
    this.query = '';
    this.gen = 0;
    this.clear();
  }

  clear() {
    this.warnings = [];
    this.points = null;
    this.curve = null;
    this.layout = null;
    this.latest = null; // latest finite Stats
    this.boundary = null;
    this.history = []; // [{step, loss, accuracy, test_accuracy, grad_a: Float64Array, ...}]
    this.deadUnits = []; // every whole-data measurement: [{step, dead_data_frac, revived}]
    this.playing = false;
    this.diverged = null;
    this.error = null;
    this.stepsPerSecond = 0;
    this.pendingFrame = 0; // 'stats' received but not yet acknowledged by a drawn frame
  }

  /** (Re)start training `query`, paused at step 0. */
  start(query, speed) {
    const broken = Boolean(this.error);
    this.query = query;
    this.clear();
    if (!this.worker || broken) this.spawn();
    this.worker.postMessage({ type: MSG.SPEED, stepsPerFrame: speed });
    this.gen += 1;
    this.worker.postMessage({ type: MSG.INIT, gen: this.gen, module: this.module, query, data: dataFor(query) });
  }

  /** A fresh worker: used at start and after an error (a trapped instance is not reused). */
  spawn() {
    if (this.worker) this.worker.terminate();
    this.limit = null;
    this.worker = startWorker(new URL('./worker.js', import.meta.url));
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(event.message || 'the trainer worker failed to load');
    };
  }

  play() {
    if (!this.worker || this.error || this.diverged !== null) return;
    this.playing = true;
    this.worker.postMessage({ type: MSG.PLAY });
  }

  pause() {
    this.playing = false;
    if (this.worker) this.worker.postMessage({ type: MSG.PAUSE });
  }

  step(n) {
    if (this.worker && !this.error) this.worker.postMessage({ type: MSG.STEP, n });
  }

  /** While playing, train no further than `step` (null: no limit); sent only when it changes. */
  setLimit(step) {
    if (!this.worker || step === this.limit) return;
    this.limit = step;
    this.worker.postMessage({ type: MSG.LIMIT, step });
  }

  setSpeed(stepsPerFrame) {
    if (this.worker) this.worker.postMessage({ type: MSG.SPEED, stepsPerFrame });
  }

  /** Back to step 0 of the same query; recovers from a worker error. */
  reset(speed) {
    if (this.error || !this.worker) {
      this.start(this.query, speed);
      return;
    }
    this.clear();
    this.gen += 1;
    this.worker.postMessage({ type: MSG.RESET, gen: this.gen });
  }

  /** Tell the worker the page has drawn what it sent (see protocol.js 'frame'). */
  acknowledge() {
    while (this.pendingFrame > 0 && this.worker) {
      this.pendingFrame -= 1;
      this.worker.postMessage({ type: MSG.FRAME });
    }
  }

  stop() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }

  receive(msg) {
    if (msg.gen !== this.gen) return; // from a trainer this run has replaced
    switch (msg.type) {
      case MSG.READY:
        this.query = msg.query;
        this.warnings = msg.warnings;
        this.points = msg.points;
        this.curve = msg.curve;
        this.layout = msg.layout;
        break;
      case MSG.STATS:
        this.pendingFrame += 1;
        this.stepsPerSecond = msg.stepsPerSecond;
        if (msg.boundary) this.boundary = msg.boundary;
        for (const dead of msg.dead || []) this.recordDeadUnits(dead);
        // `msg.playing` is not copied: the step-0 statistics of a fresh trainer say "paused"
        // yet may arrive after play() was sent (autoplay, a restart while playing). A worker
        // stops by itself only on divergence, which 'diverged' reports.
        if (msg.stats.diverged === null || msg.stats.diverged === undefined) this.record(msg.stats);
        break;
      case MSG.DIVERGED:
        this.diverged = msg.step;
        this.playing = false;
        break;
      case MSG.ERROR:
        this.fail(msg.message);
        return;
      default:
        return;
    }
    this.onChange(this, msg.type);
  }

  fail(message) {
    this.error = message;
    this.playing = false;
    this.onChange(this, MSG.ERROR);
  }

  /**
   * Keep a whole-data dead-unit measurement, each step once. All are kept (one per 50
   * steps, a few bytes per layer): thinning would lose revival counts.
   */
  recordDeadUnits(dead) {
    const last = this.deadUnits[this.deadUnits.length - 1];
    if (!last || last.step < dead.step) this.deadUnits.push(dead);
  }

  /**
   * Keep a finite step: the latest stats in full, and over time the per-layer metrics (as
   * Float64Array, for the history chart and faded profiles) and every other per-layer
   * scalar (as Float32Array, the engine's precision, for the CSV/JSON exports).
   */
  record(stats) {
    const { metrics, layerFields } = sharedNames();
    this.latest = stats;
    const entry = {
      step: stats.step,
      loss: stats.loss,
      accuracy: stats.accuracy,
      test_accuracy: stats.test_accuracy,
    };
    for (const metric of metrics) entry[metric] = Float64Array.from(stats.layers, (l) => l[metric]);
    // Fields measured only at some steps (dead_data_frac, revived) are null elsewhere: kept as
    // an array with nulls then, so the exports write what the CLI writes (an empty CSV cell,
    // JSON null) and not NaN, which means a number that is not finite.
    for (const field of layerFields) {
      if (entry[field]) continue;
      const values = stats.layers.map((l) => l[field]);
      entry[field] = values.some((v) => v === null || v === undefined)
        ? values.map((v) => (v === null || v === undefined ? null : Math.fround(v)))
        : Float32Array.from(values);
    }
    const last = this.history[this.history.length - 1];
    if (last && last.step === entry.step) this.history[this.history.length - 1] = entry;
    else this.history.push(entry);
    if (this.history.length > MAX_HISTORY) {
      const newest = this.history[this.history.length - 1];
      this.history = this.history.filter((_, i) => i % 2 === 0);
      if (this.history[this.history.length - 1] !== newest) this.history.push(newest);
    }
  }
}

/**
 * Compare mode trains in lockstep: no run gets more than two frames' worth of steps ahead of
 * the slowest one still training (not errored, not diverged), so the charts compare the same
 * step. `runs` are Run objects; `speed` is steps per frame. With fewer than two runs still
 * training, nothing is limited.
 */
export function lockstep(runs, speed) {
  const active = runs.filter((run) => !run.error && run.diverged === null);
  if (active.length < 2) {
    for (const run of runs) run.setLimit(null);
    return;
  }
  const floor = Math.min(...active.map((run) => (run.latest ? run.latest.step : 0)));
  for (const run of active) run.setLimit(floor + Math.max(2, 2 * speed));
}
