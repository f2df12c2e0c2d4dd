// The central chart: log10 of a per-layer metric against depth (input → output).
// The current step is bold, a few earlier steps are faded, the mean-field theory dashed.

import { Chart } from './chart.js';
import { plotBox, scale, extent, log10 } from './scale.js';
import { decadeTicks, layerTicks } from './ticks.js';
import { drawAxes, polyline, clip, emptyMessage, line, drawLegend } from './draw.js';
import { formatValue } from './format.js';
import { MARGIN, MUTED } from './theme.js';
import { say } from '../text.js';

/** What the metric selector offers (`menu`) and the axis title of each, as message ids. */
export const PROFILE_METRICS = Object.fromEntries(
  ['grad_a', 'grad_w', 'update_ratio', 'act_std'].map((m) => [
    m,
    { axis: () => say(`chart.metric.${m}.axis`), menu: () => say(`chart.metric.${m}.menu`) },
  ]),
);

/** "layer 3", or "layer 10 (output)" for the last one. */
export const layerName = (layer, layers) => say(layer === layers ? 'chart.layer_output' : 'chart.layer', { layer });

/** Tick labels of the layer axis: the output layer's says so. */
export const layerTick = (layer, layers) => ({
  value: layer,
  label: layer === layers ? say('chart.tick.out', { layer }) : String(layer),
});

/** The statistics field holding each metric's mean-field prediction, where there is one. */
export const THEORY_FIELD = { grad_a: 'theory_grad_a', act_std: 'theory_act_std' };

/** Earlier steps drawn faded behind the current one. */
const EARLIER = 6;
const THEORY_COLOUR = '#D55E00';

export class DepthProfile extends Chart {
  /**
   * @param runs [{run: Run, label, colour, description}] — one for the playground, several
   *   in compare mode (the legend then names each: "B: act=relu, init=he")
   * @param metric one of PROFILE_METRICS
   */
  set(runs, metric) {
    this.runs = runs;
    this.metric = metric;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const runs = (this.runs || []).filter((r) => r.run.latest);
    if (runs.length === 0) return emptyMessage(ctx, width, height, say('chart.empty.waiting'));
    const metric = this.metric;
    const layers = Math.max(...runs.map((r) => r.run.latest.layers.length));
    const series = runs.map((r) => profileSeries(r, metric));
    const all = series.flatMap((s) => [...s.current, ...s.theory, ...s.earlier.flatMap((e) => e.values)]);
    if (!all.some(Number.isFinite)) {
      const why = say(metric === 'update_ratio' ? 'chart.empty.no_update' : 'chart.empty.no_finite');
      return emptyMessage(ctx, width, height, why);
    }
    const [y0, y1] = extent(all, { minSpan: 1, pad: 0.06, fallback: [-3, 0] });
    const legendHeight = drawLegend(ctx, this.legendItems(series), MARGIN.left, width - MARGIN.right);
    const box = plotBox(width, height, { ...MARGIN, top: legendHeight + 6 });
    const x = scale([1, Math.max(2, layers)], [box.left + 6, box.right - 6]);
    const y = scale([y0, y1], [box.bottom, box.top]);
    const xTicks = layerTicks(layers, box.w).map((v) => layerTick(v, layers));
    drawAxes(ctx, box, x, y, {
      xTicks,
      yTicks: decadeTicks(y0, y1),
      xLabel: say('chart.axis.layer'),
      yLabel: PROFILE_METRICS[metric].axis(),
    });

    ctx.save();
    clip(ctx, box);
    ctx.lineJoin = 'round';
    for (const s of series) {
      const xs = s.current.map((_, i) => x(i + 1));
      ctx.strokeStyle = s.colour;
      s.earlier.forEach((e, i) => {
        ctx.globalAlpha = 0.12 + (0.3 * (i + 1)) / s.earlier.length;
        ctx.lineWidth = 1.25;
        polyline(ctx, xs, e.values.map(y));
      });
      ctx.globalAlpha = 1;
      if (s.theory.some(Number.isFinite)) {
        ctx.strokeStyle = series.length > 1 ? s.colour : THEORY_COLOUR;
        ctx.lineWidth = 2;
        ctx.setLineDash([6, 4]);
        polyline(ctx, xs, s.theory.map(y));
        ctx.setLineDash([]);
      }
      ctx.strokeStyle = s.colour;
      ctx.lineWidth = 3;
      polyline(ctx, xs, s.current.map(y));
      ctx.fillStyle = s.colour;
      s.current.forEach((v, i) => {
        if (!Number.isFinite(v)) return;
        ctx.beginPath();
        ctx.arc(xs[i], y(v), layers > 40 ? 1.5 : 2.5, 0, 2 * Math.PI);
        ctx.fill();
      });
    }
    ctx.restore();
    return this.hover(ctx, box, x, y, series, layers);
  }

  /** Legend entries: the current step of each run, earlier steps, theory. */
  legendItems(series) {
    const items = series.map((s) => ({
      text: say('chart.legend.step', { name: s.name, step: s.step }),
      colour: s.colour,
      width: 3,
    }));
    if (series.length === 1 && series[0].earlier.length) {
      items.push({ text: say('chart.legend.earlier'), colour: series[0].colour, width: 1.25, alpha: 0.35 });
    }
    if (series.some((s) => s.theory.some(Number.isFinite))) {
      items.push({ text: say('chart.legend.theory'), colour: series.length > 1 ? MUTED : THEORY_COLOUR, dash: [6, 4] });
    }
    return items;
  }

  hover(ctx, box, x, y, series, layers) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right) return null;
    const layer = Math.max(1, Math.min(layers, Math.round(x.invert(p.x))));
    const px = x(layer);
    ctx.save();
    ctx.strokeStyle = MUTED;
    ctx.setLineDash([2, 3]);
    line(ctx, px, box.top, px, box.bottom);
    ctx.restore();
    const rows = [layerName(layer, layers)];
    let py = box.top;
    for (const s of series) {
      const v = s.raw[layer - 1];
      const t = s.rawTheory[layer - 1];
      const theory = Number.isFinite(t) ? say('chart.readout.theory', { value: formatValue(t) }) : '';
      rows.push(`${s.label}${this.metric} ${formatValue(v)}${theory}`);
      if (Number.isFinite(s.current[layer - 1])) py = y(s.current[layer - 1]);
    }
    return { x: px, y: py, text: rows.join('\n') };
  }
}

/** The log10 values one run contributes: current, theory, a few earlier steps. */
function profileSeries({ run, label, colour, description }, metric) {
  const layers = run.latest.layers;
  const raw = layers.map((l) => l[metric]);
  const rawTheory = THEORY_FIELD[metric] ? layers.map((l) => l[THEORY_FIELD[metric]]) : [];
  const history = run.history;
  const earlier = [];
  const last = history.length - 1;
  const count = Math.min(EARLIER, last);
  for (let i = 0; i < count; i++) {
    const entry = history[Math.round((i * last) / count)];
    if (entry[metric]) earlier.push({ step: entry.step, values: Array.from(entry[metric], log10) });
  }
  return {
    label: label ? `${label}: ` : '',
    name: label ? `${label}: ${description} · ` : '',
    colour,
    step: run.latest.step,
    raw,
    rawTheory,
    current: raw.map(log10),
    theory: rawTheory.map(log10),
    earlier,
  };
}
