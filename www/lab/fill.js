// "Fill with real runs": Schoenholz et al.'s trainability experiment on the phase diagram.
// The chosen configuration is trained at every point of the diagram's grid (RESOLUTION² runs
// of FILL_STEPS steps, at its own depth) in the Seeds mode's pool of workers; each finished
// run colours its cell by final test accuracy. The runs are the engine's sweep, `gradfall
// sweep QUERY --over bstd=… --over gain=… --steps 300` (σ_b² rows slowest, σ_w² columns),
// so the page's lines equal the command line's. The runs are the lab module's (www/wasm.js
// loadLabModule), loaded by the first click if the phase diagram has not loaded it yet.

import { loadLabModule } from '../wasm.js';
import { SeedPool, poolSize } from '../seeds/pool.js';
import { RESOLUTION } from './plane.js';
import { translate as t } from '../text.js';

/** Training steps per run: enough to tell a trainable point from a stuck one at small depth. */
export const FILL_STEPS = 300;

const $ = (id) => document.getElementById(id);
const digits = (v) => String(Number(v.toPrecision(6)));

/** The sweep's axes for `query` over the plane's grid (loaded): bstd = √σ_b², gain =
 * √(σ_w²/σ_w²(gain 1)), with `lab` the lab module's exports. */
export function fillAxes(query, plane, lab) {
  const scale = lab.planeSigmaW2(query);
  const bstd = [...plane.sigmaB2].map((b) => digits(Math.sqrt(b)));
  const gain = [...plane.sigmaW2].map((w) => digits(Math.sqrt(w / scale)));
  return [`bstd=${bstd.join(',')}`, `gain=${gain.join(',')}`];
}

export class FillRuns {
  /**
   * @param chart the PhaseChart to colour
   * @param query () => the chosen configuration's single query; @param exposed test hooks
   */
  constructor(chart, query, exposed) {
    Object.assign(this, { chart, query, exposed });
    this.pool = null;
    this.loading = false; // the lab module is on its way (the buttons are already busy)
    this.cancelledEarly = false; // Cancel came while it was
    this.exposed.fill = { state: 'idle', done: 0, total: 0, workers: 0, peak: 0, lines: [] };
    $('lab-fill').addEventListener('click', () => this.start());
    $('lab-fill-cancel').addEventListener('click', () => this.cancel());
  }

  async start() {
    if (this.pool || this.loading) return;
    const query = this.query();
    let lab, axes, total;
    this.loading = true;
    this.cancelledEarly = false;
    this.setBusy(true);
    this.exposed.fill.state = 'running'; // from the click on, loading the lab module included
    try {
      lab = await loadLabModule();
      this.chart.plane.load(lab.exports);
      axes = fillAxes(query, this.chart.plane, lab.exports);
      total = lab.exports.gridSweepSize(query, axes, BigInt(FILL_STEPS));
    } catch (err) {
      this.finish('error', t('lab.fill.failed', { message: err.message }));
      return;
    } finally {
      this.loading = false;
    }
    if (this.cancelledEarly) {
      this.finish('cancelled', t('lab.fill.cancelled'));
      return;
    }
    const cells = new Array(RESOLUTION * RESOLUTION).fill(null);
    this.chart.setRuns(cells);
    this.runsKey = this.chart.runsKey; // the configuration the cells belong to
    const lines = [];
    this.pool = new SeedPool({
      module: lab.module,
      query,
      seeds: 1,
      steps: FILL_STEPS,
      runs: total,
      job: { axes },
      onProgress: (done) => {
        this.colour(cells);
        this.progress(done, total);
      },
    });
    const workers = Math.min(poolSize(), total);
    Object.assign(this.exposed.fill, { state: 'running', done: 0, total, workers, peak: 0, lines, query, axes });
    this.setBusy(true);
    this.progress(0, total);
    try {
      const result = await this.pool.run();
      lines.push(...result);
      this.finish('done', t('lab.fill.done', { runs: total, steps: FILL_STEPS }));
    } catch (err) {
      if (err.message === 'cancelled') this.finish('cancelled', t('lab.fill.cancelled'));
      else this.finish('error', t('lab.fill.failed', { message: err.message }));
    }
  }

  /** Each finished run's cell: its final test accuracy (null when it diverged). */
  colour(cells) {
    this.pool.lines.forEach((line, i) => {
      if (!line || cells[i]) return;
      const run = JSON.parse(line);
      cells[i] = { accuracy: run.test_accuracy, diverged: run.diverged !== null };
    });
    this.exposed.fill.peak = this.pool.peak;
    // Drawn only while the chart still shows that configuration (gain and bstd aside).
    if (this.chart.runsKey === this.runsKey) this.chart.setRuns(cells);
  }

  progress(done, total) {
    this.exposed.fill.done = done;
    $('lab-fill-progress').max = total;
    $('lab-fill-progress').value = done;
    $('lab-fill-status').textContent = t('lab.fill.progress', { done, total });
  }

  cancel() {
    if (this.pool) this.pool.cancel();
    else if (this.loading) this.cancelledEarly = true;
  }

  finish(state, text) {
    if (this.pool) this.exposed.fill.peak = this.pool.peak;
    this.pool = null;
    this.exposed.fill.state = state;
    $('lab-fill-status').textContent = text;
    this.setBusy(false);
  }

  setBusy(busy) {
    $('lab-fill').disabled = busy;
    $('lab-fill-cancel').disabled = !busy;
  }
}
