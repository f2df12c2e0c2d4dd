// From data to pixels: the plot box, linear scales, padded extents, lookups.

import { MARGIN } from './theme.js';

/** The plot area inside the margins. */
export function plotBox(width, height, margin = MARGIN) {
  return {
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
    get w() {
      return this.right - this.left;
    },
    get h() {
      return this.bottom - this.top;
    },
  };
}

/** A linear map from `domain` to `range`, with `invert`. */
export function scale([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = (v) => r0 + (v - d0) * k;
  f.invert = (r) => (k === 0 ? d0 : d0 + (r - r0) / k);
  f.domain = [d0, d1];
  return f;
}

/** log10 of a positive finite value; NaN otherwise (the point is skipped). */
export function log10(v) {
  return v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN;
}

/**
 * Padded [min, max] of the finite values, at least `minSpan` wide; `fallback` when empty.
 */
export function extent(values, { minSpan = 1, pad = 0.05, fallback = [0, 1] } = {}) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return fallback;
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** Index of the element of sorted `xs` nearest to `x`. */
export function nearestIndex(xs, x) {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}
