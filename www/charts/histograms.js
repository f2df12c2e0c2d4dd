// Pre-activation histograms of a few layers (small multiples), each drawn over the
// activation's derivative f'(a): mass where f' ≈ 0 is mass that passes no gradient.

import { Chart } from './chart.js';
import { emptyMessage } from './draw.js';
import { formatValue } from './format.js';
import { INK, MUTED, GRID, AXIS } from './theme.js';
import { say } from '../text.js';
import { layerName } from './depth-profile.js';

const PANEL_MIN_WIDTH = 150;
const PANEL_HEIGHT_MIN = 90;
const BAR_COLOUR = '#56B4E9';
const CURVE_COLOUR = '#D55E00';

export class Histograms extends Chart {
  /** @param run the Run whose latest stats, curve and layout are drawn */
  set(run) {
    this.run = run;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const run = this.run;
    if (!run || !run.latest || !run.layout || !run.curve)
      return emptyMessage(ctx, width, height, say('chart.empty.no_steps'));
    const hidden = run.latest.layers.slice(0, -1);
    if (hidden.length === 0) return emptyMessage(ctx, width, height, say('chart.empty.no_hidden'));
    const cols = Math.max(1, Math.min(hidden.length, Math.floor(width / PANEL_MIN_WIDTH)));
    const rows = Math.max(1, Math.min(Math.ceil(hidden.length / cols), Math.floor(height / PANEL_HEIGHT_MIN)));
    const chosen = pickLayers(hidden.length, cols * rows).map((i) => hidden[i]);
    const pw = width / cols;
    const ph = height / Math.ceil(chosen.length / cols);
    const slopes = hidden.map((l) => l.slope).filter(Number.isFinite);
    const maxDf = Math.max(1e-6, ...Array.from(run.curve).filter(Number.isFinite), ...slopes);
    let readout = null;
    chosen.forEach((layer, k) => {
      const px = (k % cols) * pw;
      const py = Math.floor(k / cols) * ph;
      const hit = this.panel(ctx, { left: px + 8, top: py + 18, w: pw - 16, h: ph - 38 }, layer, run, maxDf);
      if (hit) readout = hit;
    });
    return readout;
  }

  panel(ctx, box, layer, run, maxDf) {
    const {
      bins,
      a_range: [a0, a1],
    } = run.layout;
    const hist = layer.hist_a;
    const total = hist.reduce((s, v) => s + v, 0) || 1;
    // Scale to the interior bins: the two edge bins also hold everything beyond the range
    // and would otherwise flatten the shape; they are drawn grey and capped at the top.
    const peak = Math.max(1, ...hist.slice(1, -1));
    const bw = box.w / bins;
    ctx.save();
    ctx.fillStyle = INK;
    ctx.textBaseline = 'bottom';
    ctx.textAlign = 'left';
    ctx.fillText(layerName(layer.layer, 0), box.left, box.top - 3);
    ctx.strokeStyle = GRID;
    ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.w, box.h);
    hist.forEach((v, i) => {
      const edge = i === 0 || i === bins - 1;
      ctx.fillStyle = edge ? AXIS : BAR_COLOUR;
      const h = Math.min(box.h, (v / peak) * box.h * 0.95);
      ctx.fillRect(box.left + i * bw + 0.5, box.top + box.h - h, Math.max(1, bw - 1), h);
    });
    // f'(a) on the same x range, scaled so its maximum touches 90 % of the panel height.
    const curve = layerCurve(run.curve, layer, a0, a1);
    ctx.strokeStyle = CURVE_COLOUR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < curve.length; i++) {
      const cx = box.left + (i / (curve.length - 1)) * box.w;
      const cy = box.top + box.h - (Math.max(0, curve[i]) / maxDf) * box.h * 0.9;
      if (i === 0) ctx.moveTo(cx, cy);
      else ctx.lineTo(cx, cy);
    }
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(String(a0), box.left, box.top + box.h + 3);
    ctx.textAlign = 'center';
    ctx.fillText('a = 0', box.left + box.w / 2, box.top + box.h + 3);
    ctx.textAlign = 'right';
    ctx.fillText(String(a1), box.left + box.w, box.top + box.h + 3);
    ctx.restore();

    const p = this.pointer;
    if (!p || p.x < box.left || p.x >= box.left + box.w || p.y < box.top || p.y > box.top + box.h) return null;
    const i = Math.min(bins - 1, Math.floor((p.x - box.left) / bw));
    const lo = a0 + ((a1 - a0) * i) / bins;
    const hi = a0 + ((a1 - a0) * (i + 1)) / bins;
    const mid = (lo + hi) / 2;
    const ci = Math.round(((mid - a0) / (a1 - a0)) * (curve.length - 1));
    const edge = i === 0 ? say('chart.readout.below') : i === bins - 1 ? say('chart.readout.above') : '';
    return {
      x: p.x,
      y: p.y,
      text: [
        say('chart.readout.bin', { layer: layerName(layer.layer, 0), lo: formatValue(lo), hi: formatValue(hi), edge }),
        say('chart.readout.bin_share', { share: ((hist[i] / total) * 100).toFixed(1), df: formatValue(curve[ci]) }),
      ].join('\n'),
    };
  }
}

/**
 * The derivative curve of one layer: the activation's f′(a) as the engine sampled it, except
 * that PReLU's negative side is the layer's learned slope (its f′ for a < 0), which the
 * statistics report per layer (`slope`; NaN for every other activation).
 */
function layerCurve(curve, layer, a0, a1) {
  if (!Number.isFinite(layer.slope)) return curve;
  return Array.from(curve, (v, i) => (a0 + ((a1 - a0) * i) / (curve.length - 1) < 0 ? layer.slope : v));
}

/** `count` layer indices spread evenly over 0..n−1, always including the first and last. */
export function pickLayers(n, count) {
  if (count >= n) return Array.from({ length: n }, (_, i) => i);
  if (count <= 1) return [0];
  const out = new Set();
  for (let k = 0; k < count; k++) out.add(Math.round((k * (n - 1)) / (count - 1)));
  return [...out];
}
