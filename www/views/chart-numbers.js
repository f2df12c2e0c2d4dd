// The numbers behind each chart of the training runs, for their text alternatives
// (chart-text.js): per chart class, `summary(chart, t)`, one sentence per configuration, and
// `table(chart, t)`, the values the chart draws. They read what the chart was given (its runs
// and metric), so they say exactly what the canvas shows. The lab's charts have theirs in
// lab-numbers.js, the Seeds mode's in seeds-numbers.js.

import { DepthProfile, THEORY_FIELD } from '../charts/depth-profile.js';
import { History } from '../charts/history.js';
import { Loss } from '../charts/loss.js';
import { Fractions, FRACTIONS } from '../charts/fractions.js';
import { Histograms } from '../charts/histograms.js';
import { Boundary } from '../charts/boundary.js';
import { DeadTime } from '../charts/dead-time.js';
import { formatValue } from '../charts/format.js';
import { num, percent, who, layerName, columns, sampled } from './number-cells.js';
import { sharedNames } from '../names.js';

const withStats = (runs) => (runs || []).filter((r) => r.run.latest);
const withHistory = (runs) => (runs || []).filter((r) => r.run.history.length > 0);

/** One row per layer, the deepest configuration deciding how many; `width` cells each. */
function layerRows(runs, width, cellsOf, t) {
  const count = Math.max(...runs.map((r) => r.run.latest.layers.length));
  return Array.from({ length: count }, (_, i) => [
    layerName(i + 1, count, t),
    ...runs.flatMap((r) => {
      const layer = r.run.latest.layers[i];
      return layer ? cellsOf(layer) : Array(width).fill('–');
    }),
  ]);
}

const depth = {
  summary(chart, t) {
    const metric = chart.metric;
    return withStats(chart.runs)
      .map((r) => {
        const layers = r.run.latest.layers;
        const last = Math.max(1, layers.length - 1); // the last hidden layer
        const [input, output] = [layers[0][metric], layers[last - 1][metric]];
        const args = { who: who(r, t), step: r.run.latest.step, metric, layer: last };
        return t('alt.depth.summary', {
          ...args,
          first: formatValue(input),
          last: formatValue(output),
          ratio: formatValue(input / output),
        });
      })
      .join(' ');
  },
  table(chart, t) {
    const runs = withStats(chart.runs);
    if (!runs.length) return null;
    const { metric } = chart;
    const theory = THEORY_FIELD[metric];
    const names = theory ? [metric, t('alt.theory')] : [metric];
    return {
      caption: t('alt.depth.caption', { step: runs[0].run.latest.step, metric }),
      head: [t('alt.layer'), ...columns(runs, names, t)],
      rows: layerRows(runs, names.length, (l) => (theory ? [num(l[metric]), num(l[theory])] : [num(l[metric])]), t),
    };
  },
};

const history = {
  summary(chart, t) {
    const metric = chart.metric;
    return withHistory(chart.runs)
      .map((r) => {
        const h = r.run.history;
        const [first, last] = [h[0], h[h.length - 1]];
        if (h.length === 1) {
          const args = { who: who(r, t), metric, step: last.step, value: formatValue(last[metric][0]) };
          return t('alt.history.summary_start', args);
        }
        return t('alt.history.summary', {
          who: who(r, t),
          metric,
          from: formatValue(first[metric][0]),
          to: formatValue(last[metric][0]),
          start: first.step,
          step: last.step,
        });
      })
      .join(' ');
  },
  table(chart, t) {
    const runs = withHistory(chart.runs);
    if (!runs.length) return null;
    const { metric } = chart;
    // The first, a middle and the last hidden layer: the lines the eye compares.
    const count = runs[0].run.history[0][metric].length;
    const picked = [...new Set([1, Math.ceil((count - 1) / 2), Math.max(1, count - 1)])];
    return {
      caption: t('alt.history.caption', { metric }),
      head: [
        t('alt.step'),
        ...columns(
          runs,
          picked.map((n) => t('alt.layer_n', { layer: n })),
          t,
        ),
      ],
      rows: stepRows(runs, (e) => picked.map((n) => num(e[metric][n - 1]))),
    };
  },
};

/** One row per sampled step, configurations side by side at the steps of the first. */
function stepRows(runs, cellsOf) {
  return sampled(runs[0].run.history).map((entry) => [
    String(entry.step),
    ...runs.flatMap((r) => {
      const same = r.run.history.find((e) => e.step === entry.step);
      return same ? cellsOf(same) : cellsOf(entry).map(() => '–');
    }),
  ]);
}

const loss = {
  summary(chart, t) {
    return withHistory(chart.runs)
      .map((r) => {
        const e = r.run.history[r.run.history.length - 1];
        return t('alt.loss.summary', {
          who: who(r, t),
          step: e.step,
          loss: formatValue(e.loss),
          accuracy: percent(e.accuracy).text,
          test: percent(e.test_accuracy).text,
        });
      })
      .join(' ');
  },
  table(chart, t) {
    const runs = withHistory(chart.runs);
    if (!runs.length) return null;
    const names = [t('alt.loss'), t('alt.accuracy'), t('alt.test_accuracy')];
    return {
      caption: t('alt.loss.caption'),
      head: [t('alt.step'), ...columns(runs, names, t)],
      rows: stepRows(runs, (e) => [num(e.loss), percent(e.accuracy), percent(e.test_accuracy)]),
    };
  },
};

const mean = (values) => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

const fractions = {
  summary(chart, t) {
    return withStats(chart.runs)
      .map((r) => {
        const hidden = r.run.latest.layers.slice(0, -1);
        const [dead, saturated, zero] = FRACTIONS.map(([field]) => percent(mean(hidden.map((l) => l[field]))).text);
        return t('alt.dead.summary', { who: who(r, t), step: r.run.latest.step, dead, saturated, zero });
      })
      .join(' ');
  },
  table(chart, t) {
    const runs = withStats(chart.runs);
    if (!runs.length) return null;
    const names = [t('alt.dead'), t('alt.saturated'), t('alt.zero')];
    return {
      caption: t('alt.dead.caption', { step: runs[0].run.latest.step }),
      head: [t('alt.layer'), ...columns(runs, names, t)],
      rows: layerRows(runs, names.length, (l) => FRACTIONS.map(([field]) => percent(l[field])), t),
    };
  },
};

/** Share of a layer's pre-activations in the histogram's first and last bins. */
function edgeShares(layer) {
  const hist = layer.hist_a;
  const total = hist.reduce((s, v) => s + v, 0) || 1;
  return [hist[0] / total, hist[hist.length - 1] / total];
}

const histograms = {
  summary(chart, t) {
    const run = chart.run;
    if (!run || !run.latest || run.latest.layers.length < 2) return '';
    const hidden = run.latest.layers.slice(0, -1);
    const [first, last] = [hidden[0], hidden[hidden.length - 1]];
    return t('alt.histogram.summary', {
      step: run.latest.step,
      first: percent(first.sat_frac).text,
      last: percent(last.sat_frac).text,
      layer: last.layer,
    });
  },
  table(chart, t) {
    const run = chart.run;
    if (!run || !run.latest || !run.layout) return null;
    const [a0, a1] = run.layout.a_range;
    return {
      caption: t('alt.histogram.caption', { step: run.latest.step }),
      head: [
        t('alt.layer'),
        t('alt.saturated'),
        t('alt.histogram.below', { a: formatValue(a0) }),
        t('alt.histogram.above', { a: formatValue(a1) }),
      ],
      rows: run.latest.layers
        .slice(0, -1)
        .map((l) => [String(l.layer), percent(l.sat_frac), ...edgeShares(l).map(percent)]),
    };
  },
};

/** Per predicted class: its share of the plane's grid cells and their mean confidence. */
function classShares(b) {
  const cells = b.resolution * b.resolution;
  const classes = Math.max(...Array.from(b.class)) + 1;
  return Array.from({ length: classes }, (_, k) => {
    let count = 0;
    let sure = 0;
    for (let i = 0; i < cells; i++) {
      if (b.class[i] !== k) continue;
      count += 1;
      sure += b.confidence[i];
    }
    return { k, share: count / cells, confidence: count ? sure / count : NaN };
  });
}

const boundary = {
  summary(chart, t) {
    const run = chart.run;
    if (!run || !run.boundary || !run.latest) return '';
    const shares = classShares(run.boundary)
      .map((c) => t('alt.boundary.share_of', { class: c.k, share: percent(c.share).text }))
      .join(', ');
    return t('alt.boundary.summary', { step: run.latest.step, test: percent(run.latest.test_accuracy).text, shares });
  },
  table(chart, t) {
    const run = chart.run;
    if (!run || !run.boundary) return null;
    return {
      caption: t('alt.boundary.caption'),
      head: [t('alt.class'), t('alt.boundary.share'), t('alt.boundary.confidence')],
      rows: classShares(run.boundary).map((c) => [String(c.k), percent(c.share), percent(c.confidence)]),
    };
  },
};

const sum = (values) => Array.from(values).reduce((s, v) => s + v, 0);

/** Units revived in the measurements of `series` after step `after` up to step `upTo`. */
const revivedBetween = (series, after, upTo) =>
  sum(series.filter((m) => m.step > after && m.step <= upTo).map((m) => sum(m.revived)));

const deadTime = {
  summary(chart, t) {
    const series = chart.series;
    if (!series.length) return '';
    const last = series[series.length - 1];
    const fractions = last.dead_data_frac;
    return t('alt.deadtime.summary', {
      step: last.step,
      first: percent(fractions[0]).text,
      last: percent(fractions[fractions.length - 1]).text,
      layer: fractions.length,
      revived: revivedBetween(series, -1, last.step),
    });
  },
  /** Sampled measurements, each row with the revivals since the row before. */
  table(chart, t) {
    const series = chart.series;
    if (!series.length) return null;
    const layers = series[0].dead_data_frac.length;
    const shown = sampled(series);
    const revived = (m, i) => {
      const count = revivedBetween(series, i === 0 ? -1 : shown[i - 1].step, m.step);
      return { text: String(count), value: count };
    };
    return {
      caption: t('alt.deadtime.caption', { every: sharedNames().deadEvery }),
      head: [
        t('alt.step'),
        ...Array.from({ length: layers }, (_, l) => t('alt.layer_n', { layer: l + 1 })),
        t('alt.deadtime.revived'),
      ],
      rows: shown.map((m, i) => [String(m.step), ...Array.from(m.dead_data_frac, percent), revived(m, i)]),
    };
  },
};

/** Chart class → its text alternative. */
export const NUMBERS = new Map([
  [DepthProfile, depth],
  [History, history],
  [Loss, loss],
  [Fractions, fractions],
  [Histograms, histograms],
  [Boundary, boundary],
  [DeadTime, deadTime],
]);
