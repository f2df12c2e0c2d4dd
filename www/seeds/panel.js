// The Seeds mode, on the playground and the embed page: the current experiment (every
// configuration A–D) over seeds 1..N in a pool of workers, with progress, Cancel, and the
// result as distributions: final test accuracy and the depth profile. The plan, each run's
// summary and the cell statistics come from the engine (sweepPlan, sweepRun, sweepCells): the
// same JSON lines `gradfall sweep QUERY --over seed=1..N` prints. They are the lab module's
// (www/wasm.js loadLabModule), loaded by the first Run.

import { loadLabModule } from '../wasm.js';
import { sharedNames } from '../names.js';
import { TEXT } from '../text.js';
import { SeedPool, poolSize } from './pool.js';
import { SeedsAccuracy } from './chart.js';
import { SeedsProfile } from '../charts/seeds-profile.js';
import { CATEGORICAL } from '../charts/palette.js';

const $ = (id) => document.getElementById(id);

/** `query` without the page settings (metric, seeds…): the experiment the sweep runs. */
function experimentOnly(query) {
  const params = new URLSearchParams(query);
  for (const key of sharedNames().uiKeys) params.delete(key);
  return params.toString();
}

/** The count shown when the URL has no `seeds`. */
export const DEFAULT_SEEDS = 8;

export class SeedsPanel {
  /**
   * The sweep runs in the lab module, loaded by the first Run.
   * @param page `{query(), setSeeds(n), metric()?}` (`metric`: the depth profile's metric,
   *   grad_a when absent)
   * @param exposed the page's test hooks (window.gradfall): gets `seeds`
   */
  constructor(page, exposed) {
    Object.assign(this, { page, exposed });
    this.pool = null;
    this.lab = null; // the lab module's exports, once loaded
    this.loading = false; // the lab module is on its way (the buttons are already busy)
    this.cancelledEarly = false; // Cancel came while it was
    this.result = null; // {rows, steps} of the last finished sweep, for the profile chart
    this.accuracy = new SeedsAccuracy($('chart-seeds'), TEXT.seedsChartLabel);
    const host = $('chart-seeds-profile');
    this.profile = host ? new SeedsProfile(host) : null;
    this.exposed.seeds = { state: 'idle', lines: [], cells: [], workers: 0, alive: 0, done: 0, total: 0, profile: [] };
    $('seeds-run').addEventListener('click', () => this.start());
    $('seeds-cancel').addEventListener('click', () => this.cancel());
  }

  /** The charts the page's drawing loop renders (views/charts.js startDrawing) and its text
   * alternatives describe (views/chart-text.js). */
  charts() {
    return this.profile ? [this.accuracy, this.profile] : [this.accuracy];
  }

  /** The metric of the depth profile changed: redraw the profile over seeds with it. */
  showMetric() {
    if (!this.profile || !this.result) return;
    const metric = this.page.metric ? this.page.metric() : 'grad_a';
    this.profile.set(this.result.rows, metric, this.result.steps);
    Object.assign(this.exposed.seeds, { metric, profile: this.profile.series });
  }

  /** Show the URL's count (null: the default). */
  show(seeds) {
    $('seeds-count').value = String(seeds || DEFAULT_SEEDS);
  }

  count() {
    const n = Math.round(Number($('seeds-count').value));
    return Number.isFinite(n) ? Math.min(sharedNames().maxPageSeeds, Math.max(1, n)) : DEFAULT_SEEDS;
  }

  async start() {
    if (this.pool || this.loading) return;
    const seeds = this.count();
    this.page.setSeeds(seeds);
    const query = experimentOnly(this.page.query());
    let lab, plan;
    this.loading = true;
    this.cancelledEarly = false;
    this.setBusy(true);
    this.exposed.seeds.state = 'running'; // from the click on, loading the lab module included
    try {
      lab = await loadLabModule();
      plan = lab.exports.sweepPlan(query, seeds, BigInt(sharedNames().sweepSteps));
    } catch (err) {
      this.finish('error', err.message);
      return;
    } finally {
      this.loading = false;
    }
    if (this.cancelledEarly) {
      this.finish('cancelled', '');
      return;
    }
    this.lab = lab.exports;
    const total = plan.runs.length;
    this.pool = new SeedPool({
      module: lab.module,
      query,
      seeds,
      steps: plan.steps,
      runs: total,
      onProgress: (d) => this.progress(d, total),
    });
    Object.assign(this.exposed.seeds, {
      state: 'running',
      lines: [],
      cells: [],
      done: 0,
      total,
      query,
      seeds,
      steps: Number(plan.steps),
    });
    this.exposed.seeds.workers = Math.min(poolSize(), total);
    this.setBusy(true);
    this.progress(0, total);
    try {
      const lines = await this.pool.run();
      this.showResult(lines);
    } catch (err) {
      this.finish(err.message === 'cancelled' ? 'cancelled' : 'error', err.message);
    }
  }

  progress(done, total) {
    $('seeds-progress').max = total;
    $('seeds-progress').value = done;
    $('seeds-status').textContent = TEXT.seedsProgress(done, total, Math.min(poolSize(), total));
    this.exposed.seeds.done = done;
  }

  showResult(lines) {
    const cells = this.lab.sweepCells(lines);
    const runs = lines.map((l) => JSON.parse(l));
    const parsed = cells.map((c) => JSON.parse(c));
    Object.assign(this.exposed.seeds, { lines, cells });
    this.accuracy.set(parsed, runs);
    this.result = {
      steps: this.exposed.seeds.steps,
      rows: parsed.map((cell, i) => ({
        label: runs[cell.run_indices[0]].config,
        colour: CATEGORICAL[i % CATEGORICAL.length],
        profile: cell.log10_profile,
      })),
    };
    this.showMetric();
    $('seeds-reached').replaceChildren(
      ...parsed.map((cell) => {
        const item = document.createElement('li');
        const label = runs[cell.run_indices[0]].config;
        item.textContent = TEXT.seedsReached(
          label,
          cell.reached_target,
          cell.seeds.length,
          cell.target,
          cell.test_accuracy.median,
        );
        return item;
      }),
    );
    this.finish('done', '');
  }

  cancel() {
    if (this.pool) this.pool.cancel();
    else if (this.loading) this.cancelledEarly = true;
  }

  finish(state, message) {
    this.exposed.seeds.state = state;
    this.exposed.seeds.alive = this.pool ? this.pool.alive : 0;
    this.pool = null;
    this.setBusy(false);
    if (state === 'cancelled') $('seeds-status').textContent = TEXT.seedsCancelled;
    if (state === 'error') $('seeds-status').textContent = TEXT.seedsFailed(message);
  }

  setBusy(busy) {
    $('seeds-run').disabled = busy;
    $('seeds-cancel').disabled = !busy;
  }
}
