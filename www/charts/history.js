// Per-layer history: log10 of a metric against step, one line per layer, coloured by
// depth (viridis: dark = input side, green-yellow = output), with a colour-bar legend.
// Compare mode draws small multiples: one panel per configuration, titled in its colour,
// on a shared step axis and a shared y axis — overlaying 4 × depth lines is unreadable,
// while panels side by side show at a glance whose layers spread apart.

import { Chart } from './chart.js';
import { plotBox, scale, extent, log10, nearestIndex } from './scale.js';
import { linearTicks, decadeTicks } from './ticks.js';
import { drawAxes, polyline, clip, emptyMessage } from './draw.js';
import { formatValue } from './format.js';
import { layerColour } from './palette.js';
import { MARGIN, INK, FONT } from './theme.js';
import { PROFILE_METRICS, layerName } from './depth-profile.js';
import { say } from '../text.js';

const LEGEND_WIDTH = 120;
/** Narrowest panel worth drawing side by side, in CSS pixels. */
const MIN_PANEL_WIDTH = 230;
/** Height of a panel's title row in compare mode. */
const TITLE_HEIGHT = 16;

export class History extends Chart {
  /** @param runs [{run, label, colour, description}]; more than one: one panel each. */
  set(runs, metric) {
    this.runs = runs;
    this.metric = metric;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const runs = (this.runs || []).filter((r) => r.run.history.length > 0);
    if (runs.length === 0) return emptyMessage(ctx, width, height, say('chart.empty.no_history'));
    const metric = this.metric;
    const maxStep = Math.max(1, ...runs.map((r) => r.run.history[r.run.history.length - 1].step));
    const values = [];
    for (const { run } of runs) {
      const s = stride(run.history, width / runs.length);
      for (let i = 0; i < run.history.length; i += s) for (const v of run.history[i][metric]) values.push(log10(v));
    }
    const [y0, y1] = extent(values, { minSpan: 1, pad: 0.05, fallback: [-3, 0] });
    const panels = layoutPanels(runs.length, width, height);
    const titled = runs.length > 1;
    this.panels = runs.map((entry, i) => {
      const cell = panels[i];
      const first = cell.column === 0;
      const box = plotBox(width, height, {
        left: cell.left + (first ? MARGIN.left : 30),
        right: width - cell.right + MARGIN.right,
        top: cell.top + (titled ? TITLE_HEIGHT + 4 : 0),
        bottom: height - cell.bottom + MARGIN.bottom,
      });
      const x = scale([0, maxStep], [box.left, box.right]);
      const y = scale([y0, y1], [box.bottom, box.top]);
      return { entry, box, x, y, first };
    });

    const hit = this.pick(metric);
    for (const [i, panel] of this.panels.entries()) {
      const { entry, box, x, y, first } = panel;
      drawAxes(ctx, box, x, y, {
        xTicks: linearTicks(0, maxStep, Math.max(2, Math.floor(box.w / 70)))
          .filter(Number.isInteger)
          .map((v) => ({ value: v, label: String(v) })),
        yTicks: decadeTicks(y0, y1).map((t) => (first ? t : { ...t, label: '' })),
        xLabel: say('chart.axis.step'),
        yLabel: first ? PROFILE_METRICS[metric].axis() : '',
      });
      if (titled) panelTitle(ctx, entry, box);
      drawLines(ctx, panel, metric, hit && hit.panel === i ? hit.layer : null, hit !== null);
    }
    const layers = runs[0].run.history[0][metric].length;
    colourBar(ctx, width - MARGIN.right - LEGEND_WIDTH - 52, titled ? 4 : 8, LEGEND_WIDTH, layers);
    if (!hit) return null;
    const { label } = this.panels[hit.panel].entry;
    const count = this.panels[hit.panel].entry.run.history[0][metric].length;
    return {
      x: hit.px,
      y: hit.py,
      text: `${label ? `${label}: ` : ''}${say('chart.readout.step_layer', { step: hit.step, layer: layerName(hit.layer + 1, count) })}\n${metric} ${formatValue(hit.value)}`,
    };
  }

  /** The line nearest the pointer, in the panel under it: nearest step, then nearest layer. */
  pick(metric) {
    const p = this.pointer;
    if (!p) return null;
    const index = this.panels.findIndex(
      ({ box }) => p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom,
    );
    if (index < 0) return null;
    const { entry, x, y } = this.panels[index];
    const history = entry.run.history;
    const i = nearestIndex(
      history.map((e) => e.step),
      x.invert(p.x),
    );
    if (i < 0) return null;
    let best = null;
    history[i][metric].forEach((v, l) => {
      const py = y(log10(v));
      if (!Number.isFinite(py)) return;
      const d = Math.abs(py - p.y);
      if (!best || d < best.d)
        best = { d, panel: index, layer: l, step: history[i].step, value: v, px: x(history[i].step), py };
    });
    return best && best.d < 40 ? best : null;
  }
}

/** Thin to about one point per pixel column. */
function stride(history, widthPx) {
  return Math.max(1, Math.floor(history.length / Math.max(50, widthPx)));
}

/**
 * Cells of the small multiples: side by side when each gets MIN_PANEL_WIDTH, else two per
 * row, else one per row. The first row leaves room for the colour bar.
 */
function layoutPanels(count, width, height) {
  const columns = count === 1 || width / count >= MIN_PANEL_WIDTH ? count : width / 2 >= MIN_PANEL_WIDTH ? 2 : 1;
  const rows = Math.ceil(count / columns);
  const top = 26;
  const cellHeight = (height - top) / rows;
  return Array.from({ length: count }, (_, i) => {
    const column = i % columns;
    const row = Math.floor(i / columns);
    return {
      column,
      left: (column * width) / columns,
      right: ((column + 1) * width) / columns,
      top: top + row * cellHeight,
      bottom: top + (row + 1) * cellHeight,
    };
  });
}

function drawLines(ctx, { entry, box, x, y }, metric, hitLayer, anyHit) {
  const h = entry.run.history;
  const s = stride(h, box.w);
  const idx = [];
  for (let i = 0; i < h.length; i += s) idx.push(i);
  if (idx[idx.length - 1] !== h.length - 1) idx.push(h.length - 1);
  const xs = idx.map((i) => x(h[i].step));
  const layers = h[h.length - 1][metric].length;
  ctx.save();
  clip(ctx, box);
  ctx.lineJoin = 'round';
  for (let l = 0; l < layers; l++) {
    ctx.strokeStyle = layerColour(l, layers);
    ctx.lineWidth = hitLayer === l ? 3 : 1.5;
    ctx.globalAlpha = anyHit && hitLayer !== l ? 0.45 : 1;
    polyline(
      ctx,
      xs,
      idx.map((i) => y(log10(h[i][metric][l]))),
    );
  }
  ctx.restore();
}

/** "A: act=sigmoid, init=xavier" above a panel, with a bar in the configuration's colour. */
function panelTitle(ctx, { label, colour, description }, box) {
  ctx.save();
  ctx.font = `600 ${FONT}`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const yMid = box.top - TITLE_HEIGHT / 2 - 3;
  ctx.fillStyle = colour;
  ctx.fillRect(box.left, yMid - 5, 10, 10);
  ctx.fillStyle = INK;
  let text = `${label}: ${description}`;
  const room = box.w - 16;
  while (text.length > 4 && ctx.measureText(text).width > room) text = `${text.slice(0, -2)}…`;
  ctx.fillText(text, box.left + 15, yMid);
  ctx.restore();
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
  ctx.fillText(layerName(1, 0), left - 4, top - 2);
  ctx.textAlign = 'left';
  ctx.fillText(say('chart.tick.out', { layer: layers }), left + width + 3, top - 2);
  ctx.restore();
}
