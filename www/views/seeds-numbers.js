// The text alternatives of the Seeds mode's charts (see chart-text.js): the final test
// accuracy of every run per configuration, with its quartiles and median (seeds/chart.js),
// and the depth profile over seeds (charts/seeds-profile.js). They read the cell statistics
// and run summaries the charts draw, the engine's, as they are.

import { SeedsAccuracy } from '../seeds/chart.js';
import { SeedsProfile } from '../charts/seeds-profile.js';
import { formatValue } from '../charts/format.js';
import { num, percent, layerName } from './number-cells.js';

/** "A: " when the sweep has several configurations, else nothing. */
const who = (label, several, t) => (several ? t('alt.who', { label }) : '');

const accuracy = {
  summary(chart, t) {
    const { cells, runs } = chart;
    if (!cells.length) return t('alt.seeds.waiting');
    return cells
      .map((cell) => {
        const spread = cell.test_accuracy;
        return t('alt.seeds.summary', {
          who: who(runs[cell.run_indices[0]].config, cells.length > 1, t),
          n: cell.seeds.length,
          median: percent(spread.median).text,
          q1: percent(spread.q1).text,
          q3: percent(spread.q3).text,
          min: percent(spread.min).text,
          max: percent(spread.max).text,
          reached: cell.reached_target,
          target: percent(cell.target).text,
        });
      })
      .join(' ');
  },
  /** A row per configuration: its median and quartiles, then every seed's run (a dot). */
  table(chart, t) {
    const { cells, runs } = chart;
    if (!cells.length) return null;
    const run = (i) => (runs[i].test_accuracy === null ? t('alt.seeds.diverged') : percent(runs[i].test_accuracy));
    return {
      caption: t('alt.seeds.caption', { target: percent(cells[0].target).text }),
      head: [
        t('alt.seeds.config'),
        t('alt.seeds.median'),
        t('alt.seeds.q1'),
        t('alt.seeds.q3'),
        ...cells[0].seeds.map((seed) => t('alt.seeds.seed', { seed })),
      ],
      rows: cells.map((cell) => {
        const spread = cell.test_accuracy;
        const label = runs[cell.run_indices[0]].config;
        return [label, percent(spread.median), percent(spread.q1), percent(spread.q3), ...cell.run_indices.map(run)];
      }),
    };
  },
};

/** 10^v of a log10 the profile holds; null (no finite value) stays null. */
const power = (v) => (v === null || v === undefined ? null : 10 ** v);
const shown = (v) => (v === null ? '–' : formatValue(v));

const profile = {
  summary(chart, t) {
    const series = chart.series.filter((s) => s.end);
    if (!series.length) return t('alt.seeds.waiting');
    return series
      .map((s) => {
        const count = s.end.median.length;
        const last = Math.max(1, count - 1); // the last hidden layer
        return t('alt.seeds_profile.summary', {
          who: who(s.label, series.length > 1, t),
          steps: chart.steps,
          metric: chart.metric,
          layer: last,
          first: shown(power(s.end.median[0])),
          last: shown(power(s.end.median[last - 1])),
          start_first: shown(power(s.start.median[0])),
          start_last: shown(power(s.start.median[last - 1])),
        });
      })
      .join(' ');
  },
  /** A row per layer; per configuration the median, the quartiles and the step-0 median. */
  table(chart, t) {
    const series = chart.series.filter((s) => s.end);
    if (!series.length) return null;
    const several = series.length > 1;
    const names = [t('alt.seeds.median'), t('alt.seeds.q1'), t('alt.seeds.q3'), t('alt.seeds_profile.start')];
    const count = Math.max(...series.map((s) => s.end.median.length));
    const cell = (v) => (v === null || v === undefined ? '–' : num(power(v)));
    return {
      caption: t('alt.seeds_profile.caption', { metric: chart.metric, steps: chart.steps }),
      head: [t('alt.layer'), ...series.flatMap((s) => names.map((name) => `${who(s.label, several, t)}${name}`))],
      rows: Array.from({ length: count }, (_, i) => [
        layerName(i + 1, count, t),
        ...series.flatMap((s) => [s.end.median[i], s.end.q1[i], s.end.q3[i], s.start.median[i]].map(cell)),
      ]),
    };
  },
};

/** Chart class → its text alternative. */
export const SEEDS_NUMBERS = new Map([
  [SeedsAccuracy, accuracy],
  [SeedsProfile, profile],
]);
