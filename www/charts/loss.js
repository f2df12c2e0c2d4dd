// Loss (left axis) and accuracy (right axis, 0–100 %) against step.

import { Chart } from './chart.js';
import { plotBox, scale, extent, nearestIndex } from './scale.js';
import { linearTicks } from './ticks.js';
import { drawAxes, polyline, clip, emptyMessage, line, drawLegend } from './draw.js';
import { formatValue } from './format.js';
import { CATEGORICAL } from './palette.js';
import { MARGIN, MUTED } from './theme.js';
import { say } from '../text.js';

const LOSS_COLOUR = CATEGORICAL[0];
const ACC_COLOUR = CATEGORICAL[1];

export class Loss extends Chart {
  /** @param runs [{run, label, colour}]; in compare mode each run keeps its colour. */
  set(runs) {
    this.runs = runs;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const runs = (this.runs || []).filter((r) => r.run.history.length > 0);
    if (runs.length === 0) return emptyMessage(ctx, width, height, say('chart.empty.no_steps'));
    const single = runs.length === 1;
    const items = [
      ...(single ? [] : runs.map((r) => ({ text: `${r.label}: ${r.description}`, colour: r.colour, width: 3 }))),
      ...legendItems(single ? runs[0].colour : MUTED, single),
    ];
    const legendHeight = drawLegend(ctx, items, MARGIN.left, width - 44);
    const box = plotBox(width, height, { ...MARGIN, right: 44, top: legendHeight + 6 });
    const maxStep = Math.max(1, ...runs.map((r) => r.run.history[r.run.history.length - 1].step));
    const x = scale([0, maxStep], [box.left, box.right]);
    const losses = runs.flatMap((r) => r.run.history.map((e) => e.loss));
    const [, l1] = extent(losses, { minSpan: 0.1, pad: 0.08, fallback: [0, 1] });
    const yLoss = scale([0, l1], [box.bottom, box.top]);
    const yAcc = scale([0, 1], [box.bottom, box.top]);
    drawAxes(ctx, box, x, yLoss, {
      xTicks: linearTicks(0, maxStep, Math.max(2, Math.floor(box.w / 70)))
        .filter(Number.isInteger)
        .map((v) => ({ value: v, label: String(v) })),
      yTicks: linearTicks(0, l1, 4).map((v) => ({ value: v, label: formatValue(v) })),
      xLabel: say('chart.axis.step'),
      yLabel: say('chart.axis.loss'),
    });
    // Right axis: accuracy.
    ctx.save();
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const a of [0, 0.25, 0.5, 0.75, 1]) ctx.fillText(`${a * 100}%`, box.right + 6, yAcc(a));
    ctx.restore();

    ctx.save();
    clip(ctx, box);
    ctx.lineJoin = 'round';
    for (const { run, colour } of runs) {
      const h = run.history;
      const xs = h.map((e) => x(e.step));
      ctx.lineWidth = 2;
      ctx.strokeStyle = single ? LOSS_COLOUR : colour;
      polyline(
        ctx,
        xs,
        h.map((e) => yLoss(e.loss)),
      );
      ctx.strokeStyle = single ? ACC_COLOUR : colour;
      ctx.setLineDash([5, 3]);
      polyline(
        ctx,
        xs,
        h.map((e) => yAcc(e.accuracy)),
      );
      ctx.setLineDash([1.5, 3]);
      polyline(
        ctx,
        xs,
        h.map((e) => (Number.isFinite(e.test_accuracy) ? yAcc(e.test_accuracy) : NaN)),
      );
      ctx.setLineDash([]);
    }
    ctx.restore();
    return this.hover(ctx, box, x, runs);
  }

  hover(ctx, box, x, runs) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right) return null;
    const rows = [];
    let px = p.x;
    for (const { run, label } of runs) {
      const i = nearestIndex(
        run.history.map((e) => e.step),
        x.invert(p.x),
      );
      const e = run.history[i];
      px = x(e.step);
      const test = Number.isFinite(e.test_accuracy)
        ? say('chart.readout.test', { test: (e.test_accuracy * 100).toFixed(1) })
        : '';
      rows.push(
        `${label ? `${label}: ` : ''}${say('chart.readout.loss', { step: e.step, loss: formatValue(e.loss), accuracy: (e.accuracy * 100).toFixed(1), test })}`,
      );
    }
    ctx.save();
    ctx.strokeStyle = MUTED;
    ctx.setLineDash([2, 3]);
    line(ctx, px, box.top, px, box.bottom);
    ctx.restore();
    return { x: px, y: p.y, text: rows.join('\n') };
  }
}

function legendItems(colour, single) {
  return [
    { text: say('chart.legend.loss'), colour: single ? LOSS_COLOUR : colour },
    { text: say('chart.legend.batch_accuracy'), colour: single ? ACC_COLOUR : colour, dash: [5, 3] },
    { text: say('chart.legend.test_accuracy'), colour: single ? ACC_COLOUR : colour, dash: [1.5, 3] },
  ];
}
