// Per-layer history: log10 of a metric against step, one line per layer, coloured by
// depth (viridis: dark = input side, green-yellow = output), with a colour-bar legend.

import {
  Chart, plotBox, scale, linearTicks, decadeTicks, drawAxes, polyline, clip, extent, log10,
  formatValue, emptyMessage, layerColour, nearestIndex, MARGIN, INK, MUTED,
} from './axes.js';
import { PROFILE_METRICS } from './depth-profile.js';

const LEGEND_WIDTH = 120;

export class History extends Chart {
  /** @param runs [{run, label, colour}]; runs after the first are drawn dashed. */
  set(runs, metric) {
    this.runs = runs;
    this.metric = metric;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const runs = (this.runs || []).filter((r) => r.run.history.length > 0);
    if (runs.length === 0) return emptyMessage(ctx, width, height, 'press Play to record a history');
    const metric = this.metric;
    const box = plotBox(width, height, { ...MARGIN, top: 26 });
    const maxStep = Math.max(1, ...runs.map((r) => r.run.history[r.run.history.length - 1].step));
    const x = scale([0, maxStep], [box.left, box.right]);
    // Thin to about one point per pixel column.
    const stride = (h) => Math.max(1, Math.floor(h.length / Math.max(50, box.w)));
    const values = [];
    for (const { run } of runs) {
      const s = stride(run.history);
      for (let i = 0; i < run.history.length; i += s) for (const v of run.history[i][metric]) values.push(log10(v));
    }
    const [y0, y1] = extent(values, { minSpan: 1, pad: 0.05, fallback: [-3, 0] });
    const y = scale([y0, y1], [box.bottom, box.top]);
    drawAxes(ctx, box, x, y, {
      xTicks: linearTicks(0, maxStep, Math.max(2, Math.floor(box.w / 70))).filter(Number.isInteger).map((v) => ({ value: v, label: String(v) })),
      yTicks: decadeTicks(y0, y1),
      xLabel: 'step',
      yLabel: PROFILE_METRICS[metric].axis,
    });

    const hit = this.pick(runs, metric, x, y, box);
    ctx.save();
    clip(ctx, box);
    ctx.lineJoin = 'round';
    runs.forEach(({ run }, r) => {
      const h = run.history;
      const s = stride(h);
      const idx = [];
      for (let i = 0; i < h.length; i += s) idx.push(i);
      if (idx[idx.length - 1] !== h.length - 1) idx.push(h.length - 1);
      const xs = idx.map((i) => x(h[i].step));
      const layers = h[h.length - 1][metric].length;
      ctx.setLineDash(r === 0 ? [] : [5, 3]);
      for (let l = 0; l < layers; l++) {
        ctx.strokeStyle = layerColour(l, layers);
        ctx.lineWidth = hit && hit.run === r && hit.layer === l ? 3 : 1.5;
        ctx.globalAlpha = hit && !(hit.run === r && hit.layer === l) ? 0.45 : 1;
        polyline(ctx, xs, idx.map((i) => y(log10(h[i][metric][l]))));
      }
    });
    ctx.restore();
    const layers = runs[0].run.history[0][metric].length;
    colourBar(ctx, box.right - LEGEND_WIDTH - 52, 8, LEGEND_WIDTH, layers);
    if (runs.length > 1) {
      ctx.fillStyle = MUTED;
      ctx.textBaseline = 'middle';
      ctx.fillText(runs.map((r, i) => `${r.label}${i === 0 ? ' solid' : ' dashed'}`).join(', '), box.left, 13);
    }
    if (!hit) return null;
    const { label } = runs[hit.run];
    return {
      x: hit.px,
      y: hit.py,
      text: `${label ? `${label}: ` : ''}step ${hit.step}, layer ${hit.layer + 1}${hit.layer + 1 === layers ? ' (output)' : ''}\n${metric} ${formatValue(hit.value)}`,
    };
  }

  /** The line nearest the pointer: nearest step, then nearest layer value in pixels. */
  pick(runs, metric, x, y, box) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right || p.y < box.top || p.y > box.bottom) return null;
    let best = null;
    runs.forEach(({ run }, r) => {
      const steps = run.history.map((e) => e.step);
      const i = nearestIndex(steps, x.invert(p.x));
      if (i < 0) return;
      const entry = run.history[i];
      entry[metric].forEach((v, l) => {
        const py = y(log10(v));
        if (!Number.isFinite(py)) return;
        const d = Math.abs(py - p.y);
        if (!best || d < best.d) best = { d, run: r, layer: l, step: entry.step, value: v, px: x(entry.step), py };
      });
    });
    return best && best.d < 40 ? best : null;
  }
}

/** The depth colour scale: layer 1 on the left, the output layer on the right. */
function colourBar(ctx, left, top, width, layers) {
  ctx.save();
  const h = 8;
  for (let i = 0; i < width; i++) {
    ctx.fillStyle = layerColour((i / (width - 1)) * (layers - 1), layers);
    ctx.fillRect(left + i, top, 1.5, h);
  }
  ctx.fillStyle = INK;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'right';
  ctx.fillText('layer 1', left - 4, top - 2);
  ctx.textAlign = 'left';
  ctx.fillText(`${layers} (out)`, left + width + 3, top - 2);
  ctx.restore();
}
