// The charts both pages draw, keyed by the names `view` accepts (the engine's
// VIEW_CHARTS): what each is called, how it is labelled for screen readers, whether it
// overlays every configuration or shows one, and the animation loop that draws them.

import { DepthProfile } from '../charts/depth-profile.js';
import { History } from '../charts/history.js';
import { Loss } from '../charts/loss.js';
import { Fractions } from '../charts/fractions.js';
import { Histograms } from '../charts/histograms.js';
import { Boundary } from '../charts/boundary.js';
import { PhaseChart } from '../charts/phase.js';
import { SpectrumChart } from '../charts/spectrum.js';
import { DeadTime } from '../charts/dead-time.js';
import { TEXT } from '../text.js';

/**
 * `title` and `label` (the canvas's aria-label) as the embed page shows them (for
 * `phase`, `spectrum`, `deadtime` and `seeds`, message ids of the catalogues); `card` and
 * `host`: extra CSS classes of the embed card and the chart host; `overlay`: draws every
 * configuration, else only one (the selected tab, or A on the embed page); `id`: the
 * playground's name for it (its element `chart-<id>` and PNG `gradfall-<id>.png`).
 */
export const CHARTS = {
  depth: {
    id: 'profile',
    title: 'Depth profile',
    label: 'Depth profile: log10 of the gradient metric for every layer',
    Chart: DepthProfile,
    card: 'wide',
    overlay: true,
  },
  history: {
    id: 'history',
    title: 'Per-layer history',
    label: 'Per-layer history of the gradient metric',
    Chart: History,
    overlay: true,
  },
  loss: { id: 'loss', title: 'Loss and accuracy', label: 'Loss and accuracy against step', Chart: Loss, overlay: true },
  dead: {
    id: 'fractions',
    title: 'Dead, saturated, zero',
    label: 'Fraction of dead units, saturated entries and exact zeros per layer',
    Chart: Fractions,
    overlay: true,
  },
  histogram: {
    id: 'histograms',
    title: 'Pre-activations over f′(a)',
    label: 'Histograms of the pre-activation of several layers over the derivative of the activation',
    Chart: Histograms,
    card: 'wide',
    overlay: false,
  },
  boundary: {
    id: 'boundary',
    title: 'Decision boundary',
    label: 'Decision boundary over the two input coordinates',
    Chart: Boundary,
    host: 'square',
    overlay: false,
  },
  // The signal-propagation lab (the playground's #lab section): the configuration's theory,
  // not its training, so they follow the chosen configuration's query.
  phase: {
    id: 'phase',
    title: 'chart.phase.title',
    label: 'chart.phase.label',
    Chart: PhaseChart,
    card: 'wide',
    host: 'tall',
    overlay: false,
  },
  spectrum: {
    id: 'spectrum',
    title: 'chart.spectrum.title',
    label: 'chart.spectrum.label',
    Chart: SpectrumChart,
    card: 'wide',
    overlay: false,
  },
  deadtime: {
    id: 'deadtime',
    title: 'chart.deadtime.title',
    label: 'chart.deadtime.label',
    Chart: DeadTime,
    overlay: false,
  },
  // Not a chart of the runs: the Seeds mode (seeds/panel.js), which trains its own runs.
  seeds: {
    id: 'seeds',
    title: 'chart.seeds.title',
    label: 'chart.seeds.label',
    card: 'wide',
    panel: true,
    overlay: true,
  },
};

/**
 * A chart's `title` or `label` (`key`) in the reader's language: the entry's message id
 * (`chart.<view>.…`), or for the entries that still hold English, the id made of the name.
 */
export function chartText(name, key) {
  const text = CHARTS[name][key];
  if (text.startsWith('chart.')) return TEXT.message(text);
  return key === 'title' ? TEXT.chartTitle(name) : TEXT.chartLabel(name);
}

/** The charts drawn from the page's runs (every entry but the Seeds panel). */
export const RUN_CHARTS = Object.values(CHARTS).filter((spec) => spec.Chart);

/**
 * Hand the runs to a chart of kind `spec`: overlays get every run and the metric, the
 * others only `chosen` (one of `runs`). `runs`: [{run, label, colour, description}].
 */
export function feedChart(chart, spec, runs, chosen, metric) {
  if (!spec.Chart) return; // the Seeds panel draws its own runs
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
    for (const chart of charts()) if (chart) drew = chart.render() || drew;
    if (drew) onDrawn(t0, performance.now() - t0);
    for (const { run } of runs()) run.acknowledge();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
