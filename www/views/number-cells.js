// The pieces every chart's text alternative is made of (chart-numbers.js, lab-numbers.js,
// seeds-numbers.js): table cells that keep the exact number behind the rounded text, the
// "A: " of compare mode, layer names and the steps a table over time samples.

import { formatValue } from '../charts/format.js';

/** Rows of the tables over steps: at most this many per configuration, the last included. */
export const SAMPLED_STEPS = 8;

/** A cell for a number the chart draws; '–' where there is none (a shallower configuration). */
export const num = (value) =>
  typeof value === 'number' ? { text: Number.isFinite(value) ? formatValue(value) : '–', value } : '–';
export const percent = (value) =>
  typeof value === 'number' ? { text: Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '–', value } : '–';
/** "A: " in compare mode, else nothing. */
export const who = (entry, t) => (entry.label ? t('alt.who', { label: entry.label }) : '');
/** Layer `n` of `count` (the last one is the output layer). */
export const layerName = (n, count, t) => (n === count ? t('alt.output_layer', { layer: n }) : String(n));
/** A column per configuration and field: "A: dead" in compare mode, "dead" alone. */
export const columns = (runs, names, t) => runs.flatMap((r) => names.map((name) => `${who(r, t)}${name}`));

/** Up to SAMPLED_STEPS entries of `history`, evenly spread, first and last included. */
export function sampled(history) {
  const last = history.length - 1;
  const count = Math.min(SAMPLED_STEPS, history.length);
  if (count < 2) return history.slice(-1);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round((i * last) / (count - 1))))].map(
    (i) => history[i],
  );
}
