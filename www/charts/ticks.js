// Axis ticks: round linear ones, whole layer numbers, and log10 decades.

import { pow10 } from './format.js';

/** Round ticks (1, 2, 5 × 10^k) covering [min, max], about `count` of them. */
export function linearTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => raw <= s) || 10 * mag;
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    ticks.push(Number((i * step).toFixed(digits)));
  }
  return ticks;
}

/** Whole layer numbers to label, always including layer 1 and the output layer (whose
 * label is wider, so the tick before it is dropped when it would crowd it). */
export function layerTicks(layers, widthPx) {
  const ticks = linearTicks(1, layers, Math.min(layers - 1, Math.max(2, Math.floor(widthPx / 40)))).filter(
    (v) => Number.isInteger(v) && v < layers,
  );
  const spacing = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  if (spacing === 2) {
    // Odd layers: 1, 3, 5, … reads better than 1, 4, 6, …
    ticks.splice(0, ticks.length, ...Array.from({ length: Math.floor((layers - 1) / 2) + 1 }, (_, i) => 1 + 2 * i));
  }
  while (ticks.length && layers - ticks[ticks.length - 1] < spacing * 0.9) ticks.pop();
  while (ticks.length && ticks[0] - 1 < spacing * 0.6) ticks.shift();
  return [1, ...ticks, layers].filter((v, i, all) => i === 0 || v > all[i - 1]);
}

/**
 * Ticks for an axis whose values are already log10: every decade (every 2nd, 5th… when
 * there are many); when the range holds fewer than two decades, also 2× and 5×.
 * Returns [{value, label, major}].
 */
export function decadeTicks(min, max) {
  const lo = Math.floor(min);
  const hi = Math.ceil(max);
  const span = hi - lo;
  const every = span > 24 ? 5 : span > 12 ? 2 : 1;
  const plain = lo >= -2 && hi <= 2;
  const ticks = [];
  for (let k = lo; k <= hi; k++) {
    if (k >= min - 1e-9 && k <= max + 1e-9 && k % every === 0)
      ticks.push({ value: k, label: tickLabel(1, k, plain), major: true });
    if (max - min < 2) {
      for (const m of [2, 5]) {
        const v = k + Math.log10(m);
        if (v >= min && v <= max) ticks.push({ value: v, label: tickLabel(m, k, plain), major: false });
      }
    }
  }
  return ticks.sort((a, b) => a.value - b.value);
}

/** m·10^k as a plain number (for axes that stay within 0.01 … 100) or as "2·10⁻⁵". */
function tickLabel(m, k, plain) {
  if (plain) return String(Number((m * 10 ** k).toPrecision(3)));
  return m === 1 ? pow10(k) : `${m}·${pow10(k)}`;
}
