// Dead units over time: per hidden layer, the fraction of units dead on the whole training
// set (f′ = 0 on every training example), at every measurement the engine made (step 0 and
// every `deadEvery` steps), one line per layer coloured by depth; the steps where dead units
// came back to life are marked under the plot with how many revived.

import { Chart } from './chart.js';
import { plotBox, scale, nearestIndex } from './scale.js';
import { linearTicks } from './ticks.js';
import { drawAxes, polyline, clip, emptyMessage, line } from './draw.js';
import { layerColour } from './palette.js';
import { MARGIN, INK, MUTED, FONT } from './theme.js';
import { TEXT } from '../text.js';
import { sharedNames } from '../names.js';

/** Height of the strip under the plot where revivals are marked. */
const STRIP = 18;
const REVIVAL_COLOUR = '#D55E00';

export class DeadTime extends Chart {
  /** @param run the Run to draw (its `deadUnits` measurements). */
  set(run) {
    this.run = run;
    this.invalidate();
  }

  /** The measurements drawn, for the readout and for tests: [{step, dead_data_frac, revived}]. */
  get series() {
    return this.run ? this.run.deadUnits : [];
  }

  draw(ctx, width, height) {
    const series = this.series;
    if (series.length === 0) return emptyMessage(ctx, width, height, TEXT.deadTimeEmpty);
    const layers = series[0].dead_data_frac.length;
    const legendHeight = drawKey(ctx, width, layers);
    const box = plotBox(width, height, { ...MARGIN, top: legendHeight + 6, bottom: MARGIN.bottom + STRIP });
    const lastStep = Math.max(1, series[series.length - 1].step);
    const x = scale([0, lastStep], [box.left + 4, box.right - 4]);
    const y = scale([0, 1], [box.bottom, box.top]);
    drawAxes(ctx, box, x, y, {
      xTicks: linearTicks(0, lastStep, Math.max(2, Math.floor(box.w / 70)))
        .filter(Number.isInteger)
        .map((v) => ({ value: v, label: String(v) })),
      yTicks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, label: `${v * 100} %` })),
      yLabel: TEXT.deadTimeAxis,
    });
    const hit = this.pick(box, x);
    drawLines(ctx, box, x, y, series, hit);
    drawRevivals(ctx, box, x, series);
    ctx.save();
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(TEXT.deadTimeStep(sharedNames().deadEvery), (box.left + box.right) / 2, height - 1);
    ctx.restore();
    if (!hit) return null;
    return { x: x(hit.step), y: this.pointer.y, text: readout(hit) };
  }

  /** The measurement nearest the pointer, when it is over the plot. */
  pick(box, x) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right) return null;
    const series = this.series;
    const i = nearestIndex(
      series.map((m) => m.step),
      x.invert(p.x),
    );
    return i < 0 ? null : series[i];
  }
}

/** The colour key: layer 1 … L across a bar, and the revival mark. */
function drawKey(ctx, width, layers) {
  ctx.save();
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  const top = 10;
  let px = MARGIN.left;
  ctx.fillStyle = INK;
  ctx.textAlign = 'left';
  const first = TEXT.deadTimeLayer(1);
  ctx.fillText(first, px, top);
  px += ctx.measureText(first).width + 6;
  const bar = Math.min(120, Math.max(40, width / 5));
  for (let i = 0; i < bar; i++) {
    ctx.fillStyle = layerColour((i / (bar - 1)) * (layers - 1), layers);
    ctx.fillRect(px + i, top - 4, 1.5, 8);
  }
  px += bar + 6;
  ctx.fillStyle = INK;
  ctx.fillText(String(layers), px, top);
  px += ctx.measureText(String(layers)).width + 18;
  const mark = TEXT.deadTimeRevived;
  if (px + 14 + ctx.measureText(mark).width > width - MARGIN.right) {
    ctx.restore();
    return drawRevivalKey(ctx, MARGIN.left, top + 17) + 10;
  }
  ctx.restore();
  drawRevivalKey(ctx, px, top);
  return 20;
}

function drawRevivalKey(ctx, px, py) {
  ctx.save();
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  triangle(ctx, px + 5, py + 4);
  ctx.fillStyle = INK;
  ctx.fillText(TEXT.deadTimeRevived, px + 14, py);
  ctx.restore();
  return py;
}

/** An upward triangle (a unit coming back) with its base at `y`. */
function triangle(ctx, cx, y) {
  ctx.fillStyle = REVIVAL_COLOUR;
  ctx.beginPath();
  ctx.moveTo(cx - 5, y);
  ctx.lineTo(cx + 5, y);
  ctx.lineTo(cx, y - 8);
  ctx.closePath();
  ctx.fill();
}

function drawLines(ctx, box, x, y, series, hit) {
  const layers = series[0].dead_data_frac.length;
  const xs = series.map((m) => x(m.step));
  ctx.save();
  clip(ctx, box);
  ctx.lineJoin = 'round';
  ctx.lineWidth = 1.75;
  for (let l = 0; l < layers; l++) {
    ctx.strokeStyle = layerColour(l, Math.max(layers, 1));
    polyline(
      ctx,
      xs,
      series.map((m) => y(m.dead_data_frac[l])),
    );
    // A lone measurement (step 0) is a dot: a line needs two.
    if (series.length === 1) {
      ctx.fillStyle = ctx.strokeStyle;
      ctx.beginPath();
      ctx.arc(xs[0], y(series[0].dead_data_frac[l]), 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  if (hit) {
    ctx.strokeStyle = MUTED;
    ctx.setLineDash([2, 3]);
    line(ctx, x(hit.step), box.top, x(hit.step), box.bottom);
  }
  ctx.restore();
}

/** Marks closer than this (CSS pixels) are merged into one, their counts summed. */
const MERGE_PX = 30;

/**
 * Under the plot: a mark where units revived, with how many. Over a long run measurements
 * crowd together, so marks within MERGE_PX of a group's first one merge into one mark at the
 * group's first step, labelled with the group's sum (the readout gives each measurement).
 */
function drawRevivals(ctx, box, x, series) {
  const groups = [];
  for (const m of series) {
    const count = total(m.revived);
    if (count === 0) continue;
    const px = x(m.step);
    const last = groups[groups.length - 1];
    if (last && px - last.px < MERGE_PX) last.count += count;
    else groups.push({ px, count });
  }
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const base = box.bottom + MARGIN.bottom - 6;
  groups.forEach(({ px, count }, i) => {
    triangle(ctx, px, base);
    const text = String(count);
    const next = i + 1 < groups.length ? groups[i + 1].px - 6 : Infinity;
    if (px + 6 + ctx.measureText(text).width < next) {
      ctx.fillStyle = MUTED;
      ctx.fillText(text, px + 6, base - 4);
    }
  });
  ctx.restore();
}

function total(values) {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

/** Layers listed in the readout at most: beyond, the ones with the most dead units. */
const READOUT_LAYERS = 10;

function readout(m) {
  const layers = Array.from(m.dead_data_frac, (f, l) => ({ l, f }));
  const shown =
    layers.length <= READOUT_LAYERS
      ? layers
      : [...layers]
          .sort((a, b) => b.f - a.f || a.l - b.l)
          .slice(0, READOUT_LAYERS)
          .sort((a, b) => a.l - b.l);
  const rows = [TEXT.deadTimeReadoutStep(m.step, total(m.revived))];
  for (const { l, f } of shown) rows.push(TEXT.deadTimeReadoutLayer(l + 1, (f * 100).toFixed(1), m.revived[l]));
  return rows.join('\n');
}
