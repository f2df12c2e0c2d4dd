// The charts both pages draw, keyed by the names `view` accepts (the engine's
// VIEW_CHARTS): what each is called, how it is labelled for screen readers, whether it
// overlays every configuration or shows one, and the animation loop that draws them.

import { DepthProfile } from '../charts/depth-profile.js';
import { History } from '../charts/history.js';
import { Loss } from '../charts/loss.js';
import { Fractions } from '../charts/fractions.js';
import { Histograms } from '../charts/histograms.js';
import { Boundary } from '../charts/boundary.js';

/**
 * `title` and `label` (the canvas's aria-label): message ids, `chart.<view>.title` and
 * `chart.<view>.label`, which the pages show in the reader's language; `card` and
 * `host`: extra CSS classes of the embed card and the chart host; `overlay`: draws every
 * configuration, else only one (the selected tab, or A on the embed page); `id`: the
 * playground's name for it (its element `chart-<id>` and PNG `gradfall-<id>.png`).
 */
export const CHARTS = {
  depth: {
    id: 'profile',
    title: 'chart.depth.title',
    label: 'chart.depth.label',
    Chart: DepthProfile,
    card: 'wide',
    overlay: true,
  },
  history: {
    id: 'history',
    title: 'chart.history.title',
    label: 'chart.history.label',
    Chart: History,
    overlay: true,
  },
  loss: { id: 'loss', title: 'chart.loss.title', label: 'chart.loss.label', Chart: Loss, overlay: true },
  dead: {
    id: 'fractions',
    title: 'chart.dead.title',
    label: 'chart.dead.label',
    Chart: Fractions,
    overlay: true,
  },
  histogram: {
    id: 'histograms',
    title: 'chart.histogram.title',
    label: 'chart.histogram.label',
    Chart: Histograms,
    card: 'wide',
    overlay: false,
  },
  boundary: {
    id: 'boundary',
    title: 'chart.boundary.title',
    label: 'chart.boundary.label',
    Chart: Boundary,
    host: 'square',
    overlay: false,
  },
};

/**
 * Hand the runs to a chart of kind `spec`: overlays get every run and the metric, the
 * others only `chosen` (one of `runs`). `runs`: [{run, label, colour, description}].
 */
export function feedChart(chart, spec, runs, chosen, metric) {
  if (spec.overlay) chart.set(runs, metric);
  else chart.set(chosen.run);
}

/**
 * Every animation frame: draw the charts that changed, then tell each run's worker the
 * page has drawn what it sent (flow control, protocol.js). `onDrawn(ms)` hears how long a
 * frame that drew something took.
 */
export function startDrawing(charts, runs, onDrawn = () => {}) {
  const frame = () => {
    const t0 = performance.now();
    let drew = false;
    for (const chart of charts()) drew = chart.render() || drew;
    if (drew) onDrawn(t0, performance.now() - t0);
    for (const { run } of runs()) run.acknowledge();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
