// Dead, saturated and exactly-zero fractions per layer, at the latest step.

import { Chart } from './chart.js';
import { plotBox, scale } from './scale.js';
import { layerTicks } from './ticks.js';
import { drawAxes, polyline, clip, emptyMessage, line, drawLegend } from './draw.js';
import { MARGIN, MUTED } from './theme.js';
import { layerName, layerTick } from './depth-profile.js';
import { say } from '../text.js';

/** Field, legend text (a message id) and colour (Okabe–Ito) of each fraction. */
export const FRACTIONS = [
  ['dead_frac', 'chart.legend.dead', '#D55E00', []],
  ['sat_frac', 'chart.legend.saturated', '#E69F00', [6, 3]],
  ['zero_frac', 'chart.legend.zero', '#0072B2', [2, 2]],
];

export class Fractions extends Chart {
  /**
   * @param runs [{run, label, colour, description}]. One run: a colour per fraction. Compare
   * mode: a colour per configuration and a line style per fraction.
   */
  set(runs) {
    this.runs = runs;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const runs = (this.runs || []).filter((r) => r.run.latest);
    if (runs.length === 0) return emptyMessage(ctx, width, height, say('chart.empty.no_steps'));
    const single = runs.length === 1;
    const items = [
      ...(single ? [] : runs.map((r) => ({ text: `${r.label}: ${r.description}`, colour: r.colour, width: 3 }))),
      ...FRACTIONS.map(([, id, colour, dash]) => ({
        text: say(id),
        colour: single ? colour : MUTED,
        dash,
        width: 2.25,
      })),
    ];
    const legendHeight = drawLegend(ctx, items, MARGIN.left, width - MARGIN.right);
    const box = plotBox(width, height, { ...MARGIN, top: legendHeight + 6 });
    const layers = Math.max(...runs.map((r) => r.run.latest.layers.length));
    const x = scale([1, Math.max(2, layers)], [box.left + 6, box.right - 6]);
    const y = scale([0, 1], [box.bottom, box.top]);
    drawAxes(ctx, box, x, y, {
      xTicks: layerTicks(layers, box.w).map((v) => layerTick(v, layers)),
      yTicks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, label: `${v * 100}%` })),
      xLabel: say('chart.axis.layer'),
      yLabel: say('chart.axis.fraction'),
    });
    ctx.save();
    clip(ctx, box);
    for (const { run, colour: runColour } of runs) {
      const rows = run.latest.layers;
      const xs = rows.map((l) => x(l.layer));
      for (const [field, , colour, dash] of FRACTIONS) {
        ctx.strokeStyle = single ? colour : runColour;
        ctx.lineWidth = 2.25;
        ctx.setLineDash(dash);
        polyline(
          ctx,
          xs,
          rows.map((l) => y(l[field])),
        );
      }
    }
    ctx.restore();
    return this.hover(ctx, box, x, runs, layers);
  }

  hover(ctx, box, x, runs, layers) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right) return null;
    const layer = Math.max(1, Math.min(layers, Math.round(x.invert(p.x))));
    ctx.save();
    ctx.strokeStyle = MUTED;
    ctx.setLineDash([2, 3]);
    line(ctx, x(layer), box.top, x(layer), box.bottom);
    ctx.restore();
    const rows = [layerName(layer, layers)];
    for (const { run, label } of runs) {
      const l = run.latest.layers[layer - 1];
      if (!l) continue;
      const pct = (v) => `${(v * 100).toFixed(1)}%`;
      rows.push(
        `${label ? `${label}: ` : ''}${say('chart.readout.fractions', { dead: pct(l.dead_frac), saturated: pct(l.sat_frac), zero: pct(l.zero_frac) })}`,
      );
    }
    return { x: x(layer), y: p.y, text: rows.join('\n') };
  }
}
