// The Jacobian spectrum (view=spectrum): a histogram of the singular values of ∂h_L/∂h_1 at
// initialisation, for the first example of the first batch, on a log axis, with the exact
// zeros counted in a bar of their own at the left and a mark at 1 (an isometry). The values
// are the engine's (`gradfall jacobian`), computed in a worker (lab/worker.js).

import { Chart } from './chart.js';
import { drawAxes, line, emptyMessage } from './draw.js';
import { plotBox, scale } from './scale.js';
import { decadeTicks, linearTicks } from './ticks.js';
import { INK, GRID } from './theme.js';
import { CATEGORICAL } from './palette.js';
import { formatValue } from './format.js';
import { LabJob } from '../lab/sources.js';
import { translate as t } from '../text.js';

/** Bins per decade when the values span a decade or so; wider bins beyond MAX_BINS. */
const PER_DECADE = 16;
const MAX_BINS = 24;

const fmt = formatValue;

/**
 * The histogram of `values` (> 0 on a log10 axis; zeros apart): {lo, hi, bin, counts,
 * zeros}, `bin` the width of a bin in decades; the axis always reaches 1 (10⁰).
 */
export function histogram(values) {
  const positive = [...values].filter((v) => v > 0).map(Math.log10);
  const zeros = values.length - positive.length;
  if (!positive.length) return { lo: -1, hi: 1, bin: 1, counts: [], zeros };
  const min = Math.min(...positive, 0);
  const max = Math.max(...positive, 0);
  const bin = Math.max(1 / PER_DECADE, Math.ceil(((max - min) / MAX_BINS) * PER_DECADE) / PER_DECADE);
  const lo = Math.floor(min / bin) * bin;
  const hi = Math.max(lo + bin, Math.ceil(max / bin) * bin);
  const counts = new Array(Math.round((hi - lo) / bin)).fill(0);
  for (const v of positive) counts[Math.min(counts.length - 1, Math.floor((v - lo) / bin))] += 1;
  return { lo, hi, bin, counts, zeros };
}

export class SpectrumChart extends Chart {
  constructor(host) {
    super(host);
    this.values = null;
    this.error = null;
    this.job = new LabJob((data) => this.answer(data), host);
    this.captionText = document.createElement('p');
    this.captionText.className = 'explain lab-caption';
    this.captionText.setAttribute('aria-live', 'polite');
    host.after(this.captionText);
  }

  /** @param run the Run whose configuration's Jacobian is shown. */
  set(run) {
    if (!run || !run.query) return;
    if (this.job.ask(run.query, { job: 'spectrum', query: run.query })) {
      this.values = null;
      this.error = null;
      this.captionText.textContent = '';
      this.invalidate();
    }
  }

  /** The values, or the engine's reason why there are none (shown under the chart, where it
   * wraps; the canvas says only that there is no spectrum). */
  answer(data) {
    if (data.error) this.error = data.error;
    else this.values = data.values;
    this.captionText.textContent = this.values ? this.caption() : this.error || '';
    this.invalidate();
  }

  caption() {
    const v = this.values;
    const zeros = v.filter((x) => x === 0).length;
    return t('lab.spectrum.caption', {
      count: v.length,
      max: fmt(v[0]),
      min: fmt(v[v.length - 1]),
      ratio: v[v.length - 1] > 0 ? fmt(v[0] / v[v.length - 1]) : '∞',
      zeros,
    });
  }

  draw(ctx, width, height) {
    if (this.error) return emptyMessage(ctx, width, height, t('lab.spectrum.unavailable'));
    if (!this.values) return emptyMessage(ctx, width, height, t('lab.spectrum.computing'));
    const h = histogram(this.values);
    const box = plotBox(width, height);
    const zeroWidth = h.zeros ? 2 * h.bin : 0;
    const x = scale([h.lo - zeroWidth, h.hi], [box.left, box.right]);
    const top = Math.max(1, ...h.counts, h.zeros);
    const y = scale([0, top * 1.1], [box.bottom, box.top]);
    drawAxes(ctx, box, x, y, {
      xTicks: decadeTicks(h.lo, h.hi),
      yTicks: linearTicks(0, top * 1.1, 4)
        .filter(Number.isInteger)
        .map((value) => ({ value, label: String(value) })),
      xLabel: t('lab.spectrum.x_axis'),
      yLabel: t('lab.spectrum.y_axis'),
    });
    ctx.fillStyle = CATEGORICAL[0];
    h.counts.forEach((count, i) => {
      if (!count) return;
      const x0 = x(h.lo + i * h.bin);
      const x1 = x(h.lo + (i + 1) * h.bin);
      ctx.fillRect(x0 + 1, y(count), x1 - x0 - 2, box.bottom - y(count));
    });
    if (h.zeros) this.drawZeros(ctx, box, x, y, h);
    ctx.strokeStyle = INK;
    ctx.setLineDash([4, 3]);
    line(ctx, Math.round(x(0)) + 0.5, box.top, Math.round(x(0)) + 0.5, box.bottom);
    ctx.setLineDash([]);
    return this.hover(box, x, h);
  }

  /** The exact zeros: a bar of their own left of the smallest decade, labelled "0" on top. */
  drawZeros(ctx, box, x, y, h) {
    const x0 = x(h.lo - 2 * h.bin);
    const x1 = x(h.lo);
    ctx.fillStyle = CATEGORICAL[5];
    ctx.fillRect(x0 + 1, y(h.zeros), x1 - x0 - 2, box.bottom - y(h.zeros));
    ctx.strokeStyle = GRID;
    line(ctx, x1, box.top, x1, box.bottom);
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText('= 0', (x0 + x1) / 2, y(h.zeros) - 2);
  }

  hover(box, x, h) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right) return null;
    const v = x.invert(p.x);
    if (v < h.lo) return { x: p.x, y: p.y, text: t('lab.spectrum.readout_zeros', { count: h.zeros }) };
    const i = Math.min(h.counts.length - 1, Math.floor((v - h.lo) / h.bin));
    const from = 10 ** (h.lo + i * h.bin);
    const to = 10 ** (h.lo + (i + 1) * h.bin);
    return { x: p.x, y: p.y, text: t('lab.spectrum.readout', { from: fmt(from), to: fmt(to), count: h.counts[i] }) };
  }
}
