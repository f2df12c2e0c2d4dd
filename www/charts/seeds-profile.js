// The depth profile over seeds (the Seeds mode's second chart): per configuration, the
// median over seeds of log10 of the chosen metric in every layer after training (bold), with
// a band between the quartiles, and the step-0 median dashed. Every number is the engine's
// cell statistics (`log10_profile` of `gradfall sweep`'s cell lines), drawn as they are.

import { Chart } from './chart.js';
import { plotBox, scale, extent, nearestIndex } from './scale.js';
import { decadeTicks, layerTicks } from './ticks.js';
import { drawAxes, polyline, clip, emptyMessage, line, drawLegend } from './draw.js';
import { formatValue } from './format.js';
import { MARGIN, MUTED, DARK } from './theme.js';
import { TEXT } from '../text.js';

export class SeedsProfile extends Chart {
  /**
   * @param rows [{label, colour, profile}] one per configuration, `profile` the cell's
   *   `log10_profile` (metric → {start, end} of {n, min, q1, median, q3, max} per layer)
   * @param metric the page's metric; @param steps steps per run
   */
  set(rows, metric, steps) {
    Object.assign(this, { rows, metric, steps });
    this.invalidate();
  }

  /** What is drawn, per configuration: {label, start, end} of the metric (for tests). */
  get series() {
    return (this.rows || []).map(({ label, profile }) => ({ label, ...(profile[this.metric] || {}) }));
  }

  draw(ctx, width, height) {
    const series = this.series.filter((s) => s.end);
    if (series.length === 0) return emptyMessage(ctx, width, height, TEXT.seedsProfileEmpty);
    const all = series.flatMap((s) => [...s.end.q1, ...s.end.q3, ...s.end.median, ...s.start.median]);
    const values = all.filter((v) => v !== null);
    if (values.length === 0) return emptyMessage(ctx, width, height, TEXT.seedsProfileNone);
    const layers = Math.max(...series.map((s) => s.end.median.length));
    const [y0, y1] = extent(values, { minSpan: 1, pad: 0.06, fallback: [-3, 0] });
    const colours = this.rows.map((r) => r.colour);
    const legend = [
      ...series.map((s, i) => ({ text: s.label, colour: colours[i], width: 3 })),
      { text: TEXT.seedsProfileEnd(this.steps), colour: MUTED, width: 2.25 },
      { text: TEXT.seedsProfileStart, colour: MUTED, width: 1.25, dash: [5, 4] },
    ];
    const legendHeight = drawLegend(ctx, legend, MARGIN.left, width - MARGIN.right);
    const box = plotBox(width, height, { ...MARGIN, top: legendHeight + 6 });
    const x = scale([1, Math.max(2, layers)], [box.left + 6, box.right - 6]);
    const y = scale([y0, y1], [box.bottom, box.top]);
    drawAxes(ctx, box, x, y, {
      xTicks: layerTicks(layers, box.w).map((v) => ({
        value: v,
        label: v === layers ? TEXT.seedsProfileOut(v) : String(v),
      })),
      yTicks: decadeTicks(y0, y1),
      xLabel: TEXT.seedsProfileLayers,
      yLabel: TEXT.seedsProfileAxis(this.metric),
    });
    ctx.save();
    clip(ctx, box);
    series.forEach((s, i) => drawOne(ctx, x, y, s, colours[i]));
    ctx.restore();
    return this.hover(ctx, box, x, series, layers);
  }

  hover(ctx, box, x, series, layers) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right) return null;
    const ticks = Array.from({ length: layers }, (_, i) => i + 1);
    const layer = ticks[nearestIndex(ticks, x.invert(p.x))];
    ctx.save();
    ctx.strokeStyle = MUTED;
    ctx.setLineDash([2, 3]);
    line(ctx, x(layer), box.top, x(layer), box.bottom);
    ctx.restore();
    const value = (v) => (v === null || v === undefined ? '—' : formatValue(10 ** v));
    const rows = [TEXT.seedsProfileLayer(layer, layer === layers)];
    for (const s of series) {
      const i = layer - 1;
      rows.push(
        TEXT.seedsProfileReadout(
          s.label,
          value(s.end.median[i]),
          value(s.end.q1[i]),
          value(s.end.q3[i]),
          value(s.start.median[i]),
        ),
      );
    }
    return { x: x(layer), y: p.y, text: rows.join('\n') };
  }
}

/** One configuration: the quartile band, the median after training, the step-0 median. */
function drawOne(ctx, x, y, s, colour) {
  const { q1, q3, median } = s.end;
  const xs = median.map((_, i) => x(i + 1));
  ctx.globalAlpha = DARK ? 0.3 : 0.2;
  ctx.fillStyle = colour;
  band(
    ctx,
    xs,
    q1.map((v) => (v === null ? NaN : y(v))),
    q3.map((v) => (v === null ? NaN : y(v))),
  );
  ctx.globalAlpha = 1;
  ctx.strokeStyle = colour;
  ctx.lineJoin = 'round';
  ctx.lineWidth = 2.25;
  polyline(
    ctx,
    xs,
    median.map((v) => (v === null ? NaN : y(v))),
  );
  ctx.lineWidth = 1.25;
  ctx.setLineDash([5, 4]);
  polyline(
    ctx,
    s.start.median.map((_, i) => x(i + 1)),
    s.start.median.map((v) => (v === null ? NaN : y(v))),
  );
  ctx.setLineDash([]);
}

/** Fill between the lines (xs, lo) and (xs, hi), in runs of points where both are finite. */
function band(ctx, xs, lo, hi) {
  let start = 0;
  while (start < xs.length) {
    while (start < xs.length && !(Number.isFinite(lo[start]) && Number.isFinite(hi[start]))) start += 1;
    let end = start;
    while (end < xs.length && Number.isFinite(lo[end]) && Number.isFinite(hi[end])) end += 1;
    if (end - start >= 1) {
      ctx.beginPath();
      for (let i = start; i < end; i++) ctx.lineTo(xs[i], hi[i]);
      for (let i = end - 1; i >= start; i--) ctx.lineTo(xs[i], lo[i]);
      ctx.closePath();
      ctx.fill();
    }
    start = end;
  }
}
