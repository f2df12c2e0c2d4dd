// The phase diagram's legends, right of the plot: the ξ_c colour bar (viridis, log scale,
// ∞ at the top) and, once real runs are drawn, the test-accuracy scale of their squares.

import { FONT, INK, MUTED, DARK } from '../charts/theme.js';
import { position, viridisRgb } from './colour-map.js';
import { translate as t } from '../text.js';

/** Room the legends take right of the plot, in CSS pixels. */
export const LEGEND_WIDTH = 58;
const BAR = 12;

/** Grey from light (the lowest accuracy of the runs, `range[0]`) to dark (the highest) in the
 * light theme, reversed in the dark one: a ramp without hue, so the squares stand apart from
 * viridis beneath. */
export function accuracyColour(accuracy, [lo, hi] = [0, 1]) {
  const a = hi > lo ? Math.min(1, Math.max(0, ((accuracy ?? lo) - lo) / (hi - lo))) : 1;
  const lightness = DARK ? 12 + 83 * a : 95 - 83 * a;
  return `hsl(0 0% ${lightness}%)`;
}

/** A vertical bar from `top` to `bottom` filled by `colourAt(u)` (u = 0 bottom … 1 top). */
function bar(ctx, left, top, bottom, colourAt) {
  for (let py = Math.floor(top); py < bottom; py++) {
    ctx.fillStyle = colourAt((bottom - py) / (bottom - top));
    ctx.fillRect(left, py, BAR, 1);
  }
  ctx.strokeStyle = MUTED;
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, Math.floor(top) + 0.5, BAR, Math.ceil(bottom - top));
}

/** Labels right of a bar: [{u, label}]. */
function labels(ctx, left, top, bottom, items) {
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const { u, label } of items) ctx.fillText(label, left + BAR + 4, bottom - u * (bottom - top));
}

/** The [lowest, highest] final test accuracy of the finished runs (null: none yet). */
export function accuracyRange(cells) {
  const values = (cells || []).filter((c) => c && !c.diverged && c.accuracy !== null).map((c) => c.accuracy);
  return values.length ? [Math.min(...values), Math.max(...values)] : null;
}

/** Both legends beside `box`; `xiRange`: the colour scale's [lo, hi] in layers;
 * `accuracy`: the runs' accuracy range (null: no runs). */
export function drawLegends(ctx, box, { accuracy, xiRange }) {
  const hasRuns = Boolean(accuracy);
  const [lo, hi] = xiRange;
  const left = box.right + 10;
  const xiBottom = hasRuns ? box.top + box.h * 0.55 : box.bottom;
  const xiTop = box.top + 18;
  ctx.save();
  ctx.font = FONT;
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(t('lab.phase.legend_xi'), left - 2, box.top + 10);
  bar(ctx, left, xiTop, xiBottom, (u) => `rgb(${viridisRgb(u).join(',')})`);
  const ticks = [1, 10, 100].filter((v) => v > lo && v < hi).map((v) => ({ u: position(v, lo, hi), label: String(v) }));
  labels(ctx, left, xiTop, xiBottom, [...ticks, { u: 1, label: '∞' }]);
  if (hasRuns) {
    const top = xiBottom + 30;
    ctx.fillStyle = INK;
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(t('lab.phase.legend_accuracy'), left - 2, top - 8);
    const [lo, hi] = accuracy;
    bar(ctx, left, top, box.bottom, (u) => accuracyColour(lo + u * (hi - lo), accuracy));
    labels(ctx, left, top, box.bottom, [
      { u: 0, label: lo.toFixed(2) },
      { u: 1, label: hi.toFixed(2) },
    ]);
  }
  ctx.restore();
}
