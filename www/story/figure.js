// One chapter's live figure: the chapter's experiment (every configuration A–D in its own
// worker, in lockstep) drawn with the playground's chart modules in the embed layout. It
// trains only while it is armed (the reader pressed Run, or the chapter asks nothing) and on
// screen, stops at the chapter's step count, and then hands the statistics to the chapter.

import { Run } from '../run.js';
import { MSG } from '../protocol.js';
import { DepthProfile } from '../charts/depth-profile.js';
import { History } from '../charts/history.js';
import { Loss } from '../charts/loss.js';
import { Fractions } from '../charts/fractions.js';
import { Histograms } from '../charts/histograms.js';
import { Boundary } from '../charts/boundary.js';
import { CATEGORICAL } from '../charts/palette.js';
import { LABELS } from './measures.js';
import { describeCharts } from '../views/chart-text.js';

/** The charts a chapter may show: class, card layout, whether it overlays every run. */
const CHARTS = {
  depth: { Chart: DepthProfile, card: 'wide', set: (c, runs) => c.set(runs, 'grad_a') },
  history: { Chart: History, set: (c, runs) => c.set(runs, 'grad_a') },
  loss: { Chart: Loss, set: (c, runs) => c.set(runs) },
  dead: { Chart: Fractions, set: (c, runs) => c.set(runs) },
  histogram: { Chart: Histograms, card: 'wide', single: true, set: (c, runs) => c.set(runs[0].run) },
  boundary: { Chart: Boundary, chart: 'square', single: true, set: (c, runs) => c.set(runs[0].run) },
};

/** Steps per animation frame: a chapter's run takes a few seconds whatever its length. */
function speedFor(steps) {
  return Math.max(1, Math.min(20, Math.round(steps / 250)));
}

export class StoryFigure {
  /**
   * @param host element to fill
   * @param options {module, configs: canonical queries (A first), descriptions, view,
   *   steps, armed, t, onFinish(runs: [{start, end}])}
   */
  constructor(host, options) {
    Object.assign(this, options);
    this.speed = speedFor(this.steps);
    this.visible = false;
    this.booted = false;
    this.finished = false;
    this.starts = [];
    this.host = host;
    const several = this.configs.length > 1;
    this.runs = this.configs.map((query, i) => ({
      run: new Run(this.module, (run, event) => this.changed(run, event)),
      label: several ? LABELS[i] : '',
      colour: CATEGORICAL[i % CATEGORICAL.length],
      description: several ? this.descriptions[i] : '',
      query,
    }));
    // Two charts share a row on wide screens; an odd one out takes the whole row.
    const halves = this.view.filter((name) => !CHARTS[name].card);
    const lone = halves.length % 2 === 1 ? halves[halves.length - 1] : null;
    this.charts = this.view.map((name) => this.makeChart(name, several, name === lone));
    describeCharts(() => this.charts.map((c) => c.chart), this.t);
    new IntersectionObserver(
      (entries) => {
        this.visible = entries[entries.length - 1].isIntersecting;
        if (this.visible && !this.booted) this.boot();
        this.sync();
      },
      { threshold: 0.15 },
    ).observe(host);
    document.addEventListener('visibilitychange', () => this.sync());
  }

  makeChart(name, several, wide) {
    const spec = CHARTS[name];
    const card = document.createElement('section');
    card.className = `embed-card${spec.card || wide ? ' wide' : ''}`;
    const heading = document.createElement('h4');
    const title = this.t(`chart.${name}.title`);
    heading.textContent = several && spec.single ? `${title} (A)` : title;
    const chartHost = document.createElement('div');
    chartHost.className = `chart${spec.chart ? ` ${spec.chart}` : ''}`;
    chartHost.dataset.label = this.t(`chart.${name}.label`);
    card.append(heading, chartHost);
    this.host.querySelector('.embed-charts').append(card);
    return { chart: new spec.Chart(chartHost), spec };
  }

  /** Start the workers (step 0 only); done once, when the figure first comes into view. */
  boot() {
    this.booted = true;
    for (const r of this.runs) r.run.start(r.query, this.speed);
    this.status();
  }

  /** Train from the start: the reader pressed Run (again). */
  arm() {
    if (this.finished) {
      this.finished = false;
      this.starts = [];
      for (const { run } of this.runs) run.reset(this.speed);
    }
    this.armed = true;
    if (!this.booted && this.visible) this.boot();
    this.sync();
  }

  /** Pause or resume at the reader's request. */
  toggle() {
    this.armed = !this.armed;
    this.sync();
  }

  changed(run, event) {
    const index = this.runs.findIndex((r) => r.run === run);
    if (event === MSG.STATS && run.latest && run.latest.step === 0) this.starts[index] = run.latest;
    this.limit();
    if (!this.finished && this.runs.every(({ run: r }) => this.stopped(r))) this.finish();
    this.sync();
    for (const c of this.charts) c.spec.set(c.chart, this.runs);
  }

  /** Whether `run` has nothing left to do: at the chapter's step count, diverged or failed. */
  stopped(run) {
    return Boolean(run.error) || run.diverged !== null || (run.latest !== null && run.latest.step >= this.steps);
  }

  /** Lockstep as on the playground, capped at the chapter's step count. */
  limit() {
    const active = this.runs.map((r) => r.run).filter((run) => !run.error && run.diverged === null);
    const floor = Math.min(...active.map((run) => (run.latest ? run.latest.step : 0)));
    const ahead = active.length > 1 ? floor + Math.max(2, 2 * this.speed) : Infinity;
    for (const run of active) run.setLimit(Math.min(this.steps, ahead));
  }

  finish() {
    this.finished = true;
    this.armed = false;
    const results = this.runs.map(({ run }, i) => ({
      start: this.starts[i] || run.latest,
      end: run.latest ? { ...run.latest, diverged: run.diverged } : null,
    }));
    // The numbers are kept; the workers (a wasm instance each) are not needed until Run again.
    for (const { run } of this.runs) {
      run.pause();
      run.stop();
    }
    if (results.every((r) => r.start && r.end)) this.onFinish(results);
  }

  /** Make the workers follow the reader's intent and the figure's visibility. */
  sync() {
    const go = this.armed && this.visible && !document.hidden && !this.finished;
    for (const { run } of this.runs) {
      if (go && !run.playing && run.latest && !this.stopped(run)) run.play();
      else if (!go && run.playing) run.pause();
    }
    this.status();
  }

  status() {
    const t = this.t;
    const a = this.runs[0].run;
    const step = a.latest ? a.latest.step : 0;
    const args = { step, steps: this.steps };
    const broken = this.runs.find((r) => r.run.error);
    const lines = [];
    if (broken) lines.push(t('figure.status.error', { message: broken.run.error }));
    for (const { run, label } of this.runs) {
      if (run.diverged !== null) lines.push(t('figure.status.diverged', { label: label || 'A', step: run.diverged }));
    }
    let text;
    if (this.finished) text = t('figure.status.done', args);
    else if (!this.armed && step === 0) text = t('figure.status.waiting');
    else if (!this.booted) text = t('figure.status.scroll');
    else if (!a.latest) text = t('figure.status.loading');
    else if (!this.armed) text = t('figure.status.paused', args);
    else if (!this.visible) text = t('figure.status.offscreen', args);
    else text = t('figure.status.step', args);
    this.onStatus([text, ...lines].join(' '), {
      playing: this.armed && !this.finished,
      paused: !this.armed && step > 0,
      finished: this.finished,
    });
  }

  /** Draw what changed and tell the workers it was drawn (flow control). */
  frame() {
    if (!this.booted) return;
    for (const c of this.charts) c.chart.render();
    for (const { run } of this.runs) run.acknowledge();
  }
}
