// The text alternatives of the signal-propagation lab's charts (see chart-text.js): the phase
// diagram (the current configuration's place in it and the grid of ξ_c as far as it is
// computed) and the Jacobian spectrum (its singular values and the histogram's bins). They
// read the numbers the charts draw: the phase chart's Plane and summary, the spectrum's values.

import { PhaseChart } from '../charts/phase.js';
import { SpectrumChart, histogram } from '../charts/spectrum.js';
import { RESOLUTION } from '../lab/plane.js';
import { formatValue } from '../charts/format.js';
import { percent } from './number-cells.js';

/** A length in layers as the lab shows it: ∞ where correlations never decay (engine's null). */
const layers = (v) => (v === null || v === Infinity ? '∞' : formatValue(v));
/** A cell of such a length, keeping the value; '–' where there is none (no critical point). */
const layersCell = (value) => ({ text: Number.isNaN(value) ? '–' : layers(value), value });

/** Which phase χ₁ puts a configuration in. */
const phaseOf = (chi1, t) => t(chi1 < 1 ? 'alt.phase.ordered' : chi1 > 1 ? 'alt.phase.chaotic' : 'alt.phase.critical');

/** The computed rows' ξ_c (the rows the chart has drawn: complete from the bottom up). */
const computed = (plane) => Array.from(plane.xiC.subarray(0, plane.rows * RESOLUTION));

/** "… ξ_c ranges from … to …" over the computed rows, or '' before the first. */
function gridSentence(plane, t) {
  const values = computed(plane).filter((v) => !Number.isNaN(v));
  if (!values.length) return '';
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return t('alt.phase.grid', { rows: plane.rows, total: RESOLUTION, min: layers(min), max: layers(max) });
}

/** "Real runs fill …" when "Fill with real runs" has finished cells. */
function runsSentence(plane, t) {
  const cells = (plane.runs || []).filter(Boolean);
  if (!cells.length) return '';
  const accuracies = cells.filter((c) => !c.diverged && c.accuracy !== null).map((c) => c.accuracy);
  const diverged = cells.length - accuracies.length;
  if (!accuracies.length) return t('alt.phase.runs_diverged', { count: cells.length });
  const [low, high] = [Math.min(...accuracies), Math.max(...accuracies)];
  const args = { count: cells.length, low: percent(low).text, high: percent(high).text, diverged };
  return t('alt.phase.runs', args);
}

const phase = {
  summary(chart, t) {
    if (chart.current && chart.current.summary.note) return t('lab.phase.no_theory');
    if (chart.error) return chart.error;
    if (!chart.current) return t('alt.phase.waiting');
    const s = chart.current.summary;
    const here = t('alt.phase.summary', {
      sigma_w2: formatValue(s.sigma_w2),
      sigma_b2: formatValue(s.sigma_b2),
      phase: phaseOf(s.chi1, t),
      chi1: formatValue(s.chi1),
    });
    // ξ_c = ∞ (on the critical line): the theory sets no limit on the depth that trains.
    const depth =
      s.xi_c === null
        ? t('alt.phase.no_depth_scale', { depth: chart.depth })
        : t('alt.phase.depth_scale', {
            xi_c: layers(s.xi_c),
            trainable: layers(s.trainable_depth),
            depth: chart.depth,
          });
    return [here, depth, gridSentence(chart.plane, t), runsSentence(chart.plane, t)].filter(Boolean).join(' ');
  },
  /** ξ_c per grid point, a row per σ_b² computed so far, and where each row crosses χ₁ = 1. */
  table(chart, t) {
    const plane = chart.plane;
    if (!plane.rows || (chart.current && chart.current.summary.note)) return null;
    const xi = computed(plane);
    return {
      caption: t('alt.phase.caption'),
      head: [t('alt.phase.corner'), t('alt.phase.critical_column'), ...Array.from(plane.sigmaW2, formatValue)],
      rows: Array.from({ length: plane.rows }, (_, row) => [
        formatValue(plane.sigmaB2[row]),
        layersCell(plane.critical[row]),
        ...xi.slice(row * RESOLUTION, (row + 1) * RESOLUTION).map(layersCell),
      ]),
    };
  },
};

/** The median of `values` (sorted copy, the mean of the middle two when even). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const spectrum = {
  summary(chart, t) {
    if (chart.error) return t('lab.spectrum.unavailable');
    const values = chart.values;
    if (!values) return t('alt.spectrum.waiting');
    if (!values.length) return t('alt.spectrum.none');
    const [max, min] = [Math.max(...values), Math.min(...values)];
    return t('alt.spectrum.summary', {
      count: values.length,
      max: formatValue(max),
      min: formatValue(min),
      median: formatValue(median(values)),
      ratio: min > 0 ? formatValue(max / min) : '∞',
      zeros: values.filter((v) => v === 0).length,
    });
  },
  /** The histogram's bars as drawn: the exact zeros, then every bin from the smallest up. */
  table(chart, t) {
    if (!chart.values || !chart.values.length) return null;
    const h = histogram(chart.values);
    const count = (n) => ({ text: String(n), value: n });
    const zeros = h.zeros ? [[t('alt.spectrum.zero_row'), '–', count(h.zeros)]] : [];
    const edge = (i) => formatValue(10 ** (h.lo + i * h.bin));
    return {
      caption: t('alt.spectrum.caption'),
      head: [t('alt.spectrum.from'), t('alt.spectrum.to'), t('alt.spectrum.count')],
      rows: [...zeros, ...h.counts.map((n, i) => [edge(i), edge(i + 1), count(n)])],
    };
  },
};

/** Chart class → its text alternative. */
export const LAB_NUMBERS = new Map([
  [PhaseChart, phase],
  [SpectrumChart, spectrum],
]);
